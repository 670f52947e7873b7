"""Tables the web app adds to its private copy of the store, so that its commonest pages cost
one small query each; and the answers it keeps for as long as it reads that copy.

The app never writes the user's store: it serves a copy of its own (:mod:`.snapshot`), which
no one else changes.  When it takes a copy it adds, in the copy alone:

* ``web_listing``: every document's listed columns and how many passages it shares, in the
  order of the documents list, numbered, so that any page of the list is a range of rows
  instead of a sort of the whole table and a count of passages for each row;
* ``web_passages``: each alignment once from each side, with the other document's card
  columns, in the order of its own side's start, so that a document page reads its passages
  without joining the documents table.

A copy is never changed after it is taken, so what is derived from it holds for its life:
:class:`Memo` keeps a few such answers (the corpus counts, the narratives' labels), each
bounded by the size of the store, and is dropped with the copy.  A store read in place (too
large to copy) has neither: its pages run the store's own queries (:mod:`copytrail.store.queries`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from copytrail.store import Store
from copytrail.store.schema import LISTED_DOCUMENT_COLUMNS, document_columns_sql

T = TypeVar("T")

LISTING = "web_listing"
PASSAGES = "web_passages"
# The alignment columns of a passage row, as copytrail.store.queries names them.
_ALIGNMENT_COLUMNS = (
    "a.source_doc, a.source_start, a.source_end, a.target_doc, a.target_start, a.target_end, "
    "a.kind, a.score, a.matched_words, a.ordered AS source_is_earlier, a.narrative"
)
_OTHER_COLUMNS = (
    "o.id AS other_id, o.title AS other_title, o.outlet AS other_outlet, o.published AS other_published, "
    "o.date_source AS other_date_source, o.path AS other_path, o.url AS other_url, "
    "o.source_key AS other_source_key, o.file AS other_file"
)


def add_tables(store: Store) -> None:
    """Add the app's tables to ``store``, a private copy open for writing."""
    listed = document_columns_sql(LISTED_DOCUMENT_COLUMNS, "d")
    store.con.execute(
        f"CREATE OR REPLACE TABLE {LISTING} AS "  # noqa: S608 - fixed names
        "WITH shared AS (SELECT doc, count(*) AS n FROM (SELECT source_doc AS doc FROM alignments "
        "  UNION ALL SELECT target_doc FROM alignments WHERE target_doc <> source_doc) GROUP BY doc) "
        "SELECT row_number() OVER (ORDER BY d.published DESC NULLS LAST, d.seq) - 1 AS position, "
        f"  {listed}, d.source_key, d.file, coalesce(shared.n, 0) AS passages "
        "FROM documents d LEFT JOIN shared ON shared.doc = d.id ORDER BY position"
    )
    side = (
        "SELECT a.{own}_doc AS doc, a.{own}_start AS own_start, {columns}, {other} "
        "FROM alignments a JOIN documents o ON o.id = a.{far}_doc"
    )
    source = side.format(own="source", far="target", columns=_ALIGNMENT_COLUMNS, other=_OTHER_COLUMNS)
    target = side.format(own="target", far="source", columns=_ALIGNMENT_COLUMNS, other=_OTHER_COLUMNS)
    store.con.execute(
        f"CREATE OR REPLACE TABLE {PASSAGES} AS SELECT * FROM ({source} UNION ALL {target} "  # noqa: S608
        "WHERE a.target_doc <> a.source_doc) "
        "ORDER BY doc, own_start, source_doc, source_start, target_doc, target_start"
    )
    store.con.execute(f"CREATE INDEX {PASSAGES}_doc ON {PASSAGES} (doc)")


def listing_page(store: Store, limit: int, offset: int) -> list[dict[str, Any]]:
    """Rows ``offset`` to ``offset + limit`` of the documents list (as
    :func:`copytrail.store.queries.search_documents` gives them before citing)."""
    return store.query(
        f"SELECT * EXCLUDE (position) FROM {LISTING} WHERE position >= ? AND position < ? ORDER BY position",  # noqa: S608
        [offset, offset + limit],
    )


def passages_of(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """The alignments ``doc_id`` takes part in, with the other side's card columns (as
    :func:`copytrail.store.queries.document_alignments` gives them before citing)."""
    rows = store.query(f"SELECT * EXCLUDE (doc) FROM {PASSAGES} WHERE doc = ?", [doc_id])  # noqa: S608 - fixed names
    # sorted here: a document has a few passages, and ORDER BY cost more than the query itself
    rows.sort(key=lambda r: (r["own_start"], r["source_doc"], r["source_start"], r["target_doc"], r["target_start"]))
    for row in rows:
        del row["own_start"]
    return rows


class Memo:
    """Answers computed once for one copy of the store (which never changes), each under its
    own name; ``tables`` says whether the copy has the app's tables (:func:`add_tables`)."""

    def __init__(self, tables: bool) -> None:
        self.tables = tables
        self._answers: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, name: str, compute: Callable[[], T]) -> T:
        """The answer kept under ``name``, computed by the first request that asks for it
        (the others wait for it rather than compute it again)."""
        try:
            return self._answers[name]  # type: ignore[no-any-return]
        except KeyError:
            pass
        with self._lock:
            if name not in self._answers:
                self._answers[name] = compute()
            return self._answers[name]  # type: ignore[no-any-return]


def memo_of(store: Store) -> Memo | None:
    """The memo of the copy ``store`` reads, or None for the store read in place."""
    memo = getattr(store, "memo", None)
    return memo if isinstance(memo, Memo) else None
