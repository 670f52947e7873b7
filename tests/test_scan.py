"""Scans into a real DuckDB store: planted truth, incremental rescans, crash and resume."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from conftest import (
    FAST,
    NO_CLAIMS,
    REPEATED_PASSAGE_TEXTS,
    alignment_set,
    ids_by_name,
    write_jsonl,
)
from copytrail.engines.local import scan
from copytrail.outputs.export import alignment_rows, narrative_rows
from copytrail.stages.align import AlignSettings
from copytrail.stages.segment import tokenize
from copytrail.store import Store, open_store
from sample_truth import planted, truth

COPYTRAIL = Path(sys.executable).with_name("copytrail")


def covered(spans: list[tuple[int, int]], start: int, end: int) -> float:
    """Share of ``[start, end)`` covered by the union of ``spans``."""
    hits = sorted((max(s, start), min(e, end)) for s, e in spans if e > start and s < end)
    total, reach = 0, start
    for s, e in hits:
        if e > reach:
            total += e - max(s, reach)
            reach = e
    return total / (end - start)


def pair_spans(store: Store, a: str, b: str) -> dict[str, list[tuple[int, int]]]:
    rows = store.con.execute(
        "SELECT source_doc, source_start, source_end, target_doc, target_start, target_end "
        "FROM alignments WHERE (source_doc = ? AND target_doc = ?) OR (source_doc = ? AND target_doc = ?)",
        [a, b, b, a],
    ).fetchall()
    spans: dict[str, list[tuple[int, int]]] = {a: [], b: []}
    for sd, ss, se, td, ts, te in rows:
        spans[sd].append((ss, se))
        spans[td].append((ts, te))
    return spans


# ----------------------------------------------------------------------------- sample truth


def test_every_planted_copy_is_found(sample_db: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        ids = ids_by_name(store)
        texts = store.texts(list(ids.values()))
        for item in planted():
            src, dst = ids[item.source], ids[item.target]
            spans = pair_spans(store, src, dst)
            assert spans[src], f"no alignment between {item.source} and {item.target}"
            s0 = texts[src].find(item.source_text)
            t0 = texts[dst].find(item.target_text)
            assert s0 >= 0 and t0 >= 0
            best = max(
                covered(spans[src], s0, s0 + len(item.source_text)),
                covered(spans[dst], t0, t0 + len(item.target_text)),
            )
            assert best >= 0.8, (item.source, item.target, item.kind, best)


def test_unrelated_pairs_and_duplicates(sample_db: Path) -> None:
    data = truth()
    with open_store(sample_db, read_only=True) as store:
        ids = ids_by_name(store)
        for left, right in data["unrelated"]:
            assert not any(pair_spans(store, ids[left], ids[right]).values()), (left, right)
        for left, right in data["duplicates"]:
            rows = store.query(
                "SELECT id, duplicate_of, status FROM documents WHERE id IN (?, ?)", [ids[left], ids[right]]
            )
            dups = [r for r in rows if r["duplicate_of"]]
            assert len(dups) == 1
            dup = dups[0]
            assert dup["status"] == "duplicate"
            assert dup["duplicate_of"] in (ids[left], ids[right]) and dup["duplicate_of"] != dup["id"]
            n = store.con.execute(
                "SELECT count(*) FROM alignments WHERE source_doc = ? OR target_doc = ?",
                [dup["id"], dup["id"]],
            ).fetchone()[0]
            keys = store.con.execute("SELECT count(*) FROM band_keys WHERE doc = ?", [dup["id"]]).fetchone()[0]
            assert n == 0 and keys == 0


def test_storyline_a_earliest_is_the_fact_sheet(sample_db: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        ids = ids_by_name(store)
        fact_sheet = ids["civicpulse-saltmarsh-fact-sheet.html"]
        copies = {ids[p.target] for p in planted() if p.source == "civicpulse-saltmarsh-fact-sheet.html"}
        narratives = [
            n for n in narrative_rows(store) if fact_sheet in {m["doc"] for m in n["members"]}
        ]
        assert narratives
        assert copies <= {m["doc"] for n in narratives for m in n["members"]}
        for n in narratives:
            assert n["earliest"] == [fact_sheet]
            assert n["earliest_status"] == "dated"
            (first,) = [m for m in n["members"] if m["earliest"]]
            assert first["path"].endswith("civicpulse-saltmarsh-fact-sheet.html")
        # every alignment carries the narrative its passages belong to
        assert all(r["narrative"] for r in alignment_rows(store))


def test_exported_spans_slice_stored_text(sample_db: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        rows = list(alignment_rows(store))
        texts = store.texts(list({r[s]["doc"] for r in rows for s in ("source", "target")}))
        assert len(rows) >= len(planted()) // 2
        for r in rows:
            for side in ("source", "target"):
                span = r[side]
                assert 0 <= span["start"] < span["end"] <= len(texts[span["doc"]])
            a = texts[r["source"]["doc"]][r["source"]["start"] : r["source"]["end"]]
            b = texts[r["target"]["doc"]][r["target"]["start"] : r["target"]["end"]]
            if r["kind"] == "verbatim":
                assert [t.norm for t in tokenize(a)] == [t.norm for t in tokenize(b)]
            assert tokenize(a) and tokenize(b)
            assert r["source"]["doc"] != r["target"]["doc"]


# ----------------------------------------------------------------------------- incremental


def table_rows(store: Store, table: str) -> list[tuple]:
    return sorted(store.con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)  # noqa: S608


def assert_no_duplicate_rows(store: Store) -> None:
    con = store.con
    assert con.execute("SELECT count(*) = count(DISTINCT id) FROM documents").fetchone()[0]
    assert con.execute("SELECT count(*) = count(DISTINCT (key, doc)) FROM band_keys").fetchone()[0]
    assert con.execute(
        "SELECT count(*) = count(DISTINCT (source_doc, source_start, source_end, target_doc, "
        "target_start, target_end)) FROM alignments"
    ).fetchone()[0]
    # nothing points at a document that is gone
    assert not con.execute(
        "SELECT count(*) FROM band_keys WHERE doc NOT IN (SELECT id FROM documents)"
    ).fetchone()[0]
    assert not con.execute(
        "SELECT count(*) FROM alignments WHERE source_doc NOT IN (SELECT id FROM documents) "
        "OR target_doc NOT IN (SELECT id FROM documents)"
    ).fetchone()[0]
    # every original has band keys, no duplicate has any
    assert not con.execute(
        "SELECT count(*) FROM documents d WHERE duplicate_of IS NULL AND words >= 4 "
        "AND NOT EXISTS (SELECT 1 FROM band_keys k WHERE k.doc = d.id)"
    ).fetchone()[0]
    assert con.execute("SELECT count(*) FROM documents WHERE status = 'pending'").fetchone()[0] == 0


def test_rescan_unchanged_does_nothing(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        first = scan([corpus], store, FAST)
        before = {t: table_rows(store, t) for t in ("documents", "band_keys", "alignments", "narratives")}
        again = scan([corpus], store, FAST)
        after = {t: table_rows(store, t) for t in ("documents", "band_keys", "alignments", "narratives")}
    assert first.documents_added == 39 and first.alignments_added > 0
    assert again.documents_added == 0
    assert again.pairs_compared == 0
    assert again.files_skipped == again.files_seen == first.files_seen
    assert before == after


def test_new_file_is_compared_against_everything_only(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    item = planted()[0]
    with open_store(db) as store:
        scan([corpus], store, FAST)
        old = alignment_set(store)
        originals = store.con.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NULL").fetchone()[0]
        new = corpus / "zz-new-column.txt"
        new.write_text(
            "A brand new opinion column\n\nOur correspondent writes from the pier at dawn.\n\n"
            + item.source_text
            + "\n\nNobody at the pier wanted to talk about it afterwards.\n",
            encoding="utf-8",
        )
        result = scan([corpus], store, FAST)
        ids = ids_by_name(store)
        now = alignment_set(store)
        assert_no_duplicate_rows(store)
    assert result.documents_added == 1 and result.documents_aligned == 1
    assert 1 <= result.pairs_compared <= originals
    assert old < now
    added = now - old
    assert all(ids["zz-new-column.txt"] in (a[0], a[3]) for a in added)
    assert any({a[0], a[3]} == {ids["zz-new-column.txt"], ids[item.source]} for a in added)


def test_modified_file_replaces_its_documents_and_alignments(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    target = corpus / "freecurrent-veyra-fishermen.txt"
    item = planted()[0]  # a fact-sheet paragraph the fishermen feature did not copy
    with open_store(db) as store:
        scan([corpus], store, FAST)
        ids = ids_by_name(store)
        doc = ids[target.name]
        count = store.counts()["documents"]
        before = alignment_set(store)
        assert any(doc in (a[0], a[3]) for a in before)
        target.write_text("Fishermen complain\n\n" + item.target_text + "\n", encoding="utf-8")
        os.utime(target, ns=(time.time_ns(), time.time_ns() + 10**9))
        result = scan([corpus], store, FAST)
        after = alignment_set(store)
        assert result.files_replaced == 1 and result.documents_added == 1
        assert store.counts()["documents"] == count
        assert ids_by_name(store)[target.name] == doc  # same input, same id
        text = store.texts([doc])[doc]
        assert item.target_text in text
        assert_no_duplicate_rows(store)
    mine_before = {a for a in before if doc in (a[0], a[3])}
    mine_after = {a for a in after if doc in (a[0], a[3])}
    assert not mine_before & mine_after  # the old text's passages are gone
    assert any(ids[item.source] in (a[0], a[3]) for a in mine_after)
    assert {a for a in before if doc not in (a[0], a[3])} == {a for a in after if doc not in (a[0], a[3])}


def test_modified_original_promotes_its_duplicate(corpus: Path, tmp_path: Path) -> None:
    """When the original of a duplicate changes, the duplicate takes its place, keys and all."""
    db = tmp_path / "s.duckdb"
    item = planted()[0]
    (corpus / "zz-copy.txt").write_text("Third copy\n\n" + item.source_text + "\n", encoding="utf-8")
    (corpus / "zz-copy2.txt").write_text("Third copy\n\n" + item.source_text + "\n", encoding="utf-8")
    (corpus / "zz-copy3.txt").write_text("Third copy\n\n" + item.source_text + "\n", encoding="utf-8")
    with open_store(db) as store:
        scan([corpus], store, FAST)
        ids = ids_by_name(store)
        rows = store.query("SELECT id, duplicate_of FROM documents WHERE path LIKE '%zz-copy%'")
        original = next(r["id"] for r in rows if r["duplicate_of"] is None)
        path = next(p for p, i in ids.items() if i == original)
        (corpus / path).write_text("Nothing in common with anything here at all.\n" * 3, encoding="utf-8")
        scan([corpus], store, FAST)
        rows = store.query("SELECT id, duplicate_of FROM documents WHERE path LIKE '%zz-copy%'")
        assert_no_duplicate_rows(store)
        survivors = [r for r in rows if r["id"] != original]
        new_original = [r for r in survivors if r["duplicate_of"] is None]
        assert len(new_original) == 1  # the two remaining copies are not both originals
        assert all(r["duplicate_of"] == new_original[0]["id"] for r in survivors if r is not new_original[0])
        spans = pair_spans(store, new_original[0]["id"], ids[item.source])
        assert spans[ids[item.source]], "the promoted duplicate must be aligned again"


def test_changed_align_settings_recompute_alignments(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    strict = replace(FAST, align=AlignSettings(min_words=70, close_words=0))
    with open_store(db) as store:
        scan([corpus], store, FAST)
        default = alignment_set(store)
        default_meta = store.get_meta("align_settings")
        result = scan([corpus], store, strict)
        long_only = alignment_set(store)
        assert store.get_meta("align_settings") != default_meta
        assert result.documents_added == 0 and result.pairs_compared > 0
        rows = store.query("SELECT source_doc, source_start, source_end, target_doc, target_start, target_end FROM alignments")
        texts = store.texts(list({r[k] for r in rows for k in ("source_doc", "target_doc")}))
        for r in rows:
            a = texts[r["source_doc"]][r["source_start"] : r["source_end"]]
            b = texts[r["target_doc"]][r["target_start"] : r["target_end"]]
            assert min(len(tokenize(a)), len(tokenize(b))) >= 70
        scan([corpus], store, FAST)
        assert alignment_set(store) == default
        assert_no_duplicate_rows(store)
    assert long_only < default



def test_fingerprints_record_what_shapes_the_alignments() -> None:
    """A lexical scan records its alignment knobs (``AlignSettings.recorded``: not the
    corpus's common stems) and candidate settings; a semantic scan records its thresholds too,
    so changing one realigns, and not the device MiniLM runs on."""
    import json

    from copytrail.settings import ScanSettings, SemanticSettings

    lexical = ScanSettings()
    assert lexical.fingerprints() == {
        "ingest": json.dumps({"file_dates": False}),
        "sketch": json.dumps(asdict(lexical.sketch), sort_keys=True),
        "align": json.dumps(lexical.align.recorded(), sort_keys=True) + json.dumps(asdict(lexical.candidates), sort_keys=True),
    }
    assert replace(lexical, semantic=SemanticSettings(confirm=0.9)).fingerprints() == lexical.fingerprints()
    semantic = replace(lexical, semantic=SemanticSettings(enabled=True))
    align = semantic.fingerprints()["align"]
    assert align.startswith(lexical.fingerprints()["align"]) and '"confirm": 0.75' in align
    on_gpu = replace(semantic, semantic=replace(semantic.semantic, device="cuda"))
    assert on_gpu.fingerprints() == semantic.fingerprints()
    stricter = replace(semantic, semantic=replace(semantic.semantic, confirm=0.8))
    assert stricter.fingerprints()["align"] != align
    assert stricter.fingerprints()["sketch"] == semantic.fingerprints()["sketch"]


# ----------------------------------------------------------------------------- crash and resume

SOURCE_PARAGRAPHS = [p.source_text for p in planted(("verbatim",))][:6]


def make_corpus(folder: Path, count: int = 60) -> None:
    """``count`` articles of shuffled sample sentences, some copying a planted paragraph."""
    rng = random.Random(7)
    base = Path(__file__).resolve().parent.parent / "examples" / "sample-corpus"
    sentences = []
    for name in ("harbourtimes-water-tariff-review.txt", "coastalherald-mariners-derby.txt", "veyra-council-budget.txt"):
        text = (base / name).read_text(encoding="utf-8")
        sentences += [s.strip() + "." for s in text.replace("\n", " ").split(". ") if len(s.split()) > 4]
    folder.mkdir()
    start = 1_700_000_000
    for i in range(count):
        body = [" ".join(rng.sample(sentences, 3)) for _ in range(3)]
        # made-up words keep articles apart; copies make pairs
        body.append(" ".join(f"zq{i}x{j}" for j in range(30)) + ".")
        if i % 3 == 0:
            body.insert(1, SOURCE_PARAGRAPHS[i % len(SOURCE_PARAGRAPHS)])
        path = folder / f"article-{i:03d}.txt"
        path.write_text(f"Article {i}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        os.utime(path, (start + i * 3600, start + i * 3600))  # distinct dates: a fixed order


def snapshot(db: Path) -> dict[str, object]:
    with open_store(db, read_only=True) as store:
        assert_no_duplicate_rows(store)
        return {
            "documents": sorted(store.con.execute("SELECT id, sha1, duplicate_of, status FROM documents").fetchall()),
            "band_keys": sorted(store.con.execute("SELECT key, doc FROM band_keys").fetchall()),
            "alignments": alignment_set(store),
            "narratives": store.counts()["narratives"],
        }


def test_killed_scan_resumes_to_the_same_store(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    make_corpus(folder)
    db = tmp_path / "killed.duckdb"
    command = [str(COPYTRAIL), "scan", str(folder), "--db", str(db), "--batch-size", "3", "--workers", "1", "-q"]
    # the reference runs the same code the same way, uninterrupted, on the process pool
    reference = tmp_path / "reference.duckdb"
    ref_command = [*command[:4], str(reference), "--workers", "2", "-q"]
    assert subprocess.run(ref_command, capture_output=True, timeout=120).returncode == 0
    expected = snapshot(reference)
    assert len(expected["alignments"]) >= 20

    for delay in (0.3, 0.8):
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while not db.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode in (0, -signal.SIGKILL), proc.stderr.read() if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert snapshot(db) == expected


def test_crash_between_batches_leaves_no_duplicate_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash after a batch of documents was stored but before its file was recorded."""
    folder = tmp_path / "articles"
    make_corpus(folder, count=12)
    reference = tmp_path / "reference.duckdb"
    with open_store(reference) as store:
        scan([folder], store, FAST)
    db = tmp_path / "crashed.duckdb"
    small = replace(FAST, batch_size=1)
    calls = {"n": 0}
    real = Store.record_files

    def crash(self: Store, *args: object) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "record_files", crash)
    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        scan([folder], store, small)
    monkeypatch.setattr(Store, "record_files", real)
    with open_store(db) as store:
        assert store.counts()["documents"] >= 4
        scan([folder], store, small)
    assert snapshot(db) == snapshot(reference)


