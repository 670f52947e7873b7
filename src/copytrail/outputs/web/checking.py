"""Checking an article in worker processes, a few at a time, so that pages stay quick.

A check aligns the text with every stored document it shares keys with: pure Python work of
up to seconds.  On the event loop it would stall every other request; in a thread it would
still hold the interpreter lock against the threads serving pages (each page waits for it at
every query).  Here it runs in its own processes (started fresh, not forked from the threaded
server), each reading the same copy of the store as the pages (:mod:`.snapshot`).  Started
fresh, they import the main module again: a script that serves ``create_app`` itself needs
the usual ``if __name__ == "__main__":`` guard (``copytrail serve`` has it).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from typing import Any

import duckdb

from copytrail.errors import StoreError
from copytrail.store.access import connect

# Checks run at once (processes); more wait their turn, up to CHECK_QUEUE, then 503.
CHECK_WORKERS = max(1, (os.cpu_count() or 2) // 2)
CHECK_QUEUE = 256


class Busy(Exception):
    """Too many checks waiting, or the workers could not run one: answer 503."""


class CheckWorkers:
    """The worker processes, started on the first check and stopped with the server."""

    def __init__(self, workers: int = CHECK_WORKERS) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._waiting = 0

    async def run(self, db: str, live: bool, text: str, shape: str) -> Any:
        """The check of ``text`` against the store file ``db`` (a copy, or the store itself
        when ``live``), shaped for a ``"page"`` or for the ``"api"`` (see :func:`check_in_worker`)."""
        if self._waiting >= CHECK_QUEUE:
            raise Busy("too many checks waiting; try again shortly")
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker, initargs=(os.getpid(),)
            )
        self._waiting += 1
        try:
            return await asyncio.wrap_future(self._pool.submit(check_in_worker, db, live, text, shape))
        except BrokenProcessPool as exc:  # a worker died (killed, out of memory): start afresh
            self._pool = None
            raise Busy("the check could not run; try again") from exc
        finally:
            self._waiting -= 1

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


# -------------------------------------------------------------------------- in the worker

PARENT_CHECK_EVERY = 1.0  # seconds between a worker's looks at whether the server still runs
WORKER_NICENESS = 10  # checks run at a lower priority than the pages (Unix nice)
# DuckDB's memory in a worker: a check reads one text's keys and its matches' texts, so a
# small cache serves it, and the worker cannot grow with the store as checks touch its pages.
WORKER_STORE_MEMORY = "256MB"
# Prepared stored documents a worker keeps between checks (about 21 bytes a character): the
# documents popular checks meet stay prepared, and a worker that has met thousands over a day
# holds no more than this (a scan's default, 24M characters, is about 600 MB).
WORKER_CACHE_CHARS = 2_000_000


def _start_worker(server: int) -> None:
    """Give way to the server's page threads (a check can wait a little, a page being read
    should not), and exit once the server process ``server`` is gone: a server stopped in
    order stops its workers; one killed (SIGKILL, out of memory) cannot, and its workers,
    each holding a copy's pages in memory, would wait for checks forever."""
    from copytrail.stages.align.pairs import PreparedCache, set_process_cache

    with suppress(OSError, AttributeError):  # no nice() on Windows
        os.nice(WORKER_NICENESS)
    set_process_cache(PreparedCache(max_chars=WORKER_CACHE_CHARS))

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(PARENT_CHECK_EVERY)
        os._exit(0)

    threading.Thread(target=watch, name="copytrail-check-parent", daemon=True).start()


_opened: dict[str, duckdb.DuckDBPyConnection] = {}  # the copy this worker has open
# Checks between two openings of the copy: DuckDB keeps native memory per connection that
# grows slowly with the queries it runs (about 10 KB a check, outside Python's heap); opening
# the copy again (a tenth of a second) every so many checks hands it back.
REOPEN_EVERY = 500
_served = 0  # checks served by the open connection


def _store(db: str, live: bool) -> Any:
    """A read-only store over ``db``: the copy kept open between checks (a cursor costs
    nothing, opening the file a tenth of a second), or the store itself, opened for this one."""
    from copytrail.outputs.web.snapshot import CursorStore
    from copytrail.store import Store

    global _served
    if live:
        return Store(db, read_only=True)
    _served += 1
    if db not in _opened or _served > REOPEN_EVERY:
        _served = 1
        for old in _opened.values():
            old.close()
        _opened.clear()
        try:
            _opened[db] = connect(db, read_only=True, wait=0, memory_limit=WORKER_STORE_MEMORY)
        except StoreError as exc:
            raise StoreError(f"{db}: cannot read the copy of the store: {exc}") from exc
    return CursorStore(db, _opened[db].cursor())


def check_in_worker(db: str, live: bool, text: str, shape: str) -> Any:
    """Check ``text`` as the store was scanned (``checked_as``); for a page, the result and
    its marked-up view; for the API, the JSON, which names what was looked for."""
    from copytrail.api import check_text

    with _store(db, live) as store:
        settings, looked_for = checked_as(store)
        result = check_text(store, text, settings)
        texts = store.texts([m.doc for m in result.matches])
    if shape == "api":
        return {**result.as_dict(texts), "looked_for": looked_for}
    return result, {**check_view(result, texts), "looked_for": looked_for}


def checked_as(store: Any) -> tuple[Any, list[str]]:
    """The check settings of a store: rewrites (``check --semantic``) and translations
    (``--cross-lingual``) where its last scan looked for them (``as_last_scanned``) and the
    multilingual encoder is installed here, copies always; and what is looked for, in words."""
    from dataclasses import replace

    from copytrail.engines.recorded import as_last_scanned
    from copytrail.stages.crosslingual import encoder_available

    settings = as_last_scanned(store)
    if (settings.semantic.enabled or settings.crosslingual.enabled) and not encoder_available():
        settings = replace(settings, semantic=replace(settings.semantic, enabled=False), crosslingual=replace(settings.crosslingual, enabled=False))
    looked_for = ["copies", *(["rewrites"] if settings.semantic.enabled else []), *(["translations"] if settings.crosslingual.enabled else [])]
    return settings, looked_for


def check_view(result: Any, texts: dict[str, str]) -> dict[str, Any]:
    """The checked text with reused spans marked, and a side-by-side for each passage."""
    from copytrail.outputs.report.spans import highlight, side_by_side
    from copytrail.outputs.web.data import joined_runs

    spans = [(p.b_start, p.b_end, p.kind) for m in result.matches for p in m.passages]
    sides = {
        (m.doc, i): joined_runs(
            side_by_side(texts.get(m.doc, ""), (p.a_start, p.a_end), result.text, (p.b_start, p.b_end), 120)
        )
        for m in result.matches
        for i, p in enumerate(m.passages)
    }
    return {"pieces": highlight(result.text, spans), "sides": sides}
