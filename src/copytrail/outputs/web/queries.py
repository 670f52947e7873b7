"""Read queries shared by the web pages and the JSON API, so both always agree.

Every query is parameterised (user input never becomes SQL text) and every list is paged.
"""

from __future__ import annotations

import re
from typing import Any

from copytrail.store import Store

DOC_FIELDS = "id, path, fmt, url, outlet, title, author, published, date_source, chars, words, duplicate_of"
_ALIGNMENT_ID = re.compile(r"^([A-Za-z0-9_-]{1,64}):(\d{1,12}):([A-Za-z0-9_-]{1,64}):(\d{1,12})$")


def alignment_id(row: dict[str, Any]) -> str:
    """A stable id for an alignment (the table has none): both documents and start offsets."""
    return f"{row['source_doc']}:{row['source_start']}:{row['target_doc']}:{row['target_start']}"


def parse_alignment_id(value: str) -> tuple[str, int, str, int] | None:
    match = _ALIGNMENT_ID.match(value)
    if not match:
        return None
    return match[1], int(match[2]), match[3], int(match[4])


def _like(q: str) -> str:
    """A substring pattern for ILIKE with the wildcard characters of ``q`` taken literally."""
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def list_documents(store: Store, q: str | None, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Documents, newest first, optionally searched in title, outlet, author, path and text."""
    where, params = "", []
    if q and q.strip():
        pattern = _like(q.strip())
        where = (
            "WHERE title ILIKE ? ESCAPE '\\' OR outlet ILIKE ? ESCAPE '\\' OR author ILIKE ? ESCAPE '\\' "
            "OR path ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\'"
        )
        params = [pattern] * 5
    total = store.query(f"SELECT count(*) AS n FROM documents {where}", params)[0]["n"]  # noqa: S608
    rows = store.query(
        f"SELECT {DOC_FIELDS}, "  # noqa: S608 - fixed column list
        "(SELECT count(*) FROM alignments a WHERE a.source_doc = d.id OR a.target_doc = d.id) AS passages "
        f"FROM documents d {where} ORDER BY published DESC NULLS LAST, seq LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return rows, int(total)


def get_document(store: Store, doc_id: str) -> dict[str, Any] | None:
    rows = store.query(f"SELECT {DOC_FIELDS}, text FROM documents WHERE id = ?", [doc_id])  # noqa: S608
    return rows[0] if rows else None


def document_alignments(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Every passage of ``doc_id`` reused elsewhere or taken from elsewhere, with the other side."""
    rows = store.query(
        "SELECT a.*, o.id AS other_id, o.title AS other_title, o.outlet AS other_outlet, "
        "o.published AS other_published, o.path AS other_path, o.url AS other_url "
        "FROM alignments a JOIN documents o ON o.id = CASE WHEN a.source_doc = ? THEN a.target_doc ELSE a.source_doc END "
        "WHERE a.source_doc = ? OR a.target_doc = ? "
        "ORDER BY CASE WHEN a.source_doc = ? THEN a.source_start ELSE a.target_start END",
        [doc_id, doc_id, doc_id, doc_id],
    )
    for r in rows:
        r["id"] = alignment_id(r)
        mine_is_source = r["source_doc"] == doc_id
        r["role"] = "source" if mine_is_source else "target"
        r["start"], r["end"] = (
            (r["source_start"], r["source_end"]) if mine_is_source else (r["target_start"], r["target_end"])
        )
    return rows


def list_narratives(store: Store, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    total = store.query("SELECT count(*) AS n FROM narratives")[0]["n"]
    rows = store.query(
        "SELECT n.*, (SELECT coalesce(d.title, d.path) FROM documents d "
        "  WHERE d.id = split_part(n.earliest, ',', 1)) AS earliest_title "
        "FROM narratives n ORDER BY documents DESC, outlets DESC, first_date NULLS LAST, id LIMIT ? OFFSET ?",
        [limit, offset],
    )
    for r in rows:
        r["earliest"] = r["earliest"].split(",") if r["earliest"] else []
    return rows, int(total)


def get_narrative(store: Store, narrative_id: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM narratives WHERE id = ?", [narrative_id])
    if not rows:
        return None
    n = rows[0]
    n["earliest"] = n["earliest"].split(",") if n["earliest"] else []
    n["members"] = store.query(
        'SELECT m.doc, m.start, m."end", d.title, d.outlet, d.author, d.published, d.date_source, d.url, d.path '
        "FROM narrative_members m JOIN documents d ON d.id = m.doc WHERE m.narrative = ? "
        "ORDER BY d.published NULLS LAST, d.path, m.start",
        [narrative_id],
    )
    for m in n["members"]:
        m["earliest"] = m["doc"] in n["earliest"]
    return n


def list_alignments(
    store: Store, limit: int, offset: int, narrative: str | None = None, doc: str | None = None
) -> tuple[list[dict[str, Any]], int]:
    clauses, params = [], []
    if narrative:
        clauses.append("narrative = ?")
        params.append(narrative)
    if doc:
        clauses.append("(source_doc = ? OR target_doc = ?)")
        params += [doc, doc]
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    total = store.query(f"SELECT count(*) AS n FROM alignments {where}", params)[0]["n"]  # noqa: S608
    rows = store.query(
        f"SELECT * FROM alignments {where} "  # noqa: S608 - clauses are fixed text
        "ORDER BY narrative NULLS LAST, source_doc, source_start, target_doc, target_start LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    for r in rows:
        r["id"] = alignment_id(r)
    return rows, int(total)


def get_alignment(store: Store, aid: str) -> dict[str, Any] | None:
    key = parse_alignment_id(aid)
    if key is None:
        return None
    rows = store.query(
        "SELECT * FROM alignments WHERE source_doc = ? AND source_start = ? AND target_doc = ? AND target_start = ? "
        "LIMIT 1",
        list(key),
    )
    if not rows:
        return None
    row = rows[0]
    row["id"] = alignment_id(row)
    return row


def summary(store: Store) -> dict[str, int]:
    return store.counts()


def alignment_json(r: dict[str, Any]) -> dict[str, Any]:
    """An alignment in the export's nested shape, plus its id."""
    return {
        "id": r["id"],
        "source": {"doc": r["source_doc"], "start": r["source_start"], "end": r["source_end"]},
        "target": {"doc": r["target_doc"], "start": r["target_start"], "end": r["target_end"]},
        "kind": r["kind"],
        "score": r["score"],
        "matched_words": r["matched_words"],
        "source_is_earlier": bool(r["ordered"]),
        "narrative": r["narrative"],
    }
