"""Sketch stage: MinHash signatures and LSH indexing, copytrail against datasketch and rensa.

Every tool starts from the same normalised word lists (``copytrail.stages.segment.words``) and
MinHashes the same sets of word n-grams with the same number of permutations, then indexes
the signatures in an LSH table with the same bands × rows.  Two configurations:

* ``doc-5gram-128``: one set per document, word 5-grams, 128 permutations (32 bands × 4
  rows): the setting of the issue's baselines (datasketch ≈ 13 s, rensa ≈ 3.6 s on the
  ~21k Reuters+BBC stories).
* ``passage-4gram-60``: copytrail's own default, one set per 50-word window (stride 25) of
  word 4-grams, 60 permutations (20 bands × 3 rows).

The shingle strings datasketch and rensa need are built inside their timed sketch phase
(copytrail builds its shingle hashes inside its own); ``shingle_strings_s`` says how much of
that phase is string building alone.  The copytrail "index" is what its store does with band
keys: one sorted (key, document) table.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from copytrail.stages.segment import words as normalised_words
from copytrail.stages.sketch import (
    SketchSettings,
    WordHasher,
    batch_keys,
    window_bounds,
)

WHOLE_DOCUMENT = 1 << 30  # a window no document reaches: one set per document


@dataclass(frozen=True)
class Config:
    """One comparison setting: shingle size, window (words, or whole document), bands × rows."""

    name: str
    ngram: int
    bands: int
    rows: int
    window: int = WHOLE_DOCUMENT

    @property
    def permutations(self) -> int:
        return self.bands * self.rows

    @property
    def sketch(self) -> SketchSettings:
        return SketchSettings(ngram=self.ngram, window=self.window, bands=self.bands, rows=self.rows)


_DEFAULT = SketchSettings()
CONFIGS: tuple[Config, ...] = (
    Config("doc-5gram-128", ngram=5, bands=32, rows=4),
    Config(
        "passage-4gram-60",
        ngram=_DEFAULT.ngram,
        bands=_DEFAULT.bands,
        rows=_DEFAULT.rows,
        window=_DEFAULT.window,
    ),
)


def available_tools() -> list[str]:
    """copytrail always; datasketch and rensa when installed (``pip install -e '.[bench]'``)."""
    tools = ["copytrail"]
    if importlib.util.find_spec("datasketch"):
        tools.append("datasketch")
    if importlib.util.find_spec("rensa"):
        tools += ["rensa", "rensa-bulk"]
    return tools


def windows_of(count: int, config: Config) -> list[tuple[int, int]]:
    """``(start, stop)`` shingle ranges of the sets a document of ``count`` shingles gives."""
    return window_bounds(count, config.sketch)


def shingle_strings(words: Sequence[str], ngram: int) -> list[str]:
    """The word n-grams of a document as strings (a short document gives one of it all)."""
    if len(words) <= ngram:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + ngram]) for i in range(len(words) - ngram + 1)]


def shingle_count(words: Sequence[str], ngram: int) -> int:
    return max(1, len(words) - ngram + 1) if words else 0


# ---------------------------------------------------------------------------------- tools
# Each tool is two phases: sketch(word lists) -> state, index(state) -> None.


def _copytrail(docs: list[list[str]], config: Config) -> tuple[Callable[[], Any], Callable[[Any], Any]]:
    settings = config.sketch

    def sketch() -> list[np.ndarray]:
        # the scan's own sketch stage: signatures and band keys of a batch of documents
        return batch_keys(docs, WordHasher(), settings)  # a fresh word cache every run

    def index(keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        flat = np.concatenate(keys)
        owner = np.repeat(np.arange(len(keys), dtype=np.int64), [len(k) for k in keys])
        order = np.argsort(flat, kind="stable")
        return flat[order], owner[order]

    return sketch, index


def _datasketch(docs: list[list[str]], config: Config) -> tuple[Callable[[], Any], Callable[[Any], Any]]:
    from datasketch import MinHash, MinHashLSH

    def sketch() -> list[Any]:
        out = []
        for w in docs:
            grams = [g.encode("utf-8") for g in shingle_strings(w, config.ngram)]
            for start, stop in windows_of(len(grams), config):
                m = MinHash(num_perm=config.permutations, seed=1)
                m.update_batch(grams[start:stop])
                out.append(m)
        return out

    def index(minhashes: list[Any]) -> Any:
        lsh = MinHashLSH(num_perm=config.permutations, params=(config.bands, config.rows))
        for key, m in enumerate(minhashes):
            lsh.insert(key, m, check_duplication=False)
        return lsh

    return sketch, index


def _rensa(docs: list[list[str]], config: Config) -> tuple[Callable[[], Any], Callable[[Any], Any]]:
    from rensa import RMinHash, RMinHashLSH

    def sketch() -> list[Any]:
        out = []
        for w in docs:
            grams = shingle_strings(w, config.ngram)
            for start, stop in windows_of(len(grams), config):
                m = RMinHash(config.permutations, 42)
                m.update(grams[start:stop])
                out.append(m)
        return out

    def index(minhashes: list[Any]) -> Any:
        lsh = RMinHashLSH(0.5, config.permutations, config.bands)
        for key, m in enumerate(minhashes):
            lsh.insert(key, m)
        return lsh

    return sketch, index


def _rensa_bulk(docs: list[list[str]], config: Config) -> tuple[Callable[[], Any], Callable[[Any], Any]]:
    from rensa import RMinHash, RMinHashLSH

    def sketch() -> Any:
        sets: list[list[str]] = []
        for w in docs:
            grams = shingle_strings(w, config.ngram)
            sets.extend(grams[start:stop] for start, stop in windows_of(len(grams), config))
        return RMinHash.digest_matrix_from_token_sets(sets, config.permutations, 42)

    def index(matrix: Any) -> Any:
        lsh = RMinHashLSH(0.5, config.permutations, config.bands)
        lsh.insert_matrix(matrix)
        return lsh

    return sketch, index


TOOLS: dict[str, Callable[[list[list[str]], Config], tuple[Callable[[], Any], Callable[[Any], Any]]]] = {
    "copytrail": _copytrail,
    "datasketch": _datasketch,
    "rensa": _rensa,
    "rensa-bulk": _rensa_bulk,
}


# ---------------------------------------------------------------------------------- driver


def _sets(docs: list[list[str]], config: Config) -> int:
    return sum(len(windows_of(shingle_count(w, config.ngram), config)) for w in docs)


def measure(docs: list[list[str]], config: Config, tool: str, repeat: int = 1) -> dict[str, float]:
    """Best-of-``repeat`` seconds for the sketch phase and for sketch + LSH index."""
    sketch, index = TOOLS[tool](docs, config)
    best_sketch = best_total = float("inf")
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        state = sketch()
        sketched = time.perf_counter()
        index(state)
        done = time.perf_counter()
        del state
        best_sketch = min(best_sketch, sketched - started)
        best_total = min(best_total, done - started)
    shingle_total = sum(shingle_count(w, config.ngram) for w in docs)
    return {
        "sketch_s": best_sketch,
        "sketch_index_s": best_total,
        "docs_per_s": len(docs) / best_sketch,
        "shingles_per_s": shingle_total / best_sketch,
        "docs_per_s_with_index": len(docs) / best_total,
    }


def run_sketch_bench(
    texts: Sequence[str], tools: Sequence[str] | None = None, repeat: int = 1, configs: Sequence[Config] = CONFIGS
) -> dict[str, Any]:
    """Time every tool on every configuration over the same texts; returns a JSON-able dict."""
    started = time.perf_counter()
    docs = [w for w in (normalised_words(t) for t in texts) if w]
    tokenize_s = time.perf_counter() - started
    tools = list(tools) if tools is not None else available_tools()
    out: dict[str, Any] = {
        "documents": len(docs),
        "words": sum(len(w) for w in docs),
        "tokenize_s": tokenize_s,
        "tools": tools,
        "configs": {},
    }
    for config in configs:
        started = time.perf_counter()
        for w in docs:
            shingle_strings(w, config.ngram)
        strings_s = time.perf_counter() - started
        entry: dict[str, Any] = {
            "ngram": config.ngram,
            "permutations": config.permutations,
            "bands": config.bands,
            "rows": config.rows,
            "window": None if config.window == WHOLE_DOCUMENT else config.window,
            "sets": _sets(docs, config),
            "shingles": sum(shingle_count(w, config.ngram) for w in docs),
            "shingle_strings_s": strings_s,
            "results": {},
        }
        for tool in tools:
            entry["results"][tool] = measure(docs, config, tool, repeat)
        out["configs"][config.name] = entry
    return out


def format_table(result: dict[str, Any]) -> str:
    """A plain-text table of a ``run_sketch_bench`` result."""
    lines = [
        f"sketch stage: {result['documents']:,} documents, {result['words']:,} words",
        f"{'config':<18} {'tool':<11} {'sketch s':>9} {'docs/s':>10} {'shingles/s':>12} {'+index s':>9}",
    ]
    for name, entry in result["configs"].items():
        for tool, r in entry["results"].items():
            lines.append(
                f"{name:<18} {tool:<11} {r['sketch_s']:>9.2f} {r['docs_per_s']:>10,.0f} "
                f"{r['shingles_per_s']:>12,.0f} {r['sketch_index_s']:>9.2f}"
            )
    return "\n".join(lines)
