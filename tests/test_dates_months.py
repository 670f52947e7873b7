"""Dates stated with a month named in another language are read exactly (a named month leaves
no doubt about which number is the day); a month with no day, or no year, stays unread."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FAST, write_jsonl
from copytrail.engines.local import scan
from copytrail.stages.ingest.metadata import date_problem, normalise_date
from copytrail.stages.ingest.month_names import with_english_months
from copytrail.store import open_store


@pytest.mark.parametrize(
    ("stated", "read"),
    [
        ("12 марта 2025", "2025-03-12"),
        ("12 марта 2025 года, 10:30", "2025-03-12T10:30:00"),
        ("12 березня 2025", "2025-03-12"),
        ("١٢ مارس ٢٠٢٥", "2025-03-12"),  # Arabic-Indic digits
        ("۱۲ مارس ۲۰۲۵", "2025-03-12"),  # Persian digits
        ("12 آذار 2025", "2025-03-12"),  # Levantine Arabic
        ("3 كانون الثاني 2024", "2024-01-03"),  # a name of two words
        ("3 تشرين الأول 2024", "2024-10-03"),
        ("12 جنوری 2025", "2025-01-12"),  # Urdu
        ("12 ژانویه 2025", "2025-01-12"),  # Persian names of Gregorian months
        ("12 دی‌سامبر 2024", None),  # not a name: never guessed
        ("12 de marzo de 2025", "2025-03-12"),
        ("le 12 mars 2025", "2025-03-12"),
        ("12. März 2025", "2025-03-12"),
        ("12 Ağustos 2024", "2024-08-12"),
        ("12 दिसंबर 2024", "2024-12-12"),
        ("2025年3月12日", "2025-03-12"),
        ("2025년 3월 12일", "2025-03-12"),
        ("12 mai 2025 à 14h30", "2025-05-12T14:30:00"),
        ("Mon, 12 Mar 2025 12:00 am", "2025-03-12T00:00:00"),  # English as before
        ("14. května 2024", "2024-05-14"),  # Czech, genitive
        ("14. mája 2024", "2024-05-14"),  # Slovak
        ("2024. május 14.", "2024-05-14"),  # Hungarian: year first
        ("14 iunie 2024", "2024-06-14"),  # Romanian
        ("14. toukokuuta 2024", "2024-05-14"),  # Finnish, partitive
        ("14 gegužės 2024", "2024-05-14"),  # Lithuanian
        ("14. maijā 2024", "2024-05-14"),  # Latvian, locative
        ("14 augusti 2024", "2024-08-14"),  # Swedish
        ("14 юни 2024", "2024-06-14"),  # Bulgarian
        ("14 децембар 2024", "2024-12-14"),  # Serbian
        ("14 de maig de 2024", "2024-05-14"),  # Catalan
        ("14 Ogos 2024", "2024-08-14"),  # Malay
        ("14 במאי 2024", "2024-05-14"),  # Hebrew, with its prefix "in"
        ("14 tháng 5 năm 2024", "2024-05-14"),  # Vietnamese numbers its months
        ("14 tháng 13 năm 2024", None),
        ("14 พฤษภาคม 2567", "2024-05-14"),  # Thai: a Buddhist-era year
        ("14 พ.ค. 2567", "2024-05-14"),
        ("14 พฤษภาคม 2024", "2024-05-14"),  # a Gregorian year beside a Thai month
        ("2024 m. gegužės 14 d.", "2024-05-14"),  # Lithuanian, year first
        ("令和6年5月14日", "2024-05-14"),  # a Japanese era's year
        ("令和元年5月1日", "2019-05-01"),  # an era's first year
        ("平成30年12月1日", "2018-12-01"),
    ],
)
def test_a_month_named_in_another_language_is_read(stated: str, read: str | None) -> None:
    assert normalise_date(stated) == read


@pytest.mark.parametrize("stated", ["март 2025", "12 марта", "marzo de 2025", "كانون الثاني 2024"])
def test_a_named_month_without_its_day_or_year_stays_unread(stated: str) -> None:
    assert normalise_date(stated) is None
    assert date_problem(stated) == "no date that can be read"


def test_the_persian_month_azar_is_not_the_arabic_march() -> None:
    """"آذر" (Azar, a Solar Hijri month: converted by the calendar reading, not here) and
    "آذار" (March in Levantine Arabic) differ by one letter."""
    assert with_english_months("12 آذر 1403") == "12 آذر 1403"
    assert "March" in with_english_months("12 آذار 2025")


@given(st.text(max_size=60))
def test_any_text_is_read_or_refused_without_an_exception(text: str) -> None:
    normalise_date(text)
    with_english_months(text)


def _scanned(tmp_path: Path, published: dict[str, str]) -> tuple[dict[str, tuple[Any, ...]], list[str], dict[str, int]]:
    """One record per id stating ``published``, scanned as a JSONL file: each record's
    (published, date_source, extra), the notes, the store's counts."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = "The council approved the new harbour budget on Monday after a long debate about the ferry."
    records = [{"id": key, "text": f"{text} {'Again. ' * k}", "published": value} for k, (key, value) in enumerate(published.items())]
    write_jsonl(folder / "feed.jsonl", records, ensure_ascii=False)
    with open_store(tmp_path / "s.duckdb") as store:
        scan([folder], store, FAST)
        rows = store.con.execute("SELECT source_key, published, date_source, extra FROM documents").fetchall()
        notes = [reason for (reason,) in store.con.execute("SELECT reason FROM errors").fetchall()]
        counts = store.counts()
    read = {key.rsplit("#id=", 1)[1]: (day, source, json.loads(extra) if isinstance(extra, str) else extra) for key, day, source, extra in rows}
    return read, notes, counts


