"""An outlet's boilerplate (a footer, a disclaimer it prints under every article) is not reuse:
two of its articles share it, but neither copied it.  Reuse between outlets is kept, and so is
a passage that holds more than the recurring text."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import FAST, write_jsonl
from copytrail.engines.local import ScanResult, scan
from copytrail.settings import ScanSettings
from copytrail.stages.boilerplate import outlet_boilerplate
from copytrail.store import open_store

FOOTER = (
    "The Harbour Ledger is an independent, reader-funded newsroom. Our journalism is free to read and "
    "republish under a Creative Commons licence. If you value reporting like this, please consider "
    "supporting us with a monthly donation, and follow us on Telegram for breaking updates from the region."
)
_SYLLABLES = ["ka", "lo", "mi", "ren", "sto", "vel", "dur", "pa", "gre", "ton", "shi", "bra", "nel", "qua", "fi", "zor"]


def _story(k: int) -> str:
    """A story of its own: nine sentences of words no other story uses in that order."""
    rng = random.Random(k)
    words = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(400)]
    return " ".join(" ".join(rng.choice(words) for _ in range(18)).capitalize() + "." for _ in range(9))


def _records(ledger_articles: int) -> list[dict[str, str]]:
    ledger = [
        {"id": f"ledger-{k}", "outlet": "Harbour Ledger", "published": f"2024-05-{k + 1:02d}T10:00:00Z",
         "text": _story(k) + "\n\n" + FOOTER}
        for k in range(ledger_articles)
    ]  # fmt: skip
    # another outlet copies one Ledger story whole, footer included: reuse between outlets
    copy = {"id": "copy", "outlet": "Valley Post", "published": "2024-05-20T10:00:00Z", "text": "From our partners. " + ledger[0]["text"]}
    # and the Ledger reprints its first story with a new top: a passage beyond its footer
    reprint = {"id": "ledger-reprint", "outlet": " harbour ledger ", "published": "2024-05-21T10:00:00Z",
               "text": "A new introduction written for the reprint of this story. " * 3 + ledger[0]["text"]}  # fmt: skip
    return [*ledger, copy, reprint]


def _pairs(db: Path) -> set[tuple[str, str]]:
    with open_store(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT s.source_key, t.source_key FROM alignments a JOIN documents s ON s.id = a.source_doc "
            "JOIN documents t ON t.id = a.target_doc"
        ).fetchall()
    return {tuple(sorted(key.rsplit("=", 1)[1] for key in row)) for row in rows}  # type: ignore[misc]


def _scan(folder: Path, db: Path, settings: ScanSettings = FAST) -> ScanResult:
    with open_store(db) as store:
        return scan([folder], store, settings)


def _scan_feed(tmp_path: Path, records: list[dict[str, str]], settings: ScanSettings = FAST) -> ScanResult:
    """``records`` as one feed in ``tmp_path/in``, scanned into ``tmp_path/s.duckdb``."""
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "feed.jsonl", records)
    return _scan(tmp_path / "in", tmp_path / "s.duckdb", settings)


def _posts(outlet: str, texts: list[str]) -> list[dict[str, str]]:
    """One outlet's posts, a day apart."""
    return [
        {"id": f"post-{k}", "outlet": outlet, "published": f"2024-05-{k + 1:02d}T10:00:00Z", "text": text}
        for k, text in enumerate(texts)
    ]


