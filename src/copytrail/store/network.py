"""Store access for the outlet networks: the narrative members with what each graph needs.

For the network stage (``copytrail export network``), members with outlet, byline, date and
syndication; a member's syndication is decided here, once per document, from its text and
metadata (:func:`copytrail.stages.network.syndication_reason`).  For the report's picture
(:mod:`copytrail.outputs.report.network`), each narrative's documents by outlet and its aligned
document pairs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import timedelta

from copytrail.stages.network import (
    DEFAULT_WINDOW,
    Member,
    Network,
    build_network,
    syndication_reason,
)
from copytrail.store.database import Store
from copytrail.store.queries import cite_row


def load_members(store: Store) -> list[Member]:
    """Narrative members with outlet, byline, date and syndication, from a copytrail store."""
    rows = store.query(
        "SELECT DISTINCT m.narrative, m.doc, d.path, d.outlet, d.author, d.published, d.date_source, "
        "d.text, d.extra, d.url, d.source_key, d.file FROM narrative_members m JOIN documents d ON d.id = m.doc ORDER BY 1, 2"
    )
    reasons: dict[str, str | None] = {}
    out = []
    for r in rows:
        if r["doc"] not in reasons:
            try:
                extra = json.loads(r["extra"]) if r["extra"] else {}
            except json.JSONDecodeError:
                extra = {}
            reasons[r["doc"]] = syndication_reason(r["text"] or "", extra if isinstance(extra, dict) else {}, r["outlet"])
        out.append(
            Member(r["narrative"], r["doc"], r["path"], r["outlet"], r["author"], r["published"],
                   r["date_source"] or "none", reasons[r["doc"]], cite_row(r).record, r["url"])
        )
    return out


def network_from_store(
    store: Store, what: str = "outlets", window: str | timedelta | None = DEFAULT_WINDOW,
    exclude_syndicated: bool = False,
) -> Network:
    """The outlet or byline network of the store's narratives (see :func:`build_network`)."""
    return build_network(load_members(store), what, window, exclude_syndicated)


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


def aligned_pairs(store: Store) -> dict[str, set[tuple[str, str]]]:
    """The (source, target) document pairs aligned within each narrative.

    A ``defaultdict``: a narrative without alignments reads as no pairs.
    """
    aligned: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in store.query(
        "SELECT DISTINCT narrative, source_doc, target_doc FROM alignments WHERE narrative IS NOT NULL"
    ):
        aligned[r["narrative"]].add((r["source_doc"], r["target_doc"]))
    return aligned
