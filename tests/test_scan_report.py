"""What a scan tells as it runs and when done: progress bars with a rate and the time left, the
summary's seconds by stage and peak memory, and ``scan --json``."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console

from copytrail.cli import common
from sample_truth import SAMPLE

COPYTRAIL = Path(sys.executable).with_name("copytrail")
STAGES = ("settings", "ingest", "key index", "align", "narratives")


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([str(COPYTRAIL), *map(str, args)], capture_output=True, text=True, timeout=180, env=env)


def corpus(folder: Path) -> Path:
    folder.mkdir()
    for name in ("civicpulse-saltmarsh-fact-sheet.html", "northgatepost-water-question.html", "coastalherald-mariners-derby.txt"):
        shutil.copy(SAMPLE / name, folder / name)
    return folder


def test_scan_json_is_the_result_as_one_object_and_no_table(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    (folder / "empty\x1b[31m.txt").write_bytes(b"")  # unreadable, with an escape sequence in its name
    done = run("scan", folder, "--db", tmp_path / "s.duckdb", "--json", "--no-claims", "--workers", "2")
    assert done.returncode == 1, done.stderr  # an input failed: the exit status says so, JSON or not
    assert "\x1b[31m" not in done.stdout
    result = json.loads(done.stdout)  # the whole of standard output is the object
    assert result["files_seen"] == 4 and result["documents_added"] == 3
    assert [e["path"].rsplit("/", 1)[1] for e in result["errors"]] == ["empty\x1b[31m.txt"]
    assert set(result["errors"][0]) == {"path", "reason", "line"}
    assert result["alignments_added"] > 0 and result["in_store"]["documents"] == 3
    assert tuple(result["stage_seconds"]) == STAGES
    assert all(seconds >= 0 for seconds in result["stage_seconds"].values())
    assert result["seconds"] >= sum(result["stage_seconds"].values()) * 0.99
    assert result["peak_memory_mb"] > 50  # Python with numpy and DuckDB loaded
    assert result["worker_peak_memory_mb"] is None or result["worker_peak_memory_mb"] > 0
    again = json.loads(run("scan", folder, "--db", tmp_path / "s.duckdb", "--json", "--no-claims").stdout)
    assert again["files_skipped"] == 4 and again["documents_added"] == 0 and again["duplicates"] == []


def test_the_summary_gives_seconds_by_stage_and_peak_memory(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    shutil.copy(folder / "coastalherald-mariners-derby.txt", folder / "again.txt")
    done = run("scan", folder, "--db", tmp_path / "s.duckdb", "--no-claims")
    assert done.returncode == 0, done.stderr
    assert "by stage" in done.stdout and "peak memory" in done.stdout
    line = next(line for line in done.stdout.splitlines() if "peak memory" in line)
    assert " MB" in line
    as_json = json.loads(run("scan", folder, "--db", tmp_path / "t.duckdb", "--no-claims", "--json").stdout)
    # the walk reads again.txt first: the later file is its duplicate
    (duplicate,) = as_json["duplicates"]
    assert Path(duplicate["path"]).name == "coastalherald-mariners-derby.txt" and Path(duplicate["original"]).name == "again.txt"


def drawn(monkeypatch: pytest.MonkeyPatch, steps: list[tuple[str, int, int | None]]) -> str:
    """What the scan's progress bars write to a terminal for these ``progress`` calls."""
    screen = io.StringIO()
    monkeypatch.setattr(common, "stderr", Console(file=screen, force_terminal=True, width=160, color_system=None))
    with common.progress_bars(quiet=False) as progress:
        for stage, done, total in steps:
            progress(stage, done, total)
            time.sleep(0.02)  # rich estimates the rate from updates spread in time
        waited = time.monotonic()
        while "/s" not in screen.getvalue() and time.monotonic() - waited < 20:
            time.sleep(0.05)  # the bars are drawn by rich's refresh thread
    return screen.getvalue()


def test_progress_shows_the_rate_in_the_stage_unit_and_the_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = drawn(monkeypatch, [("aligning", n * 10, 1000) for n in range(1, 12)])
    assert "aligning" in screen and "docs/s" in screen and "110/1000" in screen
    assert "left" in screen and "-:--:--" not in screen.split("110/1000")[-1]  # a known total: a time left
    reading = drawn(monkeypatch, [("reading", n * 50, None) for n in range(1, 12)])
    assert "files/s" in reading and "550" in reading


def test_stages_without_a_count_show_no_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = drawn(monkeypatch, [("key index", 0, None), ("key index", 1, 1), ("aligning", 5, 10), ("aligning", 10, 10)])
    index_line = next(line for line in screen.splitlines() if "key index" in line)
    assert "/s" not in index_line


def test_reading_counts_towards_the_files_the_walk_will_find(tmp_path: Path) -> None:
    from copytrail.engines.local import scan
    from copytrail.settings import ClaimsSettings, ScanSettings
    from copytrail.stages.ingest.walk import count_input_files, iter_input_files
    from copytrail.store import open_store

    folder = corpus(tmp_path / "corpus")
    (folder / "nested").mkdir()
    shutil.copy(SAMPLE / "coastalherald-mariners-derby.txt", folder / "nested" / "copy.txt")
    (folder / "notes.pdf").write_bytes(b"%PDF")  # not an input: neither counted nor read
    (folder / ".hidden.txt").write_text("hidden", encoding="utf-8")
    assert count_input_files([folder]) == sum(1 for _ in iter_input_files([folder])) == 4
    seen: list[tuple[str, int, int | None]] = []
    with open_store(tmp_path / "s.duckdb") as store:
        scan([folder], store, ScanSettings(workers=1, claims=ClaimsSettings(enabled=False)), lambda *call: seen.append(call))
    reading = [(done, total) for stage, done, total in seen if stage == "reading"]
    assert reading == [(1, 4), (2, 4), (3, 4), (4, 4)]  # a total from the start: a time left
    assert [stage for stage, _, _ in seen if stage in ("key index", "narratives")] == ["key index"] * 2 + ["narratives"] * 2
    assert ("storing", 4, None) in seen


def test_the_summary_counts_languages_and_suggests_the_translation_search(tmp_path: Path) -> None:
    """Originals by language in the summary and in ``--json``; a second language of two
    documents or more suggests ``--cross-lingual``, a store in one language does not."""
    english = corpus(tmp_path / "english")
    done = run("scan", english, "--db", tmp_path / "e.duckdb", "--no-claims")
    assert done.returncode == 0, done.stderr
    row = next(line for line in done.stdout.splitlines() if "languages (originals)" in line)
    assert "en 3" in row
    assert "--cross-lingual" not in done.stdout

    for name in ("vestnikzaliva-opresnitel.html", "sevkurier-opresnitel.txt"):
        shutil.copy(SAMPLE / name, english / name)
    done = run("scan", english, "--db", tmp_path / "e.duckdb", "--no-claims")
    assert done.returncode == 0, done.stderr
    assert "en 3, ru 2" in done.stdout
    (note,) = [line for line in done.stdout.splitlines() if "--cross-lingual" in line]
    assert "2 languages (en, ru)" in note
    as_json = json.loads(run("scan", english, "--db", tmp_path / "e.duckdb", "--json").stdout)
    assert as_json["in_store"]["languages"] == {"en": 3, "ru": 2}
