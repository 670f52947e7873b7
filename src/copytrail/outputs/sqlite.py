"""Export the store as a SQLite file that Datasette (or any SQLite tool) opens directly.

Tables carry primary and foreign keys so Datasette links rows to the documents, narratives,
alignments and network nodes they name.  Documents and alignments get FTS5 full-text indexes
declared the way Datasette looks for them (``content="documents"``), so its table pages show
a search box and ``?_search=`` filters.  Alignment rows carry the reused passages' text;
narratives their title and a snippet; claims their statements; the networks (who copies whom,
co-publication, bylines) their nodes, edges and each edge's evidence.  The file is written
whole or not at all (:mod:`copytrail.outputs.files`).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from copytrail.errors import UsageError
from copytrail.outputs.files import atomic_path
from copytrail.outputs.view import narrative_labels
from copytrail.records import date_precision
from copytrail.stages.language import side_language
from copytrail.store import Store, queries
from copytrail.store.schema import EXPORTED_DOCUMENT_COLUMNS

# documents: the exported columns (schema.EXPORTED_DOCUMENT_COLUMNS), in their order, then the
# record inside the file (``id=…``, ``line N``, ``record N``; NULL for a whole file) and how
# precise the date is (day, minute, second; NULL when undated)
_SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, path TEXT, fmt TEXT, url TEXT, outlet TEXT, title TEXT, author TEXT,
    published TEXT, date_source TEXT, sha1 TEXT, chars INTEGER, words INTEGER,
    duplicate_of TEXT REFERENCES documents(id), extra TEXT, text TEXT, language TEXT, languages TEXT,
    record TEXT, date_precision TEXT
);
CREATE TABLE narratives (
    id TEXT PRIMARY KEY, earliest TEXT, earliest_status TEXT, confidence TEXT, documents INTEGER,
    outlets INTEGER, first_date TEXT, last_date TEXT, undated INTEGER, confidence_reason TEXT,
    title TEXT, snippet TEXT
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
    source_text TEXT, target_text TEXT, key TEXT UNIQUE, source_language TEXT, target_language TEXT
);
CREATE TABLE errors (path TEXT, line INTEGER, reason TEXT, recorded_at TEXT);
CREATE TABLE network_nodes (
    id INTEGER PRIMARY KEY, graph TEXT, nodes TEXT, name TEXT, kind TEXT, documents INTEGER,
    narratives INTEGER, syndicated_documents INTEGER, first TEXT, last TEXT
);
CREATE TABLE network_edges (
    id INTEGER PRIMARY KEY, graph TEXT, nodes TEXT, directed INTEGER,
    source INTEGER REFERENCES network_nodes(id), target INTEGER REFERENCES network_nodes(id),
    weight INTEGER, narratives INTEGER, passages INTEGER, pairs INTEGER, documents INTEGER,
    syndicated_pairs INTEGER, median_lag_hours REAL, start TEXT, "end" TEXT, narrative_ids TEXT
);
CREATE TABLE network_evidence (
    edge INTEGER REFERENCES network_edges(id), alignment INTEGER REFERENCES alignments(id),
    narrative TEXT REFERENCES narratives(id), source_doc TEXT REFERENCES documents(id),
    target_doc TEXT REFERENCES documents(id), doc TEXT REFERENCES documents(id),
    hours_apart REAL, syndicated INTEGER
);
-- what each network leaves out and why (a pair whose order the dates do not tell gets no direction)
CREATE TABLE network_left_out (graph TEXT, nodes TEXT, counted TEXT, reason TEXT, count INTEGER);
CREATE INDEX alignments_source ON alignments(source_doc);
CREATE INDEX alignments_target ON alignments(target_doc);
CREATE INDEX members_doc ON narrative_members(doc);
CREATE INDEX evidence_edge ON network_evidence(edge);
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, author, outlet, text, content="documents"
);
CREATE VIRTUAL TABLE alignments_fts USING fts5(
    source_text, target_text, content="alignments"
);
"""

# The networks in the file: (graph, nodes); bylines links bylines to outlets.
NETWORKS = (("copies", "outlets"), ("copies", "authors"), ("copublication", "outlets"),
            ("copublication", "authors"), ("bylines", "bylines and outlets"))  # fmt: skip


def export_sqlite(store: Store, out: str | os.PathLike[str], *, overwrite: bool = False) -> dict[str, int]:
    """Write the store's documents, alignments, narratives, claims, networks and errors to a
    SQLite file; an existing file is replaced only with ``overwrite``."""
    target = Path(out)
    if target.exists() and not overwrite:
        raise UsageError(f"{target}: already exists (choose another name or remove it)")
    with atomic_path(target) as temporary:
        temporary.unlink()
        con = sqlite3.connect(temporary)
        try:
            con.executescript(_SCHEMA)
            counts = _fill(con, store)
            con.commit()
        finally:
            con.close()
    return counts


def _fill(con: sqlite3.Connection, store: Store) -> dict[str, int]:
    counts = {"documents": _documents(con, store)}
    rows = queries.narrative_table(store)
    labels = narrative_labels(store)
    con.executemany(
        f"INSERT INTO narratives VALUES ({','.join('?' * 12)})",
        [(*r, *((labels[r[0]].title, labels[r[0]].snippet) if r[0] in labels else (None, None))) for r in rows],
    )
    counts["narratives"] = len(rows)
    con.executemany("INSERT INTO narrative_members VALUES (?, ?, ?, ?)", queries.member_table(store))
    counts["alignments"] = _alignments(con, store)
    rows = queries.error_table(store)
    con.executemany("INSERT INTO errors VALUES (?, ?, ?, ?)", rows)
    counts["errors"] = len(rows)
    counts["claims"] = _claims(con, store)
    counts["network_edges"] = _networks(con, store)
    con.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
    con.execute("INSERT INTO alignments_fts(alignments_fts) VALUES ('rebuild')")
    return counts


