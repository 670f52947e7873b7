"""Store access for the network stage: the narrative members with what the graph needs of each.

A member's syndication is decided here, once per document, from its text and metadata
(:func:`copytrail.stages.network.syndication_reason`); the graph itself is built by the stage.
"""

from __future__ import annotations

import json
from datetime import timedelta

from copytrail.stages.network import (
    DEFAULT_WINDOW,
    Member,
    Network,
    build_network,
    syndication_reason,
)
from copytrail.store.database import Store


def load_members(store: Store) -> list[Member]:
    """Narrative members with outlet, byline, date and syndication, from a copytrail store."""
    rows = store.query(
        "SELECT DISTINCT m.narrative, m.doc, d.path, d.outlet, d.author, d.published, d.date_source, "
        "d.text, d.extra FROM narrative_members m JOIN documents d ON d.id = m.doc ORDER BY 1, 2"
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
                   r["date_source"] or "none", reasons[r["doc"]])
        )
    return out


def network_from_store(
    store: Store, what: str = "outlets", window: str | timedelta | None = DEFAULT_WINDOW,
    exclude_syndicated: bool = False,
) -> Network:
    """The outlet or byline network of the store's narratives (see :func:`build_network`)."""
    return build_network(load_members(store), what, window, exclude_syndicated)
