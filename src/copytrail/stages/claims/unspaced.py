"""Figures in Chinese, Japanese and Korean, written with the unit straight after the figure: a
figure's unit is what follows it, one character or a word of ``CJK_UNITS``, after a scale
character (Korean: "3만 명", ten thousand people, the unit after a space; a particle is no unit).
Thai writes no space between words either: after a figure, a scale word and a unit of
``THAI_UNITS`` are read from the start of the run that follows, and nothing else of it."""

from __future__ import annotations

import regex

from copytrail.stages.claims.numbers import (
    CJK_HEDGES_AFTER,
    CJK_HEDGES_INSIDE,
    CJK_QUALIFIERS,
    CURRENCY_WORDS,
    THAI_QUALIFIERS,
)

# Chinese and Japanese write a figure's unit straight after it, no space between the words: the
# run after a figure is no unit, only its first character is ("250 人", "1,000 万只": ten
# thousand, then the classifier), or a unit of a few characters from this list.
CJK_AFTER_RE = regex.compile(r"[ \u00a0]?([\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]+)")
CJK_SCALES = {"千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12}
CJK_UNITS = (
    "人民币", "平方公里", "平方米", "立方米", "美元", "欧元", "英镑", "日元", "港元", "澳元", "加元", "卢布",
    "公里", "千米", "公斤", "千克", "公顷", "小时", "分钟", "个月", "周年", "ドル", "ユーロ", "キロ",
    "킬로미터", "퍼센트", "달러", "유로", "위안", "미터", "시간", "개월",
)
_KOREAN_PARTICLES = frozenset("이가을를은는의에도로와과")  # after a figure: grammar, no unit
_UNIT_NAMES = {"퍼센트": "percent"}


# Thai scale words, longest first ("พันล้าน", a thousand million, before "พัน", a thousand),
# and units: what a figure's run may start with (the rest of the run is other words).
THAI_AFTER_RE = regex.compile(r"[ \u00a0]?(\p{Thai}+)")
THAI_SCALES = (
    ("ล้านล้าน", 1e12), ("แสนล้าน", 1e11), ("หมื่นล้าน", 1e10), ("พันล้าน", 1e9), ("ล้าน", 1e6), ("แสน", 1e5),
    ("หมื่น", 1e4), ("พัน", 1e3),
)  # fmt: skip
THAI_UNITS = {
    "ดอลลาร์สหรัฐ": "dollars", "ดอลลาร์": "dollars", "บาท": "baht", "ยูโร": "euros", "เยน": "yen", "หยวน": "yuan",
    "ปอนด์": "pounds", "เปอร์เซ็นต์": "percent", "กิโลเมตร": "กิโลเมตร", "กิโลกรัม": "กิโลกรัม", "ครัวเรือน": "ครัวเรือน",
    "เมตร": "เมตร", "ลิตร": "ลิตร", "ตัน": "ตัน", "ไร่": "ไร่", "คน": "คน", "ราย": "ราย", "ครั้ง": "ครั้ง",
    "แห่ง": "แห่ง", "หลัง": "หลัง", "ปี": "ปี", "เดือน": "เดือน", "วัน": "วัน",
}  # fmt: skip
_THAI_UNITS_LONGEST = sorted(THAI_UNITS, key=len, reverse=True)


def cjk_qualifier(sentence: str, a: int) -> str | None:
    """A Chinese or Japanese hedge written against the figure at ``a`` ("約30", "超过300"), else None."""
    return next((q for q in _CJK_QUALIFIERS_LONGEST if a >= len(q) and sentence.startswith(q, a - len(q))), None)


_CJK_QUALIFIERS_LONGEST = sorted(CJK_QUALIFIERS, key=len, reverse=True)


# Thai hedges (``THAI_QUALIFIERS``) are written against the word before them ("เสียหายประมาณ 2
# ล้านไร่", damaged about 2 million rai), except where they end a word of their own: "งบประมาณ"
# (budget), "เรื่องราว" (story).
_THAI_HEDGES = sorted(THAI_QUALIFIERS, key=len, reverse=True)
_THAI_NOT_HEDGES = ("งบประมาณ", "เรื่องราว")


def thai_qualifier(sentence: str, a: int) -> str | None:
    """A Thai hedge right before the figure at ``a`` (one space between at most), else None."""
    end = a - 1 if a > 0 and sentence[a - 1] == " " else a
    for hedge in _THAI_HEDGES:
        start = end - len(hedge)
        if start >= 0 and sentence.startswith(hedge, start) and not any(
            sentence.startswith(word, end - len(word)) for word in _THAI_NOT_HEDGES if end >= len(word)
        ):
            return hedge
    return None


def is_unspaced(char: str) -> bool:
    """Whether a character is of a script written without spaces between words (Chinese,
    Japanese, Korean's syllables, Thai, Lao, Khmer, Myanmar): a figure may touch it."""
    return is_cjk(char) or "\u0e00" <= char <= "\u0eff" or "\u1000" <= char <= "\u109f" or "\u1780" <= char <= "\u17ff"


def thai_unit(value: float, run: regex.Match[str]) -> tuple[float, str | None, int]:
    """A figure's value, unit and end where Thai follows it (``THAI_AFTER_RE``'s match): a
    scale word multiplies it, then a unit of ``THAI_UNITS`` when the run goes on with one;
    never the rest of the run, which holds the sentence's other words."""
    word, at = run.group(1), run.start(1)
    scale = next(((w, times) for w, times in THAI_SCALES if word.startswith(w)), None)
    if scale is not None:
        value *= scale[1]
        word, at = word[len(scale[0]) :], at + len(scale[0])
    unit = next((u for u in _THAI_UNITS_LONGEST if word.startswith(u)), None)
    if unit is None:
        return value, None, at if scale is not None else run.start()
    return value, THAI_UNITS[unit], at + len(unit)


def is_cjk(char: str) -> bool:
    """Whether a character is Chinese, Japanese or Korean writing (a unit follows a figure
    straight there)."""
    return "\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7a3" or "\uf900" <= char <= "\ufaff" or "\U00020000" <= char <= "\U0003134f"


def cjk_unit(value: float, run: regex.Match[str], sentence: str) -> tuple[float, str | None, int, str | None]:
    """A figure's value, unit, end and hedge where Chinese, Japanese or Korean follows it
    (``CJK_AFTER_RE``'s match in ``sentence``): a hedge of ``CJK_HEDGES_INSIDE`` ("300多人"), a
    scale character that multiplies it, then one of ``CJK_UNITS`` or one character (Korean: the
    next word when a space follows the scale), then a hedge of ``CJK_HEDGES_AFTER`` ("以上")."""
    word, at = run.group(1), run.start(1)
    hedge = None
    if word[0] in CJK_HEDGES_INSIDE:
        hedge, word, at = word[0], word[1:], at + 1
        if not word:  # "30여 명": the counted word after a space
            after = CJK_AFTER_RE.match(sentence, at)
            if after is None or after.group(1)[0] < "\uac00":
                return value, None, at, hedge
            word, at = after.group(1), after.start(1)
    unit = next((u for u in CJK_UNITS if word.startswith(u)), None)
    if unit is None and word[0] in CJK_SCALES:  # "千米" is a unit (kilometres), "2千例" a scale
        value *= CJK_SCALES[word[0]]
        word, at = word[1:], at + 1
        if not word and (after := CJK_AFTER_RE.match(sentence, at)) is not None and after.group(1)[0] >= "\uac00":
            word, at = after.group(1), after.start(1)  # "3만 명", "21억 달러"
        unit = next((u for u in CJK_UNITS if word.startswith(u)), None)
    if unit is None and word[:1] in _KOREAN_PARTICLES:
        return value, None, at, hedge
    unit = unit if unit is not None else word[:1]
    end = at + len(unit)
    unit = _UNIT_NAMES.get(unit, unit)
    after_hedge = next((h for h in _HEDGES_AFTER_LONGEST if sentence.startswith(h, end) or sentence.startswith(" " + h, end)), None)
    if after_hedge is not None:
        hedge = hedge or after_hedge
        end = sentence.index(after_hedge, end) + len(after_hedge)
    return value, CURRENCY_WORDS.get(unit, unit) or None, end, hedge


_HEDGES_AFTER_LONGEST = sorted(CJK_HEDGES_AFTER, key=len, reverse=True)
