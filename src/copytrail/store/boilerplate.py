"""Store access for outlet boilerplate (:mod:`copytrail.stages.boilerplate`): which stored
alignments are held out as an outlet's boilerplate (``boilerplate_alignments``).

Which alignments are boilerplate changes as an outlet's documents arrive (two articles sharing
a footer are reuse; a third makes it the outlet's footer), so each scan looks again at the
outlets its new alignments reach, counting the held-out passages too (a fourth article's
footer meets the three before it only there), and a store that never had the rule applied
at every outlet once (meta ``outlet_boilerplate``).
"""

from __future__ import annotations

from typing import Any

from copytrail.stages.boilerplate import boilerplate_among
from copytrail.store.database import Store

BOILERPLATE_KEY = "outlet_boilerplate"  # meta: the min_documents the stored alignments were cleared with


def apply_threshold(store: Store, min_documents: int) -> None:
    """Before aligning: a threshold other than the one the stored alignments were cleared with
    realigns the store (a removed alignment cannot come back otherwise).  The caller holds the
    transaction."""
    recorded = store.get_meta(BOILERPLATE_KEY)
    if recorded is not None and recorded != str(min_documents):
        store.reset_alignments()
        store.con.execute("DELETE FROM meta WHERE key = ?", [BOILERPLATE_KEY])


def drop_outlet_boilerplate(store: Store, min_documents: int, everywhere: bool = False) -> int:
    """After aligning: move the alignments that are an outlet's boilerplate to
    ``boilerplate_alignments`` (out of narratives, claims and exports, still counted by the
    rule), and back those that no longer are, at the outlets the alignments in no narrative
    yet reach (at every outlet with ``everywhere``, or when the store records no threshold: a
    store made before the rule); returns how many alignments are left out now at those
    outlets.  The caller holds the transaction."""
    everywhere = everywhere or store.get_meta(BOILERPLATE_KEY) is None
    store.set_meta(BOILERPLATE_KEY, str(min_documents))
    if min_documents < 3:
        return 0
    # The documents that share a passage with another of their outlet (at the outlets new
    # alignments reach), and those aligned to them: the passages between these, held out or
    # not, are the only ones the rule may leave out.
    rows = store.con.execute(
        "WITH every AS (SELECT rowid AS r, FALSE AS held, * FROM alignments "
        "  UNION ALL SELECT rowid, TRUE, *, NULL FROM boilerplate_alignments), "
        "outlet AS (SELECT id, lower(trim(outlet)) AS key FROM documents WHERE outlet IS NOT NULL AND trim(outlet) <> ''), "
        "touched AS (SELECT DISTINCT o.key FROM every a JOIN outlet o ON o.id IN (a.source_doc, a.target_doc) "
        "  WHERE ? OR (NOT a.held AND a.narrative IS NULL)), "
        "same AS (SELECT a.source_doc, a.target_doc FROM every a JOIN outlet s ON s.id = a.source_doc "
        "  JOIN outlet t ON t.id = a.target_doc WHERE s.key = t.key AND s.key IN (SELECT key FROM touched)), "
        "homes AS (SELECT source_doc AS doc FROM same UNION SELECT target_doc FROM same), "
        "near AS (SELECT doc FROM homes UNION SELECT target_doc FROM every WHERE source_doc IN (SELECT doc FROM homes) "
        "  UNION SELECT source_doc FROM every WHERE target_doc IN (SELECT doc FROM homes)) "
        "SELECT r, held, source_doc, source_start, source_end, target_doc, target_start, target_end, score FROM every "
        "WHERE source_doc IN (SELECT doc FROM near) AND target_doc IN (SELECT doc FROM near) "
        "ORDER BY source_doc, source_start, source_end, target_doc, target_start, target_end",
        [everywhere],
    ).fetchall()
    if not rows:
        return 0
    docs = sorted({doc for r in rows for doc in (r[2], r[5])})
    info = store.con.execute(
        "SELECT id, outlet, published, chars FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [docs]
    ).fetchall()
    found = boilerplate_among([tuple(r[2:8]) for r in rows], info, min_documents, [float(r[8] or 0.0) for r in rows])  # type: ignore[misc]
    held_out = [rows[k][0] for k in sorted(found) if not rows[k][1]]
    given_back = [r[0] for k, r in enumerate(rows) if r[1] and k not in found]
    if held_out:
        store.con.execute(
            "INSERT INTO boilerplate_alignments SELECT * EXCLUDE (narrative) FROM alignments WHERE rowid IN (SELECT unnest(?::BIGINT[]))",
            [held_out],
        )
        store.con.execute("DELETE FROM alignments WHERE rowid IN (SELECT unnest(?::BIGINT[]))", [held_out])
    if given_back:
        store.con.execute(
            "INSERT INTO alignments SELECT *, NULL FROM boilerplate_alignments WHERE rowid IN (SELECT unnest(?::BIGINT[]))",
            [given_back],
        )
        store.con.execute("DELETE FROM boilerplate_alignments WHERE rowid IN (SELECT unnest(?::BIGINT[]))", [given_back])
    return len(found)


def passages_among(store: Store, docs: list[str]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The stored passages between ``docs`` (held out or not) as span pairs with their score, and each of
    ``docs`` as ``(id, outlet, published, chars)``: what
    :func:`~copytrail.stages.boilerplate.outlet_boilerplate` needs to judge a checked text's
    passages with them."""
    pairs = store.con.execute(
        "WITH picked AS (SELECT unnest(?::VARCHAR[]) AS doc), every AS ("
        "  SELECT source_doc, source_start, source_end, target_doc, target_start, target_end, score FROM alignments UNION ALL "
        "  SELECT source_doc, source_start, source_end, target_doc, target_start, target_end, score FROM boilerplate_alignments) "
        "SELECT * FROM every WHERE source_doc IN (SELECT doc FROM picked) AND target_doc IN (SELECT doc FROM picked) "
        "ORDER BY ALL",
        [docs],
    ).fetchall()
    rows = store.con.execute("SELECT id, outlet, published, chars FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [docs]).fetchall()
    return [tuple(p) for p in pairs], rows  # type: ignore[misc]
