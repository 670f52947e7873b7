"""Reading input files ahead of the scan, on the worker processes: web pages wherever they are.

Extracting a page's text (trafilatura) costs milliseconds a page, far more than storing it;
read one after another, a folder of 2,000 saved pages kept one core busy for 9 s while the
other waited.  Two ways, both replaying what one file gives (its documents and problems, and
the records passed over and notes met while reading it) as ``FileEvent`` s in the order a
reader met them, so the store sees the same batches, in the same order, as when one process
reads everything.  Reading is a pure function of the file, whichever process runs it.

- **Files read whole** (``ReadAhead``): the HTML pages of each stretch of the walk, and the
  WARC files too small to stream (one capture a file), are read by the workers a few files a
  job while this process stores what was read before; as it reaches a stretch it takes back
  the jobs no worker has begun (from the last: workers take jobs in order) and reads them
  itself, then goes through the stretch in the walk's order.  A stretch holds at most
  ``AHEAD_FILES`` files and ``AHEAD_BYTES`` of them, so what waits in memory stays bounded.
- **Pages of a stream** (``extracted_pages``): a WARC file or a JSONL file is read here in
  order; its pages (HTML responses; records whose document is their HTML) come unextracted
  and go to the workers a few a job, at most ``WINDOW_PAGES`` waiting to be told in order.

Text and Markdown files, and JSONL records with their own text, cost too little to ship.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from copytrail.records import Document, InputProblem
from copytrail.stages import ingest
from copytrail.stages.ingest.settings import IngestSettings

# what reading a file gives: a document, a problem, a record passed over on purpose, a note
FileEvent = Document | InputProblem | ingest.SkippedRecord | ingest.InputNote

AHEAD_FROM = 32  # pages (or small WARC files) a stretch of the walk must hold before they are read ahead
AHEAD_BYTES = 64 << 20  # the most page bytes one stretch holds
AHEAD_FILES = 512  # ... and the most pages
SHARE_FILES = 8  # pages of one worker job: small enough that this process can take some back

# (path as walked, path shown, resolved path, its stat): one file to read
FileJob = tuple[str, str, str, os.stat_result]


def file_events(
    path: str, shown: str, source: str, stat: os.stat_result, limits: IngestSettings, defer_pages: bool = False
) -> Iterator[FileEvent | ingest.PendingPage]:
    """What reading one file gives, in the order a reader meets it: each document or problem,
    each record passed over on purpose and each note, before the entry they came with
    (``defer_pages``: a WARC file's pages unextracted, for :func:`extracted_pages`)."""
    told: deque[FileEvent] = deque()
    for entry in ingest.read_found_file(
        path, shown, source, stat, limits=limits, skipped=told.append, noted=told.append, defer_pages=defer_pages
    ):
        while told:
            yield told.popleft()
        yield entry
    while told:
        yield told.popleft()


def _read_share(job: tuple[list[FileJob], IngestSettings]) -> list[list[FileEvent]]:
    files, limits = job
    return [list(file_events(*file, limits)) for file in files]  # type: ignore[misc]  # no page deferred


def _extract_share(job: tuple[list[ingest.PendingPage], IngestSettings]) -> list[list[FileEvent]]:
    pages, limits = job
    return [list(page.events(limits)) for page in pages]


class _Job:
    """A few files or WARC pages handed to the workers (``work`` over ``job``), done here
    instead when no worker has begun them by the time they are needed."""

    def __init__(self, work: Callable[[Any], list[list[FileEvent]]], job: Any, pool: ProcessPoolExecutor) -> None:
        self.work, self.job = work, job
        self.future = pool.submit(work, job)
        self.done: list[list[FileEvent]] | None = None

    def take_back(self) -> bool:
        """Do the job here if no worker has begun it; whether it did."""
        if self.done is not None or not self.future.cancel():
            return False
        self.done = self.work(self.job)
        return True

    def result(self, later: Sequence[_Job] = ()) -> list[list[FileEvent]]:
        """What each file or page of the job gives; while a worker still does it, the last
        of ``later`` jobs that no worker has begun are done here meanwhile."""
        if self.done is None and not self.take_back():
            while not self.future.done() and any(job.take_back() for job in reversed(later)):
                pass
            self.done = self.future.result()
        return self.done


STREAM_AHEAD_FROM = 1 << 20  # bytes a WARC or JSONL file must hold before its pages go to the workers
WINDOW_PAGES = 64  # pages of such a file that wait at most to be told, in order


class _Slot:
    """A WARC page's place among the events: its job (None until sent) and place in it."""

    __slots__ = ("index", "job", "size")

    def __init__(self, size: int) -> None:
        self.size, self.index = size, 0
        self.job: _Job | None = None


def extracted_pages(
    events: Iterator[FileEvent | ingest.PendingPage], limits: IngestSettings, pool: ProcessPoolExecutor
) -> Iterator[FileEvent]:
    """``events`` with each WARC page replaced by what extracting it gives, extracted by the
    workers ``SHARE_FILES`` pages a job while the file is read on; in the same order, with at
    most ``WINDOW_PAGES`` pages (and ``AHEAD_BYTES`` of them) waiting at once."""
    window: deque[FileEvent | _Slot] = deque()
    gathered: list[tuple[ingest.PendingPage, _Slot]] = []
    sent: deque[_Job] = deque()  # jobs whose pages are in the window, oldest first
    waiting = waiting_bytes = 0

    def send() -> None:
        job = _Job(_extract_share, ([page for page, _slot in gathered], limits), pool)
        for index, (_page, slot) in enumerate(gathered):
            slot.job, slot.index = job, index
        sent.append(job)
        gathered.clear()

    def tell_first() -> list[FileEvent]:
        nonlocal waiting, waiting_bytes
        first = window.popleft()
        if not isinstance(first, _Slot):
            return [first]
        if first.job is None:
            send()
        assert first.job is not None
        waiting, waiting_bytes = waiting - 1, waiting_bytes - first.size
        while sent[0] is not first.job:  # jobs all told
            sent.popleft()
        return first.job.result(list(sent)[1:])[first.index]

    for event in events:
        if isinstance(event, ingest.PENDING_PAGES):
            slot = _Slot(event.size)
            window.append(slot)
            gathered.append((event, slot))
            waiting, waiting_bytes = waiting + 1, waiting_bytes + slot.size
            if len(gathered) >= SHARE_FILES:
                send()
        else:
            window.append(event)
        while window and (not isinstance(window[0], _Slot) or waiting > WINDOW_PAGES or waiting_bytes > AHEAD_BYTES):
            yield from tell_first()
    while window:
        yield from tell_first()


@dataclass
class Stretch:
    """The pages of one stretch of the walk being read ahead: each file's place in the walk's
    chunk (in the jobs' order) and the jobs."""

    places: list[int]
    jobs: list[_Job]
    read: dict[int, list[FileEvent]] = field(default_factory=dict)  # place -> events, once collected

    def collect(self) -> None:
        """Take back the jobs no worker has begun (from the last) and read them here, then
        gather every job's events by place."""
        for job in reversed(self.jobs):
            job.take_back()
        at = 0
        for job in self.jobs:
            for one_file in job.result():
                self.read[self.places[at]] = one_file
                at += 1
        self.jobs = []


def plan_stretches(candidates: Sequence[tuple[int, FileJob]], limits: IngestSettings) -> list[tuple[list[int], list[FileJob]]]:
    """The HTML pages of a chunk to read ahead (``candidates``: place in the chunk and file),
    cut into stretches of at most ``AHEAD_FILES`` pages and ``AHEAD_BYTES``; none when the
    chunk holds fewer than ``AHEAD_FROM``."""
    if len(candidates) < AHEAD_FROM:
        return []
    stretches: list[tuple[list[int], list[FileJob]]] = []
    size = 0
    for place, file in candidates:
        bytes_ = min(file[3].st_size, limits.max_document_bytes)
        if not stretches or len(stretches[-1][0]) >= AHEAD_FILES or size + bytes_ > AHEAD_BYTES:
            stretches.append(([], []))
            size = 0
        stretches[-1][0].append(place)
        stretches[-1][1].append(file)
        size += bytes_
    return stretches


def start_stretch(places: list[int], files: list[FileJob], limits: IngestSettings, pool: ProcessPoolExecutor) -> Stretch:
    """A stretch's pages queued for the workers, ``SHARE_FILES`` a job."""
    return Stretch(places, [_Job(_read_share, (files[at : at + SHARE_FILES], limits), pool) for at in range(0, len(files), SHARE_FILES)])


class ReadAhead:
    """The stretches of one chunk of the walk, each queued for the workers when the one before
    is reached, so that the workers read a stretch while this process stores the last."""

    def __init__(self, plans: list[tuple[list[int], list[FileJob]]], limits: IngestSettings, pool: ProcessPoolExecutor) -> None:
        self.limits, self.pool = limits, pool
        self.stats = {place: file[3] for places, files in plans for place, file in zip(places, files, strict=True)}
        self.plans = deque(plans)
        self.current: Stretch | None = None
        self.next: Stretch | None = self._start()

    def _start(self) -> Stretch | None:
        return start_stretch(*self.plans.popleft(), self.limits, self.pool) if self.plans else None

    def stat(self, place: int) -> os.stat_result | None:
        """The stat of the file at ``place`` when it is read ahead, else None."""
        return self.stats.get(place)

    def events(self, place: int) -> list[FileEvent]:
        """What reading the file at ``place`` gave (asked once, in the walk's order)."""
        if self.current is None or place not in self.current.read:
            self.current, self.next = self.next, None
            assert self.current is not None, "a page read ahead was asked for out of order"
            self.next = self._start()
            self.current.collect()
        return self.current.read.pop(place)


def read_whole_ahead(path: str) -> bool:
    """Whether a walked file may be read whole by a worker when a chunk holds many such: an
    HTML page, or a WARC file (one capture a file, as web archivers write them) when it is
    too small to stream to the workers (:func:`small_enough`)."""
    return ingest.format_of_name(os.path.basename(path)) in ("html", "warc")


def small_enough(path: str, size: int) -> bool:
    """Whether a file :func:`read_whole_ahead` allows is read whole by a worker: any page, a
    WARC file under ``STREAM_AHEAD_FROM`` (a larger one streams its pages instead)."""
    return size < STREAM_AHEAD_FROM or ingest.format_of_name(os.path.basename(path)) == "html"
