"""What drawing who published first costs the report: the 19k Reuters stories with a body plus
planted copies on 17 outlets, dated hours to days after their source (one in ten undated).

Scans the corpus into a fresh store (or reuses ``--db``), then builds the report's data and
times its parts: the co-publication picture (``outlet_network``), the copy graphs of outlets
and bylines (``copy_networks``) and the whole report file.  Writes the figures as JSON.

    .venv/bin/python bench/report_network.py --copies 2000 --out bench/report_network.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import plant_copies, reuters, write_jsonl  # noqa: E402

from copytrail.engines.local import scan  # noqa: E402
from copytrail.outputs.report.build import build_report  # noqa: E402
from copytrail.outputs.report.data import narratives_data  # noqa: E402
from copytrail.outputs.report.network import copy_networks, outlet_network  # noqa: E402
from copytrail.store import open_store  # noqa: E402


def _dated_copies(records: list[dict], count: int, seed: int) -> list[dict]:
    """Planted copies with a date some hours to days after their source's (one in ten undated)."""
    copies, truth = plant_copies(records, count, seed=seed)
    by_id = {r["id"]: r for r in records}
    rng = random.Random(seed)
    for copy, planted in zip(copies, truth, strict=True):
        source = by_id[planted.source].get("published")
        if source and rng.random() >= 0.1:
            later = datetime.fromisoformat(source) + timedelta(hours=rng.uniform(1, 96))
            copy["published"] = later.isoformat()
    return copies


def _timed(function, *args):  # noqa: ANN001, ANN202 - a timer for any call
    start = time.perf_counter()
    value = function(*args)
    return value, round(time.perf_counter() - start, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2000)
    parser.add_argument("--db", type=Path, help="a store scanned before (skips the scan)")
    parser.add_argument("--out", type=Path, default=Path("bench/report_network.json"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="report-network-"))
    db = args.db or work / "store.duckdb"
    figures: dict = {"copies": args.copies, "box": "shared: other work ran on the same 2 cores"}
    if args.db is None:
        records = list(reuters())
        files = write_jsonl(records + _dated_copies(records, args.copies, seed=7), work / "corpus", shards=1)
        with open_store(db) as store:
            _, figures["scan_s"] = _timed(scan, files, store)
    with open_store(db, read_only=True) as store:
        figures["documents"] = store.query("SELECT count(*) AS n FROM documents")[0]["n"]
        figures["alignments"] = store.query("SELECT count(*) AS n FROM alignments")[0]["n"]
        (narratives, _), figures["narratives_data_s"] = _timed(narratives_data, store)
        rank = {n["id"]: n["rank"] for n in narratives}
        _, figures["outlet_network_s"] = _timed(outlet_network, store, rank)
        copies, figures["copy_networks_s"] = _timed(copy_networks, store, rank)
        figures["copy_graph"] = {
            what: {"nodes": len(net["nodes"]), "arrows": len(net["edges"]), "left_out": net["left_out"],
                   "unlinked": net["unlinked_total"]}
            for what, net in copies.items()
        }  # fmt: skip
        _, figures["build_report_s"] = _timed(build_report, store, work / "report.html")
        figures["report_mb"] = round((work / "report.html").stat().st_size / 1e6, 1)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
