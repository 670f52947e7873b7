"""A store whose languages an older reading read (meta ``language_reading`` absent or lower:
before a second language of the main one's script was looked for) has every document's
languages read again once, from its stored text, at its next scan, even one with nothing new:
an English text holding a Spanish paragraph, stored as ``en`` alone, becomes ``en,es``; a
store at the current reading is not read again.  Real stores, made by a scan and set back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest

from conftest import FAST, NO_CLAIMS, rescanned
from copytrail.engines.languages import REREAD_STAGE, REREAD_UPTO_KEY, reread_languages
from copytrail.engines.local import scan
from copytrail.engines.reporting import ScanResult, no_progress
from copytrail.stages.language import LANGUAGE_READING, LANGUAGE_READING_KEY
from copytrail.store import open_store
from test_language_backfill import everything_else
from test_language_mixed import PLAIN_ENGLISH
from test_language_same_script import write_same_script_mixes

# batches of two documents: the corpus takes three
SMALL_BATCHES = dataclasses.replace(FAST, claims=NO_CLAIMS, batch_size=2)
FRESH = {
    "english-quoting-spanish": ("en", "en,es"),
    "spanish-source": ("es", "es"),
    "arabic-quoting-persian": ("ar", "ar,fa"),
    "english-plain": ("en", "en"),
    "english-plain-copy": ("en", "en"),
}
# what the reading before ``LANGUAGE_READING`` 2 stored: a second language of another script only
OLDER = {**FRESH, "english-quoting-spanish": ("en", "en")}


@pytest.fixture
def corpus_and_store(tmp_path: Path) -> tuple[Path, Path]:
    """The texts scanned into a new store: (their folder, the store)."""
    corpus = tmp_path / "corpus"
    write_same_script_mixes(corpus)
    (corpus / "english-plain.txt").write_text(PLAIN_ENGLISH, encoding="utf-8")
    (corpus / "english-plain-copy.txt").write_text("Reprinted.\n\n" + PLAIN_ENGLISH, encoding="utf-8")
    db = tmp_path / "store.duckdb"
    with open_store(db) as store:
        scan([corpus], store, SMALL_BATCHES)
        assert store.get_meta(LANGUAGE_READING_KEY) == str(LANGUAGE_READING)  # a new store: nothing to read again
    assert _languages(db) == FRESH
    return corpus, db


def _languages(db: Path) -> dict[str, tuple[str | None, str | None]]:
    with open_store(db, read_only=True) as store:
        rows = store.query("SELECT path, language, languages FROM documents")
    return {Path(r["path"]).stem: (r["language"], r["languages"]) for r in rows}


def _meta(db: Path, key: str) -> str | None:
    with open_store(db, read_only=True) as store:
        return store.get_meta(key)


def _set(db: Path, values: dict[str, tuple[str, str]], reading: str | None) -> None:
    """Documents' stored languages set by hand (by file name), and the reading the store records
    (None: no key, as a store scanned before it holds)."""
    con = duckdb.connect(str(db))
    try:
        for stem, (language, languages) in values.items():
            con.execute(
                "UPDATE documents SET language = ?, languages = ? WHERE path LIKE ?", [language, languages, f"%/{stem}.txt"]
            )
        con.execute("DELETE FROM meta WHERE key = ?", [LANGUAGE_READING_KEY])
        if reading is not None:
            con.execute("INSERT INTO meta VALUES (?, ?)", [LANGUAGE_READING_KEY, reading])
    finally:
        con.close()


def _rescan(corpus: Path, db: Path) -> tuple[dict[str, float], list[tuple[str, int, int | None]]]:
    """One scan of the unchanged corpus (batches of this module's size): what ``rescanned`` gives."""
    return rescanned(corpus, db, SMALL_BATCHES)


@pytest.mark.parametrize("reading", [None, "1"])
def test_an_older_reading_is_read_again_once(corpus_and_store: tuple[Path, Path], reading: str | None) -> None:
    corpus, db = corpus_and_store
    before = everything_else(db)
    _set(db, {"english-quoting-spanish": OLDER["english-quoting-spanish"]}, reading)
    assert _languages(db) == OLDER

    stages, shown = _rescan(corpus, db)
    assert _languages(db) == FRESH  # the Spanish paragraph is read now
    assert _meta(db, LANGUAGE_READING_KEY) == str(LANGUAGE_READING) and _meta(db, REREAD_UPTO_KEY) is None
    assert everything_else(db) == before  # nothing else changes, nothing is aligned again
    assert REREAD_STAGE in stages
    reads = [(done, total) for stage, done, total in shown if stage == REREAD_STAGE]
    assert reads == [(2, 5), (4, 5), (5, 5)]  # a batch of two documents per transaction

    # read once: a document whose languages are set by hand now stays as set
    _set(db, {"english-plain": ("en", "en,fr")}, str(LANGUAGE_READING))
    stages, shown = _rescan(corpus, db)
    assert REREAD_STAGE not in stages and all(stage != REREAD_STAGE for stage, _, _ in shown)
    assert _languages(db) == {**FRESH, "english-plain": ("en", "en,fr")}


def test_a_store_at_the_current_reading_is_not_read_again(corpus_and_store: tuple[Path, Path]) -> None:
    corpus, db = corpus_and_store
    _set(db, {"english-quoting-spanish": ("en", "en"), "spanish-source": ("es", "es,it")}, str(LANGUAGE_READING))
    stages, _ = _rescan(corpus, db)
    assert REREAD_STAGE not in stages
    assert _languages(db) == {**FRESH, "english-quoting-spanish": ("en", "en"), "spanish-source": ("es", "es,it")}


def test_only_changed_documents_are_written_and_the_main_language_is_kept(corpus_and_store: tuple[Path, Path]) -> None:
    """The stored main language stays first, as ingest keeps a stated one (a store cannot tell a
    stated main language from a read one); with one language read it stands alone."""
    _, db = corpus_and_store
    _set(db, {"english-quoting-spanish": ("en-GB", "en-GB"), "english-plain": ("cy", "cy")}, "1")
    with open_store(db) as store:
        changed = reread_languages(store, SMALL_BATCHES, ScanResult(), no_progress)
    assert changed == 1  # the plain text's reading is unchanged: not written
    assert _languages(db) == {**FRESH, "english-quoting-spanish": ("en-GB", "en-GB,en,es"), "english-plain": ("cy", "cy")}


def test_a_reading_killed_after_a_batch_goes_on_from_there(corpus_and_store: tuple[Path, Path]) -> None:
    """Each batch commits with the last document it read; a kill leaves the older reading
    recorded, and the next scan reads the documents after that point (those before stay)."""
    corpus, db = corpus_and_store
    _set(db, {"english-quoting-spanish": ("en", "en"), "arabic-quoting-persian": ("ar", "ar")}, "1")
    with open_store(db, read_only=True) as store:
        order = [r["path"] for r in store.query("SELECT path FROM documents ORDER BY seq")]
    first_batch = {Path(path).stem for path in order[:2]}

    class Killed(Exception):
        pass

    def kill_after_first_batch(stage: str, done: int, total: int | None) -> None:
        if stage == REREAD_STAGE:
            raise Killed

    with open_store(db) as store, pytest.raises(Killed):
        scan([corpus], store, SMALL_BATCHES, kill_after_first_batch)
    assert _meta(db, LANGUAGE_READING_KEY) == "1" and _meta(db, REREAD_UPTO_KEY) is not None
    halfway = _languages(db)
    assert {stem: halfway[stem] for stem in first_batch} == {stem: FRESH[stem] for stem in first_batch}

    # set by hand in the first batch now: the next scan goes on after it and leaves it as set
    done_stem = sorted(first_batch)[0]
    _set(db, {done_stem: ("en", "en,fr")}, "1")
    stages, shown = _rescan(corpus, db)
    assert [(done, total) for stage, done, total in shown if stage == REREAD_STAGE] == [(2, 3), (3, 3)]
    assert _languages(db) == {**FRESH, done_stem: ("en", "en,fr")}
    assert _meta(db, LANGUAGE_READING_KEY) == str(LANGUAGE_READING) and _meta(db, REREAD_UPTO_KEY) is None


def test_a_main_language_read_from_mail_headers_is_read_again(tmp_path: Path) -> None:
    """Readings before 3 read a text's beginning alone: a post under mail headers was stored as
    German.  Such a main language (what that reading reads) is read again; one that differs
    from it was stated by an input, and is kept."""
    from copytrail.stages.language import beginning_language
    from test_language import MAIL_BODY, MAIL_HEADERS

    corpus = tmp_path / "posts"
    corpus.mkdir()
    (corpus / "post.txt").write_text(MAIL_HEADERS + MAIL_BODY, encoding="utf-8")
    (corpus / "stated.txt").write_text(MAIL_HEADERS + MAIL_BODY.replace("bench", "lab"), encoding="utf-8")
    db = tmp_path / "posts.duckdb"
    with open_store(db) as store:
        scan([corpus], store, SMALL_BATCHES)
    assert _languages(db) == {"post": ("en", "en"), "stated": ("en", "en")}
    older = beginning_language(MAIL_HEADERS + MAIL_BODY)
    assert older not in {"en", "und"}
    _set(db, {"post": (older, older), "stated": ("en-US", "en-US")}, "2")
    _rescan(corpus, db)
    assert _languages(db) == {"post": ("en", "en"), "stated": ("en-US", "en-US")}
    assert _meta(db, LANGUAGE_READING_KEY) == str(LANGUAGE_READING)


def test_urdu_stored_as_arabic_by_an_older_reading_is_read_again(tmp_path: Path) -> None:
    """Readings before 4 took Urdu typed with Arabic yeh, kaf and heh for Arabic; a store they
    made has it read again (the beginning's reading it stored is what they read), and an
    Arabic text stays Arabic."""
    from copytrail.stages.language import beginning_language
    from test_language import _ARABIC, _ON_ARABIC_KEYBOARD, _URDU

    corpus = tmp_path / "pages"
    corpus.mkdir()
    retyped = _URDU.translate(_ON_ARABIC_KEYBOARD)
    (corpus / "retyped.txt").write_text(retyped, encoding="utf-8")
    (corpus / "arabic.txt").write_text(_ARABIC, encoding="utf-8")
    db = tmp_path / "pages.duckdb"
    with open_store(db) as store:
        scan([corpus], store, SMALL_BATCHES)
    assert _languages(db) == {"retyped": ("ur", "ur"), "arabic": ("ar", "ar")}
    assert beginning_language(retyped) == "ar"  # what readings before 4 stored
    _set(db, {"retyped": ("ar", "ar")}, "3")
    _rescan(corpus, db)
    assert _languages(db) == {"retyped": ("ur", "ur"), "arabic": ("ar", "ar")}
    assert _meta(db, LANGUAGE_READING_KEY) == str(LANGUAGE_READING)
