"""The report and the web app in a real browser (Debian's Chromium driven by Playwright).

Skipped, with the reason, when Playwright or /usr/bin/chromium is absent.  Never runs
``playwright install``: the system Chromium is used as is.  Screenshots go to docs/screenshots with COPYTRAIL_SCREENSHOTS=1.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install playwright)")
pytest.importorskip("uvicorn")

from copytrail.outputs.report import build_report  # noqa: E402
from copytrail.outputs.web import create_app  # noqa: E402
from copytrail.store import open_store  # noqa: E402
from test_report import HOSTILE_STRINGS, hostile_db, sample_db  # noqa: E402,F401  (session fixtures)
from test_web import LiveServer, planted_text  # noqa: E402

# The README's screenshots are refreshed only on request (COPYTRAIL_SCREENSHOTS=1), so a test
# run never leaves the work tree changed; otherwise they go to a temporary folder.
SHOTS = (
    Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    if os.environ.get("COPYTRAIL_SCREENSHOTS") == "1"
    else Path(tempfile.mkdtemp(prefix="copytrail-shots-"))
)
if SHOTS.name.startswith("copytrail-shots-"):  # a run leaves no folder behind
    atexit.register(shutil.rmtree, SHOTS, True)
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Watch:
    """Everything a page must not do: log errors, throw, or open a dialog (alert, confirm...)."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.on("request", lambda r: self.requests.append(r.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        except Exception as exc:  # a broken browser install is an environment problem, not ours
            pytest.skip(f"Chromium did not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


def _page(browser: Any, height: int = 1000) -> tuple[Any, Any, Watch]:
    context = browser.new_context(viewport={"width": 1280, "height": height}, device_scale_factor=1)
    page = context.new_page()
    return context, page, Watch(page)


def _report_page(browser: Any, db: Path, out: Path, height: int = 1000) -> tuple[Any, Any, Watch]:
    """The report of the store at ``db``, written to ``out`` and opened in a new page."""
    with open_store(db, read_only=True) as store:
        build_report(store, out)
    context, page, watch = _page(browser, height)
    page.goto(out.as_uri())
    return context, page, watch


def test_report_in_browser(browser: Any, sample_db: Path, tmp_path: Path) -> None:  # noqa: F811
    context, page, watch = _report_page(browser, sample_db, tmp_path / "report.html", 1500)
    page.wait_for_selector("#network-plot svg.copy-graph")
    page.wait_for_selector("details.narrative[open] .plot .main-svg")
    page.wait_for_selector(".pair .side ins.chg")
    # the evidence panel fills when an arrow is chosen: its passages, earlier → later
    page.click("#edge-table tbody tr >> nth=0")
    assert "published first by" in page.inner_text("#evidence")
    assert page.locator("#evidence ol.copy-pairs li").count() >= 1
    # and when a link of the outlets sharing narratives is
    page.click("#network .net-tabs [data-view=shared]")
    page.wait_for_selector("#network-plot .main-svg")
    page.click("#edge-table tbody tr >> nth=0")
    assert "shared narrative" in page.inner_text("#evidence")
    page.click("#network .net-tabs [data-view=copies-outlets]")
    page.wait_for_selector("#network-plot svg.copy-graph")
    # the filter narrows the list
    page.fill("#narrative-filter", "Dunmore")
    page.wait_for_timeout(400)
    assert page.locator("details.narrative").count() >= 1
    page.fill("#narrative-filter", "")
    page.wait_for_timeout(400)
    page.evaluate("window.scrollTo(0, 0)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "report.png"), full_page=False)
    assert not watch.dialogs
    assert not watch.errors, watch.errors
    assert all(u.startswith(("file:", "data:", "about:", "blob:")) for u in watch.requests), watch.requests
    context.close()


def test_hostile_report_runs_nothing(browser: Any, hostile_db: Path, tmp_path: Path) -> None:  # noqa: F811
    context, page, watch = _report_page(browser, hostile_db, tmp_path / "hostile.html")
    page.wait_for_selector("details.narrative")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.wait_for_timeout(800)
    for row in range(page.locator("#edge-table tbody tr").count()):
        page.click(f"#edge-table tbody tr >> nth={row}")
    body = page.inner_text("body")
    for s in HOSTILE_STRINGS:
        assert s.replace("'", "").replace('"', "")[:12] in body.replace("'", "").replace('"', "")
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert page.evaluate("document.querySelectorAll('[onerror],[onload],[onclick]').length") == 0
    assert page.evaluate(
        "[...document.querySelectorAll('a[href]')].filter(a => !/^(https?:|#)/i.test(a.getAttribute('href'))).length"
    ) == 0
    assert not watch.dialogs, watch.dialogs
    assert not watch.errors, watch.errors
    context.close()


@pytest.fixture(scope="module")
def app_server(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:  # noqa: F811
    db = tmp_path_factory.mktemp("browser") / "sample.duckdb"
    shutil.copy(sample_db, db)
    with LiveServer(create_app(db)) as server:
        yield server


def test_app_check_page(browser: Any, app_server: LiveServer, sample_db: Path) -> None:  # noqa: F811
    text, source = planted_text(sample_db)
    context, page, watch = _page(browser, 1100)
    page.goto(f"{app_server.url}/check")
    page.fill("#text", text)
    page.click("#check-submit")
    page.wait_for_selector("#results")
    marks = page.locator("#results .doctext mark")
    assert marks.count() >= 1
    marked = " ".join(marks.all_inner_texts())
    assert " ".join(text.split()[20:30]) in " ".join(marked.split())
    assert page.locator(f'#results a[href="/documents/{source}"]').count() >= 1
    page.screenshot(path=str(SHOTS / "app-check.png"), full_page=False)
    assert not watch.dialogs
    assert not watch.errors, watch.errors
    context.close()


def test_app_hostile_document_page(browser: Any, app_server: LiveServer) -> None:
    context, page, watch = _page(browser)
    page.goto(f"{app_server.url}/documents?q=spam")
    page.click("table.grid a >> nth=0")
    page.wait_for_selector("h1")
    assert "<script>alert(1)</script>" in page.inner_text("h1")
    assert "javascript:alert(3)" in page.inner_text(".doctext")
    page.goto(f"{app_server.url}/narratives")
    page.click("table.grid a >> nth=0")
    page.click("text=side by side >> nth=0")
    page.wait_for_selector(".sides")
    assert not watch.dialogs
    assert not watch.errors, watch.errors
    context.close()


def test_evidence_in_browser(browser: Any, sample_db: Path, hostile_db: Path, tmp_path: Path) -> None:  # noqa: F811
    """The evidence page: its own style applies under its policy, nothing loads, nothing runs,
    hostile article text shows as text, and it prints."""
    from copytrail.outputs.evidence import build_evidence

    with open_store(sample_db, read_only=True) as store:
        nid = store.query("SELECT id FROM narratives ORDER BY documents DESC, id LIMIT 1")[0]["id"]
        pack = build_evidence(store, nid, tmp_path / "sample")
    context, page, watch = _page(browser, 1400)
    page.goto(pack.html.as_uri())
    page.wait_for_selector("table.members")
    assert nid in page.inner_text("h1")
    assert page.locator("article.pair").count() >= 1
    changed = page.locator("mark.chg")
    if changed.count():  # the inline style sheet is allowed by its hash, so the marks are coloured
        assert changed.first.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(255, 215, 208)"
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "1100px"
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "none"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.emulate_media(media="screen")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "evidence.png"), full_page=False)
    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
    assert all(u.startswith(("file:", "data:", "about:")) for u in watch.requests), watch.requests
    context.close()

    with open_store(hostile_db, read_only=True) as store:
        ids = [r["id"] for r in store.query("SELECT id FROM narratives ORDER BY id")]
        packs = [build_evidence(store, n, tmp_path / n) for n in ids]
    assert packs
    for hostile in packs:
        context, page, watch = _page(browser)
        page.goto(hostile.html.as_uri())
        page.wait_for_selector("table.members")
        body = page.inner_text("body")
        assert any(s in body for s in HOSTILE_STRINGS), "hostile text is shown as text"
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        assert page.evaluate("document.querySelectorAll('[onerror],[onload],[onclick],img,svg,iframe').length") == 0
        assert page.evaluate(
            "[...document.querySelectorAll('a[href]')].filter(a => !/^https?:/i.test(a.getAttribute('href'))).length"
        ) == 0
        assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
        assert all(u.startswith(("file:", "data:", "about:")) for u in watch.requests), watch.requests
        context.close()


def test_report_names_the_evidence_command(browser: Any, sample_db: Path, tmp_path: Path) -> None:  # noqa: F811
    context, page, watch = _report_page(browser, sample_db, tmp_path / "report.html")
    page.wait_for_selector("details.narrative[open] .evidence-cmd")
    nid = page.evaluate("document.querySelector('details.narrative[open]').id").removeprefix("n-")
    assert page.inner_text("details.narrative[open] .evidence-cmd code") == f"copytrail evidence {nid} -o evidence-{nid}/"
    assert not watch.errors, watch.errors
    context.close()


def test_app_evidence_page(browser: Any, app_server: LiveServer) -> None:
    context, page, watch = _page(browser)
    page.goto(f"{app_server.url}/narratives")
    page.click("table.grid a >> nth=0")
    page.click("text=Evidence pack")
    page.wait_for_selector("table.members")
    assert page.url.startswith(f"{app_server.url}/evidence/n")
    changed = page.locator("mark.chg")
    if changed.count():  # the served page's own policy lets its inline style apply
        assert changed.first.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(255, 215, 208)"
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "1100px"
    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
    assert all(u.startswith(app_server.url) or u.startswith("data:") for u in watch.requests), watch.requests
    context.close()
