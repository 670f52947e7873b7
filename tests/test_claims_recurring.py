"""Two issues of a recurring report are no copy that changed a figure: their aligned passages,
counted as a whole, replace more figures than a copy edits (a copy keeps all but one or two).
And one figure rounded half up ("2.145 billion" as "2.15 billion") is the same figure. The
scans are of small texts into a real store; ``check`` is asked through its pure function."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FAST, figure_changes, scanned_feed, write_jsonl
from copytrail.engines.local import scan
from copytrail.stages.claims import same_value
from copytrail.stages.claims.changes import changes_against_sources
from copytrail.stages.claims.extraction import extract_claims
from copytrail.store import open_store
from copytrail.store.claims import claim_rows

# A weekly notice in one fixed wording: each week fills it with new amounts and dates, and
# keeps its constant figures (three-month and six-month bills).
AUCTION = (
    "The Treasury said it would offer {a} billion dlrs of three-month and six-month bills at its "
    "regular weekly auction next Monday. The {d1} sale, split evenly between the three-month and "
    "six-month issues, will raise {b} billion dlrs of new cash as maturing bills total {c} billion "
    "dlrs. The bills will be issued on {d2} and will mature in three and six months."
)
ISSUES = [
    {"a": "12.8", "d1": "March 23", "b": "2.875", "c": "15.68", "d2": "March 26"},
    {"a": "13.2", "d1": "June 8", "b": "1.3", "c": "14.512", "d2": "June 11"},
]


def _scan(tmp_path: Path, texts: list[str]) -> list[tuple[str, str]]:
    """The (from, to) figures of every change a scan of ``texts`` (one a day) reports."""
    records = [
        {"id": f"doc{k}", "outlet": f"Outlet {k}", "published": f"2025-03-{7 * k + 1:02d}T09:00:00Z", "text": text}
        for k, text in enumerate(texts)
    ]
    db = scanned_feed(tmp_path, records)
    with open_store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM alignments").fetchone()[0] >= 1
    return [(old, new) for old, new, _a, _b in figure_changes(db)]


def test_two_issues_of_a_weekly_notice_change_no_figure(tmp_path: Path) -> None:
    # Five figures replaced, six constant ones kept: more agree than differ, so the majority
    # rule alone called these five changed figures; no copy edits five.
    first, second = (AUCTION.format(**issue) for issue in ISSUES)
    assert _scan(tmp_path, [first, second]) == []


def test_a_copy_that_changes_one_or_two_figures_of_the_notice_still_changes_them(tmp_path: Path) -> None:
    first = AUCTION.format(**ISSUES[0])
    one = AUCTION.format(**{**ISSUES[0], "c": "16.68"})
    two = AUCTION.format(**{**ISSUES[0], "b": "2.785", "d2": "March 27"})
    assert sorted(_scan(tmp_path, [first, one, two])) == [
        ("15.68 billion dlrs", "16.68 billion dlrs"), ("2.875 billion dlrs", "2.785 billion dlrs"), ("March 26", "March 27"),
    ]


def test_check_lists_no_change_against_another_issue_of_a_report() -> None:
    first, second = (AUCTION.format(**issue) for issue in ISSUES)
    passage = (0, len(first), 0, len(second), "edited", 0.86, 60)
    assert changes_against_sources(second, {"issue1": first}, {"issue1": [passage]}) == []
    edited = AUCTION.format(**{**ISSUES[0], "c": "16.68"})
    found = changes_against_sources(edited, {"issue1": first}, {"issue1": [(0, len(first), 0, len(edited), "edited", 0.98, 60)]})
    assert [(f["before"], f["after"]) for f in found] == [("15.68 billion dlrs", "16.68 billion dlrs")]


def test_a_figure_rounded_half_up_is_the_same_figure() -> None:
    said = "Borrowing last year came to {} billion dollars, or 13.5 percent of output."
    precise, rounded, other = (extract_claims(said.format(figure), doc)[0] for figure, doc in (("2.145", "a"), ("2.15", "b"), ("2.16", "c")))
    assert (precise.value, rounded.value) == (2.145e9, 2.15e9)
    assert same_value(precise, rounded)
    assert not same_value(precise, other)


# One sentence of a notice that each sale fills with its own figure, inside otherwise different
# stories: the copied passage is that sentence alone, with nothing else kept.
NOTICE = "The Northfield grain cooperative said it had sold {figure} tonnes of feed barley to buyers in the coastal provinces for shipment next month."
TAILS = [
    "Dealers said the sale had been expected since the autumn, when the cooperative's storage sheds filled early "
    "after a dry harvest, and that buyers along the coast had asked for earlier shipment.",
    "The chairman told members at the spring meeting that the cooperative would build a new drying plant beside "
    "the railway siding, paid for out of reserves rather than by a loan from the regional bank.",
]
# One paragraph that states one figure, copied whole with that figure changed.
PARAGRAPH = (
    "Engineers inspecting the old stone bridge over the river found that {figure} of its arches had cracked "
    "during the winter floods, and the county council closed it to lorries while it decides whether the "
    "repairs should wait for the summer, when the water runs low enough for scaffolding to stand on the "
    "river bed, or begin at once with a temporary crossing for farm traffic beside it."
)


def test_a_lone_figure_changed_in_one_sentence_of_a_notice_is_no_change(tmp_path: Path) -> None:
    texts = [NOTICE.format(figure=figure) + " " + tail for figure, tail in zip(["5,000", "4,000"], TAILS, strict=True)]
    assert _scan(tmp_path, texts) == []


def test_a_lone_figure_changed_in_a_long_copied_paragraph_is_a_change(tmp_path: Path) -> None:
    texts = [PARAGRAPH.format(figure=figure) for figure in ("three", "five")]
    assert _scan(tmp_path, texts) == [("three", "five")]


def test_a_notice_sentence_filled_with_three_figures_is_no_campaign(tmp_path: Path) -> None:
    # Two issues happen to state the same tonnage, so each has a copy that repeats its figure;
    # but the sentence holds three figures among the four, a frame that issues fill, not a
    # campaign's copies and the one that changed them.  (Each ends its sentence its own way,
    # so the frames' words differ and the formula rule does not see one frame.)
    endings = [
        "for shipment next month", "under its spring contract", "at a price it did not disclose",
        "for delivery before the harvest",
    ]
    lead = (
        "The Northfield grain cooperative said on Tuesday that it had sold {figure} tonnes of feed barley from its "
        "river warehouses to buyers in the coastal provinces, its third such sale since the harvest ended, "
    )
    tails = [
        *TAILS,
        "Rain along the coast delayed the loading of two ships last week, and the port authority said "
        "the new grain terminal would not open before the end of the year.",
        "Farmers in the valley planted less barley this spring than last, the ministry's survey showed, "
        "because wheat fetched a better price at the autumn markets.",
    ]
    texts = [
        lead.format(figure=figure) + ending + ". " + tail
        for figure, ending, tail in zip(["5,000", "5,000", "4,000", "6,000"], endings, tails, strict=True)
    ]
    assert _scan(tmp_path, texts) == []


def test_a_hedge_broken_across_a_line_is_read_whole(tmp_path: Path) -> None:
    # Wire copy wrapped at a fixed width breaks "at least" as it breaks any words; the copy
    # that keeps it on one line states the same hedge, not a new one.
    story = (
        "The assembly passed a bill that lets growers whose fields flooded last autumn receive at least 92 pct of "
        "their support payments even if they could not sow, and sent it to the upper house, where the farm lobby "
        "expects it to pass before the spring planting begins in the river valleys of the north."
    )
    wrapped = story.replace("receive at least", "receive at\nleast").replace(" their support", "\ntheir support")
    (claim,) = (c for c in extract_claims(wrapped, "w") if c.surface == "92 pct")
    assert claim.qualifier == "at least"
    assert [(c.qualifier, c.surface) for c in extract_claims("Dealers expect as\nmany as 40 ships to call.", "d")] == [
        ("as many as", "40"),
    ]
    assert _scan(tmp_path, [wrapped, story]) == []


def test_check_against_a_stored_issue_names_no_changed_figure_but_a_copys(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from copytrail.cli.main import app

    folder = tmp_path / "in"
    folder.mkdir()
    record = {"id": "issue1", "outlet": "Wire", "published": "2025-03-01T09:00:00Z", "text": AUCTION.format(**ISSUES[0])}
    (folder / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        scan([folder], store, FAST)

    def changed(text: str) -> list[tuple[str, str]]:
        checked = tmp_path / "new.txt"
        checked.write_text(text, encoding="utf-8")
        out = CliRunner().invoke(app, ["check", str(checked), "--db", str(db), "--format", "json"])
        assert out.exit_code == 0, out.output  # reuse found either way
        return [(c["before"], c["after"]) for c in json.loads(out.output)["changed_figures"]]

    assert changed(AUCTION.format(**ISSUES[1])) == []
    assert changed(AUCTION.format(**{**ISSUES[0], "c": "16.68"})) == [("15.68 billion dlrs", "16.68 billion dlrs")]


# Quarterly earnings lines: every company fills the same frames with its own figures, so each
# frame is a formula; a corrected version of one company's report changes one figure of ten.
EARNINGS = (
    "{co} said its first quarter net profit was {net} mln dlrs, against {pnet} mln dlrs a year "
    "earlier. Revenue rose to {rev} mln dlrs from {prev} mln dlrs. Earnings per share were {eps} "
    "dlrs against {peps} dlrs, on {shr} mln shares against {pshr} mln shares, and the quarterly "
    "dividend was {div} cts a share against {pdiv} cts."
)
COMPANIES = [
    {"co": "Harbour Foods", "net": "12.4", "pnet": "10.1", "rev": "310.5", "prev": "288.2", "eps": "0.42", "peps": "0.35",
     "shr": "29.5", "pshr": "28.9", "div": "11", "pdiv": "10"},
    {"co": "Kestrel Mills", "net": "8.7", "pnet": "9.9", "rev": "120.3", "prev": "131.0", "eps": "0.61", "peps": "0.70",
     "shr": "14.2", "pshr": "14.1", "div": "6", "pdiv": "6"},
    {"co": "Dunmore Yard", "net": "33.0", "pnet": "27.6", "rev": "902.8", "prev": "850.4", "eps": "1.12", "peps": "0.94",
     "shr": "29.4", "pshr": "29.3", "div": "25", "pdiv": "22"},
    {"co": "Saltmarsh Power", "net": "4.1", "pnet": "3.2", "rev": "75.9", "prev": "70.2", "eps": "0.19", "peps": "0.15",
     "shr": "21.6", "pshr": "21.0", "div": "3", "pdiv": "2"},
]  # fmt: skip


def test_a_corrected_report_keeps_its_changed_figure_inside_a_formula(tmp_path: Path) -> None:
    """Four companies fill the same earnings frames (formulas: no figure of theirs is called
    changed), and a corrected version of the first report changes one figure and keeps the
    other nine: a clear copy, whose change is reported; with the rule off it is not."""
    from dataclasses import replace

    from copytrail.settings import ClaimsSettings
    from copytrail.stages.claims import MatchSettings

    reports = [EARNINGS.format(**company) for company in COMPANIES]
    corrected = EARNINGS.format(**{**COMPANIES[0], "rev": "315.0"})  # the revenue line: the same words in every report
    (tmp_path / "on").mkdir()
    assert ("310.5 mln dlrs", "315.0 mln dlrs") in _scan(tmp_path / "on", [*reports, corrected])
    off = replace(FAST, claims=ClaimsSettings(match=MatchSettings(formula_clear_copy=0)))
    folder = tmp_path / "off" / "in"
    folder.mkdir(parents=True)
    records = [{"id": f"doc{k}", "text": text} for k, text in enumerate([*reports, corrected])]
    write_jsonl(folder / "feed.jsonl", records)
    with open_store(tmp_path / "off" / "s.duckdb") as store:
        scan([folder], store, off)
        assert list(claim_rows(store, differ_only=True)) == []
