"""Typer-ready commands for the claims and network stages (registered by ``copytrail.cli.main``).

Kept out of ``cli.py`` so the stages can ship without editing the shared shell; each function
opens the store, calls one library function and turns library errors into one line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from copytrail.cli.common import DEFAULT_DB, DbOption, stderr


class ClaimsFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


class NetworkWhat(StrEnum):
    outlets = "outlets"
    authors = "authors"


class NetworkFormat(StrEnum):
    gexf = "gexf"
    graphml = "graphml"
    csv = "csv"


class EntityMode(StrEnum):
    auto = "auto"
    rules = "rules"
    spacy = "spacy"


def _run(action: Callable[[], None]) -> None:
    from copytrail.errors import CopytrailError

    try:
        action()
    except CopytrailError as exc:
        stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc


def claims(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[ClaimsFormat, typer.Option("--format", "-f", help="Output format.")] = ClaimsFormat.jsonl,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file (default: standard output).")] = None,
    differ_only: Annotated[bool, typer.Option("--differ", help="Only claims whose copies changed the figure or its hedge.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Recompute and store claims first (needs a writable store).")] = False,
    entities: Annotated[EntityMode, typer.Option("--entities", help="Entity finder: rules (fast), spaCy if installed (auto), or spacy.")] = EntityMode.rules,
) -> None:
    """Figures (quantities, dates) shared across copies, and which copies changed them."""
    from copytrail.store import open_store
    from copytrail.store.claims import export_claims, rebuild_claims

    def action() -> None:
        with open_store(db, read_only=not rebuild) as store:
            if rebuild:
                result = rebuild_claims(store, entities=entities.value)
                stderr.print(f"{result.claims} claims in {result.documents} documents; {result.groups} shared, {result.differ} changed")
            count = export_claims(store, fmt.value, output, differ_only)
        if output not in (None, "-"):
            stderr.print(f"wrote {count} claim rows to {escape(str(output))}")

    _run(action)


def network(
    what: Annotated[NetworkWhat, typer.Argument(help="Nodes: outlets or authors (bylines).")] = NetworkWhat.outlets,
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[NetworkFormat, typer.Option("--format", "-f", help="gexf (Gephi, dynamic), graphml, or csv (two files).")] = NetworkFormat.gexf,
    output: Annotated[Path, typer.Option("--output", "-o", help="Output file (csv: prefix of .nodes.csv / .edges.csv).")] = Path("network.gexf"),
    window: Annotated[str, typer.Option("--window", "-w", help="Only pairs published within this time (24h, 3d, 90m); 'none' for all.")] = "24h",
    exclude_syndicated: Annotated[bool, typer.Option("--exclude-syndicated", help="Leave out pairs of credited wire copy.")] = False,
    timeformat: Annotated[str, typer.Option("--timeformat", help="GEXF time format: dateTime or date.")] = "dateTime",
) -> None:
    """Outlets or bylines that publish the same narratives, with the evidence for each link."""
    from copytrail.stages.network import export_network, summary
    from copytrail.store import open_store

    def action() -> None:
        with open_store(db, read_only=True) as store:
            net = export_network(store, what.value, fmt.value, output, window, exclude_syndicated, timeformat)
        info = summary(net)
        stderr.print(f"wrote {info['nodes']} {what.value} and {info['edges']} links to {escape(str(output))}")
        if info["left_out_pairs"] or info["left_out_documents"]:
            stderr.print("left out: " + escape(json.dumps({"pairs": info["left_out_pairs"], "documents": info["left_out_documents"]}, ensure_ascii=False)))

    _run(action)
