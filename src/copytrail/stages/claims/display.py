"""How a claim reads to a person: its kind in words, its figure as written, an excerpt of its
sentence with the figure marked, and whether it is too ordinary to rank.

Nothing here is shown stemmed or rebuilt from parts: the figure is the claim's own phrase as
the text wrote it ("roughly 30,000 households", "40 per cent", "$530 million"), so a unit is
never repeated ("40 per cent percent").
"""

from __future__ import annotations

import re
from typing import Literal

from copytrail.stages.claims.numbers import CURRENCY_SYMBOLS, CURRENCY_WORDS

FigureKind = Literal["count", "money", "percentage", "date"]
FIGURE_KINDS: tuple[FigureKind, ...] = ("count", "money", "percentage", "date")
EXCERPT_CHARS = 220  # an excerpt longer than this is cut around the figure
SMALL_COUNT = 12  # counts up to this ("two ferries", "12 days") are ordinary
BARE_COUNT = 100  # a count with no unit below this ("Seventeen") is ordinary too

_SPACES = re.compile(r"\s+")
_MONEY_UNITS = frozenset(CURRENCY_WORDS.values()) | frozenset(CURRENCY_SYMBOLS.values())


def figure_kind(kind: str, unit: str | None) -> FigureKind:
    """``count``, ``money``, ``percentage`` or ``date``: what a reader is told the figure is."""
    if kind == "date":
        return "date"
    if unit == "percent":
        return "percentage"
    if unit in _MONEY_UNITS:
        return "money"
    return "count"


def is_trivial(kind: str, value: float | str | None, unit: str | None) -> bool:
    """Whether a figure is too ordinary to rank among the most repeated claims.

    A year or decade alone ("2004", "1960s") and a small count ("two", "16", "Seventeen" with
    no unit) are repeated everywhere without being a claim anyone checks; they are kept in
    every export, only not ranked.
    """
    if kind == "date":
        text = str(value or "")
        return len(text) == 4 or (len(text) == 5 and text.endswith("s"))
    if figure_kind(kind, unit) != "count" or not isinstance(value, int | float):
        return False
    if float(value).is_integer() and 0 <= value <= SMALL_COUNT:
        return True
    return not unit and 0 <= value < BARE_COUNT


def excerpt(
    sentence: str, value_start: int, value_end: int, width: int = EXCERPT_CHARS
) -> tuple[str, int, int]:
    """The sentence, cut to about ``width`` characters around the figure (with "…" where cut),
    and where the figure sits in it: ``(text, start, end)``.  Offsets are relative to
    ``sentence``; whitespace runs become one space so a hard-wrapped line reads as one."""
    value_start = max(0, min(value_start, len(sentence)))
    value_end = max(value_start, min(value_end, len(sentence)))
    a, b = 0, len(sentence)
    if b - a > width:
        room = max(0, width - (value_end - value_start))
        a = max(0, value_start - room // 2)
        b = min(len(sentence), value_end + (room - (value_start - a)))
        a = max(0, min(a, b - width))
        while a > 0 and not sentence[a - 1].isspace() and a < value_start:
            a += 1  # start on a word
        while b < len(sentence) and not sentence[b].isspace() and b > value_end:
            b -= 1  # end on a word
    before = _squash(sentence[a:value_start])
    figure = _squash(sentence[value_start:value_end])
    after = _squash(sentence[value_end:b])
    if a > 0:
        before = "…" + before.lstrip()
    if b < len(sentence):
        after = after.rstrip() + "…"
    return before + figure + after, len(before), len(before) + len(figure)


def _squash(text: str) -> str:
    """Runs of whitespace (line breaks of hard-wrapped text included) as one space."""
    return _SPACES.sub(" ", text)


def pieces(text: str, start: int, end: int) -> list[dict[str, str | bool]]:
    """An excerpt split for display: ``[{"text": …, "mark": False}, {"text": figure, "mark": True}, …]``."""
    out: list[dict[str, str | bool]] = []
    for part, mark in ((text[:start], False), (text[start:end], True), (text[end:], False)):
        if part:
            out.append({"text": part, "mark": mark})
    return out
