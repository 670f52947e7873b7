"""``copytrail serve`` for real on 127.0.0.1: the API's /docs page from local files, readable
operation names, and narratives told apart by title and snippet."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

from local_server import free_port, wait_until_answering  # noqa: E402

COPYTRAIL = Path(sys.executable).with_name("copytrail")


@pytest.fixture(scope="module")
def served(sample_db: Path) -> Iterator[str]:
    """``copytrail serve`` on the sample store, on a free port of 127.0.0.1."""
    port = free_port()
    process = subprocess.Popen(
        [str(COPYTRAIL), "serve", "--db", str(sample_db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(process, f"{base}/api/openapi.json")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_docs_page_is_served_from_this_machine(served: str) -> None:
    page = httpx.get(f"{served}/docs", timeout=10)
    assert page.status_code == 200 and 'id="swagger-ui"' in page.text
    scripts = re.findall(r'<script src="([^"]+)"', page.text)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assert scripts and all(src.startswith("/") for src in scripts + styles)  # nothing from another site
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "http" not in policy
    for src in scripts + styles:
        asset = httpx.get(f"{served}{src}", timeout=10)
        assert asset.status_code == 200 and len(asset.content) > 50, src
    assert "openapi.json" in httpx.get(f"{served}/docs/init.js", timeout=10).text


def test_operations_have_readable_names(served: str) -> None:
    schema = httpx.get(f"{served}/api/openapi.json", timeout=10).json()
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) >= 8
    for op in operations:
        assert op["summary"] and not op["summary"].startswith("Api "), op["summary"]
        assert not op["operationId"].startswith("api_"), op["operationId"]
    summaries = {op["summary"] for op in operations}
    assert "Documents (without text), newest first" in summaries


def test_narratives_are_told_apart_by_title_and_snippet(served: str, sample_db: Path) -> None:
    from copytrail.outputs.view import narrative_labels
    from copytrail.store import open_store

    with open_store(sample_db, read_only=True) as store:
        labels = narrative_labels(store)
    assert len({(v.title, v.snippet) for v in labels.values()}) == len(labels)
    listing = httpx.get(f"{served}/narratives?limit=200", timeout=10).text
    api = httpx.get(f"{served}/api/narratives?limit=200", timeout=10).json()["items"]
    assert {(n["id"], n["title"], n["snippet"]) for n in api} == {(k, v.title, v.snippet) for k, v in labels.items()}
    for nid, label in labels.items():
        assert label.snippet in html.unescape(listing)
        page = httpx.get(f"{served}/narratives/{nid}", timeout=10).text
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)  # the h1 says its dir and lang
        assert heading and html.unescape(heading.group(1)).strip() == label.title  # the title, not the id
        assert label.snippet in html.unescape(page)


def test_readme_lists_every_endpoint(sample_db: Path) -> None:
    from fastapi.routing import APIRoute

    from copytrail.outputs.web import create_app

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    app = create_app(sample_db)
    for route in app.routes:
        if isinstance(route, APIRoute) and route.include_in_schema:
            path = re.sub(r"\{[^}]+\}", "ID", route.path)
            for method in route.methods:
                assert f"`{method} {path}`" in readme, f"README does not list {method} {path}"
    assert "`/docs`" in readme
