"""Shared fixtures: a fast scan setting, copies of the sample corpus, and truth-name lookups."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from copytrail.engines.local import scan
from copytrail.engines.reporting import ScanResult
from copytrail.settings import ClaimsSettings, ScanSettings
from copytrail.store import Store, open_store
from sample_truth import SAMPLE

FAST = ScanSettings(workers=1)  # no process pool: library tests stay quick
NO_CLAIMS = ClaimsSettings(enabled=False)

# A passage one article prints twice (far enough apart to be two passages) and another once:
# which copies alignment keeps once depended on which text of the pair came first.
HARBOUR_PASSAGE = (
    "The harbour authority confirmed on Tuesday that dredging of the northern channel will "
    "resume in April, after a winter pause that cost the port an estimated four million in "
    "lost fees and forced two container lines to divert their ships to the southern terminal."
)
_COMMITTEE_ITEMS = " ".join(
    f"Item {i}: the {topic} committee met briefly and adjourned without a vote."
    for i, topic in enumerate("budget parks schools roads housing water transport culture".split())
)
REPEATED_PASSAGE_TEXTS = {
    "twice.txt": f"Morning briefing from the docks.\n\n{HARBOUR_PASSAGE}\n\n{_COMMITTEE_ITEMS}\n\n"
    f"Repeated for late readers:\n\n{HARBOUR_PASSAGE}\n",
    "once.txt": f"Port news in brief.\n\n{HARBOUR_PASSAGE}\n\nFishermen say the noise drives the cod away.\n",
}


def write_jsonl(path: Path, records: Iterable[dict[str, Any]], *, ensure_ascii: bool = True) -> Path:
    """``records`` as a JSONL file at ``path``, one object a line (UTF-8)."""
    path.write_text("".join(json.dumps(record, ensure_ascii=ensure_ascii) + "\n" for record in records), encoding="utf-8")
    return path


def scanned_folder(tmp_path: Path, write: Callable[[Path], None]) -> tuple[Path, Path, ScanResult]:
    """A folder ``write`` fills, scanned into a new store with ``FAST``: the folder, the store,
    and what the scan did."""
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder)
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        result = scan([folder], store, FAST)
    return folder, db, result


def scanned_feed(tmp_path: Path, records: Iterable[dict[str, Any]]) -> Path:
    """``records`` as one JSONL feed in a folder scanned into a new store with ``FAST``: the store."""
    return scanned_folder(tmp_path, lambda folder: write_jsonl(folder / "feed.jsonl", records))[1]


def figure_changes(db: Path) -> list[tuple[str, str, str, str]]:
    """Every change of figure the store's claim groups report: (from figure, to figure, from
    document, to document)."""
    from copytrail.store.claims import claim_rows

    with open_store(db, read_only=True) as store:
        rows = list(claim_rows(store, differ_only=True))
    return [
        (r["statements"][c["from"]]["figure"], r["statements"][c["to"]]["figure"],
         r["statements"][c["from"]]["doc"], r["statements"][c["to"]]["doc"])
        for r in rows for c in r["changes"]
    ]  # fmt: skip


def record_changes(tmp_path: Path, texts: list[str]) -> list[tuple[str, str, str, str]]:
    """Every change of figure a scan reports among ``texts`` fed as records: (from figure, to
    figure, from record, to record); record ``k`` is published on day ``k + 1``."""
    records = [
        {"id": f"r{k}", "outlet": f"Outlet {k}", "published": f"2025-03-{k + 1:02d}T09:00:00Z", "text": text}
        for k, text in enumerate(texts)
    ]
    db = scanned_feed(tmp_path, records)
    with open_store(db, read_only=True) as store:
        record = {r["id"]: r["source_key"].rsplit("#id=", 1)[1] for r in store.query("SELECT id, source_key FROM documents")}
    return [(old, new, record[a], record[b]) for old, new, a, b in figure_changes(db)]


def rescanned(corpus: Path, db: Path, settings: ScanSettings) -> tuple[dict[str, float], list[tuple[str, int, int | None]]]:
    """One scan of an unchanged corpus into its store: its stage times and the progress it reported."""
    shown: list[tuple[str, int, int | None]] = []
    with open_store(db) as store:
        result = scan([corpus], store, settings, lambda stage, done, total: shown.append((stage, done, total)))
    assert result.documents_added == 0 and result.documents_aligned == 0
    return result.stage_seconds, shown


def truth_name(source_key: str) -> str:
    """The name sample-truth.json uses for a stored document (``file`` or ``file#id=X``)."""
    location, _, fragment = source_key.partition("#")
    name = Path(location).name
    return f"{name}#{fragment}" if fragment.startswith("id=") else name


def ids_by_name(store: Store) -> dict[str, str]:
    rows = store.query("SELECT id, source_key FROM documents")
    return {truth_name(r["source_key"]): r["id"] for r in rows}


def alignment_set(store: Store) -> set[tuple]:
    rows = store.con.execute(
        "SELECT source_doc, source_start, source_end, target_doc, target_start, target_end, kind "
        "FROM alignments"
    ).fetchall()
    return set(rows)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the sample corpus (paths and mtimes matter to a scan)."""
    target = tmp_path / "sample-corpus"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus scanned once; tests open it read-only."""
    root = tmp_path_factory.mktemp("sample")
    target = root / "sample-corpus"
    shutil.copytree(SAMPLE, target)
    db = root / "sample.duckdb"
    with open_store(db) as store:
        result = scan([target], store, FAST)
    assert not result.errors, result.errors
    return db


@pytest.fixture(scope="session")
def records_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL feed of four records (with and without ids) and a WARC of two pages, scanned;
    tests open it read-only (see records_corpus.py)."""
    from records_corpus import write_records_corpus

    root = tmp_path_factory.mktemp("records")
    corpus = write_records_corpus(root / "corpus")
    db = root / "records.duckdb"
    with open_store(db) as store:
        result = scan([corpus], store, FAST)
    assert not result.errors, result.errors
    return db
