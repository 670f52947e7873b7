"""The alignment offers of claim matching, over arrays: claims at corresponding places of the
two sides of one alignment, with comparable figures and enough shared context.

Each alignment's claims are found by binary search in the claims sorted by document and place,
every (left, right) pair of them is laid out in arrays, and the cheap tests (kind, unit, date
precision, relative position, same value, near copy) run on all pairs at once; only the
context similarity of the pairs left, and figures that may be one the other rounded
(:meth:`.columns.ClaimColumns.same_value`), are computed per pair in Python.  The offers are those of the per-pair loop this replaces (a test compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from copytrail.records import Alignment
from copytrail.stages.claims.columns import ClaimColumns
from copytrail.stages.claims.records import Claim

if TYPE_CHECKING:
    from copytrail.stages.claims.match_settings import MatchSettings

_CHUNK = 500_000  # claim pairs laid out at once (memory stays bounded on any corpus)


def aligned_offers(
    claims: Sequence[Claim],
    alignments: Sequence[Alignment],
    ctx: Sequence[frozenset[str]],
    unit_keys: Sequence[str],
    settings: MatchSettings,
    same_value: Callable[[Claim, Claim], bool],
    columns: ClaimColumns | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs ``(i, j, score)`` of claims that one alignment offers as one statement (``i`` on
    its source side, ``j`` on its target side; a pair may come from several alignments).

    A pair is offered when the claims are comparable (other documents, one kind; a date with a
    date of its precision; a unit with its unit, or a bare figure with the same figure and hedge),
    sit at relative places at most ``aligned_position`` apart, share context (more when the
    figures differ), and differ only inside a near copy.  ``score``: 2, plus 0.5 for an equal
    figure, plus the context similarity, less the gap in relative place.
    """
    empty = np.zeros(0, dtype=np.int64)
    n = len(claims)
    if n == 0 or not alignments:
        return empty, empty, np.zeros(0)
    columns = columns or ClaimColumns.of(claims, unit_keys)
    doc_of, doc, start = columns.doc_number, columns.doc, columns.value_start
    order = np.lexsort((start, doc))
    place = doc[order] * (1 << 40) + start[order]  # claims sorted by document, then place
    src_doc = np.fromiter((doc_of.get(al.source.doc, -1) for al in alignments), dtype=np.int64, count=len(alignments))
    tgt_doc = np.fromiter((doc_of.get(al.target.doc, -1) for al in alignments), dtype=np.int64, count=len(alignments))
    bounds = np.array(
        [(al.source.start, al.source.end, al.target.start, al.target.end) for al in alignments], dtype=np.int64
    ).reshape(-1, 4)
    copied = np.fromiter(
        (al.kind == "translated" or al.score >= settings.changed_copy_score for al in alignments), dtype=bool,
        count=len(alignments),
    )
    # A passage's edges are trimmed to its first and last shared run of words, so a figure a
    # copy changed in its first or last sentence may sit just outside it ("Scrub for at least
    # | 20 seconds."): the claims of the sentences a side starts and ends in count as inside.
    sentence_start, sentence_end = columns.sentence_start[order], columns.sentence_end[order]
    left_lo, left_hi = _widened(place, sentence_start, sentence_end, src_doc, bounds[:, 0], bounds[:, 1])
    right_lo, right_hi = _widened(place, sentence_start, sentence_end, tgt_doc, bounds[:, 2], bounds[:, 3])
    found = (src_doc >= 0) & (tgt_doc >= 0)
    n_left = np.where(found, left_hi - left_lo, 0)
    n_right = np.where(found, right_hi - right_lo, 0)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    pairs = n_left * n_right
    ends = np.cumsum(pairs)
    first = 0
    while first < len(alignments):  # alignments in chunks of about _CHUNK pairs
        last = int(np.searchsorted(ends, (ends[first - 1] if first else 0) + _CHUNK, side="right"))
        last = max(last, first + 1)
        chunk = np.arange(first, last)
        count = pairs[chunk]
        al = np.repeat(chunk, count)
        k = np.arange(len(al), dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
        i = order[left_lo[al] + k // n_right[al]]
        j = order[right_lo[al] + k % n_right[al]]
        parts.append(_offers(claims, columns, i, j, al, bounds, copied, ctx, settings, same_value))
        first = last
    return (
        np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]), np.concatenate([p[2] for p in parts])
    )