def test_a_scan_dates_records_by_their_named_months(tmp_path: Path) -> None:
    read, notes, counts = _scanned(
        tmp_path, {"ru": "12 марта 2025 года", "ar": "١٤ مارس ٢٠٢٥", "es": "13 de marzo de 2025", "month-only": "март 2025"}
    )
    # a date left unread is a note on a kept document, not an input that failed
    assert (counts["errors"], counts["notes"]) == (0, 1)
    dated = {key: (published, source) for key, (published, source, _extra) in read.items()}
    assert dated == {
        "ru": ("2025-03-12", "metadata"),
        "ar": ("2025-03-14", "metadata"),
        "es": ("2025-03-13", "metadata"),
        "month-only": (None, "none"),
    }
    assert len(notes) == 1 and "март 2025" in notes[0]


def test_a_thai_or_japanese_era_year_is_shown_as_stated(tmp_path: Path) -> None:
    """A Buddhist-era or Japanese era year becomes the Gregorian day, and what was stated and
    its calendar are kept beside it (a note says so), as a Solar Hijri date's are; a Gregorian
    year beside a Thai month is read as written."""
    from copytrail.records import stated_in_calendar

    read, notes, _counts = _scanned(tmp_path, {"th": "14 พฤษภาคม 2567", "ja": "令和6年5月14日", "th-gregorian": "14 พฤษภาคม 2024"})
    shown = {
        key: (published, stated_in_calendar(published, source, extra.get("published_raw"), extra.get("published_calendar")))
        for key, (published, source, extra) in read.items()
    }
    assert shown == {
        "th": ("2024-05-14", ("14 พฤษภาคม 2567", "Buddhist era")),
        "ja": ("2024-05-14", ("令和6年5月14日", "Japanese era")),
        "th-gregorian": ("2024-05-14", None),
    }
    assert sorted(n.split(" date,")[0] for n in notes) == ["kept: 'published' is a Buddhist era", "kept: 'published' is a Japanese era"]


def test_the_report_counts_notes_apart_from_inputs_that_failed(tmp_path: Path) -> None:
    """A kept document whose date was left unread is no failed input in the report either."""
    from copytrail.outputs.report.data import corpus_summary

    folder = tmp_path / "in"
    folder.mkdir()
    text = "The council approved the new harbour budget on Monday after a long debate about the ferry."
    lines = [json.dumps({"id": "noted", "text": text, "published": "март 2025"}, ensure_ascii=False), "{not json"]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_store(tmp_path / "s.duckdb") as store:
        scan([folder], store, FAST)
        summary = corpus_summary(store)
    assert (summary["errors"], summary["notes"]) == (1, 1)
    assert [row["reason"].startswith("kept") for row in summary["error_rows"]] == [False, True]  # failures first


