"""Export the store as a SQLite file that Datasette (or any SQLite tool) opens directly.

Tables carry primary and foreign keys so Datasette links rows to the documents they name,
and documents get an FTS5 full-text index over title, author, outlet and text.  Alignment
rows also carry the reused passages' text, so a browser of the file sees what was copied.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from copytrail.errors import UsageError
from copytrail.records import date_precision
from copytrail.store import Store, queries
from copytrail.store.schema import EXPORTED_DOCUMENT_COLUMNS

# documents: the exported columns (schema.EXPORTED_DOCUMENT_COLUMNS), in their order, then the
# record inside the file (``id=…``, ``line N``, ``record N``; NULL for a whole file) and how
# precise the date is (day, minute, second; NULL when undated)
_SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, path TEXT, fmt TEXT, url TEXT, outlet TEXT, title TEXT, author TEXT,
    published TEXT, date_source TEXT, sha1 TEXT, chars INTEGER, words INTEGER,
    duplicate_of TEXT REFERENCES documents(id), extra TEXT, text TEXT, language TEXT, record TEXT,
    date_precision TEXT
);
CREATE TABLE narratives (
    id TEXT PRIMARY KEY, earliest TEXT, earliest_status TEXT, confidence TEXT, documents INTEGER,
    outlets INTEGER, first_date TEXT, last_date TEXT, undated INTEGER, confidence_reason TEXT
);
CREATE TABLE narrative_members (
    narrative TEXT REFERENCES narratives(id), doc TEXT REFERENCES documents(id),
    start INTEGER, "end" INTEGER
);
CREATE TABLE alignments (
    id INTEGER PRIMARY KEY, source_doc TEXT REFERENCES documents(id), source_start INTEGER,
    source_end INTEGER, target_doc TEXT REFERENCES documents(id), target_start INTEGER,
    target_end INTEGER, kind TEXT, score REAL, matched_words INTEGER,
    source_is_earlier INTEGER, narrative TEXT REFERENCES narratives(id),
    source_text TEXT, target_text TEXT
);
CREATE TABLE errors (path TEXT, line INTEGER, reason TEXT, recorded_at TEXT);
CREATE INDEX alignments_source ON alignments(source_doc);
CREATE INDEX alignments_target ON alignments(target_doc);
CREATE INDEX members_doc ON narrative_members(doc);
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, author, outlet, text, content='documents', content_rowid='rowid'
);
"""


def export_sqlite(store: Store, out: str | os.PathLike[str], *, overwrite: bool = False) -> dict[str, int]:
    """Write the store's documents, alignments, narratives and errors to a new SQLite file."""
    target = Path(out)
    if target.exists():
        if not overwrite:
            raise UsageError(f"{target}: already exists (choose another name or remove it)")
        target.unlink()
    con = sqlite3.connect(target)
    try:
        con.executescript(_SCHEMA)
        counts: dict[str, int] = {}
        rows = queries.exported_document_table(store)
        con.executemany(
            f"INSERT INTO documents ({', '.join(EXPORTED_DOCUMENT_COLUMNS)}) "
            f"VALUES ({','.join('?' * len(EXPORTED_DOCUMENT_COLUMNS))})",
            rows,
        )
        cited = queries.citations(store)
        con.executemany("UPDATE documents SET record = ? WHERE id = ?", [(c.record, i) for i, c in cited.items() if c.record])
        at = EXPORTED_DOCUMENT_COLUMNS.index("published")
        con.executemany(
            "UPDATE documents SET date_precision = ? WHERE id = ?",
            [(date_precision(r[at]), r[0]) for r in rows if r[at]],
        )
        counts["documents"] = len(rows)
        rows = queries.narrative_table(store)
        con.executemany(f"INSERT INTO narratives VALUES ({','.join('?' * 10)})", rows)
        counts["narratives"] = len(rows)
        con.executemany("INSERT INTO narrative_members VALUES (?, ?, ?, ?)", queries.member_table(store))
        rows = queries.alignments_with_text(store)
        con.executemany(
            "INSERT INTO alignments (source_doc, source_start, source_end, target_doc, target_start, "
            "target_end, kind, score, matched_words, source_is_earlier, narrative, source_text, "
            f"target_text) VALUES ({','.join('?' * 13)})",
            [(*r[:9], int(bool(r[9])), *r[10:]) for r in rows],  # r[9]: source_is_earlier, as 0 or 1
        )
        counts["alignments"] = len(rows)
        rows = queries.error_table(store)
        con.executemany("INSERT INTO errors VALUES (?, ?, ?, ?)", rows)
        counts["errors"] = len(rows)
        con.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
        con.commit()
        return counts
    finally:
        con.close()
