"""The headline comparison, in one run: the default ``copytrail scan`` (claims on, as a user
runs it) of the 21,268 Reuters-21578 + BBC stories, as one JSONL file and as a folder of
21,268 ``.txt`` files, against datasketch (and rensa) doing only MinHash + LSH indexing of the
same texts.

    .venv/bin/python bench/target_21k.py [--repeat 3] [--no-claims-too] [--out bench/target_21k.json]

The stories are the ones ``bench/folder_ingest.py`` writes (``.data/folder-ingest/``: every
non-empty Reuters/BBC story, its text alone, one ``.txt`` file each and one JSONL of the same).

Baselines: word 5-gram shingles of whole documents (copytrail's word rules), 128 permutations,
32 bands x 4 rows, each tool's best of ``--repeat`` runs over texts already in memory; measured
before and again after the copytrail scans, so that a change in the load of a shared box shows.
copytrail: ``copytrail scan --db NEW --json PATH`` run as a command (its start-up included),
into a fresh store each time, once per input; the wall-clock seconds of the command, the scan's
own seconds per stage (``stage_seconds``), its counts and peak memory.  ``--no-claims-too``
adds a ``--no-claims`` scan of each input.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from folder_ingest import build  # noqa: E402
from sketch_bench import CONFIGS, available_tools, measure  # noqa: E402

STORIES = 21_268
COPYTRAIL = Path(sys.executable).with_name("copytrail")


def baselines(docs: list[list[str]], repeat: int) -> dict[str, dict[str, float]]:
    """Best-of-``repeat`` seconds of MinHash alone and MinHash + LSH index, per tool."""
    found: dict[str, dict[str, float]] = {}
    for tool in (t for t in available_tools() if t in ("datasketch", "rensa")):
        measured = measure(docs, CONFIGS[0], tool, repeat)  # doc-5gram-128
        found[tool] = {"minhash_s": measured["sketch_s"], "minhash_lsh_s": measured["sketch_index_s"]}
        print(f"{tool:<11} MinHash {measured['sketch_s']:6.2f} s   MinHash + LSH {measured['sketch_index_s']:6.2f} s", flush=True)
    return found


def scan_command(path: Path, claims: bool) -> dict[str, object]:
    """One ``copytrail scan --json`` of ``path`` into a fresh store: wall seconds and its report."""
    with tempfile.TemporaryDirectory() as scratch:
        command = [str(COPYTRAIL), "scan", "--db", str(Path(scratch) / "scan.duckdb"), "--json", str(path)]
        if not claims:
            command.append("--no-claims")
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"copytrail scan {path}: exit {done.returncode}: {done.stderr.strip()[-500:]}")
    report = json.loads(done.stdout)
    keep = ("documents_added", "pairs_compared", "alignments_added", "narratives", "claims", "claim_groups", "claims_differ")
    return {
        "wall_s": wall,
        "scan_s": report["seconds"],
        "stage_s": report["stage_seconds"],
        "peak_memory_mb": report["peak_memory_mb"],
        "worker_peak_memory_mb": report.get("worker_peak_memory_mb"),
        "counts": {k: report.get(k) for k in keep},
        "command": " ".join(["copytrail", *command[1:3], "NEW.duckdb", *command[4:]]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-claims-too", action="store_true", help="also a --no-claims scan of each input")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    from copytrail.stages.segment import words

    folder, jsonl = build(STORIES)
    texts = [json.loads(line)["text"] for line in jsonl.read_text(encoding="utf-8").splitlines()]
    docs = [w for w in (words(t) for t in texts) if w]
    result: dict[str, object] = {"documents": len(texts), "cpus": os.cpu_count(), "load_before": os.getloadavg()}
    result["baselines_before"] = baselines(docs, args.repeat)
    scans: dict[str, object] = {}
    for name, path in (("jsonl", jsonl), ("folder", folder)):
        for claims in (True, False) if args.no_claims_too else (True,):
            label = name if claims else f"{name} --no-claims"
            got = scan_command(path, claims)
            scans[label] = got
            stages = ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in got["stage_s"].items())  # type: ignore[union-attr]
            print(f"copytrail scan {label:<18} {got['wall_s']:7.2f} s (scan {got['scan_s']:.2f}: {stages})  {got['counts']}", flush=True)
    result["copytrail"] = scans
    result["baselines_after"] = baselines(docs, args.repeat)
    result["load_after"] = os.getloadavg()
    if "datasketch" in result["baselines_after"]:  # type: ignore[operator]
        lsh = min(result[key]["datasketch"]["minhash_lsh_s"] for key in ("baselines_before", "baselines_after"))  # type: ignore[index]
        result["scan_over_datasketch_minhash_lsh"] = {label: got["wall_s"] / lsh for label, got in scans.items()}  # type: ignore[index]
        for label, ratio in result["scan_over_datasketch_minhash_lsh"].items():  # type: ignore[union-attr]
            print(f"{label:<18} whole default scan / datasketch MinHash + LSH (best): {ratio:.2f}", flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
