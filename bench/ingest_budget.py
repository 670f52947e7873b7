"""What one hostile input costs a scan, before and after the ingest budgets, and whether a
scan's peak memory follows its batch and not its inputs.

Each case runs in a child process (peak RSS is that child's alone) on inputs written to a temp
folder; "before" runs the code of ``--before`` (a source tree, e.g. ``git archive 7ecb7e6 src``
unpacked) or, without it, today's code with every budget lifted.

    .venv/bin/python bench/ingest_budget.py [--before /tmp/old/src] [--cases many-p,jsonl-line,...] [--json out.json]

Cases: ``many-p`` (an HTML page of 300,000 ``<p>`` elements), ``jsonl-line`` (one 50 MB JSONL
line), ``warc-bomb`` (a 1 MB ``.warc.gz`` whose one record expands to 1 GiB), ``big-docs`` (a
feed of 120 documents of 1 MB each: memory with a batch bounded by its text, and without),
``store-growth`` (60, then 180 such documents by default, ``--growth-counts``; default
settings: what grows with the store and not with the batch), ``batches`` (2,000 ordinary documents with batch sizes 100 and
2,000).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIFTED = (
    "IngestSettings(max_document_bytes=1 << 40, max_text_chars=1 << 40, max_html_elements=1 << 40, "
    "max_seconds=0, max_decompressed_bytes=1 << 50, batch_chars=1 << 50)"
)

CHILD = """
import json, resource, sys, threading, time
from pathlib import Path
started = time.perf_counter()
anon, mapped = [0], [0]
def watch():  # peak anonymous memory (heap, DuckDB's buffers) and peak file pages mapped in
    while True:
        for line in open("/proc/self/status"):
            if line.startswith("RssAnon:"):
                anon[0] = max(anon[0], int(line.split()[1]) // 1024)
            elif line.startswith("RssFile:"):
                mapped[0] = max(mapped[0], int(line.split()[1]) // 1024)
        time.sleep(0.05)
threading.Thread(target=watch, daemon=True).start()
from copytrail.engines.local import scan
from copytrail.settings import ClaimsSettings, ScanSettings
from copytrail.store import open_store
try:
    from copytrail.settings import IngestSettings
    ingest = {ingest}
except TypeError:  # code from before the budgets
    ingest = IngestSettings()
kwargs = dict(workers=1, claims=ClaimsSettings(enabled=False), ingest=ingest)
if {batch_size}:
    kwargs["batch_size"] = {batch_size}
with open_store({db!r}) as store:
    result = scan([{path!r}], store, ScanSettings(**kwargs))
    documents = store.counts()["documents"]
print(json.dumps({{
    "seconds": round(time.perf_counter() - started, 2),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    "peak_anonymous_mb": anon[0],
    "peak_file_mapped_mb": mapped[0],
    "documents": documents,
    "errors": [e.message()[-120:] for e in result.errors][:3],
}}))
"""


def run_child(src: Path, path: Path, ingest: str, batch_size: int = 0, timeout: int = 600) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        code = CHILD.format(ingest=ingest, batch_size=batch_size, db=str(Path(tmp) / "s.duckdb"), path=str(path))
        env = {**os.environ, "PYTHONPATH": str(src)}
        try:
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"timed_out_s": timeout}
        if done.returncode != 0:
            return {"failed": done.stderr.strip().splitlines()[-1:] if done.stderr else done.returncode}
        at = done.stdout.rfind('{"seconds"')  # a progress bar may share its line (carriage returns)
        if at < 0:
            return {"failed": done.stdout.strip().splitlines()[-3:]}
        figures, _ = json.JSONDecoder().raw_decode(done.stdout[at:])
        return figures


def make_many_p(folder: Path) -> Path:
    path = folder / "many-p.html"
    path.write_text("<html><body>" + "<p>a</p>" * 300_000 + "</body></html>", encoding="utf-8")
    return path


def make_jsonl_line(folder: Path) -> Path:
    path = folder / "huge-line.jsonl"
    words = ("the council met on tuesday to talk about roads and schools " * 900_000)[: 50 * 1024 * 1024]
    path.write_text(json.dumps({"id": "huge", "text": words}) + "\n" + json.dumps({"id": "ok", "text": "A short note."}) + "\n", encoding="utf-8")
    return path


def make_warc_bomb(folder: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    class Zeros(io.RawIOBase):
        """1 GiB of one byte, streamed: the bomb is written without holding it."""

        def __init__(self, size: int) -> None:
            self.left = size

        def readinto(self, buf: bytearray) -> int:  # type: ignore[override]
            n = min(len(buf), self.left)
            buf[:n] = b"0" * n
            self.left -= n
            return n

        def readable(self) -> bool:
            return True

    path = folder / "bomb.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        size = 1024 * 1024 * 1024
        record = writer.create_warc_record(
            "https://bomb.example/", "response", payload=io.BufferedReader(Zeros(size)), length=size, http_headers=http
        )
        writer.write_record(record)
    return path


def make_big_docs(folder: Path, count: int = 120) -> Path:
    path = folder / f"big-docs-{count}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):  # random words: no two documents share a passage, nothing to align
            rng = random.Random(i)
            words = " ".join(f"w{rng.randrange(200_000)}" for _ in range(140_000))  # about 1 MB
            out.write(json.dumps({"id": f"d{i}", "text": words}) + "\n")
    return path


def make_batches(folder: Path) -> Path:
    path = folder / "ordinary.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(2000):
            rng = random.Random(i)
            words = " ".join(f"w{rng.randrange(200_000)}" for _ in range(400))
            out.write(json.dumps({"id": f"d{i}", "text": words}) + "\n")
    return path


def main() -> None:  # long: one block per case, each before and after
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, help="the source tree of the code before the budgets")
    parser.add_argument("--cases", default="many-p,jsonl-line,warc-bomb,big-docs,store-growth,batches")
    parser.add_argument("--growth-counts", default="60,180", help="documents of 1 MB in each store-growth run")
    parser.add_argument("--growth-before", type=Path, help="the source tree the store-growth case compares with")
    parser.add_argument("--figures", type=Path, help="figures of an earlier run to keep (cases not run now)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    cases = args.cases.split(",")
    now = ROOT / "src"
    before = args.before or now
    figures: dict[str, object] = json.loads(args.figures.read_text()) if args.figures and args.figures.exists() else {}
    figures["before"] = str(args.before or "today's code, budgets lifted")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        makers = {"many-p": make_many_p, "jsonl-line": make_jsonl_line, "warc-bomb": make_warc_bomb}
        for case in cases:
            if case in makers:
                started = time.perf_counter()
                path = makers[case](folder)
                print(f"{case}: input {path.stat().st_size / 1e6:.1f} MB written in {time.perf_counter() - started:.0f} s", flush=True)
                after = run_child(now, path, "IngestSettings()")
                previous = run_child(before, path, LIFTED)
                figures[case] = {"input_mb": round(path.stat().st_size / 1e6, 1), "after": after, "before": previous}
                print(json.dumps(figures[case]), flush=True)
                path.unlink()
        if "big-docs" in cases:
            path = make_big_docs(folder)
            figures["big-docs"] = {
                "input_mb": round(path.stat().st_size / 1e6, 1),
                "after (batch_chars 32M, the default)": run_child(now, path, "IngestSettings()"),
                "after (batch_chars 8M)": run_child(now, path, "IngestSettings(batch_chars=8_000_000)"),
                "before": run_child(before, path, LIFTED),
            }
            print(json.dumps(figures["big-docs"]), flush=True)
        if "store-growth" in cases:  # the same kind of input, three times as much of it
            growth_before = args.growth_before or before
            figures["store-growth"] = {"before": str(growth_before)}
            for count in (int(c) for c in args.growth_counts.split(",")):
                path = make_big_docs(folder, count)
                figures["store-growth"][f"{count} documents of 1 MB"] = {
                    "input_mb": round(path.stat().st_size / 1e6, 1),
                    "after": run_child(now, path, "IngestSettings()"),
                    "before": run_child(growth_before, path, "IngestSettings()"),
                }
                print(json.dumps(figures["store-growth"]), flush=True)
                path.unlink()
        if "batches" in cases:
            path = make_batches(folder)
            figures["batches"] = {
                f"batch_size {n}": run_child(now, path, "IngestSettings()", batch_size=n) for n in (100, 2000)
            }
            print(json.dumps(figures["batches"]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
