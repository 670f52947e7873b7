"""The copytrail command, run for real: bad input, bad stores, check, compare, help."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import ids_by_name
from copytrail.cli.main import app
from copytrail.store import open_store
from sample_truth import SAMPLE, planted

COPYTRAIL = Path(sys.executable).with_name("copytrail")
runner = CliRunner()


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "60"}  # a narrow terminal must not wrap messages
    return subprocess.run(
        [str(COPYTRAIL), *map(str, args)], capture_output=True, text=True, timeout=120, cwd=cwd, env=env
    )


def small_corpus(folder: Path) -> Path:
    folder.mkdir()
    for name in ("civicpulse-saltmarsh-fact-sheet.html", "northgatepost-water-question.html", "coastalherald-mariners-derby.txt"):
        shutil.copy(SAMPLE / name, folder / name)
    return folder


def bad_inputs(folder: Path) -> dict[str, str]:
    """Broken files next to good ones; the name each one-line message must start with."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (folder / "notext.html").write_text("<html><head><title>x</title></head><body><script>1</script></body></html>")
    (folder / "lines.jsonl").write_text(
        json.dumps({"id": "ok", "text": "A fine record about the harbour and its boats."}) + "\n{broken json\n"
    )
    warc = gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\n")
    (folder / "cut.warc.gz").write_bytes(warc[: len(warc) - 7])
    return {
        "empty.txt": "empty.txt:",
        "binary.txt": "binary.txt:",
        "notext.html": "notext.html:",
        "lines.jsonl": "lines.jsonl:2:",
        "cut.warc.gz": "cut.warc.gz:",
    }


def test_bad_inputs_are_reported_and_the_rest_is_scanned(tmp_path: Path) -> None:
    folder = small_corpus(tmp_path / "corpus")
    (folder / "malformed.html").write_text(
        "<html><body><article><p>Unclosed <b>bold text about the harbour dredging plan goes on"
        "<p>and a second paragraph <i>never closes either</article>"
    )
    expected = bad_inputs(folder)
    missing = tmp_path / "missing.txt"
    db = tmp_path / "s.duckdb"
    done = run("scan", folder, missing, "--db", db, "--workers", "1", "-q")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == len(expected) + 1  # one line per bad input, nothing else
    for name, where in expected.items():
        assert sum(where in line and line.startswith("skipped") for line in lines) == 1, (name, lines)
    assert any(str(missing) in line and "no such file" in line for line in lines)
    with open_store(db, read_only=True) as store:
        errors = store.query("SELECT path, line, reason FROM errors")
        assert len(errors) == len(expected) + 1
        assert {Path(e["path"]).name for e in errors} == {*expected, "missing.txt"}
        assert next(e for e in errors if e["path"].endswith("lines.jsonl"))["line"] == 2
        names = set(ids_by_name(store))
        assert {
            "civicpulse-saltmarsh-fact-sheet.html", "northgatepost-water-question.html",
            "coastalherald-mariners-derby.txt", "malformed.html", "lines.jsonl#id=ok",
        } <= names
        assert store.counts()["alignments"] >= 1


