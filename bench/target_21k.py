"""The headline comparison, in one run: the whole copytrail scan of the ~21k Reuters-21578 +
BBC stories against datasketch and rensa doing only MinHash + LSH indexing of the same texts.

    .venv/bin/python bench/target_21k.py [--repeat 3] [--out bench/target_21k.json]

Baselines: word 5-gram shingles of whole documents, 128 permutations, 32 bands x 4 rows (the
issue's setting), each tool's best of ``--repeat`` runs.  copytrail: ``copytrail.scan`` of the
same records written as JSONL, into a fresh DuckDB store each time (ingest, sketch, candidates,
alignment, narratives, store), claims off — the stages the target names — and, once, with
claims on for comparison.  Best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import bbc, reuters, write_jsonl  # noqa: E402
from sketch_bench import CONFIGS, available_tools, measure  # noqa: E402


def scan_seconds(paths: list[Path], claims: bool) -> tuple[float, dict[str, int]]:
    from copytrail.engines.local import scan
    from copytrail.settings import ClaimsSettings, ScanSettings
    from copytrail.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "scan.duckdb"
        started = time.perf_counter()
        with open_store(db) as store:
            result = scan(paths, store, ScanSettings(claims=ClaimsSettings(enabled=claims)))
        seconds = time.perf_counter() - started
    return seconds, {
        "documents": result.documents_added,
        "pairs": result.pairs_compared,
        "alignments": result.alignments_added,
        "narratives": result.narratives,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    from copytrail.stages.segment import words

    records = list(reuters()) + list(bbc())
    folder = Path(tempfile.mkdtemp(prefix="copytrail-21k-"))
    paths = write_jsonl(records, folder / "rb", shards=4)
    docs = [w for w in (words(r["text"]) for r in records) if w]
    config = CONFIGS[0]  # doc-5gram-128
    result: dict[str, object] = {"documents": len(records), "cpus": os.cpu_count(), "baselines": {}}
    for tool in (t for t in available_tools() if t in ("datasketch", "rensa")):
        measured = measure(docs, config, tool, args.repeat)
        result["baselines"][tool] = {"minhash_s": measured["sketch_s"], "minhash_lsh_s": measured["sketch_index_s"]}
        print(f"{tool:<11} MinHash {measured['sketch_s']:6.2f} s   MinHash + LSH {measured['sketch_index_s']:6.2f} s", flush=True)
    runs = [scan_seconds(paths, claims=False) for _ in range(args.repeat)]
    best = min(runs, key=lambda r: r[0])
    result["copytrail_scan_s"] = best[0]
    result["copytrail_scan_all_s"] = [r[0] for r in runs]
    result["copytrail_counts"] = best[1]
    with_claims = scan_seconds(paths, claims=True)
    result["copytrail_scan_with_claims_s"] = with_claims[0]
    print(f"copytrail   whole scan {best[0]:6.2f} s (runs: {', '.join(f'{r[0]:.2f}' for r in runs)}), {best[1]}", flush=True)
    print(f"copytrail   whole scan with the claims stage {with_claims[0]:6.2f} s", flush=True)
    if "datasketch" in result["baselines"]:
        ratio = best[0] / result["baselines"]["datasketch"]["minhash_s"]  # type: ignore[index]
        result["scan_over_datasketch_minhash"] = ratio
        print(f"whole scan / datasketch MinHash alone: {ratio:.2f}", flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
