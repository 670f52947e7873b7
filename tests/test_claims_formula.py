"""A story republished verbatim twice and once with a figure changed is a campaign's copy, not
a recurring report: four documents that fill one sentence frame with only two figures. The
change is reported; a frame that many documents fill with many figures still is not."""

from __future__ import annotations

from pathlib import Path

from conftest import figure_changes, scanned_feed
from test_check_figures import STORY


def _changes(tmp_path: Path, figures: list[str]) -> list[tuple[str, str]]:
    """The (from, to) figures of every change a scan of one story per figure reports."""
    records = [
        {"id": f"copy{k}", "outlet": f"Outlet {k}", "published": f"2025-03-{k + 1:02d}T09:00:00Z",
         "text": STORY.format(figure=figure) + " Reprinted." * k}
        for k, figure in enumerate(figures)
    ]
    return [(old, new) for old, new, _a, _b in figure_changes(scanned_feed(tmp_path, records))]


def test_a_campaign_that_changes_one_figure_among_verbatim_copies_is_reported(tmp_path: Path) -> None:
    assert _changes(tmp_path, ["12", "12", "12", "30"]) == [("12 plants", "30 plants")]


def test_a_frame_filled_with_a_new_figure_by_every_document_is_a_formula(tmp_path: Path) -> None:
    assert _changes(tmp_path, ["12", "14", "30", "41"]) == []
