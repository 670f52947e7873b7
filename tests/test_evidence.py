"""Evidence packs (``copytrail evidence``) from real stores: the sample corpus scanned, plus a
planted pair whose shared passage carries markup, a JSONL feed and a WARC crawl.

Every hash is checked against ``hashlib.sha256`` of what it claims to fingerprint, read here
independently (the stored text from the store, a file's bytes from disk, a JSONL record from
its line, a WARC record parsed back with warcio).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

import copytrail
from conftest import FAST
from copytrail.cli.main import app
from copytrail.engines.local import scan
from copytrail.errors import UsageError
from copytrail.outputs.evidence import build_evidence, evidence_data, evidence_html
from copytrail.outputs.evidence.build import (
    DOCUMENTS_CSV,
    FIGURES_CSV,
    PASSAGE_FIELDS,
    PASSAGES_CSV,
)
from copytrail.store import Store, open_store
from sample_truth import SAMPLE

PLANTED = (
    "The ferry operator said on Monday that the evening crossing to Veyra will stop in June "
    "because the harbour <script>alert('evidence')</script> fees rose for the third year running, "
    "and that the morning boats will carry the late freight instead of the cancelled sailing. "
    "Passengers who bought season tickets will be offered refunds at the harbour office."
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus plus a planted pair (markup inside the reused passage)."""
    root = tmp_path_factory.mktemp("evidence")
    corpus = root / "corpus"
    shutil.copytree(SAMPLE, corpus)
    (corpus / "planted-original.md").write_text(
        "---\ntitle: Evening ferry to end\noutlet: Veyra Tide\npublished: 2025-05-01T08:00:00Z\n---\n\n"
        + PLANTED + "\n\nThe council has not commented.\n",
        encoding="utf-8",
    )
    (corpus / "planted-copy.md").write_text(
        "---\ntitle: Ferry cuts <b>evening</b> sailing\noutlet: Copy Desk\npublished: 2025-05-01T11:30:00Z\n---\n\n"
        "Late news. " + PLANTED + "\n\nMore soon.\n",
        encoding="utf-8",
    )
    db = root / "store.duckdb"
    with open_store(db) as store:
        result = scan([corpus], store, FAST)
    assert not result.errors, result.errors
    return db


@pytest.fixture
def store(store_path: Path):  # noqa: ANN201
    with open_store(store_path, read_only=True) as s:
        yield s


def _narrative_of(store: Store, title: str) -> str:
    rows = store.query(
        "SELECT m.narrative FROM narrative_members m JOIN documents d ON d.id = m.doc WHERE d.title = ? LIMIT 1", [title]
    )
    assert rows, title
    return rows[0]["narrative"]


def _biggest_narrative(store: Store) -> str:
    return store.query("SELECT id FROM narratives ORDER BY documents DESC, id LIMIT 1")[0]["id"]


