"""The hostile regression samples (tests/data/hostile, written by ``bench/fuzz_ingest.py
--write-corpus``) and the edges of a scan around them: file names, links, special files,
budgets, and what warcio would otherwise print."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copytrail.engines.local import scan
from copytrail.settings import IngestSettings, ScanSettings
from copytrail.stages.ingest import InputNote, iter_input_files, read_file
from copytrail.store import open_store
from hostile import (
    COPY,
    HOSTILE_SETTINGS,
    ORIGINAL,
    WarcRecord,
    html_page,
    jsonl_line,
    warc_bytes,
    write,
)

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
EXPECTED = json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8"))
CLI = [sys.executable, "-m", "copytrail.cli.main"]


def test_every_hostile_sample_gives_its_expected_outcome(tmp_path: Path) -> None:
    corpus = shutil.copytree(HOSTILE, tmp_path / "hostile", ignore=shutil.ignore_patterns("expected.json"))
    assert sorted(p.name for p in corpus.iterdir()) == sorted(EXPECTED)  # each sample has its outcome
    with open_store(tmp_path / "s.duckdb") as store:
        result = scan([corpus], store, HOSTILE_SETTINGS)
        for name, want in EXPECTED.items():
            where = [f"%/{name}%"]
            got = {
                "documents": store.query("SELECT count(*) AS n FROM documents WHERE path LIKE ?", where)[0]["n"],
                "errors": store.query("SELECT count(*) AS n FROM errors WHERE path LIKE ? AND reason NOT LIKE 'kept%'", where)[0]["n"],
                "notes": store.query("SELECT count(*) AS n FROM errors WHERE path LIKE ? AND reason LIKE 'kept%'", where)[0]["n"],
                "skipped": store.query("SELECT count(*) AS n FROM skipped_records WHERE path LIKE ?", where)[0]["n"],
            }
            assert got == want, name
        # the original in the feed is aligned with its copies in the feed and in copy.html
        pairs = store.query(
            "SELECT DISTINCT s.path AS a, t.path AS b FROM alignments JOIN documents s ON s.id = source_doc "
            "JOIN documents t ON t.id = target_doc"
        )
        names = {tuple(sorted((Path(r["a"]).name, Path(r["b"]).name))) for r in pairs}
        assert ("copy.html", "issue-22.jsonl#id=good-a") in names or ("copy.html", "issue-22.jsonl") in names, names
    assert sum(result.skipped.values()) == 10 and result.skipped["warcinfo record"] == 2
    assert result.skipped["target URI is not a page (javascript:)"] == 1


def test_cli_prints_each_problem_on_one_safe_line(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    write(corpus / "esc\x1b]0;owned\x07\x1b[2J.jsonl", b'{"text": "x \\ud800"}\n')
    write(corpus / "two\nlines.md", "---\ndate: 9999-12-31T23:00:00-05:00\n---\n")
    write(corpus / "bidi\u202etxt.html", "<p></p>")
    (corpus / os.fsdecode(b"latin-\xe9.txt")).write_text(ORIGINAL, encoding="utf-8")
    write(corpus / "crawl.warc", warc_bytes([WarcRecord(b"\x89PNG", content_type="image/png")]))
    run = subprocess.run([*CLI, "scan", str(corpus), "--db", str(tmp_path / "s.duckdb"), "--verbose"], capture_output=True)
    assert run.returncode == 1, run.stderr
    err = run.stderr.decode("utf-8")
    problems = [line for line in err.splitlines() if line.strip()]
    assert len(problems) == 3, err  # one line each: the surrogate, the empty note, the page with no text
    assert all(line.startswith("skipped ") for line in problems), err
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "esc\\x1b]0;owned\\x07\\x1b[2J.jsonl:1" in err and "two\\x0alines.md" in err
    out = run.stdout.decode("utf-8")
    assert "passed over:" in out and "crawl.warc:1: not HTML (image/png)" in out
    with open_store(tmp_path / "s.duckdb", read_only=True) as store:
        paths = [r["path"] for r in store.query("SELECT path FROM documents")]
    assert [Path(p).name for p in paths] == ["latin-\\xe9.txt"]  # stored, its byte written out


def test_links_leaving_the_folder_are_reported_unless_followed(tmp_path: Path) -> None:
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    write(corpus / "a.txt", ORIGINAL)
    write(outside / "secret.txt", COPY)
    write(corpus / "inner" / "b.txt", COPY)
    (corpus / "link.txt").symlink_to(outside / "secret.txt")
    (corpus / "dir-link").symlink_to(outside)
    (corpus / "inner-link.txt").symlink_to(corpus / "inner" / "b.txt")  # inside: read (once)
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(corpus / "pipe.txt")
    found = list(iter_input_files([corpus]))
    files = sorted(p.name for p in found if isinstance(p, Path))
    problems = {Path(p.path).name: p.reason for p in found if not isinstance(p, Path)}
    assert files == ["a.txt", "b.txt"]
    assert problems == {
        "dangling.txt": "dangling symbolic link",
        "dir-link": "symbolic link leads outside the scanned folder: not followed (--follow-links)",
        "link.txt": "symbolic link leads outside the scanned folder: not followed (--follow-links)",
        "pipe.txt": "not a regular file (a FIFO)",
    }
    followed = list(iter_input_files([corpus], follow_links=True))
    assert sorted(p.name for p in followed if isinstance(p, Path)) == ["a.txt", "b.txt", "secret.txt"]
    assert {Path(p.path).name for p in followed if not isinstance(p, Path)} == {"dangling.txt", "pipe.txt"}


def test_a_problem_met_by_every_scan_is_one_row(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "a.txt", ORIGINAL)
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    with open_store(tmp_path / "s.duckdb") as store:
        for _ in range(3):
            assert len(scan([corpus], store, HOSTILE_SETTINGS).errors) == 1
        assert store.query("SELECT reason FROM errors") == [{"reason": "dangling symbolic link"}]


@pytest.mark.parametrize(
    ("name", "data", "limits", "reason"),
    [
        ("long.jsonl", b'{"text": "' + b"w " * 40_000 + b'"}\n{"text": "short"}\n', IngestSettings(max_document_bytes=50_000), "line longer than 48 KiB (max_document_bytes)"),
        ("big.txt", b"word " * 30_000, IngestSettings(max_document_bytes=100_000), "file larger than 97 KiB (max_document_bytes)"),
        ("long.md", b"word " * 30_000, IngestSettings(max_text_chars=100_000), "text too long (150,000 characters; the limit is 100,000, max_text_chars)"),
        ("tags.html", b"<p>a</p>" * 2_000, IngestSettings(max_html_elements=1_000), "page has 2,000 elements (the limit is 1,000, max_html_elements)"),
        ("slow.html", ("<p>A sentence of a long page.</p>" * 20_000).encode(), IngestSettings(max_seconds=0.001), "HTML extraction took over 0.001 s (max_seconds)"),
    ],
)  # fmt: skip
def test_a_document_over_a_budget_is_one_reported_line(tmp_path: Path, name: str, data: bytes, limits: IngestSettings, reason: str) -> None:
    path = write(tmp_path / name, data)
    items = list(read_file(path, limits=limits))
    problems = [i for i in items if not hasattr(i, "text")]
    assert [p.reason for p in problems] == [reason]
    assert len(items) == (2 if name.endswith(".jsonl") else 1)  # the short line beside it is read


def test_a_decompression_bomb_is_refused_within_its_budget(tmp_path: Path) -> None:
    bomb = WarcRecord(b"<p>" + b"0" * (4 * 1024 * 1024) + b"</p>", uri="https://bomb.example/")
    good = WarcRecord(html_page(ORIGINAL).encode(), uri="https://good.example/")
    path = write(tmp_path / "bomb.warc.gz", warc_bytes([good, bomb, good], gz=True))
    assert path.stat().st_size < 50_000
    items = list(read_file(path, limits=IngestSettings(max_decompressed_bytes=1024 * 1024)))
    assert [getattr(i, "url", None) for i in items[:1]] == ["https://good.example/"]
    assert [(i.line, i.reason) for i in items[1:]] == [(2, "expands to more than 1 MiB (max_decompressed_bytes)")]
    per_record = list(read_file(path, limits=IngestSettings(max_document_bytes=1024 * 1024)))
    assert [getattr(i, "reason", "document") for i in per_record] == ["document", "record larger than 1 MiB (max_document_bytes)", "document"]


def test_warcio_warnings_become_one_line_problems(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    shutil.copy(HOSTILE / "bad-length.warc", tmp_path / "bad-length.warc")
    spaced = write(tmp_path / "spaced.warc", warc_bytes([WarcRecord(html_page(ORIGINAL).encode(), uri="https://s.example/a b")]))
    notes: list[InputNote] = []
    items = list(read_file(tmp_path / "bad-length.warc", noted=notes.append)) + list(read_file(spaced, noted=notes.append))
    assert [(n.line, n.reason) for n in notes] == [
        (1, "kept reading: WARC record not followed by a blank line (its Content-Length may be wrong)"),
        (1, "kept: WARC record: Replacing spaces in invalid WARC-Target-URI: https://s.example/a b"),
    ]
    assert all(hasattr(i, "text") for i in items)
    assert sum(hasattr(i, "text") for i in items) == 3
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_budgets_are_not_in_the_recorded_fingerprint() -> None:
    """They decide whether a pathological input is read, never what a normal one becomes: a
    store scanned with other budgets must not be recomputed."""
    tight = ScanSettings(ingest=IngestSettings(max_seconds=1, max_document_bytes=10, follow_links=True, batch_chars=5))
    assert tight.fingerprints() == ScanSettings().fingerprints()
    assert tight.fingerprints()["ingest"] == '{"file_dates": false}'  # what copytrail 0.1 recorded
    assert ScanSettings(ingest=IngestSettings(file_dates=True)).fingerprints() != ScanSettings().fingerprints()


def test_a_long_feed_stored_in_small_batches_keeps_every_error_and_skip(tmp_path: Path) -> None:
    """A batch is stored early when its texts are large (batch_chars); errors met in a file's
    first batches stay when the file finishes, and go when the file is read again."""
    lines = []
    for i in range(30):
        lines.append(jsonl_line({"id": f"d{i}", "text": f"Note {i}. " + ORIGINAL}))
        lines.append(b'{"id": "bad%d", "text": "\\ud800"}' % i)
    feed = write(tmp_path / "feed.jsonl", b"\n".join(lines) + b"\n")
    crawl = write(tmp_path / "crawl.warc", warc_bytes([WarcRecord(b"x", content_type="image/png")] * 3))
    settings = replace(HOSTILE_SETTINGS, ingest=replace(HOSTILE_SETTINGS.ingest, batch_chars=2_000))
    with open_store(tmp_path / "s.duckdb") as store:
        result = scan([feed, crawl], store, settings)
        assert result.documents_added == 30 and len(result.errors) == 30
        assert store.counts()["errors"] == 30
        assert store.query("SELECT count(*) AS n FROM skipped_records")[0]["n"] == 3
        write(crawl, warc_bytes([WarcRecord(b"x", content_type="image/gif")]))
        scan([crawl], store, settings)
        assert store.query("SELECT reason FROM skipped_records") == [{"reason": "not HTML (image/gif)"}]
        assert store.counts()["errors"] == 30


def test_a_damaged_content_encoding_is_one_line_and_nothing_on_the_terminal(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    import gzip
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = gzip.compress(html_page(ORIGINAL).encode())
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for payload in (body[:60] + b"\x00garbage" * 50, body):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://e.example/x", "response", payload=io.BytesIO(payload), http_headers=http))
    items = list(read_file(write(tmp_path / "enc.warc", buf.getvalue())))
    assert [(getattr(i, "line", None), getattr(i, "reason", "document")) for i in items] == [(1, "binary file"), (None, "document")]
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_batches_bounded_by_text_give_the_same_results(corpus: Path, tmp_path: Path) -> None:
    """Stored and aligned a few documents at a time (batch_chars), the sample corpus gives the
    alignments one batch gives: the bound changes memory, not results."""
    from conftest import FAST, alignment_set

    results = []
    for name, limit in (("one", 10**12), ("small", 3_000)):
        with open_store(tmp_path / f"{name}.duckdb") as store:
            scan([corpus], store, replace(FAST, ingest=IngestSettings(batch_chars=limit)))
            results.append(alignment_set(store))
    assert results[0] and results[0] == results[1]


def test_the_prepared_cache_holds_no_more_text_than_its_bound() -> None:
    """Long documents cannot make the cache of prepared documents grow with the store: it
    keeps at most ``max_chars`` of text, leaving out the least recently used first."""
    from copytrail.stages.align.pairs import PreparedCache

    cache = PreparedCache(limit=100, max_chars=1_000)
    texts = {name: (name + " words again ") * 30 for name in ("a", "b", "c")}  # 390-420 chars each
    first = cache.get("a", texts["a"], 4)
    cache.get("b", texts["b"], 4)
    assert cache.get("a", texts["a"], 4) is first  # kept, and now the most recent
    cache.get("c", texts["c"], 4)
    assert cache.chars <= 1_000
    assert [key[0] for key in cache.items] == ["a", "c"]  # b, the least recently used, left
    assert cache.chars == sum(key[1] for key in cache.items)


@given(
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=30),
    st.lists(st.integers(0, 500), min_size=10, max_size=10),
    st.integers(1, 1_200),
)
def test_a_batch_meets_its_partners_a_bounded_run_at_a_time(pairs: list[tuple[int, int]], sizes: list[int], budget: int) -> None:
    """Every pair once, in order; each run's documents hold at most the budget, unless the
    run is one pair that alone exceeds it."""
    from copytrail.engines.local import pair_chunks

    named = [(f"d{a}", f"d{b}") for a, b in pairs]
    chars = {f"d{i}": size for i, size in enumerate(sizes)}
    chunks = list(pair_chunks(named, chars, budget))
    assert [pair for chunk in chunks for pair in chunk] == named
    for chunk in chunks:
        held = sum(chars[d] for d in {d for pair in chunk for d in pair})
        assert chunk and (held <= budget or len(chunk) == 1)


def test_the_fuzzer_runs_and_finds_nothing_in_a_few_inputs(tmp_path: Path) -> None:
    """bench/fuzz_ingest.py in miniature: a few inputs of each reader, none failing."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import fuzz_ingest

    figures = fuzz_ingest.fuzz(0.05, seed=7, crashes=tmp_path / "crashes")
    assert figures["inputs_tried"] >= 1
    assert figures["crashes"] == 0, figures["failures"]


