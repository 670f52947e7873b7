"""The report's outlet network on a planted campaign, scanned for real and drawn in Chromium.

An original on one outlet (1 March), edited copies on two others (2 and 3 March) and an undated
copy on a fourth: the copy graph must draw three arrows, each from the earlier outlet to the
later (the undated copy gets none: its order is unknown, and one line says so), while the
co-publication graph, a tab away, links all four outlets without direction.  Outlet names carry
markup and right-to-left letters: shown as text, isolated.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from conftest import FAST, write_jsonl
from copytrail.engines.local import scan
from copytrail.outputs.report.build import report_data
from copytrail.outputs.report.network import copy_network
from copytrail.stages.network import Member, Reuse
from copytrail.store import open_store

try:  # the shared browser fixture; without Chromium or Playwright only the browser test skips
    from test_browser import _page, _report_page, browser  # noqa: F401
except pytest.skip.Exception as absent:
    _why = str(absent)

    @pytest.fixture
    def browser() -> Any:
        pytest.skip(_why)

ORIGIN = "Harbour Ledger"
SECOND = "Coast <b>Echo</b>"  # markup in a name: must stay text
THIRD = "Bay Line Gazette"
UNDATED = "مرآة الخليج"  # right to left, undated: named in the left-out line, inside <bdi>
ORDER_UNKNOWN = "order unknown (undated, or dated the same day without a time)"

STORY = (
    "The port authority announced on Friday that the eastern breakwater will be rebuilt over the "
    "next three summers at a cost of 48 million, after storms in January tore a gap of ninety "
    "metres into the old wall and flooded the fish market twice in one week. Engineers from the "
    "authority said the new wall would be two metres higher and faced with concrete blocks of a "
    "shape first tried in northern harbours, and that the work would close the outer berths to "
    "cargo ships from May to September each year. Traders at the fish market asked for a "
    "temporary wall before the autumn storms, and the authority promised an answer within a month."
)
SECOND_TEXT = STORY.replace("on Friday", "late on Friday").replace("fish market twice", "fish market three times")
THIRD_TEXT = SECOND_TEXT.replace("two metres higher", "much higher") + " Local councillors welcomed the plan."
RECORDS = [
    {"id": "origin", "title": "Breakwater to be rebuilt", "outlet": ORIGIN, "author": "Dana Reyes",
     "published": "2025-03-01T09:00:00+00:00", "text": STORY},
    {"id": "second", "title": "Port to rebuild breakwater", "outlet": SECOND, "author": "Omar Haddad",
     "published": "2025-03-02T11:00:00+00:00", "text": SECOND_TEXT},
    {"id": "third", "title": "New wall for the harbour", "outlet": THIRD, "author": "Lee Park",
     "published": "2025-03-03T15:30:00+00:00", "text": THIRD_TEXT},
    {"id": "undated", "title": "Breakwater news", "outlet": UNDATED, "text": "From our partners. " + STORY},
]  # fmt: skip
ARROWS = {(ORIGIN, SECOND), (ORIGIN, THIRD), (SECOND, THIRD)}


@pytest.fixture(scope="module")
def campaign_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("campaign")
    (root / "corpus").mkdir()
    write_jsonl(root / "corpus" / "feed.jsonl", RECORDS)
    db = root / "store.duckdb"
    with open_store(db) as store:
        result = scan([root / "corpus"], store, FAST)
    assert not result.errors, result.errors
    return db


def test_copy_graph_data_points_from_earlier_to_later(campaign_db: Path) -> None:
    with open_store(campaign_db, read_only=True) as store:
        data = report_data(store)
    net = data["copies"]["outlets"]
    names = [n["name"] for n in net["nodes"]]
    assert {(names[e["a"]], names[e["b"]]) for e in net["edges"]} == ARROWS
    assert UNDATED not in names and net["unlinked"] == [UNDATED]
    assert net["left_out"][0]["reason"] == ORDER_UNKNOWN and net["left_out"][0]["passages"] >= 3
    docs = data["docs"]
    for e in net["edges"]:
        assert e["passages"] == sum(p["passages"] for p in e["evidence"]) >= 1
        for p in e["evidence"]:  # every listed passage: earlier document first, on the arrow's outlets
            assert docs[p["source"]]["published"] < docs[p["target"]]["published"]
            assert (docs[p["source"]]["outlet"], docs[p["target"]]["outlet"]) == (names[e["a"]], names[e["b"]])
            assert p["kinds"] and p["hours"] > 0 and p["lag"].endswith("later")
    origin_third = next(e for e in net["edges"] if (names[e["a"]], names[e["b"]]) == (ORIGIN, THIRD))
    assert origin_third["lag_hours"] == 54.5 and origin_third["evidence"][0]["lag"] == "2.3 days later"
    bylines = data["copies"]["authors"]
    who = [n["name"] for n in bylines["nodes"]]
    assert {(who[e["a"]], who[e["b"]]) for e in bylines["edges"]} == {
        ("Dana Reyes", "Omar Haddad"), ("Dana Reyes", "Lee Park"), ("Omar Haddad", "Lee Park"),
    }  # fmt: skip
    # the co-publication graph, as before: the four outlets linked pairwise, undirected
    shared = data["network"]
    assert len(shared["nodes"]) == 4 and len(shared["edges"]) == 6


def _doc(doc: str, outlet: str, published: str | None, source: str = "metadata") -> Member:
    return Member("n1", doc, f"{doc}.txt", outlet, None, published, source if published else "none")


def test_arrows_say_how_their_order_is_known() -> None:
    """Dates to the day give whole days ("1 day later", never "24.0 hours"); an order that rests
    on a file's time is counted, so the picture draws that arrow dashed."""
    stated = _doc("a", "Origin", "2025-03-01")
    next_day = _doc("b", "Echo", "2025-03-02T06:30:00+00:00")
    saved = _doc("c", "Saved Copies", "2025-03-04T10:00:00+00:00", source="file")
    reuses = [
        Reuse("a:0:b:0", "n1", stated, next_day, True),
        Reuse("a:0:c:0", "n1", stated, saved, True),
        Reuse("a:900:c:40", "n1", stated, saved, True),
    ]
    net = copy_network(reuses, "outlets", {"a:0:b:0": "edited", "a:0:c:0": "verbatim", "a:900:c:40": "edited"})
    names = [n["name"] for n in net["nodes"]]
    arrows = {(names[e["a"]], names[e["b"]]): e for e in net["edges"]}
    assert set(arrows) == {("Origin", "Echo"), ("Origin", "Saved Copies")}
    echo, saved_copies = arrows[("Origin", "Echo")], arrows[("Origin", "Saved Copies")]
    assert echo["evidence"][0]["lag"] == "1 day later" and echo["file_time"] == 0
    assert saved_copies["passages"] == saved_copies["file_time"] == 2  # drawn dashed
    (pair,) = saved_copies["evidence"]  # one document pair, its two passages on one line
    assert pair["passages"] == 2 and pair["kinds"] == ["verbatim", "edited"] and pair["lag"] == "3 days later"
    assert net["left_out"] == [] and net["unlinked"] == []
    assert saved_copies["width"] > echo["width"]  # more passages, a thicker line


