"""The key index's files: written and merged a chunk at a time, looked up a stretch at a time,
with the same rows as an index sorted in memory."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copytrail.store import key_index
from copytrail.store.key_index import (
    IndexWriter,
    KeyIndex,
    add_sorted_keys,
    finish_index,
    merge_runs,
)


def _chunked(keys: np.ndarray, seqs: np.ndarray, cuts: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    """``keys`` and ``seqs`` cut at the given places (empty chunks included)."""
    bounds = [0, *sorted(min(c, len(keys)) for c in cuts), len(keys)]
    return [(keys[a:b], seqs[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _rows(keys: list[int], first_seq: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows in (key, document number) order, document numbers from ``first_seq``."""
    k = np.array(keys, dtype=np.int64)
    s = np.arange(first_seq, first_seq + len(k), dtype=np.int32)
    order = np.lexsort((s, k))
    return k[order], s[order]


@given(
    st.lists(st.integers(-30, 30), max_size=150),
    st.lists(st.integers(-40, 40), max_size=60),
    st.lists(st.integers(0, 150), max_size=8),
    st.lists(st.integers(0, 60), max_size=8),
)
def test_merging_two_sorted_runs_a_chunk_at_a_time_is_sorting_them_together(
    old: list[int], new: list[int], old_cuts: list[int], new_cuts: list[int]
) -> None:
    """However the two runs are cut into chunks (repeated keys across a cut, empty chunks), the
    merge gives the rows of both in (key, document number) order, the older run's rows first
    on equal keys: what sorting every row at once gives."""
    old_keys, old_seqs = _rows(old, 1)
    new_keys, new_seqs = _rows(new, 1 + len(old))
    merged = list(merge_runs(_chunked(old_keys, old_seqs, old_cuts), _chunked(new_keys, new_seqs, new_cuts)))
    keys = np.concatenate([np.empty(0, dtype=np.int64), *(k for k, _ in merged)])
    seqs = np.concatenate([np.empty(0, dtype=np.int32), *(s for _, s in merged)])
    every_key = np.concatenate((old_keys, new_keys))
    every_seq = np.concatenate((old_seqs, new_seqs))
    order = np.lexsort((every_seq, every_key))
    assert keys.tolist() == every_key[order].tolist()
    assert seqs.tolist() == every_seq[order].tolist()


def _write_index(folder: Path, keys: np.ndarray, seqs: np.ndarray, chunk: int) -> Path:
    folder.mkdir()
    with IndexWriter(folder, len(keys)) as out:
        for start in range(0, len(keys), chunk):
            out.write(keys[start : start + chunk], seqs[start : start + chunk])
    return folder


def test_an_index_written_and_merged_in_chunks_equals_one_sorted_in_memory(tmp_path: Path) -> None:
    """Written a chunk at a time, an index holds the sorted rows and the directory of their
    prefixes that sorting in memory gives; merging new documents' rows read from its files a
    chunk at a time gives the index of all of them; a merge offered the wrong counts writes
    nothing."""
    rng = np.random.default_rng(7)
    keys = np.concatenate([rng.integers(-(2**63), 2**63 - 1, 20_000, dtype=np.int64), np.full(300, 12345)])
    seqs = rng.integers(1, 500, len(keys)).astype(np.int32)
    order = np.lexsort((seqs, keys))
    folder = _write_index(tmp_path / "old", keys[order], seqs[order], chunk=777)
    assert np.array_equal(np.load(folder / "keys.npy"), keys[order])
    assert np.array_equal(np.load(folder / "seqs.npy"), seqs[order])
    directory = np.load(folder / "directory.npy")
    bits = (len(directory) - 1).bit_length() - 1
    prefixes = key_index._key_prefix(keys[order], bits)
    assert np.array_equal(directory, np.searchsorted(prefixes, np.arange(len(directory)), side="left"))

    new_keys = np.concatenate([rng.integers(-(2**63), 2**63 - 1, 5_000, dtype=np.int64), np.full(40, 12345)])
    new_seqs = rng.integers(500, 600, len(new_keys)).astype(np.int32)
    new_order = np.lexsort((new_seqs, new_keys))
    new_rows = _chunked(new_keys[new_order], new_seqs[new_order], [100, 101, 3_000])
    saved, key_index._CHUNK_ROWS = key_index._CHUNK_ROWS, 1_000
    try:
        merged = tmp_path / "merged"
        merged.mkdir()
        total = len(keys) + len(new_keys)
        built_from = {"rows": len(keys)}
        assert add_sorted_keys(folder, merged, iter(new_rows), len(new_keys), {"rows": len(keys) + 1}, total + 1) is None
        assert add_sorted_keys(folder, merged, iter(new_rows), len(new_keys), built_from, total + 1) is None
        assert not (merged / "keys.npy").exists()
        # a quarter of the index's rows: past DELTA_SHARE's share, merged whole
        assert add_sorted_keys(folder, merged, iter(new_rows), len(new_keys), built_from, total) == total
        assert not (merged / "delta").exists()
    finally:
        key_index._CHUNK_ROWS = saved
    every_key, every_seq = np.concatenate((keys, new_keys)), np.concatenate((seqs, new_seqs))
    every = np.lexsort((every_seq, every_key))
    assert np.array_equal(np.load(merged / "keys.npy"), every_key[every])
    assert np.array_equal(np.load(merged / "seqs.npy"), every_seq[every])


