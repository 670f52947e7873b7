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


def _notices(tmp_path: Path, count: int, days: int) -> list[tuple[str, str]]:
    """The changes a scan reports among ``count`` one-line dividend notices of as many companies
    (named in the title alone, as wire notices are), each with its dividend, record day and one
    of ``days`` pay days: two of them may differ in their pay day alone."""
    cents, records = ["five", "six", "seven", "eight", "ten"], ["March 20", "March 31", "April 2"]
    notices = [
        {"id": f"notice{k}", "title": f"Company {k} sets quarterly dividend", "published": f"1987-03-{k % 28 + 1:02d}T09:00:00Z",
         "text": f"Qtly div {cents[k % 5]} cts vs {cents[k % 5]} cts prior\nPay April {1 + k % days}\nRecord {records[k % 3]}\nReuter"}
        for k in range(count)
    ]
    return [(old, new) for old, new, _a, _b in figure_changes(scanned_feed(tmp_path, notices))]


def test_a_notice_that_many_fill_with_their_own_days_is_a_formula(tmp_path: Path) -> None:
    # 60 notices paid on 24 days: fewer days than half the notices, but more than any campaign's
    # copies change one figure to (``template_many_figures``)
    assert _notices(tmp_path, 60, 24) == []


def test_a_campaign_of_many_copies_keeps_its_one_changed_figure(tmp_path: Path) -> None:
    assert _changes(tmp_path, ["12"] * 30 + ["30"]) == [("12 plants", "30 plants")]
