"""Prove that a change left results alone: snapshot what copytrail finds, then compare.

    .venv/bin/python bench/same_results.py snapshot before.json [--pan] [--demo] [--corpus10k]
    .venv/bin/python bench/same_results.py compare before.json after.json

Everything goes through the command line a user runs, so a snapshot taken before a
refactoring and one taken after it measure the same thing:

- ``--pan``: ``copytrail pan`` over the PAN 2013 training pairs (``.data/pan13-train``, else
  unpacked from ``../shared/data``); the SHA-256 of every detection file it writes;
- ``--demo``: the sample corpus scanned into a fresh store and every table exported (the
  alignments, narratives, documents and claims of ``scripts/demo.sh``, plus the outlet network);
  each export's rows, sorted, and their digest;
- ``--corpus10k``: the benchmark's 10k corpus (``bench/run.py`` builds it in ``.data/bench``)
  scanned with claims off as the scan benchmark does; the alignment count and the digest of the
  sorted alignment rows.

``compare`` prints what differs and exits 1 if anything does.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
COPYTRAIL = [str(Path(sys.executable).parent / "copytrail")]
SAMPLE = REPO / "examples" / "sample-corpus"
BENCH_DATA = REPO / ".data" / "bench"
FIXED_DEMO = Path(tempfile.gettempdir()) / "copytrail-same-results-demo"
FIXED_MTIME = 1_767_225_600  # 2026-01-01T00:00:00Z


def _run(args: list[str], cwd: Path) -> None:
    # One hash seed: a few labels (claim texts) list set members in hash order.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run([*COPYTRAIL, *args], cwd=cwd, capture_output=True, text=True, env=env)
    if done.returncode not in (0, 1):
        raise SystemExit(f"copytrail {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")


def _pan_corpus() -> Path:
    unpacked = REPO / ".data" / "pan13-train"
    if not unpacked.is_dir():
        unpacked.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(REPO.parent / "shared" / "data" / "pan13-train.tar.gz") as tar:
            tar.extractall(unpacked.parent, filter="data")
    return unpacked


def pan_snapshot(work: Path) -> dict[str, Any]:
    corpus = _pan_corpus()
    out = work / "detections"
    _run(["pan", "--pairs", str(corpus / "all" / "pairs"), "--src", str(corpus / "src"),
          "--susp", str(corpus / "susp"), "--out", str(out)], work)
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.xml"))}
    return {"files": len(files), "digests": files}


def _rows(path: Path) -> list[str]:
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as fh:
            return sorted(json.dumps(row, sort_keys=True) for row in csv.DictReader(fh))
    return sorted(json.dumps(json.loads(line), sort_keys=True) for line in path.read_text(encoding="utf-8").splitlines() if line)


def _table(rows: list[str]) -> dict[str, Any]:
    return {"rows": len(rows), "digest": hashlib.sha256("\n".join(rows).encode()).hexdigest(), "sorted": rows}


def demo_snapshot(work: Path) -> dict[str, Any]:
    # Document ids come from absolute paths and undated files take their modification time:
    # both are fixed here, so that two checkouts give comparable snapshots.
    work = FIXED_DEMO
    shutil.rmtree(work, ignore_errors=True)
    corpus = work / "sample-corpus"
    shutil.copytree(SAMPLE, corpus)
    for path in corpus.rglob("*"):
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
    db = str(work / "sample.duckdb")
    # shown paths relative to the work folder ("sample-corpus/…"), as 0.1 showed them from there
    _run(["scan", "sample-corpus", "--db", db, "--root", str(work)], work)
    exports = {
        "alignments": ["export", "alignments"],
        "narratives": ["export", "narratives"],
        "documents": ["export", "documents", "--format", "csv"],
        "claims": ["export", "claims"],
    }
    found: dict[str, Any] = {}
    for name, args in exports.items():
        suffix = ".csv" if "csv" in args else ".jsonl"
        out = work / f"{name}{suffix}"
        _run([*args, "--db", db, "-o", str(out)], work)
        found[name] = _table(_rows(out))
    return found


def _without_paths(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _without_paths(v) if isinstance(v, dict) else v for k, v in row.items() if k != "path"}


def corpus10k_snapshot(work: Path) -> dict[str, Any]:
    shards = sorted((BENCH_DATA / "scan-shared-10000").glob("*.jsonl"))
    if not shards:
        raise SystemExit("no 10k corpus: run bench/run.py --sizes 10000 --skip-sketch once to build it")
    db = str(work / "c10k.duckdb")
    _run(["scan", *map(str, shards), "--db", db, "--no-claims", "--quiet"], work)
    out = work / "alignments.jsonl"
    _run(["export", "alignments", "--db", db, "-o", str(out)], work)
    # The shards' shown paths depend on where the checkout lies; ids and offsets do not.
    rows = [json.dumps(_without_paths(json.loads(row)), sort_keys=True) for row in _rows(out)]
    table = _table(sorted(rows))
    del table["sorted"]
    return table


def snapshot(args: argparse.Namespace) -> None:
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, wanted, take in (("pan", args.pan, pan_snapshot), ("demo", args.demo, demo_snapshot),
                                   ("corpus10k", args.corpus10k, corpus10k_snapshot)):
            if wanted:
                part = work / name
                part.mkdir()
                result[name] = take(part)
                print(f"{name}: done", file=sys.stderr)
    Path(args.out).write_text(json.dumps(result, indent=1, sort_keys=True))


def compare(args: argparse.Namespace) -> int:
    before, after = (json.loads(Path(p).read_text()) for p in (args.before, args.after))
    differences = 0
    for part in sorted(set(before) & set(after)):
        if before[part] == after[part]:
            print(f"{part}: identical")
            continue
        differences += 1
        print(f"{part}: DIFFERENT")
        for key in sorted(set(before[part]) | set(after[part])):
            if before[part].get(key) != after[part].get(key):
                print(f"  {key}: {str(before[part].get(key))[:300]} -> {str(after[part].get(key))[:300]}")
    for part in sorted(set(before) ^ set(after)):
        print(f"{part}: only in one snapshot")
    return 1 if differences else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot")
    snap.add_argument("out")
    snap.add_argument("--pan", action="store_true")
    snap.add_argument("--demo", action="store_true")
    snap.add_argument("--corpus10k", action="store_true")
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("before")
    cmp_.add_argument("after")
    args = parser.parse_args()
    if args.command == "snapshot":
        snapshot(args)
        return 0
    return compare(args)


if __name__ == "__main__":
    raise SystemExit(main())
