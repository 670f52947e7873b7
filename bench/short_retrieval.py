"""Does retrieval lose what alignment would find?  Short texts and rewrites, per language.

    .venv/bin/python bench/short_retrieval.py [--set ngram=3 ...] [--out FILE.json]

For each labelled set, every given pair (source, reuse) is aligned directly
(``align_texts``, default settings); the pairs where the aligner finds a passage and whose
shorter text holds at least 40 words are what retrieval must not lose.  The whole set is
then sketched and paired as a scan does (``words`` -> ``batch_keys`` -> ``candidate_pairs``,
every document new) and the ratio reported is: aligned pairs that are also candidates /
aligned pairs.  ``candidates`` counts every pair retrieval proposes (the alignment work it
causes); ``reuse_share_in_passages`` the mean share of the reusing text's characters inside
the aligned pairs' passages; ``passage_kinds`` the kinds the aligner gives the given pairs' passages (a rewrite
should be ``edited`` or ``paraphrase``); ``false_links``, on the sets built on the development
set (where every reuse is labelled and all articles are about one topic, COVID-19), the
candidates with no labelled reuse that still get a passage: same-topic articles wrongly linked.  Each set is scored with the earlier retrieval (word 4-grams, 20 bands of 3 rows, one
shared key), with the current settings less the probe keys of short documents and the
content keys (``probe_windows`` 0, ``content_bands`` 0) and with the current settings (or those given with ``--set``), in the
same run, and with probes but no content keys (``content_bands`` 0); ``clough_classes``
gives Clough-Stevenson per category.  ``--scan-cost`` times whole scans of the 21,268 Reuters
and BBC stories with each of these three retrievals.

Sets (all from ``../shared/data``; nothing here was tuned on them before this benchmark):

- ``clough``: Clough-Stevenson, 95 answers against their task's article (``non`` answers
  count only if the aligner links them, which it should not).
- ``xling-copy``: the same-language copies of the cross-lingual development set (8).
- ``rewrites-reuters`` / ``rewrites-bbc``: 150 short rewrites each of real stories: 40–150
  words of consecutive sentences, two sentences swapped, 10–30% of words dropped, replaced
  or added; among 1,500 stories of the same corpus.
- ``rewrites-<lang>`` (en, fa, ar, ur, ru, es, zh): the same kind of rewrite of runs of
  xling-dev articles, plus the spellings writers and keyboards swap (fa/ar/ur: Arabic and
  Persian yeh and kaf, half-spaces dropped or made spaces, harakat, Persian or Arabic-Indic
  digits; ru: ё as е, a Latin o inside words); among the 200 articles.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import as_scanned, bbc, reuters, unpack, write_jsonl  # noqa: E402

from copytrail.stages.align import align_texts  # noqa: E402
from copytrail.stages.candidates import CandidateSettings, candidate_pairs  # noqa: E402
from copytrail.stages.segment import sentence_bounds, words  # noqa: E402
from copytrail.stages.sketch import SketchSettings, WordHasher, text_keys  # noqa: E402

MIN_WORDS = 40


def candidates(texts: list[str], sketch: SketchSettings, cand: CandidateSettings) -> set[tuple[int, int]]:
    keys = text_keys(texts, WordHasher(), sketch)[1]  # as a scan makes them (sentence keys too)
    flat = np.concatenate(keys) if keys else np.empty(0, dtype=np.int64)
    docs = np.repeat(np.arange(len(texts)), [len(k) for k in keys])
    a, b, _ = candidate_pairs(flat, docs, np.ones(len(texts), dtype=bool), cand)
    return set(zip(a.tolist(), b.tolist(), strict=True))


def score(
    texts: list[str], pairs: list[tuple[int, int]], sketch: SketchSettings, cand: CandidateSettings,
    related: set[tuple[int, int]] | None = None,
) -> dict:
    """Retrieval against alignment on the given pairs; the kinds of the aligned pairs'
    passages; and false links: candidates that are neither given nor ``related`` (another
    labelled reuse) yet get a passage (same-topic stories wrongly linked)."""
    found = candidates(texts, sketch, cand)
    settings = as_scanned(texts)  # pairs aligned as a scan of the set aligns them (its common stems)
    aligned = retrieved = short = 0
    lost: list[int] = []
    kinds: dict[str, int] = {}
    covered = 0.0
    for i, j in pairs:
        if min(len(words(texts[i])), len(words(texts[j]))) < MIN_WORDS:
            short += 1
            continue
        passages = align_texts(texts[i], texts[j], settings)
        if not passages:
            continue
        aligned += 1
        covered += sum(p.b_end - p.b_start for p in passages) / max(1, len(texts[j]))
        for passage in passages:
            kinds[passage.kind] = kinds.get(passage.kind, 0) + 1
        if (min(i, j), max(i, j)) in found:
            retrieved += 1
        else:
            lost.append(len(words(texts[j])))
    others: list[tuple[int, int]] = []
    false_links = None
    if related is not None:
        # a rewrite also shares text with whatever reuses its source: labelled too
        partners = {}
        for i, j in related:
            partners.setdefault(i, set()).add(j)
            partners.setdefault(j, set()).add(i)
        inherited = {(k, j) for i, j in pairs for k in partners.get(i, ())}
        labelled = {(min(i, j), max(i, j)) for i, j in (*pairs, *related, *inherited)}
        # two rewrites may share the words their edits drew from one vocabulary: not counted
        others = sorted(p for p in found - labelled if min(p) < len(texts) - len(pairs))
        false_links = sum(1 for i, j in others if align_texts(texts[i], texts[j], settings))
    return {
        "given": len(pairs), "under_40_words": short, "aligned": aligned, "retrieved": retrieved,
        "ratio": round(retrieved / aligned, 4) if aligned else None, "candidates": len(found),
        "passage_kinds": kinds, "reuse_share_in_passages": round(covered / aligned, 4) if aligned else None, "unlabelled_candidates": len(others), "false_links": false_links,
        "lost_words": sorted(lost)[:20],
    }  # fmt: skip


def _clough_rows() -> tuple[Path, list[dict[str, str]]]:
    """The corpus folder and its answers (the tasks' articles themselves left out)."""
    root = unpack("clough_stevenson")
    with open(root / "file_information.csv", encoding="utf-8-sig") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Category"].strip() != "orig"]
    return root, rows


def clough() -> tuple[list[str], list[tuple[int, int]]]:
    root, rows = _clough_rows()
    texts = [(root / f"orig_task{t}.txt").read_text(encoding="utf-8", errors="replace") for t in "abcde"]
    pairs = []
    for row in rows:
        texts.append((root / row["File"]).read_text(encoding="utf-8", errors="replace"))
        pairs.append(("abcde".index(row["Task"].strip()), len(texts) - 1))
    return texts, pairs


def clough_classes(sketch: SketchSettings, cand: CandidateSettings) -> dict:
    """Clough-Stevenson per category (cut, light, heavy, non): answers, those the aligner
    links when given the pair, and those a scan links (a candidate and aligned); the answers
    the aligner links but retrieval loses, and the derived ones the aligner does not link."""
    texts, pairs = clough()
    _, rows = _clough_rows()
    found = candidates(texts, sketch, cand)
    settings = as_scanned(texts)
    out: dict = {}
    for (i, j), row in zip(pairs, rows, strict=True):
        cell = out.setdefault(row["Category"].strip(), {"answers": 0, "aligned": 0, "linked": 0, "lost_at_retrieval": [], "not_aligned": []})
        cell["answers"] += 1
        name = Path(row["File"]).stem
        if not align_texts(texts[i], texts[j], settings):
            cell["not_aligned"].append(name)
            continue
        cell["aligned"] += 1
        if (min(i, j), max(i, j)) in found:
            cell["linked"] += 1
        else:
            cell["lost_at_retrieval"].append(name)
    return dict(sorted(out.items()))


def xling() -> tuple[Path, list[str], list[str]]:
    root = unpack("xling-dev")
    rows = _docs_table(root)
    texts = [(root / "docs" / r["name"]).read_text(encoding="utf-8") for r in rows]
    return root, [r["name"] for r in rows], texts


def _docs_table(root: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((root / "docs.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"))


def xling_gold(kinds: tuple[str, ...] = ("copy", "translation")) -> set[tuple[int, int]]:
    """The document pairs of the development set's gold cases (indices into ``xling()``)."""
    root, names, _ = xling()
    pairs = set()
    for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if case["kind"] in kinds:
            pairs.add((names.index(Path(case["source"]["path"]).name), names.index(Path(case["target"]["path"]).name)))
    return pairs


def xling_copies() -> tuple[list[str], list[tuple[int, int]]]:
    return xling()[2], sorted(xling_gold(("copy",)))


_SPELLINGS = {
    "arabic": [("ی", "ي"), ("ک", "ك"), ("ي", "ی"), ("ك", "ک"), ("\u200c", ""), ("\u200c", " "), ("ة", "ه"), ("أ", "ا")],
    "russian": [("ё", "е"), ("о", "o")],
}
_DIGITS = {"persian": "۰۱۲۳۴۵۶۷۸۹", "arabic": "٠١٢٣٤٥٦٧٨٩"}


def _respell(text: str, language: str, rng: random.Random) -> str:
    """The swaps of spelling a retyped copy makes, each applied to the whole text or not."""
    family = "arabic" if language in ("fa", "ar", "ur") else "russian" if language == "ru" else ""
    for old, new in _SPELLINGS.get(family, []):
        if rng.random() < 0.5:
            text = text.replace(old, new)
    if family == "arabic":
        digits = _DIGITS["persian" if rng.random() < 0.5 else "arabic"]
        text = text.translate({ord(str(d)): digits[d] for d in range(10)})
        if rng.random() < 0.5:  # a fatha here and there
            text = "".join(c + ("\u064e" if c.isalpha() and rng.random() < 0.05 else "") for c in text)
        text = " ".join(_clitic(word, rng) for word in text.split(" "))
    return text


def _clitic(word: str, rng: random.Random) -> str:
    """One word in ten written with or without what Arabic script writes onto a word: the
    article, a conjunction, a plural ending ("the station" for "station", "and said" for "said")."""
    if len(word) < 4 or rng.random() >= 0.1:
        return word
    for prefix in ("وال", "ال", "و"):
        if word.startswith(prefix):
            return word[len(prefix) :]
    for suffix in ("ها", "ات"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return rng.choice(("ال", "و")) + word


def rewrite(text: str, language: str, vocabulary: list[str], rng: random.Random) -> str | None:
    """40–150 words of consecutive sentences, two swapped, 10–30% of words edited."""
    bounds = sentence_bounds(text)
    if len(bounds) < 3:
        return None
    for _ in range(10):
        first = rng.randrange(len(bounds))
        last = first
        while last + 1 < len(bounds) and len(words(text[bounds[first][0] : bounds[last][1]])) < rng.randint(40, 150):
            last += 1
        chunk = [text[a:b] for a, b in bounds[first : last + 1]]
        if MIN_WORDS <= len(words(" ".join(chunk))) <= 150 and len(chunk) >= 2:
            break
    else:
        return None
    i = rng.randrange(len(chunk) - 1)
    chunk[i], chunk[i + 1] = chunk[i + 1], chunk[i]
    rate = rng.uniform(0.10, 0.30)
    joiner = "" if language == "zh" else " "  # Chinese is edited character by character
    out = [joiner.join(reword(sentence if language == "zh" else sentence.split(), rate, vocabulary, rng)) for sentence in chunk]
    return _respell(joiner.join(out), language, rng)


def reword(tokens: Iterable[str], rate: float, vocabulary: list[str], rng: random.Random) -> list[str]:
    """``tokens`` with a third of ``rate`` of them dropped, a third replaced, a third followed
    by a word added (words drawn from ``vocabulary``)."""
    kept: list[str] = []
    for token in tokens:
        roll = rng.random()
        if roll < rate / 3:
            continue
        kept.append(rng.choice(vocabulary) if roll < 2 * rate / 3 else token)
        if rate / 3 * 2 <= roll < rate:
            kept.append(rng.choice(vocabulary))
    return kept


def news_rewrites(name: str, count: int, seed: int) -> tuple[list[str], list[tuple[int, int]]]:
    rng = random.Random(seed)
    stories = [r["text"] for r in (reuters() if name == "reuters" else bbc()) if len(r["text"].split()) >= 60]
    rng.shuffle(stories)
    texts = stories[:1500]
    vocabulary = " ".join(texts[:200]).split()
    pairs = []
    for index in range(count):
        copy = rewrite(texts[index], "en", vocabulary, rng)
        if copy is not None:
            texts.append(copy)
            pairs.append((index, len(texts) - 1))
    return texts, pairs


LANGUAGES = ("en", "fa", "ar", "ur", "ru", "es", "zh")


def language_rewrites(seed: int) -> dict[str, tuple[list[str], list[tuple[int, int]]]]:
    root, names, texts = xling()
    langs = {r["name"]: r["lang"] for r in _docs_table(root)}
    rng = random.Random(seed)
    out = {}
    for language in LANGUAGES:
        own = [i for i, n in enumerate(names) if langs[n] == language]
        vocabulary = " ".join(texts[i] for i in own).split() if language != "zh" else [c for i in own for c in texts[i] if c.strip()]
        corpus = list(texts)
        pairs = []
        for index in own:
            copy = rewrite(texts[index], language, vocabulary, rng)
            if copy is not None:
                corpus.append(copy)
                pairs.append((index, len(corpus) - 1))
        out[f"rewrites-{language}"] = (corpus, pairs)
    return out


EARLIER = (SketchSettings(ngram=4, bands=20, rows=3, probe_windows=0, content_bands=0), CandidateSettings(min_shared=1))


def _steps(sketch: SketchSettings, cand: CandidateSettings) -> tuple[tuple[str, tuple[SketchSettings, CandidateSettings]], ...]:
    """The retrieval before probe and content keys, with probes only, and the given one."""
    return (
        ("without probes", (replace(sketch, probe_windows=0, content_bands=0), cand)),
        ("probes only", (replace(sketch, content_bands=0), cand)),
        ("current", (sketch, cand)),
    )


def scan_cost(sketch: SketchSettings, cand: CandidateSettings, rounds: int = 2) -> dict:
    """Whole scans of the Reuters and BBC stories with each retrieval of ``_steps`` (before
    the probe keys of short documents and the content keys, with probes only, and the given
    settings), taking turns ``rounds`` times so that a loaded box weighs on all alike."""
    import tempfile

    from copytrail.engines.local import scan
    from copytrail.settings import ClaimsSettings, ScanSettings
    from copytrail.store import open_store

    out: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        paths = write_jsonl(list(reuters()) + list(bbc()), Path(folder) / "rb", shards=4)
        for turn in range(rounds):
            for name, (sk, cd) in _steps(sketch, cand):
                settings = ScanSettings(sketch=sk, candidates=cd, claims=ClaimsSettings(enabled=False))
                store_path = Path(folder) / f"{name}-{turn}.duckdb"
                started = time.perf_counter()
                with open_store(store_path) as store:
                    result = scan(paths, store, settings)
                    keys = store.query("SELECT count(*) AS n FROM band_keys")[0]["n"]
                store_path.unlink()
                run = {
                    "seconds": round(time.perf_counter() - started, 2), "documents": result.documents_added,
                    "pairs": result.pairs_compared, "alignments": result.alignments_added, "band_keys": keys,
                }  # fmt: skip
                out.setdefault(name, []).append(run)
                print(f"scan {name:<15} {run}", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", action="append", default=[], help="sketch or candidate setting NAME=VALUE")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scan-cost", action="store_true", help="also time whole scans of 21k stories")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    sketch, cand = SketchSettings(), CandidateSettings()
    for item in args.set:
        name, value = item.split("=", 1)
        if hasattr(sketch, name):
            sketch = replace(sketch, **{name: int(value)})
        else:
            cand = replace(cand, **{name: int(value)})
    started = time.perf_counter()
    sets = {"clough": clough(), "xling-copy": xling_copies()}
    sets["rewrites-reuters"] = news_rewrites("reuters", 150, args.seed)
    sets["rewrites-bbc"] = news_rewrites("bbc", 150, args.seed)
    sets.update(language_rewrites(args.seed))
    gold = xling_gold()
    out: dict = {
        "command": ["python", "bench/short_retrieval.py", *sys.argv[1:]],
        "machine": {"platform": platform.platform(), "python": platform.python_version()},
        "sketch": asdict(sketch), "candidates": asdict(cand),
    }  # fmt: skip
    runs = (("earlier", EARLIER), *_steps(sketch, cand))
    for label, (sk, cd) in runs:
        results = {}
        for name, (texts, pairs) in sets.items():
            # false links are counted where every reuse is labelled: the development set
            related = gold if name.startswith("xling") or name.split("-")[-1] in LANGUAGES else None
            results[name] = r = score(texts, pairs, sk, cd, related)
            print(
                f"{label:<8} {name:<18} aligned {r['aligned']:>4}  retrieved {r['retrieved']:>4}  ratio {r['ratio']}  "
                f"candidates {r['candidates']}  kinds {r['passage_kinds']}  false links {r['false_links']}"
            )
        aligned = sum(r["aligned"] for r in results.values())
        retrieved = sum(r["retrieved"] for r in results.values())
        print(f"{label:<8} {'all':<18} aligned {aligned:>4}  retrieved {retrieved:>4}  ratio {retrieved / aligned:.4f}")
        out[label] = {"sets": results, "all": {"aligned": aligned, "retrieved": retrieved, "ratio": round(retrieved / aligned, 4)}}
        out[label]["clough_classes"] = classes = clough_classes(sk, cd)
        print(f"{label:<8} clough by class: " + ", ".join(
            f"{c} linked {r['linked']}/{r['answers']} (aligner {r['aligned']}, lost {r['lost_at_retrieval']}, not aligned {r['not_aligned']})"
            for c, r in classes.items()
        ))  # fmt: skip
    out["seconds"] = round(time.perf_counter() - started, 1)
    if args.scan_cost:
        out["scan_cost"] = scan_cost(sketch, cand)
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
