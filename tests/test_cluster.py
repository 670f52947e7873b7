"""Cluster stage: passages grouped across documents, earliest member by date, never guessed."""

from __future__ import annotations

import random
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from copytrail.engines.narratives import update_narratives
from copytrail.records import Alignment, Span
from copytrail.stages.cluster import (
    DocInfo,
    build_narratives,
    earliest_confidence,
    extend_narratives,
)
from copytrail.store import Store, open_store
from copytrail.store.queries import ranked_narratives


def al(a: str, a0: int, a1: int, b: str, b0: int, b1: int) -> Alignment:
    return Alignment(Span(a, a0, a1), Span(b, b0, b1), "verbatim", 1.0, 10, True)


DOCS = {
    "a": DocInfo("2025-03-03T08:15:00+00:00", "Civic Pulse", "metadata"),
    "b": DocInfo("2025-03-04", "Northgate Post", "metadata"),
    "c": DocInfo("2025-03-05T09:30:00+00:00", "Open Ledger", "file"),
    "d": DocInfo(None, None, "none"),
    "e": DocInfo("2025-03-03", "Other", "metadata"),
}


def test_chain_of_copies_is_one_narrative_with_the_earliest_source() -> None:
    alignments = [al("a", 0, 100, "b", 50, 150), al("b", 55, 150, "c", 0, 95), al("a", 500, 600, "d", 0, 100)]
    narratives, assignment = build_narratives(alignments, DOCS)
    assert len(narratives) == 2
    big = narratives[0]
    assert big.documents == 3 and big.outlets == 3
    assert big.earliest == ["a"] and big.earliest_status == "dated"
    assert big.first_date == DOCS["a"].published and big.last_date == DOCS["c"].published
    assert assignment[0] == assignment[1] == big.id != assignment[2]
    # within b the two overlapping spans are one passage
    assert sorted((m.doc, m.start, m.end) for m in big.members) == [("a", 0, 100), ("b", 50, 150), ("c", 0, 95)]
    # c's date is only its file's time: c could be older than a, so a is not named with "high"
    assert earliest_confidence(big, DOCS) == (
        "medium", "1 other member dated by file time only, could be older"
    )
    small = narratives[1]
    assert small.undated == 1
    # one dated member and one undated one: the undated one may be the original
    assert earliest_confidence(small, DOCS) == ("low", "1 member undated")


def test_ties_and_unknown_dates() -> None:
    tied, _ = build_narratives([al("a", 0, 10, "e", 0, 10)], DOCS)
    # a bare date ties with a timestamp on the same day
    assert tied[0].earliest == ["a", "e"] and tied[0].earliest_status == "tied"
    assert earliest_confidence(tied[0], DOCS) == ("low", "tied with 1 member on 2025-03-03")
    unknown, _ = build_narratives([al("d", 0, 10, "x", 0, 10)], {"d": DOCS["d"]})
    assert unknown[0].earliest == [] and unknown[0].earliest_status == "unknown"
    assert unknown[0].first_date is None
    assert earliest_confidence(unknown[0], {"d": DOCS["d"]}) == (
        "unknown", "no member has a date (2 members undated)"
    )


def test_file_dates_give_low_confidence() -> None:
    docs = {"c": DOCS["c"], "f": DocInfo("2025-03-06", None, "file")}
    (n,), _ = build_narratives([al("c", 0, 10, "f", 0, 10)], docs)
    assert n.earliest == ["c"]
    assert earliest_confidence(n, docs) == (
        "low", "earliest dated by file time; 1 other member dated by file time only, could be older"
    )


def test_high_only_when_every_member_is_dated_by_metadata_and_one_is_first() -> None:
    docs = {
        "a": DocInfo("2025-03-03T08:15:00+00:00", "A", "metadata"),
        "b": DocInfo("2025-03-03T11:45:00+00:00", "B", "metadata"),
        "c": DocInfo("2025-03-05", "C", "metadata"),
    }
    (n,), _ = build_narratives([al("a", 0, 10, "b", 0, 10), al("b", 0, 10, "c", 0, 10)], docs)
    assert n.earliest == ["a"]
    assert earliest_confidence(n, docs) == (
        "high", "every member dated from its metadata; earliest first by 3 hours"
    )
    # the same narrative with one member more, undated: it could be the original
    docs["u1"] = DocInfo(None, "U", "none")
    (n,), _ = build_narratives([al("a", 0, 10, "b", 0, 10), al("b", 0, 10, "c", 0, 10), al("c", 0, 10, "u1", 0, 10)], docs)
    assert n.earliest == ["a"] and earliest_confidence(n, docs) == ("medium", "1 member undated")