def test_forgetting_a_crawl_forgets_what_was_passed_over_in_it(tmp_path: Path) -> None:
    from copytrail.api import forget

    crawl = write(tmp_path / "crawl.warc", warc_bytes([WarcRecord(html_page(ORIGINAL).encode()), WarcRecord(b"x", content_type="image/png")]))
    with open_store(tmp_path / "s.duckdb") as store:
        scan([crawl], store, HOSTILE_SETTINGS)
        assert store.query("SELECT count(*) AS n FROM skipped_records")[0]["n"] == 1
        forget(store, [crawl])
        assert store.query("SELECT count(*) AS n FROM skipped_records")[0]["n"] == 0


def test_a_file_named_in_no_utf8_is_not_taken_for_moved(tmp_path: Path) -> None:
    """Its stored path writes the bytes out; a file of the same text added later is a
    duplicate of it, not the same file moved (the old name is found on disk)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / os.fsdecode(b"caf\xe9.txt")).write_text(ORIGINAL, encoding="utf-8")
    with open_store(tmp_path / "s.duckdb") as store:
        scan([corpus], store, HOSTILE_SETTINGS)
        write(corpus / "same-text.txt", ORIGINAL)
        again = scan([corpus], store, HOSTILE_SETTINGS)
        assert not again.moved and len(again.duplicates) == 1
        assert sorted(Path(r["path"]).name for r in store.query("SELECT path FROM documents")) == ["caf\\xe9.txt", "same-text.txt"]
