"""Tables a private copy of the store gets for the web app's commonest pages, and their reads.

The web app serves a copy of the store that no one else changes (``outputs/web/snapshot``);
these tables go into that copy alone, never into the user's store:

* ``web_listing``: every document's listed columns and how many passages it shares, numbered
  in the order of the documents list, so that any page of the list is a range of rows instead
  of a sort of the whole table and a count of passages for each row;
* ``web_passages``: each alignment once from each side, with the other document's card
  columns, so that a document page reads its passages without joining the documents table.

Their rows are those of :func:`copytrail.store.queries.search_documents` (with no search) and
:func:`copytrail.store.queries.document_alignments`, before citing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from copytrail.store.queries import (  # the same columns, named the same
    _ALIGNMENT_COLUMNS,
    stated_calendar_date,
)
from copytrail.store.schema import LISTED_DOCUMENT_COLUMNS, document_columns_sql

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.store.database import Store

LISTING = "web_listing"
PASSAGES = "web_passages"
_OTHER_COLUMNS = (
    "o.id AS other_id, o.title AS other_title, o.outlet AS other_outlet, o.published AS other_published, "
    "o.date_source AS other_date_source, o.path AS other_path, o.url AS other_url, "
    "o.source_key AS other_source_key, o.file AS other_file, " + stated_calendar_date("o", "other_")
)


def add_tables(store: Store) -> None:
    """Add the page tables to ``store``, a private copy open for writing."""
    listed = document_columns_sql(LISTED_DOCUMENT_COLUMNS, "d") + ", " + stated_calendar_date("d")
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


def listed_count(store: Store) -> int:
    """How many documents the list holds."""
    return int(store.query(f"SELECT count(*) AS n FROM {LISTING}")[0]["n"])  # noqa: S608 - fixed name


def listing_page(store: Store, limit: int, offset: int) -> list[dict[str, Any]]:
    """Rows ``offset`` to ``offset + limit`` of the documents list (as
    :func:`copytrail.store.queries.search_documents` gives them before citing)."""
    rows = store.query(f"SELECT * FROM {LISTING} WHERE position >= ? AND position < ?", [offset, offset + limit])  # noqa: S608
    rows.sort(key=lambda r: r["position"])  # here: ORDER BY cost a third of the query
    for row in rows:
        del row["position"]
    return rows


def passages_of(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """The alignments ``doc_id`` takes part in, with the other side's card columns (as
    :func:`copytrail.store.queries.document_alignments` gives them before citing)."""
    rows = store.query(f"SELECT * EXCLUDE (doc) FROM {PASSAGES} WHERE doc = ?", [doc_id])  # noqa: S608 - fixed names
    # sorted here: a document has a few passages, and ORDER BY cost more than the query itself
    rows.sort(key=lambda r: (r["own_start"], r["source_doc"], r["source_start"], r["target_doc"], r["target_start"]))
    for row in rows:
        del row["own_start"]
    return rows
