"""What the report shows, gathered from the store as plain JSON-ready data.

Everything heavy is aggregated in DuckDB; Python only walks the (bounded) top narratives,
so a store of 10k documents still builds in seconds.
"""

from __future__ import annotations

import os
from collections import defaultdict
from typing import Any

from copytrail.outputs.report.spans import side_by_side
from copytrail.store import Store

TOP_NARRATIVES = 200  # narratives whose side-by-sides are embedded
PAIRS_PER_NARRATIVE = 10  # member pairs shown per embedded narrative
MAX_ERRORS = 500  # failed inputs listed (the count is always exact)


def _scalar(store: Store, sql: str, params: list[Any] | None = None) -> Any:
    rows = store.query(sql, params or [])
    return next(iter(rows[0].values())) if rows else None


def corpus_summary(store: Store) -> dict[str, Any]:
    """Corpus at a glance: sizes, outlets, dates, how much text is reused, what failed."""
    docs = store.query(
        "SELECT count(*) AS documents, count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS duplicates, "
        "count(DISTINCT outlet) AS outlets, count(*) FILTER (WHERE outlet IS NULL) AS no_outlet, "
        "coalesce(sum(chars) FILTER (WHERE duplicate_of IS NULL), 0) AS chars, "
        "min(published) AS first_date, max(published) AS last_date, "
        "count(*) FILTER (WHERE published IS NULL) AS undated FROM documents"
    )[0]
    by_source = store.query(
        "SELECT date_source, count(*) AS n FROM documents GROUP BY date_source ORDER BY n DESC"
    )
    reused = _scalar(
        store,
        "WITH spans AS ("
        "  SELECT source_doc AS doc, source_start AS s, source_end AS e FROM alignments "
        "  UNION ALL SELECT target_doc, target_start, target_end FROM alignments), "
        "ordered AS (SELECT s, e, max(e) OVER (PARTITION BY doc ORDER BY s, e "
        "  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev FROM spans) "
        "SELECT coalesce(sum(greatest(0, e - greatest(s, coalesce(prev, s)))), 0) FROM ordered",
    )
    counts = store.query(
        "SELECT (SELECT count(*) FROM alignments) AS alignments, "
        "(SELECT count(*) FROM narratives) AS narratives, (SELECT count(*) FROM errors) AS errors"
    )[0]
    errors = store.query(
        "SELECT path, line, reason FROM errors ORDER BY path, line NULLS FIRST LIMIT ?", [MAX_ERRORS]
    )
    chars = int(docs["chars"] or 0)
    return {
        **{k: docs[k] for k in ("documents", "duplicates", "outlets", "no_outlet", "undated")},
        "first_date": docs["first_date"],
        "last_date": docs["last_date"],
        "date_sources": [{"source": r["date_source"], "documents": r["n"]} for r in by_source],
        "chars": chars,
        "reused_chars": int(reused or 0),
        "reused_share": (int(reused or 0) / chars) if chars else 0.0,
        **counts,
        "error_rows": errors,
    }


def _label(doc: dict[str, Any]) -> str:
    return doc.get("title") or os.path.basename(doc.get("path") or "") or doc["id"]


def narratives_data(
    store: Store, top: int = TOP_NARRATIVES, pairs_per: int = PAIRS_PER_NARRATIVE
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Narratives ranked by spread, with members, and side-by-sides for the top ``top``.

    Returns the narratives and a map of the documents they mention (kept once, referenced by id,
    so a document in many narratives does not repeat its metadata).
    """
    rows = store.query(
        "SELECT * FROM narratives ORDER BY documents DESC, outlets DESC, first_date NULLS LAST, id"
    )
    members: dict[str, list[str]] = defaultdict(list)
    for m in store.query(
        "SELECT m.narrative, m.doc FROM narrative_members m JOIN documents d ON d.id = m.doc "
        "ORDER BY m.narrative, d.published NULLS LAST, d.path, m.start"
    ):
        if m["doc"] not in members[m["narrative"]]:
            members[m["narrative"]].append(m["doc"])
    docs = {
        d["id"]: d
        for d in store.query(
            "SELECT id, path, outlet, title, author, published, date_source, url FROM documents "
            "WHERE id IN (SELECT doc FROM narrative_members)"
        )
    }
    for d in docs.values():
        d["label"] = _label(d)
    top_ids = [r["id"] for r in rows[:top]]
    pairs = _pairs(store, top_ids, pairs_per)
    out = []
    for rank, r in enumerate(rows, start=1):
        earliest = r["earliest"].split(",") if r["earliest"] else []
        member_ids = members.get(r["id"], [])
        lead = next((docs[d] for d in earliest if d in docs), None) or next(
            (docs[d] for d in member_ids if d in docs), None
        )
        shown, total = pairs.get(r["id"], ([], 0))
        out.append(
            {
                "id": r["id"],
                "rank": rank,
                "label": lead["label"] if lead else r["id"],
                "documents": r["documents"],
                "outlets": r["outlets"],
                "first_date": r["first_date"],
                "last_date": r["last_date"],
                "undated": r["undated"],
                "earliest": earliest,
                "earliest_status": r["earliest_status"],
                "confidence": r["confidence"],
                "members": member_ids,
                "pairs": shown,
                "pairs_total": total,
                "embedded": rank <= top,
            }
        )
    return out, docs


def _pairs(
    store: Store, narrative_ids: list[str], per: int
) -> dict[str, tuple[list[dict[str, Any]], int]]:
    """The strongest member pairs of each narrative with their passages diffed word by word."""
    if not narrative_ids:
        return {}
    rows = store.query(
        "WITH ranked AS (SELECT narrative, source_doc, target_doc, sum(matched_words) AS words, "
        "  count(*) OVER (PARTITION BY narrative) AS total, "
        "  row_number() OVER (PARTITION BY narrative ORDER BY sum(matched_words) DESC, "
        "    source_doc, target_doc) AS rn "
        "  FROM alignments WHERE narrative IN (SELECT unnest(?::VARCHAR[])) "
        "  GROUP BY narrative, source_doc, target_doc) "
        "SELECT a.*, r.rn, r.total FROM alignments a JOIN ranked r USING (narrative, source_doc, target_doc) "
        "WHERE r.rn <= ? ORDER BY a.narrative, r.rn, a.source_start",
        [narrative_ids, per],
    )
    texts = store.texts(sorted({r["source_doc"] for r in rows} | {r["target_doc"] for r in rows}))
    out: dict[str, tuple[list[dict[str, Any]], int]] = {}
    for r in rows:
        shown, _ = out.setdefault(r["narrative"], ([], int(r["total"])))
        if not shown or (shown[-1]["source"], shown[-1]["target"]) != (r["source_doc"], r["target_doc"]):
            shown.append(
                {"source": r["source_doc"], "target": r["target_doc"], "ordered": bool(r["ordered"]), "passages": []}
            )
        view = side_by_side(
            texts.get(r["source_doc"], ""),
            (r["source_start"], r["source_end"]),
            texts.get(r["target_doc"], ""),
            (r["target_start"], r["target_end"]),
        )
        shown[-1]["passages"].append(
            {"kind": r["kind"], "score": r["score"], "matched_words": r["matched_words"], **view}
        )
    return out


def plot_date(published: str | None) -> str | None:
    """An ISO date as plotly's date axis reads it (no zone suffix), or None when unusable."""
    if not published or len(published) < 10 or not published[:4].isdigit():
        return None
    return published[:19].replace("T", " ")
