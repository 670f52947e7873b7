"""The local engine's cross-lingual pass (``scan --cross-lingual``): passages of one
language that translate a passage of another, stored as alignments of kind ``translated``.

Prepared once per scan, before the first batch is aligned: when the store's originals are
in two or more languages, every original's sentences get multilingual vectors (stored by
sentence text: a rescan encodes nothing again) and one ``TranslationSpace`` is built over
all of them.  Each batch then asks it for the pairs its documents may share a translation
with (nearest-neighbour search, never all pairs) and judges those pairs sentence by
sentence; the alignments go into the batch's transaction, so a killed scan leaves no
document marked done without them.  A store in one language needs no vectors at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

import numpy as np

from copytrail.records import Alignment
from copytrail.stages.align.pairs import DocMeta, orient, to_alignments
from copytrail.stages.crosslingual.settings import CrossLingualSettings
from copytrail.stages.crosslingual.space import PassageTuple
from copytrail.store import Store

Timer = Callable[[str], AbstractContextManager[object]]


@dataclass
class CrossLingualCounts:
    """What the pass did, for the scan's summary."""

    languages: int = 0  # distinct languages among the store's originals
    sentences_encoded: int = 0  # multilingual vectors made this scan (the others were stored)
    pairs_judged: int = 0  # document pairs of two languages judged sentence by sentence
    alignments: int = 0  # translated passages found


def original_languages(store: Store) -> dict[str, str]:
    """Each original document's language, as ingest stored it."""
    rows = store.query("SELECT id, language FROM documents WHERE duplicate_of IS NULL")
    return {r["id"]: r["language"] or "und" for r in rows}


class CrossLingualPass:
    """The translation search of one scan (see the module's docstring)."""

    def __init__(self, store: Store, settings: CrossLingualSettings, counts: CrossLingualCounts, timed: Timer) -> None:
        from copytrail.stages.crosslingual import TranslationSpace, document_sentences

        self.store, self.settings, self.counts = store, settings, counts
        languages = original_languages(store)
        known = {doc: lang for doc, lang in languages.items() if lang != "und"}
        counts.languages = len(set(known.values()))
        self.space: TranslationSpace | None = None
        if counts.languages < 2:
            return
        with timed("vectors"):
            texts = store.texts(sorted(known))
            sentences, counts.sentences_encoded = document_sentences(texts, settings.min_words, settings.device, store)
        with timed("index"):
            self.space = TranslationSpace(sentences, known, settings)

    def alignments(self, batch: Sequence[str], done: set[str], timed: Timer) -> list[Alignment]:
        """Translated passages between the batch's documents and those aligned before them
        (``done``) or beside them in the batch, each pair once."""
        if self.space is None:
            return []
        in_batch = set(batch)
        with timed("search"):
            pairs = sorted(
                (a, b)
                for a, b in self.space.candidates(batch)
                if (a in in_batch or a in done) and (b in in_batch or b in done)
            )
        if not pairs:
            return []
        meta = {
            r["id"]: DocMeta(r["published"], r["seq"])
            for r in self.store.query(
                "SELECT id, published, seq FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                [sorted({d for pair in pairs for d in pair})],
            )
        }
        found: list[Alignment] = []
        with timed("judge"):
            for a, b in pairs:
                passages = self.space.passages(a, b)
                self.counts.pairs_judged += 1
                if passages:
                    a_is_source, ordered = orient(a, meta[a], b, meta[b])
                    found.extend(to_alignments(a, b, passages, a_is_source, ordered))
        self.counts.alignments += len(found)
        return found


class _ReadOnlyKeeper:
    """The store's kept vectors, read but never written (``check`` leaves the store as it was)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def judged_vectors(self, model: str, sentences: Sequence[str]) -> dict[str, np.ndarray]:
        return self.store.judged_vectors(model, sentences)

    def add_judged_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        return None


def compare_translated(a_text: str, b_text: str, settings: CrossLingualSettings) -> tuple[list[PassageTuple], tuple[str, str]]:
    """Translated passages between two texts (``compare --cross-lingual``), ``a`` spans first,
    and the two texts' languages (none when both are in one language)."""
    from copytrail.stages.crosslingual import translated_passages
    from copytrail.stages.language import detect_language

    languages = (detect_language(a_text), detect_language(b_text))
    if languages[0] == languages[1]:
        return [], languages
    found = translated_passages({"a": a_text, "b": b_text}, {"a": languages[0], "b": languages[1]}, "a", settings)
    return found.get("b", []), languages


def check_translated(store: Store, text: str, settings: CrossLingualSettings) -> dict[str, list[PassageTuple]]:
    """Stored documents of another language that ``text`` translates a passage of, with the
    passages as ``(stored start, stored end, text start, text end, …)``.  Vectors kept by a
    ``--cross-lingual`` scan are reused; the others are made and not kept."""
    from copytrail.stages.crosslingual import translated_passages
    from copytrail.stages.language import detect_language

    language = detect_language(text)
    stored = {doc: lang for doc, lang in original_languages(store).items() if lang not in ("und", language)}
    if language == "und" or not stored:
        return {}
    query = "\x00checked"
    texts = {**store.texts(sorted(stored)), query: text}
    found = translated_passages(texts, {**stored, query: language}, query, settings, _ReadOnlyKeeper(store))
    return {doc: [(b0, b1, a0, a1, kind, score, words) for a0, a1, b0, b1, kind, score, words in passages] for doc, passages in found.items()}
