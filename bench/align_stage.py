"""The align stage of a scan alone, run again on a store a scan made: its seconds, the CPU
of the scanning process and of its workers, and every alignment it stores.

    .venv/bin/python bench/align_stage.py STORE OUT [--workers 2] [--src TREE]
    .venv/bin/python bench/align_stage.py --compare OUT_BEFORE OUT_AFTER

STORE is a store a scan made (``copytrail scan --no-claims``); a copy is used.  Every
document is queued again (as a change of alignment settings does) and the key index built,
then the stage runs as ``copytrail scan`` runs it (``engines.local._align_pending``, with the
worker pool).  OUT gets the sorted rows of the alignments table (source and target document
and offsets, kind, score, matched words, ordered) and the figures, as JSON.  ``--src TREE``
runs another tree's code (its ``src``), so the code before and after a change run on the
same store; ``--compare`` prints the rows that differ and exits 1 if any do.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import sys
import time
from pathlib import Path

from align_pairs import unaligned_copy  # noqa: E402  (bench/ is the script's folder)

COLUMNS = "source_doc, source_start, source_end, target_doc, target_start, target_end, kind, score, matched_words, ordered"


def run(store_path: Path, out: Path, workers: int) -> None:
    import copytrail
    from copytrail.engines import local, pool
    from copytrail.engines.reporting import ScanResult
    from copytrail.settings import ScanSettings

    with unaligned_copy(store_path) as store:
        result = ScanResult()
        collections = getattr(pool, "fewer_collections", contextlib.nullcontext)  # as scan() runs the stage
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        started, cpu = time.perf_counter(), time.process_time()
        with collections():
            local._align_pending(store, ScanSettings(workers=workers), result, lambda *_: None)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        worker_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        rows = store.con.execute(f"SELECT {COLUMNS} FROM alignments ORDER BY ALL").fetchall()
    figures = {
        "code": str(Path(copytrail.__file__).parent),
        "workers": workers,
        "seconds": round(seconds, 2),
        "main_cpu_s": round(cpu, 2),
        "worker_cpu_s": round(worker_cpu, 2),
        "pairs_compared": result.pairs_compared,
        "alignments": len(rows),
    }
    print(json.dumps(figures))
    out.write_text(json.dumps({"figures": figures, "rows": rows}) + "\n", encoding="utf-8")


def compare(before_path: Path, after_path: Path) -> int:
    before = json.loads(before_path.read_text(encoding="utf-8"))
    after = json.loads(after_path.read_text(encoding="utf-8"))
    old = {tuple(row) for row in before["rows"]}
    new = {tuple(row) for row in after["rows"]}
    for row in sorted(old - new)[:10]:
        print("only before:", row)
    for row in sorted(new - old)[:10]:
        print("only after: ", row)
    print(f"{len(old):,} alignments before, {len(new):,} after; {len(old - new):,} only before, {len(new - old):,} only after")
    print("before", before["figures"])
    print("after ", after["figures"])
    return 1 if old != new else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs=2, type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--src", type=Path, default=None, help="another tree whose src/ to run")
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    if args.compare:
        raise SystemExit(compare(*args.paths))
    if args.src is not None:
        sys.path.insert(0, str(args.src.resolve() / "src"))
    run(args.paths[0], args.paths[1], args.workers)


if __name__ == "__main__":
    main()
