"""Character precision of passages on reordered, partly-copied articles built from real news.

    .venv/bin/python bench/reordered_copies.py [--pairs 400] [--seed 7] [--out FILE.json]

A republished fact sheet takes some paragraphs of its source, in another order, edits a
few, drops others and mixes in text of its own.  Each pair here is built that way from a
real Reuters-21578 or BBC article (``../shared/data``): the source is the article's
paragraphs; the copy takes 40–80% of them (always leaving out at least one paragraph that
lies between two copied ones in the source), reorders them, edits about a third of them
lightly (5% of words dropped, replaced or added), and mixes in one to three paragraphs of
another article of the same corpus.  Every copied paragraph is one gold case: its span in
the source and its span in the copy.

Each pair is aligned with ``copytrail.stages.align.align_texts`` (default settings, or the
``--set NAME=VALUE`` given) and scored on characters, both sides together:

- precision: characters inside passages that lie in a gold case whose other side the
  same passage also reaches (a passage that pairs source paragraph 2 with the copy of
  paragraph 5 does not count);
- recall: gold characters inside passages;
- ``holds_dropped``: passages whose source side holds 150 or more characters of source
  paragraphs the copy never uses (the fault this benchmark was made for);
- granularity: passages per detected gold case (PAN's measure, 1 is best).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import sys
import time
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import _edit, bbc, reuters  # noqa: E402

from copytrail.stages.align import AlignSettings, Passage, align_texts  # noqa: E402

_REUTERS_BREAK = re.compile(r"\n[ \t]{2,}")
_DROPPED_CHARS = 150  # source characters of unused paragraphs that make a passage too wide


@dataclass
class Pair:
    corpus: str
    source: str
    copy: str
    cases: list[tuple[int, int, int, int]]  # gold: source start, end, copy start, end
    dropped: list[tuple[int, int]]  # source paragraphs the copy does not use


def paragraphs(record: dict, corpus: str) -> list[str]:
    """The article's paragraphs of at least 12 words (Reuters: indented lines; BBC: blank lines)."""
    text = record["text"]
    if corpus == "reuters":
        text = re.sub(r"\s*Reuter\s*$", "", text)
        parts = _REUTERS_BREAK.split(text)
    else:
        parts = re.split(r"\n\s*\n", text)
    return [p.strip() for p in parts if len(p.split()) >= 12]


def build_pair(
    corpus: str, source_paras: list[str], other_paras: list[str], vocabulary: list[str], rng: random.Random
) -> Pair:
    """One source and its reordered, partly-copied, partly-edited, mixed copy, with gold spans."""
    n = len(source_paras)
    while True:
        kept = sorted(rng.sample(range(n), max(2, round(n * rng.uniform(0.4, 0.8)))))
        if any(i not in kept for i in range(kept[0], kept[-1])):
            break  # a dropped paragraph lies between two copied ones
    order = kept[:]
    if rng.random() < 0.5:
        rng.shuffle(order)
    else:
        for _ in range(2):
            i, j = rng.randrange(len(order)), rng.randrange(len(order))
            order[i], order[j] = order[j], order[i]
    pieces: list[tuple[int | None, str]] = []
    for index in order:
        text = source_paras[index]
        if rng.random() < 1 / 3:
            text = " ".join(_edit(text.split(), 0.05, vocabulary, rng)[0])
        pieces.append((index, text))
    for para in rng.sample(other_paras, min(len(other_paras), rng.randint(1, 3))):
        pieces.insert(rng.randint(0, len(pieces)), (None, para))
    starts, offset = [], 0
    for para in source_paras:
        starts.append(offset)
        offset += len(para) + 2
    source = "\n\n".join(source_paras)
    copy_parts, cases, offset = [], [], 0
    for index, text in pieces:
        if index is not None:
            cases.append((starts[index], starts[index] + len(source_paras[index]), offset, offset + len(text)))
        copy_parts.append(text)
        offset += len(text) + 2
    dropped = [(starts[i], starts[i] + len(source_paras[i])) for i in range(n) if i not in kept]
    return Pair(corpus, source, "\n\n".join(copy_parts), cases, dropped)


