"""The default scan run by two (or more) trees of the code, interleaved, on one input: seconds
per stage, CPU of the scan and its workers, peak memory, and a digest of the alignments each
stored (equal digests: the same alignments, row for row).

    .venv/bin/python bench/scan_trees.py INPUT --tree before=/tmp/ct-base --tree after=/tmp/ct-head \\
        [--repeat 2] [--no-claims] [--out bench/align_cost_21k.json]

Each ``--tree NAME=DIR`` runs ``copytrail scan --db NEW.duckdb --json INPUT`` with ``DIR/src``
first on ``PYTHONPATH`` (``git archive REV src | tar -x -C DIR`` makes one), into a fresh
store each time, the trees taking turns ``--repeat`` times, so a shared box's changing load
falls on both alike.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COPYTRAIL = Path(sys.executable).with_name("copytrail")
COLUMNS = "source_doc, source_start, source_end, target_doc, target_start, target_end, kind, score, matched_words, ordered"


def one_scan(tree: Path, source: Path, claims: bool) -> dict[str, object]:
    """One scan of ``source`` by the code in ``tree`` into a fresh store."""
    import duckdb

    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "scan.duckdb"
        command = [str(COPYTRAIL), "scan", "--db", str(db), "--json", str(source), *([] if claims else ["--no-claims"])]
        env = {**os.environ, "PYTHONPATH": str(tree / "src")}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{tree}: exit {done.returncode}: {done.stderr.strip()[-500:]}")
        report = json.loads(done.stdout)
        with duckdb.connect(str(db), read_only=True) as con:
            rows = con.execute(f"SELECT {COLUMNS} FROM alignments ORDER BY ALL").fetchall()
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 2),
        "stage_s": {stage: round(seconds, 2) for stage, seconds in report["stage_seconds"].items()},
        "peak_memory_mb": report["peak_memory_mb"],
        "worker_peak_memory_mb": report.get("worker_peak_memory_mb"),
        "pairs_compared": report["pairs_compared"],
        "alignments": len(rows),
        "alignments_digest": hashlib.sha256(repr(rows).encode()).hexdigest()[:16],
        "load_after": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("--tree", action="append", required=True, help="NAME=DIR (DIR/src is the code)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-claims", action="store_true")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    trees = dict(item.split("=", 1) for item in args.tree)
    runs: list[dict[str, object]] = []
    for turn in range(args.repeat):
        for name, tree in trees.items():
            got = {"tree": name, "dir": tree, "turn": turn + 1, **one_scan(Path(tree), args.input, not args.no_claims)}
            runs.append(got)
            print(json.dumps(got), flush=True)
    if args.out:
        result = {"input": str(args.input), "claims": not args.no_claims, "cpus": os.cpu_count(), "runs": runs}
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
