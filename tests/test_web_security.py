"""The web app as a safe local service, served for real by uvicorn on 127.0.0.1: which hosts it
answers to, which sites may change the store, what no path or id can reach, every list paged,
sizes capped, strict headers on every answer, checks off the event loop, and a scan that holds
the store neither failing the pages nor being kept out by them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")
pytest.importorskip("fastapi")

from copytrail.outputs.web import create_app  # noqa: E402
from copytrail.store import open_store  # noqa: E402
from test_report import sample_db  # noqa: E402,F401  (a session fixture)
from test_web import LiveServer, planted_text  # noqa: E402

EVIL = "http://evil.example"
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


def assert_secure_headers(response: httpx.Response) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (response.status_code, response.request.url, name)
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy


@pytest.fixture(scope="module")
def live(sample_db: Path) -> Iterator[LiveServer]:  # noqa: F811
    with LiveServer(create_app(sample_db, allowed_hosts=["copytrail.lan"])) as server:
        yield server


@pytest.fixture(scope="module")
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30) as c:
        yield c


@pytest.fixture
def writable(sample_db: Path, tmp_path: Path) -> Iterator[tuple[LiveServer, Path]]:  # noqa: F811
    """A server started with --allow-add over a copy of the sample store."""
    db = tmp_path / "store.duckdb"
    shutil.copy(sample_db, db)
    with LiveServer(create_app(db, allow_add=True)) as server:
        yield server, db


def stored_documents(db: Path) -> int:
    with open_store(db, read_only=True) as store:
        return store.counts()["documents"]


# ---------------------------------------------------------------------------------- hosts


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example", "localhost.evil.example"])
def test_foreign_host_is_refused(client: httpx.Client, host: str) -> None:
    """DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 sends its own Host."""
    response = client.get("/api/documents", headers={"Host": host})
    assert response.status_code == 400 and response.json()["error"] == "bad_host"
    assert "items" not in response.text
    assert_secure_headers(response)


def test_local_and_allowed_hosts_are_served(client: httpx.Client, live: LiveServer) -> None:
    for host in (f"127.0.0.1:{live.port}", f"localhost:{live.port}", "LOCALHOST", f"[::1]:{live.port}", "copytrail.lan"):
        assert client.get("/api/documents", headers={"Host": host}).status_code == 200, host


def test_request_without_host_is_refused(live: LiveServer) -> None:
    with socket.create_connection(("127.0.0.1", live.port), timeout=10) as raw:
        raw.sendall(b"GET /api/documents HTTP/1.0\r\n\r\n")
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400") and b"bad_host" in answer and b"nosniff" in answer


# ---------------------------------------------------------------------------------- other sites


def test_cross_site_requests_cannot_add(writable: tuple[LiveServer, Path]) -> None:
    server, db = writable
    before = stored_documents(db)
    text = "A letter to the editor about the harbour works and the dredging season. " * 20
    with httpx.Client(base_url=server.url, timeout=60) as c:
        attempts = [
            c.post("/check/add", data={"text": text}, headers={"Origin": EVIL}),  # a form on another site
            c.post("/check/add", content=f"text={text}", headers={"Origin": EVIL, "Content-Type": "text/plain"}),
            c.post("/api/documents", content=f'{{"text": "{text}"}}', headers={"Origin": EVIL, "Content-Type": "text/plain"}),
            c.post("/api/documents", json={"text": text}, headers={"Origin": EVIL}),
            c.post("/check/add", data={"text": text}, headers={"Origin": "null"}),  # a sandboxed page
            c.post("/check/add", data={"text": text}, headers={"Referer": f"{EVIL}/page"}),  # no Origin, foreign Referer
            c.post("/check/add", data={"text": text}, headers={"Origin": f"{server.url}.evil.example"}),
            c.post("/check/add", data={"text": text}),  # neither Origin nor Referer, no token
            c.post("/check/add", data={"text": text, "csrf_token": "guessed"}),
            c.post("/api/documents", json={"text": text}),
            c.post("/api/documents", json={"text": text}, headers={"X-CSRF-Token": "guessed"}),
        ]
        for response in attempts:
            assert response.status_code == 403, (response.request.headers, response.text)
            assert_secure_headers(response)
        assert stored_documents(db) == before
        token = c.get("/api/token").json()["csrf_token"]
        assert f'name="csrf_token" value="{token}"' in c.get("/check").text  # every form carries it
    assert not (db.parent / (db.name + ".added")).exists()  # nothing was even written beside the store


def test_same_site_and_token_requests_add(writable: tuple[LiveServer, Path]) -> None:
    server, db = writable
    before = stored_documents(db)
    text, _ = planted_text(db)
    with httpx.Client(base_url=server.url, timeout=60) as c:
        token = c.get("/api/token").json()["csrf_token"]
        by_form = c.post("/check/add", data={"text": text, "csrf_token": token}, follow_redirects=False)
        assert by_form.status_code == 303  # a client that sends no Origin, with the form's token
        same_site = c.post(
            "/api/documents",
            json={"text": text + "\n\nA second letter.", "name": "../../../outside"},
            headers={"Origin": server.url},
        )
        assert same_site.status_code == 201
        by_header = c.post("/api/documents", json={"text": text + "\n\nA third."}, headers={"X-CSRF-Token": token})
        assert by_header.status_code == 201
    assert stored_documents(db) == before + 3
    outside = sorted(p.name for p in db.parent.iterdir())
    assert outside == sorted([db.name, db.name + ".added"]), outside  # the name did not leave the folder
    assert len(list((db.parent / (db.name + ".added")).iterdir())) == 3


def test_check_refuses_other_sites_even_read_only(client: httpx.Client) -> None:
    body = '{"text": "' + "words to check against the store " * 30 + '"}'
    foreign = client.post("/api/check", content=body, headers={"Origin": EVIL, "Content-Type": "text/plain"})
    assert foreign.status_code == 403
    form = client.post("/check", data={"text": "words to check"}, headers={"Origin": EVIL})
    assert form.status_code == 403
    not_json = client.post("/api/check", content=body, headers={"Content-Type": "text/plain"})
    assert not_json.status_code == 422  # a body no JSON client sends is not read as JSON
    assert client.post("/api/check", content=body, headers={"Content-Type": "application/json"}).status_code == 200
    assert client.post("/check", data={"text": "words to check"}).status_code == 403  # a form needs its token


# ---------------------------------------------------------------------------------- what can be read


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/documents/..%2f..%2f..%2fetc%2fpasswd",
        "/api/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/api/narratives/..",
        "/api/alignments/..%2f..%2fx:1:y:2",
        "/evidence/..%2f..%2fetc%2fpasswd",
        "/api/evidence/%2e%2e",
        "/static/style.css%00.py",
    ],
)
def test_no_path_or_id_reads_outside_the_store(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404, 405, 422), (path, response.status_code)
    assert "root:" not in response.text and "def create_app" not in response.text and "import" not in response.text
    assert_secure_headers(response)


def test_every_list_is_paged(client: httpx.Client) -> None:
    for path in ("/api/documents", "/api/narratives", "/api/alignments", "/api/claims", "/documents", "/narratives"):
        assert client.get(path, params={"limit": 201}).status_code == 422, path
        assert client.get(path, params={"offset": 10**9}).status_code == 422, path
    narrative = client.get("/api/narratives", params={"limit": 1}).json()["items"][0]
    one = client.get(f"/api/narratives/{narrative['id']}", params={"limit": 1}).json()
    assert len(one["members"]) == 1 and one["members_total"] >= 2
    second = client.get(f"/api/narratives/{narrative['id']}", params={"limit": 1, "offset": 1}).json()
    assert second["members"] != one["members"]
    doc = one["members"][0]["doc"]
    page = client.get(f"/api/documents/{doc}", params={"limit": 1}).json()
    assert len(page["passages"]) == 1 and page["passages_total"] >= 1
    assert client.get(f"/api/documents/{doc}", params={"limit": 500}).status_code == 422
    assert client.get(f"/documents/{doc}", params={"limit": 201}).status_code == 422
    assert client.get(f"/narratives/{narrative['id']}", params={"limit": 201}).status_code == 422


def test_sizes_are_capped(client: httpx.Client, live: LiveServer) -> None:
    long_query = client.get("/api/documents", params={"q": "a" * 100, "x": "b" * 5000})
    assert long_query.status_code == 414
    assert_secure_headers(long_query)
    assert client.get("/documents/" + "d" * 3000).status_code == 414
    big_upload = client.post(
        "/check", files={"file": ("big.txt", b"word " * 500_000, "text/plain")}, headers={"Origin": live.url}
    )
    assert big_upload.status_code == 413
    assert_secure_headers(big_upload)


# ---------------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("get", "/narratives", {}, 200),
        ("get", "/api/documents", {}, 200),
        ("get", "/static/style.css", {}, 200),
        ("get", "/no-such-page", {}, 404),
        ("get", "/api/no-such-thing", {}, 404),
        ("get", "/static/none.css", {}, 404),
        ("get", "/documents/nope", {}, 404),
        ("delete", "/api/documents", {}, 405),
        ("get", "/api/documents?limit=abc", {}, 422),
        ("post", "/api/check", {"json": {"text": "x" * (2 * 1024 * 1024 + 10)}}, 413),
        ("post", "/check", {"data": {"text": "x"}, "headers": {"Origin": EVIL}}, 403),
        ("get", "/api/documents", {"headers": {"Host": "evil.example"}}, 400),
    ],
)
def test_every_answer_has_security_headers(client: httpx.Client, method: str, path: str, kwargs: dict, status: int) -> None:
    response = client.request(method.upper(), path, **kwargs)
    assert response.status_code == status
    assert_secure_headers(response)


def test_unavailable_store_answer_has_headers(tmp_path: Path) -> None:
    with LiveServer(create_app(tmp_path / "none.duckdb")) as server, httpx.Client(base_url=server.url) as c:
        for path in ("/api/documents", "/documents"):
            response = c.get(path)
            assert response.status_code == 503 and response.headers["retry-after"]
            assert_secure_headers(response)


# ---------------------------------------------------------------------------------- heavy work


def test_check_runs_off_the_event_loop(client: httpx.Client, sample_db: Path, live: LiveServer) -> None:  # noqa: F811
    """Pages are answered while a long check runs (on the event loop they would wait for it)."""
    with open_store(sample_db, read_only=True) as store:
        texts = [r["text"] for r in store.query("SELECT text FROM documents ORDER BY id")]
    long_text = "\n\n".join(texts * 6)  # every stored document matches: a check of several seconds
    done = threading.Event()
    outcome: list[int] = []

    def check() -> None:
        with httpx.Client(base_url=live.url, timeout=120) as c:
            outcome.append(c.post("/api/check", json={"text": long_text}).status_code)
        done.set()

    worker = threading.Thread(target=check)
    worker.start()
    time.sleep(0.1)
    answered_meanwhile = 0
    while not done.is_set():
        response = client.get("/api/narratives", params={"limit": 5})
        assert response.status_code == 200
        answered_meanwhile += not done.is_set()
    worker.join()
    assert outcome == [200]
    assert answered_meanwhile >= 2


# ---------------------------------------------------------------------------------- scans


HOLD = """
import sys
from copytrail.store import Store
with Store(sys.argv[1]) as store:
    store.set_meta("held_for_test", "1")
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_pages_served_while_another_process_writes(sample_db: Path, tmp_path: Path) -> None:  # noqa: F811
    db = tmp_path / "store.duckdb"
    shutil.copy(sample_db, db)
    with LiveServer(create_app(db)) as server, httpx.Client(base_url=server.url, timeout=30) as c:
        assert "is writing the store" not in c.get("/narratives").text
        holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            deadline = time.monotonic() + 20
            while "is writing the store" not in (page := c.get("/narratives")).text:
                assert page.status_code == 200
                assert time.monotonic() < deadline, "the pages never said the store is being written"
                time.sleep(0.2)
            for path in ("/documents", "/api/documents", "/api/narratives", "/api/alignments"):
                assert c.get(path).status_code == 200, path
        finally:
            assert holder.stdin is not None
            holder.stdin.write("\n")
            holder.stdin.close()
            holder.wait(timeout=30)
        assert holder.returncode == 0
        deadline = time.monotonic() + 20
        while "is writing the store" in c.get("/narratives").text:
            assert time.monotonic() < deadline, "the pages kept showing the old copy"
            time.sleep(0.2)


