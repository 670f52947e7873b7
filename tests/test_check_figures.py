"""``check`` on a text that changes a figure several stored copies state: the figure is shown
once, with each source's figure, the earliest published source first and undated ones last
(the undated copy is read first: the order is the dates', not the store's)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import scanned_feed
from copytrail.cli.main import app

STORY = (
    "The Harwick Milling Company said on Tuesday that it would close {figure} plants along the "
    "river valley after heavy rains flooded the mills for most of the autumn. The chairman told "
    "shareholders at the annual meeting in the town hall that orders from bakeries in the north were "
    "already back to where they stood before the floods, although the price of wheat remained higher "
    "than the board had expected when it drew up its budget for the coming year."
)


def test_a_changed_figure_is_shown_once_with_every_source_earliest_first(tmp_path: Path) -> None:
    records = [
        {"id": "undated-copy", "outlet": "Blog", "text": STORY.format(figure="14")},
        {"id": "original", "outlet": "Wire", "published": "2025-03-01T09:00:00Z", "text": STORY.format(figure="12")},
    ]
    db = scanned_feed(tmp_path, records)
    checked = tmp_path / "new.txt"
    checked.write_text(STORY.format(figure="30"), encoding="utf-8")
    out = CliRunner().invoke(app, ["check", str(checked), "--db", str(db)], env={"COLUMNS": "250"})
    assert out.exit_code == 0, out.output
    shown = out.output.split("figures changed", 1)[1]
    assert "(1 figure against 2 sources)" in shown
    lines = [line.strip() for line in shown.splitlines() if "→" in line]
    assert [line.split(" (")[0] for line in lines] == ["12 plants → 30 plants", "14 plants → 30 plants"]
    assert "#id=original, 2025-03-01)" in lines[0]
    assert "#id=undated-copy, undated)" in lines[1]
    assert shown.count("annual meeting") == 0 and shown.count("would close") == 1  # the sentence once


def test_a_new_texts_own_change_does_not_make_its_sentence_a_formula(tmp_path: Path) -> None:
    """Four stored stories state the sentence with two figures (a campaign and the copy that
    changed it); the checked text changes it a third way.  Its figure is not counted towards
    the "many figures in one frame" of recurring reports: both changes are listed."""
    figures = ["12", "14", "12", "12"]
    records = [
        {"id": f"r{k}", "outlet": f"Outlet {k}", "published": f"2025-03-0{k + 1}T09:00:00Z", "text": STORY.format(figure=f) + " Reprinted." * k}
        for k, f in enumerate(figures)
    ]
    db = scanned_feed(tmp_path, records)
    checked = tmp_path / "new.txt"
    checked.write_text(STORY.format(figure="30"), encoding="utf-8")
    out = CliRunner().invoke(app, ["check", str(checked), "--db", str(db), "-f", "json"])
    assert out.exit_code == 0, out.output
    changes = {(c["before"], c["after"]) for c in json.loads(out.output)["changed_figures"]}
    assert changes == {("12 plants", "30 plants"), ("14 plants", "30 plants")}
