"""``copytrail report``: one self-contained HTML file from the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from rich.markup import escape

from copytrail.cli.common import (
    DEFAULT_DB,
    DbOption,
    errors_to_messages,
    open_store,
    output_option,
    stderr,
)


def report_command(
    db: DbOption = DEFAULT_DB,
    output: Annotated[str, output_option("The HTML file to write; - for standard output.")] = "report.html",
) -> None:
    """Write a self-contained HTML report: corpus, narratives, timelines, outlet network.

    The file works offline (plotly is inlined) and can be shared as is.
    """
    from copytrail.outputs.report.build import build_report

    if output == "-":
        import sys
        import tempfile

        with tempfile.TemporaryDirectory(prefix="copytrail-report-") as folder:
            with errors_to_messages(), open_store(db, read_only=True) as store:
                path = build_report(store, Path(folder) / "report.html")
            sys.stdout.write(path.read_text(encoding="utf-8"))
            sys.stdout.flush()
        return
    with errors_to_messages(), open_store(db, read_only=True) as store:
        path = build_report(store, Path(output))
    size = path.stat().st_size / 1e6
    stderr.print(f"wrote {escape(str(path))} ({size:.1f} MB)")
