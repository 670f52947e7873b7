"""The claims stage's cost on every Reuters-21578 + BBC story: extraction and grouping apart,
on a first scan and when 1% is added, before and after a change, in one run.

    .venv/bin/python bench/claims_cost.py [--before DIR] [--after DIR] [--repeat 3] [--workers 2] [--reuse] [--out FILE]

The 21,268 stories (from ../shared/data) are written once under ``.data/claims-cost/`` as two
JSONL files: the first 99% and the last 1%.  Each code tree (``--after``, default this one, and
``--before``, e.g. ``git archive <commit> src | tar -x -C DIR``) gets, once, untimed: a store of
every story scanned with claims off (``all``) and one of the first 99% scanned with claims on
(``base99``).  Then, per repeat and per tree, alternating, each in a fresh interpreter whose
``PYTHONPATH`` is that tree's ``src``:

- **first**: ``update_claims`` on a copy of ``all`` (every claim extracted and grouped), the
  seconds of extraction and of grouping (``_regroup``) apart; with ``--workers N``, a tree
  whose ``update_claims`` takes the engine's pool extracts in N processes, as a scan does;
- **add 1%**: a scan of the last 1% into a copy of ``base99`` (claims on, as ``copytrail scan``
  runs), the claims stage's seconds (extraction of the new stories and regrouping).

With ``--store PATH`` every tree's first scan regroups a copy of that one store (scanned with
claims off by any tree), so the trees meet the same alignments; the 1% add is then left out.
Best of ``--repeat`` is reported.  Each run also gives a digest of the stored claim groups
(group id, flags, statements in order) and of the changed figures, so the trees' groups are
compared, not assumed.  Nothing here is shipped.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import REPO, UNPACKED, bbc, reuters  # noqa: E402

HOME = UNPACKED / "claims-cost"


def build() -> tuple[Path, Path]:
    """The two JSONL files: the first 99% of the stories and the last 1% (made once)."""
    first, rest = HOME / "stories-99.jsonl", HOME / "stories-1.jsonl"
    if first.is_file() and rest.is_file():
        return first, rest
    HOME.mkdir(parents=True, exist_ok=True)
    records = [*reuters(), *bbc()]
    cut = len(records) - len(records) // 100
    for path, part in ((first, records[:cut]), (rest, records[cut:])):
        with open(path, "w", encoding="utf-8") as out:
            for record in part:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return first, rest


def _digest(store: object) -> dict[str, object]:
    """Counts and a hash of the stored groups (ids, flags, statements in order)."""
    con = store.con  # type: ignore[attr-defined]
    groups = con.execute(
        "SELECT id, values_differ, numbers_differ, qualifiers_differ, statements FROM claim_groups ORDER BY id"
    ).fetchall()
    statements = con.execute(
        "SELECT claim_group, position, claim FROM claim_statements ORDER BY claim_group, position"
    ).fetchall()
    text = json.dumps([groups, statements], default=str)
    return {
        "groups": len(groups),
        "differ": sum(bool(g[1]) for g in groups),
        "statements": len(statements),
        "claims": con.execute("SELECT count(*) FROM claims").fetchone()[0],
        "groups_sha1": hashlib.sha1(text.encode()).hexdigest()[:12],
        "differ_sha1": hashlib.sha1(
            json.dumps([[g[0]] + [s for s in statements if s[0] == g[0]] for g in groups if g[1]]).encode()
        ).hexdigest()[:12],
    }


def child(mode: str, store_path: Path, extra: str) -> dict[str, object]:
    """One measured run in this interpreter (see the module docstring)."""
    import copytrail
    import copytrail.store.claims as stored
    from copytrail.engines.local import scan
    from copytrail.settings import ClaimsSettings, ScanSettings
    from copytrail.store import open_store

    out: dict[str, object] = {"code_from": str(Path(copytrail.__file__).parent)}
    if mode in ("make-all", "make-base99"):
        settings = ScanSettings(claims=ClaimsSettings(enabled=mode == "make-base99"))
        with open_store(store_path) as store:
            scan([extra], store, settings)
        return out
    if mode == "first":
        regroup = stored._regroup
        spent: list[float] = []
        spent_cpu: list[float] = []

        def timed(*args: object, **kwargs: object) -> object:
            started, started_cpu = time.perf_counter(), time.process_time()
            try:
                return regroup(*args, **kwargs)  # type: ignore[arg-type]
            finally:
                spent.append(time.perf_counter() - started)
                spent_cpu.append(time.process_time() - started_cpu)

        stored._regroup = timed  # type: ignore[assignment]
        workers = int(os.environ.get("CLAIMS_COST_WORKERS", "1"))
        takes_pool = "executor" in inspect.signature(stored.update_claims).parameters
        with open_store(store_path) as store:
            started, started_cpu = time.perf_counter(), time.process_time()
            if workers > 1 and takes_pool:  # as a scan runs it: the engine's worker processes
                from copytrail.engines.pool import process_pool

                with process_pool(workers) as pool:
                    stored.update_claims(store, executor=pool, shares=workers)
            else:
                stored.update_claims(store)
            total = time.perf_counter() - started
            # CPU seconds of this process and of the workers (reaped when the pool closed): on a
            # shared box they move less than the wall clock.
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            out["cpu_s"] = time.process_time() - started_cpu + children.ru_utime + children.ru_stime
            out["grouping_cpu_s"] = sum(spent_cpu)
            out["workers"] = workers if takes_pool else 1
            out.update(seconds=total, grouping_s=sum(spent), extraction_s=total - sum(spent), **_digest(store))
        return out
    with open_store(store_path) as store:  # add: the last 1% scanned with claims on
        result = scan([extra], store, ScanSettings())
        out.update(seconds=result.stage_seconds.get("claims", 0.0), added=result.documents_added, **_digest(store))
    return out


def _remove_store(path: Path) -> None:
    """A store with its write-ahead log and key index (a stale log would be replayed into a copy)."""
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".keys"), ignore_errors=True)


def run_child(src: Path, mode: str, store_path: Path, extra: str = "", workers: int = 1) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(src), "CLAIMS_COST_WORKERS": str(workers)}
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(store_path), extra],
        env=env, capture_output=True, text=True,
    )
    if done.returncode:
        raise SystemExit(f"{mode} with {src} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, default=None, help="a tree whose src/ is the code before")
    parser.add_argument("--after", type=Path, default=REPO, help="a tree whose src/ is the code after (default this one)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HOME, help="where the stores are kept")
    parser.add_argument("--workers", type=int, default=1, help="processes extracting claims in 'first' (a scan: one per core)")
    parser.add_argument("--reuse", action="store_true", help="keep the stores an earlier run made in --work")
    parser.add_argument("--store", type=Path, default=None, help="one store scanned with claims off for every tree (first scans only: the trees share its alignments)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "STORE", "EXTRA"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), args.child[2])))
        return
    first, rest = build()
    trees = {"after": args.after / "src"}
    if args.before is not None:
        trees = {"before": args.before / "src", **trees}
    args.work.mkdir(parents=True, exist_ok=True)
    every = HOME / "stories-all.jsonl"
    if not every.is_file():
        every.write_text(first.read_text(encoding="utf-8") + rest.read_text(encoding="utf-8"), encoding="utf-8")
    stores: dict[str, dict[str, Path]] = {}
    for name, src in trees.items():
        made = {"all": args.work / f"{name}-all.duckdb", "base99": args.work / f"{name}-base99.duckdb"}
        stores[name] = made
        if args.store is not None:
            made["all"] = args.store
            continue
        if args.reuse and all(path.is_file() for path in made.values()):
            continue
        for path in made.values():
            _remove_store(path)
        run_child(src, "make-all", made["all"], str(every))
        run_child(src, "make-base99", made["base99"], str(first))
    scratch = args.work / "scratch.duckdb"
    rows: list[dict[str, object]] = []
    for run in range(args.repeat):
        for mode in ("first",) if args.store is not None else ("first", "add"):
            for name, src in trees.items():
                _remove_store(scratch)
                shutil.copy(stores[name]["all" if mode == "first" else "base99"], scratch)
                got = run_child(src, mode, scratch, str(rest), args.workers)
                rows.append({"code": name, "mode": mode, "run": run, **got})
                print(json.dumps(rows[-1]), flush=True)
    _remove_store(scratch)
    best: dict[str, dict[str, float]] = {}
    for row in rows:
        key = f"{row['code']} {row['mode']}"
        for field in ("seconds", "extraction_s", "grouping_s", "cpu_s", "grouping_cpu_s"):
            if field in row:
                best.setdefault(key, {})[field] = round(min(best.get(key, {}).get(field, 1e9), float(row[field])), 2)  # type: ignore[arg-type]
    summary = {"cpus": os.cpu_count(), "load_after": os.getloadavg(), "best": best, "rows": rows}
    print(json.dumps(best, indent=1))
    if args.out:
        args.out.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
