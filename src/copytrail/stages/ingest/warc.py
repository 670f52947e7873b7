"""WARC crawls: the HTML response records, with damage reported after the good records."""

from __future__ import annotations

import gzip
import io
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from copytrail.records import Document, InputProblem, content_hash, document_id
from copytrail.stages.ingest.decode import (
    DecodeError,
    decode_bytes,
    known_codec,
    sniff_html_charset,
)
from copytrail.stages.ingest.guard import (
    InputNote,
    SkippedRecord,
    admit,
    late_date_note,
    page_date_note,
    shown_text,
)
from copytrail.stages.ingest.html import NO_TEXT, document_from_html
from copytrail.stages.ingest.metadata import clean_field, normalise_date, outlet_from_url
from copytrail.stages.ingest.settings import DEFAULT_INGEST, IngestSettings, size_text

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(
    path: Path,
    shown: str,
    source: str,
    mtime: float,
    limits: IngestSettings = DEFAULT_INGEST,
    skipped: Callable[[SkippedRecord], None] | None = None,
    noted: Callable[[InputNote], None] | None = None,
    defer_pages: bool = False,
) -> Iterator[Document | InputProblem | WarcPage]:
    """HTML response records of a WARC file, with damage reported after the good records.

    warcio stops *silently* on most truncations (a short last record, a cut header, a gzip
    member cut in the middle), so each record is checked: its declared length must have been
    read in full, and after the last record only blank bytes may remain.  A gzipped file is
    read through one decompressing stream, whether each record is its own gzip member or the
    whole file is one, within ``limits.max_decompressed_bytes``.  The other records (images,
    404s, requests, ``javascript:`` targets) go to ``skipped`` with the reason; warcio's own
    warnings become one-line notes (``noted``) instead of text on the terminal.
    ``defer_pages``: each HTML response comes as a ``WarcPage`` whose text is not yet
    extracted (``page_events`` extracts it, in any process), so that the records of one file
    can be extracted by several processes while it is read in order.
    """
    size = path.stat().st_size
    if size == 0:
        yield InputProblem(shown, "empty file")
        return
    with path.open("rb") as fh, _warcio_warnings() as warned:
        gzipped = fh.read(2) == b"\x1f\x8b"
        fh.seek(0)
        stream: Any = _Inflated(fh, limits.max_decompressed_bytes) if gzipped else fh
        tell = _Tell(skipped, noted)
        yield from _records(_quiet_iterator(stream), fh, stream, (shown, source, mtime), limits, tell, warned, defer_pages)


def _records(  # long: one pass over the records, each checked for damage before it is used
    iterator: Any,
    fh: Any,
    stream: Any,
    where: tuple[str, str, float],  # the file as shown, its resolved path, its time
    limits: IngestSettings,
    tell: _Tell,
    warned: list[str],
    defer_pages: bool,
) -> Iterator[Document | InputProblem | WarcPage]:
    shown, source, mtime = where
    number = 0  # 1-based number of the record being read, among all records
    html_index = 0  # 1-based index among HTML response records: the source key
    end = 0
    inside = False  # whether an exception now belongs to record ``number``
    warnings_seen = 0
    try:
        for record in iterator:
            number += 1
            inside = True
            if iterator.err_count > warnings_seen:  # found while looking for this record
                warnings_seen = iterator.err_count
                tell.note(InputNote(shown, _NO_BLANK_LINE, number - 1))
            problem = _record_damage(record)
            html = problem is None and _is_html_response(record)
            plain = problem is None and not html and is_text_conversion(record)
            payload, over = b"", False
            if problem is None:
                payload, over, notes = _read_payload(record, limits.max_document_bytes if html or plain else 0)
                warned.extend(notes)
                # reads the rest of the record and the blank lines after it
                record_end = iterator.get_record_offset() + iterator.get_record_length()
                problem = _short_read(record)
                end = record_end if problem is None else end
            if problem is not None:
                if number == 1 and not _looks_like_warc(fh):
                    yield InputProblem(shown, "not a WARC file")
                else:
                    yield InputProblem(shown, f"truncated or corrupt WARC: {problem}", line=number)
                return
            inside = False
            notes = [InputNote(shown, f"kept: WARC record: {note}", number) for note in warned]
            warned.clear()  # told only of a record that becomes a document
            if not html and not plain:
                tell.skip(SkippedRecord(shown, skip_reason(record) or "not an HTML response", number))
                continue
            html_index += 1
            if over:
                yield InputProblem(shown, f"record larger than {size_text(limits.max_document_bytes)} (max_document_bytes)", line=number)
            elif plain:
                for note in notes:
                    tell.note(note)
                yield _text_document(record, payload, f"{source}#R{html_index}", (shown, mtime, number), limits)
            else:
                page = _page(record, payload, f"{source}#R{html_index}", shown, mtime, number, tuple(notes))
                if defer_pages:
                    yield page
                    continue
                for event in page_events(page, limits):
                    if isinstance(event, InputNote):
                        tell.note(event)
                    else:
                        yield event
    except Exception as exc:  # warcio/zlib raise assorted types on damaged input
        if isinstance(exc, _Refused):
            yield InputProblem(shown, str(exc), line=number + 1 if not inside else number)
            return
        what = "truncated or corrupt WARC" if number or _looks_like_warc(fh) else "not a WARC file"
        line = number if inside else number + 1
        yield InputProblem(shown, f"{what}: {_exc_reason(exc)}", line=line)
        return
    trailing = stream.trailing_data(end) if isinstance(stream, _Inflated) else _has_trailing_data(fh, end)
    if trailing:
        if number == 0 and not _looks_like_warc(fh):
            yield InputProblem(shown, "not a WARC file")
        else:
            yield InputProblem(shown, "truncated or corrupt WARC: incomplete record at end", line=number + 1)
    elif isinstance(stream, _Inflated) and stream.cut:
        yield InputProblem(shown, "truncated or corrupt WARC: gzip data ends early", line=number + 1)


