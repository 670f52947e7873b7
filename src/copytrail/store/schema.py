"""The database's tables, declared once: the DDL that creates them and the document columns
that the store, the exports, the web app, the report and the Spark import name.

The documents table is declared as data (:data:`DOCUMENT_TABLE`), so the column list every
other module selects is taken from here and checked against it instead of being spelt again.
No database is opened here: importing this module is cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SCHEMA_VERSION = "1"

# The documents table, in stored order: (column, DuckDB type).  Stores made by 0.1 have
# exactly these columns; a new column goes last.
DOCUMENT_TABLE: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR PRIMARY KEY"),  # digest of the source_key first stored under (records.document_id); kept when moved
    ("source_key", "VARCHAR UNIQUE"),  # the input location: a file, a JSONL line, a WARC record
    ("file", "VARCHAR"),  # the input file (a changed file's documents are replaced)
    ("path", "VARCHAR"),  # the location shown to people
    ("fmt", "VARCHAR"),
    ("url", "VARCHAR"),
    ("outlet", "VARCHAR"),
    ("title", "VARCHAR"),
    ("author", "VARCHAR"),
    ("published", "VARCHAR"),  # ISO date (and time) or NULL when undated
    ("date_source", "VARCHAR"),  # where ``published`` was found, or 'none'
    ("sha1", "VARCHAR"),  # of the text: exact duplicates share it
    ("text", "VARCHAR"),
    ("chars", "BIGINT"),  # characters of the text
    ("words", "BIGINT"),  # word count of the text
    ("extra", "VARCHAR"),  # JSON object of the input's other fields
    ("duplicate_of", "VARCHAR"),  # the original of an exact duplicate, else NULL
    ("status", "VARCHAR"),  # 'pending' (not aligned yet), 'done' or 'duplicate'
    ("seq", "BIGINT"),  # order of storing: 1, 2, ...
    ("language", "VARCHAR"),  # ISO 639 code of the text's language, 'und' when it cannot be told
    # every language the text is written in, main first ("en,fa": an English text with a
    # Persian passage; "en": one language); NULL: stored before it, not read
    ("languages", "VARCHAR"),
)
DOCUMENT_COLUMNS: tuple[str, ...] = tuple(name for name, _ in DOCUMENT_TABLE)

# What the exports (JSONL, CSV, Parquet, SQLite; also the Spark engine's ``documents`` output)
# give of a document, in this order: a public format, so the order is part of it.
EXPORTED_DOCUMENT_COLUMNS: tuple[str, ...] = (
    "id", "path", "fmt", "url", "outlet", "title", "author", "published", "date_source",
    "sha1", "chars", "words", "duplicate_of", "extra", "text", "language", "languages",
)  # fmt: skip
# A document in a list (web pages and API): the exported columns without the bulky ones.
LISTED_DOCUMENT_COLUMNS: tuple[str, ...] = tuple(
    c for c in EXPORTED_DOCUMENT_COLUMNS if c not in ("sha1", "extra", "text")
)
# A document as a card beside a passage (the report): who published what, when, where.
DOCUMENT_CARD_COLUMNS: tuple[str, ...] = (
    "id", "path", "outlet", "title", "author", "published", "date_source", "url", "language", "languages",
)  # fmt: skip


def document_columns_sql(columns: Sequence[str], alias: str = "") -> str:
    """``columns`` as a select list (each prefixed ``alias.`` when given), checked against
    the declaration so that a misspelt column fails at import, not in a query."""
    unknown = [c for c in columns if c not in DOCUMENT_COLUMNS]
    if unknown:
        raise ValueError(f"not document columns: {unknown}")
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + c for c in columns)


def _documents_ddl() -> str:
    body = ",\n".join(f"    {name} {kind}" for name, kind in DOCUMENT_TABLE)
    return f"CREATE TABLE IF NOT EXISTS documents (\n{body}\n);\n"


SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS files (
    path VARCHAR PRIMARY KEY, size BIGINT, mtime_ns BIGINT, scanned_at TIMESTAMP
);
"""
    + _documents_ddl()
    + """CREATE TABLE IF NOT EXISTS band_keys (key BIGINT, doc VARCHAR);
-- ordered: the source is known to be the earlier document (both dated, dates differ); false
-- when a date is missing or equal.  Exported as source_is_earlier; the column keeps its 0.1
-- name so that stores made by 0.1 still open.
CREATE TABLE IF NOT EXISTS alignments (
    source_doc VARCHAR, source_start BIGINT, source_end BIGINT,
    target_doc VARCHAR, target_start BIGINT, target_end BIGINT,
    kind VARCHAR, score DOUBLE, matched_words BIGINT, ordered BOOLEAN, narrative VARCHAR
);
-- passages left out as an outlet's boilerplate (copytrail.stages.boilerplate): kept here, in
-- no narrative and no export, so that a later scan still counts where an outlet prints a text
-- (and gives a passage back when it no longer is boilerplate).  Added after 0.1.
CREATE TABLE IF NOT EXISTS boilerplate_alignments (
    source_doc VARCHAR, source_start BIGINT, source_end BIGINT,
    target_doc VARCHAR, target_start BIGINT, target_end BIGINT,
    kind VARCHAR, score DOUBLE, matched_words BIGINT, ordered BOOLEAN
);
-- confidence: how sure the earliest member is (high, medium, low, unknown); confidence_reason:
-- why, in words ("2 members undated")
CREATE TABLE IF NOT EXISTS narratives (
    id VARCHAR PRIMARY KEY, earliest VARCHAR, earliest_status VARCHAR, confidence VARCHAR,
    documents BIGINT, outlets BIGINT, first_date VARCHAR, last_date VARCHAR, undated BIGINT,
    confidence_reason VARCHAR
);
CREATE TABLE IF NOT EXISTS narrative_members (
    narrative VARCHAR, doc VARCHAR, start BIGINT, "end" BIGINT
);
CREATE TABLE IF NOT EXISTS sentence_vectors (doc VARCHAR PRIMARY KEY, rows BIGINT, dims BIGINT, vectors BLOB);
-- the semantic judge's vectors, by model and sentence text (a 16-byte digest): made once
CREATE TABLE IF NOT EXISTS judged_sentences (model VARCHAR, sentence BLOB, vector BLOB);
CREATE TABLE IF NOT EXISTS errors (
    path VARCHAR, line BIGINT, reason VARCHAR, recorded_at TIMESTAMP DEFAULT current_timestamp
);
-- records an input holds that are no article on purpose (a WARC's images, 404s, requests,
-- warcinfo), by reason: not errors, but the trace that tells a file read from one with nothing
-- usable.  Added after 0.1: a store made before gets the table when opened for writing.
CREATE TABLE IF NOT EXISTS skipped_records (
    path VARCHAR, line BIGINT, reason VARCHAR, recorded_at TIMESTAMP DEFAULT current_timestamp
);
-- claims stage (copytrail.store.claims): per-document claims, extraction markers, groups
CREATE TABLE IF NOT EXISTS claims (
    id VARCHAR, doc VARCHAR, kind VARCHAR, start BIGINT, "end" BIGINT,
    value_start BIGINT, value_end BIGINT, sentence_start BIGINT, sentence_end BIGINT,
    value DOUBLE, date_value VARCHAR, unit VARCHAR, unit_key VARCHAR, qualifier VARCHAR,
    entities VARCHAR, surface VARCHAR, context VARCHAR
);
CREATE TABLE IF NOT EXISTS claim_docs (doc VARCHAR PRIMARY KEY, claims BIGINT);
CREATE TABLE IF NOT EXISTS claim_groups (
    id VARCHAR, text VARCHAR, kind VARCHAR, unit VARCHAR, statements BIGINT, documents BIGINT,
    values_differ BOOLEAN, numbers_differ BOOLEAN, qualifiers_differ BOOLEAN, earliest VARCHAR,
    first_date VARCHAR
);
-- linked_to: the position of the statement this one was linked to (an alignment or the
-- similarity join said the two are one statement); NULL for position 0.  A group's links form
-- a tree, so this holds every link, and figures are compared only along them.
CREATE TABLE IF NOT EXISTS claim_statements (
    claim_group VARCHAR, claim VARCHAR, doc VARCHAR, position BIGINT, linked_to BIGINT
);
"""
)
# The claims stage's tables alone (store/claims.py recreates them when their layout changed).
CLAIMS_SCHEMA = SCHEMA[SCHEMA.index("-- claims stage") :]
# Per-document derived rows that go with their document (claims are extracted once per document).
CLAIM_TABLES = (("claims", "doc"), ("claim_docs", "doc"), ("claim_statements", "doc"))

