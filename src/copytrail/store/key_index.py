"""The sorted key index beside a database: every band key with its document, in files.

``Store.build_key_index`` reads the keys out of DuckDB and decides when an index is worth
having; this module holds the file format: the memory-mapped lookup (:class:`KeyIndex`) and
the writing, merging and checking of an index folder.  No SQL here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np

# Band keys from which a store keeps a sorted key index for check (about 20k documents).
KEY_INDEX_MIN_ROWS = 5_000_000


class KeyIndex:
    """The sorted band keys beside a database (see ``Store.build_key_index``), memory-mapped:
    each lookup reads only the pages it touches.  Keys are uniform 64-bit hashes, so a
    directory of key prefixes (about 16 keys each) narrows every search to a cache line or
    two; a plain binary search over hundreds of millions of keys pays ~15 cache misses per
    key and was no faster than DuckDB's table scan for a batch's half-million keys."""

    def __init__(self, folder: Path, stamp: str) -> None:
        self.stamp = stamp
        self.keys = np.load(folder / "keys.npy", mmap_mode="r")
        self.seqs = np.load(folder / "seqs.npy", mmap_mode="r")
        self.directory = np.load(folder / "directory.npy", mmap_mode="r")
        self.bits = int(len(self.directory) - 1).bit_length() - 1
        self.doc_seqs = np.load(folder / "doc_seqs.npy")
        self.ids = np.array(json.loads((folder / "doc_ids.json").read_text(encoding="utf-8")), dtype=object)

    def holders(
        self, keys: np.ndarray, max_bucket: int | None = None, min_holders: int = 2
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every (key, document number) row for the distinct ``keys`` held by at least
        ``min_holders`` and at most ``max_bucket`` documents."""
        empty = np.empty(0, dtype=np.int64)
        keys = np.asarray(keys, dtype=np.int64)
        if not len(keys) or not len(self.keys):
            return empty, empty
        prefix = _key_prefix(keys, self.bits)
        lo, hi = np.asarray(self.directory[prefix]), np.asarray(self.directory[prefix + 1])
        starts = _partition_point(self.keys, keys, lo, hi, np.less)
        if min_holders >= 2:  # most keys are one document's own: one probe rules them out
            nxt = np.minimum(starts + 1, len(self.keys) - 1)
            multi = (starts + 1 < hi) & (np.asarray(self.keys[nxt]) == keys)
            keys, starts, hi = keys[multi], starts[multi], hi[multi]
        ends = _partition_point(self.keys, keys, starts, hi, np.less_equal)
        sizes = ends - starts
        keep = (sizes >= min_holders) & (sizes <= (max_bucket if max_bucket is not None else len(self.keys)))
        starts, sizes = starts[keep], sizes[keep]
        total = int(sizes.sum())
        if not total:
            return empty, empty
        # the rows of every kept key, in one gather: start of each run repeated over its size
        rows = np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(total)
        return np.asarray(self.keys[rows]), np.asarray(self.seqs[rows], dtype=np.int64)

    def doc_ids(self, seqs: np.ndarray) -> np.ndarray:
        """Document ids of document numbers."""
        return self.ids[np.searchsorted(self.doc_seqs, seqs)]


def _key_prefix(keys: np.ndarray, bits: int) -> np.ndarray:
    """The top ``bits`` of each key, in the keys' signed order."""
    unsigned = keys.view(np.uint64) ^ np.uint64(1 << 63)
    return (unsigned >> np.uint64(64 - bits)).astype(np.int64)


def _key_directory(keys: np.ndarray) -> np.ndarray:
    """``directory[p]``: how many sorted ``keys`` have a prefix below ``p`` (about 16 per
    prefix), computed in chunks so a memory-mapped column is read once."""
    bits = max(1, min(30, int(np.ceil(np.log2(max(2, len(keys)) / 16)))))
    counts = np.zeros(1 << bits, dtype=np.int64)
    chunk = 1 << 24
    for start in range(0, len(keys), chunk):
        counts += np.bincount(_key_prefix(np.asarray(keys[start : start + chunk]), bits), minlength=1 << bits)
    return np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(counts)])


