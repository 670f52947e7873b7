"""Files of records besides JSON Lines: CSV and TSV, Parquet, JSON (an array, a wrapping
object, one document, JSON Lines under another name) and gzipped ones.  Every record reads as
the same JSONL line would; a damaged file keeps what came before the damage and says why."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FAST
from copytrail.api import read_documents
from copytrail.engines.local import scan
from copytrail.outputs.export import export
from copytrail.records import Document, InputProblem, record_of
from copytrail.stages.ingest import IngestSettings, read_file
from copytrail.store import open_store

STORY = "The council approved the new harbour budget on Monday after a long debate about the ferry."
OTHER = "Lawmakers voted to extend the fuel subsidy for six months, citing prices at the pump."


def _read(path: Path, limits: IngestSettings | None = None) -> tuple[list[Document], list[InputProblem]]:
    items = list(read_file(path, path.name, limits=limits))
    return [d for d in items if isinstance(d, Document)], [p for p in items if isinstance(p, InputProblem)]


# Text a record may hold: any characters a JSON string and a CSV cell carry (no NUL, no lone
# surrogate), with some words in it so that it is never blank.
_cell = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
_texts = st.builds(lambda a, b: f"{a} harbour {b}", _cell, _cell)
_records = st.lists(
    st.fixed_dictionaries({"text": _texts, "title": st.one_of(st.none(), _cell)}), min_size=1, max_size=6
)


def _write(path: Path, records: list[dict], fmt: str) -> None:
    if fmt in ("csv", "tsv", "csv.gz"):
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",")
        writer.writerow(["text", "title"])
        writer.writerows([[r["text"], r["title"] or ""] for r in records])
        data = out.getvalue().encode("utf-8")
        path.write_bytes(gzip.compress(data) if fmt.endswith(".gz") else data)
    elif fmt == "json":
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    elif fmt == "json-wrapped":
        path.write_text(json.dumps({"status": "ok", "articles": records}, indent=2), encoding="utf-8")
    elif fmt == "jsonl.gz":
        path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode("utf-8")))
    else:
        pq.write_table(pa.Table.from_pylist(records, schema=pa.schema([("text", pa.string()), ("title", pa.string())])), path)


_NAMES = {"csv": "a.csv", "tsv": "a.tsv", "csv.gz": "a.csv.gz", "json": "a.json", "json-wrapped": "w.json",
          "jsonl.gz": "a.jsonl.gz", "parquet": "a.parquet"}  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=_records, fmt=st.sampled_from(sorted(_NAMES)))
def test_every_record_reads_back_exactly(tmp_path: Path, records: list[dict], fmt: str) -> None:
    """Whatever a record's text holds (quotes, separators, line breaks, any script), each format
    gives it back character for character, in order, with its title."""
    path = tmp_path / _NAMES[fmt]
    _write(path, records, fmt)
    docs, problems = _read(path)
    want = [r for r in records if r["text"].strip()]
    assert problems == []
    assert [d.text for d in docs] == [r["text"] for r in want]
    assert [d.title for d in docs] == [(r["title"] or "").strip() or None for r in want]


def test_spreadsheet_columns_are_ours_whatever_their_case(tmp_path: Path) -> None:
    """A spreadsheet's "Text", "Title", "URL" and "Date" are our fields, its other columns the
    document's extra; an empty cell is no value; the file's byte-order mark is no name."""
    path = tmp_path / "sheet.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ID", "Title", "Text", "URL", "Date", "Desk", "Notes"])
        writer.writerow(["a1", "Budget", STORY + "\nA second line.", "https://harbour.example/a", "2025-03-12", "city", ""])
        writer.writerow(["a2", "", OTHER, "", "", "", "", "", ""])  # empty cells past the header, as spreadsheets leave
    docs, problems = _read(path)
    assert problems == []
    assert [(d.record, d.title, d.url, d.published, d.fmt) for d in docs] == [
        ("id=a1", "Budget", "https://harbour.example/a", "2025-03-12", "csv"),
        ("id=a2", None, None, None, "csv"),
    ]
    assert docs[0].text == STORY + "\nA second line." and docs[0].extra == {"Desk": "city"} and docs[1].extra == {}


def test_a_semicolon_file_in_a_legacy_codec(tmp_path: Path) -> None:
    """Spreadsheets in many locales separate by semicolons and save in their Windows codec."""
    path = tmp_path / "export.csv"
    path.write_bytes("titre;texte;text\ncafé;x;Le conseil régional a approuvé l'usine lundi.\n".encode("cp1252"))
    docs, problems = _read(path)
    assert problems == [] and [d.text for d in docs] == ["Le conseil régional a approuvé l'usine lundi."]
    assert docs[0].extra == {"titre": "café", "texte": "x"} and docs[0].record == "line 2"


def test_a_spreadsheets_unicode_text_export(tmp_path: Path) -> None:
    """Excel's "Unicode Text" is tab-separated UTF-16 with its byte-order mark."""
    path = tmp_path / "export.tsv"
    path.write_bytes(f"Title\tText\nНовости\t{STORY}\n".encode("utf-16"))
    docs, problems = _read(path)
    assert problems == [] and [(d.title, d.text) for d in docs] == [("Новости", STORY)]


