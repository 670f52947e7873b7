"""The local engine: one machine, all cores, a DuckDB store, batches in transactions.

It drives the pure stage functions (ingest → segment → sketch → candidates → align →
cluster) and is the only place that decides what is done when.  A scan killed at any point
leaves a consistent store: documents are written with their band keys in one transaction and
stay ``pending`` until a later transaction stores their alignments and marks them ``done``.

Beside it: ``ingesting`` (the ingest stage: reading, and documents stored a batch at a
time), ``pool`` (the worker processes), ``embedding`` (static sentence vectors of a
semantic scan), ``reporting`` (``Progress``, ``ScanResult``, the stage clock), ``recorded``
(the settings a store records of its scans, and what a change in them recomputes).
"""

from __future__ import annotations

import os
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from copytrail.engines import vocabulary
from copytrail.engines.embedding import BackgroundEmbedder, embed_new
from copytrail.engines.housekeeping import ensure_paths_current
from copytrail.engines.ingesting import IngestRun
from copytrail.engines.languages import read_unread_languages, reread_languages
from copytrail.engines.narratives import update_narratives
from copytrail.engines.pool import (
    HomePool,
    fewer_collections,
    process_pool,
    spread_map,
    worker_count,
)
from copytrail.engines.recorded import apply_settings
from copytrail.engines.reporting import Progress, ScanResult, StageClock, no_progress
from copytrail.records import Alignment
from copytrail.settings import ScanSettings
from copytrail.stages.align import AlignSettings
from copytrail.stages.align.pairs import (
    DocMeta,
    PassageTuple,
    PreparedCache,
    align_pair_texts,
    orient,
    to_alignments,
)
from copytrail.stages.candidates import candidate_pairs
from copytrail.store import Store
from copytrail.store.boilerplate import drop_outlet_boilerplate

if TYPE_CHECKING:
    from copytrail.engines.crosslingual import CrossLingualPass
    from copytrail.engines.rewrites import RewritePass
    from copytrail.stages.semantic import SentenceIndex

__all__ = ["Progress", "ScanResult", "rebuild_narratives", "scan"]

def scan(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    settings: ScanSettings | None = None,
    progress: Progress | None = None,
) -> ScanResult:
    """Ingest ``paths`` into ``store``, align what is new against everything, rebuild narratives."""
    settings = settings or ScanSettings()
    progress = progress or no_progress
    started = time.perf_counter()
    result = ScanResult()
    clock = StageClock(result.stage_seconds)
    with clock("settings"):
        ensure_paths_current(store)
        result.realigned = apply_settings(store, settings, progress)
    reread_languages(store, settings, result, progress)  # documents read by an older language reading
    read_unread_languages(store, settings, result, progress)  # documents stored before languages were read
    semantic = settings.semantic.enabled
    workers = worker_count(settings.workers)
    embedder = BackgroundEmbedder(store, result, workers, progress) if semantic else None
    try:
        with clock("ingest"):
            IngestRun(store, settings, result, progress, embedder.submit if embedder else None).run(paths)
        if semantic:
            with clock("embed"):
                result.sentences_embedded = embed_new(store, settings.batch_size, workers, result, progress, embedder)
    finally:
        if embedder is not None:
            embedder.close()
    with clock("key index"):
        # before aligning, so that each batch finds its candidates by binary search instead
        # of a scan of every band key; still fresh afterwards, for check
        progress("key index", 0, None)  # one step: shown with its time so far
        store.build_key_index()
        progress("key index", 1, 1)
    with clock("align"), fewer_collections():
        _align_pending(store, settings, result, progress)
    with clock("narratives"):
        progress("narratives", 0, None)
        with store.transaction():
            result.outlet_boilerplate = drop_outlet_boilerplate(store, settings.outlet_boilerplate)
        result.narratives = rebuild_narratives(store)
        progress("narratives", 1, 1)
    if settings.claims.enabled:
        with clock("claims"):
            _update_claims(store, settings, result, progress)
    result.seconds = time.perf_counter() - started
    result.measure_memory()
    return result


# ---------------------------------------------------------------------------------- align


def _align_job(job: tuple[str, str, str, str, AlignSettings]) -> list[PassageTuple]:
    return align_pair_texts(*job)


