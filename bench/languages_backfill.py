"""What reading the languages of an upgraded store's documents costs a scan, on every
Reuters-21578 + BBC story (21,268).

    .venv/bin/python bench/languages_backfill.py [--repeat 3] [--workers 0] [--out FILE]

The stories (from ../shared/data) are written once as one JSONL file under
``.data/languages-backfill/`` and scanned into a fresh store (claims off): the whole scan is
timed.  Then, per repeat, every document's ``language`` and ``languages`` are set to NULL (what a
store made before those columns holds once opened: the migration adds them as NULL) and the same
file is scanned again, nothing new in it: the ``languages`` stage's seconds, the whole scan's,
and whether every document got back exactly what the fresh scan stored.  Last, one more scan
with nothing unread (the stage only asks).  Nothing here is shipped.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import UNPACKED, bbc, reuters  # noqa: E402

from copytrail.engines.local import scan  # noqa: E402
from copytrail.settings import ClaimsSettings, ScanSettings  # noqa: E402
from copytrail.stages.language import document_languages  # noqa: E402
from copytrail.store import open_store  # noqa: E402

HOME = UNPACKED / "languages-backfill"


def stories() -> Path:
    """The JSONL file of every story (written once)."""
    path = HOME / "stories.jsonl"
    if not path.is_file():
        HOME.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as out:
            for record in [*reuters(), *bbc()]:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def languages(db: Path) -> dict[str, tuple[str | None, str | None]]:
    with open_store(db, read_only=True) as store:
        return {r["id"]: (r["language"], r["languages"]) for r in store.query("SELECT id, language, languages FROM documents")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    settings = ScanSettings(workers=args.workers, claims=ClaimsSettings(enabled=False))
    source = stories()
    db = HOME / "store.duckdb"
    for leftover in HOME.glob("store.duckdb*"):
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    with open_store(db) as store:
        fresh = scan([source], store, settings)
    expected = languages(db)
    with open_store(db, read_only=True) as store:
        texts = dict(store.con.execute("SELECT id, text FROM documents").fetchall())
    started = time.perf_counter()
    for text in texts.values():
        document_languages(text)
    reading_alone = time.perf_counter() - started
    del texts
    out: dict[str, object] = {
        "documents": len(expected),
        "by_language": _counts(expected),
        "fresh_scan_s": round(fresh.seconds, 2),
        "fresh_stage_s": {k: round(v, 2) for k, v in fresh.stage_seconds.items()},
        "document_languages_alone_s": round(reading_alone, 2),
        "rescans": [],
    }
    for _ in range(args.repeat):
        with open_store(db) as store:
            store.con.execute("UPDATE documents SET language = NULL, languages = NULL")
        with open_store(db) as store:
            again = scan([source], store, settings)
        out["rescans"].append({  # type: ignore[union-attr]
            "languages_s": round(again.stage_seconds.get("languages", 0.0), 2),
            "scan_s": round(again.seconds, 2),
            "same_as_fresh": languages(db) == expected,
            "documents_added": again.documents_added,
            "documents_aligned": again.documents_aligned,
        })
    with open_store(db) as store:
        idle = scan([source], store, settings)
    out["nothing_unread"] = {"scan_s": round(idle.seconds, 2), "languages_stage": "languages" in idle.stage_seconds}
    text = json.dumps(out, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


def _counts(found: dict[str, tuple[str | None, str | None]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, every in found.values():
        counts[str(every)] = counts.get(str(every), 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1])[:8])


if __name__ == "__main__":
    main()
