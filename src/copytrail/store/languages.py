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


def language_sizes(store: Store, *, unread: bool, after: int = 0) -> list[tuple[str, int, int]]:
    """``(id, characters, seq)`` of every document whose languages are unread (``unread``) or
    were read, stored after ``seq`` ``after``, in storing order: enough to cut them into
    batches without holding their texts."""
    which = _UNREAD if unread else f"NOT ({_UNREAD})"
    rows = store.con.execute(
        f"SELECT id, coalesce(chars, 0), seq FROM documents WHERE ({which}) AND seq > ? ORDER BY seq", [after]  # noqa: S608 - fixed text
    ).fetchall()
    return [(doc_id, int(chars), int(seq)) for doc_id, chars, seq in rows]


def language_texts(store: Store, ids: Sequence[str]) -> list[tuple[str, str, str | None, str | None]]:
    """``(id, text, main language, every language)`` of ``ids`` as stored: the main language
    is kept where it was read (a store made between the two columns has it, and an input may
    have stated it)."""
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


def language_counts(store: Store) -> dict[str, int]:
    """Original documents (exact duplicates left out) by main language, most first (``und``:
    none could be told; a document whose language is unread counts there too)."""
    rows = store.con.execute(
        "SELECT coalesce(language, 'und') AS language, count(*) AS n FROM documents "
        "WHERE duplicate_of IS NULL GROUP BY 1 ORDER BY n DESC, language"
    ).fetchall()
    return {language: int(n) for language, n in rows}
