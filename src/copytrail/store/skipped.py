"""The ``skipped_records`` table: records an input holds that are no article on purpose (a
WARC's images, 404s, requests), kept by reason so that a file with nothing usable can be told
from one that was read; and input errors stored once however many scans meet them.  The caller
holds the transaction when writing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.store.database import Store


def add_skipped(store: Store, records: Iterable[tuple[str, int | None, str]]) -> None:
    """Store records passed over ``(shown path, record number, reason)``."""
    rows = list(records)
    if rows:
        store.con.executemany("INSERT INTO skipped_records (path, line, reason) VALUES (?, ?, ?)", rows)


def clear_skipped_for(store: Store, path: str) -> None:
    """Forget what was passed over in a file (it is being read again)."""
    store.con.execute("DELETE FROM skipped_records WHERE path = ?", [path])


def skipped_counts(store: Store) -> dict[str, int]:
    """Records passed over in store, by reason."""
    rows = store.con.execute("SELECT reason, count(*) FROM skipped_records GROUP BY reason").fetchall()
    return {reason: int(n) for reason, n in rows}


def add_errors_once(store: Store, errors: Iterable[tuple[str, int | None, str]]) -> None:
    """Store input errors ``(path, line, reason)``, each replacing the same error recorded by an
    earlier scan: a problem met before any file is read (a dangling link, a FIFO in a folder)
    is met again by every scan and must stay one row."""
    rows = list(errors)
    if rows:
        store.con.executemany("DELETE FROM errors WHERE path = ? AND line IS NOT DISTINCT FROM ? AND reason = ?", rows)
        store.con.executemany("INSERT INTO errors (path, line, reason) VALUES (?, ?, ?)", rows)
