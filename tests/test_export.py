"""Exports of a real scanned store: JSONL schema, CSV and Parquet round trips."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from copytrail.cli.main import app
from copytrail.errors import UsageError
from copytrail.outputs.export import (
    BOOLEAN_COLUMNS,
    INTEGER_COLUMNS,
    TIMESTAMP_COLUMNS,
    export,
    flatten,
    rows_for,
)
from copytrail.stages.network import parse_time
from copytrail.store import open_store
from records_corpus import FEED_RECORDS, PAGES, WARC_RECORDS

runner = CliRunner()


def cli_export(db: Path, table: str, fmt: str, out: Path | None = None, extra: list[str] | None = None) -> str:
    args = ["export", table, "--db", str(db), "--format", fmt, *(extra or [])]
    if out is not None:
        args += ["--output", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def expected_flat(db: Path, table: str) -> list[dict]:
    with open_store(db, read_only=True) as store:
        return [f for row in rows_for(table, store) for f in flatten(row, table)]


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    return str(value)


def test_alignments_jsonl_schema(sample_db: Path) -> None:
    lines = cli_export(sample_db, "alignments", "jsonl").splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows
    with open_store(sample_db, read_only=True) as store:
        assert len(rows) == store.counts()["alignments"]
        texts = store.texts([r[s]["doc"] for r in rows for s in ("source", "target")])
        paths = {r["id"]: r["path"] for r in store.query("SELECT id, path FROM documents")}
    for row in rows:
        assert {"source", "target", "kind", "score", "narrative"} <= set(row)
        for side in ("source", "target"):
            span = row[side]
            assert list(span) == ["doc", "path", "start", "end", "record", "url", "language"]
            assert isinstance(span["start"], int) and isinstance(span["end"], int)
            assert 0 <= span["start"] < span["end"] <= len(texts[span["doc"]])
            assert span["path"] == paths[span["doc"]]
        assert row["kind"] in ("verbatim", "edited", "paraphrase")
        assert 0.0 < row["score"] <= 1.0
        assert isinstance(row["narrative"], str) and row["narrative"]


@pytest.mark.parametrize("table", ["alignments", "documents", "narratives"])
def test_csv_round_trip(sample_db: Path, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.csv"
    cli_export(sample_db, table, "csv", out)
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = expected_flat(sample_db, table)
    assert len(rows) == len(expected) > 0
    for got, want in zip(rows, expected, strict=True):
        assert list(got) == list(want)
        assert got == {k: as_text(v) for k, v in want.items()}


@pytest.mark.parametrize("table", ["alignments", "documents", "narratives"])
def test_parquet_round_trip(sample_db: Path, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.parquet"
    cli_export(sample_db, table, "parquet", out)
    written = pq.read_table(out)
    expected = [
        {k: parse_time(v) if k in TIMESTAMP_COLUMNS else v for k, v in row.items()}
        for row in expected_flat(sample_db, table)
    ]
    assert written.to_pylist() == expected
    types = {field.name: field.type for field in written.schema}
    for name, kind in types.items():  # real types: dates are UTC timestamps, counts integers
        if name in TIMESTAMP_COLUMNS:
            assert kind == pa.timestamp("us", tz="UTC"), name
        elif name in INTEGER_COLUMNS:
            assert kind == pa.int64(), name
        elif name in BOOLEAN_COLUMNS:
            assert kind == pa.bool_(), name
        else:
            assert kind in (pa.string(), pa.float64()), (name, kind)
    assert TIMESTAMP_COLUMNS & set(types) or table == "alignments"


def test_parquet_and_csv_agree(sample_db: Path, tmp_path: Path) -> None:
    cli_export(sample_db, "alignments", "csv", tmp_path / "a.csv")
    cli_export(sample_db, "alignments", "parquet", tmp_path / "a.parquet")
    with (tmp_path / "a.csv").open(newline="", encoding="utf-8") as handle:
        from_csv = [(r["source_doc"], int(r["source_start"]), r["target_doc"], int(r["target_end"]), r["kind"]) for r in csv.DictReader(handle)]
    from_parquet = [
        (r["source_doc"], r["source_start"], r["target_doc"], r["target_end"], r["kind"])
        for r in pq.read_table(tmp_path / "a.parquet").to_pylist()
    ]
    assert from_csv == from_parquet


def test_documents_export(sample_db: Path) -> None:
    rows = [json.loads(line) for line in cli_export(sample_db, "documents", "jsonl").splitlines()]
    assert len(rows) == 39
    for row in rows:
        assert row["chars"] == len(row["text"])
        assert isinstance(row["extra"], dict)
    dups = [r for r in rows if r["duplicate_of"]]
    assert len(dups) == 1
    assert any(r["extra"].get("encoding") == "cp1252" for r in rows)
    hostile = next(r for r in rows if r["title"] and "<script>" in r["title"])
    assert "<script>alert(1)</script>" in hostile["title"]  # exported as data, unchanged


def test_narratives_export(sample_db: Path) -> None:
    rows = [json.loads(line) for line in cli_export(sample_db, "narratives", "jsonl").splitlines()]
    with open_store(sample_db, read_only=True) as store:
        assert len(rows) == store.counts()["narratives"] > 0
        used = {r[0] for r in store.con.execute("SELECT DISTINCT narrative FROM alignments").fetchall()}
    assert {r["narrative"] for r in rows} == used
    for row in rows:
        docs = {m["doc"] for m in row["members"]}
        assert row["documents"] == len(docs) >= 2
        assert set(row["earliest"]) <= docs
        assert [m["doc"] for m in row["members"] if m["earliest"]] and set(row["earliest"]) == {
            m["doc"] for m in row["members"] if m["earliest"]
        }
        assert row["first_date"] <= row["last_date"]


def test_export_to_stdout_and_errors(sample_db: Path, tmp_path: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        with pytest.raises(UsageError):
            export(store, "alignments", "parquet", None)
        with pytest.raises(UsageError):
            export(store, "nothing", "jsonl", str(tmp_path / "x"))
        with pytest.raises(UsageError):
            export(store, "alignments", "xml", str(tmp_path / "x"))
        count = export(store, "alignments", "jsonl", str(tmp_path / "a.jsonl"))
    assert count == len((tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines())
    result = runner.invoke(app, ["export", "alignments", "--db", str(sample_db), "-f", "parquet"])
    assert result.exit_code == 2 and "-o FILE" in result.output


def test_export_of_empty_store(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    open_store(db).close()
    assert cli_export(db, "alignments", "jsonl") == ""
    assert cli_export(db, "narratives", "csv") == ""


def test_every_export_names_each_record_of_a_multi_record_file(records_db: Path) -> None:
    """Six records of two files: each is its own path + record (+ url) in every export."""
    docs = [json.loads(line) for line in cli_export(records_db, "documents", "jsonl").splitlines()]
    by_id = {d["id"]: d for d in docs}
    assert list(docs[0])[-1] == "record"  # a new field, after the ones there were
    records = sorted((Path(d["path"]).name, d["record"]) for d in docs)
    assert records == sorted(
        [("feed.jsonl", r) for r in FEED_RECORDS] + [("crawl.warc.gz", r) for r in WARC_RECORDS] + [("original.txt", None)]
    )
    assert {d["url"] for d in docs if d["record"] == "line 4"} == {"https://northgate.example/water/plant"}
    assert {d["url"] for d in docs if d["record"] in WARC_RECORDS} == {u for u, _, _ in PAGES}

    alignments = [json.loads(line) for line in cli_export(records_db, "alignments", "jsonl").splitlines()]
    seen = set()
    for row in alignments:
        for side in ("source", "target"):
            span, doc = row[side], by_id[row[side]["doc"]]
            assert (span["path"], span["record"], span["url"]) == (doc["path"], doc["record"], doc["url"])
            seen.add((span["path"], span["record"]))
    assert len(seen) == 7  # every record, and the whole file, told apart

    narratives = [json.loads(line) for line in cli_export(records_db, "narratives", "jsonl").splitlines()]
    members = [m for n in narratives for m in n["members"]]
    assert list(members[0])[:4] == ["doc", "path", "start", "end"] and {"record", "url"} <= set(members[0])
    assert {(m["path"], m["record"], m["url"]) for m in members} == {(d["path"], d["record"], d["url"]) for d in docs}

    flat = list(csv.DictReader(io.StringIO(cli_export(records_db, "alignments", "csv"))))
    assert {(r["source_path"], r["source_record"]) for r in flat} | {(r["target_path"], r["target_record"]) for r in flat} == {
        (p, r or "") for p, r in seen
    }
    flat = list(csv.DictReader(io.StringIO(cli_export(records_db, "narratives", "csv"))))
    assert {r["member_record"] for r in flat} == {*FEED_RECORDS, *WARC_RECORDS, ""}


def test_every_export_says_each_date_with_its_source_and_precision(sample_db: Path, tmp_path: Path) -> None:
    """Documents and narrative members carry date_precision beside published and date_source
    (JSONL, CSV, Parquet, SQLite); narratives carry their confidence and its reason."""
    import sqlite3

    from copytrail.outputs.sqlite import export_sqlite

    docs = [json.loads(line) for line in cli_export(sample_db, "documents", "jsonl").splitlines()]
    assert list(docs[0])[list(docs[0]).index("published") : list(docs[0]).index("published") + 3] == [
        "published", "date_source", "date_precision"
    ]
    by_name = {Path(d["path"]).name: d for d in docs if d["fmt"] != "jsonl"}
    by_id = {d["id"]: d for d in docs}
    assert {(d["published"], d["date_source"], d["date_precision"]) for n, d in by_name.items() if n.endswith(".txt")} == {(None, "none", None)}
    sheet = by_name["truthlantern-dunmore-fact-sheet.html"]
    assert (sheet["published"], sheet["date_source"], sheet["date_precision"]) == ("2025-03-10T06:00:00+00:00", "metadata", "minute")
    assert {d["date_precision"] for d in docs if d["date_source"] == "metadata"} <= {"day", "minute", "second"}

    narratives = [json.loads(line) for line in cli_export(sample_db, "narratives", "jsonl").splitlines()]
    with open_store(sample_db, read_only=True) as store:
        stored = {r["id"]: (r["confidence"], r["confidence_reason"]) for r in store.query("SELECT * FROM narratives")}
    for n in narratives:
        assert (n["confidence"], n["confidence_reason"]) == stored[n["narrative"]]
        assert n["confidence"] in ("high", "medium", "low", "unknown") and n["confidence_reason"]
        for m in n["members"]:
            assert m["date_precision"] == by_id[m["doc"]]["date_precision"]
    flat = list(csv.DictReader(io.StringIO(cli_export(sample_db, "narratives", "csv"))))
    assert {"confidence", "confidence_reason", "member_published", "member_date_source", "member_date_precision"} <= set(flat[0])
    out = tmp_path / "n.parquet"
    cli_export(sample_db, "documents", "parquet", out)
    assert pq.read_table(out).column_names[7:10] == ["published", "date_source", "date_precision"]

    with open_store(sample_db, read_only=True) as store:
        export_sqlite(store, tmp_path / "s.sqlite")
    con = sqlite3.connect(tmp_path / "s.sqlite")
    precision = dict(con.execute("SELECT path, date_precision FROM documents").fetchall())
    reasons = dict(con.execute("SELECT id, confidence_reason FROM narratives").fetchall())
    con.close()
    assert {Path(p).name: v for p, v in precision.items()}["truthlantern-dunmore-fact-sheet.html"] == "minute"
    assert reasons == {k: v[1] for k, v in stored.items()}


def test_with_text_puts_the_passage_text_on_alignment_rows_in_every_format(sample_db: Path, tmp_path: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        texts = {r["id"]: r["text"] for r in store.query("SELECT id, text FROM documents")}
    rows = [json.loads(line) for line in cli_export(sample_db, "alignments", "jsonl", extra=["--with-text"]).splitlines()]
    assert rows
    for row in rows:
        for side in ("source", "target"):
            span = row[side]
            assert span["text"] == texts[span["doc"]][span["start"] : span["end"]]
    plain = [json.loads(line) for line in cli_export(sample_db, "alignments", "jsonl").splitlines()]
    assert "text" not in plain[0]["source"]
    flat = list(csv.DictReader(io.StringIO(cli_export(sample_db, "alignments", "csv", extra=["--with-text"]))))
    assert [(r["source_text"], r["target_text"]) for r in flat] == [(r["source"]["text"], r["target"]["text"]) for r in rows]
    cli_export(sample_db, "alignments", "parquet", tmp_path / "a.parquet", extra=["--with-text"])
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.column("target_text").to_pylist() == [r["target"]["text"] for r in rows]
    wrong = runner.invoke(app, ["export", "narratives", "--db", str(sample_db), "--with-text"])
    assert wrong.exit_code == 2 and "--with-text" in wrong.stderr


def test_parquet_of_an_empty_store_keeps_its_types(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    open_store(db).close()
    with open_store(db, read_only=True) as store:
        assert export(store, "documents", "parquet", str(tmp_path / "d.parquet")) == 0
    assert pq.read_table(tmp_path / "d.parquet").num_rows == 0


def test_a_failing_export_leaves_the_old_file(sample_db: Path, tmp_path: Path) -> None:
    """An export that fails midway (here: its rows raise) keeps the previous file whole."""
    from copytrail.outputs.export import write_rows

    out = tmp_path / "alignments.jsonl"
    out.write_text("the previous export\n", encoding="utf-8")

    def broken_rows() -> Iterator[dict]:
        with open_store(sample_db, read_only=True) as store:
            rows = list(rows_for("alignments", store))
        yield from rows[:3]
        raise OSError("disk full (injected)")

    for fmt in ("jsonl", "csv", "parquet"):
        with pytest.raises(OSError, match="injected"):
            write_rows(broken_rows(), "alignments", fmt, str(out))
        assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alignments.jsonl"]  # no temporary left


def test_an_export_killed_midway_leaves_the_old_file(sample_db: Path, tmp_path: Path) -> None:
    """A real export process killed with SIGKILL while writing: the target keeps its old text."""
    import os
    import signal
    import subprocess
    import sys
    import time

    out, started = tmp_path / "alignments.jsonl", tmp_path / "started"
    out.write_text("the previous export\n", encoding="utf-8")
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from copytrail.outputs.export import rows_for, write_rows\n"
        "from copytrail.store import open_store\n"
        "def rows():\n"
        f"    with open_store({str(sample_db)!r}, read_only=True) as store:\n"
        "        first = list(rows_for('alignments', store))\n"
        "    yield from first\n"
        f"    Path({str(started)!r}).write_text('x')\n"
        "    time.sleep(60)\n"
        "    yield from first\n"
        f"write_rows(rows(), 'alignments', 'jsonl', {str(out)!r})\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not started.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started.exists(), "the export never got going"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    partial = [p for p in tmp_path.iterdir() if p.name.startswith(".alignments.jsonl.")]
    assert len(partial) == 1 and partial[0].stat().st_size > 0  # it was writing, beside the target


def test_narratives_are_told_apart_by_title_and_snippet(sample_db: Path, tmp_path: Path) -> None:
    """Several narratives share an earliest article: each still has its own (title, snippet),
    the snippet a piece of its own reused text, in the export and in the report."""
    rows = [json.loads(line) for line in cli_export(sample_db, "narratives", "jsonl").splitlines()]
    with open_store(sample_db, read_only=True) as store:
        texts = {r["id"]: " ".join(r["text"].split()) for r in store.query("SELECT id, text FROM documents")}
    titles = [r["title"] for r in rows]
    assert len(set(titles)) < len(titles)  # the sample has narratives with one title
    assert len({(r["title"], r["snippet"]) for r in rows}) == len(rows)
    for row in rows:
        lead = next(m for m in row["members"] if m["earliest"]) if row["earliest"] else row["members"][0]
        assert row["snippet"] and row["snippet"].rstrip("…") in texts[lead["doc"]]
        assert len(row["snippet"]) <= 110
    flat = list(csv.DictReader(io.StringIO(cli_export(sample_db, "narratives", "csv"))))
    assert {(r["narrative"], r["title"], r["snippet"]) for r in flat} == {(r["narrative"], r["title"], r["snippet"]) for r in rows}
    done = runner.invoke(app, ["report", "--db", str(sample_db), "-o", str(tmp_path / "report.html")])
    assert done.exit_code == 0, done.output
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    for row in rows:
        assert json.dumps(row["snippet"], ensure_ascii=False)[1:-1] in page or json.dumps(row["snippet"])[1:-1] in page
