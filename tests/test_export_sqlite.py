"""The SQLite export: real tables with keys, full-text search, reused text shown as text."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from copytrail.errors import UsageError
from copytrail.outputs.sqlite import export_sqlite
from copytrail.store import open_store
from copytrail.store.schema import EXPORTED_DOCUMENT_COLUMNS

COPYTRAIL = [sys.executable, "-m", "copytrail.cli.main"]


def test_sqlite_export_has_keys_fts_and_exact_passages(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "corpus.db"
    with open_store(sample_db, read_only=True) as store:
        counts = export_sqlite(store, out)
        stored = {r["id"]: r["text"] for r in store.query("SELECT id, text FROM documents")}
    assert counts["documents"] == len(stored) and counts["alignments"] > 0
    con = sqlite3.connect(out)
    try:
        columns = tuple(row[1] for row in con.execute("PRAGMA table_info(documents)").fetchall())
        # the same document columns as every export, then the record inside the file and the date's precision
        assert columns == (*EXPORTED_DOCUMENT_COLUMNS, "record", "date_precision")
        fks = con.execute("PRAGMA foreign_key_list(alignments)").fetchall()
        assert {row[2] for row in fks} == {"documents", "narratives"}
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = con.execute(
            "SELECT source_doc, source_start, source_end, source_text, target_doc, target_start, target_end, target_text FROM alignments"
        ).fetchall()
        for sdoc, s0, s1, stext, tdoc, t0, t1, ttext in rows:
            assert stored[sdoc][s0:s1] == stext
            assert stored[tdoc][t0:t1] == ttext
        hits = con.execute(
            "SELECT d.path FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH 'desalination'"
        ).fetchall()
        assert hits
        hostile = con.execute("SELECT title FROM documents WHERE title LIKE '%<script>%'").fetchall()
        assert hostile, "untrusted text is stored as text, unchanged"
    finally:
        con.close()
    with open_store(sample_db, read_only=True) as store, pytest.raises(UsageError):
        export_sqlite(store, out)  # never overwrites silently


def test_cli_sqlite_export_needs_a_file(sample_db: Path, tmp_path: Path) -> None:
    done = subprocess.run([*COPYTRAIL, "export", "sqlite", "--db", str(sample_db)], capture_output=True, text=True)
    assert done.returncode == 2 and "-o" in done.stderr and "Traceback" not in done.stderr
    out = tmp_path / "c.db"
    done = subprocess.run([*COPYTRAIL, "export", "sqlite", "--db", str(sample_db), "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.exists() and "datasette" in done.stderr


def test_sqlite_export_names_each_record(records_db: Path, tmp_path: Path) -> None:
    """Records of a JSONL feed and a WARC crawl: path, record and url apart, each row its own."""
    from records_corpus import FEED_RECORDS, WARC_RECORDS

    out = tmp_path / "records.db"
    with open_store(records_db, read_only=True) as store:
        export_sqlite(store, out)
    con = sqlite3.connect(out)
    try:
        rows = con.execute("SELECT path, record, url FROM documents").fetchall()
    finally:
        con.close()
    assert sorted((Path(p).name, r or "") for p, r, _ in rows) == sorted(
        [("feed.jsonl", r) for r in FEED_RECORDS] + [("crawl.warc.gz", r) for r in WARC_RECORDS] + [("original.txt", "")]
    )
    assert len({(p, r) for p, r, _ in rows}) == len(rows) == 7
    assert {u for _, r, u in rows if r in WARC_RECORDS} == {"https://civicpulse.example/desal/one", "https://civicpulse.example/desal/two"}
