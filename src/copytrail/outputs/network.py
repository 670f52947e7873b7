"""Network files: a graph as GEXF (dynamic, for Gephi's timeline; networkx reads it too),
GraphML or CSV, each edge with counts and ids only; the evidence behind every edge (its
alignments, document pairs or documents) is a separate table, ``*.evidence.csv``.

Files are written whole or not at all (:mod:`copytrail.outputs.files`).
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from copytrail.errors import UsageError
from copytrail.outputs.files import atomic_path, is_stdout, text_output
from copytrail.stages.network import DEFAULT_WINDOW, Edge, Network, Node, evidence_rows, parse_time
from copytrail.store.database import Store
from copytrail.store.network import network_from_store

FORMATS = ("gexf", "graphml", "csv")
GEXF_NS = "http://gexf.net/1.3"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
NODE_FIELDS = ("id", "label", "kind", "documents", "narratives", "syndicated_documents", "first", "last")
EDGE_FIELDS = (
    "id", "source", "target", "weight", "narratives", "passages", "pairs", "documents", "syndicated_pairs",
    "median_lag_hours", "start", "end", "narrative_ids",
)  # fmt: skip
EVIDENCE_FIELDS = (
    "edge", "source", "target", "alignment", "narrative", "source_doc", "target_doc", "doc", "hours_apart", "syndicated",
)  # fmt: skip


def _day(value: str | None) -> str | None:
    """A date as GEXF's ``date`` time format writes it (the one networkx and Gephi both read);
    the exact time stays in the ``first`` and ``last`` attributes."""
    moment = parse_time(value)
    return moment.strftime("%Y-%m-%d") if moment else None


def describe(net: Network) -> str:
    """One line saying what the graph is and what it leaves out (written into every file)."""
    if net.graph == "copies":
        text = f"who copies whom: {net.what}, an edge from the earlier publication to the later, weighted by passages"
    elif net.graph == "bylines":
        text = "bylines and the outlets that printed them, weighted by documents"
    else:
        window = f"pairs within {net.window.total_seconds() / 3600:g} hours" if net.window else "any time"
        text = f"{net.what} publishing the same narratives ({window}), weighted by narratives"
    if net.left_out_pairs:
        text += "; left out: " + ", ".join(f"{n} passages or pairs: {why}" for why, n in sorted(net.left_out_pairs.items()))
    return text


def node_row(n: Node) -> dict[str, Any]:
    """A node's fields, in :data:`NODE_FIELDS` order."""
    return {"id": n.id, "label": n.label, "kind": n.kind, "documents": n.documents, "narratives": n.narratives,
            "syndicated_documents": n.syndicated_documents, "first": n.first, "last": n.last}  # fmt: skip


def edge_row(k: int, e: Edge) -> dict[str, Any]:
    """An edge's counts and ids, in :data:`EDGE_FIELDS` order (``id`` joins the evidence).

    A count that does not apply to the graph is left empty, never 0: a copy graph's edges hold
    passages, a co-publication graph's document pairs, a byline graph's documents."""
    kind = e.weighted_by
    return {
        "id": f"e{k}", "source": e.source, "target": e.target, "weight": e.weight,
        "narratives": len(e.narratives),
        "passages": len(e.alignments) if kind == "passages" else None,
        "pairs": len(e.pairs) if kind == "narratives" else None,
        "documents": len(e.documents) if kind == "documents" else None,
        "syndicated_pairs": sum(1 for p in (*e.pairs, *e.alignments) if p["syndicated"]),
        "median_lag_hours": e.median_lag_hours, "start": e.start, "end": e.end,
        "narrative_ids": ",".join(e.narratives),
    }  # fmt: skip


