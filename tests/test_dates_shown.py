"""A date converted from another calendar says so wherever it is shown: the report, the web
app's pages and API, ``check`` and the exports all give the Gregorian day with the date as its
input stated it ("2025-03-12 (stated as ۲۲ اسفند ۱۴۰۳, Solar Hijri, to the day)"), escaped.
Each test scans a real Persian feed into a real DuckDB store."""

from __future__ import annotations

import csv
import html
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import FAST, write_jsonl
from copytrail.api import check_text
from copytrail.cli.main import app
from copytrail.engines.local import scan
from copytrail.outputs.export import export
from copytrail.outputs.report import build_report
from copytrail.outputs.sqlite import export_sqlite
from copytrail.outputs.web.data import dated
from copytrail.records import date_label, stated_in_calendar
from copytrail.store import open_store

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-corpus"
STATED = "۲۲ اسفند ۱۴۰۳"  # 12 March 2025
COPY_STATED = "۱۴۰۳/۱۲/۲۵ ۰۹:۰۰"  # 15 March 2025, 09:00
SHOWN = f"2025-03-12 (stated as {STATED}, Solar Hijri, to the day)"
SHOWN_HTML = f"2025-03-12 (stated as <bdi>{STATED}</bdi>, Solar Hijri, to the day)"
COPY_SHOWN_HTML = f"2025-03-15 09:00 (no time zone) (stated as <bdi>{COPY_STATED}</bdi>, Solar Hijri, to the minute)"
runner = CliRunner()


def _body(name: str) -> str:
    text = (SAMPLE / name).read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1].strip() if text.startswith("---") else text


@pytest.fixture(scope="module")
def persian_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Persian article and its retyped copy, dated in Solar Hijri, and a third record dated
    as written (Gregorian), scanned into a fresh store."""
    folder = tmp_path_factory.mktemp("persian")
    records = [
        {"id": "original", "title": "آب‌شیرین‌کن بندر", "text": _body("bandarnameh-abshirinkon.md"), "published": STATED},
        {"id": "copy", "text": _body("khalijonline-abshirinkon-fa.txt"), "published": COPY_STATED},
        {"id": "gregorian", "text": _body("khalijonline-abshirinkon-fa.txt") + "\n\nبازنشر.", "published": "2025-03-20"},
    ]
    write_jsonl(folder / "feed.jsonl", records, ensure_ascii=False)
    db = folder / "fa.duckdb"
    with open_store(db) as store:
        scan([folder], store, FAST)
    return db


def _ids(db: Path) -> dict[str, str]:
    with open_store(db, read_only=True) as store:
        return {key.rsplit("=", 1)[1]: doc for doc, key in store.con.execute("SELECT id, source_key FROM documents").fetchall()}


def test_the_label_says_how_a_converted_date_was_stated() -> None:
    """Only a stated date with its calendar recorded is said to be converted; its controls
    and bidi marks are left out, and a page escapes it (a date shown, never markup)."""
    assert date_label("2025-03-12", "metadata", STATED, "Solar Hijri") == SHOWN
    assert date_label("2025-03-12", "metadata") == "2025-03-12 (stated, to the day)"
    assert date_label("2025-03-12", "file", STATED, "Solar Hijri") == "2025-03-12 (file time, to the day)"
    assert date_label(None, "none", "not a date", None) == "undated"
    assert stated_in_calendar("2025-03-12", "metadata", "not a date at all", None) is None  # kept raw, not converted
    assert stated_in_calendar("2025-03-12", "metadata", f"\u202e{STATED}\u2066\n", "Solar Hijri") == (STATED, "Solar Hijri")
    shown = str(dated({"published": "2025-03-12", "date_source": "metadata", "published_raw": "<b>۲۲</b>&", "published_calendar": "<i>x"}))
    assert shown == "2025-03-12 (stated as <bdi>&lt;b&gt;۲۲&lt;/b&gt;&amp;</bdi>, &lt;i&gt;x, to the day)"
    assert dated({"published": "2025-03-20", "date_source": "metadata", "published_raw": None}) == "2025-03-20 (stated, to the day)"


def test_report_shows_the_stated_form_next_to_the_date(persian_db: Path, tmp_path: Path) -> None:
    """The report's cards give each converted date with the date as stated (isolated, so that
    the right-to-left date keeps its order) and the Gregorian one as it is; the page holds it
    in its data block, escaped for a script."""
    out = tmp_path / "report.html"
    with open_store(persian_db, read_only=True) as store:
        build_report(store, out)
    page = out.read_text(encoding="utf-8")
    block = page.split('<script type="application/json" id="report-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block  # nothing in the data can close the script
    docs = {d["cite"].rsplit("=", 1)[1]: d for d in json.loads(block)["docs"].values()}
    assert docs["original"]["date"] == f"2025-03-12 (stated as \u2068{STATED}\u2069, Solar Hijri, to the day)"
    assert docs["copy"]["date"] == f"2025-03-15 09:00 (no time zone) (stated as \u2068{COPY_STATED}\u2069, Solar Hijri, to the minute)"
    assert docs["gregorian"]["date"] == "2025-03-20 (stated, to the day)"
    assert f"stated as \u2068{STATED}\u2069, Solar Hijri" in page


def test_report_in_a_browser_shows_the_stated_form_in_order(persian_db: Path, tmp_path: Path) -> None:
    """Rendered by Chromium, the first narrative's member table gives each converted date
    with the date as stated, the right-to-left date kept whole beside the Gregorian day."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "report.html"
    with open_store(persian_db, read_only=True) as store:
        build_report(store, out)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(out.as_uri())
            page.wait_for_selector("details.narrative[open] table.grid")
            cells = page.locator("details.narrative[open] table.grid tbody tr td:first-child").all_inner_texts()
        finally:
            browser.close()
    shown = [" ".join(cell.replace("\u2068", "").replace("\u2069", "").replace("★", "").split()) for cell in cells]
    assert SHOWN in shown
    assert f"2025-03-15 09:00 (no time zone) (stated as {COPY_STATED}, Solar Hijri, to the minute)" in shown
    assert "2025-03-20 (stated, to the day)" in shown


