"""Segment stage: words and sentence-like units with exact character offsets.

Tokenisation follows Unicode word boundaries so Persian, Russian or Arabic text is as well
served as English; scripts written without spaces (Han, kana, Thai, ...) are cut into single
characters (a Thai or Khmer letter with its vowel and tone marks), so word n-grams over them
become character n-grams.  Zero-width joiners and
non-joiners (the Persian half-space), soft hyphens and word joiners inside a word keep it one
word, as its writer meant; a zero-width space separates words.  Offsets always index the
original text; normalisation only affects ``Token.norm`` (``normalise_word``): the spellings
that writers, keyboards and copy-editing swap freely compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import regex

from copytrail.records import Sentence, Token
from copytrail.stages.scripts import fold_word

# scripts written without spaces between words: each character is a word here
NO_SPACE_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}"
# Inside a word, never at its edge: join controls, soft hyphen, word joiner, byte-order mark.
_JOINERS = "\u200c\u200d\u00ad\u2060\ufeff"
_WORD_CHAR = rf"[[\w\p{{M}}]--[{NO_SPACE_SCRIPTS}{_JOINERS}]]"
_TOKEN_RE = regex.compile(
    rf"[[{NO_SPACE_SCRIPTS}]--\p{{M}}]\p{{M}}*|{_WORD_CHAR}+(?:[{_JOINERS}]+{_WORD_CHAR}+)*",
    regex.V1,
)
# A sentence ends at terminal punctuation (any script: Arabic, Urdu, Devanagari, Armenian ։,
# Ethiopic ። ፧, Myanmar ။, Khmer ។) followed by space, at a Chinese or Japanese stop (no space
# after it; a full-width full stop only when no digit follows: "３．５"), or at a blank line.
# Greek asks with ";" (its own U+037E, or the ASCII one everyone types): a sentence ends there
# after a Greek word ("Είναι αυτή η δεύτερη; Ναι."); elsewhere ";" joins clauses.
_SENTENCE_END_RE = regex.compile(
    r"(?:[.!?\u2026\u037E\u061F\u06D4\u0964\u0965\u0589\u1362\u1367\u104B\u17D4\u3002\uFF01\uFF1F]+[\"'\u201D\u2019\u00BB)\]]*(?=\s|$))"
    r"|(?:(?<=\p{Greek});[\"'\u201D\u2019\u00BB)\]]*(?=\s|$))"
    r"|(?:[\u3002\uFF01\uFF1F\uFF61])"
    r"|(?:\uFF0E(?![0-9\uFF10-\uFF19]))"
    r"|(?:\n[^\S\n]*\n)",
)
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "rep", "sen", "gov", "inc", "ltd", "co", "corp", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "al", "approx", "dept", "est", "u.s", "e.g", "i.e"]
)

MAX_SENTENCE_WORDS = 60


@dataclass(frozen=True, slots=True)
class Segmented:
    """A document cut into words and sentences (the input of sketch and align).

    Words are held as three parallel lists rather than ``Token`` objects: alignment touches
    millions of words, and plain lists are several times faster to build and index.  A
    prepared document keeps its offsets as compact arrays (``align.prepare``).
    """

    starts: Sequence[int]
    ends: Sequence[int]
    norms: list[str]
    sentences: list[Sentence]

    @property
    def tokens(self) -> list[Token]:
        return [Token(s, e, n) for s, e, n in zip(self.starts, self.ends, self.norms, strict=True)]


_ASCII_WORD_RE = re.compile(r"\w+")  # for ASCII text, the same words as _TOKEN_RE
_NORM_CACHE: dict[str, str] = {}


def normalise_word(word: str) -> str:
    """The form words are compared by: NFKC + casefold (``Ｆｕｌｌ`` = ``full``, ``Straße`` =
    ``strasse``), then the script rules of ``copytrail.stages.scripts`` (Arabic-script letter
    variants, harakat, tatweel, joiners, digits of every script, ё, accents, look-alikes)."""
    norm = _NORM_CACHE.get(word)
    if norm is None:
        norm = fold_word(unicodedata.normalize("NFKC", word).casefold())
        if len(_NORM_CACHE) < 1_000_000:
            _NORM_CACHE[word] = norm
    return norm


_ASCII_WORD_BYTE = np.zeros(256, dtype=bool)  # what \w matches in ASCII: letters, digits, _
for _char in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_":
    _ASCII_WORD_BYTE[ord(_char)] = True


# Persian writes its verb prefix and plural and comparative endings joined to the word, with a
# half-space or, on keyboards without one, a space ("می‌دهد", "میدهد", "می دهد"): a word written
# apart is joined back to its neighbour, so all three spellings are one word (folded forms).
# The parts of a compound ("آسیب‌دیدگی") are parted by a half-space or, again, a space: between
# Arabic-script letters a half-space parts words as a space does, so both spellings match.
_DETACHED_PREFIXES = frozenset({"مي", "نمي"})
_DETACHED_SUFFIXES = frozenset({"ها", "هاي", "هايي", "تر", "ترين"})
_ARABIC_BLOCKS = r"\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF"
_ARABIC_LETTER = regex.compile(rf"[{_ARABIC_BLOCKS}]")


_HALF_SPACE_PARTS = regex.compile(rf"(?<=[{_ARABIC_BLOCKS}]\p{{M}}*)\u200c+(?=[{_ARABIC_BLOCKS}])")
_PARTED_BY = frozenset(" \u00a0\u200c")


def _split_half_spaces(text: str, starts: list[int], ends: list[int], norms: list[str]) -> None:
    """Cut, in place, each word at the half-spaces between its Arabic-script letters."""
    k = len(norms) - 1
    while k >= 0:
        if "\u200c" in text[starts[k] : ends[k]]:
            cuts = [(m.start(), m.end()) for m in _HALF_SPACE_PARTS.finditer(text, starts[k], ends[k])]
            if cuts:
                edges = [starts[k], *(x for cut in cuts for x in cut), ends[k]]
                parts = list(zip(edges[0::2], edges[1::2], strict=True))
                starts[k : k + 1] = [a for a, _ in parts]
                ends[k : k + 1] = [b for _, b in parts]
                norms[k : k + 1] = [normalise_word(text[a:b]) for a, b in parts]
        k -= 1


def _join_detached(text: str, starts: list[int], ends: list[int], norms: list[str]) -> None:
    """Join, in place, each detached Persian prefix to the next word and each detached ending
    to the word before, when one space or half-space parts two Arabic-script words; the joined
    word spans both (its offsets still index ``text``) and compares as the joined spelling."""
    k = len(norms) - 2
    while k >= 0:
        joined = (norms[k] in _DETACHED_PREFIXES or norms[k + 1] in _DETACHED_SUFFIXES) and (
            0 < starts[k + 1] - ends[k] <= 2 and all(c in _PARTED_BY for c in text[ends[k] : starts[k + 1]])
            and _ARABIC_LETTER.match(text, starts[k]) and _ARABIC_LETTER.match(text, starts[k + 1])
        )
        if joined:
            ends[k] = ends.pop(k + 1)
            norms[k] += norms.pop(k + 1)
            del starts[k + 1]
        k -= 1


def word_spans(text: str) -> tuple[list[int], list[int], list[str]]:
    """Start and end offsets and normalised form of every word."""
    if text.isascii():
        # Word characters flagged per byte, words are the runs of flags (the regex's match
        # objects took twice as long); lower-casing ASCII keeps every offset.
        flags = _ASCII_WORD_BYTE[np.frombuffer(text.encode("ascii"), dtype=np.uint8)]
        edges = np.flatnonzero(np.diff(flags, prepend=False, append=False))
        starts = edges[0::2].tolist()
        ends = edges[1::2].tolist()
        lowered = text.lower()
        return starts, ends, [lowered[a:b] for a, b in zip(starts, ends, strict=True)]
    starts, ends, norms = [], [], []
    for m in _TOKEN_RE.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
        norms.append(normalise_word(m.group()))
    if _ARABIC_LETTER.search(text):
        if "\u200c" in text:
            _split_half_spaces(text, starts, ends, norms)
        _join_detached(text, starts, ends, norms)
    return starts, ends, norms


def words(text: str) -> list[str]:
    """The normalised words alone (what sketching needs), as fast as the text allows."""
    if text.isascii():
        return _ASCII_WORD_RE.findall(text.lower())
    if _ARABIC_LETTER.search(text):
        return word_spans(text)[2]  # detached Persian affixes joined, as ``word_spans`` does
    return [normalise_word(m) for m in _TOKEN_RE.findall(text)]


# Where the sketch cuts sentences: terminal punctuation of any script before a space, or a blank
# line.  Simpler than ``sentence_bounds`` (no abbreviation rule) and a third of its cost: a
# copy keeps its source's sentence ends, which is all the sentence keys need.
_SKETCH_SENTENCE_END = re.compile(
    "[.!?\u2026\u061f\u06d4\u0964\u0965\u3002\uff01\uff1f]+[\"'\u201d\u2019\u00bb)\\]]?(?=\\s|$)|\n[^\\S\n]*\n"
)


_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True  # what str.isspace() holds in ASCII
_ASCII_STOP = np.zeros(256, dtype=bool)
_ASCII_STOP[[ord(c) for c in ".!?"]] = True
_ASCII_CLOSING = np.zeros(256, dtype=bool)
_ASCII_CLOSING[[ord(c) for c in "\"')]"]] = True


def _ascii_sentence_ends(data: np.ndarray) -> np.ndarray:
    """``_SKETCH_SENTENCE_END``'s ends in ASCII text (one closing quote or bracket at most),
    found with array operations: the regex took most of ``sketch_words``' time."""
    is_space = _ASCII_SPACE[data]
    stop, space = _ASCII_STOP[data], np.append(is_space[1:], True)  # space: the next byte's
    newlines = np.flatnonzero(data == 10)
    # a blank line: two newlines with only other white space between them
    other = np.concatenate(([0], np.cumsum(~is_space)))  # non-space bytes before each offset
    blank = newlines[1:][other[newlines[1:]] == other[newlines[:-1] + 1]] + 1
    ends = [
        np.flatnonzero(stop & space) + 1,
        np.flatnonzero(stop[:-1] & _ASCII_CLOSING[data][1:] & space[1:]) + 2,
        blank,
    ]
    return np.sort(np.concatenate(ends))


