"""The local engine's embedding pass (semantic scans): static sentence vectors of every
new document, made on every core, most of them while ingest reads the next files, stored
so that a rescan embeds nothing again."""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor

import numpy as np

from copytrail.engines.pool import process_pool, shares
from copytrail.engines.reporting import Progress, ScanResult
from copytrail.store import Store

Embedded = dict[str, tuple[np.ndarray, str]]  # document -> (static sentence vectors, language)


class BackgroundEmbedder:
    """Static sentence vectors of each ingested batch, made by worker processes while this
    process reads and sketches the next files (ingest runs on one core; the others would
    idle).  Results are stored as they come, at most two batches per worker in flight, so
    memory stays flat however large the corpus."""

    def __init__(self, store: Store, result: ScanResult, workers: int, progress: Progress) -> None:
        self.store, self.result, self.workers, self.progress = store, result, workers, progress
        self.pool: ProcessPoolExecutor | None = None
        self.running: deque[Future[Embedded]] = deque()
        self.sentences = 0
        self.documents = 0

    def submit(self, texts: dict[str, str]) -> None:
        """Embed a stored batch's originals (document id -> text) on the workers."""
        if self.workers < 2 or not texts:
            return  # on one core there is nothing to overlap: embed_new does it all
        from copytrail.stages.semantic import embed_texts, static_encoder

        if self.pool is None:
            static_encoder()  # made (distilled on first use) here, before any worker needs it
            self.pool = process_pool(self.workers)
        self._collect(limit=2 * self.workers)
        self.running.extend(self.pool.submit(embed_texts, share) for share in shares(texts, self.workers))

    def _collect(self, limit: int) -> None:
        """Store finished results, waiting for the oldest while more than ``limit`` run."""
        while self.running and (self.running[0].done() or len(self.running) > limit):
            made = self.running.popleft().result()
            self.sentences += _store_vectors(self.store, made, self.result)
            self.documents += len(made)
            self.progress("embedding", self.documents, None)

    def finish(self) -> int:
        """Wait for and store everything submitted; the sentences embedded."""
        self._collect(limit=0)
        return self.sentences

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def _store_vectors(store: Store, made: Embedded, result: ScanResult) -> int:
    """Store documents' static sentence vectors and count the languages the model does not
    cover; returns the sentences stored."""
    from copytrail.stages.semantic import model_covers

    vectors = {doc: v for doc, (v, _) in made.items()}
    for doc, (_, language) in made.items():
        if not model_covers(language):
            result.languages_outside[language] = result.languages_outside.get(language, 0) + 1
            if len(result.outside_examples) < 5:
                result.outside_examples.append((doc, language))
    with store.transaction():
        store.add_sentence_vectors(vectors)
    return sum(len(v) for v in vectors.values())


def embed_new(
    store: Store,
    batch_size: int,
    workers: int,
    result: ScanResult,
    progress: Progress,
    embedder: BackgroundEmbedder | None = None,
) -> int:
    """Static sentence vectors of documents that have none yet (stored: a rescan re-embeds
    nothing), made on ``workers`` processes — most of them already while ingesting
    (``embedder``); returns the sentences embedded.  Documents in a language the model does
    not cover are counted in ``result`` (their paraphrases may be missed)."""
    sentences = embedder.finish() if embedder is not None else 0
    missing = store.docs_without_vectors()
    if missing:
        sentences += _embed_missing(store, batch_size, workers, result, progress, missing)
    if result.outside_examples:  # shown by citation: the path as the user named the file, and the record
        from copytrail.store.queries import citations

        cited = citations(store, [doc for doc, _ in result.outside_examples])
        result.outside_examples = [(str(cited[doc]) if doc in cited else doc, language) for doc, language in result.outside_examples]
    return sentences


def _embed_missing(
    store: Store, batch_size: int, workers: int, result: ScanResult, progress: Progress, missing: list[str]
) -> int:
    """Embed and store ``missing`` documents, a batch at a time (on the workers if several)."""
    from copytrail.stages.semantic import embed_texts, static_encoder

    static_encoder()  # made (distilled on first use) here, before any worker needs it
    sentences = 0
    step = max(1, batch_size)
    pool = process_pool(workers) if workers > 1 and len(missing) > step else None
    try:
        for start in range(0, len(missing), step):
            chunk = missing[start : start + step]
            texts = store.texts(chunk)
            if pool is None:
                made = embed_texts(texts)
            else:
                made = {doc: v for share in pool.map(embed_texts, shares(texts, workers)) for doc, v in share.items()}
            sentences += _store_vectors(store, made, result)
            progress("embedding", min(start + step, len(missing)), len(missing))
    finally:
        if pool is not None:
            pool.shutdown()
    return sentences
