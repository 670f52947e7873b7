"""The fetch engine: drives the network politely and writes what it gets to a WARC file.

The decisions (which URL, which rule, which answer to keep or retry) are the fetch stage's
pure functions (``copytrail.stages.fetch``); this module only schedules them.  One asyncio
loop runs every request through one httpx client.  Each host gets its own queue, worked by
``per_host`` tasks that take turns ``host_delay`` apart (or the robots.txt ``Crawl-delay``,
when longer); ``concurrency`` bounds the requests in flight in all.  A host that answers 429
or 5xx holds its queue while the retry waits, so it is not pressed harder meanwhile.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import httpx

from copytrail.engines.fetch_archive import (
    FAILED,
    FETCHED,
    SKIPPED,
    ArchiveWriter,
    Exchange,
    cut_incomplete_tail,
    read_archive,
)
from copytrail.engines.reporting import Progress, ScanResult
from copytrail.errors import UsageError
from copytrail.stages.fetch.listings import ListingError, parse_listing
from copytrail.stages.fetch.responses import (
    REDIRECT_STATUSES,
    RETRY_STATUSES,
    backoff_seconds,
    is_page,
    media_type,
    page_charset,
    retry_after_seconds,
    size_words,
    status_reason,
)
from copytrail.stages.fetch.robots import ALLOW_ALL, RobotsRules, rules_for_status
from copytrail.stages.fetch.settings import FetchSettings
from copytrail.stages.fetch.urls import (
    NotFetchable,
    host_of,
    normalise_url,
    path_and_query,
    unique_urls,
)

Notice = Callable[[str], None]

ROBOTS_FORBID = "forbidden by robots.txt"
ALREADY_ARCHIVED = "already in the WARC file (--resume)"
SAME_PAGE = "redirects to a page archived under its own URL:"


@dataclass(frozen=True, slots=True)
class FetchProblem:
    """A URL that was not archived as a page, and why, in words."""

    url: str
    reason: str

    def message(self) -> str:
        return f"{self.url}: {self.reason}"


@dataclass
class FetchResult:
    """What one fetch did, for the summary and for callers."""

    output: str
    fetched: list[str] = field(default_factory=list)  # requested URLs archived as pages
    failed: list[FetchProblem] = field(default_factory=list)
    skipped: list[FetchProblem] = field(default_factory=list)  # robots.txt, content type, already archived
    listed: int = 0  # URLs taken from sitemaps and feeds
    duplicates: int = 0  # links given again (same page after normalisation): fetched once
    bytes_received: int = 0
    requests: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # what the user should know (robots ignored, tail cut)
    scan: ScanResult | None = None  # the scan of the WARC file into a store, when asked for

    @property
    def pages_per_second(self) -> float:
        return len(self.fetched) / self.seconds if self.seconds > 0 else 0.0

    @staticmethod
    def reasons(problems: list[FetchProblem]) -> dict[str, int]:
        """How many problems have each reason: an HTTP status in full, other reasons by
        their words before any parenthesis (``timed out``, ``redirect loop``)."""
        counts: dict[str, int] = {}
        for problem in problems:
            key = problem.reason if problem.reason.startswith("HTTP") else problem.reason.split(" (", 1)[0]
            counts[key] = counts.get(key, 0) + 1
        return counts


class _Failure(Exception):
    """A URL given up on; ``str()`` is the reason, ``chain`` the exchanges made before."""

    def __init__(self, reason: str, chain: list[Exchange] | None = None) -> None:
        super().__init__(reason)
        self.chain = chain or []


@dataclass(slots=True)
class _Host:
    """One host's queue, turn-taking and robots rules."""

    slots: asyncio.Semaphore
    delay: float
    queue: deque[str] = field(default_factory=deque)
    next_start: float = 0.0
    robots: RobotsRules | None = None
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def wait_turn(self) -> None:
        """Sleep until this host may be sent the next request, and book the one after."""
        now = time.monotonic()
        start = max(now, self.next_start)
        self.next_start = start + self.delay
        if start > now:
            await asyncio.sleep(start - now)

    def hold(self, seconds: float) -> None:
        """No request to this host for ``seconds`` (it asked to be left alone a while)."""
        self.next_start = max(self.next_start, time.monotonic() + seconds)


