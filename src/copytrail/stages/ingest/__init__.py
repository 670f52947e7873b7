"""Turn input files (text, Markdown, HTML, JSON Lines, JSON, CSV, Parquet, WARC) into ``Document`` records.

Everything in this package is a pure function of the files on disk: no database, no
network.  Bad input never raises; it becomes an ``InputProblem`` with a one-line reason so that one broken file (or
one broken line of a JSONL file, or one damaged WARC record) does not stop a whole run.

The text of a ``.txt``/``.md`` document is the file's content exactly as decoded (no newline
conversion, no stripping), because later stages store character offsets into it.

Each input format has its own module (``text``, ``html``, ``jsonl``, ``warc``; ``datasets`` for
JSON, CSV, TSV, Parquet and gzipped files of records); ``walk``
chooses the files, ``decode`` turns bytes into text, ``metadata`` reads dates and outlets and
``calendars`` the dates of other calendars (Solar Hijri converted where the evidence says so).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from copytrail.records import Document, InputProblem
from copytrail.stages.ingest.datasets import read_record_file
from copytrail.stages.ingest.decode import DecodeError, decode_bytes, sniff_html_charset
from copytrail.stages.ingest.guard import (
    InputNote,
    SkippedRecord,
    admit,
    date_note,
    escape_controls,
    late_date_note,
    page_date_note,
)
from copytrail.stages.ingest.html import document_from_html, read_html_file
from copytrail.stages.ingest.jsonl import (
    JsonlPage,
    blank_line,
    json_kind,
    json_record,
    jsonl_document,
    jsonl_key,
)
from copytrail.stages.ingest.metadata import (
    document_numbers_calendar,
    normalise_date,
    outlet_from_url,
)
from copytrail.stages.ingest.settings import DEFAULT_INGEST, IngestSettings, size_text
from copytrail.stages.ingest.text import file_document, read_markdown
from copytrail.stages.ingest.walk import (
    RECORD_FORMATS,
    SUPPORTED_SUFFIXES,
    InputFile,
    format_of,
    format_of_name,
    iter_input_files,
    os_reason,
    path_exists,
    path_text,
    unsupported_reason,
    walk_input_files,
)
from copytrail.stages.ingest.warc import WarcPage, read_warc

PendingPage = WarcPage | JsonlPage  # a page read but not extracted
PENDING_PAGES = (WarcPage, JsonlPage)

__all__ = [
    "RECORD_FORMATS",
    "SUPPORTED_SUFFIXES",
    "DecodeError",
    "IngestSettings",
    "InputFile",
    "InputNote",
    "SkippedRecord",
    "PENDING_PAGES",
    "JsonlPage",
    "PendingPage",
    "WarcPage",
    "blank_line",
    "decode_bytes",
    "document_from_html",
    "escape_controls",
    "iter_input_files",
    "json_kind",
    "json_record",
    "jsonl_document",
    "jsonl_key",
    "normalise_date",
    "outlet_from_url",
    "path_exists",
    "path_text",
    "read_file",
    "read_found_file",
    "walk_input_files",
]


def read_file(
    path: Path,
    display_path: str | None = None,
    *,
    file_dates: bool | None = None,
    limits: IngestSettings | None = None,
    skipped: Callable[[SkippedRecord], None] | None = None,
    noted: Callable[[InputNote], None] | None = None,
) -> Iterator[Document | InputProblem]:
    """Read one input file into its documents, and errors for whatever failed inside it.

    Never raises for bad content or an unreadable file: each problem becomes an
    ``InputProblem`` whose ``path`` is ``display_path`` (or the path as given).  A document
    whose input states no date is undated; with ``file_dates`` (default: ``limits.file_dates``)
    a .txt, .md or .html file's modification time stands in (``date_source`` "file").  The
    budgets of ``limits`` (default ``IngestSettings()``) bound what one document may cost;
    records a reader passes over on purpose (a WARC's images) go to ``skipped``, and problems
    of inputs read all the same (a date out of range: kept undated) to ``noted``.
    """
    path = Path(path)
    shown = display_path if display_path is not None else path_text(path)
    if format_of(path) is None:
        yield InputProblem(shown, unsupported_reason(path))
        return
    try:
        st = path.stat()
        source = path_text(path.resolve())
    except OSError as exc:
        yield InputProblem(shown, os_reason(exc))
        return
    yield from read_found_file(path, shown, source, st, file_dates=file_dates, limits=limits, skipped=skipped, noted=noted)


def read_found_file(
    path: str | os.PathLike[str],
    shown: str,
    source: str,
    st: os.stat_result,
    *,
    file_dates: bool | None = None,
    limits: IngestSettings | None = None,
    skipped: Callable[[SkippedRecord], None] | None = None,
    noted: Callable[[InputNote], None] | None = None,
    defer_pages: bool = False,
) -> Iterator[Document | InputProblem | PendingPage]:
    """``read_file`` for a file whose real path (``source``) and ``os.stat`` the caller holds
    already (a scan's walk gives both): no second stat or resolve per file.  A text file is
    read at most one byte past ``max_document_bytes`` even if it grew since ``st``.
    ``defer_pages``: a WARC file's HTML responses, and the JSONL records whose document is
    their HTML, come unextracted (``PENDING_PAGES``: each extracts itself, ``events``)."""
    limits = limits or DEFAULT_INGEST
    dated = limits.file_dates if file_dates is None else file_dates
    fmt = format_of_name(os.path.basename(path))
    if fmt is None:
        yield InputProblem(shown, unsupported_reason(Path(path)))
        return
    try:
        if fmt == "warc":
            yield from read_warc(Path(path), shown, source, st.st_mtime, limits, skipped, noted, defer_pages)
            return
        if fmt in RECORD_FORMATS:
            yield from read_record_file(Path(path), fmt, (shown, source, st.st_mtime), limits, noted, defer_pages)
            return
        data = b""
        if st.st_size <= limits.max_document_bytes:
            with open(path, "rb") as fh:
                data = fh.read(limits.max_document_bytes + 1)
        if max(st.st_size, len(data)) > limits.max_document_bytes:
            yield InputProblem(shown, f"file larger than {size_text(limits.max_document_bytes)} (max_document_bytes)")
            return
    except OSError as exc:
        yield InputProblem(shown, os_reason(exc))
        return
    for item in _read_text_file(data, fmt, shown, source, st.st_mtime, dated, limits):
        note = _file_date_note(item, fmt, limits.day_first) if noted is not None else None
        late = late_date_note(item, datetime.now(UTC)) if isinstance(item, Document) else None
        for told in (note, late) if noted is not None else ():
            if told is not None:
                noted(InputNote(shown, told))
        yield item


def _file_date_note(item: Document | InputProblem, fmt: str, day_first: bool | None) -> str | None:
    """The note on a file's date: a Markdown front matter's date not kept, or kept converted
    from another calendar; an HTML page's date converted from another calendar."""
    if not isinstance(item, Document):
        return None
    if fmt == "html":
        return page_date_note(item)
    raw = item.extra.get("published_raw") if fmt == "md" else None
    return date_note("date", raw, day_first, document_numbers_calendar(item)) if raw is not None else None


def _read_text_file(
    data: bytes, fmt: str, shown: str, source: str, mtime: float, file_dates: bool, limits: IngestSettings
) -> Iterator[Document | InputProblem]:
    """The document of a .txt, .md or .html file read whole (within ``max_document_bytes``)."""
    try:
        text, encoding = decode_bytes(
            data, declared=sniff_html_charset(data) if fmt == "html" else None
        )
    except DecodeError as exc:
        yield InputProblem(shown, str(exc))
        return
    if not text.strip():
        yield InputProblem(shown, "empty file")
        return
    extra: dict[str, Any] = {} if encoding == "utf-8" else {"encoding": encoding}
    if fmt == "txt":
        item: Document | InputProblem = file_document(text, source, shown, fmt, mtime, extra, file_dates)
    elif fmt == "md":
        item = read_markdown(text, source, shown, mtime, extra, file_dates, limits.day_first)
    else:
        item = read_html_file(text, source, shown, mtime, extra, file_dates, limits)
    problem = admit(item, limits) if isinstance(item, Document) else None
    yield item if problem is None else InputProblem(shown, problem)
