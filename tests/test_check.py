"""``check_text`` against a stored corpus: each call judges its own text, never a previous one."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from conftest import NO_CLAIMS
from copytrail.api import check_text
from copytrail.settings import ScanSettings
from copytrail.store import open_store
from sample_truth import planted


def test_consecutive_checks_each_find_their_own_source(sample_db: Path) -> None:
    verbatim = planted(("verbatim",))
    first, second = verbatim[0], next(p for p in verbatim if p.source != verbatim[0].source)
    unrelated = "A quiet afternoon at the allotments. " * 20
    with open_store(sample_db, read_only=True) as store:
        settings = ScanSettings(workers=1)
        for planted_passage in (first, second):
            text = "Fresh introduction written today. " + planted_passage.source_text + " A closing line."
            result = check_text(store, text, settings)
            offsets = [(p.b_start, p.b_end) for m in result.matches for p in m.passages]
            assert offsets, planted_passage.source
            start = text.index(planted_passage.source_text)
            assert any(s <= start + 5 and e >= start + len(planted_passage.source_text) - 5 for s, e in offsets)
            for match in result.matches:
                for p in match.passages:
                    assert 0 <= p.b_start < p.b_end <= len(text)
        assert check_text(store, unrelated, settings).matches == []


def test_key_index_gives_the_same_hits_as_the_table_and_goes_stale_with_it(tmp_path: Path) -> None:
    """The sorted key index beside the database answers ``check`` exactly as the SQL scan of
    ``band_keys`` does, and is ignored as soon as the keys change."""
    import shutil

    from copytrail.engines.local import scan
    from copytrail.stages.segment import words
    from copytrail.stages.sketch import WordHasher, document_keys
    from sample_truth import SAMPLE

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    extra = corpus / "late-arrival.txt"
    db = tmp_path / "store.duckdb"
    settings = ScanSettings(workers=1, claims=NO_CLAIMS)
    texts = [planted_passage.source_text + " Written again for a check." for planted_passage in planted(("verbatim",))[:4]]
    with open_store(db) as store:
        scan([corpus], store, settings)
        assert store.key_index_path() is not None and not store.key_index_path().exists()  # small: no index
        keys = [document_keys(words(t), WordHasher(), settings.sketch) for t in texts]
        by_table = [store.key_hits(k, settings.candidates.max_bucket) for k in keys]
        assert all(by_table)
        assert store.build_key_index(min_rows=0)
        assert [store.key_hits(k, settings.candidates.max_bucket) for k in keys] == by_table
        assert [store.key_hits(k, 1) for k in keys] == [store.key_hits(k, 1) for k in keys]
        checked = [check_text(store, t, settings) for t in texts]
    with open_store(db, read_only=True) as store:  # a later process reads the index too
        assert store._fresh_key_index() is not None
        again = [check_text(store, t, settings) for t in texts]
        assert [[(m.doc, m.passages) for m in r.matches] for r in again] == [
            [(m.doc, m.passages) for m in r.matches] for r in checked
        ]
    extra.write_text(texts[0], encoding="utf-8")  # a new document holding the same keys
    with open_store(db) as store:
        scan([corpus], store, settings)  # small store: the old index is removed, not left stale
        assert not store.key_index_path().exists()
        assert store.build_key_index(min_rows=0)
        fresh = store.key_hits(keys[0], settings.candidates.max_bucket)
        store.add_band_keys(["nobody"], [keys[0][:3]])  # any change to the keys voids the index
        assert store._fresh_key_index() is None
        assert store.key_hits(keys[0], settings.candidates.max_bucket) != fresh
    assert len(fresh) > len(by_table[0])


def _index_rows(store) -> list[tuple[int, int]]:  # noqa: ANN001 - a Store
    """Every (key, document number) row of the store's key index, its run of added documents too."""
    assert store._fresh_key_index() is not None
    folder = store.key_index_path()
    runs = [folder, *([folder / "delta"] if (folder / "delta").is_dir() else [])]
    return sorted(
        (key, seq) for run in runs
        for key, seq in zip(np.load(run / "keys.npy").tolist(), np.load(run / "seqs.npy").tolist(), strict=True)
    )  # fmt: skip


