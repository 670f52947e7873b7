"""Claim extraction cost on every Reuters-21578 + BBC story, best of ``--repeat``, and
extraction precision/recall on the labelled sentences.

    .venv/bin/python bench/claims_extraction.py [--repeat 2] [--out bench/claims_extraction.json]

(The date hint this once compared, with and without, is now part of the date pattern's
shortcuts in ``stages/claims/patterns.py``, which tests hold equal to the full pattern.)
Nothing here is shipped.

``--baseline REF`` (or ``--baseline-tree DIR``) instead times the extractor of a git revision against the working tree's
(each in its own process, alternating, best of ``--repeat``), scores both on the labelled
sentences, and counts the claims whose value, unit or qualifier changed, with examples; its
result goes under the key ``before_after`` of ``--out`` (other keys are kept).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
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


def _worker(dump: str) -> None:
    """Extract every story with the ``copytrail`` on ``sys.path``; pickle timing, claims, scores."""
    texts = [(r["id"], r["text"]) for r in list(reuters()) + list(bbc())]
    from copytrail.stages.claims import entity_finder, extract_claims

    finder = entity_finder("rules")
    started = time.perf_counter()
    found = [extract_claims(text, doc, entities=finder) for doc, text in texts]
    seconds = time.perf_counter() - started
    claims = {
        (c.doc, c.value_start): (c.value_end, c.value, c.unit, c.qualifier, c.sentence_start, c.sentence_end)
        for claims in found for c in claims
    }
    from test_claims import labelled_scores

    with open(dump, "wb") as handle:
        pickle.dump({"seconds": seconds, "claims": claims, "labelled": labelled_scores(), "documents": len(texts)}, handle)


def _before_after(ref: str, repeat: int, tree: Path | None = None) -> dict:
    """Baseline revision (or a tree whose ``src/`` is the code before) against the working
    tree, alternating processes, best of ``repeat``."""
    repo = HERE.parent
    with tempfile.TemporaryDirectory() as tmp:
        if tree is None:
            archive = subprocess.run(["git", "-C", str(repo), "archive", ref, "src"], capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        sources = {"before": str((tree or Path(tmp)) / "src"), "after": str(repo / "src")}
        runs: dict[str, dict] = {}
        best = {name: float("inf") for name in sources}
        for _ in range(repeat):
            for name, src in sources.items():
                dump = str(Path(tmp) / f"{name}.pickle")
                env = {**os.environ, "PYTHONPATH": src}
                subprocess.run([sys.executable, __file__, "--worker", dump], env=env, check=True)
                runs[name] = pickle.loads(Path(dump).read_bytes())
                best[name] = min(best[name], runs[name]["seconds"])
    before, after = runs["before"]["claims"], runs["after"]["claims"]
    changed = [k for k in before.keys() & after.keys() if before[k][1:4] != after[k][1:4]]
    sentence_moved = sum(1 for k in before.keys() & after.keys() if before[k][4:] != after[k][4:])
    texts = {r["id"]: r["text"] for r in list(reuters()) + list(bbc())}
    examples = []
    for doc, start in sorted(changed)[:: max(1, len(changed) // 10)][:10]:
        text, end = texts[doc], after[(doc, start)][0]
        examples.append({
            "doc": doc, "text": text[max(0, start - 40) : end + 30],
            "before": list(before[(doc, start)][1:4]), "after": list(after[(doc, start)][1:4]),
        })
    return {
        "baseline": str(tree) if tree is not None else subprocess.run(
            ["git", "-C", str(HERE.parent), "rev-parse", "--short", ref], capture_output=True, text=True
        ).stdout.strip(),
        "documents": runs["after"]["documents"],
        "claims": {"before": len(before), "after": len(after)},
        "seconds": {name: round(value, 2) for name, value in best.items()},
        "value_unit_or_qualifier_changed": len(changed),
        "unit_changed": sum(1 for k in changed if before[k][2] != after[k][2]),
        "value_changed": sum(1 for k in changed if before[k][1] != after[k][1]),
        "qualifier_changed": sum(1 for k in changed if before[k][3] != after[k][3]),
        "only_before": len(before.keys() - after.keys()),
        "only_after": len(after.keys() - before.keys()),
        "sentence_span_changed": sentence_moved,
        "labelled": {name: {k: round(v, 4) if isinstance(v, float) else v for k, v in run["labelled"].items()} for name, run in runs.items()},
        "examples": examples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--out", default=None)
    parser.add_argument("--baseline", default=None, help="git revision to compare the working tree's extractor with")
    parser.add_argument("--baseline-tree", type=Path, default=None, help="a tree whose src/ is the extractor to compare with (instead of --baseline)")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker)
        return
    if args.baseline or args.baseline_tree:
        result = _before_after(args.baseline or "", args.repeat, args.baseline_tree)
        print(json.dumps(result, indent=1, ensure_ascii=False))
        if args.out:
            path = Path(args.out)
            kept = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
            kept["before_after"] = result
            path.write_text(json.dumps(kept, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    texts = [(r["id"], r["text"]) for r in list(reuters()) + list(bbc())]
    best = float("inf")
    claims: list[tuple] = []
    for _ in range(args.repeat):
        seconds, claims = _extract_all(texts)
        best = min(best, seconds)
    from test_claims import labelled_scores

    scores = labelled_scores()
    out = {
        "documents": len(texts),
        "claims": len(claims),
        "seconds": round(best, 2),
        "labelled": {k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()},
    }
    print(json.dumps(out, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