_NO_BLANK_LINE = "kept reading: WARC record not followed by a blank line (its Content-Length may be wrong)"


class _Tell:
    """Where a WARC reader tells what it passed over and what it read with a problem."""

    def __init__(self, skipped: Callable[[SkippedRecord], None] | None, noted: Callable[[InputNote], None] | None) -> None:
        self.skipped, self.noted = skipped, noted

    def skip(self, record: SkippedRecord) -> None:
        if self.skipped is not None:
            self.skipped(record)

    def note(self, note: InputNote) -> None:
        if self.noted is not None:
            self.noted(note)
_NOT_A_PAGE = re.compile(r"\s*(?:javascript|data|about|blob|mailto):", re.IGNORECASE)


def _quiet_iterator(stream: Any) -> Any:
    """warcio's iterator with its "record not followed by newline" warning counted
    (``err_count``) instead of written to the terminal."""
    from warcio.archiveiterator import ArchiveIterator

    class QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
        INC_RECORD = ""

    return QuietArchiveIterator(stream)


class _Refused(Exception):
    """A compressed file over its decompression budget."""


class _Inflated:
    """The decompressed bytes of a gzip file, single- or multi-member, counted against a
    budget; keeps the last MiB read, to check what follows the last complete record.  A
    stream cut inside a gzip member ends there (``cut``): the record it cut is then found
    short, and the cut is reported if nothing else was."""

    TAIL = 1 << 20

    def __init__(self, fh: Any, budget: int) -> None:
        self.gz = gzip.GzipFile(fileobj=fh, mode="rb")
        self.budget = budget
        self.total = 0
        self.tail = bytearray()
        self.cut = False

    def read(self, size: int = -1) -> bytes:
        if self.cut:
            return b""
        try:
            data = self.gz.read1(size if size and size > 0 else 1 << 16)
        except EOFError:
            self.cut = True
            return b""
        self.total += len(data)
        if self.total > self.budget:
            raise _Refused(f"expands to more than {size_text(self.budget)} (max_decompressed_bytes)")
        self.tail += data
        if len(self.tail) > 2 * self.TAIL:
            del self.tail[: len(self.tail) - self.TAIL]
        return data

    def tell(self) -> int:
        return self.total

    def trailing_data(self, end: int) -> bool:
        """Whether anything but blank bytes follows offset ``end`` (decompressed)."""
        while self.read(1 << 16):
            pass
        after = self.total - end
        return after > len(self.tail) or bool(bytes(self.tail[len(self.tail) - after :]).strip()) if after > 0 else False


@contextmanager
def _warcio_warnings() -> Iterator[list[str]]:
    """warcio's logged warnings (a target URI with spaces) collected instead of printed."""
    notes: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            notes.append(shown_text(record.getMessage(), 120))

    logger = logging.getLogger("warcio")
    handler, propagate = Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield notes
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _read_payload(record: Any, limit: int) -> tuple[bytes, bool, list[str]]:
    """``(payload, over the limit, warnings)`` of a record: at most ``limit`` bytes kept (the
    rest read and dropped, so the next record can be found); what warcio writes to standard
    error meanwhile (a damaged content encoding) comes back as warnings."""
    kept = bytearray()
    over = False
    captured = io.StringIO()
    with redirect_stderr(captured):
        stream = record.content_stream()
        while chunk := stream.read(1 << 16):
            if over or len(kept) + len(chunk) > limit:
                over = over or limit > 0
                continue
            kept += chunk
    notes = [shown_text(line.strip(), 120) for line in captured.getvalue().splitlines() if line.strip()]
    return bytes(kept), over, [f"content cannot be decoded ({note})" for note in notes]


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


def skip_reason(record: Any) -> str | None:
    """Why a record holds no page to read (``warcinfo record``, ``HTTP status 404``, ``not
    HTML (image/png)``), or None for an HTML response."""
    if record.rec_type != "response":
        return f"{shown_text(str(record.rec_type or 'untyped'), 30)} record"
    target = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().lstrip("<")
    if _NOT_A_PAGE.match(target):
        return f"target URI is not a page ({target.split(':', 1)[0].strip().lower()}:)"
    http = record.http_headers
    if http is not None:
        status = http.get_statuscode()
        if status != "200":
            return f"HTTP status {shown_text(str(status), 10)}"
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    kind = content_type.split(";", 1)[0].strip().lower()
    return None if kind in _HTML_TYPES else f"not HTML ({shown_text(kind, 40) or 'no content type'})"


