"""The copytrail web app: browse a store and check new text against it.

Read-only by design: requests read a private copy of the store (:mod:`.snapshot`), so the app
never holds the file while a scan wants it and keeps answering while a scan writes it.  Only
with ``allow_add`` can the check page add an article.  A local service, not a public one: it
answers only to the host names it was told (:mod:`.middleware`), refuses state-changing
requests from other sites, and needs its form token where a request names no site.  Checking
an article runs in worker processes, a few at a time, so pages stay quick meanwhile.  Errors
reach the client as short JSON (or a plain page), never as a traceback.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import logging
import os
import secrets
import tempfile
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from copytrail import __version__
from copytrail.errors import CopytrailError, InputError, StoreError
from copytrail.outputs.languages import add_side_languages
from copytrail.outputs.report import direction
from copytrail.outputs.report.spans import KINDS, highlight, is_http_url, side_by_side
from copytrail.outputs.web import claims_routes, data, docs_routes
from copytrail.outputs.web.checking import Busy, CheckWorkers
from copytrail.outputs.web.middleware import (
    LOCAL_HOSTS,
    NO_ORIGIN_KEY,
    BodyLimit,
    HostAllowList,
    RequestLimits,
    SameOrigin,
    SecurityHeaders,
)
from copytrail.outputs.web.snapshot import StoreCopies
from copytrail.records import DATE_SOURCE_WORDS
from copytrail.stages.language import side_language
from copytrail.store import Store, queries

log = logging.getLogger("copytrail.outputs.web")

MAX_BODY = 2 * 1024 * 1024  # bytes accepted in one request
PAGE = 50
MAX_LIMIT = 200
# Page requests served at once (worker threads; the others wait their turn in order).
PAGE_THREADS = 4
# Uploads read and articles added at once (worker threads); checks have their own processes.
THREAD_WORKERS = max(1, (os.cpu_count() or 2) // 2)
TOKEN_FIELD = "csrf_token"  # the form field; API clients send the X-CSRF-Token header
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm")

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (at most 200).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Id = PathParam(max_length=200, description="A document, narrative or alignment id.")
EvidenceId = PathParam(max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="A narrative or document id.")
Search = Annotated[str | None, Query(max_length=200, description="Substring of title, outlet, author, path or text.")]
Language = Annotated[str | None, Query(max_length=20, description="A language the documents are written in, wholly or partly (fa, ru; und: not told).")]
Mixed = Annotated[bool, Query(description="Only documents written in two languages or more.")]


class CheckRequest(BaseModel):
    """Text to check against the store."""

    text: str = Field(min_length=1, max_length=1_000_000)


class AddRequest(BaseModel):
    """An article to add to the store (only when the app runs with --allow-add)."""

    text: str = Field(min_length=1, max_length=1_000_000)
    name: str | None = Field(default=None, max_length=120)


# ------------------------------------------------------------------------------ plumbing

T = TypeVar("T")


def _environment() -> Environment:
    # templates are compiled once: they are package files, so no look at their dates per page
    env = Environment(loader=PackageLoader("copytrail.outputs.web", "templates"), autoescape=True, auto_reload=False)
    env.globals.update(is_http_url=is_http_url, version=__version__, KINDS=KINDS, **direction.TEMPLATE_GLOBALS)
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


@dataclass
class _Site:
    """What every route needs: the store (through its copies), the templates, whether articles
    may be added, the form token, and the turns of the check workers."""

    db: Path
    allow_add: bool
    env: Environment
    copies: StoreCopies
    checks: CheckWorkers = field(default_factory=CheckWorkers)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    _threads: anyio.CapacityLimiter | None = None  # made on first use, inside the event loop

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A read-only store for one request (the newest copy; see :mod:`.snapshot`)."""
        with self.copies.reading() as s:
            yield s

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(
            request=request, allow_add=self.allow_add, db_name=self.db.name, csrf_token=self.token,
            shown_as_of=self.copies.shown_as_of(), **context,
        )  # fmt: skip
        return HTMLResponse(html, status_code=status)

    def shown_as(self, ids: list[str]) -> dict[str, dict[str, str]]:
        """``dir`` and ``lang`` of these documents' texts (:func:`.data.documents_shown_as`)."""
        with self.store() as s:
            return data.documents_shown_as(s, ids)

    def error_response(self, request: Request, status: int, detail: Any) -> Response:
        """Short JSON for the API, a plain page otherwise; never a traceback."""
        headers = {"Retry-After": "5"} if status == 503 else None
        if _wants_json(request):
            return JSONResponse({"error": _reason(status), "detail": detail}, status_code=status, headers=headers)
        message = detail if isinstance(detail, str) else "the request has invalid parameters"
        page = self.render(request, "error.html", status=status, status_code=status, message=message)
        page.headers.update(headers or {})
        return page

    def error_page(self, scope: Scope) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """The answer to an unexpected error, for :class:`SecurityHeaders`."""
        response = self.error_response(Request(scope), 500, "internal error")
        return response.status_code, response.raw_headers, bytes(response.body)

    def require_token(self, request: Request, given: str | None = None) -> None:
        """A request that names no site (no Origin, no Referer: a browser always sends one on a
        form or script request) must carry the app's token, from the form or X-CSRF-Token."""
        if not request.scope.get("state", {}).get(NO_ORIGIN_KEY):
            return
        sent = given or request.headers.get("x-csrf-token") or ""
        if not hmac.compare_digest(sent.encode(), self.token.encode()):
            raise HTTPException(403, "a request without Origin or Referer needs the app's token (X-CSRF-Token)")

    async def off_loop(self, work: Callable[[], T]) -> T:
        """Run CPU-bound ``work`` (reading an upload, adding an article) in a worker thread, at
        most THREAD_WORKERS at once, so the event loop keeps answering other requests."""
        if self._threads is None:
            self._threads = anyio.CapacityLimiter(THREAD_WORKERS)
        return await anyio.to_thread.run_sync(work, limiter=self._threads)

    async def run_check(self, text: str, shape: str) -> Any:
        """Check ``text`` in a worker process (:mod:`.checking`): for ``"page"`` the result and
        its view, for ``"api"`` the JSON answer.  Tried once more if the copy it read was
        replaced meanwhile."""
        for attempt in (1, 2):
            db, live = await anyio.to_thread.run_sync(self.copies.file_to_read)
            try:
                return await self.checks.run(db, live, text, shape)
            except Busy as exc:
                raise HTTPException(503, str(exc)) from exc
            except StoreError:
                if attempt == 2 or live:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def add(self, text: str, name: str | None) -> str:
        """Store ``text`` as a file beside the database, scan it in, and return its id."""
        if not self.allow_add:
            raise HTTPException(403, "this server is read-only (start it with --allow-add to add articles)")
        from copytrail.engines.local import scan
        from copytrail.engines.recorded import as_last_scanned

        folder = self.db.with_name(self.db.name + ".added")
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in (name or "article"))[:60].strip("-") or "article"
        with self.copies.writing() as s:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{stem}-{digest}.txt"
            path.write_text(text, encoding="utf-8")
            result = scan([path], s, as_last_scanned(s))  # other layers would realign the whole store
            if result.errors:
                raise HTTPException(422, result.errors[0].reason)
            doc_id = queries.newest_document_id(s, str(path))
        if doc_id is None:
            raise RuntimeError(f"{path}: scanned, but no document is stored")
        return doc_id


