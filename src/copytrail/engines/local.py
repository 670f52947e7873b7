"""The local engine: one machine, all cores, a DuckDB store, batches in transactions.

It drives the pure stage functions (ingest → segment → sketch → candidates → align →
cluster) and is the only place that decides what is done when.  A scan killed at any point
leaves a consistent store: documents are written with their band keys in one transaction and
stay ``pending`` until a later transaction stores their alignments and marks them ``done``.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from copytrail.errors import InputError
from copytrail.records import Alignment, Document, InputProblem
from copytrail.settings import ScanSettings
from copytrail.stages import ingest
from copytrail.stages.align import (
    AlignSettings,
    finish_pair,
    semantic_fragments,
    semantic_plan,
    semantic_spans,
    start_pair,
)
from copytrail.stages.align.pairs import (
    DocMeta,
    PassageTuple,
    PreparedCache,
    align_pair_texts,
    content_first,
    in_content_order,
    orient,
    passage_tuples,
    swap_sides,
    to_alignments,
)
from copytrail.stages.candidates import candidate_pairs
from copytrail.stages.cluster import DocInfo, build_narratives, earliest_confidence
from copytrail.stages.segment import words
from copytrail.stages.sketch import WordHasher, batch_keys
from copytrail.store import Store

if TYPE_CHECKING:
    from copytrail.stages.semantic import SentenceIndex

Progress = Callable[[str, int, int | None], None]
"""``progress(stage, done, total)``: called as work advances; ``total`` None when unknown."""


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass
class ScanResult:
    """What one scan did, for the summary table and for callers."""

    files_seen: int = 0
    files_skipped: int = 0
    files_replaced: int = 0
    documents_added: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, path of original)
    errors: list[InputProblem] = field(default_factory=list)
    documents_aligned: int = 0
    pairs_compared: int = 0
    alignments_added: int = 0
    sentences_embedded: int = 0  # semantic: static vectors made this scan (stored)
    meaning_pairs: int = 0  # semantic: pairs found by meaning alone, not by shared n-grams
    sentences_judged: int = 0  # semantic: sentences the transformer encoded
    languages_outside: dict[str, int] = field(default_factory=dict)  # semantic: language -> documents the model does not cover
    outside_examples: list[tuple[str, str]] = field(default_factory=list)  # (path, language), a few
    narratives: int = 0
    claims_extracted: int = 0  # documents whose claims this scan extracted
    claims: int = 0  # claims in store
    claim_groups: int = 0  # claims stated in more than one document
    claims_differ: int = 0  # of those, groups whose figures or hedges disagree
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage, in order
    semantic_seconds: dict[str, float] = field(default_factory=dict)  # semantic parts of the align stage


def _display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def scan(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    settings: ScanSettings | None = None,
    progress: Progress | None = None,
) -> ScanResult:
    """Ingest ``paths`` into ``store``, align what is new against everything, rebuild narratives."""
    settings = settings or ScanSettings()
    progress = progress or _no_progress
    started = time.perf_counter()
    result = ScanResult()
    clock = _StageClock(result.stage_seconds)
    with clock("settings"):
        _apply_settings(store, settings, progress)
    embedder = _BackgroundEmbedder(store, result, _workers(settings), progress) if settings.semantic else None
    try:
        with clock("ingest"):
            _ingest(paths, store, settings, result, progress, embedder.submit if embedder else None)
        if settings.semantic:
            with clock("embed"):
                result.sentences_embedded = _embed_new(store, settings, result, progress, embedder)
    finally:
        if embedder is not None:
            embedder.close()
    with clock("key index"):
        # before aligning, so that each batch finds its candidates by binary search instead
        # of a scan of every band key; still fresh afterwards, for check
        store.build_key_index()
    with clock("align"):
        _align_pending(store, settings, result, progress)
    with clock("narratives"):
        result.narratives = rebuild_narratives(store)
    if settings.claims:
        with clock("claims"):
            update_claims(store, result, progress)
    result.seconds = time.perf_counter() - started
    return result


class _StageClock:
    """Adds each stage's wall time to a dict (``with clock("align"): ...``)."""

    def __init__(self, into: dict[str, float]) -> None:
        self.into = into

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.into[stage] = self.into.get(stage, 0.0) + time.perf_counter() - started


