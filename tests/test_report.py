"""The offline HTML report: built from the sample corpus and from a hostile one.

The hostile corpus puts markup, event handlers, ``javascript:`` URLs and ``</script>`` into
every field an article has; the report must show all of it as text and run none of it.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from copytrail.engines.local import scan
from copytrail.outputs.report import build_report
from copytrail.outputs.report.build import json_for_script
from copytrail.outputs.report.spans import highlight, union_length
from copytrail.store import open_store

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample-corpus"

SHARED = (
    "The harbour commission voted on Tuesday to close the northern pier for eighteen months while "
    "engineers replace the timber pilings that were damaged in last winter's storms, a decision that "
    "fishing crews say will cost them most of the spring season and push smaller boats to Veyra. "
)
SHARED_2 = (
    "Residents of the eastern district have been asked to boil their tap water until further notice "
    "after routine tests found traces of bacteria in two reservoirs, the water authority said in a "
    "statement that gave no date for when the advice would be lifted or who would pay for it. "
)
HOSTILE_TITLE = "<script>alert('title')</script> Pier <b><i>closure"
HOSTILE_AUTHOR = '<img src=x onerror=alert("author")>'
HOSTILE_OUTLET = "Evil <svg onload=alert(1)> Gazette"
HOSTILE_URL = "javascript:alert('url')"
HOSTILE_TEXT = "Before </script><script>alert('body')</script> and <img src=x onerror=alert(2)> then "
FILE_NAME = "<img src=x onerror=alert(5)>.txt"

HOSTILE_STRINGS = [
    "<script>alert('title')</script>",
    '<img src=x onerror=alert("author")>',
    "<svg onload=alert(1)>",
    "javascript:alert('url')",
    "</script><script>alert('body')</script>",
    "<img src=x onerror=alert(2)>",
]


def write_hostile_corpus(folder: Path) -> Path:
    """A small corpus whose every field is an attack on whatever displays it."""
    folder.mkdir(parents=True, exist_ok=True)
    records = [
        {
            "title": HOSTILE_TITLE,
            "author": HOSTILE_AUTHOR,
            "outlet": HOSTILE_OUTLET,
            "url": HOSTILE_URL,
            "published": "2025-04-01T08:00:00Z",
            "text": HOSTILE_TEXT + SHARED + SHARED_2 + "Closing words <b><i>never closed.",
        },
        {
            "title": "Pier to close for repairs </script><img src=x onerror=alert(3)>",
            "author": "Staff <b>",
            "outlet": "Harbour <i>Times",
            "url": "https://example.org/pier?a=1&b=<x>",
            "published": "2025-04-02T09:30:00Z",
            # the hostile sentence is copied too, so it sits inside a reused passage that the
            # report shows side by side
            "text": "A different opening line about the council. " + HOSTILE_TEXT + SHARED + "An unrelated ending follows here.",
        },
        {
            "title": "Water warning",
            "author": "Desk",
            "outlet": "Data:<b>Wire</b>",
            "url": "data:text/html,<script>alert(4)</script>",
            "published": "2025-04-03T10:00:00Z",
            "text": "Breaking: " + SHARED_2 + "More to follow <!-- comment --> later.",
        },
        {
            "title": "Vbscript too",
            "outlet": "JAVASCRIPT:alert(6)",
            "url": " JavaScript:alert(7)",
            "text": SHARED + "Undated copy with <style>body{display:none}</style> inline style.",
        },
    ]
    lines = [json.dumps(r) for r in records]
    lines.append('{"title": "<script>alert(8)</script>", "text": ')  # broken JSON -> an error row
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / FILE_NAME).write_text(
        "A reader letter. " + SHARED_2 + " Signed <script>alert(9)</script>.", encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    with open_store(db) as store:
        scan([SAMPLE], store)
    return db


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    corpus = write_hostile_corpus(base / "corpus")
    db = base / "hostile.duckdb"
    with open_store(db) as store:
        scan([corpus], store)
    return db


def _build(db: Path, out: Path) -> str:
    with open_store(db, read_only=True) as store:
        path = build_report(store, out)
    assert path == out
    return out.read_text(encoding="utf-8")


class _Audit(HTMLParser):
    """Collects what matters for safety: scripts, event handlers, links, external resources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[tuple[str, str]] = []
        self.hrefs: list[str] = []
        self.external: list[str] = []
        self.text: list[str] = []
        self.anchors: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "script":
            self.scripts.append(a)
            self._in_script = True
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append((tag, name))
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href") and value is not None:
                self.hrefs.append(value)
                if re.match(r"\s*(https?:)?//", value) and tag in ("script", "link", "img", "iframe", "style"):
                    self.external.append(value)
        if tag == "a":
            self.anchors.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if not self._in_script:
            self.text.append(data)