@pytest.fixture(scope="module")
def client(persian_db: Path) -> Iterator[object]:
    httpx = pytest.importorskip("httpx")
    pytest.importorskip("uvicorn")
    pytest.importorskip("fastapi")
    from copytrail.outputs.web import create_app
    from test_web import LiveServer

    with LiveServer(create_app(persian_db)) as server, httpx.Client(base_url=server.url, timeout=30, headers={"Origin": server.url}) as c:
        yield c


def test_web_pages_show_the_stated_form(persian_db: Path, client: object) -> None:
    """The document page, the documents list, a narrative's members, the side by side and the
    other side of a document's passages each show the stated form beside the day."""
    ids = _ids(persian_db)
    get = client.get  # type: ignore[attr-defined]
    page = get(f"/documents/{ids['original']}").text
    assert SHOWN_HTML in page
    assert COPY_SHOWN_HTML in page  # its passage's other side
    assert SHOWN_HTML in get("/documents").text and "2025-03-20 (stated, to the day)" in get("/documents").text
    narrative = get("/api/narratives").json()["items"][0]["id"]
    members = get(f"/narratives/{narrative}").text
    assert SHOWN_HTML in members and COPY_SHOWN_HTML in members
    passages = get(f"/api/documents/{ids['original']}").json()["passages"]
    alignment = next(a["id"] for a in passages if a["other"] == ids["copy"])
    sides = get(f"/alignments/{alignment}").text
    assert SHOWN_HTML in sides and COPY_SHOWN_HTML in sides
    assert "stated as" not in html.unescape(get(f"/documents/{ids['gregorian']}").text).split("<h2>Text</h2>")[0]