def test_narrative_pack_files_and_members(store: Store, tmp_path: Path) -> None:
    nid = _biggest_narrative(store)
    pack = build_evidence(store, nid, tmp_path / "pack")
    assert pack.kind == "narrative" and pack.subject == nid
    for path in (pack.html, pack.json, *pack.csv):
        assert path.is_file(), path
    data = json.loads(pack.json.read_text(encoding="utf-8"))
    members = {r["doc"] for r in store.query("SELECT doc FROM narrative_members WHERE narrative = ?", [nid])}
    assert {d["id"] for d in data["documents"]} == members  # every member, nothing else
    texts = store.texts(sorted(members))
    stored = {r["id"]: r for r in store.query("SELECT id, file, outlet, author, url, published, date_source FROM documents")}
    for doc in data["documents"]:
        assert doc["text_sha256"] == _sha(texts[doc["id"]])
        row = stored[doc["id"]]
        for key in ("outlet", "author", "url", "published", "date_source"):
            assert doc[key] == row[key], key
        assert doc["input"]["available"] is True
        assert doc["input"]["file_sha256"] == _sha(Path(row["file"]).read_bytes())
        assert doc["citation"]
    # the reused passages: every alignment of the narrative, with exact text on both sides
    count = store.query("SELECT count(*) AS n FROM alignments WHERE narrative = ?", [nid])[0]["n"]
    assert len(data["passages"]) == count > 0
    for p in data["passages"]:
        src = texts[p["source"]["doc"]]
        assert p["source"]["text"] == src[p["source"]["start"] : p["source"]["end"]]
        joined = "".join(chunk for chunk, _ in p["side_by_side"]["b"]["chunks"])
        assert joined == p["target"]["text"]
    # the earliest member and why
    (narrative,) = data["narratives"]
    row = store.query("SELECT earliest, confidence FROM narratives WHERE id = ?", [nid])[0]
    assert narrative["earliest"] == [d for d in (row["earliest"] or "").split(",") if d]
    assert narrative["confidence"] == row["confidence"]
    assert f"Confidence: {row['confidence']}" in narrative["why"]
    assert [d["id"] for d in data["documents"] if d["earliest"]] == narrative["earliest"]
    # version and settings fingerprint as the store recorded them
    meta = {r["key"]: r["value"] for r in store.query("SELECT key, value FROM meta")}
    assert data["copytrail"]["settings"]["align_settings"] == meta["align_settings"]
    recorded = {k: meta[k] for k in data["copytrail"]["settings"]}
    assert data["copytrail"]["settings_fingerprint"] == _sha(json.dumps(recorded, sort_keys=True))
    assert data["copytrail"]["version"] == data["copytrail"]["scanned_with"] == copytrail.__version__
    # CSV: one row per document, one per passage
    docs_csv = list(csv.DictReader(io.StringIO((tmp_path / "pack" / DOCUMENTS_CSV).read_text(encoding="utf-8"))))
    assert {r["id"] for r in docs_csv} == members
    assert all(r["text_sha256"] == _sha(texts[r["id"]]) for r in docs_csv)
    passages_csv = list(csv.DictReader(io.StringIO((tmp_path / "pack" / PASSAGES_CSV).read_text(encoding="utf-8"))))
    assert len(passages_csv) == count
    html = pack.html.read_text(encoding="utf-8")
    assert nid in html and narrative["earliest"][0] in html and data["copytrail"]["settings_fingerprint"] in html


def test_document_pack(store: Store, tmp_path: Path) -> None:
    doc_id = store.query(
        "SELECT doc FROM narrative_members GROUP BY doc ORDER BY count(DISTINCT narrative) DESC, doc LIMIT 1"
    )[0]["doc"]
    pack = build_evidence(store, doc_id, tmp_path / "doc")
    data = json.loads(pack.json.read_text(encoding="utf-8"))
    assert data["kind"] == "document" and data["subject"] == doc_id
    assert data["documents"][0]["id"] == doc_id and data["documents"][0]["role"] == "subject"
    aligned = store.query(
        "SELECT source_doc, source_start, target_doc, target_start FROM alignments WHERE source_doc = ? OR target_doc = ?",
        [doc_id, doc_id],
    )
    got = {(p["source"]["doc"], p["source"]["start"], p["target"]["doc"], p["target"]["start"]) for p in data["passages"]}
    assert got == {tuple(r.values()) for r in aligned} and got
    narratives = {r["narrative"] for r in store.query("SELECT narrative FROM narrative_members WHERE doc = ?", [doc_id])}
    assert {n["id"] for n in data["narratives"]} == narratives
    listed = {d["id"] for d in data["documents"]}
    assert {p["source"]["doc"] for p in data["passages"]} | {p["target"]["doc"] for p in data["passages"]} <= listed
    html = pack.html.read_text(encoding="utf-8")
    assert "Stored text of this document" in html
    assert f"copytrail evidence {sorted(narratives)[0]} -o DIR" in html


