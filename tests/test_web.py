"""The web app, served for real by uvicorn on 127.0.0.1 and driven over HTTP with httpx."""

from __future__ import annotations

import html
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")

from local_server import free_port  # noqa: E402

uvicorn = pytest.importorskip("uvicorn")
pytest.importorskip("fastapi")

from copytrail.outputs.web import create_app  # noqa: E402
from copytrail.store import open_store  # noqa: E402
from test_report import sample_db  # noqa: E402,F401  (a session fixture)

PLANTED_DOC_TITLE = "Harbour dredging to begin in April, port authority says"


class LiveServer:
    """A uvicorn server in a thread; stopped by setting ``should_exit``."""

    def __init__(self, app: object) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live(sample_db: Path) -> Iterator[LiveServer]:  # noqa: F811
    with LiveServer(create_app(sample_db)) as server:
        yield server


@pytest.fixture(scope="module")
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30, headers={"Origin": live.url}) as c:  # as a browser sends
        yield c


def planted_text(db: Path) -> tuple[str, str]:
    """A new article that quotes a long paragraph of one stored document: (text, that doc's id)."""
    with open_store(db, read_only=True) as store:
        row = store.query("SELECT id, text FROM documents WHERE title = ?", [PLANTED_DOC_TITLE])[0]
    words = row["text"].split()
    paragraph = " ".join(words[10:130])
    paragraph = paragraph[: paragraph.rfind(". ") + 1] or paragraph  # end on a full sentence
    text = (
        "Readers wrote to us this week about the state of the port, and one letter stood out.\n\n"
        + paragraph
        + "\n\nWe will follow the story as the works go on and publish any reply we receive."
    )
    return text, row["id"]


def _no_traceback(response: httpx.Response) -> None:
    assert "Traceback" not in response.text
    assert 'File "' not in response.text


