"""Exports: the stored results as JSONL, CSV or Parquet, in the documented schema.

JSONL keeps the nested shape (``source`` / ``target`` objects); CSV and Parquet flatten it to
``source_doc``, ``source_path``, ... columns so spreadsheets and dataframes read it directly.
Parquet columns carry real types: dates are UTC timestamps, counts and offsets integers.
Files are written whole or not at all (:mod:`copytrail.outputs.files`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from copytrail.errors import UsageError
from copytrail.outputs.files import atomic_path, is_stdout, text_output
from copytrail.outputs.languages import add_side_languages
from copytrail.outputs.view import narrative_labels
from copytrail.records import date_precision
from copytrail.store import Store, queries

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("alignments", "documents", "narratives", "boilerplate")


# A narrative member's fields in the export, in this order (a public format); the last two say
# how a date converted from another calendar was stated (else null).
MEMBER_FIELDS = (
    "doc", "path", "start", "end", "published", "date_source", "outlet", "title", "record", "url",
    "published_raw", "published_calendar",
)  # fmt: skip

# Parquet column types that are not left to inference (a column of only nulls has no type).
TIMESTAMP_COLUMNS = frozenset({"published", "first_date", "last_date", "member_published"})
INTEGER_COLUMNS = frozenset({
    "chars", "words", "documents", "outlets", "undated", "member_start", "member_end",
    "source_start", "source_end", "target_start", "target_end", "matched_words",
})  # fmt: skip
BOOLEAN_COLUMNS = frozenset({"source_is_earlier", "member_earliest"})
FLOAT_COLUMNS = frozenset({"score"})


def alignment_rows(store: Store, with_text: bool = False, held_out: bool = False) -> Iterator[dict[str, Any]]:
    """Alignments in the nested shape; ``with_text`` adds each side's passage text.  Each side
    says its language (``outputs.languages``: the passage's own where its document mixes them).
    ``held_out``: the passages held out as outlets' boilerplate instead."""
    rows = queries.alignments_with_paths(store, with_text=with_text, held_out=held_out)
    add_side_languages(store, rows)
    for r in rows:
        yield {
            "source": _side(r, "source", with_text),
            "target": _side(r, "target", with_text),
            "kind": r["kind"],
            "score": r["score"],
            "matched_words": r["matched_words"],
            "source_is_earlier": bool(r["source_is_earlier"]),
            "narrative": r["narrative"],
        }


def _side(r: dict[str, Any], side: str, with_text: bool = False) -> dict[str, Any]:
    """One side of an alignment: its document, where it is cited from (path, record, url), the
    span, and the language it is written in (None: its document's languages were not read)."""
    out = {
        "doc": r[f"{side}_doc"], "path": r[f"{side}_path"], "start": r[f"{side}_start"], "end": r[f"{side}_end"],
        "record": r[f"{side}_record"], "url": r[f"{side}_url"], "language": r[f"{side}_language"],
    }  # fmt: skip
    if with_text:
        out["text"] = r[f"{side}_text"]
    return out


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
    """Narratives with their title and a snippet of the reused text (to tell them apart), and
    their members."""
    members: dict[str, list[dict[str, Any]]] = {}
    for m in queries.narrative_members(store):
        members.setdefault(m["narrative"], []).append(with_precision({k: m[k] for k in MEMBER_FIELDS}))
    labels = narrative_labels(store)
    for n in queries.ranked_narratives(store):
        earliest = n["earliest"].split(",") if n["earliest"] else []
        label = labels.get(n["id"])
        yield {
            "narrative": n["id"],
            "title": label.title if label else None,
            "snippet": label.snippet if label else None,
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


def rows_for(table: str, store: Store, with_text: bool = False) -> Iterator[dict[str, Any]]:
    """The rows of one table; ``with_text`` puts the passage text on alignment rows."""
    if table == "alignments":
        return alignment_rows(store, with_text)
    if table == "boilerplate":
        return alignment_rows(store, with_text, held_out=True)
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


def arrow_table(flat: list[dict[str, Any]]) -> Any:
    """Flat rows as an Arrow table with real types: timestamps (UTC), integers, booleans."""
    import pyarrow as pa

    from copytrail.stages.network import parse_time

    names = list(flat[0]) if flat else []
    columns = {}
    for name in names:
        values = [row.get(name) for row in flat]
        if name in TIMESTAMP_COLUMNS:
            columns[name] = pa.array([parse_time(v) for v in values], type=pa.timestamp("us", tz="UTC"))
        elif name in INTEGER_COLUMNS:
            columns[name] = pa.array(values, type=pa.int64())
        elif name in BOOLEAN_COLUMNS:
            columns[name] = pa.array(values, type=pa.bool_())
        elif name in FLOAT_COLUMNS:
            columns[name] = pa.array(values, type=pa.float64())
        elif all(v is None or isinstance(v, str) for v in values):
            columns[name] = pa.array(values, type=pa.string())
        else:
            columns[name] = pa.array(values)
    return pa.table(columns) if columns else pa.table({})


def write_rows(rows: Iterable[dict[str, Any]], table: str, fmt: str, out: str | None) -> int:
    """Write rows to ``out`` (standard output when None or '-'); returns how many were written.

    A file is written to a temporary name and renamed when complete, so an export stopped
    midway leaves the previous file unchanged."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if is_stdout(out):
            raise UsageError("parquet needs an output file: add -o FILE")
        import pyarrow.parquet as pq

        flat = [f for row in rows for f in flatten(row, table)]
        with atomic_path(str(out)) as temporary:
            pq.write_table(arrow_table(flat), str(temporary))
        return len(flat)
    count = 0
    with text_output(out) as handle:
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


def export(store: Store, table: str, fmt: str = "jsonl", out: str | None = None, with_text: bool = False) -> int:
    """Export one table of results; the CLI's ``export`` command calls exactly this."""
    return write_rows(rows_for(table, store, with_text), table, fmt, out)