def test_scan_with_the_key_index_finds_what_the_table_scan_finds(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """A scan looks up candidates in the key index once band keys are many: same alignments
    as the SQL lookup; a later scan of new files merges their keys into the index (equal to
    a rebuild), and a replaced file makes it rebuild."""
    import shutil

    import copytrail.store.database as store_module
    from copytrail.engines.local import scan
    from sample_truth import SAMPLE
    from test_scan import alignment_set

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    late = sorted(corpus.rglob("*.txt"))[-3:]
    held_back = tmp_path / "held-back"
    held_back.mkdir()
    for path in late:
        path.rename(held_back / path.name)
    settings = ScanSettings(workers=1, claims=NO_CLAIMS, batch_size=4)

    plain_db, indexed_db = tmp_path / "plain.duckdb", tmp_path / "indexed.duckdb"
    with open_store(plain_db) as store:
        scan([corpus], store, settings)
        assert not store.key_index_path().exists()
    monkeypatch.setattr(store_module, "KEY_INDEX_MIN_ROWS", 0)
    with open_store(indexed_db) as store:
        result = scan([corpus], store, settings)
        assert "key index" in result.stage_seconds and result.alignments_added
        assert store._fresh_key_index() is not None
    with open_store(plain_db) as plain, open_store(indexed_db) as indexed:
        assert alignment_set(indexed) == alignment_set(plain) != set()

    merges: list[int | None] = []
    real_merge = store_module.Store._merge_new_keys

    def recording_merge(self, *args):  # noqa: ANN001, ANN202
        merges.append(real_merge(self, *args))
        return merges[-1]

    monkeypatch.setattr(store_module.Store, "_merge_new_keys", recording_merge)
    for path in late:  # new files: their keys are merged in
        shutil.copy(held_back / path.name, path)
    with open_store(indexed_db) as store:
        built = (store.key_index_path() / "keys.npy").stat().st_mtime_ns
        scan([corpus], store, settings)
        merged = _index_rows(store)
        assert len(merges) == 1 and merges[0] is not None
        added_alone = (store.key_index_path() / "delta").is_dir()  # a few documents: their own run
        assert added_alone == (merges[0] < len(merged))
        assert ((store.key_index_path() / "keys.npy").stat().st_mtime_ns == built) == added_alone
        shutil.rmtree(store.key_index_path())
        assert store.build_key_index(min_rows=0)
        assert _index_rows(store) == merged
        total = store.con.execute("SELECT count(*) FROM band_keys").fetchone()[0]
        assert len(merged) == total
    monkeypatch.setattr(store_module, "KEY_INDEX_MIN_ROWS", 10**12)
    with open_store(plain_db) as store:  # the same files without an index, for the alignments
        scan([corpus], store, settings)
    with open_store(plain_db) as plain, open_store(indexed_db) as indexed:
        assert alignment_set(indexed) == alignment_set(plain)

    monkeypatch.setattr(store_module, "KEY_INDEX_MIN_ROWS", 0)
    late[0].write_text(late[1].read_text(encoding="utf-8") + "\nA line added later.\n", encoding="utf-8")
    with open_store(indexed_db) as store:  # a replaced document: rebuilt, still exact
        scan([corpus], store, settings)
        assert len(merges) == 1  # not offered a merge: the keys were rewritten
        rebuilt = _index_rows(store)
        keys = sorted(store.con.execute("SELECT k.key, d.seq FROM band_keys k JOIN documents d ON d.id = k.doc").fetchall())
        assert rebuilt == keys


def test_a_key_index_left_beside_another_database_is_not_used(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """Two stores of the same files have the same keys and change counts: the store's own id
    in the stamp keeps one from using an index that another left at its path."""
    import shutil

    import copytrail.store.database as store_module
    from copytrail.engines.local import scan
    from sample_truth import SAMPLE

    monkeypatch.setattr(store_module, "KEY_INDEX_MIN_ROWS", 0)
    settings = ScanSettings(workers=1, claims=NO_CLAIMS)
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    for db in (first, second):
        with open_store(db) as store:
            scan([SAMPLE], store, settings)
            assert store._fresh_key_index() is not None
    with open_store(first) as a, open_store(second) as b:
        assert a._keys_stamp().split(":")[:2] == b._keys_stamp().split(":")[:2]
    shutil.rmtree(Path(str(second) + ".keys"))
    shutil.copytree(Path(str(first) + ".keys"), Path(str(second) + ".keys"))
    with open_store(second, read_only=True) as store:
        assert store._fresh_key_index() is None


def test_check_says_each_match_date_with_its_source_and_precision(sample_db: Path, tmp_path: Path) -> None:
    """Terminal and JSON: a match dated by its page's metadata says so and to the minute; a
    bare .txt match says it is undated."""
    import json

    from typer.testing import CliRunner

    from copytrail.cli.main import app

    fact_sheet = next(
        p for p in planted(("verbatim",))
        if p.source == "truthlantern-dunmore-fact-sheet.html" and p.target == "dunmore-yard-repost-utf16.txt"
    )  # fmt: skip
    article = tmp_path / "new.txt"
    article.write_text("Written for this check. " + fact_sheet.source_text + " The end.\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(article), "--db", str(sample_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    matches = {Path(m["path"]).name: m for m in json.loads(result.stdout)["matches"]}
    original = matches["truthlantern-dunmore-fact-sheet.html"]
    assert (original["published"], original["date_source"], original["date_precision"]) == (
        "2025-03-10T06:00:00+00:00", "metadata", "minute"
    )
    repost = matches["dunmore-yard-repost-utf16.txt"]
    assert (repost["published"], repost["date_source"], repost["date_precision"]) == (None, "none", None)
    text = runner.invoke(app, ["check", str(article), "--db", str(sample_db)])
    assert text.exit_code == 0, text.output
    shown = "".join(text.stdout.split())  # the terminal wraps long lines, words and paths
    assert "truthlantern-dunmore-fact-sheet.htmlTruthLantern·2025-03-1006:00UTC(stated,totheminute)" in shown
    assert "dunmore-yard-repost-utf16.txtundated" in shown


def test_check_add_takes_file_dates_only_when_asked(tmp_path: Path) -> None:
    import os

    from typer.testing import CliRunner

    from copytrail.cli.main import app

    story = planted(("verbatim",))[0].source_text
    db = tmp_path / "s.duckdb"
    runner = CliRunner()
    for name, flags in (("plain.txt", []), ("asked.txt", ["--file-dates"])):
        path = tmp_path / name
        path.write_text(f"{name}\n\n{story}\n", encoding="utf-8")
        os.utime(path, (1_600_000_000, 1_600_000_000))
        result = runner.invoke(app, ["check", str(path), "--db", str(db), "--add", *flags])
        assert result.exit_code == (1 if name == "plain.txt" else 0), result.output  # 1: nothing reused yet
        with open_store(db, read_only=True) as store:
            rows = store.query("SELECT path, published, date_source FROM documents")
        got = {Path(r["path"]).name: (r["published"], r["date_source"]) for r in rows}
        assert got[name] == ((None, "none") if not flags else ("2020-09-13T12:26:40+00:00", "file"))


def test_check_and_read_every_record_of_a_multi_record_file(records_db: Path, tmp_path: Path) -> None:
    """The library reads each record of a JSONL feed and a WARC crawl, never the first one
    silently: read_documents / check_records give one each, named; one is picked by record."""
    import pytest

    from copytrail.api import (
        check_file,
        check_records,
        compare_files,
        read_document,
        read_documents,
    )
    from copytrail.errors import InputError, UsageError
    from copytrail.records import Citation, record_of
    from records_corpus import FEED, FEED_RECORDS, MARKUP_ID, WARC_RECORDS, write_records_corpus

    corpus = write_records_corpus(tmp_path / "again")
    feed, crawl, original = corpus / "feed.jsonl", corpus / "crawl.warc.gz", corpus / "original.txt"
    docs = read_documents(feed)
    assert [d.record for d in docs] == FEED_RECORDS and [d.text for d in docs] == [r["text"] for r in FEED]
    assert [str(d.citation) for d in docs] == [
        f"{feed}#id={MARKUP_ID}", f"{feed}#line=2", f"{feed}#id=7", "https://northgate.example/water/plant"
    ]
    assert [d.record for d in read_documents(crawl)] == WARC_RECORDS
    for wanted, record in (("7", "id=7"), ("id=7", "id=7"), ("line 2", "line 2"), ("line=2", "line 2"), ("2", "line 2"), (MARKUP_ID, f"id={MARKUP_ID}")):
        assert read_document(feed, record=wanted).record == record, wanted
    assert read_document(crawl, record="record 2").url == "https://civicpulse.example/desal/two"
    with pytest.raises(UsageError, match="holds 4 records"):
        read_document(feed)  # never the first record silently
    with pytest.raises(InputError, match="no record 'line 9'"):
        read_documents(feed, record="line 9")
    assert read_document(original).record is None and str(read_document(original).citation) == str(original)

    with open_store(records_db, read_only=True) as store:
        results = check_records(store, feed, ScanSettings(workers=1))
        assert [r.checked.record for r in results if r.checked] == FEED_RECORDS
        for result in results:
            cited = {str(m.citation) for m in result.matches}
            assert len(cited) == len(result.matches) == 7  # every stored record, each its own citation
        one = check_file(store, feed, ScanSettings(workers=1), record="line 4")
        assert one.checked == Citation(str(feed), "line 4", "https://northgate.example/water/plant")
        with pytest.raises(UsageError):
            check_file(store, feed)
        stored = {(m.path, m.record) for m in one.matches}
        feed_path = next(m.path for m in one.matches if m.path.endswith("feed.jsonl"))
        assert {(feed_path, r) for r in FEED_RECORDS} <= stored
    comparison = compare_files(feed, crawl, a_record="id=7", b_record="record 1")
    assert (comparison.a.record, comparison.b.record) == ("id=7", "record 1") and comparison.passages

    # the record part of a key, whatever the id holds
    assert record_of("/data/feed.jsonl#id=a#L3.jsonl#R2", "/data/feed.jsonl") == "id=a#L3.jsonl#R2"
    assert record_of("/data/feed.jsonl#id=a#L3") == "id=a#L3"
    assert record_of("/data/feed.jsonl#L12") == "line 12" and record_of("/d/c.warc.gz#R3") == "record 3"
    assert record_of("/data/notes#L1.txt") is None and record_of("/data/a.txt", "/data/a.txt") is None


def test_check_after_a_move_cites_the_new_place_through_the_same_key_index(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """A moved corpus keeps its band keys, so a key index built before the move still fits
    (it is not rebuilt); check names the same documents, at their new paths."""
    import shutil

    from copytrail.engines.local import scan
    from copytrail.store import database
    from sample_truth import SAMPLE

    monkeypatch.setattr(database, "KEY_INDEX_MIN_ROWS", 0)  # every store keeps an index

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    db = tmp_path / "s.duckdb"
    settings = ScanSettings(workers=1, claims=NO_CLAIMS)
    source = planted(("verbatim",))[0]
    text = "Written today. " + source.source_text + " The end."
    with open_store(db) as store:
        scan([corpus], store, settings)
        index = store.key_index_path()
        assert index is not None and store._fresh_key_index() is not None
        built = (index / "stamp").stat().st_mtime_ns
        before = {m.doc: m.path for m in check_text(store, text, settings).matches}
        assert before
    moved = tmp_path / "archive" / "2026"
    moved.parent.mkdir()
    shutil.move(corpus, moved)
    with open_store(db) as store:
        assert len(scan([moved], store, settings).moved) == store.counts()["documents"]
        assert store._fresh_key_index() is not None  # no key changed: the index still fits
        assert (index / "stamp").stat().st_mtime_ns == built
        after = {m.doc: m.path for m in check_text(store, text, settings).matches}
    assert set(after) == set(before)
    for doc, path in after.items():
        assert path == moved.resolve().as_posix() + "/" + Path(before[doc]).name


def test_check_reads_text_piped_on_standard_input(sample_db: Path) -> None:
    """``check -`` checks the text piped in (one copied sentence is enough); exit 1 when nothing
    is found; --add needs a file, said in one line."""
    import json

    from typer.testing import CliRunner

    from copytrail.cli.main import app

    fact_sheet = next(
        p for p in planted(("verbatim",))
        if p.source == "truthlantern-dunmore-fact-sheet.html" and p.target == "dunmore-yard-repost-utf16.txt"
    )  # fmt: skip
    runner = CliRunner()
    piped = "Pasted from a message. " + fact_sheet.source_text
    found = runner.invoke(app, ["check", "-", "--db", str(sample_db), "--format", "json"], input=piped.encode("utf-8"))
    assert found.exit_code == 0, found.output
    names = {Path(m["path"]).name for m in json.loads(found.stdout)["matches"]}
    assert "truthlantern-dunmore-fact-sheet.html" in names
    text = runner.invoke(app, ["check", "-", "--db", str(sample_db)], input=piped.encode("utf-8"))
    assert text.stdout.startswith("standard input: ")
    nothing = runner.invoke(app, ["check", "-", "--db", str(sample_db)], input=b"Nothing here was ever written before.")
    assert nothing.exit_code == 1
    refused = runner.invoke(app, ["check", "-", "--add", "--db", str(sample_db)], input=b"x")
    assert refused.exit_code == 2 and "--add and --record need a file" in refused.output


def test_a_rewrite_found_by_check_is_merged_as_a_scan_merges_it() -> None:
    """``check --semantic``'s rewrites join the matches by the rule of a scan and ``compare``:
    a rewrite holding a weaker paraphrase whole replaces it; one overlapping a copy (verbatim
    or edited) is left out; one overlapping nothing is added, beside the copy or as a new match."""
    from copytrail.api import CheckMatch, CheckResult
    from copytrail.engines.rewrites import merge_into_matches
    from copytrail.stages.align import Passage

    weak = Passage(10, 60, 12, 58, "paraphrase", 0.76, 6)
    copy = Passage(300, 420, 250, 370, "edited", 0.9, 20)
    result = CheckResult("x" * 600, [CheckMatch("d1", "d1.txt", None, None, None, None, [weak, copy])])
    found = {
        "d1": [(0, 120, 0, 110, "paraphrase", 0.62, 0), (310, 400, 260, 360, "paraphrase", 0.6, 0), (500, 560, 450, 520, "paraphrase", 0.55, 0)],
        "d2": [(0, 200, 0, 180, "paraphrase", 0.58, 0)],
    }
    added = merge_into_matches(result.matches, found)
    assert result.matches[0].passages == [copy]  # the weak paraphrase the first rewrite holds whole is gone
    assert added == {"d1": [found["d1"][0], found["d1"][2]], "d2": found["d2"]}  # the one over the copy is left out
