"""``copytrail evidence``: the evidence pack of one narrative or one document."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from copytrail.cli.common import (
    DEFAULT_DB,
    DbOption,
    errors_to_messages,
    fail,
    open_store,
    output_option,
    stderr,
)


def evidence_command(
    target: Annotated[str, typer.Argument(metavar="NARRATIVE|DOC_ID", help="A narrative id (n…) or a document id.")],
    output: Annotated[Path, output_option("The folder to write the pack into.", metavar="FOLDER")] = Path("evidence"),
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write an evidence pack: a printable HTML page, JSON and CSV.

    Members: outlet, byline, URL, date and its source, file and record.
    Reused passages side by side with their differences; changed figures.
    The earliest member and why; SHA-256 of each stored text, input file or record.
    The copytrail version and the settings the store recorded.
    """
    from copytrail.outputs.evidence import build_evidence

    if str(output) == "-":
        raise fail("an evidence pack is a folder of files: -o needs a folder, not standard output")
    with errors_to_messages(), open_store(db, read_only=True) as store:
        pack = build_evidence(store, target, output)
    stderr.print(
        f"wrote the evidence pack of {pack.kind} {escape(pack.subject)}: {escape(str(pack.html))}, "
        f"{escape(pack.json.name)} and {len(pack.csv)} CSV files"
    )
