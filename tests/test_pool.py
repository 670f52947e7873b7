"""The worker pool the align stage uses: jobs dealt to the worker they name (an idle worker
taking what another has left), results in order, a job's error handed back."""

from __future__ import annotations

import os

import pytest

from copytrail.engines.pool import HomePool, spread_map


def _where(job: int) -> tuple[int, int]:
    if job < 0:
        raise ValueError(f"job {job}")
    return job * job, os.getpid()


def test_jobs_go_to_their_worker_first_and_come_back_in_order() -> None:
    pool = HomePool(2)
    try:
        jobs = list(range(40))
        homes = [job % 2 for job in jobs]  # 20 a worker: chunks of one job
        results = list(pool.map_homed(_where, jobs, homes))
        assert [square for square, _ in results] == [job * job for job in jobs]
        pids = [pid for _, pid in results]
        # each worker is first sent two chunks of its own: jobs 0, 2 on one, 1, 3 on the other
        assert pids[0] == pids[2] != pids[1] == pids[3]
        assert os.getpid() not in pids
        assert [square for square, _ in spread_map(pool, _where, jobs)] == [job * job for job in jobs]
        assert list(pool.map_homed(_where, [], [])) == []
    finally:
        pool.shutdown()


def test_an_idle_worker_takes_another_workers_jobs_and_errors_come_back() -> None:
    pool = HomePool(2)
    try:
        jobs = list(range(64))
        results = list(pool.map_homed(_where, jobs, [0] * len(jobs)))  # all meant for one worker
        assert [square for square, _ in results] == [job * job for job in jobs]
        assert len({pid for _, pid in results}) == 2  # the other, with none of its own, took some
        with pytest.raises(ValueError, match="job -1"):
            list(pool.map_homed(_where, [3, -1, 4], [0, 1, 0]))
    finally:
        pool.shutdown()
