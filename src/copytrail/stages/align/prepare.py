"""Preparing one text for alignment: its content-word stems per sentence (``Profile``), the
same as flat arrays for the numpy search (``StemEntries``), and the hashed word runs that
seed copied half-sentences (``Prepared``).  Made once per document, reused for every
partner it meets."""

from __future__ import annotations

import hashlib
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
import regex

from copytrail.stages.language import stem
from copytrail.stages.segment import NO_SPACE_SCRIPTS, Segmented, normalise_word, segment

# Function words carry no evidence of reuse; kept short and multilingual on purpose (tf-isf
# weighting already discounts what is frequent within a pair).  Words are compared in their
# folded form (``segment.normalise_word``: Arabic-script letter variants, accents), so the list
# is folded too: written as a reader spells them, "که" and "على" would never match a word.
_FUNCTION_WORDS = """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself also said
    says say it's s t one two new last year years и в во не что он на я с со как а то все она
    так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему теперь
    когда даже ну ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом
    себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто
    чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом
    один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об
    другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя
    впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно
    всю между de la le les des du un une et en est que qui dans pour pas sur au aux par plus ce
    il elle der die das und ist nicht ein eine zu den von mit sich auf für im dem als auch es el
    los las del y una por con para se al lo como más
    """
# Persian, Arabic and Urdu: the commonest particles, prepositions, pronouns and auxiliaries.
_ARABIC_SCRIPT_FUNCTION_WORDS = """
    و در به از که را این آن است بر برای تا هم یا اما یک شد شده می ها های خود نیز بود کرد کرده
    شود او ما وی دارد باید کند اگر چه همه
    في من على إلى عن أن إن ما لا هذا هذه التي الذي الذين كان مع قد او ثم بين كما بعد عند كل لم
    لن هو هي ذلك تلك حيث حتى قال
    کے کی کا کو میں سے نے پر ہے ہیں تھا تھی تھے ہو ہوا ہوئی ہوئے اور کہ یہ وہ اس ان جو بھی ایک
    کر کیا گیا گئی گئے گا گی گے لیے لئے تک ہی نہیں جس کسی کچھ اپنے اپنی اپنا رہا رہی رہے
    والے والی والا اب تب جب کب یہاں وہاں کہاں جہاں تاہم لیکن مگر بلکہ کیونکہ چونکہ اگر اگرچہ
    تو نہ کوئی سب ہر کئی دونوں کرنا کرنے کرتے کرتی کرتا کریں کرے کیے کئے دی دیا دیے دیں دے
    ہونا ہونے ہوتا ہوتی ہوتے ہوں ہوگا ہوگی ہوگئی تھیں جا جانا جانے جاتا جاتی جاتے جائے
    جائیں سکتا سکتی سکتے سکے چاہیے پڑا پڑی پڑے لیا لی لگ بھگ کہا کہنا کہنے بتایا ادھر ساتھ
    بعد پہلے بارے طرح ذریعے
    """
STOPWORDS = frozenset(normalise_word(word) for word in (_FUNCTION_WORDS + _ARABIC_SCRIPT_FUNCTION_WORDS).split())
STEM_LENGTH = 5


