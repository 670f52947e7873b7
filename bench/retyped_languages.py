"""Persian, Urdu and Arabic typed on another language's keyboard: is the document's language
still told right?

    .venv/bin/python bench/retyped_languages.py [--out FILE]
    PYTHONPATH=<older tree>/src .venv/bin/python bench/retyped_languages.py

Persian and Urdu are often typed with Arabic yeh and kaf (ي ك, and Urdu's heh as ه), Arabic
with Persian ones (ی ک, teh marbuta as ه), as keyboards and old editors type them.  Each
Persian, Urdu and Arabic article of the cross-lingual development set (``../shared/data/
xling-dev``) is read as written and retyped so (``campaigns.retype``, the rule the planted
campaigns use); reported per language: the languages ``document_languages`` stores.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from campaigns import retype  # noqa: E402
from corpora import unpack  # noqa: E402


def main() -> None:
    from copytrail.stages.language import document_languages

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out")
    args = parser.parse_args()
    root = unpack("xling-dev")
    with open(root / "docs.tsv", encoding="utf-8") as fh:
        rows = [row for row in csv.DictReader(fh, delimiter="\t") if row["lang"] in ("fa", "ur", "ar")]
    found: dict[str, dict[str, Counter[str]]] = {}
    for row in rows:
        text = (root / "docs" / row["name"]).read_text(encoding="utf-8")
        for form, body in (("as written", text), ("retyped", retype(text, row["lang"]))):
            found.setdefault(row["lang"], {}).setdefault(form, Counter())[document_languages(body)[1]] += 1
    result = {lang: {form: dict(counts) for form, counts in forms.items()} for lang, forms in found.items()}
    for lang, forms in result.items():
        for form, counts in forms.items():
            print(f"{lang} {form:10} right {counts.get(lang, 0):3} / {sum(counts.values())}  {counts}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump({"languages": result, "machine": {"platform": platform.platform(), "python": platform.python_version()}}, fh, indent=1)


if __name__ == "__main__":
    main()
