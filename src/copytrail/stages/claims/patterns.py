"""The two patterns of claims extraction that are tried on most sentences, dates and noise
(things that hold digits but are no claims), and the shortcuts that keep them cheap.

Each pattern is an alternation tried at every character, so its cost grows with its
alternatives.  An alternative that cannot match anywhere in a sentence (it needs a character or
word the sentence lacks) changes no match, so a sentence is read by the alternation of those it
may hold: the same matches, checked by tests against the full patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from copytrail.stages.ingest.calendars import solar_month_spellings
from copytrail.stages.ingest.month_names import DIGIT_AND_LETTER_FOLD, month_names, thai_month_names

EN_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
RU_MONTH = r"(?:январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь])"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
THAI_MONTH = "(?:" + "|".join(map(re.escape, thai_month_names())) + ")"
_MONTH_PARTS = (
    rf"(?P<mdy>\b(?P<m1>{EN_MONTH})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y1>{YEAR}))?\b)",
    rf"(?P<dmy>\b(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{EN_MONTH}|{RU_MONTH})(?:,?\s+(?P<y2>{YEAR})(?:\s+г(?:ода|\.)?)?)?\b)",
    rf"(?P<my>\b(?P<m3>{EN_MONTH})\s+(?P<y3>{YEAR})\b)",
    # Chinese, Japanese and Korean: "2020 年 3 月 22 日", "2025년 3월 4일", "3月22日", "3 月中旬" (a month: no quantity of
    # "月"; "3个月", three months, has its classifier between)
    rf"(?P<cjk>(?<!\d)(?:(?P<y6>{YEAR})\s*[年년]\s*)?(?P<m6>1[0-2]|0?[1-9])\s*[月월](?:\s*(?P<d6>3[01]|[12]\d|0?[1-9])\s*[日号일])?)",
    # Vietnamese numbers its months: "31 tháng 12 năm 2024" (day 31, month 12, year 2024), "tháng 3 năm 2025"
    rf"(?P<vi>(?<![\d.,])(?:(?P<d9>3[01]|[12]\d|0?[1-9])\s+)?tháng\s+(?P<m9>1[0-2]|0?[1-9])(?![\d.,]\d)"
    rf"(?:\s*,?\s*năm\s+(?P<y9>{YEAR}))?)",
    # Thai: a day before a Thai month, its year in the Buddhist era or Gregorian ("14 พฤษภาคม 2567")
    rf"(?P<th>(?<![\d.,])(?P<d12>3[01]|[12]\d|0?[1-9])\s*(?P<m12>{THAI_MONTH})(?:\s*(?:พ\.\s?ศ\.|ค\.\s?ศ\.)?\s*(?P<y12>\d{{4}})(?!\d))?)",
)
_YEAR_PARTS = (
    rf"(?P<iso>\b(?P<y4>{YEAR})-(?P<m4>[01]\d)-(?P<d4>[0-3]\d)\b)",
    # Chinese, Japanese and Korean: a year and 年 with no month after it ("2026年度", "2025년")
    rf"(?P<cjkyear>(?<![\d.,])(?P<y10>{YEAR})\s*[年년](?!\s*(?:1[0-2]|0?[1-9])\s*[月월]))",
    # (a case ending of a South Asian script may stand against the year: "2024న", in 2024)
    rf"(?P<year>(?<![\d.,$£€¥#/'’])(?<!\d-)\b(?P<y5>{YEAR})(?:'?s)?(?:\b|(?=[\u0900-\u0dff]))(?![.,]\d|[-/]\d|\s?%|\s?(?:per\s?cent|percent)))",
)
_DATE_PARTS = _MONTH_PARTS + _YEAR_PARTS
# Standard ``re``: same matches as ``regex`` here (checked on 100k Reuters/BBC sentences), faster.
DATE_RE = re.compile("|".join(_DATE_PARTS), re.IGNORECASE)
# Without a month name next to a digit only the year and ISO forms can match: their alternation
# alone finds the same dates at a fraction of the cost.
YEAR_DATE_RE = re.compile("|".join(_YEAR_PARTS), re.IGNORECASE)
_YEAR_RE = re.compile(YEAR)
# What each of the month forms holds: a month name before a digit, or a digit before one.
_MONTH_DATE_RE = re.compile(
    rf"\b{EN_MONTH}\s+\d|\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{EN_MONTH}|{RU_MONTH})|\d\s*[月월]|tháng\s+\d|\d\s*{THAI_MONTH}", re.IGNORECASE
)


@lru_cache(maxsize=1)
def _other_month_re() -> re.Pattern[str]:
    """A Solar Hijri date with its year, or a day before a Gregorian month named in another
    language ("3 de marzo de 2025", "۳ مارس", "4 اپریل", "12. März"), with its year when one
    follows, or after it and its year ("2024. május 14."); matched on the sentence folded one character for one
    (``month_names.DIGIT_AND_LETTER_FOLD``), so its offsets are the text's.  Russian is read by
    ``DATE_RE`` already."""
    names = "|".join(re.escape(name) for name in month_names())
    # year first only with names of three characters or more: Marathi and Gujarati "मे", "મે" (May)
    # are also a careless "in" and "I" ("2023 मे 15 प्रतिशत", in 2023, 15 per cent)
    long_names = "|".join(re.escape(name) for name in month_names() if len(name) >= 3)
    solar = "|".join(re.escape(name) for name in sorted(_solar_names(), key=len, reverse=True))
    return re.compile(
        # a Solar Hijri day, month and year ("۱۴ اسفند ۱۴۰۳"): its Gregorian day is exact; with no
        # year it is not, and stays unread here
        rf"(?<![\w.,])(?P<d8>3[01]|[12]\d|0?[1-9])\s+(?P<m8>{solar})\s+(?:ماه\s+)?(?P<y8>1[2-4]\d\d)(?!\d)"
        rf"(?:\s*(?:ه\.?\s?ش\.?|هجري\s?شمسي|شمسي|خورشيدي)(?!\w))?"
        rf"|(?<![\w.,])(?P<d7>3[01]|[12]\d|0?[1-9])(?:\.|º|er)?\s+(?:de\s+|du\s+|of\s+|ga\s+|d['’])?(?P<m7>{names})(?!\w)"
        rf"(?:,?\s+(?:de\s+|del\s+)?(?P<y7>{YEAR})(?!\d)(?:\s*(?:года|року|г\.|р\.))?)?"
        # the year first, as Hungarian and Lithuanian write it ("2024. május 14-én", "2024 m.
        # gegužės 14 d."): the day's case ending or "d." (day) read with it
        rf"|(?<![\w.,])(?P<y11>{YEAR})\.?\s+(?:m\.\s+|թվականի\s+|թ\.\s+)?(?P<m11>{long_names})\s+(?P<d11>3[01]|[12]\d|0?[1-9])(?!\d)"
        rf"(?:\.|-\w+|\s+d\.)?"
        # ... or the year, its word, then the day and the month (Latvian "2024. gada 15. jūlijā",
        # Kazakh "2024 жылғы 15 шілдеде")
        rf"|(?<![\w.,])(?P<y15>{YEAR})\.?\s+(?:gada|жылғы|жылы|ж\.)\s+(?P<d15>3[01]|[12]\d|0?[1-9])\.?\s+(?P<m15>{long_names})(?!\w)",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _solar_names() -> dict[str, int]:
    """The Solar Hijri months' Arabic-script names folded as a sentence is (``other_month_matches``)."""
    return {name.translate(DIGIT_AND_LETTER_FOLD): number for name, number in solar_month_spellings().items()}


