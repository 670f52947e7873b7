"""Sitemaps and feeds turned into the article URLs they list.

An outlet publishes its articles in a sitemap (``<urlset>``, perhaps behind a
``<sitemapindex>`` of further sitemaps, perhaps gzipped) or a feed (RSS 2.0, RSS 1.0/RDF,
Atom).  These functions read one such file's bytes; following an index's sitemaps is the
engine's job, so that each is fetched politely like any page.  The XML parser resolves no
entities and reads nothing from the network, so a hostile file cannot reach outside it.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field

from lxml import etree


class ListingError(ValueError):
    """A sitemap or feed that cannot be read; ``str()`` is the one-line reason."""


@dataclass(slots=True)
class Listing:
    """What one sitemap or feed lists: pages, and (for a sitemap index) more sitemaps."""

    pages: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    kind: str = ""  # sitemap, sitemap index, rss, atom


def gunzipped(data: bytes, limit: int) -> bytes:
    """``data`` decompressed when it is gzip (by its magic bytes, whatever the file is
    called), at most ``limit`` bytes; raises :class:`ListingError` past it or when damaged."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while chunk := stream.read(1 << 16):
                out.write(chunk)
                if out.tell() > limit:
                    raise ListingError(f"expands to more than {limit} bytes")
    except (OSError, EOFError, zlib.error) as exc:
        raise ListingError(f"damaged gzip data ({exc})") from exc
    return out.getvalue()


def _root(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data.strip(), parser)
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"not well-formed XML ({exc})") from exc
    if root is None:
        raise ListingError("empty XML document")
    return root


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def parse_listing(data: bytes, limit: int = 50 * 1024 * 1024) -> Listing:
    """The URLs a sitemap, sitemap index, RSS or Atom feed lists, in document order.
    Raises :class:`ListingError` for anything else."""
    root = _root(gunzipped(data, limit))
    name = _local(root.tag)
    if name == "urlset":
        return Listing(pages=_locs(root, "url"), kind="sitemap")
    if name == "sitemapindex":
        return Listing(sitemaps=_locs(root, "sitemap"), kind="sitemap index")
    if name in ("rss", "rdf"):
        return Listing(pages=_rss_links(root), kind="rss")
    if name == "feed":
        return Listing(pages=_atom_links(root), kind="atom")
    raise ListingError(f"neither a sitemap nor an RSS or Atom feed (root element <{name or '?'}>)")


def _locs(root: etree._Element, entry: str) -> list[str]:
    found = []
    for item in _children(root, entry):
        loc = next(iter(_children(item, "loc")), None)
        if _text(loc):
            found.append(_text(loc))
    return found


def _rss_links(root: etree._Element) -> list[str]:
    """Each item's ``<link>``, or its ``<guid>`` when that is a permalink."""
    items = [el for el in root.iter() if _local(el.tag) == "item"]
    found = []
    for item in items:
        link = _text(next(iter(_children(item, "link")), None))
        if not link:
            guid = next(iter(_children(item, "guid")), None)
            if guid is not None and (guid.get("isPermaLink") or "true").lower() == "true":
                link = _text(guid)
        if not link:
            link = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about") or ""
        if link:
            found.append(link)
    return found


def _atom_links(root: etree._Element) -> list[str]:
    """Each entry's ``rel="alternate"`` link (the default rel), resolved against
    ``xml:base`` when relative."""
    found = []
    for entry in _children(root, "entry"):
        for link in _children(entry, "link"):
            if (link.get("rel") or "alternate") == "alternate" and link.get("href"):
                found.append(_resolved(link))
                break
    return found


def _resolved(link: etree._Element) -> str:
    from urllib.parse import urljoin

    href = (link.get("href") or "").strip()
    base = link.base  # xml:base of the element or its ancestors, when declared
    return urljoin(base, href) if base and "://" in base else href
