"""Claims: figures are compared only between statements that one link joins (an alignment, or
equal figures in similar sentences, said they are one statement), never between two statements
that meet only through others; stored groups and groups computed on the fly agree."""

from __future__ import annotations

from pathlib import Path

from conftest import FAST, write_jsonl
from copytrail.engines.local import scan
from copytrail.store import open_store
from copytrail.store.claims import GROUPING_KEY, claim_rows, compute_claims, group_row, has_claims

STORY = (
    "The Harwick Milling Company said on Tuesday that its net loss was {loss} dlrs in the year to March, "
    "after heavy rains closed 12 of its plants along the river valley for most of the autumn. "
    "The chairman told shareholders at the annual meeting in the town hall that the mills had since "
    "reopened and that orders from bakeries in the north were already back to where they stood before "
    "the floods, although the price of wheat remained higher than the board had expected in its budget."
)


def _scanned(tmp_path: Path, losses: list[str]) -> Path:
    """A store of one story per figure in ``losses``, published a day apart in that order."""
    folder = tmp_path / "in"
    folder.mkdir()
    records = [
        {"id": f"day{k}", "outlet": f"Outlet {k}", "published": f"2025-03-0{k + 1}T09:00:00Z", "text": STORY.format(loss=loss)}
        for k, loss in enumerate(losses)
    ]
    write_jsonl(folder / "feed.jsonl", records)
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        result = scan([folder], store, FAST)
        assert not result.errors
    return db


def _loss_group(rows: list[dict]) -> dict:
    (row,) = [r for r in rows if r["unit"] == "dollars"]
    return row


def test_statements_linked_only_through_a_rounded_figure_are_not_compared(tmp_path: Path) -> None:
    """2,465,996 → 2.5 mln → 2,540,000: each linked pair states one figure (one is the other
    rounded), so the group does not differ, although its first and last figures would."""
    db = _scanned(tmp_path, ["2,465,996", "2.5 mln", "2,540,000"])
    with open_store(db, read_only=True) as store:
        row = _loss_group(list(claim_rows(store)))
        _claims, computed, _docs = compute_claims(store)
    assert [s["figure"] for s in row["statements"]] == ["2,465,996 dlrs", "2.5 mln dlrs", "2,540,000 dlrs"]
    assert not row["values_differ"] and not row["numbers_differ"] and row["changes"] == []
    (group,) = [g for g in computed if g.unit == "dollars"]
    assert group.linked_statements == [(0, 1), (1, 2)]  # the first and last were never linked
    assert not group.values_differ and group_row(group)["changes"] == []


def test_a_linked_pair_that_differs_is_a_change_from_the_earlier_to_the_later(tmp_path: Path) -> None:
    db = _scanned(tmp_path, ["2,465,996", "2.5 mln", "3,100,000"])
    with open_store(db, read_only=True) as store:
        stored = {r["claim"]: r for r in claim_rows(store)}
        linked = dict(store.con.execute("SELECT position, linked_to FROM claim_statements").fetchall())
        _claims, computed, _docs = compute_claims(store)
    row = _loss_group(list(stored.values()))
    assert row["values_differ"] and row["numbers_differ"]
    (change,) = row["changes"]
    assert change["to"] == 2 and linked[2] == change["from"]  # the statement the changed one is linked to
    assert row["statements"][change["to"]]["figure"] == "3,100,000 dlrs"
    assert row["statements"][change["from"]]["figure"] in ("2,465,996 dlrs", "2.5 mln dlrs")
    # the same changes on the fly as stored (the export schema, field for field)
    assert {g.id: group_row(g) for g in computed} == stored


def test_groups_of_an_older_grouping_read_as_not_computed_until_regrouped(tmp_path: Path) -> None:
    """A store grouped before the links were stored (no ``linked_to``, no grouping marker) shows
    no stored groups, so no change is claimed without its link; the next scan regroups it."""
    db = _scanned(tmp_path, ["2,465,996", "2.5 mln", "3,100,000"])
    with open_store(db) as store:
        store.con.execute("ALTER TABLE claim_statements DROP COLUMN linked_to")
        store.con.execute("DELETE FROM meta WHERE key = ?", [GROUPING_KEY])
    with open_store(db, read_only=True) as store:
        assert not has_claims(store)
        assert _loss_group(list(claim_rows(store)))["changes"]  # computed on the fly, with links
    with open_store(db) as store:  # opened for writing: the column comes back, empty
        assert store.con.execute("SELECT count(*) FROM claim_statements WHERE linked_to IS NOT NULL").fetchone() == (0,)
        assert not has_claims(store)
        scan([tmp_path / "in"], store, FAST)
        assert has_claims(store)
        (change,) = _loss_group(list(claim_rows(store)))["changes"]
    assert change["to"] == 2



def test_the_scan_summary_shows_the_statements_of_a_change_first(tmp_path: Path) -> None:
    """The terminal lists a few statements of each disagreeing group: those of its changes come
    first, so a group that differs at its last link does not show only agreeing figures."""
    from copytrail.store.claim_views import claims_summary

    db = _scanned(tmp_path, ["2,465,996", "2.5 mln", "3,100,000"])
    with open_store(db, read_only=True) as store:
        (group,) = claims_summary(store, differ=10, per_group=2)["differ"]
        (row,) = [r for r in claim_rows(store) if r["values_differ"]]
    (change,) = row["changes"]
    shown = [s["figure"] for s in group["statements"]]
    assert shown == [row["statements"][change["from"]]["figure"], "3,100,000 dlrs"]