@dataclass
class _Aligner:
    """What aligning every pending batch shares: the prepared documents, the worker pool
    and, for a semantic scan, the sentence index and the stored static vectors."""

    store: Store
    settings: ScanSettings
    cache: PreparedCache
    pool: HomePool | None
    clock: StageClock  # the semantic parts of the align stage
    sentence_index: SentenceIndex | None = None
    vectors: dict[str, np.ndarray] | None = None
    crosslingual: CrossLingualPass | None = None  # translated passages (--cross-lingual)
    translation_clock: StageClock | None = None
    rewrites: RewritePass | None = None  # rewrites outside English (--semantic)
    done: set[str] = field(default_factory=set)  # documents aligned before the current batch


def _align_pending(store: Store, settings: ScanSettings, result: ScanResult, progress: Progress) -> None:
    pending = store.pending_ids()
    if not pending:
        return
    settings = vocabulary.for_scan(store, settings)  # the corpus's common stems, if asked for
    aligner = _Aligner(store, settings, PreparedCache(), None, StageClock(result.semantic_seconds))
    if settings.semantic.enabled:
        from copytrail.stages.semantic import SentenceIndex

        aligner.vectors = store.sentence_vectors()
        waiting = set(pending)
        with aligner.clock("sentence index"):
            aligner.sentence_index = SentenceIndex(aligner.vectors, indexed=[doc for doc in aligner.vectors if doc not in waiting])
    if settings.crosslingual.enabled:
        _prepare_translations(aligner, result)
    if settings.semantic.enabled:
        _prepare_rewrites(aligner, result)
    if aligner.crosslingual is not None or aligner.rewrites is not None:  # their batches meet the documents aligned before
        waiting = set(pending)
        aligner.done = {r["id"] for r in store.query("SELECT id FROM documents WHERE status = 'done'") if r["id"] not in waiting}
    workers = worker_count(settings.workers)
    aligner.pool = HomePool(workers) if workers > 1 else None
    try:
        aligned = 0
        started: _StartedBatch | None = None
        for batch in [*_align_batches(store, pending, settings), None]:
            # the next batch's pairs are found, and its first pairs sent to the workers,
            # while the workers still align this one: the scanning process's own work (keys,
            # candidates, texts) no longer leaves them idle between batches
            following = None if batch is None else _start_batch(aligner, batch, started.batch if started else ())
            if started is not None:
                _finish_batch(aligner, started, result)
                aligned += len(started.batch)
                progress("aligning", aligned, len(pending))
            started = following
    finally:
        if aligner.pool is not None:
            aligner.pool.shutdown()


def _prepare_translations(aligner: _Aligner, result: ScanResult) -> None:
    """The cross-lingual pass of this scan: vectors and index over every original (see
    ``engines.crosslingual``)."""
    from copytrail.engines.crosslingual import CrossLingualCounts, CrossLingualPass

    result.crosslingual = CrossLingualCounts()
    aligner.translation_clock = StageClock(result.crosslingual_seconds)
    aligner.crosslingual = CrossLingualPass(aligner.store, aligner.settings.crosslingual, result.crosslingual, aligner.translation_clock)


def _prepare_rewrites(aligner: _Aligner, result: ScanResult) -> None:
    """The rewrite pass of a semantic scan, where the multilingual encoder is installed (see
    ``engines.rewrites``); in every language when the scan searches translations too (the
    cross-lingual pass has made every document's vectors by then)."""
    from copytrail.engines.rewrites import RewriteCounts, RewritePass
    from copytrail.stages.crosslingual import encoder_available

    if not encoder_available():
        return
    result.rewrites = RewriteCounts()
    settings = aligner.settings
    aligner.rewrites = RewritePass(
        aligner.store, settings.crosslingual, settings.semantic.device, result.rewrites, aligner.clock, every_language=settings.crosslingual.enabled
    )


def _align_batches(store: Store, pending: list[str], settings: ScanSettings) -> Iterator[list[str]]:
    """Pending documents in storing order, a batch at a time: ``batch_size`` documents, or
    fewer whose texts reach ``ingest.batch_chars`` (a batch's band keys and candidate lists grow
    with its text, so that memory follows the batch and not the inputs).  Each document meets
    every earlier one whichever batch it falls in, so the batches do not change the results."""
    rows = store.con.execute(
        "SELECT id, chars FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [pending]
    ).fetchall()
    chars = dict(rows)
    batch: list[str] = []
    held = 0
    for doc in pending:
        batch.append(doc)
        held += chars.get(doc) or 0
        if len(batch) >= max(1, settings.batch_size) or held >= settings.ingest.batch_chars:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


