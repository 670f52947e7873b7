"""Changed figures say which came first only where both dates do: between two dated copies an
arrow from the first statement to the change; where one side is undated, "≠" and no "first"
(the report and the web app's claims page, on the bundled sample corpus)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

pytest.importorskip("fastapi")

from copytrail.outputs.report import build_report  # noqa: E402
from copytrail.outputs.web import create_app  # noqa: E402
from copytrail.store import open_store  # noqa: E402
from test_web import LiveServer  # noqa: E402

_CHANGE = re.compile(r'<div class="change" data-claim="[^"]*">(.*?)</p>\s*</div>\s*</div>\s*</div>', re.DOTALL)


def _cards(page: str) -> dict[str, str]:
    """Each change card's HTML, by the new figure it shows."""
    cards = {}
    for match in _CHANGE.finditer(page):
        new = re.search(r'<span class="new">(.*?)</span>', match.group(1))
        assert new is not None
        cards[new.group(1)] = match.group(1)
    return cards


def _check(cards: dict[str, str]) -> None:
    dated = cards["over 30,000 households"]  # both copies dated: the change has a direction
    assert ">→</span>" in dated and "first stated" in dated and "changed by" in dated
    undated = cards["roughly 3,000 households"]  # the copy is undated: no direction claimed
    assert ">≠</span>" in undated and "first stated" not in undated and "which came first is not known" in undated


def test_the_report_claims_an_order_only_where_dates_give_one(sample_db: Path, tmp_path: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        build_report(store, tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    _check(_cards(page[page.index('<section id="changed-figures">') : page.index('<section id="corpus">')]))


def test_the_claims_page_claims_an_order_only_where_dates_give_one(sample_db: Path) -> None:
    with LiveServer(create_app(sample_db)) as server:
        page = httpx.get(f"{server.url}/claims", timeout=30).text
    _check(_cards(page))