_SENTENCE_REACH = 4000  # characters a claim's sentence may start before, or end after, its figure


def _widened(
    place: np.ndarray, sentence_start: np.ndarray, sentence_end: np.ndarray, doc: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per alignment side ``[start, end)`` of ``doc``, the range (into the claims sorted by
    place) of the claims whose figure lies inside it or whose sentence reaches into it: those
    before ``start`` in a sentence that ends after it, those after ``end`` in a sentence that
    starts before it (claims of one sentence are consecutive in place order)."""
    base = doc * (1 << 40)
    lo = np.searchsorted(place, base + start)
    hi = np.searchsorted(place, base + end)
    before = np.searchsorted(place, base + np.maximum(0, start - _SENTENCE_REACH))
    after = np.searchsorted(place, base + end + _SENTENCE_REACH)
    last = len(place) - 1
    # only sides whose neighbouring claim's sentence reaches in are walked (most have none)
    reach_back = (before < lo) & (sentence_end[np.maximum(lo - 1, 0)] > start)
    for k in np.flatnonzero(reach_back).tolist():  # back over claims of the sentence the side starts in
        at = int(lo[k])
        while at > before[k] and sentence_end[at - 1] > start[k]:
            at -= 1
        lo[k] = at
    reach_on = (after > hi) & (sentence_start[np.minimum(hi, max(last, 0))] < end)
    for k in np.flatnonzero(reach_on).tolist():
        at = int(hi[k])
        while at < after[k] and sentence_start[at] < end[k]:
            at += 1
        hi[k] = at
    return lo, hi


def _offers(
    claims: Sequence[Claim], c: ClaimColumns, i: np.ndarray, j: np.ndarray, al: np.ndarray, bounds: np.ndarray,
    copied: np.ndarray, ctx: Sequence[frozenset[str]], settings: MatchSettings, same_value: Callable[[Claim, Claim], bool],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The offered pairs among ``(i, j)`` laid out from alignments ``al``, with their scores."""
    keep = (c.doc[i] != c.doc[j]) & (c.is_date[i] == c.is_date[j])
    keep &= ~c.is_date[i] | (c.date_len[i] == c.date_len[j])
    i, j, al = i[keep], j[keep], al[keep]
    ls = np.maximum(1, bounds[al, 1] - bounds[al, 0])
    rs = np.maximum(1, bounds[al, 3] - bounds[al, 2])
    gap = np.abs((c.value_start[i] - bounds[al, 0]) / ls - (c.value_start[j] - bounds[al, 2]) / rs)
    keep = gap <= settings.aligned_position
    i, j, al, gap = i[keep], j[keep], al[keep], gap[keep]
    equal = c.same_value(claims, i, j, same_value)
    differ = ~equal | (c.hedge[i] != c.hedge[j])
    same_unit = c.is_date[i] | (c.unit[i] == c.unit[j])
    bare = ~(c.has_unit[i] & c.has_unit[j]) & ~differ  # a bare figure with the same figure and hedge
    keep = (same_unit | bare) & (copied[al] | ~differ)
    i, j, gap, equal = i[keep], j[keep], gap[keep], equal[keep]
    il, jl = i.tolist(), j.tolist()
    sim = np.fromiter(
        (_jaccard(ctx[a], ctx[b]) for a, b in zip(il, jl, strict=True)), dtype=np.float64, count=len(il)
    )
    keep = sim >= np.where(equal, settings.aligned_similarity, settings.aligned_changed_similarity)
    bonus = np.where(equal, 0.5, 0.0)
    return i[keep], j[keep], (2.0 + bonus + sim - gap)[keep]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """As matching's ``similarity`` (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