def solar_month(name: str) -> int | None:
    """The number of a Solar Hijri month as ``_other_month_re`` matched it (folded)."""
    return _solar_names().get(name)


# The word after a number: a day before a month name needs that word to be one (a set lookup
# per number, where the pattern of 249 names would be tried at every digit).
_WORD_AFTER_NUMBER_RE = re.compile(r"\d\.?\s+(?:(?:de|du|of|ga|m\.|թվականի|թ\.)\s+|d['’])?([\w\u0900-\u0dff]+)", re.IGNORECASE)  # vowel signs too


@lru_cache(maxsize=1)
def _month_heads() -> frozenset[str]:
    """The first word of every name in ``month_names`` (two-word Levantine names included)."""
    return frozenset(name.split()[0] for name in month_names()) | frozenset(_solar_names())


def other_month_matches(sentence: str) -> list[re.Match[str]]:
    """Dates of ``_other_month_re`` in ``sentence`` (on its folded copy: same offsets)."""
    folded = sentence if sentence.isascii() else sentence.translate(DIGIT_AND_LETTER_FOLD)
    heads = _month_heads()
    if not any(m.group(1).casefold() in heads for m in _WORD_AFTER_NUMBER_RE.finditer(folded)):
        return []
    return list(_other_month_re().finditer(folded))


# Any of the twelve month heads in a lower-cased sentence, in one pass (a loop over the heads
# lower-cased the sentence twelve times).
_MONTH_HEAD_RE = re.compile("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")


def date_matches(sentence: str) -> Iterator[re.Match[str]]:
    """``DATE_RE``'s matches in the sentence: every date holds a year, or a month name next to
    a digit; a sentence with neither has none, one with a year only is read by the year forms."""
    month = (not sentence.isascii() or _MONTH_HEAD_RE.search(sentence.lower()) is not None) and (
        _MONTH_DATE_RE.search(sentence) is not None
    )
    if month:
        return DATE_RE.finditer(sentence)
    if _YEAR_RE.search(sentence):
        return YEAR_DATE_RE.finditer(sentence)
    return iter(())


