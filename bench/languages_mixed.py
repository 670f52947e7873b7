"""Languages within one text: accuracy on texts that mix languages, false "mixed" on texts
that do not, and the passage language of each inserted paragraph.

    .venv/bin/python bench/languages_mixed.py [--cost] [--out bench/languages_mixed.json]

Built from the 200 articles of the cross-lingual development set (``../shared/data/xling-dev``:
en, fa, ar, ru, es, zh, ur), each in one language:

- **originals**: every article as it is; any second language read is a false "mixed";
- **paragraph**: an article with a paragraph of 1, 2 or 3 sentences of an article in another
  language put between its sentences at the middle (English hosts with every other language;
  every other language's hosts with English; Arabic hosts with Persian and Persian with
  Arabic); right when exactly the two languages are read, the host's first;
- **lead**: two sentences of a fa/ar/ru/ur/zh article over a whole English article (a site
  reprinting wire copy under its own lead); right when both are read, English first;
- **stray**: an article with one word, or a three-word name, of another script put in its
  middle, or of another language of its own script (a Spanish name, title or short quote in
  English, an English one in Spanish, Persian in Arabic, Arabic in Persian); right when read
  as one language (a stray word is no second language);
- **news**: Reuters and BBC stories of 150+ words with such a paragraph (fa/ar/ru/ur/zh/es) or a
  stray word of those languages: hosts the thresholds were not chosen on;
- **passage**: in each paragraph text read as mixed, ``passage_language`` of the inserted
  paragraph and of the host's first sentence.

``--cost``: what reading a text's languages adds to reading its main language, on the 21,268
Reuters and BBC stories and on the xling-dev articles by language: ``detect_language`` (what
ingest did before) and ``document_languages`` (what it does now) timed over the same texts,
interleaved, five times each (the box may be shared: the median is kept).

Rows of two languages written in one script (English with Spanish, Arabic with Persian) are
marked "(one script)": those are read by their function words and the model on each sentence
run that leans away from the main language (``stages.language._same_script_shares``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import bbc, reuters, unpack  # noqa: E402

from copytrail.stages.language import detect_language, document_languages, passage_language  # noqa: E402

_SENTENCE_END = regex.compile(r"(?<=[.!?؟。！？۔])\s+")
OTHERS = ("fa", "ar", "ru", "ur", "zh", "es")
HOSTS_PER_CASE = 10


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _paragraph_cases(by_lang: dict[str, list[str]], rng: random.Random) -> list[dict]:
    """Hosts of one language with a paragraph of another put at their middle."""
    cases = []
    pairs = [("en", other) for other in OTHERS] + [(other, "en") for other in OTHERS] + [("ar", "fa"), ("fa", "ar")]
    for host_lang, inserted_lang in pairs:
        for count in (1, 2, 3):
            for host in rng.sample(by_lang[host_lang], min(HOSTS_PER_CASE, len(by_lang[host_lang]))):
                donor = sentences(rng.choice(by_lang[inserted_lang]))
                start = rng.randrange(0, max(1, len(donor) - count))
                paragraph = " ".join(donor[start : start + count])
                parts = sentences(host)
                middle = len(parts) // 2
                text = " ".join(parts[:middle]) + "\n\n" + paragraph + "\n\n" + " ".join(parts[middle:])
                cases.append({
                    "case": "paragraph", "host": host_lang, "inserted": inserted_lang, "sentences": count,
                    "text": text, "paragraph": paragraph, "host_sentence": parts[0],
                    "expected": [host_lang, inserted_lang],
                })  # fmt: skip
    return cases


def _news_cases(by_lang: dict[str, list[str]], rng: random.Random) -> list[dict]:
    """Reuters and BBC stories of 150+ words (hosts the thresholds were not chosen on) with a
    paragraph of 1-3 sentences of a fa/ar/ru/ur/zh article put at their middle, and the same
    stories with a stray word or name of those scripts."""
    stories = [r["text"] for r in (*reuters(), *bbc()) if len(r["text"].split()) >= 150]
    cases = []
    for inserted_lang in ("fa", "ar", "ru", "ur", "zh", "es"):
        for count in (1, 2, 3):
            for host in rng.sample(stories, HOSTS_PER_CASE * 2):
                donor = sentences(rng.choice(by_lang[inserted_lang]))
                start = rng.randrange(0, max(1, len(donor) - count))
                paragraph = " ".join(donor[start : start + count])
                middle = len(host) // 2
                cut = host.find(" ", middle)
                text = host[:cut] + "\n\n" + paragraph + "\n\n" + host[cut:]
                cases.append({"case": "news", "host": "en", "inserted": inserted_lang, "sentences": count, "text": text, "expected": ["en", inserted_lang]})
        if inserted_lang in STRAY:
            for host in rng.sample(stories, HOSTS_PER_CASE * (6 if inserted_lang == "es" else 2)):
                cut = host.find(" ", len(host) // 2)
                text = host[:cut] + f" ({rng.choice(STRAY[inserted_lang])})" + host[cut:]
                cases.append({"case": "news-stray", "host": "en", "inserted": inserted_lang, "text": text, "expected": ["en"]})
    return cases


def _lead_cases(by_lang: dict[str, list[str]], rng: random.Random) -> list[dict]:
    cases = []
    for lead_lang in ("fa", "ar", "ru", "ur", "zh"):
        for host in rng.sample(by_lang["en"], HOSTS_PER_CASE):
            lead = " ".join(sentences(rng.choice(by_lang[lead_lang]))[:2])
            cases.append({"case": "lead", "host": "en", "inserted": lead_lang, "sentences": 2, "text": lead + "\n\n" + host, "expected": ["en", lead_lang]})
    return cases


STRAY = {
    "fa": ["تهران", "آقای محمد رضایی"], "ar": ["القاهرة", "السيد أحمد خالد"], "ru": ["Москва", "Иван Петрович Сидоров"],
    "zh": ["北京", "世界卫生组织"], "en": ["Reuters", "World Health Organization"],
    # of the host's own script: names, a title, a short quote (our own words)
    "es": ["José Luis Rodríguez", "Ministerio de Sanidad", "«no hay mal que por bien no venga»", "El amor en los tiempos del cólera"],
    "en-in-es": ["World Health Organization", "the show must go on", "Centers for Disease Control and Prevention"],
    "fa-in-ar": ["آقای محمد رضایی", "وزارت بهداشت ایران", "«این هم بگذرد»"],
    "ar-in-fa": ["السيد أحمد خالد", "بسم الله الرحمن الرحيم", "منظمة الصحة العالمية"],
}  # fmt: skip
SAME_SCRIPT_STRAY = [("en", "es", "es"), ("es", "en", "en-in-es"), ("ar", "fa", "fa-in-ar"), ("fa", "ar", "ar-in-fa")]


def _stray_cases(by_lang: dict[str, list[str]], rng: random.Random) -> list[dict]:
    cases = []
    pairs = [("en", lang, lang) for lang in ("fa", "ar", "ru", "zh")] + [(lang, "en", "en") for lang in ("fa", "ar", "ru", "ur", "zh")]
    for host_lang, stray_lang, words_of in pairs + SAME_SCRIPT_STRAY:
        for host in rng.sample(by_lang[host_lang], min(len(by_lang[host_lang]), HOSTS_PER_CASE * (3 if (host_lang, stray_lang, words_of) in SAME_SCRIPT_STRAY else 1))):
            words = host.split(" ")
            middle = len(words) // 2
            stray = rng.choice(STRAY[words_of])
            text = " ".join([*words[:middle], f"({stray})", *words[middle:]])
            cases.append({"case": "stray", "host": host_lang, "inserted": stray_lang, "text": text, "expected": [host_lang]})
    return cases


def _timed(texts: list[str], rounds: int = 5) -> dict[str, float]:
    """Median microseconds per text of the old reading (main language) and the new one."""
    readers = {"before_detect_language": detect_language, "after_document_languages": document_languages}
    times: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(rounds):
        for name, read in readers.items():
            started = time.perf_counter()
            for text in texts:
                read(text)
            times[name].append(1e6 * (time.perf_counter() - started) / len(texts))
    return {name: round(statistics.median(values), 2) for name, values in times.items()}


def cost(by_lang: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """``--cost``: microseconds per text, before and after, on the news stories and per language."""
    stories = [r["text"] for r in (*reuters(), *bbc()) if r["text"].strip()]
    detect_language("warm up")
    out = {f"reuters_bbc_{len(stories)}": _timed(stories)}
    out[f"reuters_bbc_{len(stories)}"]["read_as_mixed"] = sum("," in document_languages(text)[1] for text in stories)
    for lang, texts in sorted(by_lang.items()):
        out[f"xling_{lang}_{len(texts)}"] = _timed(texts, rounds=9)
    for name, row in out.items():
        mixed = f"  read as mixed: {row['read_as_mixed']}" if "read_as_mixed" in row else ""
        print(f"{name:<24} before {row['before_detect_language']:8.2f} us  after {row['after_document_languages']:8.2f} us a text{mixed}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--cost", action="store_true", help="also time the reading against the old one")
    args = parser.parse_args()
    root = unpack("xling-dev")
    rows = list(csv.DictReader((root / "docs.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    by_lang: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_lang[row["lang"]].append((root / "docs" / row["name"]).read_text(encoding="utf-8"))
    rng = random.Random(17)
    originals = [{"case": "original", "host": lang, "text": text, "expected": [lang]} for lang, texts in by_lang.items() for text in texts]
    cases = originals + _paragraph_cases(by_lang, rng) + _lead_cases(by_lang, rng) + _stray_cases(by_lang, rng)
    cases += _news_cases(by_lang, random.Random(18))
    started = time.perf_counter()
    read = [document_languages(case["text"])[1].split(",") for case in cases]
    seconds = time.perf_counter() - started
    tally: dict[str, Counter] = defaultdict(Counter)
    wrong: list[dict] = []
    passages: Counter = Counter()
    for case, got in zip(cases, read, strict=True):
        one_script = "inserted" in case and {case["host"], case["inserted"]} in ({"en", "es"}, {"ar", "fa"})
        key = f"{case['case']} {case['host']}+{case['inserted']}" if "inserted" in case else f"original {case['host']}"
        if case["case"] in ("paragraph", "news"):
            key += f" {case['sentences']}s"
        right = got == case["expected"]
        tally[key]["right" if right else "wrong"] += 1
        tally[key]["same_script"] = int(one_script)
        if not right and len(wrong) < 60:
            wrong.append({"case": key, "read": got, "expected": case["expected"], "start": case["text"][:80]})
        if case["case"] == "paragraph" and len(got) > 1:
            passages["inserted right" if passage_language(case["paragraph"]) == case["inserted"] else "inserted wrong"] += 1
            passages["host right" if passage_language(case["host_sentence"]) == case["host"] else "host wrong"] += 1
    summary = {key: dict(counts) for key, counts in sorted(tally.items())}
    for key, counts in summary.items():
        print(f"{key:<28} {counts.get('right', 0):>3}/{counts.get('right', 0) + counts.get('wrong', 0):<3}{'  (one script)' if counts['same_script'] else ''}")
    print("passages read in mixed texts:", dict(passages))
    print(f"{len(cases)} texts read in {seconds:.2f} s ({1000 * seconds / len(cases):.3f} ms a text)")
    for item in wrong:
        print("wrong:", item)
    timings = cost(by_lang) if args.cost else None
    if args.out:
        args.out.write_text(json.dumps({"cost_us_per_text": timings, "load_after": os.getloadavg(), "cases": summary, "passages": dict(passages), "texts": len(cases), "seconds": seconds, "wrong": wrong}, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
