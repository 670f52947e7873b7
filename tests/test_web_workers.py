"""The check workers of ``copytrail serve`` (real processes) leave with the server, even one
killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

from local_server import free_port, wait_until_answering  # noqa: E402
from test_report import sample_db  # noqa: E402,F401  (a session fixture)

COPYTRAIL = Path(sys.executable).with_name("copytrail")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found.extend(int(c) for c in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(
    not Path(f"/proc/self/task/{os.getpid()}/children").exists(), reason="finds child processes in Linux /proc"
)
def _serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``copytrail serve`` on ``db`` in a process of its own, on a free port: the process and
    its address."""
    port = free_port()
    server = subprocess.Popen(
        [str(COPYTRAIL), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return server, f"http://127.0.0.1:{port}"


def test_check_workers_exit_when_the_server_is_killed(sample_db: Path) -> None:  # noqa: F811
    server, base = _serve(sample_db)
    workers: list[int] = []
    try:
        wait_until_answering(server, f"{base}/api/documents?limit=1")
        checked = httpx.post(f"{base}/api/check", json={"text": "A few words to check against the store."}, timeout=60)
        assert checked.status_code == 200
        workers = _children(server.pid)
        assert workers, "the check ran in no worker process"
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        deadline = time.monotonic() + 15
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers), "a check worker outlived its server"
    finally:
        server.kill()
        server.wait(timeout=10)
        for w in workers:
            if _alive(w):
                os.kill(w, signal.SIGKILL)


def test_a_check_worker_opens_its_copy_again_every_so_many_checks(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """DuckDB's native memory per connection grows with the queries it runs: the worker keeps
    its copy open between checks, and opens it afresh every ``REOPEN_EVERY`` checks, with the
    same answers before and after."""
    import shutil

    from copytrail.outputs.web import checking

    copy = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, copy)
    monkeypatch.setattr(checking, "REOPEN_EVERY", 3)
    monkeypatch.setattr(checking, "_opened", {})
    monkeypatch.setattr(checking, "_served", 0)
    import duckdb

    with duckdb.connect(str(copy), read_only=True) as con:  # a stored story's opening: a check that finds reuse
        text = con.execute("SELECT text FROM documents ORDER BY length(text) DESC LIMIT 1").fetchall()[0][0][:1500]
    connections, answers = [], []
    for _ in range(7):
        answers.append(checking.check_in_worker(str(copy), False, text, "api"))
        connections.append(checking._opened[str(copy)])
    assert [id(c) for c in connections[:3]] == [id(connections[0])] * 3
    assert connections[3] is not connections[2] and connections[3] is connections[5]
    assert connections[6] is not connections[5]
    assert answers[0]["matches"] and all(answer == answers[0] for answer in answers)
    for connection in checking._opened.values():
        connection.close()


@pytest.mark.skipif(os.name != "posix", reason="process ids are asked about on POSIX only")
def test_a_server_killed_outright_leaves_no_copy_once_another_serves(sample_db: Path) -> None:  # noqa: F811
    """A server killed with SIGKILL cannot delete its copy of the store (as big as the store);
    the next server deletes the copies of servers that no longer run, never a running one's."""
    import tempfile

    from copytrail.outputs.web.snapshot import StoreCopies

    server, base = _serve(sample_db)
    try:
        wait_until_answering(server, f"{base}/api/documents?limit=1")
        left = list(Path(tempfile.gettempdir()).glob(f"copytrail-serve-{server.pid}-*"))
        assert left and any(left[0].glob("store-*.duckdb")), "the server took no copy"
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        assert left[0].exists()  # nothing could delete it
    finally:
        server.kill()
        server.wait(timeout=10)
    running = StoreCopies(sample_db)  # this process's copy, running: kept by the next one
    with running.reading() as store:
        assert store.query("SELECT count(*) AS n FROM documents")[0]["n"] > 0
    mine = list(Path(tempfile.gettempdir()).glob(f"copytrail-serve-{os.getpid()}-*"))
    assert mine
    copies = StoreCopies(sample_db)
    try:
        with copies.reading():
            pass
        assert not left[0].exists()
        assert all(folder.exists() for folder in mine)
    finally:
        copies.close()
        running.close()
