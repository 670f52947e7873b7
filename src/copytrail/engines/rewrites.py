"""The local engine's rewrite pass (``scan --semantic``): passages that documents of one
language share in other words, in the languages the English semantic model does not cover
(and in English too when the scan also searches translations: every document has its
multilingual vectors then).

A rewrite restates every sentence, so it shares few runs of words with its source and the
lexical search rarely meets it.  Prepared once per scan when the store holds originals in
such languages: every sentence of theirs gets its multilingual vector (kept in the store by
sentence text, as the cross-lingual pass keeps them), less its own document's mean (what a
document says as a whole, its topic), and one index per language holds them.  Each batch
then asks for the documents whose sentences meet its documents' sentences there, two or more
pairs of them at ``rewrite_link`` or more, and judges those pairs sentence by sentence
(``stages.crosslingual.rewritten_runs``); a passage that overlaps what the pair already
shares is left out, unless all it overlaps are paraphrases it holds whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import numpy as np

from copytrail.engines.crosslingual import original_languages
from copytrail.records import Alignment
from copytrail.stages.align.pairs import DocMeta, orient, to_alignments
from copytrail.stages.crosslingual.settings import CrossLingualSettings
from copytrail.stages.crosslingual.space import PassageTuple
from copytrail.store import Store

Timer = Callable[[str], AbstractContextManager[object]]
NEAREST = 8  # nearest sentences of its language each sentence is looked up with


@dataclass
class RewriteCounts:
    """What the pass did, for the scan's summary."""

    documents: int = 0  # originals in languages the English model does not cover
    pairs_judged: int = 0
    alignments: int = 0


class RewritePass:
    """The rewrite search of one scan (see the module's docstring)."""

    def __init__(
        self, store: Store, settings: CrossLingualSettings, device: str, counts: RewriteCounts, timed: Timer, every_language: bool = False
    ) -> None:
        from copytrail.stages.crosslingual import document_sentences
        from copytrail.stages.crosslingual.space import self_centred, sentence_index
        from copytrail.stages.semantic import model_covers

        self.store, self.settings, self.counts = store, settings, counts
        self.language = {doc: lang for doc, lang in original_languages(store).items() if lang != "und" and (every_language or not model_covers(lang))}
        counts.documents = len(self.language)
        self.indexes: dict[str, tuple[object, np.ndarray, np.ndarray]] = {}
        if not self.language:
            return
        with timed("rewrite vectors"):
            texts = store.texts(sorted(self.language))
            self.sentences, _ = document_sentences(texts, settings.min_words, device, store)
        self.docs = sorted(d for d in self.sentences if self.sentences[d].usable.sum() >= 3)
        self.number = {doc: k for k, doc in enumerate(self.docs)}
        self.centred = {doc: self_centred(self.sentences[doc]) for doc in self.docs}
        with timed("rewrite index"):
            for lang in sorted({self.language[d] for d in self.docs}):
                members = [d for d in self.docs if self.language[d] == lang]
                rows = [np.flatnonzero(self.sentences[d].usable) for d in members]
                matrix = np.ascontiguousarray(np.vstack([self.centred[d][r] for d, r in zip(members, rows, strict=True)]))
                owner = np.concatenate([np.full(len(r), self.number[d], dtype=np.int64) for d, r in zip(members, rows, strict=True)])
                self.indexes[lang] = (sentence_index(matrix), owner, np.concatenate(rows))

    def candidates(self, batch: Sequence[str], done: set[str]) -> list[tuple[str, str]]:
        """Pairs of a batch document and a document aligned before it or beside it in the
        batch, of one language, whose sentences meet two or more times at ``rewrite_link``."""
        import faiss

        in_batch = set(batch)
        met: dict[tuple[str, str], set[tuple[int, int]]] = {}
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            for doc in batch:
                if doc not in self.number:
                    continue
                index, owner, sentence = self.indexes[self.language[doc]]
                mine = np.flatnonzero(self.sentences[doc].usable)
                sims, found = index.search(np.ascontiguousarray(self.centred[doc][mine]), min(NEAREST, index.ntotal))  # type: ignore[attr-defined]
                for q, j in zip(*np.nonzero((found >= 0) & (sims >= self.settings.rewrite_link)), strict=True):
                    row = int(found[q, j])
                    other = self.docs[owner[row]]
                    if other != doc and (other in done or other in in_batch):
                        ends = (int(mine[q]), int(sentence[row])) if doc < other else (int(sentence[row]), int(mine[q]))
                        met.setdefault((min(doc, other), max(doc, other)), set()).add(ends)
        finally:
            faiss.omp_set_num_threads(threads)
        return sorted(pair for pair, sentence_pairs in met.items() if len(sentence_pairs) >= 2)

    def alignments(self, batch: Sequence[str], done: set[str], found: list[Alignment], timed: Timer) -> list[Alignment]:
        """``found`` (the batch's alignments) with the rewritten passages of the batch's
        candidate pairs added where they overlap nothing found, or only paraphrases they
        hold whole (which they replace)."""
        from copytrail.stages.crosslingual.pair import merge_rewrites, rewritten_runs

        if not self.indexes:
            return found
        with timed("rewrite search"):
            pairs = self.candidates(batch, done)
        if not pairs:
            return found
        meta = {
            r["id"]: DocMeta(r["published"], r["seq"])
            for r in self.store.query(
                "SELECT id, published, seq FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [sorted({d for p in pairs for d in p})]
            )
        }
        out = list(found)
        with timed("rewrite judge"):
            for a, b in pairs:
                self.counts.pairs_judged += 1
                passages = rewritten_runs(self.sentences[a], self.sentences[b], self.settings)
                if not passages:
                    continue
                of_pair = [k for k, old in enumerate(out) if {old.source.doc, old.target.doc} == {a, b}]
                replaced, added = merge_rewrites([_spans(out[k], a) for k in of_pair], passages)
                dropped = {of_pair[r] for r in replaced}
                a_is_source, ordered = orient(a, meta[a], b, meta[b])
                out = [old for k, old in enumerate(out) if k not in dropped] + to_alignments(a, b, added, a_is_source, ordered)
                self.counts.alignments += len(added)
        return out


