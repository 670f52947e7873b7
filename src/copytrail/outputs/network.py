"""Network files: the outlet or byline graph as GEXF (dynamic, for Gephi's timeline), GraphML
or two CSV files, every edge with its evidence."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from copytrail.errors import UsageError
from copytrail.stages.network import DEFAULT_WINDOW, Edge, Network, parse_time
from copytrail.store.database import Store
from copytrail.store.network import network_from_store


def _gexf_time(value: str | None, timeformat: str) -> str | None:
    """A node's or edge's date as GEXF writes it, or None when it has none."""
    moment = parse_time(value)
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%d") if timeformat == "date" else moment.strftime("%Y-%m-%dT%H:%M:%S")


def _evidence(edge: Edge) -> str:
    """An edge's narratives and document pairs as compact JSON, so a reader can check the link."""
    return json.dumps({"narratives": edge.narratives, "pairs": edge.pairs}, ensure_ascii=False, separators=(",", ":"))


def write_gexf(net: Network, out: str | Path, timeformat: str = "dateTime") -> None:
    """GEXF 1.3, dynamic (node and edge ``start``/``end``), so Gephi's timeline can play it.

    ``dateTime`` keeps the hours a 24-hour window is about; networkx's reader (3.x) only knows
    ``date``, so pass ``timeformat="date"`` for files meant for networkx.
    """
    if timeformat not in ("date", "dateTime"):
        raise UsageError("timeformat must be 'date' or 'dateTime'")
    ns = "http://gexf.net/1.3"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{{{ns}}}meta", {"lastmodifieddate": datetime.now(UTC).strftime("%Y-%m-%d")})
    ET.SubElement(meta, f"{{{ns}}}creator").text = "copytrail"
    window = f"pairs within {net.window.total_seconds() / 3600:g} hours" if net.window else "any time"
    ET.SubElement(meta, f"{{{ns}}}description").text = f"{net.what} sharing narratives ({window})"
    graph = ET.SubElement(root, f"{{{ns}}}graph", {"mode": "dynamic", "defaultedgetype": "undirected", "timeformat": timeformat})
    node_attrs = [("documents", "integer"), ("narratives", "integer"), ("syndicated_documents", "integer"), ("first", "string"), ("last", "string")]
    edge_attrs = [("narratives", "integer"), ("pairs", "integer"), ("syndicated_pairs", "integer"), ("evidence", "string")]
    for cls, attrs in (("node", node_attrs), ("edge", edge_attrs)):
        block = ET.SubElement(graph, f"{{{ns}}}attributes", {"class": cls, "mode": "static"})
        for k, (title, kind) in enumerate(attrs):
            ET.SubElement(block, f"{{{ns}}}attribute", {"id": str(k), "title": title, "type": kind})
    ids = {name: f"n{k}" for k, name in enumerate(sorted(net.nodes))}
    nodes = ET.SubElement(graph, f"{{{ns}}}nodes")
    for name in sorted(net.nodes):
        n = net.nodes[name]
        attrs = {"id": ids[name], "label": name}
        start, end = _gexf_time(n.first, timeformat), _gexf_time(n.last, timeformat)
        if start and end:
            attrs.update(start=start, end=end)
        el = ET.SubElement(nodes, f"{{{ns}}}node", attrs)
        values = ET.SubElement(el, f"{{{ns}}}attvalues")
        for k, v in enumerate([n.documents, n.narratives, n.syndicated_documents, n.first or "", n.last or ""]):
            ET.SubElement(values, f"{{{ns}}}attvalue", {"for": str(k), "value": str(v)})
    edges = ET.SubElement(graph, f"{{{ns}}}edges")
    for k, e in enumerate(net.edges):
        attrs = {"id": f"e{k}", "source": ids[e.source], "target": ids[e.target], "weight": str(float(e.weight))}
        start, end = _gexf_time(e.start, timeformat), _gexf_time(e.end, timeformat)
        if start and end:
            attrs.update(start=start, end=end)
        el = ET.SubElement(edges, f"{{{ns}}}edge", attrs)
        values = ET.SubElement(el, f"{{{ns}}}attvalues")
        synd = sum(1 for p in e.pairs if p["syndicated"])
        for j, v in enumerate([e.weight, len(e.pairs), synd, _evidence(e)]):
            ET.SubElement(values, f"{{{ns}}}attvalue", {"for": str(j), "value": str(v)})
    ET.ElementTree(root).write(str(out), encoding="utf-8", xml_declaration=True)


