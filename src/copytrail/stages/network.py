"""Coordination network: which outlets (or bylines) carry the same narratives, and how fast.

Nodes are outlets or authors; two are linked when both published members of one narrative,
weighted by the number of such narratives.  The stricter windowed graph only counts member
pairs published within a time window of each other (24 hours by default): copies that appear
within hours across "independent" outlets are the signature of coordination.  Every edge keeps
its evidence (narratives and document pairs) so a reader can check it.  Credited wire copy
(AP, Reuters, "(Meridian Wire)", press releases) is legitimate syndication: it is marked, and
can be left out.

Only dates from metadata or a crawl count for the window: a file's modification time says when
it was saved, not published, and every file scanned together would look simultaneous.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any, Literal

from copytrail.errors import UsageError

What = Literal["outlets", "authors"]
TRUSTED_DATE_SOURCES = frozenset({"metadata", "warc"})
DEFAULT_WINDOW = "24h"

_WIRES = (
    r"AP|Associated Press|Reuters|AFP|Agence France[- ]Presse|dpa|Deutsche Presse-Agentur|UPI|"
    r"United Press International|Bloomberg|ANSA|EFE|Xinhua|Kyodo|Yonhap|PA Media|Press Association|"
    r"Canadian Press|AAP|PTI|IANS|ANI|TASS|Interfax|RIA Novosti|Anadolu"
)
_WIRE_NAME = rf"(?:{_WIRES}|[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){{0,3}}\s+(?:Wire|Newswire|News Agency|Press Agency))"
# A credit at the start ("DUNMORE, March 12 (Reuters) -", "WASHINGTON (AP) —") or end of a text.
_CREDIT_RE = re.compile(rf"\(\s*{_WIRE_NAME}\s*\)|^\s*(?:By\s+)?{_WIRE_NAME}\s*[-—–:]|[-—–]\s*{_WIRE_NAME}\s*$|\b(?:Reporting|Writing|Editing) by\b[^\n]*\b(?:{_WIRES})\b|\bSource:\s*{_WIRE_NAME}")
_RELEASE_RE = re.compile(
    r"PR\s?Newswire|Business\s?Wire|GLOBE\s?NEWSWIRE|Globe Newswire|Marketwired|ACCESSWIRE|EIN Presswire|"
    r"^\s*(?:\(?press release\)?|for immediate release)\b|\bpress release\s*\)?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_EXTRA_FLAGS = ("syndicated", "syndication", "wire", "is_wire")
_EXTRA_ATTRIBUTION = {"credited", "syndicated", "wire", "agency", "press release", "press_release"}
EDGE_ZONE = 300  # characters at each end of a text where a credit is looked for


# --------------------------------------------------------------------------------- records
@dataclass(frozen=True, slots=True)
class Member:
    """A narrative member as the network needs it."""

    narrative: str
    doc: str
    path: str | None
    outlet: str | None
    author: str | None
    published: str | None
    date_source: str = "none"
    syndicated: str | None = None  # why the document is credited wire copy, else None


@dataclass(slots=True)
class Node:
    id: str
    documents: int = 0
    narratives: int = 0
    first: str | None = None
    last: str | None = None
    syndicated_documents: int = 0


@dataclass(slots=True)
class Edge:
    source: str
    target: str
    narratives: list[str] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    start: str | None = None
    end: str | None = None

    @property
    def weight(self) -> int:
        return len(self.narratives)


@dataclass(slots=True)
class Network:
    what: str
    window: timedelta | None
    exclude_syndicated: bool
    nodes: dict[str, Node]
    edges: list[Edge]
    left_out_pairs: dict[str, int] = field(default_factory=dict)  # reason → member pairs
    left_out_documents: dict[str, list[str]] = field(default_factory=dict)  # reason → doc ids
    syndicated: dict[str, str] = field(default_factory=dict)  # doc → reason


# ------------------------------------------------------------------------------- helpers
def parse_window(value: str | timedelta | None) -> timedelta | None:
    """"24h", "3d", "90m", "45s", "2w", "1d12h" → a timedelta; None/""/"none"/"0" → no window."""
    if value is None or isinstance(value, timedelta):
        return value
    text = value.strip().lower()
    if text in ("", "none", "off", "0"):
        return None
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*(w|d|h|m|s)", text)
    if not parts or re.sub(r"(\d+(?:\.\d+)?)\s*(w|d|h|m|s)", "", text).strip():
        raise UsageError(f"cannot read time window {value!r}: use e.g. 24h, 3d, 90m")
    units = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
    total = timedelta()
    for number, unit in parts:
        total += timedelta(**{units[unit]: float(number)})
    return total


def parse_time(value: str | None) -> datetime | None:
    """An ISO date or datetime as an aware UTC datetime (a bare date is midnight UTC)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def syndication_reason(text: str, extra: Mapping[str, Any] | None = None, outlet: str | None = None) -> str | None:
    """Why a document is credited wire or press-release copy, or None.

    A credit counts at the start or end of the text only: "the figures tell the story better
    than any press release" in the middle of an article is not a credit.
    """
    extra = extra or {}
    for key in _EXTRA_FLAGS:
        if extra.get(key) in (True, "true", "yes", 1):
            return f"metadata: {key}"
    attribution = str(extra.get("attribution") or extra.get("credit") or "").strip()
    if attribution.lower() in _EXTRA_ATTRIBUTION or re.search(_WIRE_NAME, attribution):
        return f"metadata: attribution {attribution}"
    head, tail = text[:EDGE_ZONE], text[-EDGE_ZONE:]
    for zone, where in ((head, "start"), (tail, "end")):
        match = _CREDIT_RE.search(zone) or _RELEASE_RE.search(zone)
        if match:
            return f"credit at {where}: {match.group().strip()}"
    if outlet and re.fullmatch(_WIRE_NAME, outlet.strip()):
        return f"outlet is a wire: {outlet}"
    return None


