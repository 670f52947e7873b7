"""``copytrail check`` and ``copytrail compare``: one article against the store, or two files.

Both print the passages found, as text for a person or JSON for a program.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from copytrail.cli.common import (
    DEFAULT_DB,
    DbOption,
    DeviceOption,
    errors_to_messages,
    format_option,
    open_store,
    scan_settings,
    semantic_option,
    stderr,
    stdout,
)

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.api import CheckResult, Comparison


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


def check(
    file: Annotated[Path, typer.Argument(help="An article (.txt .md .html .jsonl .warc).")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[CheckFormat, format_option()] = CheckFormat.text,
    add: Annotated[bool, typer.Option("--add", help="Also store the article after checking it.")] = False,
) -> None:
    """Has this text appeared before, and where?  The store is unchanged unless --add."""
    from copytrail.api import check_file

    with errors_to_messages(), open_store(db, read_only=not add) as store:
        result = check_file(store, file, scan_settings(), add=add)
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


def compare(
    a: Annotated[Path, typer.Argument(help="First file.")],
    b: Annotated[Path, typer.Argument(help="Second file.")],
    fmt: Annotated[CheckFormat, format_option()] = CheckFormat.text,
    semantic: Annotated[bool, semantic_option("Also find reworded (paraphrased) passages with a sentence-embedding model.")] = False,
    device: DeviceOption = "cpu",
) -> None:
    """Two files side by side: every passage they share, no database needed."""
    from copytrail.api import compare_files

    with errors_to_messages():
        comparison = compare_files(a, b, scan_settings(semantic=semantic, device=device))
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
