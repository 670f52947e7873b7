"""Store housekeeping on real stores: moved and renamed files stay the same documents,
``forget`` removes documents crash-safely, shown paths never depend on the current folder."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from conftest import FAST, NO_CLAIMS, truth_name
from copytrail.api import check_text, forget, set_corpus_root
from copytrail.engines.local import scan
from copytrail.errors import UsageError
from copytrail.store import Store, open_store

COPYTRAIL = Path(sys.executable).with_name("copytrail")
ORIGINAL, COPY = "truthlantern-dunmore-fact-sheet.html", "zz-truthlantern-copy.html"  # the copy made by a test


def names(store: Store) -> dict[str, str]:
    """Document id -> name of its input (``file`` or ``file#id=X``)."""
    return {r["id"]: truth_name(r["source_key"]) for r in store.query("SELECT id, source_key FROM documents")}


def named_alignments(store: Store) -> set[tuple]:
    """Alignments with ids replaced by input names (comparable across stores)."""
    of = names(store)
    rows = store.con.execute(
        "SELECT source_doc, source_start, source_end, target_doc, target_start, target_end, kind FROM alignments"
    ).fetchall()
    return {(of[r[0]], r[1], r[2], of[r[3]], r[4], r[5], r[6]) for r in rows}


def named_narratives(store: Store) -> set[frozenset[tuple[str, int, int]]]:
    of = names(store)
    members: dict[str, set[tuple[str, int, int]]] = {}
    for narrative, doc, start, end in store.con.execute("SELECT narrative, doc, start, \"end\" FROM narrative_members").fetchall():
        members.setdefault(narrative, set()).add((of[doc], start, end))
    return {frozenset(m) for m in members.values()}


def state(store: Store) -> dict[str, object]:
    """Everything a move must leave as it was."""
    return {
        "documents": sorted(store.con.execute("SELECT id, sha1, duplicate_of, status, seq FROM documents").fetchall()),
        "alignments": sorted(store.con.execute(
            "SELECT source_doc, source_start, source_end, target_doc, target_start, target_end, kind, narrative FROM alignments"
        ).fetchall()),  # fmt: skip
        "narratives": sorted(store.con.execute("SELECT * FROM narratives").fetchall()),
        "claims": store.con.execute("SELECT count(*) FROM claims").fetchone(),
        "band_keys": store.con.execute("SELECT count(*), sum(hash(key, doc)) FROM band_keys").fetchone(),
    }


def assert_consistent(store: Store) -> None:
    """No row anywhere names a document that is not stored; files and paths line up."""
    con = store.con
    ids = "(SELECT id FROM documents)"
    for table, column in (
        ("band_keys", "doc"), ("alignments", "source_doc"), ("alignments", "target_doc"),
        ("narrative_members", "doc"), ("claims", "doc"), ("claim_docs", "doc"),
        ("claim_statements", "doc"), ("sentence_vectors", "doc"),
    ):  # fmt: skip
        orphans = con.execute(f"SELECT count(*) FROM {table} WHERE {column} NOT IN {ids}").fetchone()
        assert orphans == (0,), f"{table}.{column} names forgotten documents"
    assert con.execute(f"SELECT count(*) FROM documents WHERE duplicate_of NOT IN {ids}").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM alignments WHERE narrative IS NULL").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM alignments WHERE narrative NOT IN (SELECT id FROM narratives)").fetchone() == (0,)
    dup_keys = "SELECT count(*) FROM band_keys WHERE doc IN (SELECT id FROM documents WHERE duplicate_of IS NOT NULL)"
    assert con.execute(dup_keys).fetchone() == (0,)
    originals_without_keys = con.execute(
        "SELECT count(*) FROM documents WHERE duplicate_of IS NULL AND id NOT IN (SELECT doc FROM band_keys)"
    ).fetchone()
    assert originals_without_keys == (0,)
    assert con.execute("SELECT count(*) FROM (SELECT path FROM documents GROUP BY path HAVING count(DISTINCT file) > 1)").fetchone() == (0,)


def scanned(folder: Path, db: Path, root: Path | None = None, settings=FAST) -> Path:
    with open_store(db) as store:
        if root is not None:
            set_corpus_root(store, root)
        result = scan([folder], store, settings)
        assert not result.errors, result.errors
    return db


