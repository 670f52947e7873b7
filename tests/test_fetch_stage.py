"""The fetch stage's pure decisions: URL forms, robots.txt, sitemaps and feeds, answers.

No network here; ``test_fetch.py`` runs the same rules against a real server.
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copytrail.stages.fetch.listings import ListingError, parse_listing
from copytrail.stages.fetch.responses import (
    backoff_seconds,
    is_page,
    page_charset,
    retry_after_seconds,
    status_reason,
)
from copytrail.stages.fetch.robots import parse_robots, rules_for_status
from copytrail.stages.fetch.settings import FetchSettings
from copytrail.stages.fetch.urls import (
    NotFetchable,
    is_tracking_parameter,
    normalise_url,
    unique_urls,
)

# ---------------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [
        ("HTTP://Example.COM:80/a/b?x=1#frag", "http://example.com/a/b?x=1"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/", "https://example.com:8443/"),
        ("https://example.com/a/./b/../c", "https://example.com/a/c"),
        ("https://example.com/%7euser/%2f", "https://example.com/~user/%2F"),
        ("https://example.com/p?utm_source=x&id=7&fbclid=abc&UTM_Medium=y", "https://example.com/p?id=7"),
        ("https://example.com/p?b=2&a=1", "https://example.com/p?b=2&a=1"),  # order kept: it can matter
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        ("  https://example.com/x  ", "https://example.com/x"),
    ],
)
def test_normalise_url_examples(given_url: str, expected: str) -> None:
    assert normalise_url(given_url) == expected


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("mailto:desk@example.com", "not an http(s) URL (mailto:)"),
        ("javascript:alert(1)", "not an http(s) URL (javascript:)"),
        ("/relative/path", "not an http(s) URL (no scheme)"),
        ("http://", "URL has no host"),
        ("http://user:pw@example.com/", "URL carries a user name or password"),
    ],
)
def test_unfetchable_links_say_why(link: str, reason: str) -> None:
    with pytest.raises(NotFetchable, match=reason.replace("(", r"\(").replace(")", r"\)")):
        normalise_url(link)


def test_unique_urls_keeps_first_seen_order_and_reports_refused() -> None:
    kept, refused = unique_urls(
        ["https://a.example/1#x", "https://A.example/1", "ftp://a.example/f", "https://a.example/2?utm_campaign=z"]
    )
    assert kept == ["https://a.example/1", "https://a.example/2"]
    assert refused == [("ftp://a.example/f", "not an http(s) URL (ftp:)")]


_segment = st.text(alphabet=st.sampled_from("abcXYZ09-._~%!$&'()*+,;=:@é/"), max_size=12)
_param = st.tuples(
    st.sampled_from(["id", "page", "utm_source", "utm_medium", "fbclid", "gclid", "q", "ref", "Utm_Term"]),
    st.text(alphabet="abc123%+", max_size=5),
)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    host = draw(st.sampled_from(["example.com", "Example.COM", "news.example.org.", "127.0.0.1", "bücher.example"]))
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    path = "/" + "/".join(draw(st.lists(_segment, max_size=4)))
    params = draw(st.lists(_param, max_size=4))
    query = "&".join(f"{k}={v}" for k, v in params)
    fragment = draw(st.sampled_from(["", "#top", "#a/b?c"]))
    return f"{scheme}://{host}{port}{path}{'?' + query if query else ''}{fragment}"


@settings(max_examples=300, deadline=None)
@given(urls())
def test_normalising_is_idempotent_and_drops_fragments_and_trackers(url: str) -> None:
    once = normalise_url(url)
    assert normalise_url(once) == once
    parts = urlsplit(once)
    assert parts.fragment == "" and "#" not in once
    assert parts.scheme in ("http", "https") and parts.netloc == parts.netloc.lower()
    assert not any(is_tracking_parameter(name) for name, _ in parse_qsl(parts.query, keep_blank_values=True))
    default_port = {"http": ":80", "https": ":443"}[parts.scheme]
    assert not parts.netloc.endswith(default_port)


@settings(max_examples=200, deadline=None)
@given(urls(), st.sampled_from(["#other", ""]), st.sampled_from(["utm_source=news", "fbclid=x1", "gclid=7"]))
def test_the_same_page_in_other_clothes_normalises_alike(url: str, fragment: str, tracker: str) -> None:
    """A fragment or a tracking parameter added, or the scheme and host in capitals, is the same page."""
    bare = url.split("#", 1)[0]
    joiner = "&" if "?" in bare else "?"
    scheme, rest = bare.split("://", 1)
    host, _, tail = rest.partition("/")
    variant = f"{scheme.upper()}://{host.upper() if host.isascii() else host}/{tail}{joiner}{tracker}{fragment}"
    assert normalise_url(variant) == normalise_url(url)


# ---------------------------------------------------------------------------------- robots.txt

ROBOTS = """
# comments are ignored
User-agent: *
Disallow: /private/
Allow: /private/open-*
Disallow: /*.pdf$
Crawl-delay: 2

User-agent: otherbot
Disallow: /
"""


def test_robots_longest_rule_wins_and_wildcards_match() -> None:
    rules = parse_robots(ROBOTS)
    assert rules.allows("/news/today.html")
    assert not rules.allows("/private/notes.html")
    assert rules.allows("/private/open-letter.html")  # the longer Allow wins
    assert not rules.allows("/files/report.pdf")
    assert rules.allows("/files/report.pdf?download=1")  # $ anchors the end
    assert rules.allows("/robots.txt")
    assert rules.crawl_delay == 2


def test_robots_own_group_replaces_the_star_group() -> None:
    text = "User-agent: *\nDisallow: /\n\nUser-agent: CopyTrail\nUser-agent: other\nDisallow: /drafts/\nAllow: /drafts/public\n"
    rules = parse_robots(text)
    assert rules.allows("/news/") and not rules.allows("/drafts/x") and rules.allows("/drafts/public/1")


def test_robots_equal_length_allow_wins_a_tie() -> None:
    rules = parse_robots("User-agent: *\nDisallow: /page\nAllow: /page\n")
    assert rules.allows("/page")


def test_robots_status_rules() -> None:
    assert rules_for_status(404).allows("/anything")  # no robots.txt: everything allowed
    down = rules_for_status(503)
    assert not down.allows("/anything") and down.why == "robots.txt answered HTTP 503"
    unreachable = rules_for_status(None, why="robots.txt unreachable (timed out)")
    assert not unreachable.allows("/x") and "timed out" in unreachable.why
    assert not rules_for_status(200, "User-agent: *\nDisallow: /\n").allows("/x")


# ---------------------------------------------------------------------------------- listings

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc> https://news.example/a </loc><lastmod>2024-01-01</lastmod></url>
  <url><loc>https://news.example/b</loc></url>
</urlset>"""


def test_sitemap_and_gzipped_sitemap() -> None:
    assert parse_listing(SITEMAP).pages == ["https://news.example/a", "https://news.example/b"]
    zipped = parse_listing(gzip.compress(SITEMAP))
    assert zipped.pages == ["https://news.example/a", "https://news.example/b"] and zipped.kind == "sitemap"


def test_sitemap_index_lists_sitemaps() -> None:
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://n.example/s1.xml.gz</loc></sitemap></sitemapindex>'
    listing = parse_listing(index)
    assert listing.sitemaps == ["https://n.example/s1.xml.gz"] and listing.pages == [] and listing.kind == "sitemap index"


def test_rss_atom_and_rdf_feeds() -> None:
    rss = b'<rss version="2.0"><channel><item><link>https://n.example/1</link></item><item><guid>https://n.example/2</guid></item><item><guid isPermaLink="false">tag:x</guid></item></channel></rss>'
    assert parse_listing(rss).pages == ["https://n.example/1", "https://n.example/2"]
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://n.example/blog/">'
        b'<entry><link rel="edit" href="/edit/1"/><link rel="alternate" href="posts/1"/></entry>'
        b'<entry><link href="https://n.example/2"/></entry></feed>'
    )
    assert parse_listing(atom).pages == ["https://n.example/blog/posts/1", "https://n.example/2"]
    rdf = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
        b'<item rdf:about="https://n.example/r1"><link>https://n.example/r1</link></item></rdf:RDF>'
    )
    assert parse_listing(rdf).pages == ["https://n.example/r1"]


def test_listings_that_cannot_be_read_say_why() -> None:
    with pytest.raises(ListingError, match="not well-formed XML"):
        parse_listing(b"<html><body>not xml")
    with pytest.raises(ListingError, match="root element <html>"):
        parse_listing(b"<html><body/></html>")
    with pytest.raises(ListingError, match="damaged gzip"):
        parse_listing(gzip.compress(SITEMAP)[:40])
    with pytest.raises(ListingError, match="expands to more than"):
        parse_listing(gzip.compress(b" " * 200_000 + SITEMAP), limit=100_000)


def test_listing_entities_are_not_resolved(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("https://leak.example/secret")
    hostile = (
        f'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<urlset><url><loc>&x;</loc></url></urlset>'
    ).encode()
    try:
        pages = parse_listing(hostile).pages
    except ListingError:
        return
    assert all("leak" not in page for page in pages)


# ---------------------------------------------------------------------------------- answers


def test_retry_after_in_seconds_and_as_a_date() -> None:
    now = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("7", now) == 7.0
    later = (now + timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert retry_after_seconds(later, now) == 30.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now) == 0.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


def test_backoff_doubles_up_to_its_cap() -> None:
    assert [backoff_seconds(n, 1.0, 5.0) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]


def test_pages_are_html_or_text() -> None:
    assert is_page("text/html; charset=utf-8") and is_page("application/xhtml+xml") and is_page("text/plain")
    assert not is_page("application/pdf") and not is_page("image/png")
    assert is_page(None)  # no type sent: read and sniffed


def test_charset_from_header_else_meta() -> None:
    body = b'<html><head><meta charset="windows-1251"></head></html>'
    assert page_charset("text/html", body) == "cp1251"
    assert page_charset("text/html; charset=ISO-8859-1", body) == "iso8859-1"
    assert page_charset("text/html", b"<html></html>") is None


def test_status_reason_in_words() -> None:
    assert status_reason(404) == "HTTP 404 (not found)"
    assert status_reason(599) == "HTTP 599"


def test_settings_name_the_tool_and_the_contact() -> None:
    agent = FetchSettings(contact="desk@example.org").user_agent
    assert agent.startswith("copytrail/") and "desk@example.org" in agent
    assert FetchSettings(per_host=0, timeout=0, contact="a\nb").problems() == [
        "per_host must be at least 1", "timeout must be positive", "contact must be one line"
    ]


@settings(max_examples=300, deadline=None)
@given(urls())
@example("http://example.com/?id=%%311")  # a stray "%" before an escape of a digit
def test_normalising_keeps_every_other_parameter_in_order_and_the_path(url: str) -> None:
    """Only trackers go: the other parameters keep their order and values, so the server is
    asked for the same page."""
    once = normalise_url(url)
    given_query = urlsplit(url.split("#", 1)[0]).query
    kept = [(k, v) for k, v in parse_qsl(given_query, keep_blank_values=True) if not is_tracking_parameter(k)]
    assert parse_qsl(urlsplit(once).query, keep_blank_values=True) == kept
    httpx.URL(once)  # a URL the client accepts as it is
