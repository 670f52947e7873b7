"""The pages read from the app's own tables in its copy of the store (``outputs/web/derived``)
say exactly what the store's own queries say, which a store read in place still uses."""

from __future__ import annotations

from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from copytrail.outputs.web import create_app, snapshot  # noqa: E402
from test_report import sample_db  # noqa: E402,F401  (a session fixture)
from test_web import LiveServer  # noqa: E402


def _answers(db: Path) -> dict[str, object]:
    """Every document (with its passages), the documents list page by page and the narratives,
    as the JSON API gives them."""
    with LiveServer(create_app(db)) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        listed = client.get("/api/documents", params={"limit": 1}).json()
        total = listed["total"]
        got: dict[str, object] = {}
        for offset in range(0, total, 7):
            got[f"list {offset}"] = client.get("/api/documents", params={"limit": 7, "offset": offset}).json()
        for page in list(got.values()):
            for doc in page["items"]:  # type: ignore[index]
                got[doc["id"]] = client.get(f"/api/documents/{doc['id']}", params={"limit": 200}).json()
        narratives = client.get("/api/narratives", params={"limit": 200}).json()
        got["narratives"] = narratives
        for n in narratives["items"]:
            got[n["id"]] = client.get(f"/api/narratives/{n['id']}").json()
        got["page"] = client.get("/narratives").text.split("<main", 1)[1]
        return got


def test_page_tables_agree_with_the_stores_queries(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    from_copy = _answers(sample_db)
    monkeypatch.setattr(snapshot, "MAX_COPY_BYTES", 0)  # too big to copy: read in place
    in_place = _answers(sample_db)
    assert any(isinstance(d, dict) and d.get("passages") for d in from_copy.values())  # not a vacuous match
    assert from_copy.keys() == in_place.keys()
    for key, answer in from_copy.items():
        assert answer == in_place[key], key


def test_memo_computes_each_answer_once_and_one_does_not_hold_up_another() -> None:
    import threading

    from copytrail.outputs.web.derived import Memo

    memo = Memo(tables=True)
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow() -> str:
        calls.append("slow")
        started.set()
        assert release.wait(30), "the other answer was held up behind this one"
        return "labels"

    worker = threading.Thread(target=lambda: memo.get("labels", slow))
    worker.start()
    assert started.wait(30)
    assert memo.get("counts", lambda: "counts") == "counts"  # while "labels" is still being worked out
    release.set()
    worker.join(30)
    assert memo.get("labels", lambda: "again") == "labels" and calls == ["slow"]