@dataclass(frozen=True, slots=True)
class Profile:
    """Per sentence, the counts of its content-word stems; per document, their sentence counts.

    Computed once per document and reused for every partner it is compared with; the same
    counts as flat arrays (``stem_entries``) are made on first use, for long documents.
    ``postings`` (the sentences holding each stem) and ``sizes`` (distinct stems per
    sentence) serve the search for similar sentences, which counts shared stems before it
    weighs any.
    """

    terms: list[dict[str, int]]
    df: dict[str, int]
    entries: list[StemEntries] = field(default_factory=list, compare=False, repr=False)
    postings: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    sizes: list[int] = field(default_factory=list, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class StemEntries:
    """A profile as flat arrays: one entry per (sentence, stem), entries grouped by stem,
    stems in the order of their stable keys (for the numpy sentence-pair search)."""

    sentence: np.ndarray  # sentence of each entry
    count: np.ndarray  # the stem's count in that sentence (float64)
    stem_keys: np.ndarray  # distinct stems as stable 64-bit keys, sorted
    stem_start: np.ndarray  # first entry of each distinct stem
    stem_df: np.ndarray  # sentences holding each distinct stem


_STEM_KEYS: dict[str, int] = {}


def stem_key(stem: str) -> int:
    """A 64-bit key of a stem, the same in every process (a Prepared document may be made
    in one process and compared in another)."""
    key = _STEM_KEYS.get(stem)
    if key is None:
        key = int.from_bytes(hashlib.blake2b(stem.encode("utf-8"), digest_size=8).digest(), "little", signed=True)
        if len(_STEM_KEYS) < 2_000_000:  # bounded: a long-running process meets many stems
            _STEM_KEYS[stem] = key
    return key


_CUT_STEMS: dict[str, str | None] = {}


def cut_stem(word: str) -> str | None:
    """The stem a word is compared by (``stages.language.stem`` cut to ``STEM_LENGTH``), or
    None for a stop word; one string per stem, shared by every document that holds it."""
    if word in _CUT_STEMS:
        return _CUT_STEMS[word]
    found = None if word in STOPWORDS else sys.intern(stem(word)[:STEM_LENGTH])
    if len(_CUT_STEMS) < 2_000_000:  # bounded: a long-running process meets many words
        _CUT_STEMS[word] = found
    return found


_UNSEEN = ""  # no word is empty: what a word not yet in ``_CUT_STEMS`` reads as


def word_stems(norms: list[str]) -> list[str | None]:
    """``cut_stem`` of every word (known words looked up all at once)."""
    found = list(map(_CUT_STEMS.get, norms, repeat(_UNSEEN)))
    for k, value in enumerate(found):
        if value == _UNSEEN:
            found[k] = cut_stem(norms[k])
    return found


# A character of a script written without spaces (Chinese, Japanese, Thai, ...): a "word" there
# is one character (``stages.segment``), too common a unit to weigh sentences by.
_UNSPACED_CHAR = regex.compile(f"[{NO_SPACE_SCRIPTS}]")


def _sentence_terms(keys: list[str | None]) -> dict[str, int]:
    """A sentence's terms and their counts: its words' stems, except that characters of a
    script written without spaces count as pairs of neighbours ("保持" "持物" "物理"), as
    Chinese retrieval indexes them: two texts on one topic share most single characters (的,
    保, 持, ...), far fewer pairs.  A character alone between other words counts by itself."""
    counts: dict[str, int] = {}
    previous: str | None = None  # the last character of a run of unspaced characters
    run = 0
    for key in keys:
        if key is not None and len(key) == 1 and _UNSPACED_CHAR.match(key):
            if previous is not None:
                pair = previous + key
                counts[pair] = counts.get(pair, 0) + 1
            previous, run = key, run + 1
            continue
        if run == 1 and previous is not None:
            counts[previous] = counts.get(previous, 0) + 1
        previous, run = None, 0
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
    if run == 1 and previous is not None:
        counts[previous] = counts.get(previous, 0) + 1
    return counts


def profile(seg: Segmented, stems: list[str | None] | None = None, unspaced: bool = False) -> Profile:
    """Each sentence's terms (``unspaced``: the text holds a script written without spaces,
    whose characters count in pairs: ``_sentence_terms``), their sentence frequencies and
    postings."""
    stems = word_stems(seg.norms) if stems is None else stems
    terms: list[dict[str, int]] = []
    df: dict[str, int] = {}
    # tuples: a cached document keeps one per stem, and most stems stand in one sentence (a
    # list grown by append held twice the memory, and turning lists into tuples cost more
    # than growing the tuples)
    postings: dict[str, tuple[int, ...]] = {}
    for index, sentence in enumerate(seg.sentences):
        counts: dict[str, int] = {}
        if unspaced:
            counts = _sentence_terms(stems[sentence.first : sentence.last])
        else:
            for key in stems[sentence.first : sentence.last]:
                if key is not None:
                    counts[key] = counts.get(key, 0) + 1
        terms.append(counts)
        here = (index,)
        for key in counts:
            df[key] = df.get(key, 0) + 1
            found = postings.get(key)
            postings[key] = here if found is None else found + here
    return Profile(terms, df, postings=postings, sizes=[len(counts) for counts in terms])


def stem_entries(prof: Profile) -> StemEntries:
    """The profile's flat arrays, made once (a stable sort keeps each stem's sentences in order)."""
    if prof.entries:
        return prof.entries[0]
    terms, df = prof.terms, prof.df
    distinct = list(df)
    stem_keys = np.fromiter(map(stem_key, distinct), dtype=np.int64, count=len(distinct))
    by_key = np.argsort(stem_keys, kind="stable")
    rank = dict(zip(distinct, np.argsort(by_key).tolist(), strict=True))
    sizes = [len(counts) for counts in terms]
    total = sum(sizes)
    entry_rank = np.fromiter((rank[t] for counts in terms for t in counts), dtype=np.int64, count=total)
    counts_flat = np.fromiter((c for counts in terms for c in counts.values()), dtype=np.float64, count=total)
    order = np.argsort(entry_rank, kind="stable")
    sentence_of = np.repeat(np.arange(len(terms), dtype=np.int64), sizes)[order]
    stem_df = np.fromiter((df[t] for t in distinct), dtype=np.int64, count=len(distinct))[by_key]
    prof.entries.append(StemEntries(sentence_of, counts_flat[order], stem_keys[by_key], np.cumsum(stem_df) - stem_df, stem_df))
    return prof.entries[0]


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything alignment needs from one document, computed once per document."""

    text: str
    seg: Segmented
    profile: Profile
    run_keys: np.ndarray  # hash of the run of ``run`` words starting at every position, sorted
    run_owner: np.ndarray  # sentence of the position each of ``run_keys`` starts at
    run: int
    stems: list[str | None]  # each word's ``cut_stem`` (None: a stop word)
    line_breaks: list[int]  # words followed by a line break before the next word, in order


def prepare(text: str, run: int = 8, seg: Segmented | None = None) -> Prepared:
    seg = segment(text) if seg is None else seg
    # one string per distinct word, shared by every document that holds it (in place: the
    # same words): a prepared document is cached, and its words were about a quarter of it
    seg.norms[:] = map(sys.intern, seg.norms)
    owner = np.zeros(len(seg.norms), dtype=np.int64)
    for index, sentence in enumerate(seg.sentences):
        owner[sentence.first : sentence.last] = index
    norms = seg.norms
    count = len(norms) - run + 1
    # Python's hash is stable within a process, which is all a per-pair lookup needs.
    if run > 0 and count > 0:
        runs = np.fromiter(map(hash, zip(*(norms[k:] for k in range(run)), strict=False)), dtype=np.int64, count=count)
    else:
        runs = np.empty(0, dtype=np.int64)
    order = np.argsort(runs, kind="stable")
    stems = word_stems(norms)
    line_breaks = _line_breaks(text, seg)
    # word offsets as machine integers: alignment reads a few of them per passage, and as
    # lists of Python ints they were a third of a cached document's memory
    compact = Segmented(array("q", seg.starts), array("q", seg.ends), norms, seg.sentences)
    unspaced = not text.isascii() and _UNSPACED_CHAR.search(text) is not None
    return Prepared(text, compact, profile(seg, stems, unspaced), runs[order], owner[: len(runs)][order], run, stems, line_breaks)


def text_profile(text: str) -> Profile:
    """A text's ``Profile`` alone, as ``prepare`` makes it."""
    return words_and_profile(text)[1]


def words_and_profile(text: str) -> tuple[list[str], Profile]:
    """A text's normalised words and its ``Profile``, as ``prepare`` makes them (what reading
    a corpus's common stems needs: ``stages.align.common``)."""
    seg = segment(text)
    unspaced = not text.isascii() and _UNSPACED_CHAR.search(text) is not None
    return seg.norms, profile(seg, None, unspaced)


def _line_breaks(text: str, seg: Segmented) -> list[int]:
    """Words ``k`` with a line break between them and word ``k + 1`` (words hold none)."""
    breaks: list[int] = []
    starts = seg.starts
    at = text.find("\n")
    while at >= 0:
        k = bisect_right(starts, at) - 1
        if 0 <= k < len(starts) - 1 and (not breaks or breaks[-1] != k):
            breaks.append(k)
        at = text.find("\n", at + 1)
    return breaks


def line_words(prepared: Prepared, lo: int, hi: int) -> list[tuple[int, int]]:
    """The words ``[lo, hi)`` cut where a line break separates two of them."""
    breaks = prepared.line_breaks
    lines, start = [], lo
    for k in breaks[bisect_left(breaks, lo) : bisect_left(breaks, hi - 1)]:
        lines.append((start, k + 1))
        start = k + 1
    lines.append((start, hi))
    return lines


def stems_between(prepared: Prepared, lo: int, hi: int) -> set[str]:
    """``content_stems`` of words ``[lo, hi)``, read from the stems made once per document."""
    found = set(prepared.stems[lo:hi])
    found.discard(None)
    return found  # type: ignore[return-value]


def content_stems(words: Iterable[str]) -> set[str]:
    """The stems sentences are compared by: content words stemmed (``stages.language.stem``:
    Arabic-script light rule, Snowball for Cyrillic, Greek, Devanagari) and cut to ``STEM_LENGTH``."""
    return {stem(word)[:STEM_LENGTH] for word in words if word not in STOPWORDS}
