"""Sentence vectors made for the purpose, for tests of the translation space: each document's
sentences are random directions, and a translated sentence is its original's direction with a
little noise."""

from __future__ import annotations

import numpy as np

from copytrail.stages.crosslingual import DocumentSentences

DIMS = 384


def document(vectors: np.ndarray) -> DocumentSentences:
    """A document of ``vectors`` (one row a sentence, normalised here), 15 words a sentence,
    every sentence usable, no figures."""
    n = len(vectors)
    starts = np.arange(n, dtype=np.int64) * 100
    return DocumentSentences(
        starts=starts,
        ends=starts + 90,
        words=np.full(n, 15, dtype=np.int64),
        usable=np.ones(n, dtype=bool),
        vectors=(vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32),
        numbers=tuple(frozenset() for _ in range(n)),
    )
