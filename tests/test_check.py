"""``check_text`` against a stored corpus: each call judges its own text, never a previous one."""

from __future__ import annotations

from pathlib import Path

from copytrail.api import check_text
from copytrail.settings import ScanSettings
from copytrail.store import open_store
from sample_truth import planted


def test_consecutive_checks_each_find_their_own_source(sample_db: Path) -> None:
    verbatim = planted(("verbatim",))
    first, second = verbatim[0], next(p for p in verbatim if p.source != verbatim[0].source)
    unrelated = "A quiet afternoon at the allotments. " * 20
    with open_store(sample_db, read_only=True) as store:
        settings = ScanSettings(workers=1)
        for planted_passage in (first, second):
            text = "Fresh introduction written today. " + planted_passage.source_text + " A closing line."
            result = check_text(store, text, settings)
            offsets = [(p.b_start, p.b_end) for m in result.matches for p in m.passages]
            assert offsets, planted_passage.source
            start = text.index(planted_passage.source_text)
            assert any(s <= start + 5 and e >= start + len(planted_passage.source_text) - 5 for s, e in offsets)
            for match in result.matches:
                for p in match.passages:
                    assert 0 <= p.b_start < p.b_end <= len(text)
        assert check_text(store, unrelated, settings).matches == []