def test_damaged_csv_rows_are_reported_one_line_each(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(f"text,title\n{STORY},one\nLawmakers voted,two,three\n,empty\n\"{STORY}, unclosed\n", encoding="utf-8")
    docs, problems = _read(path)
    assert [d.text for d in docs] == [STORY]
    assert [(p.line, p.reason) for p in problems] == [
        (3, "row has 3 cells, the header 2"),
        (4, "row has no 'text' or 'html'"),
        (5, "not CSV: unexpected end of data"),
    ]
    links = tmp_path / "links.csv"
    links.write_text("url,title\n" + "".join(f"https://n.example/{k},Story {k}\n" for k in range(500)), encoding="utf-8")
    assert _read(links) == ([], [InputProblem("links.csv", "no 'text' or 'html' column (its columns: url, title)", line=1)])
    twice = tmp_path / "twice.csv"
    twice.write_text(f"text,text\n{STORY},x\n", encoding="utf-8")
    assert _read(twice) == ([], [InputProblem("twice.csv", "CSV header names 'text' twice", line=1)])


def test_a_csv_line_over_the_budget(tmp_path: Path) -> None:
    """A whole row over the budget is reported and passed over; one inside a quoted cell that
    goes on past it ends the rows (where the next row starts is then unknown)."""
    path = tmp_path / "long.csv"
    path.write_text(f'text\n{STORY}\n{"x" * 5000}\n"Lawmakers ""voted"" again"\n', encoding="utf-8")
    docs, problems = _read(path, IngestSettings(max_document_bytes=1000))
    assert [d.text for d in docs] == [STORY, 'Lawmakers "voted" again']
    assert [(p.line, p.reason) for p in problems] == [(3, "line longer than 1000 bytes (max_document_bytes)")]
    path.write_text(f'text\n{STORY}\n"A cell\n{"x" * 5000}\nstill the cell"\n{STORY}\n', encoding="utf-8")
    docs, problems = _read(path, IngestSettings(max_document_bytes=1000))
    assert [d.text for d in docs] == [STORY]
    assert [(p.line, p.reason) for p in problems] == [
        (4, "line longer than 1000 bytes (max_document_bytes) inside a quoted cell; the rows after it are not read")
    ]


def test_json_files_of_every_shape(tmp_path: Path) -> None:
    """An array, an API's wrapping object, one crawler document, JSON Lines named .json."""
    (tmp_path / "array.json").write_text(json.dumps([{"text": STORY, "id": "x"}, {"text": OTHER}]), encoding="utf-8")
    (tmp_path / "api.json").write_text(
        json.dumps({"status": "ok", "totalResults": 2, "articles": [
            {"content": STORY, "publishedAt": "2025-03-12T08:30:00Z", "source": {"name": "Harbour Times"}},
            {"content": OTHER, "publishedAt": "2025-03-13T08:30:00Z", "source": {"name": "Wire"}},
        ]}, indent=2), encoding="utf-8")  # fmt: skip
    (tmp_path / "article.json").write_text(
        json.dumps({"maintext": STORY, "date_publish": "2025-03-12 10:00:00", "source_domain": "harbour.example"}, indent=1),
        encoding="utf-8",
    )
    (tmp_path / "lines.json").write_text(json.dumps({"text": STORY}) + "\n\n" + json.dumps({"text": OTHER}) + "\n", encoding="utf-8")
    got = {name: _read(tmp_path / name) for name in ("array.json", "api.json", "article.json", "lines.json")}
    assert all(problems == [] for _docs, problems in got.values())
    assert [d.record for d in got["array.json"][0]] == ["id=x", "record 2"]
    assert [(d.record, d.outlet, d.published) for d in got["api.json"][0]] == [
        ("record 1", "Harbour Times", "2025-03-12T08:30:00+00:00"), ("record 2", "Wire", "2025-03-13T08:30:00+00:00"),
    ]
    assert [(d.record, d.outlet, d.text) for d in got["article.json"][0]] == [(None, "harbour.example", STORY)]
    assert [(d.record, d.text) for d in got["lines.json"][0]] == [("line 1", STORY), ("line 3", OTHER)]


def test_a_damaged_json_array_keeps_the_items_before_the_damage(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    big = "word " * 20_000  # items longer than a read of the file, so the array is decoded across reads
    path.write_text(json.dumps([{"text": STORY}, 7, {"text": big}, {"text": OTHER}])[:-30], encoding="utf-8")
    docs, problems = _read(path)
    assert [d.text for d in docs] == [STORY, big]
    assert [(p.line, p.reason) for p in problems] == [
        (2, "JSON array item is not an object but a number"),
        (4, "not JSON: Unterminated string starting at"),
    ]
    for text, reason in (
        ('"just a string"', "JSON file holds a string, not an object or an array of objects"),
        ('{"status": "ok"}', "JSON object has no 'text' or 'html' and holds no array of records"),
        ("[]", "empty file"),
        ('[{"text": "a b"} {"text": "c"}]', "not JSON: expected ',' or ']' after item 1"),
        ('[{"name": "pages", "path": "pages.jsonl"}, {"name": "warc"}]', "no record has 'text' or 'html' (their fields: name, path)"),
    ):
        path.write_text(text, encoding="utf-8")
        assert [p.reason for p in _read(path)[1]] == [reason], text


def test_gzipped_records_cut_short_or_over_budget(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"text": f"{STORY} {k}"}) + "\n" for k in range(20_000)).encode("utf-8")
    packed = gzip.compress(lines)
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    docs, problems = _read(path)
    assert 0 < len(docs) < 20_000 and docs[0].text == f"{STORY} 0"
    assert problems[-1].reason == "truncated gzip file: its last records are lost"
    path.write_bytes(packed)
    docs, problems = _read(path, IngestSettings(max_decompressed_bytes=512 * 1024))
    assert 0 < len(docs) < 20_000
    assert [p.reason for p in problems] == ["expands to more than 512 KiB (max_decompressed_bytes)"]


