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

Building the graph is pure; :mod:`copytrail.store.network` reads the members from a store and
:mod:`copytrail.outputs.network` writes the graph as GEXF, GraphML or CSV.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import combinations
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
    record: str | None = None  # the record inside its file (``id=…``, ``line N``, ``record N``)
    url: str | None = None


@dataclass(slots=True)
class Node:
    """An outlet or byline: its documents and narratives, and the trusted dates they span."""

    id: str
    documents: int = 0
    narratives: int = 0
    first: str | None = None
    last: str | None = None
    syndicated_documents: int = 0


@dataclass(slots=True)
class Edge:
    """Two nodes that carried the same narratives, with the document pairs that show it."""

    source: str
    target: str
    narratives: list[str] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    start: str | None = None
    end: str | None = None

    @property
    def weight(self) -> int:
        """The number of narratives both nodes carried."""
        return len(self.narratives)


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
    """The member's outlet or byline, spaces normalised; None when it has none."""
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
    builder = _Builder(what, parse_window(window), exclude_syndicated, max_pairs_per_edge)
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

    def node(self, name: str) -> Node:
        """The finished node: counts, and the first and last trusted date."""
        dates = sorted(self.dates)
        return Node(
            name, len(self.documents), len(self.narratives), dates[0] if dates else None,
            dates[-1] if dates else None, len(self.syndicated),
        )


@dataclass(slots=True)
class _Builder:
    """The network under construction: members are placed on nodes, then their pairs make edges."""

    what: str
    span: timedelta | None
    exclude_syndicated: bool
    max_pairs_per_edge: int
    tallies: dict[str, _NodeTally] = field(default_factory=dict)
    edges: dict[tuple[str, str], Edge] = field(default_factory=dict)
    syndicated: dict[str, str] = field(default_factory=dict)  # doc → reason
    left_docs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    left_pairs: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def place(self, narrative: str, group: Sequence[Member]) -> list[tuple[str, Member]]:
        """Count one narrative's members on their nodes; those without a node are left out."""
        placed = []
        for m in group:
            node = _node_of(m, self.what)
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
        if len(edge.pairs) < self.max_pairs_per_edge:
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
            {name: tally.node(name) for name, tally in self.tallies.items()},
            sorted(self.edges.values(), key=lambda e: (-e.weight, e.source, e.target)),
            left_out_pairs=dict(self.left_pairs),
            left_out_documents={k: sorted(v) for k, v in self.left_docs.items()},
            syndicated=self.syndicated,
        )


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
