"""Sketch stage: passage-level MinHash signatures and LSH band keys, vectorised with numpy.

A document is cut into overlapping windows of ``window`` words (stride ``window // 2``), each
window is the set of its word ``ngram`` shingles, and each window gets a MinHash signature of
``bands * rows`` values.  Two passages sharing a band key are likely to overlap by at least
``(1 / bands) ** (1 / rows)`` Jaccard.  Hashes are stable across processes and machines (no
Python ``hash``), so keys stored by one scan match keys computed by the next.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

import numpy as np

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_SEED = 0x5EED_C0DE


@dataclass(frozen=True, slots=True)
class SketchSettings:
    ngram: int = 4
    window: int = 50
    bands: int = 20
    rows: int = 3

    @property
    def permutations(self) -> int:
        return self.bands * self.rows

    @property
    def stride(self) -> int:
        return max(1, self.window // 2)


@functools.lru_cache(maxsize=8)
def _permutations(count: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, 2**63 - 1, size=count, dtype=np.int64).astype(np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63 - 1, size=count, dtype=np.int64).astype(np.uint64)
    return a, b


class WordHasher:
    """Stable 64-bit word hashes, computed once per distinct word and cached."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def __call__(self, words: list[str]) -> np.ndarray:
        cache = self._cache
        get = cache.get
        values = [get(word) for word in words]
        if None in values:
            for i, value in enumerate(values):
                if value is None:
                    word = words[i]
                    digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8)
                    values[i] = int.from_bytes(digest.digest(), "little")
                    if len(cache) < 2_000_000:
                        cache[word] = values[i]
        return np.array(values, dtype=np.uint64)


_SHINGLE_MULT = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
     0x85EBCA77C2B2AE63, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB],
    dtype=np.uint64,
)


def shingles(word_hashes: np.ndarray, ngram: int) -> np.ndarray:
    """Hashes of consecutive word n-grams (a text shorter than n gives one shingle of it all)."""
    n = len(word_hashes)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    size = min(ngram, n)
    count = n - size + 1
    with np.errstate(over="ignore"):
        out = np.zeros(count, dtype=np.uint64)
        for k in range(size):
            out = out * _SHINGLE_MULT[k % 8] + word_hashes[k : k + count]
        out ^= out >> np.uint64(29)
    return out


def window_starts(shingle_count: int, settings: SketchSettings) -> np.ndarray:
    """Start indices (in shingles) of the overlapping windows covering the document."""
    span = max(1, settings.window - settings.ngram + 1)
    if shingle_count <= span:
        return np.zeros(1 if shingle_count else 0, dtype=np.int64)
    starts = np.arange(0, shingle_count - span + 1, settings.stride, dtype=np.int64)
    if starts[-1] + span < shingle_count:
        starts = np.append(starts, shingle_count - span)
    return starts


def signatures(shingle_hashes: np.ndarray, settings: SketchSettings) -> np.ndarray:
    """MinHash signature of every window: array ``(windows, permutations)`` of uint64."""
    a, b = _permutations(settings.permutations)
    count = len(shingle_hashes)
    starts = window_starts(count, settings)
    if not len(starts):
        return np.empty((0, settings.permutations), dtype=np.uint64)
    with np.errstate(over="ignore"):
        hashed = shingle_hashes[:, None] * a[None, :] + b[None, :]
    span = min(count, max(1, settings.window - settings.ngram + 1))
    windows = np.lib.stride_tricks.sliding_window_view(hashed, span, axis=0)[starts]
    return windows.min(axis=2)


def band_keys(sigs: np.ndarray, settings: SketchSettings) -> np.ndarray:
    """One signed 64-bit key per (window, band): equal keys mean an equal band."""
    if not len(sigs):
        return np.empty(0, dtype=np.int64)
    windows = sigs.reshape(len(sigs), settings.bands, settings.rows)
    with np.errstate(over="ignore"):
        keys = np.full((len(sigs), settings.bands), 0xCBF29CE484222325, dtype=np.uint64)
        for r in range(settings.rows):
            keys = (keys ^ windows[:, :, r]) * np.uint64(0x100000001B3)
        keys = keys * np.uint64(0x9E3779B97F4A7C15) + np.arange(settings.bands, dtype=np.uint64)
    return keys.ravel().view(np.int64)


def document_keys(words: list[str], hasher: WordHasher, settings: SketchSettings) -> np.ndarray:
    """The distinct band keys of one document's passages."""
    sh = shingles(hasher(words), settings.ngram)
    return np.unique(band_keys(signatures(sh, settings), settings))
