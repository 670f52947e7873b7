"""Dates of other calendars: a Solar Hijri date is converted to its Gregorian day wherever the
evidence says it is one (a Solar Hijri month's name; numbers alone in a Persian document, or
an input that names the calendar), the note says so, and copies are then ordered; a lunar
Hijri date is never converted (its day depends on the moon's sighting), and numbers alone in a
document of another language stay undated.  The conversion is checked day by day against a
second implementation (jdatetime)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FAST, write_jsonl
from copytrail.engines.local import scan
from copytrail.stages.ingest.calendars import LUNAR_HIJRI, SOLAR_HIJRI, declared_calendar
from copytrail.stages.ingest.guard import date_note
from copytrail.stages.ingest.metadata import read_stated_date
from copytrail.store import open_store

jdatetime = pytest.importorskip("jdatetime")

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-corpus"
IRANIAN = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
DARI = ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت")
LATIN = ("Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})  # the same names typed on an Arabic keyboard


def _solar(_: object = None) -> str:
    return SOLAR_HIJRI


def _unknown() -> None:
    return None


WRITINGS: dict[str, Callable[[int, int, int], str]] = {
    "numbers": lambda y, m, d: f"{y}/{m:02d}/{d:02d}",
    "numbers, dashes, no zeros": lambda y, m, d: f"{y}-{m}-{d}",
    "Persian digits": lambda y, m, d: f"{y}/{m:02d}/{d:02d}".translate(PERSIAN_DIGITS),
    "Iranian month": lambda y, m, d: f"{d} {IRANIAN[m - 1]} {y}".translate(PERSIAN_DIGITS),
    "Iranian month, Arabic letters and digits": lambda y, m, d: f"{d} {IRANIAN[m - 1]} {y}".translate(ARABIC_DIGITS).translate(ARABIC_LETTERS),
    "Dari month": lambda y, m, d: f"{d} {DARI[m - 1]} {y}".translate(PERSIAN_DIGITS),
    "Latin month": lambda y, m, d: f"{d} {LATIN[m - 1]} {y}",
    "Latin month first": lambda y, m, d: f"{LATIN[m - 1]} {d}, {y}",
    "weekday and marker": lambda y, m, d: f"سه‌شنبه، {d} {IRANIAN[m - 1]} {y} ه.ش".translate(PERSIAN_DIGITS),
}  # fmt: skip


@given(st.dates(min_value=date(1821, 3, 21), max_value=date(2121, 3, 20)), st.sampled_from(sorted(WRITINGS)))
def test_every_solar_hijri_day_reads_as_the_gregorian_day_of_another_implementation(day: date, writing: str) -> None:
    """A Gregorian day, written as the Solar Hijri date jdatetime gives for it, reads back as
    that day, in each way such a date is written; numbers alone, read as Solar Hijri because
    the document is Persian, only up to today (a later day is a lunar year's)."""
    jalali = jdatetime.date.fromgregorian(date=day)
    written = WRITINGS[writing](jalali.year, jalali.month, jalali.day)
    read = read_stated_date(written, None, _solar)
    if writing.startswith(("numbers", "Persian digits")) and day > datetime.now(UTC).date() + timedelta(days=1):
        assert read.published is None and "after today" in (read.problem or ""), written
        return
    assert (read.published, read.calendar, read.problem) == (day.isoformat(), SOLAR_HIJRI, None), written


def test_the_first_day_of_every_month_from_1200_to_1499_agrees_with_another_implementation() -> None:
    """Each month's first day depends on every leap year before it: all 3,600 checked."""
    wrong = [
        (year, month)
        for year in range(1200, 1500)
        for month in range(1, 13)
        if read_stated_date(f"1 {LATIN[month - 1]} {year}", None, _solar).published != jdatetime.date(year, month, 1).togregorian().isoformat()
    ]
    assert not wrong


@pytest.mark.parametrize(
    ("stated", "gregorian"),
    [
        ("۱ فروردین ۱۴۰۴", "2025-03-21"),
        ("1403/01/01", "2024-03-20"),
        ("۱ دی ۱۴۰۲", "2023-12-22"),
        ("30 Esfand 1403", "2025-03-20"),  # 1403 is a leap year
        ("۱۵ فروردین ۱۴۰۴ - ۱۰:۳۰", "2025-04-04T10:30:00"),  # a time without a zone: none stored, as any
        ("1403-12-22T08:00:00+03:30", "2025-03-12T04:30:00+00:00"),  # Tehran time, kept in UTC
        ("شنبه ۲۲ اسفند ۱۴۰۳ ساعت ۰۸:۰۰ +03:30", "2025-03-12T04:30:00+00:00"),
    ],
)
def test_known_days(stated: str, gregorian: str) -> None:
    assert read_stated_date(stated, None, _solar).published == gregorian
    note = date_note("published", stated, None, _solar)
    assert note is not None and note.startswith(f"kept: 'published' is a Solar Hijri date, read as {gregorian} in the Gregorian calendar")


_FRAGMENTS = st.sampled_from(
    ["1404", "۱۴۰۴", "01", "15", "/", "-", ".", ":", " ", ",", "،", "t", "at", "ساعت", "فروردین", "حوت", "Esfand",
     "رمضان", "هـ", "ه.ش", "ه.ق", "AH", "+03:30", "Z", "شنبه", "\u200c", "\u202e", "\u0640", "x"]
)  # fmt: skip


@settings(deadline=None)
@given(st.one_of(st.lists(_FRAGMENTS, max_size=40).map("".join), st.text(max_size=120)))
def test_any_text_reads_as_a_day_or_a_reason_never_a_crash(text: str) -> None:
    """Pieces of dates in any order, and any text: a day (ISO, Gregorian) with the calendar it
    came from, or none with a reason, or neither when nothing was stated; never an exception."""
    read = read_stated_date(text, None, _solar)
    if read.published is not None:
        assert read.problem is None and date.fromisoformat(read.published[:10])
    elif text.strip():
        assert read.problem is not None or len(text) > 100


def test_separators_repeated_do_not_stall_the_reader() -> None:
    """A run of separators after a date has one way to be matched (it once had 2 to the power
    of its length, and 24 of them took seconds)."""
    for text in ("1404/01/15" + " ,"*44 + " x", "1404/01/15 " + "t "*44 + "1"):
        assert read_stated_date(text, None, _solar).published is None
    # a named day among other words is that day, whatever follows it
    assert read_stated_date("15 فروردین 1404" + " -"*42 + "y", None, _solar).published == "2025-04-04"


@pytest.mark.parametrize(
    ("stated", "reason"),
    [
        ("۱۲ رمضان ۱۴۴۶", "a lunar Hijri date"),
        ("5 ذو الحجة 1446 هـ", "a lunar Hijri date"),
        ("1446/09/12 هـ", "a lunar Hijri date (by its marker)"),
        ("12 Ramadan 1446 AH", "a lunar Hijri date"),
        ("۳۰ اسفند ۱۴۰۴", "a Solar Hijri day that does not exist"),  # 1404 is no leap year
        ("1404/13/01", "a Solar Hijri day that does not exist"),
        ("۱۵ فروردین", "a Solar Hijri date (by its month) that cannot be read whole"),
    ],
)
def test_dates_that_are_not_converted_say_why(stated: str, reason: str) -> None:
    read = read_stated_date(stated, None, _solar)
    assert read.published is None and read.problem is not None and read.problem.startswith(reason)
    note = date_note("published", stated, None, _solar)
    assert note is not None and note.startswith(f"kept undated: 'published' is {reason}")


def test_a_lunar_date_is_never_given_a_day() -> None:
    """Whatever the document's language or the input's calendar, a lunar Hijri date stays
    undated, and one that names no month is lunar when the input says so."""
    for stated in ("۱۲ رمضان ۱۴۴۶", "1446/09/12 هـ"):
        for calendar in (_solar, _unknown):
            assert read_stated_date(stated, None, calendar).published is None
    said = read_stated_date("1446/09/12", None, lambda: LUNAR_HIJRI)
    assert said.published is None and said.calendar == LUNAR_HIJRI and "as its input says" in (said.problem or "")


def test_numbers_alone_are_another_calendars_only_on_evidence() -> None:
    unknown = read_stated_date("1404/01/15", None, _unknown)
    assert unknown.published is None and unknown.calendar is None
    assert "before 1500" in (unknown.problem or "") and "nor its language (Persian) says which" in (unknown.problem or "")
    gregorian = read_stated_date("1404/01/15", None, lambda: "Gregorian")
    assert gregorian.published is None and "says which" not in (gregorian.problem or "")
    # a Persian document's year 1446 would be 2067 as Solar Hijri: a lunar year, not converted
    future = read_stated_date("1446/09/05", None, _solar)
    assert future.published is None and "after today (a lunar Hijri year?)" in (future.problem or "")
    assert read_stated_date("2025-03-21", None, _solar).calendar is None  # a Gregorian date stays one


@pytest.mark.parametrize(
    ("label", "calendar"),
    [("jalali", SOLAR_HIJRI), ("Solar Hijri", SOLAR_HIJRI), ("solar_hijri", SOLAR_HIJRI), ("شمسی", SOLAR_HIJRI),
     ("persian", SOLAR_HIJRI), ("hijri", LUNAR_HIJRI), ("islamic-umalqura", LUNAR_HIJRI), ("gregorian", "Gregorian"),
     ("hebrew", None), (7, None)],
)  # fmt: skip
def test_calendar_labels(label: object, calendar: str | None) -> None:
    assert declared_calendar(label) == calendar


def _body(name: str) -> str:
    """A bundled Persian article's text (after its front matter)."""
    text = (SAMPLE / name).read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1].strip() if text.startswith("---") else text