# ---------------------------------------------------------------------------------- settings


def _apply_settings(store: Store, settings: ScanSettings, progress: Progress) -> None:
    """Recompute what stored results were made with other parameters."""
    with store.transaction():
        sketch_now = settings.fingerprint("sketch")
        sketch_was = store.get_meta("sketch_settings")
        if sketch_was is not None and sketch_was != sketch_now:
            ids = store.reset_sketches()
            hasher = WordHasher()
            for start in range(0, len(ids), settings.batch_size):
                chunk = ids[start : start + settings.batch_size]
                texts = store.texts(chunk)
                store.add_band_keys(chunk, batch_keys([words(texts[i]) for i in chunk], hasher, settings.sketch))
                progress("re-sketching", min(start + len(chunk), len(ids)), len(ids))
            store.reset_alignments()
        store.set_meta("sketch_settings", sketch_now)
        align_now = settings.fingerprint("align") + settings.fingerprint("candidates")
        if settings.semantic:
            align_now += '{"semantic": true}'
        align_was = store.get_meta("align_settings")
        if align_was is not None and align_was != align_now:
            store.reset_alignments()
        store.set_meta("align_settings", align_now)


# ---------------------------------------------------------------------------------- ingest


def _ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    settings: ScanSettings,
    result: ScanResult,
    progress: Progress,
    stored_batch: Callable[[dict[str, str]], None] | None = None,
) -> None:
    """Read, sketch and store every document; ``stored_batch`` gets the texts of each
    stored batch's originals (duplicates left out), once they are committed."""
    hasher = WordHasher()
    batch: list[Document] = []
    batch_files: list[str] = []
    finished_files: list[tuple[str, int, int]] = []
    errors: list[InputProblem] = []
    seen_hashes: dict[str, tuple[str, str]] = {}  # sha1 -> (id, path) within this scan

    def flush() -> None:
        if not batch and not finished_files and not errors:
            return
        stored = store.original_by_hash(sorted({d.sha1 for d in batch}))
        duplicate_of: list[str | None] = []
        to_sketch: list[list[str]] = []
        word_counts: list[int] = []
        for doc in batch:
            norms = words(doc.text)
            word_counts.append(len(norms))
            original = stored.get(doc.sha1)
            if original is None and doc.sha1 in seen_hashes and seen_hashes[doc.sha1][0] != doc.id:
                original = seen_hashes[doc.sha1][0]
            if original is not None and original != doc.id:
                duplicate_of.append(original)
                to_sketch.append([])  # a duplicate is found through its original
                result.duplicates.append((doc.path, seen_hashes.get(doc.sha1, (original, original))[1]))
            else:
                duplicate_of.append(None)
                to_sketch.append(norms)
                seen_hashes.setdefault(doc.sha1, (doc.id, doc.path))
        keys = batch_keys(to_sketch, hasher, settings.sketch)
        with store.transaction():
            store.add_documents(batch, batch_files, word_counts, duplicate_of, keys, store.next_seq())
            for path, size, mtime_ns in finished_files:
                store.clear_errors_for(path)
                store.record_file(path, size, mtime_ns)
            store.add_errors(errors)
        if stored_batch is not None:
            stored_batch({doc.id: doc.text for doc, original in zip(batch, duplicate_of, strict=True) if original is None})
        result.documents_added += len(batch)
        batch.clear()
        batch_files.clear()
        finished_files.clear()
        errors.clear()

    for item in ingest.iter_input_files(paths):
        if isinstance(item, InputProblem):
            _fail(item, settings, result, errors)
            continue
        result.files_seen += 1
        source = item.resolve().as_posix()
        try:
            stat = item.stat()
        except OSError as exc:
            _fail(InputProblem(_display_path(item), exc.strerror or str(exc)), settings, result, errors)
            continue
        state = (stat.st_size, stat.st_mtime_ns)
        known = store.file_state(source)
        if known == state:
            result.files_skipped += 1
            progress("reading", result.files_seen, None)
            continue
        if known is not None:
            with store.transaction():
                promoted = store.forget_file(source)
                # a duplicate that became an original needs the band keys it never had
                texts = store.texts(promoted)
                store.add_band_keys(promoted, batch_keys([words(texts[i]) for i in promoted], hasher, settings.sketch))
            result.files_replaced += 1
        for entry in ingest.read_file(item, _display_path(item)):
            if isinstance(entry, InputProblem):
                _fail(entry, settings, result, errors)
                continue
            batch.append(entry)
            batch_files.append(source)
            if len(batch) >= settings.batch_size:
                flush()
        finished_files.append((source, *state))
        progress("reading", result.files_seen, None)
        if len(finished_files) >= settings.batch_size:
            flush()
    flush()


