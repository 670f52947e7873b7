"""Cluster stage: reused passages grouped across documents into narratives.

Every aligned span is a passage of one document.  Within a document, spans that overlap by
at least half of the shorter one are the same passage; alignments connect passages across
documents; the connected components are narratives.  Each narrative names its earliest member
by publication date — several when tied, none when no member is dated — and never guesses.

A document's passages depend on every span aligned in it, and nothing else, so the narratives
a few new alignments change can be regrouped alone (``context``: the other spans of their
documents) and come out as a regrouping of every alignment would make them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from copytrail.records import Alignment, Narrative, NarrativeMember, moment, zones_could_reverse

# A date stated by the input's metadata says when a text was published; a crawl's capture time
# only that the page existed then, and a file's time when it was saved.  The earliest member's
# confidence follows from where the dates came from (``earliest_confidence``).


@dataclass(frozen=True, slots=True)
class DocInfo:
    published: str | None
    outlet: str | None
    date_source: str = "none"


class UnionFind:
    """Disjoint sets of ``0 .. size - 1`` (path halving; the smaller root is kept)."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)


def merge_spans(spans: Sequence[tuple[int, int, int]]) -> tuple[list[tuple[int, int]], dict[int, int]]:
    """One document's passages from its aligned spans ``(start, end, ref)``, and each ref's passage.

    Spans overlapping by at least half of the shorter one are one passage.  A pure function of
    one document's spans, so a distributed engine can run it per document and get the same
    passages as :func:`build_narratives`.
    """
    passages: list[tuple[int, int]] = []
    owner: dict[int, int] = {}
    current: list[int] | None = None  # [start, end, passage index]
    for start, end, ref in sorted(spans):
        if current is not None:
            overlap = min(end, current[1]) - start
            if overlap > 0 and overlap >= 0.5 * min(end - start, current[1] - current[0]):
                current[1] = max(current[1], end)
                passages[current[2]] = (current[0], current[1])
                owner[ref] = current[2]
                continue
        current = [start, end, len(passages)]
        passages.append((start, end))
        owner[ref] = current[2]
    return passages, owner


def _passages_per_doc(
    alignments: Sequence[Alignment], context: Mapping[str, Iterable[tuple[int, int]]]
) -> tuple[list[tuple[str, int, int]], list[tuple[int, int]]]:
    """Distinct passages and, per alignment, the indices of its two passages.

    A document's passages are made from its distinct spans (a span met twice always joins
    the passage of its twin, so counting it once changes nothing), those of ``context``
    included."""
    spans_by_doc: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for al in alignments:
        for span in (al.source, al.target):
            spans_by_doc[span.doc].add((span.start, span.end))
    for doc, spans in context.items():
        if doc in spans_by_doc:
            spans_by_doc[doc].update((int(start), int(end)) for start, end in spans)
    index_of: dict[tuple[str, int, int], int] = {}
    passages: list[tuple[str, int, int]] = []
    for doc in sorted(spans_by_doc):
        distinct = sorted(spans_by_doc[doc])
        merged, local_owner = merge_spans([(start, end, ref) for ref, (start, end) in enumerate(distinct)])
        base = len(passages)
        passages.extend((doc, start, end) for start, end in merged)
        for ref, index in local_owner.items():
            index_of[(doc, *distinct[ref])] = base + index
    pairs = [
        (index_of[(al.source.doc, al.source.start, al.source.end)], index_of[(al.target.doc, al.target.start, al.target.end)])
        for al in alignments
    ]
    return passages, pairs


def _day(date: str) -> str:
    return date[:10]


def build_narratives(
    alignments: Sequence[Alignment],
    docs: Mapping[str, DocInfo],
    context: Mapping[str, Iterable[tuple[int, int]]] | None = None,
) -> tuple[list[Narrative], list[str]]:
    """Narratives, and for each alignment (same order) the id of its narrative.

    ``context``: for documents where ``alignments`` are not all that is aligned, the spans
    ``(start, end)`` of the others, which shape the documents' passages; a passage made of
    them alone belongs to another narrative and is left out.  Given every narrative the new
    alignments touch, with all their alignments, the result is what regrouping everything
    would give for them."""
    if not alignments:
        return [], []
    passages, pairs = _passages_per_doc(alignments, context or {})
    uf = UnionFind(len(passages))
    for x, y in pairs:
        uf.union(x, y)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in sorted({x for pair in pairs for x in pair}):
        groups[uf.find(index)].append(index)
    narrative_of_root: dict[int, str] = {}
    narratives: list[Narrative] = []
    for root, members in groups.items():
        narrative = narrative_of([passages[m] for m in members], docs)
        narrative_of_root[root] = narrative.id
        narratives.append(narrative)
    narratives.sort(key=lambda n: (-n.documents, -n.outlets, n.first_date or "9999", n.id))
    return narratives, [narrative_of_root[uf.find(x)] for x, _ in pairs]


Passage = tuple[str, int, int]  # (doc, start, end)


@dataclass
class Extended:
    """Narratives extended by new alignments: the narratives made or changed, the id each old
    narrative now has, and each new alignment's narrative."""

    narratives: list[Narrative]
    renamed: dict[str, str]
    assignment: list[str]


