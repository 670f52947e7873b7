"""The worker processes both the local engine and ``api.pan_detect`` use: how many, how
each starts, and how work is dealt out to them."""

from __future__ import annotations

import gc
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import Any, TypeVar

Job = TypeVar("Job")
Out = TypeVar("Out")


def worker_start() -> None:
    """One thread per worker process for BLAS and OpenMP, torch's included: the workers
    already use every core, and threads within each only contend for them.  numpy's small
    products: the pairs found by meaning took 5.5 s on one process with two BLAS threads,
    4.3 s with one, 1.6-2.3 s on two workers with one each; MiniLM in each of two PAN
    workers: ``pan --semantic`` 255 s with two torch threads each, 64-70 s with one.
    Garbage collected less often (``GC_THRESHOLD``), never over what the process inherited
    from its parent (frozen)."""
    import sys

    from threadpoolctl import threadpool_limits

    os.environ["OMP_NUM_THREADS"] = "1"  # read by torch when a job first imports it
    threadpool_limits(1)
    torch = sys.modules.get("torch")
    if torch is not None:  # imported before the fork: its own setting
        torch.set_num_threads(1)
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


# Allocations between the collections of the youngest generation (the default is 700), and
# how many of those before each older one.  Aligning allocates millions of small dicts and
# lists; a collection of the older generations walks every object a process holds, and a
# worker holds thousands of prepared documents: at the default, collections took 30% of
# alignment's CPU (27,396 pairs of a 20k mixed store: 20.9 s, 14.6 s with these values,
# 14.9 s with collection off).
GC_THRESHOLD = (50_000, 20, 100)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """``GC_THRESHOLD`` while the block runs (the aligning in the scanning process itself)."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def worker_count(requested: int) -> int:
    """``requested`` processes, or one per core for 0."""
    return requested if requested > 0 else max(1, os.cpu_count() or 1)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, each started by ``worker_start``."""
    return ProcessPoolExecutor(max_workers=workers, initializer=worker_start)


class HomePool:
    """Worker processes each fed by its own queue, so that the jobs about one document can
    all go to the same process (``map_homed``): a worker's prepared-document cache then
    holds the documents it is given again and again, where a shared queue deals each
    document's pairs to every worker in turn and each prepares it anew (the 84,094 pairs
    of the 21,268 Reuters+BBC stories: 29,665 documents prepared on two workers for
    14,086 met, 25,151 with homes).  A worker whose own jobs are done takes the last ones
    of another's (a shared box does not run every worker at the same speed).  ``map``
    deals jobs out in runs, as a pool does."""

    def __init__(self, workers: int) -> None:
        self._max_workers = workers
        self.executors = [ProcessPoolExecutor(max_workers=1, initializer=worker_start) for _ in range(workers)]

    def map_homed(self, work: Callable[[Job], Out], jobs: Sequence[Job], homes: Sequence[int]) -> Iterator[Out]:
        """``work`` over ``jobs``, job ``i`` on worker ``homes[i]`` unless another worker is
        idle, results in order (each awaited as it is read: the jobs are dealt out now)."""
        return _HomedRun(self.executors, work, jobs, homes).outputs()

    def map(self, work: Callable[[Job], Out], jobs: Sequence[Job], chunksize: int = 1) -> Iterator[Out]:
        """``work`` over ``jobs``, each worker given an equal run of them, results in order."""
        del chunksize  # the runs are dealt out in sixteenths
        count = len(jobs)
        return self.map_homed(work, jobs, [i * self._max_workers // max(1, count) for i in range(count)])

    def shutdown(self) -> None:
        for executor in self.executors:
            executor.shutdown()


def _run_chunk(work: Callable[[Job], Out], jobs: list[Job]) -> list[Out]:
    return [work(job) for job in jobs]


_IN_FLIGHT = 2  # chunks sent to each worker ahead of the one it runs


class _HomedRun:
    """One ``map_homed``: each worker's jobs cut into chunks (a sixteenth of the largest
    share), a dealing thread keeping ``_IN_FLIGHT`` chunks sent to each worker, its own
    first, then the last chunk of the longest queue left."""

    def __init__(self, executors: list[ProcessPoolExecutor], work: Callable[[Job], Out], jobs: Sequence[Job], homes: Sequence[int]) -> None:
        self.executors, self.work, self.jobs = executors, work, jobs
        mine: list[list[int]] = [[] for _ in executors]
        for index, home in enumerate(homes):
            mine[home].append(index)
        size = max(1, max(map(len, mine)) // 16)
        self.queues = [deque(share[k : k + size] for k in range(0, len(share), size)) for share in mine]
        self.ready: list[threading.Event | None] = [None] * len(jobs)
        for queue in self.queues:
            for chunk in queue:
                event = threading.Event()
                for index in chunk:
                    self.ready[index] = event
        self.results: list[Any] = [None] * len(jobs)
        self.error: BaseException | None = None
        self.dealer = threading.Thread(target=self._deal, daemon=True)
        self.dealer.start()

    def _take(self, worker: int) -> list[int] | None:
        if self.queues[worker]:
            return self.queues[worker].popleft()
        longest = max(self.queues, key=len)
        return longest.pop() if longest else None

    def _deal(self) -> None:
        running: dict[Future[Any], tuple[int, list[int]]] = {}

        def send(worker: int) -> None:
            chunk = self._take(worker)
            if chunk is not None:
                future = self.executors[worker].submit(_run_chunk, self.work, [self.jobs[i] for i in chunk])
                running[future] = (worker, chunk)

        try:
            for worker in range(len(self.executors)):
                for _ in range(_IN_FLIGHT):
                    send(worker)
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    worker, chunk = running.pop(future)
                    for index, output in zip(chunk, future.result(), strict=True):
                        self.results[index] = output
                    self.ready[chunk[0]].set()  # type: ignore[union-attr]
                    send(worker)
        except BaseException as error:  # noqa: BLE001 - handed to the reader
            self.error = error
            for event in self.ready:
                if event is not None:
                    event.set()

    def outputs(self) -> Iterator[Any]:
        for index in range(len(self.jobs)):
            self.ready[index].wait()  # type: ignore[union-attr]
            if self.error is not None:
                raise self.error
            yield self.results[index]


JobPool = ProcessPoolExecutor | HomePool


def spread_map(pool: JobPool, work: Callable[[Job], Out], jobs: Sequence[Job]) -> list[Out]:
    """``work`` over ``jobs`` on the pool, results in order, sent in chunks of about an
    eighth of each worker's share (few round trips, and still an even finish)."""
    return list(spread_lazily(pool, work, jobs))


def spread_lazily(pool: JobPool, work: Callable[[Job], Out], jobs: Sequence[Job]) -> Iterator[Out]:
    """``spread_map`` whose results are awaited as they are read: every job is sent now, so
    the caller can do other work while the pool runs them."""
    return pool.map(work, jobs, chunksize=max(1, len(jobs) // (8 * pool._max_workers)))


def shares(texts: dict[str, str], workers: int) -> list[dict[str, str]]:
    """``texts`` dealt out to ``workers`` in turn (documents of a batch differ in size,
    neighbours in input order less so), empty shares left out."""
    items = list(texts.items())
    return [share for share in (dict(items[i::workers]) for i in range(workers)) if share]
