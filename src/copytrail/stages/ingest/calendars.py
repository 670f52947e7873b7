"""Dates an input writes in another calendar than the Gregorian, read only where the evidence
says which calendar it is.

Solar Hijri (the official calendar of Iran and Afghanistan) is arithmetic, so its day is
converted exactly: a date whose month is named (فروردین … اسفند, or the Dari حمل … حوت) is
Solar Hijri by that name alone; a date of numbers only ("1404/01/15") is Solar Hijri when its
input says so (a ``calendar`` field: jalali, persian, shamsi, solar hijri …) or when its
document is in Persian (its stated language, else the one read from its text), where that is
how dates are written.  A date of numbers alone read as Solar Hijri is refused when the
reading would fall after today: such a year is lunar Hijri (1446, the lunar year of 2025, is
2067 as Solar Hijri), as a Dari text may well write it.
The conversion is persiantools' (pure Python, no dependencies); years 1200 to 1499 (1821 to
2121) are read, where the arithmetic and the astronomical calendar agree.

Lunar Hijri (months محرم … ذو الحجة, or a هـ / ه.ق / AH marker) is never converted: its day
depends on the sighting of the new moon (the Umm al-Qura tables and local sightings differ by
a day or two), and a stored date is one day, with no room for "give or take a day".  Such a
date is recognised only to say so in the note of a document left undated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

__all__ = [
    "GREGORIAN", "LUNAR_HIJRI", "SOLAR_HIJRI", "CalendarReading", "declared_calendar",
    "numbers_calendar", "read_calendar_date", "solar_day", "solar_month_spellings",
]  # fmt: skip

SOLAR_HIJRI = "Solar Hijri"
LUNAR_HIJRI = "lunar Hijri"
GREGORIAN = "Gregorian"
FIRST_YEAR, LAST_YEAR = 1200, 1499  # Solar Hijri years read (21 March 1821 to 20 March 2121)


@dataclass(frozen=True, slots=True)
class CalendarReading:
    """A stated date of another calendar: its Gregorian ``moment`` (a day, or a time when one
    is given: aware when a zone is given) where it converts exactly, else None and the
    ``problem`` in words (a lunar date, a day that does not exist)."""

    calendar: str
    moment: date | datetime | None
    problem: str | None = None


# ----------------------------------------------------------------------- folding

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# Arabic and Persian letter forms unified, so that one spelling of a month's name matches
# every way it is typed: yeh, kaf, alef with hamza or madda, teh marbuta, alef maksura.
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ۀ": "ه"})
# half-spaces and joiners, tatweel, bidi marks: none changes what a date says
_INVISIBLE = re.compile("[\u0640\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _fold(text: str) -> str:
    """``text`` as the patterns read it: ASCII digits, one form per letter, no invisible
    characters, single spaces, lower case."""
    folded = _INVISIBLE.sub("", text.translate(_DIGITS).translate(_LETTERS))
    return " ".join(folded.replace("،", ",").replace("؍", "/").split()).lower()


def _names(*spellings: str) -> str:
    """An alternation of month spellings; a space in one matches none or any."""
    return "|".join(re.escape(_fold(s)).replace(r"\ ", r"\s?") for s in sorted(spellings, key=len, reverse=True))


# The twelve Solar Hijri months: Iranian names, Dari (Afghan) names, Latin transliterations,
# Pashto names ("۲۵ چنګاښ ۱۴۰۳").
_SOLAR_MONTHS: tuple[tuple[str, ...], ...] = (
    ("فروردین", "حمل", "farvardin", "farwardin", "وری"),
    ("اردیبهشت", "ثور", "ordibehesht", "ordibehest", "غویی"),
    ("خرداد", "جوزا", "جوزاء", "khordad", "khurdad", "غبرګولی"),
    ("تیر", "سرطان", "tir", "چنګاښ"),
    ("مرداد", "امرداد", "اسد", "mordad", "amordad", "amurdad", "زمری"),
    ("شهریور", "سنبله", "shahrivar", "shahrewar", "وږی"),
    ("مهر", "میزان", "mehr", "mihr", "تله"),
    ("آبان", "عقرب", "aban", "لړم"),
    ("آذر", "قوس", "azar", "adhar", "لیندۍ"),
    ("دی", "جدی", "dey", "dei", "مرغومی"),
    ("بهمن", "دلو", "bahman", "سلواغه"),
    ("اسفند", "حوت", "esfand", "espand", "isfand", "کب"),
)
_SOLAR_MONTH_OF = {_fold(name): number for number, names in enumerate(_SOLAR_MONTHS, start=1) for name in names}
_SOLAR_MONTH = _names(*_SOLAR_MONTH_OF)
_LUNAR_MONTH = _names(
    "محرم", "صفر", "ربیع الاول", "ربیع الثانی", "ربیع الاخر", "ربیع الاخره", "جمادی الاولی", "جمادی الاول",
    "جمادی الثانیه", "جمادی الثانی", "جمادی الاخره", "جمادی الاخر", "رجب", "شعبان", "رمضان", "شوال",
    "ذو القعده", "ذی القعده", "ذیقعده", "ذو الحجه", "ذی الحجه", "ذیحجه",
    "muharram", "moharram", "safar", "rabi al-awwal", "rabi al-thani", "rabi al-akhir", "rabi ul-awwal",
    "rabi us-sani", "jumada al-awwal", "jumada al-ula", "jumada al-thani", "jumada al-akhirah",
    "rajab", "shaban", "sha'ban", "ramadan", "ramazan", "shawwal", "dhu al-qadah", "dhu al-qa'dah",
    "dhul qadah", "dhu al-hijjah", "dhul hijjah",
)  # fmt: skip
_WEEKDAY = _names(
    "شنبه", "یکشنبه", "یک شنبه", "دوشنبه", "سه شنبه", "چهارشنبه", "پنجشنبه", "پنج شنبه", "جمعه", "ادینه",
    "saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
)  # fmt: skip
_SOLAR_MARK = r"ه\.?\s?ش\.?|هجری\s?شمسی|هجری\s?خورشیدی|شمسی|خورشیدی|sh|ap"
_LUNAR_MARK = r"ه\.?\s?ق\.?|هجری\s?قمری|هجری|قمری|ه\.?|ah"
_TIME = (  # each space belongs to the separator after it: one way to match, no backtracking storm
    r"(?:\s?(?:,|-|–|\||t|ساعت|at))*\s?"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s?(?P<zone>z|utc|gmt|[+-]\d{2}:?\d{2})?"
)
_TAIL = rf"\s?(?:(?P<solar>{_SOLAR_MARK})|(?P<lunar>{_LUNAR_MARK}))?\s?(?:{_TIME})?"
_NUMERIC = re.compile(rf"(?P<year>\d{{4}})\s?([/.-])\s?(?P<month>\d{{1,2}})\s?\2\s?(?P<day>\d{{1,2}}){_TAIL}")
_NAMED = re.compile(
    rf"(?:(?:{_WEEKDAY})\s?,?\s?)?(?P<day>\d{{1,2}})\s?(?P<name>{_SOLAR_MONTH})\s?,?\s?(?P<year>\d{{4}}){_TAIL}"
    rf"|(?P<name2>{_SOLAR_MONTH})\s(?P<day2>\d{{1,2}}),?\s(?P<year2>\d{{4}}){_TAIL.replace('?P<', '?P<b_')}"
)
_NAMES_SOLAR_MONTH = re.compile(rf"(?<![^\W\d_])(?:{_SOLAR_MONTH})(?![^\W\d_])")
_NAMES_LUNAR_MONTH = re.compile(rf"(?<![^\W\d_])(?:{_LUNAR_MONTH})(?![^\W\d_])")
_LUNAR_MARKED = re.compile(rf"\d{{3,4}}\s?(?:{_LUNAR_MARK})(?![^\W\d_])")


# ---------------------------------------------------------------------- evidence

_LABELS = {
    SOLAR_HIJRI: ("jalali", "persian", "shamsi", "solar hijri", "hijri shamsi", "solar", "sh", "iranian",
                  "جلالی", "شمسی", "هجری شمسی", "خورشیدی"),
    LUNAR_HIJRI: ("hijri", "islamic", "lunar hijri", "hijri qamari", "qamari", "lunar", "ah", "umalqura",
                  "islamic umalqura", "islamic civil", "islamic tbla", "islamic rgsa", "قمری", "هجری قمری"),
    GREGORIAN: ("gregorian", "gregory", "western", "میلادی"),
}  # fmt: skip
_LABEL_OF = {label: calendar for calendar, labels in _LABELS.items() for label in labels}


def declared_calendar(value: Any) -> str | None:
    """The calendar an input's ``calendar`` field names (``SOLAR_HIJRI``, ``LUNAR_HIJRI`` or
    ``GREGORIAN``), or None when it names none of them (or is absent)."""
    if not isinstance(value, str):
        return None
    return _LABEL_OF.get(" ".join(_fold(value).replace("-", " ").replace("_", " ").split()))


_PERSIAN_CODES = frozenset({"fa", "fas", "per", "pes", "prs"})  # Persian, Iranian Persian, Dari


def _is_persian(code: Any) -> bool:
    return isinstance(code, str) and re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0] in _PERSIAN_CODES


def numbers_calendar(extra: Mapping[str, Any], text: str, page_language: str | None = None) -> str | None:
    """The calendar a date of numbers alone is written in, by the evidence: the input's
    ``calendar`` field; else Solar Hijri for a document in Persian (its ``language`` or
    ``lang`` field, the page's ``lang``, else the language read from its text); else None
    (unknown)."""
    declared = declared_calendar(extra.get("calendar"))
    if declared is not None:
        return declared
    stated = next((v for v in (extra.get("language"), extra.get("lang"), page_language) if isinstance(v, str) and v.strip()), None)
    if stated is None:
        from copytrail.stages.language import detect_language

        stated = detect_language(text)
    return SOLAR_HIJRI if _is_persian(stated) else None


# ----------------------------------------------------------------------- reading


def read_calendar_date(value: Any, calendar_of_numbers: Callable[[], str | None]) -> CalendarReading | None:
    """What a stated date says when it is written in another calendar (``value`` as stated;
    ``calendar_of_numbers``: asked, at most once, which calendar a date of numbers alone is
    in, e.g. :func:`numbers_calendar`); None when it is no date of another calendar that can be
    told, so that the Gregorian reader's verdict stands."""
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    text = _fold(value)
    named = _NAMED.fullmatch(text)
    if named is not None:
        return _named_date(named)
    numeric = _NUMERIC.fullmatch(text)
    if numeric is not None and FIRST_YEAR <= int(numeric.group("year")) <= LAST_YEAR:
        return _numeric_date(numeric, calendar_of_numbers)
    if _NAMES_LUNAR_MONTH.search(text) or _LUNAR_MARKED.search(text):
        return CalendarReading(LUNAR_HIJRI, None, _lunar_problem("by its month or its marker"))
    if _NAMES_SOLAR_MONTH.search(text) and re.search(r"\d", text):
        return CalendarReading(SOLAR_HIJRI, None, "a Solar Hijri date (by its month) that cannot be read whole (its day, year or time)")
    return None


def _group(match: re.Match[str], name: str) -> str | None:
    """A group of either alternative of ``_NAMED`` (the second's names are prefixed)."""
    for key in (name, f"{name}2", f"b_{name}"):
        if key in match.re.groupindex and match.group(key) is not None:
            return match.group(key)
    return None


def _named_date(match: re.Match[str]) -> CalendarReading:
    if _group(match, "lunar") is not None:
        return CalendarReading(SOLAR_HIJRI, None, "a Solar Hijri month with a lunar Hijri marker: which calendar is unclear")
    month = _SOLAR_MONTH_OF[" ".join((_group(match, "name") or "").split())]
    day, year = int(_group(match, "day") or 0), int(_group(match, "year") or 0)
    return _solar(year, month, day, match)


def _numeric_date(match: re.Match[str], calendar_of_numbers: Callable[[], str | None]) -> CalendarReading | None:
    year, month, day = int(match.group("year")), int(match.group("month")), int(match.group("day"))
    if match.group("lunar") is not None:
        return CalendarReading(LUNAR_HIJRI, None, _lunar_problem("by its marker"))
    if match.group("solar") is not None:
        return _solar(year, month, day, match)
    calendar = calendar_of_numbers()
    if calendar == LUNAR_HIJRI:
        return CalendarReading(LUNAR_HIJRI, None, _lunar_problem("as its input says"))
    if calendar != SOLAR_HIJRI:
        return None
    reading = _solar(year, month, day, match)
    moment = reading.moment
    latest = datetime.now(UTC).date() + timedelta(days=1)
    if moment is not None and (moment.date() if isinstance(moment, datetime) else moment) > latest:
        day_shown = moment.isoformat()[:10]
        return CalendarReading(
            SOLAR_HIJRI, None,
            f"in the year {year}: read as Solar Hijri it would be {day_shown}, after today (a lunar Hijri year?)",
        )  # fmt: skip
    return reading


def calendar_date_in(text: str) -> str | None:
    """The date of another calendar a short text states among other words (a byline's
    "تاریخ انتشار: سه‌شنبه ۲۵ اردیبهشت ۱۴۰۳ - ۰۹:۳۰", "۱۴۰۳/۰۲/۲۵"), as
    :func:`read_calendar_date` reads it: a Solar Hijri month's name, else a year-first date of
    numbers (which calendar those are, the reader asks of the page); None when it states none
    (or the text is longer than a byline)."""
    if len(text) > 300:
        return None
    folded = _fold(text)
    found = _NAMED.search(folded) or _NUMERIC.search(folded)
    if found is None:
        return None
    hour = next((name for name in ("hour", "b_hour") if name in found.re.groupindex and found.group(name) is not None), None)
    if hour is not None and int(found.group(hour)) <= 12 and _WORD_AFTER.match(folded, found.end()):
        # "۱۰:۳۰ ب.ظ" is 22:30: a word after an hour of 12 or less may say which half of the day
        return _BEFORE_TIME.sub("", folded[found.start() : found.start(hour)]).strip()
    return found.group(0).strip()


_WORD_AFTER = re.compile(r"\s?[\u0600-\u06ff]")
_BEFORE_TIME = re.compile(r"(?:\s?(?:,|-|–|\||t|ساعت|at))*\s?$")


def solar_month_spellings() -> dict[str, int]:
    """The Solar Hijri months' names in Arabic script (Iranian and Dari), as written, each with
    its number (the claims stage reads running text with them)."""
    return {name: number for number, names in enumerate(_SOLAR_MONTHS, start=1) for name in names if not name.isascii()}


def solar_day(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of a Solar Hijri one, or None where it does not exist or its year is
    outside those read (``FIRST_YEAR`` to ``LAST_YEAR``)."""
    from persiantools.jdatetime import JalaliDate

    if not FIRST_YEAR <= year <= LAST_YEAR or not (1 <= month <= 12 and JalaliDate.check_date(year, month, day)):
        return None
    return JalaliDate(year, month, day).to_gregorian()


def _solar(year: int, month: int, day: int, match: re.Match[str]) -> CalendarReading:
    """The Gregorian day (and time, as given) of a Solar Hijri date, or why there is none."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return CalendarReading(SOLAR_HIJRI, None, f"a Solar Hijri year outside {FIRST_YEAR}-{LAST_YEAR}, those read")
    gregorian = solar_day(year, month, day)
    if gregorian is None:
        return CalendarReading(SOLAR_HIJRI, None, "a Solar Hijri day that does not exist")
    hour = _group(match, "hour")
    if hour is None:
        return CalendarReading(SOLAR_HIJRI, gregorian)
    minute, second = int(_group(match, "minute") or 0), int(_group(match, "second") or 0)
    if int(hour) > 23 or minute > 59 or second > 59:
        return CalendarReading(SOLAR_HIJRI, None, "a Solar Hijri date whose time does not exist")
    try:
        zone = _zone(_group(match, "zone"))
    except ValueError:
        return CalendarReading(SOLAR_HIJRI, None, "a Solar Hijri date whose time zone does not exist")
    return CalendarReading(SOLAR_HIJRI, datetime.combine(gregorian, time(int(hour), minute, second), zone))


def _zone(written: str | None) -> timezone | None:
    """The time zone a date states (None: none stated, taken as UTC as any time without a
    zone); ValueError for an offset there is none of (+25:00)."""
    if written is None or written in ("z", "utc", "gmt"):
        return None if written is None else UTC
    sign = -1 if written[0] == "-" else 1
    digits = written[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise ValueError(written)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _lunar_problem(how: str) -> str:
    return (
        f"a lunar Hijri date ({how}), whose Gregorian day depends on the sighting of the new moon "
        "(a day or two either way): not converted"
    )
