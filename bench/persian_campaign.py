"""A planted campaign in Persian, scanned as a user would: what the default scan finds.

    .venv/bin/python bench/persian_campaign.py [--dates jalali] [--out bench/persian_campaign.json]

Built from the cross-lingual development set (``../shared/data/xling-dev``, article
doc-0026, Persian), as HTML pages of outlets with their publication time in metadata:

- the original (outlet A, 1 March);
- a retyped copy (outlet B, 2 March): Arabic yeh and kaf, half-spaces written as spaces, and
  one figure changed ("10 روز" → "14 روز");
- a condensed copy (outlet C, 3 March): two sentences dropped, the first two swapped;
- an undated copy of the first six sentences (outlet D);
- 11 other articles of the set (Persian and Arabic) as unrelated pages.

With ``--dates jalali`` two pages state their date in the Solar Hijri calendar, as Iranian
sites write it: the original's published time in numbers ("1403-12-11T08:00:00+03:30", 1 March
2025) and the fourth copy's date with its month named ("۱۴ اسفند ۱۴۰۳", 4 March 2025); the
others keep their Gregorian dates.

Then ``copytrail scan`` (the default command, a fresh store) of the folder, and from the store:
the campaign's narrative (members, earliest, confidence), the changed figures, the figures
read as claims, and the half-spaces kept in the original's text against the source article's.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from campaigns import write_page  # noqa: E402
from corpora import unpack  # noqa: E402

OTHERS = ["0004", "0022", "0023", "0027", "0028", "0029", "0032", "0043", "0001", "0003", "0011"]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!؟?])\s+", text.strip()) if s]


def _paragraphs(sentences: list[str]) -> str:
    return "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def _page(folder: Path, name: str, outlet: str, date: str | None, title: str, text: str, meta: str = "article:published_time") -> None:
    write_page(folder, name, "fa", outlet, date, title, text, meta=meta, nav="<nav>خانه</nav>")


def build(folder: Path, jalali: bool = False) -> str:
    """Write the campaign's pages into ``folder`` (``jalali``: two of them dated in the Solar
    Hijri calendar); the original article's text."""
    docs = unpack("xling-dev") / "docs"
    original = (docs / "doc-0026.txt").read_text(encoding="utf-8")
    sentences = _sentences(original)
    first = "1403-12-11T08:00:00+03:30" if jalali else "2025-03-01T08:00:00+03:30"
    _page(folder, "a-original.html", "Khabar Online", first, "رهنمودهای بارداری", _paragraphs(sentences))
    retyped = [s.replace("ی", "ي").replace("ک", "ك").replace("\u200c", " ").replace("10 روز", "14 روز") for s in sentences]
    _page(folder, "b-retyped.html", "Payam News", "2025-03-02T10:00:00+03:30", "توصیه‌های تازه", _paragraphs(retyped))
    condensed = sentences[:]
    del condensed[5], condensed[2]
    condensed[0], condensed[1] = condensed[1], condensed[0]
    _page(folder, "c-condensed.html", "Sahar Daily", "2025-03-03T09:00:00+03:30", "هپارین", _paragraphs(condensed))
    if jalali:
        _page(folder, "d-jalali.html", "Blog Azad", "۱۴ اسفند ۱۴۰۳", "بازنشر", _paragraphs(sentences[:6]), meta="date")
    else:
        _page(folder, "d-undated.html", "Blog Azad", None, "بدون تاریخ", _paragraphs(sentences[:6]))
    for k, number in enumerate(OTHERS):
        text = (docs / f"doc-{number}.txt").read_text(encoding="utf-8")
        _page(folder, f"z-other-{k}.html", f"Outlet {k}", f"2025-02-{10 + k}T08:00:00Z", f"مقاله {k}", _paragraphs(_sentences(text)))
    return original


def measure(root: Path, jalali: bool = False) -> dict[str, object]:
    from copytrail.store import open_store
    from copytrail.store.claims import claim_rows

    folder = root / "corpus"
    folder.mkdir()
    original = build(folder, jalali)
    db = root / "store.duckdb"
    scan = subprocess.run(
        [sys.executable, "-m", "copytrail.cli.main", "scan", str(folder), "--db", str(db), "--json", "--quiet"],
        capture_output=True, text=True, check=False,
    )
    summary = json.loads(scan.stdout)
    with open_store(db, read_only=True) as store:
        names = dict(store.con.execute("SELECT id, regexp_extract(path, '[^/]+$') FROM documents").fetchall())
        stored = store.con.execute("SELECT text FROM documents WHERE path LIKE '%a-original.html'").fetchall()[0][0]
        narratives = store.query("SELECT id, earliest, confidence, confidence_reason, documents FROM narratives ORDER BY documents DESC")
        dates = dict(store.con.execute("SELECT regexp_extract(path, '[^/]+$'), published FROM documents WHERE path NOT LIKE '%z-other%'").fetchall())
        notes = [reason for (reason,) in store.con.execute("SELECT reason FROM errors ORDER BY path").fetchall()]
        claims = store.con.execute("SELECT count(*) FROM claims").fetchall()[0][0]
        changes = [
            (r["statements"][c["from"]]["figure"], r["statements"][c["to"]]["figure"],
             names[r["statements"][c["from"]]["doc"]], names[r["statements"][c["to"]]["doc"]])
            for r in claim_rows(store, differ_only=True) for c in r["changes"]
        ]
    top = narratives[0] if narratives else {}
    return {
        "scan_exit": scan.returncode,
        "documents": summary.get("documents_added"),
        "alignments": summary.get("alignments_added"),
        "narratives": len(narratives),
        "campaign_narrative": {
            "documents": top.get("documents"),
            "earliest": names.get(str(top.get("earliest")).split(",")[0]) if top else None,
            "confidence": top.get("confidence"),
            "reason": top.get("confidence_reason"),
        },
        "campaign_dates": dict(sorted(dates.items())),
        "notes": notes,
        "claims": claims,
        "changed_figures": changes,
        "half_spaces": {"source_article": original.count("\u200c"), "stored_original": stored.count("\u200c")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=None)
    parser.add_argument("--dates", choices=("gregorian", "jalali"), default="gregorian", help="jalali: two pages dated in the Solar Hijri calendar")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        result = measure(Path(scratch), args.dates == "jalali")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