def gexf_tree(net: Network) -> ET.ElementTree:
    """GEXF 1.3, dynamic (node and edge ``start``/``end`` by day) so Gephi's timeline plays it."""
    g = f"{{{GEXF_NS}}}"
    ET.register_namespace("", GEXF_NS)
    root = ET.Element(f"{g}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{g}meta", {"lastmodifieddate": datetime.now(UTC).strftime("%Y-%m-%d")})
    ET.SubElement(meta, f"{g}creator").text = "copytrail"
    ET.SubElement(meta, f"{g}description").text = describe(net)
    graph = ET.SubElement(root, f"{g}graph", {
        "mode": "dynamic", "defaultedgetype": "directed" if net.directed else "undirected", "timeformat": "date",
    })  # fmt: skip
    node_keys = [k for k in NODE_FIELDS if k not in ("id", "label")]
    edge_keys = [k for k in EDGE_FIELDS if k not in ("id", "source", "target", "weight", "start", "end")]
    types = {"first": "string", "last": "string", "kind": "string", "median_lag_hours": "double", "narrative_ids": "string"}
    for cls, keys in (("node", node_keys), ("edge", edge_keys)):
        block = ET.SubElement(graph, f"{g}attributes", {"class": cls, "mode": "static"})
        for k, title in enumerate(keys):
            ET.SubElement(block, f"{g}attribute", {"id": str(k), "title": title, "type": types.get(title, "integer")})
    ids = {name: f"n{k}" for k, name in enumerate(sorted(net.nodes))}
    nodes = ET.SubElement(graph, f"{g}nodes")
    for name in sorted(net.nodes):
        row = node_row(net.nodes[name])
        el = ET.SubElement(nodes, f"{g}node", {"id": ids[name], "label": row["label"], **_spell(row["first"], row["last"])})
        _attvalues(el, [row[k] for k in node_keys])
    edges = ET.SubElement(graph, f"{g}edges")
    for k, e in enumerate(net.edges):
        row = edge_row(k, e)
        attrs = {"id": row["id"], "source": ids[e.source], "target": ids[e.target], "weight": str(float(e.weight))}
        el = ET.SubElement(edges, f"{g}edge", {**attrs, **_spell(e.start, e.end)})
        _attvalues(el, [row[key] for key in edge_keys])
    return ET.ElementTree(root)


def _spell(first: str | None, last: str | None) -> dict[str, str]:
    start, end = _day(first), _day(last)
    return {"start": start, "end": end} if start and end else {}


def _attvalues(el: ET.Element, values: Sequence[Any]) -> None:
    block = ET.SubElement(el, f"{{{GEXF_NS}}}attvalues")
    for k, value in enumerate(values):
        if value is not None and value != "":
            ET.SubElement(block, f"{{{GEXF_NS}}}attvalue", {"for": str(k), "value": str(value)})


