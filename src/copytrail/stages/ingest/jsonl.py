"""JSON Lines: one document per object line; a bad line is reported and the rest goes on.

The Spark engine parses records with the same ``json_kind``, ``jsonl_key`` and
``jsonl_document``, so both engines give the same documents and the same messages."""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO

from copytrail.records import Document, InputProblem, content_hash, document_id
from copytrail.stages.ingest.decode import latin_codec, other_script_codec
from copytrail.stages.ingest.guard import (
    InputNote,
    admit,
    date_note,
    late_date_note,
    page_date_note,
    shown_text,
)
from copytrail.stages.ingest.html import NO_TEXT, document_from_html
from copytrail.stages.ingest.metadata import (
    clean_field,
    document_numbers_calendar,
    outlet_from_url,
    set_metadata_date,
)
from copytrail.stages.ingest.page_dates import url_day
from copytrail.stages.ingest.settings import DEFAULT_INGEST, IngestSettings, size_text

_JSONL_FIELDS = frozenset(
    {"id", "text", "html", "url", "title", "author", "published", "date", "outlet"}
)
# Names other tools give the same fields (news-please: maintext, date_publish, source_domain,
# authors; NewsAPI: content, publishedAt, source.name; many scrapers: body, headline, link),
# read where a record lacks ours; the first present wins, and what is read is not kept twice
# in ``extra``.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("maintext", "content", "body", "article", "full_text"),
    "published": ("date_publish", "date_published", "published_at", "publishedAt", "publish_date", "pubdate", "datetime"),
    "outlet": ("source_domain", "source", "site_name", "site", "publisher"),
    "author": ("authors", "byline"),
    "title": ("headline",),
    "url": ("link", "source_url"),
}


def _alias_value(field: str, value: Any) -> Any:
    """An alias's value as the field holds it: a list of authors joined, a source object's name."""
    if field == "author" and isinstance(value, list):
        names = [v.strip() for v in value if isinstance(v, str) and v.strip()]
        return ", ".join(names) or None
    if field == "outlet" and isinstance(value, dict):
        return value.get("name")
    return value


def with_our_fields(record: dict[str, Any]) -> tuple[dict[str, Any], frozenset[str]]:
    """``record`` with each of our fields it lacks read from the first alias it holds, and the
    aliases so read (left out of the document's ``extra``)."""
    found: dict[str, Any] = {}
    used: set[str] = set()
    for field, aliases in FIELD_ALIASES.items():
        present = field in record or (field == "published" and "date" in record)
        if present or (field == "text" and "html" in record):
            continue
        for alias in aliases:
            if record.get(alias) not in (None, "", []):
                found[field] = _alias_value(field, record[alias])
                used.add(alias)
                break
    return ({**record, **found}, frozenset(used)) if found else (record, frozenset())


