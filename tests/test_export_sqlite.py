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


def _datasette_get(db: Path, *paths: str) -> list:
    """Responses of Datasette itself (its Python API, no server) for ``paths`` over ``db``."""
    import asyncio

    from datasette.app import Datasette

    async def fetch() -> list:
        ds = Datasette([str(db)])
        await ds.invoke_startup()
        return [await ds.client.get(path) for path in paths]

    return asyncio.run(fetch())


def test_datasette_shows_a_search_box_and_search_filters(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "corpus.db"
    with open_store(sample_db, read_only=True) as store:
        export_sqlite(store, out)
        stored = store.query("SELECT id, text FROM documents")
    having = {r["id"] for r in stored if "desalination" in r["text"].lower()}
    assert 0 < len(having) < len(stored)
    page, found, everything, passages = _datasette_get(
        out,
        "/corpus/documents",
        "/corpus/documents.json?_search=desalination&_shape=array&_col=id&_size=max",
        "/corpus/documents.json?_shape=array&_col=id&_size=max",
        "/corpus/alignments.json?_search=shipyard&_shape=array&_col=source_text&_col=target_text",
    )
    assert page.status_code == 200 and 'name="_search"' in page.text  # the search box
    assert {r["id"] for r in found.json()} <= having and found.json()
    assert len(everything.json()) == len(stored) > len(found.json())  # the search filters
    assert passages.status_code == 200 and passages.json()
    assert all("shipyard" in (r["source_text"] + r["target_text"]).lower() for r in passages.json())


def test_sqlite_holds_claims_networks_and_evidence_with_keys(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "corpus.db"
    with open_store(sample_db, read_only=True) as store:
        counts = export_sqlite(store, out)
        titles = {r["id"]: r["title"] for r in store.query("SELECT id, title FROM documents")}
    assert counts["claims"] > 0 and counts["network_edges"] > 0
    con = sqlite3.connect(out)
    try:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        keys = {t: {row[2] for row in con.execute(f"PRAGMA foreign_key_list({t})")} for t in
                ("claim_statements", "network_edges", "network_evidence")}  # fmt: skip
        assert keys == {
            "claim_statements": {"claims", "documents"},
            "network_edges": {"network_nodes"},
            "network_evidence": {"network_edges", "alignments", "narratives", "documents"},
        }
        graphs = dict(con.execute("SELECT graph || '/' || nodes, count(*) FROM network_edges GROUP BY 1").fetchall())
        assert set(graphs) == {"copies/outlets", "copies/authors", "copublication/outlets", "copublication/authors", "bylines/bylines and outlets"}
        # every copies edge's evidence is its alignments, one row each, joined by id
        for edge, weight, passages in con.execute("SELECT id, weight, passages FROM network_edges WHERE graph = 'copies'"):
            linked = con.execute("SELECT count(*) FROM network_evidence e JOIN alignments a ON a.id = e.alignment WHERE e.edge = ?", [edge]).fetchone()[0]
            assert linked == weight == passages
        directed = con.execute(
            "SELECT s.name, t.name FROM network_edges e JOIN network_nodes s ON s.id = e.source "
            "JOIN network_nodes t ON t.id = e.target WHERE e.graph = 'copies' AND e.nodes = 'outlets'"
        ).fetchall()
        assert ("Civic Pulse", "Open Ledger News") in directed and ("Open Ledger News", "Civic Pulse") not in directed
        dorran = con.execute(
            "SELECT count(*) FROM network_edges e JOIN network_nodes s ON s.id = e.source "
            "WHERE e.graph = 'bylines' AND s.name = 'Marek Dorran'"
        ).fetchone()[0]
        assert dorran == 4  # one campaign byline, four outlets
        statements = con.execute("SELECT claim, doc FROM claim_statements").fetchall()
        assert statements and all(doc in titles for _, doc in statements)
        left_out = con.execute("SELECT graph, counted, reason, count FROM network_left_out").fetchall()
        assert left_out and all(n > 0 for *_, n in left_out)
        assert any(g == "copublication" and r == "outside window" for g, _, r, _ in left_out)
        labelled = con.execute("SELECT id, title, snippet FROM narratives").fetchall()
        assert all(title and snippet for _, title, snippet in labelled)
    finally:
        con.close()


def test_a_failing_sqlite_export_keeps_the_old_file(sample_db: Path, tmp_path: Path) -> None:
    """The file is built beside the target and renamed when complete: an export that fails
    (here the store goes away under it) leaves the previous file and no temporary."""
    out = tmp_path / "corpus.db"
    out.write_bytes(b"the previous export")
    store = open_store(sample_db, read_only=True)
    store.close()
    with pytest.raises(Exception):  # noqa: B017 - whatever the closed store raises
        export_sqlite(store, out, overwrite=True)
    assert out.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.db"]
    with open_store(sample_db, read_only=True) as store:
        export_sqlite(store, out, overwrite=True)
    con = sqlite3.connect(out)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] > 0
    finally:
        con.close()