@dataclass
class _StartedBatch:
    """A batch whose pairs are found and whose lexical alignment is under way."""

    batch: list[str]
    pairs: list[tuple[str, str]]  # lexical pairs, then those found by meaning alone
    meaning_only: list[tuple[str, str]]
    meta: dict[str, dict]
    lexical: _LexicalRun | None


def _start_batch(aligner: _Aligner, batch: list[str], earlier: Sequence[str]) -> _StartedBatch:
    """Find a batch's pairs (``earlier``: the batch before it, aligned but not yet stored)
    and send the first of them to be aligned."""
    meaning: set[tuple[str, str]] = set()
    if aligner.sentence_index is not None and aligner.vectors is not None:
        with aligner.clock("meaning search"):
            meaning = _in_covered_languages(aligner.store, _meaning_candidates(batch, aligner.sentence_index, aligner.vectors, aligner.settings))
    found = _pairs_to_compare(aligner.store, batch, aligner.settings, meaning, set(earlier))
    if found is None:
        return _StartedBatch(batch, [], [], {}, None)
    pairs, meaning_only, meta = found
    return _StartedBatch(batch, pairs, meaning_only, meta, _LexicalRun(aligner, pairs, meta))


def _finish_batch(aligner: _Aligner, started: _StartedBatch, result: ScanResult) -> None:
    """Collect a started batch's alignments (the pairs found by meaning alone and the
    cross-lingual pass included) and store them with the batch marked done."""
    store, batch = aligner.store, started.batch
    alignments, encoded = [], 0
    if started.lexical is not None:
        alignments, encoded = _batch_alignments(aligner, started, started.lexical.results())
    if aligner.crosslingual is not None and aligner.translation_clock is not None:
        alignments += aligner.crosslingual.alignments(batch, aligner.done, aligner.translation_clock)
    if aligner.rewrites is not None:
        alignments = aligner.rewrites.alignments(batch, aligner.done, alignments, aligner.clock)
    aligner.done.update(batch)
    with store.transaction():
        store.add_alignments(alignments, batch)
    result.documents_aligned += len(batch)
    result.pairs_compared += len(started.pairs) + len(started.meaning_only)
    result.meaning_pairs += len(started.meaning_only)
    result.sentences_judged += encoded
    result.alignments_added += len(alignments)


class _LexicalRun:
    """A batch's lexical pairs aligned a run of pairs at a time (``pair_chunks``: the texts
    held stay within the batch budget), the next run sent to the workers before the results
    of the one before it are awaited (a batch holds at most two runs' texts).  A pair one of whose
    texts is shorter than ``min_words`` words is not sent: no passage can come of it."""

    def __init__(self, aligner: _Aligner, pairs: list[tuple[str, str]], meta: dict[str, dict]) -> None:
        self.aligner = aligner
        self.outputs: list[list[PassageTuple]] = [[] for _ in pairs]
        min_words = aligner.settings.align.shortest_words
        wanted = [k for k, (a, b) in enumerate(pairs) if not _too_short(meta[a], meta[b], min_words)]
        chars = {doc: row["chars"] or 0 for doc, row in meta.items()}
        self.seqs = {doc: row["seq"] for doc, row in meta.items()}
        runs = pair_chunks([pairs[k] for k in wanted], chars, aligner.settings.ingest.batch_chars)
        self.places = iter(_chunk_places(runs, wanted))
        self.in_flight: list[tuple[list[int], Iterable[list[PassageTuple]]]] = []
        self._send()

    def _send(self) -> None:
        """Read the next run's texts and send its pairs (aligned here without a pool)."""
        step = next(self.places, None)
        if step is None:
            return
        chunk, places = step
        aligner, settings = self.aligner, self.aligner.settings
        texts = aligner.store.texts(sorted({d for pair in chunk for d in pair}))
        jobs = [(a, texts[a], b, texts[b], settings.align) for a, b in chunk]
        if aligner.pool is not None and len(jobs) > 8:
            homes = [_home(a, b, self.seqs, aligner.pool._max_workers) for a, b in chunk]
            self.in_flight.append((places, aligner.pool.map_homed(_align_job, jobs, homes)))
        else:
            self.in_flight.append((places, [align_pair_texts(a, ta, b, tb, s, aligner.cache) for a, ta, b, tb, s in jobs]))

    def results(self) -> list[list[PassageTuple]]:
        """Every pair's passages, in the order of the batch's pairs."""
        while self.in_flight:
            places, outputs = self.in_flight.pop(0)
            self._send()
            for place, passages in zip(places, outputs, strict=True):
                self.outputs[place] = passages
        return self.outputs


