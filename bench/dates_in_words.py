"""A publication date written among words, as bylines and feeds state it, in 47 languages and
forms (49 lines): read to the day, and to the minute where it gives its time (each our own line, the same
moment, 15 October 2024 10:30, written as that language's papers write it).

    .venv/bin/python bench/dates_in_words.py [--out FILE]
    PYTHONPATH=<an older tree>/src .venv/bin/python bench/dates_in_words.py

Each line goes through ``read_stated_date`` (a feed's ``published`` value: the date among its
words where the whole is no date) and, as a page's byline element, through the HTML reader.
Counted per way: read on the right day, to the minute (where the line gives a time), and read
wrong (another day or another time).  Nothing here is shipped.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

DAY, MINUTE = "2024-10-15", "2024-10-15T10:30"
# language: the line, whether it states the time
LINES: dict[str, tuple[str, bool]] = {
    "tr": ("Yayınlanma: 15 Ekim 2024 10:30", True), "tr-weekday": ("15 Ekim 2024 Salı 10:30", True),
    "el": ("Δημοσιεύθηκε: 15 Οκτωβρίου 2024, 10:30", True),
    "id": ("Diterbitkan 15 Oktober 2024 10:30 WIB", True), "nl": ("Gepubliceerd op 15 oktober 2024 om 10:30", True),
    "fi": ("Julkaistu 15.10.2024 klo 10.30", True), "fi2": ("Julkaistu 15. lokakuuta 2024", False),
    "hu": ("Közzétéve: 2024. október 15. 10:30", True), "ro": ("Publicat: 15 octombrie 2024, 10:30", True),
    "uk": ("Опубліковано: 15 жовтня 2024 р., 10:30", True), "fa": ("تاریخ انتشار: ۲۴ مهر ۱۴۰۳", False),
    "ar": ("نشر في 15 أكتوبر 2024", False), "ar-pm": ("نشر في 15 أكتوبر 2024 - 10:30 ص", True),
    "he": ("פורסם ב-15 באוקטובר 2024", False), "zh": ("发布时间：2024年10月15日 10:30", True),
    "ko": ("입력 2024.10.15 10:30", True), "ko2": ("2024년 10월 15일 10시 30분", True), "ja": ("2024年10月15日 10時30分", True),
    "th": ("เผยแพร่ 15 ตุลาคม 2567", False), "vi": ("Ngày đăng: 15/10/2024 10:30", True),
    "pt": ("Publicado em 15 de outubro de 2024 às 10h30", True), "es": ("Publicado el 15 de octubre de 2024 a las 10:30", True),
    "fr": ("Publié le 15 octobre 2024 à 10h30", True), "de": ("Veröffentlicht am 15. Oktober 2024 um 10:30 Uhr", True),
    "it": ("Pubblicato il 15 ottobre 2024 alle 10:30", True), "ru": ("Опубликовано: 15 октября 2024, 10:30", True),
    "pl": ("Opublikowano: 15 października 2024, 10:30", True), "cs": ("Publikováno: 15. října 2024 10:30", True),
    "sv": ("Publicerad 15 oktober 2024 kl. 10.30", True), "da": ("Offentliggjort 15. oktober 2024 kl. 10.30", True),
    "no": ("Publisert 15. oktober 2024 kl. 10:30", True), "sr": ("Objavljeno: 15. oktobar 2024. u 10:30", True),
    "sr-Cyrl": ("Објављено: 15. октобар 2024. у 10:30", True), "bg": ("Публикувано: 15 октомври 2024 г., 10:30", True),
    "hi": ("प्रकाशित: 15 अक्टूबर 2024, 10:30 AM", True), "bn": ("প্রকাশিত: ১৫ অক্টোবর ২০২৪, ১০:৩০", True),
    "ur": ("شائع 15 اکتوبر 2024", False), "sw": ("Imechapishwa 15 Oktoba 2024", False),
    "ms": ("Diterbitkan pada 15 Oktober 2024, 10:30 pagi", True), "tl": ("Inilathala noong Oktubre 15, 2024", False),
    "lt": ("Paskelbta 2024 m. spalio 15 d. 10:30", True), "lv": ("Publicēts 2024. gada 15. oktobrī", False),
    "et": ("Avaldatud 15. oktoobril 2024", False), "sk": ("Publikované 15. októbra 2024 o 10:30", True),
    "sl": ("Objavljeno 15. oktobra 2024 ob 10.30", True), "ca": ("Publicat el 15 d'octubre de 2024 a les 10:30", True),
    "hr": ("Objavljeno: 15. listopada 2024. u 10:30", True), "az": ("Dərc olunub: 15 oktyabr 2024, 10:30", True),
    "ka": ("გამოქვეყნდა: 15 ოქტომბერი 2024", False),
}
BODY = "<p>" + " ".join(["The council met on Tuesday to discuss the new water plan and its cost to households."] * 5) + "</p>"


def verdict(read: str | None, timed: bool) -> str:
    if read is None:
        return "unread"
    if read[:10] != DAY or (len(read) > 10 and read[:16] != MINUTE):
        return "wrong"
    return "to the minute" if timed and len(read) > 10 else "day"


def main() -> None:
    from copytrail.stages.ingest import read_file
    from copytrail.stages.ingest.metadata import read_stated_date

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out")
    args = parser.parse_args()
    rows, totals = [], {"feed": {}, "page": {}}
    folder = Path(tempfile.mkdtemp())
    for key, (line, timed) in LINES.items():
        feed = read_stated_date(line).published
        page_file = folder / f"{key}.html"
        page_file.write_text(f"<html><head><title>{key}</title></head><body><article><h1>Water plan</h1>"
                             f"<div class='byline'>{line}</div>{BODY}</article></body></html>", encoding="utf-8")
        page = next(iter(read_file(page_file))).published
        row = {"language": key, "line": line, "states_time": timed, "feed": feed, "page": page,
               "feed_verdict": verdict(feed, timed), "page_verdict": verdict(page, timed)}
        rows.append(row)
        for way in ("feed", "page"):
            totals[way][row[f"{way}_verdict"]] = totals[way].get(row[f"{way}_verdict"], 0) + 1
    timed = sum(1 for _, t in LINES.values() if t)
    print(json.dumps({"lines": len(LINES), "stating_a_time": timed, **totals}))
    if args.out:
        Path(args.out).write_text(json.dumps({"lines": len(LINES), "stating_a_time": timed, "totals": totals, "rows": rows},
                                             indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
