"""Texts that mix languages: read at ingest (documents.languages), each reused passage's own
language in the exports, the report and the web app, and the web app's language filter
keeping documents that hold a passage in that language."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FAST
from copytrail.engines.local import scan
from copytrail.outputs.export import export
from copytrail.outputs.report.data import narratives_data
from copytrail.outputs.sqlite import export_sqlite
from copytrail.stages.language import (
    UNDETERMINED,
    document_languages,
    is_language_code,
    read_languages,
)
from copytrail.store import open_store
from copytrail.store.queries import search_documents

# Our own writing: a council's decision on a desalination plant, in Persian and in English.
PERSIAN_PARAGRAPH = (
    "شورای شهر بندرعباس روز سه‌شنبه پس از سه ساعت بحث، بودجه طرح آب‌شیرین‌کن جدید را با یازده رأی "
    "موافق تصویب کرد. به گفته شهردار، این طرح روزانه چهل هزار متر مکعب آب آشامیدنی برای محله‌های شرقی "
    "شهر فراهم می‌کند. مخالفان می‌گویند هزینه برق این دستگاه‌ها در تابستان دو برابر می‌شود و قیمت آب برای "
    "خانواده‌ها بالا می‌رود. ساخت نخستین بخش طرح قرار است پیش از پایان پاییز آینده آغاز شود و پیمانکار آن "
    "هنوز انتخاب نشده است."
)
PERSIAN_ARTICLE = (
    "گزارش ویژه از جنوب کشور درباره کم‌آبی و راه‌های تازه برای تأمین آب شهرهای ساحلی.\n\n"
    + PERSIAN_PARAGRAPH
    + "\n\nنمایندگان محله‌های غربی خواستار آن شدند که سهمی از آب تازه به بیمارستان‌های شهر اختصاص یابد "
    "و گزارش ماهانه مصرف آب در اختیار مردم قرار گیرد.\n"
)
ENGLISH_OPENING = (
    "The coastal city's water shortage reached the council chamber again this week, where members "
    "argued for most of the afternoon about a plant that would turn sea water into drinking water. "
    "Local papers printed the council's own statement in full, and several readers sent it on to us. "
    "It read as follows.\n\n"
)
ENGLISH_CLOSING = (
    "\n\nEngineers we spoke to said the estimate of daily output looked plausible for a plant of that "
    "size, but that the electricity bill in the hot months was the figure to watch. Residents of the "
    "western districts told us they had heard nothing about when the new supply would reach them.\n"
)
MIXED_ARTICLE = ENGLISH_OPENING + PERSIAN_PARAGRAPH + ENGLISH_CLOSING
PLAIN_ENGLISH = (
    "The harbour authority opened a second container berth on Monday after two years of dredging "
    "and a long dispute over the cost of moving the old fish market. Officials said the berth would "
    "let larger ships call at the port and cut the waiting time for lorries at the southern gate. "
    "Traders from the fish market, now on the eastern quay, said business had fallen since the move.\n"
)


def test_a_text_quoting_a_paragraph_of_another_language_is_read_as_mixed() -> None:
    assert read_languages(MIXED_ARTICLE) == ("en", "fa")
    assert document_languages(MIXED_ARTICLE) == ("en", "en,fa")
    assert document_languages(MIXED_ARTICLE, "en-GB") == ("en-GB", "en-GB,en,fa")  # a stated language first


def test_one_language_with_stray_words_of_another_script_is_not_mixed() -> None:
    assert document_languages(PLAIN_ENGLISH) == ("en", "en")
    stray = PLAIN_ENGLISH.replace("fish market,", "fish market (بازار ماهی),")
    assert document_languages(stray) == ("en", "en")
    named = PERSIAN_ARTICLE.replace("بندرعباس", "Bandar Abbas (World Health Organization)")
    assert document_languages(named) == ("fa", "fa")


@pytest.mark.parametrize("text", ["", "2025 12 31 ٣٤٥ ۱۲۳", "😀👍🏽 🇮🇷 " * 40, "\u202b\u200f\u2067 123 " * 30])
def test_texts_of_digits_or_emoji_stay_undetermined(text: str) -> None:
    assert document_languages(text) == (UNDETERMINED, UNDETERMINED)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([ENGLISH_OPENING, PERSIAN_PARAGRAPH, PLAIN_ENGLISH, "۱۲۳ 😀 ", "\u200c\u202b", "Москва "]), max_size=6),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=80),  # lone surrogates too (a JSON escape gives them)
)
def test_any_mix_gets_codes_main_first_and_never_und_beside_another(parts: list[str], noise: str) -> None:
    language, languages = document_languages(noise.join(parts))
    found = languages.split(",")
    assert found[0] == language and all(is_language_code(code) for code in found)
    assert len(found) == len(set(found))
    assert len(found) == 1 or UNDETERMINED not in found


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "persian-source.txt").write_text(PERSIAN_ARTICLE, encoding="utf-8")
    (folder / "english-quoting.txt").write_text(MIXED_ARTICLE, encoding="utf-8")
    (folder / "english-plain.txt").write_text(PLAIN_ENGLISH, encoding="utf-8")
    (folder / "figures.txt").write_text("2025 · 12 · 31 😀👍🏽 ۱۲۳ ٣٤٥ 4,500\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    db = root / "store.duckdb"
    with open_store(db) as store:
        scan([_corpus(root / "corpus")], store, FAST)
    return db


def _by_name(store: object) -> dict[str, dict]:
    rows = store.query("SELECT id, path, language, languages FROM documents")  # type: ignore[attr-defined]
    return {Path(r["path"]).stem: r for r in rows}


def test_scan_stores_the_languages_of_each_document(mixed_db: Path) -> None:
    with open_store(mixed_db, read_only=True) as store:
        docs = _by_name(store)
        rows, total = search_documents(store, None, 50, 0, language="fa")
    assert {name: (d["language"], d["languages"]) for name, d in docs.items()} == {
        "persian-source": ("fa", "fa"),
        "english-quoting": ("en", "en,fa"),
        "english-plain": ("en", "en"),
        "figures": (UNDETERMINED, UNDETERMINED),
    }
    assert total == 2 and {Path(r["path"]).stem for r in rows} == {"persian-source", "english-quoting"}


def _reuse(rows: list[dict], docs: dict[str, dict]) -> dict:
    """The one alignment between the Persian source and the English text quoting it."""
    ids = {docs["persian-source"]["id"], docs["english-quoting"]["id"]}
    (found,) = [r for r in rows if {r["source"]["doc"], r["target"]["doc"]} == ids]
    return found


def test_the_reused_persian_passage_is_labelled_fa_in_every_export(mixed_db: Path, tmp_path: Path) -> None:
    with open_store(mixed_db, read_only=True) as store:
        docs = _by_name(store)
        export(store, "alignments", "jsonl", str(tmp_path / "a.jsonl"), with_text=True)
        export(store, "alignments", "csv", str(tmp_path / "a.csv"))
        export(store, "alignments", "parquet", str(tmp_path / "a.parquet"))
        export(store, "documents", "jsonl", str(tmp_path / "d.jsonl"))
        export_sqlite(store, tmp_path / "all.sqlite")
    rows = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    reuse = _reuse(rows, docs)
    mixed_side = "source" if reuse["source"]["doc"] == docs["english-quoting"]["id"] else "target"
    persian_side = "target" if mixed_side == "source" else "source"
    assert reuse[mixed_side]["language"] == reuse[persian_side]["language"] == "fa"
    assert "بودجه" in reuse[mixed_side]["text"]  # the passage itself is the Persian paragraph
    table = list(csv.DictReader((tmp_path / "a.csv").open(encoding="utf-8")))
    assert {(r[f"{mixed_side}_doc"], r[f"{mixed_side}_language"]) for r in table if docs["english-quoting"]["id"] in (r["source_doc"], r["target_doc"])} == {(docs["english-quoting"]["id"], "fa")}
    parquet = duckdb.sql(f"SELECT source_language, target_language FROM '{tmp_path / 'a.parquet'}'").fetchall()
    assert ("fa", "fa") in parquet
    con = sqlite3.connect(tmp_path / "all.sqlite")
    try:
        assert ("fa", "fa") in con.execute("SELECT source_language, target_language FROM alignments").fetchall()
        assert con.execute("SELECT languages FROM documents WHERE id = ?", [docs["english-quoting"]["id"]]).fetchone() == ("en,fa",)
    finally:
        con.close()
    exported = {Path(d["path"]).stem: d["languages"] for d in map(json.loads, (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines())}
    assert exported["english-quoting"] == "en,fa" and exported["english-plain"] == "en"


def test_the_report_names_the_passage_language_beside_a_mixed_document(mixed_db: Path) -> None:
    with open_store(mixed_db, read_only=True) as store:
        docs = _by_name(store)
        narratives, cards = narratives_data(store)
    passages = [(p, pair) for n in narratives for pair in n["pairs"] for p in pair["passages"]]
    (passage, pair) = next((p, pair) for p, pair in passages if docs["english-quoting"]["id"] in (pair["source"], pair["target"]))
    mixed_key = "a" if pair["source"] == docs["english-quoting"]["id"] else "b"
    assert passage[mixed_key]["language"] == "fa"  # not the document's English
    assert passage["b" if mixed_key == "a" else "a"]["language"] is None  # the Persian source's own language
    assert cards[docs["english-quoting"]["id"]]["languages"] == "en,fa"


def test_web_app_shows_and_filters_languages(mixed_db: Path) -> None:
    """Served for real on 127.0.0.1, asked over HTTP."""
    import httpx

    from copytrail.outputs.web import create_app
    from test_web import LiveServer

    with open_store(mixed_db, read_only=True) as store:
        docs = _by_name(store)
    mixed_id = docs["english-quoting"]["id"]
    with LiveServer(create_app(mixed_db)) as live, httpx.Client(base_url=live.url) as client:
        listed = client.get("/api/documents", params={"language": "fa"}).json()
        mixing = client.get("/api/documents", params={"mixed": "true"}).json()
        mixing_fa = client.get("/documents", params={"language": "fa", "mixed": "true"}).text
        html = client.get("/documents", params={"language": "fa"}).text
        page = client.get(f"/documents/{mixed_id}").text
        api = client.get("/api/alignments", params={"doc": mixed_id}).json()
        (aid,) = [a["id"] for a in api["items"] if docs["persian-source"]["id"] in (a["source"]["doc"], a["target"]["doc"])]
        side = client.get(f"/alignments/{aid}").text
        one = client.get(f"/api/alignments/{aid}").json()
    assert {d["id"] for d in listed["items"]} == {mixed_id, docs["persian-source"]["id"]}
    assert [d["id"] for d in mixing["items"]] == [mixed_id] and mixing["items"][0]["languages"] == "en,fa"
    assert "<td>en + fa</td>" in mixing_fa and "<td>fa</td>" not in mixing_fa and "mixing languages." in mixing_fa
    assert "<td>en + fa</td>" in html and "<td>fa</td>" in html and "english-plain" not in html
    assert "languages en + fa" in page and '<span class="lang">in fa</span>' in page
    assert "passage in fa (document in en + fa)" in side
    assert one["source"]["language"] == one["target"]["language"] == "fa"


def test_a_store_made_before_languages_reads_them_as_unread(mixed_db: Path, tmp_path: Path) -> None:
    """Documents stored before the column: NULL (not read, never guessed), and their
    passages' language unknown in the export rather than taken from the document."""
    db = tmp_path / "old.duckdb"
    db.write_bytes(mixed_db.read_bytes())
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE documents DROP COLUMN languages")
    con.close()
    with open_store(db) as store:
        assert {r["languages"] for r in store.query("SELECT languages FROM documents")} == {None}
        export(store, "alignments", "jsonl", str(tmp_path / "a.jsonl"))
    rows = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and {r[side]["language"] for r in rows for side in ("source", "target")} == {None}