def sketch_words(text: str) -> tuple[list[str], list[int]]:
    """The words of ``words(text)`` and how many of them each sentence holds (the lengths add
    up to the word count; a sentence without words is left out)."""
    if text.isascii():
        return sketch_words_of([text])[0]  # ASCII text is read with array operations there
    found, _, norms = word_spans(text)
    ends = [m.end() for m in _SKETCH_SENTENCE_END.finditer(text)]
    cuts = np.searchsorted(np.array(found, dtype=np.int64), ends)
    lengths = np.diff(np.concatenate(([0], cuts, [len(norms)])))
    return norms, lengths[lengths > 0].tolist()


def sketch_words_of(texts: Sequence[str]) -> list[tuple[list[str], list[int]]]:
    """``sketch_words`` of every text; the ASCII ones' words and sentence ends found in one
    pass over them all (per text, the array calls cost more than the work)."""
    out: list[tuple[list[str], list[int]]] = [([], [])] * len(texts)
    plain = [i for i, text in enumerate(texts) if text.isascii()]
    for i in range(len(texts)):
        if not texts[i].isascii():
            out[i] = sketch_words(texts[i])
    if not plain:
        return out
    norms = [_ASCII_WORD_RE.findall(texts[i].lower()) for i in plain]
    # the texts joined by a blank line: no word and no sentence crosses from one to the next
    data = np.frombuffer("\n\n".join(texts[i] for i in plain).encode("ascii"), dtype=np.uint8)
    flags = _ASCII_WORD_BYTE[data]
    starts = np.flatnonzero(flags & ~np.concatenate(([False], flags[:-1])))
    cuts = np.searchsorted(starts, _ascii_sentence_ends(data))
    counts = np.array([len(n) for n in norms], dtype=np.int64)
    firsts = np.concatenate(([0], np.cumsum(counts)))  # each text's first word, then the total
    edges = np.unique(np.concatenate((cuts, firsts)))
    lengths = np.diff(edges)
    text_of = np.searchsorted(firsts, edges[:-1], side="right") - 1  # each stretch's text
    kept = lengths > 0
    lengths, text_of = lengths[kept], text_of[kept]
    bounds = np.searchsorted(text_of, np.arange(len(plain) + 1))
    listed = lengths.tolist()
    for k, i in enumerate(plain):
        out[i] = (norms[k], listed[bounds[k] : bounds[k + 1]])
    return out


