"""Run the copytrail benchmark suite: one command, one table, one JSON file.

    .venv/bin/python bench/run.py --sizes 10000,30000,100000 [--million] [--out bench/results.json]

Stages, each measured in this run and each in its own child process (so that peak memory is
per stage): the sketch-stage comparison with datasketch and rensa; corpus building (reused
from ``.data/bench/`` when present); one whole scan per size into a fresh DuckDB file; adding
1% new documents to the 100k store; ``check_text`` latency against the largest store.  See
``bench/README.md``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import scan_bench  # noqa: E402
import sketch_bench  # noqa: E402

MILLION = 1_000_000


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,30000,100000", help="corpus sizes, comma-separated")
    parser.add_argument("--million", action="store_true", help="add a corpus of 1,000,000 documents")
    parser.add_argument("--out", type=Path, default=BENCH / "results.json", help="JSON results file")
    parser.add_argument("--data", type=Path, default=scan_bench.DATA, help="where corpora are cached")
    parser.add_argument("--base", default="shared",
                        help="base documents: 'shared' (../shared/data) or 'synthetic:N' (generated)")
    parser.add_argument("--workers", type=int, default=0, help="scan alignment processes (0 = one per core)")
    parser.add_argument(
        "--claims",
        action="store_true",
        help="include the claims stage in scan timings (off: the stages the targets name — "
        "ingest, sketch, candidates, alignment, narratives, store)",
    )
    parser.add_argument("--copy-share", type=float, default=0.05, help="planted copies per corpus document")
    parser.add_argument("--max-edit-rate", type=float, default=0.20, help="planted copies' highest word-edit rate")
    parser.add_argument("--check-articles", type=int, default=200, help="articles for the check latency")
    parser.add_argument("--warmup", type=int, default=10, help="first check calls left out of the latency")
    parser.add_argument("--incremental-size", type=int, default=0,
                        help="store that gets 1%% new documents (default 100000 if run, else the largest)")
    parser.add_argument("--sketch-docs", type=int, default=0, help="limit the sketch benchmark's documents")
    parser.add_argument("--sketch-repeat", type=int, default=1, help="best of N sketch runs")
    parser.add_argument("--tools", default="", help="sketch tools, comma-separated (default: all installed)")
    parser.add_argument("--skip-sketch", action="store_true", help="leave out the sketch comparison")
    parser.add_argument("--keep-db", type=Path, default=None, help="keep the stores in this folder")
    args = parser.parse_args(argv)
    args.size_list = sorted({int(s) for s in args.sizes.split(",") if s.strip()} | ({MILLION} if args.million else set()))
    if not args.size_list:
        parser.error("no sizes")
    if not args.incremental_size:
        args.incremental_size = 100_000 if 100_000 in args.size_list else args.size_list[-1]
    if args.incremental_size not in args.size_list:
        parser.error("--incremental-size must be one of the sizes")
    return args


def child(task: str, payload: dict[str, Any], workdir: Path) -> dict[str, Any]:
    """Run one task of ``scan_bench`` in a fresh Python process; return its result."""
    stem = workdir / f"{task}-{time.monotonic_ns()}"
    args_path, result_path = stem.with_suffix(".args.json"), stem.with_suffix(".result.json")
    args_path.write_text(json.dumps(payload))
    started = time.perf_counter()
    subprocess.run([sys.executable, str(BENCH / "scan_bench.py"), task, str(args_path), str(result_path)], check=True)
    result = json.loads(result_path.read_text())
    result["process_s"] = time.perf_counter() - started
    return result


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    versions = {}
    for package in ("copytrail", "duckdb", "numpy", "datasketch", "rensa"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=BENCH.parent, capture_output=True,
                                text=True, check=False).stdout.strip() or None
    except OSError:
        commit = None
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "memory_gb": os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30,
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
        "commit": commit,
        "versions": versions,
    }


def scan_row(size: int, meta: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """One size's figures, throughput derived from the scan's wall time."""
    mb = meta["text_bytes"] / 1e6
    wall = result["wall_s"]
    return {
        "size": size,
        "documents": meta["size"],
        "real": meta["real"],
        "replicas": meta["replicas"],
        "planted": meta["planted"],
        "input_mb": mb,
        "docs_per_s": meta["size"] / wall,
        "mb_per_s": mb / wall,
        **{k: v for k, v in result.items() if k != "truth"},
        "recall": result["truth"]["recall"],
        "recall_le10": result["truth"]["recall_le10"],
        "truth": result["truth"],
    }


def growth(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cost growth between consecutive sizes: time ratio against size ratio."""
    out = []
    for a, b in zip(rows, rows[1:], strict=False):
        size_ratio = b["documents"] / a["documents"]
        time_ratio = b["wall_s"] / a["wall_s"]
        out.append({
            "from": a["size"],
            "to": b["size"],
            "size_ratio": size_ratio,
            "time_ratio": time_ratio,
            "exponent": math.log(time_ratio) / math.log(size_ratio) if size_ratio > 1 and time_ratio > 0 else None,
        })
    return out


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value * 100:5.1f}%"


