"""A corpus's common stems (``stages.align.common``): which stems they are, and that a scan
reads them on its store's sample, records them, and ``check`` aligns with the same ones."""

from __future__ import annotations

from pathlib import Path

from copytrail.settings import ClaimsSettings, ScanSettings
from copytrail.stages.align import AlignSettings
from copytrail.stages.align.common import SAMPLE, common_stems
from test_align import STRIKE_REWRITE, STRIKE_STORY

NOTICES = [  # wire notices of one formula, of our own writing: other companies, other figures
    f"{name} said its board declared a quarterly dividend of {cents} cts a share, payable {day} May to "
    f"shareholders of record on {day - 14} April. The company paid {cents - 2} cts a share in the same quarter "
    f"last year."
    for name, cents, day in [
        ("Arbel Industries", 14, 20), ("Borvik Holdings", 22, 21), ("Calder Mills", 9, 22), ("Dunmore Shipping", 31, 23),
        ("Elstow Foods", 12, 24), ("Farrant Steel", 40, 25), ("Glenholt Paper", 17, 26), ("Harwell Cable", 25, 27),
    ]
]  # fmt: skip


def _notices(tmp_path: Path) -> Path:
    """A folder of the notices, one file each."""
    folder = tmp_path / "news"
    folder.mkdir()
    for k, text in enumerate(NOTICES):
        (folder / f"notice-{k}.txt").write_text(text, encoding="utf-8")
    return folder


def test_common_stems_are_those_held_by_many_documents_and_by_three_at_least() -> None:
    from copytrail.stages.align.prepare import text_profile

    texts = [*NOTICES, STRIKE_STORY, STRIKE_REWRITE]
    held = {}
    for text in texts:
        for stem in text_profile(text).df:
            held[stem] = held.get(stem, 0) + 1
    common = common_stems(texts, AlignSettings(shared_once=True))
    assert common == {stem for stem, count in held.items() if count >= 3}  # 1% of ten texts: three at least
    assert {"divid", "quart", "share", "cts"} <= common and not common & {"valde", "estib", "arbel"}
    half = common_stems(texts, AlignSettings(shared_once=True, common_share=0.5))
    assert half == {stem for stem, count in held.items() if count > 5} and half < common
    assert common_stems([STRIKE_STORY, STRIKE_REWRITE], AlignSettings(shared_once=True)) == frozenset()  # no corpus


def test_a_scan_records_its_common_stems_and_check_aligns_with_them(tmp_path: Path) -> None:
    """The scan reads the stems on its store's sample and records them; ``check`` reads them
    back (not the sample again); the rewrite is linked whole among the notices."""
    from copytrail.api import check_text
    from copytrail.engines import vocabulary
    from copytrail.engines.local import scan
    from copytrail.store import open_store
    from copytrail.store.vocabulary import recorded_common_stems, sample_texts

    folder = _notices(tmp_path)
    (folder / "strike.txt").write_text(STRIKE_STORY, encoding="utf-8")
    settings = ScanSettings(align=AlignSettings(shared_once=True), claims=ClaimsSettings(enabled=False), workers=1)
    with open_store(tmp_path / "s.duckdb") as store:
        scan([folder], store, settings)
        recorded = recorded_common_stems(store)
        assert recorded and recorded == common_stems(sample_texts(store, SAMPLE), settings.align)
        assert {"divid", "quart"} <= recorded
        assert vocabulary.for_check(store, settings).align.common_stems == recorded
        store.set_meta("align.common_stems", '["valde"]')  # what check aligns with is what is recorded
        assert vocabulary.for_check(store, settings).align.common_stems == frozenset({"valde"})
        store.set_meta("align.common_stems", __import__("json").dumps(sorted(recorded)))
        found = check_text(store, STRIKE_REWRITE, settings)
    (match,) = [m for m in found.matches if Path(m.path).name == "strike.txt"]
    assert sum(p.b_end - p.b_start for p in match.passages) >= len(STRIKE_REWRITE) - 5


