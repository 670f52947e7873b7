"""File bookkeeping of a folder scan: which files were read and what went wrong in them, kept
in a batch's statements, not in statements per file (a per-file statement cost milliseconds
each and grew with the store)."""

from __future__ import annotations

import os
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

from copytrail.engines.ingesting import PARALLEL_FROM
from copytrail.engines.local import scan
from copytrail.records import document_id
from copytrail.settings import ClaimsSettings, ScanSettings
from copytrail.store import Store, open_store

FAST = ScanSettings(workers=1, batch_size=10, claims=ClaimsSettings(enabled=False))
BOOKKEEPING_TABLES = ("files", "errors", "skipped_records")


class CountingConnection:
    """The store's real DuckDB connection, counting the statements that touch the
    bookkeeping tables (everything else passes through unchanged)."""

    def __init__(self, con: Any) -> None:
        self._con = con
        self.statements: list[str] = []

    def execute(self, query: str, *args: Any, **kwargs: Any) -> Any:
        self._count(query, 1)
        return self._con.execute(query, *args, **kwargs)

    def executemany(self, query: str, rows: Any, *args: Any, **kwargs: Any) -> Any:
        rows = list(rows)
        self._count(query, len(rows))  # DuckDB runs the statement once per row
        return self._con.executemany(query, rows, *args, **kwargs)

    def _count(self, query: str, times: int) -> None:
        words = query.replace("(", " ").split()
        if any(table in words for table in BOOKKEEPING_TABLES):
            self.statements.extend([query] * times)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"article-{number:03d}.txt"
        words = " ".join(f"word{(number * 7 + k) % 97}" for k in range(60))
        path.write_text(f"Article {number} of the folder. {words}.\n", encoding="utf-8")
        paths.append(path)
    return paths


def scan_counting(folder: Path, store: Store, settings: ScanSettings = FAST) -> list[str]:
    counting = CountingConnection(store.con)
    store.con = counting  # type: ignore[assignment]
    try:
        scan([folder], store, settings)
    finally:
        store.con = counting._con
    return counting.statements