def create_app(db_path: str | Path, allow_add: bool = False, allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The web app over the store at ``db_path``; read-only unless ``allow_add``.  It answers
    to 127.0.0.1, localhost and ::1, and to the names in ``allowed_hosts`` (the address it is
    bound to, names a proxy forwards)."""
    site = _Site(Path(db_path), allow_add, _environment(), StoreCopies(Path(db_path)))
    app = FastAPI(
        title="copytrail",
        version=__version__,
        description="Browse reused passages and narratives; check new text against the store.",
        docs_url=None,  # /docs: docs_routes, Swagger UI from local files (FastAPI's stock page loads a CDN)
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_closing(site.copies, site.checks),
    )
    app.state.db = site.db
    app.state.allow_add = allow_add
    _error_handlers(app, site)
    # the last added is the outermost: headers on everything, then who may ask, then how much
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY)
    app.add_middleware(SameOrigin)
    app.add_middleware(RequestLimits)
    app.add_middleware(HostAllowList, allowed=[*LOCAL_HOSTS, *allowed_hosts])
    app.add_middleware(SecurityHeaders, error_page=site.error_page)
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


def _closing(copies: StoreCopies, checks: CheckWorkers) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's lifespan: page threads limited and import-time objects set aside from garbage
    collection when the server starts; the store's copies deleted and the check workers
    stopped when it stops."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # pages run in worker threads that hold the interpreter lock but for their queries: more
        # threads than this only wait for it longer, each with its own malloc arena
        anyio.to_thread.current_default_thread_limiter().total_tokens = PAGE_THREADS
        gc.collect()
        gc.freeze()  # what the imports made lives as long as the server: no collection scans it again
        try:
            yield
        finally:
            copies.close()
            checks.close()

    return lifespan


def _error_handlers(app: FastAPI, site: _Site) -> None:
    """Every error becomes a short answer (see ``_Site.error_response``); an unexpected one is
    answered by :class:`SecurityHeaders` with ``_Site.error_page``."""

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


# ------------------------------------------------------------------------------ pages


def _narrative_pages(app: FastAPI, site: _Site) -> None:
    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/narratives", status_code=303)

    @app.get("/narratives", response_class=HTMLResponse, include_in_schema=False)
    def narratives_page(request: Request, limit: Limit = PAGE, offset: Offset = 0) -> HTMLResponse:
        with site.store() as s:
            rows, total = data.list_narratives(s, limit, offset)
            counts, label_as = data.counts(s), data.label_attributes(s, rows)
        return site.render(
            request, "narratives.html", rows=rows, total=total, limit=limit, offset=offset, counts=counts, label_as=label_as
        )

    @app.get("/narratives/{narrative_id}", response_class=HTMLResponse, include_in_schema=False)
    def narrative_page(
        request: Request, narrative_id: Annotated[str, Id], limit: Limit = PAGE, offset: Offset = 0
    ) -> HTMLResponse:
        """One narrative: a page of its members, and its strongest reused passages."""
        with site.store() as s:
            n = data.get_narrative(s, narrative_id)
            if n is None:
                raise HTTPException(404, "no such narrative")
            aligned, aligned_total = data.list_alignments(s, MAX_LIMIT, 0, narrative=narrative_id)
            label_as = data.label_attributes(s, [n]).get(narrative_id)
        titles = {m["doc"]: m for m in n["members"]}
        n["members"], total = data.page_of(n["members"], limit, offset)
        return site.render(
            request, "narrative.html", n=n, alignments=aligned, alignments_total=aligned_total, docs=titles,
            total=total, limit=limit, offset=offset, label_as=label_as or direction.UNKNOWN_TEXT,
        )  # fmt: skip


def _document_pages(app: FastAPI, site: _Site) -> None:
    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(
        request: Request, q: Search = None, limit: Limit = PAGE, offset: Offset = 0, language: Language = None,
        mixed: Mixed = False,
    ) -> HTMLResponse:
        with site.store() as s:
            rows, total = data.list_documents(s, q, limit, offset, language, mixed)
        return site.render(
            request, "documents.html", rows=rows, total=total, q=q or "", language=language or "", mixed=mixed,
            limit=limit, offset=offset,
        )  # fmt: skip

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(
        request: Request, doc_id: Annotated[str, Id], limit: Limit = PAGE, offset: Offset = 0
    ) -> HTMLResponse:
        """One document's text with every reused passage marked, and a page of their list."""
        with site.store() as s:
            doc = data.get_document(s, doc_id)
            if doc is None:
                raise HTTPException(404, "no such document")
            aligned = data.document_alignments(s, doc_id)
        pieces = highlight(doc["text"], [(a["start"], a["end"], a["kind"]) for a in aligned])
        shown, total = data.page_of(aligned, limit, offset)
        data.own_side_languages(doc, shown)
        return site.render(
            request, "document.html", doc=doc, text_pieces=pieces, alignments=shown, total=total, limit=limit, offset=offset
        )


def _alignment_pages(app: FastAPI, site: _Site) -> None:
    @app.get("/alignments/{aid}", response_class=HTMLResponse, include_in_schema=False)
    def alignment_page(request: Request, aid: Annotated[str, Id]) -> HTMLResponse:
        with site.store() as s:
            a = data.get_alignment(s, aid)
            if a is None:
                raise HTTPException(404, "no such alignment")
            docs = data.get_documents(s, [a["source_doc"], a["target_doc"]])
        src, tgt = docs.get(a["source_doc"]), docs.get(a["target_doc"])
        if src is None or tgt is None:
            raise HTTPException(404, "no such alignment")
        view = data.joined_runs(side_by_side(
            src["text"], (a["source_start"], a["source_end"]), tgt["text"], (a["target_start"], a["target_end"]), 400
        ))
        view["a"]["language"] = side_language(src["language"], src["languages"], src["text"][a["source_start"] : a["source_end"]])
        view["b"]["language"] = side_language(tgt["language"], tgt["languages"], tgt["text"][a["target_start"] : a["target_end"]])
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
        csrf_token: Annotated[str, Form(alias=TOKEN_FIELD, max_length=100)] = "",
    ) -> HTMLResponse:
        site.require_token(request, csrf_token)
        upload_error = None
        if file is not None and file.filename:
            content, filename = await file.read(), file.filename
            try:
                text = await site.off_loop(lambda: _text_of_upload(filename, content))
            except InputError as exc:
                upload_error = exc.reason
        text = text.replace("\r\n", "\n")  # browsers send textarea lines as CRLF; show what was pasted
        if upload_error or not text.strip():
            message = upload_error or "paste some text or choose a file"
            return site.render(request, "check.html", status=422, text=text, result=None, message=message)
        result, view = await site.run_check(text, "page")
        shown_as = await site.off_loop(lambda: site.shown_as([m.doc for m in result.matches]))
        return site.render(request, "check.html", text=text, result=result, view=view, shown_as=shown_as)

    @app.post("/check/add", include_in_schema=False)
    async def add_page(
        request: Request,
        text: Annotated[str, Form(min_length=1, max_length=1_000_000)],
        csrf_token: Annotated[str, Form(alias=TOKEN_FIELD, max_length=100)] = "",
    ) -> Response:
        site.require_token(request, csrf_token)
        doc_id = await site.off_loop(lambda: site.add(text, None))
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
        q: Search = None, limit: Limit = PAGE, offset: Offset = 0, language: Language = None, mixed: Mixed = False
    ) -> dict[str, Any]:
        """Documents (without text), newest first; ``q`` searches title, outlet, author, path and
        text; ``language`` keeps those written wholly or partly in one language (``fa`` also an
        English text holding a Persian passage; ``und``: not told); ``mixed`` keeps those
        written in two languages or more."""
        with site.store() as s:
            rows, total = data.list_documents(s, q, limit, offset, language, mixed)
        return _page(rows, total, limit, offset)

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def api_document(doc_id: Annotated[str, Id], limit: Limit = PAGE, offset: Offset = 0) -> dict[str, Any]:
        """One document with its text and a page of the reused passages it takes part in
        (``passages_total`` in all)."""
        with site.store() as s:
            doc = data.get_document(s, doc_id)
            if doc is None:
                raise HTTPException(404, "no such document")
            aligned = data.document_alignments(s, doc_id)
        shown, total = data.page_of(aligned, limit, offset)
        doc["passages"] = [{**data.alignment_json(a), "role": a["role"], "other": a["other_id"]} for a in shown]
        doc.update(passages_total=total, limit=limit, offset=offset)
        return doc

    @app.post("/api/documents", tags=["documents"], status_code=201)
    async def api_add(request: Request, body: AddRequest) -> dict[str, Any]:
        """Add an article (403 unless the app was started with --allow-add; a client that sends
        no Origin sends the token of ``/api/token`` as X-CSRF-Token)."""
        site.require_token(request)
        return {"id": await site.off_loop(lambda: site.add(body.text, body.name))}

    @app.get("/api/token", tags=["documents"])
    def api_token() -> dict[str, str]:
        """The token a request that sends no Origin header needs to change the store (as
        X-CSRF-Token); other sites cannot read it."""
        return {"csrf_token": site.token}


