"""The copytrail web app (FastAPI): browse a store, check new text against it.

``create_app`` is imported lazily so that ``import copytrail.outputs.web`` does not need FastAPI.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(db_path: str | Path, allow_add: bool = False, allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The web app over the store at ``db_path``; read-only unless ``allow_add``; answering to
    loopback names and ``allowed_hosts``."""
    from copytrail.outputs.web.app import create_app as _create

    return _create(db_path, allow_add, allowed_hosts)
