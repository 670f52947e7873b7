"""Exports: the stored results as JSONL, CSV or Parquet, in the documented schema.

JSONL keeps the nested shape (``source`` / ``target`` objects); CSV and Parquet flatten it to
``source_doc``, ``source_path``, ... columns so spreadsheets and dataframes read it directly.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from copytrail.errors import UsageError
from copytrail.store import Store, queries

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("alignments", "documents", "narratives")


# A narrative member's fields in the export, in this order (a public format).
MEMBER_FIELDS = ("doc", "path", "start", "end", "published", "date_source", "outlet", "title")


def alignment_rows(store: Store) -> Iterator[dict[str, Any]]:
    for r in queries.alignments_with_paths(store):
        yield {
            "source": {"doc": r["source_doc"], "path": r["source_path"], "start": r["source_start"], "end": r["source_end"]},
            "target": {"doc": r["target_doc"], "path": r["target_path"], "start": r["target_start"], "end": r["target_end"]},
            "kind": r["kind"],
            "score": r["score"],
            "matched_words": r["matched_words"],
            "source_is_earlier": bool(r["source_is_earlier"]),
            "narrative": r["narrative"],
        }


def document_rows(store: Store, with_text: bool = True) -> Iterator[dict[str, Any]]:
    for r in queries.exported_documents(store, with_text):
        r["extra"] = json.loads(r["extra"]) if r["extra"] else {}
        yield r


def narrative_rows(store: Store) -> Iterator[dict[str, Any]]:
    members: dict[str, list[dict[str, Any]]] = {}
    for m in queries.narrative_members(store):
        members.setdefault(m["narrative"], []).append({k: m[k] for k in MEMBER_FIELDS})
    for n in queries.ranked_narratives(store):
        earliest = n["earliest"].split(",") if n["earliest"] else []
        yield {
            "narrative": n["id"],
            "earliest": earliest,
            "earliest_status": n["earliest_status"],
            "confidence": n["confidence"],
            "documents": n["documents"],
            "outlets": n["outlets"],
            "first_date": n["first_date"],
            "last_date": n["last_date"],
            "undated": n["undated"],
            "members": [{**m, "earliest": m["doc"] in earliest} for m in members.get(n["id"], [])],
        }


def rows_for(table: str, store: Store) -> Iterator[dict[str, Any]]:
    if table == "alignments":
        return alignment_rows(store)
    if table == "documents":
        return document_rows(store)
    if table == "narratives":
        return narrative_rows(store)
    raise UsageError(f"unknown export {table!r}; choose one of {', '.join(TABLES)}")


def flatten(row: dict[str, Any], table: str) -> Iterator[dict[str, Any]]:
    """Rows for tabular formats: nested objects become prefixed columns, members one row each."""
    if table == "narratives":
        base = {k: v for k, v in row.items() if k != "members"}
        base["earliest"] = ",".join(base["earliest"])
        for member in row["members"]:
            yield {**base, **{f"member_{k}": v for k, v in member.items()}}
        return
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict) and key != "extra":
            for sub, inner in value.items():
                flat[f"{key}_{sub}"] = inner
        elif key == "extra":
            flat[key] = json.dumps(value, ensure_ascii=False, default=str)
        else:
            flat[key] = value
    yield flat


def write_rows(rows: Iterable[dict[str, Any]], table: str, fmt: str, out: str | None) -> int:
    """Write rows to ``out`` (standard output when None or '-'); returns how many were written."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    to_stdout = out in (None, "-")
    if fmt == "parquet":
        if to_stdout:
            raise UsageError("parquet needs an output file: add -o FILE")
        flat = [f for row in rows for f in flatten(row, table)]
        pq.write_table(pa.Table.from_pylist(flat), str(out))
        return len(flat)
    handle: IO[str] = sys.stdout if to_stdout else open(Path(str(out)), "w", encoding="utf-8", newline="")  # noqa: SIM115
    try:
        count = 0
        if fmt == "jsonl":
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                count += 1
        else:
            writer: csv.DictWriter[str] | None = None
            for row in rows:
                for flat in flatten(row, table):
                    if writer is None:
                        writer = csv.DictWriter(handle, fieldnames=list(flat))
                        writer.writeheader()
                    writer.writerow(flat)
                    count += 1
        return count
    finally:
        if not to_stdout:
            handle.close()


def export(store: Store, table: str, fmt: str = "jsonl", out: str | None = None) -> int:
    """Export one table of results; the CLI's ``export`` command calls exactly this."""
    return write_rows(rows_for(table, store), table, fmt, out)
