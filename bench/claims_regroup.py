"""The claims stage's regrouping alone, on a store a scan made: seconds, peak memory, and a
digest of the groups, for the code of this tree and of another.

    .venv/bin/python bench/claims_regroup.py STORE [STORE ...] [--before TREE] [--out FILE]

Each store is copied, its grouping signature forgotten (so the next ``update_claims`` regroups
every stored claim, as after a scan that added documents), and regrouped in a fresh process
whose ``PYTHONPATH`` is the ``src`` of this tree or of ``--before``.  Reported per store and
code: seconds, the process's peak RSS, groups, groups whose figures differ, and the SHA-1 of
the ``claim_groups`` and ``claim_statements`` rows (equal digests: the same grouping).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def child(store_path: Path) -> dict[str, object]:
    from copytrail.settings import ScanSettings
    from copytrail.store import open_store
    from copytrail.store.claims import SIGNATURE_KEY, update_claims

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "store.duckdb"
        shutil.copy(store_path, copy)
        with open_store(copy) as store:
            store.con.execute("DELETE FROM meta WHERE key = ?", [SIGNATURE_KEY])
            started = time.perf_counter()
            result = update_claims(store, ScanSettings().claims.match, None)
            seconds = time.perf_counter() - started
            digest = hashlib.sha1()
            for table in ("claim_groups", "claim_statements"):
                digest.update(repr(store.con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()).encode())  # noqa: S608
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "groups": result.groups,
        "differ": result.differ,
        "digest": digest.hexdigest(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path)
    parser.add_argument("--before", type=Path, default=None, help="a tree whose src/ is the code before")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.stores[0])))
        return
    trees = {**({"before": args.before / "src"} if args.before else {}), "after": REPO / "src"}
    rows = []
    for store in args.stores:
        for code, src in trees.items():
            env = {**os.environ, "PYTHONPATH": str(src)}
            done = subprocess.run([sys.executable, __file__, "--child", str(store)], env=env, check=True, capture_output=True, text=True)
            row = {"store": str(store), "code": code, **json.loads(done.stdout.strip().splitlines()[-1])}
            rows.append(row)
            print(json.dumps(row), flush=True)
    if args.out:
        args.out.write_text(json.dumps({"cpus": os.cpu_count(), "load_after": os.getloadavg(), "rows": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
