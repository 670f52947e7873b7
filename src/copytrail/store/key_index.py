"""The sorted key index beside a database: every band key with its document, in files.

``Store.build_key_index`` reads the keys out of DuckDB and decides when an index is worth
having; this module holds the file format: the memory-mapped lookup (:class:`KeyIndex`) and
the writing, merging and checking of an index folder.  No SQL here.

What a scan holds of an index follows its batch, not the store: files are written and merged
a chunk of rows at a time through plain reads and writes, and a large lookup lets go of the
mapped pages of each stretch of the index once it has searched it (they stay in the system's
file cache, but no longer count in the process's memory).
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import numpy as np

# Band keys from which a store keeps a sorted key index for check (about 20k documents).
KEY_INDEX_MIN_ROWS = 5_000_000

_CHUNK_ROWS = 1 << 22  # index rows read or merged at once (32 MiB of keys)
# A lookup of at least this many keys walks the index a stretch at a time and lets go of each
# stretch's pages after (a scan's batch); fewer (a check) leave the mapping as it is.
_RELEASE_FROM = 1 << 16
_STRETCH_SHIFT = 18  # a stretch: 2**18 directory prefixes, about 4M rows (16 keys a prefix)


class _MappedColumn:
    """A one-dimensional ``.npy`` file mapped read-only as ``rows``; ``release`` hands the
    pages of a stretch of rows back (read again from the file cache when touched again)."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as handle:
            self.offset, dtype, length = _npy_header(handle)
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        self.rows = np.frombuffer(self._map, dtype=dtype, count=length, offset=self.offset)

    def release(self, start: int, stop: int) -> None:
        if stop <= start or not hasattr(self._map, "madvise"):  # not every system has madvise
            return
        size = self.rows.itemsize
        begin = (self.offset + start * size) // mmap.PAGESIZE * mmap.PAGESIZE
        end = min(len(self._map), self.offset + stop * size)
        if end > begin:
            self._map.madvise(mmap.MADV_DONTNEED, begin, end - begin)