def _fail(error: InputProblem, settings: ScanSettings, result: ScanResult, pending: list[InputProblem]) -> None:
    result.errors.append(error)
    pending.append(error)
    if settings.strict:
        raise InputError(error.path, error.reason, error.line)




def _shares(texts: dict[str, str], workers: int) -> list[dict[str, str]]:
    """``texts`` dealt out to ``workers`` in turn (documents of a batch differ in size,
    neighbours in input order less so), empty shares left out."""
    items = list(texts.items())
    return [share for share in (dict(items[i::workers]) for i in range(workers)) if share]


def _align_job(job: tuple[str, str, str, str, AlignSettings]) -> list[PassageTuple]:
    return align_pair_texts(*job)


def worker_start() -> None:
    """One thread per worker process for BLAS and OpenMP, torch's included: the workers
    already use every core, and threads within each only contend for them.  numpy's small
    products: the pairs found by meaning took 5.5 s on one process with two BLAS threads,
    4.3 s with one, 1.6-2.3 s on two workers with one each; the MiniLM judge in each of two
    PAN workers: ``pan --semantic`` 255 s with two torch threads each, 64-70 s with one."""
    import sys

    from threadpoolctl import threadpool_limits

    os.environ["OMP_NUM_THREADS"] = "1"  # read by torch when a job first imports it
    threadpool_limits(1)
    torch = sys.modules.get("torch")
    if torch is not None:  # imported before the fork: its own setting
        torch.set_num_threads(1)


MeaningJob = tuple[str, str, str, str, AlignSettings, str, "np.ndarray | None", "np.ndarray | None"]


def align_without_judge(
    a_id: str,
    a_text: str,
    b_id: str,
    b_text: str,
    settings: AlignSettings,
    device: str,
    a_static: np.ndarray | None,
    b_static: np.ndarray | None,
    cache: PreparedCache | None = None,
) -> list[PassageTuple] | None:
    """A pair found by meaning, aligned lexically when the judge has nothing to look at in
    it (no proposal worth confirming: ``semantic_plan``), else ``None``.

    Most such pairs are settled here, on the worker processes: with no plan the judge's
    pass adds no passage to what lexical alignment finds.  Only the others need the judge,
    in one batch in the scanning process (``_align_semantic``).
    """
    from copytrail.stages.semantic import (
        DocumentVectors,
        PairJudge,
        SemanticSettings,
        sentence_texts,
    )

    a, b, swapped = in_content_order(a_id, a_text, b_id, b_text, settings.seed_run_words, cache)
    if swapped:
        a_static, b_static = b_static, a_static
    stage = start_pair(a, b, settings)
    if stage is None:
        return []
    semantic = SemanticSettings(device=device)
    judge = PairJudge(
        DocumentVectors(sentence_texts(a.text, a.seg), semantic, a_static),
        DocumentVectors(sentence_texts(b.text, b.seg), semantic, b_static),
    )
    if semantic_plan(judge, stage, settings):
        return None
    passages = passage_tuples(finish_pair(stage, settings))
    return swap_sides(passages) if swapped else passages