# Columns added since copytrail 0.1: (table, column, type, its value in a row written before it,
# as SQL over that row).  A store made before them gets them when opened for writing
# (``ALTER TABLE … ADD COLUMN IF NOT EXISTS``, then the old rows filled in); opened read-only, it
# is read through temporary views that add them.  Each also goes last in its CREATE TABLE.
# 0.1 wrote a narrative's confidence as "level: reason" ("tied: …" for a tie, now level low).
_OLD_LEVEL = (
    "CASE WHEN confidence IS NULL THEN NULL WHEN confidence LIKE 'tied%' THEN 'low' "
    "ELSE trim(split_part(confidence, ':', 1)) END"
)
ADDED_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    (
        "narratives", "confidence_reason", "VARCHAR",
        "CASE WHEN strpos(confidence, ':') > 0 THEN trim(substr(confidence, strpos(confidence, ':') + 1)) END",
    ),
    ("documents", "language", "VARCHAR", "NULL"),  # documents stored before it: language unread
    ("documents", "languages", "VARCHAR", "NULL"),  # documents stored before it: languages unread
    # groups stored before it: links unknown (read as no claims until the next scan regroups)
    ("claim_statements", "linked_to", "BIGINT", "NULL"),
)  # fmt: skip
# Columns whose meaning changed with an added column: (table, column, new value of an old row).
REWRITTEN_COLUMNS: dict[tuple[str, str], str] = {
    ("narratives", "confidence_reason"): f"confidence = {_OLD_LEVEL}",
}


