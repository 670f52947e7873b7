"""A few SIGKILLs of real copytrail processes, one in each stage, each resumed and compared row
for row with the uninterrupted store (bench/kill_loop.py runs the long, random loop)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import kill_loop  # noqa: E402


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> kill_loop.KillLoop:
    prepared = kill_loop.KillLoop(tmp_path_factory.mktemp("kills"), documents=20, seed=3)
    prepared.prepare()
    return prepared


def test_each_command_runs_the_stages_it_is_killed_in(loop: kill_loop.KillLoop) -> None:
    stages = {name: set(command.stages) for name, command in loop.commands.items()}
    assert {"ingest", "alignment", "narratives", "claims"} <= stages["first scan"]
    assert {"ingest", "alignment", "narratives", "claims"} <= stages["incremental scan"]
    assert "forget" in stages["forget"]
    first, grown = loop.commands["first scan"].expected, loop.commands["incremental scan"].expected
    assert len(grown["documents"]) > len(first["documents"]) and first["alignments"] and first["claim_groups"]
    assert len(loop.commands["forget"].expected["documents"]) < len(grown["documents"])


@pytest.mark.parametrize(
    ("command", "stage"),
    [
        ("first scan", "ingest"),
        ("first scan", "alignment"),
        ("incremental scan", "narratives"),
        ("incremental scan", "claims"),
        ("forget", "forget"),
        ("forget", "claims"),
    ],
)
def test_a_kill_in_a_stage_resumes_to_the_uninterrupted_store(loop: kill_loop.KillLoop, command: str, stage: str) -> None:
    rng = random.Random(f"{command}/{stage}")
    label = loop.kill_once(loop.commands[command], rng, stage)
    assert stage in label
    assert not loop.failures, loop.failures


def test_a_kill_at_a_random_moment_resumes_to_the_uninterrupted_store(loop: kill_loop.KillLoop) -> None:
    rng = random.Random(11)
    for name in ("first scan", "incremental scan"):
        command = loop.commands[name]
        label = loop.kill_once(command, rng, moment=True)
        assert name in label
    assert not loop.failures, loop.failures