def _node_of(m: Member, what: str) -> str | None:
    value = m.outlet if what == "outlets" else m.author
    return " ".join(value.split()) if value and value.strip() else None


# ---------------------------------------------------------------------------------- build
def build_network(
    members: Iterable[Member],
    what: str = "outlets",
    window: str | timedelta | None = DEFAULT_WINDOW,
    exclude_syndicated: bool = False,
    max_pairs_per_edge: int = 50,
) -> Network:
    """The outlet or byline graph of narratives, optionally only within a time window.

    A member pair counts toward an edge when the two documents belong to different nodes; with
    a window, when both have a trusted date and lie within ``window`` of each other.  A pair is
    syndicated when both documents are credited wire copy; ``exclude_syndicated`` drops it.
    Pairs and documents left out are counted by reason.
    """
    if what not in ("outlets", "authors"):
        raise UsageError(f"unknown network {what!r}; choose outlets or authors")
    span = parse_window(window)
    by_narrative: dict[str, list[Member]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for m in members:
        if (m.narrative, m.doc) not in seen:
            seen.add((m.narrative, m.doc))
            by_narrative[m.narrative].append(m)
    net = Network(what, span, exclude_syndicated, {}, [])
    left_docs: dict[str, set[str]] = defaultdict(set)
    left_pairs: dict[str, int] = defaultdict(int)
    docs_of: dict[str, set[str]] = defaultdict(set)
    narratives_of: dict[str, set[str]] = defaultdict(set)
    synd_of: dict[str, set[str]] = defaultdict(set)
    dates_of: dict[str, list[str]] = defaultdict(list)
    edges: dict[tuple[str, str], Edge] = {}
    for narrative in sorted(by_narrative):
        group = sorted(by_narrative[narrative], key=lambda m: (m.published or "", m.doc))
        usable = []
        for m in group:
            node = _node_of(m, what)
            if node is None:
                left_docs[f"no {what[:-1]}"].add(m.doc)
                continue
            if m.syndicated:
                net.syndicated[m.doc] = m.syndicated
                synd_of[node].add(m.doc)
            docs_of[node].add(m.doc)
            narratives_of[node].add(narrative)
            if m.published and m.date_source in TRUSTED_DATE_SOURCES:
                dates_of[node].append(m.published)
            elif span is not None:
                reason = "undated" if not m.published else f"dated by {m.date_source or 'unknown source'} only"
                left_docs[reason].add(m.doc)
            usable.append((node, m))
        for (na, a), (nb, b) in combinations(usable, 2):
            if na == nb:
                continue
            if exclude_syndicated and a.syndicated and b.syndicated:
                left_pairs["syndicated"] += 1
                continue
            gap = None
            if span is not None:
                ta = parse_time(a.published) if a.date_source in TRUSTED_DATE_SOURCES else None
                tb = parse_time(b.published) if b.date_source in TRUSTED_DATE_SOURCES else None
                if ta is None or tb is None:
                    left_pairs["undated or file-dated member"] += 1
                    continue
                gap = abs(ta - tb)
                if gap > span:
                    left_pairs["outside window"] += 1
                    continue
            key = (na, nb) if na < nb else (nb, na)
            edge = edges.setdefault(key, Edge(key[0], key[1]))
            if not edge.narratives or edge.narratives[-1] != narrative:
                edge.narratives.append(narrative)
            if len(edge.pairs) < max_pairs_per_edge:
                edge.pairs.append(
                    {
                        "narrative": narrative,
                        "a": {"doc": a.doc, "path": a.path, "node": na, "published": a.published},
                        "b": {"doc": b.doc, "path": b.path, "node": nb, "published": b.published},
                        "hours_apart": round(gap.total_seconds() / 3600, 2) if gap is not None else None,
                        "syndicated": bool(a.syndicated and b.syndicated),
                    }
                )
            for m in (a, b):
                if m.published and m.date_source in TRUSTED_DATE_SOURCES:
                    edge.start = min(edge.start or m.published, m.published)
                    edge.end = max(edge.end or m.published, m.published)
    for node, docs in docs_of.items():
        dates = sorted(dates_of[node])
        net.nodes[node] = Node(
            node, len(docs), len(narratives_of[node]), dates[0] if dates else None,
            dates[-1] if dates else None, len(synd_of[node]),
        )
    net.edges = sorted(edges.values(), key=lambda e: (-e.weight, e.source, e.target))
    net.left_out_pairs = dict(left_pairs)
    net.left_out_documents = {k: sorted(v) for k, v in left_docs.items()}
    return net


def summary(net: Network) -> dict[str, Any]:
    """Counts for a report line: nodes, edges, what was left out and why."""
    return {
        "what": net.what,
        "window_hours": net.window.total_seconds() / 3600 if net.window else None,
        "nodes": len(net.nodes),
        "edges": len(net.edges),
        "syndicated_documents": len(net.syndicated),
        "left_out_pairs": net.left_out_pairs,
        "left_out_documents": {k: len(v) for k, v in net.left_out_documents.items()},
    }


# ---------------------------------------------------------------------------------- store
def load_members(store: Any) -> list[Member]:
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
    store: Any, what: str = "outlets", window: str | timedelta | None = DEFAULT_WINDOW,
    exclude_syndicated: bool = False,
) -> Network:
    return build_network(load_members(store), what, window, exclude_syndicated)


# --------------------------------------------------------------------------------- export
def _gexf_time(value: str | None, timeformat: str) -> str | None:
    moment = parse_time(value)
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%d") if timeformat == "date" else moment.strftime("%Y-%m-%dT%H:%M:%S")


def _evidence(edge: Edge) -> str:
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
    store: Any,
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
