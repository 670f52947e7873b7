"""The claims stage's sentences: the segment stage's, each also cut at its line breaks (a
headline is not its first paragraph's context), except where a line break stands for a space
inside a figure (hard-wrapped wire copy: "40\nbillion dlrs", "more than\n40").  Offsets index
the text."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from copytrail.stages.claims.dates import MONTHS
from copytrail.stages.claims.numbers import (
    CURRENCY_WORDS,
    QUALIFIER_CLASS,
    SCALE_AFTER,
    vocabulary_set,
)
from copytrail.stages.segment import sentence_bounds

_WORD_CHAR_RE = regex.compile(r"[\w\p{M}]", regex.V1)  # what segment counts as part of a word


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of the text (as the segment stage cuts them), also cut at line breaks.

    Headlines and paragraphs are separate lines in extracted HTML; a claim must not take its
    context from the line above.  A single line break inside a figure is not a cut: hard-wrapped
    text (wire copy, mail, PDF-to-text) breaks "40\nbillion dlrs", "more than\n40" and "at\nleast
    92" where a space stands (``_line_break_joins``).
    """
    spans: list[tuple[int, int]] = []
    for s_start, s_end in _word_bounds(text):
        start = s_start
        cut = text.find("\n", start, s_end)
        if cut < 0:  # one line, starting and ending with a word character: nothing to strip
            spans.append((s_start, s_end))
            continue
        while cut >= 0:
            if _line_break_joins(text, start, cut, s_end):
                cut = text.find("\n", cut + 1, s_end)
                continue
            _add_stripped(spans, text, start, cut)
            start = cut + 1
            cut = text.find("\n", start, s_end)
        _add_stripped(spans, text, start, s_end)
    # Keep closing punctuation with the sentence (segment stops at the last word).
    out = []
    for i, (a, b) in enumerate(spans):
        limit = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        while b < limit and text[b] in ".!?…%\"'”’»)]":
            b += 1
        out.append((a, b))
    return out


_INLINE_SPACE = frozenset(" \t\r\u00a0\u202f")
_HEAD_WORD_RE = regex.compile(r"[\p{L}]+")
_PERCENT_WORDS = frozenset({"per", "percent", "pct", "процент", "процента", "процентов", "por", "pour", "prozent", "procent", "درصد", "فیصد"})
_CURRENCY_START = frozenset("$€£¥₽₹")
_QUALIFIER_LAST_WORDS = frozenset(q.split()[-1] for q in QUALIFIER_CLASS)
# The words a qualifier of two or three words starts with ("at" of "at least", "as" of "as many as").
_QUALIFIER_HEADS = frozenset(q.split()[0] for q in QUALIFIER_CLASS if " " in q)


def _line_break_joins(text: str, line_start: int, cut: int, limit: int) -> bool:
    """Whether the line break at ``cut`` stands for a space inside a figure.

    It does between a figure (digits, a number or scale word, a month name) ending the line and
    a multiplier, unit, currency or percent word starting the next ("1.2\nmln stg", "40\nper
    cent", "200\npeople"), between a qualifier ending the line and a figure starting the next
    ("more than\n40"), and inside a qualifier of several words that a figure follows ("at\nleast
    92 pct").  A capitalised word is taken only when it is a multiplier, currency or
    percent word (a new headline is not a unit); a blank line is never crossed.
    """
    end = cut
    while end > line_start and text[end - 1] in _INLINE_SPACE:
        end -= 1
    last = text[max(line_start, text.rfind(" ", line_start, end) + 1) : end]
    if not last:
        return False
    low_last = last.casefold()
    figure = last[-1].isdigit() or _is_number_word(low_last)
    month = not figure and low_last.rstrip(".") in MONTHS and low_last != "may"
    split_qualifier = low_last in _QUALIFIER_HEADS
    if not (figure or month or split_qualifier or low_last in _QUALIFIER_LAST_WORDS):
        return False  # most line breaks: the line ends with no figure, month or qualifier
    head = cut + 1
    while head < limit and text[head] in _INLINE_SPACE:
        head += 1
    if head >= limit or text[head] == "\n":
        return False  # a blank line (or nothing) follows: a paragraph break separates
    if split_qualifier and _qualifier_goes_on(text, low_last, head, limit):
        return True
    if not (figure or month or low_last in _QUALIFIER_LAST_WORDS):
        return False
    first_char = text[head]
    if figure:
        if first_char in "%\u066a":
            return True
        word = _HEAD_WORD_RE.match(text, head, limit)
        if word is None:
            return False
        first = word.group()
        low = first.casefold()
        if first[0].islower():
            return True
        if low in SCALE_AFTER or low in _PERCENT_WORDS:
            return len(first) > 1
        return first.isupper() and len(first) > 1 and low in CURRENCY_WORDS  # "40\nBILLION DLRS"
    if not (first_char.isdigit() or first_char in _CURRENCY_START or text.startswith("US$", head)):
        word = _HEAD_WORD_RE.match(text, head, limit)
        if word is None or word.group().casefold().replace("ё", "е") not in vocabulary_set():
            return False
    if month:
        return True  # "February\n22"
    tail = text[max(line_start, end - 24) : end].casefold().split()
    return any(" ".join(tail[-n:]) in QUALIFIER_CLASS for n in (1, 2, 3))


def _qualifier_goes_on(text: str, first: str, head: int, limit: int) -> bool:
    """Whether the next line, from ``head``, ends the qualifier that ``first`` began on the line
    before and a figure follows it ("at\nleast 92 pct", "as\nmany as 40")."""
    words = text[head : min(limit, head + 40)].split()
    for n in (1, 2):
        if len(words) > n and " ".join([first, *words[:n]]).casefold() in QUALIFIER_CLASS:
            after = words[n]
            return after[0].isdigit() or after[0] in _CURRENCY_START or _is_number_word(after.casefold())
    return False


def _is_number_word(low: str) -> bool:
    """A word that ends a figure: a scale ("billion", "млн") or a spelled number ("forty")."""
    return low in SCALE_AFTER or low.replace("ё", "е") in vocabulary_set()


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


def _add_stripped(spans: list[tuple[int, int]], text: str, a: int, b: int) -> None:
    """Add ``[a, b)`` without the white space around it, unless it is all white space
    (``str.strip`` takes off what ``str.isspace`` calls space, in one call per side)."""
    part = text[a:b]
    head = part.lstrip()
    if head:
        spans.append((a + len(part) - len(head), a + len(head.rstrip()) + len(part) - len(head)))
