"""Store access for the claims and network stages: SQL over the existing DuckDB connection.

Kept apart from :mod:`copytrail.store` so the claims stage can evolve its own tables
(``claims``, ``claim_groups``, ``claim_statements``) without touching the core schema.  The
tables are derived data: :func:`rebuild_claims` replaces them whole, like narratives.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from copytrail.claims import (
    Claim,
    ClaimGroup,
    MatchSettings,
    extract_claims,
    flatten_group_row,
    group_row,
    match_claims,
)
from copytrail.errors import UsageError
from copytrail.store import Store

CLAIMS_SCHEMA = """
CREATE TABLE IF NOT EXISTS claims (
    id VARCHAR, doc VARCHAR, kind VARCHAR, start BIGINT, "end" BIGINT,
    value_start BIGINT, value_end BIGINT, sentence_start BIGINT, sentence_end BIGINT,
    value DOUBLE, date_value VARCHAR, unit VARCHAR, unit_key VARCHAR, qualifier VARCHAR,
    entities VARCHAR, surface VARCHAR
);
CREATE TABLE IF NOT EXISTS claim_groups (
    id VARCHAR, text VARCHAR, kind VARCHAR, unit VARCHAR, statements BIGINT, documents BIGINT,
    values_differ BOOLEAN, numbers_differ BOOLEAN, qualifiers_differ BOOLEAN, earliest VARCHAR,
    first_date VARCHAR
);
CREATE TABLE IF NOT EXISTS claim_statements (
    claim_group VARCHAR, claim VARCHAR, doc VARCHAR, position BIGINT
);
"""
SETTINGS_KEY = "claims.settings"


@dataclass(frozen=True, slots=True)
class ClaimsResult:
    documents: int
    claims: int
    groups: int
    differ: int


def ensure_tables(store: Store) -> None:
    """Create the claims tables when missing (needs a writable store)."""
    store.con.execute(CLAIMS_SCHEMA)


def has_claims(store: Store) -> bool:
    tables = {r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return "claim_groups" in tables


def load_documents(store: Store) -> list[dict[str, Any]]:
    """Original documents (exact duplicates left out: their claims are their original's)."""
    return store.query(
        "SELECT id, path, source_key, published, date_source, text FROM documents "
        "WHERE duplicate_of IS NULL ORDER BY seq"
    )


def compute_claims(
    store: Store, settings: MatchSettings | None = None, entities: str = "auto"
) -> tuple[list[Claim], list[ClaimGroup], int]:
    """Extract every document's claims and group them, using the stored alignments."""
    docs = load_documents(store)
    claims: list[Claim] = []
    finder_mode = entities
    for d in docs:
        claims.extend(extract_claims(d["text"] or "", d["id"], published=d["published"], entities=finder_mode))
    groups = match_claims(
        claims,
        store.all_alignments(),
        settings,
        paths={d["id"]: d["path"] for d in docs},
        published={d["id"]: d["published"] for d in docs},
    )
    return claims, groups, len(docs)


def rebuild_claims(
    store: Store, settings: MatchSettings | None = None, entities: str = "auto"
) -> ClaimsResult:
    """Recompute claims and claim groups and replace the stored ones (one transaction)."""
    settings = settings or MatchSettings()
    claims, groups, ndocs = compute_claims(store, settings, entities)
    ensure_tables(store)
    with store.transaction():
        store.con.execute("DELETE FROM claims")
        store.con.execute("DELETE FROM claim_groups")
        store.con.execute("DELETE FROM claim_statements")
        if claims:
            table = pa.table(
                {
                    "id": [c.id for c in claims],
                    "doc": [c.doc for c in claims],
                    "kind": [c.kind for c in claims],
                    "start": [c.start for c in claims],
                    "end": [c.end for c in claims],
                    "value_start": [c.value_start for c in claims],
                    "value_end": [c.value_end for c in claims],
                    "sentence_start": [c.sentence_start for c in claims],
                    "sentence_end": [c.sentence_end for c in claims],
                    "value": [c.value if isinstance(c.value, float) else None for c in claims],
                    "date_value": [c.value if isinstance(c.value, str) else None for c in claims],
                    "unit": [c.unit for c in claims],
                    "unit_key": [c.unit_key for c in claims],
                    "qualifier": [c.qualifier for c in claims],
                    "entities": [json.dumps(list(c.entities), ensure_ascii=False) for c in claims],
                    "surface": [c.surface for c in claims],
                }
            )
            store.con.register("_claims", table)
            store.con.execute("INSERT INTO claims SELECT * FROM _claims")
            store.con.unregister("_claims")
        if groups:
            store.con.executemany(
                "INSERT INTO claim_groups VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        g.id, g.text, g.kind, g.unit, len(g.statements),
                        len({s.claim.doc for s in g.statements}), g.values_differ, g.numbers_differ,
                        g.qualifiers_differ, ",".join(s.claim.id for s in g.earliest) or None,
                        g.earliest[0].published if g.earliest else None,
                    )
                    for g in groups
                ],
            )
            store.con.executemany(
                "INSERT INTO claim_statements VALUES (?, ?, ?, ?)",
                [(g.id, s.claim.id, s.claim.doc, k) for g in groups for k, s in enumerate(g.statements)],
            )
        store.set_meta(SETTINGS_KEY, json.dumps(asdict(settings), sort_keys=True))
    return ClaimsResult(ndocs, len(claims), len(groups), sum(g.values_differ for g in groups))