def tokenize(text: str) -> list[Token]:
    """Words with their offsets; punctuation and quote styles vanish by construction."""
    starts, ends, norms = word_spans(text)
    return [Token(s, e, n) for s, e, n in zip(starts, ends, norms, strict=True)]


_ABBREVIATION_RE = regex.compile(r"([\w.]+)\.$")


# An ordinal written as a number and a full stop ("am 12. März", "5. kesäkuuta", "3. maja", "the
# 2. edition"): one or two digits, not part of a larger number, then a word on the same line
# that is a month's name or starts in lower case; a sentence never opens that way.
_ORDINAL_RE = regex.compile(r"(?<![\d.,:/])\d{1,2}$")
_NEXT_WORD_RE = regex.compile(r"[^\S\n]+(\p{L}+)")
_LOWER_AFTER_RE = regex.compile(r"[^\S\n]+\p{Ll}")
# Abbreviations of other languages that a lower-case word follows inside a sentence (a sentence
# never opens in lower case; after any other word a lower-case start is left a sentence end:
# PAN's obfuscated texts have many, and joining them cost alignment there)
_OTHER_ABBREVIATIONS = frozenset(
    "млн млрд тыс руб долл г гг т.е т.д т.п др см ок ca bzw nr vgl usw z.b d.h u.a s.a sr sra srta av núm pág "
    "aprox ej p.ej env cf art proc tys mln mld zł tzw godz ul tis mil tj např atd resp".split()
)


