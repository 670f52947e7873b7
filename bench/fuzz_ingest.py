"""Fuzz every reader for N minutes: random hostile inputs of each accepted type, each scanned
beside an original article and its reworded copy into a real store.

An input *crashes* when an exception escapes the scan, or when the scan broke a promise: a
hostile record gave no outcome or two (a document, one errors row, a skipped record), an error
line is not one printable line, or the original and its copy were not stored and aligned.
Crashing inputs are saved to ``--crashes`` (default ``.data/fuzz-crashes``) for regression.

    .venv/bin/python bench/fuzz_ingest.py --minutes 5 [--seed 1] [--json out.json]
    .venv/bin/python bench/fuzz_ingest.py --write-corpus tests/data/hostile

``--write-corpus`` writes the hostile regression samples that ``tests/test_hostile_corpus.py``
scans (each file's expected outcome is in its ``expected.json``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from copytrail.engines.local import scan  # noqa: E402
from copytrail.store import open_store  # noqa: E402

try:
    from copytrail.stages.ingest.guard import escape_controls
except ImportError:  # copytrail before this guard (the fuzzer run against older code: PYTHONPATH)

    def escape_controls(value: str, *, keep_newlines: bool = False) -> str:
        return value.encode("unicode_escape").decode("ascii")
from hostile import (  # noqa: E402 - the shared hostile values live beside the tests
    BAD_DATES,
    CONTROLS,
    COPY,
    HOSTILE_SETTINGS,
    LONE_SURROGATES,
    ORIGINAL,
    SMALL_LIMITS,
    WarcRecord,
    html_page,
    jsonl_line,
    warc_bytes,
    write,
)


def hostile_string(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.3:
        return rng.choice(LONE_SURROGATES + CONTROLS)
    if pick < 0.5:
        return "".join(chr(rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0, 0x110000)])) for _ in range(rng.randrange(30)))
    if pick < 0.6:
        return "long " * rng.randrange(5_000, 20_000)
    return rng.choice(["", " ", "ordinary words", "https://news.example.org/a", "2021-03-01"])


def hostile_value(rng: random.Random, depth: int = 0) -> object:
    pick = rng.random()
    if pick < 0.3:
        return hostile_string(rng)
    if pick < 0.5:
        return rng.choice(BAD_DATES)
    if pick < 0.65:
        return rng.choice([0, -1, 2**64, -(2**70), 1e308, -1e-308, float("inf"), float("nan"), True, None])
    if pick < 0.8 and depth < 4:
        return [hostile_value(rng, depth + 1) for _ in range(rng.randrange(3))]
    if depth < 4:
        return {hostile_string(rng)[:10]: hostile_value(rng, depth + 1) for _ in range(rng.randrange(3))}
    return None


def jsonl_input(rng: random.Random, folder: Path) -> tuple[list[Path], int]:
    lines = []
    for _ in range(rng.randrange(1, 6)):
        if rng.random() < 0.2:
            lines.append(rng.choice([
                b'{"text": "x", "n": ' + b"7" * rng.randrange(4_301, 9_000) + b"}", b"[" * rng.randrange(10, 200_000),
                bytes(rng.randrange(256) for _ in range(rng.randrange(200))).replace(b"\n", b" "),
                b'{"text": "' + b"y" * rng.randrange(60_000, 90_000) + b'"}',
            ]))  # fmt: skip
            continue
        fields = ["text", "html", "url", "title", "author", "published", "date", "outlet", "extra"]
        record = {name: hostile_value(rng) for name in rng.sample(fields, rng.randrange(1, len(fields)))}
        if rng.random() < 0.5:
            record["text"] = rng.choice(["A story of its own.", "Bad \ud800 text", "NUL\x00", hostile_string(rng)])
        lines.append(jsonl_line(record, ascii_only=rng.random() < 0.7).replace(b"\n", b" "))
    good = [jsonl_line({"id": "good-a", "text": ORIGINAL}), jsonl_line({"id": "good-b", "text": COPY})]
    path = write(folder / "feed.jsonl", b"\n".join([good[0], *lines, good[1]]) + b"\n")
    return [path], len(lines)


def text_input(rng: random.Random, folder: Path) -> tuple[list[Path], int]:
    write(folder / "a.txt", ORIGINAL)
    write(folder / "z.txt", COPY)
    count = rng.randrange(1, 4)
    for i in range(count):
        data = hostile_string(rng).encode("utf-8", "surrogatepass") if rng.random() < 0.5 else rng.randbytes(rng.randrange(2000))
        if rng.random() < 0.3:  # front matter with hostile values
            data = f"---\ndate: {hostile_value(rng)}\ntitle: {hostile_string(rng)[:50]}\n---\nNote.\n".encode("utf-8", "surrogatepass")
        write(folder / f"h{i}.{rng.choice(['txt', 'md'])}", data)
    return [folder], count


def html_input(rng: random.Random, folder: Path) -> tuple[list[Path], int]:
    write(folder / "a.html", html_page(ORIGINAL, "Original", "2021-03-01"))
    write(folder / "z.html", html_page(COPY, "Copy", "2021-03-02"))
    count = rng.randrange(1, 4)
    for i in range(count):
        n = rng.randrange(1, 6_000)
        page = rng.choice([
            "<p>a</p>" * n, "<div>" * n + "deep" + "</div>" * n, "".join(rng.choice("<>/=\"' pdiv&#;x\x00\u202e") for _ in range(n)),
            html_page("A page of its own", date=str(rng.choice(BAD_DATES))), f'<meta charset="{hostile_string(rng)[:20]}"><p>x</p>',
        ])  # fmt: skip
        write(folder / f"h{i}.html", page.encode("utf-8", "surrogatepass"))
    return [folder], count


def warc_input(rng: random.Random, folder: Path) -> tuple[list[Path], int]:
    records = []
    for _ in range(rng.randrange(1, 6)):
        records.append(WarcRecord(
            payload=rng.choice([rng.randbytes(rng.randrange(300)), b"", html_page("A page of its own").encode(), b"<p>" + b"w " * 40_000]),
            rec_type=rng.choice(["response", "response", "resource", "request", "revisit", "metadata", "warcinfo"]),
            uri=rng.choice(["https://n.example/x", "javascript:alert(1)", "data:text/html,x", "https://h.example/" + str(rng.random())]),
            status=rng.choice(["200 OK", "404 Not Found", "301 Moved", "200 OK"]),
            content_type=rng.choice(["text/html", "image/png", "application/json", "text/plain", "", "text/html; charset=bogus"]),
            warc_date=rng.choice([None, "2021-03-01T10:00:00Z", "99999-01-01T00:00:00Z", "garbage"]),
        ))  # fmt: skip
    good_a = WarcRecord(html_page(ORIGINAL, "Original", "2021-03-01").encode(), uri="https://a.example/original")
    good_b = WarcRecord(html_page(COPY, "Copy", "2021-03-02").encode(), uri="https://b.example/copy")
    packing = rng.choice(["plain", "gz", "one-member"])
    data = warc_bytes([good_a, *records, good_b], gz=packing != "plain", one_member=packing == "one-member")
    return [write(folder / ("crawl.warc" if packing == "plain" else "crawl.warc.gz"), data)], len(records)


def _good_records(folder: Path) -> Path:
    """The original and its copy, in a file of their own beside the hostile one."""
    return write(folder / "good.jsonl", jsonl_line({"id": "good-a", "text": ORIGINAL}) + b"\n" + jsonl_line({"id": "good-b", "text": COPY}) + b"\n")


def _hostile_cell(rng: random.Random) -> str:
    value = hostile_value(rng)
    return value if isinstance(value, str) else json.dumps(value, default=str)


def csv_input(rng: random.Random, folder: Path) -> tuple[list[Path], int]:
    """A well-formed CSV file (or TSV, gzipped or not) whose cells hold hostile values, written
    in UTF-8 with its lone surrogates as bytes no codec reads."""
    import csv
    import gzip
    import io

    fields = rng.sample(["text", "Text", "html", "url", "title", "author", "published", "Date", "outlet", "extra"], rng.randrange(1, 6))
    out = io.StringIO(newline="")
    tab = rng.random() < 0.3
    writer = csv.writer(out, delimiter="\t" if tab else rng.choice([",", ",", ";"]))
    writer.writerow(dict.fromkeys(fields))
    rows = [[_hostile_cell(rng) if rng.random() < 0.8 else "A story of its own." for _ in fields] for _ in range(rng.randrange(1, 6))]
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8", "surrogatepass")
    name = "hostile.tsv" if tab else "hostile.csv"
    if rng.random() < 0.3:
        data, name = gzip.compress(data), name + ".gz"
    write(folder / name, data)
    if not {"text", "Text", "html"} & set(fields):
        return [_good_records(folder), folder / name], 1  # no row can be a document: one line for the file
    return [_good_records(folder), folder / name], sum(1 for row in rows if any(row))


def json_input(rng: random.Random, folder: Path) -> tuple[list[Path], int]:
    """A JSON array (or an API's wrapping object) of hostile values, objects or not."""
    items = []
    for _ in range(rng.randrange(1, 6)):
        if rng.random() < 0.2:
            items.append(hostile_value(rng))
            continue
        fields = ["text", "html", "url", "title", "author", "published", "date", "outlet", "extra"]
        record = {name: hostile_value(rng) for name in rng.sample(fields, rng.randrange(1, len(fields)))}
        if rng.random() < 0.5:
            record["text"] = rng.choice(["A story of its own.", "Bad \ud800 text", "NUL\x00", hostile_string(rng)])
        items.append(record)
    if not any(isinstance(item, dict) for item in items):
        items.append({"text": "A story of its own."})  # an array with no object is refused whole
    ascii_only = rng.random() < 0.7
    data = json.dumps(items, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    wrapped = json.dumps({"status": "ok", "articles": items}, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    # an API's wrapping object is read whole, within one document's budget: only a small one is
    # its records one by one
    if rng.random() < 0.3 and sum(isinstance(i, dict) for i in items) * 2 > len(items) and len(wrapped) <= SMALL_LIMITS.max_document_bytes:
        data = wrapped
    write(folder / "hostile.json", data)
    if len(items) > 1 and all(isinstance(i, dict) and not {"text", "html"} & i.keys() for i in items):
        return [_good_records(folder), folder / "hostile.json"], 1  # no record can be a document: one line for the file
    return [_good_records(folder), folder / "hostile.json"], len(items)


def parquet_input(rng: random.Random, folder: Path) -> tuple[list[Path], int]:
    """A Parquet file of hostile strings (as Arrow stores them: valid UTF-8) and numbers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    count = rng.randrange(1, 6)
    columns: dict[str, object] = {}
    for name in rng.sample(["text", "html", "url", "title", "author", "published", "outlet", "extra"], rng.randrange(1, 5)):
        columns[name] = pa.array([hostile_string(rng).encode("utf-8", "replace").decode("utf-8") if rng.random() < 0.8 else None for _ in range(count)], pa.string())
    if rng.random() < 0.5:
        columns["n"] = pa.array([rng.choice([0, -1, 2**62, None]) for _ in range(count)], pa.int64())
    pq.write_table(pa.table(columns), folder / "hostile.parquet")
    if not {"text", "html"} & set(columns):
        return [_good_records(folder), folder / "hostile.parquet"], 1  # no row can be a document: one line for the file
    return [_good_records(folder), folder / "hostile.parquet"], count


READERS: dict[str, Callable[[random.Random, Path], tuple[list[Path], int]]] = {
    "jsonl": jsonl_input, "txt/md": text_input, "html": html_input, "warc": warc_input,
    "csv": csv_input, "json": json_input, "parquet": parquet_input,
}  # fmt: skip


def check_one(paths: list[Path], hostile: int, db: Path) -> str | None:
    """None when the scan kept every promise, else what it broke."""
    store = open_store(db)
    with store:
        result = scan(paths, store, HOSTILE_SETTINGS)
        docs = store.counts()["documents"]
        errors = store.query("SELECT path, line, reason FROM errors WHERE reason NOT LIKE 'kept%'")
        # records noted (one may be told two things: a date read among words, and later than the read)
        notes = store.query("SELECT count(DISTINCT (path, coalesce(line, 0))) AS n FROM errors WHERE reason LIKE 'kept%'")[0]["n"]
        tables = {r["name"] for r in store.query("SELECT table_name AS name FROM information_schema.tables")}
        skipped = store.query("SELECT count(*) AS n FROM skipped_records")[0]["n"] if "skipped_records" in tables else 0
        aligned = store.query(
            "SELECT count(*) AS n FROM alignments a JOIN documents s ON s.id = a.source_doc JOIN documents t ON t.id = a.target_doc "
            "WHERE (s.text LIKE '%Residents asked%' AND t.text LIKE '%chamber of commerce%') "
            "OR (t.text LIKE '%Residents asked%' AND s.text LIKE '%chamber of commerce%')"
        )[0]["n"]
    for problem in result.errors:
        if "\n" in escape_controls(problem.message()) or "\x1b" in escape_controls(problem.message()):
            return f"message not one safe line: {problem.message()!r}"
    if not aligned:
        return "the original and its copy were not aligned"
    if notes > docs - 2:  # a note is told only beside a document kept
        return f"{notes} notes for {docs - 2} documents"
    blank = 0
    if paths[0].name == "feed.jsonl":  # blank lines are no records
        blank = sum(1 for line in paths[0].read_bytes().split(b"\n")[1:-2] if not line.strip())
    outcomes = docs - 2 + len(errors) + skipped
    cut = any("inside a quoted cell" in e["reason"] for e in errors)  # a CSV's rows end there, by design
    if outcomes != hostile - blank and not (cut and outcomes < hostile - blank):
        return f"{hostile} hostile inputs gave {docs - 2} documents, {len(errors)} errors, {skipped} skipped"
    return None


def fuzz(minutes: float, seed: int, crashes: Path, readers: list[str] | None = None) -> dict[str, object]:
    rng = random.Random(seed)
    chosen = sorted(readers or READERS)
    deadline = time.monotonic() + minutes * 60
    tried: dict[str, int] = dict.fromkeys(chosen, 0)
    failed: list[dict[str, str]] = []
    seconds: dict[str, float] = dict.fromkeys(chosen, 0.0)
    kinds: dict[str, int] = {}  # failures by reader and kind (exception type, or the promise broken)
    while time.monotonic() < deadline:
        reader = rng.choice(chosen)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            started = time.perf_counter()
            paths, hostile = READERS[reader](rng, folder)
            try:
                broken = check_one(paths, hostile, Path(tmp) / "s.duckdb")
            except Exception:  # an escaped exception is exactly what this looks for
                broken = traceback.format_exc(limit=3)
            seconds[reader] += time.perf_counter() - started
            tried[reader] += 1
            if broken:
                saved = crashes / f"{reader.replace('/', '-')}-{len(failed)}"
                saved.mkdir(parents=True, exist_ok=True)
                for file in folder.rglob("*"):
                    if file.is_file():
                        (saved / file.name).write_bytes(file.read_bytes())
                what = broken.strip().splitlines()[-1][:300]
                failed.append({"reader": reader, "what": what, "saved": str(saved)})
                kind = what.split(":", 1)[0] if "Traceback" in broken else re.sub(r"\d+", "N", what)
                kinds[f"{reader}: {kind}"] = kinds.get(f"{reader}: {kind}", 0) + 1
    total = sum(tried.values())
    return {
        "minutes": minutes, "seed": seed, "inputs_tried": total, "crashes": len(failed), "by_kind": dict(sorted(kinds.items())), "failures": failed[:20],
        "by_reader": {r: {"tried": tried[r], "ms_per_input": round(1000 * seconds[r] / tried[r], 1) if tried[r] else None} for r in chosen},
        "ms_per_input": round(1000 * sum(seconds.values()) / total, 1) if total else None,
    }  # fmt: skip


def _corpus_jsonl() -> bytes:
    """The lines that aborted scans before (issue 22), between an original and its copy."""
    lines = [
        jsonl_line({"id": "good-a", "text": ORIGINAL, "published": "2021-03-01"}),
        b'{"id": "s-text", "text": "bad \\ud800 text"}',
        b'{"id": "s-title", "text": "A note of its own.", "title": "\\udc00"}',
        b'{"id": "s-url", "text": "A note of its own.", "url": "https://x.example/\\ud800"}',
        b'{"id": "s-extra", "text": "A note of its own.", "section": ["\\udfff"]}',
        b'{"id": "n-digits", "text": "A note of its own.", "n": ' + b"9" * 5000 + b"}",
        b'{"id": "p-huge", "text": "A first dated note.", "published": ' + b"9" * 300 + b"}",
        b'{"id": "p-year", "text": "A second dated note.", "published": "9999-12-31T23:00:00-05:00"}',
        b'{"id": "p-offset", "text": "A third dated note.", "date": "0001-01-01T00:30:00+05:00"}',
        b"[" * 100_000,
        b'{"id": "long", "text": "' + b"z" * 70_000 + b'"}',
        b'{"id": "bidi", "text": "\\u202eA reversed note\\u202c with \\u001b[2J escapes."}',
        jsonl_line({"id": "good-b", "text": COPY, "published": "2021-03-02"}),
    ]
    return b"\n".join(lines) + b"\n"


def write_corpus(folder: Path) -> None:
    """The hostile regression samples and what scanning each must give (``expected.json``):
    documents, errors rows (failures, and notes: rows of inputs kept all the same) and skipped
    records, under ``tests/hostile.HOSTILE_SETTINGS``."""
    folder.mkdir(parents=True, exist_ok=True)
    write(folder / "issue-22.jsonl", _corpus_jsonl())
    write(folder / "date-year.md", f"---\ntitle: Far future\ndate: 9999-12-31T23:00:00-05:00\n---\n{ORIGINAL}\n")
    write(folder / "date-offset.md", "---\ndate: 0001-01-01T00:10:00+14:00\n---\nA note dated before the calendar.\n")
    write(folder / "many-tags.html", "<html><body>" + "<p>a</p>" * 5_000 + "</body></html>")
    write(folder / "deep.html", "<div>" * 3_000 + "A deeply nested note of its own." + "</div>" * 3_000)
    write(folder / "nul-bidi.txt", "A note with a NUL\x00 byte and \u202ebidi\u202c controls.")
    write(folder / "copy.html", html_page(COPY, "Copy", "2021-03-02"))
    pages = [WarcRecord(html_page(f"Page number {i} of a crawl gzipped as one member").encode(), uri=f"https://c.example/{i}") for i in range(3)]
    write(folder / "one-member.warc.gz", warc_bytes(pages, gz=True, one_member=True))
    not_pages = [
        WarcRecord(b"software: crawler", rec_type="warcinfo", content_type="application/warc-fields"),
        WarcRecord(b"", rec_type="request", uri="https://n.example/r"),
        WarcRecord(b"<p>gone</p>", status="404 Not Found"),
        WarcRecord(b"\x89PNG\r\n", content_type="image/png"),
        WarcRecord(b'{"a": 1}', content_type="application/json"),
        WarcRecord(b"plain words", content_type="text/plain"),
        WarcRecord(b"", rec_type="revisit"),
        WarcRecord(b"<p>a resource</p>", rec_type="resource", content_type="text/html"),
        WarcRecord(html_page("A script target").encode(), uri="javascript:alert(1)"),
    ]
    write(folder / "not-pages.warc", warc_bytes(not_pages))
    write(folder / "warcinfo-only.warc", warc_bytes(not_pages[:1]))
    bomb = WarcRecord(b"<html><body><p>" + b"0" * (3 * 1024 * 1024) + b"</p></body></html>", uri="https://bomb.example/")
    write(folder / "bomb.warc.gz", warc_bytes([bomb], gz=True))
    first, second = (html_page(f"The {n} page whose record states a wrong length").encode() for n in ("first", "second"))
    plain = warc_bytes([WarcRecord(first, uri="https://len.example/1"), WarcRecord(second, uri="https://len.example/2")])
    stated = re.search(rb"Content-Length: (\d+)", plain)
    assert stated is not None
    short = b"Content-Length: %d" % (int(stated.group(1)) - 20)  # the block runs 20 bytes past it
    write(folder / "bad-length.warc", plain[: stated.start()] + short + plain[stated.end() :])
    expected = {
        "issue-22.jsonl": {"documents": 6, "errors": 7, "notes": 3, "skipped": 0},
        "date-year.md": {"documents": 1, "errors": 0, "notes": 1, "skipped": 0},
        "date-offset.md": {"documents": 1, "errors": 0, "notes": 1, "skipped": 0},
        "many-tags.html": {"documents": 0, "errors": 1, "notes": 0, "skipped": 0},
        "deep.html": {"documents": 0, "errors": 1, "notes": 0, "skipped": 0},
        "nul-bidi.txt": {"documents": 1, "errors": 0, "notes": 0, "skipped": 0},  # a stray NUL is read as U+FFFD
        "copy.html": {"documents": 1, "errors": 0, "notes": 0, "skipped": 0},
        "one-member.warc.gz": {"documents": 3, "errors": 0, "notes": 0, "skipped": 0},
        "not-pages.warc": {"documents": 0, "errors": 0, "notes": 0, "skipped": 9},
        "warcinfo-only.warc": {"documents": 0, "errors": 0, "notes": 0, "skipped": 1},
        "bomb.warc.gz": {"documents": 0, "errors": 1, "notes": 0, "skipped": 0},
        "bad-length.warc": {"documents": 2, "errors": 0, "notes": 1, "skipped": 0},
    }
    (folder / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--crashes", type=Path, default=Path(".data/fuzz-crashes"))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--readers", help=f"comma-separated, of {', '.join(READERS)} (default: all)")
    parser.add_argument("--write-corpus", type=Path, help="write the hostile regression samples here and stop")
    args = parser.parse_args()
    if args.write_corpus:
        write_corpus(args.write_corpus)
        return
    figures = fuzz(args.minutes, args.seed, args.crashes, args.readers.split(",") if args.readers else None)
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