# Where each arrow of the drawn copy graph starts and ends, and where its head's tip is, next
# to the centre and radius of each node: read from the rendered SVG.
GEOMETRY = """(root) => {
  const nodes = {};
  for (const g of document.querySelectorAll(root + ' .copy-node')) {
    const m = g.transform.baseVal.consolidate().matrix;
    nodes[g.dataset.name] = { x: m.e, y: m.f, r: g.querySelector('circle').r.baseVal.value };
  }
  const edges = [...document.querySelectorAll(root + ' .copy-edge')].map(g => {
    const line = g.querySelector('.edge-line'), total = line.getTotalLength();
    const start = line.getPointAtLength(0), end = line.getPointAtLength(total);
    const tip = g.querySelector('.edge-head').getAttribute('d').match(/^M([-\\d.]+),([-\\d.]+)/);
    return { from: g.dataset.from, to: g.dataset.to, start: { x: start.x, y: start.y },
             end: { x: end.x, y: end.y }, tip: { x: +tip[1], y: +tip[2] } };
  });
  return { nodes, edges };
}"""


# The middle of an arrow's line, in the window's coordinates (where a reader would click).
MIDDLE = """(g) => {
  const line = g.querySelector('.edge-line');
  const p = line.getPointAtLength(line.getTotalLength() / 2).matrixTransform(line.getScreenCTM());
  return [p.x, p.y];
}"""


def _distance(p: dict[str, float], q: dict[str, float]) -> float:
    return math.hypot(p["x"] - q["x"], p["y"] - q["y"])