def _meaning_job(job: MeaningJob) -> list[PassageTuple] | None:
    return align_without_judge(*job)



def _workers(settings: ScanSettings) -> int:
    return settings.workers if settings.workers > 0 else max(1, os.cpu_count() or 1)


def _embed_job(texts: dict[str, str]) -> dict[str, tuple[np.ndarray, str]]:
    """Static sentence vectors and the detected language of each document."""
    from copytrail.stages.semantic import detect_language, documents_sentence_vectors

    vectors = documents_sentence_vectors(list(texts.values()))
    return {doc: (v, detect_language(text)) for (doc, text), v in zip(texts.items(), vectors, strict=True)}


class _BackgroundEmbedder:
    """Static sentence vectors of each ingested batch, made by worker processes while this
    process reads and sketches the next files (ingest runs on one core; the others would
    idle).  Results are stored as they come, at most two batches per worker in flight, so
    memory stays flat however large the corpus."""

    def __init__(self, store: Store, result: ScanResult, workers: int, progress: Progress) -> None:
        self.store, self.result, self.workers, self.progress = store, result, workers, progress
        self.pool: ProcessPoolExecutor | None = None
        self.running: deque[Future[dict[str, tuple[np.ndarray, str]]]] = deque()
        self.sentences = 0
        self.documents = 0

    def submit(self, texts: dict[str, str]) -> None:
        if self.workers < 2 or not texts:
            return  # on one core there is nothing to overlap: _embed_new does it all
        if self.pool is None:
            from copytrail.stages.semantic import prefilter

            prefilter()  # made (distilled on first use) here, before any worker needs it
            self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=worker_start)
        self._collect(limit=2 * self.workers)
        self.running.extend(self.pool.submit(_embed_job, share) for share in _shares(texts, self.workers))

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


def _store_vectors(store: Store, made: dict[str, tuple[np.ndarray, str]], result: ScanResult) -> int:
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


