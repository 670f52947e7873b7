"""Dates are taken only as stated, never guessed: a numeric day whose day and month could be
either is left undated, full stops put the day first, and a year before printing (a Solar
Hijri "1404/01/15", a lunar Hijri "1446/09/15") is another calendar's, not the Middle Ages.
Each date left out is noted on one line with its reason."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FAST, write_jsonl
from copytrail.engines.local import scan
from copytrail.stages.ingest.guard import date_note
from copytrail.stages.ingest.metadata import EARLIEST_YEAR, normalise_date
from copytrail.stages.ingest.settings import IngestSettings
from copytrail.store import open_store


@pytest.mark.parametrize(
    ("stated", "read"),
    [
        ("13/04/2025", "2025-04-13"),  # 13 can only be the day
        ("04/13/2025", "2025-04-13"),
        ("04/04/2025", "2025-04-04"),  # either way the same day
        ("04.03.2025", "2025-03-04"),  # full stops: the day first
        ("4.3.2025 10:00", "2025-03-04T10:00:00"),  # no zone stated: none stored
        ("2025/03/04", "2025-03-04"),  # the year first: year, month, day
        ("March 3, 2025", "2025-03-03"),
        ("1987-05-01", "1987-05-01"),
        ("1605-01-15", "1605-01-15"),
    ],
)
def test_dates_that_say_their_day_are_read(stated: str, read: str) -> None:
    assert normalise_date(stated) == read
    assert date_note("published", stated) is None


@pytest.mark.parametrize(
    ("stated", "reason"),
    [
        ("03/04/2025", "ambiguous"),
        ("03-04-2025 10:00", "ambiguous"),
        ("03/04/25", "ambiguous"),
        ("1404/01/15", "in the year 1404, before 1500"),
        ("۱۴۰۴/۰۱/۱۵", "in the year 1404, before 1500"),
        ("1446-09-15", "in the year 1446, before 1500"),
        ("yesterday", "no date that can be read"),
        ("99999-01-01", "out of range"),
    ],
)
def test_dates_that_do_not_say_their_day_are_left_out_with_the_reason(stated: str, reason: str) -> None:
    assert normalise_date(stated) is None
    note = date_note("published", stated)
    assert note is not None and note.startswith("kept undated: 'published' is ") and reason in note


@given(st.dates(min_value=date(1500, 1, 1), max_value=date(2999, 12, 31)), st.sampled_from("/-."))
def test_a_numeric_day_is_read_as_written_or_not_at_all(day: date, separator: str) -> None:
    """Month first with slashes or dashes, day first with full stops: read as that day when no
    other reading exists, else unread; never another day."""
    if separator == ".":
        written, read_as_written = f"{day.day:02d}.{day.month:02d}.{day.year}", True
    else:
        written = f"{day.month:02d}{separator}{day.day:02d}{separator}{day.year}"
        read_as_written = day.day > 12 or day.day == day.month
    assert normalise_date(written) == (day.isoformat() if read_as_written else None)


@given(st.integers(min_value=1000, max_value=EARLIEST_YEAR - 1), st.integers(1, 12), st.integers(1, 28))
def test_no_year_before_printing_is_kept(year: int, month: int, day: int) -> None:
    for written in (f"{year}-{month:02d}-{day:02d}", f"{year}/{month:02d}/{day:02d}", f"{year}-{month:02d}-{day:02d}T10:00:00Z"):
        assert normalise_date(written) is None
        assert "before 1500" in (date_note("date", written) or "")


def test_a_scan_keeps_such_records_undated_and_notes_why(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = "The council approved the new harbour budget on Monday after a long debate about the ferry."
    records = [
        {"id": "us", "text": text, "published": "03/04/2025"},
        {"id": "persian", "text": text + " Again.", "published": "1404/01/15"},
        {"id": "german", "text": text + " Twice.", "published": "04.03.2025"},
    ]
    write_jsonl(folder / "feed.jsonl", records)
    with open_store(tmp_path / "s.duckdb") as store:
        result = scan([folder], store, FAST)
        dates = dict(store.con.execute("SELECT source_key, published FROM documents").fetchall())
        notes = store.con.execute("SELECT line, reason FROM errors ORDER BY line").fetchall()
    assert not result.errors
    assert {key.rsplit("#id=", 1)[1]: value for key, value in dates.items()} == {
        "us": None, "persian": None, "german": "2025-03-04",
    }
    assert [line for line, _reason in notes] == [1, 2]
    assert "ambiguous" in notes[0][1] and "1404" in notes[1][1]


def test_a_declared_order_reads_such_days() -> None:
    assert normalise_date("03/04/2025", day_first=True) == "2025-04-03"
    assert normalise_date("03/04/2025", day_first=False) == "2025-03-04"
    assert normalise_date("13/04/2025", day_first=False) == "2025-04-13"  # a day over 12 tells regardless
    assert date_note("published", "03/04/2025", day_first=False) is None
    with pytest.raises(ValueError, match="date_order"):
        IngestSettings(date_order="ymd")


def test_scan_date_order_dates_what_the_input_declares(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from copytrail.cli.main import app

    folder = tmp_path / "in"
    folder.mkdir()
    text = "The council approved the new harbour budget on Monday after a long debate about the ferry."
    (folder / "feed.jsonl").write_text(json.dumps({"id": "us", "text": text, "published": "03/04/2025 10:00"}) + "\n", encoding="utf-8")
    runner = CliRunner()
    for order, expected in (("mdy", "2025-03-04T10:00:00"), ("dmy", "2025-04-03T10:00:00")):
        db = tmp_path / f"{order}.duckdb"
        out = runner.invoke(app, ["scan", str(folder), "--db", str(db), "--date-order", order, "--quiet", "--no-claims"])
        assert out.exit_code == 0, out.output
        with open_store(db, read_only=True) as store:
            assert store.con.execute("SELECT published FROM documents").fetchall() == [(expected,)]


def test_declaring_the_order_later_dates_a_stored_feed(tmp_path: Path) -> None:
    """A feed scanned without the order is undated; scanned again with it, its files are read
    again and dated (an unchanged file is otherwise skipped)."""
    from dataclasses import replace

    from copytrail.settings import ScanSettings

    folder = tmp_path / "in"
    folder.mkdir()
    text = "The council approved the new harbour budget on Monday after a long debate about the ferry."
    (folder / "feed.jsonl").write_text(json.dumps({"id": "us", "text": text, "published": "03/04/2025"}) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    dates = []
    for order in (None, "mdy", None):
        settings = replace(FAST, ingest=IngestSettings(date_order=order))
        assert isinstance(settings, ScanSettings)
        with open_store(db) as store:
            scan([folder], store, settings)
            dates.append(store.con.execute("SELECT published FROM documents").fetchall())
    assert dates == [[(None,)], [("2025-03-04",)], [(None,)]]


def _page_date(meta: str, order: str | None = None) -> str | None:
    from copytrail.stages.ingest import document_from_html

    body = "<article><p>" + "The council approved the new harbour budget after a long debate about the ferry. " * 5 + "</p></article>"
    doc = document_from_html(
        f"<html><head>{meta}</head><body>{body}</body></html>", source_key="k", path="p.html",
        limits=IngestSettings(date_order=order),
    )
    assert doc is not None
    return doc.published


def test_a_page_whose_metadata_writes_an_ambiguous_day_is_undated_unless_the_order_is_declared() -> None:
    """The page extractor reads "03/04/2025" as 3 April: a guess the page does not support."""
    assert _page_date('<meta name="date" content="03/04/2025">') is None
    assert _page_date('<meta property="article:published_time" content="03/04/2025">') is None
    assert _page_date('<meta property="article:published_time" content="03/04/2025">', "mdy") == "2025-03-04"
    assert _page_date('<meta name="date" content="13/04/2025">') == "2025-04-13"
    assert _page_date('<meta name="pubdate" content="04.03.2025">') == "2025-03-04"
    stated = '<meta property="article:published_time" content="2025-03-04T10:00:00+01:00"><meta name="date" content="03/04/2025">'
    assert _page_date(stated) == "2025-03-04T09:00:00+00:00"  # a plain statement wins


_BODY = "<article><h1>Budget</h1><p>" + "The council voted the city budget for next year after a long debate. " * 6 + "</p></article>"


@pytest.mark.parametrize(
    ("head", "body", "published"),
    [
        # when a page was last changed is not when it was published: an update weeks later
        # would make the page look like a late copy of its own copies
        ('<meta property="article:modified_time" content="2025-03-05T10:00:00Z">', "", None),
        ('<script type="application/ld+json">{"@type":"NewsArticle","dateModified":"2025-03-09T08:00:00Z"}</script>', "", None),
        (
            '<meta property="article:modified_time" content="2025-03-09T10:00:00Z">'
            '<meta property="article:published_time" content="2025-03-01T10:00:00Z">',
            "",
            "2025-03-01T10:00:00+00:00",
        ),
        (
            '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-03-09T06:00:00Z",'
            '"dateModified":"2025-03-09T08:00:00Z"}</script>',
            "",
            "2025-03-09T06:00:00+00:00",
        ),
        (
            '<meta property="article:modified_time" content="2025-03-02T10:00:00Z">',
            '<time datetime="2025-03-02T09:30:00+02:00">2 March 2025</time>',
            "2025-03-02T07:30:00+00:00",  # the byline's time
        ),
        # schema.org microdata on an element of the page, to the time it states
        ("", '<span itemprop="datePublished" content="2025-02-27">27 February</span>', "2025-02-27"),
        ("", '<time itemprop="datePublished" datetime="2025-02-26T08:00:00Z">26 February</time>', "2025-02-26T08:00:00+00:00"),
    ],
    ids=["modified-meta", "modified-json-ld", "published-and-modified", "same-day", "time-element", "microdata", "microdata-time"],
)
def test_a_page_is_dated_by_its_publication_never_by_its_last_change(head: str, body: str, published: str | None) -> None:
    from copytrail.stages.ingest.html import document_from_html

    doc = document_from_html(f"<html><head>{head}</head><body>{body}{_BODY}</body></html>", source_key="p", path="p.html")
    assert doc is not None
    assert (doc.published, doc.date_source) == (published, "metadata" if published else "none")
