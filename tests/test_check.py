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


def test_key_index_gives_the_same_hits_as_the_table_and_goes_stale_with_it(tmp_path: Path) -> None:
    """The sorted key index beside the database answers ``check`` exactly as the SQL scan of
    ``band_keys`` does, and is ignored as soon as the keys change."""
    import shutil

    from copytrail.engines.local import scan
    from copytrail.segment import words
    from copytrail.sketch import WordHasher, document_keys
    from sample_truth import SAMPLE

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    extra = corpus / "late-arrival.txt"
    db = tmp_path / "store.duckdb"
    settings = ScanSettings(workers=1, claims=False)
    texts = [planted_passage.source_text + " Written again for a check." for planted_passage in planted(("verbatim",))[:4]]
    with open_store(db) as store:
        scan([corpus], store, settings)
        assert store.key_index_path() is not None and not store.key_index_path().exists()  # small: no index
        keys = [document_keys(words(t), WordHasher(), settings.sketch) for t in texts]
        by_table = [store.key_hits(k, settings.candidates.max_bucket) for k in keys]
        assert all(by_table)
        assert store.build_key_index(min_rows=0)
        assert [store.key_hits(k, settings.candidates.max_bucket) for k in keys] == by_table
        assert [store.key_hits(k, 1) for k in keys] == [store.key_hits(k, 1) for k in keys]
        checked = [check_text(store, t, settings) for t in texts]
    with open_store(db, read_only=True) as store:  # a later process reads the index too
        assert store._fresh_key_index() is not None
        again = [check_text(store, t, settings) for t in texts]
        assert [[(m.doc, m.passages) for m in r.matches] for r in again] == [
            [(m.doc, m.passages) for m in r.matches] for r in checked
        ]
    extra.write_text(texts[0], encoding="utf-8")  # a new document holding the same keys
    with open_store(db) as store:
        scan([corpus], store, settings)  # small store: the old index is removed, not left stale
        assert not store.key_index_path().exists()
        assert store.build_key_index(min_rows=0)
        fresh = store.key_hits(keys[0], settings.candidates.max_bucket)
        store.add_band_keys(["nobody"], [keys[0][:3]])  # any change to the keys voids the index
        assert store._fresh_key_index() is None
        assert store.key_hits(keys[0], settings.candidates.max_bucket) != fresh
    assert len(fresh) > len(by_table[0])
