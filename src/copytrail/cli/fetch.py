"""``copytrail fetch``: archive pages (links, a list of links, sitemaps, feeds) into a WARC
file, politely, and optionally scan it into the store."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from copytrail.cli.common import (
    DEFAULT_DB,
    DbOption,
    QuietOption,
    errors_to_messages,
    fail,
    open_store,
    safe,
    scan_settings,
    stderr,
    stdout,
)

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

    from copytrail.engines.fetching import FetchResult


def fetch_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="The WARC file to write (.warc.gz, or .warc); with --resume, to add to.")],
    urls: Annotated[list[str] | None, typer.Argument(help="Pages to fetch.", show_default=False)] = None,
    input_file: Annotated[
        Path | None, typer.Option("--input", "-i", help="A file of links, one a line ('#' starts a comment; '-' reads standard input).")
    ] = None,
    sitemap: Annotated[list[str] | None, typer.Option(help="A sitemap or sitemap index (gzip too): fetch the pages it lists.")] = None,
    feed: Annotated[list[str] | None, typer.Option(help="An RSS or Atom feed: fetch the articles it links to.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Keep what the WARC file holds, skip those pages, append the rest.")] = False,
    contact: Annotated[str | None, typer.Option(help="How a site owner can reach you (e-mail or web page), sent in the User-Agent.")] = None,
    ignore_robots: Annotated[
        bool, typer.Option("--ignore-robots", help="Fetch what robots.txt forbids (logged): only pages you have the right to archive.")
    ] = False,
    delay: Annotated[float, typer.Option(min=0, help="Seconds between two requests to one host.")] = 1.0,
    per_host: Annotated[int, typer.Option(min=1, help="Requests in flight to one host at once.")] = 1,
    concurrency: Annotated[int, typer.Option(min=1, help="Requests in flight in all.")] = 8,
    timeout: Annotated[float, typer.Option(min=0.01, help="Seconds to wait for a connection or the next part of an answer.")] = 20.0,
    retries: Annotated[int, typer.Option(min=0, help="Further tries after a 429, a 5xx, a timeout or a lost connection.")] = 3,
    max_size_mb: Annotated[float, typer.Option(min=0.001, help="Largest answer kept, in MiB; a larger one fails.")] = 10.0,
    scan: Annotated[bool, typer.Option("--scan", help="Then scan the WARC file into the store (--db); failures go to its errors table.")] = False,
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    backoff: Annotated[float, typer.Option(min=0, hidden=True, help="Seconds before the first retry (doubled each time).")] = 1.0,
) -> None:
    """Fetch pages into a WARC file: request, response and a metadata record (fetch time,
    tool version) per page; robots.txt obeyed; each host asked at most --per-host at once,
    --delay apart.

    The capture time is never taken for a publication date: a page that states no date of
    its own is dated by it only as a capture ('warc').  Exit status 1 when some pages failed.
    """
    from copytrail.api import fetch
    from copytrail.stages.fetch import FetchSettings

    links = list(urls or [])
    if input_file is not None:
        links += _read_links(input_file)
    if not links and not sitemap and not feed:
        raise fail("nothing to fetch: give URLs, --input FILE, --sitemap URL or --feed URL")
    settings = FetchSettings(
        contact=contact, obey_robots=not ignore_robots, host_delay=delay, per_host=per_host,
        concurrency=concurrency, timeout=timeout, retries=retries, backoff=backoff,
        max_bytes=max(1, int(max_size_mb * 1024 * 1024)),
    )  # fmt: skip
    if not contact and not quiet:
        stderr.print("[yellow]note:[/] no --contact given: site owners cannot reach you about this crawl")

    def notice(line: str) -> None:
        stderr.print(f"[yellow]note:[/] {safe(line)}")

    with errors_to_messages(), _fetch_progress(quiet) as progress:
        if scan:
            with open_store(db) as store:
                result = fetch(
                    links, output, settings, sitemaps=sitemap or [], feeds=feed or [], resume=resume,
                    store=store, scan_settings=scan_settings(), progress=progress, notice=notice,
                )  # fmt: skip
        else:
            result = fetch(
                links, output, settings, sitemaps=sitemap or [], feeds=feed or [], resume=resume,
                progress=progress, notice=notice,
            )  # fmt: skip
    for problem in result.failed:
        stderr.print(f"[red]failed[/] {safe(problem.message())}")
    if not quiet:
        _print_summary(result, db if scan else None)
    if result.failed or (result.scan is not None and result.scan.errors):
        raise typer.Exit(1)


def _read_links(path: Path) -> list[str]:
    """The links of a file, one a line; blank lines and ``#`` comments ignored."""
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise fail(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise fail(f"{path}: not UTF-8 text") from exc
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


@contextmanager
def _fetch_progress(quiet: bool) -> Iterator[Any]:
    """Progress on standard error: pages done of all, pages per second, time left."""
    if quiet:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            unit = "pages/s" if task.description.strip() == "fetching" else "/s"
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} {unit}" if speed else f"… {unit}")

    columns = (TextColumn("{task.description:<16}"), BarColumn(), MofNCompleteColumn(), Rate(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=stderr, transient=True) as bars:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield update


def _print_summary(result: FetchResult, db: Path | None) -> None:
    """Fetched, failed (by reason), skipped (by reason), the rate; the scan when there was one."""
    from copytrail.engines.fetching import FetchResult

    stdout.print(
        f"[bold]copytrail fetch[/] → {safe(result.output)}: {len(result.fetched)} fetched, "
        f"{len(result.failed)} failed, {len(result.skipped)} skipped"
        f" · {result.requests} requests in {result.seconds:.1f} s ({result.pages_per_second:.1f} pages/s)"
    )
    if result.listed:
        stdout.print(f"  {result.listed} links taken from sitemaps and feeds")
    if result.duplicates:
        stdout.print(f"  {result.duplicates} links named a page already listed (fetched once)")
    for label, problems in (("failed", result.failed), ("skipped", result.skipped)):
        reasons = sorted(FetchResult.reasons(problems).items(), key=lambda kv: (-kv[1], kv[0]))
        if reasons:
            stdout.print(f"  {label}: " + ", ".join(f"{safe(reason)} {n}" for reason, n in reasons))
    if result.scan is not None and db is not None:
        scanned = result.scan
        stdout.print(
            f"  scanned into {safe(db)}: {scanned.documents_added} documents, {scanned.alignments_added} reused passages, "
            f"{len(scanned.errors)} records that could not be read (see copytrail scan for the full summary)"
        )
