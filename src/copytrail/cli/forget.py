"""``copytrail forget``: remove documents from the store (``copytrail.api.forget``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from copytrail.cli.common import (
    DEFAULT_DB,
    DbOption,
    QuietOption,
    errors_to_messages,
    fail,
    open_store,
    safe,
    stdout,
)


def forget(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Input files or folders whose documents are removed (or their paths as shown under the corpus root).")
    ] = None,
    missing: Annotated[bool, typer.Option("--missing", help="Also remove every document whose file no longer exists.")] = False,
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
) -> None:
    """Remove documents with their passages, claims and narrative membership; narratives are
    rebuilt.  One transaction: an interrupted forget leaves the store as it was."""
    if not paths and not missing:
        raise fail("name files or folders to forget, or --missing")
    from copytrail.api import forget as run_forget

    with errors_to_messages():
        if not Path(db).exists():
            raise fail(f"{db}: no such database")
        with open_store(db) as store:
            result = run_forget(store, paths or [], missing=missing)
    if quiet:
        return
    for _, path in result.documents[:20]:
        stdout.print(f"[dim]forgot:[/] {safe(path)}")
    if len(result.documents) > 20:
        stdout.print(f"  … and {len(result.documents) - 20} more")
    stdout.print(
        f"{len(result.documents)} documents from {len(result.files)} files forgotten, "
        f"{result.alignments} reused passages removed, {result.promoted} exact duplicates took "
        f"their original's place; {result.narratives} narratives in store"
    )
