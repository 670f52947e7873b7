"""The report, opened in a real browser, shows fetched pages with their live URL and the time
the archived copy was captured (the report draws its cards with script, so only a browser
shows what a reader sees).

Skipped, with the reason, when Playwright or /usr/bin/chromium is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install playwright)")

import copytrail  # noqa: E402
from copytrail.outputs.report import build_report  # noqa: E402
from copytrail.stages.fetch import FetchSettings  # noqa: E402
from fetch_site import serve_site  # noqa: E402


def test_report_cards_link_the_live_page_and_say_when_it_was_captured(tmp_path: Path) -> None:
    with serve_site() as site:
        pages = [site.url("/articles/original.html"), site.url("/articles/copy-undated.html")]
        with copytrail.open_store(tmp_path / "s.duckdb") as store:
            copytrail.fetch(
                pages, tmp_path / "c.warc.gz", FetchSettings(host_delay=0), store=store,
                scan_settings=copytrail.ScanSettings(workers=1),
            )  # fmt: skip
            report = build_report(store, tmp_path / "report.html")
            extra = store.query("SELECT url, extra FROM documents ORDER BY url")
    captured = {row["url"]: json.loads(row["extra"])["captured"].replace("T", " ").replace("+00:00", " UTC") for row in extra}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless=new", "--no-sandbox"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(report.as_uri())
            page.wait_for_selector("text=archived copy captured")
            text = page.inner_text("body")
            links = set(page.eval_on_selector_all("a[href^='http://127.0.0.1']", "els => els.map(e => e.href)"))
        finally:
            browser.close()
    assert errors == []
    assert set(pages) <= links  # each fetched page links to its live URL
    for url in pages:
        assert f"archived copy captured {captured[url]}; the link is the live page" in text
