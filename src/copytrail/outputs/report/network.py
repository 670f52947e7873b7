"""The report's networks, drawn as pictures: who published reused passages first, and which
outlets carry the same narratives.

- The copy graph (shown first): an arrow from the outlet (or byline) that published a passage
  first to the one that published it later, its width the passages, with the median lag.  It
  is :func:`copytrail.stages.network.build_copy_graph`'s: a passage whose order the dates do
  not give (undated, or dated the same day without a time) draws no arrow and is counted in
  one line, so the picture never shows a direction the dates do not hold.  Each arrow lists
  its passages (earlier document, later document, time between them, kind, narrative).
- The co-publication graph: outlets linked when both published members of one narrative
  (any time apart), the link's weight the narratives.  Every link keeps its evidence (the
  narratives and document pairs behind it, aligned pairs first).

Both keep the most connected outlets (:data:`MAX_NODES`) and a fixed layout.
``copytrail export network`` writes the full graphs (every node, time windows, syndication
left out on request) for Gephi and networkx.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import combinations
from typing import Any

import numpy as np

from copytrail.outputs.report.arrows import place_arrows
from copytrail.records import date_precision, zones_could_reverse
from copytrail.stages.network import TRUSTED_DATE_SOURCES, Network, Reuse, build_copy_graph
from copytrail.store import Store, queries
from copytrail.store.network import aligned_pairs, load_reuses, outlet_documents

MAX_NODES = 150  # outlets drawn (the most connected ones)
EVIDENCE_NARRATIVES = 20  # narratives kept as evidence per link or outlet
EVIDENCE_PAIRS = 3  # document pairs kept per narrative of a link
EVIDENCE_PASSAGES = 30  # document pairs (with their passages) listed per arrow of the copy graph
UNLINKED_NAMED = 12  # outlets without an arrow named in the left-out line


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
    xy = layout_groups(len(kept), [(e["a"], e["b"], e["weight"]) for e in edge_list])
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


def copy_networks(store: Store, rank: dict[str, int] | None = None) -> dict[str, dict[str, Any]]:
    """The copy graph of outlets and of bylines, ready to draw (see :func:`copy_network`)."""
    reuses, kinds = copy_inputs(store)
    return {what: copy_network(reuses, what, kinds, rank) for what in ("outlets", "authors")}


def copy_inputs(store: Store) -> tuple[list[Reuse], dict[str, str]]:
    """The passages a copy graph is built from, and each one's kind by alignment id."""
    return load_reuses(store), {_alignment_id(r): r["kind"] for r in queries.alignments_of(store)}


def _alignment_id(row: dict[str, Any]) -> str:
    return f"{row['source_doc']}:{row['source_start']}:{row['target_doc']}:{row['target_start']}"


def copy_network(
    reuses: list[Reuse], what: str, kinds: dict[str, str], rank: dict[str, int] | None = None
) -> dict[str, Any]:
    """Who published first: nodes, arrows (``a`` earlier, ``b`` later) weighted by passages,
    each with its passages as evidence, what was left out and the nodes without an arrow.

    A passage ordered by a file time only (a side dated by when its file was saved) is counted
    in ``file_time``: the picture draws such an arrow dashed."""
    rank = rank or {}
    net: Network = build_copy_graph(reuses, what)
    by_id = {r.alignment: r for r in reuses}
    strength: dict[str, int] = defaultdict(int)
    for e in net.edges:
        strength[e.source] += e.weight
        strength[e.target] += e.weight
    linked = sorted(strength, key=lambda n: (-strength[n], -net.nodes[n].documents, n))
    kept = linked[:MAX_NODES]
    index = {name: i for i, name in enumerate(kept)}
    edges = [
        _copy_edge(e, index, by_id, kinds, rank)
        for e in net.edges
        if e.source in index and e.target in index
    ]
    xy = layout_groups(len(kept), [(e["a"], e["b"], e["passages"]) for e in edges])
    nodes = [
        {"name": name, "documents": net.nodes[name].documents, "narratives": net.nodes[name].narratives,
         "first": net.nodes[name].first, "last": net.nodes[name].last,
         "x": round(float(xy[i, 0]), 4), "y": round(float(xy[i, 1]), 4)}
        for i, name in enumerate(kept)
    ]  # fmt: skip
    unlinked = sorted((n for n in net.nodes.values() if n.id not in strength), key=lambda n: (-n.documents, n.id))
    left_out = sorted(net.left_out_pairs.items(), key=lambda kv: (not kv[0].startswith("order unknown"), -kv[1], kv[0]))
    drawn = {"what": what, "nodes": nodes, "edges": edges}
    place_arrows(drawn)
    return {
        **drawn,
        "nodes_total": len(linked),
        "left_out": [{"reason": reason.replace("one author", "one byline"), "passages": n} for reason, n in left_out],
        "unlinked": [n.label for n in unlinked[:UNLINKED_NAMED]],
        "unlinked_total": len(unlinked),
    }


