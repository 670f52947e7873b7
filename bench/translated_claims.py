"""Claims across languages: xling-dev scanned with ``--cross-lingual``, its claims grouped with and
without the figures of translated passages.

    .venv/bin/python bench/translated_claims.py [--out bench/translated_claims.json]

One store (the 200 articles, a fresh ``copytrail scan --cross-lingual``), regrouped twice: as
shipped, and with ``stages.claims.translated.translated_offers`` returning nothing.  Reported:
claim groups (every group spans two documents or more), groups whose figures differ, and each
change listed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import unpack  # noqa: E402


def regroup(db: Path) -> dict:
    import copytrail.store.claims as stored
    from copytrail.stages.claims.matching import MatchSettings
    from copytrail.store import open_store

    with open_store(db) as store:
        store.con.execute("DELETE FROM meta WHERE key = ?", [stored.SIGNATURE_KEY])
        stored._regroup(store, MatchSettings(), 0)
        rows = list(stored.claim_rows(store))
    changes = [
        [r["statements"][c["from"]]["figure"], r["statements"][c["to"]]["figure"]] for r in rows if r["values_differ"] for c in r["changes"]
    ]
    return {"groups": len(rows), "differ": sum(1 for r in rows if r["values_differ"]), "changes": changes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    import copytrail.stages.claims.matching as matching

    docs = unpack("xling-dev") / "docs"
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "xling.duckdb"
        subprocess.run([sys.executable, "-m", "copytrail.cli.main", "scan", str(docs), "--db", str(db), "--cross-lingual", "--quiet"], check=True)
        result = {"as shipped": regroup(db)}
        matching.translated_offers = lambda *_args, **_kwargs: []
        result["without the translated passages' figures"] = regroup(db)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
