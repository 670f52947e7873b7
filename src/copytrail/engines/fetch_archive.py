"""The WARC file a fetch writes: request, response and metadata records, each flushed as it
is written, and the reading back that ``--resume`` needs.

Every record of a ``.warc.gz`` file is its own gzip member, flushed before the next is
begun, so a run killed at any moment leaves a file that readers take up to the last
complete record.  Resuming first cuts an incomplete record off the end (so that what is
appended stays readable), then skips every URL the file already answers.

The capture time (``WARC-Date``) is when the request was sent.  It says when the page was
seen, never when it was published; the ingest stage reads the publication date from the
page's own metadata and uses the capture time only as a date marked ``warc``.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from copytrail import __version__
from copytrail.stages.fetch.urls import NotFetchable, normalise_url

SOFTWARE = f"copytrail/{__version__}"
# outcomes of a requested URL, as its metadata record states them
FETCHED, SKIPPED, FAILED = "fetched", "skipped", "failed"


@dataclass(slots=True)
class Exchange:
    """One HTTP request and its answer, as sent and received (the body decoded from any
    content encoding; ``body_read`` False when it was left unread on purpose)."""

    url: str
    started: datetime
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    http_version: str
    response_headers: list[tuple[str, str]]
    body: bytes = b""
    body_read: bool = True
    tries: int = 1  # requests made for this answer (retries after 429, 5xx)


@dataclass(slots=True)
class ArchiveState:
    """What a WARC file holds so far: the URLs it answers and how much of it is whole."""

    done: set[str] = field(default_factory=set)  # normalised URLs fetched or skipped already
    complete_bytes: int = 0  # length of the part made of complete records
    size: int = 0  # length of the file


def warc_date(when: datetime) -> str:
    """``2026-03-05T09:12:44Z``: a WARC-Date to the second, in UTC."""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


class ArchiveWriter:
    """Appends records to a WARC file (gzip per record when its name ends ``.gz``)."""

    def __init__(self, path: Path, *, append: bool, info: dict[str, str]) -> None:
        from warcio.warcwriter import WARCWriter

        self.path = path
        self.handle: IO[bytes] = path.open("ab" if append else "wb")
        self.writer = WARCWriter(self.handle, gzip=path.name.lower().endswith(".gz"))
        record = self.writer.create_warcinfo_record(path.name, {"software": SOFTWARE, **info})
        self._write(record)

    def _write(self, record: Any) -> None:
        self.writer.write_record(record)
        self.handle.flush()

    def write_exchange(self, exchange: Exchange) -> str:
        """The request and response records of one exchange; returns the response's record id."""
        from warcio.statusandheaders import StatusAndHeaders

        date = warc_date(exchange.started)
        response_headers = _archived_headers(exchange.response_headers, len(exchange.body))
        status_line = f"{exchange.status} {exchange.reason}".strip()
        response = self.writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            http_headers=StatusAndHeaders(status_line, response_headers, protocol=exchange.http_version),
            warc_headers_dict={"WARC-Date": date},
        )
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        target = _request_target(exchange.url)
        request = self.writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(
                f"GET {target} {exchange.http_version}", exchange.request_headers, is_http_request=True
            ),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
        )
        self._write(request)
        self._write(response)
        return str(response_id)

    def write_outcome(
        self, requested: str, outcome: str, reason: str, fetched_at: datetime,
        *, final_url: str | None = None, concurrent_to: str | None = None, charset: str | None = None,
    ) -> None:  # fmt: skip
        """The metadata record of a requested URL: when it was fetched, by which tool, and
        what came of it (fetched, skipped or failed, and why)."""
        fields = [
            ("fetched-at", warc_date(fetched_at)),
            ("software", SOFTWARE),
            ("requested-url", requested),
            ("outcome", outcome),
        ]
        if final_url and final_url != requested:
            fields.append(("final-url", final_url))
        if charset:
            fields.append(("charset", charset))
        if reason:
            fields.append(("reason", reason))
        payload = "".join(f"{name}: {_one_line(value)}\r\n" for name, value in fields).encode("utf-8")
        headers = {"WARC-Date": warc_date(fetched_at)}
        if concurrent_to:
            headers["WARC-Concurrent-To"] = concurrent_to
        record = self.writer.create_warc_record(
            final_url or requested, "metadata", payload=io.BytesIO(payload),
            warc_content_type="application/warc-fields", warc_headers_dict=headers,
        )  # fmt: skip
        self._write(record)

    def close(self) -> None:
        self.handle.close()


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _request_target(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


_DROPPED = {"content-encoding", "transfer-encoding", "content-length"}


def _archived_headers(headers: list[tuple[str, str]], length: int) -> list[tuple[str, str]]:
    """The answer's headers as archived: the body is stored decoded and whole, so the
    encodings that no longer apply are renamed (kept for the record) and the length is its own."""
    out = []
    for name, value in headers:
        if name.lower() in _DROPPED:
            out.append((f"X-Archive-Orig-{name}", value))
        else:
            out.append((name, value))
    out.append(("Content-Length", str(length)))
    return out


# ---------------------------------------------------------------------------------- reading


def read_archive(path: Path) -> ArchiveState:
    """What a WARC file written by a fetch holds: the URLs done and the whole part's length.
    A missing file holds nothing."""
    state = ArchiveState()
    if not path.exists():
        return state
    state.size = path.stat().st_size
    with path.open("rb") as handle:
        gzipped = handle.read(2) == b"\x1f\x8b"
        handle.seek(0)
        state.complete_bytes = _whole_gzip_prefix(handle) if gzipped else _whole_plain_prefix(handle)
        handle.seek(0)
        state.done = _done_urls(_Prefix(handle, state.complete_bytes))
    return state


class _Prefix:
    """The first ``limit`` bytes of a file, read as a stream (a large WARC is never held whole)."""

    def __init__(self, handle: IO[bytes], limit: int) -> None:
        self.handle = handle
        self.left = limit

    def read(self, size: int = -1) -> bytes:
        size = self.left if size is None or size < 0 else min(size, self.left)
        data = self.handle.read(size)
        self.left -= len(data)
        return data


def cut_incomplete_tail(path: Path, state: ArchiveState) -> int:
    """Remove an incomplete record from the end of the file; returns the bytes removed."""
    cut = state.size - state.complete_bytes
    if cut > 0:
        with path.open("r+b") as handle:
            handle.truncate(state.complete_bytes)
    return cut


def _whole_gzip_prefix(handle: IO[bytes]) -> int:
    """Length of the leading run of complete gzip members (one record each)."""
    whole = position = 0
    inflater = zlib.decompressobj(31)
    while chunk := handle.read(1 << 16):
        data = chunk
        while data:
            try:
                inflater.decompress(data)
            except zlib.error:
                return whole
            if inflater.eof:
                used = len(data) - len(inflater.unused_data)
                position += used
                whole = position
                data = inflater.unused_data
                inflater = zlib.decompressobj(31)
            else:
                position += len(data)
                data = b""
    return whole


def _whole_plain_prefix(handle: IO[bytes]) -> int:
    """Length of the leading run of complete uncompressed records, found by their headers'
    Content-Length (each record's block is skipped, not read)."""
    size = handle.seek(0, 2)
    whole = 0
    while whole < size:
        handle.seek(whole)
        head = handle.read(1 << 16)
        head_end = head.find(b"\r\n\r\n")
        if head_end < 0 or not head.startswith(b"WARC/"):
            return whole
        length = None
        for line in head[:head_end].split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length" and value.strip().isdigit():
                length = int(value.strip())
        if length is None:
            return whole
        end = whole + head_end + 4 + length + 4
        handle.seek(end - 4)
        if end > size or handle.read(4) != b"\r\n\r\n":
            return whole
        whole = end
    return whole


def _done_urls(stream: IO[bytes]) -> set[str]:
    """URLs a WARC answers: requested URLs whose metadata says fetched or skipped, and the
    targets of 2xx responses (a run killed between a response and its metadata)."""
    from warcio.archiveiterator import ArchiveIterator

    done: set[str] = set()
    for record in ArchiveIterator(stream):
        kind = record.rec_type
        if kind == "metadata":
            fields = _warc_fields(record.content_stream().read())
            if fields.get("outcome") in (FETCHED, SKIPPED) and fields.get("requested-url"):
                _add(done, fields["requested-url"])
        elif kind == "response" and record.http_headers is not None:
            status = record.http_headers.get_statuscode() or ""
            if status.startswith("2"):
                _add(done, record.rec_headers.get_header("WARC-Target-URI") or "")
    return done


def _add(done: set[str], url: str) -> None:
    with contextlib.suppress(NotFetchable):
        done.add(normalise_url(url))


def _warc_fields(payload: bytes) -> dict[str, str]:
    fields = {}
    for line in payload.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    return fields