def test_jsonl_records_are_hashed_as_their_lines(store: Store) -> None:
    rows = store.query("SELECT id, file, source_key FROM documents WHERE fmt = 'jsonl' AND id IN (SELECT doc FROM narrative_members)")
    assert rows
    data = evidence_data(store, rows[0]["id"])
    lines = Path(rows[0]["file"]).read_bytes().split(b"\n")
    by_id = {json.loads(line)["id"]: line for line in lines if line.strip()}
    checked = 0
    for doc in data["documents"]:
        record = doc["input"]["record"]
        if record is None:
            continue
        ident = doc["record"].removeprefix("id=")
        assert record["sha256"] == _sha(by_id[ident]), doc["record"]
        whole = Path(doc["input"]["file"]).read_bytes()
        assert whole[record["offset"] : record["offset"] + record["length"]] == by_id[ident]
        assert ident in doc["citation"]
        checked += 1
    assert checked >= 1


@pytest.mark.parametrize("gz", [False, True])
def test_warc_records_are_hashed_as_stored(tmp_path: Path, gz: bool) -> None:
    from warcio.archiveiterator import ArchiveIterator

    from test_ingest import warc_bytes

    crawl = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    crawl.write_bytes(warc_bytes(gz=gz))
    db = tmp_path / "warc.duckdb"
    with open_store(db) as s:
        scan([crawl], s, FAST)
    with open_store(db, read_only=True) as s:
        ids = [r["id"] for r in s.query("SELECT id FROM documents ORDER BY seq")]
        docs = evidence_data(s, ids[-1])["documents"]
    data = crawl.read_bytes()
    seen = 0
    for doc in docs:
        record = doc["input"]["record"]
        piece = data[record["offset"] : record["offset"] + record["length"]]
        assert record["sha256"] == _sha(piece)
        parsed = next(iter(ArchiveIterator(io.BytesIO(piece))))  # the slice is one whole record
        assert parsed.rec_headers.get_header("WARC-Target-URI") == doc["url"]
        seen += 1
    assert seen >= 1


def test_planted_markup_is_escaped(store: Store, tmp_path: Path) -> None:
    nid = _narrative_of(store, "Evening ferry to end")
    pack = build_evidence(store, nid, tmp_path / "planted")
    html = pack.html.read_text(encoding="utf-8")
    assert "<script" not in html.lower()  # the page has no script of its own, and lets none in
    assert "<b>evening</b>" not in html and "&lt;b&gt;evening&lt;/b&gt;" in html
    shown = _text_of(html)  # what a reader sees: the markup, as text, inside both passages
    assert shown.count("<script>alert('evidence')</script>") >= 2
    assert " src=" not in html and html.count("<link") == 1 and '<link rel="icon" href="data:,">' in html
    data = json.loads(pack.json.read_text(encoding="utf-8"))
    assert any("<script>alert('evidence')</script>" in p["source"]["text"] for p in data["passages"])


def test_changed_figures(store: Store) -> None:
    found = 0
    for (nid,) in store.con.execute("SELECT id FROM narratives").fetchall():
        data = evidence_data(store, nid)
        members = {d["id"] for d in data["documents"]}
        for group in data["changed_figures"]:
            figures = {(s["value"], s["qualifier"], s["unit"]) for s in group["statements"] if s["doc"] in members}
            assert len(figures) >= 2, group  # copies inside the narrative disagree
            found += 1
    assert found >= 1  # the sample corpus plants changed figures ("roughly 30,000" / "3,000")


def test_deleted_file_is_said_so(store_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(store_path, db)
    with open_store(db, read_only=True) as s:
        nid = _narrative_of(s, "Evening ferry to end")
        row = s.query("SELECT id, file FROM documents WHERE title = 'Evening ferry to end'")[0]
    moved = Path(row["file"]).with_suffix(".gone")
    Path(row["file"]).rename(moved)
    try:
        with open_store(db, read_only=True) as s:
            pack = build_evidence(s, nid, tmp_path / "gone")
    finally:
        moved.rename(row["file"])
    data = json.loads(pack.json.read_text(encoding="utf-8"))
    gone = next(d for d in data["documents"] if d["id"] == row["id"])
    assert gone["input"] == {**gone["input"], "available": False, "file_sha256": None, "note": "file no longer available"}
    assert gone["text_sha256"]  # the stored text is still fingerprinted
    others = [d for d in data["documents"] if d["id"] != row["id"]]
    assert others and all(d["input"]["available"] for d in others)
    assert "file no longer available" in pack.html.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "gone" / DOCUMENTS_CSV).read_text(encoding="utf-8"))))
    assert next(r for r in rows if r["id"] == row["id"])["file_note"] == "file no longer available"


