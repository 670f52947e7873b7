"""Typer-ready commands for the Spark engine (registered by ``copytrail.cli.main``).

``spark-scan`` runs the whole pipeline on Spark and writes Parquet tables; ``import-spark``
loads those tables into a local store so ``report``, ``export`` and ``serve`` work on them.
pyspark is imported only when ``spark-scan`` runs, so ``copytrail --help`` stays instant.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from copytrail.cli.common import DEFAULT_DB, DbOption, stderr


class InputFormat(StrEnum):
    auto = "auto"
    jsonl = "jsonl"
    parquet = "parquet"


def spark_scan(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT...",
            help="JSONL or Parquet files, folders or globs (any filesystem Spark reads).",
        ),
    ],
    output: Annotated[
        str, typer.Argument(metavar="OUTPUT", help="Folder for the result tables (Parquet).")
    ],
    master: Annotated[
        str, typer.Option("--master", help="Spark master: local[N], spark://host:7077, yarn, ...")
    ] = "local[2]",
    partitions: Annotated[
        int | None,
        typer.Option("--partitions", min=1, help="Shuffle partitions (default: Spark's, 200)."),
    ] = None,
    fmt: Annotated[
        InputFormat,
        typer.Option(
            "--format", "-f", help="Input format (auto: Parquet for *.parquet, else JSONL)."
        ),
    ] = InputFormat.auto,
    min_words: Annotated[
        int | None, typer.Option(help="Shortest reused passage reported, in words (default 25).")
    ] = None,
    max_bucket: Annotated[
        int | None,
        typer.Option(help="Documents sharing one band key before it is boilerplate (default 50)."),
    ] = None,
    keep_work: Annotated[
        bool, typer.Option("--keep-work", help="Keep the intermediate tables in OUTPUT/_work.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Scan a corpus on Apache Spark: the local engine's results, as Parquet tables.

    Writes OUTPUT/documents, alignments and narratives (the columns of 'copytrail export
    --format parquet') plus the tables 'copytrail import-spark' needs.  Needs pyspark and Java.
    """
    from dataclasses import replace

    from copytrail.settings import ScanSettings

    try:
        from copytrail.engines.spark import scan, spark_session
    except ImportError as exc:  # pragma: no cover - depends on the environment
        stderr.print("[bold red]error:[/] pyspark is not installed: pip install 'copytrail[spark]'")
        raise typer.Exit(2) from exc
    settings = ScanSettings()
    if min_words is not None:
        settings = replace(settings, align=replace(settings.align, min_words=min_words))
    if max_bucket is not None:
        settings = replace(settings, candidates=replace(settings.candidates, max_bucket=max_bucket))
    session = spark_session(master, partitions=partitions)
    session.sparkContext.setLogLevel("ERROR")
    try:
        result = scan(
            session,
            inputs,
            output,
            settings,
            fmt=fmt.value,
            partitions=partitions,
            keep_work=keep_work,
        )
    finally:
        session.stop()
    if not quiet:
        typer.echo(json.dumps(asdict(result), indent=2))
        stderr.print(
            f"{result.documents} documents, {result.alignments} alignments, {result.narratives} narratives "
            f"→ {escape(output)} ({result.seconds:.1f} s)"
        )
    if result.errors:
        stderr.print(
            f"[yellow]{result.errors} inputs could not be read[/] (see {escape(output)}/errors)"
        )
        raise typer.Exit(1)


def import_spark(
    output: Annotated[
        Path, typer.Argument(metavar="OUTPUT", help="A folder written by 'copytrail spark-scan'.")
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Load a Spark scan's tables into a new local store (for report, export and serve)."""
    from copytrail.engines.spark import import_output
    from copytrail.errors import CopytrailError
    from copytrail.store import open_store

    try:
        with open_store(db) as store:
            loaded = import_output(output, store)
    except CopytrailError as exc:
        stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    summary = ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in loaded.items())
    stderr.print(f"imported {summary} → {escape(str(db))}")