def _scan(folder: Path, db: Path) -> tuple[dict[str, tuple[str | None, str, dict[str, object]]], list[tuple[str, int | None, str]], list[tuple[str, str]]]:
    """Scan ``folder`` into a fresh store: each document's (published, date_source, extra) by
    file name and record, the errors rows, and each narrative's earliest member and confidence."""
    with open_store(db) as store:
        result = scan([folder], store, FAST)
        assert not result.errors, result.errors
        rows = store.con.execute("SELECT id, source_key, published, date_source, extra FROM documents").fetchall()
        names = {doc: key.rsplit("/", 1)[1] for doc, key, *_ in rows}
        docs = {names[doc]: (published, source, json.loads(extra or "{}")) for doc, _, published, source, extra in rows}
        errors = [(path.rsplit("/", 1)[-1], line, reason) for path, line, reason in store.con.execute("SELECT path, line, reason FROM errors ORDER BY path, line").fetchall()]
        narratives = [(names[str(earliest).split(",")[0]], confidence) for earliest, confidence in store.con.execute("SELECT earliest, confidence FROM narratives ORDER BY documents DESC").fetchall()]
    return docs, errors, narratives


def test_a_persian_feed_is_dated_by_its_solar_hijri_dates_and_its_copies_ordered(tmp_path: Path) -> None:
    """A JSONL feed of a Persian article and its retyped copy, dated in the Solar Hijri calendar
    (a month's name; numbers alone, in a Persian text that names no calendar), and a third copy
    dated by the lunar calendar: the first two are converted with a note and ordered (the
    original earliest), the third is undated with its note."""
    folder = tmp_path / "in"
    folder.mkdir()
    original, copy = _body("bandarnameh-abshirinkon.md"), _body("khalijonline-abshirinkon-fa.txt")
    records = [
        {"id": "copy", "text": copy, "published": "۱۴۰۳/۱۲/۲۵ ۰۹:۰۰"},  # 15 March 2025
        {"id": "original", "text": original, "published": "۲۲ اسفند ۱۴۰۳"},  # 12 March 2025
        {"id": "lunar", "text": copy + "\n\nبازنشر دوباره.", "published": "١٥ رمضان ١٤٤٦ هـ"},
    ]
    write_jsonl(folder / "feed.jsonl", records, ensure_ascii=False)
    docs, errors, narratives = _scan(folder, tmp_path / "s.duckdb")
    assert docs["feed.jsonl#id=original"][:2] == ("2025-03-12", "metadata")
    assert docs["feed.jsonl#id=copy"][:2] == ("2025-03-15T09:00:00", "metadata")
    assert docs["feed.jsonl#id=original"][2] == {"published_raw": "۲۲ اسفند ۱۴۰۳", "published_calendar": SOLAR_HIJRI}
    assert docs["feed.jsonl#id=lunar"][:2] == (None, "none")
    assert [(line, reason.split(" (")[0]) for _, line, reason in errors] == [
        (1, "kept: 'published' is a Solar Hijri date, read as 2025-03-15T09:00:00 in the Gregorian calendar"),
        (2, "kept: 'published' is a Solar Hijri date, read as 2025-03-12 in the Gregorian calendar"),
        (3, "kept undated: 'published' is a lunar Hijri date"),
    ]
    assert narratives[0] == ("feed.jsonl#id=original", "medium")  # medium: the lunar copy is undated