def _spans(alignment: Alignment, a: str) -> tuple[int, int, int, int, str]:
    """An alignment of ``a`` and another document as ``(a start, a end, other start, other end, kind)``."""
    mine, other = (alignment.source, alignment.target) if alignment.source.doc == a else (alignment.target, alignment.source)
    return (mine.start, mine.end, other.start, other.end, alignment.kind)


NEAR_STATIC = 0.6  # static cosine at which a stored sentence is near a checked one (``check --semantic``)
CHECK_PARTNERS = 5  # stored documents nearest a checked text that the multilingual judge reads
NEAREST_SENTENCES = 32  # stored sentences looked at per checked sentence (static vectors place a rewrite's among many)
# stored documents of the checked text's language searched by static vectors, at most: their
# sentence vectors are held in memory, float32 (about 17 KB a document: 21,000 take 365 MB)
NEAREST_UP_TO = 30_000
_nearest_index: dict[tuple[str, int], Any] = {}  # the last index built, for the next check in this process


def check_rewritten(store: Store, text: str, settings: CrossLingualSettings, device: str = "cpu") -> dict[str, list[PassageTuple]]:
    """Stored documents of ``text``'s language that it rewrites (``check --semantic``), with
    the passages as ``(stored start, stored end, text start, text end, …)``.  Searched: the
    documents whose multilingual vectors the store keeps (a semantic scan keeps them outside
    English, a cross-lingual one everywhere), and in a language the English model covers the
    few whose sentences its static vectors find nearest the text's (``_nearest_documents``),
    encoded for this check and not kept.  A check never changes the store."""
    from copytrail.stages.crosslingual import document_sentences
    from copytrail.stages.crosslingual.encoder import sibling_keys, vector_key
    from copytrail.stages.crosslingual.pair import rewritten_runs
    from copytrail.stages.language import detect_language
    from copytrail.stages.semantic import model_covers

    language = detect_language(text)
    if language == "und":
        return {}
    stored = sorted(doc for doc, lang in original_languages(store).items() if lang == language)
    if not stored:
        return {}
    keys = (vector_key(device), *sibling_keys(device))
    texts = store.texts(stored) if store.keeps_judged_vectors(keys) else {}
    wanted = {doc: _usable_sentences(t, settings.min_words) for doc, t in texts.items()}
    known: dict[str, np.ndarray] = {}
    for key in keys if wanted else ():
        known.update(store.judged_vectors(key, sorted({s for v in wanted.values() for s in v} - known.keys())))
    kept = {doc: texts[doc] for doc, sentences in wanted.items() if sentences and all(s in known for s in sentences)}
    if model_covers(language) and _static_model_installed():
        nearest = [doc for doc in _nearest_documents(store, text, stored) if doc not in kept]
        kept.update(store.texts(nearest))
    if not kept:
        return {}
    query = "\x00checked"
    sentences, _ = document_sentences({**kept, query: text}, settings.min_words, device, _Loaded(known))
    found: dict[str, list[PassageTuple]] = {}
    for doc in kept:
        passages = rewritten_runs(sentences[doc], sentences[query], settings)
        if passages:
            found[doc] = passages
    return found


