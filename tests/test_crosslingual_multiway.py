"""A text translated into several languages at once: each translation still finds the others.

Real components (the translation space with its faiss indexes and margins) over sentence
vectors made for the purpose, as in ``test_crosslingual_joined``: each document's sentences
are random directions, and a translated sentence is its original's direction with noise.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("faiss")

from copytrail.stages.crosslingual import CrossLingualSettings, DocumentSentences, TranslationSpace  # noqa: E402
from copytrail.stages.crosslingual.space import translation_cliques  # noqa: E402
from crosslingual_vectors import DIMS, document  # noqa: E402

LANGUAGES = ("en", "es", "ru", "fa", "ar", "zh")


def _campaign(languages: tuple[str, ...], seed: int) -> TranslationSpace:
    """Four sentences of an original (sentences 2-5 of its host) in every language of
    ``languages``, each host's other sentences its own, and unrelated documents beside them."""
    rng = np.random.default_rng(seed)
    original = rng.normal(size=(4, DIMS))
    original /= np.linalg.norm(original, axis=1, keepdims=True)
    sentences: dict[str, DocumentSentences] = {}
    known: dict[str, str] = {}
    for lang in languages:
        host = rng.normal(size=(8, DIMS))
        host /= np.linalg.norm(host, axis=1, keepdims=True)
        host[2:6] = original + rng.normal(size=(4, DIMS)) * 0.4 / np.sqrt(DIMS)
        sentences[f"{lang}-host"], known[f"{lang}-host"] = document(host), lang
        for k in range(4):
            sentences[f"{lang}-other-{k}"], known[f"{lang}-other-{k}"] = document(rng.normal(size=(8, DIMS))), lang
    return TranslationSpace(sentences, known, CrossLingualSettings(enabled=True))


@pytest.mark.parametrize("count", [2, 3, 5, 6])
def test_every_translation_of_a_paragraph_in_many_languages_is_found(count: int) -> None:
    languages = LANGUAGES[:count]
    space = _campaign(languages, seed=count)
    hosts = [f"{lang}-host" for lang in languages]
    candidates = space.candidates(hosts)
    for i, a in enumerate(hosts):
        for b in hosts[i + 1 :]:
            assert (min(a, b), max(a, b)) in candidates
            assert [(p[0], p[1], p[2], p[3]) for p in space.passages(a, b)] == [(200, 590, 200, 590)]
    assert all("other" not in a and "other" not in b for a, b in candidates)  # nothing else linked


def test_a_clique_needs_a_triangle_of_mutually_nearest_sentences() -> None:
    # rows 0 (en), 1 (es), 2 (ru) are each other's nearest: a clique; row 3 (en) is a hub:
    # rows 4 (es) and 5 (ru) have it as their nearest and it has them, but they are not
    # each other's nearest (4's nearest in ru is row 2, 5's nearest in es is row 1)
    nearest = np.array(
        [
            [-1, 1, 2],
            [0, -1, 2],
            [0, 1, -1],
            [-1, 4, 5],
            [3, -1, 2],
            [3, 1, -1],
        ]
    )
    row_language = np.array([0, 1, 2, 0, 1, 2])
    clique = translation_cliques(nearest, row_language, np.ones(6, dtype=bool))
    assert clique[:3].tolist() == [[False, True, True], [True, False, True], [True, True, False]]
    assert not clique[3:].any()
    unusable = np.array([True, True, False, True, True, True])  # row 2 says too little to be linked
    assert not translation_cliques(nearest, row_language, unusable)[:3].any()


def test_cliques_found_a_few_rows_at_a_time_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    rows, languages = 400, 5
    row_language = rng.integers(0, languages, size=rows)
    nearest = np.full((rows, languages), -1, dtype=np.int64)
    for lang in range(languages):  # each row's nearest of every other language: a row of that language
        members = np.flatnonzero(row_language == lang)
        pick = rng.choice(members, size=rows)
        nearest[:, lang] = np.where(row_language != lang, pick, -1)
    for start in range(0, 90, 3):  # thirty triangles: three rows of three languages, each the others' nearest
        trio = [start, start + 1, start + 2]
        row_language[trio] = [0, 1, 2]
        for a in trio:
            for b in trio:
                if a != b:
                    nearest[a, row_language[b]] = b
    usable = rng.random(rows) > 0.1
    whole = translation_cliques(nearest, row_language, usable)
    assert 30 <= whole.any(axis=1).sum() <= 90
    import copytrail.stages.crosslingual.space as space

    monkeypatch.setattr(space, "CHUNK_ELEMENTS", 7 * languages**2)
    assert (translation_cliques(nearest, row_language, usable) == whole).all()
