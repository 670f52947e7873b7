"""Fetch stage: the decisions a polite crawler makes, as pure functions.

``urls`` (one form per page: fragments and tracking parameters gone), ``robots`` (RFC 9309
rules and the decision for one path), ``listings`` (sitemaps, sitemap indexes, RSS and Atom
feeds to article URLs), ``responses`` (keep, skip, retry or follow an answer; charsets;
Retry-After) and ``settings`` (:class:`FetchSettings`).  The network loop that applies them
and writes the WARC file is ``copytrail.engines.fetching``.
"""

from __future__ import annotations

from copytrail.stages.fetch.settings import FetchSettings

__all__ = ["FetchSettings"]
