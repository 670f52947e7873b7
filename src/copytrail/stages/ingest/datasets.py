"""Files that hold many records besides JSON Lines: CSV and TSV, Parquet, JSON (one object, an
array of objects, or an object holding such an array), and any of the text ones gzipped.

What researchers export from a spreadsheet, a news API, a crawler (news-please writes one
``.json`` file per article) or a dataset hub arrives in these.  Each reader here turns its file
into ``(number, record)`` pairs, the record a ``dict`` of fields or the one-line reason it is
none, and ``jsonl.read_records`` makes every record a document exactly as a JSONL line would
be: the same fields, aliases, dates, budgets and messages.  Memory follows the largest record,
not the file: CSV and JSON Lines are read a line at a time, Parquet a batch of rows at a time,
a JSON array one element at a time.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import decimal
import gzip
import io
import json
import math
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

from copytrail.records import Document, InputProblem
from copytrail.stages.ingest.decode import latin_codec, other_script_codec
from copytrail.stages.ingest.guard import InputNote, shown_text
from copytrail.stages.ingest.jsonl import (
    FIELD_ALIASES,
    JsonlPage,
    blank_line,
    json_kind,
    json_record,
    jsonl_file_lines,
    line_records,
    read_records,
)
from copytrail.stages.ingest.settings import IngestSettings, size_text

Numbered = tuple[int, "dict[str, Any] | str"]  # a record by its line, row or item number, or why it is none

# Our fields and the aliases other tools give them, by lower case: a spreadsheet's "Text",
# "Title" or "URL" column is ours.
_KNOWN_NAMES: dict[str, str] = {
    name.lower(): name
    for name in ("id", "text", "html", "url", "title", "author", "published", "date", "outlet", "calendar", "language")
    + tuple(alias for aliases in FIELD_ALIASES.values() for alias in aliases)
}


class Refused(Exception):
    """A compressed file over its decompression budget."""


class Gunzipped(io.RawIOBase):
    """A gzip file's decompressed bytes, counted against ``budget`` (a small file may expand to
    gigabytes); one member or many; a stream cut inside a member ends there and sets ``cut``."""

    def __init__(self, fh: BinaryIO, budget: int) -> None:
        self.gz = gzip.GzipFile(fileobj=fh, mode="rb")
        self.budget = budget
        self.total = 0
        self.cut = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.cut:
            return 0
        try:
            data = self.gz.read1(len(buffer))
        except EOFError:
            self.cut = True
            return 0
        self.total += len(data)
        if self.total > self.budget:
            raise Refused(f"expands to more than {size_text(self.budget)} (max_decompressed_bytes)")
        buffer[: len(data)] = data
        return len(data)


def open_input(path: Path, budget: int) -> tuple[BinaryIO, Gunzipped | None]:
    """The file's bytes as a buffered stream, decompressed when it is gzipped (whatever its
    name), and the decompressing layer (None for a plain file) whose ``cut`` tells a truncation."""
    fh = path.open("rb")
    if fh.read(2) != b"\x1f\x8b":
        fh.seek(0)
        return fh, None
    fh.seek(0)
    raw = Gunzipped(fh, budget)
    return io.BufferedReader(raw, 1 << 16), raw  # type: ignore[return-value]


def canonical_names(record: dict[str, Any]) -> dict[str, Any]:
    """A row's columns under our names where only the case differs ("Text", "URL", "Date"):
    a column already named as ours wins, and unknown columns keep their names."""
    out: dict[str, Any] = {}
    for name, value in record.items():
        ours = _KNOWN_NAMES.get(name.strip().lower(), name) if isinstance(name, str) else name
        if ours in out and ours != name:
            out.setdefault(name, value)
            continue
        if ours != name and ours in record:
            out[name] = value
            continue
        out[ours] = value
    return out


# ----------------------------------------------------------------------------- CSV and TSV
def csv_records(fh: BinaryIO, delimiter: str | None, max_bytes: int) -> Iterator[Numbered]:
    """The rows of a CSV (or TSV: ``delimiter`` tab) file as records under its header's names,
    numbered by the line each row starts on; empty cells are absent fields.  Each line is
    decoded on its own (UTF-8, else the file's legacy codec: ``jsonl_file_lines``).  A comma
    file may be separated by semicolons or tabs instead, as spreadsheets in many locales write
    it: the header says which (``delimiter`` None).  A line over ``max_bytes`` that is a whole
    row is reported and passed over; one inside a quoted cell ends the file's rows (nothing
    after it can be trusted)."""
    state = _CsvLines()
    source = state.lines(fh, max_bytes)
    header_line = next(source, None)
    too_long = f"line longer than {size_text(max_bytes)} (max_document_bytes)"
    if header_line is None:
        if state.long or state.stopped:
            yield 1, too_long
        return
    rows = csv.reader(_chain(header_line, source), delimiter=delimiter or _separator(header_line), strict=True)
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(rows)]
    except csv.Error as exc:
        yield 1, f"not CSV: {exc}"
        return
    repeated = sorted({name for name in header if header.count(name) > 1 and name})
    if repeated:
        yield 1, f"CSV header names {shown_text(repeated[0])!r} twice"
        return
    if (missing := _no_text_column(header)) is not None:
        yield 1, missing
        return
    while True:
        try:
            row = next(rows, None)
        except csv.Error as exc:
            if not state.stopped:  # else the cell cut by the long line is what ended the data
                yield state.row_start, f"not CSV: {exc}"
            break
        yield from ((line, too_long) for line in state.take_long())
        if row is None:
            break
        if any(row[len(header) :]):  # (empty cells past the header, as spreadsheets leave, are none)
            yield state.row_start, f"row has {len(row)} cells, the header {len(header)}"
        elif any(row):  # a row of empty cells (a spreadsheet's blank line) is no record
            yield state.row_start, canonical_names({name: cell for name, cell in zip(header, row, strict=False) if cell != "" and name})
    if state.stopped:
        yield state.stopped, f"{too_long} inside a quoted cell; the rows after it are not read"


class _CsvLines:
    """A CSV file's lines as the csv reader asks for them, and where each row starts: a line
    fed while no quoted cell is open starts a row (the parity of the quotes fed tells)."""

    def __init__(self) -> None:
        self.row_start, self.parity, self.stopped = 1, 0, 0
        self.long: list[int] = []

    def lines(self, fh: BinaryIO, max_bytes: int) -> Iterator[str]:
        quotes: list[int] = []
        for number, text in jsonl_file_lines(fh, max_bytes, quotes):
            if text is None:
                if self.parity or quotes[-1] % 2:  # a cell opened before it, or in it, goes on past it
                    self.stopped = number
                    return
                self.long.append(number)
                continue
            if not self.parity:
                self.row_start = number
            self.parity ^= text.count('"') & 1
            yield text + "\n"

    def take_long(self) -> list[int]:
        """The lines over the budget passed over since last asked (each a whole row)."""
        taken, self.long = self.long, []
        return taken


_TEXT_NAMES = frozenset({"text", "html", *FIELD_ALIASES["text"]})


def _no_text_column(names: list[str]) -> str | None:
    """Why a table's rows can hold no document (one line for the file, not one per row: a
    folder's list of links is no corpus), or None."""
    if _TEXT_NAMES & canonical_names(dict.fromkeys(names)).keys():
        return None
    shown = ", ".join(shown_text(str(name), 30) for name in names[:8]) + (", …" if len(names) > 8 else "")
    return f"no 'text' or 'html' column (its columns: {shown or 'none'})"


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _separator(header: str) -> str:
    """The separator a comma file's header uses: a comma, unless it holds none and a
    semicolon or tab instead (counted outside quotes)."""
    outside = "".join(part for k, part in enumerate(header.split('"')) if k % 2 == 0)
    counts = {sep: outside.count(sep) for sep in (",", ";", "\t")}
    return "," if counts[","] else max((";", "\t"), key=lambda sep: counts[sep]) if any(counts.values()) else ","


