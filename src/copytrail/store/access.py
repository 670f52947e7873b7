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
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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
# What DuckDB's cache keeps after a commit (of a scan's batch) and after a lookup that scanned a
# whole table: otherwise filled up to the limit with blocks every batch read (the band keys
# a batch's lookup scans: 0.9 GB at 540 documents of 1 MB), so that it grew with the store.
CACHE_KEPT = "64MB"
# What a sort of every band key (the key index) may hold before it spills to disk.
SORT_MEMORY = "256MB"
# At a checkpoint (the write-ahead log folded into the file: after a commit, on closing, on
# opening after a kill) DuckDB rewrites the last row group of each table appended to, holding
# its strings at once: the texts of up to 122,880 documents, since the store's documents are
# never in a new row group.  Under a limit below that the checkpoint fails, a fatal error
# (256 MB failed at 290 MB of text in a row group), so checkpoints run under DuckDB's own
# limit and are made by the store itself, right after its commits.
CHECKPOINT_MEMORY = "80%"
CHECKPOINT_WAL_BYTES = 16 << 20  # a write-ahead log this large is folded in (DuckDB's default)
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
    :class:`StoreError` naming the holder ("in use by process 1234 (copytrail scan …)").
    A connection that writes checkpoints only through :func:`commit` and :func:`close`."""
    wait = lock_wait_seconds() if wait is None else max(0.0, wait)
    deadline = time.monotonic() + wait
    limit = memory_limit or store_memory_limit()
    # a writer opens under the checkpoint's limit: opening after a kill folds the log in
    config = {"memory_limit": limit} if read_only else {"memory_limit": CHECKPOINT_MEMORY, "checkpoint_threshold": "1000GB"}
    while True:
        try:
            con = duckdb.connect(path, read_only=read_only, config=config)
            # DuckDB draws its own progress bar on standard output for a query over 2 s (a
            # sort, a checkpoint): it broke `scan --json` and the command's own bars
            con.execute("SET enable_progress_bar = false")
            if not read_only:
                con.execute(f"SET memory_limit = '{limit}'")  # a size or a share: checked above
            return con
        except duckdb.Error as exc:
            holder = _LOCK_CONFLICT.search(str(exc))
            if holder is None and is_out_of_room(exc):  # replaying its log needs room
                raise out_of_room_error(path, exc) from exc
            if holder is None:
                raise StoreError(f"{path}: cannot open as a copytrail store: {first_line(exc)}") from exc
            if time.monotonic() >= deadline:
                raise StoreError(_held_message(path, holder, wait, read_only)) from exc
            time.sleep(_RETRY_EVERY)


def commit(con: duckdb.DuckDBPyConnection, path: str, limit: str) -> None:
    """Commit the open transaction, folding the write-ahead log into the file when it has
    grown, under DuckDB's own memory limit (see :data:`CHECKPOINT_MEMORY`); then DuckDB's
    cache is brought down to :data:`CACHE_KEPT` and ``limit`` (the connection's own, a size
    or a share) put back."""
    con.execute(f"SET memory_limit = '{CHECKPOINT_MEMORY}'")
    try:
        con.execute("COMMIT")
        log = Path(path + ".wal")
        if log.is_file() and log.stat().st_size >= CHECKPOINT_WAL_BYTES:
            con.execute("CHECKPOINT")
    finally:
        with suppress(duckdb.Error):  # a failed commit has its own error on its way
            trim_cache(con, limit)


def trim_cache(con: duckdb.DuckDBPyConnection, limit: str) -> None:
    """DuckDB's cache of the file brought down to :data:`CACHE_KEPT` (its blocks are read
    again from the file when needed), the connection's ``limit`` put back after."""
    con.execute(f"SET memory_limit = '{CACHE_KEPT}'")
    con.execute(f"SET memory_limit = '{limit}'")


@contextmanager
def memory_limited(con: duckdb.DuckDBPyConnection, during: str, limit: str) -> Iterator[None]:
    """The block runs under the memory limit ``during`` (what a sort holds before spilling),
    the connection's ``limit`` put back after."""
    con.execute(f"SET memory_limit = '{during}'")
    try:
        yield
    finally:
        with suppress(duckdb.Error):
            con.execute(f"SET memory_limit = '{limit}'")


def close(con: duckdb.DuckDBPyConnection, *, read_only: bool) -> None:
    """Close a connection; a writer's last checkpoint runs under DuckDB's own memory limit."""
    if not read_only:
        con.execute(f"SET memory_limit = '{CHECKPOINT_MEMORY}'")
    con.close()


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