def extend_narratives(
    new: Sequence[Alignment],
    old_spans: Mapping[str, Iterable[tuple[int, int]]],
    old_members: Mapping[str, Sequence[Passage]],
    docs: Mapping[str, DocInfo],
) -> Extended | None:
    """The narratives after ``new`` alignments, from the stored narratives they touch alone,
    without their alignments; None when a new span splits a stored passage (then the touched
    narratives must be regrouped from their alignments, :func:`build_narratives` with context).

    ``old_spans``: every span aligned before in the documents ``new`` reaches; ``old_members``:
    the members of every narrative with a passage in those documents.  While no passage splits,
    each stored passage lies in one passage of the new spans, so adding alignments only
    merges narratives and extends passages: the result is the full regrouping's.
    """
    touched = sorted({span.doc for al in new for span in (al.source, al.target)})
    new_spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for al in new:
        for span in (al.source, al.target):
            new_spans[span.doc].add((span.start, span.end))
    narrative_at = {member: nid for nid, members in old_members.items() for member in members}
    nodes: dict[tuple[str, ...] | Passage, int] = {}

    def node(key: tuple[str, ...] | Passage) -> int:
        return nodes.setdefault(key, len(nodes))

    links: list[tuple[int, int]] = []
    passage_of: dict[Passage, Passage] = {}  # a new span -> its passage now
    for doc in touched:
        old = sorted(set(old_spans.get(doc, ())))
        everything = sorted(set(old) | new_spans[doc])
        at = {span: i for i, span in enumerate(everything)}
        old_passages, old_owner = merge_spans([(start, end, i) for i, (start, end) in enumerate(old)])
        now, owner = merge_spans([(start, end, i) for i, (start, end) in enumerate(everything)])
        image: dict[int, int] = {}
        for i, span in enumerate(old):
            if image.setdefault(old_owner[i], owner[at[span]]) != owner[at[span]]:
                return None  # a stored passage splits
        for before, after in image.items():
            nid = narrative_at.get((doc, *old_passages[before]))
            if nid is None:
                return None  # the stored members do not match the stored spans
            links.append((node(("narrative", nid)), node((doc, *now[after]))))
        for span in new_spans[doc]:
            passage_of[(doc, *span)] = (doc, *now[owner[at[span]]])
    if any(("narrative", nid) not in nodes for nid in old_members):
        return None  # a narrative none of whose stored passages was found again
    for al in new:
        links.append((node(passage_of[(al.source.doc, al.source.start, al.source.end)]), node(passage_of[(al.target.doc, al.target.start, al.target.end)])))
    return _merged(nodes, links, new, passage_of, old_members, set(touched), docs)


def _merged(
    nodes: Mapping[tuple[str, ...] | Passage, int],
    links: Sequence[tuple[int, int]],
    new: Sequence[Alignment],
    passage_of: Mapping[Passage, Passage],
    old_members: Mapping[str, Sequence[Passage]],
    touched: set[str],
    docs: Mapping[str, DocInfo],
) -> Extended:
    """The components of the narrative-and-passage graph as narratives (see extend_narratives)."""
    uf = UnionFind(len(nodes))
    for x, y in links:
        uf.union(x, y)
    members: dict[int, list[Passage]] = defaultdict(list)
    old_ids: dict[int, list[str]] = defaultdict(list)
    for key, index in nodes.items():
        root = uf.find(index)
        if key[0] == "narrative" and len(key) == 2:
            nid = str(key[1])
            old_ids[root].append(nid)
            members[root].extend(m for m in old_members[nid] if m[0] not in touched)
        else:
            members[root].append(key)  # type: ignore[arg-type]
    narratives, renamed, id_of_root = [], {}, {}
    for root, passages in members.items():
        narrative = narrative_of(passages, docs)
        narratives.append(narrative)
        id_of_root[root] = narrative.id
        renamed.update({old: narrative.id for old in old_ids[root]})
    assignment = [id_of_root[uf.find(nodes[passage_of[(al.source.doc, al.source.start, al.source.end)]])] for al in new]
    return Extended(narratives, renamed, assignment)


def narrative_of(passages: Sequence[tuple[str, int, int]], docs: Mapping[str, DocInfo]) -> Narrative:
    """The narrative of one connected component of passages ``(doc, start, end)``.

    Its id is derived from its first passage, so any engine that finds the same component
    names it the same way.
    """
    spans = sorted((str(doc), int(start), int(end)) for doc, start, end in passages)
    nid = "n" + hashlib.sha1(repr(spans[0]).encode()).hexdigest()[:10]
    return _narrative(nid, spans, docs)


