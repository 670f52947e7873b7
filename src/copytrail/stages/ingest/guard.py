"""What keeps a hostile input from crashing or stalling a scan: the checks a document passes
before it leaves ingest, the time budget of one extraction, and the record of what a reader
passed over on purpose (``SkippedRecord``)."""

from __future__ import annotations

import json
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from copytrail.records import Document, moment
from copytrail.stages.ingest.settings import IngestSettings

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """A record a reader passed over on purpose (a WARC image, a 404, a request): not an
    error, but counted by ``reason`` so that a file with nothing usable is told from one read."""

    path: str
    reason: str
    line: int | None = None  # WARC record number, 1-based


@dataclass(frozen=True, slots=True)
class InputNote:
    """A problem in an input whose document was read all the same (a stated date out of range,
    kept undated; a WARC record warcio warned about): one line and one errors row, not a
    failure.  Its reason starts with "kept", so the row says so."""

    path: str
    reason: str
    line: int | None = None

    def message(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


def date_note(
    field: str, raw: object, day_first: bool | None = None, calendar_of_numbers: Callable[[], str | None] | None = None
) -> str | None:
    """The note for a stated date that is not kept (out of range, ambiguous, another
    calendar's year, a lunar Hijri date, or no date at all), saying why, or that is kept
    converted from another calendar; None when it is kept as written (``calendar_of_numbers``:
    see ``metadata.read_stated_date``)."""
    from copytrail.stages.ingest.metadata import read_stated_date

    read = read_stated_date(raw, day_first, calendar_of_numbers)
    if read.problem is not None:
        return f"kept undated: '{field}' is {read.problem} ({shown_text(str(raw), 40)})"
    if read.calendar is not None and read.published is not None:
        return converted_note(f"'{field}'", str(raw), read.calendar, read.published)
    if read.among_words and read.published is not None:
        return f"kept: '{field}' states its date among other words, read as {read.published} ({shown_text(str(raw), 40)})"
    return None


def converted_note(what: str, raw: str, calendar: str, published: str) -> str:
    """The note for a date stated in another calendar and kept converted to the Gregorian."""
    return f"kept: {what} is a {calendar} date, read as {published} in the Gregorian calendar ({shown_text(raw, 40)})"


def page_date_note(doc: Document) -> str | None:
    """The note for a page whose own metadata states its date in another calendar, converted
    (the calendar and the date as stated are in ``extra``); None for any other page."""
    calendar, raw = doc.extra.get("published_calendar"), doc.extra.get("published_raw")
    if not isinstance(calendar, str) or not isinstance(raw, str) or doc.published is None:
        return None
    return converted_note("the page's date", raw, calendar, doc.published)


# A stated date may run ahead of the clock that bounds it by a time zone (up to 14 hours)
# and a day written without its time: more than this is no publication date.
_AHEAD_SLACK = timedelta(days=1)


def late_date_note(doc: Document, read_at: datetime) -> str | None:
    """The note for a date stated later than the document could have been published, or None.

    A WARC page dated after its capture existed when it was captured: the capture time is kept
    instead (``date_source`` "warc", as for a page that states no date), the stated day named
    in the note.  A date after the moment it was read (``read_at``) is kept as stated but
    noted: an embargo, a wrong clock or a made-up corpus, and the user should know."""
    stated = moment(doc.published) if doc.date_source in ("metadata", "url") else None
    if stated is None or doc.published is None:
        return None
    captured = doc.extra.get("captured") if doc.fmt == "warc" else None
    capture = moment(captured) if isinstance(captured, str) else None
    if capture is not None and stated > capture + _AHEAD_SLACK:
        said = doc.published[:10]
        doc.published, doc.date_source = captured, "warc"
        doc.extra.pop("published_calendar", None)
        doc.extra.pop("published_raw", None)
        return f"kept with its capture time: the page's date {said} is after it was captured ({str(captured)[:10]})"
    if stated > read_at + _AHEAD_SLACK:
        return f"kept: its stated date {doc.published[:10]} is after it was read ({read_at:%Y-%m-%d})"
    return None


def has_lone_surrogate(value: str) -> bool:
    """Whether ``value`` holds a UTF-16 surrogate on its own (JSON's ``"\\ud800"``): such a
    string is no text and cannot be stored or encoded."""
    return _SURROGATE.search(value) is not None


# Characters that would act on a terminal or a line instead of being shown: C0 and C1
# controls, DEL, line and paragraph separators, bidi embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def escape_controls(value: str, *, keep_newlines: bool = False) -> str:
    """``value`` with every character that could move the cursor, retitle a terminal, split
    a line or reorder text written as an escape (``\\x1b``, ``\\n``, ``\\u202e``); printable
    text, accented letters included, is left as it is.  ``keep_newlines``: "\\n" stays (a
    message laid out on several lines by the program itself)."""
    if keep_newlines:
        return "\n".join(_UNSAFE.sub(_escape_one, part) for part in value.split("\n"))
    return _UNSAFE.sub(_escape_one, value)


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown_text(value: str, limit: int = 80) -> str:
    """A value quoted in a one-line message: cut short, unsafe characters escaped."""
    return escape_controls(value if len(value) <= limit else value[:limit] + "…")


def unstorable_reason(doc: Document) -> str | None:
    """Why a document cannot be stored as it is (a field holds a lone surrogate, its other
    fields cannot be written as JSON), or None."""
    for name in ("text", "title", "author", "url", "outlet", "published", "source_key", "path"):
        value = getattr(doc, name)
        if isinstance(value, str) and has_lone_surrogate(value):
            return f"'{'id' if name == 'source_key' else name}' holds a lone surrogate (not valid Unicode)"
    try:
        extra = json.dumps(doc.extra, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):
        return "its other fields are nested too deeply to store"
    if has_lone_surrogate(extra):
        return f"field {_surrogate_field(doc.extra)} holds a lone surrogate (not valid Unicode)"
    return None


def _surrogate_field(extra: dict[str, Any]) -> str:
    for key, value in extra.items():
        if has_lone_surrogate(key) or has_lone_surrogate(json.dumps(value, ensure_ascii=False, default=str)):
            return repr(shown_text(key, 40))
    return "of the record"  # pragma: no cover - the JSON held one, so some field does


def admit(doc: Document, limits: IngestSettings) -> str | None:
    """Why a document read from its input must be left out (unstorable, over a budget), or None."""
    if len(doc.text) > limits.max_text_chars:
        return f"text too long ({len(doc.text):,} characters; the limit is {limits.max_text_chars:,}, max_text_chars)"
    return unstorable_reason(doc)


class OverTime(BaseException):
    """Raised inside an extraction that ran past its time budget.  A ``BaseException`` so
    that the parsers' own ``except Exception`` cannot swallow it."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Interrupt the block with ``OverTime`` after ``seconds`` (a real-time timer).

    Only where a timer can be set: the main thread, with no other SIGALRM handler; elsewhere
    (a web request's thread) the block runs unbounded in time, bounded in size by the other
    budgets."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise OverTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_TAG = re.compile(r"<[A-Za-z!]")


def too_many_tags(html: str, limit: int) -> int | None:
    """The number of elements (opening tags) of a page when it holds more than ``limit``, else
    None (counted without parsing, so a page built to stall the parser is refused unparsed)."""
    count = 0
    for count, _ in enumerate(_TAG.finditer(html), start=1):  # noqa: B007 - the count is the point
        if count > limit:
            return len(_TAG.findall(html))
    return None
