"""The semantic layer's answer to alignment for one document pair (``PairParaphrases``, a
``copytrail.stages.align.ParaphraseFinder``): sentence pairs proposed by the static vectors,
confirmed by MiniLM, and the MiniLM similarity of whole passages."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from copytrail.stages.semantic.vectors import DocumentVectors


def proposals(
    a: DocumentVectors, b: DocumentVectors, excluded: Callable[[int, int], bool] | None = None
) -> list[tuple[int, int]]:
    """Sentence pairs close by the static encoder (cosine ≥ ``propose``), the closest
    ``max_proposals`` of those that ``excluded`` (already aligned lexically) lets through
    and that share content words (``min_shared``): a paraphrase keeps some of its names,
    figures and nouns, and two sentences that share none are two statements on one topic,
    which MiniLM would reject at the cost of encoding both."""
    if not len(a.static) or not len(b.static):
        return []
    sims = a.static @ b.static.T  # float32 both (DocumentVectors)
    rows, cols = np.nonzero(sims >= a.settings.propose)
    order = np.argsort(-sims[rows, cols], kind="stable")
    chosen: list[tuple[int, int]] = []
    min_shared = a.settings.min_shared
    for i, j in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
        if excluded is not None and excluded(i, j):
            continue
        if min_shared > 0 and stem_dice(a.stems(i), b.stems(j)) < min_shared:
            continue
        chosen.append((i, j))
        if len(chosen) == a.settings.max_proposals:
            break
    return chosen


def stem_dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two stem sets (0 when both are empty)."""
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def confirmed(
    a: DocumentVectors, b: DocumentVectors, pairs: Sequence[tuple[int, int]]
) -> set[tuple[int, int]]:
    """The sentence pairs MiniLM confirms as paraphrases (cosine ≥ ``confirm``)."""
    if not pairs:
        return set()
    va = a.minilm([i for i, _ in pairs])
    vb = b.minilm([j for _, j in pairs])
    keep = np.einsum("ij,ij->i", va, vb) >= a.settings.confirm
    return {pair for pair, ok in zip(pairs, keep.tolist(), strict=True) if ok}


def passage_similarity(a: DocumentVectors, a_rows: range, b: DocumentVectors, b_rows: range) -> float:
    """MiniLM cosine between the mean sentence vectors of two passages."""
    va = a.minilm(list(a_rows)).mean(axis=0)
    vb = b.minilm(list(b_rows)).mean(axis=0)
    denom = float(np.linalg.norm(va) * np.linalg.norm(vb))
    return float(va @ vb) / denom if denom else 0.0


class PairParaphrases:
    """The semantic layer for one document pair, in the shape alignment asks for
    (``ParaphraseFinder``)."""

    def __init__(self, a: DocumentVectors, b: DocumentVectors) -> None:
        self.a, self.b = a, b

    def proposals(self, excluded: Callable[[int, int], bool]) -> list[tuple[int, int]]:
        return proposals(self.a, self.b, excluded)

    def confirm(self, pairs: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
        return confirmed(self.a, self.b, pairs)

    def passage(self, a_rows: range, b_rows: range) -> float:
        return passage_similarity(self.a, a_rows, self.b, b_rows)
