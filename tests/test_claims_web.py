"""Changed figures where people look: the report's section, the web app's claims and network
pages and their API (a real uvicorn server on 127.0.0.1, driven with httpx)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")
pytest.importorskip("fastapi")

from claims_corpus import HOSTILE_SENTENCE_PART, OUTLET_COPY, write_claims_corpus  # noqa: E402
from conftest import FAST  # noqa: E402
from copytrail.engines.local import scan  # noqa: E402
from copytrail.outputs.report import build_report  # noqa: E402
from copytrail.outputs.web import create_app  # noqa: E402
from copytrail.store import open_store  # noqa: E402
from test_web import LiveServer  # noqa: E402


@pytest.fixture(scope="module")
def changed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("changed")
    db = base / "changed.duckdb"
    with open_store(db) as store:
        result = scan([write_claims_corpus(base / "corpus")], store, FAST)
    assert result.claims_differ == 1, result
    return db


@pytest.fixture(scope="module")
def live(changed_db: Path) -> Iterator[LiveServer]:
    with LiveServer(create_app(changed_db)) as server:
        yield server


def test_report_opens_with_the_changed_figures(changed_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    with open_store(changed_db, read_only=True) as store:
        build_report(store, out)
    page = out.read_text(encoding="utf-8")
    section = page[page.index('<section id="changed-figures">') : page.index('<section id="corpus">')]
    assert page.index('id="changed-figures"') < page.index('id="corpus"')  # at the top
    assert '<span class="old">4,100 workers</span>' in section
    assert '<span class="new">1,400 workers</span>' in section
    assert '<mark class="fig">4,100</mark> workers' in section  # the figure marked in its sentence
    assert "2025-03-02 10:30 UTC" in section and "Rob Kell" in section  # who changed it, and when
    assert HOSTILE_SENTENCE_PART not in section and OUTLET_COPY not in section
    assert "&lt;img src=x onerror=alert(" in section  # shown as text


def test_api_claims_and_network(live: LiveServer) -> None:
    with httpx.Client(base_url=live.url, timeout=20) as client:
        claims = client.get("/api/claims", params={"differ": "true"}).json()
        assert claims["computed"] and claims["total"] == 1
        (group,) = claims["items"]
        a, b = group["highlight"]
        assert group["text"][a:b] == "4,100" and group["kind"] == "count"
        change = group["changes"][0]
        assert [group["statements"][change[k]]["figure"] for k in ("from", "to")] == ["4,100 workers", "1,400 workers"]
        assert all(s["sentence"] and s["record"] for s in group["statements"])
        everything = client.get("/api/claims", params={"limit": 1, "offset": 0}).json()
        assert everything["total"] >= 1 and len(everything["items"]) == 1
        assert client.get("/api/claims", params={"limit": 100000}).status_code == 422
        network = client.get("/api/network").json()
        assert {n["id"] for n in network["nodes"]} == {"Harbour Times", OUTLET_COPY}
        assert network["edges"] and network["edges"][0]["weight"] >= 1
        assert client.get("/api/network", params={"what": "authors"}).json()["nodes"]
        assert client.get("/api/network", params={"what": "nonsense"}).status_code == 422


def test_claims_and_network_pages_escape_article_text(live: LiveServer) -> None:
    with httpx.Client(base_url=live.url, timeout=20) as client:
        claims = client.get("/claims")
        network = client.get("/network")
    assert claims.status_code == network.status_code == 200
    assert '<span class="old">4,100 workers</span>' in claims.text
    assert '<span class="new">1,400 workers</span>' in claims.text
    for page in (claims.text, network.text):
        assert HOSTILE_SENTENCE_PART not in page and OUTLET_COPY not in page
    assert "Harbour Times" in network.text
