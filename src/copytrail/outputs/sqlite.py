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
from copytrail.store import Store

_SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, path TEXT, fmt TEXT, url TEXT, outlet TEXT, title TEXT, author TEXT,
    published TEXT, date_source TEXT, sha1 TEXT, chars INTEGER, words INTEGER,
    duplicate_of TEXT REFERENCES documents(id), extra TEXT, text TEXT
);
CREATE TABLE narratives (
    id TEXT PRIMARY KEY, earliest TEXT, earliest_status TEXT, confidence TEXT, documents INTEGER,
    outlets INTEGER, first_date TEXT, last_date TEXT, undated INTEGER
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
        rows = store.con.execute(
            "SELECT id, path, fmt, url, outlet, title, author, published, date_source, sha1, chars, "
            "words, duplicate_of, extra, text FROM documents ORDER BY seq"
        ).fetchall()
        con.executemany(f"INSERT INTO documents VALUES ({','.join('?' * 15)})", rows)
        counts["documents"] = len(rows)
        rows = store.con.execute(
            "SELECT id, earliest, earliest_status, confidence, documents, outlets, first_date, "
            "last_date, undated FROM narratives"
        ).fetchall()
        con.executemany(f"INSERT INTO narratives VALUES ({','.join('?' * 9)})", rows)
        counts["narratives"] = len(rows)
        rows = store.con.execute('SELECT narrative, doc, start, "end" FROM narrative_members').fetchall()
        con.executemany("INSERT INTO narrative_members VALUES (?, ?, ?, ?)", rows)
        rows = store.con.execute(
            "SELECT a.source_doc, a.source_start, a.source_end, a.target_doc, a.target_start, "
            "a.target_end, a.kind, a.score, a.matched_words, a.ordered, a.narrative, "
            "substr(s.text, a.source_start + 1, a.source_end - a.source_start), "
            "substr(t.text, a.target_start + 1, a.target_end - a.target_start) "
            "FROM alignments a JOIN documents s ON s.id = a.source_doc "
            "JOIN documents t ON t.id = a.target_doc "
            "ORDER BY a.narrative NULLS LAST, a.source_doc, a.source_start"
        ).fetchall()
        con.executemany(
            "INSERT INTO alignments (source_doc, source_start, source_end, target_doc, target_start, "
            "target_end, kind, score, matched_words, source_is_earlier, narrative, source_text, "
            f"target_text) VALUES ({','.join('?' * 13)})",
            [(*r[:9], int(bool(r[9])), *r[10:]) for r in rows],
        )
        counts["alignments"] = len(rows)
        rows = store.con.execute("SELECT path, line, reason, CAST(recorded_at AS VARCHAR) FROM errors").fetchall()
        con.executemany("INSERT INTO errors VALUES (?, ?, ?, ?)", rows)
        counts["errors"] = len(rows)
        con.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
        con.commit()
        return counts
    finally:
        con.close()
