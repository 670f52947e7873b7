"""Candidates stage: document pairs that share an LSH band key, never all pairs.

Pure numpy over flat ``(key, doc)`` arrays, so the local engine and a distributed one can feed
it the same way.  A key shared by more than ``max_bucket`` documents is boilerplate (a wire
credit, a cookie banner, a subscription footer): it is dropped, which is what keeps the cost
linear in the corpus size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class CandidateSettings:
    max_bucket: int = 50  # documents sharing one key before it counts as boilerplate
    min_shared: int = 2  # shared keys a pair needs (one alone is mostly chance with 2-row bands)


def candidate_pairs(
    keys: np.ndarray,
    docs: np.ndarray,
    is_new: np.ndarray,
    settings: CandidateSettings | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs ``(a, b)`` of document indices sharing keys, with how many keys they share.

    ``keys[i]`` is a band key of document ``docs[i]`` (an integer index); ``is_new`` flags, per
    document index, the documents whose pairs are wanted: a pair is returned when at least one
    side is new, so a rescan compares only what is new against everything.  Each pair comes
    once, with ``a < b``.
    """
    settings = settings or CandidateSettings()
    empty = np.empty(0, dtype=np.int64)
    if len(keys) == 0:
        return empty, empty, empty
    key_col, doc_col = _distinct_rows(keys.astype(np.int64), docs.astype(np.int64))
    boundaries = np.flatnonzero(np.diff(key_col)) + 1
    starts = np.concatenate([[0], boundaries])
    sizes = np.diff(np.concatenate([starts, [len(key_col)]]))
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    for size in range(2, settings.max_bucket + 1):
        groups = starts[sizes == size]
        if not len(groups):
            continue
        members = doc_col[groups[:, None] + np.arange(size)[None, :]]  # (groups, size)
        i, j = np.triu_indices(size, k=1)
        left.append(members[:, i].ravel())
        right.append(members[:, j].ravel())
    if not left:
        return empty, empty, empty
    a = np.concatenate(left)
    b = np.concatenate(right)
    wanted = is_new[a] | is_new[b]
    a, b = a[wanted], b[wanted]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    # one integer per pair (document indices are far below 2**31), then a plain 1-D unique
    width = np.int64(int(max(lo.max(), hi.max())) + 1)
    packed, counts = np.unique(lo * width + hi, return_counts=True)
    keep = counts >= settings.min_shared
    return packed[keep] // width, packed[keep] % width, counts[keep]


_DOC_BITS = 31  # document indices are below 2**31: a key's rank and a document fit in one int64


def _distinct_rows(keys: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (key, doc) rows sorted by key then doc.  Keys already sorted (as the key index
    gives them) need only their documents sorted within each key: a key's rank and its
    document packed in one integer and sorted (a third of lexsort's time on 3M rows); other
    rows by lexsort (far faster than unique(axis=0))."""
    if len(keys) > 1 and bool(np.all(keys[1:] >= keys[:-1])) and (len(docs) == 0 or (docs.min() >= 0 and docs.max() < 1 << _DOC_BITS)):
        changes = keys[1:] != keys[:-1]
        first = np.concatenate(([0], np.flatnonzero(changes) + 1))
        rank = np.concatenate(([0], np.cumsum(changes)))  # each row's key among the distinct ones
        packed = np.sort((rank << np.int64(_DOC_BITS)) | docs)
        keep = np.ones(len(packed), dtype=bool)
        keep[1:] = packed[1:] != packed[:-1]
        packed = packed[keep]
        return keys[first][packed >> np.int64(_DOC_BITS)], packed & np.int64((1 << _DOC_BITS) - 1)
    order = np.lexsort((docs, keys))
    keys, docs = keys[order], docs[order]
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
    return keys[keep], docs[keep]


def boilerplate_keys(keys: np.ndarray, docs: np.ndarray, max_bucket: int) -> np.ndarray:
    """Keys shared by more than ``max_bucket`` distinct documents."""
    if len(keys) == 0:
        return np.empty(0, dtype=np.int64)
    key_col, _ = _distinct_rows(keys.astype(np.int64), docs.astype(np.int64))
    distinct, counts = np.unique(key_col, return_counts=True)
    return distinct[counts > max_bucket]