def test_an_outlets_footer_is_left_out_and_reuse_between_outlets_kept(tmp_path: Path) -> None:
    result = _scan_feed(tmp_path, _records(5))
    pairs = _pairs(tmp_path / "s.duckdb")
    assert ("copy", "ledger-0") in pairs  # another outlet's copy
    assert ("ledger-0", "ledger-reprint") in pairs  # the reprint holds more than the footer
    assert not {p for p in pairs if p[0].startswith("ledger-") and p[1].startswith("ledger-") and p != ("ledger-0", "ledger-reprint")}
    # the copy keeps the Ledger's footer: it is linked to the Ledger by the story it copied, not
    # to every Ledger article by the footer
    assert not {("copy", f"ledger-{k}") for k in range(1, 5)} & pairs
    assert result.outlet_boilerplate == 14 + 4  # the footer between the Ledger's six documents, two by two, and the copy's
    with open_store(tmp_path / "s.duckdb", read_only=True) as store:
        narratives = store.con.execute("SELECT documents, outlets FROM narratives ORDER BY documents DESC").fetchall()
    assert narratives[0][1] >= 2  # the narrative on top crosses outlets
    from copytrail.outputs.report import build_report

    with open_store(tmp_path / "s.duckdb", read_only=True) as store:
        page = build_report(store, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "18 more held out: text an outlet prints in many of its own documents" in page
    from copytrail.outputs.export import rows_for

    with open_store(tmp_path / "s.duckdb", read_only=True) as store:
        held = list(rows_for("boilerplate", store, with_text=True))
        shown = list(rows_for("alignments", store))
    assert len(held) == 18 and all(row["source"]["text"] == row["target"]["text"] == FOOTER for row in held)
    assert len(shown) == len(pairs)  # the alignments export holds none of them


def test_every_passage_is_kept_when_asked(tmp_path: Path) -> None:
    from dataclasses import replace

    result = _scan_feed(tmp_path, _records(5), replace(FAST, outlet_boilerplate=0))
    assert result.outlet_boilerplate == 0
    assert ("ledger-1", "ledger-2") in _pairs(tmp_path / "s.duckdb")


def test_a_third_article_makes_a_shared_footer_boilerplate_as_a_fresh_scan_finds(tmp_path: Path) -> None:
    """Two articles sharing a footer are reuse; a third makes it the outlet's footer, later
    ones meet it in the passages held out, and the store then holds what one scan of all of
    them gives (alignments and narratives)."""
    records = _records(5)
    steps = [records[:2], records[2:3], records[3:4], records[4:]]  # one article at a time, then the rest
    (tmp_path / "grown").mkdir()
    (tmp_path / "fresh").mkdir()
    for n, step in enumerate(steps):
        write_jsonl(tmp_path / "grown" / f"{n}.jsonl", step)
        write_jsonl(tmp_path / "fresh" / f"{n}.jsonl", step)
        _scan(tmp_path / "grown", tmp_path / "grown.duckdb")
        between = {p for p in _pairs(tmp_path / "grown.duckdb") if p[0].startswith("ledger-") and p[1].startswith("ledger-")}
        between -= {("ledger-0", "ledger-reprint")}  # the reprint, last, holds more than the footer
        assert between == ({("ledger-0", "ledger-1")} if n == 0 else set())
    _scan(tmp_path / "fresh", tmp_path / "fresh.duckdb")
    grown = _pairs(tmp_path / "grown.duckdb")
    assert not {p for p in grown if p[0].startswith("ledger-") and p[1].startswith("ledger-") and p != ("ledger-0", "ledger-reprint")}
    assert grown == _pairs(tmp_path / "fresh.duckdb")

    def narratives(db: Path) -> list[tuple[object, ...]]:
        """Each narrative's members (record, start, end), earliest records and confidence: the
        two stores' document ids differ (their files' paths do)."""
        with open_store(db, read_only=True) as store:
            rows = store.con.execute(
                "SELECT list(regexp_extract(d.source_key, '=(.*)$', 1) || ':' || m.start || '-' || m.\"end\" ORDER BY d.source_key, m.start), "
                "n.confidence, n.outlets FROM narratives n JOIN narrative_members m ON m.narrative = n.id "
                "JOIN documents d ON d.id = m.doc GROUP BY n.id, n.confidence, n.outlets"
            ).fetchall()
        return sorted(rows)

    assert narratives(tmp_path / "grown.duckdb") == narratives(tmp_path / "fresh.duckdb")


def test_a_store_made_before_the_rule_is_cleared_at_its_next_scan(tmp_path: Path) -> None:
    from dataclasses import replace

    _scan_feed(tmp_path, _records(4), replace(FAST, outlet_boilerplate=0))
    with open_store(tmp_path / "s.duckdb") as store, store.transaction():
        store.con.execute("DELETE FROM meta WHERE key = 'outlet_boilerplate'")  # as a store made before it
    again = _scan(tmp_path / "in", tmp_path / "s.duckdb")
    assert (again.files_skipped, again.outlet_boilerplate) == (1, 9 + 3)
    assert ("ledger-1", "ledger-2") not in _pairs(tmp_path / "s.duckdb")


_SPAN = st.integers(0, 400).flatmap(lambda s: st.tuples(st.just(s), st.integers(s + 1, s + 400)))


@given(
    st.lists(st.tuples(st.sampled_from("abcdef"), _SPAN, st.sampled_from("abcdef"), _SPAN), max_size=30),
    st.dictionaries(st.sampled_from("abcdef"), st.sampled_from(["Ledger", "ledger ", "Post", "", None]), min_size=6),
    st.integers(0, 6),
)
def test_only_text_an_outlet_prints_often_enough_is_left_out(
    raw: list[tuple[str, tuple[int, int], str, tuple[int, int]]], outlets: dict[str, str | None], threshold: int
) -> None:
    """A pair left out has a side whose outlet is known and which shares a passage with at
    least ``threshold - 1`` other documents of that outlet; a pair between two documents of
    no known outlet never is."""
    pairs = [(a, sa, ea, b, sb, eb) for a, (sa, ea), b, (sb, eb) in raw]
    found = outlet_boilerplate(pairs, outlets, threshold)
    assert found <= set(range(len(pairs)))
    key = {doc: (name or "").strip().casefold() for doc, name in outlets.items()}

    def same_outlet_partners(doc: str) -> set[str]:
        linked = {x[3] for x in pairs if x[0] == doc} | {x[0] for x in pairs if x[3] == doc}
        return {p for p in linked if p != doc and key.get(doc) and key.get(p) == key.get(doc)}

    for k in found:
        a, _, _, b, _, _ = pairs[k]
        assert a != b and threshold >= 3
        assert any(key.get(y) and len(same_outlet_partners(y)) + 1 >= threshold for y in (a, b))


def test_a_site_that_prints_another_outlets_footer_is_linked_to_it_once_per_article(tmp_path: Path) -> None:
    """Sites that share a footer are a finding: each article of the site that took the Ledger's
    footer keeps one passage to the Ledger, to its earliest article printing it (and each of
    the Ledger's to the site's earliest)."""
    ledger = _records(4)[:4]
    mirror = [
        {"id": f"mirror-{k}", "outlet": "Coast Mirror", "published": f"2024-06-{k + 1:02d}T10:00:00Z",
         "text": _story(100 + k) + "\n\n" + FOOTER}
        for k in range(3)
    ]  # fmt: skip
    _scan_feed(tmp_path, ledger + mirror)
    pairs = _pairs(tmp_path / "s.duckdb")
    between = {p for p in pairs if p[0].startswith("ledger") and p[1].startswith("mirror")}
    # each article linked once to the other site, to its earliest article printing the footer
    assert between == {(f"ledger-{k}", "mirror-0") for k in range(4)} | {("ledger-0", f"mirror-{k}") for k in range(3)}
    assert not {p for p in pairs if p[0].startswith("mirror")}  # the mirror's own three articles: its boilerplate
    assert not {p for p in pairs if p[1].startswith("ledger")}  # and the Ledger's


def test_forgetting_an_article_gives_the_passages_it_made_boilerplate_back(tmp_path: Path) -> None:
    from copytrail.engines.housekeeping import forget

    records = _records(3)[:3]
    (tmp_path / "in").mkdir()
    for record in records:
        write_jsonl(tmp_path / "in" / f"{record['id']}.jsonl", [record])
    _scan(tmp_path / "in", tmp_path / "s.duckdb")
    assert not _pairs(tmp_path / "s.duckdb")
    with open_store(tmp_path / "s.duckdb") as store:
        forget(store, [tmp_path / "in" / "ledger-2.jsonl"])
        narratives = store.con.execute("SELECT count(*) FROM narratives").fetchone()
    assert _pairs(tmp_path / "s.duckdb") == {("ledger-0", "ledger-1")}  # as a scan of the two gives
    assert narratives == (1,)


def test_check_shows_an_outlets_footer_once_where_it_was_printed_first(tmp_path: Path) -> None:
    from copytrail.api import check_text

    _scan_feed(tmp_path, _records(5)[:5])
    with open_store(tmp_path / "s.duckdb", read_only=True) as store:
        ids = dict(store.con.execute("SELECT regexp_extract(source_key, '=(.*)$', 1), id FROM documents").fetchall())
        footer_only = check_text(store, _story(50) + "\n\n" + FOOTER, FAST)
        copied = check_text(store, "From a partner. " + _story(3) + "\n\n" + FOOTER, FAST)
    assert [m.doc for m in footer_only.matches] == [ids["ledger-0"]]  # the earliest of the five printing it
    assert footer_only.boilerplate == 4
    assert [m.doc for m in copied.matches] == [ids["ledger-3"]]  # the story copied, its footer with it
    assert copied.boilerplate == 4
    assert copied.as_dict()["outlet_boilerplate_left_out"] == 4


def test_an_outlet_printing_its_own_story_three_times_keeps_those_passages(tmp_path: Path) -> None:
    """A passage that is most of its document is the article itself (an update, a reprint at
    another address), never an outlet's furniture, however often the outlet prints it."""
    story = _story(7)
    result = _scan_feed(tmp_path, _posts("Harbour Ledger", [f"Update {k}: the council answered. " + story for k in range(4)]))
    assert result.outlet_boilerplate == 0
    assert len(_pairs(tmp_path / "s.duckdb")) == 6


def test_the_web_check_page_says_what_it_left_out(tmp_path: Path) -> None:
    import pytest

    httpx = pytest.importorskip("httpx")
    pytest.importorskip("uvicorn")
    pytest.importorskip("fastapi")
    from copytrail.outputs.web import create_app
    from test_web import LiveServer

    _scan_feed(tmp_path, _records(5)[:5])
    with LiveServer(create_app(tmp_path / "s.duckdb")) as live, httpx.Client(base_url=live.url, headers={"Origin": live.url}) as client:
        page = client.post("/check", data={"text": _story(50) + "\n\n" + FOOTER})
    assert page.status_code == 200
    assert "4 more passages left out: text an outlet prints in many of its own documents" in page.text
    assert page.text.count('class="source"') == 1  # the footer shown once


def test_a_talking_point_an_outlet_repeats_inside_its_posts_is_kept(tmp_path: Path) -> None:
    """The same paragraph in the middle of many of one outlet's posts is what a campaign site
    does with its talking points: reuse to show, not furniture."""
    point = (
        "Independent testers found boron in the eastern districts at levels the authority will not publish, "
        "and the families who drink that water have a right to see the raw laboratory sheets today."
    )
    result = _scan_feed(tmp_path, _posts("Truth Lantern", [_story(200 + k) + "\n\n" + point + "\n\n" + _story(300 + k) for k in range(4)]))
    assert result.outlet_boilerplate == 0
    assert len(_pairs(tmp_path / "s.duckdb")) == 6
