"""Aligning the pairs a scan found by meaning alone (no shared n-gram made them candidates).

Most such pairs need no MiniLM at all: aligned lexically, they hold no proposal worth
confirming (``semantic_plan``), and MiniLM's pass would add nothing
(``align_without_minilm``, run on the worker processes).  The others are aligned together
(``align_with_minilm``), in passes, so that MiniLM encodes whole batches: every pair is
aligned lexically and its worthwhile proposals planned; all planned sentences are encoded
together; the sentences of every candidate passage (clusters of confirmed pairs) are
encoded together; then each pair is finished.

The store is reached only through ``MeaningStore``: texts, stored static vectors, and the
MiniLM vectors kept from earlier scans.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Protocol

import numpy as np

from copytrail.stages.align import (
    AlignSettings,
    PairInProgress,
    Prepared,
    finish_pair,
    semantic_fragments,
    semantic_plan,
    semantic_spans,
    start_pair,
)
from copytrail.stages.align.pairs import (
    PassageTuple,
    PreparedCache,
    content_first,
    in_content_order,
    passage_tuples,
    swap_sides,
)
from copytrail.stages.semantic.paraphrases import PairParaphrases
from copytrail.stages.semantic.settings import SemanticSettings
from copytrail.stages.semantic.vectors import (
    DocumentVectors,
    MiniLMVectorStore,
    encode_minilm_rows,
    encode_planned_pairs,
    sentence_texts,
)


class MeaningStore(MiniLMVectorStore, Protocol):
    """What aligning pairs by meaning reads from the store (``copytrail.store.Store``)."""

    def texts(self, ids: Sequence[str]) -> dict[str, str]: ...

    def sentence_vectors(self, ids: Sequence[str] | None = None) -> dict[str, np.ndarray]: ...


Timer = Callable[[str], AbstractContextManager[object]]
"""``with timed("part"):`` adds the time spent inside to that part (the engine's stage clock)."""

MeaningJob = tuple[str, str, str, str, AlignSettings, SemanticSettings, "np.ndarray | None", "np.ndarray | None"]
JobMap = Callable[
    [Callable[[MeaningJob], "list[PassageTuple] | None"], list[MeaningJob]], "list[list[PassageTuple] | None]"
]
"""Runs a job function over jobs elsewhere (the engine's worker processes), results in order."""


def _untimed(part: str) -> AbstractContextManager[object]:
    return nullcontext()


def align_without_minilm(
    a_id: str,
    a_text: str,
    b_id: str,
    b_text: str,
    align: AlignSettings,
    semantic: SemanticSettings,
    a_static: np.ndarray | None,
    b_static: np.ndarray | None,
    cache: PreparedCache | None = None,
) -> list[PassageTuple] | None:
    """A pair found by meaning, aligned lexically when MiniLM has nothing to look at in it
    (no proposal worth confirming: ``semantic_plan``), else ``None``.

    Most such pairs are settled here, on the worker processes: with no plan MiniLM's pass
    adds no passage to what lexical alignment finds.  Only the others need MiniLM, in one
    batch in the scanning process (``align_with_minilm``).
    """
    a, b, swapped = in_content_order(a_id, a_text, b_id, b_text, align.seed_run_words, cache)
    if swapped:
        a_static, b_static = b_static, a_static
    pair = start_pair(a, b, align)
    if pair is None:
        return []
    finder = PairParaphrases(
        DocumentVectors(sentence_texts(a.text, a.seg), semantic, a_static),
        DocumentVectors(sentence_texts(b.text, b.seg), semantic, b_static),
    )
    if semantic_plan(finder, pair, align):
        return None
    passages = passage_tuples(finish_pair(pair, align))
    return swap_sides(passages) if swapped else passages


def align_meaning_job(job: MeaningJob) -> list[PassageTuple] | None:
    """``align_without_minilm`` of one job tuple (what worker processes are sent)."""
    return align_without_minilm(*job)


def align_meaning_pairs(
    store: MeaningStore,
    pairs: Sequence[tuple[str, str]],
    align: AlignSettings,
    semantic: SemanticSettings,
    vectors: dict[str, np.ndarray],
    timed: Timer = _untimed,
    cache: PreparedCache | None = None,
    spread: JobMap | None = None,
) -> tuple[list[list[PassageTuple]], int]:
    """Pairs found by meaning alone: those MiniLM has nothing to look at in are aligned
    without it (through ``spread``, on the worker processes, when given and worth it), the
    others with it (``align_with_minilm``); each pair's passages in order, and the
    sentences MiniLM encoded.  ``vectors``: the stored static vectors, by document."""
    cache = cache or PreparedCache()
    texts = store.texts(sorted({d for pair in pairs for d in pair}))
    jobs = [(a, texts[a], b, texts[b], align, semantic, vectors.get(a), vectors.get(b)) for a, b in pairs]
    with timed("of which without the judge"):
        if spread is not None and len(jobs) > 8:
            first = spread(align_meaning_job, jobs)
        else:
            first = [align_without_minilm(*job, cache=cache) for job in jobs]
    needed = [k for k, passages in enumerate(first) if passages is None]
    outputs = [passages or [] for passages in first]
    encoded = 0
    if needed:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1, user_api="blas"):  # small products: one thread is faster (see engines.pool)
            found, encoded = align_with_minilm(store, [pairs[k] for k in needed], align, semantic, timed, cache)
        for k, passages in zip(needed, found, strict=True):
            outputs[k] = passages
    return outputs, encoded