@pytest.mark.parametrize("path", ["/narratives", "/documents", "/documents?q=kestrel", "/check", "/static/style.css"])
def test_pages(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"


def test_root_redirects(client: httpx.Client) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/narratives"


def test_detail_pages(client: httpx.Client) -> None:
    narrative = client.get("/api/narratives", params={"limit": 1}).json()["items"][0]
    assert client.get(f"/narratives/{narrative['id']}").status_code == 200
    alignment = client.get("/api/alignments", params={"narrative": narrative["id"], "limit": 1}).json()["items"][0]
    page = client.get(f"/alignments/{alignment['id']}")
    assert page.status_code == 200 and "hl-" in page.text
    doc = client.get(f"/documents/{alignment['source']['doc']}")
    assert doc.status_code == 200 and "<mark class=\"hl-" in doc.text


def test_hostile_document_is_escaped(client: httpx.Client) -> None:
    found = client.get("/api/documents", params={"q": "portal hit by spam"}).json()["items"]
    assert found, "the sample's hostile record is searchable"
    page = client.get(f"/documents/{found[0]['id']}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x onerror" not in page
    assert 'href="javascript:' not in page.lower()
    listing = client.get("/documents", params={"q": "<script>"}).text
    assert "<script>" not in listing


def test_api_pagination(client: httpx.Client) -> None:
    first = client.get("/api/documents", params={"limit": 5, "offset": 0}).json()
    second = client.get("/api/documents", params={"limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] == 39
    assert len(first["items"]) == len(second["items"]) == 5
    assert not {d["id"] for d in first["items"]} & {d["id"] for d in second["items"]}
    everything = client.get("/api/documents", params={"limit": 200}).json()
    assert len(everything["items"]) == 39
    for path in ("/api/narratives", "/api/alignments"):
        page = client.get(path, params={"limit": 2, "offset": 1}).json()
        assert page["limit"] == 2 and page["offset"] == 1 and len(page["items"]) <= 2 and page["total"] >= 3
    one = client.get(f"/api/documents/{first['items'][0]['id']}").json()
    assert "text" in one and "passages" in one
    n = client.get("/api/narratives", params={"limit": 1}).json()["items"][0]
    detail = client.get(f"/api/narratives/{n['id']}").json()
    assert len({m["doc"] for m in detail["members"]}) == n["documents"]  # a member is a span: a document may have two


def test_search_is_parameterised(client: httpx.Client) -> None:
    for q in ("'; DROP TABLE documents; --", "%", "_", "\\"):
        response = client.get("/api/documents", params={"q": q})
        assert response.status_code == 200
    assert client.get("/api/documents").json()["total"] == 39
    assert client.get("/api/documents", params={"q": "%"}).json()["total"] == 0


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("get", "/api/documents/does-not-exist", {}, 404),
        ("get", "/api/narratives/nope", {}, 404),
        ("get", "/api/alignments/garbage", {}, 404),
        ("get", "/api/nothing-here", {}, 404),
        ("get", "/api/documents?limit=201", {}, 422),
        ("get", "/api/documents?limit=0", {}, 422),
        ("get", "/api/documents?offset=-1", {}, 422),
        ("get", "/api/narratives?limit=abc", {}, 422),
        ("post", "/api/check", {"json": {}}, 422),
        ("post", "/api/check", {"json": {"text": ""}}, 422),
        ("post", "/api/check", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
        ("post", "/api/check", {"json": {"text": "x" * (2 * 1024 * 1024 + 10)}}, 413),
        ("delete", "/api/documents", {}, 405),
    ],
)
def test_api_errors_are_json(client: httpx.Client, method: str, path: str, kwargs: dict, status: int) -> None:
    response = client.request(method.upper(), path, **kwargs)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert "error" in body and "detail" in body
    _no_traceback(response)


def test_page_errors_are_pages(client: httpx.Client) -> None:
    response = client.get("/documents/<script>alert(1)</script>")
    assert response.status_code == 404
    assert "<script>alert" not in response.text
    _no_traceback(response)


def test_chunked_body_over_cap_is_refused(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(40):
            yield b"a" * 65536
        yield b'"}'

    response = client.post("/api/check", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_check_api_finds_planted_source(client: httpx.Client, sample_db: Path) -> None:  # noqa: F811
    text, source = planted_text(sample_db)
    result = client.post("/api/check", json={"text": text}).json()
    assert result["matches"], result
    best = result["matches"][0]
    assert best["doc"] == source
    assert result["reused_share"] > 0.5
    assert result["looked_for"] == ["copies"]  # the sample store was scanned lexically
    passage = best["passages"][0]
    assert passage["checked"]["text"] in text and len(passage["stored"]["text"]) > 200


def test_check_page_highlights_source(client: httpx.Client, sample_db: Path) -> None:  # noqa: F811
    text, source = planted_text(sample_db)
    page = client.post("/check", data={"text": text})
    assert page.status_code == 200
    assert f'href="/documents/{source}"' in page.text
    assert '<mark class="hl-' in page.text
    assert "Looked for: copies, as the store was scanned (a store scanned with --semantic" in page.text
    upload = client.post("/check", files={"file": ("letter.txt", text.encode("utf-8"), "text/plain")})
    assert upload.status_code == 200 and f'href="/documents/{source}"' in upload.text
    empty = client.post("/check", data={"text": "  "})
    assert empty.status_code == 422


def test_openapi_schema(client: httpx.Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "copytrail"
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/narratives", "/api/narratives/{narrative_id}",
                 "/api/alignments", "/api/check"):
        assert path in schema["paths"]
    assert not any(not p.startswith("/api/") for p in schema["paths"])


def test_read_only_without_allow_add(client: httpx.Client, sample_db: Path) -> None:  # noqa: F811
    before = client.get("/api/documents").json()["total"]
    response = client.post("/api/documents", json={"text": "a new article " * 40})
    assert response.status_code == 403 and response.json()["error"] == "forbidden"
    page = client.post("/check/add", data={"text": "a new article " * 40})
    assert page.status_code == 403
    assert "Add this article" not in client.post("/check", data={"text": "some words to check here"}).text
    assert client.get("/api/documents").json()["total"] == before


def test_allow_add(sample_db: Path, tmp_path: Path) -> None:  # noqa: F811
    db = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, db)
    text, source = planted_text(db)
    with LiveServer(create_app(db, allow_add=True)) as server, httpx.Client(base_url=server.url, timeout=60, headers={"Origin": server.url}) as c:
        page = c.post("/check", data={"text": text})
        assert "Add this article" in page.text
        added = c.post("/check/add", data={"text": text}, follow_redirects=False)
        assert added.status_code == 303
        doc_id = added.headers["location"].rsplit("/", 1)[1]
        doc = c.get(f"/api/documents/{doc_id}").json()
        assert doc["text"].strip() == text.strip()
        assert any(p["other"] == source for p in doc["passages"])
        assert c.get("/api/documents").json()["total"] == 40


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with LiveServer(create_app(tmp_path / "none.duckdb")) as server, httpx.Client(base_url=server.url) as c:
        response = c.get("/api/documents")
        assert response.status_code == 503
        assert response.json()["error"] == "unavailable"
        _no_traceback(response)


def test_default_bind_is_local() -> None:
    import inspect

    from copytrail.cli.serve import serve_command

    assert inspect.signature(serve_command).parameters["host"].default == "127.0.0.1"


def test_evidence_pages(client: httpx.Client, sample_db: Path) -> None:  # noqa: F811
    import hashlib

    narrative = client.get("/api/narratives", params={"limit": 1}).json()["items"][0]
    nid = narrative["id"]
    assert f'href="/evidence/{nid}"' in client.get(f"/narratives/{nid}").text  # linked from its page
    page = client.get(f"/evidence/{nid}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "style-src 'sha256-" in policy and "script-src" not in policy and "default-src 'none'" in policy
    assert nid in page.text and "Fingerprints" in page.text and "<script" not in page.text.lower()
    data = client.get(f"/api/evidence/{nid}").json()
    with open_store(sample_db, read_only=True) as store:
        texts = store.texts([d["id"] for d in data["documents"]])
        members = {r["doc"] for r in store.query("SELECT doc FROM narrative_members WHERE narrative = ?", [nid])}
    assert {d["id"] for d in data["documents"]} == members
    for d in data["documents"]:
        assert d["text_sha256"] == hashlib.sha256(texts[d["id"]].encode("utf-8")).hexdigest()
        assert d["text_sha256"] in page.text
    # a document's pack, linked from the document page; its hostile text stays text
    doc_id = client.get("/api/documents", params={"q": "portal hit by spam"}).json()["items"][0]["id"]
    assert f'href="/evidence/{doc_id}"' in client.get(f"/documents/{doc_id}").text
    doc_page = client.get(f"/evidence/{doc_id}")
    assert doc_page.status_code == 200
    assert "<script>alert(1)</script>" not in doc_page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in doc_page.text
    assert client.get(f"/api/evidence/{doc_id}").json()["subject"] == doc_id
    # unknown and malformed ids: a short answer, never a traceback
    missing = client.get("/evidence/n0000000000")
    assert missing.status_code == 404 and "no such narrative or document" in missing.text
    assert client.get("/api/evidence/n0000000000").json()["error"] == "not_found"
    bad = client.get("/evidence/a%3Cb%3E")
    assert bad.status_code == 422
    _no_traceback(bad)


def test_pages_cite_each_record_of_a_multi_record_file(records_db: Path) -> None:
    """The narrative, document, alignment and check pages name each record of a JSONL feed
    and a WARC crawl on its own, the markup in a record's id escaped."""
    from markupsafe import escape

    from records_corpus import MARKUP_ID, PASSAGE

    with open_store(records_db, read_only=True) as store:
        narrative = store.query("SELECT id FROM narratives")[0]["id"]
        feed_doc = store.query("SELECT id, path FROM documents WHERE source_key LIKE '%#L2'")[0]
        marked = store.query("SELECT id FROM documents WHERE source_key LIKE '%#id=wire%'")[0]["id"]
    feed = feed_doc["path"]
    with LiveServer(create_app(records_db)) as server, httpx.Client(base_url=server.url, timeout=30, headers={"Origin": server.url}) as c:
        page = c.get(f"/narratives/{narrative}").text
        for shown in (f"{feed}#id={MARKUP_ID}", f"{feed}#line=2", f"{feed}#id=7", "feed.jsonl#line=2"):
            assert str(escape(shown)) in page, shown
        assert "https://northgate.example/water/plant" in page and "https://civicpulse.example/desal/two" in page
        assert MARKUP_ID not in page and "<b>&" not in page  # the id's markup is text
        doc_page = c.get(f"/documents/{feed_doc['id']}").text
        assert "record line 2" in doc_page and str(escape(f"{feed}#line=2")) in doc_page
        doc_page = c.get(f"/documents/{marked}").text
        assert str(escape(f"{feed}#id={MARKUP_ID}")) in doc_page and MARKUP_ID not in doc_page
        listing = c.get("/documents").text
        assert "feed.jsonl#line=2" in listing and "feed.jsonl#id=7" in listing
        members = c.get(f"/api/narratives/{narrative}").json()["members"]
        assert sorted((m["path"].rsplit("/", 1)[-1], m["record"]) for m in members if m["record"]) == sorted(
            [("feed.jsonl", f"id={MARKUP_ID}"), ("feed.jsonl", "line 2"), ("feed.jsonl", "id=7"), ("feed.jsonl", "line 4"),
             ("crawl.warc.gz", "record 1"), ("crawl.warc.gz", "record 2")]
        )  # fmt: skip
        checked = c.post("/check", data={"text": f"A new article. {PASSAGE} Nothing else."}).text
        assert str(escape(f"{feed}#line=2")) in checked and str(escape(f"{feed}#id={MARKUP_ID}")) in checked
        assert MARKUP_ID not in checked


def test_pages_say_each_date_with_its_source_and_precision_and_why_the_earliest(client: httpx.Client, sample_db: Path) -> None:  # noqa: F811
    """Narrative pages and the list carry the earliest source's confidence and the reason;
    members, documents and check matches show dates with source and precision, or "undated"."""
    with open_store(sample_db, read_only=True) as store:
        rows = store.query("SELECT id, confidence, confidence_reason FROM narratives")
        sheet = store.query("SELECT id FROM documents WHERE path LIKE '%truthlantern-dunmore-fact-sheet.html'")[0]["id"]
        repost = store.query("SELECT id FROM documents WHERE path LIKE '%dunmore-yard-repost-utf16.txt'")[0]["id"]
    listing = client.get("/narratives", params={"limit": 100}).text
    for r in rows:
        page = client.get(f"/narratives/{r['id']}").text
        assert f"earliest source: {r['confidence']}</span>" in page
        assert f"Why: {html.escape(r['confidence_reason'])}</p>" in page
        assert html.escape(r["confidence_reason"]) in listing
        api = client.get(f"/api/narratives/{r['id']}").json()
        assert (api["confidence"], api["confidence_reason"]) == (r["confidence"], r["confidence_reason"])
        for m in api["members"]:
            assert m["date_precision"] == (None if m["published"] is None else ("day" if len(m["published"]) == 10 else m["date_precision"]))
            assert m["date_precision"] in (None, "day", "minute", "second")
    assert "2025-03-10 06:00 UTC (stated, to the minute)" in client.get(f"/documents/{sheet}").text
    assert "undated" in client.get(f"/documents/{repost}").text
    dunmore = next(r for r in rows if sheet in client.get(f"/api/narratives/{r['id']}").json()["earliest"] and r["confidence"] == "medium")
    members = {m["doc"]: m for m in client.get(f"/api/narratives/{dunmore['id']}").json()["members"]}
    assert (members[sheet]["date_source"], members[sheet]["date_precision"]) == ("metadata", "minute")
    assert (members[repost]["published"], members[repost]["date_source"], members[repost]["date_precision"]) == (None, "none", None)
    page = client.get(f"/narratives/{dunmore['id']}").text
    assert "Why: 1 member undated</p>" in page and "no date</td>" in page and "stated by the input</td>" in page


def test_narrative_passages_say_which_came_first_only_when_dates_tell(client: httpx.Client, sample_db: Path) -> None:  # noqa: F811
    """A narrative's passage rows read "published first → published later" only where both
    dates order them; a pair with an undated side reads "order unknown" (never a direction
    the dates do not give)."""
    import re

    with open_store(sample_db, read_only=True) as store:
        rows = store.query("SELECT narrative, count(*) AS n, count(*) FILTER (WHERE ordered) AS ordered FROM alignments GROUP BY narrative")
    assert any(r["ordered"] < r["n"] for r in rows) and any(r["ordered"] for r in rows)  # both kinds in the sample
    for r in rows:
        page = client.get(f"/narratives/{r['narrative']}").text
        cells = re.findall(r'<td class="order[^"]*"[^>]*>([^<]*)</td>', page)
        assert cells.count("→") == r["ordered"] and cells.count("↔ order unknown") == r["n"] - r["ordered"]
        assert "<th>published first</th>" in page and "<th>from</th>" not in page
