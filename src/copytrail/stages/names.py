"""Bylines and outlet names: matched loosely, shown as written.

"By J.R. Smith", "J. R. Smith" and "j r smith" are one person to compare; to show, the form
the page itself states is kept, full stops and all (an HTML extractor may give "J R Smith").
"M. Dorran" and "Marek Dorran" stay two names: that would be a guess.
"""

from __future__ import annotations

import html as html_text
import re
import unicodedata

_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_AUTHOR_KEYS = {"author", "article:author", "byl", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author"}
_JSON_LD_AUTHOR = re.compile(r'"author"\s*:\s*\[?\s*\{[^{}]*?"name"\s*:\s*"([^"\\]{1,200})"')
SCANNED_CHARS = 200_000  # bylines are stated in the head and the first part of the body


def name_key(name: str) -> str:
    """How names are compared: accents, case, full stops, spaces and a leading "By" aside."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _BY.sub("", text)
    text = re.sub(r"(?<=\w)\.(?=\w)", " ", text)  # J.R. -> J R
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def stated_bylines(page: str) -> list[str]:
    """The bylines a page states in its meta tags and JSON-LD, as written."""
    head = page[:SCANNED_CHARS]
    found = []
    for tag in _META.findall(head):
        attributes = {m[0].lower(): m[1] or m[2] for m in _ATTRIBUTE.findall(tag)}
        key = (attributes.get("name") or attributes.get("property") or attributes.get("itemprop") or "").lower()
        if key in _AUTHOR_KEYS and attributes.get("content"):
            found.append(attributes["content"])
    found += _JSON_LD_AUTHOR.findall(head)
    return [" ".join(_BY.sub("", html_text.unescape(f)).split()) for f in found]


def written_byline(page: str, extracted: str | None) -> str | None:
    """The extracted byline as the page writes it (the same name, matched loosely), else as
    extracted; None stays None (a byline is never guessed)."""
    if not extracted:
        return extracted
    key = name_key(extracted)
    return next((b for b in stated_bylines(page) if b and name_key(b) == key), extracted)
