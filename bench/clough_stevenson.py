"""Held-out check of the align stage on the Clough-Stevenson short-answer corpus.

    .venv/bin/python bench/clough_stevenson.py [--out bench/clough_stevenson.json]

95 answers to five short questions, each written from the question's Wikipedia article by
copying it (``cut``), editing it lightly or heavily, or without it (``non``).  Nothing in
copytrail was tuned on this corpus.  Each answer is aligned with its article; reported per
category: answers with at least one passage, and the mean share of the answer's characters
inside passages.  Also run with the passage-edge rules off (``grow_cosine`` and
``edge_share`` 0), so that what the rules change is measured on text they were not made on.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import unpack  # noqa: E402

from copytrail.stages.align import AlignSettings, align_texts  # noqa: E402


def evaluate(root: Path, settings: AlignSettings) -> dict[str, dict[str, float]]:
    with open(root / "file_information.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    tally: dict[str, list[float]] = {}
    for row in rows:
        answer = (root / row["File"]).read_text(encoding="utf-8", errors="replace")
        article = (root / f"orig_task{row['Task'].strip()}.txt").read_text(encoding="utf-8", errors="replace")
        passages = align_texts(article, answer, settings)
        covered = sum(p.b_end - p.b_start for p in passages) / max(1, len(answer))
        counts = tally.setdefault(row["Category"].strip(), [0, 0, 0.0])
        counts[0] += 1
        counts[1] += bool(passages)
        counts[2] += covered
    return {
        category: {"answers": int(n), "with_passage": int(found), "mean_coverage": round(cover / n, 4)}
        for category, (n, found, cover) in sorted(tally.items())
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    root = unpack("clough_stevenson")
    started = time.perf_counter()
    defaults = AlignSettings()
    results = {
        "command": ["python", "bench/clough_stevenson.py", *sys.argv[1:]],
        "machine": {"platform": platform.platform(), "python": platform.python_version()},
        "defaults": evaluate(root, defaults),
        "edge_rules_off": evaluate(root, replace(defaults, grow_cosine=0.0, edge_share=0.0)),
        "settings": asdict(defaults),
    }
    results["seconds"] = round(time.perf_counter() - started, 2)
    for name in ("defaults", "edge_rules_off"):
        cells = ", ".join(
            f"{cat} {r['with_passage']}/{r['answers']} ({r['mean_coverage']:.3f})" for cat, r in results[name].items()
        )
        print(f"{name:<15} {cells}")
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
