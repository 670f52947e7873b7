"""Segment stage: words and sentence-like units with exact character offsets.

Tokenisation follows Unicode word boundaries so Persian, Russian or Arabic text is as well
served as English; scripts written without spaces (Han, kana, Thai, ...) are cut into single
characters, so word n-grams over them become character n-grams.  Offsets always index the
original text; normalisation only affects ``Token.norm``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from copytrail.records import Sentence, Token

_NO_SPACE_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}"
_TOKEN_RE = regex.compile(
    rf"[{_NO_SPACE_SCRIPTS}]|[[\w\p{{M}}]--[{_NO_SPACE_SCRIPTS}]]+",
    regex.V1,
)
# A sentence ends at terminal punctuation (any script) followed by space, or at a blank line.
_SENTENCE_END_RE = regex.compile(
    r"(?:[.!?\u2026\u061F\u06D4\u0964\u0965\u3002\uFF01\uFF1F]+[\"'\u201D\u2019\u00BB)\]]*(?=\s|$))"
    r"|(?:[\u3002\uFF01\uFF1F])"
    r"|(?:\n[ \t]*\n)",
)
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "rep", "sen", "gov", "inc", "ltd", "co", "corp", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "al", "approx", "dept", "est", "u.s", "e.g", "i.e"]
)

MAX_SENTENCE_WORDS = 60


@dataclass(frozen=True, slots=True)
class Segmented:
    """A document cut into tokens and sentences (the input of sketch and align)."""

    tokens: list[Token]
    sentences: list[Sentence]

    @property
    def norms(self) -> list[str]:
        return [t.norm for t in self.tokens]


def normalise_word(word: str) -> str:
    """NFKC + casefold, so ``Ｆｕｌｌ`` and ``full`` or ``Straße`` and ``strasse`` compare equal."""
    return unicodedata.normalize("NFKC", word).casefold()


def tokenize(text: str) -> list[Token]:
    """Words with their offsets; punctuation and quote styles vanish by construction."""
    return [Token(m.start(), m.end(), normalise_word(m.group())) for m in _TOKEN_RE.finditer(text)]


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        end = match.end()
        if match.group().startswith("."):
            # "Dr. Smith", "U.S. officials": an abbreviation is not the end of a sentence.
            word = regex.search(r"([\w.]+)\.$", text[max(start, end - 12) : match.start() + 1])
            if word and (word.group(1).casefold() in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        if text[start:end].strip():
            bounds.append((start, end))
        start = end
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds


def segment(text: str, max_words: int = MAX_SENTENCE_WORDS) -> Segmented:
    """Tokens plus sentences; a sentence longer than ``max_words`` is cut into windows.

    Long windows keep every unit comparable in size, so a text without punctuation (a
    transcript, a list) is still aligned piece by piece.
    """
    tokens = tokenize(text)
    sentences: list[Sentence] = []
    index = 0
    n = len(tokens)
    for _start, end in _sentence_bounds(text):
        first = index
        while index < n and tokens[index].start < end:
            index += 1
        last = index
        if first == last:
            continue
        for chunk in range(first, last, max_words):
            chunk_last = min(chunk + max_words, last)
            sentences.append(
                Sentence(tokens[chunk].start, tokens[chunk_last - 1].end, chunk, chunk_last)
            )
    return Segmented(tokens, sentences)
