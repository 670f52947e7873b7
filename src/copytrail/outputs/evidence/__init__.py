"""Evidence packs: what an editor or a trust-and-safety desk needs about one narrative or one
document, as a printable HTML page, JSON and CSV (``copytrail evidence ID -o DIR``).

Import is light; Jinja2 and the store's readers load when a pack is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.outputs.evidence.build import EvidencePack
    from copytrail.store import Store

__all__ = ["build_evidence", "evidence_data", "evidence_html"]


def build_evidence(store: Store, target: str, out_dir: str | Path) -> EvidencePack:
    """Write the evidence pack of the narrative or document ``target`` into ``out_dir``."""
    from copytrail.outputs.evidence.build import build_evidence as _build

    return _build(store, target, out_dir)


def evidence_data(store: Store, target: str) -> dict[str, Any]:
    """The pack's facts as one JSON-ready object (what ``evidence.json`` holds)."""
    from copytrail.outputs.evidence.data import evidence_data as _data

    return _data(store, target)


def evidence_html(store: Store, target: str) -> str:
    """The pack's printable page as text (what ``evidence.html`` holds)."""
    from copytrail.outputs.evidence.build import render_html

    return render_html(evidence_data(store, target))
