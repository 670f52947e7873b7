"""One consistent command line: --version, -o - as standard output everywhere a file can go
there, the formats help lists are the formats that work, every option helped with its
default, exit statuses as documented."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from copytrail import __version__
from copytrail.cli.export import FORMATS
from copytrail.cli.main import app

COPYTRAIL = Path(sys.executable).with_name("copytrail")
runner = CliRunner()
COMMANDS = dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([str(COPYTRAIL), *map(str, args)], capture_output=True, text=True, timeout=120, cwd=cwd, env=env)


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"copytrail {__version__}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_has_help_and_no_type_noise(name: str) -> None:
    result = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    for param in COMMANDS[name].params:
        if getattr(param, "hidden", False):
            continue
        assert param.help, (name, param.opts)
        if param.param_type_name == "argument":
            continue
        shown = getattr(param, "is_flag", False) or getattr(param, "multiple", False) or param.required or param.default is not None or "default" in param.help.lower()
        # an option that is off or unset by default says what happens then (a repeatable one is none)
        shown = shown or "required" in param.help or "standard output" in param.help or param.opts[0] in (
            "--input", "--sitemap", "--feed", "--contact"  # fetch: one of these names the work
        )
        assert shown, (name, param.opts, param.help)


def test_app_help_documents_the_exit_statuses() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    text = " ".join(result.output.split())
    assert "Exit status: 0" in text and "1 check found no reuse" in text and "2 an error" in text
    assert "<bool>" not in result.output and "--version" in result.output


@pytest.mark.parametrize("table", ["alignments", "documents", "narratives", "claims", "network"])
def test_every_listed_format_works_and_no_other(sample_db: Path, tmp_path: Path, table: str) -> None:
    help_text = " ".join(runner.invoke(app, ["export", "--help"], env={"COLUMNS": "300"}).output.split())
    for fmt in ("jsonl", "csv", "parquet", "gexf", "graphml"):
        out = tmp_path / f"{table}.{fmt}"
        done = runner.invoke(app, ["export", table, "--db", str(sample_db), "-f", fmt, "-o", str(out)])
        if fmt in FORMATS[table]:
            assert done.exit_code == 0, (fmt, done.output)
            assert out.exists() or (tmp_path / f"{table}.edges.csv").exists()
        else:
            assert done.exit_code == 2 and f"export {table} takes" in done.stderr, (fmt, done.output)
            assert not out.exists()
    listed = re.search(rf"{table}[^;]*?:\s*([a-z, ()]+?)(?:;|\.)", help_text.split("--format", 1)[1])
    assert listed and set(re.findall(r"jsonl|csv|parquet|gexf|graphml", listed.group(1))) == set(FORMATS[table])


@pytest.mark.parametrize(
    "args",
    [["export", "alignments"], ["export", "documents", "-f", "csv"], ["export", "narratives"],
     ["export", "claims"], ["export", "network"], ["export", "network", "-f", "graphml"], ["report"]],
)  # fmt: skip
def test_dash_is_standard_output(sample_db: Path, tmp_path: Path, args: list[str]) -> None:
    done = run(*args, "--db", sample_db, "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout and not (tmp_path / "-").exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("args", "says"),
    [(["export", "sqlite"], "-o"), (["export", "documents", "-f", "parquet"], "-o FILE"),
     (["export", "network", "-f", "csv"], "-o PREFIX"), (["evidence", "n0"], "folder"),
     (["pan", "--pairs", "p", "--src", "s", "--susp", "t"], "folder")],
)  # fmt: skip
def test_what_cannot_go_to_standard_output_says_so(sample_db: Path, tmp_path: Path, args: list[str], says: str) -> None:
    done = run(*args, "--db", sample_db, "-o", "-", cwd=tmp_path) if args[0] != "pan" else run(*args, "-o", "-", cwd=tmp_path)
    assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not list(tmp_path.iterdir())


def test_spark_scan_names_the_missing_output() -> None:
    done = run("spark-scan", "news.jsonl")
    assert done.returncode == 2 and "OUTPUT" in done.stderr and "INPUT and" not in done.stderr
    done = run("spark-scan")
    assert done.returncode == 2 and "Missing argument" in done.stderr and "INPUT... OUTPUT" in done.stderr


def test_spark_scan_turns_down_a_table_before_starting_spark(tmp_path: Path) -> None:
    """A CSV file read as JSON lines would fail line by line: spark-scan says which engine reads it."""
    done = run("spark-scan", "news.csv.gz", str(tmp_path / "out"))
    assert done.returncode == 2 and "news.csv.gz is a table" in done.stderr and "copytrail scan" in done.stderr
    assert not (tmp_path / "out").exists()


def test_check_exit_status_is_greps(sample_db: Path, tmp_path: Path) -> None:
    from sample_truth import planted

    copied = tmp_path / "copied.txt"
    copied.write_text("A new article. " + planted(("verbatim",))[0].source_text + "\n", encoding="utf-8")
    fresh = tmp_path / "fresh.txt"
    fresh.write_text("Nothing here resembles any stored article about harbours or water at all.\n", encoding="utf-8")
    assert run("check", copied, "--db", sample_db).returncode == 0
    assert run("check", fresh, "--db", sample_db).returncode == 1
    assert run("check", fresh, "--db", sample_db, "--format", "json").returncode == 1
    missing = run("check", tmp_path / "nope.txt", "--db", sample_db)
    assert missing.returncode == 2 and "nope.txt" in missing.stderr
