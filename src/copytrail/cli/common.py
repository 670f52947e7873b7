"""The edge every command shares: consoles, option declarations, errors, progress, settings.

Each command module imports what it needs from here and nothing from its siblings, so the
command line has one way to print, one way to fail, one ``--db`` and one mapping from flags
to ``ScanSettings``.  Light on purpose: ``copytrail --help`` imports this module.
"""

from __future__ import annotations

import inspect
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup, TyperOption

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

    from copytrail.settings import ScanSettings
    from copytrail.store import Store


class SafeConsole(Console):
    """A console that never sends a control character it is given in text to the terminal:
    escape sequences, bells and bidi overrides from a file name or an article are written out
    (``\\x1b``), whichever command prints them; the program's own newlines stay."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        from copytrail.stages.ingest.guard import escape_controls

        super().print(*(escape_controls(o, keep_newlines=True) if isinstance(o, str) else o for o in objects), **kwargs)


stdout = SafeConsole(highlight=False, soft_wrap=False)
stderr = SafeConsole(stderr=True, highlight=False, soft_wrap=True)  # one message, one line

DEFAULT_DB = Path("copytrail.duckdb")
DbOption = Annotated[Path, typer.Option("--db", help="The copytrail store (a DuckDB file).")]
DeviceOption = Annotated[str, typer.Option(help="Where the embedding model runs: cpu or cuda.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summary.")]
FollowLinksOption = Annotated[
    bool,
    typer.Option(
        "--follow-links",
        help="Follow symbolic links inside a scanned folder that lead outside it (off: reported, not read).",
    ),
]
class DateOrder(StrEnum):
    """How an input writes a day in numbers when day and month could each be the other."""

    dmy = "dmy"
    mdy = "mdy"


DateOrderOption = Annotated[
    DateOrder | None,
    typer.Option(
        "--date-order",
        help="How the inputs write a day like 03/04/2025: dmy (3 April) or mdy (4 March). "
        "Default: none, such a date is not guessed (undated, with a note).",
    ),
]
OutletBoilerplateOption = Annotated[
    int,
    typer.Option(
        min=0,
        help="A passage one outlet prints in this many of its own documents (a footer, a disclaimer) "
        "is its boilerplate, left out (below 3: keep every passage).",
    ),
]
FileDatesOption = Annotated[
    bool,
    typer.Option(
        "--file-dates",
        help="Date a file that states no date by its modification time (off: such documents are undated).",
    ),
]


def _without_flag_types(params: list[Any]) -> list[Any]:
    """Flags take no value: their help shows none (no ``<bool>`` beside ``--quiet``)."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
    return params


def reflow(text: str | None) -> str | None:
    """A docstring as help: paragraphs kept, the line breaks inside each joined (the terminal
    wraps them to its width)."""
    if not text:
        return text
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


class Command(TyperCommand):
    """Every command of the app: help reflowed, without a value type beside flags."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = reflow(self.help)

    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_types(super().get_params(ctx))


class Group(TyperGroup):
    """The app itself: help without a value type beside flags."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_types(super().get_params(ctx))


def crosslingual_option(help: str = "Also find passages that translate a passage of another language (multilingual sentence vectors; --device cuda runs them on a GPU).") -> Any:
    """``--cross-lingual``: every command that can look for translated passages declares it so."""
    return typer.Option("--cross-lingual", help=help)


def semantic_option(help: str) -> Any:
    """``--semantic``: every command that can add the sentence-embedding pass declares it so."""
    return typer.Option("--semantic", help=help)


def output_option(help: str = "Output file; - or none: standard output.", metavar: str = "FILE") -> Any:
    """``-o/--output``: where a command writes its file (``-`` is standard output everywhere)."""
    return typer.Option("--output", "-o", help=help, metavar=metavar)


def format_option(help: str | None = None) -> Any:
    """``-f/--format``: the choices come from the annotated enum of each command."""
    return typer.Option("--format", "-f", help=help)


def safe(text: object) -> str:
    """Text that came from inputs (file names, record ids, reasons quoting them) made safe to
    print: control characters, escape sequences, newlines and bidi overrides written out
    (``\\x1b``, ``\\n``, ``\\u202e``) so a file name cannot retitle or clear the terminal or
    split a one-line message; rich markup escaped."""
    from copytrail.stages.ingest.guard import escape_controls

    return escape(escape_controls(str(text)))


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one error line on standard error; raise the returned exit to stop the command."""
    stderr.print(f"[bold red]error:[/] {safe(message)}")
    return typer.Exit(code)


@contextmanager
def errors_to_messages() -> Iterator[None]:
    """Library errors become one line and exit status 2, never a traceback."""
    from copytrail.errors import CopytrailError

    try:
        yield
    except CopytrailError as exc:
        raise fail(str(exc)) from exc


def open_store(db: Path, *, read_only: bool = False) -> Store:
    """The store behind ``--db`` (a missing file is a clean error when reading)."""
    from copytrail.store import open_store as open_

    return open_(db, read_only=read_only)


@contextmanager
def progress_bars(quiet: bool) -> Iterator[Any]:
    """A progress callback drawing rich bars on standard error (silent when quiet)."""
    if quiet:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from copytrail.cli.progress import UNITS, RateColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<14}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),  # -:--:-- while the amount of work is unknown
        console=stderr,
        transient=True,
    ) as bars:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total, unit=UNITS.get(stage))
            bars.update(tasks[stage], completed=done, total=total)

        yield update


def scan_settings(
    *,
    workers: int = 0,
    strict: bool = False,
    min_words: int | None = None,
    max_bucket: int | None = None,
    batch_size: int | None = None,
    claims: bool = True,
    semantic: bool = False,
    device: str = "cpu",
    file_dates: bool = False,
    follow_links: bool = False,
    crosslingual: bool = False,
    date_order: str | None = None,
    outlet_boilerplate: int | None = None,
) -> ScanSettings:
    """The settings every scanning or aligning command builds from its flags.

    A flag left out (``None``) keeps the library's default, so the command line and the
    Python API give the same results for the same request.
    """
    from dataclasses import replace

    from copytrail.settings import (
        ClaimsSettings,
        CrossLingualSettings,
        IngestSettings,
        ScanSettings,
        SemanticSettings,
    )

    settings = ScanSettings(
        ingest=IngestSettings(
            file_dates=file_dates, follow_links=follow_links, date_order=str(date_order) if date_order else None
        ),
        workers=workers,
        strict=strict,
        claims=ClaimsSettings(enabled=claims),
        semantic=SemanticSettings(enabled=semantic, device=device),
        crosslingual=CrossLingualSettings(enabled=crosslingual, device=device),
    )
    if batch_size is not None:
        settings = replace(settings, batch_size=batch_size)
    if outlet_boilerplate is not None:
        settings = replace(settings, outlet_boilerplate=outlet_boilerplate)
    if min_words is not None:
        # the shortest passage the user asks for, whatever its kind: no close copies below it
        settings = replace(settings, align=replace(settings.align, min_words=min_words, close_words=0))
    if max_bucket is not None:
        settings = replace(settings, candidates=replace(settings.candidates, max_bucket=max_bucket))
    return settings
