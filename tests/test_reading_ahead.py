"""Pages extracted by the worker processes (a folder's web pages, one-page WARC captures, a
WARC crawl's responses, a JSONL file's HTML records) store what one process reading them all
stores: the same documents, in the same order, with the same problems, skipped records and notes."""

from __future__ import annotations

import html
import io
import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import FAST, NO_CLAIMS
from copytrail.engines import reading
from copytrail.engines.local import scan
from copytrail.stages.ingest.jsonl import JsonlPage
from copytrail.stages.ingest.settings import IngestSettings
from copytrail.store import open_store

SENTENCES = (
    "The harbour board approved a plan to dredge the northern channel before the winter storms arrive.",
    "Fishermen said the silt had closed two of the four berths used by the trawler fleet since March.",
    "The council will pay a third of the cost and the port authority the rest, officials said on Monday.",
    "Work is expected to take eleven weeks and to start as soon as the environmental permit is granted.",
)


def _page(number: int, published: str | None = None) -> str:
    body = "".join(f"<p>{html.escape(SENTENCES[(number + k) % 4])} Item {number}-{k} of the series.</p>" for k in range(4))
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (
        f"<html><head><title>Harbour story {number}</title>{meta}</head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Harbour story {number}</h1>{body}</article><footer>Coast News</footer></body></html>"
    )


def _folder(root: Path, pages: int) -> Path:
    """``pages`` web pages (past the thirtieth, each repeats the text of an earlier one; one
    page with nothing to read, one dated after it was read) with text files among them, each
    with a distinct time."""
    folder = root / "pages"
    folder.mkdir()
    for number in range(pages):
        published = "2099-01-01" if number == 7 else f"2024-03-{1 + number % 28:02d}T08:00:00Z"
        text = "<html><head><title>Empty</title></head><body></body></html>" if number == 11 else _page(number % 30, published)
        (folder / f"page-{number:03d}.html").write_text(text, encoding="utf-8")
        if number % 10 == 0:
            (folder / f"note-{number:03d}.txt").write_text(" ".join(SENTENCES) + f" Note {number}.", encoding="utf-8")
    for number, path in enumerate(sorted(folder.iterdir())):
        os.utime(path, (1_700_000_000 + number, 1_700_000_000 + number))
    return folder


def _stored(db: Path) -> dict[str, list[tuple]]:
    with open_store(db, read_only=True) as store:
        con = store.con
        return {
            "documents": con.execute(
                "SELECT seq, id, source_key, sha1, duplicate_of, published, date_source, title, language FROM documents ORDER BY seq"
            ).fetchall(),
            "errors": con.execute("SELECT path, line, reason FROM errors ORDER BY ALL").fetchall(),
            "files": con.execute("SELECT path, size, mtime_ns FROM files ORDER BY ALL").fetchall(),
            "alignments": con.execute(
                "SELECT source_doc, source_start, source_end, target_doc, target_start, target_end FROM alignments ORDER BY ALL"
            ).fetchall(),
        }


# (name, workers, batch size): one process, the pool, the pool with small batches
WAYS = (("one", 1, 2000), ("pool", 2, 2000), ("pool-small-batches", 2, 16))


def _scanned(tmp_path: Path, folder: Path, ways: tuple[tuple[str, int, int], ...] = WAYS) -> tuple[list[dict[str, list[tuple]]], list[Any]]:
    """``folder`` scanned into a new store each way: what each store holds, and each scan's result."""
    stores, results = [], []
    for name, workers, batch in ways:
        db = tmp_path / f"{name}.duckdb"
        with open_store(db) as store:
            results.append(scan([folder], store, replace(FAST, claims=NO_CLAIMS, workers=workers, batch_size=batch)))
        stores.append(_stored(db))
    return stores, results


def _stream_stored_each_way(tmp_path: Path, name: str, write: Callable[[Path], None]) -> tuple[dict[str, list[tuple]], list[Any]]:
    """A folder holding one stream file (written by ``write``, large enough for its pages to go
    to the workers) scanned each way: what the first store holds, after checking that every
    other store holds the same and every scan told the same notes; and each scan's result."""
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / name)
    assert (folder / name).stat().st_size >= reading.STREAM_AHEAD_FROM
    stores, results = _scanned(tmp_path, folder)
    for other in stores[1:]:
        assert other == stores[0]
    for result in results[1:]:
        assert [n.message() for n in result.notes] == [n.message() for n in results[0].notes]
    return stores[0], results


