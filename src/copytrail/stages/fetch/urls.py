"""URLs made comparable, so that each page is fetched once whatever form it was given in.

Two links to one page differ in ways that do not change the page: letter case of the scheme
and host, a default port, a ``#fragment`` (never sent to the server), percent-escapes of
letters that need none, ``./`` and ``../`` segments, and tracking parameters that campaign
tools append (``utm_source``, ``fbclid`` …).  :func:`normalise_url` removes exactly those and
keeps every other query parameter in its order: a site may well serve another page for
``?id=2&page=1`` than for ``?page=1&id=2``.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, quote, unquote, urlsplit, urlunsplit

# Query parameters that say who sent a reader, never which page to serve.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "vero_id",
        "oly_enc_id", "oly_anon_id", "rb_clickid", "s_cid", "ncid", "cmpid", "spm",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "ga_")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = "-._~"
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class NotFetchable(ValueError):
    """A link copytrail cannot fetch (another scheme, no host); ``str()`` says why."""


def is_tracking_parameter(name: str) -> bool:
    """Whether a query parameter only tracks where a reader came from."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def normalise_url(url: str) -> str:
    """The one form of a page's URL: http(s) only, lower-case scheme and host, no default
    port, no fragment, no tracking parameters, path dot-segments resolved, escapes of
    unreserved characters decoded and the rest in upper case.  Raises :class:`NotFetchable`."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise NotFetchable(f"not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise NotFetchable(f"not an http(s) URL ({scheme + ':' if scheme else 'no scheme'})")
    host = _host(parts)
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username is not None:
        raise NotFetchable("URL carries a user name or password")
    path = _remove_dot_segments(_clean_escapes(parts.path or "/", safe="/:@!$&'()*+,;="))
    query = _clean_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def _host(parts: SplitResult) -> str:
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise NotFetchable("URL has no host")
    if ":" in host:  # IPv6 literal
        return f"[{host}]"
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise NotFetchable(f"host name cannot be encoded ({exc})") from exc


def _clean_query(query: str) -> str:
    if not query:
        return ""
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        name = unquote(pair.split("=", 1)[0].replace("+", " "))
        if not is_tracking_parameter(name):
            kept.append(_clean_escapes(pair, safe="=&+:@!$'()*,;/?"))
    return "&".join(kept)


def _clean_escapes(text: str, safe: str) -> str:
    """Percent-escapes made canonical: unreserved characters decoded, the others upper case;
    characters that must be escaped (spaces, non-ASCII) escaped as UTF-8."""

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(0)[1:], 16))
        return char if char.isascii() and (char.isalnum() or char in _UNRESERVED) else match.group(0).upper()

    # A "%" that starts no escape is a character: written "%25" first, it cannot join the
    # digits a decoded escape leaves after it ("%%311" would otherwise become the escape "%11").
    decoded = _PERCENT.sub(fix, _STRAY_PERCENT.sub("%25", text))
    return quote(decoded, safe=safe + "%" + _UNRESERVED)


def _remove_dot_segments(path: str) -> str:
    """``/a/./b/../c`` → ``/a/c``, as a browser resolves it."""
    if "." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")
        elif segment == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    result = "/".join(out)
    return result if result.startswith("/") else "/" + result


def host_of(url: str) -> str:
    """``scheme://host[:port]`` of a normalised URL: the unit that rate limits, concurrency
    caps and robots.txt apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def path_and_query(url: str) -> str:
    """What robots.txt rules are matched against: the path with its query."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def unique_urls(urls: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """``(normalised URLs in first-seen order, once each; (given link, why it cannot be
    fetched) for the others)``."""
    seen: set[str] = set()
    kept: list[str] = []
    refused: list[tuple[str, str]] = []
    for url in urls:
        try:
            clean = normalise_url(url)
        except NotFetchable as exc:
            refused.append((url, str(exc)))
            continue
        if clean not in seen:
            seen.add(clean)
            kept.append(clean)
    return kept, refused
