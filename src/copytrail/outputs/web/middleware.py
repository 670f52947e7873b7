"""The web app's outer layers: what a request must be before any route sees it, and the headers
every answer carries.

The app runs on the user's own machine and shows their whole store, so it must not be reachable
from other web sites through the user's browser:

* :class:`HostAllowList` refuses a request whose ``Host`` is not one the server answers to (a
  page using DNS rebinding reaches 127.0.0.1 under its own name, which this refuses);
* :class:`SameOrigin` refuses a state-changing request sent from another site (its ``Origin``
  or ``Referer`` names another host) and marks one that names no site at all, which then needs
  the app's form token (:data:`NO_ORIGIN_KEY`);
* :class:`RequestLimits` caps the length of the path and the query string;
* :class:`BodyLimit` caps request bodies, with or without ``Content-Length``;
* :class:`SecurityHeaders` adds a strict policy (no scripts, no framing, no referrer to other sites) to every
  answer, errors included, and turns an unexpected error into a short answer with them.

Plain ASGI layers, so that errors raised while a body is read pass through unchanged.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("copytrail.outputs.web")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_PATH_BYTES = 2048
MAX_QUERY_BYTES = 4096
NO_ORIGIN_KEY = "copytrail.no_origin"  # in the request's scope: no Origin or Referer was sent


async def _answer(send: Send, status: int, error: str, detail: str, headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    """A short JSON answer sent by a layer (the routes' own errors are shaped by the app)."""
    body = json.dumps({"error": error, "detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def host_name(host: str) -> str:
    """The name in a ``Host`` value or an allowed host, without port or IPv6 brackets, lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


class HostAllowList:
    """Answer only requests addressed to an allowed host name (any port): loopback names, the
    address the server is bound to, and any the user adds; refuse others with 400."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(host_name(h) for h in allowed if h)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = _header(scope, b"host")
            if host is None or host_name(host) not in self.allowed:
                await _answer(send, 400, "bad_host", "this server does not answer to that host name")
                return
        await self.app(scope, receive, send)


def same_site(value: str, host: str) -> bool:
    """Whether an ``Origin`` or ``Referer`` value names this very server (``host`` as sent)."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.strip().lower()


class SameOrigin:
    """Refuse a state-changing request (any method but GET, HEAD, OPTIONS) whose ``Origin``,
    or else ``Referer``, names another site (403).  One that names neither is let through
    marked :data:`NO_ORIGIN_KEY`: the routes that change something or do heavy work then ask
    for the app's token (see ``app._Site.require_token``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            host = _header(scope, b"host") or ""
            origin = _header(scope, b"origin")
            referer = _header(scope, b"referer")
            sent = origin if origin is not None else referer
            if sent is None:
                scope.setdefault("state", {})[NO_ORIGIN_KEY] = True
            elif not same_site(sent, host):
                await _answer(send, 403, "forbidden", "cross-site request refused: it comes from another site")
                return
        await self.app(scope, receive, send)


class RequestLimits:
    """Refuse a path over ``MAX_PATH_BYTES`` or a query string over ``MAX_QUERY_BYTES`` (414)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            len(scope.get("raw_path") or scope["path"].encode()) > MAX_PATH_BYTES
            or len(scope.get("query_string") or b"") > MAX_QUERY_BYTES
        ):
            await _answer(send, 414, "uri_too_long", f"path or query string too long (at most {MAX_QUERY_BYTES} bytes)")
            return
        await self.app(scope, receive, send)


class _TooLarge(StarletteHTTPException):
    """Raised while reading an over-long body; an HTTPException so FastAPI passes it through."""

    def __init__(self) -> None:
        super().__init__(413, "request body too large")


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, whether or not Content-Length is sent."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        await _answer(
            send, 413, "request_too_large", f"request body larger than {self.max_bytes} bytes", [(b"connection", b"close")]
        )


_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    # not no-referrer: under it a browser sends "Origin: null" with the app's own forms, which
    # could then not be told from another site's; same-origin still tells other sites nothing
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

# Builds the answer to an unexpected error: (status, headers, body) from the request's scope.
ErrorPage = Callable[[Scope], tuple[int, list[tuple[bytes, bytes]], bytes]]


class SecurityHeaders:
    """Strict headers on every response: no scripts at all, no framing, no referrer to other sites.  The
    outermost layer, so that the refusals of the layers inside carry them too; an unexpected
    error below becomes ``error_page``'s short answer here (Starlette's own last-resort
    handler sits outside every layer and would send it without them)."""

    def __init__(self, app: ASGIApp, error_page: ErrorPage) -> None:
        self.app = app
        self.error_page = error_page
        self.headers = [(k.lower().encode(), v.encode()) for k, v in _SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.headers if h[0] not in present)]
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            log.exception("unexpected error on %s", scope.get("path"))
            if started:
                raise
            status, headers, body = self.error_page(scope)
            await with_headers({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
