"""What a figure's neighbours mean in languages other than English: another language's scale or
percent word after it ("2,1 millones", "3 Prozent"), a hedge written after it (Urdu, Hindi), a
percentage written sign first (Turkish), the word between a scale and its unit ("de", "d'"),
and whether a sentence is German (whose nouns, units included, are capitalised)."""

from __future__ import annotations

from collections.abc import Callable

import regex

from copytrail.stages.claims import eastern_languages, further_languages, south_asian
from copytrail.stages.claims.numbers import OTHER_PERCENT, OTHER_SCALES
from copytrail.stages.claims.south_asian import is_indic, scale_prefix

# A hedge written after the figure (Urdu, Hindi: "more than 300" is "300 سے زیادہ"), classed in
# QUALIFIER_CLASS
# ... and Turkish, where the figure takes a case ending first: "300'den fazla" (more than 300),
# "300'ü aşkın" (over 300), "300 civarında" (about 300)
# ... and the languages of South Asia in their own scripts (``south_asian``: "300-এর বেশি", "300થી વધુ"),
# Georgian, Kazakh, Azerbaijani (``eastern_languages``: "300-ზე მეტი"), Pashto, Amharic and Burmese
# (``further_languages``: "له ۳۰۰ څخه زیات")
HEDGE_AFTER_RE = regex.compile(
    r"(?:\s+((?:سے|से)\s+(?:زیادہ|زائد|کم|अधिक|ज़्यादा|ज्यादा|कम))"
    r"|(['’][dt][ae]n\s+(?:fazla|az)|['’][iıuü]n?\s+(?:aşkın|üzerinde)|\s+civarında))(?![\p{L}\p{M}])"
    r"|" + south_asian.HEDGE_AFTER_PATTERN + r"|" + eastern_languages.HEDGE_AFTER_PATTERN
    + r"|" + further_languages.HEDGE_AFTER_PATTERN
)
# "2,1 millones de coronas", "2,1 millions d'euros", Somali "25 milyan oo shilin": the word of a scale before its unit
OF_AFTER_SCALE_RE = regex.compile(r"\s+(?:de|di|da|do|del|van|oo)\b|\s+d['’](?=\p{L})")
_WORDS_AFTER_RE = regex.compile(r" ([\p{L}\p{M}]+)(?: ([\p{L}\p{M}]+))?")
_FIRST_OF_TWO = frozenset(w.split()[0] for w in (*OTHER_SCALES, *OTHER_PERCENT) if " " in w)
# German writes every noun capitalised ("300 Menschen", "30 Autos"): there the capitalised word
# after a figure is its unit.  A sentence is German when it holds two of these words (none is
# an English word).
_GERMAN_WORDS = frozenset(
    "der das und ist nicht mit für auf dem eine einen wurde wurden sind sich auch nach zum zur im zu wird "
    "werden hat haben oder aber noch nur vom beim".split()
)


def other_word_after(sentence: str, b: int) -> tuple[int, str | None]:
    """Another language's scale word ("millones", "mil millones") or percent word ("Prozent",
    "por ciento") right after a figure: where it ends and which (``scale``, ``percent``), else
    ``(b, None)``.  Looked up, not matched by the figure pattern (an alternation of them there
    cost a tenth of extraction)."""
    words = _WORDS_AFTER_RE.match(sentence, b)
    if words is None:
        return b, None
    first = words.group(1).casefold()
    if words.group(2) and first in _FIRST_OF_TWO:
        pair = f"{first} {words.group(2).casefold()}"
        if pair in OTHER_SCALES or pair in OTHER_PERCENT:
            return words.end(2), "scale" if pair in OTHER_SCALES else "percent"
    if first in OTHER_SCALES:
        return words.end(1), "scale"
    if is_indic(first[0]) and (scale := scale_prefix(first)) is not None:
        return words.start(1) + len(scale), "scale"  # "25 కోట్లకు" (to 25 crore): its case ending after
    return (words.end(1), "percent") if first in OTHER_PERCENT else (b, None)


