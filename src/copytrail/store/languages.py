"""Documents whose languages were never read (stored before the ``language`` or ``languages``
column existed, which a migration adds as NULL), or were read by an older reading: which they
are, their text, and their languages once read (``engines.languages``).  The caller holds the
transaction when writing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.store.database import Store

_UNREAD = "language IS NULL OR languages IS NULL"


def unread_language_sizes(store: Store) -> list[tuple[str, int]]:
    """``(id, characters)`` of every document whose languages are unread, in storing order:
    enough to cut them into batches without holding their texts."""
    rows = store.con.execute(f"SELECT id, coalesce(chars, 0) FROM documents WHERE {_UNREAD} ORDER BY seq").fetchall()  # noqa: S608 - fixed text
    return [(doc_id, int(chars)) for doc_id, chars in rows]


def unread_language_texts(store: Store, ids: Sequence[str]) -> list[tuple[str, str, str | None]]:
    """``(id, text, main language)`` of ``ids``: the main language is kept where it was read
    (a store made between the two columns has it, and an input may have stated it)."""
    return [
        (doc_id, text or "", language)
        for doc_id, text, language in store.con.execute(
            "SELECT id, text, language FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY seq", [list(ids)]
        ).fetchall()
    ]


def read_language_sizes(store: Store, after: int) -> list[tuple[str, int, int]]:
    """``(id, characters, seq)`` of every document whose languages were read, stored after
    ``seq`` ``after``, in storing order (those unread are read by the current reading anyway)."""
    rows = store.con.execute(
        f"SELECT id, coalesce(chars, 0), seq FROM documents WHERE NOT ({_UNREAD}) AND seq > ? ORDER BY seq", [after]  # noqa: S608 - fixed text
    ).fetchall()
    return [(doc_id, int(chars), int(seq)) for doc_id, chars, seq in rows]


def read_language_texts(store: Store, ids: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """``(id, text, main language, every language)`` of ``ids`` as stored."""
    return [
        (doc_id, text or "", language, languages)
        for doc_id, text, language, languages in store.con.execute(
            "SELECT id, text, language, languages FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY seq",
            [list(ids)],
        ).fetchall()
    ]


def store_languages(store: Store, read: Sequence[tuple[str, str, str]]) -> None:
    """Store ``(id, main language, every language)`` in one statement; nothing else of the
    documents changes."""
    if not read:
        return
    store.con.execute(
        "UPDATE documents SET language = r.language, languages = r.languages FROM (SELECT unnest(?::VARCHAR[]) AS id, "
        "unnest(?::VARCHAR[]) AS language, unnest(?::VARCHAR[]) AS languages) AS r WHERE documents.id = r.id",
        [[r[0] for r in read], [r[1] for r in read], [r[2] for r in read]],
    )
