"""Claims extraction in hard-wrapped text: a single line break inside a figure ("40\\nbillion
dlrs", "more than\\n40") reads as the space it stands for, with offsets into the stored text;
a blank line and a new headline still separate."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copytrail.stages.claims import extract_claims, parse_number
from copytrail.stages.claims.sentences import sentence_spans

BREAKS = ["\n", "\r\n", " \n", "\n    ", " \r\n  ", "\t\n"]
DIGITS = {"ascii": "0123456789", "arabic-indic": "٠١٢٣٤٥٦٧٨٩", "devanagari": "०१२३४५६७८९"}
# (text after the break, value multiplier, unit): the units the extractor reads in each script.
TAILS = [
    ("billion dlrs in 1986.", 1e9, "dollars"),
    ("mln stg last year.", 1e6, "pounds"),
    ("per cent in March.", 1, "percent"),
    ("pct from a year earlier.", 1, "percent"),
    ("% on the year.", 1, "percent"),
    ("million people were displaced.", 1e6, "people"),
    ("млн рублей в прошлом году.", 1e6, "roubles"),
    ("тысяч человек.", 1e3, "человек"),
    ("workers lost their jobs.", 1, "workers"),
]
QUALIFIERS = ["more than", "about", "nearly", "up to", "около", "более"]


def _collapsed(surface: str) -> str:
    return re.sub(r"[^\S\n]*\n[^\S\n]*", " ", surface)


def _only(text: str) -> object:
    found = [c for c in extract_claims(text) if c.kind == "quantity"]
    assert len(found) == 1, [(c.surface, c.unit) for c in found]
    return found[0]


@settings(max_examples=150, deadline=None)
@given(
    whole=st.integers(min_value=1, max_value=999),
    decimal=st.sampled_from(["", ".2", ".75"]),
    script=st.sampled_from(sorted(DIGITS)),
    tail=st.sampled_from(TAILS),
    qualifier=st.sampled_from([None, *QUALIFIERS]),
    break_after_qualifier=st.booleans(),
    line_break=st.sampled_from(BREAKS),
)
def test_a_line_break_inside_a_figure_reads_as_a_space(
    whole: int, decimal: str, script: str, tail: tuple[str, float, str],
    qualifier: str | None, break_after_qualifier: bool, line_break: str,
) -> None:
    digits = str(whole).translate(str.maketrans("0123456789", DIGITS[script])) + decimal
    words, multiplier, unit = tail
    hedge = f"{qualifier}{line_break if break_after_qualifier else ' '}" if qualifier else ""
    wrapped = f"The figure stood at {hedge}{digits}{line_break}{words}"
    one_line = _collapsed(wrapped)
    flat, wrap = _only(one_line), _only(wrapped)
    assert wrap.value == flat.value == pytest.approx(float(str(whole) + decimal) * multiplier)
    assert (wrap.unit, wrap.qualifier) == (flat.unit, flat.qualifier) == (unit, qualifier)
    # Offsets index the stored text: the surface keeps its real line break.
    assert wrap.surface == wrapped[wrap.value_start : wrap.value_end]
    assert _collapsed(wrap.surface) == flat.surface
    assert _collapsed(wrapped[wrap.start : wrap.end]) == one_line[flat.start : flat.end]
    assert wrapped[wrap.sentence_start : wrap.sentence_end] == wrap.sentence
    assert wrap.sentence_start == 0 and wrap.sentence_end == len(wrapped)


@pytest.mark.parametrize("paragraph", ["\n\n", "\r\n\r\n", "\n   \n", " \n\n    "])
def test_a_blank_line_still_separates_a_figure_from_the_next_paragraph(paragraph: str) -> None:
    text = f"Exports rose by 40{paragraph}billion dlrs were spent on imports."
    claim = _only(text)
    assert (claim.value, claim.unit, claim.surface) == (40.0, None, "40")
    assert text[claim.sentence_start : claim.sentence_end] == "Exports rose by 40"
    qualified = _only(f"Officials counted more than{paragraph}40 people.")
    assert qualified.qualifier is None


@pytest.mark.parametrize("line_break", BREAKS)
@pytest.mark.parametrize(
    "headline",
    ["Markets rally as Asia opens", "People flee the city", "Yen weakens against dollar", "B.C. votes today", "Ministers meet"],
)
def test_a_new_headline_after_a_figure_gives_it_no_unit(line_break: str, headline: str) -> None:
    text = f"The index closed at 40{line_break}{headline}"
    claim = _only(text)
    assert (claim.value, claim.unit, claim.end) == (40.0, None, text.index("40") + 2)
    assert text[claim.sentence_start : claim.sentence_end] == "The index closed at 40"


@pytest.mark.parametrize("line_break", BREAKS)
@pytest.mark.parametrize("tail", ["PCT on the year.", "Per cent on the year.", "BILLION DLRS were set aside.", "Mln stg was set aside."])
def test_a_capitalised_multiplier_or_unit_joins_as_on_one_line(line_break: str, tail: str) -> None:
    wrapped = f"It said 2.5{line_break}{tail}"
    claim, flat = _only(wrapped), _only(_collapsed(wrapped))
    assert (claim.value, claim.unit) == (flat.value, flat.unit)
    assert claim.sentence == wrapped


def test_hard_wrapped_wire_copy_reads_like_the_same_copy_on_one_line() -> None:
    wrapped = (
        "Sales should exceed 1.4\nbillion dlrs, up from 1.27 billion dlrs.\n"
        "    It posted a deficit of 1.2\r\nmln stg, and some\n40 pct of staff left.\n"
        "The total for the season was 5.93\nmln bags against 5.81 mln.\n"
    )
    one_line = _collapsed(wrapped.replace("\n    ", "\n"))
    got = [(c.value, c.unit, c.qualifier) for c in extract_claims(wrapped)]
    assert got == [(c.value, c.unit, c.qualifier) for c in extract_claims(one_line)]
    assert (1.4e9, "dollars", None) in got and (1.2e6, "pounds", None) in got and (40.0, "percent", "some") in got
    for claim in extract_claims(wrapped):
        assert wrapped[claim.value_start : claim.value_end] == claim.surface
    # Each sentence spans its wrapped lines; the sentences stay apart.
    sentences = [wrapped[a:b] for a, b in sentence_spans(wrapped)]
    assert [s.split()[0] for s in sentences] == ["Sales", "It", "The"]
    assert sentences[1] == "It posted a deficit of 1.2\r\nmln stg, and some\n40 pct of staff left."
    other = "Trade talks ended on day 12\nin Geneva.\nPrices rose 3\nPeople queued."
    assert [other[a:b] for a, b in sentence_spans(other)] == ["Trade talks ended on day 12\nin Geneva.", "Prices rose 3", "People queued."]


@given(st.text(alphabet=st.sampled_from(list("40 .\n\r\tabcBILLIONmlnpct%около$")), max_size=60))
@settings(max_examples=300, deadline=None)
def test_offsets_index_the_stored_text_whatever_the_line_breaks(text: str) -> None:
    for claim in extract_claims(text):
        assert 0 <= claim.sentence_start <= claim.start <= claim.value_start < claim.value_end <= claim.end <= claim.sentence_end <= len(text)
        assert text[claim.value_start : claim.value_end] == claim.surface
        assert text[claim.sentence_start : claim.sentence_end] == claim.sentence


@pytest.mark.parametrize("line_break", [" ", *BREAKS])
def test_and_joins_spelled_numbers_only_after_a_scale_word(line_break: str) -> None:
    """A wrapped "between four\\nand five pct" is two figures, as on one line; "two hundred and
    five" is one."""
    pair = [(c.value, c.unit) for c in extract_claims(f"Sales should grow between four{line_break}and five pct.")]
    assert pair == [(4.0, None), (5.0, "percent")]
    whole = [(c.value, c.unit) for c in extract_claims(f"It hired two hundred{line_break}and five people.")]
    assert whole == [(205.0, "people")]