def test_batches_and_workers_do_not_change_what_is_aligned(tmp_path: Path) -> None:
    """Each batch's pairs are found while the workers still align the batch before it
    (whose documents count as done before they are stored), and a pair with a text too
    short for a passage is counted but never aligned: small batches on a process pool store
    what one batch in this process stores, the same pairs counted."""
    folder = tmp_path / "articles"
    make_corpus(folder, count=24)
    for i, paragraph in enumerate(SOURCE_PARAGRAPHS[:3]):  # too short for a passage, sharing words with copies
        (folder / f"note-{i}.txt").write_text(" ".join(paragraph.split()[:20]) + ".\n", encoding="utf-8")
    results, snapshots = [], []
    for name, settings in (("one", replace(FAST, claims=NO_CLAIMS)), ("pool", replace(FAST, claims=NO_CLAIMS, batch_size=4, workers=2))):
        db = tmp_path / f"{name}.duckdb"
        with open_store(db) as store:
            results.append(scan([folder], store, settings))
        snapshots.append(snapshot(db))
    assert snapshots[0] == snapshots[1]
    assert results[0].pairs_compared == results[1].pairs_compared > 0
    assert snapshots[0]["alignments"]
    with open_store(tmp_path / "one.duckdb", read_only=True) as store:
        short = {row[0] for row in store.con.execute("SELECT id FROM documents WHERE words < 25").fetchall()}
        keys = store.con.execute("SELECT key, doc FROM band_keys").fetchall()
    holders: dict[int, set[str]] = {}
    for key, doc in keys:
        holders.setdefault(key, set()).add(doc)
    shared: dict[tuple[str, str], int] = {}
    for docs in holders.values():
        for pair in ((s, d) for s in docs & short for d in docs - short):
            shared[pair] = shared.get(pair, 0) + 1
    assert max(shared.values(), default=0) >= 2  # a short text is a candidate of a long one


