"""Translated passages between texts given directly (``compare --cross-lingual``, and
``check --cross-lingual`` against a store's documents): the same space and judge a scan
uses, over just those texts; and passages two texts of one language say in other words
(``compare --semantic``), judged by the same multilingual vectors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from copytrail.stages.crosslingual.settings import CrossLingualSettings
from copytrail.stages.crosslingual.space import (
    PassageTuple,
    TranslationSpace,
    figures_clash,
    kept_runs,
    self_centred_scores,
)
from copytrail.stages.crosslingual.vectors import (
    DocumentSentences,
    VectorKeeper,
    document_sentences,
)


def translated_passages(
    texts: Mapping[str, str],
    languages: Mapping[str, str],
    query: str,
    settings: CrossLingualSettings | None = None,
    keeper: VectorKeeper | None = None,
) -> dict[str, list[PassageTuple]]:
    """For each document of ``texts`` (id -> text) in another language than ``query`` (one
    of them), the passages it and ``query`` translate, as ``(query start, query end, its
    start, its end, "translated", score, words)``; documents with none are left out."""
    settings = settings or CrossLingualSettings(enabled=True)
    if languages.get(query, "und") == "und":
        return {}
    sentences, _ = document_sentences(texts, settings.min_words, settings.device, keeper)
    space = TranslationSpace(sentences, languages, settings)
    found: dict[str, list[PassageTuple]] = {}
    others = {b for pair in space.candidates([query]) for b in pair if b != query} if len(texts) > 2 else set(texts) - {query}
    alone = len(texts) == 2  # no corpus around them: the pair's own z-scores as well
    for other in sorted(others):
        passages = space.passages(query, other) or (space.pair_passages(query, other) if alone else [])
        if passages:
            found[other] = passages
    return found


def rewritten_passages(
    a: str, b: str, settings: CrossLingualSettings | None = None, keeper: VectorKeeper | None = None
) -> list[PassageTuple]:
    """Passages two texts of one language share in other words (a rewrite: every sentence
    restated), ``a`` spans first, kind ``paraphrase``: runs of mutually best sentence pairs
    whose multilingual vectors, each less its own text's mean, have a cosine of
    ``rewrite_link`` or more, two of them ``rewrite_run`` or more.  A rewrite keeps what each sentence says, which the mean of
    a text (its topic) does not hold; two texts on one topic share the mean, not the
    sentences.  Any language the encoder reads; each text needs three usable sentences."""
    settings = settings or CrossLingualSettings(enabled=True)
    sentences, _ = document_sentences({"a": a, "b": b}, settings.min_words, settings.device, keeper)
    return rewritten_runs(sentences["a"], sentences["b"], settings)


def rewritten_runs(sa: DocumentSentences, sb: DocumentSentences, settings: CrossLingualSettings) -> list[PassageTuple]:
    """``rewritten_passages`` of two documents' sentences (a scan has them already)."""
    if sa.usable.sum() < 3 or sb.usable.sum() < 3:
        return []
    sims = sa.vectors @ sb.vectors.T
    scores = self_centred_scores(sa, sb)
    scores[_figures_clash(sa, sb)] = -1.0

    def keeps(values: list[float]) -> bool:
        return sum(value >= settings.rewrite_run for value in values) >= 2

    return kept_runs(sa, sb, scores, sims, settings.rewrite_link, keeps, float("inf"), settings.max_step, kind="paraphrase")


def _figures_clash(sa: DocumentSentences, sb: DocumentSentences) -> np.ndarray:
    """Which sentence pairs both state figures in digits and share fewer than half of the
    fewer side's: a rewrite keeps its facts, and two articles on one story that say different
    things say them with different figures (a lab's 1.1 milligrams of boron against 30,000
    households).  A figure spelled out on one side states none there, so it clashes with nothing."""
    out = np.zeros((len(sa), len(sb)), dtype=bool)
    for i, x in enumerate(sa.numbers):
        if x:
            for j, y in enumerate(sb.numbers):
                out[i, j] = figures_clash(x, y)
    return out


Spans = tuple[int, int, int, int, str]  # a passage of one pair: its a span, its b span (half-open), its kind


def overlaps(p: Sequence[object], q: Sequence[object]) -> bool:
    """Whether two passages of one pair (``a start, a end, b start, b end, …``) share a
    character on either side."""
    return p[0] < q[1] and q[0] < p[1] or p[2] < q[3] and q[2] < p[3]  # type: ignore[operator]


def passage_spans(passages: Iterable[Any]) -> list[Spans]:
    """Passages (``stages.align.Passage``) as ``(a start, a end, b start, b end, kind)``, the
    shape ``merge_rewrites`` weighs what a pair already shares in."""
    return [(q.a_start, q.a_end, q.b_start, q.b_end, q.kind) for q in passages]


def merge_rewrites(found: Sequence[Spans], rewrites: Sequence[PassageTuple]) -> tuple[set[int], list[PassageTuple]]:
    """Which of a pair's passages ``found`` its ``rewrites`` replace, and the rewrites kept:
    each in turn is kept where it overlaps nothing kept so far, or only paraphrases it holds
    whole on both sides (the English model's reading of another language, a weak lexical
    run: the weaker evidence), which it replaces."""
    current: list[tuple[int | None, Spans]] = list(enumerate(found))
    for p in rewrites:
        touching = [(k, q) for k, q in current if overlaps(p, q)]
        if all(q[4] == "paraphrase" and p[0] <= q[0] and q[1] <= p[1] and p[2] <= q[2] and q[3] <= p[3] for _, q in touching):
            current = [entry for entry in current if entry not in touching] + [(None, p[:5])]
    kept = {k for k, _ in current if k is not None}
    added = [p for p in rewrites if (None, p[:5]) in current]
    return set(range(len(found))) - kept, added
