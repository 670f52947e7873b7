"""What date a match of the date patterns (``patterns``) states, as ISO text: a day, a month of
a year, or a year; ``--MM-DD`` where no year is known; None where the match is no date ("about
2000 people"), "" where it is a date with nothing to state (a month alone, "3 月中旬")."""

from __future__ import annotations

import re

import regex

from copytrail.stages.claims.numbers import QUALIFIER_CLASS
from copytrail.stages.claims.patterns import solar_month
from copytrail.stages.ingest.calendars import solar_day
from copytrail.stages.ingest.month_names import month_number, thai_gregorian_year, thai_month

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}
_YEAR_CONTEXT = {
    "in", "since", "by", "until", "till", "from", "of", "between", "and", "to", "during", "before",
    "after", "for", "early", "late", "mid", "the", "its", "a", "end", "year", "fiscal", "financial",
    "calendar", "или", "в", "с", "по", "до", "году", "года", "год",
}
_MODERN_YEAR_RE = regex.compile(r"(19|20)\d\d")
# "Until" in languages that also write it for "up to" before a count ("hasta 2.000 personas"):
# before a modern year that ends its clause, it says until when
_UNTIL = frozenset({"até", "hasta", "bis", "jusqu'en", "fino al", "tot", "до"})
_CLAUSE_END = frozenset({"", ",", ".", ";", ":", ")", "\n"})
# The word for "year" after one in Russian, Ukrainian and Polish ("до 2028 года", "do 2030 roku")
_YEAR_WORDS_AFTER = frozenset({"года", "году", "год", "г", "року", "рік", "році", "р", "roku", "rok"})

# Month names of other languages that are also English words or names, capitalised there.
_ENGLISH_LOOKALIKES = frozenset({"mars", "mai", "mei", "maj", "mart", "marca", "lipca", "mayo", "marta", "maja", "juna"})


def date_value(m: re.Match[str], sentence: str, year_hint: str | None) -> str | None:
    g = m.groupdict()
    try:
        if g.get("mdy") or g.get("dmy"):
            month = MONTHS[(g.get("m1") or g.get("m2")).casefold().rstrip(".")]
            day = int(g.get("d1") or g.get("d2"))
            year = g.get("y1") or g.get("y2")
            if not 1 <= day <= 31:
                return None
            return f"{year}-{month:02d}-{day:02d}" if year else (f"{year_hint}-{month:02d}-{day:02d}" if year_hint else f"--{month:02d}-{day:02d}")
        if g.get("my"):
            if g.get("m3") == "may" or g.get("m3")[0].islower():
                return None
            return f"{g['y3']}-{MONTHS[g['m3'].casefold().rstrip('.')]:02d}"
        if g.get("m8"):  # Solar Hijri, with its year: the Gregorian day, exactly
            day_of = solar_day(int(g["y8"]), solar_month(g["m8"]) or 0, int(g["d8"]))
            return day_of.isoformat() if day_of is not None else None
        if g.get("m11") or g.get("m15"):  # the year first: "2024. május 14-én", "2024. gada 15. jūlijā"
            month = month_number(g.get("m11") or g["m15"])
            year, day = g.get("y11") or g["y15"], int(g.get("d11") or g["d15"])
            return f"{year}-{month:02d}-{day:02d}" if month is not None else None
        if g.get("m7"):
            if g["m7"][0].isupper() and g["m7"].casefold() in _ENGLISH_LOOKALIKES and not g.get("y7"):
                return None  # "3 Mars bars": a French month is written in lower case (Indonesian and Swahili "14 Mei 2024" not)
            month, day = month_number(g["m7"], dotted_day=m.string[m.end("d7") : m.end("d7") + 1] == "."), int(g["d7"])
            year = g.get("y7") or year_hint
            if month is None:
                return None
            return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
        if g.get("th"):  # a Thai month, its year Buddhist-era or Gregorian
            month, day, year = thai_month(g["m12"]), int(g["d12"]), g.get("y12")
            if month is None:
                return None
            if year is None:
                return f"{year_hint}-{month:02d}-{day:02d}" if year_hint else f"--{month:02d}-{day:02d}"
            gregorian = thai_gregorian_year(int(year))
            return f"{gregorian}-{month:02d}-{day:02d}" if 1500 <= gregorian < 2100 else None
        if g.get("cjk"):
            month, day, year = int(g["m6"]), g.get("d6"), g.get("y6") or year_hint
            if day is None:
                return f"{g['y6']}-{month:02d}" if g.get("y6") else ""
            return f"{year}-{month:02d}-{int(day):02d}" if year else f"--{month:02d}-{int(day):02d}"
        if g.get("vi"):
            month, day, year = int(g["m9"]), g.get("d9"), g.get("y9")
            if day is None:  # a month alone states a date only with its year
                return f"{year}-{month:02d}" if year else ""
            year = year or year_hint
            return f"{year}-{month:02d}-{int(day):02d}" if year else f"--{month:02d}-{int(day):02d}"
        if g.get("cjkyear"):  # "2026年度", "2026年": a year (no month follows)
            return g["y10"]
        if g.get("iso"):
            month, day = int(g.get("m4")), int(g.get("d4"))
            return f"{g['y4']}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
        if g.get("year"):
            before = sentence[: m.start()].split()
            prev = before[-1].casefold().strip("(,") if before else ""
            after = sentence[m.end() :].split(" ", 2)
            nxt = after[1].casefold() if len(after) > 1 else ""
            if nxt.strip(".,;") in _YEAR_WORDS_AFTER:
                return g.get("y5")  # "до 2028 року", until 2028: the word after says it is a year
            if prev in _UNTIL and _MODERN_YEAR_RE.match(g.get("y5")) and sentence[m.end() : m.end() + 1] in _CLAUSE_END:
                return g.get("y5")  # "até 2033, conforme ...": until a year, where nothing counted follows
            if prev in QUALIFIER_CLASS or prev.endswith(("$", "€", "£")):
                return None  # "about 2000 people" is a count, not a year
            if nxt and nxt.strip(".,;") in {"people", "workers", "jobs", "tonnes", "tons", "barrels", "shares", "units", "vehicles", "cars", "staff", "employees", "members", "votes", "homes", "households", "human", "человек"}:
                return None
            ordinary_word = prev not in _YEAR_CONTEXT and prev[:1].isalpha() and prev not in MONTHS
            after_word = ordinary_word and m.start() != 0 and not (before and before[-1].endswith(","))
            if after_word and not _MODERN_YEAR_RE.match(g.get("y5")):
                return None  # a bare 15xx-18xx after an ordinary word is a count, not a year
            return g.get("y5") + ("s" if m.group().endswith("s") and not m.group().endswith("'s") else "")
    except (KeyError, ValueError, TypeError):
        return None
    return None