def test_changed_file_is_marked(store_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(store_path, db)
    with open_store(db, read_only=True) as s:
        row = s.query("SELECT id, file FROM documents WHERE title = 'Ferry cuts <b>evening</b> sailing'")[0]
    path = Path(row["file"])
    before = path.read_bytes()
    path.write_bytes(before + b"\nA line added after the scan.\n")
    try:
        with open_store(db, read_only=True) as s:
            doc = evidence_data(s, row["id"])["documents"][0]
    finally:
        path.write_bytes(before)
    assert doc["input"]["changed_since_scan"] is True
    assert doc["input"]["file_sha256"] == _sha(before + b"\nA line added after the scan.\n")


def test_unknown_id_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no narrative or document"):
        build_evidence(store, "nope", tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_csv_cells_cannot_run_formulas(store: Store) -> None:
    from copytrail.outputs.evidence.build import _csv

    text = _csv([{"a": "=HYPERLINK(\"http://x\")", "b": "-2", "c": 3}])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row == {"a": "'=HYPERLINK(\"http://x\")", "b": "'-2", "c": "3"}


def test_command(store_path: Path, tmp_path: Path) -> None:
    with open_store(store_path, read_only=True) as s:
        nid = _biggest_narrative(s)
        html = evidence_html(s, nid)
    runner = CliRunner()
    out = tmp_path / "cli"
    result = runner.invoke(app, ["evidence", nid, "-o", str(out), "--db", str(store_path)])
    assert result.exit_code == 0, result.output
    assert (out / "evidence.html").is_file() and (out / FIGURES_CSV).is_file()
    written = (out / "evidence.html").read_text(encoding="utf-8")
    strip = lambda page: page.split("Generated ", 1)[1].split(" by copytrail", 1)[1]  # noqa: E731
    assert strip(written) == strip(html)  # the command writes what the library renders
    bad = runner.invoke(app, ["evidence", "n0000000000", "-o", str(tmp_path / "bad"), "--db", str(store_path)])
    assert bad.exit_code == 2
    assert "no narrative or document" in bad.output and "Traceback" not in bad.output


def test_empty_tables_keep_their_header(store: Store, tmp_path: Path) -> None:
    lonely = store.query(
        "SELECT id FROM documents WHERE id NOT IN (SELECT source_doc FROM alignments UNION SELECT target_doc FROM alignments) LIMIT 1"
    )
    assert lonely, "the sample corpus has a document that shares nothing"
    pack = build_evidence(store, lonely[0]["id"], tmp_path / "lonely")
    data = json.loads(pack.json.read_text(encoding="utf-8"))
    assert data["passages"] == [] and data["narratives"] == [] and len(data["documents"]) == 1
    header = (tmp_path / "lonely" / PASSAGES_CSV).read_text(encoding="utf-8").splitlines()
    assert header == [",".join(PASSAGE_FIELDS)]
    assert "belongs to no narrative" in pack.html.read_text(encoding="utf-8")


def test_document_pack_lists_its_changed_figures(store: Store) -> None:
    row = store.query(
        "SELECT s.doc FROM claim_statements s JOIN claim_groups g ON g.id = s.claim_group WHERE g.values_differ "
        "ORDER BY s.doc LIMIT 1"
    )[0]
    data = evidence_data(store, row["doc"])
    assert data["changed_figures"]
    for group in data["changed_figures"]:
        assert row["doc"] in {s["doc"] for s in group["statements"]}
        assert len({(s["value"], s["qualifier"]) for s in group["statements"]}) >= 2
        assert all(s["citation"] and s["figure"] for s in group["statements"])


def test_jsonl_lines_without_ids_are_hashed_by_line(tmp_path: Path) -> None:
    from test_report import write_hostile_corpus

    corpus = write_hostile_corpus(tmp_path / "hostile")
    db = tmp_path / "hostile.duckdb"
    with open_store(db) as s:
        scan([corpus], s, FAST)
    with open_store(db, read_only=True) as s:
        nids = [r["id"] for r in s.query("SELECT id FROM narratives ORDER BY id")]
        docs = [d for n in nids for d in evidence_data(s, n)["documents"]]
    lines = (corpus / "feed.jsonl").read_bytes().split(b"\n")
    feed = [d for d in docs if d["input"]["record"] is not None]
    assert feed
    for doc in feed:
        number = int(doc["record"].removeprefix("line "))
        assert doc["input"]["record"]["sha256"] == _sha(lines[number - 1])
        assert json.loads(lines[number - 1])["text"] == _stored_text(db, doc["id"])


def _stored_text(db: Path, doc_id: str) -> str:
    with open_store(db, read_only=True) as s:
        return s.texts([doc_id])[doc_id]


def test_records_of_tables_json_and_gzipped_files_are_covered_by_the_files_hash(tmp_path: Path) -> None:
    """A CSV row, a JSON array's item or a gzipped line has no bytes of its own: the pack says
    the file's hash covers it (it never hashes a slice that is not the record)."""
    import gzip

    story = "The council approved the new harbour budget on Monday after a long debate about the ferry line. " * 3
    folder = tmp_path / "in"
    folder.mkdir()
    with (folder / "sheet.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["id", "text"], ["a", story]])
    (folder / "api.json").write_text(json.dumps([{"text": "Elsewhere. " + story}]), encoding="utf-8")
    (folder / "feed.jsonl.gz").write_bytes(gzip.compress((json.dumps({"text": story + " More."}) + "\n").encode("utf-8")))
    docs = _one_narratives_documents(folder, tmp_path / "s.duckdb")
    notes = {Path(d["input"]["file"]).name: d["input"]["record"]["note"] for d in docs}
    assert notes == {
        "sheet.csv": "records of a CSV file are not cut out; the file's hash covers them",
        "api.json": "records of a JSON file are not cut out; the file's hash covers them",
        "feed.jsonl.gz": "records of a gzipped file are not cut out; the file's hash covers them",
    }
    assert all(d["input"]["file_sha256"] and d["input"]["record"]["sha256"] is None for d in docs)


def test_wet_text_records_are_hashed_as_stored(tmp_path: Path) -> None:
    """A WET file's page texts are cut out of it as the scan counted them (HTML responses and
    text records together): each slice is one whole record holding that page's address."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.warcwriter import WARCWriter

    story = "The council approved the new harbour budget on Monday after a long debate about the ferry line. " * 3
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.wet.gz", {"software": "test"}))
    for k, url in enumerate(("https://a.example/one", "https://b.example/two")):
        text = ("Elsewhere. " * k + story).encode()
        headers = {"WARC-Date": f"2021-03-0{k + 5}T08:00:00Z", "Content-Type": "text/plain"}
        writer.write_record(writer.create_warc_record(url, "conversion", payload=io.BytesIO(text), warc_headers_dict=headers))
    crawl = tmp_path / "crawl.warc.wet.gz"
    crawl.write_bytes(buf.getvalue())
    docs = _one_narratives_documents(crawl, tmp_path / "wet.duckdb")
    data = crawl.read_bytes()
    assert len(docs) == 2
    for doc in docs:
        record = doc["input"]["record"]
        piece = data[record["offset"] : record["offset"] + record["length"]]
        assert record["sha256"] == _sha(piece)
        parsed = next(iter(ArchiveIterator(io.BytesIO(piece))))
        assert parsed.rec_headers.get_header("WARC-Target-URI") == doc["url"]


def _one_narratives_documents(inputs: Path, db: Path) -> list[dict]:
    """Scan ``inputs`` into a new store that must hold one narrative; its evidence's documents."""
    with open_store(db) as s:
        scan([inputs], s, FAST)
    with open_store(db, read_only=True) as s:
        [narrative] = [r["id"] for r in s.query("SELECT id FROM narratives")]
        return evidence_data(s, narrative)["documents"]