# Things that contain digits but are not claims: links, addresses, phone numbers, ISBNs, times.
# One alternative each; the noise pattern of a sentence is the alternation of those it may hold.
_NOISE_PARTS = (
    r"(?:https?://|www\.)\S+",
    r"\b[\w.+-]+@[\w-]+\.[\w.-]+",
    r"\b[\w-]+\.(?:com|org|net|gov|edu|co\.uk|ru|io|info)\b\S*",
    r"\bISBN(?:-1[03])?:?\s*[\d Xx-]{10,17}",
    r"(?<!\w)(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)\d{2,4}(?:[\s.-]\d{2,4}){1,3}(?!\w)",
    r"(?<!\w)\+\d{1,3}(?:[\s.-]\d{1,5}){2,5}(?!\w)",
    r"(?<![\w,.])\d{3,5}[.-]\d{3,4}[.-]\d{3,4}(?![\w,])",
    r"(?<![\d.,])(?<!\d[ \u00a0\u202f])0\d{2,}(?:[ -]\d{1,4})*(?![\d.,]\d)",  # "0800 028 9276", "0870": a leading zero is a code, not an amount
    r"(?:tel|phone|fax|call)\.?:?\s*[\d\s()+.-]{7,}",
    r"\b\d{1,2}[:.]\d{2}\s?(?:[ap]\.?m\.?)\b|\b\d{1,2}:\d{2}(?::\d{2})?\b",
    r"\b\d{1,2}\s?[ap]\.?m\.?(?!\w)",
    r"\b\d+-\d+\b(?=\s+(?:win|victory|defeat|draw|lead|loss|scoreline)|\s*$|\s*[,.;])",
    r"\b[A-Za-z]+\d+[A-Za-z\d]*\b|\b\d+[A-Za-z]*[A-Za-z]\d+\w*\b",
    # A number joined to a name by a hyphen is part of the name, in any script: COVID-19,
    # SARS-CoV-2, F-16, G-20, کووید-19.  Not a prefix before a year or a count (mid-2020,
    # pre-1990, under-18s, top-10; Hebrew's one-letter prefixes, "כ-250", about 250, "ב-2020",
    # in 2020), a month (Jan-2025), or a number or scale word (a one-for-50 split, "1
    # million-2 million").
    r"(?<![\w-])(?!(?:mid|pre|post|early|late|end|over|under|top|non|ex|aged?|circa|since|[ובהכלמש]{1,3}|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|"
    r"august|september|october|november|december|"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:-for|-to|-in)?|"
    r"hundred|thousand|million|billion|trillion|mln|bln|bn|pct|percent|cent|cents|per)-)"
    r"[^\W\d_]{1,15}(?:-[^\W\d_]{1,15})*-\d+(?:\.\d+)?(?![\w%])",
)
NOISE_RE = re.compile("|".join(_NOISE_PARTS), re.IGNORECASE)  # standard ``re`` for speed, as DATE_RE
# What an alternative cannot match without, searched for only where cheaper tests pass:
_TLD_RE = re.compile(r"\.(?:com|org|net|gov|edu|co\.uk|ru|io|info)")  # a domain (lower-cased)
_DIGIT_GROUPS_RE = re.compile(r"\d{3}[.-]\d{3}")  # a number in three groups ("555-123-4567")
_SCORE_RE = re.compile(r"\d-\d")  # a score ("3-1 win")
_NAME_NUMBER_RE = re.compile(r"[^\W\d_]-\d")  # a number joined to a name ("COVID-19")
_AM_PM_RE = re.compile(r"\d\s?[ap]\.?m", re.IGNORECASE)
_LETTER_DIGIT_RE = re.compile(r"[A-Za-z]\d", re.IGNORECASE)
_LEADING_ZERO_RE = re.compile(r"0\d\d")


def noise_pattern(sentence: str) -> re.Pattern[str]:
    """The noise pattern without the alternatives that cannot match anywhere in this (ASCII)
    sentence: each needs a character or word the sentence lacks.  Leaving out an alternative
    that never matches changes no match, so the spans are the full pattern's, at a fraction of
    its cost (the full alternation is tried at every character)."""
    if not sentence.isascii():
        return NOISE_RE  # case-insensitive matching may meet other letters than ASCII's
    low = sentence.lower()
    hyphen = "-" in sentence
    ampm = "m" in low and _AM_PM_RE.search(sentence) is not None
    needed = (
        "http" in low or "www." in low,
        "@" in sentence,
        "." in low and _TLD_RE.search(low) is not None,
        "isbn" in low,
        "(" in sentence,
        "+" in sentence,
        sentence.count(".") + sentence.count("-") >= 2 and _DIGIT_GROUPS_RE.search(sentence) is not None,
        _LEADING_ZERO_RE.search(sentence) is not None,
        "tel" in low or "phone" in low or "fax" in low or "call" in low,
        ":" in sentence or ampm,
        ampm,
        hyphen and _SCORE_RE.search(sentence) is not None,
        _LETTER_DIGIT_RE.search(sentence) is not None,
        hyphen and _NAME_NUMBER_RE.search(sentence) is not None,
    )
    return _noise_subpattern(needed)


# Matches nothing: the noise pattern of a sentence that can hold no noise (most sentences),
# whose spans the caller need not look for.
NO_NOISE = re.compile("(?!)")


@lru_cache(maxsize=16384)  # at most one per subset of the 14 alternatives
def _noise_subpattern(needed: tuple[bool, ...]) -> re.Pattern[str]:
    parts = [part for part, keep in zip(_NOISE_PARTS, needed, strict=True) if keep]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else NO_NOISE
