"""A date later than a document could have been published: after its WARC capture (the
capture is kept instead: the page existed then) or after it was read (kept as stated, noted on
one line so that the user knows the order it gives rests on a date no clock has reached)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import FAST, write_jsonl
from copytrail.engines.local import scan
from copytrail.records import Document
from copytrail.stages.ingest import InputNote, read_file
from copytrail.stages.ingest.guard import late_date_note
from copytrail.stages.ingest.html import document_from_html
from copytrail.store import open_store

TEXT = "The council approved the new harbour budget on Monday after a long debate about the ferry."
PAGE = "<html><head>{meta}<title>Harbour budget</title></head><body><article><p>{text}</p></article></body></html>"


def _warc(path: Path, published: str, captured: str) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    page = PAGE.format(meta=f'<meta property="article:published_time" content="{published}">', text=TEXT * 3)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://news.example/harbour", "response", payload=io.BytesIO(page.encode()),
            http_headers=http, warc_headers_dict={"WARC-Date": captured},
        )
    )  # fmt: skip
    path.write_bytes(buf.getvalue())


def _read(path: Path) -> tuple[list[Document], list[str]]:
    notes: list[InputNote] = []
    items = list(read_file(path, noted=notes.append))
    return [d for d in items if isinstance(d, Document)], [n.reason for n in notes]


def test_a_warc_page_dated_after_its_capture_takes_the_capture_time(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    _warc(path, "2024-06-10T08:00:00Z", "2024-05-01T12:00:00Z")
    (doc,), notes = _read(path)
    assert (doc.published, doc.date_source) == ("2024-05-01T12:00:00+00:00", "warc")
    assert notes == ["kept with its capture time: the page's date 2024-06-10 is after it was captured (2024-05-01)"]


def test_a_warc_page_dated_the_next_day_in_its_own_time_zone_keeps_its_date(tmp_path: Path) -> None:
    """Captured at 20:00 UTC, a page in Sydney (UTC+10) may already state the next day."""
    path = tmp_path / "crawl.warc"
    _warc(path, "2024-05-02", "2024-05-01T20:00:00Z")
    (doc,), notes = _read(path)
    assert (doc.published, doc.date_source) == ("2024-05-02", "metadata")
    assert notes == []


def test_a_date_after_the_reading_is_kept_and_noted(tmp_path: Path) -> None:
    later = (datetime.now(UTC) + timedelta(days=400)).strftime("%Y-%m-%d")
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(meta=f'<meta property="article:published_time" content="{later}">', text=TEXT * 3), encoding="utf-8")
    (doc,), notes = _read(path)
    assert (doc.published, doc.date_source) == (later, "metadata")
    (note,) = notes
    assert note.startswith(f"kept: its stated date {later} is after it was read (")


def test_late_date_note_reads_only_stated_dates() -> None:
    """A file's time or a capture is a clock's reading, not a statement to doubt."""
    read_at = datetime(2025, 1, 1, tzinfo=UTC)
    doc = document_from_html(PAGE.format(meta="", text=TEXT * 3), source_key="a.html", path="a.html")
    assert doc is not None
    doc.published, doc.date_source = "2030-01-01", "file"
    assert late_date_note(doc, read_at) is None
    doc.date_source = "url"
    assert late_date_note(doc, read_at) == "kept: its stated date 2030-01-01 is after it was read (2025-01-01)"
    doc.published = "2025-01-01T23:00:00+00:00"  # within a day of the reading: a time zone ahead
    assert late_date_note(doc, read_at) is None


def test_a_scan_records_the_late_dates_it_kept(tmp_path: Path) -> None:
    later = (datetime.now(UTC) + timedelta(days=40)).strftime("%Y-%m-%d")
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "feed.jsonl", [
        {"id": "now", "text": TEXT, "published": "2025-03-04"},
        {"id": "later", "text": TEXT + " Again.", "published": later},
    ])  # fmt: skip
    _warc(folder / "crawl.warc", "2024-06-10T08:00:00Z", "2024-05-01T12:00:00Z")
    with open_store(tmp_path / "s.duckdb") as store:
        result = scan([folder], store, FAST)
        dates = dict(store.con.execute("SELECT source_key, published FROM documents").fetchall())
        notes = store.con.execute("SELECT path, line, reason FROM errors ORDER BY path, line").fetchall()
    assert not result.errors
    assert sorted(dates.values()) == ["2024-05-01T12:00:00+00:00", "2025-03-04", later]
    assert [(Path(p).name, line) for p, line, _ in notes] == [("crawl.warc", 1), ("feed.jsonl", 2)]
    assert "after it was captured" in notes[0][2] and "after it was read" in notes[1][2]
