"""Coordination networks: who copies whom, who publishes together, which bylines write where.

Three graphs, each over outlets or bylines (``what``):

- ``copies`` (directed): an edge from the outlet that published a passage first to the one
  that published it later, weighted by passages, with the narratives and the median lag.  A
  pair whose order is unknown (a member undated, or both dated the same day without a time)
  gets no direction it does not have: it is left out and counted.
- ``copublication`` (undirected): two nodes are linked when both published members of one
  narrative, weighted by narratives; with a time window (24 hours by default) only member
  pairs published within it count: copies that appear within hours across "independent"
  outlets are the signature of coordination.
- ``bylines``: each byline linked to the outlets that printed it, weighted by documents; one
  byline across several outlets is a classic sign of a campaign.

Bylines and outlets are matched loosely (case, full stops, spaces, accents, a leading "By")
and shown as most often written ("J. R. Smith" keeps its full stops).  Every edge keeps its
evidence (alignments, document pairs or documents) so a reader can check it.  Credited wire
copy (AP, Reuters, "(Meridian Wire)", press releases) is legitimate syndication: it is
marked, and can be left out.

Only dates from metadata or a crawl count for the window: a file's modification time says when
it was saved, not published, and every file scanned together would look simultaneous.

Building the graph is pure; :mod:`copytrail.store.network` reads the members from a store and
:mod:`copytrail.outputs.network` writes the graph as GEXF, GraphML or CSV.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import combinations
from typing import Any, Literal

from copytrail.errors import UsageError
from copytrail.records import moment
from copytrail.stages.names import name_key

What = Literal["outlets", "authors"]
GRAPHS = ("copies", "copublication", "bylines")
_KIND = {"outlets": "outlet", "authors": "byline"}
TRUSTED_DATE_SOURCES = frozenset({"metadata", "url", "warc"})  # a day its publisher wrote, or a capture
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
    record: str | None = None  # the record inside its file (``id=…``, ``line N``, ``record N``)
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Reuse:
    """One aligned passage between two documents, as the copy graph needs it."""

    alignment: str  # the alignment's id: ``source_doc:source_start:target_doc:target_start``
    narrative: str | None
    source: Member  # the earlier document when ``ordered``
    target: Member
    ordered: bool  # whether dates tell which came first


@dataclass(slots=True)
class Node:
    """An outlet or byline: its documents and narratives, and the trusted dates they span.

    ``id`` is the name as most often written (the bylines graph prefixes ``byline:`` or
    ``outlet:``, as a byline and an outlet may share a name); ``label`` is what is shown."""

    id: str
    documents: int = 0
    narratives: int = 0
    first: str | None = None
    last: str | None = None
    syndicated_documents: int = 0
    kind: str = ""  # outlet or byline
    label: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            self.label = self.id


@dataclass(slots=True)
class Edge:
    """Two nodes that carried the same narratives, with the document pairs that show it."""

    source: str
    target: str
    narratives: list[str] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    alignments: list[dict[str, Any]] = field(default_factory=list)  # copies: the passages, with lag
    documents: list[str] = field(default_factory=list)  # bylines: the documents printed
    weighted_by: str = "narratives"  # narratives, passages or documents

    @property
    def weight(self) -> int:
        """Narratives both nodes carried (co-publication), passages copied along the edge
        (copies) or documents printed (bylines)."""
        if self.weighted_by == "passages":
            return len(self.alignments)
        if self.weighted_by == "documents":
            return len(self.documents)
        return len(self.narratives)

    @property
    def median_lag_hours(self) -> float | None:
        """Copies: the median time from the earlier publication to the later, in hours."""
        lags = [a["hours_apart"] for a in self.alignments if a.get("hours_apart") is not None]
        return round(statistics.median(lags), 2) if lags else None


@dataclass(slots=True)
class Network:
    """The graph, how it was built (``what``, window, syndication) and what it left out."""

    what: str
    window: timedelta | None
    exclude_syndicated: bool
    nodes: dict[str, Node]
    edges: list[Edge]
    left_out_pairs: dict[str, int] = field(default_factory=dict)  # reason → member pairs
    left_out_documents: dict[str, list[str]] = field(default_factory=dict)  # reason → doc ids
    syndicated: dict[str, str] = field(default_factory=dict)  # doc → reason
    graph: str = "copublication"  # copies, copublication or bylines
    directed: bool = False


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
    """An ISO date or datetime as an aware UTC datetime (a bare date is midnight UTC; a time
    stated without a zone is taken as UTC): :func:`copytrail.records.moment`."""
    return moment(value)


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


class Names:
    """The written forms of bylines or outlets, by loose key: each shown as most often written
    (the first in sorted order on a tie), never re-cased or stripped of its full stops."""

    def __init__(self, names: Iterable[str | None]) -> None:
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        for name in names:
            if name and name.strip():
                forms[name_key(name)][" ".join(name.split())] += 1
        self.shown = {key: min(c, key=lambda form: (-c[form], form)) for key, c in forms.items() if key}

    def of(self, name: str | None) -> str | None:
        """The shown form of ``name``; None when it has none (or nothing but punctuation)."""
        return self.shown.get(name_key(name)) if name and name.strip() else None


def _node_of(m: Member, what: str, names: Names | None = None) -> str | None:
    """The member's outlet or byline as shown; None when it has none."""
    value = m.outlet if what == "outlets" else m.author
    if names is not None:
        return names.of(value)
    return " ".join(value.split()) if value and value.strip() else None


