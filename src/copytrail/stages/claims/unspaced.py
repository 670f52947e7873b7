"""Figures in Chinese and Japanese, written with no space between words: a figure's unit is what
follows it straight, one character or a word of ``CJK_UNITS``, after a scale character."""

from __future__ import annotations

import regex

from copytrail.stages.claims.numbers import CURRENCY_WORDS

# Chinese and Japanese write a figure's unit straight after it, no space between the words: the
# run after a figure is no unit, only its first character is ("250 人", "1,000 万只": ten
# thousand, then the classifier), or a unit of a few characters from this list.
CJK_AFTER_RE = regex.compile(r"[ \u00a0]?([\p{Han}\p{Hiragana}\p{Katakana}]+)")
CJK_SCALES = {"千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
CJK_UNITS = (
    "人民币", "平方公里", "平方米", "立方米", "美元", "欧元", "英镑", "日元", "港元", "澳元", "加元", "卢布",
    "公里", "千米", "公斤", "千克", "公顷", "小时", "分钟", "个月", "周年", "万人", "ドル", "ユーロ", "キロ",
)


def is_cjk(char: str) -> bool:
    """Whether a character is Chinese or Japanese writing (no spaces between its words)."""
    return "\u3040" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\U00020000" <= char <= "\U0003134f"


def cjk_unit(value: float, run: regex.Match[str]) -> tuple[float, str | None, int]:
    """A figure's value, unit and end where Chinese or Japanese follows it (``CJK_AFTER_RE``'s
    match): a scale character multiplies it, then one of ``CJK_UNITS`` or one character."""
    word, at = run.group(1), run.start(1)
    unit = next((u for u in CJK_UNITS if word.startswith(u)), None)
    if unit is None and word[0] in CJK_SCALES:  # "千米" is a unit (kilometres), "2千例" a scale
        value *= CJK_SCALES[word[0]]
        word, at = word[1:], at + 1
        unit = next((u for u in CJK_UNITS if word.startswith(u)), None)
    unit = unit if unit is not None else word[:1]
    end = at + len(unit)
    return value, CURRENCY_WORDS.get(unit, unit) or None, end