_Planned = tuple["PairInProgress | None", PairParaphrases, list[tuple[int, int]]]


def align_with_minilm(
    store: MeaningStore,
    pairs: Sequence[tuple[str, str]],
    align: AlignSettings,
    semantic: SemanticSettings,
    timed: Timer = _untimed,
    cache: PreparedCache | None = None,
) -> tuple[list[list[PassageTuple]], int]:
    """Pairs proposed by meaning alone, aligned with MiniLM confirming their paraphrases, in
    passes over all of them (see the module's docstring).  Each document's vectors (static
    ones from the store, MiniLM ones as needed) are made once and shared by all its pairs.
    Returns each pair's passages, in the order each pair was asked in, and the sentences
    MiniLM encoded."""
    docs = sorted({d for pair in pairs for d in pair})
    texts = store.texts(docs)
    cache = cache or PreparedCache()  # the scan's: a document meets partners in many batches
    prepared = {d: cache.get(d, texts[d], align.seed_run_words) for d in docs}
    flipped = [not content_first(a_id, texts[a_id], b_id, texts[b_id]) for a_id, b_id in pairs]
    planned = _plan(pairs, flipped, prepared, _document_vectors(store, docs, texts, prepared, semantic), align)
    with timed("of which judge (MiniLM)"):
        encoded = encode_planned_pairs([(finder.a, finder.b, plan) for _, finder, plan in planned if plan], store)
    spans: list[list[tuple[int, int, int, int]]] = []
    passages_to_encode: list[tuple[DocumentVectors, range]] = []
    for pair, finder, plan in planned:
        found = semantic_spans(finder, pair, align, plan) if pair is not None and plan else []
        spans.append(found)
        for a0, a1, b0, b1 in found:
            passages_to_encode += [(finder.a, range(a0, a1 + 1)), (finder.b, range(b0, b1 + 1))]
    with timed("of which judge (MiniLM)"):
        encoded += encode_minilm_rows(passages_to_encode, store)
    outputs: list[list[PassageTuple]] = []
    for (pair, finder, _), found, flip in zip(planned, spans, flipped, strict=True):
        if pair is None:
            outputs.append([])
            continue
        pair.fragments += semantic_fragments(finder, pair, align, spans=found)
        passages = passage_tuples(finish_pair(pair, align))
        outputs.append(swap_sides(passages) if flip else passages)  # in the order the pair was asked in
    return outputs, encoded


def _document_vectors(
    store: MeaningStore,
    docs: list[str],
    texts: dict[str, str],
    prepared: dict[str, Prepared],
    semantic: SemanticSettings,
) -> dict[str, DocumentVectors]:
    """Each document's vectors, its static ones read from the store."""
    stored = store.sentence_vectors(docs)
    return {d: DocumentVectors(sentence_texts(texts[d], prepared[d].seg), semantic, stored.get(d)) for d in docs}


def _plan(
    pairs: Sequence[tuple[str, str]],
    flipped: Sequence[bool],
    prepared: dict[str, Prepared],
    vectors: dict[str, DocumentVectors],
    align: AlignSettings,
) -> list[_Planned]:
    """Each pair, in content order, aligned lexically, with its paraphrase finder and the
    proposals worth confirming (none for a pair with a side without sentences)."""
    planned: list[_Planned] = []
    for (a_id, b_id), flip in zip(pairs, flipped, strict=True):
        if flip:
            a_id, b_id = b_id, a_id
        pair = start_pair(prepared[a_id], prepared[b_id], align)
        finder = PairParaphrases(vectors[a_id], vectors[b_id])
        plan = semantic_plan(finder, pair, align) if pair is not None else []
        planned.append((pair, finder, plan))
    return planned
