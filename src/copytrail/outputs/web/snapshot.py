"""The web app reads a private copy of the store, so that a scan never waits for it and it never
fails while a scan writes.

DuckDB lets one process write a database file or several read it, never both.  A scan holds
the store for its whole run; a web app that read the file itself would answer most requests
with "unavailable" meanwhile, and under load it would always hold the file, so a scan could
not start.  Instead the app copies the file (with its write-ahead log and key index) while it
holds a read lock for the copy alone, and serves every request from the copy.  About once a
second a request looks at the file's size and time; when they changed, a new copy is taken in
the background as soon as the store is free, and requests read the old one meanwhile.  While
a scan holds the store the pages show the last copy and say since when.  A store too big to
copy (over 4 GiB, or more than half the free disk) is read in place, waiting briefly for the
lock as the command line does: there a scan still makes requests wait and then fail.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from copytrail.errors import StoreError
from copytrail.outputs.web.derived import Memo
from copytrail.store import Store
from copytrail.store.access import connect
from copytrail.store.page_tables import add_tables

log = logging.getLogger("copytrail.outputs.web")

CHECK_EVERY = 1.0  # seconds between looks at the store file for changes
MAX_COPY_BYTES = 4 * 1024**3  # larger stores are read in place (copying would hold the store seconds)
LIVE_WAIT = 2.0  # seconds a request waits for a held store when there is no copy to show

Stamp = tuple[tuple[int, int] | None, ...]


@dataclass(frozen=True)
class _Copy:
    """One copy of the store: where it is, what the file looked like, when it was taken, a
    connection held open so that each request only opens a cursor, and what the pages keep
    of it (:class:`~.derived.Memo`)."""

    path: Path
    stamp: Stamp
    taken: datetime
    anchor: duckdb.DuckDBPyConnection
    memo: Memo


class CursorStore(Store):
    """A :class:`Store` over a cursor of a connection already open (no file opened, no schema
    check: the copy was checked when it was taken), with the copy's memo when there is one."""

    def __init__(self, path: str | Path, cursor: duckdb.DuckDBPyConnection, memo: Memo | None = None) -> None:  # noqa: D107
        self.path = str(path)
        self._key_index = None
        self.con = cursor
        self.memo = memo


