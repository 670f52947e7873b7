"""How politely and how patiently copytrail fetches: one frozen record, defaults for a crawl
that site owners would accept (one request at a time per host, a second apart)."""

from __future__ import annotations

from dataclasses import dataclass

from copytrail import __version__


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Politeness, patience and limits of a fetch.

    ``contact`` (an e-mail address or a web page) goes in the User-Agent, so that a site owner
    can reach whoever runs the crawl.  ``obey_robots`` False fetches what robots.txt forbids:
    only for pages the user has the right to archive, and it is logged.
    """

    contact: str | None = None
    obey_robots: bool = True
    host_delay: float = 1.0  # seconds between the starts of two requests to one host
    per_host: int = 1  # requests in flight to one host at once
    concurrency: int = 8  # requests in flight in all
    timeout: float = 20.0  # seconds to connect, and between two chunks of an answer
    total_timeout: float = 60.0  # seconds for a whole answer, however it trickles
    retries: int = 3  # further tries after a 429, a 5xx, a timeout or a lost connection
    backoff: float = 1.0  # wait before the first retry, doubled each time
    max_wait: float = 120.0  # longest wait for a retry (Retry-After included); longer fails
    max_redirects: int = 10
    max_bytes: int = 10 * 1024 * 1024  # per answer; a larger one fails, nothing of it kept
    max_listed: int = 100_000  # URLs taken from sitemaps and feeds
    max_sitemap_depth: int = 3  # sitemap indexes followed inside one another

    @property
    def user_agent(self) -> str:
        """``copytrail/0.1.0 (+contact)``: names the tool, its version and whom to ask."""
        contact = (self.contact or "").strip() or "no contact given"
        return f"copytrail/{__version__} (+{contact}; archiving for text-reuse research)"

    def problems(self) -> list[str]:
        """What is wrong with these values, in words (empty when they can work)."""
        out = []
        for name in ("per_host", "concurrency", "max_bytes", "max_listed"):
            if getattr(self, name) < 1:
                out.append(f"{name} must be at least 1")
        for name in ("host_delay", "backoff", "max_wait", "retries", "max_redirects", "max_sitemap_depth"):
            if getattr(self, name) < 0:
                out.append(f"{name} must not be negative")
        for name in ("timeout", "total_timeout"):
            if getattr(self, name) <= 0:
                out.append(f"{name} must be positive")
        if self.contact and any(ch in self.contact for ch in "\r\n\x00"):
            out.append("contact must be one line")
        return out
