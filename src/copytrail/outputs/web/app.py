"""The copytrail web app: browse a store and check new text against it.

Read-only by design: every request opens its own read-only DuckDB connection and closes it, so
the app never holds the file and never changes it.  Only with ``allow_add`` can the check page
add an article, and then writes wait for every reader to finish (DuckDB allows one writer).
Errors reach the client as short JSON (or a plain page), never as a traceback.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from copytrail import __version__
from copytrail.errors import CopytrailError, InputError, StoreError
from copytrail.outputs.report.spans import KINDS, highlight, is_http_url, side_by_side
from copytrail.outputs.web import claims_routes, data, docs_routes
from copytrail.outputs.web.middleware import BodyLimit, SecurityHeaders
from copytrail.records import DATE_SOURCE_WORDS
from copytrail.store import Store, queries

log = logging.getLogger("copytrail.outputs.web")

MAX_BODY = 2 * 1024 * 1024  # bytes accepted in one request
PAGE = 50
MAX_LIMIT = 200
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm")

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (at most 200).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
EvidenceId = PathParam(max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="A narrative or document id.")
Search = Annotated[str | None, Query(max_length=200, description="Substring of title, outlet, author, path or text.")]
Language = Annotated[str | None, Query(max_length=20, description="Language code of the documents (fa, ru, und: not told).")]


class CheckRequest(BaseModel):
    """Text to check against the store."""

    text: str = Field(min_length=1, max_length=1_000_000)


class AddRequest(BaseModel):
    """An article to add to the store (only when the app runs with --allow-add)."""

    text: str = Field(min_length=1, max_length=1_000_000)
    name: str | None = Field(default=None, max_length=120)


# ------------------------------------------------------------------------------ plumbing


class _ReadWriteLock:
    """Many readers or one writer: a read-only DuckDB connection and a writing one cannot be
    open on the same file in one process."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writing:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._readers:
                self._cond.wait()
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("copytrail.outputs.web", "templates"), autoescape=True)
    env.globals.update(is_http_url=is_http_url, version=__version__, KINDS=KINDS)
    env.filters["day"] = lambda s: str(s)[:10] if s else "undated"
    env.filters["pct"] = lambda x: f"{x:.0%}"
    env.filters["kind"] = lambda k: k if k in KINDS else "other"
    env.filters["cite"] = data.cite
    env.filters["dated"] = data.dated
    env.filters["date_from"] = lambda source: DATE_SOURCE_WORDS.get(source or "none", str(source))
    return env


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


# ------------------------------------------------------------------------------ the app


