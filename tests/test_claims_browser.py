"""Changed figures in a real browser (Debian's Chromium driven by Playwright): the report's
section at the top and the web app's claims page, with hostile article text shown as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from test_browser import _page, _report_page, browser  # noqa: F401  (the browser fixture; skips without Chromium)

pytest.importorskip("uvicorn")

from claims_corpus import HOSTILE_SENTENCE_PART  # noqa: E402
from copytrail.outputs.web import create_app  # noqa: E402
from test_claims_web import changed_db  # noqa: E402,F401  (a module fixture)
from test_web import LiveServer  # noqa: E402


def _changes_shown(page: Any) -> list[tuple[str, str]]:
    return [
        (change.locator(".old").inner_text(), change.locator(".new").inner_text())
        for change in page.locator(".change").all()
    ]


def test_report_changed_figures_in_browser(browser: Any, changed_db: Path, tmp_path: Path) -> None:  # noqa: F811
    context, page, watch = _report_page(browser, changed_db, tmp_path / "report.html", 1200)
    page.wait_for_selector("#changed-figures .change")
    first = page.evaluate("document.querySelector('main section').id")
    assert first == "changed-figures"
    assert _changes_shown(page) == [("4,100 workers", "1,400 workers")]
    marks = page.locator("#changed-figures mark.fig").all_inner_texts()
    assert marks == ["4,100", "1,400"]
    sides = page.locator("#changed-figures .side").all_inner_texts()
    assert "Harbour Times" in sides[0] and "Rob Kell" in sides[1] and "2025-03-02 10:30 UTC" in sides[1]
    assert HOSTILE_SENTENCE_PART in sides[1]  # article text shown as text, not run
    box_before = page.locator("#changed-figures .side >> nth=0").bounding_box()
    box_after = page.locator("#changed-figures .side >> nth=1").bounding_box()
    assert box_before and box_after and box_after["x"] > box_before["x"] + box_before["width"] - 1  # side by side
    assert not watch.dialogs, watch.dialogs
    assert not watch.errors, watch.errors
    context.close()


def test_claims_page_in_browser(browser: Any, changed_db: Path) -> None:  # noqa: F811
    with LiveServer(create_app(changed_db)) as server:
        context, page, watch = _page(browser, 1000)
        page.goto(f"{server.url}/claims")
        page.wait_for_selector(".change")
        assert _changes_shown(page) == [("4,100 workers", "1,400 workers")]
        page.click("nav >> text=Network")
        page.wait_for_selector("#network-nodes")
        assert "Harbour Times" in page.inner_text("#network-nodes")
        assert not watch.dialogs, watch.dialogs
        assert not watch.errors, watch.errors
        context.close()