def write_graphml(net: Network, out: str | Path) -> None:
    """GraphML with every attribute declared as a key (yEd, Gephi, networkx read it)."""
    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}graphml")
    keys = [
        ("label", "node", "string"), ("documents", "node", "int"), ("narratives", "node", "int"),
        ("syndicated_documents", "node", "int"), ("first", "node", "string"), ("last", "node", "string"),
        ("weight", "edge", "double"), ("pairs", "edge", "int"), ("syndicated_pairs", "edge", "int"),
        ("start", "edge", "string"), ("end", "edge", "string"), ("evidence", "edge", "string"),
    ]
    for name, target, kind in keys:
        ET.SubElement(root, f"{{{ns}}}key", {"id": f"{target[0]}_{name}", "for": target, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, f"{{{ns}}}graph", {"id": net.what, "edgedefault": "undirected"})

    def data(el: ET.Element, key: str, value: object) -> None:
        if value is not None and value != "":
            ET.SubElement(el, f"{{{ns}}}data", {"key": key}).text = str(value)

    ids = {name: f"n{k}" for k, name in enumerate(sorted(net.nodes))}
    for name in sorted(net.nodes):
        n = net.nodes[name]
        el = ET.SubElement(graph, f"{{{ns}}}node", {"id": ids[name]})
        for key, value in (("label", name), ("documents", n.documents), ("narratives", n.narratives),
                           ("syndicated_documents", n.syndicated_documents), ("first", n.first), ("last", n.last)):
            data(el, f"n_{key}", value)
    for k, e in enumerate(net.edges):
        el = ET.SubElement(graph, f"{{{ns}}}edge", {"id": f"e{k}", "source": ids[e.source], "target": ids[e.target]})
        for key, value in (("weight", float(e.weight)), ("pairs", len(e.pairs)),
                           ("syndicated_pairs", sum(1 for p in e.pairs if p["syndicated"])),
                           ("start", e.start), ("end", e.end), ("evidence", _evidence(e))):
            data(el, f"e_{key}", value)
    ET.ElementTree(root).write(str(out), encoding="utf-8", xml_declaration=True)


def csv_paths(out: str | Path) -> tuple[Path, Path]:
    """``net.csv`` → ``net.nodes.csv`` and ``net.edges.csv`` (a folder gets nodes.csv, edges.csv)."""
    path = Path(out)
    if path.is_dir():
        return path / "nodes.csv", path / "edges.csv"
    stem = path.with_suffix("") if path.suffix == ".csv" else path
    return stem.with_name(stem.name + ".nodes.csv"), stem.with_name(stem.name + ".edges.csv")


def write_csv(net: Network, out: str | Path) -> tuple[Path, Path]:
    """Two CSV files: nodes, and edges with their evidence as compact JSON."""
    nodes_path, edges_path = csv_paths(out)
    with open(nodes_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "documents", "narratives", "syndicated_documents", "first", "last"])
        for name in sorted(net.nodes):
            n = net.nodes[name]
            writer.writerow([name, n.documents, n.narratives, n.syndicated_documents, n.first or "", n.last or ""])
    with open(edges_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", "weight", "pairs", "start", "end", "evidence"])
        for e in net.edges:
            writer.writerow([e.source, e.target, e.weight, len(e.pairs), e.start or "", e.end or "", _evidence(e)])
    return nodes_path, edges_path


def export_network(
    store: Store,
    what: str = "outlets",
    fmt: str = "gexf",
    out: str | Path = "network.gexf",
    window: str | timedelta | None = DEFAULT_WINDOW,
    exclude_syndicated: bool = False,
    timeformat: str = "dateTime",
) -> Network:
    """Build the network from the store and write it as GEXF, GraphML or CSV; returns it."""
    net = network_from_store(store, what, window, exclude_syndicated)
    if fmt == "gexf":
        write_gexf(net, out, timeformat)
    elif fmt == "graphml":
        write_graphml(net, out)
    elif fmt == "csv":
        write_csv(net, out)
    else:
        raise UsageError(f"unknown network format {fmt!r}; choose gexf, graphml or csv")
    return net


def network_rows(net: Network) -> Sequence[dict[str, Any]]:
    """Edges as plain dictionaries (for JSON output and reports)."""
    return [
        {"source": e.source, "target": e.target, "weight": e.weight, "narratives": e.narratives,
         "pairs": e.pairs, "start": e.start, "end": e.end}
        for e in net.edges
    ]