def test_results_do_not_depend_on_where_the_files_lie(tmp_path: Path) -> None:
    """A passage one article prints twice and another once: aligned in the order the ids
    gave (the ids follow from the paths), one layout kept both copies and the other one.
    Aligned in content order, two layouts of the same files give the same alignments."""
    texts = REPEATED_PASSAGE_TEXTS

    from copytrail.records import document_id

    def layout_id_order(root: Path, folders: tuple[str, str]) -> bool:
        twice, once = (root / folder / name for folder, name in zip(folders, texts, strict=True))
        return document_id(twice.resolve().as_posix()) < document_id(once.resolve().as_posix())

    def alignments(root: Path, folders: tuple[str, str]) -> set[tuple]:
        for folder, name in zip(folders, texts, strict=True):
            (root / folder).mkdir(parents=True, exist_ok=True)
            (root / folder / name).write_text(texts[name], encoding="utf-8")
        with open_store(root / "store.duckdb") as store:
            scan([root], store, replace(FAST, claims=NO_CLAIMS))
            names = {doc: name.rsplit("/", 1)[-1] for name, doc in ids_by_name(store).items()}
            # which side is called the source is the ingest order's when no date says (and
            # flagged as not known): compared here are the spans
            return {
                (frozenset({(names[r[0]], r[1], r[2]), (names[r[3]], r[4], r[5])}), r[6])
                for r in alignment_set(store)
            }

    first_root, second_root = tmp_path / "first", tmp_path / "second"
    order = layout_id_order(first_root, ("x", "y"))
    # folders for the second layout that put the two ids the other way round
    other = next(f for f in ((f"x{i}", f"y{i}") for i in range(100)) if layout_id_order(second_root, f) != order)
    first = alignments(first_root, ("x", "y"))
    assert first and first == alignments(second_root, other)


