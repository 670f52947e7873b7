"""How ``check`` shows the figures a text changes relative to its sources (article text escaped)."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby
from typing import Any

from rich.console import Console
from rich.markup import escape


def print_changed_figures(
    console: Console, changes: list[dict[str, Any]], published: Mapping[str, str | None] | None = None
) -> None:
    """Each changed figure of the new text once, with its sentence: from what to what in each
    source that states it otherwise, the earliest published source first (undated last).

    ``published``: each source's publication date (its stored ``published``), when known."""
    if not changes:
        return
    dates = published or {}
    places = sorted(changes, key=lambda c: (c["start"], c["end"]))
    figures = [list(group) for _place, group in groupby(places, key=lambda c: (c["start"], c["end"]))]
    count = f"{len(changes)}" if len(figures) == len(changes) else (
        f"{len(figures)} figure{'s' if len(figures) > 1 else ''} against {len(changes)} sources"
    )
    console.print(f"\n[bold]figures changed[/] relative to the sources ({count}):")
    for group in figures:
        group.sort(key=lambda c: (dates.get(c["source"]) is None, dates.get(c["source"]) or "", c["cite"]))
        for c in group:
            when = (dates.get(c["source"]) or "")[:10] or "undated"
            console.print(
                f"  [red]{escape(c['before'])}[/] → [bold green]{escape(c['after'])}[/] "
                f"[dim]({escape(c['kind'])}; source {escape(c['cite'])}, {when})[/]"
            )
        console.print(quoted_figure(group[0]))


def quoted_figure(change: Mapping[str, Any]) -> str:
    """A changed figure's sentence, quoted and indented, the figure highlighted (markup, the
    text escaped)."""
    a, b = change["highlight"]
    sentence = change["sentence"]
    return f"    “{escape(sentence[:a])}[bold yellow]{escape(sentence[a:b])}[/]{escape(sentence[b:])}”"
