"""What the semantic layer costs: the same corpus scanned lexical-only and with ``--semantic``.

    .venv/bin/python bench/semantic_scan.py [--corpus .data/bench/scan-shared-10000] \
        [--device cpu] [--out bench/semantic_results.json]

Each scan runs in its own child process into a fresh DuckDB file (claims off: the stages
both scans share), so wall time and peak RSS belong to that scan alone; then each store is
scanned again with another ``min_words``, which realigns every pair (what a settings change
costs: nothing is read or embedded again, and the judge's vectors come from the store).  The corpus
defaults to the 10k-document corpus of the scale benchmark (``bench/run.py`` builds it).
Also measured, alone: sentences per second of the static encoder (word table, cold and warm)
and of the MiniLM judge, on sentences of the corpus.  Run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

SCAN_CHILD = """
import json, sys, time
from dataclasses import replace
from copytrail.engines.local import scan
from copytrail.settings import ClaimsSettings, ScanSettings, SemanticSettings
from copytrail.store import open_store
corpus, db, semantic, device, min_words = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4], int(sys.argv[5])
settings = replace(ScanSettings(), claims=ClaimsSettings(enabled=False), semantic=SemanticSettings(enabled=semantic, device=device))
if min_words:  # another min_words than the store was aligned with: every pair is aligned again
    settings = replace(settings, align=replace(settings.align, min_words=min_words))
started = time.perf_counter()
with open_store(db) as store:
    result = scan([corpus], store, settings)
    alignments = store.query("SELECT count(*) AS n FROM alignments")[0]["n"]
    kinds = {r["kind"]: r["n"] for r in store.query("SELECT kind, count(*) AS n FROM alignments GROUP BY kind")}
print(json.dumps({"wall_s": time.perf_counter() - started, "documents": result.documents_added,
                  "pairs": result.pairs_compared, "meaning_pairs": result.meaning_pairs,
                  "sentences_embedded": result.sentences_embedded,
                  "sentences_judged": result.sentences_judged, "alignments": alignments, "kinds": kinds,
                  "stage_s": {k: round(v, 2) for k, v in result.stage_seconds.items()},
                  "semantic_s": {k: round(v, 2) for k, v in result.semantic_seconds.items()}}))
"""

ENCODERS_CHILD = """
import json, sys, time
from itertools import islice
from pathlib import Path
from copytrail.stages.ingest import iter_input_files, read_file
from copytrail.records import Document
from copytrail.stages.segment import segment
from copytrail.stages.semantic import MiniLMEncoder, StaticEncoder, sentence_texts
corpus, device, judged = sys.argv[1], sys.argv[2], int(sys.argv[3])
sentences = []
docs = (d for f in iter_input_files([corpus]) if isinstance(f, Path) for d in read_file(f) if isinstance(d, Document))
for doc in islice(docs, 2000):
    sentences += sentence_texts(doc.text, segment(doc.text))
static = StaticEncoder()
started = time.perf_counter(); static.encode(sentences); cold = time.perf_counter() - started
started = time.perf_counter(); static.encode(sentences); warm = time.perf_counter() - started
judge = MiniLMEncoder(device)
judge.encode(sentences[:64])
sample = sentences[64 : 64 + judged]
started = time.perf_counter(); judge.encode(sample); judge_s = time.perf_counter() - started
print(json.dumps({"sentences": len(sentences), "static_cold_per_s": len(sentences) / cold,
                  "static_warm_per_s": len(sentences) / warm, "judge_sentences": len(sample),
                  "judge_per_s": len(sample) / judge_s, "judge_precision": judge.precision}))
"""


def child(code: str, *args: str) -> tuple[dict[str, Any], float]:
    """Run ``code`` in a fresh interpreter; its JSON line and its peak RSS in MB."""
    process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"child failed ({process.returncode}): {code.splitlines()[1]}")
    return json.loads(output.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT / ".data/bench/scan-shared-10000"))
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--judge-sentences", type=int, default=2000)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        raise SystemExit(f"{args.corpus}: no such corpus (bench/run.py --sizes 10000 builds it)")
    results: dict[str, Any] = {
        "command": ["python", "bench/semantic_scan.py", *sys.argv[1:]],
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "corpus": args.corpus,
    }
    with tempfile.TemporaryDirectory(prefix="copytrail-semantic-") as tmp:
        for name, semantic in (("lexical", "0"), ("semantic", "1")):
            row, rss = child(SCAN_CHILD, args.corpus, str(Path(tmp) / f"{name}.duckdb"), semantic, args.device, "0")
            results[name] = {**row, "peak_rss_mb": round(rss)}
            print(name, json.dumps(results[name]), flush=True)
        # a settings change (min_words 24) realigns every pair of the same store: the judge's
        # vectors are in the store by then, the static ones too
        for name, semantic in (("lexical", "0"), ("semantic", "1")):
            row, rss = child(SCAN_CHILD, args.corpus, str(Path(tmp) / f"{name}.duckdb"), semantic, args.device, "24")
            results[f"{name}_realigned"] = {**row, "peak_rss_mb": round(rss)}
            print(f"{name}_realigned", json.dumps(results[f"{name}_realigned"]), flush=True)
    results["ratio"] = results["semantic"]["wall_s"] / results["lexical"]["wall_s"]
    results["realigned_ratio"] = results["semantic_realigned"]["wall_s"] / results["lexical_realigned"]["wall_s"]
    results["encoders"], _ = child(ENCODERS_CHILD, args.corpus, args.device, str(args.judge_sentences))
    print("encoders", json.dumps(results["encoders"]))
    print(f"semantic / lexical wall time: {results['ratio']:.2f}x; realigned after a settings change: {results['realigned_ratio']:.2f}x")
    results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
