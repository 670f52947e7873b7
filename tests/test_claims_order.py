"""Claims: the same texts give the same claim groups whatever order they arrive in (one JSONL
file in one order, a folder listed in another). Equal evidence is common in recurring reports
(the same figure in the same sentence frame), and such ties must not be settled by arrival."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import FAST, write_jsonl
from copytrail.engines.local import scan
from copytrail.store import open_store

FRAMES = [
    "Net profit rose to {a} mln dlrs from {b} mln dlrs a year earlier.",
    "Sales were {a} mln dlrs against {b} mln dlrs.",
    "The company said it would cut {a} jobs at its plant in the north.",
    "Output fell {a} pct in the quarter, the statement said.",
    "The board proposed a dividend of {a} cts a share.",
]


def _reports(seed: int, count: int = 12) -> list[dict[str, str]]:
    """Short reports that fill a few sentence frames from a few figures: many equal statements."""
    rng = random.Random(seed)
    figures = [3, 5, 12, 40, 7]
    reports = []
    for k in range(count):
        sentences = [f"Report number {k} from the regional desk on the trading week."]
        sentences += [frame.format(a=rng.choice(figures), b=rng.choice(figures)) for frame in rng.sample(FRAMES, 4)]
        reports.append({"id": f"report-{k}", "text": " ".join(sentences)})
    return reports


def _groups(records: list[dict[str, str]], folder: Path) -> set[frozenset[tuple[str, int]]]:
    """Each claim group of a fresh scan of ``records``, as its statements' (text, figure offset)."""
    (folder / "in").mkdir(parents=True)
    write_jsonl(folder / "in" / "feed.jsonl", records)
    with open_store(folder / "s.duckdb") as store:
        result = scan([folder / "in"], store, FAST)
        assert not result.errors
        text = dict(store.con.execute("SELECT id, text FROM documents").fetchall())
        where = {
            claim: (text[doc], start)
            for claim, doc, start in store.con.execute("SELECT id, doc, value_start FROM claims").fetchall()
        }
        members: dict[str, set[tuple[str, int]]] = defaultdict(set)
        for group, claim in store.con.execute("SELECT claim_group, claim FROM claim_statements").fetchall():
            members[group].add(where[claim])
    return {frozenset(m) for m in members.values()}


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_claim_groups_do_not_depend_on_the_order_documents_arrive_in(tmp_path: Path, seed: int) -> None:
    reports = _reports(seed)
    forward = _groups(reports, tmp_path / "forward")
    backward = _groups(reports[::-1], tmp_path / "backward")
    assert len(forward) >= 10  # the frames do make groups
    assert forward == backward