def jsonl_file_lines(fh: BinaryIO, max_bytes: int, quotes: list[int] | None = None) -> Iterator[tuple[int, str | None]]:
    """``(line number, text)`` of each line of an open JSONL file, read one line at a time so
    that memory follows the longest line allowed, not the file; the text is None for a line
    over ``max_bytes`` (its bytes are passed over unread; ``quotes`` is told how many double
    quotes each held, which says whether a CSV file's quoted cell ends inside it).

    A UTF-16 file (it starts with a byte-order mark) is decoded as such; otherwise each line is
    decoded on its own (UTF-8, else the file's legacy codec, else latin-1: ``_decode_line``), so
    that one line in cp1252 does not turn the other (UTF-8) lines into mojibake.  Lines are
    split on "\\n" only: U+2028 and friends are allowed raw inside JSON strings.
    """
    head = fh.peek(3)[:3]  # type: ignore[attr-defined]  # a buffered stream (a gzipped one cannot seek)
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        fh.read(2)
        encoding = "utf-16-le" if head[:2] == codecs.BOM_UTF16_LE else "utf-16-be"
        yield from _text_lines(io.TextIOWrapper(fh, encoding=encoding, newline="\n"), max(1, max_bytes // 2), quotes)
        return
    if head == codecs.BOM_UTF8:
        fh.read(3)
    number = 0
    legacy: list[str] = []  # the file's codec for lines that are not UTF-8, told from the first
    while raw := fh.readline(max_bytes + 1):
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            held = raw.count(b'"')
            while rest := fh.readline(1 << 20):
                held += rest.count(b'"')
                if rest.endswith(b"\n"):
                    break
            if quotes is not None:
                quotes.append(held)
            yield number, None
            continue
        yield number, _decode_line(raw[:-1] if raw.endswith(b"\n") else raw, legacy)


def _decode_line(line: bytes, legacy: list[str]) -> str:
    """One line: UTF-8, else the codec the file's first line that is not UTF-8 was told to be
    in (a codec of another script, ``decode.other_script_codec``: a cp1251 export of a Russian
    site; else the Latin one, ``decode.latin_codec``: cp1250, ISO-8859-2, cp1254, cp1257,
    Mac Roman, cp850 or cp1252), else cp1252, else latin-1."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if not legacy:
        legacy.append(other_script_codec(line) or latin_codec(line))
    for name in dict.fromkeys((legacy[0], "cp1252")):
        try:
            return line.decode(name)
        except UnicodeDecodeError:
            continue
    return line.decode("latin-1")


def _text_lines(stream: io.TextIOWrapper, max_chars: int, quotes: list[int] | None = None) -> Iterator[tuple[int, str | None]]:
    number = 0
    while line := stream.readline(max_chars + 1):
        number += 1
        if len(line) > max_chars and not line.endswith("\n"):
            held = line.count('"')
            while rest := stream.readline(1 << 20):
                held += rest.count('"')
                if rest.endswith("\n"):
                    break
            if quotes is not None:
                quotes.append(held)
            yield number, None
            continue
        yield number, line[:-1] if line.endswith("\n") else line


def line_records(lines: Iterable[tuple[int, str | None]], limits: IngestSettings) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Each JSON line's object, or why it is none; blank lines passed over."""
    for number, line in lines:
        if line is None:
            yield number, f"line longer than {size_text(limits.max_document_bytes)} (max_document_bytes)"
        elif not blank_line(line):
            yield number, json_record(line)


# What a record is called in the reasons a reader gives, by format ("JSON line has no 'text'").
_RECORD_NAMES = {"jsonl": "JSON line", "json": "JSON record", "csv": "row", "tsv": "row", "parquet": "row"}


def read_records(
    records: Iterable[tuple[int, dict[str, Any] | str]],
    source: str,
    shown: str,
    mtime: float,
    limits: IngestSettings = DEFAULT_INGEST,
    noted: Callable[[InputNote], None] | None = None,
    defer_pages: bool = False,
    *,
    mark: str = "L",
    fmt: str = "jsonl",
) -> Iterator[Document | InputProblem | JsonlPage]:
    """One document per record (a dict, or the reason its place holds none), read as a JSONL
    line is: the readers of every file of records (``datasets``) end here.  ``number`` 0 is
    the whole file; a record without an ``id`` is keyed ``#{mark}{number}`` (``L`` a line,
    ``R`` an array's item; no ``mark``: the file is the document).  ``fmt`` is the documents'
    format and names a record in the reasons."""
    first_line: dict[str, int] = {}
    read_at = datetime.now(UTC)
    for number, record in records:
        if isinstance(record, str):
            yield InputProblem(shown, _worded(record, fmt), line=number or None)
            continue
        key, problem = jsonl_key(record, number, first_line, mark)
        if problem:
            yield InputProblem(shown, problem, line=number or None)
            continue
        html = _document_html(record) if defer_pages else None
        if html is not None:
            yield JsonlPage(record, f"{source}{key}", shown, mtime, number, read_at, len(html), fmt)
            continue
        for event in record_events(record, f"{source}{key}", shown, mtime, number, limits, read_at, fmt):
            if not isinstance(event, InputNote):
                yield event
            elif noted is not None:
                noted(event)


def _worded(reason: str, fmt: str) -> str:
    """A reason as it reads for a record of ``fmt`` (a CSV row is no "JSON line")."""
    name = _RECORD_NAMES.get(fmt, "JSON line")
    if fmt in ("csv", "tsv", "parquet") and reason.startswith("JSON '"):
        return reason[len("JSON ") :]
    return reason.replace("JSON line", name, 1) if reason.startswith("JSON line") else reason


_BLANK = " \t\n\r\x0b\x0c"  # ASCII white space: what a blank line of a JSONL file may hold


def blank_line(line: str) -> bool:
    """Whether a JSONL line is blank, and skipped: ASCII white space only.  Python's own
    ``strip`` also takes the separators U+001C–U+001F, U+0085 and U+00A0 for white space, and a
    line of them is no JSON: it is reported, not passed over in silence."""
    return not line.strip(_BLANK)


def record_events(
    record: dict[str, Any], source_key: str, shown: str, mtime: float, number: int, limits: IngestSettings, read_at: datetime,
    fmt: str = "jsonl",
) -> list[Document | InputProblem | InputNote]:
    """What one JSON record gives, in the order a reader tells it: the notes on its date,
    then its document; or the problem that left it out.  A pure function of the record."""
    item = jsonl_document(record, source_key, shown, mtime, limits, fmt)
    if isinstance(item, str):
        return [InputProblem(shown, _worded(item, fmt), line=number or None)]
    notes = (record_date_note(record, item, limits.day_first), late_date_note(item, read_at))
    return [*(InputNote(shown, note, number or None) for note in notes if note is not None), item]


def _document_html(record: dict[str, Any]) -> str | None:
    """The HTML a record's document would be read from (it has no text of its own), or None."""
    fields = with_our_fields(record)[0]
    return fields["html"] if _document_field(fields.get("text"), fields.get("html")) == "html" else None


def _document_field(text: Any, html: Any) -> str | None:
    """Which field a record's document is read from: its text when it holds any, else its
    HTML when that holds any; None when neither (the record is a problem)."""
    if isinstance(text, str) and text.strip():
        return "text"
    if isinstance(html, str) and html.strip():
        return "html"
    return None


@dataclass(frozen=True, slots=True)
class JsonlPage:
    """A JSON record whose document is its HTML, read but not yet extracted: what extracting
    it needs (``events``), small enough to hand to a worker process."""

    record: dict[str, Any]
    source_key: str
    shown: str
    mtime: float
    number: int  # its line
    read_at: datetime  # when its file was read: a later stated date is noted
    size: int  # characters of its HTML (what waits for a worker)
    fmt: str = "jsonl"  # the format of the file that holds it

    def events(self, limits: IngestSettings) -> list[Document | InputProblem | InputNote]:
        return record_events(self.record, self.source_key, self.shown, self.mtime, self.number, limits, self.read_at, self.fmt)


def record_date_note(record: dict[str, Any], doc: Document, day_first: bool | None) -> str | None:
    """The note on a record's date: why its stated date is not kept, or that it (or, with no
    date field, its page's) was converted from another calendar or read from among other
    words; None when kept as written."""
    record = with_our_fields(record)[0]
    field = "published" if "published" in record else "date"
    if record.get(field) in (None, ""):
        return page_date_note(doc)
    if doc.published is not None and "published_raw" not in doc.extra:
        return None
    return date_note(field, record[field], day_first, document_numbers_calendar(doc))


def json_record(line: str) -> dict[str, Any] | str:
    """The object of one JSON line, or the one-line reason it is none."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        where = "column" if exc.msg.endswith(" at") else "at column"
        return f"not JSON: {shown_text(exc.msg)} {where} {exc.colno}"
    except RecursionError:
        return "not JSON: nested too deeply"
    except ValueError:  # Python refuses integers of more than 4,300 digits
        return "not JSON Python can read: a number of more than 4,300 digits"
    if not isinstance(record, dict):
        return f"JSON line is not an object but {json_kind(record)}"
    return record


def json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    return "a number"


def jsonl_key(record: dict[str, Any], number: int, first_line: dict[str, int], mark: str = "L") -> tuple[str, str]:
    """``(source-key suffix, "")`` for a line (``mark`` "R": an array's item; "": the file
    itself), or ``("", reason)`` when its ``id`` is unusable."""
    if record.get("id") is None:
        return (f"#{mark}{number}" if mark else ""), ""
    raw = record["id"]
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return "", "JSON 'id' must be a string or an integer"
    ident = str(raw)
    if ident in first_line:
        return "", f"duplicate id {ident!r} (first on {'line' if mark == 'L' else 'record'} {first_line[ident]})"
    first_line[ident] = number
    return f"#id={ident}", ""


def jsonl_document(
    record: dict[str, Any], source: str, shown: str, mtime: float, limits: IngestSettings = DEFAULT_INGEST, fmt: str = "jsonl"
) -> Document | str:
    """Build the document of one JSON object, or return the reason it cannot be one (a field
    of a type or value no document can hold, a text over a budget)."""
    record, read_aliases = with_our_fields(record)
    text, html = record.get("text"), record.get("html")
    extra = {k: v for k, v in record.items() if k not in _JSONL_FIELDS and k not in read_aliases}
    url = clean_field(record.get("url"))
    doc: Document | None
    read_from = _document_field(text, html)
    if read_from == "text":
        if "\x00" in text:
            return "'text' contains NUL characters"
        doc = Document(
            id=document_id(source),
            source_key=source,
            path=shown,
            text=text,
            sha1=content_hash(text),
            url=url,
            fmt=fmt,
            mtime=mtime,
            extra=extra,
        )
    elif read_from == "html":
        try:
            doc = document_from_html(
                html, source_key=source, path=shown, url=url, fmt=fmt, mtime=mtime, extra=extra, limits=limits
            )
        except ValueError as exc:
            return str(exc)
        if doc is None:
            return NO_TEXT
    elif text is None and html is None:
        return "JSON line has no 'text' or 'html'"
    elif text is not None and not isinstance(text, str):
        read_as = next((alias for alias in FIELD_ALIASES["text"] if alias in read_aliases), "text")
        return f"JSON '{read_as}' is not a string"
    elif html is not None and not isinstance(html, str):
        return "JSON 'html' is not a string"
    else:
        return "JSON 'text' is empty"
    # the record's own fields win over what was found in its HTML
    doc.title = clean_field(record.get("title")) or doc.title
    doc.author = clean_field(record.get("author")) or doc.author
    doc.outlet = clean_field(record.get("outlet")) or doc.outlet or outlet_from_url(doc.url)
    raw_date = record.get("published", record.get("date"))
    if raw_date is not None and raw_date != "":
        set_metadata_date(doc, raw_date, limits.day_first)
    elif doc.published is None and url_day(doc.url) is not None:
        doc.published, doc.date_source = url_day(doc.url), "url"  # a record stating no date, its address a day
    if "published" in record and "date" in record:
        doc.extra["date"] = record["date"]
    return admit(doc, limits) or doc
