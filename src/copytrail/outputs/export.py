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
from copytrail.records import date_precision
from copytrail.store import Store, queries

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("alignments", "documents", "narratives")


# A narrative member's fields in the export, in this order (a public format).
MEMBER_FIELDS = ("doc", "path", "start", "end", "published", "date_source", "outlet", "title", "record", "url")


def alignment_rows(store: Store) -> Iterator[dict[str, Any]]:
    for r in queries.alignments_with_paths(store):
        yield {
            "source": _side(r, "source"),
            "target": _side(r, "target"),
            "kind": r["kind"],
            "score": r["score"],
            "matched_words": r["matched_words"],
            "source_is_earlier": bool(r["source_is_earlier"]),
            "narrative": r["narrative"],
        }


def _side(r: dict[str, Any], side: str) -> dict[str, Any]:
    """One side of an alignment: its document, where it is cited from (path, record, url), the span."""
    return {
        "doc": r[f"{side}_doc"], "path": r[f"{side}_path"], "start": r[f"{side}_start"], "end": r[f"{side}_end"],
        "record": r[f"{side}_record"], "url": r[f"{side}_url"],
    }  # fmt: skip


def with_precision(row: dict[str, Any], published: str = "published", source: str = "date_source") -> dict[str, Any]:
    """``row`` with ``date_precision`` (day, minute, second; None when undated) placed right
    after its date source, so that every export says how precise each date is."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        out[key] = value
        if key == source:
            out[source.replace("date_source", "date_precision")] = date_precision(row.get(published))
    return out


def document_rows(store: Store, with_text: bool = True) -> Iterator[dict[str, Any]]:
    for r in queries.exported_documents(store, with_text):
        r["extra"] = json.loads(r["extra"]) if r["extra"] else {}
        yield with_precision(r)


def narrative_rows(store: Store) -> Iterator[dict[str, Any]]:
    members: dict[str, list[dict[str, Any]]] = {}
    for m in queries.narrative_members(store):
        members.setdefault(m["narrative"], []).append(with_precision({k: m[k] for k in MEMBER_FIELDS}))
    for n in queries.ranked_narratives(store):
        earliest = n["earliest"].split(",") if n["earliest"] else []
        yield {
            "narrative": n["id"],
            "earliest": earliest,
            "earliest_status": n["earliest_status"],
            "confidence": n["confidence"],
            "confidence_reason": n["confidence_reason"],
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
