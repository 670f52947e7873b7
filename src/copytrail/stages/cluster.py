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

from copytrail.records import Alignment, Narrative, NarrativeMember

# A date stated by the input's metadata says when a text was published; a crawl's capture time
# only that the page existed then, and a file's time when it was saved.  The earliest member's
# confidence follows from where the dates came from (``earliest_confidence``).


@dataclass(frozen=True, slots=True)
class DocInfo:
    published: str | None
    outlet: str | None
    date_source: str = "none"


class _UnionFind:
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
    uf = _UnionFind(len(passages))
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
    a file's time) gives ``low``; undated members, or others dated by a weak source, which
    could be older, give ``medium`` (``low`` when at least half the members are undated);
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
    undated = narrative.undated
    if undated:
        dated = len(member_docs) - undated
        lower("low" if undated >= dated else "medium", f"{_plural(undated, 'member')} undated")
    for weak, words in _WEAK_SOURCE_WORDS.items():
        others = sum(1 for d in member_docs if d not in earliest and source[d] == weak)
        if others:
            lower("medium", f"{_plural(others, 'other member')} dated by {words} only, could be older")
    if level == "high":
        reasons.append(f"every member dated from its metadata; {_first_by(narrative)}")
    return level, "; ".join(reasons)


def _first_by(narrative: Narrative) -> str:
    """"earliest first by 2 days" (or hours, minutes): the lead over the next dated member."""
    earliest = set(narrative.earliest)
    first = min((m.published for m in narrative.members if m.doc in earliest and m.published), default=None)
    rest = [m.published for m in narrative.members if m.doc not in earliest and m.published]
    if first is None or not rest:
        return "earliest is the only dated member"
    following = min(rest)
    if len(first) > 10 and len(following) > 10:
        from datetime import datetime

        seconds = (datetime.fromisoformat(following) - datetime.fromisoformat(first)).total_seconds()
        if seconds < 86400:
            minutes = max(1, int(seconds // 60))
            lead = _plural(minutes // 60, "hour") if minutes >= 60 else _plural(minutes, "minute")
            return f"earliest first by {lead}"
    from datetime import date

    days = (date.fromisoformat(_day(following)) - date.fromisoformat(_day(first))).days
    return f"earliest first by {_plural(days, 'day')}"
