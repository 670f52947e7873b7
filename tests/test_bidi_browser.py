"""Right-to-left article text in a real browser (Debian's Chromium driven by Playwright): the
report and the web app (a real server on 127.0.0.1) over a real scan of a small corpus with a
Persian article, its Persian copy, an English page quoting a Persian paragraph and an English
copy whose title carries U+202E (RIGHT-TO-LEFT OVERRIDE).

Persian passages must resolve to right to left (``:dir(rtl)``) with ``lang="fa"``, English ones
to left to right with ``lang="en"``, the words of a right-to-left passage must stay in logical
order across its highlighted pieces, and a title's bidi controls must not reorder the page's
words after it.  Skipped, with the reason, without Chromium or Playwright.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from test_browser import _page, _report_page, browser  # noqa: F401  (the browser fixture; skips without Chromium)

pytest.importorskip("uvicorn")

from conftest import FAST  # noqa: E402
from copytrail.engines.local import scan  # noqa: E402
from copytrail.outputs.web import create_app  # noqa: E402
from copytrail.store import open_store  # noqa: E402
from test_language_mixed import MIXED_ARTICLE, PERSIAN_ARTICLE, PLAIN_ENGLISH, mixed_db  # noqa: E402,F401  (a module fixture)
from test_web import LiveServer  # noqa: E402

RLO = "\u202e"
# An English copy titled with a right-to-left override: shown raw, it would reverse the page's
# words after it ("reused in … (Copy Desk, undated)").
HOSTILE_TITLE = RLO + "Harbour berth opens"
COPY_OUTLET = "Copy Desk"
HOSTILE_OUTLET = RLO + "Harbour Times"  # the earliest member's outlet: named in the evidence's "why"
# The Persian article states its daily output in Persian digits; its copy changes the figure (a
# changed figure: "۴۰٬۰۰۰ متر → ۶۰٬۰۰۰ متر" beside the page's arrow) and one word.
PERSIAN_SOURCE = PERSIAN_ARTICLE.replace("چهل هزار متر مکعب", "۴۰٬۰۰۰ متر مکعب")
PERSIAN_COPY = PERSIAN_SOURCE.replace("۴۰٬۰۰۰", "۶۰٬۰۰۰").replace("یازده", "دوازده")
ENGLISH_STORY = PLAIN_ENGLISH + (
    "\nThe port's board said the new berth had cost less than the dredging itself, and that a third "
    "berth would wait until the traffic figures for the first year were known.\n"
)


def _front(title: str, outlet: str, published: str | None, body: str) -> str:
    date = f"published: {published}\n" if published else ""
    return f"---\ntitle: {title}\noutlet: {outlet}\n{date}---\n\n{body}"


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "persian-source.md").write_text(
        _front("بودجه آب‌شیرین‌کن بندرعباس", "خلیج", "2025-03-01T08:00:00Z", PERSIAN_SOURCE), encoding="utf-8"
    )
    (folder / "persian-copy.md").write_text(_front("رونوشت", "بازنشر", "2025-03-02T08:00:00Z", PERSIAN_COPY), encoding="utf-8")
    (folder / "english-quoting.md").write_text(
        _front("Council statement in full", "Coast Weekly", "2025-03-03T08:00:00Z", MIXED_ARTICLE), encoding="utf-8"
    )
    (folder / "english-source.md").write_text(
        _front("Second berth opens", HOSTILE_OUTLET, "2025-02-01T08:00:00Z", ENGLISH_STORY), encoding="utf-8"
    )
    reposted = "Reposted from a harbour newsletter.\n\n" + ENGLISH_STORY  # not an exact duplicate: aligned
    (folder / "english-copy.md").write_text(_front(HOSTILE_TITLE, COPY_OUTLET, None, reposted), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def bidi_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bidi")
    db = root / "store.duckdb"
    with open_store(db) as store:
        result = scan([_corpus(root / "corpus")], store, FAST)
    assert not result.errors, result.errors
    return db


@pytest.fixture(scope="module")
def ids(bidi_db: Path) -> dict[str, str]:
    with open_store(bidi_db, read_only=True) as store:
        return {Path(r["path"]).stem: r["id"] for r in store.query("SELECT id, path FROM documents")}


# Where each word of an element's text is drawn, in the text's (logical) order: checks that
# read the order on the screen rather than in the markup.
WORD_BOXES = """([el, skipNames]) => {
  const out = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (skipNames && node.parentElement.closest('bdi')) { continue; }  // a name's own letters
    for (const m of node.data.matchAll(/[^\\s\\u200c.,،؛:()«»“”"]+/g)) {
      if (/\\p{Nd}/u.test(m[0])) { continue; }  // a number runs left to right inside any text
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const r = range.getBoundingClientRect();
      if (r.width > 0) { out.push({ word: m[0], left: r.left, right: r.right, top: Math.round(r.top) }); }
    }
  }
  return out;
}"""


def _reading_order(page: Any, handle: Any, skip_names: bool = False) -> str:
    """``rtl`` when every two words of ``handle`` that follow each other on one line are drawn
    right to left, ``ltr`` when left to right, ``mixed`` otherwise (or ``none``: no such pair);
    ``skip_names``: the words inside its <bdi> names are left out."""
    boxes = page.evaluate(WORD_BOXES, [handle, skip_names])
    steps = {
        "rtl" if b["right"] <= a["left"] + 0.5 else "ltr" if b["left"] >= a["right"] - 0.5 else "overlap"
        for a, b in zip(boxes, boxes[1:], strict=False)
        if a["top"] == b["top"]
    }
    return steps.pop() if len(steps) == 1 else ("none" if not steps else "mixed")


def _direction(handle: Any) -> dict[str, Any]:
    return handle.evaluate(
        "(el) => ({rtl: el.matches(':dir(rtl)'), ltr: el.matches(':dir(ltr)'),"
        " lang: el.closest('[lang]') ? el.closest('[lang]').lang : null, own: el.getAttribute('lang')})"
    )


def _after_title(page: Any, title: Any, following: Any) -> None:
    """The page's words after a title holding U+202E: left to right, in order, drawn after it."""
    title, following = title.element_handle(), following.element_handle()  # locators, resolved once
    assert RLO in title.inner_text() or RLO in title.evaluate("(el) => el.textContent")
    assert following.evaluate("(el) => el.matches(':dir(ltr)')")
    assert _reading_order(page, following) == "ltr"
    title_box, next_box = title.bounding_box(), following.bounding_box()
    assert title_box and next_box and next_box["x"] >= title_box["x"] + title_box["width"] - 1


def _control_is_reversed(page: Any) -> None:
    """The same title without isolation, put on the page by the test: the words after it run
    right to left, so the checks above would see it (the measure can fail)."""
    handle = page.evaluate_handle(
        """(title) => { const p = document.createElement('p'); const t = document.createElement('span');
        t.textContent = title; const after = document.createElement('span');
        after.textContent = ' (Copy Desk, undated) reused here'; p.append(t, after);
        document.body.append(p); return after; }""",
        HOSTILE_TITLE,
    )
    assert _reading_order(page, handle) == "rtl"


def _figures_in_order(page: Any) -> None:
    """A changed figure in Persian: old, arrow, new from left to right (the page's sentence),
    each sentence right to left in Persian."""
    change = page.locator(".change").first
    old, new = change.locator(".old").bounding_box(), change.locator(".new").bounding_box()
    assert change.locator(".old").inner_text() == "۴۰٬۰۰۰ متر" and change.locator(".new").inner_text() == "۶۰٬۰۰۰ متر"
    assert old and new and new["x"] >= old["x"] + old["width"]
    for excerpt in change.locator(".excerpt").element_handles():
        assert _direction(excerpt) | {"own": None} == {"rtl": True, "ltr": False, "lang": "fa", "own": None}
        assert _reading_order(page, excerpt) == "rtl"


def test_report_sides_run_their_language_way(browser: Any, bidi_db: Path, ids: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    context, page, watch = _report_page(browser, bidi_db, tmp_path / "report.html", 1400)
    page.evaluate("document.querySelectorAll('details.narrative').forEach(d => { d.open = true; })")
    page.wait_for_selector(".pair .side .text")
    persian, english, mixed = [], [], []
    for side in page.locator(".pair .side").element_handles():
        passage = side.query_selector(".text .passage")
        text = passage.evaluate("(el) => el.textContent")
        facts = _direction(passage)
        if "بودجه" in text:
            persian.append((facts, side, passage))
        elif "harbour authority" in text:
            english.append(facts)
        else:
            mixed.append(text)
    assert not mixed, mixed  # every side is one of the planted passages
    assert len(persian) >= 4 and len(english) == 2  # the Persian copy and the quoting page, both sides
    for facts, _, passage in persian:
        assert facts["rtl"] and not facts["ltr"] and facts["lang"] == "fa", facts
        assert _reading_order(page, passage) == "rtl"  # highlighted pieces stay in logical order
    assert all(f["ltr"] and not f["rtl"] and f["lang"] == "en" for f in english), english
    # the English page quoting the Persian paragraph: its passage says fa itself, its block none
    quoting = [(f, s) for f, s, _ in persian if "Coast Weekly" in s.inner_text()]
    assert quoting and all(f["own"] == "fa" for f, _ in quoting)
    assert all(s.query_selector(".text").get_attribute("dir") == "auto" for _, s in quoting)
    assert all(s.query_selector(".text").get_attribute("lang") == "" for _, s in quoting)  # no one language
    # a changed word inside a Persian side: drawn between its neighbours, right to left
    changed = page.locator(".pair .side ins.chg", has_text="دوازده").first
    assert changed.evaluate("(el) => el.matches(':dir(rtl)')")
    # the copy is undated: its title sits in the "Undated members" list, before its outlet
    row = page.locator("li", has=page.locator("bdi", has_text="Harbour berth opens")).first
    title, outlet = row.locator("bdi").nth(0), row.locator("bdi").nth(1)
    assert outlet.inner_text() == COPY_OUTLET
    _after_title(page, title, outlet)
    # a side's header: the title, then its outlet, date and characters, in order
    head = page.locator(".pair .side .doc", has=page.locator("bdi", has_text="Harbour berth opens")).first
    _after_title(page, head.locator("b bdi"), head.locator("span.muted").nth(1))
    _figures_in_order(page)
    # the outlet networks' labels (SVG text, no <bdi>): names isolated, their controls left out;
    # the copy graph first (the Persian outlets), then the outlets sharing narratives
    page.wait_for_selector("#network-plot svg.copy-graph")
    drawn = page.locator("#network-plot .copy-node text").all_text_contents()
    assert "\u2068خلیج\u2069" in drawn and "\u2068بازنشر\u2069" in drawn, drawn
    page.click("#network .net-tabs [data-view=shared]")
    page.wait_for_selector("#network-plot .main-svg")
    plotted = page.locator("#network-plot text").all_text_contents()
    assert "\u2068Harbour Times\u2069" in plotted and not any(RLO in t for t in plotted), plotted
    # the narratives' titles: the Persian one right to left, in Persian
    labels = {t.inner_text(): _direction(t.element_handle()) for t in page.locator("details.narrative summary .label").all()}
    assert labels["بودجه آب‌شیرین‌کن بندرعباس"]["rtl"] and labels["بودجه آب‌شیرین‌کن بندرعباس"]["lang"] == "fa"
    assert labels["Second berth opens"]["ltr"] and labels["Second berth opens"]["lang"] == "en"
    _control_is_reversed(page)
    assert not watch.errors, watch.errors
    context.close()


@pytest.fixture(scope="module")
def live(bidi_db: Path) -> Iterator[LiveServer]:
    with LiveServer(create_app(bidi_db)) as server:
        yield server


def _alignment_pages(page: Any, base: str, doc: str) -> list[str]:
    page.goto(f"{base}/documents/{doc}")
    return [base + h for h in page.locator("ol.passages a[href^='/alignments/']").evaluate_all("(as) => as.map(a => a.getAttribute('href'))")]


def test_web_app_sides_and_text_run_their_language_way(browser: Any, live: LiveServer, ids: dict[str, str]) -> None:  # noqa: F811
    context, page, watch = _page(browser, 1200)
    # the Persian article's page: its text right to left, in Persian
    page.goto(f"{live.url}/documents/{ids['persian-source']}")
    text = page.locator(".doctext").element_handle()
    assert _direction(text) | {"own": None} == {"rtl": True, "ltr": False, "lang": "fa", "own": None}
    # the English page quoting it: no one language for the whole text, each paragraph its own way
    page.goto(f"{live.url}/documents/{ids['english-quoting']}")
    quoting = page.locator(".doctext")
    assert quoting.get_attribute("dir") == "auto" and quoting.get_attribute("lang") == ""
    seen = {"fa": 0, "en": 0}
    for url in _alignment_pages(page, live.url, ids["persian-source"]) + _alignment_pages(page, live.url, ids["english-source"]):
        page.goto(url)
        stored = httpx.get(url.replace("/alignments/", "/api/alignments/"), timeout=20).json()
        for side, passage in zip(("source", "target"), page.locator(".side .text mark.passage").element_handles(), strict=True):
            # what is shown is the stored text at the stored offsets, exactly (nothing reversed)
            text = httpx.get(f"{live.url}/api/documents/{stored[side]['doc']}", timeout=20).json()["text"]
            assert passage.evaluate("(el) => el.textContent") == text[stored[side]["start"] : stored[side]["end"]]
            facts = _direction(passage)
            if "بودجه" in passage.evaluate("(el) => el.textContent"):
                assert facts["rtl"] and facts["lang"] == "fa", (url, facts)
                assert _reading_order(page, passage) == "rtl"
                seen["fa"] += 1
            else:
                assert facts["ltr"] and facts["lang"] == "en", (url, facts)
                seen["en"] += 1
    assert seen["fa"] >= 4 and seen["en"] == 2, seen
    # the English source's list of passages: the copy's title, then "(Copy Desk, undated)"
    page.goto(f"{live.url}/documents/{ids['english-source']}")
    row = page.locator("ol.passages li", has=page.locator("bdi", has_text="Harbour berth opens")).first
    _after_title(page, row.locator("a bdi").first, row.locator("span.muted").nth(1))
    # the narratives: each title and snippet in its earliest member's language and direction
    page.goto(f"{live.url}/narratives")
    titles = {t.inner_text(): _direction(t.element_handle()) for t in page.locator("td.narrative-title a bdi").all()}
    assert titles["بودجه آب‌شیرین‌کن بندرعباس"] | {"own": None} == {"rtl": True, "ltr": False, "lang": "fa", "own": None}
    assert titles["Second berth opens"] | {"own": None} == {"rtl": False, "ltr": True, "lang": "en", "own": None}
    page.goto(f"{live.url}/claims")
    _figures_in_order(page)
    # the window title (plain text, no <bdi>): the name isolated, its control left out
    page.goto(f"{live.url}/documents/{ids['english-copy']}")
    assert page.title() == "\u2068Harbour berth opens\u2069 · copytrail"
    # the documents list: the hostile title's cell cannot turn the next cells around
    page.goto(f"{live.url}/documents")
    cell = page.locator("tr", has=page.locator("bdi", has_text="Harbour berth opens")).locator("td.doc-title")
    assert cell.evaluate("(el) => el.nextElementSibling.matches(':dir(ltr)')")
    # the evidence pack of the quoting page: every reused side is the Persian paragraph
    page.goto(f"{live.url}/evidence/{ids['english-quoting']}")
    reused = page.locator(".pair .passage .reused").element_handles()
    assert len(reused) == 4 and all(_direction(r)["rtl"] and _direction(r)["lang"] == "fa" for r in reused)
    assert all(_reading_order(page, r) == "rtl" for r in reused)
    # the English narrative's pack: "The oldest date … is ‮Harbour Times (path), published …"
    page.goto(f"{live.url}/evidence/{ids['english-source']}")
    why = page.locator("section.earliest p", has=page.locator("bdi", has_text="Harbour Times")).first
    assert why.locator("bdi").count() == 2 and "published 2025-02-01" in why.inner_text()
    assert _reading_order(page, why.element_handle(), skip_names=True) == "ltr"
    page.goto(f"{live.url}/evidence/{ids['english-quoting']}")
    stored = page.locator(".fulltext .passage")
    assert stored.get_attribute("dir") == "auto" and stored.get_attribute("lang") == ""
    _control_is_reversed(page)
    assert not watch.errors, watch.errors
    context.close()


def test_check_page_shows_a_persian_text_right_to_left(browser: Any, live: LiveServer) -> None:  # noqa: F811
    """Checked text has no stored language: dir="auto" finds Persian right to left, as it is
    typed and as it is shown, and lang="" says the language is unknown."""
    context, page, watch = _page(browser, 1000)
    page.goto(f"{live.url}/check")
    page.fill("#text", PERSIAN_COPY)
    assert page.locator("#text").evaluate("(el) => el.matches(':dir(rtl)')")
    page.click("#check-submit")
    page.wait_for_selector("#results .pair")
    checked = page.locator("#results .doctext.checked").element_handle()
    assert _direction(checked) == {"rtl": True, "ltr": False, "lang": "", "own": ""}  # unknown, not the page's English
    assert _reading_order(page, checked) == "rtl"
    # the stored Persian documents' sides in Persian; the checked text's side as the text itself
    stored = page.locator("#results .source", has=page.locator(".source-head bdi", has_text="بودجه")).locator(".sides > .side:first-child .text")
    assert stored.count() >= 1 and all(_direction(t)["rtl"] and _direction(t)["lang"] == "fa" for t in stored.element_handles())
    yours = page.locator("#results .side:has-text('your text') .text").element_handles()
    assert yours and all(t.get_attribute("dir") == "auto" and _direction(t)["rtl"] for t in yours)
    assert not watch.errors, watch.errors
    context.close()


def test_report_names_the_passage_language(browser: Any, mixed_db: Path, tmp_path: Path) -> None:  # noqa: F811
    """The report of a mixed store: the English page's side says its passage is Persian."""
    context, page, watch = _report_page(browser, mixed_db, tmp_path / "report.html")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.wait_for_selector(".pair .side .lang")
    shown = page.locator(".pair .side .lang").all_inner_texts()
    members = page.inner_text("body")
    context.close()
    assert shown == ["passage in fa (document in en + fa)"] and not watch.errors
    assert "en + fa" in members