def migrations_sql(present: dict[str, set[str]]) -> str:
    """The statements that bring a store with tables ``present`` (table → its columns) up to
    date: each missing column added, its old rows filled in (and any column it reshapes)."""
    out = []
    for table, column, kind, old_value in ADDED_COLUMNS:
        if table in present and column not in present[table]:
            out.append(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind};")
            sets = [f"{column} = {old_value}"]
            rewrite = REWRITTEN_COLUMNS.get((table, column))
            if rewrite:
                sets.append(rewrite)
            out.append(f"UPDATE {table} SET {', '.join(sets)};")
    return "\n".join(out)


def read_views_sql(present: dict[str, set[str]], database: str) -> str:
    """Temporary views that show a read-only store made before the added columns as if it had
    them (``database`` is the catalog name of the store's file)."""
    missing: dict[str, list[tuple[str, str, str]]] = {}
    for table, column, kind, old_value in ADDED_COLUMNS:
        if table in present and column not in present[table]:
            missing.setdefault(table, []).append((column, kind, old_value))
    out = []
    for table, columns in missing.items():
        replaced = [
            REWRITTEN_COLUMNS[(table, c)].split(" = ", 1)[::-1] for c, _, _ in columns
            if (table, c) in REWRITTEN_COLUMNS
        ]  # fmt: skip
        star = "*" if not replaced else "* REPLACE (" + ", ".join(f"{e} AS {n}" for e, n in replaced) + ")"
        added = ", ".join(f"CAST({value} AS {kind}) AS {c}" for c, kind, value in columns)
        out.append(f'CREATE OR REPLACE TEMP VIEW {table} AS SELECT {star}, {added} FROM "{database}".main.{table};')
    return "\n".join(out)


def migrate(con: Any, *, read_only: bool) -> None:
    """Bring the store open on ``con`` (a DuckDB connection) up to date: for writing, its
    missing columns added (``migrations_sql``); read-only, views that show them
    (``read_views_sql``).  Nothing is run for a store that has every column."""
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' "
        "AND table_catalog = current_database()"
    ).fetchall()
    present: dict[str, set[str]] = {}
    for table, column in rows:
        present.setdefault(table, set()).add(column)
    if read_only:
        (catalog,) = con.execute("SELECT current_database()").fetchone()
        sql = read_views_sql(present, str(catalog))
    else:
        sql = migrations_sql(present)
    if sql:
        con.execute(sql)
