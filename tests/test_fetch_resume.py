"""A fetch killed with SIGKILL leaves a WARC file readable up to its last complete record,
and ``--resume`` completes it: what was archived is skipped, nothing is archived twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import copytrail
from copytrail.engines.fetch_archive import read_archive
from copytrail.engines.fetching import ALREADY_ARCHIVED
from copytrail.records import Document, InputProblem
from copytrail.stages import ingest
from copytrail.stages.fetch import FetchSettings
from fetch_site import serve_site

PAGES = 24
FAST = FetchSettings(host_delay=0.0, per_host=1, timeout=2, backoff=0.01, obey_robots=False)


def _documents(warc: Path) -> tuple[list[Document], list[InputProblem]]:
    items = list(ingest.read_file(warc, str(warc)))
    return [d for d in items if isinstance(d, Document)], [p for p in items if isinstance(p, InputProblem)]


def test_killed_fetch_keeps_its_records_and_resume_completes_it(tmp_path: Path) -> None:
    warc = tmp_path / "killed.warc.gz"
    with serve_site(page_delay=0.08) as site:
        urls = [site.url(f"/pages/{n}.html") for n in range(PAGES)]
        links = tmp_path / "links.txt"
        links.write_text("# the parish notices\n" + "\n".join(urls) + "\n")
        command = [
            sys.executable, "-c", "from copytrail.cli import main; main()", "fetch", "-i", str(links),
            "-o", str(warc), "--delay", "0", "--ignore-robots", "--quiet",
        ]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and process.poll() is None:
                if warc.exists() and len(read_archive(warc).done) >= 5:
                    break
                time.sleep(0.02)
            assert process.poll() is None, "the fetch ended before it could be killed"
            os.kill(process.pid, signal.SIGKILL)
        finally:
            process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL

        kept, problems = _documents(warc)
        assert 5 <= len(kept) < PAGES  # readable up to the last complete record
        assert all(p.reason.startswith("truncated or corrupt WARC") for p in problems)  # at most a cut tail
        archived = read_archive(warc).done

        result = copytrail.fetch(urls, warc, FAST, resume=True)
        assert {p.url for p in result.skipped} == archived
        assert all(p.reason == ALREADY_ARCHIVED for p in result.skipped)
        assert len(result.fetched) == PAGES - len(archived) and not result.failed
        # a page archived before the kill was not asked for again
        assert all(site.counts["/" + url.split("/", 3)[3]] == 1 for url in archived)

    docs, problems = _documents(warc)
    assert problems == []  # the cut record was removed before appending
    assert sorted(d.url for d in docs) == sorted(urls)  # every page once, none twice


@pytest.mark.parametrize("cut", ["a gzip member cut short", "bytes that are no gzip member"])
def test_resume_cuts_a_half_written_record(tmp_path: Path, cut: str) -> None:
    warc = tmp_path / "cut.warc.gz"
    with serve_site() as site:
        copytrail.fetch([site.url("/pages/1.html"), site.url("/pages/2.html")], warc, FAST)
        whole = warc.read_bytes()
        tail = whole[:300] if cut == "a gzip member cut short" else whole[len(whole) // 2 : len(whole) // 2 + 300]
        warc.write_bytes(whole + tail)
        notes: list[str] = []
        result = copytrail.fetch([site.url(f"/pages/{n}.html") for n in (1, 2, 3)], warc, FAST, resume=True, notice=notes.append)
    assert any("removed 300 bytes of an incomplete record" in note for note in notes)
    assert len(result.skipped) == 2 and len(result.fetched) == 1
    docs, problems = _documents(warc)
    assert problems == [] and len(docs) == 3


def test_plain_warc_is_resumed_too(tmp_path: Path) -> None:
    warc = tmp_path / "plain.warc"
    with serve_site() as site:
        copytrail.fetch([site.url("/pages/1.html")], warc, FAST)
        warc.write_bytes(warc.read_bytes() + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 900\r\n\r\n<html>")
        result = copytrail.fetch([site.url("/pages/1.html"), site.url("/pages/2.html")], warc, FAST, resume=True)
    assert len(result.skipped) == 1 and len(result.fetched) == 1
    docs, problems = _documents(warc)
    assert problems == [] and len(docs) == 2
