"""The extractor's shortcuts give the full patterns' matches: a sentence's noise pattern leaves
out only alternatives that cannot match in it, and the date forms are tried only where a year
or a month name next to a digit stands."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from copytrail.stages.claims.extraction import _noise_spans
from copytrail.stages.claims.patterns import (
    DATE_RE,
    NOISE_RE,
    YEAR_DATE_RE,
    date_matches,
    noise_pattern,
)

# Pieces that each alternative of the noise and date patterns reads (and near misses of them).
FRAGMENTS = [
    "http://example.com/a1", "www.example.org", "mail me@example.net today", "site.co.uk/x",
    "ISBN 978-3-16-148410-0", "isbn: 0306406152", "(020) 7946 0000", "+44 20 7946 0000",
    "+1 555", "555-123-4567", "0800 028 9276", "0870", "10.500", "tel: 020 7946", "Call 555 0100",
    "fax", "10:30 a.m.", "10.30pm", "7 p.m.", "5pm", "12:45:10", "3-1 win", "2-2,", "1-0.",
    "A380", "B2B", "3G", "24x7", "12abc34", "K9", "ſ5", "Kelvin K12", "1987", "1990s", "mid-1990s",
    "2004-05-12", "March 5, 1987", "5th of May", "May 2000", "may 5", "Sept. 12", "12 Dec",
    "3 марта 1999 г.", "в 1998 году", "30,000", "$5.2 mln", "7%", "per cent", "the market",
    "decline", "tender", "2,000 people", "about 1850", "Jan", "1/2", "0.5", "--", "...", "@", "(",
    "COVID-19", "F-16", "mid-2020", "1-2", "123.456.7890", "12-345", "x-1.5",
]
SEPARATORS = [" ", ", ", "; ", " - ", "\u00a0", "  ", "/", "-", "."]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + s for p, s in zip(pieces, seps, strict=True)).strip()


@settings(max_examples=600, deadline=None)
@given(sentences())
def test_a_sentencenoise_pattern_finds_the_full_patterns_spans(sentence: str) -> None:
    assert _noise_spans(sentence) == [(m.start(), m.end()) for m in NOISE_RE.finditer(sentence)]


@settings(max_examples=600, deadline=None)
@given(sentences())
def test_dates_are_the_full_date_patterns_matches(sentence: str) -> None:
    found = [(m.span(), m.lastgroup) for m in date_matches(sentence)]
    assert found == [(m.span(), m.lastgroup) for m in DATE_RE.finditer(sentence)]


def test_the_shortcuts_are_taken_on_ordinary_sentences() -> None:
    """A sentence without links, codes or times is read by a shorter pattern (the point of it),
    and one without a month name by the year forms alone."""
    assert noise_pattern("Sales rose 12 pct to 30,000 tonnes") is not NOISE_RE
    assert noise_pattern("Sales rose 12 pct to 30,000 tonnes").pattern.count("|") < NOISE_RE.pattern.count("|")
    assert next(date_matches("Profit rose in 1987")).re is YEAR_DATE_RE
    assert next(date_matches("Profit rose on March 5, 1987")).re is DATE_RE
