"""What reading a second language of the main one's script costs: ``document_languages`` of a
tree before the change (``--before DIR``, e.g. ``git archive <commit> src | tar -x -C DIR``) and
of this tree, timed over the same texts in one process, alternating, median of the rounds.

    .venv/bin/python bench/languages_same_script_cost.py --before DIR [--rounds 7] [--out FILE]

Texts: the 21,268 Reuters and BBC stories (all English) and the xling-dev articles by language.
Also timed alone: the same-script search a story adds once its main language is read
(``_same_script_runs``); counted: the stories whose reading went past step 1 (a letter English
does not write), the model calls, and the stories read as mixed before and after; and the
18,846 posts of 20 Newsgroups (hosts nothing was tuned on: signatures, quoted replies, a few
lines in other languages) read as mixed before and after, each one listed.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import bbc, newsgroups, reuters, unpack  # noqa: E402

from copytrail.stages import language as after  # noqa: E402


def _load_before(tree: Path) -> ModuleType:
    """The language module of the tree before, loaded under its own name beside this one."""
    spec = importlib.util.spec_from_file_location("language_before", tree / "src" / "copytrail" / "stages" / "language.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _timed(texts: list[str], readers: dict[str, object], rounds: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(rounds):
        for name, read in readers.items():
            started = time.perf_counter()
            for text in texts:
                read(text)  # type: ignore[operator]
            times[name].append(1e6 * (time.perf_counter() - started) / len(texts))
    return {name: round(statistics.median(values), 2) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    before = _load_before(args.before)
    readers = {"before": before.document_languages, "after": after.document_languages}
    stories = [r["text"] for r in (*reuters(), *bbc()) if r["text"].strip()]
    root = unpack("xling-dev")
    by_lang: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader((root / "docs.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"):
        by_lang[row["lang"]].append((root / "docs" / row["name"]).read_text(encoding="utf-8"))
    for read in readers.values():
        read("warm up the model and the tables: Überraschung")
    out: dict[str, dict] = {f"reuters_bbc_{len(stories)}": _timed(stories, readers, args.rounds)}
    # what is added to a story whose main language is read (English): the whole same-script
    # search, timed alone (steady where the two readings above differ by less than the noise)
    mains = [after.detect_language(text) for text in stories]
    added = {"added_same_script_search": lambda _: [after._same_script_runs(t, m) for t, m in zip(stories, mains, strict=True)]}
    out[f"reuters_bbc_{len(stories)}"]["added_same_script_search"] = _timed([""], added, args.rounds)["added_same_script_search"] / len(stories)
    for lang, texts in sorted(by_lang.items()):
        out[f"xling_{lang}_{len(texts)}"] = _timed(texts, readers, args.rounds * 3)
    calls = {"n": 0}
    best = after._best

    def counted(sample: str) -> tuple[str, float]:
        calls["n"] += 1
        return best(sample)

    past_step1 = sum(after._foreign_signs(text, after.detect_language(text)) for text in stories)
    after._best = counted  # type: ignore[assignment]
    calls["n"] = 0
    mixed_after = sum("," in after.document_languages(text)[1] for text in stories)
    calls_after = calls["n"]
    after._best = best  # type: ignore[assignment]
    mixed_before = sum("," in before.document_languages(text)[1] for text in stories)
    row = out[f"reuters_bbc_{len(stories)}"]
    row.update({
        "past_step1": past_step1, "model_calls_after": calls_after,
        "read_as_mixed_before": mixed_before, "read_as_mixed_after": mixed_after,
    })  # fmt: skip
    posts = list(newsgroups())
    read = {name: [read(r["text"])[1] for r in posts] for name, read in readers.items()}
    out[f"newsgroups_{len(posts)}"] = {
        "read_as_mixed_before": sum("," in found for found in read["before"]),
        "read_as_mixed_after": sum("," in found for found in read["after"]),
        "changed": {r["id"]: [old, new] for r, old, new in zip(posts, read["before"], read["after"], strict=True) if old != new},
    }
    print(f"newsgroups_{len(posts)}", out[f"newsgroups_{len(posts)}"])
    for name, values in ((key, row) for key, row in out.items() if "before" in row):
        print(f"{name:<22} before {values['before']:8.2f} us  after {values['after']:8.2f} us a text"
              f"  ({100 * (values['after'] - values['before']) / values['before']:+.1f}%)")  # fmt: skip
    print({key: round(value, 3) if isinstance(value, float) else value for key, value in row.items() if key not in ("before", "after")})
    if args.out:
        args.out.write_text(json.dumps({"us_per_text": out, "rounds": args.rounds, "load_after": os.getloadavg()}, indent=1) + "\n")


if __name__ == "__main__":
    main()
