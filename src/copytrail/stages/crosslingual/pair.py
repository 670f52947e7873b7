"""Translated passages between texts given directly (``compare --cross-lingual``, and
``check --cross-lingual`` against a store's documents): the same space and judge a scan
uses, over just those texts; and passages two texts of one language say in other words
(``compare --semantic``), judged by the same multilingual vectors."""

from __future__ import annotations

from collections.abc import Mapping

from copytrail.stages.crosslingual.settings import CrossLingualSettings
from copytrail.stages.crosslingual.space import (
    PassageTuple,
    TranslationSpace,
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

    def keeps(values: list[float]) -> bool:
        return sum(value >= settings.rewrite_run for value in values) >= 2

    return kept_runs(sa, sb, self_centred_scores(sa, sb), sims, settings.rewrite_link, keeps, float("inf"), settings.max_step, kind="paraphrase")
