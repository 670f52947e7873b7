"""Folder ingest: does a folder of small .txt files ingest at the rate per file of one JSONL?

    .venv/bin/python bench/folder_ingest.py --sizes 3000,21268 [--before DIR] [--after DIR] [--out FILE]
    .venv/bin/python bench/folder_ingest.py --sizes 2000,21268 --inputs html [--before DIR] [--out FILE]
    .venv/bin/python bench/folder_ingest.py --sizes 10000,100000 --synthetic --ingest-only [--out FILE]

The Reuters-21578 + BBC stories (21,268, from ../shared/data) are written once under
``.data/folder-ingest/``: the first N as N .txt files (the story's text alone) in one folder,
and the same N stories as one JSONL file.  Each size is scanned (``copytrail.engines.local.scan``,
claims off, into a fresh DuckDB store) three ways: the folder, the folder again into the same store
(unchanged: every file skipped by size and time, so only the file bookkeeping is left), and the
JSONL file.  Each
scan runs in a child process whose ``PYTHONPATH`` is the ``src`` of ``--after`` (default this
tree) or ``--before`` (e.g. ``git archive <commit> src | tar -x -C DIR``), so that the code
before and after a change is measured in the same run, interleaved, on the same files.  Reported: seconds
of the ingest stage and of the whole scan, ingest seconds per 1,000 files, and peak RSS.

``--inputs html``: the same stories as saved web pages, one ``.html`` file each, as a
journalist's folder of pages arrives: twelve outlets, each with its own page template (a
navigation menu of its sections, a byline, a "most read" box, a footer), the story's title,
and its publication time in the page's metadata where the corpus has one (Reuters).  The
pages' text is extracted (trafilatura) at ingest, which costs far more per file than a
``.txt`` file's decoding.

``--inputs warc``: the same pages as one gzipped WARC crawl (``crawl-N/crawl.warc.gz``), a
response record each, captured 2024-01-01.  ``--inputs jsonl-html``: the same pages as one
JSONL file whose records hold each page's HTML (``pages-N/pages.jsonl``), as a scraper exports.
``--inputs captures``: one small ``.warc.gz`` per page (``captures-N/``), as web archivers keep them.

``--synthetic``: folders larger than the corpus (does the rate per file stay flat from 10k to
100k or 1M files?): each file a distinct story of 4-10 sentences drawn at random (seeded) from
the Reuters/BBC stories, all in one flat folder, and the same stories as one JSONL file.
``--ingest-only``: the ingest stage alone (reading, languages, band keys, storing), without
the alignment a scan runs after it: random sentences share passages with many others, and
alignment is not what these sizes measure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import REPO, UNPACKED, bbc, reuters  # noqa: E402

FOLDER = UNPACKED / "folder-ingest"


def build(size: int) -> tuple[Path, Path]:
    """The folder of ``size`` .txt files and the JSONL of the same stories (made once)."""
    folder, jsonl = FOLDER / f"txt-{size}", FOLDER / f"stories-{size}.jsonl"
    if folder.is_dir() and jsonl.is_file():
        return folder, jsonl
    records = [r for r in (*reuters(), *bbc()) if r["text"].strip()][:size]
    folder.mkdir(parents=True, exist_ok=True)
    for record in records:
        (folder / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
    with open(jsonl, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps({"id": record["id"], "text": record["text"]}, ensure_ascii=False) + "\n")
    return folder, jsonl


_SECTIONS = (
    "World", "Business", "Markets", "Politics", "Technology", "Science", "Health", "Sport", "Culture",
    "Opinion", "Climate", "Economy", "Europe", "Asia", "Americas", "Africa", "Middle East", "Travel",
    "Education", "Video",
)  # fmt: skip


def _outlet_template(number: int) -> str:
    """Outlet ``number``'s page, with ``{title}``, ``{meta}``, ``{byline}``, ``{body}`` and ``{url}`` to fill."""
    rng = random.Random(number)
    name = f"The {rng.choice(['Daily', 'Evening', 'Morning', 'Weekly'])} {rng.choice(['Ledger', 'Courier', 'Herald', 'Observer', 'Post', 'Record'])} {number}"
    nav = "".join(f'<li><a href="/{s.lower().replace(" ", "-")}">{s}</a></li>' for s in rng.sample(_SECTIONS, 9))
    box = "".join(f'<li><a href="/story/{rng.randrange(10**6)}">{rng.choice(_SECTIONS)} briefing {k}</a></li>' for k in range(5))
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>{title} | ' + name + "</title>{meta}"
        '<link rel="canonical" href="{url}"></head><body><header><a href="/">' + name + "</a><nav><ul>" + nav + "</ul></nav>"
        '</header><main><article><h1>{title}</h1><p class="byline">{byline}</p>{body}</article><aside><h2>Most read</h2><ul>'
        + box + "</ul></aside></main><footer><p>&copy; " + name + ". All rights reserved.</p><p><a href=\"/privacy\">Privacy</a> "
        '<a href="/terms">Terms</a> <a href="/contact">Contact us</a></p></footer></body></html>'
    )


