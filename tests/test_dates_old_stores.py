"""A store scanned before Solar Hijri dates were read has the files of its Persian documents
left undated read again, once: a real store made by a scan, set back to what an older reading
stored (its Persian documents undated with the date kept raw, its notes, no date reading
recorded), then scanned again."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conftest import FAST, scanned_folder, write_jsonl
from copytrail.engines.local import scan
from copytrail.stages.ingest.settings import DATE_READING, DATE_READING_KEY
from copytrail.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from date_reading_old_store import STATED, persian_feed, sample_body  # noqa: E402


def _corpus(folder: Path) -> None:
    """A Persian feed dated in Solar Hijri (the benchmark's), and an English feed that states no date."""
    persian_feed(folder)
    english = [
        {"id": name, "text": sample_body(name)}
        for name in ("veyra-council-budget.txt", "veyra-council-budget-copy.txt", "coastalherald-kestrel-cuts.txt")
    ]
    write_jsonl(folder / "en.jsonl", english, ensure_ascii=False)


def _as_an_older_reading_left_it(db: Path, recorded: str | None) -> None:
    """The store as a scan before the calendar reading left it: the Persian documents undated
    with their dates kept raw, a note saying why, their alignments ordered by storing alone;
    ``recorded``: the date reading the store says it was read with (None: none, as then)."""
    with open_store(db) as store, store.transaction():
        for record, raw in STATED.items():
            store.con.execute(
                "UPDATE documents SET published = NULL, date_source = 'none', extra = ? WHERE source_key LIKE ?",
                [json.dumps({"published_raw": raw}, ensure_ascii=False), f"%fa.jsonl#id={record}"],
            )
        store.con.execute("DELETE FROM errors")
        store.con.execute(
            "INSERT INTO errors (path, line, reason) SELECT path, 1, 'kept undated: ''published'' could not be read' "
            "FROM documents WHERE source_key LIKE '%fa.jsonl#id=original'"
        )
        store.con.execute("DELETE FROM meta WHERE key = ?", [DATE_READING_KEY])
        if recorded is not None:
            store.set_meta(DATE_READING_KEY, recorded)


def _dates(db: Path) -> dict[str, tuple[str | None, str | None]]:
    with open_store(db, read_only=True) as store:
        rows = store.con.execute("SELECT source_key, published, extra FROM documents").fetchall()
    return {key.rsplit("=", 1)[1]: (published, json.loads(extra).get("published_calendar")) for key, published, extra in rows}


def test_an_older_store_has_its_undated_persian_files_read_again_once(tmp_path: Path) -> None:
    folder, db, first = scanned_folder(tmp_path, _corpus)
    with open_store(db, read_only=True) as store:
        assert store.get_meta(DATE_READING_KEY) == str(DATE_READING)
    assert first.documents_added == 5
    assert _dates(db)["original"] == ("2025-03-12", "Solar Hijri")

    _as_an_older_reading_left_it(db, recorded=str(DATE_READING))  # says it was read as now: trusted
    with open_store(db) as store:
        same = scan([folder], store, FAST)
    assert (same.files_skipped, same.documents_added) == (2, 0)
    assert _dates(db)["original"] == (None, None)

    _as_an_older_reading_left_it(db, recorded=None)
    with open_store(db) as store:
        again = scan([folder], store, FAST)
        notes = [reason for (reason,) in store.con.execute("SELECT reason FROM errors ORDER BY line").fetchall()]
        narrative = store.con.execute("SELECT earliest, confidence FROM narratives ORDER BY documents DESC LIMIT 1").fetchone()
        original = store.con.execute("SELECT id FROM documents WHERE source_key LIKE '%fa.jsonl#id=original'").fetchone()
        assert store.get_meta(DATE_READING_KEY) == str(DATE_READING)
    assert (again.files_skipped, again.documents_added) == (1, 2)  # the English feed, stating no date, is not read
    dates = _dates(db)
    assert dates["original"] == ("2025-03-12", "Solar Hijri")
    assert dates["copy"] == ("2025-03-15T09:00:00", "Solar Hijri")
    assert all(dates[name] == (None, None) for name in dates if name.endswith(".txt"))
    assert [note.split(" in the Gregorian")[0] for note in notes] == [
        "kept: 'published' is a Solar Hijri date, read as 2025-03-12",
        "kept: 'published' is a Solar Hijri date, read as 2025-03-15T09:00:00",
    ]  # the older note is gone
    assert narrative is not None and original is not None and narrative[0] == original[0]

    with open_store(db) as store:
        last = scan([folder], store, FAST)
    assert (last.files_skipped, last.documents_added) == (2, 0)  # once: nothing is read again


def test_a_store_dated_by_an_older_reading_before_the_year_1500_is_read_again(tmp_path: Path) -> None:
    """A Solar Hijri year that an older reading took as a Gregorian one (1403) is read again;
    a store with no documents records the reading and reads nothing."""
    folder, db, _ = scanned_folder(tmp_path, _corpus)
    with open_store(db) as store, store.transaction():
        store.con.execute("UPDATE documents SET published = '1403-12-25T09:00:00+00:00', extra = '{}' WHERE source_key LIKE '%#id=copy'")
        store.con.execute("DELETE FROM meta WHERE key = ?", [DATE_READING_KEY])
    with open_store(db) as store:
        again = scan([folder], store, FAST)
    assert (again.files_skipped, again.documents_added) == (1, 2)
    assert _dates(db)["copy"] == ("2025-03-15T09:00:00", "Solar Hijri")
    (tmp_path / "nothing").mkdir()
    with open_store(tmp_path / "empty.duckdb") as store:
        scan([tmp_path / "nothing"], store, FAST)
        assert store.get_meta(DATE_READING_KEY) == str(DATE_READING)