def _embed_new(
    store: Store,
    settings: ScanSettings,
    result: ScanResult,
    progress: Progress,
    embedder: _BackgroundEmbedder | None = None,
) -> int:
    """Static sentence vectors of documents that have none yet (stored: a rescan re-embeds
    nothing), made on every core — most of them already while ingesting (``embedder``);
    returns the sentences embedded.  Documents in a language the model does not cover are
    counted in ``result`` (their paraphrases may be missed)."""
    sentences = embedder.finish() if embedder is not None else 0
    missing = store.docs_without_vectors()
    if missing:
        sentences += _embed_missing(store, settings, result, progress, missing)
    if result.outside_examples:  # shown by path, as the user named the files
        ids = [doc for doc, _ in result.outside_examples]
        paths = {r["id"]: r["path"] for r in store.query("SELECT id, path FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])}
        result.outside_examples = [(paths.get(doc, doc), language) for doc, language in result.outside_examples]
    return sentences


def _embed_missing(
    store: Store, settings: ScanSettings, result: ScanResult, progress: Progress, missing: list[str]
) -> int:
    from copytrail.stages.semantic import prefilter

    prefilter()  # made (distilled on first use) here, before any worker needs it
    sentences = 0
    step = max(1, settings.batch_size)
    workers = _workers(settings)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=worker_start) if workers > 1 and len(missing) > step else None
    try:
        for start in range(0, len(missing), step):
            chunk = missing[start : start + step]
            texts = store.texts(chunk)
            if pool is None:
                made = _embed_job(texts)
            else:
                made = {doc: v for share in pool.map(_embed_job, _shares(texts, workers)) for doc, v in share.items()}
            sentences += _store_vectors(store, made, result)
            progress("embedding", min(start + step, len(missing)), len(missing))
    finally:
        if pool is not None:
            pool.shutdown()
    return sentences


def _semantic_pairs(
    batch: Sequence[str], index: SentenceIndex, vectors: dict[str, np.ndarray], settings: ScanSettings
) -> set[tuple[str, str]]:
    """Pairs of a batch's documents with those before them (or each other) close in meaning."""
    mine = {doc: vectors[doc] for doc in batch if doc in vectors}
    index.add(mine)
    return index.pairs(mine, max_gap=settings.align.max_gap)


def _align_semantic(
    store: Store,
    pairs: Sequence[tuple[str, str]],
    settings: ScanSettings,
    clock: _StageClock | None = None,
    cache: PreparedCache | None = None,
) -> tuple[list[list[PassageTuple]], int]:
    """Pairs proposed by meaning alone: aligned with the embedding model as judge.

    In passes, so that the judge runs on whole batches: every pair is aligned lexically and
    its worthwhile proposals planned; all planned sentences are judged together; the
    sentences of every candidate passage (clusters of confirmed pairs) are judged together;
    then each pair is finished.  Each document's vectors (static ones from the store,
    MiniLM ones as the judge needs them) are made once and shared by all its pairs.
    Returns each pair's passages and the sentences the judge encoded.
    """
    from copytrail.stages.semantic import (
        DocumentVectors,
        PairJudge,
        SemanticSettings,
        judge_rows,
        prejudge,
        sentence_texts,
    )

    docs = sorted({d for pair in pairs for d in pair})
    texts = store.texts(docs)
    stored = store.sentence_vectors(docs)
    semantic = SemanticSettings(device=settings.device)
    cache = cache or PreparedCache()  # the scan's: a document meets partners in many batches
    prepared = {d: cache.get(d, texts[d], settings.align.seed_run_words) for d in docs}
    vectors = {
        d: DocumentVectors(sentence_texts(texts[d], prepared[d].seg), semantic, stored.get(d))
        for d in docs
    }
    planned = []
    flipped = [not content_first(a_id, texts[a_id], b_id, texts[b_id]) for a_id, b_id in pairs]
    for (a_id, b_id), flip in zip(pairs, flipped, strict=True):
        if flip:
            a_id, b_id = b_id, a_id
        stage = start_pair(prepared[a_id], prepared[b_id], settings.align)
        judge = PairJudge(vectors[a_id], vectors[b_id])
        plan = semantic_plan(judge, stage, settings.align) if stage is not None else []
        planned.append((stage, judge, plan))
    clock = clock or _StageClock({})
    with clock("of which judge (MiniLM)"):
        judged = prejudge([(judge.a, judge.b, plan) for _, judge, plan in planned if plan], store)
    spans: list[list[tuple[int, int, int, int]]] = []
    passages_to_judge = []
    for stage, judge, plan in planned:
        found = semantic_spans(judge, stage, settings.align, plan) if stage is not None and plan else []
        spans.append(found)
        for a0, a1, b0, b1 in found:
            passages_to_judge += [(judge.a, range(a0, a1 + 1)), (judge.b, range(b0, b1 + 1))]
    with clock("of which judge (MiniLM)"):
        judged += judge_rows(passages_to_judge, store)
    outputs = []
    for (stage, judge, _), found, flip in zip(planned, spans, flipped, strict=True):
        if stage is None:
            outputs.append([])
            continue
        stage.fragments += semantic_fragments(judge, stage, settings.align, spans=found)
        passages = passage_tuples(finish_pair(stage, settings.align))
        outputs.append(swap_sides(passages) if flip else passages)  # in the order the pair was asked in
    return outputs, judged


def _align_meaning_pairs(
    store: Store,
    pairs: Sequence[tuple[str, str]],
    settings: ScanSettings,
    vectors: dict[str, np.ndarray],
    pool: ProcessPoolExecutor | None,
    clock: _StageClock,
    cache: PreparedCache,
) -> tuple[list[list[PassageTuple]], int]:
    """Pairs found by meaning alone: those the judge has nothing to look at in are aligned
    on the worker processes, the others with the judge here (``_align_semantic``); each
    pair's passages in order, and the sentences the judge encoded."""
    texts = store.texts(sorted({d for pair in pairs for d in pair}))
    jobs = [
        (a, texts[a], b, texts[b], settings.align, settings.device, vectors.get(a), vectors.get(b))
        for a, b in pairs
    ]
    with clock("of which without the judge"):
        if pool is not None and len(jobs) > 8:
            first = list(pool.map(_meaning_job, jobs, chunksize=max(1, len(jobs) // (8 * pool._max_workers))))
        else:
            first = [align_without_judge(*job, cache=cache) for job in jobs]
    needed = [k for k, passages in enumerate(first) if passages is None]
    outputs = [passages or [] for passages in first]
    judged = 0
    if needed:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1, user_api="blas"):  # small products: one thread is faster (see worker_start)
            judged_outputs, judged = _align_semantic(store, [pairs[k] for k in needed], settings, clock, cache)
        for k, passages in zip(needed, judged_outputs, strict=True):
            outputs[k] = passages
    return outputs, judged


def _align_pending(store: Store, settings: ScanSettings, result: ScanResult, progress: Progress) -> None:
    semantic_clock = _StageClock(result.semantic_seconds)
    pending = store.pending_ids()
    if not pending:
        return
    cache = PreparedCache()
    sentence_index = None
    vectors = None
    if settings.semantic:
        from copytrail.stages.semantic import SentenceIndex

        vectors = store.sentence_vectors()
        waiting = set(pending)
        with semantic_clock("sentence index"):
            sentence_index = SentenceIndex(vectors, indexed=[doc for doc in vectors if doc not in waiting])
    workers = _workers(settings)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=worker_start) if workers > 1 else None
    try:
        step = max(1, settings.batch_size)
        for start in range(0, len(pending), step):
            batch = pending[start : start + step]
            alignments, compared, meaning, judged = _align_batch(
                store, batch, settings, cache, pool, sentence_index, vectors, semantic_clock
            )
            with store.transaction():
                store.add_alignments(alignments, batch)
            result.documents_aligned += len(batch)
            result.pairs_compared += compared
            result.meaning_pairs += meaning
            result.sentences_judged += judged
            result.alignments_added += len(alignments)
            progress("aligning", min(start + step, len(pending)), len(pending))
    finally:
        if pool is not None:
            pool.shutdown()


def _align_batch(
    store: Store,
    batch: Sequence[str],
    settings: ScanSettings,
    cache: PreparedCache,
    pool: ProcessPoolExecutor | None,
    sentence_index: SentenceIndex | None = None,
    vectors: dict[str, np.ndarray] | None = None,
    semantic_clock: _StageClock | None = None,
) -> tuple[list[Alignment], int, int, int]:
    """Align a batch against the store: alignments, pairs compared, pairs found by meaning
    alone, sentences the semantic judge encoded.  ``sentence_index`` and the stored static
    ``vectors`` come together, for a semantic scan (its parts timed by ``semantic_clock``)."""
    semantic_clock = semantic_clock or _StageClock({})
    keys, holders = store.keys_touching(batch, settings.candidates.max_bucket)
    meaning: set[tuple[str, str]] = set()
    if sentence_index is not None and vectors is not None:
        with semantic_clock("meaning search"):
            meaning = _semantic_pairs(batch, sentence_index, vectors, settings)
    if not len(keys) and not meaning:
        return [], 0, 0, 0
    ids = sorted(set(holders.tolist()) | set(batch) | {d for pair in meaning for d in pair})
    index = {doc_id: i for i, doc_id in enumerate(ids)}
    meta_rows = store.query(
        "SELECT id, status, seq, published FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
    )
    meta = {r["id"]: r for r in meta_rows}
    in_batch = set(batch)
    is_new = np.array([doc_id in in_batch for doc_id in ids], dtype=bool)
    a_idx, b_idx, _ = candidate_pairs(
        keys, np.array([index[h] for h in holders.tolist()], dtype=np.int64), is_new, settings.candidates
    )
    pairs: list[tuple[str, str]] = []
    for i, j in zip(a_idx.tolist(), b_idx.tolist(), strict=True):
        a_id, b_id = ids[i], ids[j]
        if a_id not in meta or b_id not in meta:
            continue
        if not _compare_now(a_id, b_id, meta, in_batch):
            continue
        pairs.append((a_id, b_id))
    lexical = set(pairs)
    meaning_only = sorted(
        (a, b)
        for a, b in meaning
        if (a, b) not in lexical and a in meta and b in meta and _compare_now(a, b, meta, in_batch)
    )
    if not pairs and not meaning_only:
        return [], 0, 0, 0
    texts = store.texts(sorted({d for pair in pairs for d in pair}))
    jobs = [(a, texts[a], b, texts[b], settings.align) for a, b in pairs]
    if pool is not None and len(jobs) > 8:
        outputs = list(pool.map(_align_job, jobs, chunksize=max(1, len(jobs) // (8 * pool._max_workers))))
    else:
        outputs = [align_pair_texts(a, ta, b, tb, s, cache) for a, ta, b, tb, s in jobs]
    judged = 0
    if meaning_only:
        with semantic_clock("meaning alignment"):
            found, judged = _align_meaning_pairs(store, meaning_only, settings, vectors or {}, pool, semantic_clock, cache)
        outputs += found
        pairs += meaning_only
    alignments: list[Alignment] = []
    for (a_id, b_id), passages in zip(pairs, outputs, strict=True):
        if not passages:
            continue
        ma = DocMeta(meta[a_id]["published"], meta[a_id]["seq"])
        mb = DocMeta(meta[b_id]["published"], meta[b_id]["seq"])
        a_is_source, ordered = orient(a_id, ma, b_id, mb)
        alignments.extend(to_alignments(a_id, b_id, passages, a_is_source, ordered))
    return alignments, len(pairs), len(meaning_only), judged


def _compare_now(a_id: str, b_id: str, meta: dict[str, dict], in_batch: set[str]) -> bool:
    """A pending document meets every done document, and batch-mates stored before it."""
    sa, sb = meta[a_id]["status"], meta[b_id]["status"]
    if a_id in in_batch and b_id in in_batch:
        return True
    other = sb if a_id in in_batch else sa
    return other == "done"


# ---------------------------------------------------------------------------------- narratives


def update_claims(store: Store, result: ScanResult, progress: Progress) -> None:
    """Claims of new documents, then regrouping of all stored claims (see copytrail.store.claims)."""
    from copytrail.store.claims import update_claims as update

    claims = update(store, progress=progress)
    result.claims_extracted, result.claims = claims.extracted, claims.claims
    result.claim_groups, result.claims_differ = claims.groups, claims.differ


def rebuild_narratives(store: Store) -> int:
    """Regroup every stored alignment into narratives (one transaction)."""
    alignments = store.all_alignments()
    info = {k: DocInfo(v[0], v[1], v[2]) for k, v in store.doc_info().items()}
    narratives, assignment = build_narratives(alignments, info)
    confidence = {n.id: earliest_confidence(n, info) for n in narratives}
    with store.transaction():
        store.replace_narratives(narratives, assignment, alignments, confidence)
    return len(narratives)