def test_a_weak_earliest_and_several_reasons_are_all_said() -> None:
    docs = {
        "w": DocInfo("2025-03-01T10:00:00+00:00", "W", "warc"),
        "m": DocInfo("2025-03-02", "M", "metadata"),
        "n": DocInfo("2025-03-01T10:00:00+00:00", "N", "metadata"),
        "u1": DocInfo(None, None, "none"),
        "u2": DocInfo(None, None, "none"),
    }
    chain = [al("w", 0, 10, "m", 0, 10), al("m", 0, 10, "u1", 0, 10), al("u1", 0, 10, "u2", 0, 10)]
    (n,), _ = build_narratives(chain, docs)
    assert n.earliest == ["w"]
    assert earliest_confidence(n, docs) == ("low", "earliest dated by WARC capture time; 2 members undated")
    # two members published at the same second: a tie, said with its day
    (t,), _ = build_narratives([al("w", 0, 10, "n", 0, 10), al("n", 0, 10, "m", 0, 10)], docs)
    assert t.earliest == ["n", "w"]
    level, reason = earliest_confidence(t, docs)
    assert level == "low" and reason.startswith("tied with 1 member on 2025-03-01")


def test_disjoint_passages_of_one_document_are_separate_narratives() -> None:
    alignments = [al("a", 0, 100, "b", 0, 100), al("a", 200, 300, "c", 0, 100)]
    narratives, assignment = build_narratives(alignments, DOCS)
    assert len(narratives) == 2 and assignment[0] != assignment[1]


def test_ids_are_stable_and_order_independent() -> None:
    alignments = [al("a", 0, 100, "b", 50, 150), al("b", 55, 150, "c", 0, 95)]
    first, _ = build_narratives(alignments, DOCS)
    second, _ = build_narratives(list(reversed(alignments)), DOCS)
    assert [n.id for n in first] == [n.id for n in second]
    assert build_narratives([], DOCS) == ([], [])


# ------------------------------------------------------------------ incremental narratives


def test_a_new_span_can_split_a_passage_and_context_keeps_it_split() -> None:
    """Within one document a new span can take a span from the passage it joined before (the
    sweep compares each span with the passage just before it): x's spans [0,100) and [60,70)
    are one passage until [55,1000) comes between them.  Regrouping only the narratives that
    the new alignment touches, given their documents' other spans as context, agrees with
    regrouping all."""
    elsewhere = al("p", 95, 300, "t", 0, 205)  # another narrative in p, which the new span never reaches
    old = [al("x", 0, 100, "p", 0, 100), al("x", 60, 70, "q", 0, 10), elsewhere]
    before, _ = build_narratives(old, DOCS)
    assert sorted(n.documents for n in before) == [2, 3]  # p and q meet in x's one passage
    new = al("x", 55, 1000, "r", 0, 945)
    full, _ = build_narratives([*old, new], DOCS)
    assert sorted(sorted(m.doc for m in n.members) for n in full) == [["p", "t"], ["p", "x"], ["q", "r", "x"]]
    touched = [*old[:2], new]  # the narrative with a passage in x, and the new alignment
    context = {"x": [(0, 100), (60, 70), (55, 1000)], "p": [(0, 100), (95, 300)], "q": [(0, 10)], "r": [(0, 945)]}
    part, assignment = build_narratives(touched, DOCS, context)
    assert sorted(part, key=lambda n: n.id) == sorted((n for n in full if n.documents != 2 or "t" not in {m.doc for m in n.members}), key=lambda n: n.id)
    assert assignment[1] == assignment[2] != assignment[0]


def test_new_alignments_merge_stored_narratives_from_their_members_alone() -> None:
    """Extending reads the touched narratives' members, not their alignments: a new alignment
    joining two stored narratives merges them (the first passage names the result); one whose
    span splits a stored passage cannot be done so (None: regroup from the alignments)."""
    old = [al("a", 0, 100, "b", 0, 100), al("c", 0, 100, "d", 0, 100), al("x", 0, 100, "p", 0, 100), al("x", 60, 70, "q", 0, 10)]
    stored, assignment = build_narratives(old, DOCS)
    members = {n.id: [(m.doc, m.start, m.end) for m in n.members] for n in stored}
    spans = {"b": [(0, 100)], "c": [(0, 100)], "x": [(0, 100), (60, 70)]}
    touched = {nid: found for nid, found in members.items() if {m[0] for m in found} & {"b", "c"}}
    joining = [al("b", 10, 90, "c", 5, 95)]
    extended = extend_narratives(joining, spans, touched, DOCS)
    full, _ = build_narratives([*old, *joining], DOCS)
    assert extended is not None and len(extended.narratives) == 1
    assert extended.narratives[0] in full
    assert set(extended.renamed) == set(touched) and set(extended.renamed.values()) == {extended.narratives[0].id}
    assert extended.assignment == [extended.narratives[0].id]
    x_narrative = {nid: found for nid, found in members.items() if any(m[0] == "x" for m in found)}
    assert extend_narratives([al("x", 55, 1000, "r", 0, 945)], spans, x_narrative, DOCS) is None