class _Layer:
    """One sorted run of an index's rows (the folder's own files, or its ``delta``): keys,
    document numbers and the directory of key prefixes, memory-mapped."""

    def __init__(self, folder: Path) -> None:
        self.columns = [_MappedColumn(folder / name) for name in ("keys.npy", "seqs.npy", "directory.npy")]
        self.keys, self.seqs, self.directory = (column.rows for column in self.columns)
        self.bits = int(len(self.directory) - 1).bit_length() - 1

    def spans(self, keys: np.ndarray, prefix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each key's rows start and how many there are, for keys with ``prefix`` (their
        directory prefixes).  Most keys are one document's own: one probe past the first row
        tells them, and only keys held more than once are searched for their end."""
        lo, hi = np.asarray(self.directory[prefix]), np.asarray(self.directory[prefix + 1])
        starts = _partition_point(self.keys, keys, lo, hi, np.less)
        last = len(self.keys) - 1
        held = (starts < hi) & (np.asarray(self.keys[np.minimum(starts, last)]) == keys)
        sizes = held.astype(np.int64)
        more = held & (starts + 1 < hi) & (np.asarray(self.keys[np.minimum(starts + 1, last)]) == keys)
        if more.any():
            sizes[more] = _partition_point(self.keys, keys[more], starts[more], hi[more], np.less_equal) - starts[more]
        return starts, sizes

    def release(self, first: int, last: int) -> None:
        """Let go of the pages of directory prefixes ``first`` to ``last`` and their rows."""
        rows = int(self.directory[first]), int(self.directory[last])
        self.columns[0].release(*rows)
        self.columns[1].release(*rows)
        self.columns[2].release(first, last + 1)


class KeyIndex:
    """The sorted band keys beside a database (see ``Store.build_key_index``), memory-mapped:
    each lookup reads only the pages it touches.  Keys are uniform 64-bit hashes, so a
    directory of key prefixes (about 16 keys each) narrows every search to a cache line or
    two; a plain binary search over hundreds of millions of keys pays ~15 cache misses per
    key and was no faster than DuckDB's table scan for a batch's half-million keys.

    The keys of documents added since the index was last written whole may sit in a second,
    smaller run (``delta/``, see :func:`add_sorted_keys`): a lookup reads both, and gives each
    key's rows as one merged index would (the older run's first)."""

    def __init__(self, folder: Path, stamp: str) -> None:
        self.stamp = stamp
        self._base = _Layer(folder)
        self._delta = _Layer(folder / "delta") if (folder / "delta" / "keys.npy").is_file() else None
        self.keys, self.seqs = self._base.keys, self._base.seqs  # the folder's own run
        self.rows = len(self.keys) + (len(self._delta.keys) if self._delta is not None else 0)
        self.doc_seqs = np.load(folder / "doc_seqs.npy")
        self.ids = np.array(json.loads((folder / "doc_ids.json").read_text(encoding="utf-8")), dtype=object)

    def holders(
        self, keys: np.ndarray, max_bucket: int | None = None, min_holders: int = 2
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every (key, document number) row for the distinct ``keys`` held by at least
        ``min_holders`` and at most ``max_bucket`` documents, key by key in the order given.
        Many keys in ascending order (a scan's batch) are looked up a stretch of the index at
        a time, each stretch's pages let go after: the same rows, and a process that holds
        one stretch of the index instead of all it touched."""
        empty = np.empty(0, dtype=np.int64)
        keys = np.asarray(keys, dtype=np.int64)
        if not len(keys) or not self.rows:
            return empty, empty
        prefix = _key_prefix(keys, self._base.bits)
        if len(keys) < _RELEASE_FROM or bool(np.any(keys[1:] < keys[:-1])):
            return self._holders(keys, prefix, max_bucket, min_holders)
        stretch = prefix >> _STRETCH_SHIFT
        bounds = np.concatenate((np.flatnonzero(np.diff(stretch)) + 1, [len(keys)]))
        found: list[tuple[np.ndarray, np.ndarray]] = []
        start = 0
        for stop in bounds.tolist():
            found.append(self._holders(keys[start:stop], prefix[start:stop], max_bucket, min_holders))
            self._base.release(int(prefix[start]), int(prefix[stop - 1]) + 1)
            start = stop
        # the system maps a few neighbouring pages with each one read (up to 64 KiB): those
        # of a stretch already searched that came back with the next are let go of at the end
        for column in self._base.columns:
            column.release(0, len(column.rows))
        return np.concatenate([k for k, _ in found]), np.concatenate([s for _, s in found])

    def _holders(
        self, keys: np.ndarray, prefix: np.ndarray, max_bucket: int | None, min_holders: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`holders` of ``keys`` (with their directory prefixes in the folder's own run), in one pass."""
        empty = np.empty(0, dtype=np.int64)
        delta = self._delta
        starts, sizes = self._base.spans(keys, prefix) if len(self.keys) else (np.zeros(len(keys), np.int64),) * 2
        if delta is not None and len(delta.keys):
            new_starts, new_sizes = delta.spans(keys, _key_prefix(keys, delta.bits))
        else:
            new_starts = new_sizes = np.zeros(len(keys), dtype=np.int64)
        total = sizes + new_sizes
        keep = (total >= min_holders) & (total <= (max_bucket if max_bucket is not None else self.rows))
        keys, starts, sizes, new_starts, new_sizes, total = (
            keys[keep], starts[keep], sizes[keep], new_starts[keep], new_sizes[keep], total[keep]
        )
        count = int(total.sum())
        if not count:
            return empty, empty
        # each kept key's rows: the folder's run, then the delta's, in one gather each
        first = np.cumsum(total) - total  # where each key's rows begin in the answer
        out = np.empty(count, dtype=np.int64)
        out[_runs(first, sizes)] = np.asarray(self.seqs[_runs(starts, sizes)], dtype=np.int64)
        if delta is not None and new_sizes.any():
            out[_runs(first + sizes, new_sizes)] = np.asarray(delta.seqs[_runs(new_starts, new_sizes)], dtype=np.int64)
        return np.repeat(keys, total), out

    def doc_ids(self, seqs: np.ndarray) -> np.ndarray:
        """Document ids of document numbers."""
        return self.ids[np.searchsorted(self.doc_seqs, seqs)]


def _runs(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The positions ``starts[k], starts[k] + 1, …`` of ``sizes[k]`` each, one run after another."""
    return np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(int(sizes.sum()))


def _key_prefix(keys: np.ndarray, bits: int) -> np.ndarray:
    """The top ``bits`` of each key, in the keys' signed order."""
    unsigned = keys.view(np.uint64) ^ np.uint64(1 << 63)
    return (unsigned >> np.uint64(64 - bits)).astype(np.int64)


def _directory_bits(rows: int) -> int:
    """Prefix bits of the key directory of ``rows`` keys: about 16 keys a prefix."""
    return max(1, min(30, int(np.ceil(np.log2(max(2, rows) / 16)))))


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


# ------------------------------------------------------------------------- files of an index


def _npy_header(handle: IO[bytes]) -> tuple[int, np.dtype, int]:
    """Where the data of the one-dimensional ``.npy`` file open in ``handle`` begins, its
    type and its length (the handle left at the data)."""
    version = np.lib.format.read_magic(handle)
    read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, _, dtype = read(handle)
    if len(shape) != 1:
        raise ValueError(f"{getattr(handle, 'name', 'index file')}: not a column of the key index (shape {shape})")
    return handle.tell(), dtype, int(shape[0])


def _open_column(path: Path, dtype: type[np.generic], rows: int) -> IO[bytes]:
    """A new ``.npy`` file of ``rows`` values, open for its values to be appended in order."""
    handle = path.open("wb")
    np.lib.format.write_array_header_1_0(
        handle, {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False, "shape": (rows,)}
    )
    return handle


def _column_chunks(path: Path, chunk: int = _CHUNK_ROWS) -> tuple[int, Iterator[np.ndarray]]:
    """The length of the ``.npy`` column at ``path`` and its values read a chunk at a time
    (plain reads: nothing stays mapped into the process; the file is open while read)."""
    with path.open("rb") as handle:
        offset, dtype, length = _npy_header(handle)

    def chunks() -> Iterator[np.ndarray]:
        with path.open("rb") as handle:
            handle.seek(offset)
            for start in range(0, length, chunk):
                yield np.fromfile(handle, dtype=dtype, count=min(chunk, length - start))

    return length, chunks()


class IndexWriter:
    """The keys (ascending) and document numbers of a new index written into a folder a chunk
    at a time, with the key directory counted on the way: writing or merging an index holds
    one chunk of rows, not the index.  ``rows``: how many the index will hold (checked at
    the end); keys out of order are refused."""

    def __init__(self, folder: Path, rows: int) -> None:
        self.folder, self.rows, self.written = folder, rows, 0
        self.bits = _directory_bits(rows)
        self.counts = np.zeros(1 << self.bits, dtype=np.int64)
        self._last: int | None = None
        self._keys = _open_column(folder / "keys.npy", np.int64, rows)
        try:
            self._seqs = _open_column(folder / "seqs.npy", np.int32, rows)
        except BaseException:
            self._keys.close()
            raise

    def write(self, keys: np.ndarray, seqs: np.ndarray) -> None:
        keys = np.ascontiguousarray(keys, dtype=np.int64)
        seqs = np.ascontiguousarray(seqs, dtype=np.int32)
        if not len(keys):
            return
        if len(seqs) != len(keys) or self.written + len(keys) > self.rows:
            raise ValueError(f"{self.folder}: more key rows than the {self.rows} announced, or keys without documents")
        if np.any(keys[1:] < keys[:-1]) or (self._last is not None and keys[0] < self._last):
            raise ValueError(f"{self.folder}: key index rows written out of order")
        keys.tofile(self._keys)
        seqs.tofile(self._seqs)
        self.counts += np.bincount(_key_prefix(keys, self.bits), minlength=len(self.counts))
        self.written += len(keys)
        self._last = int(keys[-1])

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._keys.close()
        self._seqs.close()
        if kind is None:
            if self.written != self.rows:
                raise ValueError(f"{self.folder}: {self.written} key rows written of the {self.rows} announced")
            np.save(self.folder / "directory.npy", np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(self.counts)]))


def merge_runs(
    first: Iterable[tuple[np.ndarray, np.ndarray]], second: Iterable[tuple[np.ndarray, np.ndarray]]
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Two runs of (keys, document numbers) chunks, each in ascending key order, merged into
    one, a chunk at a time; on equal keys ``first``'s rows come before ``second``'s.  What is
    handed on each time is every buffered row that no row still unread can precede."""
    empty = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int32)
    runs = [iter(first), iter(second)]
    held = [empty, empty]
    ended = [False, False]
    while True:
        for side in (0, 1):
            while not len(held[side][0]) and not ended[side]:
                chunk = next(runs[side], None)
                if chunk is None:
                    ended[side] = True
                else:
                    held[side] = (np.asarray(chunk[0], dtype=np.int64), np.asarray(chunk[1], dtype=np.int32))
        (a_keys, a_seqs), (b_keys, b_seqs) = held
        if not len(a_keys) or not len(b_keys):  # one run is over: the other's rows go as they are
            if len(a_keys) or len(b_keys):
                yield held[0] if len(a_keys) else held[1]
                held = [empty, empty]
                continue
            return
        bound = min(a_keys[-1], b_keys[-1])
        take_a = int(np.searchsorted(a_keys, bound, side="right"))
        # second's rows equal to the bound wait while first may still hold more of that key
        take_b = int(np.searchsorted(b_keys, bound, side="right" if a_keys[-1] > bound else "left"))
        keys = np.concatenate((a_keys[:take_a], b_keys[:take_b]))
        order = np.argsort(keys, kind="stable")
        yield keys[order], np.concatenate((a_seqs[:take_a], b_seqs[:take_b]))[order]
        held = [(a_keys[take_a:], a_seqs[take_a:]), (b_keys[take_b:], b_seqs[take_b:])]


# ------------------------------------------------------------------------- an index's folder


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


def add_sorted_keys(
    folder: Path,
    partial: Path,
    new_rows: Iterable[tuple[np.ndarray, np.ndarray]],
    new_count: int,
    built_from: dict[str, Any],
    rows: int,
) -> int | None:
    """Write into ``partial`` the index in ``folder`` with ``new_rows`` added (``new_count``
    rows in chunks, in (key, document number) order, every document newer than the index's):
    while the documents added since the index was last written whole hold no more than
    ``1 / DELTA_SHARE`` of its rows, only their run (``delta/``) is written again, the folder's
    own files linked as they are, so that adding a few documents to a large store costs what
    they hold and not the whole index; past that, the two runs and the new rows are merged
    into one.  Returns the rows of the new index's own run, or None, writing nothing, when
    the files do not hold the rows ``built_from`` says or the total is not the ``rows`` band
    keys stored now.  Every file is read a chunk at a time: chunks are held, not the index."""
    base_rows = int(built_from.get("base_rows", built_from["rows"]))
    delta_rows = int(built_from["rows"]) - base_rows
    counted = [_column_chunks(folder / name) for name in ("keys.npy", "seqs.npy")]
    has_delta = (folder / "delta" / "keys.npy").is_file()
    added = [_column_chunks(folder / "delta" / name) for name in ("keys.npy", "seqs.npy")] if has_delta else []
    if (
        any(count != base_rows for count, _ in counted)
        or any(count != delta_rows for count, _ in added)
        or (delta_rows and not has_delta)
        or base_rows + delta_rows + new_count != rows
    ):
        return None
    since = merge_runs(zip(added[0][1], added[1][1], strict=True) if added else (), new_rows)
    if (delta_rows + new_count) * DELTA_SHARE <= base_rows:
        for name in ("keys.npy", "seqs.npy", "directory.npy"):
            _link_or_copy(folder / name, partial / name)
        (partial / "delta").mkdir()
        with IndexWriter(partial / "delta", delta_rows + new_count) as out:
            for keys, seqs in since:
                out.write(keys, seqs)
        return base_rows
    with IndexWriter(partial, rows) as out:
        for keys, seqs in merge_runs(zip(counted[0][1], counted[1][1], strict=True), since):
            out.write(keys, seqs)
    return rows


DELTA_SHARE = 8  # the run of added documents is rewritten alone until it holds an eighth of the index's own


def _link_or_copy(source: Path, target: Path) -> None:
    """``target`` as another name of ``source`` (a copy where the file system links none)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def finish_index(
    folder: Path, partial: Path, docs: list[tuple[int, str]], base: dict[str, Any], stamp: str
) -> None:
    """Complete the index in ``partial`` (its keys, document numbers and key directory written
    by an :class:`IndexWriter`) with the documents' (number, id) list and what it was built
    from, then put it in place of ``folder``."""
    np.save(partial / "doc_seqs.npy", np.array([seq for seq, _ in docs], dtype=np.int64))
    (partial / "doc_ids.json").write_text(json.dumps([doc for _, doc in docs]), encoding="utf-8")
    (partial / "base.json").write_text(json.dumps(base))
    (partial / "stamp").write_text(stamp)  # written last: a half-written index has none
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
