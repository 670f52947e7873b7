"""Figures as South Asian papers write them, in English and in their own languages: lakh and
crore digit grouping ("1,20,000"), "Rs." and "Tk" before a sum."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from copytrail.stages.claims import extract_claims, parse_number, qualifier_class
from copytrail.stages.claims.sentences import sentence_spans


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


# (sentence, [(value, unit, hedge class)]) in ten languages of South Asia and Filipino: scale,
# currency and percent words after the figure, hedges before it and after it (often glued to it
# as a case ending)
READ = [
    ("প্রায় ৩০,০০০ পরিবার ক্ষতিগ্রস্ত হয়েছে।", [(30000.0, "পরিবার", "approx")]),
    ("সরকার ২৫ কোটি টাকা বরাদ্দ করেছে।", [(2.5e8, "taka", "exact")]),
    ("৩০০-এর বেশি মানুষ আহত হয়েছেন, ৪০ শতাংশ বাড়ি ভেঙেছে।", [(300.0, "মানুষ", "lower"), (40.0, "percent", "exact")]),
    ("அரசு 25 கோடி ரூபாய் ஒதுக்கியுள்ளது.", [(2.5e8, "rupees", "exact")]),
    ("300க்கும் மேற்பட்ட மக்கள் காயமடைந்தனர்.", [(300.0, "மக்கள்", "lower")]),
    ("ప్రభుత్వం 25 కోట్ల రూపాయలు కేటాయించింది; 300కు పైగా మంది గాయపడ్డారు.", [(2.5e8, "rupees", "exact"), (300.0, "మంది", "lower")]),
    ("सुमारे ३०,००० कुटुंबे बाधित; ३००हून अधिक लोक जखमी; ४० टक्के", [(30000.0, "कुटुंबे", "approx"), (300.0, "लोक", "lower"), (40.0, "percent", "exact")]),
    ("સરકારે 25 કરોડ રૂપિયા ફાળવ્યા છે અને 300થી વધુ લોકો ઘાયલ થયા.", [(2.5e8, "rupees", "exact"), (300.0, "લોકો", "lower")]),
    ("ਘੱਟੋ-ਘੱਟ 12 ਲੋਕਾਂ ਦੀ ਮੌਤ ਹੋ ਗਈ ਅਤੇ 40 ਫ਼ੀਸਦੀ ਘਰ ਢਹਿ ਗਏ।", [(12.0, "ਲੋਕਾਂ", "lower"), (40.0, "percent", "exact")]),
    ("ಶೇ 40 ರಷ್ಟು ಜನರು ಲಸಿಕೆ ಪಡೆದಿದ್ದಾರೆ ಮತ್ತು 300ಕ್ಕೂ ಹೆಚ್ಚು ಜನರು ಗಾಯಗೊಂಡಿದ್ದಾರೆ.", [(40.0, "percent", "exact"), (300.0, "ಜನರು", "lower")]),
    ("സർക്കാർ 25 കോടി രൂപ അനുവദിച്ചു; 300ലധികം പേർക്ക് പരിക്കേറ്റു.", [(2.5e8, "rupees", "exact"), (300.0, "പേർക്ക്", "lower")]),
    ("करिब ३०,००० परिवार प्रभावित; ३०० भन्दा बढी मानिस घाइते", [(30000.0, "परिवार", "approx"), (300.0, "मानिस", "lower")]),
    ("Naglaan ang pamahalaan ng 25 milyong piso; mahigit 300 katao ang nasugatan.", [(2.5e7, "pesos", "exact"), (300.0, "katao", "lower")]),
]


def test_figures_of_south_asian_languages_and_filipino() -> None:
    for sentence, expected in READ:
        found = [(c.value, c.unit, qualifier_class(c.qualifier)) for c in extract_claims(sentence) if c.kind == "quantity"]
        assert found == expected, sentence


def test_dates_with_months_named_in_these_languages() -> None:
    dated = {
        "১৪ মে ২০২৪ তারিখে বৈঠক হয়।": "2024-05-14",
        "14 மே 2024 அன்று கூட்டம் நடந்தது.": "2024-05-14",
        "14 మే 2024న సమావేశం జరిగింది.": "2024-05-14",  # the year's case ending against it
        "१४ मे २०२४ रोजी बैठक झाली.": "2024-05-14",
        "14 ਮਈ 2024 ਨੂੰ ਮੀਟਿੰਗ ਹੋਈ।": "2024-05-14",
        "2024 മേയ് 14ന് യോഗം ചേർന്നു.": "2024-05-14",  # Malayalam writes the year first
        "৩ জানুয়ারি ২০২৫ তারিখে": "2025-01-03",
        "Mkutano ulifanyika tarehe 14 Mei 2024.": "2024-05-14",
        "Pada 14 Mei 2024 rapat diadakan.": "2024-05-14",
    }
    for sentence, day in dated.items():
        assert [c.value for c in extract_claims(sentence) if c.kind == "date"] == [day], sentence
    # a careless Hindi "मे" (in) between a year and a figure is no month
    claims = extract_claims("वर्ष 2023 मे 15 प्रतिशत की वृद्धि हुई।")
    assert [(c.kind, c.value) for c in claims] == [("date", "2023"), ("quantity", 15.0)]


def test_a_nukta_letter_typed_as_one_character_or_two() -> None:
    for text in ("প্রায় ৩০০ জন", "প্রা\u09df ৩০০ জন"):  # য় as য + nukta, and as one character
        (claim,) = extract_claims(text)
        assert qualifier_class(claim.qualifier) == "approx"
    for text in ("२५ करो\u0921\u093c रुपये", "२५ करो\u095c रुपये"):
        (claim,) = extract_claims(text)
        assert (claim.value, claim.unit) == (2.5e8, "rupees")
    for text in ("৩ জানু\u09af\u09bcারি ২০২৫", "৩ জানু\u09dfারি ২০২৫"):
        assert [c.value for c in extract_claims(text)] == ["2025-01-03"]


def test_every_hedge_written_after_a_figure_has_its_class() -> None:
    from copytrail.stages.claims import eastern_languages, further_languages, south_asian

    for module in (south_asian, eastern_languages, further_languages):
        assert {word for words in module._THAN for word in words} <= set(module.HEDGES_AFTER), module.__name__


# words of the languages read since, with digits of their scripts, hyphens and line breaks
_PIECES = [
    "৩০০", "300", "২৫", "-এর", "বেশি", "কোটি", "টাকা", "প্রায়", "ক্কும்", "க்கும்", "மேற்பட்ட", "ലധികം", "ഓളം", "ൽ",
    "അധികം", "థી", "થી", "વધુ", "ಶೇ", "ಶೇ.", "ಕ್ಕೂ", "ಹೆಚ್ಚು", "कोटी", "हून", "अधिक", "मे", "मई", "२०२४", "2024", "১৪",
    "মে", "ምሊዮን", "ከ", "በላይ", "ሚሊዮን", "milioni", "watu", "zaidi", "ya", "asilimia", "wasiopungua", "takriban",
    "1,20,000", "12,34,5", "Rs.", "Tk", "₨", "gada", "15.", "jūlijā", "2024.", "-ზე", "მეტი", "-ден", "астам",
    "oko", "odsto", "на сто", "për qind", "لە سەدا", "٤٠ی", "شاوخوا", "څخه", "زیات", "ခန့်", "ကျော်", "\u200c",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=14), st.lists(st.sampled_from([" ", "", "\n", ", ", ". "]), min_size=14, max_size=14))
@settings(max_examples=400, deadline=None)
def test_offsets_hold_in_these_languages_whatever_the_order(pieces: list[str], gaps: list[str]) -> None:
    text = "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=False))
    for claim in extract_claims(text):
        assert 0 <= claim.sentence_start <= claim.start <= claim.value_start < claim.value_end <= claim.end <= claim.sentence_end <= len(text)
        assert text[claim.value_start : claim.value_end] == claim.surface
        assert text[claim.sentence_start : claim.sentence_end] == claim.sentence