def _events_both_ways(path: Path) -> tuple[list[Any], list[Any], list[Any]]:
    """A stream file's events read here, its events with the pages deferred, and those pages
    extracted by a worker (``extracted_pages``)."""
    limits, stat = IngestSettings(), path.stat()
    plain = list(reading.file_events(str(path), path.name, str(path), stat, limits))
    with ProcessPoolExecutor(1) as pool:
        deferred = list(reading.file_events(str(path), path.name, str(path), stat, limits, defer_pages=True))
        extracted = list(reading.extracted_pages(iter(deferred), limits, pool))
    return plain, deferred, extracted


def test_pages_read_ahead_are_stored_as_one_process_stores_them(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 90)
    stores, results = _scanned(tmp_path, folder)
    one = stores[0]
    assert len(one["documents"]) == 98  # 89 pages with text, 9 notes
    assert any("no article text found" in reason for _p, _l, reason in one["errors"])
    assert any("after it was read" in reason for _p, _l, reason in one["errors"])
    assert one["alignments"]
    for other in stores[1:]:
        assert other == one
    assert [(e.path, e.reason) for e in results[0].errors] == [(e.path, e.reason) for e in results[1].errors]
    assert [n.message() for n in results[0].notes] == [n.message() for n in results[1].notes]


def test_unchanged_pages_are_not_read_again(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 40)
    db = tmp_path / "s.duckdb"
    settings = replace(FAST, claims=NO_CLAIMS, workers=2)
    with open_store(db) as store:
        scan([folder], store, settings)
        (folder / "page-003.html").write_text(_page(29, "2024-05-05"), encoding="utf-8")
        again = scan([folder], store, settings)
    assert (again.files_seen, again.files_skipped, again.files_replaced) == (44, 43, 1)


