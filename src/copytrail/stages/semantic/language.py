"""Which language a text is in, coarsely: enough to say whether MiniLM covers it (English)."""

from __future__ import annotations

import regex

MODEL_LANGUAGES = frozenset({"en"})  # all-MiniLM-L6-v2 was trained on English


_SCRIPTS = {
    "Latin": regex.compile(r"\p{Latin}"),
    "Cyrillic": regex.compile(r"\p{Cyrillic}"),
    "Arabic": regex.compile(r"\p{Arabic}"),
    "Han": regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]"),
    "Hangul": regex.compile(r"\p{Hangul}"),
    "Greek": regex.compile(r"\p{Greek}"),
    "Hebrew": regex.compile(r"\p{Hebrew}"),
    "Devanagari": regex.compile(r"\p{Devanagari}"),
    "Thai": regex.compile(r"\p{Thai}"),
}
_ENGLISH = frozenset("the of and to in is that for it was on with as by at from this be are have".split())
_PERSIAN_LETTERS = regex.compile(r"[پچژگکی]")
_ASCII_WORD = regex.compile(r"[a-z]+")


def detect_language(text: str) -> str:
    """A coarse language guess from script and function words: enough to say whether the
    semantic model covers a text (``en``), or which script it is written in."""
    sample = text[:5000]
    if sample.isascii():  # the common case, without the nine script scans (0.8 ms a text)
        words = _ASCII_WORD.findall(sample.lower())
        if not words:
            return "und"
        return "en" if sum(w in _ENGLISH for w in words) / len(words) >= 0.08 else "latin-other"
    counts = {name: len(pattern.findall(sample)) for name, pattern in _SCRIPTS.items()}
    script, count = max(counts.items(), key=lambda kv: kv[1])
    if count == 0:
        return "und"
    if script == "Latin":
        words = regex.findall(r"\p{L}+", sample.casefold())
        english = sum(w in _ENGLISH for w in words)
        return "en" if words and english / len(words) >= 0.08 else "latin-other"
    if script == "Arabic":
        return "fa" if _PERSIAN_LETTERS.search(sample) else "ar"
    return {"Cyrillic": "ru", "Han": "zh/ja", "Hangul": "ko", "Greek": "el", "Hebrew": "he",
            "Devanagari": "hi", "Thai": "th"}[script]


def model_covers(language: str) -> bool:
    """Whether MiniLM was trained on ``language`` (its paraphrases elsewhere may be missed)."""
    return language in MODEL_LANGUAGES