# ------------------------------------------------------------------------------ moves


def test_moved_corpus_folder_is_the_same_documents(corpus: Path, tmp_path: Path) -> None:
    record = {"id": "ok", "text": "A record about the ferry timetable and the winter schedule. " * 4}
    (corpus / "partly-broken.jsonl").write_text(json.dumps(record) + "\n{broken json\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        assert len(scan([corpus], store, FAST).errors) == 1
        before, alignments = state(store), named_alignments(store)
        assert store.counts()["duplicates"] == 1
    moved = tmp_path / "elsewhere" / "corpus-2026"
    moved.parent.mkdir()
    shutil.move(corpus, moved)
    with open_store(db) as store:
        result = scan([moved], store, FAST)
        assert result.documents_added == 0 and result.duplicates == []
        assert len(result.moved) == store.counts()["documents"]
        assert state(store) == before  # ids, alignments, narratives, claims, keys: as they were
        assert named_alignments(store) == alignments
        files = {r[0] for r in store.con.execute("SELECT file FROM documents").fetchall()}
        assert files and all(f.startswith(moved.resolve().as_posix() + "/") for f in files)
        recorded = {r[0] for r in store.con.execute("SELECT path FROM files").fetchall()}
        assert recorded == files  # the old locations' bookkeeping is gone
        (error,) = store.con.execute("SELECT path, line FROM errors").fetchall()  # once, at its new place
        assert error == ((moved / "partly-broken.jsonl").resolve().as_posix(), 2)
        assert_consistent(store)
        again = scan([moved], store, FAST)  # and the next scan finds nothing to do
        assert again.files_skipped == again.files_seen and not again.moved


def test_renamed_file_keeps_its_id_and_passages(corpus: Path, tmp_path: Path) -> None:
    db = scanned(corpus, tmp_path / "s.duckdb")
    with open_store(db) as store:
        before = state(store)
        (doc_id,) = [i for i, n in names(store).items() if n == "civicpulse-saltmarsh-fact-sheet.html"]
        assert store.con.execute("SELECT count(*) FROM alignments WHERE ? IN (source_doc, target_doc)", [doc_id]).fetchone()[0] > 0
    (corpus / "civicpulse-saltmarsh-fact-sheet.html").rename(corpus / "fact-sheet-renamed.html")
    with open_store(db) as store:
        result = scan([corpus], store, FAST)
        assert result.documents_added == 0 and not result.duplicates
        assert [Path(new).name for new, _ in result.moved] == ["fact-sheet-renamed.html"]
        assert state(store) == before
        row = store.con.execute("SELECT path, source_key FROM documents WHERE id = ?", [doc_id]).fetchone()
        assert row[0].endswith("/fact-sheet-renamed.html")
        assert row[1] == (corpus / "fact-sheet-renamed.html").resolve().as_posix()
        assert_consistent(store)


def test_a_copy_is_still_a_duplicate_and_a_new_file_at_a_moved_path_is_new(corpus: Path, tmp_path: Path) -> None:
    db = scanned(corpus, tmp_path / "s.duckdb", settings=replace(FAST, claims=NO_CLAIMS))
    name = "coastalherald-kestrel-cuts.txt"
    shutil.copy(corpus / name, corpus / "kestrel-copy.txt")  # the original stays: a copy
    with open_store(db) as store:
        (doc_id,) = [i for i, n in names(store).items() if n == name]
        result = scan([corpus], store, replace(FAST, claims=NO_CLAIMS))
        assert not result.moved and len(result.duplicates) == 1
    # move the original away (its copy stays): the moved document keeps its id
    (corpus / name).rename(corpus / "kestrel-moved.txt")
    with open_store(db) as store:
        result = scan([corpus], store, replace(FAST, claims=NO_CLAIMS))
        assert [Path(new).name for new, _ in result.moved] == ["kestrel-moved.txt"]
        assert result.documents_added == 0 and not result.duplicates
    # other text written where it was: a new document, with an id of its own (the digest of
    # its location is the moved document's id)
    (corpus / name).write_text("A different article entirely, about lighthouse keepers.\n" * 5, encoding="utf-8")
    with open_store(db) as store:
        result = scan([corpus], store, replace(FAST, claims=NO_CLAIMS))
        assert result.documents_added == 1 and not result.moved
        moved_row = store.con.execute("SELECT source_key FROM documents WHERE id = ?", [doc_id]).fetchone()
        assert moved_row == ((corpus / "kestrel-moved.txt").resolve().as_posix(),)
        new_id = store.con.execute(
            "SELECT id FROM documents WHERE source_key = ?", [(corpus / name).resolve().as_posix()]
        ).fetchone()[0]
        assert new_id != doc_id
        assert_consistent(store)


def test_a_scan_killed_while_re_pointing_resumes_to_the_same_store(corpus: Path, tmp_path: Path) -> None:
    """Killed after a batch of moved documents was re-pointed but before all their files
    were recorded: the next scan leaves those documents as they are (no re-storing, which
    would renumber them and realign them) and ends where an uninterrupted scan ends."""
    db, reference = tmp_path / "s.duckdb", tmp_path / "reference.duckdb"
    flags = ["--batch-size", "3", "--workers", "1", "--no-claims", "-q"]
    assert subprocess.run([str(COPYTRAIL), "scan", str(corpus), "--db", str(db), *flags], timeout=120).returncode == 0
    shutil.copy(db, reference)
    moved = tmp_path / "moved"
    shutil.move(corpus, moved)
    assert subprocess.run([str(COPYTRAIL), "scan", str(moved), "--db", str(reference), *flags], timeout=120).returncode == 0
    # files are recorded a batch at a time: killed before the second batch's files are
    # recorded, the first batch's documents are re-pointed and committed, one of their
    # files not yet recorded
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AT, "record_files", "before", "2", "scan", str(moved), "--db", str(db), *flags],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with open_store(db) as store:
        repointed = store.con.execute("SELECT count(*) FROM documents WHERE file LIKE ?", [f"{moved.resolve().as_posix()}/%"]).fetchone()[0]
        recorded = store.con.execute("SELECT count(*) FROM files WHERE path LIKE ?", [f"{moved.resolve().as_posix()}/%"]).fetchone()[0]
        assert 0 < recorded < repointed  # a document re-pointed whose file is not recorded
        assert_consistent(store)
    assert subprocess.run([str(COPYTRAIL), "scan", str(moved), "--db", str(db), *flags], timeout=120).returncode == 0
    with open_store(db, read_only=True) as store, open_store(reference, read_only=True) as expected:
        assert state(store) == state(expected)
        assert store.counts() == expected.counts()