def _copy_edge(
    e: Any, index: dict[str, int], by_id: dict[str, Reuse], kinds: dict[str, str], rank: dict[str, int]
) -> dict[str, Any]:
    """One arrow: its weight, lag, and its passages, those of the best-ranked narratives first."""
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for a in e.alignments:  # a document pair's passages in one narrative: one line
        reuse = by_id[a["alignment"]]
        key = (a["narrative"] or "", a["source_doc"], a["target_doc"])
        group = groups.setdefault(key, {
            "narrative": a["narrative"], "source": a["source_doc"], "target": a["target_doc"],
            "alignment": a["alignment"], "hours": a["hours_apart"], "lag": _lag_words(reuse, a["hours_apart"]),
            "passages": 0, "kinds": [],
            "syndicated": a["syndicated"], "file_time": _file_time(reuse), "no_zone": zones_could_reverse(reuse.source.published, reuse.target.published),
        })  # fmt: skip
        group["passages"] += 1
        kind = kinds.get(a["alignment"])
        if kind and kind not in group["kinds"]:
            group["kinds"].append(kind)
    passages = sorted(groups.values(), key=lambda p: (rank.get(p["narrative"] or "", 1 << 30), p["hours"] is None, p["hours"] or 0, p["source"], p["target"]))
    return {
        "a": index[e.source],
        "b": index[e.target],
        "passages": e.weight,
        "narratives": len(e.narratives),
        "lag_hours": e.median_lag_hours,
        "file_time": sum(p["passages"] for p in passages if p["file_time"]),
        "no_zone": sum(p["passages"] for p in passages if p["no_zone"]),
        "syndicated": sum(p["passages"] for p in passages if p["syndicated"]),
        "evidence": passages[:EVIDENCE_PASSAGES],
        "evidence_total": len(passages),
    }


def _file_time(reuse: Reuse) -> bool:
    """Whether the passage's order rests on a date that is not the publication's (a file time)."""
    return any(m.date_source not in TRUSTED_DATE_SOURCES for m in (reuse.source, reuse.target))


def _lag_words(reuse: Reuse, hours: float | None) -> str:
    """How much later the later side came out, as precisely as both dates say: calendar days
    when either is dated to the day only."""
    earlier, later = reuse.source.published, reuse.target.published
    if hours is None or not earlier or not later:
        return "later"
    if "day" in (date_precision(earlier), date_precision(later)):
        days = (date.fromisoformat(later[:10]) - date.fromisoformat(earlier[:10])).days
        return f"{days} day{'' if days == 1 else 's'} later"
    if hours < 1:
        return f"{round(hours * 60)} minutes later"
    if hours < 48:
        return f"{hours:.1f} hours later"
    return f"{hours / 24:.1f} days later"


def _pairs(a_docs: list[str], b_docs: list[str], aligned: dict[tuple[str, str], bool]) -> list[dict[str, Any]]:
    """Document pairs across the two outlets: aligned pairs first (direct reuse; ``ordered``
    when the dates say which came first), then others."""
    direct, indirect = [], []
    for x in a_docs:
        for y in b_docs:
            if (x, y) in aligned:
                direct.append({"source": x, "target": y, "aligned": True, "ordered": aligned[(x, y)]})
            elif (y, x) in aligned:
                direct.append({"source": y, "target": x, "aligned": True, "ordered": aligned[(y, x)]})
            else:
                indirect.append({"source": x, "target": y, "aligned": False, "ordered": False})
    return (direct + indirect)[:EVIDENCE_PAIRS]


def layout_groups(n: int, edges: list[tuple[int, int, int]]) -> np.ndarray:
    """Each group of linked nodes laid out on its own, so a small group far away does not
    squeeze the largest into a corner: the largest on the left, the others in a grid on the
    right, each in a share of the width by its size; nodes without links in a row underneath."""
    groups = _linked_groups(n, edges)
    if len(groups) <= 1:
        return _layout(n, edges)
    pos = np.zeros((n, 2))
    linked = {i for group in groups for i in group}
    lonely = [i for i in range(n) if i not in linked]
    bottom = -0.75 if lonely else -1.0
    main, rest = groups[0], groups[1:]
    split = min(0.5, max(-0.2, -1 + 2 * len(main) / len(linked)))
    _place(pos, main, edges, (-1.0, split - 0.06, bottom, 1.0))
    cols = int(np.ceil(np.sqrt(len(rest))))
    rows = int(np.ceil(len(rest) / cols))
    width, height = (1.0 - split - 0.06) / cols, (1.0 - bottom) / rows
    for k, group in enumerate(rest):
        x0, y1 = split + 0.06 + (k % cols) * width, 1.0 - (k // cols) * height
        _place(pos, group, edges, (x0, x0 + width, y1 - height, y1))
    if lonely:
        xs = np.linspace(-1, 1, len(lonely) + 2)[1:-1]
        pos[lonely] = np.stack([xs, np.full(len(lonely), -1.0)], axis=1)
    return pos


def _linked_groups(n: int, edges: list[tuple[int, int, int]]) -> list[list[int]]:
    """The connected groups of linked nodes, the largest first (ties: the lowest node first)."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b, _ in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen: set[int] = set()
    groups = []
    for start in range(n):
        if start in seen or start not in neighbours:
            continue
        group, todo = [], [start]
        seen.add(start)
        while todo:
            node = todo.pop()
            group.append(node)
            for other in neighbours[node] - seen:
                seen.add(other)
                todo.append(other)
        groups.append(sorted(group))
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def _place(pos: np.ndarray, group: list[int], edges: list[tuple[int, int, int]], box: tuple[float, ...]) -> None:
    """Lay out one group and fit it into ``box`` (x0, x1, y0, y1) with a margin."""
    where = {node: i for i, node in enumerate(group)}
    sub = _layout(len(group), [(where[a], where[b], w) for a, b, w in edges if a in where])
    x0, x1, y0, y1 = box
    mx, my = (x1 - x0) * 0.08, (y1 - y0) * 0.12
    pos[group, 0] = x0 + mx + (sub[:, 0] + 1) / 2 * (x1 - x0 - 2 * mx)
    pos[group, 1] = y0 + my + (sub[:, 1] + 1) / 2 * (y1 - y0 - 2 * my)


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