def _random_alignments(rng: random.Random, count: int) -> list[Alignment]:
    """Spans in a few short documents, so that they overlap, chain and cut each other."""
    docs = [f"d{i}" for i in range(12)]
    out = []
    for _ in range(count):
        a, b = rng.sample(docs, 2)
        start_a, start_b = rng.randrange(0, 400, 5), rng.randrange(0, 400, 5)
        length = rng.choice((10, 20, 40, 80, 160))
        out.append(Alignment(Span(a, start_a, start_a + length), Span(b, start_b, start_b + length), "verbatim", 1.0, length // 5, True))
    return out


def _stored(store: Store) -> dict[str, object]:
    """Every narrative row, its members and each alignment's narrative, comparable as sets,
    and the narratives in the order every list shows them (with the earliest's title)."""
    return {
        "narratives": sorted(store.con.execute("SELECT * FROM narratives").fetchall()),
        "members": sorted(store.con.execute('SELECT narrative, doc, start, "end" FROM narrative_members').fetchall()),
        "alignments": sorted(store.con.execute(
            "SELECT source_doc, source_start, source_end, target_doc, target_start, target_end, narrative FROM alignments"
        ).fetchall()),  # fmt: skip
        "ranked": [(r["id"], r["earliest_title"]) for r in ranked_narratives(store)],
    }


@pytest.mark.parametrize("seed", range(6))
def test_narratives_updated_from_new_alignments_equal_a_full_regrouping(tmp_path: Path, seed: int) -> None:
    """Alignments added in batches to a real store, narratives updated after each batch from
    the new ones alone, compared row for row with every alignment regrouped from scratch."""
    rng = random.Random(seed)
    db, full_db = tmp_path / "incremental.duckdb", tmp_path / "full.duckdb"
    with open_store(db) as store, open_store(full_db) as full:
        for s in (store, full):
            for i in range(12):
                published = None if i % 5 == 4 else f"2025-03-{1 + i % 4:02d}"
                s.con.execute(
                    "INSERT INTO documents (id, title, published, outlet, date_source, status) VALUES (?, ?, ?, ?, 'metadata', 'done')",
                    [f"d{i}", f"Title {i}", published, f"outlet {i % 3}"],
                )
        regrouped_all, extended = [], []
        for batch in range(5):
            new = _random_alignments(rng, rng.randrange(1, 12))
            for s in (store, full):
                with s.transaction():
                    s.add_alignments(new, [])
            update = update_narratives(store)
            regrouped_all.append(update.regrouped_all)
            extended.append(update.extended)
            update_narratives(full, everything=True)
            assert _stored(store) == _stored(full), f"batch {batch}"
            assert store.con.execute("SELECT count(*) FROM alignments WHERE narrative IS NULL").fetchone() == (0,)
        assert regrouped_all == [True, False, False, False, False]  # the first has no stamp yet
        assert any(extended)  # most batches extend narratives from their members
        with store.transaction():  # a removed alignment: the stamp no longer holds
            store.con.execute("DELETE FROM alignments WHERE rowid = (SELECT min(rowid) FROM alignments)")
        assert not store.narratives_are_current()
        assert update_narratives(store).regrouped_all


def test_a_scan_adding_documents_gives_the_narratives_of_a_full_regrouping(tmp_path: Path) -> None:
    from conftest import FAST, NO_CLAIMS
    from copytrail.engines.local import scan
    from test_scan import make_corpus

    folder, later = tmp_path / "articles", tmp_path / "later"
    make_corpus(folder, count=36)
    later.mkdir()
    for path in sorted(folder.iterdir())[-6:]:
        path.rename(later / path.name)
    db, rebuilt = tmp_path / "s.duckdb", tmp_path / "rebuilt.duckdb"
    settings = replace(FAST, claims=NO_CLAIMS)
    with open_store(db) as store:
        scan([folder], store, settings)
        before = store.counts()["narratives"]
        assert store.narratives_are_current()  # so the next scan regroups only what it touches
    for path in sorted(later.iterdir()):
        path.rename(folder / path.name)
    with open_store(db) as store:
        scan([folder], store, settings)
        assert store.counts()["narratives"] >= 1 and before >= 1
    shutil.copy(db, rebuilt)
    with open_store(rebuilt) as full:
        assert update_narratives(full, everything=True).regrouped_all
    with open_store(db, read_only=True) as store, open_store(rebuilt, read_only=True) as full:
        assert _stored(store) == _stored(full)
