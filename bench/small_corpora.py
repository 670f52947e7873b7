"""Small corpora of wire stories: what the default scan links among a few hundred Reuters and
BBC stories, where the corpus's common stems are read on few documents.

    .venv/bin/python bench/small_corpora.py [--sizes 200,500] [--out FILE]
    PYTHONPATH=<another tree>/src .venv/bin/python bench/small_corpora.py --out OTHER

For each size, a seeded random sample of the 21,268 Reuters-21578 + BBC stories
(``../shared/data``) is scanned with claims off into a fresh store; reported are the
alignments by kind and every linked pair with the opening of its two passages, so that two
trees' links can be compared and read (``--compare A B`` prints the pairs one has and the
other lacks).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import bbc, reuters, write_jsonl  # noqa: E402

PAIRS = (
    "SELECT split_part(s.source_key, '#id=', 2) AS a, split_part(t.source_key, '#id=', 2) AS b, l.kind, "
    "substr(s.text, l.source_start + 1, least(l.source_end - l.source_start, 160)) AS a_text, "
    "substr(t.text, l.target_start + 1, least(l.target_end - l.target_start, 160)) AS b_text "
    "FROM alignments l JOIN documents s ON s.id = l.source_doc JOIN documents t ON t.id = l.target_doc ORDER BY a, b"
)


def scan_sample(stories: list[dict], size: int) -> dict:
    from copytrail.engines.local import scan
    from copytrail.settings import ClaimsSettings, ScanSettings
    from copytrail.store import open_store

    chosen = random.Random(size).sample(stories, size)
    records = [{"id": f"s{k}", "title": s.get("title"), "text": s["text"], "published": s.get("published"), "outlet": s.get("outlet")}
               for k, s in enumerate(chosen)]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        (path,) = write_jsonl(records, Path(folder) / "sample")
        with open_store(Path(folder) / "s.duckdb") as store:
            scan([path], store, ScanSettings(claims=ClaimsSettings(enabled=False)))
            pairs = store.query(PAIRS)
    kinds: dict[str, int] = {}
    for pair in pairs:
        kinds[pair["kind"]] = kinds.get(pair["kind"], 0) + 1
    return {"alignments": len(pairs), "kinds": kinds, "pairs": pairs}


def compare(first: Path, second: Path) -> None:
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
    for size in a["sizes"]:
        mine = {(p["a"], p["b"]): p for p in a["sizes"][size]["pairs"]}
        theirs = {(p["a"], p["b"]): p for p in b["sizes"][size]["pairs"]}
        for label, only in (("only in the first", mine.keys() - theirs.keys()), ("only in the second", theirs.keys() - mine.keys())):
            print(f"{size} stories, {label}: {len(only)}")
            for key in sorted(only):
                pair = mine.get(key) or theirs[key]
                print(f"  {pair['kind']}: {pair['a_text'][:100]!r} || {pair['b_text'][:100]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,500")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
        return
    import copytrail

    stories = [*reuters(), *bbc()]
    result = {"code": str(Path(copytrail.__file__).parent), "sizes": {}}
    for size in (int(s) for s in args.sizes.split(",")):
        result["sizes"][str(size)] = scan_sample(stories, size)
        print(size, "stories:", result["sizes"][str(size)]["alignments"], "alignments", result["sizes"][str(size)]["kinds"], flush=True)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
