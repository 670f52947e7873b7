"""``copytrail spark-scan`` and ``copytrail import-spark``: the Spark engine from the command line.

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

from copytrail.cli.common import (
    DEFAULT_DB,
    DbOption,
    OutletBoilerplateOption,
    errors_to_messages,
    fail,
    format_option,
    open_store,
    scan_settings,
    stderr,
)


class InputFormat(StrEnum):
    auto = "auto"
    jsonl = "jsonl"
    parquet = "parquet"


def spark_scan(
    arguments: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT... OUTPUT",
            help="JSONL or Parquet files, folders or globs (any filesystem Spark reads), then the "
            "folder for the result tables (Parquet).",
            show_default=False,
        ),
    ],
    master: Annotated[
        str | None,
        typer.Option(
            "--master",
            help="Spark master: local[N], spark://host:7077, yarn, ... "
            "(default: local[2], or spark-submit's master under spark-submit).",
        ),
    ] = None,
    partitions: Annotated[
        int | None,
        typer.Option("--partitions", min=1, help="Shuffle partitions (default: Spark's, 200)."),
    ] = None,
    fmt: Annotated[
        InputFormat, format_option("Input format (auto: Parquet for *.parquet, else JSONL).")
    ] = InputFormat.auto,
    min_words: Annotated[
        int | None, typer.Option(help="Shortest reused passage reported, in words, of any kind (default: 25, and 15 for a close copy, nearly word for word).")
    ] = None,
    max_bucket: Annotated[
        int | None,
        typer.Option(help="Documents sharing one band key before it is boilerplate (default 50)."),
    ] = None,
    outlet_boilerplate: OutletBoilerplateOption = 3,
    keep_work: Annotated[
        bool, typer.Option("--keep-work", help="Keep the intermediate tables in OUTPUT/_work.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Scan a corpus on Apache Spark: the local engine's results, as Parquet tables.

    Writes OUTPUT/documents, alignments and narratives (the columns of 'copytrail export
    --format parquet') plus the tables 'copytrail import-spark' needs.  Needs pyspark and Java.
    """
    if len(arguments) < 2:  # the last argument is the output: with one, the input is there
        what = "INPUT and OUTPUT" if not arguments else "OUTPUT (the folder for the result tables)"
        raise fail(f"spark-scan needs {what}: copytrail spark-scan INPUT... OUTPUT")
    *inputs, output = arguments
    tables = [i for i in inputs if i.lower().removesuffix(".gz").endswith((".csv", ".tsv"))]
    if tables:  # Spark would read each line as a JSON record and refuse them all
        raise fail(f"spark-scan reads JSONL and Parquet, and {tables[0]} is a table: `copytrail scan` reads it, or write it as Parquet")
    try:
        from copytrail.engines.spark import default_master, scan, spark_session
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise fail("pyspark is not installed: pip install 'copytrail[spark]'") from exc
    settings = scan_settings(min_words=min_words, max_bucket=max_bucket, outlet_boilerplate=outlet_boilerplate)
    session = spark_session(master or default_master(), partitions=partitions)
    session.sparkContext.setLogLevel("ERROR")
    try:
        with errors_to_messages():
            result = scan(
                session, inputs, output, settings,
                fmt=fmt.value, partitions=partitions, keep_work=keep_work,
            )  # fmt: skip
    finally:
        session.stop()
    if not quiet:
        typer.echo(json.dumps(asdict(result), indent=2))
        stderr.print(
            f"{result.documents} documents, {result.alignments} alignments, {result.narratives} narratives "
            f"→ {escape(output)} ({result.seconds:.1f} s)"
        )
    if result.notes and not quiet:
        stderr.print(f"[yellow]{result.notes} inputs read with a problem, kept[/] (see {escape(output)}/errors)")
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
    from copytrail.store.spark_import import import_spark_output

    with errors_to_messages(), open_store(db) as store:
        loaded = import_spark_output(output, store)
    summary = ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in loaded.items())
    stderr.print(f"imported {summary} → {escape(str(db))}")