def test_parquet_rows_with_timestamps_and_a_file_that_is_none(tmp_path: Path) -> None:
    path = tmp_path / "rows.parquet"
    table = pa.table({
        "id": ["p1", None], "Text": [STORY, OTHER],
        "published": pa.array([dt.datetime(2025, 3, 12, 9, 30, tzinfo=dt.UTC), None], pa.timestamp("s", tz="UTC")),
        "score": [0.5, float("nan")],
    })  # fmt: skip
    pq.write_table(table, path)
    docs, problems = _read(path)
    assert problems == []
    assert [(d.record, d.published, d.fmt, d.extra) for d in docs] == [
        ("id=p1", "2025-03-12T09:30:00+00:00", "parquet", {"score": 0.5}),
        ("line 2", None, "parquet", {}),
    ]
    fake = tmp_path / "fake.parquet"
    fake.write_text("not parquet at all", encoding="utf-8")
    [problem] = _read(fake)[1]
    assert problem.reason.startswith("not a Parquet file: ")


def test_a_record_is_picked_by_its_label() -> None:
    assert record_of("/c/feed.csv#L12") == "line 12"
    assert record_of("/c/api.json.gz#R3") == "record 3"
    assert record_of("/c/rows.parquet#id=p1") == "id=p1"
    assert record_of("/c/article.json") is None


def test_what_copytrail_exports_it_reads_back(tmp_path: Path) -> None:
    """Documents exported as CSV or Parquet scan into another store with the same texts, and the
    copies among them are found again."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY + " " + OTHER, encoding="utf-8")
    (folder / "b.txt").write_text("Elsewhere: " + STORY + " " + OTHER + " More to come.", encoding="utf-8")
    with open_store(tmp_path / "first.duckdb") as store:
        scan([folder], store, FAST)
        for fmt in ("csv", "parquet"):
            export(store, "documents", fmt, str(tmp_path / f"documents.{fmt}"))
        texts = sorted(r["text"] for r in store.query("SELECT text FROM documents"))
    for fmt in ("csv", "parquet"):
        with open_store(tmp_path / f"again-{fmt}.duckdb") as store:
            result = scan([tmp_path / f"documents.{fmt}"], store, FAST)
            assert not result.errors
            assert sorted(r["text"] for r in store.query("SELECT text FROM documents")) == texts
            assert store.query("SELECT count(*) AS n FROM alignments")[0]["n"] >= 1
    assert len(read_documents(tmp_path / "documents.csv")) == 2
