"""Pages per second of ``copytrail fetch`` against a local server, at the default politeness
and with the limits raised.

The server (the tests' ``fetch_site``: HTML pages of about 1.5 KB) runs in its own process on
127.0.0.1, so that it does not share the fetching process's interpreter.  Each setting fetches
its own pages into a fresh WARC file; the figure is pages archived per second of wall time,
sitemap-free (links given directly), robots.txt obeyed.

    .venv/bin/python bench/fetch_bench.py [--polite-pages 15] [--pages 1000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


HOSTS = 8  # loopback addresses 127.0.0.1 … 127.0.0.8: one site each, as many hosts


def serve() -> None:
    """Child process: serve the site on each loopback host and print their base URLs, until killed."""
    from contextlib import ExitStack

    from fetch_site import serve_site

    with ExitStack() as stack:
        sites = [stack.enter_context(serve_site(f"127.0.0.{n}")) for n in range(1, HOSTS + 1)]
        print(" ".join(site.base for site in sites), flush=True)
        while True:
            time.sleep(3600)


def run(bases: list[str], label: str, settings: object, pages: range, folder: Path) -> dict[str, float | int | str]:
    """Fetch ``pages`` spread round-robin over the hosts ``bases``; pages per second."""
    import copytrail

    urls = [f"{bases[n % len(bases)]}/pages/{n}.html" for n in pages]
    started = time.perf_counter()
    result = copytrail.fetch(urls, folder / f"{label.replace(' ', '_')}.warc.gz", settings)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    assert len(result.fetched) == len(urls) and not result.failed, result.failed[:3]
    return {
        "setting": label, "hosts": len(bases), "pages": len(urls), "requests": result.requests,
        "seconds": round(seconds, 2), "pages_per_s": round(len(urls) / seconds, 1),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--polite-pages", type=int, default=15, help="pages at the default politeness (1 s apart)")
    parser.add_argument("--pages", type=int, default=1000, help="pages for each raised setting")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    from copytrail.stages.fetch import FetchSettings

    child = subprocess.Popen([sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        bases = child.stdout.readline().split()
        default = FetchSettings(contact="bench@example.org")
        settings = [
            ("default politeness", bases[:1], default, args.polite_pages),
            (f"default politeness, {HOSTS} hosts", bases, default, args.polite_pages * HOSTS),
            ("no delay, 1 per host", bases[:1], replace(default, host_delay=0.0), args.pages),
            ("no delay, 4 per host", bases[:1], replace(default, host_delay=0.0, per_host=4), args.pages),
            (f"no delay, 4 per host, {HOSTS} hosts", bases, replace(default, host_delay=0.0, per_host=4, concurrency=32), args.pages),
        ]
        offset = 0
        with tempfile.TemporaryDirectory() as tmp:
            for label, hosts, setting, count in settings:
                row = run(hosts, label, setting, range(offset, offset + count), Path(tmp))
                offset += count
                print(row, flush=True)
    finally:
        child.kill()
        child.wait()


if __name__ == "__main__":
    main()