def fetch_to_warc(
    urls: list[str],
    output: str | Path,
    settings: FetchSettings | None = None,
    *,
    sitemaps: list[str] | None = None,
    feeds: list[str] | None = None,
    resume: bool = False,
    progress: Progress | None = None,
    notice: Notice | None = None,
) -> FetchResult:
    """Fetch pages (given, and listed by sitemaps and feeds) into the WARC file ``output``.

    Without ``resume`` an existing file is refused (never overwritten); with it, an incomplete
    last record is cut off, URLs the file already answers are skipped, and the rest is appended.
    """
    settings = settings or FetchSettings()
    problems = settings.problems()
    if problems:
        raise UsageError("; ".join(problems))
    path = Path(output)
    if not path.name.lower().endswith((".warc", ".warc.gz")):
        raise UsageError(f"{output}: the output must be a .warc.gz (or .warc) file")
    if path.exists() and path.is_dir():
        raise UsageError(f"{output}: is a folder, not a WARC file")
    if path.exists() and not resume:
        raise UsageError(f"{output}: already exists; resume to add to it (--resume), or remove it first")
    result = FetchResult(str(path))

    def say(line: str) -> None:
        result.notes.append(line)
        if notice is not None:
            notice(line)

    done: set[str] = set()
    if resume and path.exists():
        state = read_archive(path)
        cut = cut_incomplete_tail(path, state)
        if cut:
            say(f"{path}: removed {size_words(cut)} of an incomplete record at the end (a run was cut off)")
        done = state.done
    if not settings.obey_robots:
        say("robots.txt is not consulted (--ignore-robots): archive only pages you have the right to")
    info = {
        "http-header-user-agent": settings.user_agent,
        "robots": "obey" if settings.obey_robots else "ignore",
        "format": "WARC File Format 1.0",
    }
    started = time.monotonic()
    writer = ArchiveWriter(path, append=resume and path.exists(), info=info)
    try:
        asyncio.run(_Crawl(settings, writer, result, done, progress, say).run(urls, sitemaps or [], feeds or []))
    finally:
        writer.close()
        result.seconds = time.monotonic() - started
    return result


