"""``copytrail export``: every table and graph the store holds, from one command.

Tables (alignments, documents, narratives) go out as JSONL, CSV or Parquet; claims as JSONL
or CSV, optionally recomputed first; a network (who copies whom, co-publication, bylines) as
GEXF, GraphML or CSV; ``sqlite`` writes the whole store for Datasette.  Output goes to
standard output unless ``-o FILE`` names a file (``-o -`` is standard output too); a format
that cannot go there (Parquet, SQLite, the network's three CSV files) asks for a file.
"""

from __future__ import annotations

from enum import StrEnum
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
    boilerplate = "boilerplate"
    claims = "claims"
    network = "network"
    sqlite = "sqlite"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gexf = "gexf"
    graphml = "graphml"


class NetworkGraph(StrEnum):
    copies = "copies"
    copublication = "copublication"
    bylines = "bylines"


class NetworkWhat(StrEnum):
    outlets = "outlets"
    authors = "authors"


class EntityMode(StrEnum):
    auto = "auto"
    rules = "rules"
    spacy = "spacy"


# The formats each table goes out in, the first its default.
FORMATS = {
    "alignments": ("jsonl", "csv", "parquet"),
    "documents": ("jsonl", "csv", "parquet"),
    "narratives": ("jsonl", "csv", "parquet"),
    "boilerplate": ("jsonl", "csv", "parquet"),
    "claims": ("jsonl", "csv"),
    "network": ("gexf", "graphml", "csv"),
    "sqlite": (),
}
FORMAT_HELP = (
    "alignments, documents, narratives, boilerplate (passages held out as an outlet's own): jsonl "
    "(default), csv or parquet; claims: jsonl (default) "
    "or csv; network: gexf (default), graphml or csv."
)


