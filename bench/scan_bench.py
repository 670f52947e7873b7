"""Whole-scan benchmark: corpora of a given size with known planted copies, and the child tasks.

A corpus of ``size`` documents holds ``copy_share`` planted copies (``corpora.plant_copies``,
edit rates uniform up to ``max_edit_rate``) and ``size - planted`` base documents:

* up to the number of real documents (Reuters, BBC, 20 Newsgroups, PAN ≈ 45k), a random
  sample of them;
* beyond that, all real documents plus *replicas*: a real document with every whitespace
  token mapped through a per-generation random permutation of the vocabulary that only
  swaps tokens of similar frequency (blocks of 64 frequency ranks).  A replica keeps the
  length, layout and word-frequency profile of real text, and the copying structure *within*
  a generation (wire credits, quoted passages), but shares no n-grams with other generations,
  so it is not a copy of its original and the truth stays exactly the planted copies.

Copies are planted from real documents in the corpus only.  Each corpus is streamed to JSONL
shards of ``SHARD_DOCS`` documents under ``.data/bench/`` and reused when present; its truth
and counts sit in a JSON file beside the shard folder.

Run as a script, this module is the child process of ``bench/run.py`` (one per task, so that
peak memory is measured per task): ``scan_bench.py TASK ARGS.json RESULT.json``.
"""

from __future__ import annotations

import json
import math
import os
import random
import resource
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora  # noqa: E402

CORPUS_VERSION = 1
SHARD_DOCS = 10_000
BLOCK = 64  # frequency ranks a replica token may be swapped within
DATA = corpora.REPO / ".data" / "bench"
SEEDS = {"corpus": 1, "incremental": 2, "check": 3}
REPLICA_INCREMENTAL = 900  # replica generations reserved for documents outside the corpus
REPLICA_CHECK = 901


# ---------------------------------------------------------------------------------- base


def real_records() -> list[dict]:
    """The ≈45k real documents: Reuters-21578, BBC, 20 Newsgroups, PAN 2013 src and susp."""
    records: list[dict] = []
    for source in (corpora.reuters, corpora.bbc, corpora.newsgroups, corpora.pan_documents):
        records.extend(r for r in source() if r["text"].strip())
    return records


def synthetic_records(count: int, seed: int = 7) -> list[dict]:
    """``count`` documents of random words from a Zipf vocabulary (no data needed; no copies)."""
    rng = random.Random(seed)
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    vocabulary = sorted({"".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(6000)})
    rng.shuffle(vocabulary)
    weights = list(np.cumsum([1 / (rank + 1) for rank in range(len(vocabulary))]))
    records = []
    for number in range(count):
        sentences = []
        for _ in range(rng.randint(8, 25)):
            sentence = rng.choices(vocabulary, cum_weights=weights, k=rng.randint(8, 20))
            sentences.append(" ".join(sentence).capitalize() + ".")
        records.append({"id": f"syn-{number}", "text": " ".join(sentences), "outlet": f"outlet-{number % 23}"})
    return records


def base_records(source: str) -> list[dict]:
    """``shared`` (the real corpora) or ``synthetic:N``."""
    if source == "shared":
        return real_records()
    if source.startswith("synthetic:"):
        return synthetic_records(int(source.split(":", 1)[1]))
    raise ValueError(f"unknown base {source!r}")


