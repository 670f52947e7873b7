"""The offline HTML report: one self-contained file showing what copytrail found.

Import is light; the builder loads Jinja2 and plotly's bundled JavaScript only when called.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.store import Store

__all__ = ["build_report"]


def build_report(store: Store, out_path: str | Path) -> Path:
    """Write the HTML report of ``store`` to ``out_path``; returns the path written."""
    from copytrail.outputs.report.build import build_report as _build

    return _build(store, out_path)