def build_html(size: int) -> Path:
    """A folder of ``size`` web pages, the corpus's stories each on one of twelve outlets' templates (made once)."""
    import html

    folder = FOLDER / f"html-{size}"
    if folder.is_dir():
        return folder
    records = [r for r in (*reuters(), *bbc()) if r["text"].strip()][:size]
    templates = [_outlet_template(n) for n in range(12)]
    folder.mkdir(parents=True, exist_ok=True)
    for number, record in enumerate(records):
        outlet = number % len(templates)
        paragraphs = [" ".join(p.split()) for p in record["text"].split("\n\n") if p.strip()]
        published = record.get("published")
        meta = f'<meta property="article:published_time" content="{published}">' if published else ""
        page = templates[outlet].format(
            title=html.escape(record.get("title") or record["id"]), meta=meta, url=f"https://outlet{outlet}.example/{record['id']}",
            byline=f"By staff reporter {number % 7}", body="".join(f"<p>{html.escape(p)}</p>" for p in paragraphs),
        )  # fmt: skip
        (folder / f"{record['id']}.html").write_text(page, encoding="utf-8")
    return folder


def build_warc(size: int, one_per_page: bool = False) -> Path:
    """The web pages of :func:`build_html` as one gzipped WARC crawl, a response record each, or
    (``one_per_page``) as one small ``.warc.gz`` per page, as web archivers keep captures (made once)."""
    folder = FOLDER / (f"captures-{size}" if one_per_page else f"crawl-{size}")
    if folder.is_dir():
        return folder
    folder.mkdir(parents=True)
    pages = sorted(build_html(size).iterdir())
    if one_per_page:
        for page in pages:
            _write_crawl(folder / f"{page.stem}.warc.gz", [page])
    else:
        _write_crawl(folder / "crawl.warc.gz", pages)
    return folder


def _write_crawl(target: Path, pages: list[Path]) -> None:
    """``pages`` as the response records of one gzipped WARC file, captured 2024-01-01."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(target, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for page in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://crawl.example/{page.stem}", "response", payload=io.BytesIO(page.read_bytes()),
                http_headers=http, warc_headers_dict={"WARC-Date": "2024-01-01T00:00:00Z"},
            )  # fmt: skip
            writer.write_record(record)


def build_pages_jsonl(size: int) -> Path:
    """The web pages of :func:`build_html` as one JSONL file, each record its page's HTML and address (made once)."""
    target = FOLDER / f"pages-{size}" / "pages.jsonl"
    if target.is_file():
        return target.parent
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8") as out:
        for page in sorted(build_html(size).iterdir()):
            record = {"id": page.stem, "url": f"https://crawl.example/{page.stem}", "html": page.read_text(encoding="utf-8")}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target.parent


def build_synthetic(size: int) -> tuple[Path, Path]:
    """A flat folder of ``size`` distinct stories made of random corpus sentences (seeded), and
    the JSONL of the same stories (made once)."""
    folder, jsonl = FOLDER / f"synthetic-{size}", FOLDER / f"synthetic-{size}.jsonl"
    if folder.is_dir() and jsonl.is_file():
        return folder, jsonl
    sentences = [s.strip() + "." for r in (*reuters(), *bbc()) for s in r["text"].split(". ") if len(s.split()) >= 5]
    rng = random.Random(size)
    folder.mkdir(parents=True, exist_ok=True)
    with open(jsonl, "w", encoding="utf-8") as out:
        for number in range(size):
            text = " ".join(rng.choice(sentences) for _ in range(rng.randint(4, 10)))
            (folder / f"story-{number:07d}.txt").write_text(text, encoding="utf-8")
            out.write(json.dumps({"id": f"story-{number:07d}", "text": text}, ensure_ascii=False) + "\n")
    return folder, jsonl


def _ingest_only(paths: list[Path], store: object, settings: object) -> object:
    """The ingest stage alone, timed as a scan's: ``ScanResult`` with its ``ingest`` seconds."""
    from copytrail.engines.reporting import ScanResult, no_progress

    try:
        from copytrail.engines.ingesting import IngestRun as run
    except ImportError:  # code from before the ingest stage had its own module
        from copytrail.engines.local import _Ingest as run  # type: ignore[attr-defined,no-redef]
    result = ScanResult()
    started = time.perf_counter()
    run(store, settings, result, no_progress).run(paths)  # type: ignore[arg-type]
    result.stage_seconds["ingest"] = time.perf_counter() - started
    return result


