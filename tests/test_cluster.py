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
    assert earliest_confidence(big, DOCS) == "high"
    small = narratives[1]
    assert small.undated == 1
    assert earliest_confidence(small, DOCS).startswith("medium")


def test_ties_and_unknown_dates() -> None:
    tied, _ = build_narratives([al("a", 0, 10, "e", 0, 10)], DOCS)
    # a bare date ties with a timestamp on the same day
    assert tied[0].earliest == ["a", "e"] and tied[0].earliest_status == "tied"
    assert earliest_confidence(tied[0], DOCS).startswith("tied")
    unknown, _ = build_narratives([al("d", 0, 10, "x", 0, 10)], {"d": DOCS["d"]})
    assert unknown[0].earliest == [] and unknown[0].earliest_status == "unknown"
    assert unknown[0].first_date is None
    assert earliest_confidence(unknown[0], {"d": DOCS["d"]}).startswith("unknown")


def test_file_dates_give_low_confidence() -> None:
    docs = {"c": DOCS["c"], "f": DocInfo("2025-03-06", None, "file")}
    (n,), _ = build_narratives([al("c", 0, 10, "f", 0, 10)], docs)
    assert n.earliest == ["c"]
    assert earliest_confidence(n, docs).startswith("low")


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