def test_a_stretch_is_bounded_by_pages_and_bytes(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text(_page(1), encoding="utf-8")
    stat = path.stat()
    files = [(i, (str(path), "p.html", str(path), stat)) for i in range(reading.AHEAD_FILES + 5)]
    assert reading.plan_stretches(files[: reading.AHEAD_FROM - 1], IngestSettings()) == []
    assert [len(places) for places, _ in reading.plan_stretches(files, IngestSettings())] == [reading.AHEAD_FILES, 5]
    small = reading.AHEAD_BYTES // stat.st_size + 1
    per_bytes = reading.plan_stretches(files[: reading.AHEAD_FROM], IngestSettings())
    assert [len(places) for places, _ in per_bytes] == ([reading.AHEAD_FROM] if small > reading.AHEAD_FROM else [small, reading.AHEAD_FROM - small])


def test_a_page_read_by_a_worker_gives_what_reading_it_here_gives(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 40)
    pages = sorted(folder.glob("*.html"))
    files = [(str(p), p.name, str(p), p.stat()) for p in pages]
    limits = IngestSettings()
    here = {place: list(reading.file_events(*file, limits)) for place, file in enumerate(files)}
    with ProcessPoolExecutor(1) as pool:
        ahead = reading.ReadAhead(reading.plan_stretches(list(enumerate(files)), limits), limits, pool)
        read = {place: ahead.events(place) for place in range(len(files))}
    assert read == here
    assert any(len(events) > 1 for events in here.values())  # the page dated after it was read: a note, then the page


# a paragraph of made-up words that makes a page large enough for a stream of them to go to the workers
FILLER = "<p>" + " ".join(f"filler{k}" for k in range(1200)) + "</p>"


def _crawl(path: Path, pages: int) -> None:
    """A WARC crawl over ``STREAM_AHEAD_FROM`` bytes: web pages (one empty, one dated after its
    capture), an image among them every tenth record."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for number in range(pages):
        if number % 10 == 5:
            record = writer.create_warc_record(
                f"https://coast.example/logo{number}.png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n"),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": "2024-04-01T00:00:00Z"},
            )  # fmt: skip
            writer.write_record(record)
            continue
        published = "2024-06-01T00:00:00Z" if number == 7 else f"2024-03-{1 + number % 28:02d}T08:00:00Z"
        page = "<html><body></body></html>" if number == 11 else _page(number % 30, published).replace("</article>", FILLER + "</article>")
        record = writer.create_warc_record(
            f"https://coast.example/story/{number}", "response", payload=io.BytesIO(page.encode()),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": "2024-04-01T00:00:00Z"},
        )  # fmt: skip
        writer.write_record(record)
    path.write_bytes(buf.getvalue())


def test_a_crawl_extracted_by_the_workers_is_stored_as_one_process_stores_it(tmp_path: Path) -> None:
    one, results = _stream_stored_each_way(tmp_path, "crawl.warc", lambda path: _crawl(path, 120))
    assert len(one["documents"]) == 107  # 108 pages, one empty
    assert any("after it was captured" in reason for _p, _l, reason in one["errors"])
    assert any("empty HTML" in reason or "no article text" in reason for _p, _l, reason in one["errors"])
    assert sum(results[0].skipped.values()) == 12  # the images
    for result in results[1:]:
        assert result.skipped == results[0].skipped


def test_pages_wait_in_a_bounded_window_and_come_out_in_order(tmp_path: Path) -> None:
    """Whatever the workers take, the events come out in the reader's order, a WARC page
    replaced by its notes and document."""
    path = tmp_path / "crawl.warc"
    _crawl(path, 150)
    plain, _deferred, extracted = _events_both_ways(path)
    assert extracted == plain
    assert len(plain) > reading.WINDOW_PAGES * 2


def _feed(path: Path, records: int) -> None:
    """A JSONL feed over ``STREAM_AHEAD_FROM`` bytes: records holding their page's HTML, some
    their text, one HTML with nothing to read, one dated after it was read, one broken line."""
    lines = []
    for number in range(records):
        if number == 13:
            lines.append('{"id": "broken", "html": ')
            continue
        record: dict[str, object] = {"id": f"r{number}", "url": f"https://coast.example/{number}"}
        if number % 9 == 4:
            record["text"] = " ".join(SENTENCES) + f" Text record {number}."
        else:
            record["html"] = "<html><body></body></html>" if number == 11 else _page(number % 30).replace("</article>", FILLER + "</article>")
        record["published"] = "2099-01-01" if number == 7 else f"2024-03-{1 + number % 28:02d}"
        lines.append(json.dumps(record))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_feed_of_pages_extracted_by_the_workers_is_stored_as_one_process_stores_it(tmp_path: Path) -> None:
    one, results = _stream_stored_each_way(tmp_path, "feed.jsonl", lambda path: _feed(path, 110))
    assert len(one["documents"]) == 108  # 110 lines, one broken, one with nothing to read
    assert any("after it was read" in reason for _p, _l, reason in one["errors"])
    assert any("no article text found" in reason for _p, _l, reason in one["errors"])
    for result in results[1:]:
        assert [(e.path, e.line, e.reason) for e in result.errors] == [(e.path, e.line, e.reason) for e in results[0].errors]


def test_a_feed_read_with_its_pages_deferred_gives_what_reading_it_here_gives(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    _feed(path, 160)
    plain, deferred, extracted = _events_both_ways(path)
    assert sum(isinstance(event, JsonlPage) for event in deferred) > reading.WINDOW_PAGES * 2
    assert extracted == plain


def test_small_crawls_read_whole_by_the_workers_are_stored_as_one_process_stores_them(tmp_path: Path) -> None:
    """One capture a file, as web archivers write them: each small WARC file read by a worker."""
    folder = tmp_path / "captures"
    folder.mkdir()
    for number in range(40):
        _crawl(folder / f"capture-{number:03d}.warc", 3 if number % 7 else 8)  # one has an image record
    stores, results = _scanned(tmp_path, folder, WAYS[:2])
    assert len(stores[0]["documents"]) == 40 * 3 + 6 * 4  # 8 records: an image among them
    assert stores[1] == stores[0]
    assert results[1].skipped == results[0].skipped and sum(results[0].skipped.values()) == 6
    assert [n.message() for n in results[1].notes] == [n.message() for n in results[0].notes]
