"""The worker pool the align stage uses: jobs sent to the worker they name, results in order."""

from __future__ import annotations

import os

from copytrail.engines.pool import HomePool, spread_map


def _where(job: int) -> tuple[int, int]:
    return job * job, os.getpid()


def test_jobs_go_to_the_worker_named_and_come_back_in_order() -> None:
    pool = HomePool(2)
    try:
        jobs = list(range(40))
        homes = [(job // 3) % 2 for job in jobs]  # runs of three on each worker in turn
        results = list(pool.map_homed(_where, jobs, homes))
        assert [square for square, _ in results] == [job * job for job in jobs]
        by_home: dict[int, set[int]] = {}
        for home, (_, pid) in zip(homes, results, strict=True):
            by_home.setdefault(home, set()).add(pid)
        assert all(len(pids) == 1 for pids in by_home.values())
        assert by_home[0] != by_home[1]  # two processes, neither this one
        assert os.getpid() not in by_home[0] | by_home[1]
        assert [square for square, _ in spread_map(pool, _where, jobs)] == [job * job for job in jobs]
        assert list(pool.map_homed(_where, [], [])) == []
    finally:
        pool.shutdown()
