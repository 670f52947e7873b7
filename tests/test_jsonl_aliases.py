"""JSONL records written by other tools (news-please, NewsAPI, scrapers) are read by the names
they give our fields; our own names win where both are present."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FAST, write_jsonl
from copytrail.engines.local import scan
from copytrail.store import open_store

STORY = "The council approved the new harbour budget on Monday after a long debate about the ferry."


def test_records_of_other_tools_are_read_by_their_field_names(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    records = [
        {  # news-please
            "maintext": STORY, "date_publish": "2025-03-12 10:00:00", "source_domain": "harbour.example",
            "authors": ["Ana Writer", "Ben Other"], "title": "Budget passes", "url": "https://harbour.example/a",
        },
        {  # NewsAPI
            "content": STORY + " Again.", "publishedAt": "2025-03-13T08:30:00Z",
            "source": {"id": None, "name": "Harbour Times"}, "author": "Cy Reporter", "link": "https://times.example/b",
        },
        {"body": STORY + " Twice.", "headline": "Ferry debate", "pubdate": "14 марта 2025", "publisher": "Vestnik"},
        {"text": STORY + " Ours.", "content": "not the text", "published": "2025-03-15", "date_publish": "2020-01-01"},
    ]
    write_jsonl(folder / "feed.jsonl", records, ensure_ascii=False)
    with open_store(tmp_path / "s.duckdb") as store:
        result = scan([folder], store, FAST)
        rows = store.query("SELECT text, published, outlet, author, title, url, extra FROM documents ORDER BY published")
    assert not result.errors and len(rows) == 4
    assert [r["published"][:10] for r in rows] == ["2025-03-12", "2025-03-13", "2025-03-14", "2025-03-15"]
    assert [r["outlet"] for r in rows] == ["harbour.example", "Harbour Times", "Vestnik", None]
    assert [r["author"] for r in rows[:2]] == ["Ana Writer, Ben Other", "Cy Reporter"]
    assert (rows[0]["title"], rows[2]["title"], rows[1]["url"]) == ("Budget passes", "Ferry debate", "https://times.example/b")
    assert rows[3]["text"] == STORY + " Ours."
    # what was read is not kept twice; what was not read stays in extra
    extras = [json.loads(r["extra"]) if isinstance(r["extra"], str) else r["extra"] for r in rows]
    assert all(not {"maintext", "content", "body"} & set(e) for e in extras[:3])
    assert extras[3] == {"content": "not the text", "date_publish": "2020-01-01"}


def test_a_bad_value_under_another_name_is_reported_by_that_name(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [json.dumps({"content": 123}), json.dumps({"content": STORY, "authors": ["Ana Writer", 3, None]})]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_store(tmp_path / "s.duckdb") as store:
        result = scan([folder], store, FAST)
        authors = [r["author"] for r in store.query("SELECT author FROM documents")]
    assert [e.reason for e in result.errors] == ["JSON 'content' is not a string"]
    assert authors == ["Ana Writer"]  # only names are joined
