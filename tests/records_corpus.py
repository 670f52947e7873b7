"""A corpus of multi-record files, to prove that every record keeps its own identity.

``feed.jsonl`` holds four records: with an id (and markup in it), without one, with a numeric
id, and without an id but with a URL; ``crawl.warc.gz`` holds two HTML pages.  All of them
reprint one passage, so every record is a member of one narrative, an end of alignments and a
statement of the same claims; a whole file (``original.txt``) is there to compare with.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PASSAGE = (
    "The regional water board confirmed on Monday that the Lindgrove desalination plant will "
    "supply 42 million litres a day from June, after a commissioning delay of eleven weeks that "
    "engineers blamed on corroded intake screens and a shortage of replacement membranes from "
    "the only approved supplier in the country."
)
MARKUP_ID = 'wire<b>&"1'  # an id that must be shown escaped, never as markup

FEED = [
    {"id": MARKUP_ID, "title": "Desalination plant to open in June", "outlet": "Meridian Wire",
     "published": "2025-03-01T08:00:00+00:00",
     "text": f"{PASSAGE} The board said tariffs would not rise this year."},
    {"outlet": "Bay Line Gazette", "published": "2025-03-02T09:00:00+00:00",
     "text": f"Residents of the eastern district have waited years for this. {PASSAGE}"},
    {"id": 7, "outlet": "Harbour Times", "published": "2025-03-03T10:00:00+00:00",
     "text": f"{PASSAGE} Critics on the council called the delay avoidable."},
    {"url": "https://northgate.example/water/plant", "outlet": "Northgate Post",
     "published": "2025-03-04T11:00:00+00:00",
     "text": f"In brief from the coast. {PASSAGE}"},
]  # fmt: skip
PAGES = [
    ("https://civicpulse.example/desal/one", "Civic Pulse",
     f"<p>Our reporter visited the site last week.</p><p>{PASSAGE}</p><p>Opening day is not yet fixed.</p>"),
    ("https://civicpulse.example/desal/two", "Civic Pulse",
     f"<p>A second look at the numbers.</p><p>{PASSAGE}</p><p>The plant cost more than planned.</p>"),
]  # fmt: skip
# how each record of the feed is cited (path#id=…, else its URL, else path#line=N)
FEED_RECORDS = [f"id={MARKUP_ID}", "line 2", "id=7", "line 4"]
WARC_RECORDS = ["record 1", "record 2"]


def _html(title: str, outlet: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html><html><head><title>{title}</title><meta property="og:site_name" content="{outlet}">'
        '<meta property="article:published_time" content="2025-03-05T12:00:00+00:00"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def write_records_corpus(root: Path) -> Path:
    """Write the corpus under ``root`` (created) and return the folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in FEED), encoding="utf-8")
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    for title, (url, outlet, body) in zip(("Water plant visit", "Water plant numbers"), PAGES, strict=True):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(_html(title, outlet, body)), http_headers=http,
            warc_headers_dict={"WARC-Date": "2025-03-05T12:00:00Z"},
        )  # fmt: skip
        writer.write_record(record)
    (root / "crawl.warc.gz").write_bytes(buf.getvalue())
    (root / "original.txt").write_text(f"Water board notice.\n\n{PASSAGE}\n", encoding="utf-8")
    return root