def test_a_stated_date_among_other_words_is_read_and_noted(tmp_path: Path) -> None:
    stated = {
        "ru": "Опубликовано: 14 мая 2024 г., 09:30", "es": "Publicado el 14 de mayo de 2024",
        "zh": "发布时间：2024年5月14日 09:30", "updated": "Updated 20 May 2024",
        "two": "14 May 2024 and 20 May 2024", "beyond": "9999-12-31T23:00:00-05:00",
        "de": "Veröffentlicht am 14.05.2024 um 09:30 Uhr", "version": "v1.2.2024 release notes",
    }  # fmt: skip
    text = "The council approved the new harbour budget on Monday after a long debate about the ferry."
    (tmp_path / "in").mkdir()
    records = [{"id": key, "text": f"{text} ({k})", "published": value} for k, (key, value) in enumerate(stated.items())]
    write_jsonl(tmp_path / "in" / "feed.jsonl", records, ensure_ascii=False)
    with open_store(tmp_path / "s.duckdb") as store:
        scan([tmp_path / "in"], store, FAST)
        rows = store.con.execute("SELECT source_key, published, extra FROM documents").fetchall()
        notes = [r[0] for r in store.con.execute("SELECT reason FROM errors").fetchall()]
    dated = {key.rsplit("#id=", 1)[1]: published for key, published, _extra in rows}
    assert dated == {
        "ru": "2024-05-14T09:30:00", "es": "2024-05-14", "zh": "2024-05-14T09:30:00",
        "updated": None, "two": None, "beyond": None,  # a change's date, two dates, out of range: never guessed
        "de": "2024-05-14T09:30:00", "version": None,  # day first where dotted, as stated dates are read
    }  # fmt: skip
    raw = {key.rsplit("#id=", 1)[1]: json.loads(extra).get("published_raw") for key, _p, extra in rows}
    assert raw["ru"] == "Опубликовано: 14 мая 2024 г., 09:30"  # shown beside the date read from it
    assert sum("among other words" in n for n in notes) == 4 and sum("kept undated" in n for n in notes) == 4


@given(st.text(max_size=120))
def test_a_date_among_words_is_found_or_not_without_an_exception(text: str) -> None:
    from copytrail.stages.ingest.metadata import date_among_words

    found = date_among_words(text)
    assert found is None or normalise_date(found) == found


