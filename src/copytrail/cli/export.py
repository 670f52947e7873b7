"""``copytrail export``: every table and graph the store holds, from one command.

Tables (alignments, documents, narratives) go out as JSONL, CSV or Parquet; claims as JSONL
or CSV, optionally recomputed first; the outlet or author network as GEXF, GraphML or CSV;
``sqlite`` writes the whole store for Datasette.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from copytrail.cli.common import (
    DEFAULT_DB,
    DbOption,
    errors_to_messages,
    fail,
    format_option,
    open_store,
    output_option,
    stderr,
)

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.store import Store


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


class EntityMode(StrEnum):
    auto = "auto"
    rules = "rules"
    spacy = "spacy"


def export(
    table: Annotated[ExportTable, typer.Argument(help="What to export.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[
        ExportFormat | None, format_option("jsonl, csv or parquet; for network: gexf, graphml or csv.")
    ] = None,
    output: Annotated[str | None, output_option("Output file (default: standard output; network: network-WHAT.FORMAT, csv: prefix of .nodes.csv / .edges.csv).")] = None,
    differ_only: Annotated[bool, typer.Option("--differ", help="claims: only claims whose copies changed the figure or its hedge.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="claims: recompute and store claims first (needs a writable store).")] = False,
    entities: Annotated[EntityMode, typer.Option("--entities", help="claims, with --rebuild: entity finder: rules (fast), spaCy if installed (auto), or spacy.")] = EntityMode.rules,
    what: Annotated[NetworkWhat, typer.Option("--what", help="network: nodes are outlets or authors (bylines).")] = NetworkWhat.outlets,
    window: Annotated[str, typer.Option("--window", "-w", help="network: only pairs published within this time (24h, 3d, 90m, none).")] = "24h",
    exclude_syndicated: Annotated[bool, typer.Option("--exclude-syndicated", help="network: leave out credited wire copy.")] = False,
    timeformat: Annotated[str, typer.Option("--timeformat", help="network: GEXF time format, dateTime or date.")] = "dateTime",
) -> None:
    """Export alignments, documents, narratives, claims (JSONL, CSV, Parquet), the network
    (GEXF, GraphML, CSV), or everything as a SQLite file for Datasette (sqlite -o FILE)."""
    if table != ExportTable.claims and (differ_only or rebuild or entities != EntityMode.rules):
        raise fail("--differ, --rebuild and --entities apply to 'export claims'")
    if table != ExportTable.network and timeformat != "dateTime":
        raise fail("--timeformat applies to 'export network'")
    with errors_to_messages(), open_store(db, read_only=not rebuild) as store:
        if table == ExportTable.sqlite:
            _export_sqlite(store, output)
            return
        if table == ExportTable.network:
            _export_network(store, fmt, output, what, window, exclude_syndicated, timeformat)
            return
        chosen = (fmt or ExportFormat.jsonl).value
        if table == ExportTable.claims:
            count = _export_claims(store, chosen, output, differ_only, rebuild, entities)
        else:
            from copytrail.outputs.export import export as run_export

            if chosen not in ("jsonl", "csv", "parquet"):
                raise fail(f"{table.value} export as jsonl, csv or parquet")
            count = run_export(store, table.value, chosen, output)
    if output not in (None, "-"):
        stderr.print(f"wrote {count} {table.value} rows to {escape(str(output))}")


def _export_sqlite(store: Store, output: str | None) -> None:
    from copytrail.outputs.sqlite import export_sqlite

    if output in (None, "-"):
        raise fail("the sqlite export needs an output file: -o corpus.db")
    counts = export_sqlite(store, str(output))
    stderr.print(
        f"wrote {escape(str(output))}: {counts['documents']} documents, {counts['alignments']} "
        f"alignments, {counts['narratives']} narratives (open it with: datasette {escape(str(output))})"
    )


def _export_network(
    store: Store,
    fmt: ExportFormat | None,
    output: str | None,
    what: NetworkWhat,
    window: str,
    exclude_syndicated: bool,
    timeformat: str,
) -> None:
    from copytrail.outputs.network import export_network
    from copytrail.stages.network import summary

    chosen = (fmt or ExportFormat.gexf).value
    if chosen not in ("gexf", "graphml", "csv"):
        raise fail("the network exports as gexf, graphml or csv")
    target = Path(output or f"network-{what.value}.{chosen}")
    network = export_network(store, what.value, chosen, target, window, exclude_syndicated, timeformat)
    info = summary(network)
    stderr.print(f"wrote {info['nodes']} {what.value} and {info['edges']} links to {escape(str(target))}")
    if info["left_out_pairs"] or info["left_out_documents"]:
        stderr.print(f"left out of the time window: {info['left_out_pairs']} pairs, {info['left_out_documents']} documents")


def _export_claims(
    store: Store, chosen: str, output: str | None, differ_only: bool, rebuild: bool, entities: EntityMode
) -> int:
    from copytrail.outputs.claims import export_claims
    from copytrail.store.claims import rebuild_claims

    if chosen not in ("jsonl", "csv"):
        raise fail("claims export as jsonl or csv")
    if rebuild:
        result = rebuild_claims(store, entities=entities.value)
        stderr.print(f"{result.claims} claims in {result.documents} documents; {result.groups} shared, {result.differ} changed")
    return export_claims(store, chosen, output, differ_only)
