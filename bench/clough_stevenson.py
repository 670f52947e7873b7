"""Held-out check of the align stage on the Clough-Stevenson short-answer corpus.

    .venv/bin/python bench/clough_stevenson.py [--scan] [--out bench/clough_stevenson.json]

95 answers to five short questions, each written from the question's Wikipedia article by
copying it (``cut``), editing it lightly or heavily, or without it (``non``).  Nothing in
copytrail was tuned on this corpus.  Each answer is aligned with its article; reported per
category: answers with at least one passage, and the mean share of the answer's characters
inside passages.  Also run with the passage-edge rules off (``grow_cosine`` and
``edge_share`` 0), so that what the rules change is measured on text they were not made on.

``--scan`` also measures what a user gets: the five articles and 95 answers as text files in
one folder, scanned with the default settings (``copytrail scan``: sketch, candidates, then
alignment), and per category the answers linked to their own task's article, with the names
of those the aligner links when given the pair but the scan does not (lost at retrieval).
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import as_scanned, unpack  # noqa: E402

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


def scan_links(root: Path, settings: AlignSettings) -> dict[str, dict]:
    """Per category: answers a default scan of the folder links to their task's article, and
    those that aligning the pair alone (with ``settings``, as the scan aligns) links."""
    import shutil
    import tempfile

    from copytrail.engines.local import scan
    from copytrail.store import open_store

    with open(root / "file_information.csv", encoding="utf-8-sig") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Category"].strip() != "orig"]
    out: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for task in "abcde":
            shutil.copy(root / f"orig_task{task}.txt", corpus)
        for row in rows:
            shutil.copy(root / row["File"], corpus)
        with open_store(Path(folder) / "clough.duckdb") as store:
            scan([corpus], store)
            linked = store.query(
                "SELECT s.path AS a, t.path AS b FROM alignments l JOIN documents s ON l.source_doc = s.id "
                "JOIN documents t ON l.target_doc = t.id"
            )
    pairs = {frozenset((Path(r["a"]).name, Path(r["b"]).name)) for r in linked}
    for row in rows:
        name, task = Path(row["File"]).name, row["Task"].strip()
        answer = (root / row["File"]).read_text(encoding="utf-8", errors="replace")
        article = (root / f"orig_task{task}.txt").read_text(encoding="utf-8", errors="replace")
        cell = out.setdefault(row["Category"].strip(), {"answers": 0, "linked": 0, "aligner_links": 0, "lost_at_retrieval": []})
        cell["answers"] += 1
        found = frozenset((name, f"orig_task{task}.txt")) in pairs
        cell["linked"] += found
        if align_texts(article, answer, settings):
            cell["aligner_links"] += 1
            if not found:
                cell["lost_at_retrieval"].append(Path(name).stem)
    return dict(sorted(out.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scan", action="store_true", help="also scan the corpus as a user would")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    root = unpack("clough_stevenson")
    started = time.perf_counter()
    corpus = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(root.glob("*.txt"))]
    defaults = as_scanned(corpus)  # as a scan of the answers and articles aligns (its common stems)
    results = {
        "command": ["python", "bench/clough_stevenson.py", *sys.argv[1:]],
        "machine": {"platform": platform.platform(), "python": platform.python_version()},
        "defaults": evaluate(root, defaults),
        "edge_rules_off": evaluate(root, replace(defaults, grow_cosine=0.0, edge_share=0.0)),
        "settings": defaults.recorded(),
    }
    if args.scan:
        results["scan"] = scan_links(root, defaults)
        cells = ", ".join(f"{cat} {r['linked']}/{r['answers']} (lost {r['lost_at_retrieval']})" for cat, r in results["scan"].items())
        print(f"{'scan links':<15} {cells}")
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