def _is_html_response(record: Any) -> bool:
    """Whether a record is one of the HTML responses a WARC file's documents are numbered by."""
    return skip_reason(record) is None


def is_text_conversion(record: Any) -> bool:
    """Whether a record is a page's text already extracted (a ``conversion`` record of
    ``text/plain``, as Common Crawl's WET files hold one per page)."""
    kind = (record.rec_headers.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
    return record.rec_type == "conversion" and kind == "text/plain"


def is_document_record(record: Any) -> bool:
    """Whether a record gives a document: an HTML response or a page's text; such records are
    numbered together (``#R3``: the third)."""
    return _is_html_response(record) or is_text_conversion(record)


def _text_document(record: Any, payload: bytes, source_key: str, where: tuple[str, float, int], limits: IngestSettings) -> Document | InputProblem:
    """The document of a page's text record: the text as written, its address, and its capture
    time as the page's date only as a capture (``date_source`` "warc"), as for an HTML page
    that states none."""
    shown, mtime, number = where
    try:
        text, _ = decode_bytes(payload)
    except DecodeError as exc:
        return InputProblem(shown, str(exc), line=number)
    if not text.strip():
        return InputProblem(shown, "empty text record", line=number)
    url = _target_uri(record)
    captured_raw = record.rec_headers.get_header("WARC-Date")
    captured = normalise_date(captured_raw)
    doc = Document(
        id=document_id(source_key), source_key=source_key, path=shown, text=text, sha1=content_hash(text), url=url,
        published=captured, date_source="warc" if captured else "none", fmt="warc", mtime=mtime,
        extra={"captured": captured or captured_raw},
    )  # fmt: skip
    doc.outlet = outlet_from_url(url)
    problem = admit(doc, limits)
    return doc if problem is None else InputProblem(shown, problem, line=number)


@dataclass(frozen=True, slots=True)
class WarcPage:
    """An HTML response record of a WARC file read but not yet extracted: what extracting it
    needs (``page_events``), small enough to hand to a worker process."""

    payload: bytes
    url: str | None
    captured_raw: str | None
    content_type: str | None
    source_key: str
    shown: str
    mtime: float
    number: int  # the record's number in its file
    notes: tuple[InputNote, ...]  # warcio's warnings about the record, told with its document

    @property
    def size(self) -> int:
        return len(self.payload)

    def events(self, limits: IngestSettings) -> list[Document | InputProblem | InputNote]:
        return page_events(self, limits)


def _target_uri(record: Any) -> str | None:
    """A record's page address, without the angle brackets some WARC 1.1 writers put round it."""
    url = clean_field(record.rec_headers.get_header("WARC-Target-URI"))
    if url and url.startswith("<") and url.endswith(">"):  # WARC 1.1 writers disagree here
        url = url[1:-1]
    return url


def _page(record: Any, payload: bytes, source_key: str, shown: str, mtime: float, number: int, notes: tuple[InputNote, ...]) -> WarcPage:
    url = _target_uri(record)
    http = record.http_headers
    content_type = http.get_header("Content-Type") if http is not None else None
    return WarcPage(payload, url, record.rec_headers.get_header("WARC-Date"), content_type, source_key, shown, mtime, number, notes)


def page_events(page: WarcPage, limits: IngestSettings = DEFAULT_INGEST) -> list[Document | InputProblem | InputNote]:
    """What one HTML response gives, in the order a reader tells it: its notes (warcio's
    warnings, a date after its capture or converted from another calendar), then its
    document; or the problem that left it out.  A pure function of the page."""
    item = _warc_document(page, limits)
    if not isinstance(item, Document):
        return [item]
    dated = late_date_note(item, datetime.now(UTC)) or page_date_note(item)
    return [*page.notes, *([InputNote(page.shown, dated, page.number)] if dated else []), item]


def _warc_document(page: WarcPage, limits: IngestSettings) -> Document | InputProblem:
    shown, number = page.shown, page.number
    captured = normalise_date(page.captured_raw)
    match = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", page.content_type or "", re.I)
    declared = known_codec(match.group(1)) if match else None
    try:
        html, _ = decode_bytes(page.payload, declared=declared or sniff_html_charset(page.payload))
    except DecodeError as exc:
        return InputProblem(shown, str(exc), line=number)
    if not html.strip():
        return InputProblem(shown, "empty HTML response", line=number)
    extra: dict[str, Any] = {"captured": captured or page.captured_raw}
    try:
        doc = document_from_html(
            html,
            source_key=page.source_key,
            path=shown,
            url=page.url,
            fallback_date=captured,
            fallback_source="warc",
            fmt="warc",
            mtime=page.mtime,
            extra=extra,
            limits=limits,
        )
    except ValueError as exc:
        return InputProblem(shown, str(exc), line=number)
    if doc is None:
        return InputProblem(shown, NO_TEXT, line=number)
    problem = admit(doc, limits)
    return doc if problem is None else InputProblem(shown, problem, line=number)
