"""The worker processes both the local engine and ``api.pan_detect`` use: how many, how
each starts, and how work is dealt out to them."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

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
    of the 21,268 Reuters+BBC stories: 34,880 documents prepared on two workers for
    14,999 met).  ``map`` deals jobs out in runs, as a pool does."""

    def __init__(self, workers: int) -> None:
        self._max_workers = workers
        self.executors = [ProcessPoolExecutor(max_workers=1, initializer=worker_start) for _ in range(workers)]

    def map_homed(self, work: Callable[[Job], Out], jobs: Sequence[Job], homes: Sequence[int]) -> Iterator[Out]:
        """``work`` over ``jobs``, job ``i`` on worker ``homes[i]``, results in order (each
        awaited as it is read: every job is sent now)."""
        mine: list[list[Job]] = [[] for _ in self.executors]
        for job, home in zip(jobs, homes, strict=True):
            mine[home].append(job)
        results = [
            executor.map(work, share, chunksize=max(1, len(share) // 8)) if share else iter(())
            for executor, share in zip(self.executors, mine, strict=True)
        ]
        return (next(results[home]) for home in homes)

    def map(self, work: Callable[[Job], Out], jobs: Sequence[Job], chunksize: int = 1) -> Iterator[Out]:
        """``work`` over ``jobs``, each worker given an equal run of them, results in order."""
        del chunksize  # each worker's run is sent in eighths
        count = len(jobs)
        return self.map_homed(work, jobs, [i * self._max_workers // max(1, count) for i in range(count)])

    def shutdown(self) -> None:
        for executor in self.executors:
            executor.shutdown()


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
