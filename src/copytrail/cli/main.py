"""The ``copytrail`` command: the app and its commands, one module per command group.

Each command opens the store, calls one library function with the same parameter names, and
turns library errors into one clear line (``cli.common``).  Heavy modules are imported inside
the commands so that ``copytrail --help`` is instant.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from copytrail.cli.common import Command, Group, stderr
from copytrail.cli.compare import check, compare
from copytrail.cli.evidence import evidence_command
from copytrail.cli.export import export
from copytrail.cli.fetch import fetch_command
from copytrail.cli.forget import forget
from copytrail.cli.pan import pan, pan_eval
from copytrail.cli.report import report_command
from copytrail.cli.scan import scan
from copytrail.cli.serve import serve_command
from copytrail.cli.spark import import_spark, spark_scan

app = typer.Typer(
    name="copytrail",
    help="Follow the trail of copied and paraphrased text across a corpus of articles.",
    epilog=(
        "Exit status: 0 done (check: reuse found); 1 check found no reuse, or scan could not "
        "read some inputs; 2 an error (a bad option, a missing or unreadable store or file)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    cls=Group,
)

for name, command in (
    ("scan", scan),
    ("fetch", fetch_command),
    ("export", export),
    ("forget", forget),
    ("check", check),
    ("compare", compare),
    ("pan", pan),
    ("pan-eval", pan_eval),
    ("report", report_command),
    ("evidence", evidence_command),
    ("serve", serve_command),
    ("spark-scan", spark_scan),
    ("import-spark", import_spark),
):
    app.command(name, cls=Command)(command)


def _print_version(value: bool) -> None:
    """``--version``: the installed copytrail's version, then stop."""
    if value:
        from copytrail import __version__

        typer.echo(f"copytrail {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Options of the app itself (``--version``)."""


def main() -> None:
    """Entry point of the ``copytrail`` command."""
    try:
        app()
    except KeyboardInterrupt:  # a second Ctrl-C while closing: still no traceback
        stderr.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