# ------------------------------------------------------------------------------ forget


def test_forget_a_file_removes_its_documents_and_passages(corpus: Path, tmp_path: Path) -> None:
    db = scanned(corpus, tmp_path / "s.duckdb")
    victim = "freecurrent-dunmore-choice.html"
    with open_store(db) as store:
        (doc_id,) = [i for i, n in names(store).items() if n == victim]
        documents = store.counts()["documents"]
        in_groups = "SELECT count(*) FROM claim_statements WHERE doc = ?"
        assert store.con.execute(in_groups, [doc_id]).fetchone()[0] > 0  # its claims are grouped with others'
        result = forget(store, [corpus / victim])
        assert [d for d, _ in result.documents] == [doc_id] and result.alignments > 0
        assert store.counts()["documents"] == documents - 1
        assert_consistent(store)
        assert store.con.execute("SELECT count(*) FROM claims WHERE doc = ?", [doc_id]).fetchone() == (0,)
        kept, kept_narratives = named_alignments(store), named_narratives(store)
        assert all(victim not in (a[0], a[3]) for a in kept)
        kept_claims = claim_groups(store)
    # the same store as a scan that never saw the file
    (corpus / victim).unlink()
    with open_store(scanned(corpus, tmp_path / "reference.duckdb")) as reference:
        assert kept == named_alignments(reference)
        assert kept_narratives == named_narratives(reference)
        assert kept_claims == claim_groups(reference)  # regrouped without its claims


def claim_groups(store: Store) -> set[tuple]:
    of = names(store)
    rows = store.con.execute(
        "SELECT g.text, g.statements, g.documents, list(s.doc ORDER BY s.doc) FROM claim_groups g "
        "JOIN claim_statements s ON s.claim_group = g.id GROUP BY ALL"
    ).fetchall()
    assert rows
    return {(text, n, docs, tuple(sorted(of[d] for d in members))) for text, n, docs, members in rows}


