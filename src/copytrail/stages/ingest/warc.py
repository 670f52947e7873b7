"""WARC crawls: the HTML response records, with damage reported after the good records."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from copytrail.records import Document, InputProblem
from copytrail.stages.ingest.decode import (
    DecodeError,
    decode_bytes,
    known_codec,
    sniff_html_charset,
)
from copytrail.stages.ingest.html import NO_TEXT, document_from_html
from copytrail.stages.ingest.metadata import clean_field, normalise_date

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(
    path: Path, shown: str, source: str, mtime: float
) -> Iterator[Document | InputProblem]:
    """HTML response records of a WARC file, with damage reported after the good records.

    warcio stops *silently* on most truncations (a short last record, a cut header, a gzip
    member cut in the middle), so each record is checked: its declared length must have been
    read in full, its gzip member must end cleanly, and after the last record only blank
    bytes may remain in the file.
    """
    from warcio.archiveiterator import ArchiveIterator

    size = path.stat().st_size
    if size == 0:
        yield InputProblem(shown, "empty file")
        return
    with path.open("rb") as fh:
        iterator = ArchiveIterator(fh)
        number = 0  # 1-based number of the record being read, among all records
        html_index = 0  # 1-based index among HTML response records: the source key
        end = 0
        inside = False  # whether an exception now belongs to record ``number``
        try:
            for record in iterator:
                number += 1
                inside = True
                problem = _record_damage(record)
                payload = b""
                if problem is None:
                    payload = record.content_stream().read()
                    # reads the rest of the record and the blank lines after it
                    record_end = iterator.get_record_offset() + iterator.get_record_length()
                    problem = _short_read(record)
                    decompressor = getattr(iterator.reader, "decompressor", None)
                    if (
                        problem is None
                        and decompressor is not None
                        and not getattr(decompressor, "eof", True)
                    ):
                        problem = "gzip member ends early"
                    end = record_end if problem is None else end
                if problem is not None:
                    if number == 1 and not _looks_like_warc(fh):
                        yield InputProblem(shown, "not a WARC file")
                    else:
                        yield InputProblem(
                            shown, f"truncated or corrupt WARC: {problem}", line=number
                        )
                    return
                inside = False
                if not _is_html_response(record):
                    continue
                html_index += 1
                yield _warc_document(
                    record, payload, f"{source}#R{html_index}", shown, mtime, number
                )
        except Exception as exc:  # warcio/zlib raise assorted types on damaged input
            what = (
                "truncated or corrupt WARC" if number or _looks_like_warc(fh) else "not a WARC file"
            )
            line = number if inside else number + 1
            yield InputProblem(shown, f"{what}: {_exc_reason(exc)}", line=line)
            return
        if _has_trailing_data(fh, end):
            if number == 0 and not _looks_like_warc(fh):
                yield InputProblem(shown, "not a WARC file")
            else:
                yield InputProblem(
                    shown, "truncated or corrupt WARC: incomplete record at end", line=number + 1
                )


def _looks_like_warc(fh: Any) -> bool:
    """Whether the file starts like a WARC (or any gzip file): damage rather than a wrong type."""
    fh.seek(0)
    head = fh.read(5)
    return bool(head) and (b"\x1f\x8b".startswith(head[:2]) or b"WARC/".startswith(head))


def _exc_reason(exc: BaseException) -> str:
    """One line for a parser exception; warcio's own messages are cryptic on cut input."""
    if isinstance(exc, EOFError | AttributeError):  # warcio: AttributeError on a cut header
        return "unexpected end of data"
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


def _record_damage(record: Any) -> str | None:
    headers = record.rec_headers
    length = (headers.get_header("Content-Length") or "").strip()
    if not headers.get_header("WARC-Type") or not length.isdigit():
        return "record header is incomplete"
    return None


def _short_read(record: Any) -> str | None:
    """A reason when the record's block was shorter than its Content-Length."""
    stream = record.raw_stream
    while not hasattr(stream, "limit") and hasattr(stream, "stream"):
        stream = stream.stream
    if getattr(stream, "limit", 0):
        return "record is shorter than its Content-Length"
    return None


def _has_trailing_data(fh: Any, end: int) -> bool:
    """Whether anything but blank bytes follows the last complete record."""
    fh.seek(end)
    while chunk := fh.read(65536):
        if chunk.strip():
            return True
    return False


def _is_html_response(record: Any) -> bool:
    if record.rec_type != "response":
        return False
    http = record.http_headers
    if http is not None:
        if http.get_statuscode() != "200":
            return False
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES


def _warc_document(
    record: Any, payload: bytes, source: str, shown: str, mtime: float, number: int
) -> Document | InputProblem:
    url = clean_field(record.rec_headers.get_header("WARC-Target-URI"))
    if url and url.startswith("<") and url.endswith(">"):  # WARC 1.1 writers disagree here
        url = url[1:-1]
    captured_raw = record.rec_headers.get_header("WARC-Date")
    captured = normalise_date(captured_raw)
    http = record.http_headers
    declared = None
    if http is not None:
        match = re.search(
            r"charset\s*=\s*[\"']?([^\"';\s]+)", http.get_header("Content-Type") or "", re.I
        )
        declared = known_codec(match.group(1)) if match else None
    try:
        html, _ = decode_bytes(payload, declared=declared or sniff_html_charset(payload))
    except DecodeError as exc:
        return InputProblem(shown, str(exc), line=number)
    if not html.strip():
        return InputProblem(shown, "empty HTML response", line=number)
    extra: dict[str, Any] = {"captured": captured or captured_raw}
    try:
        doc = document_from_html(
            html,
            source_key=source,
            path=shown,
            url=url,
            fallback_date=captured,
            fallback_source="warc",
            fmt="warc",
            mtime=mtime,
            extra=extra,
        )
    except ValueError as exc:
        return InputProblem(shown, str(exc), line=number)
    return doc if doc is not None else InputProblem(shown, NO_TEXT, line=number)