def test_web_check_shows_the_stated_form_of_a_source(client: object) -> None:
    """The check page names each source's date as stated; the check API gives both fields."""
    text = _body("bandarnameh-abshirinkon.md")
    page = client.post("/check", data={"text": text})  # type: ignore[attr-defined]
    assert page.status_code == 200 and SHOWN_HTML in page.text
    matches = client.post("/api/check", json={"text": text}).json()["matches"]  # type: ignore[attr-defined]
    assert (STATED, "Solar Hijri") in [(m["published_raw"], m["published_calendar"]) for m in matches]


def test_web_api_returns_the_stated_date_and_its_calendar(persian_db: Path, client: object) -> None:
    ids = _ids(persian_db)
    get = client.get  # type: ignore[attr-defined]
    doc = get(f"/api/documents/{ids['original']}").json()
    assert (doc["published"], doc["published_raw"], doc["published_calendar"]) == ("2025-03-12", STATED, "Solar Hijri")
    gregorian = get(f"/api/documents/{ids['gregorian']}").json()
    assert (gregorian["published_raw"], gregorian["published_calendar"]) == (None, None)
    narrative = get("/api/narratives").json()["items"][0]["id"]
    members = {m["doc"]: m for m in get(f"/api/narratives/{narrative}").json()["members"]}
    assert (members[ids["copy"]]["published_raw"], members[ids["copy"]]["published_calendar"]) == (COPY_STATED, "Solar Hijri")


def test_check_shows_the_stated_form_of_a_source(persian_db: Path, tmp_path: Path) -> None:
    """``check`` names each source's date as stated, in its text and JSON output."""
    article = tmp_path / "article.txt"
    article.write_text(_body("bandarnameh-abshirinkon.md"), encoding="utf-8")
    with open_store(persian_db, read_only=True) as store:
        result = check_text(store, article.read_text(encoding="utf-8"), FAST)
    by_date = {m["published"]: m for m in result.as_dict()["matches"]}
    assert (by_date["2025-03-12"]["published_raw"], by_date["2025-03-12"]["published_calendar"]) == (STATED, "Solar Hijri")
    assert by_date["2025-03-20"]["published_raw"] is None
    shown = runner.invoke(app, ["check", str(article), "--db", str(persian_db)])
    assert shown.exit_code == 0, shown.output
    assert SHOWN in " ".join(shown.stdout.split())


def test_exports_carry_the_stated_date_and_its_calendar(persian_db: Path, tmp_path: Path) -> None:
    """Every document export keeps the date as stated and its calendar in ``extra`` (JSONL,
    CSV, Parquet, SQLite); the narratives export names them on each member."""
    wanted = {"published_raw": STATED, "published_calendar": "Solar Hijri"}
    with open_store(persian_db, read_only=True) as store:
        for fmt in ("jsonl", "csv", "parquet"):
            export(store, "documents", fmt, str(tmp_path / f"d.{fmt}"))
        export(store, "narratives", "jsonl", str(tmp_path / "n.jsonl"))
        export_sqlite(store, tmp_path / "d.sqlite")
    jsonl = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    with (tmp_path / "d.csv").open(encoding="utf-8", newline="") as f:
        from_csv = [json.loads(row["extra"]) for row in csv.DictReader(f)]
    from_parquet = [json.loads(extra) for extra in pq.read_table(tmp_path / "d.parquet").column("extra").to_pylist()]
    con = sqlite3.connect(tmp_path / "d.sqlite")
    try:
        from_sqlite = [json.loads(extra) for (extra,) in con.execute("SELECT extra FROM documents")]
    finally:
        con.close()
    for extras in ([r["extra"] for r in jsonl], from_csv, from_parquet, from_sqlite):
        assert wanted in [{k: e.get(k) for k in wanted} for e in extras]
        assert {"published_raw": COPY_STATED, "published_calendar": "Solar Hijri"} in [{k: e.get(k) for k in wanted} for e in extras]
    members = [m for line in (tmp_path / "n.jsonl").read_text(encoding="utf-8").splitlines() for m in json.loads(line)["members"]]
    assert {(m["published"], m["published_raw"], m["published_calendar"]) for m in members} >= {
        ("2025-03-12", STATED, "Solar Hijri"), ("2025-03-15T09:00:00", COPY_STATED, "Solar Hijri"),
    }
