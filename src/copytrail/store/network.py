"""Store access for the outlet networks: the narrative members with what each graph needs.

For the network stage (``copytrail export network``), narrative members, aligned passages and
bylined documents with outlet, byline, date and syndication; a document's syndication is decided here, once per document, from its text and
metadata (:func:`copytrail.stages.network.syndication_reason`).  For the report's picture
(:mod:`copytrail.outputs.report.network`), each narrative's documents by outlet and its aligned
document pairs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

from copytrail.errors import UsageError
from copytrail.stages.network import (
    DEFAULT_WINDOW,
    GRAPHS,
    Member,
    Network,
    Reuse,
    build_byline_graph,
    build_copy_graph,
    build_network,
    syndication_reason,
)
from copytrail.store.database import Store
from copytrail.store.queries import cite_row

_DOCUMENT_SQL = (
    "SELECT d.id, d.path, d.outlet, d.author, d.published, d.date_source, d.text, d.extra, d.url, "
    "d.source_key, d.file FROM documents d"
)


def _documents(store: Store, where: str = "") -> dict[str, Member]:
    """Each document as a member of no narrative yet, its syndication decided once from its
    text and metadata."""
    out = {}
    for r in store.query(f"{_DOCUMENT_SQL} {where}"):  # noqa: S608 - fixed text
        try:
            extra = json.loads(r["extra"]) if r["extra"] else {}
        except json.JSONDecodeError:
            extra = {}
        reason = syndication_reason(r["text"] or "", extra if isinstance(extra, dict) else {}, r["outlet"])
        out[r["id"]] = Member(
            "", r["id"], r["path"], r["outlet"], r["author"], r["published"], r["date_source"] or "none",
            reason, cite_row(r).record, r["url"],
        )
    return out


def load_members(store: Store) -> list[Member]:
    """Narrative members with outlet, byline, date and syndication, from a copytrail store."""
    docs = _documents(store, "WHERE d.id IN (SELECT doc FROM narrative_members)")
    rows = store.query("SELECT DISTINCT narrative, doc FROM narrative_members ORDER BY 1, 2")
    return [replace(docs[r["doc"]], narrative=r["narrative"]) for r in rows if r["doc"] in docs]


def load_reuses(store: Store) -> list[Reuse]:
    """Every alignment as the copy graph needs it: both documents, the narrative, and whether
    dates order them (the source is then the earlier)."""
    docs = _documents(store, "WHERE d.id IN (SELECT source_doc FROM alignments UNION SELECT target_doc FROM alignments)")
    rows = store.query(
        "SELECT source_doc, source_start, target_doc, target_start, ordered, narrative FROM alignments "
        "ORDER BY source_doc, source_start, target_doc, target_start"
    )
    return [
        Reuse(
            f"{r['source_doc']}:{r['source_start']}:{r['target_doc']}:{r['target_start']}", r["narrative"],
            replace(docs[r["source_doc"]], narrative=r["narrative"] or ""),
            replace(docs[r["target_doc"]], narrative=r["narrative"] or ""), bool(r["ordered"]),
        )
        for r in rows
        if r["source_doc"] in docs and r["target_doc"] in docs
    ]


def load_bylined_documents(store: Store) -> list[Member]:
    """Every document with a byline and an outlet, once per narrative it belongs to (once
    with no narrative when in none)."""
    docs = _documents(store, "WHERE d.author IS NOT NULL AND d.outlet IS NOT NULL")
    narratives: dict[str, list[str]] = defaultdict(list)
    for r in store.query("SELECT DISTINCT doc, narrative FROM narrative_members ORDER BY 1, 2"):
        narratives[r["doc"]].append(r["narrative"])
    return [replace(m, narrative=n) for doc, m in sorted(docs.items()) for n in narratives.get(doc) or [""]]


def network_from_store(
    store: Store, what: str = "outlets", window: str | timedelta | None = DEFAULT_WINDOW,
    exclude_syndicated: bool = False, graph: str = "copies",
) -> Network:
    """One of the store's networks (see :mod:`copytrail.stages.network`): ``copies`` (directed,
    earlier to later), ``copublication`` (within ``window``) or ``bylines`` (byline to outlet;
    ``what`` and ``window`` do not apply)."""
    if graph == "copies":
        return build_copy_graph(load_reuses(store), what, exclude_syndicated)
    if graph == "copublication":
        return build_network(load_members(store), what, window, exclude_syndicated)
    if graph == "bylines":
        return build_byline_graph(load_bylined_documents(store), exclude_syndicated)
    raise UsageError(f"unknown network {graph!r}; choose {', '.join(GRAPHS)}")


def outlet_documents(store: Store) -> dict[str, dict[str, list[str]]]:
    """Each narrative's documents by outlet, in order (documents without an outlet left out).

    A ``defaultdict``: an outlet a narrative lacks reads as no documents.
    """
    members: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in store.query(
        "SELECT DISTINCT m.narrative, d.outlet, m.doc FROM narrative_members m "
        "JOIN documents d ON d.id = m.doc WHERE d.outlet IS NOT NULL ORDER BY 1, 2, 3"
    ):
        members[r["narrative"]][r["outlet"]].append(r["doc"])
    return members


def aligned_pairs(store: Store) -> dict[str, dict[tuple[str, str], bool]]:
    """The (source, target) document pairs aligned within each narrative, each with whether
    their dates order them (source published first); otherwise source and target are only
    the two sides.

    A ``defaultdict``: a narrative without alignments reads as no pairs.
    """
    aligned: dict[str, dict[tuple[str, str], bool]] = defaultdict(dict)
    for r in store.query(
        "SELECT narrative, source_doc, target_doc, bool_or(ordered) AS ordered FROM alignments "
        "WHERE narrative IS NOT NULL GROUP BY ALL"
    ):
        aligned[r["narrative"]][(r["source_doc"], r["target_doc"])] = bool(r["ordered"])
    return aligned