class Replicator:
    """Replicas of base documents: tokens swapped within frequency blocks, per generation."""

    def __init__(self, records: Sequence[dict]) -> None:
        counts: Counter[str] = Counter()
        for r in records:
            counts.update(r["text"].split())
        self.vocabulary = [token for token, _ in counts.most_common()]
        index = {token: i for i, token in enumerate(self.vocabulary)}
        ids = [np.fromiter((index[t] for t in r["text"].split()), dtype=np.int32) for r in records]
        self.offsets = np.cumsum([0] + [len(a) for a in ids])
        self.tokens = np.concatenate(ids) if ids else np.empty(0, dtype=np.int32)
        self.records = records

    def mapping(self, generation: int) -> np.ndarray:
        """Token id -> token id: a shuffle within each block of ``BLOCK`` frequency ranks."""
        size = len(self.vocabulary)
        rng = np.random.default_rng(1000 + generation)
        order = np.argsort(np.arange(size) // BLOCK + rng.random(size), kind="stable")
        return order.astype(np.int32)  # ranks are ids: token i becomes token order[i]

    def replicas(self, generation: int, which: Iterable[int]) -> Iterator[dict]:
        mapping = self.mapping(generation)
        vocabulary = self.vocabulary
        for i in which:
            mapped = mapping[self.tokens[self.offsets[i] : self.offsets[i + 1]]]
            record = self.records[i]
            out = {
                "id": f"{record['id']}~r{generation}",
                "text": " ".join([vocabulary[t] for t in mapped.tolist()]),
                "outlet": f"{record.get('outlet') or 'unknown'}~r{generation}",
            }
            if record.get("published"):
                out["published"] = record["published"]
            yield out


# ---------------------------------------------------------------------------------- corpora


class _Shards:
    """Round-robin JSONL writer that counts documents and text bytes."""

    def __init__(self, folder: Path, count: int, stem: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.paths = [folder / f"{stem}-{k:03d}.jsonl" for k in range(count)]
        self.handles = [open(p, "w", encoding="utf-8") for p in self.paths]  # noqa: SIM115
        self.documents = 0
        self.text_bytes = 0

    def write(self, records: Iterable[dict]) -> None:
        for record in records:
            self.handles[self.documents % len(self.handles)].write(json.dumps(record, ensure_ascii=False) + "\n")
            self.documents += 1
            self.text_bytes += len(record["text"].encode("utf-8"))

    def close(self) -> None:
        for handle in self.handles:
            handle.close()


def _truth_rows(truth: Sequence[corpora.Planted]) -> list[list[Any]]:
    return [[t.target, t.source, t.words, t.edits] for t in truth]


def corpus_paths(size: int, base: str, data: Path = DATA) -> tuple[Path, Path]:
    """The shard folder and the meta/truth file of a corpus."""
    stem = f"scan-{base.replace(':', '')}-{size}"
    return data / stem, data / f"{stem}.json"


def build_corpus(
    size: int,
    records: list[dict],
    replicator: Replicator,
    folder: Path,
    *,
    base: str,
    copy_share: float,
    max_edit_rate: float,
) -> dict[str, Any]:
    """Write a corpus of ``size`` documents to ``folder``; return its meta (counts and truth)."""
    planted = max(1, round(size * copy_share))
    wanted = size - planted
    rng = random.Random(SEEDS["corpus"] * 1_000_003 + size)
    if wanted <= len(records):
        chosen = sorted(rng.sample(range(len(records)), wanted))
        extra = 0
    else:
        chosen = list(range(len(records)))
        extra = wanted - len(records)
    real = [records[i] for i in chosen]
    copies, truth = corpora.plant_copies(real, planted, seed=SEEDS["corpus"], max_edit_rate=max_edit_rate)
    first = real + copies
    rng.shuffle(first)
    shards = _Shards(folder, max(1, math.ceil(size / SHARD_DOCS)), "part")
    try:
        shards.write(first)
        generation = 0
        while extra > 0:
            generation += 1
            take = list(range(len(records)))
            if extra < len(take):
                take = sorted(rng.sample(take, extra))
            rng.shuffle(take)
            shards.write(replicator.replicas(generation, take))
            extra -= len(take)
    finally:
        shards.close()
    return {
        "version": CORPUS_VERSION,
        "base": base,
        "size": shards.documents,
        "planted": len(copies),
        "real": len(real),
        "replicas": shards.documents - len(real) - len(copies),
        "replica_generations": generation,
        "copy_share": copy_share,
        "max_edit_rate": max_edit_rate,
        "text_bytes": shards.text_bytes,
        "shards": [p.name for p in shards.paths],
        "real_ids": [r["id"] for r in real],
        "truth": _truth_rows(truth),
    }


def build_extra(
    kind: str,
    count: int,
    real: list[dict],
    replicator: Replicator,
    path: Path,
    *,
    max_edit_rate: float,
) -> dict[str, Any]:
    """``count`` documents outside a corpus: 5% (incremental) or half (check) planted copies of
    the corpus's real documents, the rest replicas of a generation no corpus uses."""
    share = 0.05 if kind == "incremental" else 0.5
    planted = max(1, round(count * share))
    copies, truth = corpora.plant_copies(real, planted, seed=SEEDS[kind], max_edit_rate=max_edit_rate)
    rng = random.Random(SEEDS[kind])
    index = {r["id"]: i for i, r in enumerate(replicator.records)}
    pool = [index[r["id"]] for r in real]
    fresh = list(replicator.replicas(REPLICA_INCREMENTAL if kind == "incremental" else REPLICA_CHECK,
                                     rng.sample(pool, min(len(pool), count - planted))))
    docs = copies + fresh
    rng.shuffle(docs)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for record in docs:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {
        "version": CORPUS_VERSION,
        "documents": len(docs),
        "planted": len(copies),
        "text_bytes": sum(len(d["text"].encode("utf-8")) for d in docs),
        "max_edit_rate": max_edit_rate,
        "truth": _truth_rows(truth),
    }


def extra_path(size: int, base: str, kind: str, data: Path = DATA) -> Path:
    """The JSONL of the ``incremental`` shard or the ``check`` articles of a corpus."""
    folder, _ = corpus_paths(size, base, data)
    return folder.parent / f"{folder.name}-{kind}" / f"{kind}.jsonl"


def _fresh(meta_path: Path, expect: dict[str, Any]) -> dict[str, Any] | None:
    if not meta_path.is_file():
        return None
    meta = json.loads(meta_path.read_text())
    if any(meta.get(k) != v for k, v in expect.items()):
        return None
    return meta


def _write_meta(path: Path, meta: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(meta))
    tmp.replace(path)


def task_build(args: dict[str, Any]) -> dict[str, Any]:
    """Build every missing corpus (sizes, then the incremental and check sets of the largest)."""
    data = Path(args["data"])
    base = args["base"]
    sizes = sorted(args["sizes"])
    expect = {"version": CORPUS_VERSION, "base": base, "copy_share": args["copy_share"],
              "max_edit_rate": args["max_edit_rate"]}
    started = time.perf_counter()
    records: list[dict] | None = None
    replicator: Replicator | None = None
    built: list[str] = []
    metas: dict[int, dict[str, Any]] = {}

    def load() -> tuple[list[dict], Replicator]:
        nonlocal records, replicator
        if records is None:
            records = base_records(base)
            replicator = Replicator(records)
        assert replicator is not None
        return records, replicator

    for size in sizes:
        folder, meta_path = corpus_paths(size, base, data)
        meta = _fresh(meta_path, {**expect, "size": size})
        if meta is None or not all((folder / s).is_file() for s in meta["shards"]):
            recs, rep = load()
            if folder.exists():
                shutil.rmtree(folder)
            meta = build_corpus(size, recs, rep, folder, base=base, copy_share=args["copy_share"],
                                max_edit_rate=args["max_edit_rate"])
            _write_meta(meta_path, meta)
            built.append(folder.name)
        metas[size] = meta
    extras = {
        "incremental": (args["incremental_size"], max(1, round(args["incremental_size"] * 0.01))),
        "check": (args["check_size"], args["check_articles"]),
    }
    for kind, (size, count) in extras.items():
        folder, _ = corpus_paths(size, base, data)
        path = extra_path(size, base, kind, data)
        wanted = {"version": CORPUS_VERSION, "corpus": folder.name, "requested": count,
                  "max_edit_rate": args["max_edit_rate"]}
        if path.is_file() and _fresh(path.with_suffix(".json"), wanted):
            continue
        recs, rep = load()
        in_corpus = set(metas[size]["real_ids"])
        real = [r for r in recs if r["id"] in in_corpus]
        meta = build_extra(kind, count, real, rep, path, max_edit_rate=args["max_edit_rate"])
        _write_meta(path.with_suffix(".json"), {**meta, **wanted})
        built.append(path.parent.name)
    return {"built": built, "seconds": time.perf_counter() - started, **_rusage()}


# ---------------------------------------------------------------------------------- measures


def _rusage() -> dict[str, float]:
    """Peak resident memory (MiB) of this process and of its largest finished child."""
    return {
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _edit_bucket(rate: float) -> str:
    """``"00-05%"``, ``"05-10%"``, … ``"20%+"``: the word-edit rate band of a planted copy."""
    low = min(int(rate * 20 + 1e-9), 4) * 5
    return "20%+" if low >= 20 else f"{low:02d}-{low + 5:02d}%"


def recall(store: Any, truth: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """Share of planted copies linked to their source by an alignment (either direction).

    Record ids are read back from the stored source keys (``path#id=ID``); an exact duplicate
    stands for its original, since only originals are aligned.
    """
    rows = store.con.execute(
        "SELECT regexp_extract(source_key, '#id=(.*)$', 1), coalesce(duplicate_of, id) FROM documents"
    ).fetchall()
    doc = dict(rows)
    copies = sorted({doc[t[0]] for t in truth if t[0] in doc})
    store.con.execute("CREATE OR REPLACE TEMP TABLE _copies AS SELECT unnest(?::VARCHAR[]) AS id", [copies])
    linked = {
        (a, b) if a < b else (b, a)
        for a, b in store.con.execute(
            "SELECT DISTINCT source_doc, target_doc FROM alignments WHERE source_doc IN "
            "(SELECT id FROM _copies) OR target_doc IN (SELECT id FROM _copies)"
        ).fetchall()
    }
    buckets: dict[str, list[int]] = {}
    found = found_light = light = 0
    missed: list[str] = []
    for target, source, words, edits in truth:
        a, b = doc.get(target), doc.get(source)
        hit = a is not None and b is not None and ((a, b) if a < b else (b, a)) in linked
        rate = edits / max(1, words)
        bucket = _edit_bucket(rate)
        buckets.setdefault(bucket, [0, 0])
        buckets[bucket][0] += hit
        buckets[bucket][1] += 1
        found += hit
        if rate <= 0.10:
            light += 1
            found_light += hit
        if not hit and len(missed) < 20:
            missed.append(target)
    return {
        "planted": len(truth),
        "found": found,
        "recall": found / len(truth) if truth else None,
        "planted_le10": light,
        "recall_le10": found_light / light if light else None,
        "by_edit_rate": {k: {"found": v[0], "planted": v[1], "recall": v[0] / v[1]} for k, v in sorted(buckets.items())},
        "missed_examples": missed,
    }


def _progress() -> Any:
    started = time.monotonic()
    last = [started]

    def report(stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - last[0] >= 30:
            last[0] = now
            count = f"{done:,}{'' if total is None else f'/{total:,}'}"
            print(f"    … {now - started:7.0f} s  {stage} {count}", file=sys.stderr, flush=True)

    return report


def task_scan(args: dict[str, Any]) -> dict[str, Any]:
    """Scan ``paths`` into the store ``db`` (fresh or not); measure; then score the truth."""
    from copytrail.engines.local import scan
    from copytrail.settings import ClaimsSettings, ScanSettings
    from copytrail.store import open_store

    started = time.perf_counter()
    claims = ClaimsSettings(enabled=args.get("claims", False))
    with open_store(args["db"]) as store:
        result = scan(args["paths"], store, ScanSettings(workers=args["workers"], claims=claims), _progress())
        wall = time.perf_counter() - started
        memory = _rusage()
        store.con.execute("CHECKPOINT")
        counts = store.counts()
        scores = recall(store, args["truth"])
    return {
        "wall_s": wall,
        "scan_s": result.seconds,
        "stage_s": {stage: round(seconds, 2) for stage, seconds in result.stage_seconds.items()},
        "documents_added": result.documents_added,
        "files_seen": result.files_seen,
        "files_skipped": result.files_skipped,
        "duplicates": len(result.duplicates),
        "errors": len(result.errors),
        "pairs_compared": result.pairs_compared,
        "alignments_added": result.alignments_added,
        "documents": counts["documents"],
        "alignments": counts["alignments"],
        "narratives": result.narratives,
        "db_mb": os.path.getsize(args["db"]) / 2**20,
        **memory,
        "truth": scores,
    }


def task_check(args: dict[str, Any]) -> dict[str, Any]:
    """``check_text`` latency for every article of a check set against a store (read-only)."""
    from copytrail.api import check_text
    from copytrail.store import open_store

    articles = [json.loads(line) for line in Path(args["articles"]).read_text(encoding="utf-8").splitlines()]
    sources = {t[0]: t[1] for t in args["truth"]}
    light = {t[0] for t in args["truth"] if t[3] <= 0.10 * max(1, t[2])}
    latencies: list[float] = []
    found = found_light = with_matches = 0
    with open_store(args["db"], read_only=True) as store:
        doc = dict(store.con.execute(
            "SELECT regexp_extract(source_key, '#id=(.*)$', 1), coalesce(duplicate_of, id) FROM documents"
        ).fetchall())
        for article in articles:
            started = time.perf_counter()
            result = check_text(store, article["text"])
            latencies.append(time.perf_counter() - started)
            matched = {m.doc for m in result.matches}
            if article["id"] in sources:
                hit = doc.get(sources[article["id"]]) in matched
                found += hit
                found_light += hit and article["id"] in light
            elif matched:
                with_matches += 1
    warm = np.array(latencies[args["warmup"] :]) * 1000
    return {
        "articles": len(articles),
        "measured": len(warm),
        "p50_ms": float(np.percentile(warm, 50)) if len(warm) else None,
        "p99_ms": float(np.percentile(warm, 99)) if len(warm) else None,
        "mean_ms": float(warm.mean()) if len(warm) else None,
        "copies": len(sources),
        "copies_found": found,
        "copies_le10": len(light),
        "copies_le10_found": found_light,
        "non_copies_with_matches": with_matches,
        **_rusage(),
    }


def sketch_texts(base: str, limit: int = 0) -> list[str]:
    """The sketch benchmark's texts: the ≈21k Reuters+BBC stories, or synthetic documents."""
    if base == "shared":
        texts = [r["text"] for source in (corpora.reuters, corpora.bbc) for r in source()]
    else:
        texts = [r["text"] for r in base_records(base)]
    return texts[:limit] if limit else texts


def task_sketch(args: dict[str, Any]) -> dict[str, Any]:
    """The sketch-stage comparison (see ``sketch_bench``)."""
    import sketch_bench

    texts = sketch_texts(args["base"], args.get("limit", 0))
    result = sketch_bench.run_sketch_bench(texts, args.get("tools"), args.get("repeat", 1))
    return {**result, **_rusage()}


TASKS = {"build": task_build, "scan": task_scan, "check": task_check, "sketch": task_sketch}


def main(argv: Sequence[str]) -> None:
    """Child entry point: ``TASK ARGS.json RESULT.json``."""
    task, args_path, result_path = argv
    result = TASKS[task](json.loads(Path(args_path).read_text()))
    Path(result_path).write_text(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
