"""The API's own documentation: FastAPI's ``/docs`` page served from this machine, and
readable operation names.

FastAPI's stock ``/docs`` loads Swagger UI from a CDN, which a local service must not depend
on (and the app's policy forbids); here its files come from the ``swagger-ui-bundle``
package, its start-up script from a route of ours, and the page gets a policy that allows
exactly that.  Every API operation is named after its docstring's first line ("Documents
(without text), newest first") instead of its function name ("Api Documents").
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

DOCS_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>copytrail API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>
"""
_INIT = 'SwaggerUIBundle({url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true});\n'


def operation_summary(route: APIRoute) -> str:
    """An operation's name: the first sentence of its docstring, without the final full stop."""
    doc = (route.endpoint.__doc__ or "").replace("``", "").strip()
    first = " ".join(doc.split("\n\n", 1)[0].split())
    head = first.split(". ", 1)[0].rstrip(".")
    if ";" in head:  # the main clause; a parenthesis it opens is closed
        head = head.split(";", 1)[0]
        head += ")" * (head.count("(") - head.count(")"))
    return head or route.name.removeprefix("api_").replace("_", " ").capitalize()


def name_operations(app: FastAPI) -> None:
    """Readable summaries and short operation ids for every API route that has none."""
    for route in app.routes:
        if isinstance(route, APIRoute) and route.include_in_schema:
            if not route.summary:
                route.summary = operation_summary(route)
            if not route.operation_id:
                route.operation_id = route.name.removeprefix("api_")
    app.openapi_schema = None  # made again, with the names


def register(app: FastAPI, site: Any = None) -> None:
    """``/docs`` (Swagger UI from local files) and readable operation names; register last,
    after every API route."""
    try:
        import swagger_ui_bundle
    except ImportError:  # pragma: no cover - the web extra installs it
        assets = None
    else:
        assets = swagger_ui_bundle.swagger_ui_path
    if assets is not None:
        app.mount("/docs/assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs_page() -> Response:
        if assets is None:
            return HTMLResponse("the API documentation needs: pip install swagger-ui-bundle", status_code=503)
        return HTMLResponse(_PAGE, headers={"Content-Security-Policy": DOCS_POLICY})

    @app.get("/docs/init.js", include_in_schema=False)
    def docs_script() -> Response:
        return Response(_INIT, media_type="text/javascript", headers={"Content-Security-Policy": DOCS_POLICY})

    name_operations(app)
