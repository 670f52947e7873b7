"""What every command module shares: the consoles and the ``--db`` option.

Kept in its own light module so that ``cli`` and the stage command modules it registers
(claims, Spark) use one definition without importing each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

stdout = Console(highlight=False, soft_wrap=False)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)  # one message, one line
DbOption = Annotated[Path, typer.Option("--db", help="The copytrail store (a DuckDB file).")]
DEFAULT_DB = Path("copytrail.duckdb")
