"""Hostile inputs shared by the hostile-input tests and ``bench/fuzz_ingest.py``: a pair of
articles of our own writing (an original and a reworded copy that must still be aligned beside
any hostile record), the values that broke readers before, and small writers of WARC files."""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copytrail.settings import ClaimsSettings, IngestSettings, ScanSettings

ORIGINAL = (
    "The river authority said on Monday that the old stone bridge at Millford will close for "
    "eight months from March, while engineers replace the cracked piers that divers found last "
    "autumn. Traffic will be sent along the valley road, adding about twenty minutes to the "
    "morning journey for the four thousand commuters who cross each day. The authority has "
    "promised a free shuttle bus for pupils of the two village schools, and shops on the east "
    "bank will receive a small grant to make up for the lost passing trade during the works. "
    "Residents asked at a crowded meeting why the repairs could not wait until the summer."
)
COPY = (
    "The river authority said on Monday that the old stone bridge at Millford will close for "
    "eight months from March, while engineers replace the cracked piers that divers found last "
    "autumn. Traffic will be sent along the valley road, adding about twenty minutes to the "
    "morning journey for the four thousand commuters who cross each day. The authority has "
    "promised a free shuttle bus for pupils of the two village schools, and shops on the east "
    "bank will receive a small grant to make up for the lost passing trade during the works. "
    "A spokesman for the chamber of commerce called the grant far too small to matter."
)

# Budgets small enough that a test can cross each with a few hundred kilobytes.
try:
    SMALL_LIMITS = IngestSettings(
        max_document_bytes=64 * 1024, max_text_chars=40_000, max_html_elements=3_000, max_decompressed_bytes=2 * 1024 * 1024
    )
except TypeError:  # copytrail before the budgets, when bench/fuzz_ingest.py is run against it
    SMALL_LIMITS = IngestSettings()
HOSTILE_SETTINGS = ScanSettings(workers=1, claims=ClaimsSettings(enabled=False), ingest=SMALL_LIMITS)

LONE_SURROGATES = ("\ud800", "\udfff", "text \udc80 here", "\udbff\u0041")
CONTROLS = ("\x00", "\x1b[2J\x1b]0;owned\x07", "\u202eevil\u202c", "line\nbreak", "\u2028", "\r", "\x7f\x9b")
BAD_DATES: tuple[Any, ...] = (
    10**200, -(10**200), 2**63, -1, 1e308, "9999-12-31T23:30:00-05:00", "0001-01-01T00:10:00+05:00",
    "99999-01-01", "0000-00-00", "2021-02-30", "1 Jan 10000", "-2021-01-01", "2021-01-01T25:61:00",
    "2021-01-01T00:00:00+24:00", "2021-01-01T00:00:00-99:99", "", " ", [], {}, True,
)  # fmt: skip


def html_page(text: str, title: str = "Bridge closure", date: str = "2021-03-01") -> str:
    paragraphs = "".join(f"<p>{sentence.strip()}.</p>" for sentence in text.split(".") if sentence.strip())
    return (
        f'<html><head><title>{title}</title><meta property="article:published_time" content="{date}">'
        f"</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def jsonl_line(record: dict[str, Any], *, ascii_only: bool = True) -> bytes:
    """One JSON line as JSON writers write it: lone surrogates as ``\\ud800`` escapes."""
    return json.dumps(record, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


@dataclass
class WarcRecord:
    """One record to write: what a crawler would record, any field possibly hostile."""

    payload: bytes
    rec_type: str = "response"
    uri: str = "https://news.example.org/a"
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"
    warc_date: str | None = "2021-03-01T10:00:00Z"
    extra_headers: dict[str, str] = field(default_factory=dict)


def warc_bytes(records: list[WarcRecord], *, gz: bool = False, one_member: bool = False) -> bytes:
    """A WARC file of ``records``; ``gz``: each record its own gzip member (as crawlers write
    them), ``one_member``: the whole file gzipped at once (as ``gzip crawl.warc`` does)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz and not one_member)
    for rec in records:
        headers = {"WARC-Date": rec.warc_date} if rec.warc_date is not None else {}
        headers.update(rec.extra_headers)
        http = None
        if rec.rec_type in ("response", "revisit", "request"):
            http = StatusAndHeaders(rec.status, [("Content-Type", rec.content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            rec.uri, rec.rec_type, payload=io.BytesIO(rec.payload), http_headers=http,
            warc_content_type=rec.content_type if http is None else None, warc_headers_dict=headers,
        )  # fmt: skip
        writer.write_record(record)
    data = buf.getvalue()
    return gzip.compress(data) if one_member else data


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    return path
