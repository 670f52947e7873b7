"""The command line: a thin layer over the library API, one module per command group."""

from __future__ import annotations


def main() -> None:
    """The ``copytrail`` console script (the commands load only when one runs)."""
    from copytrail.cli.main import main as run

    run()
