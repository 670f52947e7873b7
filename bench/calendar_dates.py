"""What reading a stated date costs, by how it is written: Gregorian (the common case, which
the calendar reading must not slow), Solar Hijri with a month's name, Solar Hijri in numbers
(the document's language read from its text), and lunar Hijri (left undated).

    .venv/bin/python bench/calendar_dates.py [--repeat 2000]

Each form is read ``repeat`` times through ``set_metadata_date`` on a document of a Persian
article (the bundled sample corpus), microseconds per date, best of three runs.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from copytrail.records import Document
from copytrail.stages.ingest.metadata import set_metadata_date

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-corpus" / "khalijonline-abshirinkon-fa.txt"
FORMS = {
    "Gregorian, ISO with zone": "2025-03-12T08:00:00+03:30",
    "Gregorian, words": "March 12, 2025",
    "Solar Hijri, month named": "۲۲ اسفند ۱۴۰۳",
    "Solar Hijri, numbers (language read)": "۱۴۰۳/۱۲/۲۲ ۰۸:۰۰",
    "lunar Hijri (undated)": "١٢ رمضان ١٤٤٦ هـ",
}


def per_date(raw: str, text: str, repeat: int) -> tuple[float, str | None]:
    """Microseconds per reading (best of three runs) and what the date became."""
    best = float("inf")
    doc = Document(id="d", source_key="k", path="p", text=text, sha1="s")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(repeat):
            doc.extra = {}
            set_metadata_date(doc, raw)
        best = min(best, (time.perf_counter() - started) / repeat * 1e6)
    return best, doc.published


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    text = SAMPLE.read_text(encoding="utf-8")
    set_metadata_date(Document(id="w", source_key="w", path="w", text=text, sha1="w"), "۱۴۰۳/۱۲/۲۲")  # models loaded
    rows = {}
    for name, raw in FORMS.items():
        micros, published = per_date(raw, text, args.repeat)
        rows[name] = {"stated": raw, "read": published, "microseconds": round(micros, 1)}
    print(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