def _static_model_installed() -> bool:
    """Whether the English model's static vectors can be made here (the semantic extra; the
    cross-lingual extra alone has the multilingual judge without them)."""
    import importlib.util

    return importlib.util.find_spec("model2vec") is not None


def _nearest_documents(store: Store, text: str, candidates: Sequence[str]) -> list[str]:
    """Of ``candidates``, the few (``CHECK_PARTNERS``) whose sentences the English model's
    static vectors put nearest ``text``'s: three of its sentences with one of theirs among
    their nearest at ``NEAR_STATIC``, two of them close together in both texts (as a scan's
    meaning search pairs documents, at a cosine a rewrite reaches).  The vectors a semantic
    scan stored are read, the others made for this check; a store holding more than
    ``NEAREST_UP_TO`` documents of the language is not searched this way (their vectors would
    not fit a check's memory).  The index is kept for the next check in this process (the web
    app's check workers) while the store holds the same documents of the language."""
    from copytrail.stages.semantic import SentenceIndex, static_sentence_vectors_batch

    if not candidates or len(candidates) > NEAREST_UP_TO:
        return []
    key = (str(getattr(store, "path", "")), hash(tuple(candidates)))
    index = _nearest_index.get(key)
    if index is None:
        vectors = store.sentence_vectors(candidates)
        missing = [doc for doc in candidates if doc not in vectors]
        if missing:
            texts = store.texts(missing)
            vectors.update(zip(missing, static_sentence_vectors_batch([texts[d] for d in missing]), strict=True))
        # exact search: a few query sentences against every stored one cost little, and a
        # rewrite's sentences sit at cosines an approximate index tuned for copies misses
        index = SentenceIndex({doc: np.asarray(v, dtype=np.float32) for doc, v in vectors.items()}, exact_up_to=1 << 62)
        _nearest_index.clear()
        _nearest_index[key] = index
    query = "\x00checked"
    pairs = index.pairs({query: static_sentence_vectors_batch([text])[0]}, threshold=NEAR_STATIC, k=NEAREST_SENTENCES, partners=CHECK_PARTNERS)
    return sorted(doc for pair in pairs for doc in pair if doc != query)


def merge_into_matches(matches: Sequence[Any], found: dict[str, list[PassageTuple]]) -> dict[str, list[PassageTuple]]:
    """``found`` (a checked text's rewritten passages, by stored document) merged into its
    matches (``api.CheckMatch``: ``doc``, ``passages``) as a scan and ``compare`` merge them
    (``stages.crosslingual.pair.merge_rewrites``): a rewrite overlapping only paraphrases it
    holds whole replaces them, one overlapping anything else is left out.  Returns the
    rewrites still to add."""
    from copytrail.stages.crosslingual.pair import merge_rewrites, passage_spans

    by_doc = {m.doc: m for m in matches}
    kept: dict[str, list[PassageTuple]] = {}
    for doc, passages in found.items():
        match = by_doc.get(doc)
        replaced, added = merge_rewrites(passage_spans(match.passages) if match is not None else [], passages)
        if match is not None and replaced:
            match.passages[:] = [q for k, q in enumerate(match.passages) if k not in replaced]
        if added:
            kept[doc] = added
    return kept


class _Loaded:
    """Vectors read from the store once, served to ``document_sentences`` and never written
    (``check`` leaves the store as it was)."""

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    def judged_vectors(self, model: str, sentences: Sequence[str]) -> dict[str, np.ndarray]:
        return {s: self.vectors[s] for s in sentences if s in self.vectors}

    def add_judged_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        return None


def _usable_sentences(text: str, min_words: int) -> list[str]:
    """The sentences of ``text`` that get a multilingual vector."""
    from copytrail.stages.crosslingual import sentence_spans

    starts, ends, _, usable = sentence_spans(text, min_words)
    return [text[s:e] for s, e, ok in zip(starts.tolist(), ends.tolist(), usable.tolist(), strict=True) if ok]
