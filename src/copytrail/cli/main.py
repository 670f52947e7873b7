"""The ``copytrail`` command: the app and its commands, one module per command group.

Each command opens the store, calls one library function with the same parameter names, and
turns library errors into one clear line (``cli.common``).  Heavy modules are imported inside
the commands so that ``copytrail --help`` is instant.
"""

from __future__ import annotations

import sys

import typer

from copytrail.cli.common import stderr
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
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

app.command("scan")(scan)
app.command("fetch")(fetch_command)
app.command("export")(export)
app.command("forget")(forget)
app.command("check")(check)
app.command("compare")(compare)
app.command("pan")(pan)
app.command("pan-eval")(pan_eval)
app.command("report")(report_command)
app.command("evidence")(evidence_command)
app.command("serve")(serve_command)
app.command("spark-scan")(spark_scan)
app.command("import-spark")(import_spark)


def main() -> None:
    """Entry point of the ``copytrail`` command."""
    try:
        app()
    except KeyboardInterrupt:  # a second Ctrl-C while closing: still no traceback
        stderr.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