@dataclass(frozen=True)
class _Site:
    """What every route needs: the store's path, its lock, the templates, and whether
    articles may be added."""

    db: Path
    allow_add: bool
    lock: _ReadWriteLock
    env: Environment

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A read-only connection for one request (writers wait until it closes)."""
        with self.lock.read(), Store(self.db, read_only=True) as s:
            yield s

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(
            request=request, allow_add=self.allow_add, db_name=self.db.name, **context
        )
        return HTMLResponse(html, status_code=status)

    def error_response(self, request: Request, status: int, detail: Any) -> Response:
        """Short JSON for the API, a plain page otherwise; never a traceback."""
        if _wants_json(request):
            return JSONResponse({"error": _reason(status), "detail": detail}, status_code=status)
        message = detail if isinstance(detail, str) else "the request has invalid parameters"
        return self.render(request, "error.html", status=status, status_code=status, message=message)

    def run_check(self, text: str) -> tuple[Any, dict[str, str]]:
        """The check result and the texts of the stored documents it matched."""
        from copytrail.api import check_text

        with self.store() as s:
            result = check_text(s, text)
            return result, s.texts([m.doc for m in result.matches])

    def add(self, text: str, name: str | None) -> str:
        """Store ``text`` as a file beside the database, scan it in, and return its id."""
        if not self.allow_add:
            raise HTTPException(403, "this server is read-only (start it with --allow-add to add articles)")
        from copytrail.engines.local import scan

        folder = self.db.with_name(self.db.name + ".added")
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in (name or "article"))[:60].strip("-") or "article"
        with self.lock.write():
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{stem}-{digest}.txt"
            path.write_text(text, encoding="utf-8")
            with Store(self.db) as s:
                result = scan([path], s)
                if result.errors:
                    raise HTTPException(422, result.errors[0].reason)
                doc_id = queries.newest_document_id(s, str(path))
        if doc_id is None:
            raise RuntimeError(f"{path}: scanned, but no document is stored")
        return doc_id


def create_app(db_path: str | Path, allow_add: bool = False) -> FastAPI:
    """The web app over the store at ``db_path``; read-only unless ``allow_add``."""
    site = _Site(Path(db_path), allow_add, _ReadWriteLock(), _environment())
    app = FastAPI(
        title="copytrail",
        version=__version__,
        description="Browse reused passages and narratives; check new text against the store.",
        docs_url=None,  # /docs: docs_routes, Swagger UI from local files (FastAPI's stock page loads a CDN)
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.db = site.db
    app.state.allow_add = allow_add
    _error_handlers(app, site)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY)  # added last: the outermost layer
    static = resources.files("copytrail.outputs.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    # pages first, then the API, each group in this order (the order of the OpenAPI schema)
    for register in (
        _narrative_pages,
        _document_pages,
        _alignment_pages,
        _check_pages,
        _evidence_pages,
        _document_api,
        _narrative_api,
        _alignment_api,
        _check_api,
        claims_routes.register,  # claims and network pages and API
        docs_routes.register,  # /docs and readable operation names: last, after every API route
    ):
        register(app, site)
    return app


def _error_handlers(app: FastAPI, site: _Site) -> None:
    """Every error becomes a short answer (see ``_Site.error_response``)."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return site.error_response(request, exc.status_code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        detail = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", "invalid"), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return site.error_response(request, 422, detail)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.warning("store unavailable: %s", exc)
        return site.error_response(request, 503, "the store cannot be opened right now")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return site.error_response(request, 500, "internal error")


# ------------------------------------------------------------------------------ pages


def _narrative_pages(app: FastAPI, site: _Site) -> None:
    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/narratives", status_code=303)

    @app.get("/narratives", response_class=HTMLResponse, include_in_schema=False)
    def narratives_page(request: Request, limit: Limit = PAGE, offset: Offset = 0) -> HTMLResponse:
        with site.store() as s:
            rows, total = data.list_narratives(s, limit, offset)
            counts = s.counts()
        return site.render(request, "narratives.html", rows=rows, total=total, limit=limit, offset=offset, counts=counts)

    @app.get("/narratives/{narrative_id}", response_class=HTMLResponse, include_in_schema=False)
    def narrative_page(request: Request, narrative_id: str) -> HTMLResponse:
        with site.store() as s:
            n = data.get_narrative(s, narrative_id)
            if n is None:
                raise HTTPException(404, "no such narrative")
            aligned, _ = data.list_alignments(s, MAX_LIMIT, 0, narrative=narrative_id)
            titles = {m["doc"]: m for m in n["members"]}
        return site.render(request, "narrative.html", n=n, alignments=aligned, docs=titles)


def _document_pages(app: FastAPI, site: _Site) -> None:
    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(
        request: Request, q: Search = None, limit: Limit = PAGE, offset: Offset = 0, language: Language = None
    ) -> HTMLResponse:
        with site.store() as s:
            rows, total = data.list_documents(s, q, limit, offset, language)
        return site.render(
            request, "documents.html", rows=rows, total=total, q=q or "", language=language or "", limit=limit, offset=offset
        )

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str) -> HTMLResponse:
        with site.store() as s:
            doc = data.get_document(s, doc_id)
            if doc is None:
                raise HTTPException(404, "no such document")
            aligned = data.document_alignments(s, doc_id)
        pieces = highlight(doc["text"], [(a["start"], a["end"], a["kind"]) for a in aligned])
        return site.render(request, "document.html", doc=doc, text_pieces=pieces, alignments=aligned)