class StoreCopies:
    """Read-only stores for the web app's requests, from a copy of the store at ``db``."""

    def __init__(self, db: Path, check_every: float = CHECK_EVERY) -> None:
        self.db = db
        self.check_every = check_every
        self._current: _Copy | None = None
        self._previous: _Copy | None = None  # kept on disk while a check process may still open it
        self._refreshing = False  # a background copy is being taken
        self._checked = 0.0
        self._live = threading.Lock()  # copying and writing the live file: one at a time
        self._folder: Path | None = None
        self.held_by: str | None = None  # why the last copy could not be refreshed

    # -- reading --------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A read-only store for one request: the newest copy, or the file itself when it
        cannot be copied."""
        copy = self._fresh_copy()
        if copy is None:
            with Store(self.db, read_only=True, wait=LIVE_WAIT) as store:
                yield store
            return
        with CursorStore(copy.path, copy.anchor.cursor(), copy.memo) as store:
            yield store

    def file_to_read(self) -> tuple[str, bool]:
        """The file a worker process should read, and whether it is the store itself."""
        copy = self._fresh_copy()
        return (str(self.db), True) if copy is None else (str(copy.path), False)

    def shown_as_of(self) -> str | None:
        """When the copy being shown was taken, while a scan keeps the store from being copied
        again (None when the pages show the store as it is)."""
        copy = self._current
        if copy is None or self.held_by is None:
            return None
        return copy.taken.strftime("%Y-%m-%d %H:%M:%S UTC")

    def _fresh_copy(self) -> _Copy | None:
        """The copy to read now.  The first is taken before answering; a newer one in the
        background, once the file changed, while requests go on reading the one there is."""
        copy = self._current
        if copy is None:
            with self._live:
                return self._refresh()
        if self._refreshing or time.monotonic() - self._checked < self.check_every:
            return copy
        self._checked = time.monotonic()
        if self._stamp() == copy.stamp:
            self.held_by = None
            return copy
        self._refreshing = True
        threading.Thread(target=self._refresh_in_background, name="copytrail-store-copy", daemon=True).start()
        return copy

    def _refresh_in_background(self) -> None:
        try:
            with self._live:
                self._refresh()
        except Exception:  # the requests go on with the copy they have; say why in the log
            log.exception("cannot take a new copy of %s", self.db)
        finally:
            self._refreshing = False

    def _refresh(self) -> _Copy | None:
        """A new copy when the file changed and is free (call with ``_live`` held)."""
        self._checked = time.monotonic()
        copy = self._current
        stamp = self._stamp()
        if copy is not None and stamp == copy.stamp:
            self.held_by = None
            return copy
        if stamp[0] is None:
            raise StoreError(f"{self.db}: no such database (run 'copytrail scan' first)")
        if not self._copyable(stamp):
            self._drop()
            return None
        try:
            fresh = self._take(stamp, wait=0.0 if copy is not None else LIVE_WAIT)
        except StoreError as exc:
            if copy is None:
                raise
            self.held_by = str(exc)
            return copy
        except OSError as exc:  # no room for the copy: read the file in place
            log.warning("cannot copy the store, reading it in place: %s", exc)
            self._drop()
            return None
        self.held_by = None
        if self._previous is not None:
            _remove(self._previous.path)
        self._previous, self._current = self._current, fresh
        return fresh

    # -- writing --------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The store itself, open for writing; a new copy is taken as soon as it is closed,
        so the next page shows what was written."""
        with self._live:
            with Store(self.db) as store:
                yield store
            self._checked = 0.0
            self._refresh()

    # -- the copies -----------------------------------------------------------------------

    def _stamp(self) -> Stamp:
        """Size and modification time of the database, its log and its key index's stamp."""
        found: list[tuple[int, int] | None] = []
        for path in (self.db, Path(f"{self.db}.wal"), Path(f"{self.db}.keys") / "stamp"):
            try:
                st = path.stat()
            except OSError:
                found.append(None)
                continue
            found.append((st.st_size, st.st_mtime_ns))
        return tuple(found)

    def _copyable(self, stamp: Stamp) -> bool:
        size = sum(s[0] for s in stamp if s is not None)
        if size > MAX_COPY_BYTES:
            return False
        folder = self._folder or Path(tempfile.gettempdir())
        return shutil.disk_usage(folder).free > 2 * size

    def _take(self, stamp: Stamp, wait: float) -> _Copy:
        """Copy the store while a read lock keeps writers out, and open the copy."""
        if self._folder is None:
            _sweep_orphans(Path(tempfile.gettempdir()))
            self._folder = Path(tempfile.mkdtemp(prefix=f"{_FOLDER_PREFIX}{os.getpid()}-"))
            weakref.finalize(self, shutil.rmtree, self._folder, True)  # also when never closed
        target = self._folder / f"store-{time.monotonic_ns()}.duckdb"
        with Store(self.db, read_only=True, wait=wait):  # the lock, and a check that it is a store
            stamp = self._stamp()  # what is copied, now that no one can write
            shutil.copyfile(self.db, target)
            wal = Path(f"{self.db}.wal")
            if wal.exists():
                shutil.copyfile(wal, f"{target}.wal")
            keys = Path(f"{self.db}.keys")
            if keys.is_dir():
                shutil.copytree(keys, f"{target}.keys")
        # a store made before some columns gains them here, in the copy only (read-only, each
        # connection would need views of its own: see schema.migrate); and the pages' tables
        with Store(target) as store:
            tables = _add_tables(store)
        try:
            anchor = connect(str(target), read_only=True, wait=0)
        except StoreError as exc:
            raise StoreError(f"{self.db}: cannot read its copy: {exc}") from exc
        return _Copy(target, stamp, datetime.now(UTC), anchor, Memo(tables))

    def _drop(self, close: bool = False) -> None:
        """Forget the copies and delete their files.  Requests still reading one keep their
        open file; its connection closes with the last of them (closing it now would close
        their cursors), or now with ``close``."""
        for copy in (self._current, self._previous):
            if copy is None:
                continue
            if close:
                copy.anchor.close()
            _remove(copy.path)
        self._current = self._previous = None

    def close(self) -> None:
        """Delete every copy (when the server stops)."""
        with self._live:
            self._drop(close=True)
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
                self._folder = None


_FOLDER_PREFIX = "copytrail-serve-"  # then the serving process's id: copytrail-serve-<pid>-<random>


def _sweep_orphans(folder: Path) -> None:
    """Delete the copies left by servers that were killed outright (SIGKILL, a power cut: no
    chance to clean up), each as big as its store: a folder named for a process that no
    longer exists, and that this user owns (POSIX only: elsewhere ``os.kill`` would end the
    process it asks about)."""
    if os.name != "posix":
        return
    for orphan in folder.glob(f"{_FOLDER_PREFIX}*-*"):
        pid = orphan.name[len(_FOLDER_PREFIX) :].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _running(int(pid)):
            continue
        with suppress(OSError):
            if orphan.is_dir() and not orphan.is_symlink() and orphan.stat().st_uid == os.getuid():
                shutil.rmtree(orphan, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):  # another user's process, or not a pid at all
        return True
    return True


def _add_tables(store: Store) -> bool:
    """Add the pages' tables to a new copy; without them (no room for them, say) the pages
    run the store's own queries."""
    try:
        add_tables(store)
    except duckdb.Error as exc:
        log.warning("the copy of the store has no page tables, pages will be slower: %s", exc)
        return False
    return True


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}.wal")):
        with suppress(OSError):
            os.unlink(leftover)
    shutil.rmtree(f"{path}.keys", ignore_errors=True)