def _documents(con: sqlite3.Connection, store: Store) -> int:
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
    return len(rows)


def _alignments(con: sqlite3.Connection, store: Store) -> int:
    rows = queries.alignments_with_text(store)
    # each side's language: the passage's own where its document mixes languages (outputs.languages)
    known = queries.document_languages(store, sorted({r[0] for r in rows} | {r[3] for r in rows}))
    languages = [
        (side_language(*known.get(r[0], (None, None)), r[11]), side_language(*known.get(r[3], (None, None)), r[12]))
        for r in rows
    ]
    con.executemany(
        "INSERT INTO alignments (source_doc, source_start, source_end, target_doc, target_start, "
        "target_end, kind, score, matched_words, source_is_earlier, narrative, source_text, "
        f"target_text, key, source_language, target_language) VALUES ({','.join('?' * 16)})",
        # r[9]: source_is_earlier, as 0 or 1; key: the id the web app and the network evidence use
        [(*r[:9], int(bool(r[9])), *r[10:], f"{r[0]}:{r[1]}:{r[3]}:{r[4]}", *sides) for r, sides in zip(rows, languages, strict=True)],
    )
    return len(rows)


def _sql_value(value: Any) -> Any:
    """A value SQLite stores as it is; lists and objects as JSON text."""
    if value is None or isinstance(value, str | int | float):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _sql_type(values: Iterable[Any]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds and kinds <= {int, bool}:
        return "INTEGER"
    if kinds and kinds <= {int, float, bool}:
        return "REAL"
    return "TEXT"


def _create(con: sqlite3.Connection, table: str, head: str, rows: Sequence[dict[str, Any]], skip: set[str]) -> list[str]:
    """Create ``table`` with the fixed columns ``head`` and one column per other key of
    ``rows`` (typed from its values); returns those columns."""
    columns = [k for k in dict.fromkeys(k for r in rows for k in r) if k not in skip]
    defs = [f'"{c}" {_sql_type(r.get(c) for r in rows)}' for c in columns]
    con.execute(f"CREATE TABLE {table} ({', '.join([head, *defs])})")
    return columns


def _claims(con: sqlite3.Connection, store: Store) -> int:
    """Claim groups (``claims``) and their statements (``claim_statements``), one row each."""
    from copytrail.store.claims import cite_statements, claim_rows

    groups = list(cite_statements(store, claim_rows(store)))
    group_columns = _create(con, "claims", "id TEXT PRIMARY KEY", groups, {"claim", "statements"})
    statements = [{**s, "claim": g["claim"]} for g in groups for s in g["statements"]]
    statement_columns = _create(
        con, "claim_statements",
        "id INTEGER PRIMARY KEY, claim TEXT REFERENCES claims(id), doc TEXT REFERENCES documents(id)",
        statements, {"claim", "doc"},
    )  # fmt: skip
    con.executemany(
        f"INSERT INTO claims VALUES ({','.join('?' * (len(group_columns) + 1))})",
        [(g["claim"], *(_sql_value(g.get(c)) for c in group_columns)) for g in groups],
    )
    con.executemany(
        f"INSERT INTO claim_statements VALUES (NULL, {','.join('?' * (len(statement_columns) + 2))})",
        [(s["claim"], s.get("doc"), *(_sql_value(s.get(c)) for c in statement_columns)) for s in statements],
    )
    return len(groups)


def _networks(con: sqlite3.Connection, store: Store) -> int:
    """Every network of :data:`NETWORKS` with its nodes, edges and evidence; returns the edges."""
    from copytrail.outputs.network import edge_row, node_row
    from copytrail.stages.network import evidence_rows
    from copytrail.store.network import network_from_store

    alignment_ids = dict(con.execute("SELECT key, id FROM alignments").fetchall())
    node_id, edge_id = 0, 0
    for graph, nodes in NETWORKS:
        net = network_from_store(store, "outlets" if graph == "bylines" else nodes, graph=graph)
        ids = {}
        for name in sorted(net.nodes):
            node_id += 1
            ids[name] = node_id
            n = node_row(net.nodes[name])
            con.execute(
                "INSERT INTO network_nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (node_id, graph, nodes, n["label"], n["kind"], n["documents"], n["narratives"],
                 n["syndicated_documents"], n["first"], n["last"]),
            )  # fmt: skip
        first_edge = edge_id + 1
        for k, e in enumerate(net.edges):
            r = edge_row(k, e)
            con.execute(
                f"INSERT INTO network_edges VALUES ({','.join('?' * 16)})",
                (first_edge + k, graph, nodes, int(net.directed), ids[e.source], ids[e.target], r["weight"],
                 r["narratives"], r["passages"], r["pairs"], r["documents"], r["syndicated_pairs"],
                 r["median_lag_hours"], r["start"], r["end"], r["narrative_ids"]),
            )  # fmt: skip
        edge_id += len(net.edges)
        con.executemany(
            "INSERT INTO network_left_out VALUES (?, ?, ?, ?, ?)",
            [(graph, nodes, "passages or pairs", why, n) for why, n in sorted(net.left_out_pairs.items())]
            + [(graph, nodes, "documents", why, len(docs)) for why, docs in sorted(net.left_out_documents.items())],
        )
        con.executemany(
            "INSERT INTO network_evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(first_edge + r["edge"], alignment_ids.get(r.get("alignment")), r.get("narrative"), r.get("source_doc"),
              r.get("target_doc"), r.get("doc"), r.get("hours_apart"), int(bool(r.get("syndicated"))))
             for r in evidence_rows(net)],
        )  # fmt: skip
    return edge_id
