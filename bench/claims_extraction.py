"""Claim extraction cost on every Reuters-21578 + BBC story, with and without the date hint
(sentences holding no month name and no year skip the date pattern), in one run, alternating,
best of ``--repeat``; and extraction precision/recall on the labelled sentences.

    .venv/bin/python bench/claims_extraction.py [--repeat 2] [--out bench/claims_extraction.json]

The two settings must give the same claims (checked); nothing here is shipped.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from corpora import bbc, reuters  # noqa: E402


def _extract_all(texts: list[tuple[str, str]]) -> tuple[float, list[tuple]]:
    from copytrail.stages.claims import entity_finder, extract_claims

    finder = entity_finder("rules")
    started = time.perf_counter()
    found = [extract_claims(text, doc, entities=finder) for doc, text in texts]
    seconds = time.perf_counter() - started
    return seconds, [(c.doc, c.value_start, c.value_end, c.value, c.unit, c.qualifier) for claims in found for c in claims]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    import copytrail.stages.claims.extraction as extraction

    texts = [(r["id"], r["text"]) for r in list(reuters()) + list(bbc())]
    hint = extraction._DATE_HINT_RE
    every = re.compile("")  # matches every sentence: the date pattern always runs (as before)
    best = {"with date hint": float("inf"), "without": float("inf")}
    results: dict[str, list[tuple]] = {}
    for _ in range(args.repeat):
        for name, pattern in (("without", every), ("with date hint", hint)):
            extraction._DATE_HINT_RE = pattern
            seconds, claims = _extract_all(texts)
            best[name] = min(best[name], seconds)
            results[name] = claims
    extraction._DATE_HINT_RE = hint
    same = results["with date hint"] == results["without"]
    from test_claims import labelled_scores

    scores = labelled_scores()
    out = {
        "documents": len(texts),
        "claims": len(results["with date hint"]),
        "seconds": {k: round(v, 2) for k, v in best.items()},
        "same_claims": same,
        "labelled": {k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()},
    }
    print(json.dumps(out, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
