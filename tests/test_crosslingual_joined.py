"""A translator joins two sentences into one or cuts one in two: the translated passage's
end takes in the sentence the other side's end sentence also translates, and nothing more.

Real components (the translation space with its faiss indexes and margins) over sentence
vectors made for the purpose: each document's sentences are random directions, and a
translated sentence is its source's direction with a little noise.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("faiss")

from copytrail.stages.crosslingual import CrossLingualSettings, TranslationSpace  # noqa: E402
from crosslingual_vectors import DIMS, document  # noqa: E402


def _space(source: np.ndarray, target: np.ndarray, rng: np.random.Generator) -> TranslationSpace:
    sentences = {"en-source": document(source), "ru-target": document(target)}
    languages = {"en-source": "en", "ru-target": "ru"}
    for k in range(6):  # unrelated documents in both languages: the margins' neighbours
        for lang in ("en", "ru"):
            sentences[f"{lang}-other-{k}"] = document(rng.normal(size=(8, DIMS)))
            languages[f"{lang}-other-{k}"] = lang
    return TranslationSpace(sentences, languages, CrossLingualSettings(enabled=True))


@pytest.mark.parametrize("joined_at", ["end", "start"])
def test_a_translation_that_joins_two_sentences_at_the_passage_edge_takes_in_both(joined_at: str) -> None:
    rng = np.random.default_rng(7)
    source = rng.normal(size=(8, DIMS))  # sentences 2-5 are translated
    noise = rng.normal(size=(7, DIMS)) * 0.25
    target = rng.normal(size=(7, DIMS))  # sentences 2-4 translate them
    if joined_at == "end":  # target 4 translates source 4 and 5 written as one
        target[2], target[3], target[4] = source[2], source[3], source[4] * 0.6 + source[5] * 0.4
    else:  # target 2 translates source 2 and 3 written as one
        target[2], target[3], target[4] = source[2] * 0.6 + source[3] * 0.4, source[4], source[5]
    target[2:5] = target[2:5] / np.linalg.norm(target[2:5], axis=1, keepdims=True) + noise[2:5] / np.sqrt(DIMS)
    passages = _space(source, target, rng).passages("en-source", "ru-target")
    assert [(p[0], p[1], p[2], p[3]) for p in passages] == [(200, 590, 200, 490)]


def test_an_untranslated_neighbour_is_not_taken_in() -> None:
    rng = np.random.default_rng(11)
    source = rng.normal(size=(8, DIMS))
    target = rng.normal(size=(7, DIMS))
    target[2], target[3], target[4] = source[2], source[3], source[4]  # source 5 is not translated
    passages = _space(source, target, rng).passages("en-source", "ru-target")
    assert [(p[0], p[1], p[2], p[3]) for p in passages] == [(200, 490, 200, 490)]