def _abbreviated(word: str) -> bool:
    """Whether ``word`` (before a full stop) is an abbreviation: one of another language, or
    letters with full stops inside ("EE.UU", "I.C.H", "z.B")."""
    low = word.casefold()
    return low in _OTHER_ABBREVIATIONS or ("." in low.strip(".") and all(part.isalpha() and len(part) <= 3 for part in low.strip(".").split(".")))


@cache
def _month_words() -> frozenset[str]:
    """Gregorian month names in English (but "may", "march") and the other languages here,
    case-folded; read on first use (ingest's month names are not needed before)."""
    from copytrail.stages.ingest.month_names import month_names

    english = "january february april june july august september october november december".split()
    return frozenset(month_names()) | frozenset(english)


def _is_month(word: str) -> bool:
    """Whether ``word`` names a Gregorian month in English or another language here."""
    return word.casefold() in _month_words()


def _ordinal(text: str, stop: int, end: int) -> bool:
    """Whether the full stop at ``stop`` (the match ending at ``end``) closes an ordinal number."""
    if text[stop:end] != "." or _ORDINAL_RE.search(text[max(0, stop - 3) : stop]) is None:
        return False
    following = _NEXT_WORD_RE.match(text, end)
    if following is None:
        return False
    if following.group(1)[0].islower() or _is_month(following.group(1)):
        return True
    # German capitalises the noun an ordinal counts: "der 2. Weltkrieg", "im 20. Jahrhundert"
    article = _GERMAN_ARTICLE_BEFORE_RE.search(text, max(0, stop - 12), stop)
    if article is None:
        return False
    if article.group(1).casefold() not in _ENGLISH_TOO:
        return True
    # "die", "den" and "am" are English words too ("I am 12. My sister"): German around them
    around = text[max(0, stop - 80) : end + 80].casefold().split()
    return sum(word in _GERMAN_WORDS for word in around) >= 2


_YEAR_RE = regex.compile(r"(?<![\d.,:/])(?:1[5-9]|20)\d\d$")


