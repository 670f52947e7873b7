"""Figures as South Asian papers write them, in English and in their own languages: lakh and
crore digit grouping ("1,20,000"), "Rs." and "Tk" before a sum."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from copytrail.stages.claims import extract_claims, parse_number
from copytrail.stages.claims.extraction import sentence_spans


def _indian(n: int) -> str:
    """``n`` grouped as lakhs and crores: the last three digits, then pairs ("12,34,567")."""
    digits = str(n)
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    pairs = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *pairs, tail])


def _figures(text: str) -> list[tuple[str, float, str | None, str | None]]:
    return [(c.surface, c.value, c.unit, c.qualifier) for c in extract_claims(text)]


@given(st.integers(min_value=100_000, max_value=10**15))
def test_lakh_and_crore_grouping_reads_back_as_the_number(n: int) -> None:
    written = _indian(n)
    assert parse_number(written) == n
    (claim,) = extract_claims(f"The fund received {written} applications.")
    assert (claim.value, claim.surface, claim.unit) == (n, written, "applications")


def test_lakh_grouping_in_english_and_other_scripts() -> None:
    assert _figures("About 12,34,567 voters registered, and 2,50,000 families moved.") == [
        ("12,34,567", 1234567.0, "voters", "about"),
        ("2,50,000", 250000.0, "families", None),
    ]
    assert [c.value for c in extract_claims("राज्य में 2,50,000 परिवार प्रभावित हुए और ৩০,০০,০০০ টাকা খরচ হয়েছে।")] == [250000.0, 3000000.0]
    # Western grouping and decimals read as before
    assert _figures("It cost 1,234,567 dollars, or 2.5 per cent.") == [
        ("1,234,567", 1234567.0, "dollars", None),
        ("2.5 per cent", 2.5, "percent", None),
    ]


def test_rupees_and_taka_before_a_sum_and_the_sentence_goes_on() -> None:
    text = "He paid Rs. 500 for it. The bill was Rs 1,20,000 crore and Tk. 25 crore went to the fund. It rose 500 Rs. Then it fell."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "He paid Rs. 500 for it.",
        "The bill was Rs 1,20,000 crore and Tk. 25 crore went to the fund.",
        "It rose 500 Rs.",
        "Then it fell.",
    ]
    assert [(c.surface, c.value, c.unit) for c in extract_claims(text)] == [
        ("Rs. 500", 500.0, "rupees"),
        ("Rs 1,20,000 crore", 1.2e12, "rupees"),
        ("Tk. 25 crore", 2.5e8, "taka"),
        ("500", 500.0, None),
    ]
    # a word that merely ends in the letters is no currency
    assert [(c.surface, c.unit) for c in extract_claims("Mrs 5 and HRs 20 came.")] == [("5", None), ("20", None)]
