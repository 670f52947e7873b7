"""Real processes on one store: a second scan, an export while a scan writes, a scan while a
reader or ``serve`` holds the store, and a disk that fills up mid-scan.  Each ends in one clear
line or a correct store, never a traceback or a damaged store."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from copytrail.errors import StoreError
from copytrail.store import open_store

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import kill_loop  # noqa: E402

from local_server import free_port, wait_until_answering  # noqa: E402

COPYTRAIL = Path(sys.executable).with_name("copytrail")
SCAN_FLAGS = ["--batch-size", "4", "--workers", "1", "-q"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A generated corpus (``articles/`` and ``more/``) big enough that a scan of it takes seconds."""
    return kill_loop.make_corpus(tmp_path_factory.mktemp("concurrency") / "corpus", 150, seed=5)


@pytest.fixture(scope="module")
def reference(corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The uninterrupted store of ``articles/`` then ``more/``, scanned alone."""
    db = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    for folders in ([corpus[0]], list(corpus)):
        done = subprocess.run([str(COPYTRAIL), "scan", *map(str, folders), "--db", str(db), *SCAN_FLAGS], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    return db


def _env(wait: float | None) -> dict[str, str]:
    env = dict(os.environ)
    if wait is not None:
        env["COPYTRAIL_LOCK_WAIT"] = str(wait)
    return env


def _wait_until_held_by(db: Path, pid: int, timeout: float = 60) -> None:
    """Return once process ``pid`` holds ``db`` (opening it read-only is refused, naming it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.exists():
            try:
                open_store(db, read_only=True, wait=0).close()
            except StoreError as exc:
                if f"process {pid} " in str(exc):
                    return
        time.sleep(0.02)
    raise AssertionError(f"process {pid} never held {db}")


def _one_clear_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@contextlib.contextmanager
def _scanning(corpus: tuple[Path, Path], db: Path) -> Iterator[subprocess.Popen[str]]:
    scan = subprocess.Popen([str(COPYTRAIL), "scan", *map(str, corpus), "--db", str(db), *SCAN_FLAGS], stderr=subprocess.PIPE, text=True)
    try:
        _wait_until_held_by(db, scan.pid)
        yield scan
    finally:
        if scan.poll() is None:
            scan.wait(timeout=300)


def _rows(db: Path) -> dict[str, object]:
    return kill_loop.store_rows(db)


def test_a_second_scan_is_told_which_process_holds_the_store(corpus: tuple[Path, Path], reference: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with _scanning(corpus, db) as first:
        second = subprocess.run(
            [str(COPYTRAIL), "scan", *map(str, corpus), "--db", str(db), *SCAN_FLAGS],
            capture_output=True, text=True, timeout=120, env=_env(0.5),
        )  # fmt: skip
        assert first.poll() is None, "the first scan ended before the second tried"
    assert second.returncode == 2
    line = _one_clear_line(second.stderr)
    assert f"in use by process {first.pid} (copytrail scan" in line and str(db) in line
    assert first.returncode == 0, first.stderr.read() if first.stderr else ""
    assert _rows(db) == _rows(reference)  # the first scan went on undisturbed


def test_an_export_while_a_scan_writes_names_the_scan(corpus: tuple[Path, Path], reference: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with _scanning(corpus, db) as scan:
        export = subprocess.run(
            [str(COPYTRAIL), "export", "documents", "--db", str(db), "-o", str(tmp_path / "docs.jsonl")],
            capture_output=True, text=True, timeout=120, env=_env(0.3),
        )  # fmt: skip
        assert scan.poll() is None
    assert export.returncode == 2
    line = _one_clear_line(export.stderr)
    assert f"in use by process {scan.pid} (copytrail scan" in line and "which is writing it" in line
    assert scan.returncode == 0
    assert _rows(db) == _rows(reference)


def test_a_scan_waits_for_a_reader_to_finish(corpus: tuple[Path, Path], reference: Path, tmp_path: Path) -> None:
    """A reader (as ``export`` or ``report`` is) holds the store for a second; the scan started
    meanwhile waits for it instead of failing, and ends as an uninterrupted scan does."""
    db = tmp_path / "s.duckdb"
    shutil.copy(reference, db)
    with open_store(db) as store:  # the same store before more/ was added
        from copytrail.api import forget

        forget(store, [corpus[1]])
    expected_before = _rows(db)
    reader = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from copytrail.store import open_store\n"
         "s = open_store(sys.argv[1], read_only=True); print('open', flush=True); time.sleep(1.5); s.close()", str(db)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert reader.stdout is not None and reader.stdout.readline().strip() == "open"
    started = time.monotonic()
    scan = subprocess.run([str(COPYTRAIL), "scan", *map(str, corpus), "--db", str(db), *SCAN_FLAGS], capture_output=True, text=True, timeout=300)
    assert reader.wait(timeout=30) == 0
    assert scan.returncode == 0, scan.stderr
    assert time.monotonic() - started > 0.5  # it did wait for the reader
    assert expected_before != _rows(db)
    with open_store(db, read_only=True) as got, open_store(reference, read_only=True) as want:
        assert got.counts() == want.counts()


def test_a_scan_while_serve_answers_requests_ends_correct(corpus: tuple[Path, Path], reference: Path, tmp_path: Path) -> None:
    """``serve`` opens the store for each request; a scan started while requests keep coming
    gets the store between them and ends as an uninterrupted scan does."""
    db = tmp_path / "s.duckdb"
    subprocess.run([str(COPYTRAIL), "scan", str(corpus[0]), "--db", str(db), *SCAN_FLAGS], check=True, timeout=300)
    port = free_port()
    server = subprocess.Popen([str(COPYTRAIL), "serve", "--db", str(db), "--port", str(port)], stderr=subprocess.PIPE, text=True)
    stop = threading.Event()
    answered: list[int] = []

    def browse() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            while not stop.is_set():
                with contextlib.suppress(httpx.TransportError):
                    answered.append(client.get("/api/narratives").status_code)
                time.sleep(0.02)

    try:
        wait_until_answering(server, f"http://127.0.0.1:{port}/api/narratives", seconds=30)
        browser = threading.Thread(target=browse)
        browser.start()
        scan = subprocess.run([str(COPYTRAIL), "scan", *map(str, corpus), "--db", str(db), *SCAN_FLAGS], capture_output=True, text=True, timeout=300)
        stop.set()
        browser.join(timeout=60)
    finally:
        stop.set()
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    assert scan.returncode == 0, scan.stderr
    assert "Traceback" not in (server.stderr.read() if server.stderr else "")
    assert 200 in answered
    assert _rows(db) == _rows(reference)


# ------------------------------------------------------------------------------ a full disk


def _small_disk(folder: Path, megabytes: int) -> str | None:
    """Mount a tmpfs of ``megabytes`` on ``folder`` (as root, where mounting is allowed);
    returns how the disk is limited, or None where it cannot be."""
    folder.mkdir()
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount"):
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)], capture_output=True)
        if done.returncode == 0:
            return "tmpfs"
    return None


def _file_size_limit(limit: int) -> None:
    """In the child: files may not grow past ``limit`` bytes; a write past it fails (EFBIG)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_leaves_the_store_readable_and_says_so(corpus: tuple[Path, Path], reference: Path, tmp_path: Path) -> None:
    """The store of ``articles/`` on a disk with little room left; the scan adding ``more/``
    fills it.  One line says so; the store opens and holds what was committed; with room
    again, the same scan ends where an uninterrupted one does.  The disk is a small tmpfs
    where the test may mount one, else a file-size limit on the scan (a write failure
    from the operating system all the same)."""
    disk = tmp_path / "disk"
    how = _small_disk(disk, 5)
    db = disk / "s.duckdb"
    try:
        first = subprocess.run([str(COPYTRAIL), "scan", str(corpus[0]), "--db", str(db), *SCAN_FLAGS], capture_output=True, text=True, timeout=300)
        assert first.returncode == 0, first.stderr
        before = _rows(db)
        limit = None if how == "tmpfs" else 128 * 1024  # the scan's first writes fit, its batches do not
        full = subprocess.run(
            [str(COPYTRAIL), "scan", *map(str, corpus), "--db", str(db), *SCAN_FLAGS],
            capture_output=True, text=True, timeout=300,
            preexec_fn=(lambda: _file_size_limit(limit)) if limit else None,  # noqa: PLW1509 - the limit is the point
        )  # fmt: skip
        assert full.returncode == 2, full.stderr
        line = _one_clear_line(full.stderr)
        assert str(db) in line and "no room left" in line and "stays readable" in line
        with open_store(db, read_only=True) as store:  # readable, and nothing half-written
            assert store.counts()["documents"] >= len(before["documents"])
            assert store.con.execute("SELECT count(*) FROM alignments WHERE source_doc NOT IN (SELECT id FROM documents)").fetchone() == (0,)
        if how == "tmpfs":
            subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        again = subprocess.run([str(COPYTRAIL), "scan", *map(str, corpus), "--db", str(db), *SCAN_FLAGS], capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr
        assert _rows(db) == _rows(reference)
    finally:
        if how == "tmpfs":
            subprocess.run(["umount", str(disk)], check=False)


def test_duckdb_holds_a_bounded_share_of_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DuckDB's own default (80% of the machine) let its cache grow with the store: a store is
    opened with a limit, COPYTRAIL_STORE_MEMORY sets another, and a value that is not a size
    is not passed on to DuckDB (the default holds)."""
    from copytrail.store.access import STORE_MEMORY_ENV

    def limit(read_only: bool = False) -> str:
        with open_store(tmp_path / "s.duckdb", read_only=read_only) as store:
            return str(store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0])

    monkeypatch.delenv(STORE_MEMORY_ENV, raising=False)
    assert limit() == limit(read_only=True) == "953.6 MiB"  # 1GB, as DuckDB writes it
    monkeypatch.setenv(STORE_MEMORY_ENV, "512MB")
    assert limit() == limit(read_only=True) == "488.2 MiB"
    monkeypatch.setenv(STORE_MEMORY_ENV, "plenty")
    assert limit() == "953.6 MiB"