class _Crawl:
    """One run: the client, the hosts, and the result being filled in."""

    def __init__(
        self, settings: FetchSettings, writer: ArchiveWriter, result: FetchResult,
        done: set[str], progress: Progress | None, notice: Notice,
    ) -> None:  # fmt: skip
        self.settings = settings
        self.writer = writer
        self.result = result
        self.done = done
        self.progress = progress
        self.notice = notice
        self.hosts: dict[str, _Host] = {}
        self.in_flight = asyncio.Semaphore(settings.concurrency)
        self.finished = 0
        self.claimed: set[str] = set(done)  # pages fetched or to be fetched: a redirect to one is not followed
        self.total = 0

    async def run(self, urls: list[str], sitemaps: list[str], feeds: list[str]) -> None:
        limits = httpx.Limits(max_connections=self.settings.concurrency, max_keepalive_connections=self.settings.concurrency)
        timeout = httpx.Timeout(self.settings.timeout)
        headers = {"User-Agent": self.settings.user_agent}
        async with httpx.AsyncClient(headers=headers, timeout=timeout, limits=limits, trust_env=False) as client:
            self.client = client
            listed = await self._expand(sitemaps, feeds)
            self.result.listed = len(listed)
            pages, refused = unique_urls([*urls, *listed])
            self.result.duplicates = len(urls) + len(listed) - len(pages) - len(refused)
            for link, why in refused:
                self.result.failed.append(_problem(link, why))
            self.claimed.update(pages)
            for url in pages:
                if url in self.done:
                    self.result.skipped.append(FetchProblem(url, ALREADY_ARCHIVED))
                else:
                    self._host(url).queue.append(url)
            self.total = sum(len(h.queue) for h in self.hosts.values())
            self._report()
            workers = [
                self._work(host) for host in self.hosts.values() for _ in range(min(self.settings.per_host, len(host.queue)))
            ]
            await asyncio.gather(*workers)

    def _host(self, url: str) -> _Host:
        key = host_of(url)
        if key not in self.hosts:
            self.hosts[key] = _Host(asyncio.Semaphore(self.settings.per_host), self.settings.host_delay)
        return self.hosts[key]

    def _report(self) -> None:
        if self.progress is not None:
            self.progress("fetching", self.finished, self.total)

    async def _work(self, host: _Host) -> None:
        while host.queue:
            url = host.queue.popleft()
            await self._page(url)
            self.finished += 1
            self._report()

    async def _page(self, url: str) -> None:
        """Fetch one page (following redirects), archive it and record its outcome."""
        fetched_at = datetime.now(UTC)
        chain: list[Exchange] = []
        outcome, reason = FAILED, ""
        try:
            chain = await self._follow(url)
            final = chain[-1]
            if not 200 <= final.status < 300:
                reason = status_reason(final.status) + (f" after {final.tries} tries" if final.tries > 1 else "")
            elif not final.body_read:
                outcome, reason = SKIPPED, f"not HTML or text ({media_type(_header(final, 'content-type')) or 'no content type'})"
            else:
                outcome = FETCHED
        except _Failure as exc:
            reason, chain = str(exc), exc.chain
            outcome = SKIPPED if reason.startswith((ROBOTS_FORBID, SAME_PAGE)) else FAILED
        except Exception as exc:  # one page's surprise must not end the crawl: it fails alone
            reason = f"unexpected error ({type(exc).__name__}: {_detail(exc)})"
        response_id = self._archive(chain)
        final_url = chain[-1].url if chain else None
        charset = page_charset(_header(chain[-1], "content-type"), chain[-1].body) if outcome == FETCHED else None
        self.writer.write_outcome(
            url, outcome, reason, fetched_at, final_url=final_url, concurrent_to=response_id, charset=charset
        )
        if outcome == FETCHED:
            self.result.fetched.append(url)
        elif outcome == SKIPPED:
            self.result.skipped.append(FetchProblem(url, reason))
        else:
            self.result.failed.append(FetchProblem(url, reason))

    async def _follow(self, url: str, whole: bool = False) -> list[Exchange]:
        """The exchanges from ``url`` to its last redirect's target; loops and overlong
        chains fail, and each target must be allowed by its host's robots.txt.  ``whole``:
        read the body whatever its type (a sitemap or feed)."""
        chain: list[Exchange] = []
        seen = [url]
        current = url
        for _ in range(self.settings.max_redirects + 1):
            host = self._host(current)
            rules = await self._robots(host, current)
            if rules.disallow_all:  # no robots.txt to be had: RFC 9309 asks to fetch nothing
                raise _Failure(f"{rules.why}: nothing is fetched from this host until it can be read", chain)
            if not rules.allows(path_and_query(current)):
                where = "" if current == url else f" (redirected to {current})"
                raise _Failure(f"{ROBOTS_FORBID}{where}", chain)
            try:
                exchange = await self._with_retries(host, current, whole)
            except _Failure as exc:
                raise _Failure(str(exc), chain) from exc
            chain.append(exchange)
            if exchange.status not in REDIRECT_STATUSES:
                return chain
            location = _header(exchange, "location")
            if not location:
                raise _Failure(f"{status_reason(exchange.status)} without a Location header", chain)
            try:
                target = normalise_url(urljoin(current, location))
            except NotFetchable as exc:
                raise _Failure(f"redirected to a URL that cannot be fetched: {exc}", chain) from exc
            if target in seen:
                raise _Failure(f"redirect loop ({' → '.join([*seen[seen.index(target):], target])})", chain)
            if not whole and target in self.claimed:
                raise _Failure(f"{SAME_PAGE} {target}", chain)
            seen.append(target)
            current = target
        raise _Failure(f"more than {self.settings.max_redirects} redirects (max_redirects)", chain)

    async def _robots(self, host: _Host, url: str) -> RobotsRules:
        """The host's robots.txt rules, fetched once (and archived) on first need."""
        if not self.settings.obey_robots:
            return ALLOW_ALL
        async with host.robots_lock:
            if host.robots is None:
                host.robots = await self._fetch_robots(host, host_of(url) + "/robots.txt")
                if host.robots.crawl_delay:
                    host.delay = max(host.delay, min(host.robots.crawl_delay, self.settings.max_wait))
                if host.robots.disallow_all:
                    self.notice(f"{host_of(url)}: nothing fetched from this host: {host.robots.why}")
        return host.robots

    async def _fetch_robots(self, host: _Host, url: str) -> RobotsRules:
        current = url
        try:
            for _ in range(5):  # RFC 9309: follow at least five redirects
                exchange = await self._with_retries(host, current, whole=True)
                if exchange.body_read:
                    self.writer.write_exchange(exchange)
                location = _header(exchange, "location")
                if exchange.status in REDIRECT_STATUSES and location:
                    current = urljoin(current, location)
                    continue
                text = exchange.body.decode("utf-8", "replace") if exchange.body_read else ""
                return rules_for_status(exchange.status, text)
        except _Failure as exc:
            return rules_for_status(None, why=f"robots.txt unreachable ({exc})")
        return rules_for_status(None, why="robots.txt redirected more than 5 times")

    async def _with_retries(self, host: _Host, url: str, whole: bool = False) -> Exchange:
        """One request, tried again after a 429, a 5xx, a timeout or a lost connection
        (waiting as Retry-After asks, else backing off); the last answer or failure stands."""
        attempt = 0
        while True:
            attempt += 1
            async with host.slots:
                await host.wait_turn()
                failure: str | None = None
                try:
                    async with self.in_flight:
                        exchange = await self._request(url, whole)
                except _Failure as exc:
                    failure = str(exc)
                    if not failure.startswith(("timed out", "connection")):
                        raise
                    wait = backoff_seconds(attempt, self.settings.backoff, self.settings.max_wait)
                else:
                    if exchange.status not in RETRY_STATUSES:
                        return exchange
                    asked = retry_after_seconds(_header(exchange, "retry-after"))
                    if asked is not None and asked > self.settings.max_wait:
                        raise _Failure(
                            f"{status_reason(exchange.status)}, asked to retry after {asked:.0f} s "
                            f"(longer than max_wait, {self.settings.max_wait:.0f} s)"
                        )
                    wait = asked if asked is not None else backoff_seconds(attempt, self.settings.backoff, self.settings.max_wait)
                if attempt > self.settings.retries:
                    if failure is not None:
                        raise _Failure(f"{failure} after {attempt} tries" if attempt > 1 else failure)
                    exchange.tries = attempt
                    return exchange
                host.hold(wait)

    async def _request(self, url: str, whole: bool) -> Exchange:
        """One GET, its body read within the size and time limits (a body of a type that is
        no page is left unread)."""
        self.result.requests += 1
        started = datetime.now(UTC)
        request = self.client.build_request("GET", url)
        try:
            return await asyncio.wait_for(self._receive(request, url, started, whole), self.settings.total_timeout)
        except (TimeoutError, httpx.TimeoutException) as exc:
            if isinstance(exc, TimeoutError):
                raise _Failure(f"timed out (answer not complete within {self.settings.total_timeout:g} s)") from exc
            raise _Failure(f"timed out (nothing received for {self.settings.timeout:g} s)") from exc
        except httpx.TransportError as exc:
            raise _Failure(f"connection failed ({type(exc).__name__}: {_detail(exc)})") from exc
        except httpx.DecodingError as exc:
            raise _Failure(f"content cannot be decoded ({_detail(exc)})") from exc
        except httpx.HTTPError as exc:
            raise _Failure(f"request failed ({type(exc).__name__}: {_detail(exc)})") from exc

    async def _receive(self, request: httpx.Request, url: str, started: datetime, whole: bool) -> Exchange:
        response = await self.client.send(request, stream=True)
        try:
            exchange = Exchange(
                url, started, [(k, v) for k, v in request.headers.multi_items()],
                response.status_code, response.reason_phrase, response.http_version,
                [(k, v) for k, v in response.headers.multi_items()],
            )  # fmt: skip
            declared = response.headers.get("content-length", "")
            limit = self.settings.max_bytes
            if declared.isdigit() and int(declared) > limit:
                raise _Failure(f"response larger than {size_words(limit)} (max_bytes): {size_words(int(declared))} declared")
            if not whole and 200 <= response.status_code < 300 and not is_page(response.headers.get("content-type")):
                exchange.body_read = False
                return exchange
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > limit:
                    raise _Failure(f"response larger than {size_words(limit)} (max_bytes)")
            self.result.bytes_received += len(body)
            exchange.body = bytes(body)
            return exchange
        finally:
            await response.aclose()

    async def _expand(self, sitemaps: list[str], feeds: list[str]) -> list[str]:
        """The page URLs that sitemaps (with their indexes) and feeds list, each listing
        fetched politely and archived; an unreadable one is a failure, not an end."""
        pages: list[str] = []
        todo = deque((url, 0) for url in [*sitemaps, *feeds])
        seen: set[str] = set()
        while todo and len(pages) < self.settings.max_listed:
            link, depth = todo.popleft()
            try:
                url = normalise_url(link)
            except NotFetchable as exc:
                self.result.failed.append(_problem(link, str(exc)))
                continue
            if url in seen:
                continue
            seen.add(url)
            if self.progress is not None:
                self.progress("reading listings", len(seen), len(seen) + len(todo))
            try:
                listing = parse_listing(await self._listing_body(url), self.settings.max_bytes * 5)
            except (_Failure, ListingError) as exc:
                self.result.failed.append(FetchProblem(url, f"sitemap or feed: {exc}"))
                continue
            room = self.settings.max_listed - len(pages)
            if len(listing.pages) > room:
                self.notice(f"{url}: took {room} of its {len(listing.pages)} links: {self.settings.max_listed} in all is the limit (max_listed)")
            pages.extend(listing.pages[:room])
            if listing.sitemaps and depth >= self.settings.max_sitemap_depth:
                self.result.failed.append(FetchProblem(url, f"sitemap index nested deeper than {self.settings.max_sitemap_depth} (max_sitemap_depth): not followed"))
            elif listing.sitemaps:
                todo.extend((child, depth + 1) for child in listing.sitemaps)
        return pages

    async def _listing_body(self, url: str) -> bytes:
        try:
            chain = await self._follow(url, whole=True)
        except _Failure as exc:
            self._archive(exc.chain)
            raise
        self._archive(chain)
        final = chain[-1]
        if not 200 <= final.status < 300:
            raise _Failure(status_reason(final.status))
        if not final.body_read:
            raise _Failure(f"served as {media_type(_header(final, 'content-type'))}, not XML")
        return final.body

    def _archive(self, chain: list[Exchange]) -> str | None:
        """Write the exchanges whose body was read; returns the last response's record id."""
        response_id = None
        for exchange in chain:
            if exchange.body_read:
                response_id = self.writer.write_exchange(exchange)
        return response_id


def _detail(exc: BaseException) -> str:
    """An exception's message on one short line."""
    return " ".join(str(exc).split())[:160] or "no detail"


def _header(exchange: Exchange, name: str) -> str:
    wanted = name.lower()
    return next((value for key, value in exchange.response_headers if key.lower() == wanted), "")


def _problem(link: str, why: str) -> FetchProblem:
    from copytrail.stages.ingest.guard import shown_text

    return FetchProblem(shown_text(link, 200), why)
