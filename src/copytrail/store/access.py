"""Opening the database file when another process holds it, and writes that the disk refuses.

DuckDB lets one process write a database file, or several read it, never both at once.  A
second scan, or a scan while ``serve`` or ``export`` reads the store, would otherwise fail at
once with DuckDB's own message.  Instead the opener tries again for a short while (the other
side is often one web request or a short export) and then says, in one line, which process
holds the store.  A write the disk refuses (full, over a size limit) becomes one line too:
DuckDB only commits whole transactions, so the store keeps every batch committed before.
"""

from __future__ import annotations

import errno
import os
import re
import time
from pathlib import Path

import duckdb

from copytrail.errors import StoreError

# How long opening waits for another process to let go of the store, in seconds; the
# environment variable COPYTRAIL_LOCK_WAIT overrides it (0: do not wait).
LOCK_WAIT_SECONDS = 10.0
LOCK_WAIT_ENV = "COPYTRAIL_LOCK_WAIT"
# What DuckDB may hold in memory for one connection (its cache of the file's pages and the
# working memory of a query, which spills to disk beyond it).  DuckDB's own default is 80% of
# the machine's memory, so its cache grew with the store; COPYTRAIL_STORE_MEMORY overrides it
# ("4GB", "512MB", or a share of the machine's memory such as "50%").
STORE_MEMORY = "1GB"
STORE_MEMORY_ENV = "COPYTRAIL_STORE_MEMORY"
_MEMORY_SIZE = re.compile(r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*$", re.IGNORECASE)
_MEMORY_SHARE = re.compile(r"^\s*\d+(\.\d+)?\s*%\s*$")
_RETRY_EVERY = 0.05  # seconds between tries: a web request holds the store for milliseconds

_LOCK_CONFLICT = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")
# What the operating system says when a write does not fit (as DuckDB and Python quote it).
_NO_ROOM = ("No space left on device", "File too large", "Disk quota exceeded")
_NO_ROOM_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def lock_wait_seconds() -> float:
    """How long to wait for a held store: ``COPYTRAIL_LOCK_WAIT`` when set, else the default."""
    given = os.environ.get(LOCK_WAIT_ENV, "").strip()
    try:
        return max(0.0, float(given)) if given else LOCK_WAIT_SECONDS
    except ValueError:
        return LOCK_WAIT_SECONDS


def store_memory_limit() -> str:
    """DuckDB's memory limit for a store: ``COPYTRAIL_STORE_MEMORY`` when it reads as a size or
    a share of memory, else :data:`STORE_MEMORY`."""
    given = os.environ.get(STORE_MEMORY_ENV, "").strip()
    return given if _MEMORY_SIZE.match(given) or _MEMORY_SHARE.match(given) else STORE_MEMORY


def connect(
    path: str, *, read_only: bool, wait: float | None = None, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """A connection to the database at ``path``, its memory bounded (``memory_limit``, default
    :func:`store_memory_limit`); while another process holds it, tried again every few
    milliseconds for ``wait`` seconds (default :func:`lock_wait_seconds`), then a
    :class:`StoreError` naming the holder ("in use by process 1234 (copytrail scan …)")."""
    wait = lock_wait_seconds() if wait is None else max(0.0, wait)
    deadline = time.monotonic() + wait
    config = {"memory_limit": memory_limit or store_memory_limit()}
    while True:
        try:
            return duckdb.connect(path, read_only=read_only, config=config)
        except duckdb.Error as exc:
            holder = _LOCK_CONFLICT.search(str(exc))
            if holder is None and is_out_of_room(exc):  # replaying its log needs room
                raise out_of_room_error(path, exc) from exc
            if holder is None:
                raise StoreError(f"{path}: cannot open as a copytrail store: {first_line(exc)}") from exc
            if time.monotonic() >= deadline:
                raise StoreError(_held_message(path, holder, wait, read_only)) from exc
            time.sleep(_RETRY_EVERY)


def _held_message(path: str, holder: re.Match[str], waited: float, read_only: bool) -> str:
    pid = int(holder["pid"])
    what = describe_process(pid) or Path(holder["program"]).name
    doing = "writing" if read_only else "reading or writing"
    after = f" (waited {waited:g} s)" if waited else ""
    return (
        f"{path}: in use by process {pid} ({what}), which is {doing} it{after}; "
        "try again when it has finished, or stop it"
    )


def describe_process(pid: int) -> str | None:
    """The command line of process ``pid`` in a few words ("copytrail scan news/ --db s.duckdb"),
    control characters escaped; None where the system does not tell (not Linux, gone)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    args = [a.decode("utf-8", "backslashreplace") for a in raw.split(b"\0") if a]
    if not args:
        return None
    if len(args) > 1 and Path(args[1]).name == "copytrail":  # python …/bin/copytrail scan …
        args = args[1:]
    args[0] = Path(args[0]).name
    text = " ".join(args)
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return text if len(text) <= 120 else text[:117] + "..."


def is_out_of_room(exc: BaseException) -> bool:
    """Whether a failed write failed because the disk (or a size limit) had no room."""
    if isinstance(exc, OSError) and exc.errno in _NO_ROOM_ERRNOS:
        return True
    return isinstance(exc, duckdb.Error) and any(words in str(exc) for words in _NO_ROOM)


def out_of_room_error(path: str, exc: BaseException) -> StoreError:
    """The one line a user reads when the disk filled up during a write to the store."""
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else next(w for w in _NO_ROOM if w in str(exc))
    return StoreError(
        f"{path}: the disk has no room left ({detail}); the store keeps everything committed "
        "before and stays readable: free some space and run the command again to go on"
    )


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type's name when it has none)."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