def test_a_folder_scan_keeps_its_file_bookkeeping_in_statements_per_batch(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    paths = write_articles(folder, 60)
    (folder / "broken.html").write_bytes(b"\xff\xfe\x00" * 3)  # nothing to read: an error row
    with open_store(tmp_path / "s.duckdb") as store:
        first = scan_counting(folder, store)
        assert store.con.execute("SELECT count(*) FROM errors").fetchone() == (1,)
        rows = dict(((p, (s, m)) for p, s, m in store.con.execute("SELECT path, size, mtime_ns FROM files").fetchall()))
        again = scan_counting(folder, store)
    expected = {p.resolve().as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in paths}
    assert {p: rows[p] for p in expected} == expected
    # 61 files in 7 batches of 10: a statement per file would be 61 or more
    assert 0 < len(first) <= 7 * 5, first
    # an unchanged folder: a lookup per batch, every file skipped, nothing written per file
    assert 0 < len(again) <= 7 * 5, again


def test_a_file_read_again_loses_its_old_errors_and_keeps_its_new_state(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 25)
    broken = folder / "broken.html"
    broken.write_bytes(b"")
    with open_store(tmp_path / "s.duckdb") as store:
        first = scan([folder], store, FAST)
        assert [e.path for e in first.errors] == [broken.resolve().as_posix()]
        assert store.con.execute("SELECT count(*) FROM errors").fetchone() == (1,)
        broken.write_text("<html><body><p>" + "A repaired page about harbour cranes. " * 20 + "</p></body></html>", encoding="utf-8")
        os.utime(broken, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
        second = scan([folder], store, FAST)
        assert not second.errors and second.files_skipped == 25 and second.documents_added == 1
        assert store.con.execute("SELECT count(*) FROM errors").fetchone() == (0,)
        state = store.con.execute("SELECT size, mtime_ns FROM files WHERE path = ?", [broken.resolve().as_posix()]).fetchone()
        assert state == (broken.stat().st_size, 1_700_000_000_000_000_000)
        assert store.con.execute("SELECT count(*) FROM files").fetchone() == (26,)


def test_file_states_and_records_in_one_statement_each(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.file_states([]) == {}
        with store.transaction():
            store.record_files([("/a.txt", 1, 10), ("/b.txt", 2, 20), ("/a.txt", 3, 30)])  # the last state wins
        with store.transaction():
            store.record_files([("/b.txt", 4, 40)])
        assert store.file_states(["/a.txt", "/b.txt", "/c.txt"]) == {"/a.txt": (3, 30), "/b.txt": (4, 40)}
        store.add_errors([])
        with store.transaction():
            store.con.execute("INSERT INTO errors (path, line, reason) VALUES ('/a.txt', NULL, 'x'), ('/b.txt', 2, 'y'), ('/c.txt', NULL, 'z')")
            store.clear_errors_for(["/a.txt", "/b.txt", "/a.txt"])
        assert store.con.execute("SELECT path FROM errors").fetchall() == [("/c.txt",)]


def test_a_batch_of_one_still_records_every_file(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    paths = write_articles(folder, 7)
    with open_store(tmp_path / "s.duckdb") as store:
        scan([folder], store, replace(FAST, batch_size=1))
        again = scan([folder], store, replace(FAST, batch_size=1))
        assert again.files_skipped == len(paths) and again.documents_added == 0
        assert store.con.execute("SELECT count(*) FROM files").fetchone() == (len(paths),)


def test_files_are_recorded_by_their_real_path_through_linked_folders(tmp_path: Path) -> None:
    real = tmp_path / "real"
    paths = write_articles(real, 3)
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    (real / "alias.txt").symlink_to(paths[0])  # a link inside the folder: the file it names
    with open_store(tmp_path / "s.duckdb") as store:
        scan([tmp_path / "linked"], store, FAST)
        recorded = sorted(r[0] for r in store.con.execute("SELECT path FROM files").fetchall())
        keys = sorted(r[0] for r in store.con.execute("SELECT source_key FROM documents").fetchall())
    assert recorded == keys == sorted(p.resolve().as_posix() for p in paths)


def write_distinct_articles(folder: Path, count: int) -> None:
    """``count`` articles of words drawn from a large vocabulary (few candidate pairs), one of
    them repeated far down the folder (a duplicate met in a later batch), and a page in
    capitals (its language from the lower-cased text)."""
    rng = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        words = " ".join(f"w{rng.randrange(1_000_000)}" for _ in range(40))
        (folder / f"a{number:04d}.txt").write_text(f"Article {number} on the harbour. {words}.\n", encoding="utf-8")
    (folder / "a9998.txt").write_text((folder / "a0003.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "a9999.txt").write_text("THE CITY COUNCIL VOTED ON TUESDAY TO APPROVE A NEW BUDGET AFTER A LONG DEBATE.\n", encoding="utf-8")


def store_rows(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "documents": store.con.execute(
            "SELECT id, sha1, language, words, duplicate_of, seq, status FROM documents ORDER BY id"
        ).fetchall(),
        "band_keys": store.con.execute("SELECT key, doc FROM band_keys ORDER BY doc, key").fetchall(),
        "files": store.con.execute("SELECT path, size, mtime_ns FROM files ORDER BY path").fetchall(),
    }


def test_documents_prepared_by_a_worker_are_stored_as_prepared_here(tmp_path: Path) -> None:
    """Batches large enough to be prepared (language, words, band keys) in a worker process
    while the next is read give the store, row for row, what one process gives: the same
    documents, keys, duplicates and file states, also when a rescan replaces a changed file
    (the pending batch is stored before the file's old documents are forgotten)."""
    folder = tmp_path / "articles"
    got = {}
    for workers in (1, 2):
        write_distinct_articles(folder, 2 * PARALLEL_FROM + 40)  # the same files, the same states
        for path in folder.iterdir():
            os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
        with open_store(tmp_path / f"s{workers}.duckdb") as store:
            settings = replace(FAST, workers=workers, batch_size=PARALLEL_FROM + 10)
            first = scan([folder], store, settings)
            assert first.documents_added == 2 * PARALLEL_FROM + 42 and len(first.duplicates) == 1
            changed = folder / "a0100.txt"
            changed.write_text(changed.read_text(encoding="utf-8") + " A line added later.\n", encoding="utf-8")
            os.utime(changed, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
            again = scan([folder], store, settings)
            assert again.files_replaced == 1 and again.documents_added == 1
            got[workers] = store_rows(store)
    assert got[1] == got[2]
    capitals = document_id((folder / "a9999.txt").resolve().as_posix())
    assert [row[2] for row in got[2]["documents"] if row[0] == capitals] == ["en"]
