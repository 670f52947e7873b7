"""Files in the legacy codecs of their script, as old sites and archives keep them: the
xling-dev articles (seven languages, ../shared/data) written as ``.txt`` files in the codec
their language's sites used (Russian cp1251, Arabic, Persian and Urdu cp1256, Chinese GBK,
Spanish and English cp1252), no charset declared, scanned as a folder.  Reported: documents
whose stored text is the article exactly, per language, the language each was read as, and
how many of xling-dev's same-language copies the scan still links.

    .venv/bin/python bench/legacy_encodings.py [--out FILE]
    PYTHONPATH=<older tree>/src .venv/bin/python bench/legacy_encodings.py
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import unpack  # noqa: E402

CODEC = {"ru": "cp1251", "ar": "cp1256", "fa": "cp1256", "ur": "cp1256", "zh": "gbk", "es": "cp1252", "en": "cp1252"}
# what a Persian or Urdu site in cp1256 wrote for the letters that codec lacks: the Arabic forms
ARABIC_FORMS = str.maketrans({"ی": "ي", "ک": "ك", "ۀ": "ة", "ۃ": "ة", "ھ": "ه", "ہ": "ه", "ۓ": "ے"})


def main() -> None:
    from copytrail.engines.local import scan
    from copytrail.settings import ClaimsSettings, ScanSettings
    from copytrail.store import open_store

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out")
    args = parser.parse_args()
    root = unpack("xling-dev")
    with open(root / "docs.tsv", encoding="utf-8") as fh:
        language = {row["name"]: row["lang"] for row in csv.DictReader(fh, delimiter="\t")}
    texts = {name: (root / "docs" / name).read_text(encoding="utf-8") for name in language}
    gold = [json.loads(line) for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    copies = [(g["source"]["path"].split("/")[-1], g["target"]["path"].split("/")[-1]) for g in gold if g["kind"] == "copy"]
    written: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for name, text in texts.items():
            if language[name] in ("fa", "ur"):
                text = text.translate(ARABIC_FORMS)
            try:
                data = text.encode(CODEC[language[name]])
            except UnicodeEncodeError:  # a character the codec lacks: not a file such a site wrote
                continue
            (corpus / name).write_bytes(data)
            written[name] = text
        with open_store(Path(folder) / "s.duckdb") as store:
            scan([corpus], store, ScanSettings(claims=ClaimsSettings(enabled=False)))
            rows = store.query("SELECT path, text, language FROM documents")
            linked = {
                frozenset((Path(r["a"]).name, Path(r["b"]).name))
                for r in store.query(
                    "SELECT s.path AS a, t.path AS b FROM alignments l JOIN documents s ON s.id = l.source_doc "
                    "JOIN documents t ON t.id = l.target_doc"
                )
            }
    exact: Counter[str] = Counter()
    files: Counter[str] = Counter()
    read_as: dict[str, Counter[str]] = {}
    for row in rows:
        name = Path(row["path"]).name
        lang = language[name]
        files[lang] += 1
        exact[lang] += row["text"] == written[name].strip() or row["text"] == written[name]
        read_as.setdefault(lang, Counter())[row["language"] or "und"] += 1
    found = sum(frozenset(pair) in linked for pair in copies if all(p in written for p in pair))
    result = {
        "files": dict(files), "exact_text": dict(exact), "exact_total": sum(exact.values()), "total": sum(files.values()),
        "read_as": {k: dict(v) for k, v in read_as.items()},
        "copies_linked": found, "copies": sum(all(p in written for p in pair) for pair in copies),
    }  # fmt: skip
    for lang in sorted(files):
        print(f"{lang}  {CODEC[lang]:7s} exact {exact[lang]:3d} / {files[lang]:3d}  read as {dict(read_as[lang])}")
    print(f"exact text {result['exact_total']} / {result['total']}; same-language copies linked {found} / {result['copies']}")
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