def test_a_scan_reuses_the_recorded_stems_while_its_sample_is_the_one_they_were_read_on(tmp_path: Path) -> None:
    """Reading the sample again is skipped only when it would give the same stems: the same
    documents in the sample and the same rules.  A document that sorts after the sample
    leaves the record alone; one that enters it, or other rules, read the sample again."""
    from copytrail.engines import vocabulary
    from copytrail.engines.local import scan
    from copytrail.records import content_hash
    from copytrail.store import open_store
    from copytrail.store.vocabulary import common_stems_read_on, record_common_stems, sample_texts

    folder = _notices(tmp_path)
    plain = ScanSettings(align=AlignSettings(shared_once=False), claims=ClaimsSettings(enabled=False), workers=1)
    settings = ScanSettings(align=AlignSettings(shared_once=True), claims=ClaimsSettings(enabled=False), workers=1)

    def added(name: str, last: bool) -> None:  # a notice whose text's SHA-1 sorts after (or before) every other
        with open_store(tmp_path / "s.duckdb") as store:
            hashes = [row["sha1"] for row in store.query("SELECT sha1 FROM documents")]
        for k in range(10_000):
            text = f"{NOTICES[0]} Note {k}."
            if (content_hash(text) > max(hashes)) if last else (content_hash(text) < min(hashes)):
                break
        (folder / name).write_text(text, encoding="utf-8")
        with open_store(tmp_path / "s.duckdb") as store:  # a scan that reads no common stems
            scan([folder], store, plain)

    with open_store(tmp_path / "s.duckdb") as store:
        scan([folder], store, plain)
        read = vocabulary.for_scan(store, settings, sample=4).align.common_stems
        assert read == common_stems(sample_texts(store, 4), settings.align) and {"divid", "quart"} <= read
        marked = frozenset({"marked"})  # what the record says is what a reuse returns
        record_common_stems(store, marked, common_stems_read_on(store))
        assert vocabulary.for_scan(store, settings, sample=4).align.common_stems == marked
    added("after.txt", last=True)
    with open_store(tmp_path / "s.duckdb") as store:
        assert vocabulary.for_scan(store, settings, sample=4).align.common_stems == marked
        other = ScanSettings(align=AlignSettings(shared_once=True, common_least=2), claims=ClaimsSettings(enabled=False))
        assert vocabulary.for_scan(store, other, sample=4).align.common_stems == common_stems(sample_texts(store, 4), other.align)
        assert vocabulary.for_scan(store, settings, sample=4).align.common_stems == read  # other rules: read again
        record_common_stems(store, marked, common_stems_read_on(store))
    added("before.txt", last=False)
    with open_store(tmp_path / "s.duckdb") as store:
        again = vocabulary.for_scan(store, settings, sample=4).align.common_stems
        assert again != marked and again == common_stems(sample_texts(store, 4), settings.align)
        assert f"{NOTICES[0]} Note" in sample_texts(store, 4)[0]  # the new notice entered the sample


def test_pan_reads_the_common_stems_of_its_files(tmp_path: Path) -> None:
    """``pan`` has no store: its documents' common stems are read on the files it is given,
    each file once however many pairs name it."""
    from copytrail.engines import vocabulary

    paths = []
    for k, text in enumerate([*NOTICES, STRIKE_STORY]):
        path = tmp_path / f"doc-{k}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    settings = ScanSettings(align=AlignSettings(shared_once=True))
    read = vocabulary.for_files([*paths, *paths[:3]], settings).align.common_stems
    assert read == common_stems([*NOTICES, STRIKE_STORY], settings.align) and {"divid", "quart"} <= read
    off = ScanSettings(align=AlignSettings(shared_once=False))
    assert vocabulary.for_files(paths, off).align.common_stems == off.align.common_stems


def test_copies_of_one_text_count_as_one_document() -> None:
    """A campaign that republishes a rewrite puts its names and figures in many documents;
    they are one text's words, not a formula's: copies count once.  Notices that fill one
    formula with their own names and figures are no copies: the formula's words stay common."""
    from copytrail.stages.segment import sentence_bounds

    sentences = [STRIKE_REWRITE[a:b].strip() for a, b in sentence_bounds(STRIKE_REWRITE)]
    republished = [" ".join(sentences[k:] + sentences[:k]) + f" ({k})" for k in range(1, 4)]
    texts = [*NOTICES, STRIKE_STORY, STRIKE_REWRITE, *republished]
    common = common_stems(texts, AlignSettings(shared_once=True))
    assert {"divid", "quart", "cts"} <= common  # eight notices, each with its own company and figures
    assert not common & {"valde", "estib"}  # the story, its rewrite and the rewrite's copies: two texts
    edited = [text.replace(sentences[0], "") + " An editor's note closes this copy." for text in republished]
    assert not common_stems([*NOTICES, STRIKE_STORY, STRIKE_REWRITE, *edited], AlignSettings(shared_once=True)) & {"valde", "estib"}
    words = STRIKE_REWRITE.split(" ")  # one word in ten replaced: still a copy
    retyped = [" ".join("the" if (k + shift) % 10 == 0 else w for k, w in enumerate(words)) for shift in range(3)]
    assert not common_stems([*NOTICES, STRIKE_STORY, STRIKE_REWRITE, *retyped], AlignSettings(shared_once=True)) & {"valde", "estib"}
