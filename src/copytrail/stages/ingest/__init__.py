"""Turn input files (text, Markdown, HTML, JSON Lines, WARC) into ``Document`` records.

Everything in this package is a pure function of the files on disk: no database, no
network.  Bad input never raises; it becomes an ``InputProblem`` with a one-line reason so that one broken file (or
one broken line of a JSONL file, or one damaged WARC record) does not stop a whole run.

The text of a ``.txt``/``.md`` document is the file's content exactly as decoded (no newline
conversion, no stripping), because later stages store character offsets into it.

Each input format has its own module (``text``, ``html``, ``jsonl``, ``warc``); ``walk``
chooses the files, ``decode`` turns bytes into text and ``metadata`` reads dates and outlets.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from copytrail.records import Document, InputProblem
from copytrail.stages.ingest.decode import DecodeError, decode_bytes, sniff_html_charset
from copytrail.stages.ingest.html import document_from_html, read_html_file
from copytrail.stages.ingest.jsonl import (
    json_kind,
    jsonl_document,
    jsonl_key,
    jsonl_lines,
    read_jsonl,
)
from copytrail.stages.ingest.metadata import normalise_date, outlet_from_url
from copytrail.stages.ingest.text import file_document, read_markdown
from copytrail.stages.ingest.walk import (
    SUPPORTED_SUFFIXES,
    format_of,
    iter_input_files,
    os_reason,
    unsupported_reason,
)
from copytrail.stages.ingest.warc import read_warc

__all__ = [
    "SUPPORTED_SUFFIXES",
    "DecodeError",
    "decode_bytes",
    "document_from_html",
    "iter_input_files",
    "json_kind",
    "jsonl_document",
    "jsonl_key",
    "normalise_date",
    "outlet_from_url",
    "read_file",
]


def read_file(
    path: Path, display_path: str | None = None, *, file_dates: bool = False
) -> Iterator[Document | InputProblem]:
    """Read one input file into its documents, and errors for whatever failed inside it.

    Never raises for bad content or an unreadable file: each problem becomes an
    ``InputProblem`` whose ``path`` is ``display_path`` (or the path as given).  A document
    whose input states no date is undated; with ``file_dates`` a .txt, .md or .html file's
    modification time stands in (``date_source`` "file").
    """
    path = Path(path)
    shown = display_path if display_path is not None else str(path)
    fmt = format_of(path)
    if fmt is None:
        yield InputProblem(shown, unsupported_reason(path))
        return
    try:
        mtime = path.stat().st_mtime
        source = path.resolve().as_posix()
        if fmt == "warc":
            yield from read_warc(path, shown, source, mtime)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputProblem(shown, os_reason(exc))
        return
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
        yield file_document(text, source, shown, fmt, mtime, extra, file_dates)
    elif fmt == "md":
        yield read_markdown(text, source, shown, mtime, extra, file_dates)
    elif fmt == "html":
        yield read_html_file(text, source, shown, mtime, extra, file_dates)
    else:
        yield from read_jsonl(jsonl_lines(data, text, encoding), source, shown, mtime)
