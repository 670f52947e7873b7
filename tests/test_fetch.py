"""``copytrail fetch`` against a real HTTP server on 127.0.0.1 (``fetch_site``): what is
archived, what fails and why, what robots.txt forbids, and what a scan of the WARC finds.

One crawl of the whole site (module fixture) answers most questions; short timeouts and
backoffs keep it to a few seconds.
"""

from __future__ import annotations

import io
import json
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

import copytrail
from copytrail.cli.main import app
from copytrail.engines.fetching import ALREADY_ARCHIVED
from copytrail.stages import ingest
from copytrail.stages.fetch import FetchSettings
from fetch_site import CYRILLIC, PLANTED, Site, serve_site

CONTACT = "desk@example.org"
FAST = FetchSettings(
    contact=CONTACT, host_delay=0.0, per_host=4, timeout=0.4, total_timeout=1.0, retries=2, backoff=0.01,
    max_bytes=256 * 1024,
)  # fmt: skip
GIVEN = [
    "/articles/original.html#comments", "/private/secret.html", "/redirect/one", "/loop/a", "/missing",
    "/busy", "/flaky", "/down", "/slow", "/big", "/big-stream", "/report.pdf", "/articles/original.html",
]  # fmt: skip


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One fetch of the whole site, scanned into a store."""
    folder = tmp_path_factory.mktemp("crawl")
    with serve_site(slow_seconds=1.5) as site:
        before = datetime.now(UTC).replace(microsecond=0)
        with copytrail.open_store(folder / "store.duckdb") as store:
            result = copytrail.fetch(
                [site.url(p) for p in GIVEN], folder / "crawl.warc.gz", FAST,
                sitemaps=[site.url("/sitemap_index.xml")],
                feeds=[site.url("/feeds/rss.xml"), site.url("/feeds/atom.xml")],
                store=store, scan_settings=copytrail.ScanSettings(workers=1),
            )  # fmt: skip
            after = datetime.now(UTC)
            docs = {row["url"]: row for row in store.query("SELECT * FROM documents")}
            errors = store.query("SELECT path, reason FROM errors")
            alignments = store.query(
                "SELECT s.url AS source, t.url AS target, a.source_doc, a.ordered FROM alignments a "
                "JOIN documents s ON s.id = a.source_doc JOIN documents t ON t.id = a.target_doc"
            )
            narratives = store.query("SELECT n.earliest, d.url FROM narratives n JOIN documents d ON d.id = n.earliest")
    return {
        "site": site, "result": result, "warc": folder / "crawl.warc.gz", "docs": docs, "errors": errors,
        "alignments": alignments, "narratives": narratives, "before": before, "after": after,
        "db": folder / "store.duckdb",
    }  # fmt: skip


def _path(url: str) -> str:
    """The path (and query) of a URL on the test site."""
    return "/" + url.split("/", 3)[3]


def test_pages_fetched_failed_and_skipped_with_reasons(crawl: Any) -> None:
    result = crawl["result"]
    assert sorted(map(_path, result.fetched)) == sorted(
        ["/articles/original.html", "/busy", "/flaky", "/articles/copy-undated.html", "/cyrillic.html",
         "/articles/orchard.html", "/articles/copy-dated.html"]
    )  # fmt: skip
    failed = {_path(p.url): p.reason for p in result.failed}
    assert failed["/missing"] == "HTTP 404 (not found)"
    assert failed["/down"] == "HTTP 503 (service unavailable) after 3 tries"
    assert failed["/slow"].startswith("timed out") and failed["/slow"].endswith("after 3 tries")
    assert failed["/loop/a"].startswith("redirect loop (") and "/loop/b" in failed["/loop/a"]
    assert failed["/big"] == "response larger than 256 KiB (max_bytes): 2.0 MiB declared"
    assert failed["/big-stream"] == "response larger than 256 KiB (max_bytes)"
    assert len(failed) == 6
    skipped = {_path(p.url): p.reason for p in result.skipped}
    assert skipped["/private/secret.html"] == "forbidden by robots.txt"
    assert skipped["/report.pdf"] == "not HTML or text (application/pdf)"
    assert skipped["/redirect/one"].startswith("redirects to a page archived under its own URL")
    assert result.listed == 8  # 4 from the sitemaps (one forbidden), 2 from RSS, 2 from Atom


def test_robots_txt_is_obeyed_and_asked_once(crawl: Any) -> None:
    site: Site = crawl["site"]
    paths = site.paths()
    assert "/private/secret.html" not in paths
    assert paths.count("/robots.txt") == 1


def test_user_agent_names_copytrail_and_the_contact(crawl: Any) -> None:
    agents = {agent for _, agent in crawl["site"].requests}
    assert len(agents) == 1
    agent = agents.pop()
    assert agent.startswith(f"copytrail/{copytrail.__version__}") and CONTACT in agent


def test_each_page_is_fetched_once_whatever_its_form(crawl: Any) -> None:
    """Given twice (once with a fragment), listed by the sitemap and the Atom feed: one request;
    the RSS link's tracking parameters are dropped before asking."""
    counts = crawl["site"].counts
    assert counts["/articles/original.html"] == 1
    assert counts["/articles/copy-dated.html"] == 1  # also the target of /redirect/one
    assert counts["/articles/copy-undated.html"] == 1
    assert not any("utm_" in path for path in counts)