def _audit(page: str) -> _Audit:
    audit = _Audit()
    audit.feed(page)
    audit.close()
    return audit


def _report_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert match, "the data block is missing"
    return json.loads(match.group(1))


def _strings(value: object) -> list[str]:
    """Every string inside a JSON value, so texts can be compared unescaped."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _assert_safe(page: str) -> _Audit:
    audit = _audit(page)
    assert [s.get("id") for s in audit.scripts] == ["report-data", "plotly-js", "report-js"]
    assert all("src" not in s for s in audit.scripts)
    assert audit.handlers == []
    assert not [
        h for h in audit.hrefs
        if h.strip().lower().startswith(("javascript:", "data:", "vbscript:")) and h != "data:,"  # our empty favicon
    ]
    assert audit.external == []
    assert set(audit.tags) <= {
        "html", "head", "meta", "title", "style", "body", "header", "div", "h1", "p", "code", "nav", "a",
        "main", "section", "h2", "details", "summary", "table", "thead", "tr", "th", "tbody", "td",
        "aside", "span", "input", "noscript", "footer", "script", "ins", "link", "mark", "bdi", "button",
    }
    return audit


def test_sample_report(sample_db: Path, tmp_path: Path) -> None:
    page = _build(sample_db, tmp_path / "report.html")
    _assert_safe(page)
    data = _report_data(page)
    summary = data["summary"]
    assert summary["documents"] == 39
    assert summary["narratives"] == len(data["narratives"]) > 0
    assert 0 < summary["reused_share"] < 1
    assert summary["reused_chars"] <= summary["chars"]
    # ranked by spread: documents, then outlets, never increasing
    spread = [(n["documents"], n["outlets"]) for n in data["narratives"]]
    assert spread == sorted(spread, reverse=True)
    top = data["narratives"][0]
    assert top["pairs"], "the top narrative carries side-by-side views"
    passage = top["pairs"][0]["passages"][0]
    assert passage["kind"] in ("verbatim", "edited", "paraphrase")
    assert "".join(c[0] for c in passage["a"]["chunks"])  # word-diffed text is present
    assert all(m in data["docs"] for n in data["narratives"] for m in n["members"])
    net = data["network"]
    assert net["edges"] and all(e["weight"] == len(e["evidence"]) or len(e["evidence"]) == 20 for e in net["edges"])
    assert all(ev["pairs"] for e in net["edges"] for ev in e["evidence"])
    # the sample's hostile JSONL record never reaches the markup as a tag
    assert "<script>alert(1)</script>" not in page
    # plotly is inlined exactly once
    assert page.count("plotly.js v") == 1


def test_hostile_report(hostile_db: Path, tmp_path: Path) -> None:
    page = _build(hostile_db, tmp_path / "hostile.html")
    audit = _assert_safe(page)
    data = _report_data(page)
    strings = _strings(data)
    # side-by-side text is stored as diff chunks; joined back, every hostile string is there
    blob = "\n".join(strings) + "\n" + "".join(strings)
    for s in HOSTILE_STRINGS:
        assert s in blob, f"{s!r} should survive as text in the data"
    # nothing from the data leaks into the markup unescaped
    block = page.split('id="report-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    text = "".join(audit.text)
    assert "alert(8)" in text or data["summary"]["errors"] >= 1  # the broken line is listed as a failure
    assert data["summary"]["errors"] >= 1
    assert data["narratives"], "the shared passages form narratives"
    assert all(a.get("href", "").startswith("#") for a in audit.anchors)  # only our own nav links in markup


def test_error_rows_are_text(hostile_db: Path, tmp_path: Path) -> None:
    page = _build(hostile_db, tmp_path / "r.html")
    audit = _audit(page)
    text = "".join(audit.text)
    assert "feed.jsonl" in text  # the failed input is listed, as text


def test_json_block_cannot_close_the_script() -> None:
    encoded = json_for_script({"t": "</script><!-- & \u2028"})
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded) == {"t": "</script><!-- & \u2028"}


def test_highlight_pieces_cover_text_exactly() -> None:
    text = "abcdefghij"
    pieces = highlight(text, [(2, 6, "paraphrase"), (4, 8, "verbatim"), (20, 30, "edited")])
    assert "".join(p for p, _ in pieces) == text
    assert pieces == [("ab", None), ("cd", "paraphrase"), ("efgh", "verbatim"), ("ij", None)]
    assert union_length([(0, 5), (3, 8), (10, 12)]) == 10


def test_report_cli_writes_file(sample_db: Path, tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from copytrail.cli.report import report_command

    app = typer.Typer()
    app.command("report")(report_command)
    app.command("noop")(lambda: None)  # two commands, so typer keeps the subcommand name
    out = tmp_path / "out" / "r.html"
    result = CliRunner().invoke(app, ["report", "--db", str(sample_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size > 1_000_000
    missing = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "none.duckdb"), "-o", str(out)])
    assert missing.exit_code == 2
    assert "Traceback" not in missing.output


def test_report_cites_each_record_of_a_multi_record_file(records_db: Path, tmp_path: Path) -> None:
    """Six records of a JSONL feed and a WARC crawl: each member is cited on its own
    (path#id=…, its URL, or path#line=N), and the markup in a record's id stays text."""
    from records_corpus import MARKUP_ID, PAGES

    page = _build(records_db, tmp_path / "records.html")
    _assert_safe(page)
    data = _report_data(page)
    (narrative,) = data["narratives"]
    docs = [data["docs"][d] for d in narrative["members"]]
    cites = sorted(d["cite"] for d in docs)
    feed = next(d["path"] for d in docs if d["path"].endswith("feed.jsonl"))
    original = next(d["path"] for d in docs if d["path"].endswith("original.txt"))
    assert cites == sorted([
        f"{feed}#id={MARKUP_ID}", f"{feed}#line=2", f"{feed}#id=7", "https://northgate.example/water/plant",
        PAGES[0][0], PAGES[1][0], original,
    ])  # fmt: skip
    labels = [d["label"] for d in docs]
    assert len(set(labels)) == len(labels)  # no two members share a label
    assert "feed.jsonl#line=2" in labels  # no title: the file's name and the record
    assert MARKUP_ID not in page and "wire<b>" not in page  # only inside the escaped data block
    assert "citeNode" in page  # the page shows the citation of a record (report.js)


def test_report_offers_the_evidence_command(sample_db: Path, tmp_path: Path) -> None:
    """Each narrative's section names its evidence pack command (drawn by report.js from the
    narrative id; tests/test_browser.py reads it off the rendered page)."""
    html = _build(sample_db, tmp_path / "r.html")
    assert '"copytrail evidence " + n.id + " -o evidence-" + n.id + "/"' in html
    data = json.loads(html.split('<script type="application/json" id="report-data">', 1)[1].split("</script>", 1)[0])
    with open_store(sample_db, read_only=True) as store:
        stored = {r["id"] for r in store.query("SELECT id FROM narratives")}
    assert {n["id"] for n in data["narratives"]} == stored  # every id the command is shown for exists


def test_report_says_each_date_with_its_source_and_precision_and_why_the_earliest(sample_db: Path, tmp_path: Path) -> None:
    """Every member card carries its date as shown (source, precision, or "undated"); every
    narrative its confidence and the reason, as the store holds them; report.js draws both."""
    page = _build(sample_db, tmp_path / "report.html")
    data = _report_data(page)
    with open_store(sample_db, read_only=True) as store:
        stored = {r["id"]: r for r in store.query("SELECT id, confidence, confidence_reason FROM narratives")}
    for n in data["narratives"]:
        assert (n["confidence"], n["confidence_reason"]) == (stored[n["id"]]["confidence"], stored[n["id"]]["confidence_reason"])
        assert n["confidence_reason"]
    docs = data["docs"].values()
    undated = [d for d in docs if d["path"].endswith(".txt")]
    assert undated and all((d["date"], d["date_precision"], d["date_source"]) == ("undated", None, "none") for d in undated)
    fact_sheet = next(d for d in docs if d["path"].endswith("truthlantern-dunmore-fact-sheet.html"))
    assert (fact_sheet["date"], fact_sheet["date_precision"]) == ("2025-03-10 06:00 UTC (stated, to the minute)", "minute")
    assert any(n["confidence"] != "high" and "undated" in n["confidence_reason"] for n in data["narratives"])
    assert '"Why: " + n.confidence_reason' in page and "d.date || day(d.published)" in page


def test_report_in_a_browser_shows_each_record(records_db: Path, tmp_path: Path) -> None:
    """Rendered by Chromium, the narrative's member table and side-by-sides cite each record of
    the JSONL feed on its own, and the markup in a record's id shows as text."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    from records_corpus import MARKUP_ID

    out = tmp_path / "records.html"
    _build(records_db, out)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(out.as_uri())
            page.wait_for_selector("details.narrative[open] table.grid")
            members = page.inner_text("details.narrative[open] table.grid")
            sides = page.inner_text("details.narrative[open]")
            parsed = page.locator("b", has_text='&"1').count()  # the id's <b> parsed as markup would hold this
        finally:
            browser.close()
    for shown in (f"feed.jsonl#id={MARKUP_ID}", "feed.jsonl#line=2", "feed.jsonl#id=7"):
        assert shown in members, shown  # as text: the id's <b> is not markup
    assert "https://northgate.example/water/plant" in members and "https://civicpulse.example/desal/two" in members
    assert "feed.jsonl#line=2" in sides and not dialogs
    assert parsed == 0  # the <b> inside the id never became an element
