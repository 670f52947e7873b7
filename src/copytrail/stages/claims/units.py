"""A figure's unit: the words after it that say what it counts ("30,000 households", "5 major
banks"), up to three, ending at a verb, a function word (of English or the other languages read
most), a capitalised name, or punctuation.  Pure functions over a sentence and an offset."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

import regex

from copytrail.stages.claims.function_words import FUNCTION_WORDS
from copytrail.stages.claims.numbers import CURRENCY_WORDS, STOP_WORDS
from copytrail.stages.claims.other_languages import reads_german

# Words after a number that end the unit phrase (verbs, function words, time adverbs).
_UNIT_STOP = (STOP_WORDS - {"year", "years", "new", "one"}) | frozenset(
    """have has had were was are is be been will would could can may might did do does said say
    says told lost left died killed fell rose went came got made took gave remained stayed
    less fewer ago earlier later last next each vs versus unch yesterday""".split()
) | FUNCTION_WORDS  # ... and of the other languages read most ("19 که" was read as "19 that")
# Participles that do name what is counted ("200 wounded").
_COUNTED_PARTICIPLES = frozenset("wounded injured displaced unemployed arrested detained killed dead missing employed".split())
_UNIT_END_RE = regex.compile(r"[.,;:!?)]")
_UNIT_WORD = regex.compile(r"\s*(?:-\s*)?([\p{L}][\p{L}\p{M}'’-]*)")


def unit_after(sentence: str, b: int, german: Callable[[], bool] | None = None) -> tuple[str | None, int]:
    """Up to three lowercase words after the figure, stopping at verbs and function words; a
    capitalised word only where the sentence is German (``german``: whether it is, when the
    caller knows more than the sentence's own words: its text's language)."""
    words: list[str] = []
    end = b
    pos = b
    while len(words) < 3:
        m = _UNIT_WORD.match(sentence, pos)
        if not m:
            break
        word = m.group(1).rstrip("'’")
        low = word.casefold()
        if low in _UNIT_STOP or (word[0].isupper() and low not in CURRENCY_WORDS and not words and not (german or partial(reads_german, sentence))()):
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
        if low in CURRENCY_WORDS or _UNIT_END_RE.match(sentence, pos, pos + 1):
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
    return word in _MODIFIERS


# Adjectives before the counted noun ("1,000,000 common shares", "5 major banks"): without them
# the unit ended at the adjective.
_MODIFIERS = frozenset(
    "small large new old young local full part extra more further armed foreign political public private civilian "
    "million billion common preferred ordinary major leading largest biggest big main key senior short long separate "
    "additional other different domestic regular".split()
)


DURATIONS = frozenset({"years", "year", "months", "month", "weeks", "week", "days", "day", "decades", "hours", "quarters", "seasons"})
# "over" after these words, or an age or a time before now after the figure, is "more than"
# ("for over five years", "in over a decade", "over 100 years old", "over 20 years ago",
# "over 20 hours a week").
_OVER_AS_MORE_BEFORE = re.compile(r"(?:\b(?:for|in|of|after|than|since|lasted|lasting|spent|took|taken|been)\s+)$", re.IGNORECASE)
_OVER_AS_MORE_AFTER = re.compile(r"\s*(?:ago|old|older|of age|earlier|before|a (?:day|week|month|year)|per|each|every)\b", re.IGNORECASE)


def over_is_a_period(sentence: str, ca: int, ce: int) -> bool:
    """Whether "over" before a number of years (months, days ...) is the period something is
    spread over, not a hedge: English "over five years" translates "5년간" (for five years)."""
    return _OVER_AS_MORE_BEFORE.search(sentence, max(0, ca - 12), ca) is None and _OVER_AS_MORE_AFTER.match(sentence, ce) is None