def test_persian_pages_are_dated_by_their_solar_hijri_metadata(tmp_path: Path) -> None:
    """HTML pages in Persian whose metadata states a Solar Hijri date (numbers in the published
    time, with its zone; a month's name in a plain date), and Markdown front matter: each
    dated, noted, and the original earliest with high confidence."""
    folder = tmp_path / "in"
    folder.mkdir()
    original, copy = _body("bandarnameh-abshirinkon.md"), _body("khalijonline-abshirinkon-fa.txt")

    def page(name: str, meta: str, text: str) -> None:
        body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
        (folder / name).write_text(
            f'<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{name}</title>{meta}</head>'
            f"<body><article>{body}</article></body></html>",
            encoding="utf-8",
        )

    page("a.html", '<meta property="article:published_time" content="1403-12-22T08:00:00+03:30">', original)
    page("b.html", '<meta name="date" content="۲۵ اسفند ۱۴۰۳">', copy)
    (folder / "c.md").write_text(f"---\ntitle: بازنشر\ndate: ۲۸ اسفند ۱۴۰۳\n---\n{copy}\n\nبازنشر دوباره.\n", encoding="utf-8")
    docs, errors, narratives = _scan(folder, tmp_path / "s.duckdb")
    assert {name: doc[:2] for name, doc in docs.items()} == {
        "a.html": ("2025-03-12T04:30:00+00:00", "metadata"),
        "b.html": ("2025-03-15", "metadata"),
        "c.md": ("2025-03-18", "metadata"),
    }
    assert docs["b.html"][2]["published_calendar"] == SOLAR_HIJRI
    assert [(name, reason.split(" in the Gregorian")[0]) for name, _, reason in errors] == [
        ("a.html", "kept: the page's date is a Solar Hijri date, read as 2025-03-12T04:30:00+00:00"),
        ("b.html", "kept: the page's date is a Solar Hijri date, read as 2025-03-15"),
        ("c.md", "kept: 'date' is a Solar Hijri date, read as 2025-03-18"),
    ]
    assert narratives == [("a.html", "high")]


