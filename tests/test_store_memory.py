"""A store that writes keeps DuckDB's memory small, yet its checkpoints, which hold a whole row
group's strings at once, never fail for want of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from copytrail.store import open_store
from copytrail.store.access import STORE_MEMORY_ENV


def test_checkpoints_of_more_text_than_the_memory_limit_succeed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Appending long texts to one row group past the store's memory limit: each commit folds
    the log into the file (DuckDB rewrites the whole row group, its strings held at once:
    under a 32 MB limit that was a fatal error by 64 MB of text) and the limit holds again
    after; closing and opening again find every row."""
    monkeypatch.setenv(STORE_MEMORY_ENV, "32MB")
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        store.con.execute("CREATE TABLE long_texts (n INTEGER PRIMARY KEY, t VARCHAR)")
        for batch in range(6):
            with store.transaction():
                for row in range(8):
                    n = batch * 8 + row
                    store.con.execute("INSERT INTO long_texts VALUES (?, ?)", [n, os.urandom(1_000_000).hex()])
            assert not (tmp_path / "s.duckdb.wal").exists() or (tmp_path / "s.duckdb.wal").stat().st_size < 16 << 20
            limit = store.con.execute("SELECT current_setting('memory_limit')").fetchone()
            assert limit == ("30.5 MiB",)
    monkeypatch.delenv(STORE_MEMORY_ENV)  # a reader of such long texts needs more than 32 MB
    with open_store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM long_texts").fetchone() == (48,)
        assert store.con.execute("SELECT length(t) FROM long_texts WHERE n = 47").fetchone() == (2_000_000,)


def test_the_cache_is_brought_down_after_a_commit_and_a_whole_table_scan(tmp_path: Path) -> None:
    """What DuckDB's cache holds after a commit, or after a scan read a whole table, is brought
    down to a small share (it grew with the store: every batch's lookup read every band key),
    and the store's own limit holds again after."""
    from copytrail.store import access

    def cached_mb(store) -> int:  # noqa: ANN001 - a Store
        return store.con.execute("SELECT sum(memory_usage_bytes) >> 20 FROM duckdb_memory()").fetchone()[0]

    with open_store(tmp_path / "s.duckdb") as store:
        with store.transaction():
            store.con.execute("CREATE TABLE numbers AS SELECT range AS n, md5(range::VARCHAR) AS h FROM range(8000000)")
        assert cached_mb(store) <= 64
        store.con.execute("SELECT sum(n), max(h) FROM numbers").fetchall()
        assert cached_mb(store) > 64  # the blocks it read stay cached
        access.trim_cache(store.con, store._memory)
        assert cached_mb(store) <= 64
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchone() == ("953.6 MiB",)


def test_duckdb_draws_no_progress_bar_of_its_own(tmp_path: Path) -> None:
    """DuckDB draws a progress bar on standard output for any query over 2 s (a sort that
    spills, a checkpoint): it would break ``scan --json`` and the command's own bars."""
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.con.execute("SELECT current_setting('enable_progress_bar')").fetchone() == (False,)
    with open_store(tmp_path / "s.duckdb", read_only=True) as store:
        assert store.con.execute("SELECT current_setting('enable_progress_bar')").fetchone() == (False,)
