"""An outlet's boilerplate: text it prints in many of its own documents.

A footer asking for donations, a standard disclaimer, an author's biography or a "follow us
on Telegram" line recurs in every article of an outlet.  Two of its articles share that text,
but neither copied it from the other: it is the outlet's furniture, and as reuse it would
make a narrative of every outlet's articles, ranked above the copying between outlets that
an investigation looks for.

A text is an outlet's boilerplate when the outlet prints it in at least ``min_documents`` of
its documents: a span of one of them is mostly covered by its spans aligned to enough other
documents of that outlet.  Then:

- a passage between two documents of the outlet that is that text on both sides is left out;
- a document of another outlet that carries the text (a copy that kept its source's footer, a
  site that took another's template) is linked to the outlet once for it, not to each of its
  documents: by the passage that also holds more (the copied story, the footer at its end),
  else by one passage to the earliest document that prints it.  Sites that share a footer
  stay a finding;
- a passage between two documents of other outlets that both carry the text (two copies that
  kept the same source's footer) is left out: each is linked to the outlet itself.

A passage that holds more than the recurring text, that is over half of its document, or
that lies inside the outlet's article rather than at its start or end (a talking point the
outlet repeats in its posts, as a campaign does) is never left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

SpanPair = tuple[str, int, int, str, int, int]  # source doc, start, end, target doc, start, end
_Side = tuple[int, int, str, int]  # start, end, partner doc, pair index

# How much of a span the spans aligned to another document must cover for that document to
# print the same text.
COVERED = 0.8
# Boilerplate is furniture around an article: a passage longer than this share of its document
# is the article itself, which an outlet may print several times (an update, a reprint) but
# never as its footer.
MAX_SHARE = 0.5
# ... and it sits at an edge of the article: it starts in its first or ends in its last share
# of this size (a masthead, a byline block, a footer).  The same paragraph inside many of an
# outlet's articles is a talking point the outlet repeats, which is what a campaign does.
EDGE_SHARE = 0.15


def outlet_key(outlet: str | None) -> str | None:
    """An outlet as compared here: case and spaces ignored; None when unknown."""
    key = " ".join(outlet.split()).casefold() if isinstance(outlet, str) else ""
    return key or None


def outlet_boilerplate(
    pairs: Sequence[SpanPair],
    outlet_of: Mapping[str, str | None],
    min_documents: int = 3,
    published: Mapping[str, str | None] | None = None,
    lengths: Mapping[str, int] | None = None,
    scores: Sequence[float] | None = None,
) -> set[int]:
    """The indices of ``pairs`` (alignments as span pairs) left out as an outlet's boilerplate
    (see the module).

    ``scores`` (each pair's alignment score) and ``published`` choose the one link a document
    that carries an outlet's text keeps: of those that cover the most of it, the closest copy,
    else the earliest document printing it (undated last, then by id); ``lengths`` (characters of each
    document) keeps a passage over ``MAX_SHARE`` of its document from ever being boilerplate
    (unknown lengths: no limit).  ``min_documents`` below 3 turns the rule off: two documents
    sharing a text are reuse, whoever printed them."""
    if min_documents < 3:
        return set()
    outlet = {doc: outlet_key(name) for doc, name in outlet_of.items()}
    sides: dict[str, list[_Side]] = defaultdict(list)
    for k, (a, sa, ea, b, sb, eb) in enumerate(pairs):
        if a != b:
            sides[a].append((sa, ea, b, k))
            sides[b].append((sb, eb, a, k))

    def printed(doc: str, start: int, end: int) -> Counter[str]:
        """By outlet, how many of its documents print ``doc[start:end]``: those aligned to most
        of it, and ``doc`` itself for its own outlet."""
        length = max(1, end - start)
        found = {p for s, e, p, _k in sides[doc] if min(end, e) - max(start, s) >= COVERED * length}
        counts = Counter(outlet[p] for p in found if outlet.get(p) is not None)
        if outlet.get(doc) is not None:
            counts[outlet[doc]] += 1  # type: ignore[index]
        return counts

    size = lengths or {}

    def most_of(doc: str, start: int, end: int) -> bool:
        """Whether ``doc[start:end]`` is most of its document: the article, not its furniture."""
        return doc in size and end - start > MAX_SHARE * size[doc]

    def inside(doc: str, start: int, end: int) -> bool:
        """Whether ``doc[start:end]`` lies inside its document, at neither edge."""
        return doc in size and start > EDGE_SHARE * size[doc] and end < (1 - EDGE_SHARE) * size[doc]

    dropped: set[int] = set()
    carried: dict[tuple[str, str], list[int]] = defaultdict(list)  # (document, other outlet) -> pairs

    for k, (a, sa, ea, b, sb, eb) in enumerate(pairs):
        if a == b or most_of(a, sa, ea) or most_of(b, sb, eb):
            continue  # the same document, or a passage that is most of its document
        on_a, on_b = printed(a, sa, ea), printed(b, sb, eb)
        homes = {
            home for home, n in on_a.items()
            if n >= min_documents and on_b.get(home, 0) >= min_documents
            and not (outlet.get(a) == home and inside(a, sa, ea)) and not (outlet.get(b) == home and inside(b, sb, eb))
        }  # fmt: skip
        if not homes:
            continue  # the text is no outlet's boilerplate on both sides
        if any(outlet.get(a) == home == outlet.get(b) or home not in (outlet.get(a), outlet.get(b)) for home in homes):
            dropped.add(k)  # two documents of the outlet, or two that both carry its text
            continue
        for home in homes:
            carried[(a if outlet.get(b) == home else b, home)].append(k)
    carrying = {k for found in carried.values() for k in found}
    kept: set[int] = set()
    for (x, home), found in carried.items():
        others = [(s, e) for s, e, p, k in sides[x] if outlet.get(p) == home and k not in carrying and k not in dropped]
        kept |= _carried_once(x, found, others, pairs, sides, published or {}, scores)
    return dropped | (carrying - kept)


def boilerplate_among(
    pairs: Sequence[SpanPair], documents: Iterable[Sequence[Any]], min_documents: int, scores: Sequence[float]
) -> set[int]:
    """:func:`outlet_boilerplate` with each document as a stored row gives it: ``(id, outlet,
    published, characters)`` (a scan's, a Spark scan's and a check's own rows)."""
    rows = list(documents)
    return outlet_boilerplate(
        pairs, {r[0]: r[1] for r in rows}, min_documents, {r[0]: r[2] for r in rows},
        {r[0]: int(r[3]) for r in rows if r[3] is not None}, scores,
    )  # fmt: skip


def _carried_once(
    x: str,
    found: list[int],
    others: list[tuple[int, int]],
    pairs: Sequence[SpanPair],
    sides: Mapping[str, list[_Side]],
    published: Mapping[str, str | None],
    scores: Sequence[float] | None = None,
) -> set[int]:
    """Of the passages by which document ``x`` carries texts of another outlet (``found``), the
    one kept for each text (overlapping spans of ``x``): none when another passage with that
    outlet (``others``, spans of ``x``) covers it, else the one that covers the most of ``x``,
    then the closest copy (``scores``), then the one to the earliest document printing it.  A
    passage stays when either of its documents keeps it."""
    span_of = {k: next((s, e, p) for s, e, p, kk in sides[x] if kk == k) for k in found}
    closest = (lambda k: -round(scores[k], 6)) if scores is not None else (lambda k: 0.0)
    kept: set[int] = set()
    for text in _overlapping(sorted(found, key=lambda k: span_of[k][:2]), span_of):
        start, end = min(span_of[k][0] for k in text), max(span_of[k][1] for k in text)
        length = max(1, end - start)
        if any(min(end, e) - max(start, s) >= COVERED * length for s, e in others):
            continue  # the copy of a story that ends with its footer says it all
        longest = max(span_of[k][1] - span_of[k][0] for k in text)  # the partner it took the most from
        kept.add(min(
            (k for k in text if span_of[k][1] - span_of[k][0] == longest),
            key=lambda k: (closest(k), published.get(span_of[k][2]) or "9999", span_of[k][2], pairs[k]),
        ))  # fmt: skip
    return kept


def _overlapping(ordered: list[int], span_of: Mapping[int, tuple[int, int, str]]) -> list[list[int]]:
    """Pairs (ordered by their span's start) in runs of overlapping spans: one text each."""
    runs: list[list[int]] = []
    reach = -1
    for k in ordered:
        start, end, _partner = span_of[k]
        if runs and start < reach:
            runs[-1].append(k)
            reach = max(reach, end)
        else:
            runs.append([k])
            reach = end
    return runs