def test_numbers_alone_in_another_language_or_labelled_stay_as_the_evidence_says(tmp_path: Path) -> None:
    """Numbers alone: undated in an Arabic and an English text (which calendar is not said),
    converted where the input says ``calendar: jalali``, lunar where it says ``hijri``,
    undated in a Persian text whose input says ``gregorian``."""
    folder = tmp_path / "in"
    folder.mkdir()
    arabic, persian = _body("sawtalmina-mahatta-ar.txt"), _body("khalijonline-abshirinkon-fa.txt")
    english = "The council approved the new harbour budget on Monday after a long debate about the ferry."
    records = [
        {"id": "arabic", "text": arabic, "published": "1404/01/15"},
        {"id": "english", "text": english, "published": "1404/01/15"},
        {"id": "labelled", "text": english + " Again.", "published": "1404/01/15", "calendar": "jalali"},
        {"id": "lunar", "text": english + " Twice.", "published": "1446/09/15", "calendar": "hijri"},
        {"id": "said-gregorian", "text": persian, "published": "1404/01/15", "calendar": "gregorian"},
    ]
    write_jsonl(folder / "feed.jsonl", records, ensure_ascii=False)
    docs, errors, _ = _scan(folder, tmp_path / "s.duckdb")
    assert {key.split("=")[1]: doc[0] for key, doc in docs.items()} == {
        "arabic": None, "english": None, "labelled": "2025-04-04", "lunar": None, "said-gregorian": None,
    }  # fmt: skip
    reasons = {line: reason for _, line, reason in errors}
    for line in (1, 2):
        assert reasons[line].startswith("kept undated: 'published' is in the year 1404, before 1500")
        assert "nor its language (Persian) says which" in reasons[line]
    assert reasons[3].startswith("kept: 'published' is a Solar Hijri date, read as 2025-04-04")
    assert reasons[4].startswith("kept undated: 'published' is a lunar Hijri date (as its input says)")
    assert "before 1500" in reasons[5] and "says which" not in reasons[5]


