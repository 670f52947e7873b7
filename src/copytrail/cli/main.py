"""The ``copytrail`` command: a thin shell over the library API.

Each command opens the store, calls one library function with the same parameter names, and
turns library errors into one clear line at this edge.  Heavy modules are imported inside the
commands so that ``copytrail --help`` is instant.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from copytrail.cli.common import DEFAULT_DB, DbOption, stderr, stdout

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

    from copytrail.api import CheckResult, Comparison
    from copytrail.engines.local import ScanResult
    from copytrail.settings import ScanSettings
    from copytrail.store import Store

app = typer.Typer(
    name="copytrail",
    help="Follow the trail of copied and paraphrased text across a corpus of articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)




class ExportTable(StrEnum):
    alignments = "alignments"
    documents = "documents"
    narratives = "narratives"
    claims = "claims"
    network = "network"
    sqlite = "sqlite"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gexf = "gexf"
    graphml = "graphml"


class NetworkWhat(StrEnum):
    outlets = "outlets"
    authors = "authors"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


def _fail(message: str, code: int = 2) -> typer.Exit:
    stderr.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


@contextmanager
def _errors_to_messages() -> Iterator[None]:
    """Library errors become one line and an exit status, never a traceback."""
    from copytrail.errors import CopytrailError

    try:
        yield
    except CopytrailError as exc:
        raise _fail(str(exc)) from exc


@contextmanager
def _progress(quiet: bool) -> Iterator[Any]:
    """A progress callback drawing rich bars on standard error (silent when quiet)."""
    if quiet:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<14}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    ) as bars:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield update


def _open(db: Path, *, read_only: bool = False) -> Store:
    from copytrail.store import open_store

    return open_store(db, read_only=read_only)


def _settings(
    workers: int,
    strict: bool = False,
    min_words: int | None = None,
    batch_size: int | None = None,
    claims: bool = True,
) -> ScanSettings:
    from dataclasses import replace

    from copytrail.settings import ScanSettings

    settings = ScanSettings(workers=workers, strict=strict, claims=claims)
    if batch_size is not None:
        settings = replace(settings, batch_size=batch_size)
    if min_words is not None:
        settings = replace(settings, align=replace(settings.align, min_words=min_words))
    return settings


@app.command()
def scan(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of .txt .md .html .jsonl .warc[.gz].")],
    db: DbOption = DEFAULT_DB,
    strict: Annotated[bool, typer.Option(help="Stop at the first input that cannot be read.")] = False,
    workers: Annotated[int, typer.Option(help="Processes for alignment (0 = one per core).")] = 0,
    min_words: Annotated[int | None, typer.Option(help="Shortest reused passage reported, in words (default 25).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summary.")] = False,
    batch_size: Annotated[int | None, typer.Option(min=1, hidden=True, help="Documents per transaction.")] = None,
    claims: Annotated[bool, typer.Option("--claims/--no-claims", help="Find figures and dates that copies changed.")] = True,
    semantic: Annotated[bool, typer.Option("--semantic", help="Also pair articles close in meaning (sentence embeddings), to find paraphrased reuse.")] = False,
    device: Annotated[str, typer.Option(help="Where the embedding model runs: cpu or cuda.")] = "cpu",
) -> None:
    """Read articles, find every passage reused between them, and group them into narratives.

    Incremental: unchanged files are skipped, new ones are compared against everything, a
    changed file replaces its old version.  Exit status 1 when some inputs could not be read.
    """
    from dataclasses import replace

    from copytrail.engines.local import scan as run_scan

    with _errors_to_messages(), _open(db) as store, _progress(quiet) as progress:
        settings = replace(_settings(workers, strict, min_words, batch_size, claims), semantic=semantic, device=device)
        result = run_scan(paths, store, settings, progress)
        counts = store.counts()
        claims_view = _claims_view(store) if claims and not quiet else None
    for error in result.errors:
        stderr.print(f"[yellow]skipped[/] {escape(error.message())}")
    if not quiet:
        _print_scan_summary(result, counts, db)
        if claims_view is not None:
            _print_claims_summary(result, claims_view, db)
    if result.errors:
        raise typer.Exit(1)


def _print_scan_summary(result: ScanResult, counts: dict[str, int], db: Path) -> None:
    from rich.table import Table

    table = Table(title=f"copytrail scan → {escape(str(db))}", show_header=True, header_style="bold")
    table.add_column("", style="bold")
    table.add_column("this scan", justify="right")
    table.add_column("in store", justify="right")
    table.add_row("files read", str(result.files_seen - result.files_skipped), "")
    table.add_row("files unchanged (skipped)", str(result.files_skipped), "")
    table.add_row("files replaced", str(result.files_replaced), "")
    table.add_row("documents", str(result.documents_added), str(counts["documents"]))
    table.add_row("exact duplicates", str(len(result.duplicates)), str(counts["duplicates"]))
    table.add_row("document pairs compared", str(result.pairs_compared), "")
    if result.sentences_embedded or result.meaning_pairs:
        table.add_row("  of them found by meaning alone", str(result.meaning_pairs), "")
        table.add_row("sentences embedded (static)", str(result.sentences_embedded), "")
        table.add_row("sentences judged (MiniLM)", str(result.sentences_judged), "")
    table.add_row("reused passages (alignments)", str(result.alignments_added), str(counts["alignments"]))
    table.add_row("narratives", "", str(counts["narratives"]))
    table.add_row("inputs that failed", str(len(result.errors)), str(counts["errors"]))
    table.add_row("seconds", f"{result.seconds:.1f}", "")
    spent = [(stage, s) for stage, s in result.stage_seconds.items() if s >= 0.05]
    if spent:
        table.add_row("  by stage", ", ".join(f"{stage} {s:.1f}" for stage, s in spent), "")
    if result.semantic_seconds:
        spent_on = result.semantic_seconds
        parts = (
            f"index {spent_on.get('sentence index', 0.0):.1f}, search {spent_on.get('meaning search', 0.0):.1f}, "
            f"alignment {spent_on.get('meaning alignment', 0.0):.1f} "
            f"(judge {spent_on.get('of which judge (MiniLM)', 0.0):.1f})"
        )
        table.add_row("  of align, by meaning", parts, "")
    stdout.print(table)
    if result.languages_outside:
        from copytrail.stages.semantic import MODEL_LANGUAGES

        languages = ", ".join(f"{lang} {n}" for lang, n in sorted(result.languages_outside.items(), key=lambda kv: -kv[1]))
        examples = ", ".join(f"{path} ({lang})" for path, lang in result.outside_examples)
        stdout.print(
            f"[yellow]note:[/] {sum(result.languages_outside.values())} documents are in languages the semantic "
            f"model does not cover ({escape(languages)}; it covers {', '.join(sorted(MODEL_LANGUAGES))}): their "
            f"reworded reuse may be missed, copies are still found. e.g. {escape(examples)}"
        )
    for path, original in result.duplicates[:10]:
        stdout.print(f"[dim]duplicate:[/] {escape(path)} = {escape(original)}")


def _claims_view(store: Store) -> dict[str, Any]:
    from copytrail.store.claims import claims_summary

    return claims_summary(store)


def _print_claims_summary(result: ScanResult, view: dict[str, Any], db: Path) -> None:
    """The claims section: most repeated claims and every claim whose figures disagree.

    Article text is untrusted: everything quoted from it goes through ``escape``.
    """
    stdout.print(
        f"\n[bold]claims[/]: {result.claims} figures and dates in store "
        f"({result.claims_extracted} documents read this scan); {result.claim_groups} stated in "
        f"more than one document, {result.claims_differ} with figures that disagree"
    )
    if view["repeated"]:
        from rich.table import Table

        table = Table(title="most repeated claims", show_header=True, header_style="bold")
        table.add_column("claim")
        table.add_column("statements", justify="right")
        table.add_column("documents", justify="right")
        for g in view["repeated"]:
            table.add_row(escape(g["label"]), str(g["statements"]), str(g["documents"]))
        stdout.print(table)
    if view["differ"]:
        stdout.print("[bold]figures that disagree between copies:[/]")
        for g in view["differ"]:
            values = " · ".join(f"{escape(s['figure'])} [dim]({escape(s['path'] or s['doc'])})[/]" for s in g["statements"])
            stdout.print(f"  [yellow]{escape(g['text'])}[/]: {values}")
        more = view["differ_total"] - len(view["differ"])
        if more > 0:
            stdout.print(f"  … and {more} more")
        stdout.print(f"  export them: copytrail export claims --db {escape(str(db))}")


@app.command()
def export(
    table: Annotated[ExportTable, typer.Argument(help="What to export.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="jsonl, csv or parquet; for network: gexf, graphml or csv."),
    ] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file (default: standard output).")] = None,
    what: Annotated[NetworkWhat, typer.Option("--what", help="network: nodes are outlets or authors.")] = NetworkWhat.outlets,
    window: Annotated[str, typer.Option("--window", help="network: only pairs published within this time (24h, 3d, none).")] = "24h",
    exclude_syndicated: Annotated[bool, typer.Option("--exclude-syndicated", help="network: leave out credited wire copy.")] = False,
) -> None:
    """Export alignments, documents, narratives, claims (JSONL, CSV, Parquet), the network
    (GEXF, GraphML, CSV), or everything as a SQLite file for Datasette (sqlite -o FILE)."""
    with _errors_to_messages(), _open(db, read_only=True) as store:
        if table == ExportTable.sqlite:
            from copytrail.outputs.sqlite import export_sqlite

            if output in (None, "-"):
                raise _fail("the sqlite export needs an output file: -o corpus.db")
            counts = export_sqlite(store, str(output))
            stderr.print(
                f"wrote {escape(str(output))}: {counts['documents']} documents, {counts['alignments']} "
                f"alignments, {counts['narratives']} narratives (open it with: datasette {escape(str(output))})"
            )
            return
        if table == ExportTable.network:
            from copytrail.stages.network import export_network, summary

            chosen = (fmt or ExportFormat.gexf).value
            if chosen not in ("gexf", "graphml", "csv"):
                raise _fail("the network exports as gexf, graphml or csv")
            target = Path(output or f"network-{what.value}.{chosen}")
            info = summary(export_network(store, what.value, chosen, target, window, exclude_syndicated))
            stderr.print(f"wrote {info['nodes']} {what.value} and {info['edges']} links to {escape(str(target))}")
            if info["left_out_pairs"] or info["left_out_documents"]:
                stderr.print(f"left out of the time window: {info['left_out_pairs']} pairs, {info['left_out_documents']} documents")
            return
        chosen = (fmt or ExportFormat.jsonl).value
        if table == ExportTable.claims:
            from copytrail.store.claims import export_claims

            if chosen not in ("jsonl", "csv"):
                raise _fail("claims export as jsonl or csv")
            count = export_claims(store, chosen, output)
        else:
            from copytrail.outputs.export import export as run_export

            if chosen not in ("jsonl", "csv", "parquet"):
                raise _fail(f"{table.value} export as jsonl, csv or parquet")
            count = run_export(store, table.value, chosen, output)
    if output not in (None, "-"):
        stderr.print(f"wrote {count} {table.value} rows to {escape(str(output))}")


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="An article (.txt .md .html .jsonl .warc).")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f")] = CheckFormat.text,
    add: Annotated[bool, typer.Option("--add", help="Also store the article after checking it.")] = False,
) -> None:
    """Has this text appeared before, and where?  The store is unchanged unless --add."""
    from copytrail.api import check_file

    with _errors_to_messages(), _open(db, read_only=not add) as store:
        result = check_file(store, file, _settings(0), add=add)
    if fmt == CheckFormat.json:
        stdout.print_json(json.dumps({"file": str(file), **result.as_dict()}, ensure_ascii=False))
    else:
        _print_check(file, result)


def _print_check(file: Path, result: CheckResult) -> None:
    if not result.matches:
        stdout.print(f"{escape(str(file))}: no reused passage found in the store.")
        return
    stdout.print(
        f"[bold]{escape(str(file))}[/]: {result.reused_share:.0%} of the text appears in "
        f"{len(result.matches)} stored document(s)."
    )
    for match in result.matches:
        head = " · ".join(escape(x) for x in (match.outlet, match.published, match.title) if x)
        stdout.print(f"\n[bold cyan]{escape(match.path)}[/] {head}")
        for p in match.passages:
            excerpt = result.text[p.b_start : p.b_end]
            short = excerpt if len(excerpt) <= 160 else excerpt[:157] + "…"
            stdout.print(
                f"  [magenta]{p.kind}[/] {p.score:.2f}  here {p.b_start}–{p.b_end}, "
                f"there {p.a_start}–{p.a_end}: “{escape(' '.join(short.split()))}”"
            )


@app.command()
def compare(
    a: Annotated[Path, typer.Argument(help="First file.")],
    b: Annotated[Path, typer.Argument(help="Second file.")],
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f")] = CheckFormat.text,
    semantic: Annotated[bool, typer.Option("--semantic", help="Also find reworded (paraphrased) passages with a sentence-embedding model.")] = False,
    device: Annotated[str, typer.Option(help="Where the embedding model runs: cpu or cuda.")] = "cpu",
) -> None:
    """Two files side by side: every passage they share, no database needed."""
    from copytrail.api import compare_files

    with _errors_to_messages():
        comparison = compare_files(a, b, semantic=semantic, device=device)
    for note in comparison.notes:
        stderr.print(f"[yellow]note:[/] {escape(note)}")
    if fmt == CheckFormat.json:
        stdout.print_json(
            json.dumps(
                [
                    {"a": {"start": p.a_start, "end": p.a_end}, "b": {"start": p.b_start, "end": p.b_end},
                     "kind": p.kind, "score": p.score}
                    for p in comparison.passages
                ]
            )
        )
        return
    _print_side_by_side(a, b, comparison)


def _print_side_by_side(a: Path, b: Path, comparison: Comparison) -> None:
    from rich.table import Table
    from rich.text import Text

    from copytrail.outputs.view import word_diff

    if not comparison.passages:
        stdout.print("No shared passage found.")
        return
    for number, p in enumerate(comparison.passages, start=1):
        table = Table(
            title=f"passage {number}: {p.kind}, score {p.score:.2f}",
            show_lines=False,
            expand=True,
        )
        table.add_column(f"{escape(str(a))} [{p.a_start}:{p.a_end}]", ratio=1)
        table.add_column(f"{escape(str(b))} [{p.b_start}:{p.b_end}]", ratio=1)
        a_chunks, b_chunks = word_diff(
            comparison.a.text[p.a_start : p.a_end], comparison.b.text[p.b_start : p.b_end]
        )
        left, right = Text(), Text()
        for side, chunks in ((left, a_chunks), (right, b_chunks)):
            for chunk, changed in chunks:
                side.append(chunk, "bold red" if changed else "")
        table.add_row(left, right)
        stdout.print(table)


@app.command()
def pan(
    pairs: Annotated[Path, typer.Option(help="PAN pairs file: 'suspicious source' per line.")],
    src: Annotated[Path, typer.Option(help="Folder of source documents.")],
    susp: Annotated[Path, typer.Option(help="Folder of suspicious documents.")],
    out: Annotated[Path, typer.Option(help="Folder for the detection XML files.")],
    workers: Annotated[int, typer.Option(help="Processes (0 = one per core).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    semantic: Annotated[bool, typer.Option("--semantic", help="Add the sentence-embedding pass (slow on a CPU).")] = False,
    device: Annotated[str, typer.Option(help="Where the embedding model runs: cpu or cuda.")] = "cpu",
) -> None:
    """PAN text-alignment mode: one detection XML per pair, in PAN's format."""
    from copytrail.api import pan_detect

    with _errors_to_messages(), _progress(quiet) as progress:
        total = pan_detect(pairs, src, susp, out, workers=workers, progress=progress, semantic=semantic, device=device)
    stderr.print(f"wrote {total} detections to {escape(str(out))}")


@app.command("pan-eval")
def pan_eval(
    truth_dir: Annotated[Path, typer.Argument(help="Truth XML folder (category subfolders allowed).")],
    detections_dir: Annotated[Path, typer.Argument(help="Detection XML folder.")],
) -> None:
    """Score PAN detections: precision, recall, granularity and PlagDet, overall and per category."""
    from copytrail.outputs.pan import evaluate, format_scores

    with _errors_to_messages():
        results = evaluate(truth_dir, detections_dir)
    typer.echo(format_scores(results))


def _register_stage_commands() -> None:
    """Commands whose modules live beside their stage (each imports its heavy parts lazily)."""
    from copytrail.cli.claims import claims, network
    from copytrail.cli.report import report_command
    from copytrail.cli.serve import serve_command
    from copytrail.cli.spark import import_spark, spark_scan

    app.command("claims")(claims)
    app.command("network")(network)
    app.command("report")(report_command)
    app.command("serve")(serve_command)
    app.command("spark-scan")(spark_scan)
    app.command("import-spark")(import_spark)


_register_stage_commands()


def main() -> None:
    """Entry point of the ``copytrail`` command."""
    try:
        app()
    except KeyboardInterrupt:  # a second Ctrl-C while closing: still no traceback
        stderr.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
