"""Load on ``copytrail serve`` over a 10k-document store, on loopback only, bounded in time.

The store is a scan of the scale benchmark's 10k corpus (``bench/scan_bench.py``: Reuters, BBC,
20 Newsgroups and PAN stories with 500 planted copies), kept under ``.data/bench/web-10k/``.
The script starts the real command (``copytrail serve`` on 127.0.0.1) and drives it with 8, 32
and 128 concurrent clients for ``--seconds`` each, over a mix of the list, document, alignment
and check endpoints (the check texts are the benchmark's check articles, which quote stored
stories), then once more at 32 clients without checks, to show whether checks slow the pages.
For each run it reports requests per second, p50/p99 per kind of request, errors (any answer
but 2xx/3xx, or no answer), the server's CPU time per request (its own and its check workers':
a figure that depends less on what else the machine runs than latency does) and the server's
resident memory before, at its peak and after.  ``--soak SECONDS`` runs 32 clients that long
and samples memory every 30 s, to see whether it levels off.

``--interleave N`` takes N turns of 5 s at 32 clients with checks in the mix and without, to
tell whether checks slow the pages on a machine whose load changes.  ``--during-scan`` measures
instead the share of failed requests while a scan adds the
benchmark's 100 incremental articles to a copy of the store, with ``--clients`` readers.
``--app-src DIR`` serves with the ``copytrail`` package found in DIR (an older version
extracted with ``git archive``), to compare before and after.  The clients speak HTTP/1.1 over
one kept-alive connection each (:class:`RawConnection`); ``--client httpx`` drives them with
httpx instead, as the first runs did, at five to ten times the load generator's CPU.

    .venv/bin/python bench/load_web.py --out bench/load_web.json
    .venv/bin/python bench/load_web.py --during-scan --out bench/load_web_scan.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scan_bench  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STORE_DIR = scan_bench.DATA / "web-10k"
SIZE = 10_000
# The mix of requests: kind -> weight.  Lists are document and narrative pages (HTML and JSON).
MIX = {"list": 30, "document": 35, "alignment": 25, "check": 10}
PAGES_ONLY = {"list": 30, "document": 35, "alignment": 25}


# ---------------------------------------------------------------------------------- store


def corpus_folder() -> Path:
    """The 10k corpus's shard folder, built by scan_bench when missing."""
    folder, meta = scan_bench.corpus_paths(SIZE, "shared")
    if not meta.is_file():
        scan_bench.task_build({
            "data": str(scan_bench.DATA), "base": "shared", "sizes": [SIZE], "copy_share": 0.05,
            "max_edit_rate": 0.2, "incremental_size": SIZE, "check_size": SIZE, "check_articles": 10,
        })  # fmt: skip
    return folder