def test_check_add_reads_dates_in_the_stores_order_unless_told(tmp_path: Path) -> None:
    """``check --add`` stores the article's date as a scan would: in the order of numeric days
    the store was scanned with (which stays recorded), or in the one given."""
    from typer.testing import CliRunner

    from copytrail.cli.main import app

    runner = CliRunner()
    text = "The council approved the new harbour budget on Monday after a long debate about the ferry and the pier."
    first, second, third = (tmp_path / name for name in ("a.jsonl", "b.jsonl", "c.jsonl"))
    first.write_text(json.dumps({"id": "a", "text": text, "published": "03/04/2025"}) + "\n", encoding="utf-8")
    second.write_text(json.dumps({"id": "b", "text": text + " Again.", "published": "05/06/2025"}) + "\n", encoding="utf-8")
    third.write_text(json.dumps({"id": "c", "text": text + " Twice.", "published": "07/08/2025"}) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert runner.invoke(app, ["scan", str(first), "--db", str(db), "--date-order", "dmy", "--quiet", "--no-claims"]).exit_code == 0
    recorded = []
    for file, order in ((second, []), (third, ["--date-order", "mdy"])):
        added = runner.invoke(app, ["check", str(file), "--db", str(db), "--add", *order])
        assert added.exit_code in (0, 1), added.output
        with open_store(db, read_only=True) as store:
            recorded.append(json.loads(store.get_meta("ingest_settings") or "{}").get("date_order"))
            dates = dict(store.con.execute("SELECT regexp_extract(source_key, '[a-z]+$'), published FROM documents").fetchall())
    assert recorded == ["dmy", "mdy"]  # as a scan records the order it is given
    assert dates == {"a": "2025-04-03", "b": "2025-06-05", "c": "2025-07-08"}


def test_a_scan_whose_inputs_are_only_noted_succeeds(tmp_path: Path) -> None:
    """A date converted or left undated is a note, not a failure: the scan exits 0, again when
    the files are unchanged (a note once made the store's errors table say they failed)."""
    from typer.testing import CliRunner

    from copytrail.cli.main import app

    folder = tmp_path / "in"
    folder.mkdir()
    records = [
        {"id": "jalali", "text": _body("bandarnameh-abshirinkon.md"), "published": "۲۲ اسفند ۱۴۰۳"},
        {"id": "ambiguous", "text": "The council approved the new harbour budget on Monday.", "published": "03/04/2025"},
    ]
    write_jsonl(folder / "feed.jsonl", records, ensure_ascii=False)
    (folder / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    runner = CliRunner()
    db = tmp_path / "s.duckdb"
    shown = []
    for _ in range(2):
        done = runner.invoke(app, ["scan", str(folder / "feed.jsonl"), "--db", str(db), "--quiet", "--no-claims"])
        assert done.exit_code == 0, done.output
        shown.append(" ".join(done.output.split()))
    assert "kept: 'published' is a Solar Hijri date, read as 2025-03-12" in shown[0]
    assert "kept undated: 'published' is ambiguous" in shown[0]
    failed = runner.invoke(app, ["scan", str(folder), "--db", str(db), "--quiet", "--no-claims"])
    assert failed.exit_code == 1, failed.output  # a line that is no JSON still fails


def test_a_crawled_page_takes_its_solar_hijri_date_over_the_capture_time(tmp_path: Path) -> None:
    """A WARC response whose page states a Solar Hijri date is dated by it (as stated by the
    page, converted, noted with its record's number), not by the crawl's capture time."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder = tmp_path / "in"
    folder.mkdir()
    body = "".join(f"<p>{p}</p>" for p in _body("khalijonline-abshirinkon-fa.txt").split("\n\n"))
    page = f'<html lang="fa"><head><meta name="date" content="۲۵ اسفند ۱۴۰۳"></head><body><article>{body}</article></body></html>'
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        "https://khalij.example/fa/abshirinkon", "response", payload=io.BytesIO(page.encode("utf-8")),
        http_headers=http, warc_headers_dict={"WARC-Date": "2025-04-01T12:00:00Z"},
    ))  # fmt: skip
    (folder / "crawl.warc.gz").write_bytes(buf.getvalue())
    docs, errors, _ = _scan(folder, tmp_path / "s.duckdb")
    assert docs["crawl.warc.gz#R1"][:2] == ("2025-03-15", "metadata")
    assert [(line, reason.split(" in the Gregorian")[0]) for _, line, reason in errors] == [
        (2, "kept: the page's date is a Solar Hijri date, read as 2025-03-15"),
    ]


def test_a_pashto_solar_hijri_date_is_its_gregorian_day() -> None:
    from copytrail.stages.claims import extract_claims
    from copytrail.stages.ingest.metadata import read_stated_date

    stated = read_stated_date("۲۵ چنګاښ ۱۴۰۳")  # 25 Saratan (Tir) 1403
    assert (stated.published, stated.calendar) == ("2024-07-15", "Solar Hijri")
    assert [c.value for c in extract_claims("غونډه د ۲۵ چنګاښ ۱۴۰۳ جوړه شوه.")] == ["2024-07-15"]


def test_a_feed_value_with_its_solar_hijri_date_among_words_is_that_day() -> None:
    stated = read_stated_date("تاریخ انتشار: ۲۴ مهر ۱۴۰۳")  # "published:", as a byline writes it
    assert (stated.published, stated.calendar) == ("2024-10-15", "Solar Hijri")
    month_alone = read_stated_date("خبر مهر ۱۴۰۳")  # a month and year among words: still no day
    assert (month_alone.published, month_alone.calendar) == (None, "Solar Hijri")


def test_a_solar_hijri_time_whose_half_of_the_day_a_word_after_it_may_give_is_left_out() -> None:
    from copytrail.stages.ingest.calendars import calendar_date_in

    assert calendar_date_in("تاریخ انتشار: ۲۴ مهر ۱۴۰۳ - ۱۰:۳۰ ب.ظ") == "24 مهر 1403"  # 22:30: the day alone
    assert calendar_date_in("۲۴ مهر ۱۴۰۳ - ۲۲:۳۰ خبرگزاری") == "24 مهر 1403 - 22:30"  # no half needed
    assert read_stated_date("تاریخ انتشار: ۲۴ مهر ۱۴۰۳ ساعت ۱۰:۳۰").published == "2024-10-15T10:30:00"
