"""Fragments found by meaning: paraphrased sentence pairs that the semantic layer proposes
and confirms, clustered like lexical seeds, kept where whole passages are close in meaning.

Alignment only asks; ``ParaphraseFinder`` says what, so that this package never imports
torch (``copytrail.stages.semantic`` answers).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from copytrail.stages.align.extend import PairInProgress
from copytrail.stages.align.seeds import cluster_seeds
from copytrail.stages.align.settings import AlignSettings
from copytrail.stages.align.spans import Fragment, overlap, span_of
from copytrail.stages.segment import Segmented


class ParaphraseFinder(Protocol):
    """What alignment asks of the semantic layer for one pair (``copytrail.stages.semantic``
    answers with ``PairParaphrases``).

    Proposing sentence pairs is cheap (static vectors); confirming them, and measuring whole
    passages, runs MiniLM, the costly transformer: alignment asks it to confirm only
    proposals that could still become a passage.
    """

    def proposals(self, excluded: Callable[[int, int], bool]) -> list[tuple[int, int]]: ...

    def confirm(self, pairs: Sequence[tuple[int, int]]) -> set[tuple[int, int]]: ...

    def passage(self, a_rows: range, b_rows: range) -> float: ...


def _words(seg: Segmented, first: int, last: int) -> int:
    """Words in sentences ``first`` to ``last``."""
    return seg.sentences[last].last - seg.sentences[first].first


def semantic_plan(
    finder: ParaphraseFinder, pair: PairInProgress, settings: AlignSettings
) -> list[tuple[int, int]]:
    """The proposals worth confirming: outside every lexical fragment, in a cluster with
    another proposal, and in a cluster long enough to make a passage.

    Exact, not a heuristic: confirmed seeds form clusters inside their proposals' clusters,
    a lone seed is never a passage, and a passage shorter than ``min_words`` is dropped
    unless it merges with a lexical fragment, which needs the spans to overlap.
    """
    proposed = sorted(set(finder.proposals(pair.covers)))
    kept: list[tuple[int, int]] = []
    for cluster in cluster_seeds(proposed, settings.max_gap):
        if len(cluster) < 2:
            continue
        a0, a1, b0, b1 = span_of(cluster)
        long_enough = (
            min(_words(pair.a.seg, a0, a1), _words(pair.b.seg, b0, b1)) >= settings.min_words
        )
        touches = any(
            overlap(a0, a1, f.a_first, f.a_last) and overlap(b0, b1, f.b_first, f.b_last)
            for f in pair.fragments
        )
        if long_enough or touches:
            kept.extend(cluster)
    return sorted(kept)


def semantic_spans(
    finder: ParaphraseFinder,
    pair: PairInProgress,
    settings: AlignSettings,
    plan: Sequence[tuple[int, int]] | None = None,
) -> list[tuple[int, int, int, int]]:
    """Candidate paraphrase passages, ``(a_first, a_last, b_first, b_last)``: clusters of
    at least two confirmed sentence pairs (one paraphrased sentence is a coincidence)."""
    planned = semantic_plan(finder, pair, settings) if plan is None else list(plan)
    if not planned:
        return []
    seeds = sorted(finder.confirm(planned))
    return [span_of(cluster) for cluster in cluster_seeds(seeds, settings.max_gap) if len(cluster) > 1]


def semantic_fragments(
    finder: ParaphraseFinder,
    pair: PairInProgress,
    settings: AlignSettings,
    spans: Sequence[tuple[int, int, int, int]] | None = None,
) -> list[Fragment]:
    """Passages found by meaning alone, where lexical alignment found nothing: candidate
    spans whose sides are close in meaning as a whole.

    Kept apart from the lexical passages on purpose: paraphrase seeds next to a copied
    passage would only blur its exact edges.
    """
    if spans is None:
        spans = semantic_spans(finder, pair, settings)
    found: list[Fragment] = []
    for a0, a1, b0, b1 in spans:
        similarity = finder.passage(range(a0, a1 + 1), range(b0, b1 + 1))
        if similarity >= settings.semantic_passage:
            found.append(Fragment(a0, a1, b0, b1, similarity))
    return found
