"""A default scan of the PAN 2013 corpus as a user runs it (no pairs given): which of the
plagiarism cases that the aligner finds when given the pairs does the scan link?

    .venv/bin/python bench/pan_scan.py [--out bench/pan_scan.json]
    PYTHONPATH=<tree>/src .venv/bin/python bench/pan_scan.py --out before.json   # another tree

``copytrail pan`` aligns the 5,185 labelled pairs (what the aligner finds given them); then
``copytrail scan --no-claims`` reads the 5,057 source and suspicious texts as one corpus into a
fresh store, and each labelled pair counts as linked when an alignment joins its two texts (an
exact duplicate standing for its original).  The difference is what the scan's retrieval (the
band keys and candidate pairs) loses on long documents with obfuscated passages, per PAN
category; ``01-no-plagiarism`` pairs linked are false links.  Both commands run with the
interpreter and ``PYTHONPATH`` of this process, so a tree is measured against itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAN = ROOT / ".data" / "pan13-train"
CATEGORIES = ("01-no-plagiarism", "02-no-obfuscation", "03-random-obfuscation", "04-translation-obfuscation", "05-summary-obfuscation")


def _copytrail(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from copytrail.cli.main import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, env=os.environ.copy(), check=False)


def linked_pairs(db: Path) -> set[frozenset[str]]:
    """Every pair of file names an alignment joins, exact duplicates standing for their original."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    original = {path: path for (path,) in con.execute("SELECT path FROM documents").fetchall()}
    by_id = dict(con.execute("SELECT id, path FROM documents").fetchall())
    for path, dup in con.execute("SELECT path, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL").fetchall():
        original[path] = by_id[dup]
    rows = con.execute(
        "SELECT s.path, t.path FROM alignments a JOIN documents s ON s.id = a.source_doc JOIN documents t ON t.id = a.target_doc"
    ).fetchall()
    con.close()
    groups: dict[str, list[str]] = {}
    for path, orig in original.items():
        groups.setdefault(orig, []).append(Path(path).name)
    linked: set[frozenset[str]] = set()
    for a, b in rows:
        for x in groups.get(a, [Path(a).name]):
            for y in groups.get(b, [Path(b).name]):
                linked.add(frozenset((x, y)))
    return linked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if not (PAN / "pairs").is_file():
        sys.exit(f"the PAN 2013 corpus is not unpacked under {PAN} (tar -xzf ../shared/data/pan13-train.tar.gz -C .data)")
    with tempfile.TemporaryDirectory() as scratch:
        det = Path(scratch) / "det"
        started = time.perf_counter()
        done = _copytrail("pan", "--pairs", str(PAN / "all" / "pairs"), "--src", str(PAN / "src"), "--susp", str(PAN / "susp"), "--out", str(det), "--quiet")
        pan_seconds = time.perf_counter() - started
        if done.returncode:
            sys.exit(done.stderr)
        found = {f.stem for f in det.iterdir() if "<feature" in f.read_text(encoding="utf-8")}
        db = Path(scratch) / "pan.duckdb"
        started = time.perf_counter()
        done = _copytrail("scan", "--no-claims", "--json", "--db", str(db), str(PAN / "src"), str(PAN / "susp"))
        scan_seconds = time.perf_counter() - started
        summary = json.loads(done.stdout)
        linked = linked_pairs(db)
        shutil.rmtree(det, ignore_errors=True)
    categories: dict[str, dict[str, int]] = {}
    for category in CATEGORIES:
        pairs = [line.split() for line in (PAN / category / "pairs").read_text(encoding="utf-8").splitlines() if line.strip()]
        given = [p for p in pairs if p[0].removesuffix(".txt") + "-" + p[1].removesuffix(".txt") in found]
        categories[category] = {
            "pairs": len(pairs), "aligner_given_pairs": len(given),
            "scan_links_of_those": sum(frozenset(p) in linked for p in given), "scan_links": sum(frozenset(p) in linked for p in pairs),
        }  # fmt: skip
        row = categories[category]
        print(f"{category:<28} pairs {row['pairs']:5}  aligner {row['aligner_given_pairs']:5}  scan links {row['scan_links_of_those']:5} of those, {row['scan_links']:5} in all")
    print(f"scan {scan_seconds:.1f} s ({summary['stage_seconds']}), {summary['pairs_compared']} pairs compared, {summary['alignments_added']} alignments; pan {pan_seconds:.1f} s")
    if args.out:
        report = {
            "command": ["python", *sys.argv], "pythonpath": os.environ.get("PYTHONPATH"),
            "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
            "categories": categories, "scan_seconds": round(scan_seconds, 1), "stage_seconds": summary["stage_seconds"],
            "pairs_compared": summary["pairs_compared"], "alignments": summary["alignments_added"], "pan_seconds": round(pan_seconds, 1),
        }  # fmt: skip
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