# Turkish currencies take case endings ("300 milyon dolarlık", worth 300 million dollars;
# "10 liraya", for 10 lira): the stem names the money.
_INFLECTED_CURRENCIES = {"dolar": "dollars", "lira": "lira", "avro": "euros", "euro": "euros", "sterlin": "pounds"}
_TURKISH_ENDINGS = frozenset(
    ["", *"a ya ı yı i yi ın nın in nin da ta dan tan de te den ten lık lik luk lük ydı ydi lar lara ları".split()]
)


def inflected_currency(unit: str) -> str | None:
    """The currency a Turkish unit word names under its case ending ("dolarlık" dollars), else None."""
    for stem, money in _INFLECTED_CURRENCIES.items():
        if unit.startswith(stem) and unit[len(stem) :] in _TURKISH_ENDINGS:
            return money
    return None


def percent_first(sentence: str, a: int) -> int:
    """Where a percentage written before its figure starts ("%30", "yüzde 30", Thai "ร้อยละ 30";
    the figure starts at ``a``), else ``a``."""
    if sentence[a - 1] == "%" and (a == 1 or not sentence[a - 2].isalnum()):
        return a - 1
    if sentence[a - 1] == " " and sentence[max(0, a - 6) : a].casefold() == "yüzde ":
        return a - 6
    for word in _PERCENT_BEFORE:
        if sentence.startswith(word, a - len(word)) and a >= len(word):
            return a - len(word)
    return a


_PERCENT_BEFORE = ("ร้อยละ ", "ร้อยละ", *south_asian.PERCENT_BEFORE, *further_languages.PERCENT_BEFORE, "asilimia ", "Asilimia ", "kashi ", "Kashi ")


def reads_german(sentence: str) -> bool:
    """Whether ``sentence`` reads as German (asked only where a capitalised word follows a figure)."""
    return sum(word in _GERMAN_WORDS for word in sentence.casefold().split()) >= 2


# Small numbers spelled out in languages written in Latin letters (style guides spell one to
# nine, or ten): read only in a sentence of that language, since several are words of another
# ("due", "sept", "dos").  Numbers that are also common words there are left out ("sei", you
# are; "neuf", new; "once" in an English text).
_SPELLED_NUMBERS = {
    "es": "dos 2 tres 3 cuatro 4 cinco 5 seis 6 siete 7 ocho 8 nueve 9 diez 10 doce 12 veinte 20",
    "pt": "dois 2 duas 2 três 3 quatro 4 cinco 5 seis 6 sete 7 oito 8 nove 9 dez 10 doze 12 vinte 20",
    "fr": "deux 2 trois 3 quatre 4 cinq 5 six 6 sept 7 huit 8 dix 10 douze 12 vingt 20",
    "de": "zwei 2 drei 3 vier 4 fünf 5 sechs 6 sieben 7 acht 8 neun 9 zehn 10 zwölf 12 zwanzig 20",
    "it": "due 2 tre 3 quattro 4 cinque 5 sette 7 otto 8 nove 9 dieci 10 dodici 12 venti 20",
    "nl": "twee 2 drie 3 vier 4 vijf 5 zes 6 zeven 7 acht 8 negen 9 tien 10 twaalf 12 twintig 20",
}


def _number_table() -> dict[str, dict[str, float]]:
    """Each spelled number: the languages that write it, and its value in each."""
    table: dict[str, dict[str, float]] = {}
    for language, pairs in _SPELLED_NUMBERS.items():
        items = pairs.split()
        for word, value in zip(items[::2], items[1::2], strict=True):
            table.setdefault(word, {})[language] = float(value)
    return table