def _alignment_pages(app: FastAPI, site: _Site) -> None:
    @app.get("/alignments/{aid}", response_class=HTMLResponse, include_in_schema=False)
    def alignment_page(request: Request, aid: str) -> HTMLResponse:
        with site.store() as s:
            a = data.get_alignment(s, aid)
            if a is None:
                raise HTTPException(404, "no such alignment")
            src, tgt = data.get_document(s, a["source_doc"]), data.get_document(s, a["target_doc"])
        if src is None or tgt is None:
            raise HTTPException(404, "no such alignment")
        view = side_by_side(
            src["text"], (a["source_start"], a["source_end"]), tgt["text"], (a["target_start"], a["target_end"]), 400
        )
        return site.render(request, "alignment.html", a=a, src=src, tgt=tgt, view=view)


def _check_pages(app: FastAPI, site: _Site) -> None:
    @app.get("/check", response_class=HTMLResponse, include_in_schema=False)
    def check_form(request: Request) -> HTMLResponse:
        return site.render(request, "check.html", text="", result=None)

    @app.post("/check", response_class=HTMLResponse, include_in_schema=False)
    async def check_page(
        request: Request,
        text: Annotated[str, Form(max_length=1_000_000)] = "",
        file: Annotated[UploadFile | None, File()] = None,
    ) -> HTMLResponse:
        upload_error = None
        if file is not None and file.filename:
            content = await file.read()
            try:
                text = _text_of_upload(file.filename, content)
            except InputError as exc:
                upload_error = exc.reason
        text = text.replace("\r\n", "\n")  # browsers send textarea lines as CRLF; show what was pasted
        if upload_error or not text.strip():
            message = upload_error or "paste some text or choose a file"
            return site.render(request, "check.html", status=422, text=text, result=None, message=message)
        result, texts = site.run_check(text)
        return site.render(request, "check.html", text=text, result=result, view=_check_view(result, texts))

    @app.post("/check/add", include_in_schema=False)
    def add_page(request: Request, text: Annotated[str, Form(min_length=1, max_length=1_000_000)]) -> Response:
        doc_id = site.add(text, None)
        return RedirectResponse(f"/documents/{doc_id}", status_code=303)


def _evidence_pages(app: FastAPI, site: _Site) -> None:
    @app.get("/evidence/{target}", response_class=HTMLResponse, include_in_schema=False)
    def evidence_page(target: Annotated[str, EvidenceId]) -> HTMLResponse:
        """The printable evidence pack of a narrative or a document (as ``copytrail evidence``)."""
        from copytrail.outputs.evidence.build import page_policy, render_html

        with site.store() as s:
            page = render_html(_evidence(s, target))
        return HTMLResponse(page, headers={"Content-Security-Policy": page_policy() + "; frame-ancestors 'none'"})

    @app.get("/api/evidence/{target}", tags=["evidence"])
    def api_evidence(target: Annotated[str, EvidenceId]) -> dict[str, Any]:
        """The evidence pack of a narrative or a document as JSON (``evidence.json``)."""
        with site.store() as s:
            return _evidence(s, target)


# ------------------------------------------------------------------------------ JSON API


def _document_api(app: FastAPI, site: _Site) -> None:
    @app.get("/api/documents", tags=["documents"])
    def api_documents(
        q: Search = None, limit: Limit = PAGE, offset: Offset = 0, language: Language = None
    ) -> dict[str, Any]:
        """Documents (without text), newest first; ``q`` searches title, outlet, author, path and
        text; ``language`` keeps one language (``fa``, ``ru``, ``und``: not told)."""
        with site.store() as s:
            rows, total = data.list_documents(s, q, limit, offset, language)
        return _page(rows, total, limit, offset)

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def api_document(doc_id: str) -> dict[str, Any]:
        """One document with its text and every reused passage it takes part in."""
        with site.store() as s:
            doc = data.get_document(s, doc_id)
            if doc is None:
                raise HTTPException(404, "no such document")
            aligned = data.document_alignments(s, doc_id)
        doc["passages"] = [
            {**data.alignment_json(a), "role": a["role"], "other": a["other_id"]} for a in aligned
        ]
        return doc

    @app.post("/api/documents", tags=["documents"], status_code=201)
    def api_add(body: AddRequest) -> dict[str, Any]:
        """Add an article (403 unless the app was started with --allow-add)."""
        return {"id": site.add(body.text, body.name)}