def child(kind: str, path: Path, ingest_only: bool) -> list[dict[str, object]]:
    """Measured scans in this process, each into a fresh store: ``folder`` (then ``rescan``,
    the same folder again into the same store) or ``jsonl``; CPU seconds of this process and of
    its worker processes beside the wall-clock ones (the box may be shared)."""
    import copytrail
    from copytrail.engines.local import scan
    from copytrail.settings import ClaimsSettings, ScanSettings
    from copytrail.store import open_store

    settings = ScanSettings(claims=ClaimsSettings(enabled=False))
    runs: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as scratch, open_store(Path(scratch) / "bench.duckdb") as store:
        for name in ("folder", "rescan") if kind == "folder" else (kind, "rescan") if kind in ("html", "warc", "jsonl-html", "captures") else (kind,):
            started = time.perf_counter()
            cpu = _cpu_seconds()
            result = _ingest_only([path], store, settings) if ingest_only else scan([path], store, settings)
            cpu = tuple(after - before for after, before in zip(_cpu_seconds(), cpu, strict=True))
            runs.append(
                {
                    "input": name,
                    "seconds": time.perf_counter() - started,
                    "cpu_s": cpu[0],
                    "worker_cpu_s": cpu[1],
                    "ingest_s": result.stage_seconds.get("ingest", 0.0),
                    "stage_s": result.stage_seconds,
                    "files_seen": result.files_seen,
                    "files_skipped": result.files_skipped,
                    "documents_added": result.documents_added,
                    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                    "code_from": str(Path(copytrail.__file__).parent),
                }
            )
    return runs


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds so far of this process and of its ended worker processes."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def measure(src: Path, kind: str, path: Path, ingest_only: bool) -> list[dict[str, object]]:
    """``child`` run in a fresh interpreter importing copytrail from ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, __file__, "--child", kind, str(path), *(["--ingest-only"] if ingest_only else [])]
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="3000,21268")
    parser.add_argument("--before", type=Path, default=None, help="a tree whose src/ is the code before")
    parser.add_argument("--after", type=Path, default=REPO, help="a tree whose src/ is the code after (default this one)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement (all are kept)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--synthetic", action="store_true", help="folders of random corpus sentences (any size)")
    parser.add_argument("--ingest-only", action="store_true", help="the ingest stage alone, no alignment")
    parser.add_argument("--inputs", default="folder,jsonl", help="which of folder,jsonl,html,warc,jsonl-html,captures to measure")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), args.ingest_only)))
        return
    trees = {"after": args.after / "src"}
    if args.before is not None:
        trees = {"before": args.before / "src", **trees}
    rows: list[dict[str, object]] = []
    for size in (int(s) for s in args.sizes.split(",")):
        folder, jsonl = build_synthetic(size) if args.synthetic else build(size)
        pages = build_html(size) if "html" in args.inputs.split(",") else None
        crawl = build_warc(size) if "warc" in args.inputs.split(",") else None
        feed = build_pages_jsonl(size) if "jsonl-html" in args.inputs.split(",") else None
        captures = build_warc(size, one_per_page=True) if "captures" in args.inputs.split(",") else None
        # interleaved, folder and JSONL, before and after: the load of the box hits all alike
        for run in range(args.repeat):
            inputs = [(k, p) for k, p in (("folder", folder), ("jsonl", jsonl), ("html", pages), ("warc", crawl), ("jsonl-html", feed), ("captures", captures)) if k in args.inputs.split(",") and p is not None]
            for (kind, path), version in ((k, v) for k in inputs for v in trees):
                for got in measure(trees[version], kind, path, args.ingest_only):
                    per_1k = 1000 * float(got["ingest_s"]) / size  # type: ignore[arg-type]
                    rows.append({"size": size, "synthetic": args.synthetic, "ingest_only": args.ingest_only, "code": version, "run": run, "ingest_s_per_1k_files": per_1k, **got})
                    print(
                        f"{size:>6} {got['input']:<7} {version:<6} ingest {got['ingest_s']:7.2f} s "
                        f"({per_1k:5.2f} s per 1,000)  scan {got['seconds']:7.2f} s  CPU {got['cpu_s']:6.2f} + workers "
                        f"{got['worker_cpu_s']:6.2f} s  peak {got['peak_rss_mb']:5.0f} MB",
                        flush=True,
                    )
    if args.out:
        load = os.getloadavg()
        args.out.write_text(json.dumps({"cpus": os.cpu_count(), "load_after": load, "rows": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