@pytest.mark.parametrize(
    ("stated", "read"),
    [
        ("Publikováno 14. května 2024 09:30", "2024-05-14T09:30:00"),
        ("Aktualizováno 14. května 2024", None),  # when the page was changed: not its publication
        ("Frissítve: 2024. május 14.", None),
        ("Päivitetty 14. toukokuuta 2024", None),
        ("Julkaistu 14. toukokuuta 2024", "2024-05-14"),
        ("עודכן 14 במאי 2024", None),
        ("Cập nhật 14 tháng 5 năm 2024", None),
        ("Đăng lúc 14 tháng 5 năm 2024", "2024-05-14"),
        ("ปรับปรุง 14 พ.ค. 2567", None),
        ("প্রকাশিত: ১৪ মে ২০২৪, ১০:৩০", "2024-05-14T10:30:00"),  # Bengali digits and month
        ("আপডেট: ১৪ মে ২০২৪", None),
        ("प्रकाशित: १४ मे २०२४", "2024-05-14"),
        ("अपडेट: १४ मे २०२४", None),
        ("வெளியிடப்பட்டது: 14 மே 2024", "2024-05-14"),
        ("అప్\u200cడేట్: 14 మే 2024", None),
        ("പ്രസിദ്ധീകരിച്ചത്: 2024 മേയ് 14", "2024-05-14"),  # the year first
        ("Közzétéve: 2024. május 14.", "2024-05-14"),
        ("Imechapishwa: 14 Mei 2024", "2024-05-14"),
        ("Imesasishwa: 14 Mei 2024", None),
        ("An wallafa: 15 ga Yuli 2024", "2024-07-15"),  # Hausa
        ("Published: 15 July 2024 10:30 PM IST", "2024-07-15T22:30:00"),  # not 10:30
        ("Posted Jul. 15, 2024 at 9:05 pm", "2024-07-15T21:05:00"),
        ("Published: 15 July, 2024", "2024-07-15"),
        ("Updated: Jul 15, 2024, 10:30 PM", None),
        ("Published: 15 July 2024 22:30 GMT", "2024-07-15T22:30:00+00:00"),  # a zone stated plainly
        ("Published: 15 July 2024 10:30 PM UTC+2", "2024-07-15T20:30:00+00:00"),  # not read backwards
        # the time after each language's word for "at", and the forms of more languages
        ("Publicado el 15 de octubre de 2024 a las 10:30", "2024-10-15T10:30:00"),
        ("Publicado em 15 de outubro de 2024 às 10h30", "2024-10-15T10:30:00"),
        ("Pubblicato il 15 ottobre 2024 alle 10:30", "2024-10-15T10:30:00"),
        ("Gepubliceerd op 15 oktober 2024 om 10:30", "2024-10-15T10:30:00"),
        ("Publicerad 15 oktober 2024 kl. 10.30", "2024-10-15T10:30:00"),
        ("Julkaistu 15.10.2024 klo 10.30", "2024-10-15T10:30:00"),
        ("Objavljeno: 15. oktobar 2024. u 10:30", "2024-10-15T10:30:00"),  # Serbian's nominative
        ("Publicat el 15 d'octubre de 2024 a les 10:30", "2024-10-15T10:30:00"),  # Catalan's "d'"
        ("Publicēts 2024. gada 15. oktobrī", "2024-10-15"),  # Latvian: the year, its word, the day
        ("פורסם ב-15 באוקטובר 2024", "2024-10-15"),  # Hebrew's "on the" before the day
        ("입력 2024.10.15 10:30", "2024-10-15T10:30:00"),
        ("2024年10月15日 10時30分", "2024-10-15T10:30:00"),
        ("Ngày đăng: 15/10/2024 10:30", "2024-10-15T10:30:00"),
        ("Posted 03/04/2025", None),  # either could be the day
        ("Posted 15 October 2024 price 3.50", "2024-10-15"),  # a figure with a full stop is no time
        ("Objavljeno 15. oktobar 2024. u 25.30", "2024-10-15"),  # no such time: the day alone
        ("نشر في 15 أكتوبر 2024 - 10:30 م", "2024-10-15T22:30:00"),  # Arabic's "after noon"
        ("نشر في ١٥ أكتوبر ٢٠٢٤، ١٠:٣٠ صباحاً", "2024-10-15T10:30:00"),
        ("نشر في 15 أكتوبر 2024 10:30 عصرا", "2024-10-15"),  # a word after the time not read: no time
        ("Δημοσιεύθηκε 15 Οκτωβρίου 2024 10:30 μ.μ.", "2024-10-15T22:30:00"),
        ("Ngày đăng: 15/10/2024 10:30 CH", "2024-10-15T22:30:00"),
        ("Publicado 15/10/2024 | 10:30", "2024-10-15T10:30:00"),
        ("Yayınlanma: 15 Ekim 2024 Salı 10:30", "2024-10-15T10:30:00"),  # Turkish: the weekday before the time
        ("Yayınlanma: 15 Ekim 2024, Cumartesi, saat 10:30", "2024-10-15T10:30:00"),
        ("Dərc edilib: 15 oktyabr 2024, çərşənbə axşamı 10:30", "2024-10-15T10:30:00"),  # Azerbaijani
        ("Yayınlanma: 15 Ekim 2024 Güncelleme 10:30", "2024-10-15"),  # another word: the time is not the date's
    ],
)
def test_a_date_among_words_of_more_languages_is_read_unless_it_says_updated(stated: str, read: str | None) -> None:
    from copytrail.stages.ingest.metadata import read_stated_date

    assert read_stated_date(stated).published == read


@pytest.mark.parametrize(
    ("stated", "read"),
    [
        ("2024-07-15 22:30 UTC+2", "2024-07-15T20:30:00+00:00"),  # dateutil alone: 00:30 the next day
        ("15 July 2024 22:30 GMT-5", "2024-07-16T03:30:00+00:00"),
        ("15 July 2024 22:30 GMT+05:30", "2024-07-15T17:00:00+00:00"),
        ("Mon, 15 Jul 2024 22:30:00 +0200", "2024-07-15T20:30:00+00:00"),
    ],
)
def test_an_offset_from_utc_or_gmt_is_read_as_written(stated: str, read: str) -> None:
    from copytrail.stages.ingest.metadata import normalise_date

    assert normalise_date(stated) == read


@pytest.mark.parametrize(
    ("stated", "read", "problem"),
    [
        ("2024-W29", None, "a week, not a day"),  # a week states no day: none guessed
        ("2024-W29-1", "2024-07-15", None),  # Monday of that week, and no midnight made up
        ("1721082600", "2024-07-15T22:30:00+00:00", None),  # a Unix time written as text
        ("1721082600000", "2024-07-15T22:30:00+00:00", None),
        ("Tue Jul 16 2024 00:30:00 GMT+0200 (Central European Summer Time)", "2024-07-15T22:30:00+00:00", None),
    ],
)
def test_weeks_timestamps_and_javascript_dates(stated: str, read: str | None, problem: str | None) -> None:
    from copytrail.stages.ingest.metadata import date_problem, normalise_date

    assert (normalise_date(stated), date_problem(stated)) == (read, problem)
