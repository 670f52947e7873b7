"""Sentences of a document as the cross-lingual layer sees them, and their vectors, made
once: a store keeps every vector by sentence text, so a rescan encodes nothing again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import regex

from copytrail.stages.crosslingual.encoder import (
    DIMS,
    multilingual_encoder,
    sibling_keys,
    vector_key,
)
from copytrail.stages.segment import segment, words


class VectorKeeper(Protocol):
    """Where vectors outlive a scan (``copytrail.store.Store``: its ``judged_sentences`` table)."""

    def judged_vectors(self, model: str, sentences: Sequence[str]) -> dict[str, np.ndarray]: ...

    def add_judged_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None: ...


@dataclass(frozen=True, slots=True)
class DocumentSentences:
    """One document's sentences: ``[start, end)`` offsets into its text, whether each is
    long enough to be linked (``usable``), and one vector per sentence (zero when unusable)."""

    starts: np.ndarray
    ends: np.ndarray  # after the sentence's closing punctuation (a passage ends there)
    words: np.ndarray
    usable: np.ndarray
    vectors: np.ndarray
    numbers: tuple[frozenset[str], ...]  # each sentence's figures (digits of any script read as ASCII)

    def __len__(self) -> int:
        return len(self.starts)


# what closes a sentence after its last word: a passage ends after it, as a reader marks it
_CLOSERS = regex.compile(r"[.!?\u2026\u3002\uFF01\uFF1F\uFF0E\uFF61\u061F\u06D4\u0964\u0965\u0589\u1362\u1367\u104B\u17D4\"'\u201D\u2019\u00BB)\]]*")


def sentence_spans(text: str, min_words: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each sentence's start, end (its last word's end: what is encoded), word count and
    whether it says enough to be linked: at least ``min_words`` words and ``4 * min_words``
    characters (a script written without spaces counts each character as a word, so the
    characters decide there)."""
    sentences = segment(text).sentences
    starts = np.array([s.start for s in sentences], dtype=np.int64)
    ends = np.array([s.end for s in sentences], dtype=np.int64)
    words = np.array([s.last - s.first for s in sentences], dtype=np.int64)
    usable = (words >= min_words) & (ends - starts >= 4 * min_words)
    return starts, ends, words, usable


def sentence_numbers(sentence: str) -> frozenset[str]:
    """The figures a sentence states, as digit strings without leading zeros: an anchor
    that survives translation (the segment stage reads digits of every script as ASCII)."""
    return frozenset(word.lstrip("0") or "0" for word in words(sentence) if word.isdigit() and word.isascii())


def document_sentences(
    texts: Mapping[str, str], min_words: int, device: str = "cpu", keeper: VectorKeeper | None = None
) -> tuple[dict[str, DocumentSentences], int]:
    """Every document's sentences with their vectors; vectors ``keeper`` holds are read (the
    engine in use's, else another engine's: ``sibling_keys``), the others encoded (each
    distinct sentence once) and given to it.  Returns the
    documents and the number of sentences encoded."""
    spans = {doc: sentence_spans(text, min_words) for doc, text in texts.items()}
    wanted = list(
        dict.fromkeys(
            texts[doc][s:e] for doc, (starts, ends, _, usable) in spans.items() for s, e, ok in zip(starts, ends, usable, strict=True) if ok
        )
    )
    known = keeper.judged_vectors(vector_key(device), wanted) if keeper is not None and wanted else {}
    for sibling in sibling_keys(device) if keeper is not None else ():
        missing = [sentence for sentence in wanted if sentence not in known]
        if not missing:
            break
        known.update(keeper.judged_vectors(sibling, missing))
    new = [sentence for sentence in wanted if sentence not in known]
    if new:
        made = dict(zip(new, multilingual_encoder(device).encode(new), strict=True))
        if keeper is not None:
            keeper.add_judged_vectors(vector_key(device), made)
        known.update(made)
    out: dict[str, DocumentSentences] = {}
    for doc, (starts, ends, counts, usable) in spans.items():
        vectors = np.zeros((len(starts), DIMS), dtype=np.float32)
        text = texts[doc]
        for row in np.flatnonzero(usable).tolist():
            vectors[row] = known[text[starts[row] : ends[row]]]
        figures = tuple(sentence_numbers(text[s:e]) for s, e in zip(starts.tolist(), ends.tolist(), strict=True))
        closed = np.array([_CLOSERS.match(text, end).end() for end in ends.tolist()], dtype=np.int64)
        out[doc] = DocumentSentences(starts, closed, counts, usable, vectors, figures)
    return out, len(new)