def build_store() -> Path:
    """A scan of the 10k corpus, reused when present."""
    db = STORE_DIR / "store.duckdb"
    if db.is_file():
        return db
    STORE_DIR.mkdir(parents=True, exist_ok=True)
    partial = STORE_DIR / "partial.duckdb"
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run([str(BIN / "copytrail"), "scan", str(corpus_folder()), "--db", str(partial), "-q"], check=False)
    partial.rename(db)
    print(f"scanned the 10k corpus in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return db


def check_texts() -> list[str]:
    path = scan_bench.extra_path(SIZE, "shared", "check")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


# ---------------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``copytrail serve`` in its own process on 127.0.0.1 (optionally an older package)."""

    def __init__(self, db: Path, app_src: Path | None) -> None:
        self.port = free_port()
        env = dict(os.environ)
        if app_src is not None:
            env["PYTHONPATH"] = str(app_src)
        command = [sys.executable, "-c", "from copytrail.cli import main; main()",
                   "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(self.port)]  # fmt: skip
        # its messages to a file: a pipe nobody reads would stop the server once full
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - open while the server runs
        self.process = subprocess.Popen(command, env=env, stderr=self.log, text=True)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/api/documents?limit=1", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("copytrail serve did not start")
            time.sleep(0.2)

    def rss_mb(self, pid: int | None = None, field: str = "VmRSS") -> float:
        """Resident memory of the server process (or of ``pid``), MiB (Linux /proc); with
        ``field="RssAnon"`` only its anonymous part (heap, DuckDB's buffers: no file pages)."""
        try:
            lines = Path(f"/proc/{pid or self.process.pid}/status").read_text().splitlines()
        except OSError:
            return 0.0
        for line in lines:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def workers_rss_mb(self, field: str = "VmRSS") -> float:
        """Resident memory of the server's child processes (its check workers), MiB."""
        return sum(self.rss_mb(pid, field) for pid in _children(self.process.pid))

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server and its live child processes (check workers)."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in [self.process.pid, *_children(self.process.pid)]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
        return total

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


# ---------------------------------------------------------------------------------- load


def targets(url: str) -> dict[str, list[str]]:
    """Paths to request, each drawn uniformly at random: the documents that take part in the
    store's first 1,000 alignments (469 in the 10k store) and those alignments, each as a page
    and as JSON; 50 random offsets of the documents list (page and JSON), and narrative lists."""
    with httpx.Client(base_url=url, timeout=60) as c:
        alignments = [a for off in range(0, 1000, 200)
                      for a in c.get("/api/alignments", params={"limit": 200, "offset": off}).json()["items"]]  # fmt: skip
        total = c.get("/api/documents", params={"limit": 1}).json()["total"]
    rng = random.Random(5)
    docs = sorted({a["source"]["doc"] for a in alignments} | {a["target"]["doc"] for a in alignments})
    return {
        "document": [f"/documents/{d}" for d in docs] + [f"/api/documents/{d}" for d in docs],
        "alignment": [f"/alignments/{a['id']}" for a in alignments] + [f"/api/alignments/{a['id']}" for a in alignments],
        "list": [f"/documents?offset={rng.randrange(0, total - 50)}" for _ in range(50)]
        + [f"/api/documents?offset={rng.randrange(0, total - 50)}" for _ in range(50)]
        + ["/narratives", "/api/narratives", "/narratives?offset=50", "/api/alignments?offset=100"],
    }


class RawConnection:
    """One kept-alive HTTP/1.1 connection speaking just what this benchmark needs (GET, a JSON
    POST, answers with Content-Length or chunked).  The load generator shares the server's two
    cores: httpx spent 1.6-2.9 ms of CPU a request (8 and 32 clients), as much as the server's
    pages; this costs a fraction of that, so the figures say more about the server."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes | None = None) -> int:
        """Send one request and read its whole answer; its status."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + (body or b""))
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("connection closed before an answer")
        status = int(status_line.split()[1])
        length, close, chunked = None, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            while (size := int((await self.reader.readline()).split(b";")[0], 16)) > 0:
                await self.reader.readexactly(size + 2)
            await self.reader.readline()
        elif length is not None:
            await self.reader.readexactly(length)
        else:
            await self.reader.read()
            close = True
        if close:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def warm_up(url: str, texts: Sequence[str]) -> None:
    """What a server does once (start its check worker, work out what it keeps for the store)
    before the first run, so that it is not counted in the first run's figures."""
    with httpx.Client(base_url=url, timeout=120) as c:
        c.post("/api/check", json={"text": texts[0]})
        c.get("/narratives")


async def drive(url: str, clients: int, seconds: float, mix: dict[str, int], paths: dict[str, list[str]],
                texts: Sequence[str], seed: int, client_kind: str = "raw") -> list[tuple[str, float, str]]:  # fmt: skip
    """``clients`` concurrent clients, each sending one request after another for ``seconds``
    on a connection of its own (``client_kind``: ``raw``, :class:`RawConnection`, or ``httpx``);
    every request as (kind, seconds, outcome: the status or the error's name)."""
    results: list[tuple[str, float, str]] = []
    kinds = list(mix)
    weights = [mix[k] for k in kinds]
    end = time.monotonic() + seconds
    bodies = [json.dumps({"text": t}).encode() for t in texts]
    host, port = url.removeprefix("http://").rsplit(":", 1)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as c:

        async def send(raw: RawConnection, kind: str, rng: random.Random) -> int:
            if client_kind == "raw":
                async with asyncio.timeout(60):
                    if kind == "check":
                        return await raw.request("POST", "/api/check", rng.choice(bodies))
                    return await raw.request("GET", rng.choice(paths[kind]))
            if kind == "check":
                return (await c.post("/api/check", content=rng.choice(bodies), headers={"content-type": "application/json"})).status_code
            return (await c.get(rng.choice(paths[kind]))).status_code

        async def client(number: int) -> None:
            rng = random.Random(seed * 1000 + number)
            raw = RawConnection(host, int(port))
            while time.monotonic() < end:
                kind = rng.choices(kinds, weights)[0]
                started = time.perf_counter()
                try:
                    outcome = str(await send(raw, kind, rng))
                except (httpx.HTTPError, OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
                    raw.close()
                    outcome = type(exc).__name__
                results.append((kind, time.perf_counter() - started, outcome))
            raw.close()

        await asyncio.gather(*(client(n) for n in range(clients)))
    return results


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def summarise(results: list[tuple[str, float, str]], seconds: float) -> dict[str, Any]:
    by_kind: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for kind, took, outcome in results:
        by_kind[kind].append((took, outcome))

    def figures(rows: list[tuple[float, str]]) -> dict[str, Any]:
        times = [t for t, _ in rows]
        errors = [o for _, o in rows if not o.isdigit() or int(o) >= 400]
        return {"requests": len(rows), "per_s": round(len(rows) / seconds, 1),
                "p50_ms": round(percentile(times, 0.50) * 1000, 1), "p99_ms": round(percentile(times, 0.99) * 1000, 1),
                "errors": len(errors), "error_kinds": sorted(set(errors))}  # fmt: skip

    return {"all": figures([(t, o) for _, t, o in results]), **{k: figures(v) for k, v in sorted(by_kind.items())}}


class MemoryWatch:
    """The server's resident memory every half second while a run lasts."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.samples: list[float] = []
        self.worker_samples: list[float] = []
        self.anonymous_samples: list[float] = []
        self.worker_anonymous_samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.samples.append(self.server.rss_mb())
            self.worker_samples.append(self.server.workers_rss_mb())
            self.anonymous_samples.append(self.server.rss_mb(field="RssAnon"))
            self.worker_anonymous_samples.append(self.server.workers_rss_mb("RssAnon"))
            self._stop.wait(0.5)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def load_runs(args: argparse.Namespace) -> dict[str, Any]:
    db = build_store()
    work = Path(tempfile.mkdtemp(prefix="copytrail-load-"))
    copy = work / "store.duckdb"
    shutil.copy(db, copy)  # the served store: a check never changes it, but a copy keeps the cache clean
    server = Server(copy, args.app_src)
    try:
        paths = targets(server.url)
        texts = check_texts()
        warm_up(server.url, texts)
        runs = [(n, MIX, args.seconds) for n in args.clients] + ([(32, PAGES_ONLY, args.seconds)] if args.pages_only else [])
        if args.soak:
            runs = [(32, MIX, args.soak)]
        out: list[dict[str, Any]] = []
        for number, (clients, mix, seconds) in enumerate(runs):
            load_before = os.getloadavg()[0]
            before, cpu = server.rss_mb(), server.cpu_seconds()
            with MemoryWatch(server) as memory:
                results = asyncio.run(drive(server.url, clients, seconds, mix, paths, texts, seed=number, client_kind=args.client))
            after, cpu = server.rss_mb(), server.cpu_seconds() - cpu
            row = {"clients": clients, "mix": mix, "seconds": seconds,
                   "server_cpu_s": round(cpu, 1), "server_cpu_ms_per_request": round(1000 * cpu / max(1, len(results)), 1),
                   "rss_mb_before": round(before, 1),
                   "rss_mb_peak": round(max(memory.samples, default=after), 1), "rss_mb_after": round(after, 1),
                   "rss_mb_every_30_s": [round(m, 1) for m in memory.samples[::60]],
                   # after a minute of warm-up (copy read, caches filled): the lowest and highest
                   "rss_mb_range_after_60_s": [round(min(memory.samples[120:]), 1), round(max(memory.samples[120:]), 1)]
                   if len(memory.samples) > 120 else None,
                   "check_workers_rss_mb_every_30_s": [round(m, 1) for m in memory.worker_samples[::60]],
                   "anonymous_mb_every_30_s": [round(m, 1) for m in memory.anonymous_samples[::60]],
                   "check_workers_anonymous_mb_every_30_s": [round(m, 1) for m in memory.worker_anonymous_samples[::60]],
                   "load_average_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
                   **summarise(results, seconds)}  # fmt: skip
            out.append(row)
            print(json.dumps({k: row[k] for k in ("clients", "all", "rss_mb_before", "rss_mb_peak", "rss_mb_after")}), file=sys.stderr)
        return {"distinct_paths": {kind: len(p) for kind, p in paths.items()}, "runs": out}
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def interleaved(args: argparse.Namespace) -> dict[str, Any]:
    """Whether checks slow the pages: 5-second runs of 32 clients, with checks in the mix and
    without, taken in turns ``--interleave`` times each, so that a shared machine's changing
    load falls on both alike; the page latencies of each kind pooled."""
    db = build_store()
    work = Path(tempfile.mkdtemp(prefix="copytrail-load-"))
    copy = work / "store.duckdb"
    shutil.copy(db, copy)
    server = Server(copy, args.app_src)
    try:
        paths, texts = targets(server.url), check_texts()
        pooled: dict[str, list[tuple[str, float, str]]] = {"with_checks": [], "pages_only": []}
        for turn in range(args.interleave):
            for name, mix in (("with_checks", MIX), ("pages_only", PAGES_ONLY)):
                pooled[name] += asyncio.run(drive(server.url, 32, 5.0, mix, paths, texts, seed=turn, client_kind=args.client))
        return {name: summarise(rows, 5.0 * args.interleave) for name, rows in pooled.items()}
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------------------------- during a scan


def during_scan(args: argparse.Namespace) -> dict[str, Any]:
    """Failed requests while ``copytrail scan`` adds 100 articles to a copy of the 10k store."""
    db = build_store()
    work = Path(tempfile.mkdtemp(prefix="copytrail-load-"))
    copy = work / "store.duckdb"
    shutil.copy(db, copy)
    incremental = scan_bench.extra_path(SIZE, "shared", "incremental")
    server = Server(copy, args.app_src)
    try:
        paths = targets(server.url)
        clients = args.clients[0]
        outcome: dict[str, Any] = {}

        def scan() -> None:
            time.sleep(2)  # readers first
            started = time.monotonic()
            env = dict(os.environ)
            if args.app_src is not None:
                env["PYTHONPATH"] = str(args.app_src)
            done = subprocess.run([sys.executable, "-c", "from copytrail.cli import main; main()", "scan",
                                   str(incremental), "--db", str(copy), "-q"], capture_output=True, text=True, env=env)  # fmt: skip
            outcome.update(exit=done.returncode, stderr=done.stderr[-500:], began=started, ended=time.monotonic())

        scanner = threading.Thread(target=scan)
        scanner.start()
        t0 = time.monotonic()
        results: list[tuple[str, float, str, float]] = []

        async def rounds() -> None:
            while scanner.is_alive():
                begun = time.monotonic()
                batch = await drive(server.url, clients, 1.0, PAGES_ONLY, paths, [], seed=int(begun), client_kind=args.client)
                results.extend((k, t, o, begun) for k, t, o in batch)

        asyncio.run(rounds())
        scanner.join()
        inside = [r for r in results if outcome["began"] <= r[3] <= outcome["ended"]]
        failed = [r for r in inside if not r[2].isdigit() or int(r[2]) >= 400]
        return {
            "clients": clients, "scan_exit": outcome["exit"], "scan_stderr": outcome["stderr"],
            "scan_seconds": round(outcome["ended"] - outcome["began"], 1), "requests_during_scan": len(inside),
            "failed_during_scan": len(failed), "failed_share": round(len(failed) / max(1, len(inside)), 3),
            "failures": sorted({r[2] for r in failed}), "p99_ms_during_scan": round(percentile([r[1] for r in inside], 0.99) * 1000, 1),
            "started_after_s": round(outcome["began"] - t0, 1),
        }  # fmt: skip
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="8,32,128", help="Concurrent clients per run, comma-separated.")
    parser.add_argument("--seconds", type=float, default=20.0, help="Length of each run.")
    parser.add_argument("--no-pages-only", dest="pages_only", action="store_false", help="Skip the 32-client run without checks.")
    parser.add_argument("--soak", type=float, default=0.0, help="Instead: one run of 32 clients this many seconds.")
    parser.add_argument("--interleave", type=int, default=0, help="Instead: this many turns of 5 s with and without checks.")
    parser.add_argument("--during-scan", action="store_true", help="Measure failed requests while a scan writes the store.")
    parser.add_argument("--app-src", type=Path, default=None, help="Serve with the copytrail package in this folder.")
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw",
                        help="The load generator: raw HTTP/1.1 connections (light), or httpx (as before).")
    parser.add_argument("--out", type=Path, default=None, help="Write the figures here as JSON.")
    args = parser.parse_args(argv)
    args.clients = [int(c) for c in args.clients.split(",")]
    started = time.perf_counter()
    figures = during_scan(args) if args.during_scan else interleaved(args) if args.interleave else load_runs(args)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    report = {"command": ["python", "bench/load_web.py", *(argv or sys.argv[1:])], "cpus": os.cpu_count(),
              "load_average": os.getloadavg(), "app_src": str(args.app_src or f"this tree (commit {commit})"), "client": args.client,
              "seconds": round(time.perf_counter() - started, 1), **figures}  # fmt: skip
    text = json.dumps(report, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
