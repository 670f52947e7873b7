"""Where a scan's memory goes, stage by stage: one scan of N documents of 1 MB (random words, as
``ingest_budget.py --cases store-growth``) in this process, its resident memory sampled every
0.1 s from /proc/self/status (anonymous: heap and DuckDB's buffers; file: pages of files
mapped in, the key index's) and DuckDB's own account of its memory (``duckdb_memory()``),
each kept at its peak per stage (the stage the scan last reported; "key index build" and
"first align batch" split out).  Linux only.

    .venv/bin/python bench/scan_memory_stages.py 540 [--folder /tmp/stages] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_budget import make_big_docs  # noqa: E402 - the same input as the store-growth case

from copytrail.engines.local import scan  # noqa: E402
from copytrail.settings import ClaimsSettings, IngestSettings, ScanSettings  # noqa: E402
from copytrail.store import database, open_store  # noqa: E402


class StagePeaks:
    """Peak memory per stage, sampled in a background thread."""

    def __init__(self) -> None:
        self.stage = "start"
        self.peaks: dict[str, dict[str, int]] = {}
        self.stop = threading.Event()

    def progress(self, name: str, done: int, total: int | None) -> None:
        self.stage = "first align batch" if name == "key index" and done == 1 else name

    def keep(self, stage: str, figures: dict[str, int]) -> None:
        peak = self.peaks.setdefault(stage, {})
        for key, value in figures.items():
            peak[key] = max(peak.get(key, 0), value)

    def sample_process(self) -> None:
        while not self.stop.is_set():
            figures = {}
            for line in Path("/proc/self/status").read_text().splitlines():
                key = line.split(":")[0]
                if key in ("VmRSS", "RssAnon", "RssFile"):
                    figures[f"{key}_mb"] = int(line.split()[1]) // 1024
            self.keep(self.stage, figures)
            time.sleep(0.1)

    def sample_duckdb(self, cursor) -> None:  # noqa: ANN001 - a DuckDB cursor of the scan's store
        while not self.stop.is_set():
            try:
                rows = cursor.execute("SELECT tag, memory_usage_bytes >> 20 FROM duckdb_memory()").fetchall()
            except Exception:  # noqa: BLE001 - the store is closing
                return
            self.keep(self.stage, {"duckdb_mb": sum(mb for _, mb in rows), **{f"duckdb_{tag}_mb": mb for tag, mb in rows if mb}})
            time.sleep(0.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", type=int)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/copytrail-scan-stages"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    path = args.folder / f"big-docs-{args.documents}.jsonl"
    if not path.exists():
        make_big_docs(args.folder, args.documents)
    db = args.folder / "stages.duckdb"
    for old in args.folder.glob("stages.duckdb*"):
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    peaks = StagePeaks()
    threading.Thread(target=peaks.sample_process, daemon=True).start()
    build = database.Store.build_key_index

    def build_key_index(store: database.Store, *args: object, **kwargs: object) -> bool:
        peaks.stage = "key index build"
        return build(store, *args, **kwargs)  # type: ignore[arg-type]

    database.Store.build_key_index = build_key_index  # type: ignore[method-assign]
    started = time.perf_counter()
    settings = ScanSettings(workers=1, claims=ClaimsSettings(enabled=False), ingest=IngestSettings())
    with open_store(db) as store:
        duckdb_sampler = threading.Thread(target=peaks.sample_duckdb, args=(store.con.cursor(),), daemon=True)
        duckdb_sampler.start()
        result = scan([path], store, settings, peaks.progress)
        peaks.stage = "after the scan"
        time.sleep(0.5)
        documents = store.counts()["documents"]
        peaks.stop.set()
        duckdb_sampler.join()  # its cursor closed before the store is
    figures = {
        "documents": documents,
        "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "stage_seconds": {k: round(v, 1) for k, v in result.stage_seconds.items()},
        "peaks": peaks.peaks,
    }
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