def test_strict_stops_at_the_first_bad_input_and_keeps_the_store(tmp_path: Path) -> None:
    folder = small_corpus(tmp_path / "corpus")
    db = tmp_path / "s.duckdb"
    assert run("scan", folder, "--db", db, "--workers", "1", "-q").returncode == 0
    with open_store(db, read_only=True) as store:
        before = store.counts()
    bad = tmp_path / "more"
    bad.mkdir()
    (bad / "a-good.txt").write_text("A good article about nothing in particular, told at length.\n")
    (bad / "b-empty.txt").write_bytes(b"")
    (bad / "c-good.txt").write_text("Another good article about the weather at sea this week.\n")
    done = run("scan", folder, bad, "--db", db, "--workers", "1", "-q", "--strict")
    assert done.returncode == 1  # an input could not be read: 1, as without --strict
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "b-empty.txt" in line and "empty file" in line
    with open_store(db, read_only=True) as store:
        after = store.counts()
        assert after["documents"] >= before["documents"]
        assert after["alignments"] == before["alignments"]
        assert "c-good.txt" not in ids_by_name(store)  # stopped at the first
    # without --strict the same inputs scan, and nothing stored is lost
    done = run("scan", folder, bad, "--db", db, "--workers", "1", "-q")
    assert done.returncode == 1
    with open_store(db, read_only=True) as store:
        assert {"a-good.txt", "c-good.txt"} <= set(ids_by_name(store))
        assert store.counts()["alignments"] == before["alignments"]
    # the same store again, the bad file unchanged: 1 with or without --strict, and said why
    for strict in ([], ["--strict"]):
        again = run("scan", folder, bad, "--db", db, "--workers", "1", "-q", *strict)
        assert again.returncode == 1, (strict, again.stderr)
        assert "b-empty.txt" in again.stderr and "earlier scan" in again.stderr
    (bad / "b-empty.txt").write_text("Now a real article about the harbour, long enough to keep.\n")
    for strict in ([], ["--strict"]):  # fixed: 0 either way
        assert run("scan", folder, bad, "--db", db, "--workers", "1", "-q", *strict).returncode == 0, strict


