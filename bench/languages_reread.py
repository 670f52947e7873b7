"""What the one-time re-reading of languages costs the first scan of a store an older language
reading wrote (``engines.languages.reread_languages``), and that the next scan reads none again.

    .venv/bin/python bench/languages_reread.py --before OLD_SRC [--repeat 3] [--out FILE]

OLD_SRC is the ``src`` of a checkout whose reading looks for no second language of the main
one's script (5a99ef6, main before that reading was merged).  The 21,268 Reuters and BBC
stories (``.data/folder-ingest/stories-21268.jsonl``, written by ``bench/folder_ingest.py``) are
scanned with that code (``copytrail scan --no-claims``, a subprocess) into a store kept under
``.data/languages-reread/``.  Then, per repeat, a copy of it is scanned with this tree, the same
file (nothing new in it): the ``re-reading languages`` stage's seconds, the whole scan's, the
documents whose languages changed; then the same copy scanned once more (no re-reading: the
store records the reading).  Last, every re-read document's languages against what ingest
stores of its text now (``document_languages(text)``, no language given, timed alone in this
process).  Nothing here is shipped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from copytrail.engines.languages import REREAD_STAGE
from copytrail.engines.local import scan
from copytrail.settings import ClaimsSettings, ScanSettings
from copytrail.stages.language import LANGUAGE_READING_KEY, document_languages
from copytrail.store import open_store

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / ".data" / "folder-ingest" / "stories-21268.jsonl"
HOME = ROOT / ".data" / "languages-reread"


def _copy_store(db: Path, to: Path) -> Path:
    """The store file and what lies beside it (``.wal``, the ``.keys`` folder) copied to ``to``."""
    for part in to.parent.glob(to.name + "*"):
        shutil.rmtree(part) if part.is_dir() else part.unlink()
    for part in db.parent.glob(db.name + "*"):
        target = to.parent / (to.name + part.name[len(db.name) :])
        (shutil.copytree if part.is_dir() else shutil.copy2)(part, target)
    return to


def old_store(before: Path, stories: Path) -> tuple[Path, float]:
    """The stories scanned by the older code (made once; its seconds, 0 when reused)."""
    db = HOME / "old.duckdb"
    if db.is_file():
        return db, 0.0
    HOME.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "from copytrail.cli import main; main()", "scan", "--no-claims", "-q", "--db", str(db), str(stories)],
        check=True, env={**os.environ, "PYTHONPATH": str(before)},
    )  # fmt: skip
    return db, time.perf_counter() - started


def languages(db: Path) -> dict[str, tuple[str | None, str | None]]:
    with open_store(db, read_only=True) as store:
        return {r["id"]: (r["language"], r["languages"]) for r in store.query("SELECT id, language, languages FROM documents")}


def _other_state(db: Path) -> tuple[int, int, int]:
    with open_store(db, read_only=True) as store:
        row = store.con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM alignments), (SELECT count(*) FROM narratives)"
        ).fetchone()
    return (int(row[0]), int(row[1]), int(row[2])) if row else (0, 0, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="src of the older checkout")
    parser.add_argument("--stories", type=Path, default=STORIES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    settings = ScanSettings(workers=args.workers, claims=ClaimsSettings(enabled=False))
    old, old_seconds = old_store(args.before.resolve(), args.stories)
    with open_store(old, read_only=True) as store:
        recorded = store.get_meta(LANGUAGE_READING_KEY)
    stored_old = languages(old)
    state = _other_state(old)
    out: dict[str, object] = {
        "documents": len(stored_old),
        "old_store_scan_s": round(old_seconds, 2) or "reused",
        "old_store_reading_recorded": recorded,
        "rereads": [],
    }
    work = HOME / "work.duckdb"
    reread: dict[str, tuple[str | None, str | None]] = {}
    for _ in range(args.repeat):
        _copy_store(old, work)
        with open_store(work) as store:
            first = scan([args.stories], store, settings)
        reread = languages(work)
        with open_store(work) as store:
            second = scan([args.stories], store, settings)
        changed = {doc: (stored_old[doc], now) for doc, now in reread.items() if now != stored_old.get(doc)}
        out["rereads"].append({  # type: ignore[union-attr]
            "first_scan_s": round(first.seconds, 2),
            "reread_stage_s": round(first.stage_seconds.get(REREAD_STAGE, 0.0), 2),
            "first_scan_stages_s": {k: round(v, 2) for k, v in first.stage_seconds.items()},
            "documents_changed": len(changed),
            "documents_added_or_aligned": first.documents_added + first.documents_aligned,
            "second_scan_s": round(second.seconds, 2),
            "second_scan_rereads": REREAD_STAGE in second.stage_seconds,
            "second_scan_same_languages": languages(work) == reread,
            "documents_alignments_narratives_unchanged": _other_state(work) == state,
        })
    out["changed"] = {doc: {"was": list(was), "now": list(now)} for doc, (was, now) in sorted(changed.items())}
    with open_store(work, read_only=True) as store:
        texts = dict(store.con.execute("SELECT id, text FROM documents").fetchall())
    started = time.perf_counter()
    ingest_now = {doc: document_languages(text or "") for doc, text in texts.items()}
    out["document_languages_alone_s"] = round(time.perf_counter() - started, 2)
    differs = {doc: {"reread": list(reread[doc]), "ingest_now": list(now)} for doc, now in ingest_now.items() if now != reread[doc]}
    out["reread_unlike_ingest_now"] = differs
    text = json.dumps(out, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
