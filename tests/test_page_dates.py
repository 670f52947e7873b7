"""A web page is dated only where its markup or its address says when it was published.

The page extractor finds a date anywhere on a page when its metadata states none: a reader's
comment, a footer's "generated" timestamp, an image's path.  Ordering copies by such a date
names the wrong first version, so those pages stay undated; a byline's date is taken, and the
day in a page's address is taken as what it is (``url``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FAST, scanned_folder
from copytrail.engines.local import scan
from copytrail.stages.cluster import DocInfo, build_narratives, earliest_confidence
from copytrail.stages.ingest.html import document_from_html
from copytrail.stages.ingest.page_dates import url_day
from copytrail.stages.ingest.settings import DATE_READING, DATE_READING_KEY
from copytrail.store import open_store
from test_cluster import al

_BODY = "<p>" + "The council approved the new budget after a long debate about the harbour. " * 8 + "</p>"


def _dated(head: str, body: str, url: str | None = None) -> tuple[str | None, str]:
    html = f"<html><head><title>Budget</title>{head}</head><body>{body}</body></html>"
    doc = document_from_html(html, source_key="p", path="p.html", url=url)
    assert doc is not None
    return doc.published, doc.date_source


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ("", f'<article>{_BODY}</article><div class="comments"><p>Great read.</p><time datetime="2022-01-09">9 Jan</time></div>'),
        ("", f'<article>{_BODY}</article><footer>Page generated 2023-11-02 10:00</footer>'),
        ("", f'<article>{_BODY}</article><aside><a href="/x">Another story</a> <time datetime="2021-01-01">1 Jan</time></aside>'),
        ("", f'<article><h1>Budget</h1><time class="updated" datetime="2021-04-03">3 April</time>{_BODY}</article>'),
        ("", f'<article><img src="/uploads/2017/04/12/harbour.jpg">{_BODY}</article>'),
        ("", f"<article><h1>What the council decided on 12 June 2018</h1>{_BODY}</article>"),
    ],
    ids=["comment", "page-footer", "sidebar", "updated", "image-path", "headline"],
)
def test_a_date_found_elsewhere_on_the_page_is_no_publication_date(head: str, body: str) -> None:
    assert _dated(head, body) == (None, "none")


@pytest.mark.parametrize(
    ("head", "body", "published"),
    [
        ("", f'<article><header><time class="entry-date published" datetime="2021-03-03T10:00:00+02:00">March 3, 2021</time></header>{_BODY}</article>', "2021-03-03T08:00:00+00:00"),
        ("", f'<article><h1>Budget</h1><span class="date">March 3, 2021</span>{_BODY}</article>', "2021-03-03"),
        ("", f'<article><h1>Budget</h1><div class="byline">By Ana Diaz, 3 March 2021</div>{_BODY}</article>', "2021-03-03"),
        ("", f'<article><h1>Haushalt</h1><p class="date">Veröffentlicht am 3. März 2021</p>{_BODY}</article>', "2021-03-03"),
        ("", f'<article>{_BODY}<footer class="entry-footer"><time datetime="2021-03-03">March 3, 2021</time></footer></article>', "2021-03-03"),
        ('<meta name="date" content="2021-03-03">', f"<article>{_BODY}</article>", "2021-03-03"),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2021-03-03T08:00:00Z"}</script>',
            f"<article>{_BODY}</article>",
            "2021-03-03T08:00:00+00:00",
        ),
    ],
    ids=["entry-date", "date-class", "byline", "german-dateline", "article-footer", "date-meta", "json-ld"],
)
def test_a_date_the_markup_states_is_read(head: str, body: str, published: str) -> None:
    assert _dated(head, body) == (published, "metadata")


@pytest.mark.parametrize(
    ("byline", "published"),
    [
        ('<div class="article__date">Опубликовано: 14 мая 2024 г., 09:30</div>', "2024-05-14T09:30:00"),  # no zone stated
        ('<p class="fecha">Publicado el 14 de mayo de 2024</p>', "2024-05-14"),
        ('<span class="date">Publié le 14 mai 2024 à 9h30</span>', "2024-05-14T09:30:00"),  # its time too
        ('<span class="datum">Veröffentlicht am 14. Mai 2024</span>', "2024-05-14"),
        ('<time>١٤ مايو ٢٠٢٤</time>', "2024-05-14"),
        ('<span class="date">发布时间：2024年5月14日 09:30</span>', "2024-05-14T09:30:00"),
        ('<time class="tarih">14 Mayıs 2024</time>', "2024-05-14"),
        ('<span class="date">প্রকাশিত: ১৪ মে ২০২৪</span>', "2024-05-14"),
        ('<span class="date">പ്രസിദ്ധീകരിച്ചത്: 2024 മേയ് 14</span>', "2024-05-14"),  # not 1 January: no day guessed
        ('<span class="date">Közzétéve: 2024. május 14.</span>', "2024-05-14"),
        ('<span class="date">Imechapishwa: 14 Mei 2024</span>', "2024-05-14"),
    ],
    ids=["ru", "es", "fr", "de", "ar", "zh", "tr", "bn", "ml", "hu", "sw"],
)
def test_a_byline_in_the_page_own_language_is_read(byline: str, published: str) -> None:
    # a comment's date beside it changes nothing: the byline's is the page's
    comment = '<section id="comments"><p>Позор.</p><time datetime="2024-06-02T10:00:00Z">2 June</time></section>'
    assert _dated("", f"<article><h1>Budget</h1>{byline}{_BODY}</article>{comment}") == (published, "metadata")


def test_a_solar_hijri_byline_is_converted_and_kept_as_written() -> None:
    byline = "تاریخ انتشار: سه\u200cشنبه ۲۵ اردیبهشت ۱۴۰۳ - ۰۹:۳۰"
    html = f'<html><head><title>خبر</title></head><body><article><span class="news-date">{byline}</span>{_BODY}</article></body></html>'
    doc = document_from_html(html, source_key="p", path="p.html")
    assert doc is not None
    assert (doc.published, doc.date_source) == ("2024-05-14T09:30:00", "metadata")
    assert (doc.extra["published_raw"], doc.extra["published_calendar"]) == (byline, "Solar Hijri")


def test_a_byline_of_solar_hijri_numbers_is_converted_on_a_page_in_persian_only() -> None:
    byline = '<span class="date">۱۴۰۳/۰۲/۲۵ - ۰۹:۳۰</span>'
    assert _dated('<meta name="language" content="fa">', f"<article>{byline}{_BODY}</article>") == ("2024-05-14T09:30:00", "metadata")
    assert _dated("", f"<article>{byline}{_BODY}</article>") == (None, "none")  # which calendar: the page does not say


def test_a_date_element_that_says_the_page_was_changed_dates_nothing_unless_it_says_published_too() -> None:
    for changed in ('<span class="datum">Laatst bijgewerkt: 20 mei 2024</span>', '<span class="date">Updated 20 May 2024</span>'):
        assert _dated("", f"<article><h1>Budget</h1>{changed}{_BODY}</article>") == (None, "none")
    both = '<span class="date">Опубликовано: 14 мая 2024, обновлено: 20 мая 2024</span>'
    assert _dated("", f"<article><h1>Budget</h1>{both}{_BODY}</article>") == ("2024-05-14", "metadata")


def test_byline_dates_of_two_days_or_outside_the_article_date_nothing() -> None:
    two_days = '<span class="date">14 мая 2024</span><span class="date">20 мая 2024</span>'
    assert _dated("", f"<article><h1>Budget</h1>{two_days}{_BODY}</article>") == (None, "none")
    elsewhere = '<aside class="sidebar"><span class="date">3 марта 2023</span></aside>'
    assert _dated("", f"<article><h1>Budget</h1>{_BODY}</article>{elsewhere}") == (None, "none")


def test_the_day_in_a_page_address_is_marked_as_such_and_a_stated_date_wins() -> None:
    canonical = '<link rel="canonical" href="https://news.example/2020/05/17/budget-vote">'
    assert _dated(canonical, f"<article>{_BODY}</article>") == ("2020-05-17", "url")
    assert _dated("", f"<article>{_BODY}</article>", url="https://news.example/2020/05/17/budget-vote") == ("2020-05-17", "url")
    stated = canonical + '<meta property="article:published_time" content="2020-05-18T01:00:00Z">'
    assert _dated(stated, f"<article>{_BODY}</article>") == ("2020-05-18T01:00:00+00:00", "metadata")
    byline = '<time class="published" datetime="2020-05-17T06:30:00Z">17 May</time>'  # the page states it too
    assert _dated(canonical, f"<article>{byline}{_BODY}</article>") == ("2020-05-17T06:30:00+00:00", "metadata")


@given(st.dates(min_value=date(1500, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from("/-_"), st.booleans())
def test_url_day_reads_the_day_of_any_path(day: date, separator: str, padded: bool) -> None:
    month, dom = (f"{day.month:02d}", f"{day.day:02d}") if padded else (str(day.month), str(day.day))
    assert url_day(f"https://x.example/news/{day.year}{separator}{month}{separator}{dom}/story-9") == day.isoformat()


@given(st.text(max_size=80))
def test_url_day_never_raises_and_needs_a_real_day(text: str) -> None:
    found = url_day("https://x.example/" + text)
    assert found is None or date.fromisoformat(found)
    assert url_day("https://x.example/2024/02/30/story") is None
    assert url_day("https://x.example/story-20240215") is None  # digits alone are an identifier as often as a day


def test_an_earliest_member_dated_by_its_address_is_not_sure() -> None:
    docs = {"a": DocInfo("2025-03-03", "A", "url"), "b": DocInfo("2025-03-05T09:00:00+00:00", "B", "metadata")}
    (n,), _ = build_narratives([al("a", 0, 10, "b", 0, 10)], docs)
    assert n.earliest == ["a"]
    assert earliest_confidence(n, docs) == ("medium", "earliest dated only by the day in its web address")


def _pages(folder: Path) -> None:
    (folder / "guessed.html").write_text(
        f'<html><head><title>Budget</title></head><body><article>{_BODY}</article>'
        '<div id="comments"><time datetime="2022-01-09">9 Jan</time></div></body></html>',
        encoding="utf-8",
    )
    (folder / "stated.html").write_text(
        '<html><head><title>Harbour</title><meta property="article:published_time" content="2021-03-03T10:00:00Z"></head>'
        f"<body><article>{_BODY.replace('budget', 'levy')}</article></body></html>",
        encoding="utf-8",
    )
    record = {"id": "r", "text": _BODY[3:-4].replace("budget", "toll"), "url": "https://harbour.example/2021/03/04/toll"}
    (folder / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")


def test_a_store_an_older_reading_dated_by_a_guess_reads_its_pages_again_once(tmp_path: Path) -> None:
    folder, db, first = scanned_folder(tmp_path, _pages)
    assert first.documents_added == 3
    with open_store(db) as store, store.transaction():  # as the older reading stored them
        store.con.execute("UPDATE documents SET published = '2022-01-09', date_source = 'metadata' WHERE path LIKE '%guessed.html'")
        store.con.execute("UPDATE documents SET published = NULL, date_source = 'none' WHERE path LIKE '%feed.jsonl%'")
        store.set_meta(DATE_READING_KEY, "3")
    with open_store(db) as store:
        again = scan([folder], store, FAST)
        rows = dict(store.con.execute("SELECT regexp_extract(path, '[a-z]+\\.[a-z]+'), published || ' ' || date_source FROM documents").fetchall())
        assert store.get_meta(DATE_READING_KEY) == str(DATE_READING)
    assert (again.files_skipped, again.documents_added) == (1, 2)  # the page stating its time is not read again
    assert rows == {"guessed.html": None, "stated.html": "2021-03-03T10:00:00+00:00 metadata", "feed.jsonl": "2021-03-04 url"}
    with open_store(db) as store:
        last = scan([folder], store, FAST)
    assert (last.files_skipped, last.documents_added) == (3, 0)


def test_a_record_stating_no_date_is_dated_by_the_day_in_its_address(tmp_path: Path) -> None:
    from conftest import write_jsonl

    text = "The water board approved a new tariff on Tuesday after a long debate about the reservoir. " * 3
    records = [
        {"id": "bare", "text": text, "url": "https://valley.example/2024/05/14/water-tariff"},
        {"id": "stated", "text": text + " More.", "url": "https://valley.example/2024/05/14/tariff", "published": "2024-05-15T08:00:00Z"},
        {"id": "unreadable", "text": text + " Other.", "url": "https://valley.example/2024/05/14/t", "published": "03/04/2024"},
        {"id": "no-day", "text": text + " Again.", "url": "https://valley.example/news/84120"},
    ]
    _, db, _ = scanned_folder(tmp_path, lambda folder: write_jsonl(folder / "feed.jsonl", records))
    with open_store(db, read_only=True) as store:
        rows = {key.rsplit("=", 1)[1]: (published, source) for key, published, source in store.con.execute(
            "SELECT source_key, published, date_source FROM documents").fetchall()}
    assert rows == {
        "bare": ("2024-05-14", "url"),
        "stated": ("2024-05-15T08:00:00+00:00", "metadata"),
        "unreadable": (None, "none"),  # a stated date that cannot be read is not replaced by a guess
        "no-day": (None, "none"),
    }


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("2025-03-03T08:15:00+00:00", "2025-03-03T11:15:00+00:00", ("high", "every member dated from its metadata; earliest first by 3 hours")),
        (
            "2025-03-03T08:15:00", "2025-03-03T11:15:00",
            ("medium", "earliest first by 3 hours, but a time states no time zone (zones differ by up to 26 hours)"),
        ),
        (
            "2025-03-03T08:15:00+00:00", "2025-03-04T09:00:00",
            ("medium", "earliest first by 1 day, but a time states no time zone (zones differ by up to 26 hours)"),
        ),
        ("2025-03-03T08:15:00", "2025-03-05T08:15:00", ("high", "every member dated from its metadata; earliest first by 2 days")),
    ],
    ids=["zoned", "no-zone-hours", "one-without-zone", "no-zone-days-apart"],
)
def test_a_lead_shorter_than_time_zones_span_is_not_sure_when_a_time_states_no_zone(
    first: str, second: str, expected: tuple[str, str]
) -> None:
    docs = {"a": DocInfo(first, "A", "metadata"), "b": DocInfo(second, "B", "metadata")}
    (n,), _ = build_narratives([al("a", 0, 10, "b", 0, 10)], docs)
    assert n.earliest == ["a"]
    assert earliest_confidence(n, docs) == expected


def test_a_time_stated_without_a_zone_is_stored_and_shown_without_one() -> None:
    from copytrail.records import date_label
    from copytrail.stages.ingest.metadata import normalise_date

    assert normalise_date("2025-03-03 08:15") == "2025-03-03T08:15:00"
    assert normalise_date("2025-03-03T08:15:00+02:00") == "2025-03-03T06:15:00+00:00"
    assert date_label("2025-03-03T08:15:00", "metadata") == "2025-03-03 08:15 (no time zone) (stated, to the minute)"
    assert date_label("2025-03-03T06:15:00+00:00", "metadata") == "2025-03-03 06:15 UTC (stated, to the minute)"


def test_a_month_without_its_day_dates_nothing() -> None:
    # htmldate completes "2024-05" with the day it runs on: no page states that day
    for byline in ('<time datetime="2024-05">May 2024</time>', '<span class="date">Posted 2024-05 by staff</span>'):
        assert _dated("", f"<article><h1>Budget</h1>{byline}{_BODY}</article>") == (None, "none")
    assert _dated("", f'<article><h1>Budget</h1><span class="date">20240514</span>{_BODY}</article>')[0] == "2024-05-14"
