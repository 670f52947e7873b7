"""Smoke test of the benchmark suite (bench/): structure and recall on tiny generated corpora.

No timing is asserted; the shared corpora are used only where present.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import corpora  # noqa: E402
import run  # noqa: E402
import scan_bench  # noqa: E402
import sketch_bench  # noqa: E402


def _check_sketch(result: dict[str, Any], documents: int) -> None:
    assert result["documents"] == documents
    assert set(result["configs"]) == {c.name for c in sketch_bench.CONFIGS}
    for entry in result["configs"].values():
        assert entry["sets"] >= documents
        assert set(entry["results"]) == set(result["tools"])
        for figures in entry["results"].values():
            assert figures["sketch_s"] > 0
            assert figures["sketch_index_s"] >= figures["sketch_s"]
            assert figures["docs_per_s"] > 0 and figures["shingles_per_s"] > 0
    assert sketch_bench.format_table(result).count("\n") == 1 + len(sketch_bench.CONFIGS) * len(result["tools"])


def test_sketch_comparison_on_generated_documents() -> None:
    texts = [r["text"] for r in scan_bench.synthetic_records(120)]
    result = sketch_bench.run_sketch_bench(texts)
    _check_sketch(result, 120)
    assert "copytrail" in result["tools"]


def test_sketch_sets_are_the_same_for_every_tool() -> None:
    """The window ranges the baselines MinHash are copytrail's own windows."""
    config = sketch_bench.CONFIGS[1]
    words = [f"w{i}" for i in range(130)]
    count = sketch_bench.shingle_count(words, config.ngram)
    assert len(sketch_bench.shingle_strings(words, config.ngram)) == count
    ranges = sketch_bench.windows_of(count, config)
    from copytrail.stages.sketch import WordHasher, shingles, signatures

    sigs = signatures(shingles(WordHasher()(words), config.ngram), config.sketch)
    assert len(ranges) == len(sigs)
    assert ranges[0][0] == 0 and ranges[-1][1] == count
    assert sketch_bench.windows_of(count, sketch_bench.CONFIGS[0]) == [(0, count)]


def test_replicas_keep_length_and_share_no_passages() -> None:
    records = scan_bench.synthetic_records(60)
    replicator = scan_bench.Replicator(records)
    mapping = replicator.mapping(1)
    assert sorted(mapping.tolist()) == list(range(len(replicator.vocabulary)))
    assert np.all(np.arange(len(mapping)) // scan_bench.BLOCK == mapping // scan_bench.BLOCK)
    replica = next(replicator.replicas(1, [0]))
    original = records[0]["text"].split()
    assert replica["id"] == "syn-0~r1"
    assert len(replica["text"].split()) == len(original)
    grams = {tuple(original[i : i + 4]) for i in range(len(original) - 3)}
    copied = replica["text"].split()
    assert sum(tuple(copied[i : i + 4]) in grams for i in range(len(copied) - 3)) <= 2


def test_tiny_whole_scan(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    results = run.main([
        "--base", "synthetic:300", "--sizes", "150,400", "--data", str(tmp_path / "data"),
        "--out", str(out), "--workers", "1", "--check-articles", "20", "--warmup", "2",
        "--max-edit-rate", "0.05", "--skip-sketch",
    ])
    assert out.is_file()
    assert "sketch" not in results
    rows = results["scan"]
    assert [r["size"] for r in rows] == [150, 400]
    assert rows[1]["replicas"] > 0  # 380 base documents from 300: replicas fill the rest
    for row in rows:
        assert row["documents"] == row["size"]
        assert row["planted"] == round(row["size"] * 0.05)
        assert row["errors"] == 0
        assert row["alignments"] >= row["planted"]
        assert row["peak_rss_mb"] > 0 and row["docs_per_s"] > 0 and row["mb_per_s"] > 0
        assert row["truth"]["recall"] == 1.0, row["truth"]["missed_examples"]
        assert row["recall_le10"] == 1.0
    assert len(results["growth"]) == 1 and results["growth"][0]["size_ratio"] == pytest.approx(400 / 150)
    incremental = results["incremental"]
    assert incremental["store_size"] == 400
    assert incremental["documents_added"] == 4 and incremental["files_skipped"] == 1
    assert incremental["truth"]["recall"] == 1.0
    check = results["check"]
    assert check["articles"] == 20 and check["measured"] == 18 and check["copies"] == 10
    assert check["p50_ms"] <= check["p99_ms"]
    assert check["non_copies_with_matches"] == 0
    report = run.format_report(results)
    assert "whole scan" in report and "incremental" in report and "check_text" in report


@pytest.mark.skipif(not (corpora.SHARED / "reuters21578.tar.gz").is_file(), reason="needs ../shared/data")
def test_sketch_comparison_on_reuters() -> None:
    texts = [r["text"] for r in itertools.islice(corpora.reuters(), 150)]
    _check_sketch(sketch_bench.run_sketch_bench(texts, repeat=1), 150)
