"""Coordination network over the scanned sample corpus: edges, evidence, syndication, exports."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest

from copytrail.errors import UsageError
from copytrail.outputs.network import export_network, write_gexf
from copytrail.stages.network import build_network, parse_window, syndication_reason
from copytrail.store import open_store
from copytrail.store.network import network_from_store

CAMPAIGN_B = {"Truth Lantern", "Civic Pulse", "Open Ledger News", "The Free Current"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("24h", timedelta(hours=24)), ("3d", timedelta(days=3)), ("90m", timedelta(minutes=90)),
     ("1d12h", timedelta(hours=36)), ("none", None), (None, None)],
)
def test_parse_window(text: str | None, expected: timedelta | None) -> None:
    assert parse_window(text) == expected


def test_parse_window_rejects_garbage() -> None:
    with pytest.raises(UsageError):
        parse_window("soon")


def test_syndication_credits() -> None:
    assert syndication_reason("DUNMORE, March 12 (Meridian Wire) - Kestrel said ...")
    assert syndication_reason("LONDON (Reuters) - Shares fell.")
    assert syndication_reason("Body text.\n\nReporting by Jane Doe (Meridian Wire)")
    assert syndication_reason("Some text", {"attribution": "credited"})
    # "press release" in the middle of an argument is not a credit.
    middle = "x " * 200 + "the figures tell the story better than any press release. " + "y " * 200
    assert syndication_reason(middle) is None


def test_campaign_outlets_linked_within_24h(sample_db: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        net = network_from_store(store, "outlets", "24h")
    linked = {frozenset((e.source, e.target)) for e in net.edges}
    for a in CAMPAIGN_B:
        for b in CAMPAIGN_B - {a}:
            assert frozenset((a, b)) in linked, (a, b)
    edge = next(e for e in net.edges if {e.source, e.target} == {"Truth Lantern", "The Free Current"})
    assert edge.weight == 1 and edge.narratives
    pair = edge.pairs[0]
    assert pair["a"]["doc"] and pair["a"]["path"] and pair["a"]["published"]
    assert 0 < pair["hours_apart"] <= 24
    assert edge.start and edge.end and edge.start <= edge.end
    node = net.nodes["Truth Lantern"]
    assert node.documents == 1 and node.first


def test_window_narrows_and_reports_left_out(sample_db: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        loose = network_from_store(store, "outlets", None)
        tight = network_from_store(store, "outlets", "1h")
    assert len(tight.edges) < len(loose.edges)
    assert tight.left_out_pairs.get("outside window", 0) > 0
    # Documents dated only by their file's time never join a windowed edge, and are counted.
    assert any(reason.startswith("dated by file") for reason in tight.left_out_documents) or tight.left_out_documents.get("no outlet")


def test_undated_documents_reported() -> None:
    from copytrail.stages.network import Member

    members = [
        Member("n1", "d1", "a.txt", "A", None, "2025-03-01T10:00:00+00:00", "metadata"),
        Member("n1", "d2", "b.txt", "B", None, "2025-03-01T12:00:00+00:00", "metadata"),
        Member("n1", "d3", "c.txt", "C", None, None, "none"),
    ]
    windowed = build_network(members, "outlets", "24h")
    assert {frozenset((e.source, e.target)) for e in windowed.edges} == {frozenset(("A", "B"))}
    assert windowed.left_out_documents["undated"] == ["d3"]
    assert windowed.left_out_pairs["undated or file-dated member"] == 2
    anytime = build_network(members, "outlets", None)
    assert len(anytime.edges) == 3  # undated documents still join narratives


def test_meridian_wire_syndication_marked_and_excluded(sample_db: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        net = network_from_store(store, "outlets", "24h")
        strict = network_from_store(store, "outlets", "24h", exclude_syndicated=True)
        paths = {r["id"]: r["path"] for r in store.query("SELECT id, path FROM documents")}
    marked = {Path(paths[d]).name for d in net.syndicated}
    assert "harbourtimes-kestrel-job-cuts.html" in marked
    assert "wire-feed.jsonl" in marked  # the Meridian Wire original credits itself
    wire = frozenset(("Harbour Times", "Meridian Wire"))
    assert wire in {frozenset((e.source, e.target)) for e in net.edges}
    assert next(e for e in net.edges if frozenset((e.source, e.target)) == wire).pairs[0]["syndicated"]
    assert wire not in {frozenset((e.source, e.target)) for e in strict.edges}
    assert strict.left_out_pairs["syndicated"] >= 1
    # Campaign edges are not syndication and stay.
    assert any({e.source, e.target} == {"Truth Lantern", "Civic Pulse"} for e in strict.edges)


def test_authors_graph(sample_db: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        net = network_from_store(store, "authors", None)
    assert "Marek Dorran" in net.nodes
    assert any("Marek Dorran" in (e.source, e.target) for e in net.edges)


def test_exports_parse(sample_db: Path, tmp_path: Path) -> None:
    nx = pytest.importorskip("networkx")
    with open_store(sample_db, read_only=True) as store:
        net = export_network(store, "outlets", "gexf", tmp_path / "n.gexf")
        export_network(store, "outlets", "graphml", tmp_path / "n.graphml")
        export_network(store, "authors", "csv", tmp_path / "a.csv", window="3d", exclude_syndicated=True)
    root = ET.parse(tmp_path / "n.gexf").getroot()
    ns = {"g": "http://gexf.net/1.3"}
    assert root.get("version") == "1.3"
    graph = root.find("g:graph", ns)
    assert graph is not None and graph.get("mode") == "dynamic" and graph.get("timeformat") == "dateTime"
    edges = graph.findall("g:edges/g:edge", ns)
    assert len(edges) == len(net.edges) and all(e.get("start") and e.get("end") for e in edges)
    assert all(n.get("start") for n in graph.findall("g:nodes/g:node", ns))
    # networkx reads GEXF with timeformat "date" (its reader does not know "dateTime").
    write_gexf(net, tmp_path / "d.gexf", timeformat="date")
    g = nx.read_gexf(tmp_path / "d.gexf")
    assert g.number_of_edges() == len(net.edges)
    gml = nx.read_graphml(tmp_path / "n.graphml")
    assert gml.number_of_nodes() == len(net.nodes) and gml.number_of_edges() == len(net.edges)
    some_edge = next(iter(gml.edges(data=True)))[2]
    assert json.loads(some_edge["evidence"])["pairs"]
    with open(tmp_path / "a.edges.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(json.loads(r["evidence"])["narratives"] for r in rows)
    with open(tmp_path / "a.nodes.csv", encoding="utf-8") as handle:
        assert any(r["id"] == "Marek Dorran" for r in csv.DictReader(handle))


def test_unknown_format(sample_db: Path, tmp_path: Path) -> None:
    with open_store(sample_db, read_only=True) as store, pytest.raises(UsageError):
        export_network(store, fmt="dot", out=tmp_path / "x")


def test_network_evidence_names_each_record(records_db: Path, tmp_path: Path) -> None:
    """Evidence pairs of records of one JSONL feed and one WARC crawl carry record and url."""
    from records_corpus import FEED_RECORDS, WARC_RECORDS

    with open_store(records_db, read_only=True) as store:
        net = export_network(store, "outlets", "csv", tmp_path / "n.csv", window=None)
    with open(tmp_path / "n.edges.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(net.edges) > 0
    sides = [p[side] for r in rows for p in json.loads(r["evidence"])["pairs"] for side in ("a", "b")]
    assert all({"doc", "path", "record", "url"} <= set(s) for s in sides)
    assert {s["record"] for s in sides} == {*FEED_RECORDS, *WARC_RECORDS}  # every record, told apart
    assert {s["url"] for s in sides if s["record"] == "line 4"} == {"https://northgate.example/water/plant"}
