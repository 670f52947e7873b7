"""Two texts compared alone across languages (``copytrail compare --cross-lingual``): which
translations are found, and which unrelated pairs are linked.

    .venv/bin/python bench/xling_pairs_alone.py [--others 1500] [--out bench/xling_pairs_alone.json]

With two texts there is no corpus: no language means, no other documents' sentences to weigh a
pair's cosines against.  Each pair is judged as ``compare`` judges it
(``stages.crosslingual.translated_passages`` with the two texts only):

- **gold**: every translation case of the cross-lingual development set
  (``../shared/data/xling-dev``), its two articles compared alone; found when a passage
  overlaps the case on both sides;
- **short**: the four-sentence paragraph of ``bench/multiway_translations.py`` in six
  languages (our own writing), every two of its versions compared alone (15 pairs): short
  news items, where a pair's own statistics have least to go on;
- **others**: ``--others`` random pairs of xling-dev articles in two languages that share no
  case (``--seed``, 0 by default; all on one topic, COVID-19): any passage is a false link.

Vectors are encoded once per sentence (kept in memory across pairs).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpora import unpack  # noqa: E402
from multiway_translations import ORDER, PARAGRAPH  # noqa: E402


class MemoryKeeper:
    """Vectors kept across pairs, in memory (the store keeps them in a scan)."""

    def __init__(self) -> None:
        self.vectors: dict[str, np.ndarray] = {}

    def judged_vectors(self, model: str, sentences: list[str]) -> dict[str, np.ndarray]:
        return {s: self.vectors[s] for s in sentences if s in self.vectors}

    def add_judged_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        self.vectors.update(vectors)


def xling_set(root: Path) -> tuple[dict[str, str], dict[str, str], list[dict[str, Any]], set[frozenset[str]]]:
    """The development set at ``root``: each article's language and text (by file name), the
    gold cases, and the article pairs a case joins."""
    language = dict(row.split("\t")[:2] for row in (root / "docs.tsv").read_text(encoding="utf-8").splitlines()[1:])
    text = {name: (root / "docs" / name).read_text(encoding="utf-8") for name in language}
    cases = [json.loads(line) for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    related = {frozenset((Path(c["source"]["path"]).name, Path(c["target"]["path"]).name)) for c in cases}
    return language, text, cases, related


def judge(a: str, b: str, lang_a: str, lang_b: str, keeper: MemoryKeeper) -> list[tuple]:
    """The passages ``compare --cross-lingual`` reports for two texts."""
    from copytrail.stages.crosslingual import CrossLingualSettings, translated_passages

    found = translated_passages({"a": a, "b": b}, {"a": lang_a, "b": lang_b}, "a", CrossLingualSettings(enabled=True), keeper)
    return found.get("b", [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--others", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=0, help="Which random pairs are the others.")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    root = unpack("xling-dev")
    language, text, cases, related = xling_set(root)
    keeper = MemoryKeeper()
    started = time.perf_counter()
    gold_found, missed = 0, []
    translations = [c for c in cases if c["kind"] == "translation"]
    for case in translations:
        s, t = Path(case["source"]["path"]).name, Path(case["target"]["path"]).name
        passages = judge(text[s], text[t], language[s], language[t], keeper)
        hit = any(
            min(p[1], case["source"]["end"]) > max(p[0], case["source"]["start"]) and min(p[3], case["target"]["end"]) > max(p[2], case["target"]["start"])
            for p in passages
        )
        gold_found += hit
        if not hit:
            missed.append(case["id"])
    short_found, short_missed = 0, []
    for i, x in enumerate(ORDER):
        for y in ORDER[i + 1 :]:
            passages = judge(PARAGRAPH[x], PARAGRAPH[y], x, y, keeper)
            short_found += bool(passages)
            if not passages:
                short_missed.append(f"{x}-{y}")
    rng = random.Random(args.seed)
    names = sorted(language)
    others: set[tuple[str, str]] = set()
    while len(others) < args.others:
        a, b = rng.sample(names, 2)
        if language[a] != language[b] and frozenset((a, b)) not in related:
            others.add((min(a, b), max(a, b)))
    false_pairs = []
    for a, b in sorted(others):
        if judge(text[a], text[b], language[a], language[b], keeper):
            false_pairs.append(f"{a}~{b}")
    result: dict[str, Any] = {
        "gold": {"pairs": len(translations), "found": gold_found, "missed": missed},
        "short": {"pairs": 15, "found": short_found, "missed": short_missed},
        "others": {"pairs": len(others), "linked": len(false_pairs), "linked_pairs": false_pairs},
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(result, ensure_ascii=False))
    if args.out:
        payload = {"command": ["python", *sys.argv], "machine": {"platform": platform.platform(), "python": platform.python_version()}, **result}
        args.out.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
