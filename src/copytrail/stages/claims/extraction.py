"""Finding claims in a text: sentences, then dates, digits, fractions and spelled-out numbers,
each with the qualifier before it and the unit after it.

Extraction is rule-based so that it is fast, deterministic and works in any script for digits.
Things that contain digits but are not claims (links, phone numbers, times, scores, codes) are
cut out first.  A date written without a year keeps none: guessing it would make copies with
different dates disagree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TypeVar

import regex

from copytrail.stages.claims import patterns
from copytrail.stages.claims.dates import date_value
from copytrail.stages.claims.entities import EntityFinder, entity_finder
from copytrail.stages.claims.further_languages import glues_before
from copytrail.stages.claims.noun_first import LANGUAGES, NOUN_FIRST_CUE, noun_first_figures
from copytrail.stages.claims.numbers import (
    CURRENCY_PREFIX,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    EN_SCALES,
    NUM_CORE,
    OTHER_SCALES,
    PERCENT_RE,
    QUALIFIER_CLASS,
    QUALIFIER_LETTERS,
    SCALE_AFTER,
    may_end_a_hedge,
    parse_number,
    thousands_dot_style,
    vocabulary_set,
    word_vocabulary,
)
from copytrail.stages.claims.other_languages import (
    HEDGE_AFTER_RE,
    OF_AFTER_SCALE_RE,
    SPELLED_NUMBERS,
    inflected_currency,
    latin_language,
    other_word_after,
    percent_first,
    reads_german,
    sentence_language,
    spelled_numbers,
)
from copytrail.stages.claims.records import Claim, ClaimKind
from copytrail.stages.claims.sentences import sentence_spans
from copytrail.stages.claims.south_asian import glued_ending, is_indic
from copytrail.stages.claims.units import DURATIONS, over_is_a_period, unit_after
from copytrail.stages.claims.unspaced import (
    CJK_AFTER_RE,
    THAI_AFTER_RE,
    cjk_qualifier,
    cjk_unit,
    is_cjk,
    is_unspaced,
    thai_qualifier,
    thai_unit,
)

# A qualifier right before a figure ("more than", "roughly", "более"), longest first.
# The words of a qualifier may be parted by a line break in hard-wrapped text ("at\nleast").
_QUALIFIER_RE = regex.compile(
    r"(?:^|(?<=[\s(\"'«“]))("
    + "|".join(r"\s+".join(map(regex.escape, q.split())) for q in sorted(QUALIFIER_CLASS, key=len, reverse=True))
    + r")\s*$",
    regex.IGNORECASE,
)
_ASCII_QUALIFIERS = tuple(q.casefold() for q in QUALIFIER_CLASS if q.isascii())
# Digits with an optional currency before and scale word or percent after.
_NUMBER_RE = regex.compile(
    r"(?P<cur>" + CURRENCY_PREFIX + r")?\s?(?P<num>" + NUM_CORE + r")"
    r"(?P<suffix>(?:\s?(?:k|K|m|mn|bn|mln|bln|tn)\b)|(?:-|\s)(?:thousand|million|billion|trillion|mln|bln|bn|crores?|lakhs?|тыс\.?|млн|млрд|тысяч[аи]?|миллион(?:а|ов)?|миллиард(?:а|ов)?)\b)?"
    r"(?P<pct>" + PERCENT_RE + r")?",
)
_HALF_RE = regex.compile(
    r"\b(?P<half>(?:a\s+|one\s+)?(?:half|quarter)(?:-a-|\s+a\s+|\s+of\s+a\s+|-of-a-)(?:million|billion|thousand|dozen))\b",
    regex.IGNORECASE,
)
_FRACTION_RE = regex.compile(r"(?<![\w/.-])(?:(\d{1,4})-)?(\d{1,2})/(\d{1,2})(?![\w/])(?P<pct>" + PERCENT_RE + r")?")
_TIMES_RE = regex.compile(r"^\s*(?:times|fold)\b|^-fold\b", regex.IGNORECASE)

# Patterns used per figure, compiled once (the regex module's cache lookup costs more than the match).
_PERCENT_HEAD_RE = regex.compile(PERCENT_RE, regex.IGNORECASE)
_RANGE_AFTER_RE = regex.compile(r"[/]\d|-\d")
_MONEY_AFTER_M_RE = regex.compile(r"\s+(?:euros?|dollars?|dlrs|pounds?|yen|yuan|francs?|marks?|rupees?|crowns?|kronor|stg)\b", regex.IGNORECASE)
_DIGIT_RE = regex.compile(r"\d")



def _may_hold_figure(sentence: str, vocab: frozenset[str], text_language: Callable[[], str | None]) -> bool:
    """Cheap test before the full rules: every figure has a digit or starts with a number word
    (of another language written in Latin letters only in a text or sentence of it).  (An
    ASCII sentence's digits are 0-9 and its words its lower-cased letter runs.)"""
    if sentence.isascii():
        if _ASCII_DIGIT_RE.search(sentence) is not None:
            return True
        words = _ASCII_LETTERS_RE.findall(sentence.lower())
    else:
        if _DIGIT_RE.search(sentence):
            return True
        words = _SPELLED_TOKEN.findall(sentence.casefold().replace("ё", "е"))
    if not vocab.isdisjoint(words):
        return True
    return not _OTHER_SPELLED.isdisjoint(words) and sentence_language(sentence, text_language, words) is not None


def _noise_spans(sentence: str) -> list[tuple[int, int]]:
    pattern = patterns.noise_pattern(sentence)
    if pattern is patterns.NO_NOISE:
        return []
    return [m.span() for m in pattern.finditer(sentence)]


def _inside(spans: Sequence[tuple[int, int]], a: int, b: int) -> bool:
    for s, e in spans:  # noqa: SIM110 - a loop, not any() over a generator: called per figure
        if s < b and a < e:
            return True
    return False


_SPELLED_TOKEN = regex.compile(r"[\p{L}]+")
_OTHER_SPELLED = frozenset(SPELLED_NUMBERS)


_ASCII_LETTERS_RE = re.compile(r"[a-z]+")
_ASCII_DIGIT_RE = re.compile(r"[0-9]")


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
    vocab = vocabulary_set()
    text_language = _once(lambda: latin_language(text))  # asked only by a sentence that needs it
    for s_start, s_end in sentence_spans(text):
        sentence = text[s_start:s_end]
        if not _may_hold_figure(sentence, vocab, text_language):
            continue
        read, positions = _single_spaced(sentence) if "\n" in sentence else (sentence, None)
        found = _sentence_claims(read, dot_thousands, year_hint, text_language)
        if found and NOUN_FIRST_CUE.search(read) and sentence_language(read, text_language) in LANGUAGES:
            found = noun_first_figures(read, found)  # Swahili, Hausa: the noun, scale and hedge before the figure
        if not found:
            continue
        ents = tuple(finder(sentence))
        for kind, vs, ve, cs, ce, value, unit, qualifier in found:
            if positions is not None:  # back to the stored text: "40\nbillion" keeps its real span
                vs, ve, cs, ce = positions[vs], positions[ve - 1] + 1, positions[cs], positions[ce - 1] + 1
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


_LINE_GAP_RE = regex.compile(r"[^\S\n]*\n[^\S\n]*")


def _single_spaced(sentence: str) -> tuple[str, list[int]]:
    """The sentence with each line break (and the spaces around it) read as one space, and the
    position in ``sentence`` of each of its characters (the rules then see "40 billion")."""
    parts: list[str] = []
    positions: list[int] = []
    done = 0
    for gap in _LINE_GAP_RE.finditer(sentence):
        parts.append(sentence[done : gap.start()])
        positions.extend(range(done, gap.start()))
        parts.append(" ")
        positions.append(gap.start())
        done = gap.end()
    parts.append(sentence[done:])
    positions.extend(range(done, len(sentence)))
    return "".join(parts), positions


_T = TypeVar("_T")


def _once(compute: Callable[[], _T]) -> Callable[[], _T]:
    """``compute``, worked out the first time it is asked for and kept (functools.cache made a
    wrapper for each document and sentence: 3% of extraction)."""
    kept: list[_T] = []

    def value() -> _T:
        if not kept:
            kept.append(compute())
        return kept[0]

    return value


# Figures repeat across sentences and stories ("2019", "10 pct"): each surface is read once.
_parse_number = lru_cache(maxsize=65536)(parse_number)

_Found = tuple[ClaimKind, int, int, int, int, "float | str", "str | None", "str | None"]


def _sentence_claims(
    sentence: str, dot_thousands: bool, year_hint: str | None, text_language: Callable[[], str | None] = lambda: None
) -> list[_Found]:
    taken: list[tuple[int, int]] = []
    out: list[_Found] = []
    digit = _DIGIT_RE.search(sentence)
    if digit is None:  # only number words: no date, digit or noise rule applies
        out.extend(_half(sentence, taken))
        out.extend(_spelled_numbers(sentence, taken, text_language))
        out.sort(key=lambda f: f[1])
        return out
    noise = _noise_spans(sentence)
    out.extend(_dates(sentence, noise, taken, year_hint))  # first: their digits are not quantities
    # Digits, with currency, scale and percent.
    # A figure starts at most five characters before its first digit ("Rs. 5"), and the pattern
    # looks at nothing before its start but a letter ("Mrs 5"): the scan begins there.
    german = _once(lambda: reads_german(sentence) or text_language() == "de")  # a German noun after a figure is its unit
    for m in _NUMBER_RE.finditer(sentence, max(0, digit.start() - 5)):
        cur, suffix, pct = m.group("cur", "suffix", "pct")
        a, b = m.start() if cur is not None else m.start("num"), m.end()
        if _inside(taken, a, b) or _inside(noise, a, b):
            continue
        if a > 0 and cur is None and ((sentence[a - 1].isalnum() and not is_unspaced(sentence[a - 1]) and not glues_before(sentence[a - 1])) or sentence[a - 1] in "/#'’"):
            continue  # part of a word or code ("A380", "#5", "1/2"); Chinese writes no space around one
        if b < len(sentence) and (sentence[b].isalpha() and not pct and not is_unspaced(sentence[b]) and not is_indic(sentence[b])):
            continue  # South Asian scripts write a case ending against the figure: "300க்கும்", "2024ರಂದು"
        if _RANGE_AFTER_RE.match(sentence, b, b + 2) or (a > 0 and sentence[a - 1] == "-" and a > 1 and sentence[a - 2].isdigit()):
            continue  # fractions, ranges and scores like "3-1" are left out
        other_end, other = (b, None)
        if suffix is None and pct is None and sentence[b : b + 1] == " ":
            other_end, other = other_word_after(sentence, b)
            if other == "scale":
                b = other_end  # "2,1 millones", "15 Milliarden", "۲٫۱ میلیون"
        surface = sentence[a:b].rstrip()
        b = a + len(surface)
        metres = False
        if (suffix or "").strip() == "m" and not cur and not _MONEY_AFTER_M_RE.match(sentence, b):
            # "400m" in a sports report is metres; "77m euros" and "$12.7m" are millions.
            surface = surface[:-1].rstrip()
            metres = True
        value = _parse_number(surface, dot_thousands)
        if value is None or not math.isfinite(value):
            continue
        percent = bool(pct)
        if not percent and cur is None and a > 0 and (first := percent_first(sentence, a)) < a:
            a, percent = first, True  # Turkish writes the percentage first: "%30", "yüzde 30"
        if not percent and other == "percent":
            b, percent = other_end, True  # "3 Prozent", "3 por ciento", "۳ درصد"
        found = _quantity(sentence, a, b, value, cur, percent, german)
        if metres:
            found = (found[0], found[1], found[2], found[3], b, found[5], "metres", found[7])
        out.append(found)
        taken.append((a, b))
    out.extend(_fractions(sentence, noise, taken) if "/" in sentence else ())
    out.extend(_half(sentence, taken))
    # Spelled-out numbers ("thirty thousand", "twenty years", "двух тысяч").
    out.extend(_spelled_numbers(sentence, taken, text_language))
    out.sort(key=lambda f: f[1])
    return out


def _dates(sentence: str, noise: list[tuple[int, int]], taken: list[tuple[int, int]], year_hint: str | None) -> list[_Found]:
    """The sentence's dates, outside noise and what is taken (each date's span taken); a day
    and month named in another language before a year the year pattern also reads: the longer
    date wins."""
    out: list[_Found] = []
    dates = sorted((*patterns.date_matches(sentence), *patterns.other_month_matches(sentence)), key=lambda m: (m.start(), -m.end()))
    for m in dates:
        if _inside(noise, m.start(), m.end()) or _inside(taken, m.start(), m.end()):
            continue
        value = date_value(m, sentence, year_hint)
        if value is None:
            continue
        a, b = m.start(), m.end()
        if value:  # "": a month alone ("3 月中旬"), a date but none to state: its digits are no count
            out.append(("date", a, b, a, b, value, None, None))
        taken.append((a, b))
    return out


def _fractions(sentence: str, noise: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[_Found]:
    """Mixed fractions of market reports: "5-1/8 pct", "151-1/2", "1-1/2-year"."""
    out: list[_Found] = []
    for m in _FRACTION_RE.finditer(sentence):
        a, b = m.start(), m.end()
        if _inside(taken, a, b) or _inside(noise, a, b):
            continue
        whole, num, den = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
        if den == 0 or num >= den or (not m.group(1) and den not in (2, 4, 8, 16, 32)):
            continue  # "24/7", "9/11", "3/12" are not fractions of anything
        out.append(_quantity(sentence, a, b, whole + num / den, None, bool(m.group("pct"))))
        taken.append((a, b))
    return out


def _spelled_numbers(sentence: str, taken: list[tuple[int, int]], text_language: Callable[[], str | None]) -> list[_Found]:
    """Spelled-out numbers: English and Russian ("thirty thousand", "двух тысяч"), then those of
    other languages written in Latin letters; an ASCII sentence's words found once for both."""
    words = _ASCII_LETTERS_RE.findall(sentence.lower()) if sentence.isascii() else None
    out = _spelled(sentence, taken, words)
    if words is None or not _OTHER_SPELLED.isdisjoint(words):
        out.extend(_spelled_in_other_languages(sentence, taken, text_language))
    return out


def _spelled_in_other_languages(sentence: str, taken: list[tuple[int, int]], text_language: Callable[[], str | None]) -> list[_Found]:
    """Small numbers spelled out in Spanish, Portuguese, French, German, Italian or Dutch
    ("tres personas", "zwei Millionen"), with the scale or percent word after them."""
    out: list[_Found] = []
    for a, b, value in spelled_numbers(sentence, text_language):
        if _inside(taken, a, b):
            continue
        other_end, other = other_word_after(sentence, b) if sentence[b : b + 1] == " " else (b, None)
        if other == "scale":
            value *= OTHER_SCALES[sentence[b:other_end].strip().casefold()]
        out.append(_quantity(sentence, a, other_end, value, None, other == "percent"))  # "dos millones", "drei Prozent"
        taken.append((a, out[-1][4]))
    return out


def _half(sentence: str, taken: list[tuple[int, int]]) -> list[_Found]:
    """ "half a million", "half-a-million"."""
    out: list[_Found] = []
    low = sentence.lower()  # no other letter matches these words' letters case-insensitively
    if "half" not in low and "quarter" not in low:
        return out
    for m in _HALF_RE.finditer(sentence):
        if _inside(taken, m.start(), m.end()):
            continue
        value = _parse_number(m.group())
        if value is not None:
            out.append(_quantity(sentence, m.start(), m.end(), value, None, False))
            taken.append((m.start(), m.end()))
    return out


def _spelled(sentence: str, taken: list[tuple[int, int]], ascii_words: list[str] | None) -> list[_Found]:
    vocab = word_vocabulary()
    if ascii_words is not None:
        # An ASCII sentence's letter runs are its words, lower-cased (casefold is lower there).
        norms = ascii_words
        if vocab.keys().isdisjoint(norms):
            return []  # no number word
        words = list(_SPELLED_TOKEN.finditer(sentence))
    else:
        words = list(_SPELLED_TOKEN.finditer(sentence))
        norms = [m.group().casefold().replace("ё", "е") for m in words]
    out: list[_Found] = []
    i = 0
    for first in [k for k, w in enumerate(norms) if w in vocab]:  # a number starts at a number word
        if first < i:
            continue  # inside the number read before
        i = first
        if _inside(taken, words[i].start(), words[i].end()):
            i += 1
            continue
        j = i + 1
        while j < len(words):
            gap = sentence[words[j - 1].end() : words[j].start()]
            nxt = norms[j]
            if gap.strip(" -") or not (nxt in vocab or nxt == "one" or (nxt == "and" and _and_continues(words, j, vocab))):
                break
            j += 1
        a, b = words[i].start(), words[j - 1].end()
        if sentence[a].isupper() and sentence[:a].strip(" \"'“‘«(-—–"):
            i = j  # "Radio Four", "Six Nations", "World War Two": a name, not a count
            continue
        # "hundred"/"thousand" alone are vague ("hundreds of", "thousands of"): skip plurals.
        surface = sentence[a:b]
        if surface.casefold().split()[0] in EN_SCALES or surface.casefold().endswith(("hundreds", "thousands", "millions", "billions")):
            i = j
            continue
        value = _parse_number(surface)
        if value is not None and value > 1:
            scale = SCALE_AFTER.get(sentence[b:].split(" ", 2)[1].casefold()) if sentence[b:b + 1] == " " and len(sentence[b:].split(" ", 2)) > 1 else None
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


def _and_continues(words: list[regex.Match[str]], j: int, vocab: dict[str, str]) -> bool:
    """ "two hundred and five", "eleven and three-quarters" are one number; "between four and
    five" is two."""
    if j + 1 >= len(words) or words[j + 1].group().casefold() not in vocab:
        return False
    fraction = j + 2 < len(words) and words[j + 2].group().casefold() in _FRACTION_WORDS
    return fraction or words[j - 1].group().casefold() in EN_SCALES


_FRACTION_WORDS = frozenset("half halves quarter quarters third thirds eighth eighths".split())


def _quantity(
    sentence: str, a: int, b: int, value: float, currency: str | None, percent: bool, german: Callable[[], bool] | None = None
) -> _Found:
    """The claim phrase around a figure: the qualifier before it, the unit after it."""
    qualifier = None
    ca = a
    window = sentence[max(0, a - 30) : a]
    # Most figures have no hedge: an ASCII window that does not end with one skips the pattern,
    # and so does any window whose last word ends no hedge (the alternation of every language's
    # hedges, tried at each character, cost a tenth of extraction)
    plain = window.isascii() and not window.rstrip().lower().endswith(_ASCII_QUALIFIERS) and "\n" not in window
    read = window if window.isascii() else window.translate(QUALIFIER_LETTERS)
    q = None if plain or not may_end_a_hedge(read) else _QUALIFIER_RE.search(read)
    if q:
        qualifier = " ".join(window[q.start(1) : q.end(1)].split()).casefold()  # as written, one space
        ca = max(0, a - 30) + q.start(1)
    elif a > 0 and is_cjk(sentence[a - 1]) and (glued := cjk_qualifier(sentence, a)) is not None:
        qualifier, ca = glued, a - len(glued)  # "約30路線": no space between hedge and figure
    elif a > 1 and "\u0e00" <= sentence[a - 2] <= "\u0e7f" and (glued := thai_qualifier(sentence, a)) is not None:
        qualifier, ca = glued, sentence.rindex(glued, 0, a)  # "เสียหายประมาณ 2": against the word before
    unit: str | None
    ce = b
    if percent:
        unit = "percent"
    else:
        times = _TIMES_RE.match(sentence[b:])
        cjk = CJK_AFTER_RE.match(sentence, b)
        if times:
            unit = "times"
            ce = b + times.end()
        elif cjk:
            value, unit, ce, hedge = cjk_unit(value, cjk, sentence)
            qualifier = qualifier or hedge  # "300多人", "300人以上": written after the figure
        elif not sentence.isascii() and (thai := THAI_AFTER_RE.match(sentence, b)) is not None:
            value, unit, ce = thai_unit(value, thai)
        else:
            scaled = sentence[b - 1].isalpha() and sentence[a:b].rsplit(None, 1)[-1].casefold() in OTHER_SCALES
            of = OF_AFTER_SCALE_RE.match(sentence, b) if scaled else None
            post = None if qualifier or sentence.isascii() else HEDGE_AFTER_RE.match(sentence, b)
            if post:  # Urdu and Hindi hedge after the figure: "300 سے زائد افراد", "300 से अधिक लोग"
                qualifier = " ".join(post.group(post.lastindex or 1).split()).casefold()
            unit, ce = unit_after(sentence, post.end() if post else of.end() if of else b if sentence.isascii() else glued_ending(sentence, b), german)
            if unit is None:
                ce = post.end() if post else b
            if currency:
                money = CURRENCY_SYMBOLS.get(currency, currency)
                unit = money  # "£456m system": the noun after a sum is what it buys, not its unit
            elif unit in CURRENCY_WORDS:
                unit = CURRENCY_WORDS[unit]
            elif unit is not None:
                unit = inflected_currency(unit) or unit  # "dolarlık", "liraya"
    if qualifier == "over" and unit in DURATIONS and over_is_a_period(sentence, ca, ce):
        qualifier, ca = None, a  # "invest $10bn over five years": during them, not more than five
    return ("quantity", a, b, ca, ce, float(value), unit, qualifier)

