"""The ``skipped_records`` table: records an input holds that are no article on purpose (a
WARC's images, 404s, requests), kept by reason so that a file with nothing usable can be told
from one that was read; and input errors stored once however many scans meet them.  The caller
holds the transaction when writing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.store.database import Store


def _columns(rows: list[tuple[str, int | None, str]]) -> list[list]:
    """``(path, line, reason)`` rows as three lists, for one statement that unnests them."""
    return [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]]


_UNNESTED = "SELECT unnest(?::VARCHAR[]) AS path, unnest(?::BIGINT[]) AS line, unnest(?::VARCHAR[]) AS reason"


def add_skipped(store: Store, records: Iterable[tuple[str, int | None, str]]) -> None:
    """Store records passed over ``(shown path, record number, reason)``, in one statement
    (a WARC may pass over thousands)."""
    rows = list(records)
    if rows:
        store.con.execute(f"INSERT INTO skipped_records (path, line, reason) {_UNNESTED}", _columns(rows))  # noqa: S608 - fixed text


def clear_skipped_for(store: Store, paths: Iterable[str]) -> None:
    """Forget what was passed over in files being read again, in one statement."""
    wanted = list(dict.fromkeys(paths))
    if wanted:
        store.con.execute("DELETE FROM skipped_records WHERE path IN (SELECT unnest(?::VARCHAR[]))", [wanted])


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
        met = _columns(rows)
        store.con.execute(
            f"DELETE FROM errors WHERE EXISTS (SELECT 1 FROM ({_UNNESTED}) AS met WHERE met.path = errors.path "  # noqa: S608 - fixed text
            "AND met.line IS NOT DISTINCT FROM errors.line AND met.reason = errors.reason)",
            met,
        )
        store.con.execute(f"INSERT INTO errors (path, line, reason) {_UNNESTED}", met)  # noqa: S608 - fixed text