def _partition_point(
    keys: np.ndarray, wanted: np.ndarray, lo: np.ndarray, hi: np.ndarray, before: np.ufunc
) -> np.ndarray:
    """For each ``wanted[i]``, the first index in ``[lo[i], hi[i])`` of the sorted ``keys``
    where ``before(keys[j], wanted[i])`` is false: all searches advance together."""
    lo, hi = lo.astype(np.int64, copy=True), hi.astype(np.int64, copy=True)
    last = len(keys) - 1
    while True:
        open_ = lo < hi
        if not open_.any():
            return lo
        mid = (lo + hi) >> 1
        go = open_ & before(np.asarray(keys[np.minimum(mid, last)]), wanted)
        lo = np.where(go, mid + 1, lo)
        hi = np.where(open_ & ~go, mid, hi)


def index_complete(folder: Path) -> bool:
    """Whether ``folder`` holds a whole index of this format (the stamp is written last)."""
    return all((folder / name).is_file() for name in ("stamp", "directory.npy", "base.json"))


def index_is_current(folder: Path, stamp: str) -> bool:
    """Whether ``folder`` holds a whole index made from the keys ``stamp`` describes."""
    return index_complete(folder) and (folder / "stamp").read_text() == stamp


def read_index_base(folder: Path) -> dict[str, Any] | None:
    """What an index was built from (for merging in new documents' keys), if readable."""
    try:
        base = json.loads((folder / "base.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return base if isinstance(base, dict) and {"rewritten", "max_seq", "rows"} <= base.keys() else None


def remove_index(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def start_partial(folder: Path) -> Path:
    """An empty folder beside ``folder`` to write a new index into (renamed over it when done)."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    return partial


def merge_sorted_keys(
    folder: Path, partial: Path, new_keys: np.ndarray, new_seqs: np.ndarray, base_rows: int, rows: int
) -> bool:
    """Write into ``partial`` the keys and document numbers of the index in ``folder`` with
    ``new_keys`` (sorted) merged in; False, writing nothing, when the old index does not hold
    ``base_rows`` keys or the two do not add up to the ``rows`` band keys stored now."""
    old_keys = np.load(folder / "keys.npy", mmap_mode="r")
    if len(old_keys) != base_rows or base_rows + len(new_keys) != rows:
        return False
    at = np.searchsorted(old_keys, new_keys, side="right")
    _write_inserted(partial / "keys.npy", old_keys, at, new_keys)
    del old_keys
    _write_inserted(partial / "seqs.npy", np.load(folder / "seqs.npy", mmap_mode="r"), at, new_seqs)
    return True


_COPY_ROWS = 1 << 22  # old index rows copied at once when merging (32 MiB of keys)


def _write_inserted(path: Path, old: np.ndarray, at: np.ndarray, new: np.ndarray) -> None:
    """``np.insert(old, at, new)`` (``at`` sorted) written into the ``.npy`` file ``path`` a
    chunk at a time through a memory map: merging a batch's keys into the index of a grown
    store holds the batch and one chunk in memory, not the whole index twice over."""
    out = np.lib.format.open_memmap(path, mode="w+", dtype=old.dtype, shape=(len(old) + len(new),))
    out[at + np.arange(len(at))] = new  # each new row lands after the rows inserted before it
    for start in range(0, len(old), _COPY_ROWS):
        rows = np.arange(start, min(start + _COPY_ROWS, len(old)))
        out[rows + np.searchsorted(at, rows, side="right")] = old[start : start + len(rows)]
    out.flush()
    del out


def finish_index(
    folder: Path, partial: Path, docs: list[tuple[int, str]], base: dict[str, Any], stamp: str
) -> None:
    """Complete the index in ``partial`` (its keys and document numbers written) with the key
    directory, the documents' (number, id) list and what it was built from, then put it in
    place of ``folder``."""
    np.save(partial / "directory.npy", _key_directory(np.load(partial / "keys.npy", mmap_mode="r")))
    np.save(partial / "doc_seqs.npy", np.array([seq for seq, _ in docs], dtype=np.int64))
    (partial / "doc_ids.json").write_text(json.dumps([doc for _, doc in docs]), encoding="utf-8")
    (partial / "base.json").write_text(json.dumps(base))
    (partial / "stamp").write_text(stamp)  # written last: a half-written index has none
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