def export(
    table: Annotated[ExportTable, typer.Argument(help="What to export.", show_default=False)],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[ExportFormat | None, format_option(FORMAT_HELP)] = None,
    output: Annotated[str | None, output_option(
        "Output file; - or none: standard output (parquet and sqlite need a file; the network as csv "
        "needs a prefix for its .nodes.csv, .edges.csv and .evidence.csv)."
    )] = None,
    with_text: Annotated[bool, typer.Option("--with-text", help="alignments: add each side's passage text (source.text, target.text; the sqlite file always has it).")] = False,
    differ_only: Annotated[bool, typer.Option("--differ", help="claims: only claims whose copies changed the figure or its hedge.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="claims: recompute and store claims first (needs a writable store).")] = False,
    entities: Annotated[EntityMode, typer.Option("--entities", help="claims, with --rebuild: entity finder: rules (fast), spaCy if installed (auto), or spacy.")] = EntityMode.rules,
    graph: Annotated[NetworkGraph, typer.Option("--graph", help="network: copies (directed, from the earlier publication to the later), copublication (the same narratives within --window) or bylines (each byline to the outlets that printed it).")] = NetworkGraph.copies,
    what: Annotated[NetworkWhat, typer.Option("--what", help="network copies and copublication: nodes are outlets or authors (bylines).")] = NetworkWhat.outlets,
    window: Annotated[str | None, typer.Option("--window", "-w", metavar="TIME", help="network copublication: only pairs published within this time (24h, 3d, 90m, none; default 24h).")] = None,
    exclude_syndicated: Annotated[bool, typer.Option("--exclude-syndicated", help="network: leave out credited wire copy.")] = False,
) -> None:
    """Export alignments, documents, narratives, claims (JSONL, CSV, Parquet), a network
    (GEXF, GraphML, CSV), or everything as a SQLite file for Datasette (sqlite -o FILE)."""
    _check_options(table, fmt, with_text, differ_only, rebuild, entities, graph, what, window, exclude_syndicated)
    with errors_to_messages(), open_store(db, read_only=not rebuild) as store:
        if table == ExportTable.sqlite:
            _export_sqlite(store, output)
            return
        chosen = (fmt.value if fmt else FORMATS[table.value][0])
        if table == ExportTable.network:
            _export_network(store, chosen, output, graph, what, window, exclude_syndicated)
            return
        if table == ExportTable.claims:
            count = _export_claims(store, chosen, output, differ_only, rebuild, entities)
        else:
            from copytrail.outputs.export import export as run_export

            count = run_export(store, table.value, chosen, output, with_text=with_text)
    if output not in (None, "-"):
        stderr.print(f"wrote {count} {table.value} rows to {escape(str(output))}")


def _check_options(
    table: ExportTable, fmt: ExportFormat | None, with_text: bool, differ_only: bool, rebuild: bool,
    entities: EntityMode, graph: NetworkGraph, what: NetworkWhat, window: str | None, exclude_syndicated: bool,
) -> None:
    """Options that do not apply to the table chosen are an error, never silently ignored."""
    if fmt is not None and fmt.value not in FORMATS[table.value]:
        allowed = ", ".join(FORMATS[table.value]) or "no --format (it is one SQLite file)"
        raise fail(f"export {table.value} takes {allowed}, not {fmt.value}")
    if with_text and table not in (ExportTable.alignments, ExportTable.boilerplate, ExportTable.sqlite):
        raise fail("--with-text applies to 'export alignments' and 'export boilerplate' (documents always carry their text)")
    if table != ExportTable.claims and (differ_only or rebuild or entities != EntityMode.rules):
        raise fail("--differ, --rebuild and --entities apply to 'export claims'")
    if table != ExportTable.network and (
        graph != NetworkGraph.copies or what != NetworkWhat.outlets or window is not None or exclude_syndicated
    ):
        raise fail("--graph, --what, --window and --exclude-syndicated apply to 'export network'")
    if window is not None and graph != NetworkGraph.copublication:
        raise fail("--window applies to 'export network --graph copublication'")
    if graph == NetworkGraph.bylines and what != NetworkWhat.outlets:
        raise fail("--what applies to the copies and copublication networks (bylines links bylines to outlets)")


def _export_sqlite(store: Store, output: str | None) -> None:
    from copytrail.outputs.sqlite import export_sqlite

    if output in (None, "-"):
        raise fail("the sqlite export is a file: add -o corpus.db")
    counts = export_sqlite(store, str(output), overwrite=True)
    stderr.print(
        f"wrote {escape(str(output))}: {counts['documents']} documents, {counts['alignments']} "
        f"alignments, {counts['narratives']} narratives, {counts.get('claims', 0)} claims, "
        f"{counts.get('network_edges', 0)} network links (open it with: datasette {escape(str(output))})"
    )


def _export_network(
    store: Store, chosen: str, output: str | None, graph: NetworkGraph, what: NetworkWhat, window: str | None,
    exclude_syndicated: bool,
) -> None:
    from copytrail.outputs.network import export_network
    from copytrail.stages.network import DEFAULT_WINDOW

    network = export_network(
        store, what.value, chosen, output, window or DEFAULT_WINDOW, exclude_syndicated, graph.value
    )
    nodes = "bylines and outlets" if graph == NetworkGraph.bylines else what.value
    where = "standard output" if output in (None, "-") else escape(str(output))
    kind = "directed links (earlier → later)" if network.directed else "links"
    stderr.print(f"wrote {len(network.nodes)} {nodes} and {len(network.edges)} {kind} to {where}")
    for reason, count in sorted(network.left_out_pairs.items()):
        stderr.print(f"  left out: {count} passages or pairs, {escape(reason)}")
    for reason, docs in sorted(network.left_out_documents.items()):
        stderr.print(f"  left out: {len(docs)} documents, {escape(reason)}")


def _export_claims(
    store: Store, chosen: str, output: str | None, differ_only: bool, rebuild: bool, entities: EntityMode
) -> int:
    from copytrail.outputs.claims import export_claims
    from copytrail.store.claims import rebuild_claims

    if rebuild:
        result = rebuild_claims(store, entities=entities.value)
        stderr.print(f"{result.claims} claims in {result.documents} documents; {result.groups} shared, {result.differ} changed")
    return export_claims(store, chosen, output, differ_only)
