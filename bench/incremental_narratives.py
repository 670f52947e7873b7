"""The narratives step when 1% is added to a grown store: regrouping only what the new
alignments touch, against regrouping every alignment, in the same run.

Builds (or reuses) the 10k benchmark corpus of ``scan_bench`` and its 1% incremental shard,
scans the corpus (claims off), adds the shard with a second scan (whose narratives step is
incremental), then regroups every alignment of the same grown store from scratch, times it,
and checks that both give the same narratives row for row.

    .venv/bin/python bench/incremental_narratives.py [--size 10000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scan_bench  # noqa: E402


def _narrative_rows(store: object) -> tuple[list[tuple], list[tuple], list[tuple]]:
    con = store.con  # type: ignore[attr-defined]
    return (
        sorted(con.execute("SELECT * FROM narratives").fetchall()),
        sorted(con.execute('SELECT narrative, doc, start, "end" FROM narrative_members').fetchall()),
        sorted(con.execute(
            "SELECT source_doc, source_start, source_end, target_doc, target_start, target_end, kind, narrative FROM alignments"
        ).fetchall()),  # fmt: skip
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="documents in the grown store")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--base", default="shared")
    parser.add_argument("--keep", type=Path, default=None, help="keep the stores in this folder")
    args = parser.parse_args(argv)

    from copytrail.engines.local import scan
    from copytrail.engines.narratives import update_narratives
    from copytrail.settings import ClaimsSettings, ScanSettings
    from copytrail.store import open_store

    scan_bench.task_build({
        "data": str(scan_bench.DATA), "base": args.base, "sizes": [args.size], "copy_share": 0.05,
        "max_edit_rate": 0.20, "incremental_size": args.size, "check_size": args.size, "check_articles": 10,
    })  # fmt: skip
    folder, _ = scan_bench.corpus_paths(args.size, args.base)
    extra = scan_bench.extra_path(args.size, args.base, "incremental")
    settings = ScanSettings(workers=args.workers, claims=ClaimsSettings(enabled=False))
    work = Path(args.keep or tempfile.mkdtemp(prefix="incremental-narratives-"))
    work.mkdir(parents=True, exist_ok=True)
    db, full_db = work / "grown.duckdb", work / "regrouped.duckdb"
    for stale in (db, full_db, work / "grown.duckdb.wal"):
        stale.unlink(missing_ok=True)
    kept_first = work / "first.duckdb"  # the store before the 1% is added, reused from a kept run
    if kept_first.exists():
        shutil.copy(kept_first, db)
    else:
        started = time.perf_counter()
        with open_store(db) as store:
            first = scan([folder], store, settings)
        print(f"first scan: {first.documents_added:,} documents in {time.perf_counter() - started:.1f} s, "
              f"narratives step {first.stage_seconds['narratives']:.2f} s", flush=True)
        shutil.copy(db, kept_first)
    with open_store(db) as store:
        added = scan([extra], store, settings)
        counts = store.counts()
    shutil.copy(db, full_db)
    with open_store(full_db) as store:
        clock = time.perf_counter()
        regrouped = update_narratives(store, everything=True)
        full_seconds = time.perf_counter() - clock
    with open_store(db, read_only=True) as a, open_store(full_db, read_only=True) as b:
        same = _narrative_rows(a) == _narrative_rows(b)
        largest = a.con.execute("SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM alignments GROUP BY narrative)").fetchone()[0]
    result = {
        "store_documents": counts["documents"],
        "alignments": counts["alignments"],
        "narratives": counts["narratives"],
        "documents_added": added.documents_added,
        "alignments_added": added.alignments_added,
        "narratives_step_incremental_s": round(added.stage_seconds["narratives"], 3),
        "narratives_regroup_everything_s": round(full_seconds, 3),
        "alignments_regrouped_everything": regrouped.alignments_regrouped,
        "same_narratives": same,
        "largest_narrative_alignments": largest,
    }
    print(json.dumps(result, indent=2))
    if args.keep is None:
        shutil.rmtree(work)
    if not same:
        raise SystemExit("the incremental narratives differ from a full regrouping")


if __name__ == "__main__":
    main(sys.argv[1:])
