"""What a figure's neighbours mean in languages other than English: another language's scale or
percent word after it ("2,1 millones", "3 Prozent"), a hedge written after it (Urdu, Hindi), a
percentage written sign first (Turkish), the word between a scale and its unit ("de", "d'"),
and whether a sentence is German (whose nouns, units included, are capitalised)."""

from __future__ import annotations

import regex

from copytrail.stages.claims.numbers import OTHER_PERCENT, OTHER_SCALES

# A hedge written after the figure (Urdu, Hindi: "more than 300" is "300 سے زیادہ"), classed in
# QUALIFIER_CLASS
HEDGE_AFTER_RE = regex.compile(r"\s+((?:سے|से)\s+(?:زیادہ|زائد|کم|अधिक|ज़्यादा|ज्यादा|कम))(?![\p{L}\p{M}])")
# "2,1 millones de coronas", "2,1 millions d'euros": the word of a scale before its unit
OF_AFTER_SCALE_RE = regex.compile(r"\s+(?:de|di|da|do|del|van)\b|\s+d['’](?=\p{L})")
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
    return (words.end(1), "percent") if first in OTHER_PERCENT else (b, None)


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


_PERCENT_BEFORE = ("ร้อยละ ", "ร้อยละ")  # Thai: "per hundred", before the figure


def reads_german(sentence: str) -> bool:
    """Whether ``sentence`` reads as German (asked only where a capitalised word follows a figure)."""
    return sum(word in _GERMAN_WORDS for word in sentence.casefold().split()) >= 2