@pytest.mark.parametrize("line_break", BREAKS)
def test_parse_number_reads_a_wrapped_surface_as_on_one_line(line_break: str) -> None:
    assert parse_number(f"1.2{line_break}mln") == parse_number("1.2 mln") == 1.2e6
    assert parse_number(f"40{line_break}per cent") == 40.0
    assert parse_number(f"thirty{line_break}thousand") == 30000.0


def test_a_comparison_word_after_a_figure_is_no_unit() -> None:
    """Wire results write "Revs 1.3 mln vs 1.2 mln": "vs" was the first figure's unit (the
    fourth most common unit of the Reuters stories); it names nothing counted."""
    assert [(c.phrase, c.unit) for c in extract_claims("Revs 1.3 mln vs 1.2 mln", "x")] == [("1.3 mln", None), ("1.2 mln", None)]
    assert [(c.phrase, c.unit) for c in extract_claims("Shr 35 cts vs 40 cts", "x")] == [("35 cts", "cts"), ("40 cts", "cts")]


def test_an_adjective_before_the_counted_noun_stays_in_the_unit() -> None:
    """ "1,000,000 common shares" counts shares: the unit ended at "common" before."""
    read = [(c.phrase, c.unit_key) for c in extract_claims("The company sold 1,000,000 common shares to 5 major banks.", "x")]
    assert read == [("1,000,000 common shares", "share"), ("5 major banks", "bank")]
