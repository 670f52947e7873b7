"""Pages dated right, left undated, or dated wrong: where a page states its publication and
where it only shows other dates.

Each page is built from parts written for this benchmark: where the publication date is given
(a published-time meta tag, structured data, a byline's ``<time>``, a byline's words in
English and in thirteen other languages and scripts (Persian twice: a month's name, numbers), the day in the page's address, or nowhere) crossed with the other dates a real page shows (a reader's
comment, a "page generated" footer, a sidebar of other stories, an "updated" time, an image
path, a date in the headline, or none).  A page whose publication is given nowhere must stay
undated; any other date is a wrong one (it would order copies wrongly).

    .venv/bin/python bench/page_dates.py --out bench/page_dates.json
    PYTHONPATH=<older tree>/src .venv/bin/python bench/page_dates.py --out ...
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

from copytrail.stages.ingest.html import document_from_html

PUBLISHED = "2024-05-14"
BODY = (
    "<p>The regional water board approved a new tariff on Tuesday after a debate that lasted"
    " most of the afternoon. Members said the change would pay for repairs to the eastern"
    " reservoir, which has lost a fifth of its capacity since the dam was last inspected.</p>"
    "<p>Opponents said households in the valley already pay more than their neighbours and"
    " asked for the vote to be delayed until an independent audit is published.</p>"
)
# Where the page gives its publication date: (head, byline, canonical address)
GIVEN = {
    "meta tag": ('<meta property="article:published_time" content="2024-05-14T07:30:00Z">', "", None),
    "structured data": ('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-05-14"}</script>', "", None),
    "byline time": ("", '<time class="entry-date published" datetime="2024-05-14">14 May 2024</time>', None),
    "byline words": ("", '<div class="byline">By Lena Ortiz | May 14, 2024</div>', None),
    # the byline's words in the page's own language, the day and month as it writes them
    "byline, Russian": ("", '<div class="article__date">Опубликовано: 14 мая 2024 г., 09:30</div>', None),
    "byline, Spanish": ("", '<p class="fecha">Publicado el 14 de mayo de 2024</p>', None),
    "byline, French": ("", '<span class="date">Publié le 14 mai 2024 à 9h30</span>', None),
    "byline, German": ("", '<span class="datum">Veröffentlicht am 14. Mai 2024</span>', None),
    "byline, Arabic": ("", '<span class="date">نشر في ١٤ مايو ٢٠٢٤</span>', None),
    "byline, Persian": ("", '<span class="news-date">تاریخ انتشار: سه‌شنبه ۲۵ اردیبهشت ۱۴۰۳ - ۰۹:۳۰</span>', None),
    "byline, Persian numbers": ('<meta name="language" content="fa">', '<span class="date">۱۴۰۳/۰۲/۲۵ - ۰۹:۳۰</span>', None),
    "byline, Chinese": ("", '<span class="date">发布时间：2024年5月14日 09:30</span>', None),
    "byline, Turkish": ("", '<time class="tarih">14 Mayıs 2024</time>', None),
    "byline, Bengali": ("", '<span class="date">প্রকাশিত: ১৪ মে ২০২৪, ০৯:৩০</span>', None),
    "byline, Marathi": ("", '<span class="date">प्रकाशित: १४ मे २०२४</span>', None),
    "byline, Tamil": ("", '<span class="date">வெளியிடப்பட்டது: 14 மே 2024</span>', None),
    "byline, Malayalam": ("", '<span class="date">പ്രസിദ്ധീകരിച്ചത്: 2024 മേയ് 14</span>', None),
    "byline, Swahili": ("", '<span class="date">Imechapishwa: 14 Mei 2024</span>', None),
    # ... and the time after the language's word for "at", forms of more languages
    "byline, Italian": ("", '<span class="data">Pubblicato il 14 maggio 2024 alle 09:30</span>', None),
    "byline, Swedish": ("", '<span class="date">Publicerad 14 maj 2024 kl. 09.30</span>', None),
    "byline, Croatian": ("", '<span class="date">Objavljeno: 14. svibnja 2024. u 09:30</span>', None),
    "byline, Serbian": ("", '<span class="date">Objavljeno: 14. maj 2024. u 09:30</span>', None),
    "byline, Catalan": ("", '<span class="date">Publicat el 14 de maig de 2024 a les 09:30</span>', None),
    "byline, Latvian": ("", '<span class="date">Publicēts 2024. gada 14. maijā</span>', None),
    "byline, Hebrew": ("", '<span class="date">פורסם ב-14 במאי 2024</span>', None),
    "byline, Korean": ("", '<span class="date">입력 2024.05.14 09:30</span>', None),
    "byline, Japanese": ("", '<span class="date">2024年5月14日 9時30分</span>', None),
    "address": ("", "", "https://valley.example/2024/05/14/water-tariff"),
    "nowhere": ("", "", None),
}
# Other dates a page shows: (inside the article, after it)
OTHER = {
    "none": ("", ""),
    "comment": ("", '<section id="comments"><div class="comment"><p>Shameful.</p><time datetime="2024-06-02T10:00:00Z">2 June</time></div></section>'),
    "page footer": ("", "<footer><p>Page generated 2025-01-07 08:12</p></footer>"),
    "sidebar": ("", '<aside class="sidebar"><ul><li><a href="/a">Dam inspection delayed</a> <time datetime="2023-11-20">20 Nov</time></li></ul></aside>'),
    "updated": ('<p class="last-updated">Updated <time class="updated" datetime="2024-05-20">20 May 2024</time></p>', ""),
    "updated, own words": ('<span class="datum">Laatst bijgewerkt: 20 mei 2024</span>', ""),
    "updated, Hindi": ('<span class="update">अपडेट: 20 मई 2024</span>', ""),
    "a month alone": ('<p class="issue">In this issue: <time datetime="2023-11">November 2023</time></p>', ""),
    "image path": ('<img src="/wp-content/uploads/2019/03/08/reservoir.jpg" alt="">', ""),
    "headline date": ("", ""),  # the headline itself names a day (below)
}


def page(given: str, other: str) -> tuple[str, str | None]:
    head, byline, address = GIVEN[given]
    inside, after = OTHER[other]
    title = "Water tariff: what the board decided on 3 April 2023" if other == "headline date" else "Water board approves tariff"
    link = f'<link rel="canonical" href="{address}">' if address else ""
    html = (
        f"<html><head><title>{title}</title>{link}{head}</head><body><article><h1>{title}</h1>"
        f"{byline}{inside}{BODY}</article>{after}</body></html>"
    )
    return html, (None if given == "nowhere" else PUBLISHED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out")
    args = parser.parse_args()
    outcome: Counter[str] = Counter()
    rows = []
    started = time.process_time()
    for given in GIVEN:
        for other in OTHER:
            html, truth = page(given, other)
            doc = document_from_html(html, source_key=f"{given}/{other}", path="p.html")
            read = doc.published[:10] if doc and doc.published else None
            if read == truth:
                result = "right" if truth else "undated, as it should"
            elif read is None:
                result = "undated, a stated date lost"
            else:
                result = "wrong date"
            outcome[result] += 1
            stamp = doc.published if doc else None
            rows.append({"given": given, "other": other, "truth": truth, "read": read, "stamp": stamp,
                         "source": doc.date_source if doc else None, "result": result})
    seconds = time.process_time() - started
    for row in rows:
        if row["result"] not in ("right", "undated, as it should"):
            print(f"  {row['given']:16} + {row['other']:14} read {row['read']} ({row['source']}): {row['result']}")
    # right to the minute: the pages read right whose date came with its time of day
    timed = sum(1 for row in rows if row["result"] == "right" and len(row["stamp"] or "") > 10)
    print(dict(outcome), f"right with a time of day {timed}", f"{len(rows)} pages, {seconds:.2f} s CPU")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump({"outcome": dict(outcome), "right_with_time": timed, "pages": rows, "cpu_seconds": round(seconds, 3)}, fh, indent=1)


if __name__ == "__main__":
    main()