def claim_rows(store: Store, differ_only: bool = False) -> Iterator[dict[str, Any]]:
    """Claim groups in the export schema, read from the tables (computed on the fly when absent,
    so a read-only store still exports)."""
    if not has_claims(store):
        _claims, groups, _n = compute_claims(store)
        for g in groups:
            if g.values_differ or not differ_only:
                yield group_row(g)
        return
    where = "WHERE g.values_differ" if differ_only else ""
    groups = store.query(f"SELECT * FROM claim_groups g {where} ORDER BY NOT values_differ, statements DESC, id")  # noqa: S608 - fixed text
    rows = store.query(
        'SELECT s.claim_group, s.position, c.*, d.path, d.published FROM claim_statements s '
        "JOIN claims c ON c.id = s.claim JOIN documents d ON d.id = c.doc "
        "ORDER BY s.claim_group, s.position"
    )
    by_group: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        value: Any = r["date_value"] if r["kind"] == "date" else r["value"]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        by_group.setdefault(r["claim_group"], []).append(
            {
                "doc": r["doc"], "path": r["path"], "start": r["start"], "end": r["end"],
                "value_start": r["value_start"], "value_end": r["value_end"], "surface": r["surface"],
                "value": value, "qualifier": r["qualifier"], "unit": r["unit"],
                "published": r["published"], "entities": json.loads(r["entities"] or "[]"),
            }
        )
    for g in groups:
        earliest_claims = set((g["earliest"] or "").split(","))
        statements = by_group.get(g["id"], [])
        yield {
            "claim": g["id"], "text": g["text"], "kind": g["kind"], "unit": g["unit"],
            "values_differ": bool(g["values_differ"]), "numbers_differ": bool(g["numbers_differ"]),
            "qualifiers_differ": bool(g["qualifiers_differ"]),
            "earliest": sorted({r["doc"] for r in rows if r["claim_group"] == g["id"] and r["id"] in earliest_claims}),
            "statements": statements,
        }


def export_claims(store: Store, fmt: str = "jsonl", out: str | None = None, differ_only: bool = False) -> int:
    """Write claim groups as JSONL (nested) or CSV (one statement a row); returns rows written."""
    if fmt not in ("jsonl", "csv"):
        raise UsageError(f"unknown claims format {fmt!r}; choose jsonl or csv")
    to_stdout = out in (None, "-")
    handle: IO[str] = sys.stdout if to_stdout else open(Path(str(out)), "w", encoding="utf-8", newline="")  # noqa: SIM115
    count = 0
    try:
        writer: csv.DictWriter[str] | None = None
        for row in claim_rows(store, differ_only):
            if fmt == "jsonl":
                handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                count += 1
                continue
            for flat in flatten_group_row(row):
                if writer is None:
                    writer = csv.DictWriter(handle, fieldnames=list(flat), extrasaction="ignore")
                    writer.writeheader()
                writer.writerow(flat)
                count += 1
    finally:
        if not to_stdout:
            handle.close()
    return count
