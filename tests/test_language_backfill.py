"""A store made before the ``language``/``languages`` columns holds its documents' languages
as NULL (not read).  The next scan, even one with nothing new to read, reads them from the
stored text as ingest would have, stores them, and changes nothing else; later scans read none."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import FAST, NO_CLAIMS, rescanned
from copytrail.engines.local import scan
from copytrail.outputs.export import export
from copytrail.settings import ScanSettings
from copytrail.store import open_store
from sample_truth import SAMPLE
from test_language_mixed import MIXED_ARTICLE, PERSIAN_ARTICLE

# batches of five documents: the sample corpus takes several
SMALL_BATCHES = dataclasses.replace(FAST, claims=NO_CLAIMS, batch_size=5)
# every stored column of a document but its languages, and what else a scan derives from them
OTHER_COLUMNS = (
    "id, source_key, file, path, fmt, url, outlet, title, author, published, date_source, sha1, chars, "
    "words, duplicate_of, extra, text, status, seq"
)


def _languages(db: Path) -> dict[str, tuple[str | None, str | None]]:
    with open_store(db, read_only=True) as store:
        return {r["id"]: (r["language"], r["languages"]) for r in store.query("SELECT id, language, languages FROM documents")}


def everything_else(db: Path) -> tuple[list[tuple], int, int, list[tuple]]:
    """The documents' other columns, the alignment and band-key counts, and the narratives."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        docs = con.execute(f"SELECT {OTHER_COLUMNS} FROM documents ORDER BY id").fetchall()  # noqa: S608 - fixed text
        (alignments,) = con.execute("SELECT count(*) FROM alignments").fetchone()
        (keys,) = con.execute("SELECT count(*) FROM band_keys").fetchone()
        narratives = con.execute("SELECT * FROM narratives ORDER BY 1").fetchall()
    finally:
        con.close()
    return docs, alignments, keys, narratives


@pytest.fixture
def fresh(tmp_path: Path) -> tuple[Path, Path]:
    """The sample corpus scanned into a new store: (its folder, the store)."""
    corpus = tmp_path / "sample-corpus"
    shutil.copytree(SAMPLE, corpus)
    (corpus / "english-quoting-persian.txt").write_text(MIXED_ARTICLE, encoding="utf-8")  # a mixed text
    (corpus / "persian-source.txt").write_text(PERSIAN_ARTICLE, encoding="utf-8")  # the paragraph it quotes
    db = tmp_path / "fresh.duckdb"
    with open_store(db) as store:
        scan([corpus], store, SMALL_BATCHES)
    return corpus, db


def _alignments_export(db: Path, out: Path) -> list[dict]:
    """The alignments as ``export`` writes them, each side with its (passage) language."""
    with open_store(db, read_only=True) as store:
        export(store, "alignments", "jsonl", str(out))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _rescan(corpus: Path, db: Path) -> tuple[dict[str, float], list[tuple[str, int, int | None]]]:
    """One scan of the unchanged corpus (batches of this module's size): what ``rescanned`` gives."""
    return rescanned(corpus, db, SMALL_BATCHES)


def test_one_scan_reads_the_unread_languages_and_nothing_else_changes(fresh: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, db = fresh
    expected = _languages(db)
    before = everything_else(db)
    exported = _alignments_export(db, tmp_path / "fresh.jsonl")
    assert any(side["language"] == "fa" and "," in expected[side["doc"]][1] for row in exported for side in (row["source"], row["target"]))
    assert len(expected) > 10 and {"en", "fa", "ar", "ru", "zh"} <= {lang for lang, _ in expected.values()}
    assert any("," in languages for _, languages in expected.values() if languages), "a mixed text"
    con = duckdb.connect(str(db))
    con.execute("UPDATE documents SET language = NULL, languages = NULL")
    con.close()
    assert set(_languages(db).values()) == {(None, None)}
    unread = _alignments_export(db, tmp_path / "unread.jsonl")
    assert {side["language"] for row in unread for side in (row["source"], row["target"])} == {None}

    stages, shown = _rescan(corpus, db)
    assert _languages(db) == expected  # what a fresh scan gives, document by document
    assert everything_else(db) == before
    assert _alignments_export(db, tmp_path / "read.jsonl") == exported  # passage languages of the mixed text too
    assert "languages" in stages
    reads = [(done, total) for stage, done, total in shown if stage == "languages"]
    assert len(reads) == -(-len(expected) // 5) and reads[-1] == (len(expected), len(expected))

    stages, shown = _rescan(corpus, db)  # read once, never again
    assert "languages" not in stages and all(stage != "languages" for stage, _, _ in shown)
    assert _languages(db) == expected and everything_else(db) == before


def test_a_store_made_before_both_columns_gains_them_at_its_next_scan(fresh: tuple[Path, Path], tmp_path: Path) -> None:
    """Both columns dropped, as a store of copytrail 0.1 lacks them: opening adds them as NULL,
    the scan reads them."""
    corpus, db = fresh
    expected = _languages(db)
    before = everything_else(db)
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE documents DROP COLUMN languages")
    con.execute("ALTER TABLE documents DROP COLUMN language")
    con.close()
    stages, _ = _rescan(corpus, db)
    assert "languages" in stages
    assert _languages(db) == expected and everything_else(db) == before


def test_a_main_language_already_read_is_kept(fresh: tuple[Path, Path]) -> None:
    """A store made between the two columns has each document's main language (perhaps one
    its input stated): the scan keeps it and reads the rest."""
    corpus, db = fresh
    expected = _languages(db)
    stated = next(doc for doc, (language, _) in expected.items() if language == "en")
    con = duckdb.connect(str(db))
    con.execute("UPDATE documents SET languages = NULL")
    con.execute("UPDATE documents SET language = 'cy' WHERE id = ?", [stated])  # as if the input said so
    con.close()
    _rescan(corpus, db)
    now = _languages(db)
    assert now[stated] == ("cy", "cy")
    assert {doc: value for doc, value in now.items() if doc != stated} == {
        doc: value for doc, value in expected.items() if doc != stated
    }


def test_a_scan_of_nothing_new_reads_them_too(fresh: tuple[Path, Path]) -> None:
    """``scan`` with no inputs at all still reads what is unread."""
    _, db = fresh
    expected = _languages(db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE documents SET language = NULL, languages = NULL")
    con.close()
    with open_store(db) as store:
        result = scan([], store, ScanSettings(workers=1, claims=NO_CLAIMS))
    assert "languages" in result.stage_seconds and _languages(db) == expected