csv.field_size_limit(1 << 30)  # a cell holds a whole article; ``max_document_bytes`` bounds its line


# ---------------------------------------------------------------------------------- Parquet
def parquet_records(path: Path) -> Iterator[Numbered]:
    """The rows of a Parquet file, numbered from 1, a batch of rows at a time; values made
    plain (timestamps and dates as ISO text, binary text decoded) so that a row reads as the
    same record as its JSON would."""
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow's errors name no common base
        yield 0, f"not a Parquet file: {shown_text(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)}"
        return
    if (missing := _no_text_column(table.schema_arrow.names)) is not None:
        yield 0, missing
        return
    number = 0
    try:
        for batch in table.iter_batches(batch_size=256):
            for row in batch.to_pylist():
                number += 1
                plain = {name: _plain(value) for name, value in row.items()}
                yield number, canonical_names({name: value for name, value in plain.items() if value is not None})
    except Exception as exc:  # noqa: BLE001
        yield number + 1, f"unreadable Parquet data: {shown_text(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)}"


def _plain(value: Any) -> Any:
    """A Parquet value as JSON would hold it."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# ------------------------------------------------------------------------------------- JSON
_CHUNK = 1 << 16
_BLANKS = " \t\r\n"


def json_file_records(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[str, int, dict[str, Any] | str]]:
    """The records of a ``.json`` file as ``(how, number, record)``, ``how`` saying what the
    number counts: ``"item"``, the elements of an array (read one at a time, so memory follows
    the largest); ``"line"``, a file that is JSON Lines under another name; ``"whole"``, one
    object that is a document.  One object that is no document but holds an array of objects
    (a news API's ``{"articles": [...]}``) gives that array's items; such an object, like a
    document, is read whole within ``max_bytes``."""
    head = fh.peek(_CHUNK)[:_CHUNK]  # type: ignore[attr-defined]
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        text: io.TextIOBase = io.TextIOWrapper(fh, encoding="utf-16", newline="")
    else:
        encoding = _json_codec(head)
        opening = head.decode(encoding, "ignore").lstrip("\ufeff" + _BLANKS)[:1]
        if opening == "{":
            first = fh.readline(max_bytes + 1)
            more = fh.peek(_CHUNK)[:_CHUNK].strip()  # type: ignore[attr-defined]
            record = json_record(first.decode(encoding, "replace")) if more else None
            if isinstance(record, dict):  # JSON Lines (one object alone is no more than its file)
                yield "line", 1, record
                for number, line in jsonl_file_lines(fh, max_bytes):
                    if line is None:
                        yield "line", number + 1, f"line longer than {size_text(max_bytes)} (max_document_bytes)"
                    elif not blank_line(line):
                        yield "line", number + 1, json_record(line)
                return
            fh = io.BufferedReader(_Joined(first, fh))  # type: ignore[assignment]
        text = io.TextIOWrapper(fh, encoding=encoding, errors="surrogateescape", newline="")
    window = _Window(text)
    if window.next_char() == "[":
        window.at += 1
        yield from (("item", n, r) for n, r in _array_items(window, max_bytes))
        return
    whole = window.buffer[window.at :] + text.read(max(0, max_bytes + 1 - len(window.buffer)))
    if len(whole) > max_bytes:
        yield "whole", 0, f"JSON file larger than {size_text(max_bytes)} (max_document_bytes) that is no array or JSON Lines"
        return
    try:
        value = json.loads(whole)
    except json.JSONDecodeError as exc:
        yield "whole", 0, f"not JSON: {shown_text(exc.msg)} at line {exc.lineno} column {exc.colno}"
        return
    except (RecursionError, ValueError):
        yield "whole", 0, "not JSON Python can read (nested too deeply, or a number of more than 4,300 digits)"
        return
    yield from _whole_value(value)


def _whole_value(value: Any) -> Iterator[tuple[str, int, dict[str, Any] | str]]:
    if not isinstance(value, dict):
        yield "whole", 0, f"JSON file holds {_kind(value)}, not an object or an array of objects"
        return
    if {"text", "html", *FIELD_ALIASES["text"]} & value.keys():
        yield "whole", 0, value  # (0: the file itself, no line of it)
        return
    lists = [v for v in value.values() if isinstance(v, list) and v and sum(isinstance(x, dict) for x in v) * 2 > len(v)]
    if not lists:
        yield "whole", 0, "JSON object has no 'text' or 'html' and holds no array of records"
        return
    yield from (("item", n, _object_or_reason(v)) for n, v in enumerate(max(lists, key=len), 1))


def _object_or_reason(value: Any) -> dict[str, Any] | str:
    return value if isinstance(value, dict) else f"JSON array item is not an object but {_kind(value)}"


def _kind(value: Any) -> str:
    return "an object" if isinstance(value, dict) else json_kind(value)


def _json_codec(head: bytes) -> str:
    """UTF-8 (its mark passed over) where the first bytes hold any UTF-8 beyond ASCII or no
    byte UTF-8 refuses, else the legacy codec they read as.  Either is read with bytes it
    refuses kept as lone surrogates, so that a damaged string fails its own record alone
    (``guard.admit``), not the file."""
    read = head.decode("utf-8", "surrogateescape")
    if not any("\udc80" <= c <= "\udcff" for c in read) or any(c > "\x7f" and not "\udc80" <= c <= "\udcff" for c in read):
        return "utf-8-sig"
    return other_script_codec(head) or latin_codec(head)


class _Joined(io.RawIOBase):
    """Bytes already read, then the rest of a stream."""

    def __init__(self, first: bytes, rest: BinaryIO) -> None:
        self.first, self.rest = first, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.first:
            data, self.first = self.first[: len(buffer)], self.first[len(buffer) :]
        else:
            data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _Window:
    """The part of a text not yet decoded, read on in chunks as the decoder needs."""

    def __init__(self, text: io.TextIOBase) -> None:
        self.text, self.buffer, self.at, self.ended = text, "", 0, False

    def _read(self, size: int) -> str:
        more = self.text.read(size)
        self.ended = not more
        return more

    def next_char(self) -> str | None:
        """The next character that is not white space (passing over the rest), or None at the end."""
        while True:
            rest = self.buffer[self.at :].lstrip(_BLANKS)
            if rest:
                self.buffer, self.at = rest, 0
                return rest[0]
            if self.ended:
                return None
            self.buffer, self.at = self._read(_CHUNK), 0

    def decode(self, decoder: json.JSONDecoder, max_bytes: int) -> tuple[Any] | str:
        """The JSON value at the window's start (in a 1-tuple), or why there is none: a value
        over ``max_bytes`` is passed over (``_PassedOver``), any other fault ends the array."""
        while True:
            try:
                value, end = decoder.raw_decode(self.buffer, self.at)
                number = isinstance(value, int | float) and not isinstance(value, bool)
                if self.ended or (_NUMBER_ENDS.search(self.buffer, end) if number else end < len(self.buffer)):
                    self.at = end  # (a number read to the window's end may go on in the next chunk)
                    return (value,)
            except json.JSONDecodeError as exc:
                if self.ended:
                    return f"not JSON: {shown_text(exc.msg)}"
            except RecursionError:
                return "not JSON: nested too deeply"
            if len(self.buffer) - self.at > max_bytes:
                if not self.skip_value():
                    return "not JSON: the array is not closed"
                return _PassedOver(f"array item longer than {size_text(max_bytes)} (max_document_bytes)")
            more = self._read(max(_CHUNK, len(self.buffer) - self.at))
            self.buffer, self.at = self.buffer[self.at :] + more, 0

    def skip_value(self) -> bool:
        """Pass over the value at the window's start without holding it (strings, escapes and
        brackets followed chunk by chunk); False when the text ends inside it."""
        depth, in_string, at, buffer = 0, False, self.at, self.buffer
        while True:
            found = (_IN_STRING if in_string else _OUTSIDE).search(buffer, at)
            if found is None:  # nothing left but, in a string, an escape that the next chunk ends
                more = self._read(_CHUNK)
                if not more:
                    self.buffer, self.at = "", 0
                    return False
                buffer, at = ("\\" if in_string and buffer[at:].endswith("\\") else "") + more, 0
                continue
            char, at = found.group(), found.end()
            if in_string:
                in_string = char != '"'  # an escape takes its next character with it
                if not in_string and depth == 0:
                    break
            elif char == '"':
                in_string = True
            elif char in "[{":
                depth += 1
            elif char == "," and depth:
                continue
            elif char in "]}" and depth > 1:
                depth -= 1
            else:  # the value's last bracket, or the "," or "]" after a bare value
                at -= char in ",]" and depth == 0
                break
        self.buffer, self.at = buffer, at
        return True


_IN_STRING = re.compile(r'\\.|"', re.S)  # an escape (with what it escapes) or the closing quote
_OUTSIDE = re.compile(r'["\[\]{},]')
_NUMBER_ENDS = re.compile(r"[^0-9.eE+\-]")  # a character no number holds


class _PassedOver(str):
    """Why an array item was passed over; the items after it are read."""


def _array_items(window: _Window, max_bytes: int) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """The elements of a JSON array whose "[" the window has passed.  A damaged element ends
    the array (JSON cannot be resynchronised); the elements before it are kept.  One over the
    budget is passed over and reported, and the array goes on."""
    decoder = json.JSONDecoder()
    number = 0
    while True:
        char = window.next_char()
        if char is None:
            yield number + 1, "not JSON: the array is not closed"
            return
        if char == "]":
            return
        if number:
            if char != ",":
                yield number + 1, f"not JSON: expected ',' or ']' after item {number}"
                return
            window.at += 1
            if window.next_char() is None:
                yield number + 1, "not JSON: the array is not closed"
                return
        found = window.decode(decoder, max_bytes)
        number += 1
        if isinstance(found, str):
            yield number, str(found)
            if isinstance(found, _PassedOver):
                continue
            return
        yield number, _object_or_reason(found[0])


# ------------------------------------------------------------------------------ one reader
_MARKS = {"item": "R", "line": "L", "whole": ""}  # a JSON file's records keyed by item, line, or the file


def read_record_file(
    path: Path,
    fmt: str,
    where: tuple[str, str, float],  # the file as shown, its resolved path, its time
    limits: IngestSettings,
    noted: Callable[[InputNote], None] | None = None,
    defer_pages: bool = False,
) -> Iterator[Document | InputProblem | JsonlPage]:
    """The documents of a file of records (``fmt``: jsonl, json, csv, tsv, parquet), gzipped
    or not, and a one-line problem for each record that is none; a file cut short or over its
    decompression budget keeps the records read before, and says so."""
    shown, source, mtime = where
    if fmt == "parquet":
        records: Iterable[tuple[int, dict[str, Any] | str]] = parquet_records(path)
        yield from _documents(read_records(records, source, shown, mtime, limits, noted, defer_pages, fmt="parquet"), shown)
        return
    fh, raw = open_input(path, limits.max_decompressed_bytes)
    with fh:
        try:
            mark = "L"
            if fmt == "jsonl":
                if _looks_binary(fh.peek(8192)[:8192]):  # type: ignore[attr-defined]
                    yield InputProblem(shown, "binary file")
                    return
                records = line_records(jsonl_file_lines(fh, limits.max_document_bytes), limits)
            elif fmt in ("csv", "tsv"):
                records = csv_records(fh, "\t" if fmt == "tsv" else None, limits.max_document_bytes)
            else:
                found = json_file_records(fh, limits.max_document_bytes)
                first, missing = _until_text(found)
                if missing is not None:
                    yield InputProblem(shown, missing)
                    return
                mark = _MARKS[first[0][0]] if first else "L"
                records = ((number, record) for _how, number, record in chain(first, found))
            yield from _documents(read_records(records, source, shown, mtime, limits, noted, defer_pages, mark=mark, fmt=fmt), shown)
        except Refused as exc:
            yield InputProblem(shown, str(exc))
            return
        except (gzip.BadGzipFile, zlib.error) as exc:
            yield InputProblem(shown, f"corrupt gzip data ({shown_text(str(exc))}); the records after it are not read")
            return
        except UnicodeDecodeError as exc:
            yield InputProblem(shown, f"cannot decode as {exc.encoding}; the records after it are not read")
            return
    if raw is not None and raw.cut:
        yield InputProblem(shown, "truncated gzip file: its last records are lost")


_LOOKED_AT = 100  # records of a JSON array read before one with a text field must come


def _until_text(found: Iterator[tuple[str, int, dict[str, Any] | str]]) -> tuple[list[tuple[str, int, dict[str, Any] | str]], str | None]:
    """A JSON file's records up to the first that is not an array's object without a text
    field, and, when the array's first ``_LOOKED_AT`` records (two or more) are all objects
    without one, why the file can hold no document: one line for the file, as for a table with
    no text column (a crawl's list of resources is no corpus).  Such a record is held as the
    reason it gives, not as itself, so memory stays that of one record."""
    head: list[tuple[str, int, dict[str, Any] | str]] = []
    fields: set[str] = set()
    for how, number, record in found:
        if how != "item" or not isinstance(record, dict) or _TEXT_NAMES & record.keys():
            head.append((how, number, record))  # (a damaged or non-object item is told as itself)
            return head, None
        fields.update(str(name) for name in record)
        head.append((how, number, "JSON line has no 'text' or 'html'"))  # what reading it would say
        if len(head) >= _LOOKED_AT:
            break
    if len(head) < 2:
        return head, None
    shown = ", ".join(shown_text(name, 30) for name in sorted(fields)[:8]) + (", …" if len(fields) > 8 else "")
    return head, f"no record has 'text' or 'html' (their fields: {shown or 'none'})"


def _documents(
    items: Iterator[Document | InputProblem | JsonlPage], shown: str
) -> Iterator[Document | InputProblem | JsonlPage]:
    """What the records gave, or that the file holds none."""
    found = False
    for item in items:
        found = True
        yield item
    if not found:
        yield InputProblem(shown, "empty file")


def _looks_binary(head: bytes) -> bool:
    """Whether a JSONL file's first bytes are binary data: NUL bytes without a UTF-16 mark and
    no JSON object on any line among them (one hostile line must not hide the records beside it)."""
    if b"\x00" not in head or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    return not any(isinstance(json_record(line.decode("utf-8", "replace")), dict) for line in head.split(b"\n"))
