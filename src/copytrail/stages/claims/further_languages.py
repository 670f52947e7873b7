"""Figures in Pashto, Kurdish (Sorani), Amharic, Somali and Burmese: their scale, percent and
currency words after a figure ("۲۵ میلیونه", "25 ሚሊዮን ብር", "25 milyan"), percent words
written first ("لە سەدا ٤٠", "boqolkiiba 40"), the hedges before a figure and those after it
("له ۳۰۰ څخه زیات", more than 300; "ከ300 በላይ"; "၃၀၀ ကျော်").  Amharic writes a preposition
against the figure ("ከ300", from 300; "በ2024", in 2024): a letter of its script before the
digits leaves them a figure (``glues_before``).  Pure data; :mod:`.numbers`,
:mod:`.other_languages` and :mod:`.extraction` merge it.
"""

from __future__ import annotations

from copytrail.stages.claims.south_asian import hedge_after_pattern

SCALES = {
    "زره": 1e3, "میلیونه": 1e6, "ملیونه": 1e6, "میلیارده": 1e9, "ملیارده": 1e9,  # Pashto
    "هەزار": 1e3, "ملیۆن": 1e6, "ملیار": 1e9,  # Sorani
    "ሺህ": 1e3, "ሺ": 1e3, "ሚሊዮን": 1e6, "ቢሊዮን": 1e9,  # Amharic
    "kun": 1e3, "milyan": 1e6, "bilyan": 1e9,  # Somali
}  # fmt: skip
PERCENT = frozenset({"سلنه", "فیصده", "በመቶ", "ရာခိုင်နှုန်း"})
PERCENT_BEFORE = ("لە سەدا ", "لەسەدا ", "boqolkiiba ", "Boqolkiiba ")
CURRENCIES = {
    "افغانۍ": "afghanis", "افغانی": "afghanis", "ډالره": "dollars", "دینار": "dinars", "ብር": "birr",
    "shilin": "shillings", "doollar": "dollars", "ကျပ်": "kyat",
}  # fmt: skip
HEDGES_BEFORE = {
    "شاوخوا": "approx", "نږدې": "approx", "لږ تر لږه": "lower", "نزیکەی": "approx", "زیاتر لە": "lower",
    "کەمتر لە": "upper", "لانیکەم": "lower", "ወደ": "approx", "በግምት": "approx", "ቢያንስ": "lower",
    "qiyaastii": "approx", "ku dhawaad": "approx", "in ka badan": "lower", "ugu yaraan": "lower", "in ka yar": "upper",
}  # fmt: skip
HEDGES_AFTER = {
    "زیات": "lower", "ډیر": "lower", "ډېر": "lower", "زیاتو": "lower", "لږ": "upper",
    "በላይ": "lower", "በታች": "upper", "ခန့်": "approx", "ကျော်": "lower",
}  # fmt: skip
_THAN: dict[tuple[str, ...], str] = {
    ("زیات", "ډیر", "ډېر", "زیاتو", "لږ"): r"\s+(?:څخه|نه)\s+",
    ("በላይ", "በታች"): r"\s+",
    ("ခန့်", "ကျော်"): r"\s+",
}
HEDGE_AFTER_PATTERN = hedge_after_pattern(_THAN, r"(?![\p{L}\p{M}])")


def glues_before(ch: str) -> bool:
    """Whether a letter right before a figure is a preposition written against it (Ethiopic)."""
    return "\u1200" <= ch <= "\u137f"
