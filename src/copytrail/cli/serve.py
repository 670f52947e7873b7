"""``copytrail serve``: the typer-ready command, registered by the main CLI.

Binds to 127.0.0.1 unless told otherwise: the app shows whole articles and, with
``--allow-add``, writes to the store, so exposing it is a deliberate choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

_stderr = Console(stderr=True, highlight=False)


def serve_command(
    db: Annotated[Path, typer.Option("--db", help="The copytrail store (a DuckDB file).")] = Path("copytrail.duckdb"),
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1 keeps it on this machine).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    allow_add: Annotated[bool, typer.Option("--allow-add", help="Let the check page add articles to the store.")] = False,
) -> None:
    """Browse the store in a web browser and check new articles against it (read-only by default)."""
    try:
        import uvicorn

        from copytrail.outputs.web.app import create_app
    except ImportError as exc:
        _stderr.print("[bold red]error:[/] the web app needs extra packages: pip install 'copytrail[web]'")
        raise typer.Exit(2) from exc
    from copytrail.errors import CopytrailError
    from copytrail.store import open_store

    try:  # fail now, with one clear line, rather than on the first request
        open_store(db, read_only=True).close()
    except CopytrailError as exc:
        _stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    mode = "read-write (--allow-add)" if allow_add else "read-only"
    _stderr.print(f"serving {escape(str(db))} ({mode}) on http://{escape(host)}:{port}/  — Ctrl-C to stop")
    uvicorn.run(create_app(db, allow_add=allow_add), host=host, port=port, log_level="warning",
                server_header=False, proxy_headers=False)