def _year_before_month(text: str, stop: int, end: int) -> bool:
    """Whether the full stop at ``stop`` follows a year that a month's name in lower case
    follows: Hungarian writes a date year first, each part with its full stop ("2024. május
    14-én"), and a sentence never opens in lower case; Latvian writes "2024. gada 15. jūlijā"
    (the year's "gada" first)."""
    if text[stop:end] != "." or _YEAR_RE.search(text[max(0, stop - 5) : stop]) is None:
        return False
    following = _NEXT_WORD_RE.match(text, end)
    if following is not None and following.group(1) == "gada":
        return True
    return following is not None and following.group(1)[0].islower() and _is_month(following.group(1))


_GERMAN_ARTICLE_BEFORE_RE = regex.compile(r"(?<!\w)(der|die|das|dem|den|des|am|im|zum|zur|vom|beim|ins)\s+\d{1,2}$", regex.IGNORECASE)
_ENGLISH_TOO = frozenset({"die", "den", "am"})
# Currencies abbreviated before a sum ("Rs. 500" in South Asian papers, "Rp. 300" in Indonesian)
_CURRENCY_ABBREVIATIONS = frozenset({"Rs", "Rp", "Tk"})
_DIGIT_AFTER_RE = regex.compile(r"[^\S\n]*\d")
_GERMAN_WORDS = frozenset("der das und ist nicht mit für auf dem eine wurde sind sich auch nach zum zur im zu wird".split())


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every sentence-like stretch (the claims stage uses the same rules)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        end = match.end()
        if match.group().startswith("."):
            # "Dr. Smith", "U.S. officials": an abbreviation is not the end of a sentence.
            word = _ABBREVIATION_RE.search(text[max(start, end - 12) : match.start() + 1])
            initial = len(word.group(1)) == 1 and word.group(1).isalpha() if word else False
            if word and (word.group(1).casefold() in _ABBREVIATIONS or initial):
                continue
            if text[match.start() - 1].isdigit() and (_ordinal(text, match.start(), end) or _year_before_month(text, match.start(), end)):
                continue
            if match.group() == "." and "\u0e00" <= text[match.start() - 1] <= "\u0e7f":
                continue  # Thai ends no sentence with a full stop: after a Thai letter it abbreviates ("มี.ค.")
            if word and word.group(1) in _CURRENCY_ABBREVIATIONS and _DIGIT_AFTER_RE.match(text, end):
                continue  # "Rs. 500", "Tk. 25 crore": a currency before its sum
            if word and match.group() == "." and _LOWER_AFTER_RE.match(text, end) and _abbreviated(word.group(1)):
                continue  # "2 млн. рублей", "z.B. die", "EE.UU. anunció", "I.C.H. a five-year"
        if text[start:end].strip():
            bounds.append((start, end))
        start = end
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds


def sentence_words(text: str, max_words: int = MAX_SENTENCE_WORDS) -> list[list[str]]:
    """The normalised words of each of ``segment(text).sentences``, without their offsets.

    What the sentence encoder needs, at half the cost of ``segment``: no word ends
    or starts inside a sentence boundary (a boundary is punctuation, quotes or blank lines),
    so each sentence's words are those of its own stretch of text.
    """
    out: list[list[str]] = []
    for start, end in sentence_bounds(text):
        found = words(text[start:end])
        out.extend(found[chunk : chunk + max_words] for chunk in range(0, len(found), max_words))
    return out


def segment(text: str, max_words: int = MAX_SENTENCE_WORDS) -> Segmented:
    """Words plus sentences; a sentence longer than ``max_words`` is cut into windows.

    Long windows keep every unit comparable in size, so a text without punctuation (a
    transcript, a list) is still aligned piece by piece.
    """
    starts, ends, norms = word_spans(text)
    sentences: list[Sentence] = []
    index = 0
    n = len(starts)
    for _start, end in sentence_bounds(text):
        first = index
        index = bisect_left(starts, end, lo=index)
        last = index
        if first == last:
            continue
        for chunk in range(first, last, max_words):
            chunk_last = min(chunk + max_words, last)
            sentences.append(Sentence(starts[chunk], ends[chunk_last - 1], chunk, chunk_last))
    if index < n:  # words after the last boundary (cannot happen, kept for safety)
        sentences.append(Sentence(starts[index], ends[n - 1], index, n))
    return Segmented(starts, ends, norms, sentences)