def test_forgotten_file_comes_back_when_scanned_again(corpus: Path, tmp_path: Path) -> None:
    db = scanned(corpus, tmp_path / "s.duckdb")
    with open_store(db) as store:
        full = named_alignments(store)
        forgotten = forget(store, [corpus / "wire-feed.jsonl"]).documents
        assert len(forgotten) > 1 and not any("wire-feed.jsonl" in n for n in names(store).values())
        result = scan([corpus], store, FAST)
        assert result.documents_added == len(forgotten)
        assert named_alignments(store) == full
        assert_consistent(store)


def test_forget_an_original_hands_its_place_to_its_duplicate(corpus: Path, tmp_path: Path) -> None:
    shutil.copy(corpus / ORIGINAL, corpus / COPY)  # stored after it: its exact duplicate
    db = scanned(corpus, tmp_path / "s.duckdb")
    with open_store(db) as store:
        duplicates = store.counts()["duplicates"]
        assert store.con.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL AND file LIKE ?", [f"%/{COPY}"]).fetchone() == (1,)
        by_name = {n: i for i, n in names(store).items()}
        original, heir = by_name[ORIGINAL], by_name[COPY]
        keys = sorted(r[0] for r in store.con.execute("SELECT key FROM band_keys WHERE doc = ?", [original]).fetchall())
        vectors = np.arange(12, dtype=np.float32).reshape(3, 4)  # as a semantic scan stores them
        store.add_sentence_vectors({original: vectors})
        result = forget(store, [corpus / ORIGINAL])
        assert result.promoted == 1
        assert store.counts()["duplicates"] == duplicates - 1
        assert_consistent(store)
        # the same text: its band keys and sentence vectors are handed over, its claims extracted
        assert sorted(r[0] for r in store.con.execute("SELECT key FROM band_keys WHERE doc = ?", [heir]).fetchall()) == keys
        assert np.array_equal(store.sentence_vectors()[heir], vectors)
        assert store.con.execute("SELECT count(*) FROM claim_docs WHERE doc = ?", [heir]).fetchone() == (1,)
        assert store.con.execute("SELECT status FROM documents WHERE id = ?", [heir]).fetchone() == ("done",)
        kept, kept_narratives = named_alignments(store), named_narratives(store)
        assert any(COPY in (a[0], a[3]) for a in kept)  # the copy carries the passages on
    (corpus / ORIGINAL).unlink()
    with open_store(scanned(corpus, tmp_path / "reference.duckdb")) as reference:
        # spans and kinds as a scan without the original finds them (the side called the
        # source follows dates and storing order, which differ between the two stores)
        def unordered(rows: set[tuple]) -> set[tuple]:
            return {(frozenset({(a[0], a[1], a[2]), (a[3], a[4], a[5])}), a[6]) for a in rows}

        assert unordered(kept) == unordered(named_alignments(reference))
        assert kept_narratives == named_narratives(reference)


def test_forget_a_folder_and_missing_files(corpus: Path, tmp_path: Path) -> None:
    sub = corpus / "sub"
    sub.mkdir()
    for name in ("coastalherald-mariners-derby.txt", "dailymeridian-gale-warning.html"):
        (corpus / name).rename(sub / name)
    db = scanned(corpus, tmp_path / "s.duckdb")
    with open_store(db) as store:
        documents = store.counts()["documents"]
        assert len(forget(store, [sub]).documents) == 2
        assert store.counts()["documents"] == documents - 2
        (corpus / "freecurrent-veyra-fishermen.txt").unlink()
        (corpus / "wire-feed.jsonl").unlink()
        result = forget(store, missing=True)
        gone = {truth_name(p) for _, p in result.documents}
        assert "freecurrent-veyra-fishermen.txt" in gone and any(g.startswith("wire-feed.jsonl") for g in gone)
        assert len(gone) == len(result.documents)  # each record of the feed cited as itself
        assert all(os.path.exists(r[0]) for r in store.con.execute("SELECT file FROM documents").fetchall())
        assert forget(store, missing=True).documents == []  # nothing left to forget
        assert_consistent(store)
        with pytest.raises(UsageError, match="not in the store"):
            forget(store, [corpus / "no-such-file.txt"])