def test_the_index_writer_refuses_rows_out_of_order_or_miscounted(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="out of order"), IndexWriter(tmp_path, 4) as out:
        out.write(np.array([1, 5]), np.array([1, 1]))
        out.write(np.array([4, 6]), np.array([1, 1]))  # 4 after 5
    with pytest.raises(ValueError, match="2 key rows written of the 3 announced"), IndexWriter(tmp_path, 3) as out:
        out.write(np.array([1, 5]), np.array([1, 1]))
    with pytest.raises(ValueError, match="more key rows"), IndexWriter(tmp_path, 1) as out:
        out.write(np.array([1, 5]), np.array([1, 1]))


def _mapped_kib(path: Path) -> int:
    """Resident memory of this process's mappings of ``path`` (Linux), in KiB."""
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        if re.match(r"[0-9a-f]+-[0-9a-f]+ ", line):  # a mapping's first line: addresses ... file
            inside = line.rstrip().endswith(str(path))
        elif inside and line.startswith("Rss:"):
            total += int(line.split()[1])
    return total


def test_a_large_lookup_gives_the_rows_of_one_pass_and_lets_go_of_the_pages_it_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scan's batch looks up its keys a stretch of the index at a time: the same rows as one
    pass over the index (and as counting in memory), and afterwards the process no longer
    holds the index pages it read, whatever the index's size."""
    rng = np.random.default_rng(11)
    documents = 400
    keys = rng.integers(-(2**63), 2**63 - 1, 600_000, dtype=np.int64)
    shared = rng.choice(keys, 60_000, replace=False)  # keys several documents hold
    keys = np.concatenate((keys, shared, shared[:20_000]))
    seqs = rng.integers(1, documents + 1, len(keys)).astype(np.int32)
    order = np.lexsort((seqs, keys))
    partial = _write_index(tmp_path / "index.partial", keys[order], seqs[order], chunk=50_000)
    finish_index(tmp_path / "index", partial, [(s, f"doc{s}") for s in range(1, documents + 1)], {}, "stamp")
    wanted = np.unique(np.concatenate((rng.choice(keys, 150_000), rng.integers(-(2**63), 2**63 - 1, 1_000))))

    one_pass = KeyIndex(tmp_path / "index", "stamp")
    monkeypatch.setattr(key_index, "_RELEASE_FROM", len(wanted) + 1)
    expected = one_pass.holders(wanted, max_bucket=2)
    expected_any = one_pass.holders(wanted, min_holders=1)
    monkeypatch.setattr(key_index, "_RELEASE_FROM", 1_000)
    monkeypatch.setattr(key_index, "_STRETCH_SHIFT", 6)  # many stretches in a small index
    stretched = KeyIndex(tmp_path / "index", "stamp")
    found = stretched.holders(wanted, max_bucket=2)
    found_any = stretched.holders(wanted, min_holders=1)
    for got, want in ((found, expected), (found_any, expected_any)):
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    held, counts = np.unique(keys, return_counts=True)
    count_of = dict(zip(held.tolist(), counts.tolist(), strict=True))
    assert set(found[0].tolist()) == {k for k in wanted.tolist() if count_of.get(k, 0) == 2}
    assert len(found_any[0]) == sum(count_of.get(k, 0) for k in wanted.tolist())
    if sys.platform.startswith("linux"):
        keys_file, seqs_file = tmp_path / "index" / "keys.npy", tmp_path / "index" / "seqs.npy"
        size_kib = keys_file.stat().st_size // 1024
        assert _mapped_kib(keys_file) > size_kib // 2  # one pass kept what it read
        del one_pass
        assert _mapped_kib(keys_file) <= size_kib // 8  # a stretch at most
        assert _mapped_kib(seqs_file) <= size_kib // 16


