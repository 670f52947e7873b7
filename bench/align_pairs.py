"""The align stage's pairs, taken out of a scan: their cost, their profile, and whether a
change left each pair's passages alone.

    .venv/bin/python bench/align_pairs.py collect STORE PAIRS        # the pairs a scan of STORE compares
    .venv/bin/python bench/align_pairs.py run PAIRS OUT [--limit N] [--profile] [--src TREE]
    .venv/bin/python bench/align_pairs.py compare OUT_BEFORE OUT_AFTER

``collect`` reads a store a scan made (``copytrail scan --no-claims``; a copy is used, the
store is not changed), queues every document again and walks the batches as the scan does,
taking each batch's candidate pairs (``engines.local._pairs_to_compare``) and marking the
batch done without aligning it: the very pairs a first scan of the same input compares, in
its order, with their texts (a pickle).

``run`` aligns them one after the other in one process (``align_pair_texts`` through one
``PreparedCache``, with the scan's garbage-collection setting where the code has one, as a
worker does), prints seconds and CPU seconds and counts, writes every pair's passages
(a pickle) and, with ``--profile``, the top of a cProfile; ``--src TREE`` runs another tree's
code (its ``src``), so the code before and after a change run on the same pairs.

``compare`` prints the pairs whose passages differ (doc pair, offsets, kind, score, matched
words) and exits 1 if any do.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pickle
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def unaligned_copy(store_path: Path) -> Iterator[Any]:
    """A store opened on a scratch copy of ``store_path`` with its alignments forgotten and its
    key index built: every document waits to be aligned again (closed on leaving)."""
    from copytrail.store import Store

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "store.duckdb"
        shutil.copyfile(store_path, copy)
        store = Store(copy)
        try:
            store.reset_alignments()
            store.build_key_index()
            yield store
        finally:
            store.close()


def collect(store_path: Path, out: Path) -> None:
    from copytrail.engines.local import _align_batches, _pairs_to_compare
    from copytrail.settings import ScanSettings

    settings = ScanSettings()
    with unaligned_copy(store_path) as store:
        pending = store.pending_ids()
        pairs: list[tuple[str, str]] = []
        for batch in _align_batches(store, pending, settings):
            found = _pairs_to_compare(store, batch, settings, set())
            if found is not None:
                pairs += found[0]
            with store.transaction():
                store.add_alignments([], batch)
        texts = store.texts(sorted({d for pair in pairs for d in pair}))
    with out.open("wb") as handle:
        pickle.dump({"pairs": pairs, "texts": texts}, handle)
    print(f"{len(pairs):,} pairs over {len(texts):,} documents -> {out}")


def run(pairs_path: Path, out: Path, limit: int | None, profile: bool) -> None:
    from copytrail.engines import pool
    from copytrail.stages.align import AlignSettings
    from copytrail.stages.align.pairs import PreparedCache, align_pair_texts

    with pairs_path.open("rb") as handle:
        data = pickle.load(handle)
    pairs, texts = data["pairs"][:limit], data["texts"]
    settings = AlignSettings()
    cache = PreparedCache()
    profiler = cProfile.Profile() if profile else None
    collections = getattr(pool, "fewer_collections", contextlib.nullcontext)  # as the scan aligns
    started, cpu = time.perf_counter(), time.process_time()
    if profiler is not None:
        profiler.enable()
    with collections():
        passages = [align_pair_texts(a, texts[a], b, texts[b], settings, cache) for a, b in pairs]
    if profiler is not None:
        profiler.disable()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    found = sum(1 for p in passages if p)
    import copytrail

    print(f"{copytrail.__file__}: {len(pairs):,} pairs in {seconds:.2f} s, CPU {cpu:.2f} s ({1000 * cpu / max(1, len(pairs)):.3f} ms/pair); "
          f"{found:,} pairs with passages, {sum(map(len, passages)):,} passages")
    with out.open("wb") as handle:
        pickle.dump({"pairs": pairs, "passages": passages, "seconds": seconds, "cpu": cpu}, handle)
    if profiler is not None:
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(40)


def compare(before_path: Path, after_path: Path) -> int:
    with before_path.open("rb") as handle:
        before = pickle.load(handle)
    with after_path.open("rb") as handle:
        after = pickle.load(handle)
    if before["pairs"] != after["pairs"]:
        print("the two runs aligned different pairs")
        return 1
    differ = [(pair, x, y) for pair, x, y in zip(before["pairs"], before["passages"], after["passages"], strict=True) if x != y]
    for pair, x, y in differ[:20]:
        print(f"{pair}:\n  before {x}\n  after  {y}")
    total = sum(map(len, before["passages"]))
    print(f"{len(before['pairs']):,} pairs, {total:,} passages before, {sum(map(len, after['passages'])):,} after; "
          f"{len(differ):,} pairs differ; CPU seconds {before['cpu']:.2f} -> {after['cpu']:.2f}")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("collect")
    p.add_argument("store", type=Path)
    p.add_argument("out", type=Path)
    p = commands.add_parser("run")
    p.add_argument("pairs", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--profile", action="store_true")
    p.add_argument("--src", type=Path, default=None, help="another tree whose src/ to run")
    p = commands.add_parser("compare")
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    args = parser.parse_args()
    if getattr(args, "src", None) is not None:
        sys.path.insert(0, str(args.src.resolve() / "src"))
    if args.command == "collect":
        collect(args.store, args.out)
    elif args.command == "run":
        run(args.pairs, args.out, args.limit, args.profile)
    else:
        raise SystemExit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
