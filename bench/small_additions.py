"""Small additions to a large store, as users make them: ``copytrail check --add`` of one new
story, and ``copytrail scan`` of 20 new stories, on copies of one store, with this tree's code
and another's in the same run.

    .venv/bin/python bench/small_additions.py STORE [--before TREE] [--repeat 3] [--out FILE]

STORE is a store a default scan made (e.g. of the 21,268 Reuters + BBC stories,
``copytrail scan --db STORE .data/folder-ingest/stories-21268.jsonl``).  The new stories are
edited copies of stored ones (``corpora.plant_copies``, seeded), written once beside the
store.  Each run gets a fresh copy of STORE (for this tree, as this tree's scan would have
left it: ``as_left_by_this_tree``) and a fresh interpreter whose ``PYTHONPATH`` is the tree's
``src``; the runs of the trees alternate.  Reported per tree and kind, best of
``--repeat``: wall seconds, the scan's seconds by stage (``--json``), and the alignments the
addition stored (so that the trees' results are compared, not assumed).  Also, with this
tree's code alone: the seconds a scan spends on the store's common stems when it reuses the
recorded ones (its sample unchanged) and when it reads the sample again.  Nothing here is
shipped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import plant_copies  # noqa: E402

HERE = Path(__file__).resolve().parents[1]
COPYTRAIL = Path(sys.executable).with_name("copytrail")
ALIGNED = (
    "SELECT d.source_key AS doc, count(*) AS n, sum(a.source_end - a.source_start + a.target_end - a.target_start) AS chars "
    "FROM alignments a JOIN documents d ON d.id IN (a.source_doc, a.target_doc) WHERE d.source_key LIKE '%added%' "
    "GROUP BY 1 ORDER BY 1"
)


def new_stories(store: Path, folder: Path) -> tuple[Path, Path]:
    """One story for ``check --add`` and a JSONL file of 20 for a scan, edited copies of
    stored stories (none of them stored)."""
    import duckdb

    one, twenty = folder / "added-one.txt", folder / "added-20.jsonl"
    if one.exists() and twenty.exists():
        return one, twenty
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute("SELECT id, text FROM documents WHERE duplicate_of IS NULL ORDER BY sha1 LIMIT 5000").fetchall()
    copies, _ = plant_copies([{"id": doc, "text": text} for doc, text in rows], 21, seed=43)
    one.write_text(copies[0]["text"], encoding="utf-8")
    with twenty.open("w", encoding="utf-8") as handle:
        for k, copy in enumerate(copies[1:]):
            handle.write(json.dumps({"id": f"added-{k}", "text": copy["text"], "published": "2026-12-01"}) + "\n")
    return one, twenty


def as_left_by_this_tree(store: Path, work: Path) -> Path:
    """A copy of ``store`` with the record this tree's scan leaves of its common stems (what
    they were read on), as a store this code scanned would have: a store another code
    scanned has none, or another, and its first addition reads the sample again."""
    from copytrail.engines import vocabulary
    from copytrail.settings import ScanSettings
    from copytrail.store import open_store

    copy = work / "base-this-tree.duckdb"
    for leftover in (copy, Path(f"{copy}.wal"), Path(f"{copy}.keys")):
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)
    shutil.copyfile(store, copy)
    if Path(f"{store}.keys").is_dir():
        shutil.copytree(f"{store}.keys", f"{copy}.keys")
    with open_store(copy) as opened:
        vocabulary.for_scan(opened, ScanSettings())
    return copy


def run(tree: Path, store: Path, kind: str, one: Path, twenty: Path, work: Path) -> dict:
    copy = work / f"copy-{kind}.duckdb"
    for leftover in (copy, Path(f"{copy}.wal"), Path(f"{copy}.keys")):
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)
    shutil.copyfile(store, copy)
    if Path(f"{store}.keys").is_dir():
        shutil.copytree(f"{store}.keys", f"{copy}.keys")
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    if kind == "check --add":
        command = [str(COPYTRAIL), "check", "--db", str(copy), "--add", str(one)]
    else:
        command = [str(COPYTRAIL), "scan", "--db", str(copy), "--json", "-q", str(twenty)]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):  # check exits 1 when it finds no reuse
        raise SystemExit(f"{command} failed ({done.returncode}): {done.stderr[-2000:]}")
    stages = json.loads(done.stdout).get("stage_seconds", {}) if kind == "scan 20" else {}
    import duckdb

    with duckdb.connect(str(copy), read_only=True) as con:
        aligned = [list(row) for row in con.execute(ALIGNED).fetchall()]
    return {"wall_s": round(wall, 2), "stage_s": {k: round(v, 2) for k, v in stages.items()}, "aligned": aligned}


def common_stems_seconds(store: Path, work: Path, repeat: int) -> dict:
    """``engines.vocabulary.for_scan`` on a copy of ``store``: reusing the recorded stems, and
    reading the sample again (the record of what they were read on cleared)."""
    from copytrail.engines import vocabulary
    from copytrail.settings import ScanSettings
    from copytrail.store import open_store
    from copytrail.store.vocabulary import COMMON_STEMS_READ_ON_KEY

    copy = work / "copy-stems.duckdb"
    copy.unlink(missing_ok=True)
    Path(f"{copy}.wal").unlink(missing_ok=True)
    shutil.copyfile(store, copy)
    reused, read = [], []
    with open_store(copy) as opened:
        settings = ScanSettings()
        vocabulary.for_scan(opened, settings)  # recorded, with what they were read on
        for _ in range(repeat):
            started = time.perf_counter()
            kept = vocabulary.for_scan(opened, settings).align.common_stems
            reused.append(time.perf_counter() - started)
            opened.set_meta(COMMON_STEMS_READ_ON_KEY, "")
            started = time.perf_counter()
            fresh = vocabulary.for_scan(opened, settings).align.common_stems
            read.append(time.perf_counter() - started)
            assert kept == fresh
    return {"reused_s": round(min(reused), 3), "read_s": round(min(read), 3), "stems": len(kept)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--before", type=Path, help="another tree (its src is run the same way)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    work = args.store.parent / "small-additions"
    work.mkdir(exist_ok=True)
    one, twenty = new_stories(args.store, work)
    trees = {"after": HERE, **({"before": args.before.resolve()} if args.before else {})}
    stores = {"after": as_left_by_this_tree(args.store, work), "before": args.store}
    rows = []
    for repeat in range(args.repeat):
        for kind in ("check --add", "scan 20"):
            for name, tree in trees.items():
                row = {"tree": name, "kind": kind, "run": repeat, **run(tree, stores[name], kind, one, twenty, work)}
                print(json.dumps({k: v for k, v in row.items() if k != "aligned"}), flush=True)
                rows.append(row)
    best = {}
    for name in trees:
        for kind in ("check --add", "scan 20"):
            mine = [r for r in rows if r["tree"] == name and r["kind"] == kind]
            fastest = min(mine, key=lambda r: r["wall_s"])
            best[f"{name} {kind}"] = {"wall_s": fastest["wall_s"], "stage_s": fastest["stage_s"],
                                      "alignments": sum(n for _, n, _ in fastest["aligned"]),
                                      "same_alignments_every_run": all(r["aligned"] == mine[0]["aligned"] for r in mine)}  # fmt: skip
    if args.before:
        for kind in ("check --add", "scan 20"):
            a = [r["aligned"] for r in rows if r["tree"] == "after" and r["kind"] == kind][0]
            b = [r["aligned"] for r in rows if r["tree"] == "before" and r["kind"] == kind][0]
            best[f"same alignments, {kind}"] = a == b
    best["common stems, this tree"] = common_stems_seconds(args.store, work, args.repeat)
    print(json.dumps(best, indent=1))
    if args.out:
        result = {"command": " ".join(sys.argv), "machine": platform.node(), "cpus": os.cpu_count(),
                  "store": str(args.store), "best": best, "rows": rows}  # fmt: skip
        args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
