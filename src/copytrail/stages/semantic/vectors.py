"""Sentence vectors: the static ones of whole documents (stored by a scan, searched by the
sentence index), and ``DocumentVectors``, one document's static vectors with the MiniLM
vectors of the sentences that need confirming, encoded in batches across many pairs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import numpy as np

from copytrail.stages.align import content_stems
from copytrail.stages.segment import Segmented, sentence_words, words
from copytrail.stages.semantic.encoders import minilm_encoder, minilm_vector_key, static_encoder
from copytrail.stages.semantic.language import detect_language
from copytrail.stages.semantic.settings import SemanticSettings

# A sentence of fewer words ("Shr 10 cts.", "Net loss.") says too little to be a paraphrase
# of anything: it proposes no pair and joins no index (tables would otherwise pair every
# market report with every other).  A copied one is found lexically all the same.
MIN_SENTENCE_WORDS = 4


class MiniLMVectorStore(Protocol):
    """Where MiniLM vectors outlive a scan (``copytrail.store.Store``, whose methods and
    table call them "judged"): a rescan, after a settings change realigned everything,
    encodes none of the sentences again."""

    def judged_vectors(self, model: str, sentences: Sequence[str]) -> dict[str, np.ndarray]: ...

    def add_judged_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None: ...


def sentence_texts(text: str, seg: Segmented) -> list[str]:
    """The text of each of a document's sentences."""
    return [text[s.start : s.end] for s in seg.sentences]


class DocumentVectors:
    """Sentence vectors of one document: static ones for all, MiniLM ones as needed."""

    def __init__(
        self, sentences: list[str], settings: SemanticSettings, static: np.ndarray | None = None
    ) -> None:
        self.sentences = sentences
        self.settings = settings
        if static is None:
            static = static_vectors_of_words([words(sentence) for sentence in sentences])
        self.static = np.asarray(static, dtype=np.float32)
        self._minilm: dict[int, np.ndarray] = {}
        self._stems: dict[int, frozenset[str]] = {}

    def stems(self, row: int) -> frozenset[str]:
        """Content-word stems of sentence ``row`` (as alignment counts them), made once."""
        found = self._stems.get(row)
        if found is None:
            found = self._stems[row] = frozenset(content_stems(words(self.sentences[row])))
        return found

    def minilm(self, rows: Sequence[int]) -> np.ndarray:
        """MiniLM vectors of ``rows``, encoding those not encoded yet."""
        encode_minilm_rows([(self, rows)])
        return np.stack([self._minilm[r] for r in rows]) if rows else np.zeros((0, 384), dtype=np.float32)


def encode_planned_pairs(
    plans: Sequence[tuple[DocumentVectors, DocumentVectors, Sequence[tuple[int, int]]]],
    stored: MiniLMVectorStore | None = None,
) -> int:
    """Encode with MiniLM the sentences of the planned sentence pairs of many document pairs,
    in one batch; returns the sentences encoded."""
    return encode_minilm_rows(
        [(a, [i for i, _ in plan]) for a, _, plan in plans] + [(b, [j for _, j in plan]) for _, b, plan in plans],
        stored,
    )


def encode_minilm_rows(jobs: Sequence[tuple[DocumentVectors, Iterable[int]]], stored: MiniLMVectorStore | None = None) -> int:
    """Encode with MiniLM, in one batch, the rows of each document not encoded yet (the
    transformer is several times faster on one long batch than on many short ones), each
    distinct sentence once and once per process (see ``_MINILM_BY_TEXT``) — and, given a
    ``stored`` place, once for all: what it holds is read, what is new is kept there;
    returns the sentences encoded."""
    wanted: dict[int, tuple[DocumentVectors, set[int]]] = {}
    for vectors, rows in jobs:
        entry = wanted.setdefault(id(vectors), (vectors, set()))
        entry[1].update(r for r in rows if r not in vectors._minilm)
    batches = [(vectors, sorted(rows)) for vectors, rows in wanted.values() if rows]
    if not batches:
        return 0
    device = batches[0][0].settings.device
    texts = [vectors.sentences[r] for vectors, rows in batches for r in rows]
    known = _MINILM_BY_TEXT.setdefault(device, {})
    new = [text for text in dict.fromkeys(texts) if text not in known]
    kept: dict[str, np.ndarray] = {}
    model = minilm_vector_key(device) if stored is not None and new else ""
    if stored is not None and model:
        kept = stored.judged_vectors(model, new)
        new = [text for text in new if text not in kept]
    encoded = dict(zip(new, minilm_encoder(device).encode(new), strict=True)) if new else {}
    if stored is not None and encoded:
        stored.add_judged_vectors(model, encoded)
    fresh = kept | encoded
    at = 0
    for vectors, rows in batches:
        vectors._minilm.update((r, fresh.get(texts[at + k], known.get(texts[at + k]))) for k, r in enumerate(rows))
        at += len(rows)
    for text, vector in fresh.items():
        if len(known) >= _MINILM_BY_TEXT_LIMIT:
            known.pop(next(iter(known)))  # the oldest: a bounded cache
        known[text] = vector
    return len(new)


# MiniLM vectors of sentences already encoded in this process, by device and text (copies
# repeat sentences across batches: 13% of the sentences encoded in a 10k-document scan).
_MINILM_BY_TEXT: dict[str, dict[str, np.ndarray]] = {}
_MINILM_BY_TEXT_LIMIT = 50_000  # 384 floats each: about 75 MB at most


def static_sentence_vectors(text: str) -> np.ndarray:
    """Static vectors of a document's sentences (those of ``segment``; float16: they only
    propose candidates)."""
    return static_sentence_vectors_batch([text])[0]


def static_sentence_vectors_batch(texts: Sequence[str]) -> list[np.ndarray]:
    """``static_sentence_vectors`` of many documents, encoded in one call (per call the
    encoder has a fixed cost that thousands of short documents would each pay)."""
    per_document = [sentence_words(text) for text in texts]
    vectors = static_vectors_of_words([sentence for sentences in per_document for sentence in sentences]).astype(np.float16)
    ends = np.cumsum([len(sentences) for sentences in per_document])
    return np.split(vectors, ends[:-1]) if len(texts) else []


def static_vectors_of_words(sentence_word_lists: Sequence[Sequence[str]]) -> np.ndarray:
    """Static vectors of sentences given as their words, those too short to mean much zeroed."""
    vectors = static_encoder().encode_words(sentence_word_lists)
    return without_short(vectors, [len(w) for w in sentence_word_lists])


def without_short(vectors: np.ndarray, word_counts: Sequence[int]) -> np.ndarray:
    """The vectors with those of sentences under ``MIN_SENTENCE_WORDS`` words zeroed."""
    short = np.asarray(word_counts, dtype=np.int64) < MIN_SENTENCE_WORDS
    if short.any():
        vectors = vectors.copy()
        vectors[short] = 0.0
    return vectors


def embed_texts(texts: dict[str, str]) -> dict[str, tuple[np.ndarray, str]]:
    """Static sentence vectors and the detected language of each document (by id)."""
    vectors = static_sentence_vectors_batch(list(texts.values()))
    return {doc: (v, detect_language(text)) for (doc, text), v in zip(texts.items(), vectors, strict=True)}