# ---------------------------------------------------------------------------------- build
def build_network(
    members: Iterable[Member],
    what: str = "outlets",
    window: str | timedelta | None = DEFAULT_WINDOW,
    exclude_syndicated: bool = False,
    max_pairs_per_edge: int | None = None,
) -> Network:
    """The outlet or byline graph of narratives, optionally only within a time window.

    A member pair counts toward an edge when the two documents belong to different nodes; with
    a window, when both have a trusted date and lie within ``window`` of each other.  A pair is
    syndicated when both documents are credited wire copy; ``exclude_syndicated`` drops it.
    Pairs and documents left out are counted by reason.
    """
    _check_what(what)
    members = list(members)
    names = Names(m.outlet if what == "outlets" else m.author for m in members)
    builder = _Builder(what, parse_window(window), exclude_syndicated, max_pairs_per_edge, names)
    by_narrative = _members_by_narrative(members)
    for narrative in sorted(by_narrative):
        placed = builder.place(narrative, sorted(by_narrative[narrative], key=lambda m: (m.published or "", m.doc)))
        for (na, a), (nb, b) in combinations(placed, 2):
            builder.pair(narrative, na, a, nb, b)
    return builder.network()


def _members_by_narrative(members: Iterable[Member]) -> dict[str, list[Member]]:
    """Each narrative's members, a document once (a store may list a member twice)."""
    by_narrative: dict[str, list[Member]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for m in members:
        if (m.narrative, m.doc) not in seen:
            seen.add((m.narrative, m.doc))
            by_narrative[m.narrative].append(m)
    return by_narrative


def _trusted_date(m: Member) -> str | None:
    """The member's date when it comes from metadata or a crawl (a file time says nothing)."""
    return m.published if m.published and m.date_source in TRUSTED_DATE_SOURCES else None


@dataclass(slots=True)
class _NodeTally:
    """What the members placed so far say about one node."""

    documents: set[str] = field(default_factory=set)
    narratives: set[str] = field(default_factory=set)
    syndicated: set[str] = field(default_factory=set)
    dates: list[str] = field(default_factory=list)

    def node(self, name: str, kind: str = "") -> Node:
        """The finished node: counts, and the first and last trusted date."""
        dates = sorted(self.dates)
        return Node(
            name, len(self.documents), len(self.narratives), dates[0] if dates else None,
            dates[-1] if dates else None, len(self.syndicated), kind,
        )


@dataclass(slots=True)
class _Builder:
    """The network under construction: members are placed on nodes, then their pairs make edges."""

    what: str
    span: timedelta | None
    exclude_syndicated: bool
    max_pairs_per_edge: int | None
    names: Names | None = None
    tallies: dict[str, _NodeTally] = field(default_factory=dict)
    edges: dict[tuple[str, str], Edge] = field(default_factory=dict)
    syndicated: dict[str, str] = field(default_factory=dict)  # doc → reason
    left_docs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    left_pairs: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def place(self, narrative: str, group: Sequence[Member]) -> list[tuple[str, Member]]:
        """Count one narrative's members on their nodes; those without a node are left out."""
        placed = []
        for m in group:
            node = _node_of(m, self.what, self.names)
            if node is None:
                self.left_docs[f"no {self.what[:-1]}"].add(m.doc)
                continue
            tally = self.tallies.setdefault(node, _NodeTally())
            if m.syndicated:
                self.syndicated[m.doc] = m.syndicated
                tally.syndicated.add(m.doc)
            tally.documents.add(m.doc)
            tally.narratives.add(narrative)
            published = _trusted_date(m)
            if published:
                tally.dates.append(published)
            elif self.span is not None:
                reason = "undated" if not m.published else f"dated by {m.date_source or 'unknown source'} only"
                self.left_docs[reason].add(m.doc)
            placed.append((node, m))
        return placed

    def pair(self, narrative: str, na: str, a: Member, nb: str, b: Member) -> None:
        """Count a member pair toward its nodes' edge, unless it is left out (and why)."""
        if na == nb:
            return
        if self.exclude_syndicated and a.syndicated and b.syndicated:
            self.left_pairs["syndicated"] += 1
            return
        gap = None
        if self.span is not None:
            ta = parse_time(a.published) if a.date_source in TRUSTED_DATE_SOURCES else None
            tb = parse_time(b.published) if b.date_source in TRUSTED_DATE_SOURCES else None
            if ta is None or tb is None:
                self.left_pairs["undated or file-dated member"] += 1
                return
            gap = abs(ta - tb)
            if gap > self.span:
                self.left_pairs["outside window"] += 1
                return
        key = (na, nb) if na < nb else (nb, na)
        edge = self.edges.setdefault(key, Edge(key[0], key[1]))
        self._add_evidence(edge, narrative, na, a, nb, b, gap)

    def _add_evidence(
        self, edge: Edge, narrative: str, na: str, a: Member, nb: str, b: Member, gap: timedelta | None
    ) -> None:
        """Record the pair on its edge: the narrative once, the pair while there is room, the dates."""
        if not edge.narratives or edge.narratives[-1] != narrative:
            edge.narratives.append(narrative)
        if self.max_pairs_per_edge is None or len(edge.pairs) < self.max_pairs_per_edge:
            edge.pairs.append(
                {
                    "narrative": narrative,
                    "a": {"doc": a.doc, "path": a.path, "node": na, "published": a.published, "record": a.record, "url": a.url},
                    "b": {"doc": b.doc, "path": b.path, "node": nb, "published": b.published, "record": b.record, "url": b.url},
                    "hours_apart": round(gap.total_seconds() / 3600, 2) if gap is not None else None,
                    "syndicated": bool(a.syndicated and b.syndicated),
                }
            )
        for m in (a, b):
            published = _trusted_date(m)
            if published:
                edge.start = min(edge.start or published, published)
                edge.end = max(edge.end or published, published)

    def network(self) -> Network:
        """The finished network: nodes, edges heaviest first, and what was left out."""
        return Network(
            self.what,
            self.span,
            self.exclude_syndicated,
            {name: tally.node(name, _KIND[self.what]) for name, tally in self.tallies.items()},
            sorted(self.edges.values(), key=lambda e: (-e.weight, e.source, e.target)),
            left_out_pairs=dict(self.left_pairs),
            left_out_documents={k: sorted(v) for k, v in self.left_docs.items()},
            syndicated=self.syndicated,
        )


def _check_what(what: str) -> None:
    if what not in ("outlets", "authors"):
        raise UsageError(f"unknown network nodes {what!r}; choose outlets or authors")


def _hours_between(earlier: Member, later: Member) -> float | None:
    """Hours from one publication to the other, when both are dated."""
    start, end = parse_time(earlier.published), parse_time(later.published)
    return round((end - start).total_seconds() / 3600, 2) if start and end else None


def build_copy_graph(reuses: Iterable[Reuse], what: str = "outlets", exclude_syndicated: bool = False) -> Network:
    """Who copies whom: an edge from the earlier document's node to the later one's per passage.

    Passages whose order is unknown, between documents of one node, of a document without a
    node, or (``exclude_syndicated``) between two credited wire copies are left out and
    counted by reason: the graph never gives a pair a direction its dates do not show.
    """
    _check_what(what)
    reuses = list(reuses)
    names = Names(m.outlet if what == "outlets" else m.author for r in reuses for m in (r.source, r.target))
    tallies: dict[str, _NodeTally] = {}
    edges: dict[tuple[str, str], Edge] = {}
    left_docs: dict[str, set[str]] = defaultdict(set)
    left_pairs: dict[str, int] = defaultdict(int)
    syndicated: dict[str, str] = {}
    for r in sorted(reuses, key=lambda r: r.alignment):
        nodes = [_node_of(m, what, names) for m in (r.source, r.target)]
        for m, node in zip((r.source, r.target), nodes, strict=True):
            if node is None:
                left_docs[f"no {what[:-1]}"].add(m.doc)
            else:
                _tally(tallies.setdefault(node, _NodeTally()), m, r.narrative, syndicated)
        reason = _copy_left_out(r, nodes, what, exclude_syndicated)
        if reason:
            left_pairs[reason] += 1
            continue
        source, target = str(nodes[0]), str(nodes[1])
        edge = edges.setdefault((source, target), Edge(source, target, weighted_by="passages"))
        if r.narrative and r.narrative not in edge.narratives:
            edge.narratives.append(r.narrative)
        edge.alignments.append({
            "alignment": r.alignment, "narrative": r.narrative, "source_doc": r.source.doc,
            "target_doc": r.target.doc, "hours_apart": _hours_between(r.source, r.target),
            "syndicated": bool(r.source.syndicated and r.target.syndicated),
        })  # fmt: skip
        _widen(edge, r.source, r.target)
    return Network(
        what, None, exclude_syndicated,
        {name: tally.node(name, _KIND[what]) for name, tally in tallies.items()},
        sorted(edges.values(), key=lambda e: (-e.weight, e.source, e.target)),
        left_out_pairs=dict(left_pairs), left_out_documents={k: sorted(v) for k, v in left_docs.items()},
        syndicated=syndicated, graph="copies", directed=True,
    )  # fmt: skip


def _copy_left_out(r: Reuse, nodes: Sequence[str | None], what: str, exclude_syndicated: bool) -> str | None:
    """Why a passage adds nothing to the copy graph, or None when it does."""
    if None in nodes:
        return f"a side without {'an outlet' if what == 'outlets' else 'a byline'}"
    if nodes[0] == nodes[1]:
        return f"both sides of one {what[:-1]}"
    if exclude_syndicated and r.source.syndicated and r.target.syndicated:
        return "syndicated"
    if not r.ordered:
        return "order unknown (undated, or dated the same day without a time)"
    return None


def _tally(tally: _NodeTally, m: Member, narrative: str | None, syndicated: dict[str, str]) -> None:
    """Count one document (and its narrative) on its node."""
    tally.documents.add(m.doc)
    if narrative:
        tally.narratives.add(narrative)
    if m.syndicated:
        syndicated[m.doc] = m.syndicated
        tally.syndicated.add(m.doc)
    published = _trusted_date(m)
    if published:
        tally.dates.append(published)


def _widen(edge: Edge, *members: Member) -> None:
    """Stretch an edge's first and last trusted date over the members'."""
    for m in members:
        published = _trusted_date(m)
        if published:
            edge.start = min(edge.start or published, published)
            edge.end = max(edge.end or published, published)


def build_byline_graph(documents: Iterable[Member], exclude_syndicated: bool = False) -> Network:
    """Bylines linked to the outlets that printed them, weighted by documents.

    ``documents``: one member per document and narrative (``narrative`` empty for a document
    in none).  Documents lacking a byline or an outlet are left out and counted.
    """
    documents = list(documents)
    bylines, outlets = Names(m.author for m in documents), Names(m.outlet for m in documents)
    tallies: dict[str, _NodeTally] = {}
    edges: dict[tuple[str, str], Edge] = {}
    left_docs: dict[str, set[str]] = defaultdict(set)
    syndicated: dict[str, str] = {}
    for m in sorted(documents, key=lambda m: (m.doc, m.narrative)):
        byline, outlet = bylines.of(m.author), outlets.of(m.outlet)
        if byline is None or outlet is None:
            left_docs["no byline" if byline is None else "no outlet"].add(m.doc)
            continue
        if exclude_syndicated and m.syndicated:
            left_docs["syndicated"].add(m.doc)
            continue
        ends = (f"byline:{byline}", f"outlet:{outlet}")
        for node in ends:
            _tally(tallies.setdefault(node, _NodeTally()), m, m.narrative or None, syndicated)
        edge = edges.setdefault(ends, Edge(*ends, weighted_by="documents"))
        if m.doc not in edge.documents:
            edge.documents.append(m.doc)
        if m.narrative and m.narrative not in edge.narratives:
            edge.narratives.append(m.narrative)
        _widen(edge, m)
    nodes = {}
    for name, tally in tallies.items():
        node = tally.node(name)
        node.kind, _, node.label = name.partition(":")
        nodes[name] = node
    return Network(
        "bylines and outlets", None, exclude_syndicated, nodes,
        sorted(edges.values(), key=lambda e: (-e.weight, e.source, e.target)),
        left_out_documents={k: sorted(v) for k, v in left_docs.items()},
        syndicated=syndicated, graph="bylines",
    )  # fmt: skip


def evidence_rows(net: Network) -> list[dict[str, Any]]:
    """The evidence of every edge, one row per alignment (copies), document pair
    (co-publication) or document (bylines); ``edge`` is the edge's index in ``net.edges``."""
    rows: list[dict[str, Any]] = []
    for k, e in enumerate(net.edges):
        base = {"edge": k, "source": e.source, "target": e.target}
        if net.graph == "copies":
            rows += [{**base, **a} for a in e.alignments]
        elif net.graph == "bylines":
            rows += [{**base, "doc": doc} for doc in e.documents]
        else:
            rows += [
                {**base, "narrative": p["narrative"], "source_doc": p["a"]["doc"], "target_doc": p["b"]["doc"],
                 "hours_apart": p["hours_apart"], "syndicated": p["syndicated"]}
                for p in e.pairs
            ]  # fmt: skip
    return rows


def summary(net: Network) -> dict[str, Any]:
    """Counts for a report line: nodes, edges, what was left out and why."""
    return {
        "graph": net.graph,
        "directed": net.directed,
        "what": net.what,

        "window_hours": net.window.total_seconds() / 3600 if net.window else None,
        "nodes": len(net.nodes),
        "edges": len(net.edges),
        "syndicated_documents": len(net.syndicated),
        "left_out_pairs": net.left_out_pairs,
        "left_out_documents": {k: len(v) for k, v in net.left_out_documents.items()},
    }