def graphml_tree(net: Network) -> ET.ElementTree:
    """GraphML with every attribute declared as a key (yEd, Gephi, networkx read it)."""
    ns = f"{{{GRAPHML_NS}}}"
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{ns}graphml")
    types = {"median_lag_hours": "double", "weight": "double"}
    strings = {"label", "kind", "first", "last", "start", "end", "narrative_ids"}
    node_keys = [k for k in NODE_FIELDS if k != "id"]
    edge_keys = [k for k in EDGE_FIELDS if k not in ("id", "source", "target")]
    for target, keys in (("node", node_keys), ("edge", edge_keys)):
        for name in keys:
            kind = "string" if name in strings else types.get(name, "int")
            ET.SubElement(root, f"{ns}key", {"id": f"{target[0]}_{name}", "for": target, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, f"{ns}graph", {"id": net.graph, "edgedefault": "directed" if net.directed else "undirected"})
    ET.SubElement(graph, f"{ns}desc").text = describe(net)
    ids = {name: f"n{k}" for k, name in enumerate(sorted(net.nodes))}
    for name in sorted(net.nodes):
        row = node_row(net.nodes[name])
        el = ET.SubElement(graph, f"{ns}node", {"id": ids[name]})
        _graphml_data(el, "n", {k: row[k] for k in node_keys})
    for k, e in enumerate(net.edges):
        row = edge_row(k, e)
        el = ET.SubElement(graph, f"{ns}edge", {"id": row["id"], "source": ids[e.source], "target": ids[e.target]})
        _graphml_data(el, "e", {key: (float(row[key]) if key == "weight" else row[key]) for key in edge_keys})
    return ET.ElementTree(root)


def _graphml_data(el: ET.Element, prefix: str, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if value is not None and value != "":
            ET.SubElement(el, f"{{{GRAPHML_NS}}}data", {"key": f"{prefix}_{key}"}).text = str(value)


def write_xml(tree: ET.ElementTree, out: str | Path | None) -> None:
    """An XML tree to a file (written whole or not at all) or to standard output (None, ``-``)."""
    ET.indent(tree)
    if is_stdout(out):
        with text_output(None) as handle:
            tree.write(handle, encoding="unicode", xml_declaration=True)
            handle.write("\n")
        return
    with atomic_path(str(out)) as temporary:
        tree.write(str(temporary), encoding="utf-8", xml_declaration=True)


def write_gexf(net: Network, out: str | Path | None) -> None:
    """The graph as GEXF 1.3 (see :func:`gexf_tree`)."""
    write_xml(gexf_tree(net), out)


def write_graphml(net: Network, out: str | Path | None) -> None:
    """The graph as GraphML (see :func:`graphml_tree`)."""
    write_xml(graphml_tree(net), out)


def csv_paths(out: str | Path) -> tuple[Path, Path, Path]:
    """``net.csv`` → ``net.nodes.csv``, ``net.edges.csv`` and ``net.evidence.csv`` (a folder
    gets nodes.csv, edges.csv and evidence.csv)."""
    path = Path(out)
    if path.is_dir():
        return path / "nodes.csv", path / "edges.csv", path / "evidence.csv"
    stem = path.with_suffix("") if path.suffix == ".csv" else path
    return tuple(stem.with_name(f"{stem.name}.{part}.csv") for part in ("nodes", "edges", "evidence"))  # type: ignore[return-value]


def _write_table(handle: IO[str], fields: Sequence[str], rows: Sequence[dict[str, Any]]) -> None:
    writer = csv.DictWriter(handle, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in fields})


def write_csv(net: Network, out: str | Path) -> tuple[Path, Path, Path]:
    """Three CSV files: nodes, edges (counts and ids) and evidence (one row per alignment,
    document pair or document, joined to edges by ``edge`` = the edge's ``id``)."""
    paths = csv_paths(out)
    tables = (
        (NODE_FIELDS, [node_row(net.nodes[name]) for name in sorted(net.nodes)]),
        (EDGE_FIELDS, [edge_row(k, e) for k, e in enumerate(net.edges)]),
        (EVIDENCE_FIELDS, [{**r, "edge": f"e{r['edge']}"} for r in evidence_rows(net)]),
    )
    for path, (fields, rows) in zip(paths, tables, strict=True):
        with text_output(path) as handle:
            _write_table(handle, fields, rows)
    return paths


def export_network(
    store: Store,
    what: str = "outlets",
    fmt: str = "gexf",
    out: str | Path | None = "network.gexf",
    window: str | timedelta | None = DEFAULT_WINDOW,
    exclude_syndicated: bool = False,
    graph: str = "copies",
) -> Network:
    """Build one network from the store and write it as GEXF, GraphML or CSV; returns it.

    GEXF and GraphML go to standard output when ``out`` is None or ``-``; CSV is three files
    and needs a name."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown network format {fmt!r}; choose {', '.join(FORMATS)}")
    if fmt == "csv" and is_stdout(out):
        raise UsageError("the network as CSV is three files (nodes, edges, evidence): add -o PREFIX")
    net = network_from_store(store, what, window, exclude_syndicated, graph)
    if fmt == "gexf":
        write_gexf(net, out)
    elif fmt == "graphml":
        write_graphml(net, out)
    else:
        assert out is not None
        write_csv(net, out)
    return net


def network_rows(net: Network) -> list[dict[str, Any]]:
    """Edges as plain dictionaries with their evidence (for JSON output and reports)."""
    evidence: dict[int, list[dict[str, Any]]] = {}
    for r in evidence_rows(net):
        evidence.setdefault(r["edge"], []).append({k: v for k, v in r.items() if k not in ("edge", "source", "target")})
    return [{**edge_row(k, e), "evidence": evidence.get(k, [])} for k, e in enumerate(net.edges)]
