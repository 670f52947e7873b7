"""An outlet's boilerplate against the copying between outlets: what a scan reports.

Corpus (built here from BBC stories, which carry no footer of their own): 12 outlets of 25
articles each; every article of an outlet ends with that outlet's footer (a donation appeal,
a disclaimer, a "follow us" line: written for this benchmark, one per outlet, 30-45 words),
and 60 planted copies, each an article of one outlet republished by another with a new first
sentence (half keep the source's footer, half end with their own outlet's footer). What a
user sees: passages found, how many join two articles of one outlet by their footer alone,
planted copies found, and what the ten largest narratives are.

    .venv/bin/python bench/outlet_boilerplate.py --out bench/outlet_boilerplate.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from copytrail.engines.local import scan  # noqa: E402
from copytrail.settings import ScanSettings  # noqa: E402
from copytrail.store import open_store  # noqa: E402

# One footer per outlet, each its own words (outlets of one network sharing a footer would be
# a finding, and stays reuse).
FOOTERS = [
    "{o} is an independent newsroom funded by its readers. Our reporting is free to read and to republish under a "
    "Creative Commons licence. If you value this work, please support us with a monthly donation today.",
    "The views expressed in this article belong to the author and do not necessarily reflect the editorial policy of "
    "{o}. Follow us on Telegram and X for breaking news from the region, every hour of the day.",
    "Subscribe to the {o} morning briefing: the five stories you need before breakfast, delivered to your inbox every "
    "weekday. We never share your address, and you can unsubscribe at any time with a single click.",
    "This story was produced by the {o} investigations desk. Tips, documents and corrections are welcome through our "
    "secure contact form; sources who ask for it are always protected, whatever the story.",
    "Copyright {o}. Reproduction of this material in whole or in part without written permission of the publisher is "
    "strictly prohibited, except for short quotations in reviews with a link back to the original page.",
    "Did you find an error in this report? Highlight the passage and press the correction key, and an editor at {o} "
    "will look at it within one working day and publish a note beneath the story if it needs one.",
    "{o} relies on advertising and on a small grant from a charitable foundation that has no say over what we cover. "
    "Our full list of funders and our conflict of interest policy are published on the about page.",
    "Listen to this story on the {o} podcast, available on every major platform each Friday afternoon, with interviews "
    "from the reporters who worked on it and the people whose lives it describes.",
    "Comments on this article are moderated. Please keep the discussion civil and on topic; posts that contain insults, "
    "advertising or personal data will be removed by the {o} community team without warning.",
    "Join more than forty thousand members of the {o} club: early access to investigations, a printed annual and an "
    "invitation to our open newsroom evening in the autumn, for the price of a coffee a month.",
    "Our correspondents are paid by {o} and travel at our own expense. We do not accept gifts, free trips or hospitality "
    "from any organisation that appears in our coverage, as our ethics code explains.",
    "Images in this report are licensed from agencies or taken by {o} photographers unless stated otherwise. To buy "
    "prints or request permission to use a picture, write to our syndication office.",
]


def build(folder: Path, seed: int = 0) -> list[tuple[str, str]]:
    """Write the corpus as one JSONL per outlet; returns the planted (source id, copy id) pairs."""
    rng = random.Random(seed)
    stories = [json.loads(line) for line in (ROOT / ".data/folder-ingest/stories-21268.jsonl").open(encoding="utf-8")]
    bbc = [s["text"].strip() for s in stories if s["id"].startswith("bbc-") and 150 <= len(s["text"].split()) <= 600]
    rng.shuffle(bbc)
    outlets = [f"The {name} {kind}" for name, kind in zip(
        ["Harbour", "Valley", "Northgate", "Meridian", "Coastal", "Lantern", "Civic", "Open", "Free", "Bayline", "Kestrel", "Dunmore"],
        ["Ledger", "Post", "Herald", "Wire", "Times", "Observer", "Pulse", "Record", "Current", "Gazette", "Daily", "Courier"],
        strict=True,
    )]  # fmt: skip
    footer_of = {o: FOOTERS[k].format(o=o) for k, o in enumerate(outlets)}
    records: dict[str, list[dict[str, str]]] = {o: [] for o in outlets}
    articles = []
    for k, outlet in enumerate(outlets):
        for n in range(25):
            text = bbc[k * 25 + n]
            ident = f"{k:02d}-{n:02d}"
            records[outlet].append({"id": ident, "outlet": outlet, "published": f"2024-03-{1 + n:02d}T{8 + k:02d}:00:00Z",
                                    "text": text + "\n\n" + footer_of[outlet]})  # fmt: skip
            articles.append((outlet, ident, text, n))
    planted = []
    for c in range(60):
        outlet, ident, text, day = rng.choice(articles)
        other = rng.choice([o for o in outlets if o != outlet])
        top = bbc[400 + c].split(". ")[0] + "."
        footer = footer_of[outlet] if c % 2 else footer_of[other]
        copy_id = f"copy-{c:02d}"
        records[other].append({"id": copy_id, "outlet": other, "published": f"2024-04-{1 + day:02d}T12:00:00Z",
                               "text": top + "\n\n" + text + "\n\n" + footer})  # fmt: skip
        planted.append((ident, copy_id))
    for k, outlet in enumerate(outlets):
        with (folder / f"outlet-{k:02d}.jsonl").open("w", encoding="utf-8") as fh:
            for record in records[outlet]:
                fh.write(json.dumps(record) + "\n")
    return planted


def measure(folder: Path, db: Path, planted: list[tuple[str, str]], outlet_boilerplate: int) -> dict[str, object]:
    started = time.perf_counter()
    with open_store(db) as store:
        result = scan([folder], store, ScanSettings(outlet_boilerplate=outlet_boilerplate))
        seconds = time.perf_counter() - started
        rows = store.con.execute(
            "SELECT regexp_extract(s.source_key, '=(.*)$', 1), regexp_extract(t.source_key, '=(.*)$', 1), "
            "s.outlet = t.outlet FROM alignments a JOIN documents s ON s.id = a.source_doc JOIN documents t ON t.id = a.target_doc"
        ).fetchall()
        top = store.con.execute("SELECT documents, outlets FROM narratives ORDER BY documents DESC, outlets DESC, id LIMIT 10").fetchall()
        narratives = store.con.execute("SELECT count(*), count(*) FILTER (WHERE outlets = 1) FROM narratives").fetchone()
    pairs = {tuple(sorted(r[:2])) for r in rows}
    found = sum(tuple(sorted(p)) in pairs for p in planted)
    same_outlet_articles = sum(1 for a, b, same in rows if same and not a.startswith("copy") and not b.startswith("copy"))
    return {
        "outlet_boilerplate": outlet_boilerplate,
        "alignments": len(rows),
        "left_out_as_boilerplate": result.outlet_boilerplate,
        "between_two_articles_of_one_outlet": same_outlet_articles,
        "planted_copies_found": f"{found} / {len(planted)}",
        "narratives": narratives[0] if narratives else 0,
        "narratives_of_one_outlet": narratives[1] if narratives else 0,
        "top_10_narratives_documents_outlets": top,
        "scan_seconds": round(seconds, 2),
        "narratives_stage_seconds": round(result.stage_seconds.get("narratives", 0.0), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out")
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        planted = build(folder)
        for threshold in (0, 3, 0, 3):  # keep every passage, then the default; twice, alternating
            runs.append(measure(folder, Path(tmp) / f"s{len(runs)}.duckdb", planted, threshold))
            print(json.dumps(runs[-1]))
    if args.out:
        Path(args.out).write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