def _home(a: str, b: str, seqs: dict[str, int], workers: int) -> int:
    """The worker a pair goes to: the one its older document goes to whenever it is met
    again (a batch's new documents meet many stored ones, and each stored one meets the
    new documents of batch after batch)."""
    older = a if (seqs[a], a) <= (seqs[b], b) else b
    return zlib.crc32(older.encode("utf-8", "surrogatepass")) % workers


def _chunk_places(
    runs: Iterable[list[tuple[str, str]]], wanted: list[int]
) -> Iterator[tuple[list[tuple[str, str]], list[int]]]:
    """Each run of pairs with the places of its pairs among the batch's pairs."""
    taken = 0
    for chunk in runs:
        yield chunk, wanted[taken : taken + len(chunk)]
        taken += len(chunk)


def _too_short(a: dict, b: dict, min_words: int) -> bool:
    """Whether one of two stored documents has fewer words than a passage needs (every
    passage holds at least ``min_words`` words of each side, whatever its kind, so no
    passage can come of the pair).  A store that counted no words says nothing."""
    counts = (a.get("words"), b.get("words"))
    return all(count is not None for count in counts) and min(counts) < min_words  # type: ignore[type-var]


def _batch_alignments(
    aligner: _Aligner, started: _StartedBatch, outputs: list[list[PassageTuple]]
) -> tuple[list[Alignment], int]:
    """A batch's alignments, oriented by date, its pairs found by meaning alone aligned
    now; and the sentences MiniLM encoded."""
    store, settings, meta = aligner.store, aligner.settings, started.meta
    pairs = list(started.pairs)
    encoded = 0
    if started.meaning_only:
        from copytrail.stages.semantic import align_meaning_pairs

        spread = partial(spread_map, aligner.pool) if aligner.pool is not None else None
        with aligner.clock("meaning alignment"):
            by_meaning, encoded = align_meaning_pairs(
                store, started.meaning_only, settings.align, settings.semantic, aligner.vectors or {}, aligner.clock, aligner.cache, spread
            )
        outputs = outputs + by_meaning
        pairs += started.meaning_only
    alignments: list[Alignment] = []
    for (a_id, b_id), passages in zip(pairs, outputs, strict=True):
        if passages:
            a_meta, b_meta = meta[a_id], meta[b_id]
            a_is_source, ordered = orient(a_id, DocMeta(a_meta["published"], a_meta["seq"]), b_id, DocMeta(b_meta["published"], b_meta["seq"]))
            alignments.extend(to_alignments(a_id, b_id, passages, a_is_source, ordered))
    return alignments, encoded


def _meaning_candidates(
    batch: Sequence[str], index: SentenceIndex, vectors: dict[str, np.ndarray], settings: ScanSettings
) -> set[tuple[str, str]]:
    """Pairs of a batch's documents with those before them (or each other) close in meaning."""
    mine = {doc: vectors[doc] for doc in batch if doc in vectors}
    index.add(mine)
    return index.pairs(mine, max_gap=settings.align.max_gap)


