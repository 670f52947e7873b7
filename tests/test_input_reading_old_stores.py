"""A store whose input files an older reading refused has those files read again, once, when
the readers have learnt to take them: a real store made by a scan, set back to what a scan
before the JSONL field aliases left (the feed refused, its error recorded, its state kept,
no input reading recorded), then scanned again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FAST, scanned_folder, write_jsonl
from copytrail.engines.local import scan
from copytrail.stages.ingest.settings import INPUT_READING, INPUT_READING_KEY
from copytrail.store import open_store

BODY = (
    "The harbour authority of Veyra said on Monday that it would close the northern quay for "
    "eleven weeks while divers replace the pilings, and that ferries would use the southern "
    "berth until the work is done. Fishing boats keep their moorings, the authority said."
)


def _corpus(folder: Path) -> None:
    """A scraper's feed (text under ``content``) and a feed of our own fields."""
    scraped = [{"url": f"https://example.test/{n}", "content": f"{BODY} Item {n}."} for n in range(3)]
    write_jsonl(folder / "scraped.jsonl", scraped)
    (folder / "ours.jsonl").write_text(json.dumps({"id": "own", "text": "A short note of our own about tides."}) + "\n", encoding="utf-8")


def _as_an_older_reading_left_it(db: Path, recorded: str | None) -> None:
    """The store as a scan before the aliases left it: the scraped feed's documents absent,
    its refusal recorded as an error, its file state kept (unchanged files are not read again)."""
    path = str((db.parent / "in" / "scraped.jsonl").resolve())
    with open_store(db) as store:
        assert store.file_states([path])  # the path as the store records it
        with store.transaction():
            store.forget_file(path)
            store.record_files([(path, Path(path).stat().st_size, Path(path).stat().st_mtime_ns)])
            store.con.execute("DELETE FROM errors")
            store.con.execute(
                "INSERT INTO errors (path, line, reason) VALUES (?, 1, 'JSON line has no ''text'' or ''html''')", [path]
            )
            store.con.execute("DELETE FROM meta WHERE key = ?", [INPUT_READING_KEY])
            if recorded is not None:
                store.set_meta(INPUT_READING_KEY, recorded)


def _scraped(db: Path) -> int:
    with open_store(db, read_only=True) as store:
        return store.con.execute("SELECT count(*) FROM documents WHERE source_key LIKE '%scraped.jsonl%'").fetchone()[0]


def test_a_file_an_older_reading_refused_is_read_again_once(tmp_path: Path) -> None:
    folder, db, first = scanned_folder(tmp_path, _corpus)
    with open_store(db, read_only=True) as store:
        assert store.get_meta(INPUT_READING_KEY) == str(INPUT_READING)
    assert first.documents_added == 4
    assert _scraped(db) == 3

    _as_an_older_reading_left_it(db, recorded=str(INPUT_READING))  # says it was read as now: trusted
    with open_store(db) as store:
        same = scan([folder], store, FAST)
    assert (same.files_skipped, same.documents_added) == (2, 0)
    assert _scraped(db) == 0

    _as_an_older_reading_left_it(db, recorded=None)
    with open_store(db) as store:
        again = scan([folder], store, FAST)
        errors = store.con.execute("SELECT count(*) FROM errors").fetchone()[0]
        assert store.get_meta(INPUT_READING_KEY) == str(INPUT_READING)
    assert (again.files_skipped, again.documents_added) == (1, 3)  # our own feed was not read again
    assert _scraped(db) == 3
    assert errors == 0  # the old refusal went with the file read again

    with open_store(db) as store:
        last = scan([folder], store, FAST)
    assert (last.files_skipped, last.documents_added) == (2, 0)  # once


@pytest.mark.parametrize(
    ("file", "reason"),
    [
        ("scraped.jsonl", "'text' contains NUL characters"),  # every reading refuses it
        ("ours.jsonl", "kept undated: 'published' could not be read"),  # a note on a record kept
    ],
)
def test_errors_no_newer_reading_lifts_leave_their_files_alone(tmp_path: Path, file: str, reason: str) -> None:
    """Reading such a file again would store and align its documents again for nothing."""
    folder, db, _ = scanned_folder(tmp_path, _corpus)
    with open_store(db) as store, store.transaction():
        store.con.execute("INSERT INTO errors (path, line, reason) VALUES (?, 1, ?)", [str((folder / file).resolve()), reason])
        store.con.execute("DELETE FROM meta WHERE key = ?", [INPUT_READING_KEY])
    with open_store(db) as store:
        again = scan([folder], store, FAST)
        assert store.get_meta(INPUT_READING_KEY) == str(INPUT_READING)
    assert (again.files_skipped, again.documents_added) == (2, 0)


def test_errors_named_by_their_path_under_the_corpus_root_find_their_files(tmp_path: Path) -> None:
    from copytrail.store.housekeeping import forget_files_with_errors

    root = "/corpus/feeds"
    with open_store(tmp_path / "s.duckdb") as store, store.transaction():
        store.record_files([(f"{root}/a.jsonl", 10, 1), (f"{root}/b.jsonl", 10, 1), ("/elsewhere/c.jsonl", 10, 1)])
        store.con.execute(
            "INSERT INTO errors (path, line, reason) VALUES ('a.jsonl', 2, 'not JSON'), ('/elsewhere/c.jsonl', 1, 'not JSON'), "
            "('b.jsonl', 3, 'kept undated: ''published'' could not be read')"
        )
        assert forget_files_with_errors(store, root + "/", ["not JSON%", "JSON line has no%"]) == 2
        assert [path for (path,) in store.con.execute("SELECT path FROM files").fetchall()] == [f"{root}/b.jsonl"]