# ------------------------------------------------------------------------------ honest dates


def test_no_sample_narrative_names_an_earliest_with_high_unless_it_is_sure(sample_db: Path) -> None:
    """Bare .txt files state no date, so they are undated; a narrative holding one (it could be
    the original: gangcheng-ribao-zh.txt is) is never "high", and says why."""
    undated = set(truth()["undated"])
    with open_store(sample_db, read_only=True) as store:
        names = {v: k for k, v in ids_by_name(store).items()}
        docs = {r["id"]: r for r in store.query("SELECT id, published, date_source FROM documents")}
        for name, doc in names.items():
            if doc in undated:
                assert (docs[name]["published"], docs[name]["date_source"]) == (None, "none"), doc
        rows = list(narrative_rows(store))
    assert {r["confidence"] for r in rows} <= {"high", "medium", "low", "unknown"}
    for row in rows:
        members = {names[m["doc"]] for m in row["members"]}
        missing = members & undated
        if missing:
            assert row["confidence"] != "high", row
            assert f"{len(missing)} member{'s' if len(missing) > 1 else ''} undated" in row["confidence_reason"]
        if row["confidence"] == "high":
            assert all(m["date_source"] == "metadata" for m in row["members"])
            assert row["confidence_reason"].startswith("every member dated from its metadata")
    # the Chinese original is a bare .txt file copied into a dated wire record: the copy is the
    # earliest dated member, and copytrail says it cannot be sure
    (chinese,) = [r for r in rows if "gangcheng-ribao-zh.txt" in {names[m["doc"]] for m in r["members"]}]
    assert [names[d] for d in chinese["earliest"]] == ["wire-feed.jsonl#id=hw-2025-0317-zh"]
    assert (chinese["confidence"], chinese["confidence_reason"]) == ("low", "1 member undated")