def _index_of(folder: Path, keys: np.ndarray, seqs: np.ndarray, built_from: dict, stamp: str) -> Path:
    order = np.lexsort((seqs, keys))
    partial = _write_index(folder.with_name(folder.name + ".partial"), keys[order], seqs[order], chunk=333)
    finish_index(folder, partial, [(s, f"doc{s}") for s in range(1, int(seqs.max()) + 1)], built_from, stamp)
    return folder


@settings(deadline=None, max_examples=25)
@given(st.integers(0, 2**31), st.lists(st.integers(1, 400), min_size=1, max_size=6))
@example(seed=1, additions=[400, 400, 400, 400, 5])  # three into the run of their own, one merge, one more
def test_documents_added_in_a_run_of_their_own_look_up_as_one_merged_index(seed: int, additions: list[int]) -> None:
    """Documents added a few at a time go into the index's second run (``delta/``), the
    folder's own run linked as it is, until they hold an eighth of it; then everything is
    merged into one.  Every lookup (any bucket bounds, keys held once, in both runs, or only
    in the new one) gives the rows one index of every key gives, whichever the layout."""
    import tempfile

    rng = np.random.default_rng(seed)
    pool = rng.integers(-(2**63), 2**63 - 1, 3_000, dtype=np.int64)  # keys shared across documents
    keys = np.concatenate((rng.integers(-(2**63), 2**63 - 1, 16_000, dtype=np.int64), rng.choice(pool, 4_000)))
    seqs = rng.integers(1, 101, len(keys)).astype(np.int32)
    with tempfile.TemporaryDirectory() as scratch:
        folder = _index_of(Path(scratch) / "index", keys, seqs, {"rows": len(keys)}, "s0")
        built_from: dict = {"rows": len(keys), "base_rows": len(keys)}
        for step, count in enumerate(additions, start=1):
            first = int(seqs.max()) + 1
            new_keys = np.concatenate((rng.integers(-(2**63), 2**63 - 1, count, dtype=np.int64), rng.choice(pool, count)))
            new_seqs = rng.integers(first, first + 5, len(new_keys)).astype(np.int32)
            order = np.lexsort((new_seqs, new_keys))
            keys, seqs = np.concatenate((keys, new_keys)), np.concatenate((seqs, new_seqs))
            partial = key_index.start_partial(folder)
            rows = add_sorted_keys(folder, partial, iter(_chunked(new_keys[order], new_seqs[order], [7, 99])), len(new_keys), built_from, len(keys))
            assert rows is not None
            built_from = {"rows": len(keys), "base_rows": rows}
            finish_index(folder, partial, [(s, f"doc{s}") for s in range(1, int(seqs.max()) + 1)], built_from, f"s{step}")
            assert (folder / "delta").is_dir() == (rows < len(keys))
            grown = KeyIndex(folder, f"s{step}")
            whole = KeyIndex(_index_of(Path(scratch) / f"whole{step}", keys, seqs, {}, "w"), "w")
            wanted = np.unique(np.concatenate((rng.choice(keys, 2_000), new_keys, rng.integers(-(2**63), 2**63 - 1, 50))))
            for bounds in ({}, {"max_bucket": 2}, {"min_holders": 1}, {"min_holders": 1, "max_bucket": 3}):
                got, want = grown.holders(wanted, **bounds), whole.holders(wanted, **bounds)
                assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1]), bounds
            assert grown.doc_ids(np.array([1, int(seqs.max())])).tolist() == ["doc1", f"doc{int(seqs.max())}"]