def _narrative_api(app: FastAPI, site: _Site) -> None:
    @app.get("/api/narratives", tags=["narratives"])
    def api_narratives(limit: Limit = PAGE, offset: Offset = 0) -> dict[str, Any]:
        """Narratives ranked by spread (documents, then outlets)."""
        with site.store() as s:
            rows, total = data.list_narratives(s, limit, offset)
        return _page(rows, total, limit, offset)

    @app.get("/api/narratives/{narrative_id}", tags=["narratives"])
    def api_narrative(narrative_id: Annotated[str, Id], limit: Limit = PAGE, offset: Offset = 0) -> dict[str, Any]:
        """One narrative with a page of its members (``members_total`` in all)."""
        with site.store() as s:
            n = data.get_narrative(s, narrative_id)
        if n is None:
            raise HTTPException(404, "no such narrative")
        n["members"], total = data.page_of(n["members"], limit, offset)
        n.update(members_total=total, limit=limit, offset=offset)
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
            add_side_languages(s, rows)
        return _page([data.alignment_json(r) for r in rows], total, limit, offset)

    @app.get("/api/alignments/{aid}", tags=["alignments"])
    def api_alignment(aid: Annotated[str, Id]) -> dict[str, Any]:
        """One reused passage by id (``source:start:target:start``)."""
        with site.store() as s:
            a = data.get_alignment(s, aid)
            if a is not None:
                add_side_languages(s, [a])
        if a is None:
            raise HTTPException(404, "no such alignment")
        return data.alignment_json(a)


def _check_api(app: FastAPI, site: _Site) -> None:
    @app.post("/api/check", tags=["check"])
    async def api_check(body: CheckRequest) -> dict[str, Any]:
        """Which stored documents the text reuses, and where; the store is not changed.  A JSON
        body only (other sites' forms cannot send one)."""
        return dict(await site.run_check(body.text, "api"))


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
