"""What an HTTP answer means for the crawl: keep it, skip it, retry it, or follow it.

Pure decisions over status codes and headers, so the engine that drives the network holds
no rules of its own and each rule is tested without a server.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime

from copytrail.stages.ingest.decode import known_codec, sniff_html_charset

# Content types kept as pages: what the ingest stage reads from a WARC, and plain text.
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\"';\s]+)", re.IGNORECASE)


def media_type(content_type: str | None) -> str:
    """``text/html`` of ``text/HTML; charset=utf-8``; empty when none was sent."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_page(content_type: str | None) -> bool:
    """Whether an answer of this type is archived as a page (HTML or text).  A missing type
    counts as a page: servers that send none mostly serve HTML, and ingest sniffs it."""
    kind = media_type(content_type)
    return not kind or kind in PAGE_TYPES


def declared_charset(content_type: str | None) -> str | None:
    """The codec a ``Content-Type`` header names, when Python knows it."""
    match = _CHARSET.search(content_type or "")
    return known_codec(match.group(1)) if match else None


def page_charset(content_type: str | None, body: bytes) -> str | None:
    """The charset of a page: the header's, else the one its ``<meta>`` declares (the
    same order the ingest stage decodes a WARC response in)."""
    return declared_charset(content_type) or sniff_html_charset(body)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delay-seconds or an HTTP date), None
    when absent or unreadable; a date in the past means 0."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(attempt: int, base: float, cap: float) -> float:
    """Wait before retry number ``attempt`` (1, 2, …): ``base`` doubled each time, at most ``cap``."""
    return min(cap, base * (2 ** max(0, attempt - 1)))


def status_reason(status: int) -> str:
    """A failed answer in words: ``HTTP 404 (not found)``."""
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(status).phrase.lower()
    except ValueError:
        return f"HTTP {status}"
    return f"HTTP {status} ({phrase})"


def size_words(size: int) -> str:
    """A byte count as people read it (10 MiB, 512 KiB, 300 bytes)."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"
