"""The report and the web app's claims page list changed figures with the best evidence first:
the change between two documents that share the most copied words (a story republished whole
with one figure changed) before one inside a short passage that more documents share; the
scan's summary lists the groups whose figures differ in the same order."""

from __future__ import annotations

from pathlib import Path

from conftest import scanned_feed
from copytrail.outputs.report.claims import changed_figures
from copytrail.store import open_store
from copytrail.store.claim_views import claims_summary
from test_check_figures import STORY

LINE = (
    "Officials said {figure} families were moved to the school hall overnight as the river rose. "
    "Volunteers brought blankets and hot food, and the council promised an inquiry into the warning system."
)


def test_the_change_between_the_closest_copies_comes_first(tmp_path: Path) -> None:
    long_copy = [STORY.format(figure="12"), STORY.format(figure="30")]  # one figure changed in a whole story
    # one short line stated by five documents (each with its own other news), one of them changing it
    tails = ["Markets were calm.", "The weather will improve.", "Schools reopen on Monday.", "Trains run as usual.", "Roads stay closed."]
    short_copies = [f"{LINE.format(figure=n)} {tail}" for n, tail in zip(["40"] * 4 + ["60"], tails, strict=True)]
    records = [
        {"id": f"r{k}", "outlet": f"Outlet {k}", "published": f"2025-03-{k + 1:02d}T09:00:00Z", "text": text}
        for k, text in enumerate(long_copy + short_copies)
    ]
    with open_store(scanned_feed(tmp_path, records), read_only=True) as store:
        changes = changed_figures(store)["changes"]
        summary = claims_summary(store, differ=10)["differ"]  # the scan's summary, the same order
    assert [(c["before"]["figure"], c["after"]["figure"]) for c in changes] == [("12 plants", "30 plants"), ("40 families", "60 families")]
    assert changes[0]["statements"] < changes[1]["statements"]  # fewer documents, the longer copy
    assert changes[0]["copied_words"] > changes[1]["copied_words"] > 0
    assert [[s["figure"] for s in g["statements"]][:2] for g in summary] == [["12 plants", "30 plants"], ["40 families", "60 families"]]