def test_retries_follow_retry_after_and_stop(crawl: Any) -> None:
    counts = crawl["site"].counts
    assert counts["/busy"] == 3  # 429, 429, then the page
    assert counts["/flaky"] == 2  # 500 with a Retry-After date in the past, then the page
    assert counts["/down"] == 3  # 503 three times: retries=2
    assert counts["/report.pdf"] == 1


def _records(warc: Path) -> list[Any]:
    out = []
    for record in ArchiveIterator(io.BytesIO(warc.read_bytes())):
        body = record.content_stream().read()
        out.append((record.rec_type, record.rec_headers, record.http_headers, body))
    return out


def test_warc_holds_request_response_and_metadata_records(crawl: Any) -> None:
    records = _records(crawl["warc"])
    kinds = [kind for kind, *_ in records]
    assert kinds[0] == "warcinfo" and b"copytrail/" in records[0][3]
    responses = {h.get_header("WARC-Target-URI"): (h, http, body) for kind, h, http, body in records if kind == "response"}
    requests = {h.get_header("WARC-Target-URI"): h for kind, h, http, body in records if kind == "request"}
    original = next(url for url in responses if url.endswith("/articles/original.html"))
    headers, http, body = responses[original]
    assert http.get_statuscode() == "200" and PLANTED.encode() in body
    assert requests[original].get_header("WARC-Concurrent-To") == headers.get_header("WARC-Record-ID")
    captured = datetime.strptime(headers.get_header("WARC-Date"), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert crawl["before"] <= captured <= crawl["after"]
    metadata = [body.decode() for kind, h, http, body in records if kind == "metadata"]
    page_note = next(m for m in metadata if f"requested-url: {original}" in m)
    assert "outcome: fetched" in page_note and f"software: copytrail/{copytrail.__version__}" in page_note
    assert "fetched-at: " in page_note and "charset: utf-8" in page_note
    pdf_note = next(m for m in metadata if "/report.pdf" in m)
    assert "outcome: skipped" in pdf_note and "application/pdf" in pdf_note
    assert not any(url.endswith(("/report.pdf", "/big", "/big-stream")) for url in responses)  # not kept
    assert any(url.endswith("/robots.txt") for url in responses)  # the policy in force, archived
    assert any(url.endswith("/sitemaps/news.xml.gz") for url in responses)


def test_scan_finds_the_planted_copies_with_capture_dates(crawl: Any) -> None:
    docs = crawl["docs"]
    by_path = {_path(url): row for url, row in docs.items()}
    original, undated, dated = (by_path[p] for p in ("/articles/original.html", "/articles/copy-undated.html", "/articles/copy-dated.html"))
    assert original["date_source"] == "metadata" and original["published"].startswith("2024-03-01T08:00")
    assert dated["date_source"] == "metadata" and dated["published"].startswith("2024-03-02T10:30")
    # the undated copy states no date: it is dated by its capture, marked so, never as published
    assert undated["date_source"] == "warc"
    captured = datetime.fromisoformat(undated["published"])
    assert crawl["before"] <= captured <= crawl["after"]
    assert all(row["date_source"] in ("metadata", "warc") for row in docs.values())
    assert all(row["date_source"] == "warc" for path, row in by_path.items() if path not in ("/articles/original.html", "/articles/copy-dated.html"))
    pairs = {frozenset((_path(a["source"]), _path(a["target"]))) for a in crawl["alignments"]}
    assert frozenset(("/articles/original.html", "/articles/copy-undated.html")) in pairs
    assert frozenset(("/articles/original.html", "/articles/copy-dated.html")) in pairs
    earliest = {_path(row["url"]) for row in crawl["narratives"]}
    assert "/articles/original.html" in earliest


def test_cp1251_page_declared_only_in_meta_is_read(crawl: Any) -> None:
    by_path = {_path(url): row for url, row in crawl["docs"].items()}
    assert CYRILLIC[:40] in by_path["/cyrillic.html"]["text"]


def test_failures_are_rows_of_the_errors_table(crawl: Any) -> None:
    rows = {(_path(r["path"]), r["reason"]) for r in crawl["errors"]}
    assert ("/missing", "HTTP 404 (not found)") in rows
    assert {path for path, _ in rows} >= {"/missing", "/down", "/slow", "/loop/a", "/big", "/big-stream"}


def test_ignore_robots_fetches_the_forbidden_page_and_says_so(tmp_path: Path) -> None:
    with serve_site() as site:
        notes: list[str] = []
        result = copytrail.fetch(
            [site.url("/private/secret.html")], tmp_path / "x.warc.gz",
            FetchSettings(obey_robots=False, host_delay=0, backoff=0.01), notice=notes.append,
        )  # fmt: skip
        assert [_path(u) for u in result.fetched] == ["/private/secret.html"]
        assert "/robots.txt" not in site.paths()
    assert any("--ignore-robots" in note for note in notes)
    info = [body for kind, *_, body in _records(tmp_path / "x.warc.gz") if kind == "warcinfo"]
    assert len(info) == 1 and b"robots: ignore" in info[0]


def test_redirects_are_followed_to_the_page(tmp_path: Path) -> None:
    with serve_site() as site:
        result = copytrail.fetch([site.url("/redirect/one")], tmp_path / "r.warc.gz", FAST)
    assert [_path(u) for u in result.fetched] == ["/redirect/one"]
    docs = list(ingest.read_file(tmp_path / "r.warc.gz", "r.warc.gz"))
    assert [_path(d.url) for d in docs] == ["/articles/copy-dated.html"]


def test_per_host_cap_and_delay(tmp_path: Path) -> None:
    """At most ``per_host`` requests at once to a host; turns ``host_delay`` apart (a lower
    bound on the run's length, which only a broken limit could undercut)."""
    with serve_site(page_delay=0.05) as site:
        started = time.monotonic()
        copytrail.fetch(
            [site.url(f"/pages/{n}.html") for n in range(6)], tmp_path / "p.warc.gz",
            FetchSettings(host_delay=0.1, per_host=2, concurrency=8, obey_robots=False),
        )  # fmt: skip
        elapsed = time.monotonic() - started
        assert site.most_in_flight <= 2
    assert elapsed >= 0.5  # six turns 0.1 s apart


def test_resume_skips_what_the_warc_holds(tmp_path: Path) -> None:
    warc = tmp_path / "r.warc.gz"
    with serve_site() as site:
        first = copytrail.fetch([site.url(f"/pages/{n}.html") for n in range(3)], warc, FAST)
        again = copytrail.fetch([site.url(f"/pages/{n}.html") for n in range(5)], warc, FAST, resume=True)
        assert [site.counts[f"/pages/{n}.html"] for n in range(5)] == [1, 1, 1, 1, 1]
    assert len(first.fetched) == 3 and len(again.fetched) == 2
    assert [p.reason for p in again.skipped] == [ALREADY_ARCHIVED] * 3
    assert len([d for d in ingest.read_file(warc, "r") if isinstance(d, copytrail.Document)]) == 5


def test_cli_prints_one_line_per_failure_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "c.warc.gz"
    with serve_site() as site:
        args = [
            "fetch", site.url("/articles/orchard.html"), site.url("/missing"), site.url("/report.pdf"),
            "-o", str(out), "--contact", CONTACT, "--delay", "0", "--timeout", "2", "--backoff", "0.01",
        ]  # fmt: skip
        run = CliRunner().invoke(app, args)
        assert run.exit_code == 1, run.output
        assert f"failed {site.url('/missing')}: HTTP 404 (not found)" in run.stderr
        summary = " ".join(run.stdout.split())  # the terminal's width may wrap it
        assert "1 fetched, 1 failed, 1 skipped" in summary and "pages/s" in summary
        assert "skipped: not HTML or text 1" in summary
        again = CliRunner().invoke(app, args)
    assert again.exit_code == 2 and "already exists" in again.stderr and "--resume" in again.stderr


def _captured_shown(doc: dict[str, Any]) -> str:
    """A document's WARC-Date as the report, the web app and the evidence pack show it."""
    captured = json.loads(doc["extra"])["captured"]
    return captured.replace("T", " ").replace("+00:00", " UTC")


def test_report_evidence_and_web_app_link_the_live_url_and_say_the_capture_time(crawl: Any) -> None:
    from copytrail.outputs.evidence import evidence_data, evidence_html
    from copytrail.outputs.report.build import build_report, report_data
    from copytrail.outputs.web import create_app

    by_path = {_path(url): row for url, row in crawl["docs"].items()}
    copy = by_path["/articles/copy-undated.html"]
    shown = _captured_shown(copy)
    with copytrail.open_store(crawl["db"]) as store:
        cards = report_data(store)["docs"]
        assert cards[copy["id"]]["captured"] == shown and cards[copy["id"]]["url"] == copy["url"]
        page = build_report(store, crawl["db"].parent / "report.html").read_text(encoding="utf-8")
        assert "archived copy captured " in page and shown in page
        pack = evidence_data(store, copy["id"])
        entry = next(d for d in pack["documents"] if d["id"] == copy["id"])
        assert entry["captured"] == shown
        html = evidence_html(store, copy["id"])
        assert f'<a href="{copy["url"]}"' in html and f"archived copy captured {shown}; the link is the live page" in html
        narrative = store.query("SELECT narrative FROM narrative_members WHERE doc = ?", [copy["id"]])[0]["narrative"]
    server = uvicorn.Server(uvicorn.Config(create_app(crawl["db"]), host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            assert thread.is_alive(), "the web app did not start"
            time.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            document = client.get(f"/documents/{copy['id']}").text
            members = client.get(f"/narratives/{narrative}").text
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert f'href="{copy["url"]}"' in document and f"archived copy captured {shown}" in document
    assert f'href="{copy["url"]}"' in members and f"captured {shown}" in members


def test_robots_txt_server_error_means_nothing_is_fetched(tmp_path: Path) -> None:
    with serve_site(robots_status=503) as site:
        notes: list[str] = []
        result = copytrail.fetch(
            [site.url("/articles/orchard.html")], tmp_path / "x.warc.gz",
            FetchSettings(host_delay=0, retries=1, backoff=0.01), notice=notes.append,
        )  # fmt: skip
        assert "/articles/orchard.html" not in site.paths()
    assert result.fetched == [] and len(result.failed) == 1
    assert result.failed[0].reason.startswith("robots.txt answered HTTP 503")
    assert any("nothing fetched from this host" in note for note in notes)


def test_a_host_that_refuses_connections_fails_after_the_retries(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port on 127.0.0.1 that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = copytrail.fetch(
        [f"http://127.0.0.1:{port}/a.html"], tmp_path / "x.warc.gz",
        FetchSettings(host_delay=0, retries=1, backoff=0.01, obey_robots=False),
    )  # fmt: skip
    assert len(result.failed) == 1
    assert result.failed[0].reason.startswith("connection failed (ConnectError") and result.failed[0].reason.endswith("after 2 tries")


def test_progress_counts_to_the_total_and_bad_settings_are_refused(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    with serve_site() as site:
        copytrail.fetch(
            [site.url(f"/pages/{n}.html") for n in range(3)], tmp_path / "p.warc.gz", FAST,
            progress=lambda stage, done, total: seen.append((stage, done, total)),
        )  # fmt: skip
    assert seen[0] == ("fetching", 0, 3) and seen[-1] == ("fetching", 3, 3)
    with pytest.raises(copytrail.UsageError, match="per_host must be at least 1"):
        copytrail.fetch(["http://127.0.0.1:9/"], tmp_path / "q.warc.gz", FetchSettings(per_host=0))
    with pytest.raises(copytrail.UsageError, match=r"must be a \.warc\.gz"):
        copytrail.fetch(["http://127.0.0.1:9/"], tmp_path / "q.txt", FAST)


def test_an_answer_that_cannot_be_decoded_fails_alone(tmp_path: Path) -> None:
    with serve_site() as site:
        result = copytrail.fetch([site.url("/bad-gzip"), site.url("/articles/orchard.html")], tmp_path / "d.warc.gz", FAST)
    assert [_path(u) for u in result.fetched] == ["/articles/orchard.html"]
    assert [(_path(p.url), p.reason.split(" (")[0]) for p in result.failed] == [("/bad-gzip", "content cannot be decoded")]


def test_listings_stop_at_max_listed_and_say_so(tmp_path: Path) -> None:
    from dataclasses import replace

    notes: list[str] = []
    with serve_site() as site:
        result = copytrail.fetch(
            [], tmp_path / "l.warc.gz", replace(FAST, max_listed=1), sitemaps=[site.url("/sitemap_index.xml")], notice=notes.append
        )  # fmt: skip
    assert result.listed == 1 and [_path(u) for u in result.fetched] == ["/articles/original.html"]
    assert any("took 1 of its 2 links" in note and "max_listed" in note for note in notes)


def test_an_answer_that_trickles_in_fails_at_the_total_timeout(tmp_path: Path) -> None:
    """Every chunk comes well within ``timeout``; the whole answer is cut at ``total_timeout``."""
    from dataclasses import replace

    with serve_site() as site:
        result = copytrail.fetch([site.url("/trickle")], tmp_path / "t.warc.gz", replace(FAST, retries=0, timeout=2.0, total_timeout=0.5))
    assert [p.reason for p in result.failed] == ["timed out (answer not complete within 0.5 s)"]


def test_retry_after_is_waited_for_and_a_long_one_fails_at_once(tmp_path: Path) -> None:
    with serve_site() as site:
        started = time.monotonic()
        patient = copytrail.fetch([site.url("/busy-second")], tmp_path / "a.warc.gz", FAST)
        waited = time.monotonic() - started
        assert site.counts["/busy-second"] == 2
        hurried = copytrail.fetch([site.url("/busy-long")], tmp_path / "b.warc.gz", FAST)
        assert site.counts["/busy-long"] == 1  # not asked again within the run
    assert len(patient.fetched) == 1 and waited >= 1.0  # Retry-After: 1, not the 0.01 s backoff
    assert [p.reason for p in hurried.failed] == [
        "HTTP 429 (too many requests), asked to retry after 3600 s (longer than max_wait, 120 s)"
    ]