def build_pairs(count: int, seed: int) -> list[Pair]:
    rng = random.Random(seed)
    pairs: list[Pair] = []
    for corpus, records in (("reuters", list(reuters())), ("bbc", list(bbc()))):
        split = [paragraphs(r, corpus) for r in records]
        sources = [p for p in split if len(p) >= 5]
        others = [p for p in split if len(p) >= 1]
        vocabulary = [w for p in split[:2000] for para in p[:1] for w in para.split()[:50]]
        for index in rng.sample(range(len(sources)), count // 2):
            other = rng.choice(others)
            while other is sources[index]:
                other = rng.choice(others)
            pairs.append(build_pair(corpus, sources[index], other, vocabulary, rng))
    return pairs


@dataclass
class Tally:
    pairs: int = 0
    cases: int = 0
    detected_cases: int = 0
    passages_on_cases: int = 0
    passages: int = 0
    holds_dropped: int = 0
    gold_chars: int = 0
    found_chars: int = 0
    correct_chars: int = 0
    recalled_chars: int = 0
    source_found: int = 0
    source_correct: int = 0
    extra: dict = field(default_factory=dict)

    def add(self, pair: Pair, passages: list[Passage]) -> None:
        self.pairs += 1
        self.cases += len(pair.cases)
        self.passages += len(passages)
        correct: list[set[int]] = [set(), set()]
        found: list[set[int]] = [set(), set()]
        gold: list[set[int]] = [set(), set()]
        for s0, s1, c0, c1 in pair.cases:
            gold[0].update(range(s0, s1))
            gold[1].update(range(c0, c1))
        for p in passages:
            found[0].update(range(p.a_start, p.a_end))
            found[1].update(range(p.b_start, p.b_end))
            for s0, s1, c0, c1 in pair.cases:
                if p.a_start < s1 and s0 < p.a_end and p.b_start < c1 and c0 < p.b_end:
                    correct[0].update(range(max(s0, p.a_start), min(s1, p.a_end)))
                    correct[1].update(range(max(c0, p.b_start), min(c1, p.b_end)))
            if sum(max(0, min(d1, p.a_end) - max(d0, p.a_start)) for d0, d1 in pair.dropped) >= _DROPPED_CHARS:
                self.holds_dropped += 1
        for s0, s1, c0, c1 in pair.cases:
            hits = [p for p in passages if p.a_start < s1 and s0 < p.a_end and p.b_start < c1 and c0 < p.b_end]
            if hits:
                self.detected_cases += 1
                self.passages_on_cases += len(hits)
        self.gold_chars += len(gold[0]) + len(gold[1])
        self.found_chars += len(found[0]) + len(found[1])
        self.correct_chars += len(correct[0]) + len(correct[1])
        self.recalled_chars += len(found[0] & gold[0]) + len(found[1] & gold[1])
        self.source_found += len(found[0])
        self.source_correct += len(correct[0])

    def summary(self) -> dict:
        return {
            "pairs": self.pairs,
            "gold_cases": self.cases,
            "passages": self.passages,
            "precision": round(self.correct_chars / max(1, self.found_chars), 4),
            "recall": round(self.recalled_chars / max(1, self.gold_chars), 4),
            "source_precision": round(self.source_correct / max(1, self.source_found), 4),
            "cases_detected": round(self.detected_cases / max(1, self.cases), 4),
            "granularity": round(self.passages_on_cases / max(1, self.detected_cases), 4),
            "holds_dropped": self.holds_dropped,
        }


def evaluate(pairs: list[Pair], settings: AlignSettings) -> dict[str, dict]:
    tallies = {"reuters": Tally(), "bbc": Tally(), "all": Tally()}
    for pair in pairs:
        passages = align_texts(pair.source, pair.copy, settings)
        tallies[pair.corpus].add(pair, passages)
        tallies["all"].add(pair, passages)
    return {name: tally.summary() for name, tally in tallies.items()}


def _settings(assignments: list[str]) -> AlignSettings:
    settings = AlignSettings()
    types = {f.name: type(getattr(settings, f.name)) for f in fields(AlignSettings)}
    for item in assignments:
        name, _, value = item.partition("=")
        if name not in types:
            raise SystemExit(f"no AlignSettings field {name!r}")
        kind = types[name]
        settings = replace(settings, **{name: value.lower() in ("1", "true") if kind is bool else kind(value)})
    return settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=400, help="pairs, half Reuters, half BBC")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="an AlignSettings value")
    parser.add_argument("--out", default=None, help="write the figures as JSON here")
    args = parser.parse_args()
    settings = _settings(args.set)
    pairs = build_pairs(args.pairs, args.seed)
    started = time.perf_counter()
    results = {
        "command": ["python", "bench/reordered_copies.py", *sys.argv[1:]],
        "machine": {"platform": platform.platform(), "python": platform.python_version()},
        "settings": settings.recorded(),
        "results": evaluate(pairs, settings),
        "seconds": round(time.perf_counter() - started, 1),
    }
    text = json.dumps(results, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(json.dumps(results["results"], indent=2), f"\n{results['seconds']} s")


if __name__ == "__main__":
    main()
