"""Dates and outlets: the metadata every input format shares.

A date is taken only where an input states it; an unreadable one is unknown, never guessed."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from copytrail.records import Document
from copytrail.stages.ingest.month_names import era_of, with_english_months


def set_metadata_date(
    doc: Document, raw: Any, day_first: bool | None = None, calendar_of_numbers: Callable[[], str | None] | None = None
) -> None:
    """Apply a date given explicitly by the input (metadata), keeping it raw when unparseable.

    An explicit but unreadable date means the date is unknown: falling back to the file time
    would invent a publication date.  A date of another calendar converted to the Gregorian
    day keeps what was stated (``published_raw``) and its calendar (``published_calendar``).
    ``calendar_of_numbers``: which calendar a date of numbers alone is in (default: as the
    document's fields and language say, ``calendars.numbers_calendar``).
    """
    read = read_stated_date(raw, day_first, calendar_of_numbers or document_numbers_calendar(doc))
    if read.published is None:
        doc.published, doc.date_source = None, "none"
        doc.extra.pop("published_calendar", None)  # its page's date, if any, is not taken either
        doc.extra["published_raw"] = raw if isinstance(raw, str) else json.dumps(raw)
    else:
        doc.published, doc.date_source = read.published, "metadata"
        if doc.extra.pop("published_calendar", None) is not None:  # its page's date, replaced
            doc.extra.pop("published_raw", None)
        if read.calendar is not None:
            doc.extra["published_raw"], doc.extra["published_calendar"] = raw, read.calendar
        elif read.among_words:
            doc.extra["published_raw"] = raw  # what was stated, shown beside the date read from it


_ENGLISH_MONTH = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?(?=\s)"
)
# A date among other words, its months named in English (``with_english_months``): day, month
# and year in any order papers write them, or numbers (whose order ``normalise_date`` settles,
# leaving a day and month that could be either unread), then the time where one follows, after
# a word for "at" in the languages read ("a las", "alle", "kl.", "klo", "om", "u": a time with a
# full stop, "10.30", only after one; "10h30" as French and Portuguese write it; "10時30分").
_TIME_WORD = r"at|um|à|a\s+las|a\s+les|alle|às|as|om|kl\.?|klo|kello|ob|o|u|у|saat|lúc|pukul|jam"
# A weekday that Turkish and Azerbaijani bylines write between the date and its time ("15 Ekim
# 2024 Salı 10:30"); other languages name it before the date, where it is no hindrance.
_WEEKDAY_BEFORE_TIME = (
    r"pazartesi|salı|çarşamba|perşembe|cumartesi|cuma|pazar"
    r"|bazar\s+ertəsi|çərşənbə\s+axşamı|çərşənbə|cümə\s+axşamı|cümə|şənbə|bazar"
)
# Before noon and after it, as other languages write them after a time ("10:30 م" is 22:30 in
# Arabic, "ب.ظ" in Persian, "μ.μ." in Greek, "CH" in Vietnamese, "petang" in Malay); a time
# followed by a word of those scripts that is neither is not read (it may be one of them).
_MORNING = r"صباح[اًا\u064b]*|ص|ق\.?\s?ظ|π\.?\s?μ\.?|SA|pagi|पूर्वाह्न"
_AFTERNOON = r"مساء[اًا\u064b]*|م|ب\.?\s?ظ|μ\.?\s?μ\.?|CH|petang|sore|malam|अपराह्न"
_UNREAD_AFTER_TIME = re.compile(r"\s?[\u0600-\u06ff\u0370-\u03ff\u0900-\u0dff]")
_DATE_IN_WORDS = re.compile(
    rf"(?:(?<=[\u05d0-\u05ea]-)|(?<![A-Za-z0-9/.-]))(?P<date>\d{{1,2}}\.?\s+(?:{_ENGLISH_MONTH}),?\s+\d{{4}}"
    rf"|(?:{_ENGLISH_MONTH})\s+\d{{1,2}},?\s+\d{{4}}"
    rf"|\d{{4}}\.?\s+(?:{_ENGLISH_MONTH})\s+\d{{1,2}}\.?"  # the year first (Malayalam, Hungarian)
    rf"|(?P<year>\d{{4}})\.?\s+(?:gada|жылғы|жылы|ж\.)\s+(?P<day>\d{{1,2}})\.?\s+(?P<month>{_ENGLISH_MONTH})"  # Latvian, Kazakh
    r"|\d{4}-\d{2}-\d{2}|\d{4}(?P<dot>[./])\d{1,2}(?P=dot)\d{1,2}(?!\d)\.?|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}/\d{1,2}/\d{4})"
    rf"(?:(?:[\s,]+(?:{_WEEKDAY_BEFORE_TIME}))?[\s,.،|·–-]+(?:(?:(?:{_TIME_WORD})\s+(?P<hour_after_word>\d{{1,2}})[:.h]|(?P<hour>\d{{1,2}})(?::|h(?=\d)))(?P<minute>\d{{2}})"
    r"|(?P<hour_named>\d{1,2})\s?[時시点點]\s?(?P<minute_named>\d{1,2})\s?[分분])"  # "10時30分", "10시 30분"
    rf"(?P<ampm>\s?[ap]\.?\s?m\b\.?)?(?:\s?(?P<am>{_MORNING})(?!\w)|\s?(?P<pm>{_AFTERNOON})(?!\w))?(?P<zone>\s?(?:UTC|GMT)(?:\s?[+-]\d{{1,2}}(?::?\d{{2}})?)?\b|\s?[+-]\d{{2}}:?\d{{2}}\b)?)?"
    r"(?![\d/.-]?\d)",  # "10:30 PM" is 22:30; a zone stated plainly is kept ("GMT", "UTC+2", "+0530"), not "IST" (three countries')
    re.IGNORECASE,
)


def _date_written_plainly(found: re.Match[str]) -> tuple[str, str]:
    """A date of ``_DATE_IN_WORDS`` as ``normalise_date`` reads it: its day, month and year,
    and those with its time, zone and "PM" where it states them, without the words between."""
    day = found.group("date").strip(" ,.")
    if found.group("year") is not None:
        day = f"{found.group('day')} {found.group('month')} {found.group('year')}"
    hour = found.group("hour") or found.group("hour_after_word") or found.group("hour_named")
    if hour is None:
        return day, day
    minute = found.group("minute") or f"{int(found.group('minute_named')):02d}"
    half = found.group("ampm") or (" am" if found.group("am") else " pm" if found.group("pm") else "")
    if not half and _UNREAD_AFTER_TIME.match(found.string, found.end()):
        return day, day  # "10:30 عصراً": a word after the time that may say which half of the day
    return day, f"{day} {hour}:{minute}{half}{found.group('zone') or ''}"


# Words saying a page or record was changed, and saying it was published, in the languages
# whose dates are read among their words: a date beside the first alone is not the publication's.
CHANGED_WORDS = re.compile(
    r"updat|modif|aktualisiert|geändert|bijgewerkt|actualiz|mis à jour|mise à jour|aggiornat|atualizad|обновл|"
    r"изменен|güncellen|diperbarui|zaktualizowan|به‌روز|بروز|به روز|تحديث|حدث|اپ ڈیٹ|更新|修改|"
    r"aktualiz|upraven|frissít|módosít|uppdater|ändrad|opdateret|oppdatert|päivitet|muokattu|"
    r"atnaujint|atjaunin|atjaunot|uuendatud|muudetud|обновено|актуализ|ажурира|измењен|ažurira|"
    r"posodobljen|actualitz|dikemas kini|yeniləndi|עודכן|cập nhật|sửa đổi|ปรับปรุง|แก้ไข|อัปเดต|"
    r"अपडेट|अद्यतन|अद्ययावत|संशोधित|परिमार्जित|আপডেট|হালনাগাদ|সংশোধিত|புதுப்பிக்க|அப்டேட்|అప్\u200cడేట్|అప్డేట్|"
    r"నవీకరించ|અપડેટ|ਅਪਡੇਟ|ਅੱਪਡੇਟ|ಅಪ್\u200cಡೇಟ್|ಅಪ್ಡೇಟ್|ನವೀಕರಿಸ|അപ്ഡേറ്റ്|അപ്\u200cഡേറ്റ്|പുതുക്കി|යාවත්කාලීන|"
    r"sasishwa|na-update",
    re.IGNORECASE,
)
PUBLISHED_WORDS = re.compile(
    r"publi|pubblica|posted|veröffentlicht|gepubliceerd|опубликован|публикац|yayınlan|diterbitkan|opublikowan|منتشر|نشر|انتشار|شائع|发布|發佈|发表|發表|"
    r"zveřejněn|közzétéve|megjelent|udgivet|offentliggjort|julkaistu|paskelbt|avaldatud|публикув|објављен|objavljen|"
    r"dərc|פורסם|đăng|xuất bản|เผยแพร่|โพสต์|प्रकाशित|প্রকাশিত|வெளியிட|ప్రచురి|પ્રકાશિત|ਪ੍ਰਕਾਸ਼ਿਤ|ಪ್ರಕಟ|"
    r"പ്രസിദ്ധീകരി|ප්‍රකාශයට|chapishwa|inilathala",
    re.IGNORECASE,
)


def date_among_words(value: Any, day_first: bool | None = None) -> str | None:
    """The date a short stated value gives among other words, in any language the month names
    cover ("Опубликовано: 14 мая 2024 г., 09:30", "Publicado el 14 de mayo de 2024", "نشر في
    ١٤ مايو ٢٠٢٤", "发布时间：2024年5月14日"), to the minute where it gives one; None unless it
    holds exactly one date with its day, month and year, and says it was published if it
    says it was changed (``day_first``: the order of a dotted date's numbers, as
    :func:`normalise_date` reads it)."""
    if not isinstance(value, str) or len(value) > 120 or not any(ch.isalpha() for ch in value):
        return None
    if CHANGED_WORDS.search(value) and not PUBLISHED_WORDS.search(value):
        return None
    return one_date_in_words(with_english_months(value), day_first)


def one_date_in_words(english: str, day_first: bool | None = None) -> str | None:
    """The one date with its day, month and year that a text (its months named in English)
    holds, to the minute where it gives one; None when it holds none or several."""
    found = dates_in_words(english, day_first)
    return found[0] if len(found) == 1 else None


def dates_in_words(english: str, day_first: bool | None = None) -> list[str]:
    """Every date with its day, month and year that a text (its months named in English) holds,
    read (to the minute where it gives one), in the text's order."""
    found = []
    for match in _DATE_IN_WORDS.finditer(english):
        day, moment = _date_written_plainly(match)
        stamp = normalise_date(moment, day_first) if moment != day else None
        found.append(stamp or normalise_date(day, day_first))  # a time out of range ("25.30"): the day alone
    return [stamp for stamp in found if stamp is not None]


def document_numbers_calendar(doc: Document) -> Callable[[], str | None]:
    """Which calendar a date of numbers alone is in, for ``doc``: its input's ``calendar``
    field, else Solar Hijri when it is in Persian (asked only when a date needs it: it may
    read the text's language)."""

    def calendar_of_numbers() -> str | None:
        from copytrail.stages.ingest.calendars import numbers_calendar

        return numbers_calendar(doc.extra, doc.text)

    return calendar_of_numbers


@dataclass(frozen=True, slots=True)
class StatedDate:
    """What a stated date becomes: ``published`` (ISO 8601, Gregorian, UTC) or None with the
    ``problem`` in words; ``calendar`` names the calendar it was converted from (None: it was
    written Gregorian)."""

    published: str | None
    calendar: str | None = None
    problem: str | None = None
    among_words: bool = False  # read from the one date among other words ("Опубликовано: 14 мая 2024")


def read_stated_date(
    value: Any, day_first: bool | None = None, calendar_of_numbers: Callable[[], str | None] | None = None
) -> StatedDate:
    """A stated date read as Gregorian (:func:`normalise_date`), else as a date of another
    calendar where the evidence says which (``calendars.read_calendar_date``: a Solar Hijri
    month's name; for numbers alone, ``calendar_of_numbers``, asked at most once), else
    unread with the reason (:func:`date_problem`).  Without ``calendar_of_numbers`` a date of
    numbers alone is never another calendar's."""
    published = normalise_date(value, day_first)
    if published is not None:
        return StatedDate(published, era_of(value))  # a Thai or Japanese era's year: shown as stated
    from copytrail.stages.ingest.calendars import calendar_date_in, read_calendar_date

    answers: list[str | None] = []  # what ``calendar_of_numbers`` said, if it was asked

    def asked() -> str | None:
        answers.append(calendar_of_numbers() if calendar_of_numbers is not None else None)
        return answers[-1]

    other = read_calendar_date(value, asked)
    if other is not None and other.moment is None and (inner := calendar_date_in(value)) and inner != value.strip():
        among = read_calendar_date(inner, asked)  # "تاریخ انتشار: ۲۴ مهر ۱۴۰۳": the date among its words
        other = among if among is not None and among.moment is not None else other
    if other is None:
        problem = date_problem(value, day_first)
        # a value that is no date at all may hold one among words; one out of range, ambiguous
        # or of another calendar's year keeps its problem
        among = date_among_words(value, day_first) if problem == UNREADABLE_DATE else None
        if among is not None:
            return StatedDate(among, among_words=True)
        if problem is not None and problem.startswith("in the year") and calendar_of_numbers is not None and answers == [None]:
            problem += " Neither its input's 'calendar' field nor its language (Persian) says which"
        return StatedDate(None, None, problem)
    if other.moment is None:
        return StatedDate(None, other.calendar, other.problem)
    moment = other.moment
    return StatedDate(_iso_datetime(moment) if isinstance(moment, datetime) else moment.isoformat(), other.calendar)


def clean_field(value: Any) -> str | None:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


_PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{8}")
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2001, 2, 2, 1, 1, 1)


EARLIEST_YEAR = 1500  # no printed article is older: an earlier year is another calendar's


def normalise_date(value: Any, day_first: bool | None = None) -> str | None:
    """An ISO 8601 string for a date given in any common form, or None when unreadable.

    A date alone stays ``YYYY-MM-DD``; a time with its zone gives ``YYYY-MM-DDTHH:MM:SS+00:00``,
    converted to UTC so that strings sort in time order; a time that states no zone stays as
    written, ``YYYY-MM-DDTHH:MM:SS`` (compared as if UTC, and shown as having no zone).
    Incomplete dates ("July 2017", "12 July") are unreadable rather than guessed, and so are
    numeric days whose day and month could be either ("03/04/2025"; with full stops, as
    "04.03.2025", the day comes first wherever they are written) and years before
    ``EARLIEST_YEAR`` ("1404/01/15" is a Solar Hijri date, not the year 1404; converted by
    :func:`read_stated_date` where the evidence says so): see
    :func:`date_problem` for the reason.  ``day_first``: the order of such days as the
    input declares it (True: 03/04/2025 is 3 April; False: 4 March).  Numbers are Unix
    timestamps (seconds, or milliseconds when too large for seconds).  Never raises: a value
    out of every range (a 400-digit number, year 9999 at UTC-5) is unreadable like any other.
    """
    read = _read_date(value, day_first)
    return read if read is not None and int(read[:4]) >= EARLIEST_YEAR else None


def date_problem(value: Any, day_first: bool | None = None) -> str | None:
    """Why a date an input states is not kept, in words ("ambiguous: …"), or None when it is
    kept or nothing is stated (``day_first`` as :func:`normalise_date`'s)."""
    if value is None or value == "":
        return None
    read = _read_date(value, day_first)  # read once: kept unless its year is before printing
    if read is not None:
        year = int(read[:4])
        return None if year >= EARLIEST_YEAR else (
            f"in the year {year}, before {EARLIEST_YEAR}: a year of another calendar (Solar or lunar Hijri)?"
        )
    if isinstance(value, str) and _day_first(value.strip(), day_first) is _AMBIGUOUS:
        return "ambiguous: its day and month could each be the other (scan --date-order says which)"
    if isinstance(value, str) and _ISO_WEEK.search(value):
        return "a week, not a day"
    if date_out_of_range(value):
        return "out of range"
    return UNREADABLE_DATE


UNREADABLE_DATE = "no date that can be read"


def _read_date(value: Any, day_first: bool | None = None) -> str | None:
    """:func:`normalise_date` without its earliest year (years 1000 to 9999 are read)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _iso_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        try:  # a huge integer overflows the float conversion; inf and nan are no time
            seconds = value / 1000 if abs(value) > 1e11 else value
            return _iso_datetime(datetime.fromtimestamp(seconds, tz=UTC))
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100 or _ISO_WEEK.search(text):
        return None  # a week ("2024-W29") states no day
    if _TIMESTAMP.fullmatch(text):  # a Unix time written as text, in seconds or milliseconds
        return _read_date(int(text), day_first)
    text = _JS_ZONE_NAME.sub("", text)  # "... GMT+0200 (Central European Summer Time)": its offset says it
    if _PLAIN_DATE.fullmatch(text):
        try:
            return _check_year(date.fromisoformat(text))
        except ValueError:
            return None
    try:
        read = datetime.fromisoformat(text)
    except ValueError:
        return _parse_free_date(text, day_first)
    # a day alone in another ISO form ("2024-W29-1", "2024-197") states no time: no midnight made up
    return _iso_datetime(read) if ":" in text or "T" in text.upper().replace("W", "") else _check_year(read.date())


_ISO_WEEK = re.compile(r"\d{4}-?W\d{2}(?!-?\d)", re.IGNORECASE)  # a week without its day
_TIMESTAMP = re.compile(r"\d{10}|\d{13}")
_JS_ZONE_NAME = re.compile(r"(?<=\d)\s*\([A-Za-z][A-Za-z .'-]{2,60}\)$")
# A day written in numbers, day and month in some order, then the year: 03/04/2025, 4.3.2025.
_NUMERIC_DAY = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2\d{2}(?:\d{2})?(?=$|[\sT,])")
_AMBIGUOUS = object()


def _day_first(text: str, declared: bool | None = None) -> bool | object:
    """Whether a numeric day's first number is the day (True), the month (False), or either
    (``_AMBIGUOUS``).  Full stops put the day first (4.3.2025, as in German or Russian); with
    slashes or dashes only a number over 12, or two equal numbers, tell, or the order the
    input ``declared``."""
    match = _NUMERIC_DAY.match(text)
    if match is None:
        return False  # dateutil's reading (year first, or a month named)
    first, separator, second = int(match.group(1)), match.group(2), int(match.group(3))
    if separator == ".":
        return True
    if first > 12 or first == second:
        return True
    if second > 12:
        return False
    return _AMBIGUOUS if declared is None else declared


def _parse_free_date(text: str, declared: bool | None = None) -> str | None:
    """Parse with dateutil twice, with different defaults, to tell which fields were given."""
    from dateutil import parser as date_parser

    text = _GMT_OFFSET.sub(_as_offset, with_english_months(text))
    day_first = _day_first(text, declared)
    if day_first is _AMBIGUOUS:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # UnknownTimezoneWarning for names like "EST"
            first = date_parser.parse(text, default=_DEFAULT_A, dayfirst=bool(day_first))
            second = date_parser.parse(text, default=_DEFAULT_B, dayfirst=bool(day_first))
    except (ValueError, OverflowError, TypeError):
        return None
    if first.date() != second.date():
        return None  # year, month or day missing
    if (first.hour, first.minute) != (second.hour, second.minute):
        return _check_year(first.date())
    return _iso_datetime(first)


# "UTC+2", "GMT-5": dateutil reads the sign as POSIX zone names do (UTC+2 two hours behind), the
# other way from what a page means; written as the offset it means ("+02:00") before parsing.
_GMT_OFFSET = re.compile(r"\b(?:UTC|GMT)\s?([+-])(\d{1,2})(?::?(\d{2}))?\b")


def _as_offset(found: re.Match[str]) -> str:
    return f"{found.group(1)}{int(found.group(2)):02d}:{found.group(3) or '00'}"


_FAR_YEAR = re.compile(r"[+-]?\d{5,}(?:-\d{1,2}-\d{1,2}\b.*)?")


def date_out_of_range(value: Any) -> bool:
    """Whether a stated date that ``normalise_date`` could not read is a date after all, but one
    outside what is kept (a year before 1000 or after 9999, an offset that carries it there, a
    timestamp no calendar holds), rather than text that is no date."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return normalise_date(value) is None
    if not isinstance(value, str) or len(value.strip()) > 100:
        return False
    text = value.strip()
    if _FAR_YEAR.fullmatch(text):
        return True
    try:
        datetime.fromisoformat(text)
        return normalise_date(text) is None
    except ValueError:
        pass
    if _PLAIN_DATE.fullmatch(text):
        return False  # a day that does not exist (2021-02-30) is no date
    from dateutil import parser as date_parser

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            date_parser.parse(text, default=_DEFAULT_A)
    except OverflowError:
        return True
    except (ValueError, TypeError) as exc:
        return "out of range" in str(exc)
    return normalise_date(text) is None and _parse_free_date(text) is None and _complete(text)


def _complete(text: str) -> bool:
    """Whether dateutil finds a whole day in ``text`` (year, month and day all given)."""
    from dateutil import parser as date_parser

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            first = date_parser.parse(text, default=_DEFAULT_A)
            second = date_parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError):
        return False
    return first.date() == second.date()