def test_scan_while_serving_succeeds_and_shows_up(sample_db: Path, tmp_path: Path) -> None:  # noqa: F811
    """A real ``copytrail scan`` of a new article while clients read the store: the scan is not
    kept out by the app's readers, no request fails, and the new article appears."""
    db = tmp_path / "store.duckdb"
    shutil.copy(sample_db, db)
    news = tmp_path / "news"
    news.mkdir()
    text, _ = planted_text(db)
    (news / "letter-from-a-reader.txt").write_text("Letter from a reader\n\n" + text, encoding="utf-8")
    statuses: list[int] = []
    stop = threading.Event()
    with LiveServer(create_app(db)) as server:

        def read() -> None:
            with httpx.Client(base_url=server.url, timeout=30) as c:
                while not stop.is_set():
                    for path in ("/narratives", "/api/documents", "/documents"):
                        statuses.append(c.get(path).status_code)

        readers = [threading.Thread(target=read) for _ in range(2)]
        for reader in readers:
            reader.start()
        try:
            scan = subprocess.run(
                [str(Path(sys.executable).with_name("copytrail")), "scan", str(news), "--db", str(db), "-q"],
                capture_output=True, text=True, timeout=120, env={**_env(), "COPYTRAIL_LOCK_WAIT": "10"},
            )  # fmt: skip
        finally:
            stop.set()
            for reader in readers:
                reader.join()
        assert scan.returncode == 0, scan.stderr
        assert statuses and set(statuses) == {200}, sorted(set(statuses))
        with httpx.Client(base_url=server.url, timeout=30) as c:
            deadline = time.monotonic() + 20
            while not c.get("/api/documents", params={"q": "Letter from a reader"}).json()["items"]:
                assert time.monotonic() < deadline, "the scanned article never showed up"
                time.sleep(0.2)


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "COPYTRAIL_LOCK_WAIT"}



