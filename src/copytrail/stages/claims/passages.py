"""The figures of two aligned passages: how many a copy kept, how many it replaced.

A copy that edits a figure keeps the figures around it; another issue of a recurring report
(a weekly market report, a tender notice, a table of quotes) keeps the words and replaces most
figures.  The claims inside each side of a copied passage are compared as two
multisets (figure, kind and hedge), kind by kind: a figure both sides state is kept, also when
:func:`~.matching.same_value` calls two writings one figure ("2.5 mln" for "2,465,996"); the
rest of the side stating fewer figures were replaced (a copy that cuts or adds a sentence
states fewer figures, not other ones).  Pure: claims and alignments in, counts out.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from copytrail.records import Alignment
from copytrail.stages.claims.columns import value_key
from copytrail.stages.claims.numbers import qualifier_class
from copytrail.stages.claims.records import Claim

FigureCounts = tuple[int, int]  # figures kept, figures replaced by another
PassageCounts = tuple[int, int, int]  # figures kept, figures replaced, words the passages match


def passage_figures(
    claims: Sequence[Claim],
    alignments: Iterable[Alignment],
    pairs: set[tuple[str, str]],
    same_value: Callable[[Claim, Claim], bool],
) -> dict[tuple[str, str], PassageCounts]:
    """Per document pair in ``pairs`` (either order), the figures its copied passages keep and
    replace and the words they match, summed over every alignment between the two documents
    given (keyed by the two document ids in sorted order)."""
    wanted = {tuple(sorted(p)) for p in pairs}
    docs = {doc for pair in wanted for doc in pair}
    places: dict[str, list[tuple[int, int]]] = defaultdict(list)  # doc -> (value start, claim index), sorted
    for k, c in enumerate(claims):
        if c.doc in docs:
            places[c.doc].append((c.value_start, k))
    for found in places.values():
        found.sort()
    out: dict[tuple[str, str], list[int]] = {}
    for al in alignments:
        key = tuple(sorted((al.source.doc, al.target.doc)))
        if key not in wanted:
            continue
        left = _inside(places.get(al.source.doc, []), al.source.start, al.source.end, claims)
        right = _inside(places.get(al.target.doc, []), al.target.start, al.target.end, claims)
        kept, replaced = compare_figures(left, right, same_value)
        counts = out.setdefault(key, [0, 0, 0])  # type: ignore[arg-type]
        counts[0] += kept
        counts[1] += replaced
        counts[2] += al.matched_words
    return {pair: (kept, replaced, words) for pair, (kept, replaced, words) in out.items()}


def _inside(found: list[tuple[int, int]], start: int, end: int, claims: Sequence[Claim]) -> list[Claim]:
    """The claims whose figure starts inside ``start:end``, in order."""
    lo = bisect_left(found, (start, -1))
    hi = bisect_left(found, (end, -1))
    return [claims[k] for _at, k in found[lo:hi]]


def _key(c: Claim) -> tuple[str, float | str, str]:
    return (c.kind, value_key(c.value), qualifier_class(c.qualifier))


def compare_figures(
    left: Sequence[Claim], right: Sequence[Claim], same_value: Callable[[Claim, Claim], bool]
) -> FigureCounts:
    """Figures of two passages that both state (kept) and that one states where the other
    states another of its kind (replaced): per kind (quantities, dates), the figures of the
    side stating fewer, less those kept.  A date facing a count is no replaced figure ("May
    four" read as a count beside "May 4, 1987")."""
    kept = replaced = 0
    for kind in {c.kind for c in left} & {c.kind for c in right}:
        lefts = [c for c in left if c.kind == kind]
        rights = [c for c in right if c.kind == kind]
        both = _kept(lefts, rights, same_value)
        kept += both
        replaced += min(len(lefts), len(rights)) - both
    return kept, replaced


def _kept(left: Sequence[Claim], right: Sequence[Claim], same_value: Callable[[Claim, Claim], bool]) -> int:
    """How many figures both sides state (each figure of one side met once)."""
    unmatched = Counter(_key(c) for c in right)
    rest_left: list[Claim] = []
    kept = 0
    for c in left:
        key = _key(c)
        if unmatched[key] > 0:
            unmatched[key] -= 1
            kept += 1
        else:
            rest_left.append(c)
    rest_right: list[Claim] = []
    for c in right:
        key = _key(c)
        if unmatched[key] > 0:
            unmatched[key] -= 1
            rest_right.append(c)
    for c in rest_left:  # one figure written two ways ("2.5 mln", "2,465,996")
        match = next((k for k, d in enumerate(rest_right) if _same(c, d, same_value)), None)
        if match is not None:
            kept += 1
            del rest_right[match]
    return kept


def _same(a: Claim, b: Claim, same_value: Callable[[Claim, Claim], bool]) -> bool:
    return same_value(a, b) and qualifier_class(a.qualifier) == qualifier_class(b.qualifier)