@pytest.mark.parametrize("kind", ["garbage", "foreign"])
def test_db_that_is_not_a_copytrail_store(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "other.duckdb"
    if kind == "garbage":
        db.write_text("this is not a database\n" * 100)
    else:
        con = duckdb.connect(str(db))
        con.execute("CREATE TABLE customers (id INTEGER, name VARCHAR)")
        con.execute("INSERT INTO customers VALUES (1, 'x')")
        con.close()
    original = db.read_bytes()
    folder = small_corpus(tmp_path / "corpus")
    for args in (
        ("scan", folder, "--db", db, "-q"),
        ("export", "alignments", "--db", db),
        ("check", folder / "coastalherald-mariners-derby.txt", "--db", db),
    ):
        done = run(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert "Traceback" not in done.stderr
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith("error:") and str(db) in line
    assert db.read_bytes() == original  # left alone


def test_missing_db_for_reading_commands(tmp_path: Path) -> None:
    done = run("export", "documents", "--db", tmp_path / "none.duckdb")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert not (tmp_path / "none.duckdb").exists()


# ----------------------------------------------------------------------------- check / compare


def test_check_reports_source_with_offsets_and_leaves_store_alone(tmp_path: Path) -> None:
    folder = small_corpus(tmp_path / "corpus")
    db = tmp_path / "s.duckdb"
    assert run("scan", folder, "--db", db, "--workers", "1", "-q").returncode == 0
    item = planted()[0]
    new = tmp_path / "new-article.txt"
    new_text = "Letters to the editor\n\nI read this somewhere and it worried me.\n\n" + item.source_text + "\n"
    new.write_text(new_text, encoding="utf-8")
    with open_store(db, read_only=True) as store:
        count = store.counts()["documents"]
        ids = ids_by_name(store)
        stored = store.texts([ids[item.source]])[ids[item.source]]

    done = run("check", new, "--db", db, "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["added"] is False and report["reused_share"] > 0.5
    match = report["matches"][0]
    assert match["doc"] == ids[item.source]
    assert match["path"].endswith(item.source)
    (p,) = match["passages"]
    assert p["kind"] == "verbatim"
    here = new_text[p["checked"]["start"] : p["checked"]["end"]]
    there = stored[p["stored"]["start"] : p["stored"]["end"]]
    assert here == there == item.source_text
    with open_store(db, read_only=True) as store:
        assert store.counts()["documents"] == count

    text_run = run("check", new, "--db", db)
    assert text_run.returncode == 0 and item.source in text_run.stdout and "verbatim" in text_run.stdout

    added = run("check", new, "--db", db, "--add", "--format", "json")
    assert added.returncode == 0 and json.loads(added.stdout)["added"] is True
    with open_store(db, read_only=True) as store:
        assert store.counts()["documents"] == count + 1
        assert "new-article.txt" in ids_by_name(store)


def test_check_with_nothing_reused(tmp_path: Path) -> None:
    folder = small_corpus(tmp_path / "corpus")
    db = tmp_path / "s.duckdb"
    assert run("scan", folder, "--db", db, "--workers", "1", "-q").returncode == 0
    lonely = tmp_path / "lonely.txt"
    lonely.write_text("Nothing here resembles any stored article about harbours or water.\n")
    done = run("check", lonely, "--db", db, "--format", "json")
    assert done.returncode == 1  # as grep: nothing found
    assert json.loads(done.stdout)["matches"] == []
    missing = run("check", tmp_path / "nope.txt", "--db", db)
    assert missing.returncode == 2 and "nope.txt" in missing.stderr and "Traceback" not in missing.stderr


def test_compare_side_by_side_and_json() -> None:
    a = SAMPLE / "civicpulse-saltmarsh-fact-sheet.html"
    b = SAMPLE / "northgatepost-water-question.html"
    text = runner.invoke(app, ["compare", str(a), str(b)], env={"COLUMNS": "200"})
    assert text.exit_code == 0, text.output
    assert str(a) in text.stdout and str(b) in text.stdout
    assert "verbatim" in text.stdout
    assert "Since the plant began feeding the municipal network" in text.stdout

    done = runner.invoke(app, ["compare", str(a), str(b), "--format", "json"])
    assert done.exit_code == 0
    spans = json.loads(done.stdout)
    assert spans
    from copytrail.api import read_document

    a_text, b_text = read_document(a).text, read_document(b).text
    found = [(a_text[s["a"]["start"] : s["a"]["end"]], b_text[s["b"]["start"] : s["b"]["end"]]) for s in spans]
    for item in planted():
        if (item.source, item.target) == (a.name, b.name):
            assert any(item.source_text in x and item.target_text in y for x, y in found)
    assert all(s["kind"] == "verbatim" for s in spans)
    assert all(x == y for x, y in found)

    nothing = runner.invoke(app, ["compare", str(a), str(SAMPLE / "coastalherald-mariners-derby.txt")])
    assert nothing.exit_code == 0 and "No shared passage" in nothing.stdout
    assert "figures stated differently" not in text.stdout  # a verbatim copy states every figure alike


def test_compare_lists_the_figures_two_texts_state_differently() -> None:
    """Two copies of one passage that state a figure otherwise: each figure is listed, the
    first file's and the second's, with the second's sentence; no direction is claimed."""
    a = SAMPLE / "civicpulse-saltmarsh-fact-sheet.html"
    b = SAMPLE / "baylinegazette-saltmarsh-cp1252.txt"
    said = " ".join(runner.invoke(app, ["compare", str(a), str(b)], env={"COLUMNS": "200"}).stdout.split())
    assert "figures stated differently (2):" in said
    assert "roughly 30,000 households (first file) ≠ roughly 3,000 households (second file) (count)" in said
    assert "passed 530 million (first file) ≠ passed 550 million (second file)" in said
    assert "“Since the plant began feeding the municipal network, water delivered to roughly 3,000 households" in said


def test_compare_missing_file_is_a_clean_error(tmp_path: Path) -> None:
    done = run("compare", tmp_path / "a.txt", SAMPLE / "veyra-council-budget.txt")
    assert done.returncode == 2
    assert "a.txt" in done.stderr and "Traceback" not in done.stderr


# ----------------------------------------------------------------------------- export


def test_export_holds_the_claims_and_network_options(tmp_path: Path) -> None:
    """One export command: claims with --differ / --rebuild, the network with its options."""
    from copytrail.outputs.claims import export_claims
    from copytrail.outputs.network import export_network

    db = tmp_path / "s.duckdb"
    assert run("scan", SAMPLE, "--db", db, "--workers", "1", "-q").returncode in (0, 1)
    differ = runner.invoke(app, ["export", "claims", "--db", str(db), "--differ", "-f", "csv"])
    assert differ.exit_code == 0, differ.output
    expected = tmp_path / "differ.csv"
    with open_store(db, read_only=True) as store:
        export_claims(store, "csv", str(expected), differ_only=True)
    assert differ.stdout == expected.read_text(encoding="utf-8")

    graph = tmp_path / "authors.gexf"
    done = runner.invoke(
        app,
        ["export", "network", "--db", str(db), "--graph", "copublication", "--what", "authors", "-w", "3d", "-o", str(graph)],
    )
    assert done.exit_code == 0, done.output
    expected = tmp_path / "expected.gexf"
    with open_store(db, read_only=True) as store:
        export_network(store, "authors", "gexf", expected, "3d", False, "copublication")
    assert graph.read_bytes() == expected.read_bytes()

    rebuilt = tmp_path / "rebuilt.duckdb"
    shutil.copy(db, rebuilt)
    done = runner.invoke(app, ["export", "claims", "--db", str(rebuilt), "--rebuild", "--entities", "rules"])
    assert done.exit_code == 0, done.output
    assert "claims in" in done.stderr

    for wrong in (["alignments", "--differ"], ["documents", "--rebuild"], ["claims", "--window", "3d"], ["claims", "--graph", "bylines"]):
        done = runner.invoke(app, ["export", *wrong, "--db", str(db)])
        assert done.exit_code == 2 and "appl" in done.stderr and "export" in done.stderr, (wrong, done.output)


def test_pan_takes_output_like_the_other_commands() -> None:
    from typer.main import get_command

    pan = get_command(app).commands["pan"]  # type: ignore[attr-defined]
    names = {name for param in pan.params for name in param.opts}
    assert {"-o", "--output", "--out"} <= names
    hidden = {name for param in pan.params if getattr(param, "hidden", False) for name in param.opts}
    assert hidden == {"--out"}  # the old name still works, and help shows -o like everywhere


# ----------------------------------------------------------------------------- help


@pytest.mark.parametrize(
    "args",
    [[], ["--help"], *[[c, "--help"] for c in ("scan", "export", "check", "compare", "pan", "pan-eval")]],
)
def test_help(args: list[str]) -> None:
    result = runner.invoke(app, args)
    if args:
        assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_every_registered_command_has_help() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)


def test_console_script_help() -> None:
    done = run("--help")
    assert done.returncode == 0 and "scan" in done.stdout


def test_check_and_compare_read_every_record_of_a_feed(records_db: Path, tmp_path: Path) -> None:
    """check and compare of a JSONL feed and a WARC crawl: one result per record, each named
    (path#id=…, its URL, path#line=N), or the one record --record names."""
    from records_corpus import FEED_RECORDS, MARKUP_ID, write_records_corpus

    corpus = write_records_corpus(tmp_path / "again")
    feed, crawl, original = corpus / "feed.jsonl", corpus / "crawl.warc.gz", corpus / "original.txt"
    done = run("check", feed, "--db", records_db, "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["file"] == str(feed) and [r["record"] for r in report["records"]] == FEED_RECORDS
    assert [r["cite"] for r in report["records"]] == [
        f"{feed}#id={MARKUP_ID}", f"{feed}#line=2", f"{feed}#id=7", "https://northgate.example/water/plant"
    ]
    assert all(r["matches"] and r["reused_share"] > 0.5 for r in report["records"])
    stored = {(Path(m["path"]).name, m["record"]) for r in report["records"] for m in r["matches"]}
    assert stored >= {("feed.jsonl", "line 2"), ("feed.jsonl", "id=7"), ("crawl.warc.gz", "record 2")}

    text = run("check", feed, "--db", records_db)
    assert text.returncode == 0, text.stderr
    flat = _squash(text.stdout)  # the terminal wraps long lines, inside paths too
    assert _squash("4 records read") in flat and f"{feed}#line=2:" in flat and f"{feed}#id={MARKUP_ID}:" in flat
    assert _squash(f"https://northgate.example/water/plant ({feed}, line 4)") in flat

    one = run("check", feed, "--db", records_db, "--record", "7", "--format", "json")
    assert one.returncode == 0, one.stderr
    picked = json.loads(one.stdout)
    assert picked["record"] == "id=7" and picked["cite"] == f"{feed}#id=7" and "records" not in picked
    warc = json.loads(run("check", crawl, "--db", records_db, "--format", "json").stdout)
    assert [(r["record"], r["cite"]) for r in warc["records"]] == [
        ("record 1", "https://civicpulse.example/desal/one"), ("record 2", "https://civicpulse.example/desal/two")
    ]
    missing = run("check", feed, "--db", records_db, "--record", "id=nope")
    assert missing.returncode == 2 and "no record 'id=nope'" in missing.stderr and "line 2" in missing.stderr

    whole = json.loads(run("check", original, "--db", records_db, "--format", "json").stdout)
    assert whole["record"] is None and whole["cite"] == str(original) and whole["matches"]

    compared = run("compare", feed, original, "--format", "json")
    assert compared.returncode == 0, compared.stderr
    pairs = json.loads(compared.stdout)["comparisons"]
    assert [(p["a"]["record"], p["b"]["record"]) for p in pairs] == [(r, None) for r in FEED_RECORDS]
    assert all(p["passages"] for p in pairs)
    within = json.loads(run("compare", feed, feed, "--format", "json").stdout)["comparisons"]
    assert len(within) == 6 and all(p["a"]["record"] != p["b"]["record"] for p in within)  # each pair once
    picked = run("compare", feed, crawl, "--record-a", "line 2", "--record-b", "2")
    assert picked.returncode == 0, picked.stderr
    flat = _squash(picked.stdout)
    assert f"{feed}#line=2↔https://civicpulse.example/desal/two" in flat and flat.count("↔") == 1


def _squash(text: str) -> str:
    return "".join(text.split())


def test_scan_summary_says_how_sure_each_earliest_source_is(tmp_path: Path) -> None:
    """The fact sheet and its two copies, one a bare .txt file: the summary counts the undated
    document, names the earliest source with its confidence and the reason, and --file-dates
    dates the .txt by its file's time, said as such."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("civicpulse-saltmarsh-fact-sheet.html", "northgatepost-water-question.html", "freecurrent-veyra-fishermen.txt"):
        shutil.copy(SAMPLE / name, folder / name)
    db = tmp_path / "s.duckdb"
    done = runner.invoke(app, ["scan", str(folder), "--db", str(db), "--workers", "1", "--no-claims"])
    assert done.exit_code == 0, done.output
    shown = " ".join(done.stdout.split())
    assert "dates: 1 of 3 documents undated (their input states no date)" in shown
    assert "earliest source of each narrative: 1 high, 1 low" in shown
    assert "earliest: FACT SHEET: What the Saltmarsh Point plant will not tell you · low (1 member undated)" in shown
    assert "high (every member dated from its metadata; earliest first by 1 day)" in shown
    again = runner.invoke(app, ["scan", str(folder), "--db", str(db), "--workers", "1", "--no-claims", "--file-dates"])
    assert again.exit_code == 0, again.output
    shown = " ".join(again.stdout.split())
    assert "dates: 0 of 3 documents undated (their input states no date); 1 dated only by their file's time (--file-dates)" in shown
    assert "earliest source of each narrative: 1 high, 1 medium" in shown
    assert "medium (1 other member dated by file time only, could be older)" in shown


# ----------------------------------------------------------------------------- forget, --root


def test_scan_root_and_forget_from_the_command_line(tmp_path: Path) -> None:
    folder = small_corpus(tmp_path / "corpus")
    marked = folder / "[bold]marked[red].txt"  # a file name is shown as written, never as markup
    shutil.copy(SAMPLE / "coastalherald-kestrel-cuts.txt", marked)
    db = tmp_path / "s.duckdb"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = run("scan", folder, "--root", folder, "--db", db, "--no-claims", cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    with open_store(db, read_only=True) as store:
        paths = sorted(r[0] for r in store.con.execute("SELECT path FROM documents").fetchall())
    assert paths == sorted(p.name for p in folder.iterdir())
    # the root is remembered: a later scan from another folder shows the same paths
    (folder / "sub").mkdir()
    shutil.copy(SAMPLE / "veyra-council-budget.txt", folder / "sub" / "budget.txt")
    assert run("scan", folder, "--db", db, "--no-claims", "-q", cwd=tmp_path).returncode == 0
    with open_store(db, read_only=True) as store:
        assert store.con.execute("SELECT path FROM documents WHERE file LIKE '%/budget.txt'").fetchone() == ("sub/budget.txt",)
        narratives = store.counts()["narratives"]
        assert narratives >= 1

    nothing = run("forget", "--db", db)
    assert nothing.returncode == 2 and "--missing" in nothing.stderr
    unknown = run("forget", "no-such.txt", "--db", db)
    assert unknown.returncode == 2 and "not in the store" in unknown.stderr and "Traceback" not in unknown.stderr
    missing_db = run("forget", "x.txt", "--db", tmp_path / "none.duckdb")
    assert missing_db.returncode == 2 and not (tmp_path / "none.duckdb").exists()

    # a shown path under the root names its file from anywhere
    done = run("forget", "civicpulse-saltmarsh-fact-sheet.html", "--db", db, cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert "civicpulse-saltmarsh-fact-sheet.html" in done.stdout and "1 documents from 1 files" in done.stdout
    with open_store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM documents WHERE file LIKE '%civicpulse%'").fetchone() == (0,)
        assert store.con.execute("SELECT count(*) FROM files WHERE path LIKE '%civicpulse%'").fetchone() == (0,)

    marked.unlink()
    shutil.rmtree(folder / "sub")
    done = run("forget", "--missing", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "[bold]marked[red].txt" in done.stdout and "sub/budget.txt" in done.stdout
    with open_store(db, read_only=True) as store:
        left = sorted(r[0] for r in store.con.execute("SELECT path FROM documents").fetchall())
    assert left == ["coastalherald-mariners-derby.txt", "northgatepost-water-question.html"]


def test_scan_reports_moved_files(tmp_path: Path) -> None:
    folder = small_corpus(tmp_path / "corpus")
    db = tmp_path / "s.duckdb"
    assert run("scan", folder, "--db", db, "--no-claims", "-q").returncode == 0
    moved = tmp_path / "moved"
    folder.rename(moved)
    done = run("scan", moved, "--db", db, "--no-claims")
    assert done.returncode == 0, done.stderr
    assert "moved:" in done.stdout
    with open_store(db, read_only=True) as store:
        counts = store.counts()
        assert counts["documents"] == 3 and counts["duplicates"] == 0


def test_files_of_other_types_are_counted_and_a_folder_of_them_is_told(tmp_path: Path) -> None:
    """A folder's PDFs and word-processor files are passed over, as they always were, but
    counted by type; a folder with nothing copytrail reads says what it reads."""
    folder = tmp_path / "clippings"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf", "c.docx", "NOTES"):
        (folder / name).write_bytes(b"%PDF-1.4 not text")
    done = run("scan", "--json", "--db", tmp_path / "s.duckdb", folder)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["other_files"] == {".pdf": 2, ".docx": 1, "no suffix": 1}
    done = run("scan", "--db", tmp_path / "s.duckdb", folder)
    assert "files of other types" in done.stdout and ".pdf 2, .docx 1" in done.stdout
    assert "no file here is of a type copytrail reads" in " ".join(done.stdout.split())
    shutil.copy(SAMPLE / "coastalherald-mariners-derby.txt", folder / "story.txt")
    done = run("scan", "--db", tmp_path / "s.duckdb", folder)
    assert "no file here is of a type" not in " ".join(done.stdout.split())
