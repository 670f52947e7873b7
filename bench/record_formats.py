"""Reading the same 21,268 Reuters + BBC stories from each file of records copytrail reads:
JSON Lines (plain and gzipped), CSV, a JSON array and Parquet.

    .venv/bin/python bench/record_formats.py [--repeat 3] [--out bench/record_formats.json]

The stories (``folder_ingest.build``'s JSONL file, from ../shared/data) are written once in each
format under ``.data/record-formats/``.  Each file is then read with ``ingest.read_file`` in a
fresh interpreter (best of ``--repeat``): seconds, documents per second and the reader's peak
memory; every format must give the same texts, in the same order, as the JSONL file.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / ".data" / "record-formats"
SIZE = 21268

_READ = """
import hashlib, json, resource, sys, time
from pathlib import Path
from copytrail.stages.ingest import read_file
from copytrail.records import Document
started = time.perf_counter()
digest, docs, problems = hashlib.sha1(), 0, 0
for item in read_file(Path(sys.argv[1])):
    if isinstance(item, Document):
        docs += 1
        digest.update(item.text.encode("utf-8", "surrogatepass") + b"\\0")
    else:
        problems += 1
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "documents": docs, "problems": problems, "texts": digest.hexdigest(),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_formats(source: Path) -> dict[str, Path]:
    """The stories in every format (written once; the JSONL file is the source itself)."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    paths = {"jsonl": source, "jsonl.gz": FOLDER / "stories.jsonl.gz", "csv": FOLDER / "stories.csv",
             "json array": FOLDER / "stories.json", "parquet": FOLDER / "stories.parquet"}  # fmt: skip
    fields = sorted({k for r in records for k in r})
    if not paths["jsonl.gz"].exists():
        paths["jsonl.gz"].write_bytes(gzip.compress(source.read_bytes()))
    if not paths["csv"].exists():
        with paths["csv"].open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fields)
            writer.writeheader()
            writer.writerows(records)
    if not paths["json array"].exists():
        paths["json array"].write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    if not paths["parquet"].exists():
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist([{k: r.get(k) for k in fields} for r in records]), paths["parquet"])
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    import folder_ingest

    _folder, source = folder_ingest.build(SIZE)
    paths = write_formats(source)
    results: dict[str, dict] = {}
    for _round in range(args.repeat):
        for name, path in paths.items():
            run = subprocess.run([sys.executable, "-c", _READ, str(path)], capture_output=True, text=True, check=True)
            got = json.loads(run.stdout)
            best = results.get(name)
            if best is None or got["seconds"] < best["seconds"]:
                results[name] = {**got, "bytes": path.stat().st_size}
    for name, row in results.items():
        row["documents_per_s"] = round(row["documents"] / row["seconds"])
        row["same_texts_as_jsonl"] = row["texts"] == results["jsonl"]["texts"]
        print(f"{name:<11} {row['seconds']:6.2f} s  {row['documents_per_s']:7} docs/s  {row['peak_mb']:6.0f} MB  "
              f"{row['documents']} documents, {row['problems']} problems, same texts: {row['same_texts_as_jsonl']}")  # fmt: skip
    if args.out:
        report = {"command": ["python", *sys.argv], "machine": {"platform": platform.platform(), "python": platform.python_version()},
                  "repeat": args.repeat, "formats": results}  # fmt: skip
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