def _narrative_api(app: FastAPI, site: _Site) -> None:
    @app.get("/api/narratives", tags=["narratives"])
    def api_narratives(limit: Limit = PAGE, offset: Offset = 0) -> dict[str, Any]:
        """Narratives ranked by spread (documents, then outlets)."""
        with site.store() as s:
            rows, total = data.list_narratives(s, limit, offset)
        return _page(rows, total, limit, offset)

    @app.get("/api/narratives/{narrative_id}", tags=["narratives"])
    def api_narrative(narrative_id: str) -> dict[str, Any]:
        """One narrative with its members."""
        with site.store() as s:
            n = data.get_narrative(s, narrative_id)
        if n is None:
            raise HTTPException(404, "no such narrative")
        return n


def _alignment_api(app: FastAPI, site: _Site) -> None:
    @app.get("/api/alignments", tags=["alignments"])
    def api_alignments(
        limit: Limit = PAGE,
        offset: Offset = 0,
        narrative: Annotated[str | None, Query(max_length=64)] = None,
        doc: Annotated[str | None, Query(max_length=64)] = None,
    ) -> dict[str, Any]:
        """Reused passages, optionally of one narrative or one document."""
        with site.store() as s:
            rows, total = data.list_alignments(s, limit, offset, narrative, doc)
        return _page([data.alignment_json(r) for r in rows], total, limit, offset)

    @app.get("/api/alignments/{aid}", tags=["alignments"])
    def api_alignment(aid: str) -> dict[str, Any]:
        """One reused passage by id (``source:start:target:start``)."""
        with site.store() as s:
            a = data.get_alignment(s, aid)
        if a is None:
            raise HTTPException(404, "no such alignment")
        return data.alignment_json(a)


def _check_api(app: FastAPI, site: _Site) -> None:
    @app.post("/api/check", tags=["check"])
    def api_check(body: CheckRequest) -> dict[str, Any]:
        """Which stored documents the text reuses, and where; the store is not changed."""
        result, texts = site.run_check(body.text)
        return result.as_dict(texts)


# ------------------------------------------------------------------------------ helpers


def _evidence(store: Store, target: str) -> dict[str, Any]:
    """The evidence pack's facts for a narrative or document id (404 for neither)."""
    from copytrail.outputs.evidence.data import evidence_data

    if queries.narrative_by_id(store, target) is None and not queries.evidence_documents(store, [target]):
        raise HTTPException(404, "no such narrative or document")
    return evidence_data(store, target)


def _reason(status: int) -> str:
    return {
        400: "bad_request",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "request_too_large",
        422: "invalid_request",
        500: "internal_error",
        503: "unavailable",
    }.get(status, "error")


def _text_of_upload(filename: str, content: bytes) -> str:
    """The article text of an uploaded file, read by the same code as ``copytrail scan``."""
    from copytrail.api import read_document

    suffix = Path(filename).suffix.lower()
    suffix = suffix if suffix in UPLOAD_SUFFIXES else ".txt"
    with tempfile.TemporaryDirectory(prefix="copytrail-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            return read_document(path).text
        except InputError as exc:
            raise InputError(filename, exc.reason) from exc
        except CopytrailError as exc:
            raise InputError(filename, str(exc)) from exc


def _check_view(result: Any, texts: dict[str, str]) -> dict[str, Any]:
    """The checked text with reused spans marked, and a side-by-side for each passage."""
    spans = [(p.b_start, p.b_end, p.kind) for m in result.matches for p in m.passages]
    sides = {
        (m.doc, i): side_by_side(texts.get(m.doc, ""), (p.a_start, p.a_end), result.text, (p.b_start, p.b_end), 120)
        for m in result.matches
        for i, p in enumerate(m.passages)
    }
    return {"pieces": highlight(result.text, spans), "sides": sides}
