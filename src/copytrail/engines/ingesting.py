"""The local engine's ingest stage: every input file read, its documents stored with their
language, word count and band keys, a batch per transaction.

What it costs is kept per batch, not per file or document: the walk gives each file's real
path and kind (one stat and one open a file here), the stored states of a batch of files come
in one query and are recorded in one statement.  The CPU work of a batch's documents
(language, words, band keys) is queued for worker processes in small shares once a batch is
large, while this process reads the next batch's files and then takes back the shares no
worker has begun (so the work is split by how fast each side goes: reading a folder of small
files costs more than reading JSONL, and a loaded machine slows either).  A batch is stored
when the next is ready to be prepared, before anything else changes the store (a changed file
forgotten, a strict stop, the end), so the store sees the same transactions, in the same
order, as one process would write them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

import numpy as np

from copytrail.engines.housekeeping import corpus_root, shown_path
from copytrail.engines.pool import process_pool, worker_count
from copytrail.engines.reading import (
    STREAM_AHEAD_FROM,
    FileEvent,
    FileJob,
    ReadAhead,
    extracted_pages,
    file_events,
    plan_stretches,
    read_whole_ahead,
    small_enough,
)
from copytrail.engines.reporting import Progress, ScanResult
from copytrail.errors import InputError
from copytrail.records import Document, InputProblem, document_id
from copytrail.settings import ScanSettings
from copytrail.stages import ingest
from copytrail.stages.ingest.walk import count_input_files
from copytrail.stages.language import document_languages
from copytrail.stages.segment import sketch_words_of
from copytrail.stages.sketch import SketchSettings, WordHasher, batch_keys, text_keys
from copytrail.store import Store
from copytrail.store import housekeeping as sql
from copytrail.store import skipped as skipped_rows

__all__ = ["IngestRun", "prepare_documents"]

SKIPPED_KEPT = 10_000  # skipped records a scan's result lists (all are stored)
PARALLEL_FROM = 256  # documents a batch must hold before worker processes prepare it
SHARE_DOCS = 250  # documents of one worker job: small enough that this process can take some back
_PREPARED_TYPE = tuple[list[tuple[str, str]], list[int], list[np.ndarray]]


def prepare_documents(
    texts: list[str], languages: list[str | None], sketch: list[bool], settings: SketchSettings, hasher: WordHasher | None = None
) -> _PREPARED_TYPE:
    """For each text: its language (``languages``' own where given, else detected) and every
    language it is written in (``stages.language.document_languages``), its word count, and its
    band keys (none where ``sketch`` is false: a duplicate is found through its original).  A
    pure function of its inputs, whichever process runs it."""
    read = sketch_words_of(texts)
    found = [document_languages(text, given) for text, given in zip(texts, languages, strict=True)]
    keys = batch_keys(
        [norms if wanted else [] for (norms, _), wanted in zip(read, sketch, strict=True)],
        hasher or _worker_hasher(),
        settings,
        sentences=[lengths if wanted else [] for (_, lengths), wanted in zip(read, sketch, strict=True)],
    )
    return found, [len(norms) for norms, _ in read], keys


_HASHER: list[WordHasher] = []  # a worker process's word hashes, kept across its batches


def _worker_hasher() -> WordHasher:
    if not _HASHER:
        _HASHER.append(WordHasher())
    return _HASHER[0]


def _prepare_share(job: tuple[list[str], list[str | None], list[bool], SketchSettings]) -> _PREPARED_TYPE:
    return prepare_documents(*job)


@dataclass
class _Batch:
    """A batch decided (ids settled, duplicates told, moves found) and being prepared; stored
    by ``IngestRun._store_batch`` with the file bookkeeping gathered up to it."""

    docs: list[Document]
    files: list[str]
    duplicate_of: list[str | None]
    moves: list[tuple[str, str, str, str]]
    finished_files: list[tuple[str, int, int]]
    started_files: list[str]
    errors: list[InputProblem]
    skipped: list[ingest.SkippedRecord]
    jobs: list[tuple[list[str], list[str | None], list[bool], SketchSettings]] = field(default_factory=list)
    shares: list[Future[_PREPARED_TYPE] | None] = field(default_factory=list)  # each job's, None: prepared here


@dataclass
class IngestRun:
    """Reading, sketching and storing every document of a scan, a batch per transaction;
    ``stored_batch`` gets the texts of each stored batch's originals (duplicates left out),
    once they are committed."""

    store: Store
    settings: ScanSettings
    result: ScanResult
    progress: Progress
    stored_batch: Callable[[dict[str, str]], None] | None = None
    hasher: WordHasher = field(default_factory=WordHasher)
    batch: list[Document] = field(default_factory=list)
    batch_files: list[str] = field(default_factory=list)
    finished_files: list[tuple[str, int, int]] = field(default_factory=list)
    started_files: list[str] = field(default_factory=list)  # files begun since the last flush: their old errors go
    errors: list[InputProblem] = field(default_factory=list)
    skipped: list[ingest.SkippedRecord] = field(default_factory=list)  # records passed over on purpose, to store
    batch_chars: int = 0  # text held in the batch: a batch is stored early when its texts are large
    seen_hashes: dict[str, tuple[str, str]] = field(default_factory=dict)  # sha1 -> (id, path) within this scan
    root: str | None = None  # the corpus root shown paths are relative to (None: absolute)
    claimed: set[str] = field(default_factory=set)  # stored documents re-pointed this scan
    gone: dict[str, bool] = field(default_factory=dict)  # stored input file -> no longer exists
    expected_files: int = 0  # about how many files the walk yields (progress's total)
    pending: _Batch | None = None  # the batch being prepared, stored at the next flush
    pool: ProcessPoolExecutor | None = None  # started by the first large batch
    # whether the store held files / documents when the scan began: a store that held none has
    # nothing to look up (the walk yields each file once, and a content hash met in this scan
    # is in ``seen_hashes``), so a first scan's cost per file does not grow with what it stored
    stored_files: bool = True
    stored_documents: bool = True

    def run(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        self.root = corpus_root(self.store)
        self.stored_files, self.stored_documents = self.store.holds_files(), self.store.holds_documents()
        paths = list(paths)
        self.expected_files = count_input_files(paths)  # for the time left: a fraction of the walk's cost
        walk = ingest.walk_input_files(paths, follow_links=self.settings.ingest.follow_links, passed_over=self._other_file)
        try:
            while chunk := list(islice(walk, max(1, self.settings.batch_size))):
                # the stored states of a chunk of the walk's files in one query, not one per file
                # (the walk yields each file once, so no file of the chunk is recorded meanwhile);
                # the walk gives each file's real path, so none is resolved here
                sources = [None if isinstance(item, InputProblem) else ingest.path_text(item.real) for item in chunk]
                known = self.store.file_states([source for source in sources if source is not None]) if self.stored_files else {}
                ahead = self._read_ahead(chunk, sources, known)
                for place, (item, source) in enumerate(zip(chunk, sources, strict=True)):
                    if isinstance(item, InputProblem):
                        self._fail(item)
                    elif source is not None:
                        self._read(item, source, known.get(source), ahead, place)
            self._flush()
            self._store_pending()
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)

    def _other_file(self, suffix: str) -> None:
        """Count a file of a type not read (the walk passes it over)."""
        self.result.other_files[suffix] = self.result.other_files.get(suffix, 0) + 1

    def _read_ahead(
        self, chunk: list[ingest.InputFile | InputProblem], sources: list[str | None], known: dict[str, tuple[int, int]]
    ) -> ReadAhead | None:
        """The chunk's HTML pages and small WARC files to read (new or changed) queued for the
        worker processes, when there are workers and enough of them (``engines.reading``);
        else None."""
        if self._spare_workers() < 1:
            return None
        candidates: list[tuple[int, FileJob]] = []
        for place, (item, source) in enumerate(zip(chunk, sources, strict=True)):
            if source is None or isinstance(item, InputProblem) or not read_whole_ahead(item.path):
                continue
            try:
                stat = os.stat(item.path)
            except OSError:
                continue  # told when its turn comes
            if known.get(source) != (stat.st_size, stat.st_mtime_ns) and small_enough(item.path, stat.st_size):
                candidates.append((place, (item.path, shown_path(source, self.root), source, stat)))
        plans = plan_stretches(candidates, self.settings.ingest)
        return ReadAhead(plans, self.settings.ingest, self._workers()) if plans else None

    def _read(
        self, item: ingest.InputFile, source: str, known: tuple[int, int] | None, ahead: ReadAhead | None = None, place: int = 0
    ) -> None:
        """One input file (``source``: its resolved path; ``known``: its recorded size and
        time): skipped when unchanged since it was stored, else its documents added to the
        batch (those of its earlier version forgotten first).  A page ``ahead`` reads (at
        ``place`` of the chunk) comes from there, as read when it was queued."""
        self.result.files_seen += 1
        stat = ahead.stat(place) if ahead is not None else None
        read_ahead = stat is not None
        if stat is None:
            try:
                stat = os.stat(item.path)
            except OSError as exc:
                self._fail(InputProblem(shown_path(source, self.root), exc.strerror or str(exc)))
                return
        state = (stat.st_size, stat.st_mtime_ns)
        if known == state:
            self.result.files_skipped += 1
            self._reading()
            return
        if known is not None:
            self._forget(source)
        self.started_files.append(source)
        limits = self.settings.ingest
        events: Iterable[FileEvent]
        if ahead is not None and read_ahead:
            events = ahead.events(place)
        else:
            pool = self._page_pool(item.path, stat.st_size)
            read = file_events(item.path, shown_path(source, self.root), source, stat, limits, defer_pages=pool is not None)
            events = extracted_pages(read, limits, pool) if pool is not None else read  # type: ignore[assignment]
        for entry in events:
            if isinstance(entry, ingest.SkippedRecord):
                self._skip(entry)
                continue
            if isinstance(entry, ingest.InputNote):
                self._note(entry)
                continue
            if isinstance(entry, InputProblem):
                self._fail(entry)
                continue
            self.batch.append(entry)
            self.batch_files.append(source)
            self.batch_chars += len(entry.text)
            if len(self.batch) >= self.settings.batch_size or self.batch_chars >= limits.batch_chars:
                self._flush()
        self.finished_files.append((source, *state))
        self._reading()
        if len(self.finished_files) >= self.settings.batch_size:
            self._flush()

    def _page_pool(self, path: str, size: int) -> ProcessPoolExecutor | None:
        """The worker pool that extracts the pages of a WARC file or a file of records (those
        whose document is their HTML) while it is read, for such a file of ``STREAM_AHEAD_FROM``
        bytes or more when there are workers; else None."""
        fmt = ingest.format_of_name(os.path.basename(path))
        if self._spare_workers() < 1 or size < STREAM_AHEAD_FROM or (fmt != "warc" and fmt not in ingest.RECORD_FORMATS):
            return None
        return self._workers()

    def _spare_workers(self) -> int:
        """Worker processes beside this one: one core stays with this process, which reads
        and stores meanwhile (on two cores, two workers beside it only contended for them)."""
        return worker_count(self.settings.workers) - 1

    def _workers(self) -> ProcessPoolExecutor:
        """The scan's worker processes (started when first asked for), which read, extract
        and prepare what this process stores."""
        if self.pool is None:
            self.pool = process_pool(self._spare_workers())
        return self.pool

    def _reading(self) -> None:
        """Files read so far, of about how many (the estimate raised when the walk finds more)."""
        seen = self.result.files_seen
        self.progress("reading", seen, max(seen, self.expected_files))

    def _forget(self, source: str) -> None:
        """A changed file's earlier documents forgotten (after the pending batch is stored, which
        may duplicate them); a duplicate of one of them that became an original gets the band
        keys it never had."""
        self._store_pending()
        with self.store.transaction():
            promoted = self.store.forget_file(source)
            texts = self.store.texts(promoted)
            self.store.add_band_keys(promoted, text_keys([texts[i] for i in promoted], self.hasher, self.settings.sketch)[1])
        self.result.files_replaced += 1

    def _skip(self, record: ingest.SkippedRecord) -> None:
        """A record passed over on purpose: counted by reason, kept (a few) for ``--verbose``,
        stored with the batch."""
        self.result.skipped[record.reason] = self.result.skipped.get(record.reason, 0) + 1
        if len(self.result.skipped_records) < SKIPPED_KEPT:
            self.result.skipped_records.append(record)
        self.skipped.append(record)

    def _note(self, note: ingest.InputNote) -> None:
        """An input read with a problem (a date out of range, kept undated): reported and
        stored as an errors row, but no failure (the exit status and --strict ignore it)."""
        self.result.notes.append(note)
        self.errors.append(InputProblem(note.path, note.reason, note.line))

    def _fail(self, error: InputProblem) -> None:
        self.result.errors.append(error)
        self.errors.append(error)
        if self.settings.strict:
            self._store_pending()  # what was read before the failure is stored, as it was read
            raise InputError(error.path, error.reason, error.line)

    def _flush(self) -> None:
        """The pending batch stored, then this batch decided (ids, duplicates, moves) and its
        documents' preparation begun, with the files finished and the errors met up to now."""
        if not (self.batch or self.finished_files or self.errors or self.skipped or self.started_files):
            return
        self._store_pending()
        stored = sql.locations_by_hash(self.store, sorted({d.sha1 for d in self.batch})) if self.stored_documents else {}
        moves = self._moves(stored)
        self._settle_ids()
        originals = {sha1: min(loc.id for loc in found if loc.original) for sha1, found in stored.items() if any(loc.original for loc in found)}
        batch = _Batch(
            list(self.batch),
            list(self.batch_files),
            self._originals(originals),
            moves,
            list(self.finished_files),
            list(self.started_files),
            list(self.errors),
            list(self.skipped),
        )
        self._prepare(batch)
        self.pending = batch
        if self.batch_chars >= self.settings.ingest.batch_chars // 2:
            self._store_pending()  # large texts: no second batch held beside this one
        self.batch.clear()
        self.batch_files.clear()
        self.finished_files.clear()
        self.started_files.clear()
        self.errors.clear()
        self.skipped.clear()
        self.batch_chars = 0

    def _prepare(self, batch: _Batch) -> None:
        """Languages, word counts and band keys of a batch's documents: queued for worker
        processes in shares of ``SHARE_DOCS`` when the batch is large, else prepared here."""
        jobs = []
        for start in range(0, len(batch.docs), SHARE_DOCS):
            docs, originals = batch.docs[start : start + SHARE_DOCS], batch.duplicate_of[start : start + SHARE_DOCS]
            sketch = [original is None for original in originals]
            jobs.append(([doc.text for doc in docs], [doc.language for doc in docs], sketch, self.settings.sketch))
        if self._spare_workers() < 1 or len(batch.docs) < PARALLEL_FROM:
            batch.jobs, batch.shares = jobs, [None] * len(jobs)
            return
        pool = self._workers()
        batch.jobs, batch.shares = jobs, [pool.submit(_prepare_share, job) for job in jobs]

    def _prepared(self, batch: _Batch) -> _PREPARED_TYPE:
        """The batch's prepared shares, in order: those no worker has begun are taken back and
        prepared here (from the last: workers take shares in order), so this process, once it
        has read the next batch, shares the work instead of waiting (as much as the load of
        the machine allows it)."""
        parts: list[_PREPARED_TYPE | None] = [None] * len(batch.jobs)
        for number in reversed(range(len(batch.jobs))):
            share = batch.shares[number]
            if share is None or share.cancel():
                parts[number] = prepare_documents(*batch.jobs[number], hasher=self.hasher)
        prepared: _PREPARED_TYPE = ([], [], [])
        for number, part in enumerate(parts):
            if part is None:
                share = batch.shares[number]
                assert share is not None
                part = share.result()
            for column in range(3):
                prepared[column].extend(part[column])  # type: ignore[arg-type]
        return prepared

    def _store_pending(self) -> None:
        """The pending batch, once prepared, stored in one transaction with the files finished
        and the errors met before it was decided."""
        batch, self.pending = self.pending, None
        if batch is None:
            return
        prepared = self._prepared(batch)
        languages, word_counts, keys = prepared
        for doc, (language, all_languages) in zip(batch.docs, languages, strict=True):
            doc.language, doc.languages = language, all_languages
        store = self.store
        with store.transaction():
            sql.repoint(store, batch.moves)
            store.add_documents(batch.docs, batch.files, word_counts, batch.duplicate_of, keys, store.next_seq())
            # a file's earlier errors go when it is read again, in the flush after it began, so
            # that those met in a long file's first batches stay
            shown = [shown_path(path, self.root) for path in batch.started_files]
            store.clear_errors_for([*batch.started_files, *shown])
            skipped_rows.clear_skipped_for(store, shown)
            if batch.finished_files:
                store.record_files(batch.finished_files)
            skipped_rows.add_errors_once(store, ((e.path, e.line, e.reason) for e in batch.errors))
            skipped_rows.add_skipped(store, ((r.path, r.line, r.reason) for r in batch.skipped))
        if self.stored_batch is not None:
            self.stored_batch({doc.id: doc.text for doc, original in zip(batch.docs, batch.duplicate_of, strict=True) if original is None})
        self.result.documents_added += len(batch.docs)
        self.progress("storing", self.result.documents_added, None)  # a rate within one large file

    def _moves(self, by_hash: dict[str, list[sql.StoredLocation]]) -> list[tuple[str, str, str, str]]:
        """Documents of the batch whose content a stored document has whose own file is gone:
        that file was moved or renamed.  They leave the batch; the stored documents are
        re-pointed to them ``(id, source_key, file, path)`` and keep their ids and results.
        (``by_hash``: the stored documents with the batch's content hashes.)  A document
        re-pointed here by a scan killed before its file was recorded is left as it is."""
        moves: list[tuple[str, str, str, str]] = []
        keep: list[tuple[Document, str]] = []
        for doc, file in zip(self.batch, self.batch_files, strict=True):
            same = by_hash.get(doc.sha1, ())
            here = next((loc for loc in same if loc.source_key == doc.source_key), None)
            if here is not None and here.id != document_id(doc.source_key):
                continue  # re-pointed already: same place, same text, its results kept
            found = None if here is not None else next((loc for loc in same if self._moved_away(loc)), None)
            if found is None:
                keep.append((doc, file))
                continue
            self.claimed.add(found.id)
            moves.append((found.id, doc.source_key, file, doc.path))
            self.result.moved.append((doc.path, found.path))
        self.batch[:] = [doc for doc, _ in keep]
        self.batch_files[:] = [file for _, file in keep]
        return moves

    def _moved_away(self, location: sql.StoredLocation) -> bool:
        """Whether a stored document may be re-pointed: its file is gone, and no other file
        of this scan took it already."""
        if location.id in self.claimed or location.file is None:
            return False
        if location.file not in self.gone:
            self.gone[location.file] = not ingest.path_exists(location.file)
        return self.gone[location.file]

    def _settle_ids(self) -> None:
        """Ids for the batch: the one its source key is stored under (a document stored
        again after an interrupted scan; a moved document keeps its first id), else the
        digest of its source key, or of the key and a number where a moved document holds
        that digest.  Until a store has had a move, every id is its source key's digest and
        nothing needs looking up."""
        if not self.batch or not self.store.get_meta(sql.MOVED_KEY):
            return
        known = sql.ids_of_source_keys(self.store, [d.source_key for d in self.batch])
        for doc in self.batch:
            doc.id = known.get(doc.source_key, doc.id)
        taken = sql.taken_ids(self.store, [d.id for d in self.batch if d.source_key not in known])
        for doc in self.batch:
            number = 0
            while doc.source_key not in known and taken.get(doc.id, doc.source_key) != doc.source_key:
                number += 1
                doc.id = document_id(f"{doc.source_key}\x00{number}")
                taken.update(sql.taken_ids(self.store, [doc.id]))

    def _originals(self, stored: dict[str, str]) -> list[str | None]:
        """For each document of the batch: the original it duplicates (stored, by content
        hash in ``stored``, or met earlier in this scan) or None (an original: it is sketched)."""
        seen = self.seen_hashes
        duplicate_of: list[str | None] = []
        for doc in self.batch:
            original = stored.get(doc.sha1)
            if original is None and doc.sha1 in seen and seen[doc.sha1][0] != doc.id:
                original = seen[doc.sha1][0]
            if original is not None and original != doc.id:
                duplicate_of.append(original)
                self.result.duplicates.append((str(doc.citation), seen.get(doc.sha1, (original, original))[1]))
            else:
                duplicate_of.append(None)
                seen.setdefault(doc.sha1, (doc.id, str(doc.citation)))
        return duplicate_of
