"""The web app's claims and network pages and their API (``/claims``, ``/network``,
``/api/claims``, ``/api/network``).

Read-only, like every page: claim groups come from the stored claims tables (nothing is
extracted on a request; a store scanned with claims off says so), the network from
:func:`copytrail.store.network.network_from_store`.  Article text reaches the templates as
plain strings and is escaped there.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Protocol

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse

from copytrail.outputs.report.claims import changed_figures
from copytrail.store import Store, queries
from copytrail.store.claim_views import claims_summary
from copytrail.store.claims import cite_statements, claim_rows, has_claims

PAGE = 50
MAX_LIMIT = 200
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (at most 200).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Differ = Annotated[bool, Query(description="Only claims whose figures disagree between copies.")]
What = Annotated[Literal["outlets", "authors"], Query(description="Nodes: outlets or bylines (authors).")]
Graph = Annotated[
    Literal["copies", "copublication"],
    Query(description="copies: an edge from the earlier publication to the later, weighted by passages (pairs "
          "whose order is unknown left out and counted); copublication: linked when both published a member "
          "of one narrative within 24 hours, weighted by narratives."),
]  # fmt: skip
NETWORK_EDGES = 500  # edges shown on the network page (the API gives them all)


class Site(Protocol):
    """What the routes need from the app: a read-only store per request and the templates."""

    def store(self) -> Any: ...

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse: ...


def register(app: FastAPI, site: Site) -> None:
    """Add the claims and network pages and API to ``app``."""
    _claims_pages(app, site)
    _network_pages(app, site)


def claims_page_data(store: Store, limit: int, offset: int) -> dict[str, Any]:
    """The claims page: changed figures (one page of them) and the most repeated claims."""
    changes = changed_figures(store, limit=offset + limit)
    changes["changes"] = changes["changes"][offset:]
    summary = claims_summary(store, top=20, differ=0)
    return {"changes": changes, "repeated": summary["repeated"], "limit": limit, "offset": offset}


def claims_api_data(store: Store, differ: bool, limit: int, offset: int) -> dict[str, Any]:
    """One page of claim groups in the export schema, with their total."""
    if not has_claims(store):
        return {"computed": False, "total": 0, "limit": limit, "offset": offset, "items": []}
    where = " WHERE values_differ" if differ else ""
    row = store.con.execute(f"SELECT count(*) FROM claim_groups{where}").fetchone()  # noqa: S608 - fixed text
    items = list(cite_statements(store, claim_rows(store, differ_only=differ, limit=limit, offset=offset)))
    return {"computed": True, "total": int(row[0]) if row else 0, "limit": limit, "offset": offset, "items": items}


def network_data(store: Store, what: str, graph: str = "copies") -> dict[str, Any]:
    """The store's network of ``what`` as plain data: nodes and edges with their weights, and
    what was left out (a copy graph draws no arrow whose order the dates do not give)."""
    from copytrail.store.network import network_from_store

    return _network_view(network_from_store(store, what, graph=graph), what)


def _network_view(network: Any, what: str) -> dict[str, Any]:
    nodes = [
        {"id": n.id, "label": getattr(n, "label", "") or n.id, "documents": n.documents, "narratives": n.narratives,
         "first": n.first, "last": n.last}
        for n in sorted(network.nodes.values(), key=lambda n: (-n.documents, n.id))
    ]
    edges = [
        {"source": e.source, "target": e.target, "weight": e.weight, "weighted_by": getattr(e, "weighted_by", "narratives"),
         "narratives": len(e.narratives), "first": e.start, "last": e.end,
         **({"median_lag_hours": e.median_lag_hours} if network.directed else {})}
        for e in sorted(network.edges, key=lambda e: (-e.weight, e.source, e.target))
    ]
    return {
        "what": what,
        "graph": getattr(network, "graph", "copublication"),
        "directed": bool(getattr(network, "directed", False)),
        "window_hours": network.window.total_seconds() / 3600 if network.window else None,
        "nodes": nodes,
        "edges": edges,
        "left_out_pairs": dict(network.left_out_pairs),
        "left_out_documents": {reason: len(docs) for reason, docs in network.left_out_documents.items()},
    }


def network_page_data(store: Store, what: str, graph: str) -> dict[str, Any]:
    """The network page: the graph's table, and for the copy graph the arrows to draw (the
    report's geometry) with each arrow's passages and the cards of their documents."""
    from copytrail.outputs.report.data import label_card
    from copytrail.outputs.report.network import copy_inputs, copy_network
    from copytrail.stages.network import build_copy_graph

    if graph != "copies":
        return {**network_data(store, what, graph), "drawing": None, "docs": {}}
    reuses, kinds = copy_inputs(store)
    view = _network_view(build_copy_graph(reuses, what), what)
    drawing = copy_network(reuses, what, kinds)
    ids = sorted({p[k] for e in drawing["edges"] for p in e["evidence"] for k in ("source", "target")})
    docs = {d["id"]: label_card(d) for d in queries.document_cards(store, ids)}
    return {**view, "drawing": drawing, "docs": docs}


def _claims_pages(app: FastAPI, site: Site) -> None:
    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_page(request: Request, limit: Limit = PAGE, offset: Offset = 0) -> HTMLResponse:
        with site.store() as s:
            view = claims_page_data(s, limit, offset)
        return site.render(request, "claims.html", **view)

    @app.get("/api/claims", tags=["claims"], summary="Claim groups: figures stated in several documents")
    def api_claims(differ: Differ = False, limit: Limit = PAGE, offset: Offset = 0) -> dict[str, Any]:
        """Claim groups as ``copytrail export claims`` writes them (sentence excerpt with the
        figure's place, kind, statements with sentence text and offsets, changes), a page at a time."""
        with site.store() as s:
            return claims_api_data(s, differ, limit, offset)


def _network_pages(app: FastAPI, site: Site) -> None:
    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, what: What = "outlets", graph: Graph = "copies") -> HTMLResponse:
        with site.store() as s:
            view = network_page_data(s, what, graph)
        view["shown"] = view["edges"][:NETWORK_EDGES]
        return site.render(request, "network.html", **view)

    @app.get("/api/network", tags=["network"], summary="The outlet or byline network")
    def api_network(what: What = "outlets", graph: Graph = "copies") -> dict[str, Any]:
        """Nodes (outlets or bylines) and the edges between them, strongest first: by default
        who published first (an edge from the earlier to the later, with the median lag), or
        who published together; with what each left out, by reason."""
        with site.store() as s:
            return network_data(s, what, graph)
