"""Extend: seeds become fragments, the first half of aligning one pair (``start_pair``).

Seeds are clustered by gaps along both documents, so nearby seeds (a reused paragraph with a
sentence dropped or reordered) become one fragment; a fragment whose sides are not similar
enough as a whole is re-clustered with a smaller gap.  Summaries, compact passages of ``b``
drawing on sentences spread over ``a``, are found apart and replace the pieces of them
plain extension found.  What comes out is a ``PairInProgress``: the fragments and the
sentence vectors that made them, which ``refine.finish_pair`` turns into passages (after
the semantic layer, if any, adds its own fragments).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from copytrail.stages.align.prepare import Prepared, prepare
from copytrail.stages.align.seeds import (
    Vector,
    Vectors,
    cluster_seeds,
    seed_pairs,
    sides_cosine,
    split_seeds,
    summed,
)
from copytrail.stages.align.settings import AlignSettings
from copytrail.stages.align.spans import NEAR_VERBATIM, Fragment, b_length
from copytrail.stages.segment import Segmented


def extend(
    seeds: list[tuple[int, int]],
    wa: Vectors,
    wb: Vectors,
    settings: AlignSettings,
) -> list[Fragment]:
    """Clusters of seeds become fragments; weak fragments are re-clustered more tightly."""
    fragments: list[Fragment] = []
    work = [(cluster, settings.max_gap) for cluster in cluster_seeds(seeds, settings.max_gap)]
    while work:
        cluster, gap = work.pop()
        frag = (
            min(s[0] for s in cluster),
            max(s[0] for s in cluster),
            min(s[1] for s in cluster),
            max(s[1] for s in cluster),
        )
        similarity = sides_cosine(wa, wb, frag)
        # One sentence on a side is thin evidence: it must be closer to count.
        single = min(frag[1] - frag[0], frag[3] - frag[2]) == 0
        if similarity >= (settings.single_cosine if single else settings.validate_cosine):
            fragments.append(Fragment(*frag, similarity))
        elif gap > 0 and len(cluster) > 1:
            work.extend((part, gap - 1) for part in cluster_seeds(cluster, gap - 1))
    return fragments


def _related_stretch(
    wa: Vectors, summary: Vector, a0: int, a1: int, threshold: float, gap: int
) -> tuple[int, int]:
    """Widen ``[a0, a1]`` over the sentences of ``a`` that a summary also draws on.

    A summary keeps only a few words of each part of what it condenses, too few for a seed,
    so the seeds alone cover part of the summarised stretch.  A sentence counts as related
    when its cosine to the whole summary passes ``threshold``; the stretch grows outwards
    over related sentences at most ``gap`` unrelated ones apart.
    """
    norm = math.sqrt(sum(v * v for v in summary.values())) or 1.0

    def related(i: int) -> bool:
        return sum(v * summary.get(t, 0.0) for t, v in wa[i].items()) / norm >= threshold

    def widen(edge: int, step: int) -> int:
        i = edge + step
        while 0 <= i < len(wa) and abs(i - edge) <= gap + 1:
            if related(i):
                edge = i
            i += step
        return edge

    return widen(a0, -1), widen(a1, 1)


def find_summaries(
    seeds: list[tuple[int, int]],
    wa: Vectors,
    wb: Vectors,
    a: Segmented,
    b: Segmented,
    settings: AlignSettings,
) -> list[Fragment]:
    """Compact passages of ``b`` that draw on sentences spread far across ``a``: summaries.

    A summary compresses: a few sentences of ``b`` match sentences all over a much longer
    stretch of ``a``.  Gap-splitting along ``a`` would cut it into pieces, each too weak to
    keep; here the whole stretch becomes one passage when it is similar enough as a whole,
    widened over the neighbouring sentences of ``a`` that the summary draws on too.
    """
    found: list[Fragment] = []
    if settings.summary_ratio <= 0:
        return found
    for group in split_seeds(seeds, 1, settings.max_gap):
        a_rows = {s[0] for s in group}
        b_rows = {s[1] for s in group}
        if len(b_rows) < 2 or len(a_rows) < 3:
            continue
        a0, a1, b0, b1 = min(a_rows), max(a_rows), min(b_rows), max(b_rows)
        a_chars = a.sentences[a1].end - a.sentences[a0].start
        b_chars = b.sentences[b1].end - b.sentences[b0].start
        if a_chars < settings.summary_ratio * b_chars:
            continue
        similarity = sides_cosine(wa, wb, (a0, a1, b0, b1))
        if similarity >= settings.summary_cosine:
            if settings.summary_gap > 0:
                summary = summed(wb[b0 : b1 + 1])
                a0, a1 = _related_stretch(wa, summary, a0, a1, settings.summary_related, settings.summary_gap)
            if settings.summary_whole > 0 and a.sentences[-1].end - a.sentences[0].start <= settings.summary_whole * b_chars:
                # a summary condenses a whole text: of an article (not a book) the parts its
                # words happen to echo are only where the seeds fell, not what it summarises
                a0, a1 = 0, len(a.sentences) - 1
            found.append(Fragment(a0, a1, b0, b1, similarity, summary=True))
    return found


_COPIED_SENTENCES = 4  # a near-verbatim passage this long is a copy, whatever seeds lie around it


def _copy_inside(fragment: Fragment, summary: Fragment) -> bool:
    """A near-verbatim passage of at least ``_COPIED_SENTENCES`` sentences of ``b`` inside a
    summary: summaries reword, they do not reproduce paragraphs; the summary is a copy with
    reworded sentences around it, whose exact edges it would lose (PAN train 0.9113 → 0.9118,
    summaries unchanged)."""
    return (
        summary.b_first <= fragment.b_last
        and fragment.b_first <= summary.b_last
        and fragment.similarity >= NEAR_VERBATIM
        and b_length(fragment) >= _COPIED_SENTENCES
    )


def _echoes_copies(summary: Fragment, seeds: Sequence[tuple[int, int]], fragments: Sequence[Fragment], share: float) -> bool:
    """Whether at least ``share`` of a summary's seeds pair it with source sentences that
    a plain passage elsewhere in ``b`` already copies: a text that copies a paragraph
    echoes its words again around it, and those echoes are not a summary of that paragraph.
    A summary condenses what the copies leave out."""
    if share <= 0:
        return False
    elsewhere = [f for f in fragments if f.b_last < summary.b_first or summary.b_last < f.b_first]
    if not elsewhere:
        return False
    mine = [i for i, j in seeds if summary.b_first <= j <= summary.b_last]
    echoed = sum(1 for i in mine if any(f.a_first <= i <= f.a_last for f in elsewhere))
    return bool(mine) and echoed >= share * len(mine)


def with_summaries(
    fragments: list[Fragment],
    summaries: list[Fragment],
    b: Segmented,
    explained: float,
    seeds: Sequence[tuple[int, int]] = (),
    echoed: float = 0.0,
) -> list[Fragment]:
    """Summaries replace the pieces of them that plain extension found.

    A compact passage that plain extension already explains with one fragment covering
    nearly all of it (``explained``, 85%) is a copy with a few stray seeds elsewhere, not a
    summary: it is left alone; so is one holding a copied paragraph (``_copy_inside``).  At
    70% (before) a summary whose one long sentence condenses several neighbouring sentences
    of the source was taken for a copy of them (PAN train 05 0.6621 → 0.7238 at 85%).
    """

    def chars(first: int, last: int) -> int:
        return b.sentences[last].end - b.sentences[first].start

    summaries = [
        s
        for s in summaries
        if not any(
            s.b_first <= f.b_last
            and f.b_first <= s.b_last
            and chars(max(s.b_first, f.b_first), min(s.b_last, f.b_last)) >= explained * chars(s.b_first, s.b_last)
            for f in fragments
        )
        and not any(_copy_inside(f, s) for f in fragments)
        and not _echoes_copies(s, seeds, fragments, echoed)
    ]
    if not summaries:
        return fragments
    kept = [
        f
        for f in fragments
        if not any(s.b_first <= f.b_first and f.b_last <= s.b_last for s in summaries)
    ]
    return kept + summaries


def _pair_cosine(wa: Vectors, wb: Vectors, i: int, j: int) -> float:
    """Cosine of sentence ``i`` of ``a`` and ``j`` of ``b``."""
    return sides_cosine(wa, wb, (i, i, j, j))


def grow(
    span: tuple[int, int, int, int],
    wa: Vectors,
    wb: Vectors,
    threshold: float,
    others: Sequence[tuple[int, int, int, int]],
) -> tuple[int, int, int, int]:
    """Extend a reworded passage along the diagonal over neighbouring sentence pairs whose
    cosine passes ``threshold``: their words were changed too much to seed, but they sit
    where the rest of the passage continues.  Never into the sentences of ``others`` (the
    other passages' spans, as grown so far)."""

    def free(i: int, j: int) -> bool:
        return not any(a0 <= i <= a1 or b0 <= j <= b1 for a0, a1, b0, b1 in others)

    a0, a1, b0, b1 = span
    while a1 + 1 < len(wa) and b1 + 1 < len(wb) and free(a1 + 1, b1 + 1) and _pair_cosine(wa, wb, a1 + 1, b1 + 1) >= threshold:
        a1, b1 = a1 + 1, b1 + 1
    while a0 > 0 and b0 > 0 and free(a0 - 1, b0 - 1) and _pair_cosine(wa, wb, a0 - 1, b0 - 1) >= threshold:
        a0, b0 = a0 - 1, b0 - 1
    return a0, a1, b0, b1


@dataclass(slots=True)
class PairInProgress:
    """A pair half aligned: seeded and extended, not yet refined into passages; its
    fragments and the sentence vectors that made them.

    The semantic layer starts from here, so that a batch of pairs can be aligned lexically,
    their sentences encoded by MiniLM in one batch, and finished (see
    ``copytrail.stages.semantic.meaning``).
    """

    a: Prepared
    b: Prepared
    fragments: list[Fragment]
    wa: Vectors
    wb: Vectors
    seeds: Sequence[tuple[int, int]] = ()  # the seed sentence pairs, which ``gaps`` links by

    def covers(self, i: int, j: int) -> bool:
        """Whether sentence ``i`` of ``a`` or ``j`` of ``b`` is inside a lexical fragment."""
        return any(f.a_first <= i <= f.a_last or f.b_first <= j <= f.b_last for f in self.fragments)


def start_pair(a: Prepared, b: Prepared, settings: AlignSettings) -> PairInProgress | None:
    """Seed and extend (with summaries); ``None`` when a side has no sentence."""
    if a.run != settings.seed_run_words:
        a = prepare(a.text, settings.seed_run_words, a.seg)
    if b.run != settings.seed_run_words:
        b = prepare(b.text, settings.seed_run_words, b.seg)
    if not a.seg.sentences or not b.seg.sentences:
        return None
    seeds, wa, wb = seed_pairs(a, b, settings)
    fragments: list[Fragment] = []
    if seeds:
        fragments = with_summaries(
            extend(seeds, wa, wb, settings),
            find_summaries(seeds, wa, wb, a.seg, b.seg, settings),
            b.seg,
            settings.summary_explained,
            seeds,
            settings.summary_echoed,
        )
    return PairInProgress(a, b, fragments, wa, wb, seeds)