def _narrative(nid: str, spans: list[tuple[str, int, int]], docs: Mapping[str, DocInfo]) -> Narrative:
    members = []
    for doc, start, end in spans:
        info = docs.get(doc, DocInfo(None, None))
        members.append(NarrativeMember(doc, start, end, info.published, info.outlet))
    dated = [m for m in members if m.published]
    doc_ids = {m.doc for m in members}
    outlets = {m.outlet for m in members if m.outlet}
    if not dated:
        earliest: list[str] = []
        status = "unknown"
        first = last = None
    else:
        first_day = min(_day(m.published) for m in dated)  # type: ignore[arg-type]
        on_first_day = [m for m in dated if _day(m.published) == first_day]  # type: ignore[arg-type]
        # Within the first day, a full timestamp orders members; a bare date ties with them.
        if all(len(m.published or "") > 10 for m in on_first_day):
            first_time = min(m.published for m in on_first_day)  # type: ignore[type-var]
            on_first_day = [m for m in on_first_day if m.published == first_time]
        earliest = sorted({m.doc for m in on_first_day})
        status = "dated" if len(earliest) == 1 else "tied"
        first = min(m.published for m in dated)  # type: ignore[type-var]
        last = max(m.published for m in dated)  # type: ignore[type-var]
    undated_docs = {m.doc for m in members if not m.published}
    return Narrative(
        id=nid,
        members=members,
        earliest=earliest,
        earliest_status=status,  # type: ignore[arg-type]
        documents=len(doc_ids),
        outlets=len(outlets),
        first_date=first,
        last_date=last,
        undated=len(undated_docs),
    )


CONFIDENCE_LEVELS = ("high", "medium", "low", "unknown")  # most sure first
_WEAK_SOURCE_WORDS = {"warc": "WARC capture time", "file": "file time"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def earliest_confidence(narrative: Narrative, docs: Mapping[str, DocInfo]) -> tuple[str, str]:
    """How sure the narrative's earliest member is, as ``(level, reason)``.

    ``level`` is ``high`` only when every member is dated from its own metadata and one
    member is clearly first; a tie or an earliest dated by a weak source (a WARC capture time,
    a file's time) gives ``low``, an earliest dated only by the day in its web address
    ``medium`` (its publisher wrote it, the markup states nothing); undated members, or others
    dated by a weak source, which could be older, give ``medium`` (``low`` when at least half the members are undated);
    ``unknown`` when no member has a date.  ``reason`` says why in words, e.g. "2 members
    undated; earliest dated by WARC capture time".
    """
    member_docs = sorted({m.doc for m in narrative.members})
    source = {d: (docs[d].date_source if d in docs else "none") or "none" for d in member_docs}
    if narrative.earliest_status == "unknown" or not narrative.earliest:
        return "unknown", f"no member has a date ({_plural(len(member_docs), 'member')} undated)"
    rank = {level: i for i, level in enumerate(CONFIDENCE_LEVELS)}
    level, reasons = "high", []

    def lower(to: str, reason: str) -> None:
        nonlocal level
        level = to if rank[to] > rank[level] else level
        reasons.append(reason)

    earliest = set(narrative.earliest)
    first_day = _day(narrative.first_date or "")
    if len(earliest) > 1:
        lower("low", f"tied with {_plural(len(earliest) - 1, 'member')} on {first_day}")
    weak_first = sorted({source[d] for d in earliest if source.get(d) in _WEAK_SOURCE_WORDS})
    for weak in weak_first:
        lower("low", f"earliest dated by {_WEAK_SOURCE_WORDS[weak]}")
    if any(source.get(d) == "url" for d in earliest):
        lower("medium", "earliest dated only by the day in its web address")
    undated = narrative.undated
    if undated:
        dated = len(member_docs) - undated
        lower("low" if undated >= dated else "medium", f"{_plural(undated, 'member')} undated")
    for weak, words in _WEAK_SOURCE_WORDS.items():
        others = sum(1 for d in member_docs if d not in earliest and source[d] == weak)
        if others:
            lower("medium", f"{_plural(others, 'other member')} dated by {words} only, could be older")
    if level == "high":
        lead = _first_by(narrative)
        if zones_could_reverse(*_first_and_next(narrative)):
            lower("medium", f"{lead}, but a time states no time zone (zones differ by up to 26 hours)")
        else:
            reasons.append(f"every member dated from its metadata; {lead}")
    return level, "; ".join(reasons)


def _first_and_next(narrative: Narrative) -> tuple[str | None, str | None]:
    """The earliest member's date and the next dated member's (None where there is none)."""
    earliest = set(narrative.earliest)
    first = min((m.published for m in narrative.members if m.doc in earliest and m.published), default=None)
    following = min((m.published for m in narrative.members if m.doc not in earliest and m.published), default=None)
    return first, following


def _first_by(narrative: Narrative) -> str:
    """"earliest first by 2 days" (or hours, minutes): the lead over the next dated member."""
    first, following = _first_and_next(narrative)
    if first is None or following is None:
        return "earliest is the only dated member"
    if len(first) > 10 and len(following) > 10:
        seconds = (moment(following) - moment(first)).total_seconds()  # type: ignore[operator]
        if seconds < 86400:
            minutes = max(1, int(seconds // 60))
            lead = _plural(minutes // 60, "hour") if minutes >= 60 else _plural(minutes, "minute")
            return f"earliest first by {lead}"
    from datetime import date

    days = (date.fromisoformat(_day(following)) - date.fromisoformat(_day(first))).days
    return f"earliest first by {_plural(days, 'day')}"
