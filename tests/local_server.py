"""``copytrail serve`` started for real by tests: a free port of 127.0.0.1, and a wait until the
server answers (or a failure that says why it never did)."""

from __future__ import annotations

import socket
import subprocess
import time

import httpx


def free_port() -> int:
    """A port of 127.0.0.1 nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answering(process: subprocess.Popen[str] | subprocess.Popen[bytes], url: str, seconds: float = 60) -> None:
    """Poll ``url`` until it answers 200; fail the test if the server exits (with its stderr
    when piped) or does not answer within ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            stderr = process.stderr.read() if process.stderr else ""
            raise AssertionError(f"copytrail serve exited: {stderr!r}")
        assert time.monotonic() < deadline, "copytrail serve did not start"
        time.sleep(0.2)
