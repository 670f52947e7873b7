"""``copytrail report``: the typer-ready command, registered by the main CLI.

Kept here so the report's options live next to the report; ``copytrail.cli.main`` registers it
with ``app.command("report")(report_command)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

_stderr = Console(stderr=True, highlight=False)


def report_command(
    db: Annotated[Path, typer.Option("--db", help="The copytrail store (a DuckDB file).")] = Path("copytrail.duckdb"),
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("report.html"),
) -> None:
    """Write a self-contained HTML report: corpus, narratives, timelines, outlet network.

    The file works offline (plotly is inlined) and can be shared as is.
    """
    from copytrail.errors import CopytrailError
    from copytrail.outputs.report.build import build_report
    from copytrail.store import open_store

    try:
        with open_store(db, read_only=True) as store:
            path = build_report(store, output)
    except CopytrailError as exc:
        _stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    size = path.stat().st_size / 1e6
    _stderr.print(f"wrote {escape(str(path))} ({size:.1f} MB)")