def _check_year(value: date) -> str | None:
    return value.isoformat() if 1000 <= value.year <= 9999 else None


def _iso_datetime(value: datetime) -> str | None:
    """A time with a zone in UTC (``+00:00``); a time without one as written, without a zone:
    taking it as UTC would order copies published hours apart by a guess."""
    try:  # a time near year 1 or 9999 whose offset carries it outside datetime's range
        value = value if value.tzinfo is None else value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    if not 1000 <= value.year <= 9999:
        return None
    return value.replace(microsecond=0).isoformat()


_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)
_HOST = re.compile(r"[a-z0-9\-._~%!$&'()*+,;=\[\]:]+", re.IGNORECASE)


def outlet_from_url(url: str | None) -> str | None:
    """The host of a URL, lower-cased and without a leading ``www.``; None if there is none.

    A URL without a scheme (``example.com/a``) is read as a host and path.
    """
    if not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    if "://" not in url and not url.startswith("//"):
        if _OTHER_SCHEME.match(url):  # mailto:, urn:, data: ... have no host
            return None
        url = "//" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    host = readable_host((host or "").strip("."))
    if not host or ("." not in host and host != "localhost"):
        return None
    return host[4:] if host.startswith("www.") and len(host) > 4 else host


def readable_host(host: str) -> str | None:
    """A host as its readers write it: an internationalised name in its own script ("сайт.рф"
    for ``xn--80aswg.xn--p1ai``, and as given in Unicode), lower case; None when it is no host
    name (a character no name holds, a label IDNA refuses)."""
    if host.isascii():
        if not _HOST.fullmatch(host):
            return None
        if "xn--" not in host:
            return host
    elif not all(ch.isalnum() or ch in "-." for ch in host):
        return None
    try:
        return host.encode("idna").decode("idna").casefold()  # both ways: each label checked
    except UnicodeError:
        return host if host.isascii() else None  # punycode it cannot read stays as written
