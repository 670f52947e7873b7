"""Gaps: a passage is cut where one side holds a stretch the other side has no counterpart for.

Seeds are clustered by how many sentences lie between them (``max_gap``), so a copy that
reorders paragraphs and drops some becomes one fragment whose source side runs over the
dropped paragraphs, and the edges trimmed to the first and last shared runs keep them
inside: a passage cited as reused would hold text the copy never used.  Here every
sentence of a passage is linked to the sentences of the other side it shares a seed or a
run of ``anchor_words`` words (one content word at least) with; a stretch of sentences
on one side with no link (``AlignSettings.gap_sentences`` sentences or
``AlignSettings.gap_chars`` characters, or ``gap_reordered_chars`` where the links either
side of it run backwards on the other side: a reordered copy) cuts the passage into the
pieces on either side, each paired with the sentences of the other side its own links
reach, and cut again until no piece holds such a gap.  A gap facing, between the same
links, a stretch close to it in words is the same text reworded and stays; a passage whose
source side is ``gap_condensed`` times its copy's is not cut at all.  The caller trims
each piece to its own shared runs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection
from itertools import compress

from copytrail.records import Sentence
from copytrail.stages.align.prepare import Prepared
from copytrail.stages.align.seeds import Vectors, sides_cosine
from copytrail.stages.align.settings import AlignSettings

WordSpan = tuple[int, int, int, int]  # words [a_lo, a_hi) and [b_lo, b_hi)


def _sentences(prepared: Prepared, lo: int, hi: int) -> list[tuple[int, int]]:
    """The sentences holding words ``[lo, hi)``, clipped to it, as word ranges."""
    sentences = prepared.seg.sentences
    first = bisect_right(sentences, lo, key=_first_word) - 1
    out = []
    for sentence in sentences[max(first, 0) :]:
        if sentence.first >= hi:
            break
        start, end = max(sentence.first, lo), min(sentence.last, hi)
        if start < end:
            out.append((start, end))
    return out


def _chars(prepared: Prepared, lo: int, hi: int) -> int:
    """Characters from word ``lo`` to the end of word ``hi - 1``."""
    return prepared.seg.ends[hi - 1] - prepared.seg.starts[lo]


def _first_word(sentence: Sentence) -> int:
    return sentence.first


def _sentence_of(prepared: Prepared, word: int) -> int:
    return bisect_right(prepared.seg.sentences, word, key=_first_word) - 1


def _runs(prepared: Prepared, start: int, end: int, size: int) -> set[tuple[str, ...]]:
    """Word runs of ``size`` in ``[start, end)`` that hold a content word."""
    if end - start < size:
        return set()
    norms = prepared.seg.norms
    content = [stem is not None for stem in prepared.stems[start:end]]  # a stop word has no stem
    holds = map(any, zip(*(content[k:] for k in range(size)), strict=False))
    return set(compress(zip(*(norms[start + k : end] for k in range(size)), strict=False), holds))


def _links(
    a: Prepared, a_sents: list[tuple[int, int]], b: Prepared, b_sents: list[tuple[int, int]],
    seeds: dict[int, list[int]], size: int,
) -> set[tuple[int, int]]:
    """Pairs (position in ``a_sents``, position in ``b_sents``) that share a seed or a run."""
    links: set[tuple[int, int]] = set()
    a_ids = [_sentence_of(a, s) for s, _ in a_sents]
    b_ids = [_sentence_of(b, s) for s, _ in b_sents]
    b_at = {sid: k for k, sid in enumerate(b_ids)}
    for i, sid in enumerate(a_ids):
        for j in (b_at.get(bj) for bj in seeds.get(sid, ())):
            if j is not None:
                links.add((i, j))
    owner: dict[tuple[str, ...], list[int]] = {}
    for j, (start, end) in enumerate(b_sents):
        for run in _runs(b, start, end, size):
            owner.setdefault(run, []).append(j)
    for i, (start, end) in enumerate(a_sents):
        for run in _runs(a, start, end, size).intersection(owner):
            links.update((i, j) for j in owner[run])
    return links


def _pieces(
    prepared: Prepared,
    sents: list[tuple[int, int]],
    linked: set[int],
    settings: AlignSettings,
    cuts: Callable[[list[tuple[int, int]], list[int], int, int], bool],
) -> list[list[int]]:
    """Positions of ``sents`` grouped into the stretches between the unlinked gaps that
    ``cuts`` (the gap's word ranges, its positions, the linked positions either side)."""
    pieces: list[list[int]] = [[]]
    gap: list[int] = []
    for k in range(len(sents)):
        if k not in linked:
            gap.append(k)
            continue
        if gap and pieces[-1] and cuts([sents[g] for g in gap], gap, pieces[-1][-1], k):
            pieces.append([])
        gap = []
        pieces[-1].append(k)
    return [p for p in pieces if p]


def _span_chars(prepared: Prepared, gap: list[tuple[int, int]]) -> int:
    return prepared.seg.ends[gap[-1][1] - 1] - prepared.seg.starts[gap[0][0]]


def _wide(prepared: Prepared, gap: list[tuple[int, int]], settings: AlignSettings) -> bool:
    """Whether unlinked sentences are a gap that cuts: enough sentences or characters."""
    if settings.gap_sentences and len(gap) >= settings.gap_sentences:
        return True
    return bool(settings.gap_chars) and _span_chars(prepared, gap) >= settings.gap_chars


def split_gaps(
    a: Prepared,
    b: Prepared,
    span: WordSpan,
    seeds: Collection[tuple[int, int]],
    vectors: tuple[Vectors, Vectors],
    settings: AlignSettings,
) -> list[WordSpan]:
    """``span`` cut where either side holds a stretch with no counterpart on the other side;
    ``[span]`` when there is none (or when no sentence is linked at all: nothing to cut by)."""
    if not (settings.gap_sentences or settings.gap_chars):
        return [span]
    ratio = settings.gap_condensed
    if ratio and _chars(a, span[0], span[1]) >= ratio * _chars(b, span[2], span[3]):
        return [span]  # a condensed copy leaves text out by nature
    by_a: dict[int, list[int]] = {}
    for i, j in seeds:
        by_a.setdefault(i, []).append(j)
    out: list[WordSpan] = []
    work = [span]
    while work:
        a_lo, a_hi, b_lo, b_hi = current = work.pop()
        a_sents, b_sents = _sentences(a, a_lo, a_hi), _sentences(b, b_lo, b_hi)
        links = _links(a, a_sents, b, b_sents, by_a, settings.anchor_words)
        if not links:
            out.append(current)
            continue
        parts = _cut(a, a_sents, b, b_sents, links, vectors, settings)
        if parts is None:
            out.append(current)
        else:
            work.extend(parts)
    return sorted(out, key=lambda s: (s[2], s[0]))


def _cut(
    a: Prepared, a_sents: list[tuple[int, int]], b: Prepared, b_sents: list[tuple[int, int]],
    links: set[tuple[int, int]], vectors: tuple[Vectors, Vectors], settings: AlignSettings,
) -> list[WordSpan] | None:
    """The pieces of one side's first cutting gap, each with the other side its links reach."""
    ids = ([_sentence_of(a, s) for s, _ in a_sents], [_sentence_of(b, s) for s, _ in b_sents])
    for side in (0, 1):
        own, other = (a_sents, b_sents) if side == 0 else (b_sents, a_sents)
        prepared = a if side == 0 else b

        def cuts(
            gap: list[tuple[int, int]], at: list[int], before: int, after: int, side: int = side, prepared: Prepared = prepared
        ) -> bool:
            """Whether a gap cuts: it faces the other side's links running backwards (a
            reordered copy) and is ``gap_reordered_chars`` long, or it is wide and does not
            face, between the same links, a stretch close to it in words (the same text
            reworded, not text left out)."""
            start = max(link[1 - side] for link in links if link[side] == before) + 1
            end = min(link[1 - side] for link in links if link[side] == after) - 1
            reordered = end < start - 1 and settings.gap_reordered_chars
            if reordered and _span_chars(prepared, gap) >= settings.gap_reordered_chars:
                return True
            if not _wide(prepared, gap, settings):
                return False
            if end < start or not settings.gap_cosine:
                return True
            own_ids, other_ids = ids[side], ids[1 - side]
            span = (own_ids[at[0]], own_ids[at[-1]], other_ids[start], other_ids[end])
            if side == 1:
                span = (span[2], span[3], span[0], span[1])
            return sides_cosine(*vectors, span) < settings.gap_cosine

        pieces = _pieces(prepared, own, {link[side] for link in links}, settings, cuts)
        first_linked = min(link[side] for link in links)
        last_linked = max(link[side] for link in links)
        edges_unlinked = first_linked > 0 or last_linked < len(own) - 1
        if len(pieces) < 2 and not edges_unlinked:
            continue
        parts: list[WordSpan] = []
        for piece in pieces:
            members = set(piece)
            reached = sorted({link[1 - side] for link in links if link[side] in members})
            own_span = (own[piece[0]][0], own[piece[-1]][1])
            other_span = (other[reached[0]][0], other[reached[-1]][1])
            parts.append((*own_span, *other_span) if side == 0 else (*other_span, *own_span))
        if len(parts) >= 2:
            return parts
        if edges_unlinked and _edge_gap(prepared, own, first_linked, last_linked, settings):
            return parts
    return None


def _edge_gap(
    prepared: Prepared, own: list[tuple[int, int]], first: int, last: int, settings: AlignSettings
) -> bool:
    """Whether the unlinked sentences before ``first`` or after ``last`` are wide enough to drop."""
    before, after = own[:first], own[last + 1 :]
    return bool(before and _wide(prepared, before, settings)) or bool(after and _wide(prepared, after, settings))