_STORY = (
    "The ferry operator said on Monday that the evening crossing to the northern islands will be "
    "cancelled for the rest of the month while engineers replace a worn propeller shaft. Travellers "
    "holding tickets will be offered seats on the morning boat or a full refund, and the council has "
    "asked the operator to publish a timetable for the repairs. Island shopkeepers warned that fresh "
    "deliveries would arrive a day late, and the school said pupils would board with host families."
)


def _dated_pair(folder: Path, first: str, second: str) -> None:
    """Two HTML copies of one article (the second adds a line), published at the given times."""
    for name, stamp, more in (("morning.html", first, ""), ("evening.html", second, "<p>Updated with the timetable.</p>")):
        (folder / name).write_text(
            f'<html><head><meta property="article:published_time" content="{stamp}"><title>{name}</title>'
            f"</head><body><article><p>{_STORY}</p>{more}</article></body></html>",
            encoding="utf-8",
        )


def test_copies_hours_apart_are_ordered_by_time(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    _dated_pair(corpus, "2024-03-05T16:40:00Z", "2024-03-05T09:15:00Z")  # "evening" is first
    with open_store(tmp_path / "s.duckdb") as store:
        scan([corpus], store, replace(FAST, claims=NO_CLAIMS))
        ids = {r["path"].rsplit("/", 1)[-1]: r["id"] for r in store.query("SELECT id, path FROM documents")}
        rows = list(alignment_rows(store))
        (n,) = list(narrative_rows(store))
    assert rows and all(r["source"]["doc"] == ids["evening.html"] and r["source_is_earlier"] for r in rows)
    assert n["earliest"] == [ids["evening.html"]]
    assert (n["confidence"], n["confidence_reason"]) == (
        "high", "every member dated from its metadata; earliest first by 7 hours"
    )
    assert {m["date_precision"] for m in n["members"]} == {"minute"}


def test_copies_at_the_same_minute_are_a_tie_said_so(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    _dated_pair(corpus, "2024-03-05T09:15:00Z", "2024-03-05T09:15:00Z")
    with open_store(tmp_path / "s.duckdb") as store:
        scan([corpus], store, replace(FAST, claims=NO_CLAIMS))
        (n,) = list(narrative_rows(store))
    assert len(n["earliest"]) == 2 and n["earliest_status"] == "tied"
    assert (n["confidence"], n["confidence_reason"]) == ("low", "tied with 1 member on 2024-03-05")


def test_file_dates_only_when_asked_and_a_store_follows_the_setting(tmp_path: Path) -> None:
    """A bare .txt file is undated unless --file-dates; turning it off again undates the
    stored documents and orders their alignments anew, and says so."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    body = _STORY
    (corpus / "a.txt").write_text("A\n\n" + body, encoding="utf-8")
    (corpus / "b.txt").write_text("B\n\n" + body + "\n\nMore.", encoding="utf-8")
    os.utime(corpus / "a.txt", (1_600_000_000, 1_600_000_000))
    os.utime(corpus / "b.txt", (1_700_000_000, 1_700_000_000))
    settings = replace(FAST, claims=NO_CLAIMS)
    asked = replace(settings, ingest=replace(settings.ingest, file_dates=True))
    with open_store(tmp_path / "s.duckdb") as store:
        scan([corpus], store, settings)
        dated = store.query("SELECT published, date_source FROM documents")
        assert {(r["published"], r["date_source"]) for r in dated} == {(None, "none")}
        (n,) = list(narrative_rows(store))
        assert (n["confidence"], n["earliest"]) == ("unknown", [])
        assert n["confidence_reason"] == "no member has a date (2 members undated)"

        scan([corpus], store, asked)  # unchanged files are read again to take their times
        dates = sorted((r["published"], r["date_source"]) for r in store.query("SELECT published, date_source FROM documents"))
        assert dates == [("2020-09-13T12:26:40+00:00", "file"), ("2023-11-14T22:13:20+00:00", "file")]
        (n,) = list(narrative_rows(store))
        assert n["confidence"] == "low" and n["confidence_reason"].startswith("earliest dated by file time")
        assert all(r["source_is_earlier"] for r in alignment_rows(store))

        (tmp_path / "empty").mkdir()
        scan([tmp_path / "empty"], store, settings)  # the setting alone undates them
        assert {(r["published"], r["date_source"]) for r in store.query("SELECT published, date_source FROM documents")} == {(None, "none")}
        assert not any(r["source_is_earlier"] for r in alignment_rows(store))
        (n,) = list(narrative_rows(store))
        assert n["confidence"] == "unknown"


def test_a_store_made_by_0_1_opens_and_loses_its_file_dates(tmp_path: Path) -> None:
    """copytrail 0.1 dated bare files by their file's time and wrote a narrative's confidence
    as "level: reason": read-only, such a store shows level and reason apart; the next scan
    adds the column and undates the file-dated documents."""
    import duckdb

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A\n\n" + _STORY, encoding="utf-8")
    (corpus / "b.txt").write_text("B\n\n" + _STORY + "\n\nMore.", encoding="utf-8")
    settings = replace(FAST, claims=NO_CLAIMS)
    db = tmp_path / "old.duckdb"
    with open_store(db) as store:
        scan([corpus], store, replace(settings, ingest=replace(settings.ingest, file_dates=True)))
    con = duckdb.connect(str(db))  # what 0.1 left: no ingest record, no reason column
    con.execute("DELETE FROM meta WHERE key = 'ingest_settings'")
    con.execute("ALTER TABLE narratives DROP COLUMN confidence_reason")
    con.execute("UPDATE narratives SET confidence = 'low: dated by file time'")
    con.close()
    with open_store(db, read_only=True) as store:
        (row,) = store.query("SELECT confidence, confidence_reason FROM narratives")
        assert (row["confidence"], row["confidence_reason"]) == ("low", "dated by file time")
        assert list(narrative_rows(store))[0]["confidence_reason"] == "dated by file time"
    with open_store(db) as store:
        scan([corpus], store, settings)  # unchanged files: the store alone is brought up to date
        dated = {(r["published"], r["date_source"]) for r in store.query("SELECT published, date_source FROM documents")}
        assert dated == {(None, "none")}
        (n,) = list(narrative_rows(store))
        assert (n["confidence"], n["confidence_reason"]) == ("unknown", "no member has a date (2 members undated)")


_CRASH = (
    "Share prices collapsed across the exchange on Monday morning as sellers overwhelmed the "
    "trading floor within minutes of the opening bell. Brokers said the order books had never "
    "been so one-sided, and several firms stopped answering their telephones before noon. The "
    "index lost more than a fifth of its value by the close, the steepest fall in a single day "
    "since records began, and officials promised a review of the computer trading programmes. "
)
_FERRY = _STORY
_PAGE = """<html><head><title>{title}</title>{meta}</head><body>
<nav><a href="/">Home</a> | <a href="/markets">Markets</a> | <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1><p>{body}</p>{more}</article>
<footer>Copyright The Evening Ledger. All rights reserved. Subscribe to our newsletter for more.</footer>
</body></html>"""


def _page(title: str, stamp: str | None, body: str, more: str = "") -> str:
    meta = f'<meta property="article:published_time" content="{stamp}">' if stamp else ""
    return _PAGE.format(title=title, meta=meta, body=body, more=f"<p>{more}</p>" if more else "")


def test_a_planted_campaign_names_no_wrong_earliest_with_high(tmp_path: Path) -> None:
    """HTML pages with navigation and footers, a JSONL feed, a bare .txt original, a page dated
    1987 and copies hours apart: every earliest source is right or honestly uncertain."""

    corpus = tmp_path / "campaign"
    corpus.mkdir()
    (corpus / "ledger-crash-1987.html").write_text(
        _page("Markets in freefall", "1987-10-19T09:30:00Z", _CRASH), encoding="utf-8"
    )
    (corpus / "courier-crash.html").write_text(
        _page("Black Monday", "1987-10-20", _CRASH, "Our reporters will follow the story tomorrow."), encoding="utf-8"
    )
    (corpus / "ferry-original.txt").write_text("Ferry crossing cancelled\n\n" + _FERRY + "\n", encoding="utf-8")
    (corpus / "harbour-ferry.html").write_text(
        _page("Island ferry halted", "2024-03-05T11:00:00Z", _FERRY, "Updated with the operator's statement."), encoding="utf-8"
    )
    feed = [
        {"id": "wire-crash", "title": "Crash", "published": "1987-10-19T14:10:00Z", "text": "WIRE: " + _CRASH},
        {"id": "wire-ferry", "title": "Ferry", "published": "2024-03-05T08:00:00Z", "text": _FERRY + " (wire)"},
    ]
    write_jsonl(corpus / "feed.jsonl", feed)
    originals = {"crash": "ledger-crash-1987.html", "ferry": "ferry-original.txt"}
    with open_store(tmp_path / "s.duckdb") as store:
        scan([corpus], store, replace(FAST, claims=NO_CLAIMS))
        names = {r["id"]: Path(r["path"]).name + (f"#{r['source_key'].rsplit('#', 1)[1]}" if "#" in r["source_key"] else "")
                 for r in store.query("SELECT id, path, source_key FROM documents")}  # fmt: skip
        dates = {names[r["id"]]: r["published"] for r in store.query("SELECT id, published FROM documents")}
        rows = list(narrative_rows(store))
    assert dates["ledger-crash-1987.html"] == "1987-10-19T09:30:00+00:00"  # never replaced by a file time
    assert dates["ferry-original.txt"] is None
    stories = {}
    for row in rows:
        members = {names[m["doc"]] for m in row["members"]}
        story = "crash" if "ledger-crash-1987.html" in members or "feed.jsonl#id=wire-crash" in members else "ferry"
        stories.setdefault(story, []).append(row)
        if row["confidence"] == "high":  # never high and wrong
            assert [names[d] for d in row["earliest"]] == [originals[story]], row
    (crash,) = stories["crash"]
    assert [names[d] for d in crash["earliest"]] == ["ledger-crash-1987.html"]
    assert (crash["confidence"], crash["confidence_reason"]) == (
        "high", "every member dated from its metadata; earliest first by 4 hours"
    )
    assert crash["first_date"].startswith("1987-10-19") and crash["last_date"] == "1987-10-20"
    for ferry in stories["ferry"]:  # the undated .txt original could be older than its copies
        assert ferry["confidence"] != "high" and "1 member undated" in ferry["confidence_reason"]
        assert [names[d] for d in ferry["earliest"]] == ["feed.jsonl#id=wire-ferry"]


def test_a_scan_with_other_settings_says_every_pair_was_aligned_again(corpus: Path, tmp_path: Path) -> None:
    """A rescan whose alignment settings differ from the store's realigns every stored pair
    and says why (the summary prints it); the same settings again realign nothing and say
    nothing.  A change of layer is named: a store last scanned with --semantic, rescanned
    without it."""
    from copytrail.engines.recorded import _realign_reason
    from copytrail.settings import ScanSettings, SemanticSettings

    settings = replace(FAST, claims=NO_CLAIMS)
    with open_store(tmp_path / "store.duckdb") as store:
        assert scan([corpus], store, settings).realigned is None
        other = replace(settings, align=replace(settings.align, min_words=20))
        again = scan([corpus], store, other)
        assert again.realigned == "the store's alignments were made with other alignment settings"
        assert again.pairs_compared > 0 and again.documents_added == 0
        assert scan([corpus], store, other).realigned is None
    semantic = ScanSettings(semantic=SemanticSettings(enabled=True))
    assert _realign_reason(semantic, ScanSettings()) == "the store was last scanned with --semantic"
    assert _realign_reason(ScanSettings(), semantic) == "the store was last scanned without --semantic"
