"""Plain typed records that flow between the pipeline stages.

Every stage is a set of pure functions from these records to these records; only
``copytrail.store`` turns them into database rows and back.  Offsets are always Python
``str`` indices into ``Document.text`` as stored.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

DateSource = Literal["metadata", "url", "warc", "file", "none"]
DatePrecision = Literal["day", "minute", "second"]

# Where a date came from, as people read it (a stated date is worth more than the others).
DATE_SOURCE_WORDS: dict[str, str] = {
    "metadata": "stated by the input",
    "url": "day in its web address",
    "warc": "WARC capture time",
    "file": "file time",
    "none": "no date",
}


def date_precision(published: str | None) -> DatePrecision | None:
    """How precise a stored ISO date is: ``day`` (``YYYY-MM-DD``), ``minute`` (a time whose
    seconds are zero, as sources that give hours and minutes are stored) or ``second``; None
    when undated.  The one place that reads it, for every export, page and message."""
    if not published:
        return None
    if len(published) <= 10:
        return "day"
    time = published[11:19]
    return "minute" if time.endswith(":00") or len(time) == 5 else "second"


def zone_unknown(published: str | None) -> bool:
    """Whether a stored date holds a time that its input gave without a time zone (stored as
    written, ``2025-03-03T08:15:00``): how it compares with others within a day is not known."""
    if not published or len(published) <= 10:
        return False
    return not published.endswith(("Z", "+00:00")) and published[19:20] not in ("+", "-")


def moment(published: str | None) -> datetime | None:
    """A stored date as an aware UTC datetime (a bare date is midnight; a time without a zone
    is taken as UTC, for arithmetic only); None when undated or unreadable."""
    if not published:
        return None
    try:
        value = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (value.replace(tzinfo=UTC) if value.tzinfo is None else value).astimezone(UTC)


# Local times differ from UTC by -12 to +14 hours: two times stated without their zones may be
# up to this many hours apart in either order.
ZONE_SPREAD_HOURS = 26


def zones_could_reverse(earlier: str | None, later: str | None) -> bool:
    """Whether two stored dates are closer than time zones can span while either holds a time
    stated without its zone: which came first is then not known."""
    if not (zone_unknown(earlier) or zone_unknown(later)):
        return False
    start, end = moment(earlier), moment(later)
    return start is not None and end is not None and abs((end - start).total_seconds()) < ZONE_SPREAD_HOURS * 3600




def stated_in_calendar(published: str | None, date_source: str | None, raw: Any, calendar: Any) -> tuple[str, str] | None:
    """The date as its input wrote it and the calendar it was converted from, where a stated
    date of another calendar became ``published`` (an input's ``published_raw`` and
    ``published_calendar``); None where the date is shown as written, or there is none, so
    that no page claims a conversion the ingest did not make.  Controls and bidi marks in what
    was stated (the date reader looks past them) are left out: they would move the words
    around it."""
    if not published or date_source != "metadata" or not isinstance(raw, str) or not isinstance(calendar, str):
        return None
    stated = " ".join(_UNSHOWN.sub("", raw).split())[:100]
    calendar = " ".join(_UNSHOWN.sub("", calendar).split())[:40]
    return (stated, calendar) if stated and calendar else None


# C0 and C1 controls, bidi marks, embeddings, overrides and isolates, line separators.
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def date_parts(published: str | None, date_source: str | None) -> tuple[str, str, DatePrecision] | None:
    """A date's three parts as people read them: the day (and UTC time, or the time as stated
    where no zone was: "2025-03-03 08:15 (no time zone)"), where it came from
    ("stated", "file time") and its precision; None when undated."""
    precision = date_precision(published)
    if not published or precision is None:
        return None
    shown = published[:10] if precision == "day" else published[:10] + " " + published[11:16 if precision == "minute" else 19]
    if precision != "day":
        shown += " (no time zone)" if zone_unknown(published) else " UTC"
    source = "stated" if date_source == "metadata" else DATE_SOURCE_WORDS.get(date_source or "", date_source or "unknown source")
    return shown, source, precision


def date_label(
    published: str | None, date_source: str | None, raw: Any = None, calendar: Any = None, isolate: bool = False
) -> str:
    """A date as people read it, with where it came from and how precise it is:
    "2025-03-10 06:00 UTC (stated, to the minute)", "2025-03-03 (file time, to the day)",
    or "undated".  Stored times are UTC.  A date converted from another calendar says how it
    was stated (``raw``, ``calendar``: :func:`stated_in_calendar`): "2025-03-12 (stated as
    ۲۲ اسفند ۱۴۰۳, Solar Hijri, to the day)"; ``isolate`` sets the stated form between
    Unicode isolates (for a page's text: a right-to-left date keeps its own order)."""
    parts = date_parts(published, date_source)
    if parts is None:
        return "undated"
    shown, source, precision = parts
    converted = stated_in_calendar(published, date_source, raw, calendar)
    if converted is not None:
        stated = f"\u2068{converted[0]}\u2069" if isolate else converted[0]
        source = f"stated as {stated}, {converted[1]}"
    return f"{shown} ({source}, to the {precision})"


AlignmentKind = Literal["verbatim", "edited", "paraphrase", "translated"]


def content_hash(text: str) -> str:
    """SHA-1 of the text as UTF-8: the identity of a document's content."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def document_id(source_key: str) -> str:
    """Stable id of an input location (a file, a JSONL line, a WARC record).

    Keyed by where the document came from, not by its content, so that a changed file
    keeps its id and replaces its old version.  A document whose file is moved or renamed
    keeps the id it was first stored under (the scan re-points it), so a stored id is not
    always the digest of the stored ``source_key``.
    """
    return hashlib.sha1(source_key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# The part of a source key after its file: "#id=…" (a record's own id), "#L12" (line 12 of a
# JSONL or CSV file, row 12 of a Parquet file: a record without an id), "#R3" (the third HTML
# response of a WARC file, the third item of a JSON array).
_RECORD_SUFFIX = re.compile(
    r"\.(?:jsonl|ndjson|json|csv|tsv|parquet|warc|wet)(?:\.gz)?(#(?:id=.*|L\d+|R\d+))\Z", re.I | re.S
)


def record_of(source_key: str, file: str | None = None) -> str | None:
    """Which record of a multi-record file a document is, as people read it: ``id=…`` (a JSONL
    record's ``id`` field), ``line N`` (a JSONL line without an id) or ``record N`` (the N-th
    HTML response of a WARC file); None for a document that is a whole file.

    The one place that reads a source key's record part; ``file`` (the stored input file the
    key starts with) makes it exact whatever the id or the path contain.
    """
    if file and source_key.startswith(file):
        suffix = source_key[len(file) :]
    else:
        found = _RECORD_SUFFIX.search(source_key)
        suffix = found.group(1) if found else ""
    if suffix.startswith("#id="):
        return "id=" + suffix[4:]
    if re.fullmatch(r"#L\d+", suffix):
        return f"line {suffix[2:]}"
    if re.fullmatch(r"#R\d+", suffix):
        return f"record {suffix[2:]}"
    return None


@dataclass(frozen=True, slots=True)
class Citation:
    """A document's citable parts: the file as shown (``path``), the record inside it
    (``record``, None for a whole file) and its ``url``; ``str()`` gives the one-line citation."""

    path: str
    record: str | None = None
    url: str | None = None

    def __str__(self) -> str:
        """``path`` for a whole file, ``path#id=…`` for a record with an id, else the record's
        URL, else ``path#line=N`` / ``path#record=N``: never a path several records share."""
        if self.record is None:
            return self.path
        if self.record.startswith("id="):
            return f"{self.path}#{self.record}"
        if self.url:
            return self.url
        return f"{self.path}#{self.record.replace(' ', '=', 1)}"

    @property
    def text(self) -> str:
        return str(self)

    def fields(self) -> dict[str, str | None]:
        """``path``, ``record`` and ``url``: what every export carries, as separate fields."""
        return {"path": self.path, "record": self.record, "url": self.url}


