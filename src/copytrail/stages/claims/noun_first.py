"""Figures in Swahili and Hausa, which write before the figure what other languages write after
it: the counted noun ("watu 300", "mutane 300": 300 people), the scale ("shilingi milioni 25",
"naira miliyan 25": 25 million shillings, naira) and the hedge before both ("takriban familia
30,000", "kimanin iyalai 30,000": about 30,000 families; "zaidi ya watu 300", "fiye da mutane
300": more than 300 people).  "Per cent" comes first too ("asilimia 40", "kashi 40"): read with
the other percent words written first (``other_languages.percent_first``).

Pure functions over a sentence and the figures extraction found in it; asked only for a
sentence that reads as one of the two (``NOUN_FIRST_CUE`` first, then its words or its text's).
"""

from __future__ import annotations

import regex

LANGUAGES = ("sw", "ha")
SCALES = {
    "elfu": 1e3, "laki": 1e5, "milioni": 1e6, "bilioni": 1e9, "trilioni": 1e12,  # Swahili
    "dubu": 1e3, "miliyan": 1e6, "biliyan": 1e9, "tiriliyan": 1e12,  # Hausa
}  # fmt: skip
CURRENCIES = {
    "shilingi": "shillings", "dola": "dollars", "euro": "euros", "pauni": "pounds", "naira": "naira",
    "dala": "dollars", "sefa": "CFA francs",
}  # fmt: skip
HEDGES = {
    "takriban": "approx", "takribani": "approx", "karibu": "approx", "kiasi cha": "approx", "zaidi ya": "lower",
    "angalau": "lower", "si chini ya": "lower", "chini ya": "upper", "hadi": "upper", "isiyozidi": "upper",
    "kimanin": "approx", "kusan": "upper", "fiye da": "lower", "sama da": "lower", "akalla": "lower",
    "aƙalla": "lower", "kasa da": "upper", "ƙasa da": "upper",
}  # fmt: skip
# Words that never name what a figure counts: the connectives and the words of dates and time
_NOT_COUNTED = frozenset(
    "ya wa la za cha vya kwa na katika ni hadi zaidi kati tarehe mwaka miaka mwezi siku saa mnamo kuanzia "
    "mpaka tangu au pia kuwa kufikia jumla idadi "
    "da a ta kuma zuwa daga cikin ranar shekara shekaru wata watanni kwana kwanaki har game jimillar".split()
)
# A sentence may be Swahili or Hausa (then its words are asked): one of its commonest words, or a figure word
NOUN_FIRST_CUE = regex.compile(
    r"\b(?:kwa|katika|ya|za|asilimia|milioni|bilioni|shilingi|watu|zaidi|takriban|cewa|kuma|miliyan|dubu|naira|kimanin|fiye|mutane|kashi)\b",
    regex.IGNORECASE,
)
_WORD_BEFORE = regex.compile(r"(\p{Ll}[\p{L}'-]*)\s+$")

# (kind, value start, value end, phrase start, phrase end, value, unit, hedge), as extraction finds them
Found = tuple[str, int, int, int, int, "float | str", "str | None", "str | None"]


def _word_before(sentence: str, at: int) -> tuple[int, str] | None:
    """The lower-case word right before ``at`` (one space or more between), and where it starts."""
    found = _WORD_BEFORE.search(sentence, max(0, at - 40), at)
    return (found.start(1), found.group(1)) if found is not None else None


_HEDGE_BEFORE = regex.compile(
    r"(?<![\p{L}])(" + "|".join(regex.escape(h) for h in sorted(HEDGES, key=len, reverse=True)) + r")\s+$", regex.IGNORECASE
)
# "watu wasiopungua 12" (no fewer than 12 people), "zisizozidi" (not more than): relative verbs
# between the noun and the figure, their prefix agreeing with the noun
_RELATIVE_HEDGE = regex.compile(r"\p{L}*(?:sio|siyo|sizo|sivyo|sicho|silo)(pungua|zidi)$", regex.IGNORECASE)


def _hedge_before(sentence: str, at: int) -> tuple[int, str] | None:
    """A hedge of ``HEDGES`` ending right before ``at`` (spaces between): where it starts, and itself."""
    found = _HEDGE_BEFORE.search(sentence, max(0, at - 24), at)
    return (found.start(1), " ".join(found.group(1).casefold().split())) if found is not None else None


def noun_first_figures(sentence: str, found: list[Found]) -> list[Found]:
    """The figures ``found`` read as Swahili and Hausa write them: a scale before the figure multiplies
    it, the noun before it (a currency named) is what it counts, the hedge before them both is
    its hedge; a word after the figure is its verb or what follows, not its unit."""
    out: list[Found] = []
    for kind, vs, ve, cs, ce, value, unit, hedge in found:
        if kind != "quantity" or unit == "percent" or not isinstance(value, float):
            out.append((kind, vs, ve, cs, ce, value, unit, hedge))
            continue
        start = vs
        before = _word_before(sentence, start)
        if value == 100 and before is not None and before[1].casefold() == "cikin" and out and out[-1][6] == "percent":
            continue  # Hausa "kashi 40 cikin 100": forty in a hundred, one percentage
        if before is not None and before[1].casefold() in SCALES:
            value *= SCALES[before[1].casefold()]
            start = vs = before[0]
            before = _word_before(sentence, start)
        money_after = unit in CURRENCIES.values()  # "milioni 25 dola", "₦25": the currency may follow or lead
        counted = unit if money_after else None
        ce = ce if money_after else ve  # the word after the figure is its verb or what follows
        relative = _RELATIVE_HEDGE.fullmatch(before[1]) if before is not None else None
        if relative is not None and before is not None and hedge is None:
            hedge, start = before[1].casefold(), before[0]  # classed by its verb: "pungua" lower, "zidi" upper
            before = _word_before(sentence, start)
        if before is not None and before[1].casefold() not in _NOT_COUNTED and before[1].casefold() not in HEDGES:
            noun = before[1].casefold()
            counted, start = CURRENCIES.get(noun, noun), before[0]
        hedged = _hedge_before(sentence, start) if hedge is None else None
        if hedged is not None:
            start, hedge = hedged
        out.append((kind, vs, ve, min(start, cs), ce, value, counted, hedge))
    return out


def relative_class(hedge: str) -> str | None:
    """The class of a relative verb read as a hedge ("wasiopungua", no fewer than: ``lower``)."""
    found = _RELATIVE_HEDGE.fullmatch(hedge)
    return None if found is None else ("lower" if found.group(1).casefold() == "pungua" else "upper")
