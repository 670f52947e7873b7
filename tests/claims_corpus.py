"""A small corpus of our own writing where a copy changes one figure, with hostile strings in
the sentence, title and outlet: shared by the claims web and browser tests."""

from __future__ import annotations

import json
from pathlib import Path

HOSTILE_SENTENCE_PART = "<script>alert('claim')</script>"
OUTLET_COPY = "<img src=x onerror=alert('outlet')>"
STORY = (
    "The harbour board said 4,100 workers at Kestrel Marine Holdings in Dunmore lost their jobs "
    + HOSTILE_SENTENCE_PART
    + " this spring. The union asked the regional council to hold a public hearing before the yard "
    "closes its last dry dock, and the council agreed to meet the shop stewards in the town hall next "
    "month. Nobody from the company attended the first meeting, which ran late into the evening."
)


def write_claims_corpus(folder: Path) -> Path:
    """A JSONL feed: an original story and, a day later, a copy that turns 4,100 into 1,400."""
    folder.mkdir(parents=True, exist_ok=True)
    records = [
        {"id": "original", "title": "Dunmore yard cuts", "outlet": "Harbour Times", "author": "Ann Reyes",
         "published": "2025-03-01T09:00:00Z", "text": STORY},
        {"id": "copy", "title": "<b>Yard</b> cuts " + HOSTILE_SENTENCE_PART, "outlet": OUTLET_COPY, "author": "Rob Kell",
         "published": "2025-03-02T10:30:00Z", "text": STORY.replace("4,100", "1,400")},
    ]
    path = folder / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return folder