def citation(path: str, source_key: str | None, url: str | None = None, file: str | None = None) -> Citation:
    """The citation of a document shown as ``path``, read from its source key (and input file)."""
    return Citation(path, record_of(source_key, file) if source_key else None, url)


@dataclass(slots=True)
class Document:
    """One article as ingested.

    ``source_key`` names the input exactly (``path`` for a file, ``path#L12`` for line 12 of
    a JSONL file, ``path#R3`` for the fourth response record of a WARC file).
    """

    id: str
    source_key: str
    path: str
    text: str
    sha1: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    date_source: DateSource = "none"
    fmt: str = "txt"  # txt, md, html, jsonl, warc
    mtime: float | None = None  # of the input file, used to skip unchanged inputs
    extra: dict[str, Any] = field(default_factory=dict)
    language: str | None = None  # ISO 639 code (``und``: cannot tell); None until read (``stages.language``)
    languages: str | None = None  # every language of the text, main first (``en,fa``); None until read

    @property
    def record(self) -> str | None:
        """The record inside its file (``id=…``, ``line N``, ``record N``), None for a whole file."""
        return record_of(self.source_key)

    @property
    def citation(self) -> Citation:
        """How to cite this document: ``path#id=…``, its URL, or its path (see :class:`Citation`)."""
        return Citation(self.path, self.record, self.url)


@dataclass(frozen=True, slots=True)
class InputProblem:
    """An input that could not be turned into a document, and why: a record to report and
    store (the `errors` table), not an exception; the scan goes on without it."""

    path: str
    reason: str
    line: int | None = None  # JSONL line number or WARC record number, 1-based

    def message(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Token:
    """A word (or a single character in scripts written without spaces)."""

    start: int
    end: int
    norm: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence-like unit: ``[start, end)`` in the text, tokens ``[first, last)``."""

    start: int
    end: int
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Span:
    doc: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Alignment:
    """A passage of ``source`` reused in ``target``.

    ``source`` is the earlier document when both dates are known; otherwise the order is the
    one the pair was compared in and ``ordered`` is False.
    """

    source: Span
    target: Span
    kind: AlignmentKind
    score: float
    matched_words: int = 0
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class NarrativeMember:
    doc: str
    start: int
    end: int
    published: str | None
    outlet: str | None


@dataclass(slots=True)
class Narrative:
    """Reused passages grouped across documents: one story told by many members."""

    id: str
    members: list[NarrativeMember]
    earliest: list[str]  # doc ids; several when tied; empty when no member has a date
    earliest_status: Literal["dated", "tied", "unknown"]
    documents: int
    outlets: int
    first_date: str | None
    last_date: str | None
    undated: int = 0