def _assert_arrows_point_later(drawn: dict[str, Any]) -> None:
    """The planted arrows, each leaving the earlier outlet's node and touching the later's."""
    assert {(e["from"], e["to"]) for e in drawn["edges"]} == ARROWS
    assert set(drawn["nodes"]) == {ORIGIN, SECOND, THIRD}  # the undated outlet: no node, no arrow
    for e in drawn["edges"]:
        earlier, later = drawn["nodes"][e["from"]], drawn["nodes"][e["to"]]
        assert _distance(e["start"], earlier) < _distance(e["start"], later)  # the line leaves the earlier
        assert abs(_distance(e["tip"], later) - later["r"] - 3) < 1  # the head's tip touches the later
        assert _distance(e["end"], later) < _distance(e["end"], earlier)


def test_report_draws_arrows_from_earlier_to_later(browser: Any, campaign_db: Path, tmp_path: Path) -> None:  # noqa: F811
    context, page, watch = _report_page(browser, campaign_db, tmp_path / "report.html", 1200)
    page.wait_for_selector("#network-plot svg.copy-graph .copy-edge")
    _assert_arrows_point_later(page.evaluate(GEOMETRY, "#network-plot"))
    # the left-out line: the undated copy's passages have no arrow, and its outlet is named
    left = page.locator("#network-left-out")
    assert "order unknown (undated, or dated the same day without a time)" in left.inner_text()
    assert left.locator("bdi").all_inner_texts() == [UNDATED]
    # an arrow's evidence: its passages, earlier document → later document, linked to the side by side
    arrow = page.locator(f'#network-plot .copy-edge[data-from="{ORIGIN}"][data-to="{THIRD}"]')
    page.mouse.click(*arrow.evaluate(MIDDLE))  # on the line itself, as a reader would
    evidence = page.locator("#evidence")
    assert evidence.locator("h3").inner_text() == f"{ORIGIN} → {THIRD}"
    first = evidence.locator("ol.copy-pairs li").first
    assert "Breakwater to be rebuilt (2025-03-01 09:00 UTC) → New wall for the harbour (2025-03-03 15:30 UTC)" in first.inner_text()
    assert "2.3 days later" in first.inner_text()
    first.locator("a", has_text="side by side").click()
    target = page.locator(".pair-group.target")
    assert target.count() == 1 and "New wall for the harbour" in target.inner_text()
    # the byline graph: the same arrows between the three bylines
    page.click("#network .net-tabs [data-view=copies-bylines]")
    page.wait_for_selector("#network-plot svg.copy-graph .copy-edge")
    bylines = page.evaluate(GEOMETRY, "#network-plot")
    assert {(e["from"], e["to"]) for e in bylines["edges"]} == {
        ("Dana Reyes", "Omar Haddad"), ("Dana Reyes", "Lee Park"), ("Omar Haddad", "Lee Park"),
    }  # fmt: skip
    # the co-publication graph: every pair of the four outlets linked, no arrows
    page.click("#network .net-tabs [data-view=shared]")
    page.wait_for_selector("#network-plot .main-svg")
    assert page.locator("#edge-table tbody tr").count() == 6
    assert page.locator("#network-plot .copy-edge").count() == 0
    # names with markup stayed text everywhere
    assert page.locator("#network b").count() == 0
    assert SECOND in page.inner_text("#edge-table")
    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
    assert all(u.startswith(("file:", "data:", "about:", "blob:")) for u in watch.requests), watch.requests
    context.close()



@pytest.fixture(scope="module")
def live(campaign_db: Path) -> Any:
    pytest.importorskip("uvicorn")
    from copytrail.outputs.web import create_app
    from test_web import LiveServer

    with LiveServer(create_app(campaign_db)) as server:
        yield server


def test_api_network_says_direction_and_what_it_left_out(live: Any) -> None:
    import httpx

    with httpx.Client(base_url=live.url, timeout=20) as client:
        copies = client.get("/api/network").json()
        together = client.get("/api/network", params={"graph": "copublication"}).json()
        assert client.get("/api/network", params={"graph": "nonsense"}).status_code == 422
    assert copies["directed"] and {(e["source"], e["target"]) for e in copies["edges"]} == ARROWS
    assert copies["left_out_pairs"] == {ORDER_UNKNOWN: 3}
    assert {e["median_lag_hours"] for e in copies["edges"]} == {26.0, 28.5, 54.5}
    # published together within 24 hours: no two (a day and more apart), the undated copy left out
    assert not together["directed"] and together["window_hours"] == 24 and together["edges"] == []
    assert together["left_out_pairs"] == {"outside window": 3, "undated or file-dated member": 3}
    assert together["left_out_documents"] == {"undated": 1}


