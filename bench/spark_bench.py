"""Spark engine benchmark: one corpus, the local engine and Spark local[1] / local[2].

The corpus is the real documents of ``corpora`` (Reuters-21578, BBC, 20 Newsgroups, PAN 2013;
≈45k), sampled or taken whole, plus planted copies (``corpora.plant_copies``; at least 5%,
more beyond the real documents), written once as one JSONL file under ``.data/spark-bench/``
and reused.  Every engine runs in its own child process; the parent samples the resident
memory of the child's whole process tree (driver, JVM, Python workers) with psutil, so the
peak covers everything a run holds at once.

    .venv/bin/python bench/spark_bench.py --docs 50000 --out bench/spark_results.json
    .venv/bin/python bench/spark_bench.py --docs 2000 --engines local,spark1   # a quick check

Per-stage costs (seconds of sketching per document, of alignment per compared pair, pairs per
document) are measured inside the stage calls of the Spark run, i.e. copytrail's own code
without Spark's overhead; docs/spark.md turns them into an estimate for 100M articles.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora  # noqa: E402

DATA = corpora.REPO / ".data" / "spark-bench"
ENGINES = {"local": None, "spark1": "local[1]", "spark2": "local[2]"}


# ---------------------------------------------------------------------------------- corpus


def build_corpus(docs: int, copy_share: float, seed: int = 1) -> tuple[Path, dict[str, Any]]:
    """The JSONL corpus of ``docs`` documents (cached), and what it holds."""
    path = DATA / f"corpus-{docs}-{copy_share:g}.jsonl"
    info_path = path.with_suffix(".json")
    if path.is_file() and info_path.is_file():
        return path, json.loads(info_path.read_text())
    started = time.perf_counter()
    real: list[dict] = []
    for source in (corpora.reuters, corpora.bbc, corpora.newsgroups, corpora.pan_documents):
        real.extend(r for r in source() if r["text"].strip())
    # at least ``copy_share`` planted copies; beyond the ≈45k real documents, more copies
    rng = random.Random(seed)
    base = rng.sample(real, min(len(real), docs - int(docs * copy_share)))
    copies_wanted = docs - len(base)
    copies, truth = corpora.plant_copies(base, copies_wanted, seed=seed)
    records = base + copies
    rng.shuffle(records)
    DATA.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    info = {
        "documents": len(records),
        "planted": len(truth),
        "bytes": path.stat().st_size,
        "words": sum(len(r["text"].split()) for r in records),
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    info_path.write_text(json.dumps(info, indent=2))
    return path, info


# ---------------------------------------------------------------------------------- children


def _settings() -> Any:
    from copytrail.settings import ClaimsSettings, ScanSettings

    return ScanSettings(claims=ClaimsSettings(enabled=False))  # Spark has no claims stage


def child(engine: str, corpus: Path, result_path: Path, workdir: Path, memory: str) -> None:
    """Run one engine on the corpus (in this process) and write its figures as JSON."""
    settings = _settings()
    started = time.perf_counter()
    if engine == "local":
        from copytrail.engines.local import scan
        from copytrail.store import open_store

        with open_store(workdir / "bench.duckdb") as store:
            result = scan([corpus], store, replace(settings, workers=2))
        figures: dict[str, Any] = {
            "documents": result.documents_added,
            "pairs_compared": result.pairs_compared,
            "alignments": result.alignments_added,
            "narratives": result.narratives,
        }
    else:
        from copytrail.engines.spark import scan as spark_scan
        from copytrail.engines.spark import spark_session

        spark = spark_session(ENGINES[engine], partitions=8, conf={"spark.driver.memory": memory})
        spark.sparkContext.setLogLevel("ERROR")
        session_started = time.perf_counter()
        result = spark_scan(spark, [str(corpus)], str(workdir / "out"), settings, partitions=8)
        spark.stop()
        figures = asdict(result)
        figures["session_start_seconds"] = round(session_started - started, 2)
    figures["seconds"] = round(time.perf_counter() - started, 2)
    result_path.write_text(json.dumps(figures, indent=2))


def _tree_rss(proc: Any) -> tuple[int, int]:
    """Summed and largest resident memory of a process and all its descendants, in bytes."""
    import psutil

    total = largest = 0
    try:
        members = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    for member in members:
        try:
            rss = member.memory_info().rss
        except psutil.Error:
            continue
        total += rss
        largest = max(largest, rss)
    return total, largest


def run_engine(engine: str, corpus: Path, memory: str) -> dict[str, Any]:
    """One child run: its figures, wall time and peak memory of its process tree."""
    import psutil

    workdir = Path(tempfile.mkdtemp(prefix=f"spark-bench-{engine}-"))
    result_path = workdir / "result.json"
    command = [sys.executable, __file__, "--child", engine, "--corpus", str(corpus),
               "--result", str(result_path), "--workdir", str(workdir), "--spark-memory", memory]  # fmt: skip
    peak = {"tree": 0, "process": 0}
    started = time.perf_counter()
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(proc.pid)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total, largest = _tree_rss(watched)
            peak["tree"] = max(peak["tree"], total)
            peak["process"] = max(peak["process"], largest)
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    try:
        if proc.returncode != 0:
            tail = "\n".join(line for line in errors.splitlines() if "WARN" not in line)[-3000:]
            raise SystemExit(f"{engine} failed ({proc.returncode}):\n{tail}")
        figures = json.loads(result_path.read_text())
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    figures.update(
        engine=engine,
        wall_seconds=round(wall, 2),
        peak_tree_rss_mb=round(peak["tree"] / 2**20),
        peak_process_rss_mb=round(peak["process"] / 2**20),
    )
    return figures


# ---------------------------------------------------------------------------------- report


def per_stage(figures: dict[str, Any], documents: int) -> dict[str, float]:
    """Costs per unit from a Spark run's in-stage timings (CPU seconds of copytrail's code)."""
    worker = figures.get("worker_seconds", {})
    pairs = max(1, figures.get("pairs_compared", 0))
    return {
        "parse_ms_per_doc": round(1000 * worker.get("parse", 0.0) / max(1, documents), 3),
        "sketch_ms_per_doc": round(1000 * worker.get("sketch", 0.0) / max(1, documents), 3),
        "align_ms_per_pair": round(1000 * worker.get("align", 0.0) / pairs, 3),
        "pairs_per_doc": round(figures.get("pairs_compared", 0) / max(1, documents), 3),
        "band_keys_per_doc": round(figures.get("band_keys", 0) / max(1, documents), 1),
    }


def table(runs: list[dict[str, Any]]) -> str:
    lines = [
        "| engine | wall s | docs/s | peak RSS, all processes (MB) | largest process (MB) | pairs | alignments | narratives |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        docs = r.get("documents", 0)
        lines.append(
            f"| {r['engine']} | {r['wall_seconds']:.1f} | {docs / max(r['wall_seconds'], 1e-9):.0f} | "
            f"{r['peak_tree_rss_mb']} | {r['peak_process_rss_mb']} | {r.get('pairs_compared')} | "
            f"{r.get('alignments')} | {r.get('narratives')} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=50_000, help="corpus size (default 50000)")
    parser.add_argument("--copy-share", type=float, default=0.05, help="share of planted copies")
    parser.add_argument("--engines", default="local,spark1,spark2", help="local, spark1, spark2")
    parser.add_argument("--spark-memory", default="6g", help="driver heap of local Spark")
    parser.add_argument("--out", type=Path, default=None, help="write all figures as JSON here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.corpus, args.result, args.workdir, args.spark_memory)
        return 0
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = [e for e in engines if e not in ENGINES]
    if unknown:
        parser.error(f"unknown engines {unknown}; choose from {sorted(ENGINES)}")
    corpus, info = build_corpus(args.docs, args.copy_share)
    print(f"corpus: {corpus} {json.dumps(info)}", file=sys.stderr)
    runs = []
    for engine in engines:
        print(f"running {engine} ...", file=sys.stderr)
        runs.append(run_engine(engine, corpus, args.spark_memory))
    spark_runs = [r for r in runs if r["engine"] != "local"]
    report = {
        "corpus": info,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "runs": runs,
        "per_stage": {r["engine"]: per_stage(r, r.get("documents", 0)) for r in spark_runs},
    }
    print(table(runs))
    print(json.dumps(report["per_stage"], indent=2))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
