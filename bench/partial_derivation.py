"""Partly derived stories: does a story that takes one to three sentences of another into its
own text get linked to it, in every language?

    .venv/bin/python bench/partial_derivation.py --out bench/partial_derivation.json
    PYTHONPATH=<a checkout of an earlier commit>/src .venv/bin/python bench/partial_derivation.py --out before.json

A newspaper rewriting agency copy often keeps only a sentence or two of it, placed among its
own reporting (a "partly derived" story). Built from the xling-dev articles (all about one
topic, COVID-19, so every host shares names and phrases with every source): for each article
of a language (the source), another article of the same language (the host) gets ``k`` of
the source's sentences of 15–45 words, each at a random place, each with a share ``rate`` of
its words dropped, replaced or added (words drawn from the language's articles); Persian,
Arabic and Urdu copies are also respelled as a retyped copy is (yeh and kaf forms,
half-spaces dropped or typed as spaces, digits, harakat, clitics: ``short_retrieval._respell``).

Per language, ``k`` and ``rate``:

- ``aligner``: the (source, derived) pairs where ``align_texts`` (defaults) finds a passage;
- ``retrieved``: of those, the pairs the scan's retrieval proposes (the articles and the
  derived stories of the language sketched and paired together, every document new);
- ``containment``: the pairs a plain baseline flags, 5% or more of the derived story's word
  5-grams found in the source.

Hard negatives: every same-language pair of the original articles with no labelled reuse
(``negatives``: pairs, pairs the aligner links, pairs the containment baseline flags).
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import as_scanned  # noqa: E402
from short_retrieval import _docs_table, _respell, candidates, reword, xling, xling_gold  # noqa: E402

from copytrail.stages.align import align_texts  # noqa: E402
from copytrail.stages.candidates import CandidateSettings  # noqa: E402
from copytrail.stages.segment import sentence_bounds, words  # noqa: E402
from copytrail.stages.sketch import SketchSettings  # noqa: E402

LANGUAGES = ("en", "fa", "ar", "ur", "ru", "es")
SENTENCES = (1, 2, 3)
RATES = (0.0, 0.15, 0.3)
CONTAINMENT = 0.05


def five_grams(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + 5]) for i in range(len(found) - 4)}


def contained(source: str, derived: str) -> bool:
    grams = five_grams(derived)
    return bool(grams) and len(grams & five_grams(source)) / len(grams) >= CONTAINMENT


def derive(source: str, host: str, k: int, rate: float, language: str, vocabulary: list[str], rng: random.Random) -> str | None:
    picks = [source[a:b] for a, b in sentence_bounds(source) if 15 <= len(words(source[a:b])) <= 45]
    parts = [host[a:b] for a, b in sentence_bounds(host)]
    if len(picks) < k or len(parts) < 4:
        return None
    for sentence in rng.sample(picks, k):
        parts.insert(rng.randrange(len(parts) + 1), " ".join(reword(sentence.split(), rate, vocabulary, rng)))
    derived = " ".join(parts)
    return _respell(derived, language, rng) if language in ("fa", "ar", "ur") else derived


def measure_language(language: str, own: list[int], texts: list[str], seed: int) -> dict[str, dict]:
    vocabulary = " ".join(texts[i] for i in own).split()
    rng = random.Random(f"{seed}-{language}")
    out: dict[str, dict] = {}
    for k, rate in itertools.product(SENTENCES, RATES):
        corpus = [texts[i] for i in own]
        linked: list[tuple[int, int]] = []
        flagged = made = 0
        kinds: dict[str, int] = {}
        for position, source in enumerate(own):
            host = rng.choice([i for i in own if i != source])
            derived = derive(texts[source], texts[host], k, rate, language, vocabulary, rng)
            if derived is None:
                continue
            made += 1
            corpus.append(derived)
            passages = align_texts(texts[source], derived, _ALIGN[0])
            if passages:
                linked.append((position, len(corpus) - 1))
                for p in passages:
                    kinds[p.kind] = kinds.get(p.kind, 0) + 1
            flagged += contained(texts[source], derived)
        proposed = candidates(corpus, SketchSettings(), CandidateSettings())
        retrieved = sum(1 for a, b in linked if (a, b) in proposed or (b, a) in proposed)
        out[f"k={k} rate={rate}"] = {
            "stories": made, "aligner": len(linked), "retrieved": retrieved, "containment": flagged,
            "passage_kinds": dict(sorted(kinds.items())),
        }  # fmt: skip
    return out


def negatives(language: str, own: list[int], texts: list[str], gold: set[tuple[int, int]]) -> dict[str, int]:
    pairs = linked = flagged = 0
    for a, b in itertools.combinations(own, 2):
        if (a, b) in gold or (b, a) in gold:
            continue
        pairs += 1
        linked += bool(align_texts(texts[a], texts[b], _ALIGN[0]))
        flagged += contained(texts[a], texts[b]) or contained(texts[b], texts[a])
    return {"pairs": pairs, "aligner": linked, "containment": flagged}


_ALIGN: list = [None]  # the settings a scan of the articles aligns with (``corpora.as_scanned``)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-negatives", action="store_true", help="skip the hard negatives (the slow part: every pair)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    root, names, texts = xling()
    _ALIGN[0] = as_scanned(list(texts))
    languages = {r["name"]: r["lang"] for r in _docs_table(root)}
    gold = xling_gold(("copy", "translation"))
    started = time.perf_counter()
    results: dict[str, dict] = {}
    for language in LANGUAGES:
        own = [i for i, name in enumerate(names) if languages[name] == language]
        results[language] = {"derived": measure_language(language, own, texts, args.seed)}
        if not args.no_negatives:
            results[language]["negatives"] = negatives(language, own, texts, gold)
        for case, row in results[language]["derived"].items():
            print(f"{language} {case:<14} stories {row['stories']:3}  aligner {row['aligner']:3}  retrieved {row['retrieved']:3}  containment {row['containment']:3}  {row['passage_kinds']}", flush=True)
        if "negatives" in results[language]:
            print(f"{language} negatives      {results[language]['negatives']}", flush=True)
    report = {
        "command": ["python", *sys.argv],
        "machine": {"platform": platform.platform(), "python": platform.python_version()},
        "seconds": round(time.perf_counter() - started, 1),
        "languages": results,
    }
    if args.out:
        args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