def test_web_network_page_draws_arrows_and_lists_their_passages(browser: Any, live: Any) -> None:  # noqa: F811
    context, page, watch = _page(browser, 1200)
    page.goto(f"{live.url}/network")
    page.wait_for_selector("svg.copy-graph .copy-edge")
    _assert_arrows_point_later(page.evaluate(GEOMETRY, "svg.copy-graph"))
    left = page.locator("#network-left-out")
    assert f"No arrow for 3 passages: {ORDER_UNKNOWN}." in left.inner_text()
    assert left.locator("bdi").all_inner_texts() == [UNDATED]
    # an arrow leads to its passages (the list opens), and a passage to its side by side
    arrow = page.locator(f'svg.copy-graph .copy-edge[data-from="{ORIGIN}"][data-to="{THIRD}"]')
    page.mouse.click(*arrow.evaluate(MIDDLE))
    page.wait_for_url("**/network#arrow-*")
    listed = page.locator("ol.arrows details[open]")
    assert listed.count() == 1
    assert listed.locator("summary").inner_text().startswith(f"{ORIGIN} → {THIRD}: 1 passage")
    text = listed.locator("ul.copy-pairs li").first.inner_text()
    assert "Breakwater to be rebuilt (2025-03-01 09:00 UTC" in text and "→ New wall for the harbour (2025-03-03 15:30 UTC" in text
    assert "2.3 days later" in text
    listed.locator("a", has_text="side by side").first.click()
    page.wait_for_selector(".sides")
    assert "/alignments/" in page.url
    # the other graphs: links without direction, as a table
    page.goto(f"{live.url}/network?graph=copublication")
    assert page.locator("svg.copy-graph").count() == 0
    assert "No two outlets published the same narrative within 24 hours." in page.inner_text("main")
    assert "3 pairs: outside window" in page.inner_text("main")
    page.goto(f"{live.url}/network?what=authors")
    assert page.locator("svg.copy-graph .copy-edge").count() == 3
    page.goto(f"{live.url}/network")
    assert page.locator("main b").count() == 0
    assert f"\u2068{SECOND}\u2069" in page.locator("svg.copy-graph .copy-node text").all_text_contents()  # as text, isolated
    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
    context.close()


def test_an_arrow_between_times_without_zones_hours_apart_says_it_may_point_the_wrong_way() -> None:
    first = _doc("a", "Origin", "2025-03-01T08:00:00")  # stated without a zone
    hours_later = _doc("b", "Echo", "2025-03-01T11:00:00+00:00")
    days_later = _doc("c", "Later", "2025-03-05T11:00:00")
    reuses = [Reuse("a:0:b:0", "n1", first, hours_later, True), Reuse("a:0:c:0", "n1", first, days_later, True)]
    net = copy_network(reuses, "outlets", {"a:0:b:0": "edited", "a:0:c:0": "edited"})
    names = [n["name"] for n in net["nodes"]]
    arrows = {(names[e["a"]], names[e["b"]]): e for e in net["edges"]}
    assert arrows[("Origin", "Echo")]["no_zone"] == 1
    assert arrows[("Origin", "Later")]["no_zone"] == 0  # four days: no time zone turns that round


def test_outlets_sharing_narratives_name_a_direction_only_where_dates_give_one(campaign_db: Path) -> None:
    """The co-publication graph's evidence (document pairs of two outlets in one narrative)
    marks each aligned pair ``ordered`` exactly when its stored alignments are ordered by
    dates (the undated outlet's copy is not); the report reads "reused in" only then."""
    from copytrail.outputs.report.network import outlet_network

    with open_store(campaign_db, read_only=True) as store:
        ordered = {(r["source_doc"], r["target_doc"]): bool(r["o"]) for r in store.query(
            "SELECT source_doc, target_doc, bool_or(ordered) AS o FROM alignments GROUP BY ALL"
        )}
        network = outlet_network(store)
    pairs = [p for e in network["edges"] for ev in e["evidence"] for p in ev["pairs"] if p["aligned"]]
    assert pairs and {p["ordered"] for p in pairs} == {True, False}
    assert all(p["ordered"] == ordered[(p["source"], p["target"])] for p in pairs)
    script = (Path(__file__).resolve().parents[1] / "src/copytrail/outputs/report/templates/report.js").read_text(encoding="utf-8")
    assert 'p.ordered ? "→ reused in → "' in script