def format_report(results: dict[str, Any]) -> str:
    """The plain-text tables printed at the end of a run."""
    lines: list[str] = []
    if results.get("sketch"):
        lines += [sketch_bench.format_table(results["sketch"]), ""]
    if results.get("scan"):
        lines.append("whole scan (fresh store per size)")
        lines.append(
            f"{'size':>9} {'MB':>7} {'wall s':>8} {'docs/s':>8} {'MB/s':>6} {'RSS MB':>7} {'worker':>7} "
            f"{'alignments':>10} {'narratives':>10} {'recall':>7} {'≤10%':>7}"
        )
        for r in results["scan"]:
            lines.append(
                f"{r['documents']:>9,} {r['input_mb']:>7.1f} {r['wall_s']:>8.1f} {r['docs_per_s']:>8.0f} "
                f"{r['mb_per_s']:>6.2f} {r['peak_rss_mb']:>7.0f} {r['worker_peak_rss_mb']:>7.0f} "
                f"{r['alignments']:>10,} {r['narratives']:>10,} {_pct(r['recall']):>7} {_pct(r['recall_le10']):>7}"
            )
        for g in results.get("growth", []):
            exponent = "n/a" if g["exponent"] is None else f"{g['exponent']:.2f}"
            lines.append(
                f"  {g['from']:,} -> {g['to']:,}: size x{g['size_ratio']:.2f}, time x{g['time_ratio']:.2f} "
                f"(time ~ size^{exponent})"
            )
        lines.append("")
    if results.get("incremental"):
        r = results["incremental"]
        lines.append(
            f"incremental: +{r['documents_added']:,} documents into the {r['store_size']:,} store in "
            f"{r['wall_s']:.1f} s ({r['documents_added'] / r['wall_s']:.0f} docs/s), peak RSS "
            f"{r['peak_rss_mb']:.0f} MB, recall of its planted copies {_pct(r['truth']['recall'])}"
        )
    if results.get("check"):
        r = results["check"]
        p50, p99 = (f"{r[k]:.1f} ms" if r[k] is not None else "n/a (every call was a warm-up)" for k in ("p50_ms", "p99_ms"))
        lines.append(
            f"check_text against the {r['store_size']:,} store: p50 {p50}, p99 {p99} "
            f"({r['measured']} warm calls of {r['articles']}); copies found {r['copies_found']}/{r['copies']} "
            f"(≤10% edits: {r['copies_le10_found']}/{r['copies_le10']}), "
            f"non-copies with matches {r['non_copies_with_matches']}"
        )
    return "\n".join(lines).rstrip() + "\n"


def _save(results: dict[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=1))
    tmp.replace(out)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run every stage; print the tables; write and return the results."""
    args = parse_args(argv)
    sizes: list[int] = args.size_list
    results: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": [Path(sys.executable).name, "bench/run.py", *(argv if argv is not None else sys.argv[1:])],
        "machine": machine(),
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
    }
    workdir = Path(tempfile.mkdtemp(prefix="copytrail-bench-"))
    stores = args.keep_db or workdir
    stores.mkdir(parents=True, exist_ok=True)
    try:
        if not args.skip_sketch:
            print("sketch stage …", flush=True)
            tools = [t for t in args.tools.split(",") if t] or None
            results["sketch"] = child("sketch", {"base": args.base, "limit": args.sketch_docs, "tools": tools,
                                                 "repeat": args.sketch_repeat}, workdir)
            _save(results, args.out)

        print("corpora …", flush=True)
        results["build"] = child("build", {
            "data": str(args.data), "base": args.base, "sizes": sizes, "copy_share": args.copy_share,
            "max_edit_rate": args.max_edit_rate, "check_articles": args.check_articles,
            "incremental_size": args.incremental_size, "check_size": sizes[-1],
        }, workdir)
        metas = {s: json.loads(scan_bench.corpus_paths(s, args.base, args.data)[1].read_text()) for s in sizes}

        results["scan"] = []
        for size in sizes:
            folder, _ = scan_bench.corpus_paths(size, args.base, args.data)
            db = stores / f"scan-{size}.duckdb"
            for stale in (db, db.with_name(db.name + ".wal")):
                stale.unlink(missing_ok=True)
            print(f"scan {size:,} …", flush=True)
            result = child("scan", {"db": str(db), "paths": [str(folder)], "workers": args.workers, "claims": args.claims,
                                    "truth": metas[size]["truth"]}, workdir)
            results["scan"].append(scan_row(size, metas[size], result))
            results["growth"] = growth(results["scan"])
            _save(results, args.out)
            if args.keep_db is None and size not in (args.incremental_size, sizes[-1]):
                db.unlink(missing_ok=True)

        size = args.incremental_size
        folder, _ = scan_bench.corpus_paths(size, args.base, args.data)
        extra = scan_bench.extra_path(size, args.base, "incremental", args.data)
        extra_meta = json.loads(extra.with_suffix(".json").read_text())
        print(f"incremental +{extra_meta['documents']:,} into {size:,} …", flush=True)
        result = child("scan", {"db": str(stores / f"scan-{size}.duckdb"), "paths": [str(folder), str(extra.parent)],
                                "workers": args.workers, "claims": args.claims, "truth": extra_meta["truth"]}, workdir)
        results["incremental"] = {"store_size": size, "input_mb": extra_meta["text_bytes"] / 1e6, **result}
        _save(results, args.out)

        size = sizes[-1]
        articles = scan_bench.extra_path(size, args.base, "check", args.data)
        check_meta = json.loads(articles.with_suffix(".json").read_text())
        print(f"check_text × {check_meta['documents']} against {size:,} …", flush=True)
        result = child("check", {"db": str(stores / f"scan-{size}.duckdb"), "articles": str(articles),
                                 "truth": check_meta["truth"], "warmup": args.warmup}, workdir)
        results["check"] = {"store_size": size, **result}
        results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        _save(results, args.out)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(format_report(results), end="")
    print(f"results: {args.out}")
    return results


if __name__ == "__main__":
    main()
