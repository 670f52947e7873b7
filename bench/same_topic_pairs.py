"""Hard negatives per language: every pair of xling-dev articles of one language aligned directly.

    .venv/bin/python bench/same_topic_pairs.py [--out bench/same_topic_pairs.json]

The 200 articles of the cross-lingual development set all report on COVID-19, so two articles
of one language share their topic, its names and its figures.  Each same-language pair is given
to the aligner (``align_texts``, defaults: no retrieval in between, the hardest case); a pair
that gets a passage and that no gold case labels (a planted copy) is a false link.  Reported per
language: pairs, pairs linked, of them labelled, false links with their passages.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import as_scanned, unpack  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from copytrail.stages.align import align_texts

    root = unpack("xling-dev")
    with open(root / "docs.tsv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    labelled = set()
    for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        labelled.add(frozenset((Path(case["source"]["path"]).name, Path(case["target"]["path"]).name)))
    out: dict[str, dict] = {}
    started = time.perf_counter()
    corpus = [(root / "docs" / r["name"]).read_text(encoding="utf-8") for r in rows]
    settings = as_scanned(corpus)  # as a scan of the set aligns (its common stems)
    for language in sorted({r["lang"] for r in rows}):
        docs = [(r["name"], (root / "docs" / r["name"]).read_text(encoding="utf-8")) for r in rows if r["lang"] == language]
        linked, false = 0, []
        for (a, ta), (b, tb) in itertools.combinations(docs, 2):
            passages = align_texts(ta, tb, settings)
            if not passages:
                continue
            linked += 1
            if frozenset((a, b)) not in labelled:
                false.append({"pair": [a, b], "passages": [[p.kind, round(p.score, 3), p.a_end - p.a_start, p.b_end - p.b_start] for p in passages]})
        pairs = len(docs) * (len(docs) - 1) // 2
        out[language] = {"articles": len(docs), "pairs": pairs, "linked": linked, "labelled": linked - len(false), "false_links": false}
        print(f"{language}: {len(docs)} articles, {pairs} pairs, linked {linked}, false {len(false)}", flush=True)
    result = {"seconds": round(time.perf_counter() - started, 1), "languages": out}
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
