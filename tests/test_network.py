"""Coordination network over the scanned sample corpus: edges, evidence, syndication, exports."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest

from copytrail.errors import UsageError
from copytrail.outputs.network import describe, export_network
from copytrail.stages.network import (
    Member,
    Reuse,
    build_byline_graph,
    build_copy_graph,
    build_network,
    name_key,
    parse_window,
    syndication_reason,
)
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
        net = network_from_store(store, "outlets", "24h", graph="copublication")
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
        loose = network_from_store(store, "outlets", None, graph="copublication")
        tight = network_from_store(store, "outlets", "1h", graph="copublication")
    assert len(tight.edges) < len(loose.edges)
    assert tight.left_out_pairs.get("outside window", 0) > 0
    # Documents dated only by their file's time never join a windowed edge, and are counted.
    assert any(reason.startswith("dated by file") for reason in tight.left_out_documents) or tight.left_out_documents.get("no outlet")


def test_undated_documents_reported() -> None:
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
        net = network_from_store(store, "outlets", "24h", graph="copublication")
        strict = network_from_store(store, "outlets", "24h", exclude_syndicated=True, graph="copublication")
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
        net = network_from_store(store, "authors", None, graph="copublication")
    assert "Marek Dorran" in net.nodes
    assert any("Marek Dorran" in (e.source, e.target) for e in net.edges)


def test_unknown_format(sample_db: Path, tmp_path: Path) -> None:
    with open_store(sample_db, read_only=True) as store, pytest.raises(UsageError):
        export_network(store, fmt="dot", out=tmp_path / "x")


def test_network_evidence_names_each_record(records_db: Path, tmp_path: Path) -> None:
    """Evidence pairs of records of one JSONL feed and one WARC crawl: every record, told apart."""
    from records_corpus import FEED_RECORDS, WARC_RECORDS

    with open_store(records_db, read_only=True) as store:
        net = export_network(store, "outlets", "csv", tmp_path / "n.csv", window=None, graph="copublication")
        stored = {r["id"] for r in store.query("SELECT id FROM documents")}
    with open(tmp_path / "n.edges.csv", encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    with open(tmp_path / "n.evidence.csv", encoding="utf-8") as handle:
        evidence = list(csv.DictReader(handle))
    assert len(edges) == len(net.edges) > 0
    assert {r["edge"] for r in evidence} == {e["id"] for e in edges}
    sides = [p[side] for e in net.edges for p in e.pairs for side in ("a", "b")]
    assert all({"doc", "path", "record", "url"} <= set(s) for s in sides)
    assert {s["record"] for s in sides} == {*FEED_RECORDS, *WARC_RECORDS}  # every record, told apart
    assert {s["url"] for s in sides if s["record"] == "line 4"} == {"https://northgate.example/water/plant"}
    assert {r["source_doc"] for r in evidence} | {r["target_doc"] for r in evidence} <= stored


def _member(doc: str, outlet: str | None, author: str | None, published: str | None) -> Member:
    return Member("", doc, f"{doc}.html", outlet, author, published, "metadata" if published else "none")


def test_copy_graph_points_from_earlier_to_later_and_leaves_undated_pairs_undirected() -> None:
    early = _member("d1", "Origin Daily", None, "2025-03-01T08:00:00+00:00")
    late = _member("d2", "Echo Weekly", None, "2025-03-01T14:00:00+00:00")
    later = _member("d3", "Echo Weekly", None, "2025-03-02T08:00:00+00:00")
    undated = _member("d4", "Mirror News", None, None)
    reuses = [
        Reuse("d1:0:d2:0", "n1", early, late, True),
        Reuse("d1:500:d3:40", "n2", early, later, True),
        Reuse("d1:900:d4:0", "n1", early, undated, False),
    ]
    net = build_copy_graph(reuses, "outlets")
    assert net.directed and net.graph == "copies"
    assert [(e.source, e.target) for e in net.edges] == [("Origin Daily", "Echo Weekly")]
    edge = net.edges[0]
    assert edge.weight == 2 and edge.narratives == ["n1", "n2"]
    assert edge.median_lag_hours == (6 + 24) / 2
    assert net.left_out_pairs == {"order unknown (undated, or dated the same day without a time)": 1}
    assert "Mirror News" in net.nodes  # counted as a node, given no direction
    assert "order unknown" in describe(net)


def test_store_copy_graph_follows_publication_order(sample_db: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        net = network_from_store(store, "outlets")
        published = {r["outlet"]: r["first"] for r in store.query("SELECT outlet, min(published) AS first FROM documents WHERE outlet IS NOT NULL GROUP BY 1")}
    assert net.graph == "copies" and net.edges
    # The campaign's fact sheet: Civic Pulse (3 March) first, Open Ledger News after it.
    assert any((e.source, e.target) == ("Civic Pulse", "Open Ledger News") for e in net.edges)
    assert not any((e.source, e.target) == ("Open Ledger News", "Civic Pulse") for e in net.edges)
    for e in net.edges:
        assert all(a["hours_apart"] is None or a["hours_apart"] > 0 for a in e.alignments)
        assert e.weight == len(e.alignments) and published[e.source] and published[e.target]


def test_campaign_byline_on_several_outlets_is_linked_to_each(sample_db: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        net = network_from_store(store, graph="bylines")
    outlets = {e.target for e in net.edges if e.source == "byline:Marek Dorran"}
    assert outlets == {"outlet:" + o for o in CAMPAIGN_B}
    assert net.nodes["byline:Marek Dorran"].kind == "byline" and net.nodes["byline:Marek Dorran"].label == "Marek Dorran"
    assert "byline:M. Dorran" in net.nodes  # an initial is not guessed to be the same person


def test_bylines_shown_as_written_and_matched_loosely() -> None:
    written = ["J. R. Smith", "j.r. smith", "By J R Smith", "J. R. Smith", "José Núñez", "Jose Nunez"]
    docs = [_member(f"d{k}", f"Outlet {k % 3}", name, None) for k, name in enumerate(written)]
    net = build_byline_graph(docs)
    bylines = {n.label for n in net.nodes.values() if n.kind == "byline"}
    assert bylines == {"J. R. Smith", "Jose Nunez"} or bylines == {"J. R. Smith", "José Núñez"}
    smith = f"byline:{'J. R. Smith'}"
    assert {e.target for e in net.edges if e.source == smith} == {"outlet:Outlet 0", "outlet:Outlet 1", "outlet:Outlet 2"}
    assert sum(len(e.documents) for e in net.edges if e.source == smith) == 4
    assert name_key("By J.R. Smith") == name_key("j r smith") != name_key("M. Smith")


@pytest.mark.parametrize("graph", ["copies", "copublication", "bylines"])
@pytest.mark.parametrize("what", ["outlets", "authors"])
def test_networkx_reads_every_file_and_evidence_joins_edges(sample_db: Path, tmp_path: Path, graph: str, what: str) -> None:
    import networkx as nx

    with open_store(sample_db, read_only=True) as store:
        net = export_network(store, what, "gexf", tmp_path / "n.gexf", graph=graph)
        export_network(store, what, "graphml", tmp_path / "n.graphml", graph=graph)
        export_network(store, what, "csv", tmp_path / "n", graph=graph)
    gexf = nx.read_gexf(tmp_path / "n.gexf")
    graphml = nx.read_graphml(tmp_path / "n.graphml")
    for g in (gexf, graphml):
        assert g.is_directed() == (graph == "copies")
        assert g.number_of_nodes() == len(net.nodes) and g.number_of_edges() == len(net.edges) > 0
    labels = {data["label"] for _, data in gexf.nodes(data=True)}
    assert labels == {n.label for n in net.nodes.values()}
    text = (tmp_path / "n.gexf").read_text(encoding="utf-8")
    assert "evidence" not in text and len(text) < 2000 * (len(net.edges) + len(net.nodes))  # counts and ids only
    edges = list(csv.DictReader((tmp_path / "n.edges.csv").open(encoding="utf-8")))
    evidence = list(csv.DictReader((tmp_path / "n.evidence.csv").open(encoding="utf-8")))
    assert {r["edge"] for r in evidence} == {r["id"] for r in edges}
    for edge in edges:
        rows = [r for r in evidence if r["edge"] == edge["id"]]
        assert int(edge["weight"]) == len(rows) if graph != "copublication" else int(edge["pairs"]) == len(rows)
    # each graph counts what its edges hold; the counts of the other graphs are empty, not 0
    counted = {"copies": "passages", "copublication": "pairs", "bylines": "documents"}[graph]
    for edge in edges:
        assert int(edge[counted]) > 0
        assert all(edge[other] == "" for other in {"passages", "pairs", "documents"} - {counted})
    if graph == "copies":
        assert all(r["alignment"].count(":") == 3 for r in evidence)


def test_network_to_standard_output(sample_db: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    import networkx as nx

    done = subprocess.run(
        [sys.executable, "-m", "copytrail.cli.main", "export", "network", "--db", str(sample_db), "-o", "-"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "-").exists() and done.stdout.startswith("<?xml")
    (tmp_path / "out.gexf").write_text(done.stdout, encoding="utf-8")
    assert nx.read_gexf(tmp_path / "out.gexf").is_directed()
    assert "left out" in done.stderr or "links" in done.stderr


def _page(byline_tag: str, outlet: str, hour: int, story: str) -> str:
    return (
        f'<html><head>{byline_tag}<meta property="og:site_name" content="{outlet}">'
        f'<meta property="article:published_time" content="2025-03-01T{hour:02d}:00:00Z"><title>Harbour plan {outlet}</title>'
        f"</head><body><article><p>{story}</p></article></body></html>"
    )


def test_a_campaign_byline_with_initials_keeps_its_full_stops_and_links_three_outlets(tmp_path: Path) -> None:
    """Pages that write one byline three ways: stored as each page writes it, one node in the
    byline graph, shown as written, linked to the three outlets."""
    from copytrail.engines.local import scan
    from copytrail.settings import ScanSettings
    from copytrail.stages.names import stated_bylines, written_byline

    story = " ".join(
        f"Sentence {k} of the planted campaign text says the harbour dredging plan will cost the port "
        f"{k + 3} million in lost fees and divert ships from the northern channel." for k in range(8)
    )
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    tags = ['<meta name="author" content="J. R. Smith">', '<meta property="article:author" content="By J.R. Smith">',
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
            '"author": {"@type": "Person", "name": "J. R. Smith"}}</script>']  # fmt: skip
    for k, (tag, outlet) in enumerate(zip(tags, ("Alpha News", "Beta Daily", "Gamma Post"), strict=True)):
        intro = f"{outlet} reports, in its own words for edition {k}, on what the council heard this week. "
        (corpus / f"{k}.html").write_text(_page(tag, outlet, 8 + 3 * k, intro + story), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        assert not scan([corpus], store, ScanSettings(workers=1)).errors
        stored = sorted(r["author"] for r in store.query("SELECT author FROM documents"))
        bylines = network_from_store(store, graph="bylines")
        copies = network_from_store(store, "authors")
        outlets = network_from_store(store, "outlets")
    assert stored == ["J. R. Smith", "J. R. Smith", "J.R. Smith"]
    assert {e.target for e in bylines.edges if e.source == "byline:J. R. Smith"} == {
        "outlet:Alpha News", "outlet:Beta Daily", "outlet:Gamma Post"
    }
    assert not copies.edges and set(copies.nodes) == {"J. R. Smith"}  # one byline: no link to itself
    assert copies.left_out_pairs == {"both sides of one author": 3}
    assert {(e.source, e.target) for e in outlets.edges} == {
        ("Alpha News", "Beta Daily"), ("Alpha News", "Gamma Post"), ("Beta Daily", "Gamma Post")
    }  # earlier to later, 3 hours apart each
    assert sorted(e.median_lag_hours for e in outlets.edges) == [3.0, 3.0, 6.0]
    assert stated_bylines('<meta content="Ann O&#39;Neil" name="byl">') == ["Ann O'Neil"]
    assert written_byline('<meta name="author" content="M. Dorran">', "Marek Dorran") == "Marek Dorran"
    assert written_byline("<p>no byline</p>", None) is None
