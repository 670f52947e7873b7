"""How ``check`` shows the figures a text changes relative to its sources (article text escaped)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape


def print_changed_figures(console: Console, changes: list[dict[str, Any]]) -> None:
    """One line per changed figure: from what to what, which source, and the new sentence."""
    if not changes:
        return
    console.print(f"\n[bold]figures changed[/] relative to the sources ({len(changes)}):")
    for c in changes:
        a, b = c["highlight"]
        sentence = c["sentence"]
        marked = f"{escape(sentence[:a])}[bold yellow]{escape(sentence[a:b])}[/]{escape(sentence[b:])}"
        console.print(
            f"  [red]{escape(c['before'])}[/] → [bold green]{escape(c['after'])}[/] "
            f"[dim]({escape(c['kind'])}; source {escape(c['cite'])})[/]\n    “{marked}”"
        )
