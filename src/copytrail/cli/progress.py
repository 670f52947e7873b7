"""Progress bar columns of the long commands: how fast a stage goes, in its own unit.

Imported only when bars are drawn, so that ``copytrail --help`` does not load rich's progress.
"""

from __future__ import annotations

from rich.progress import ProgressColumn, Task
from rich.text import Text

UNITS = {
    "reading": "files",
    "storing": "docs",
    "re-sketching": "docs",
    "languages": "docs",  # languages of documents stored before they were read
    "re-reading languages": "docs",  # languages of documents an older reading read
    "embedding": "docs",
    "aligning": "docs",
    "aligning pairs": "pairs",
    "claims": "docs",
    "fetching": "pages",
    "reading listings": "listings",
}
"""The unit each stage counts in (``progress(stage, done, total)``); a stage not named here
(building the key index, grouping narratives: one step each) shows no rate."""


class RateColumn(ProgressColumn):
    """Items a second over the last half minute (rich's own estimate), blank until measured
    and for a stage without a unit."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        unit = task.fields.get("unit")
        if not speed or not unit:
            return Text("", style="progress.data.speed")
        shown = f"{speed:,.0f}" if speed >= 10 else f"{speed:.1f}"
        return Text(f"{shown} {unit}/s", style="progress.data.speed")
