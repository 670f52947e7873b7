"""Translated passages between texts given directly (``compare --cross-lingual``, and
``check --cross-lingual`` against a store's documents): the same space and judge a scan
uses, over just those texts."""

from __future__ import annotations

from collections.abc import Mapping

from copytrail.stages.crosslingual.settings import CrossLingualSettings
from copytrail.stages.crosslingual.space import PassageTuple, TranslationSpace
from copytrail.stages.crosslingual.vectors import VectorKeeper, document_sentences


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