SPELLED_NUMBERS = _number_table()  # word -> language -> value
# Words of each language that neither English nor another language here writes often: a text
# (or a sentence) holding them reads as that language.
_READS_AS = {
    "es": frozenset("el los las del y una fue han según entre sus personas".split()),
    "pt": frozenset("os das dos em uma com não é foi foram são ao pelo pela pelos também seu sua ele ela já ainda está após pessoas".split()),
    "fr": frozenset("le les des du et une est dans pour sur avec qui au aux été".split()),
    "de": frozenset(
        "der das und ist nicht mit für auf dem ein eine einer wurde wurden werden sind sich auch nach zum zur im zu "
        "wird des von bei als aus oder aber noch nur".split()
    ),
    "it": frozenset("il che della delle dei degli sono una è nel nella gli anche".split()),
    "nl": frozenset("het een niet met voor zijn werd ook dat naar bij".split()),
    "sw": frozenset("ya wa kwa na za katika kuwa ni hiyo hilo huo pia lakini baada ambao ambayo kwamba wakati".split()),
    "ha": frozenset("cewa kuma wanda wadda zuwa daga domin amma sun suka yana tana ake wannan".split()),
}
_LETTER_WORDS_RE = regex.compile(r"\p{L}+")


def latin_language(text: str, least: int = 3) -> str | None:
    """The language of ``_READS_AS`` a text is written in, by its words: the one whose words
    it holds most, at least ``least`` and twice the next one's, English included ("El Salvador",
    "per share" are in English texts); else None (English, or too little to tell)."""
    language = _reading(_LETTER_WORDS_RE.findall(text.casefold()), least)
    return None if language == "en" else language


def _reading(words: list[str], least: int) -> str | None:
    """As :func:`latin_language` for a text's case-folded words, but "en" where they read as English."""
    counts = dict.fromkeys((*_READS_AS, "en"), 0)
    for word in words:
        for language in _LANGUAGES_OF.get(word, ()):
            counts[language] += 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    best, runner_up = ranked[0], ranked[1]
    if best[1] < least or best[1] < 2 * runner_up[1]:
        return None
    return best[0]


def sentence_language(sentence: str, text_language: Callable[[], str | None], words: list[str] | None = None) -> str | None:
    """The language of ``_READS_AS`` a sentence is written in: its own words' when they say
    (None when they read as English), else its text's (``text_language``, asked only then).
    ``words``: the sentence's case-folded words when already found."""
    language = _reading(words if words is not None else _LETTER_WORDS_RE.findall(sentence.casefold()), 2)
    if language is not None:
        return None if language == "en" else language
    return text_language()


_ENGLISH = frozenset("the and of to in is that for with was on said by from as at it are were have has".split())


def _languages_of_words() -> dict[str, tuple[str, ...]]:
    """Each function word of ``_READS_AS`` (and English's): the languages it is one of."""
    table: dict[str, tuple[str, ...]] = {}
    for language, words in (*_READS_AS.items(), ("en", _ENGLISH)):
        for word in words:
            table[word] = (*table.get(word, ()), language)
    return table


_LANGUAGES_OF = _languages_of_words()


def spelled_numbers(sentence: str, text_language: Callable[[], str | None]) -> list[tuple[int, int, float]]:
    """``(start, end, value)`` of each small number spelled out in the language of the
    sentence, or where it says too little, of its text (``text_language``, asked only then):
    "tres personas", "drei Menschen", "deux millions".  A capitalised one inside the sentence
    is a name ("Cinco de Mayo"), not a count."""
    words = list(_LETTER_WORDS_RE.finditer(sentence))
    lowered = [m.group().casefold() for m in words]
    found = [k for k, word in enumerate(lowered) if word in SPELLED_NUMBERS]
    if not found:
        return []
    language = sentence_language(sentence, text_language, lowered)
    out = []
    for k in found:
        value = SPELLED_NUMBERS[lowered[k]].get(language or "")
        start = words[k].start()
        if value is None or (words[k].group()[0].isupper() and sentence[:start].strip(" \"'“‘«(-—–„")):
            continue
        out.append((start, words[k].end(), value))
    return out
