"""Cluster stage: passages grouped across documents, earliest member by date, never guessed."""

from __future__ import annotations

from copytrail.records import Alignment, Span
from copytrail.stages.cluster import DocInfo, build_narratives, earliest_confidence


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
