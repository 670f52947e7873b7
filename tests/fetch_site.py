"""A small web site served on 127.0.0.1 for the fetch tests and benchmark: articles with a
planted copied passage, robots.txt, sitemaps (an index, a gzipped one), RSS and Atom feeds,
redirects and a loop, errors with Retry-After, a slow page, an oversized page, a PDF and a
page in cp1251 that declares its charset only in ``<meta>``.  Every text is our own writing.

It serves plain ``http.server`` handlers in threads: a real server over real sockets, never
an outside address.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PLANTED = (
    "The harbour board of Kestrel Bay voted on Tuesday to close the old grain pier for the winter, "
    "after divers found that three of its timber piles had rotted through below the waterline. "
    "Fishing crews who tie up at the pier will be moved to the eastern mole until repairs are "
    "finished, which the board expects to take until the end of April. The chair of the board said "
    "that the cost of the work had not yet been settled, but that the first estimate ran to nearly "
    "four hundred thousand pounds, most of it for timber and for a barge crane hired from the mainland."
)
OTHER = (
    "Volunteers at the Millbrook community orchard pressed more than two thousand litres of apple "
    "juice this autumn, a record for the small group that began planting on the old railway land "
    "eleven years ago. Their secretary said the dry summer had kept the fruit sweet and free of "
    "scab, and that the surplus would be sold at the winter market to pay for new fencing and a "
    "second press that can be carried between the village halls."
)
CYRILLIC = (
    "Городской совет утвердил план ремонта старого моста через реку. Работы начнутся весной и "
    "продлятся до конца лета, а движение транспорта на это время будет перенаправлено."
)
PUBLISHED = "2024-03-01T08:00:00+00:00"


def article(title: str, body: str, *, published: str | None = None, nav: str = "Home · News · Sport") -> str:
    """An HTML page with navigation around the article; dated in its metadata when asked."""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title>{meta}</head>"
        f"<body><nav>{nav}</nav><article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Contact the desk · Subscribe</footer></body></html>"
    )


def numbered_page(n: int) -> str:
    """Page ``n`` of the many-pages part (resume and benchmark): distinct text each."""
    words = " ".join(f"item{n}x{i}" for i in range(60))
    return article(f"Notice number {n}", f"Notice {n} of the parish list. {words}.")


def _sitemap(urls: list[str]) -> bytes:
    items = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>'.encode()


@dataclass
class Site:
    """The served site: its base URL, and what it was asked for."""

    base: str = ""
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)
    counts: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    slow_seconds: float = 3.0
    page_delay: float = 0.0  # seconds each /pages/N.html takes to answer
    robots_status: int = 200  # what /robots.txt answers (a 5xx: the host forbids all)
    in_flight: int = 0  # /pages/N.html requests being answered now
    most_in_flight: int = 0

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.requests]


def _routes(site: Site) -> dict[str, tuple[int, dict[str, str], bytes]]:
    """Fixed answers by path: (status, headers, body)."""
    html = {"Content-Type": "text/html; charset=utf-8"}
    xml = {"Content-Type": "application/xml"}
    u = site.url
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/articles/original.html": (200, html, article("Grain pier to close", PLANTED + "\n\n" + OTHER[:120], published=PUBLISHED).encode()),
        "/articles/copy-undated.html": (200, html, article("Pier closes for winter", "Reported by our desk.\n\n" + PLANTED, nav="Front · Local").encode()),
        "/articles/copy-dated.html": (200, html, article("Bay pier shut", PLANTED, published="2024-03-02T10:30:00+00:00").encode()),
        "/articles/orchard.html": (200, html, article("Orchard record", OTHER).encode()),
        "/private/secret.html": (200, html, article("Private", PLANTED).encode()),
        "/sitemap_index.xml": (200, xml, (
            '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{u('/sitemaps/news.xml.gz')}</loc></sitemap>"
            f"<sitemap><loc>{u('/sitemaps/more.xml')}</loc></sitemap></sitemapindex>"
        ).encode()),
        "/sitemaps/news.xml.gz": (200, {"Content-Type": "application/x-gzip"}, gzip.compress(_sitemap(
            [u("/articles/original.html"), u("/articles/copy-dated.html#comments")]
        ))),
        "/sitemaps/more.xml": (200, xml, _sitemap([u("/articles/orchard.html"), u("/private/secret.html")])),
        "/feeds/rss.xml": (200, {"Content-Type": "application/rss+xml"}, (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Bay news</title>'
            f"<item><title>Pier</title><link>{u('/articles/copy-undated.html?utm_source=rss&amp;utm_medium=feed')}</link></item>"
            f"<item><title>Orchard</title><guid isPermaLink=\"true\">{u('/articles/orchard.html')}</guid></item>"
            "</channel></rss>"
        ).encode()),
        "/feeds/atom.xml": (200, {"Content-Type": "application/atom+xml"}, (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Bay</title>'
            f'<entry><title>Original</title><link rel="alternate" href="{u("/articles/original.html")}"/>'
            f'<link rel="edit" href="{u("/edit/1")}"/></entry>'
            f'<entry><title>Cyrillic</title><link href="{u("/cyrillic.html")}"/></entry></feed>'
        ).encode()),
        "/redirect/one": (301, {"Location": "/redirect/two"}, b""),
        "/redirect/two": (302, {"Location": u("/articles/copy-dated.html")}, b""),
        "/loop/a": (302, {"Location": "/loop/b"}, b""),
        "/loop/b": (302, {"Location": "/loop/a"}, b""),
        "/missing": (404, html, b"<html><body>Not here</body></html>"),
        "/down": (503, {"Retry-After": "0", "Content-Type": "text/plain"}, b"down for maintenance"),
        "/bad-gzip": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, b"this is not gzip data at all"),
        "/report.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n" + b"0" * 5000),
        "/big": (200, html, b"<html><body>" + b"x" * (2 << 20) + b"</body></html>"),
        "/cyrillic.html": (200, {"Content-Type": "text/html"}, (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
            f"<title>Мост</title></head><body><article><h1>Ремонт моста</h1><p>{CYRILLIC}</p><p>{CYRILLIC}</p></article></body></html>"
        ).encode("cp1251")),
    }  # fmt: skip
    return routes


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}  # made on the first request, once the port is known

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return None

        def _send(self, status: int, headers: dict[str, str], body: bytes, *, length: bool = True) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if length:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            path = self.path
            with site.lock:
                site.requests.append((path, self.headers.get("User-Agent", "")))
                site.counts[path] += 1
                seen = site.counts[path]
            bare = path.split("?", 1)[0]
            with site.lock:
                if not routes:
                    routes.update(_routes(site))
            if bare == "/robots.txt" and site.robots_status != 200:
                self._send(int(site.robots_status), {"Content-Type": "text/plain"}, b"unavailable")
            elif bare in routes:
                self._send(*routes[bare])
            elif bare == "/busy":  # 429 twice (Retry-After in seconds), then the page
                if seen <= 2:
                    self._send(429, {"Retry-After": "0"}, b"slow down")
                else:
                    self._send(200, {"Content-Type": "text/html"}, article("Busy page", OTHER).encode())
            elif bare == "/busy-long":  # 429 asking for an hour
                self._send(429, {"Retry-After": "3600"}, b"come back in an hour")
            elif bare == "/busy-second":  # 429 asking for one second, once
                if seen <= 1:
                    self._send(429, {"Retry-After": "1"}, b"one moment")
                else:
                    self._send(200, {"Content-Type": "text/html"}, article("Patient page", OTHER).encode())
            elif bare == "/flaky":  # 500 once (Retry-After as an HTTP date in the past), then the page
                if seen <= 1:
                    self._send(500, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, b"oops")
                else:
                    self._send(200, {"Content-Type": "text/html"}, article("Flaky page", OTHER).encode())
            elif bare == "/slow":
                time.sleep(site.slow_seconds)
                self._send(200, {"Content-Type": "text/html"}, b"<html>late</html>")
            elif bare == "/trickle":  # an answer that never stops coming, a few bytes at a time
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Connection", "close")
                self.end_headers()
                with suppress(BrokenPipeError, ConnectionResetError):
                    for _ in range(200):
                        self.wfile.write(b"<p>")
                        self.wfile.flush()
                        time.sleep(0.05)
                self.close_connection = True
            elif bare == "/big-stream":  # no Content-Length: read until the connection closes
                self._send(200, {"Content-Type": "text/html"}, b"<html><body>" + b"y" * (2 << 20), length=False)
            elif bare.startswith("/pages/") and bare.endswith(".html"):
                with site.lock:
                    site.in_flight += 1
                    site.most_in_flight = max(site.most_in_flight, site.in_flight)
                if site.page_delay:
                    time.sleep(site.page_delay)
                with site.lock:
                    site.in_flight -= 1
                n = int(bare[len("/pages/") : -len(".html")])
                self._send(200, {"Content-Type": "text/html; charset=utf-8"}, numbered_page(n).encode())
            else:
                self._send(404, {"Content-Type": "text/plain"}, b"no such page")

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up (a timeout, a size cap) is expected here: no traceback."""


@contextmanager
def serve_site(address: str = "127.0.0.1", **options: float) -> Iterator[Site]:
    """The site on a free port of ``address`` (a loopback address: 127.0.0.1, or another of
    127.0.0.0/8 to stand for a second host) for the duration of the block."""
    if not address.startswith("127."):
        raise ValueError("the test site serves loopback addresses only")
    site = Site(**options)  # type: ignore[arg-type]
    server = _QuietServer((address, 0), _handler(site))
    site.base = f"http://{address}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