def test_store_made_before_added_columns_is_served(sample_db: Path, tmp_path: Path) -> None:  # noqa: F811
    """A store written before a column was added is shown as the command line shows it (the
    app reads its own copy, brought up to date; the store itself is not changed)."""
    import duckdb

    db = tmp_path / "old.duckdb"
    shutil.copy(sample_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("ALTER TABLE documents DROP COLUMN language")
    before = db.read_bytes()
    with LiveServer(create_app(db)) as server, httpx.Client(base_url=server.url, timeout=30) as c:
        listed = c.get("/api/documents", params={"limit": 5})
        assert listed.status_code == 200
        assert all(d["language"] is None for d in listed.json()["items"])
        assert c.get("/documents").status_code == 200
        assert c.get(f"/documents/{listed.json()['items'][0]['id']}").status_code == 200
    assert db.read_bytes() == before


def test_unexpected_error_is_a_short_answer_with_headers(sample_db: Path, tmp_path: Path) -> None:  # noqa: F811
    """A store damaged by another tool (a document whose text is NULL) makes the page fail in a
    way no route expects: the answer is still short, traceback-free and carries the headers."""
    import duckdb

    db = tmp_path / "damaged.duckdb"
    shutil.copy(sample_db, db)
    with duckdb.connect(str(db)) as con:
        (doc,) = con.execute("SELECT id FROM documents WHERE id IN (SELECT source_doc FROM alignments) LIMIT 1").fetchone()
        con.execute("UPDATE documents SET text = NULL WHERE id = ?", [doc])
    with LiveServer(create_app(db)) as server, httpx.Client(base_url=server.url, timeout=30) as c:
        page = c.get(f"/documents/{doc}")
        assert page.status_code == 500 and "internal error" in page.text
        assert "Traceback" not in page.text and 'File "' not in page.text
        assert_secure_headers(page)
        assert c.get("/narratives").status_code == 200  # the app goes on answering