def _in_covered_languages(store: Store, pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The pairs both of whose documents are in a language the English semantic model covers:
    its reading of other languages linked xling-dev articles that only share their topic (27
    pairs in Persian, Arabic, Urdu, Russian and Chinese); rewrites there are the multilingual
    pass's (``engines.rewrites``)."""
    from copytrail.stages.semantic import model_covers

    if not pairs:
        return pairs
    rows = store.query("SELECT id, language FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [sorted({d for p in pairs for d in p})])
    covered = {r["id"] for r in rows if model_covers(r["language"] or "und") or (r["language"] or "und") == "und"}  # unknown: tried, as before
    return {(a, b) for a, b in pairs if a in covered and b in covered}


def _pairs_to_compare(
    store: Store, batch: Sequence[str], settings: ScanSettings, meaning: set[tuple[str, str]], earlier: set[str] | None = None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], dict[str, dict]] | None:
    """The pairs a batch meets: candidates by shared band keys, then those found by meaning
    alone, and each document's status, order, date and size; None when there are none.
    ``earlier``: documents aligned before this batch whose alignments are not stored yet
    (they count as done)."""
    earlier = earlier or set()
    keys, holders, places = store.keys_touching(batch, settings.candidates.max_bucket)
    if not len(keys) and not meaning:
        return None
    ids = sorted(set(holders) | set(batch) | {d for pair in meaning for d in pair})
    index = {doc_id: i for i, doc_id in enumerate(ids)}
    holder_index = np.array([index[h] for h in holders], dtype=np.int64)
    meta_rows = store.query(
        "SELECT id, status, seq, published, chars, words FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
    )
    meta = {r["id"]: r for r in meta_rows}
    in_batch = set(batch)
    is_new = np.array([doc_id in in_batch for doc_id in ids], dtype=bool)
    a_idx, b_idx, _ = candidate_pairs(keys, holder_index[places], is_new, settings.candidates)
    pairs: list[tuple[str, str]] = []
    for i, j in zip(a_idx.tolist(), b_idx.tolist(), strict=True):
        a_id, b_id = ids[i], ids[j]
        if a_id in meta and b_id in meta and _compare_now(a_id, b_id, meta, in_batch, earlier):
            pairs.append((a_id, b_id))
    lexical = set(pairs)
    meaning_only = sorted(
        (a, b)
        for a, b in meaning
        if (a, b) not in lexical and a in meta and b in meta and _compare_now(a, b, meta, in_batch, earlier)
    )
    if not pairs and not meaning_only:
        return None
    return pairs, meaning_only, meta


def pair_chunks(pairs: Sequence[tuple[str, str]], chars: dict[str, int], max_chars: int) -> Iterator[list[tuple[str, str]]]:
    """``pairs`` in order, a run at a time whose documents' texts hold at most ``max_chars``
    (or one pair, whatever its size): the texts a batch meets are read a run at a time, so
    that a batch whose documents share keys with many long stored ones holds no more text
    than the batch budget, however large the store."""
    chunk: list[tuple[str, str]] = []
    held: set[str] = set()
    size = 0
    for a, b in pairs:
        added = sum(chars.get(d, 0) for d in {a, b} - held)
        if chunk and size + added > max_chars:
            yield chunk
            chunk, held, size = [], set(), 0
            added = sum(chars.get(d, 0) for d in {a, b})
        chunk.append((a, b))
        held.update((a, b))
        size += added
    if chunk:
        yield chunk


def _compare_now(a_id: str, b_id: str, meta: dict[str, dict], in_batch: set[str], earlier: set[str]) -> bool:
    """A pending document meets every done document (``earlier`` ones included), and
    batch-mates stored before it."""
    if a_id in in_batch and b_id in in_batch:
        return True
    other = b_id if a_id in in_batch else a_id
    return meta[other]["status"] == "done" or other in earlier


# ---------------------------------------------------------------------------------- narratives


def _update_claims(store: Store, settings: ScanSettings, result: ScanResult, progress: Progress) -> None:
    """Claims of new documents, then regrouping of all stored claims (see copytrail.store.claims)."""
    from copytrail.store.claims import update_claims

    workers = worker_count(settings.workers)
    pool = process_pool(workers) if workers > 1 else None  # its processes start only if used
    try:
        claims = update_claims(
            store, settings.claims.match, settings.claims.entities, progress=progress, executor=pool, shares=workers
        )
    finally:
        if pool is not None:
            pool.shutdown()
    result.claims_extracted, result.claims = claims.extracted, claims.claims
    result.claim_groups, result.claims_differ = claims.groups, claims.differ


def rebuild_narratives(store: Store) -> int:
    """Bring the narratives up to date with the stored alignments (one transaction): only
    those the new alignments touch are regrouped (``engines.narratives``); returns how many
    narratives the store holds."""
    return update_narratives(store).narratives
