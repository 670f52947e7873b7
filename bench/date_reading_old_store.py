"""What the first scan of a store read before Solar Hijri dates were read costs: the files of the
documents a stated date may now date are read again once (``engines.local._apply_date_reading``),
against reading every file again (what a changed ``date_order`` does) and a scan of an
unchanged store.

    .venv/bin/python bench/date_reading_old_store.py [--stories .data/folder-ingest/stories-21268.jsonl] [--out F]

The stories (every one states no date) and a Persian feed of two records dated in Solar Hijri
are scanned into a store (default settings); copies of it are set back to what an older
reading left (the Persian records undated with their dates kept raw, no date reading
recorded) and scanned again, one after another in the same run of the same tree.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from copytrail.engines.local import scan
from copytrail.settings import ScanSettings
from copytrail.stages.ingest.settings import DATE_READING_KEY
from copytrail.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-corpus"
STATED = {"original": "۲۲ اسفند ۱۴۰۳", "copy": "۱۴۰۳/۱۲/۲۵ ۰۹:۰۰"}


def sample_body(name: str) -> str:
    """A sample-corpus file's text, its front matter left out (the tests read it too)."""
    text = (SAMPLE / name).read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1].strip() if text.startswith("---") else text


def persian_feed(folder: Path) -> None:
    """``fa.jsonl``: two Persian records dated in Solar Hijri (``STATED``), month named and numeric."""
    records = [
        {"id": "original", "text": sample_body("bandarnameh-abshirinkon.md"), "published": STATED["original"]},
        {"id": "copy", "text": sample_body("khalijonline-abshirinkon-fa.txt"), "published": STATED["copy"]},
    ]
    (folder / "fa.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _copy_store(db: Path, to: Path) -> Path:
    for part in db.parent.glob(db.name + "*"):
        target = to / part.name
        (shutil.copytree if part.is_dir() else shutil.copy2)(part, target)
    return to / db.name


def _set_back(db: Path, every_file: bool) -> None:
    """The store as an older reading left it; ``every_file``: its files' states forgotten too."""
    with open_store(db) as store, store.transaction():
        for record, raw in STATED.items():
            store.con.execute(
                "UPDATE documents SET published = NULL, date_source = 'none', extra = ? WHERE source_key LIKE ?",
                [json.dumps({"published_raw": raw}, ensure_ascii=False), f"%fa.jsonl#id={record}"],
            )
        store.con.execute("DELETE FROM meta WHERE key = ?", [DATE_READING_KEY])
        if every_file:
            store.set_meta(DATE_READING_KEY, "2")  # this mechanism stands aside: every file is read again instead
            store.forget_file_states()


def _timed_scan(db: Path, inputs: list[Path]) -> dict[str, float | int]:
    with open_store(db) as store:
        started = time.perf_counter()
        result = scan(inputs, store, ScanSettings())
        seconds = time.perf_counter() - started
        dated = store.con.execute("SELECT count(*) FROM documents WHERE published IS NOT NULL").fetchone()
    return {
        "seconds": round(seconds, 2), "files_skipped": result.files_skipped, "documents_read": result.documents_added,
        "documents_aligned": result.documents_aligned, "dated_documents": int(dated[0]) if dated else 0,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=Path, default=ROOT / ".data" / "folder-ingest" / "stories-21268.jsonl")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        inputs = work / "in"
        inputs.mkdir()
        shutil.copy2(args.stories, inputs / args.stories.name)
        persian_feed(inputs)
        base = work / "base" / "s.duckdb"
        base.parent.mkdir()
        results: dict[str, dict[str, float | int]] = {"first scan": _timed_scan(base, [inputs])}
        for name, setting in (("unchanged store", None), ("older store, files to date read again", False), ("older store, every file read again", True)):
            folder = work / name.replace(" ", "_").replace(",", "")
            folder.mkdir()
            db = _copy_store(base, folder)
            if setting is not None:
                _set_back(db, every_file=setting)
            results[name] = _timed_scan(db, [inputs])
            print(name, results[name], flush=True)
    print(json.dumps(results, indent=2))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
