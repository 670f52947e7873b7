"""``copytrail serve``: the web app over a store.

Binds to 127.0.0.1 unless told otherwise: the app shows whole articles and, with
``--allow-add``, writes to the store, so exposing it is a deliberate choice.  It answers only
to loopback names and the address it is bound to (a page on another site cannot reach it
through a name of its own that resolves to 127.0.0.1); ``--allow-host`` adds names.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from copytrail.cli.common import DEFAULT_DB, DbOption, errors_to_messages, fail, open_store, stderr


def serve_command(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1 keeps it on this machine).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    allow_add: Annotated[bool, typer.Option("--allow-add", help="Let the check page add articles to the store.")] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Another host name the app answers to (repeatable; loopback names and --host always).",
        ),
    ] = None,
) -> None:
    """Browse the store in a web browser and check new articles against it (read-only by default)."""
    try:
        import uvicorn

        from copytrail.outputs.web.app import create_app
    except ImportError as exc:
        raise fail("the web app needs extra packages: pip install 'copytrail[web]'") from exc
    with errors_to_messages():  # fail now, with one clear line, rather than on the first request
        open_store(db, read_only=True).close()
    mode = "read-write (--allow-add)" if allow_add else "read-only"
    stderr.print(f"serving {escape(str(db))} ({mode}) on http://{escape(host)}:{port}/  — Ctrl-C to stop")
    hosts = [host, *(allow_host or [])]
    # idle connections kept 30 s (uvicorn's default is 5): a busy client that reuses one just
    # as the server closes it gets a reset instead of an answer
    uvicorn.run(create_app(db, allow_add=allow_add, allowed_hosts=hosts), host=host, port=port, log_level="warning",
                server_header=False, proxy_headers=False, timeout_keep_alive=30)