def test_forget_leaves_the_key_index_right(corpus: Path, tmp_path: Path) -> None:
    db = scanned(corpus, tmp_path / "s.duckdb")
    victim = "truthlantern-dunmore-fact-sheet.html"
    with open_store(db) as store:
        assert store.build_key_index(min_rows=0)
        text = store.con.execute("SELECT text FROM documents WHERE source_key LIKE ?", [f"%/{victim}"]).fetchone()[0]
        before = {m.doc for m in check_text(store, text).matches}
        (doc_id,) = [i for i, n in names(store).items() if n == victim]
        assert doc_id in before
        forget(store, [corpus / victim])
        assert store._fresh_key_index() is None  # the old index no longer fits
        via_sql = {m.doc for m in check_text(store, text).matches}
        assert doc_id not in via_sql and via_sql == before - {doc_id}
        assert store.build_key_index(min_rows=0)
        assert store._fresh_key_index() is not None
        assert {m.doc for m in check_text(store, text).matches} == via_sql
        keys = np.asarray(store.con.execute("SELECT key FROM band_keys LIMIT 200").fetchnumpy()["key"])
        assert store.key_hits(keys, 10**6) == _hits_by_sql(store, keys)


def _hits_by_sql(store: Store, keys: np.ndarray) -> list[tuple[str, int]]:
    index, store._key_index = store.key_index_path(), None
    assert index is not None
    shutil.rmtree(index)
    return store.key_hits(keys, 10**6)


def test_killed_forget_leaves_a_consistent_store(tmp_path: Path) -> None:
    from test_scan import make_corpus

    folder = tmp_path / "articles"
    make_corpus(folder, count=90)
    db = tmp_path / "s.duckdb"
    scanned(folder, db)
    with open_store(db) as store:
        store.build_key_index(min_rows=0)
    pristine = tmp_path / "pristine.duckdb"
    shutil.copy(db, pristine)
    victims = [str(folder / f"article-{i:03d}.txt") for i in range(0, 90, 3)]
    expected = tmp_path / "expected.duckdb"
    shutil.copy(db, expected)
    with open_store(expected) as store:
        forget(store, victims)
        after = state(store)
    with open_store(pristine, read_only=True) as store:
        before = state(store)
    args = ["forget", *victims, "--db", str(db), "-q"]
    # killed at a moment chosen by the clock, then at two chosen moments: inside the
    # transaction with every write done (nothing may stay), and just after its commit,
    # before the key index is rebuilt (all stays; the old index must not be used)
    plans: list[tuple[list[str], str | None]] = [([str(COPYTRAIL), *args], None) for _ in range(4)]
    plans += [
        ([sys.executable, "-c", KILL_AT, "replace_narratives", "after", "1", *args], "before"),
        ([sys.executable, "-c", KILL_AT, "build_key_index", "before", "1", *args], "after"),
    ]
    for number, (command, expected_outcome) in enumerate(plans):
        shutil.copy(pristine, db)
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if expected_outcome is None:
            time.sleep(0.5 * number + 0.3)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
        assert proc.returncode in (0, -signal.SIGKILL), stderr
        with open_store(db) as store:  # opening replays a committed transaction or drops one cut short
            now = state(store)
            assert now in (before, after)
            if expected_outcome is not None:
                assert proc.returncode == -signal.SIGKILL
                assert now == (before if expected_outcome == "before" else after)
            assert_consistent(store)
            index = store._fresh_key_index()
            if expected_outcome == "after":
                assert index is None  # built before the forget: stale, so never read
            if index is not None:  # a fresh index holds exactly the stored keys
                stored = store.con.execute("SELECT count(*) FROM band_keys").fetchone()[0]
                assert len(index.keys) == stored
                held = set(index.doc_ids(np.unique(np.asarray(index.seqs))).tolist())
                assert held <= {r[0] for r in store.con.execute("SELECT id FROM documents").fetchall()}
        if now == before:  # run again, the forget finishes the job
            rerun = subprocess.run([str(COPYTRAIL), *args], capture_output=True, timeout=60)
            assert rerun.returncode == 0, rerun.stderr
            with open_store(db, read_only=True) as store:
                assert state(store) == after


