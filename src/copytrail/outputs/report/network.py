"""The report's outlet network: which outlets carry the same narratives, drawn as a picture.

Outlets are nodes; two outlets are linked when both published members of one narrative, and
the link's weight is the number of such narratives.  Every link keeps its evidence (the
narratives and document pairs behind it, aligned pairs first) so a reader can check it
instead of trusting it.

There are two outlet networks on purpose.  This one is for reading in the report: outlets only,
any time apart, no syndication rule, the 150 most connected outlets, and a fixed layout to
draw them.  :mod:`copytrail.stages.network` builds the ones for analysis (``copytrail export
network``): who copies whom (directed, earlier to later), co-publication within a time window
by trusted dates, and bylines to outlets; credited wire copy marked or left out, every node
kept, written as GEXF, GraphML or CSV for Gephi and networkx.  They answer other questions and
give other edges, so the report does not draw them.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

import numpy as np

from copytrail.store import Store
from copytrail.store.network import aligned_pairs, outlet_documents

MAX_NODES = 150  # outlets drawn (the most connected ones)
EVIDENCE_NARRATIVES = 20  # narratives kept as evidence per link or outlet
EVIDENCE_PAIRS = 3  # document pairs kept per narrative of a link


def outlet_network(store: Store, rank: dict[str, int] | None = None) -> dict[str, Any]:
    """Nodes, weighted edges and their evidence, with a deterministic layout for drawing."""
    rank = rank or {}
    members = outlet_documents(store)
    aligned = aligned_pairs(store)

    def order(n: str) -> tuple[int, str]:
        return (rank.get(n, 1 << 30), n)

    node_narratives: dict[str, list[str]] = defaultdict(list)
    node_docs: dict[str, set[str]] = defaultdict(set)
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for narrative in sorted(members, key=order):
        by_outlet = members[narrative]
        for outlet, docs in by_outlet.items():
            node_narratives[outlet].append(narrative)
            node_docs[outlet].update(docs)
        for a, b in combinations(sorted(by_outlet), 2):
            edges[(a, b)].append(narrative)

    strength: dict[str, int] = defaultdict(int)
    for (a, b), narratives in edges.items():
        strength[a] += len(narratives)
        strength[b] += len(narratives)
    outlets = sorted(node_narratives, key=lambda o: (-strength[o], -len(node_narratives[o]), o))
    kept = outlets[:MAX_NODES]
    index = {o: i for i, o in enumerate(kept)}
    edge_list = []
    for (a, b), narratives in sorted(edges.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if a not in index or b not in index:
            continue
        evidence = []
        for narrative in narratives[:EVIDENCE_NARRATIVES]:
            evidence.append(
                {"narrative": narrative, "pairs": _pairs(members[narrative][a], members[narrative][b], aligned[narrative])}
            )
        edge_list.append({"a": index[a], "b": index[b], "weight": len(narratives), "evidence": evidence})
    xy = _layout(len(kept), [(e["a"], e["b"], e["weight"]) for e in edge_list])
    nodes = [
        {
            "name": o,
            "documents": len(node_docs[o]),
            "narratives": len(node_narratives[o]),
            "evidence": node_narratives[o][:EVIDENCE_NARRATIVES],
            "x": round(float(xy[i, 0]), 4),
            "y": round(float(xy[i, 1]), 4),
        }
        for i, o in enumerate(kept)
    ]
    return {"nodes": nodes, "edges": edge_list, "outlets_total": len(outlets), "outlets_shown": len(kept)}


def _pairs(a_docs: list[str], b_docs: list[str], aligned: set[tuple[str, str]]) -> list[dict[str, Any]]:
    """Document pairs across the two outlets: aligned pairs first (direct reuse), then others."""
    direct, indirect = [], []
    for x in a_docs:
        for y in b_docs:
            if (x, y) in aligned:
                direct.append({"source": x, "target": y, "aligned": True})
            elif (y, x) in aligned:
                direct.append({"source": y, "target": x, "aligned": True})
            else:
                indirect.append({"source": x, "target": y, "aligned": False})
    return (direct + indirect)[:EVIDENCE_PAIRS]


def _layout(n: int, edges: list[tuple[int, int, int]], iterations: int = 300) -> np.ndarray:
    """Spring layout (Fruchterman-Reingold with a little gravity) for linked outlets, seeded on
    a circle so the picture is reproducible; outlets without links sit in a row underneath."""
    pos = np.zeros((n, 2))
    linked = sorted({a for a, _, _ in edges} | {b for _, b, _ in edges})
    lonely = [i for i in range(n) if i not in set(linked)]
    m = len(linked)
    if m:
        angle = np.linspace(0, 2 * np.pi, m, endpoint=False)
        sub = np.stack([np.cos(angle), np.sin(angle)], axis=1)
        where = {node: i for i, node in enumerate(linked)}
        weight = np.zeros((m, m))
        for a, b, w in edges:
            weight[where[a], where[b]] = weight[where[b], where[a]] = 1.0 + np.log1p(w)
        k = 1.2 / np.sqrt(m)
        temperature = 0.15
        for _ in range(iterations if m > 2 else 0):
            delta = sub[:, None, :] - sub[None, :, :]
            dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
            force = (k * k / dist**2 - weight * dist / k)[:, :, None] * delta
            step = force.sum(axis=1) - 0.5 * sub * np.linalg.norm(sub, axis=1)[:, None] / k
            length = np.maximum(np.linalg.norm(step, axis=1), 1e-9)[:, None]
            sub += step / length * np.minimum(length, temperature)
            temperature = max(0.002, temperature * 0.985)
        sub -= sub.mean(axis=0)
        sub /= np.maximum(np.abs(sub).max(axis=0), 1e-9)  # fill the wide plot, not a square
        pos[linked] = sub * (0.8 if lonely else 1.0) + (np.array([0.0, 0.2]) if lonely else 0.0)
    if lonely:
        xs = np.linspace(-1, 1, len(lonely) + 2)[1:-1]
        pos[lonely] = np.stack([xs, np.full(len(lonely), -1.0 if m else 0.0)], axis=1)
    return pos