# ``python -c KILL_AT METHOD before|after N ARGS…``: the copytrail command, killed (SIGKILL)
# the N-th time Store.METHOD is called, before or after it runs
KILL_AT = """
import os, signal, sys
from copytrail.store import Store
from copytrail.cli.main import main
method, when, at = sys.argv[1], sys.argv[2], int(sys.argv[3])
real = getattr(Store, method)
calls = [0]
def killed(self, *args, **kwargs):
    calls[0] += 1
    if calls[0] < at:
        return real(self, *args, **kwargs)
    if when == "after":
        real(self, *args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
setattr(Store, method, killed)
sys.argv = ["copytrail", *sys.argv[4:]]
main()
"""


# ------------------------------------------------------------------------------ paths


def test_shown_paths_do_not_depend_on_the_current_folder(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    shown = []
    for where, db in ((corpus.parent, "a.duckdb"), (elsewhere, "b.duckdb")):
        monkeypatch.chdir(where)
        with open_store(tmp_path / db) as store:
            scan([os.path.relpath(corpus, where)], store, replace(FAST, claims=NO_CLAIMS))
            shown.append(sorted(r[0] for r in store.con.execute("SELECT path FROM documents").fetchall()))
    assert shown[0] == shown[1]
    assert all(p.startswith(corpus.resolve().as_posix() + "/") for p in shown[0])


def test_root_makes_paths_relative_and_two_files_never_share_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "news"
    text = "The harbour board met on Monday and agreed a new schedule for the ferry. " * 8
    for outlet in ("a", "b"):
        (base / outlet).mkdir(parents=True)
        (base / outlet / "story.txt").write_text(text + outlet, encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("An unrelated note about gardening in spring, with roses. " * 6, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    monkeypatch.chdir(base / "a")  # relative to here, both files were once "story.txt"
    with open_store(db) as store:
        assert set_corpus_root(store, base) == 0
        scan([base / "a", base / "b", outside], store, replace(FAST, claims=NO_CLAIMS))
        paths = sorted(r[0] for r in store.con.execute("SELECT path FROM documents").fetchall())
        assert paths == sorted(["a/story.txt", "b/story.txt", outside.resolve().as_posix()])
        assert store.get_meta("corpus_root") == base.resolve().as_posix()
        # another root rewrites what is stored; none makes every path absolute
        assert set_corpus_root(store, base / "a") == 2
        paths = sorted(r[0] for r in store.con.execute("SELECT path FROM documents").fetchall())
        assert paths == sorted(["story.txt", (base / "b" / "story.txt").resolve().as_posix(), outside.resolve().as_posix()])
        set_corpus_root(store, None)
        paths = {r[0] for r in store.con.execute("SELECT path FROM documents").fetchall()}
        assert paths == {r[0] for r in store.con.execute("SELECT file FROM documents").fetchall()}
        with pytest.raises(UsageError):
            set_corpus_root(store, tmp_path / "missing-folder")


def test_moved_corpus_keeps_its_shown_paths_under_a_new_root(corpus: Path, tmp_path: Path) -> None:
    db = scanned(corpus, tmp_path / "s.duckdb", root=corpus, settings=replace(FAST, claims=NO_CLAIMS))
    with open_store(db) as store:
        before = sorted(store.con.execute("SELECT id, path FROM documents").fetchall())
        assert all(not p.startswith("/") for _, p in before)
    moved = tmp_path / "moved-corpus"
    shutil.move(corpus, moved)
    with open_store(db) as store:
        set_corpus_root(store, moved)
        result = scan([moved], store, replace(FAST, claims=NO_CLAIMS))
        assert result.documents_added == 0 and not result.duplicates
        assert sorted(store.con.execute("SELECT id, path FROM documents").fetchall()) == before


def test_paths_of_an_old_store_are_made_absolute(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store made before roots existed held paths relative to where its scan ran."""
    db = scanned(corpus, tmp_path / "s.duckdb", settings=replace(FAST, claims=NO_CLAIMS))
    with open_store(db) as store:
        store.con.execute("UPDATE documents SET path = 'sample-corpus/' || regexp_extract(file, '[^/]+$')")
        store.con.execute("DELETE FROM meta WHERE key = 'paths_version'")
        scan([corpus], store, replace(FAST, claims=NO_CLAIMS))
        rows = store.con.execute("SELECT path, file FROM documents").fetchall()
        assert all(path == file for path, file in rows)
