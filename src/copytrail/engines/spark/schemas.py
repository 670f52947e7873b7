"""The Arrow schemas of the tables passed between Spark and copytrail's stage functions."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from copytrail.store.schema import EXPORTED_DOCUMENT_COLUMNS

#: Tables written under OUTPUT (the first three in the schema of ``copytrail export``).
OUTPUT_TABLES = (
    "documents",
    "alignments",
    "narratives",
    "narrative_members",
    "document_sources",
    "band_keys",
    "errors",
    "manifest",
)

PARSED_FIELDS: list[tuple[str, pa.DataType]] = [
    ("id", pa.string()),
    ("source_key", pa.string()),
    ("file", pa.string()),
    ("path", pa.string()),
    ("fmt", pa.string()),
    ("url", pa.string()),
    ("outlet", pa.string()),
    ("title", pa.string()),
    ("author", pa.string()),
    ("published", pa.string()),
    ("date_source", pa.string()),
    ("sha1", pa.string()),
    ("text", pa.string()),
    ("chars", pa.int64()),
    ("words", pa.int64()),
    ("extra", pa.string()),
    ("language", pa.string()),
    ("languages", pa.string()),
    ("seq", pa.int64()),
    ("line", pa.int64()),
    ("keys", pa.list_(pa.int64())),
    ("parse_ns", pa.int64()),
    ("sketch_ns", pa.int64()),
    ("notes", pa.list_(pa.string())),  # why its date was not kept as stated (errors rows "kept ...")
    ("error", pa.string()),
]
PARSED = pa.schema(PARSED_FIELDS)

ALIGNED = pa.schema(
    [
        ("a", pa.string()),
        ("b", pa.string()),
        ("align_ns", pa.int64()),
        ("source_doc", pa.string()),
        ("source_start", pa.int64()),
        ("source_end", pa.int64()),
        ("target_doc", pa.string()),
        ("target_start", pa.int64()),
        ("target_end", pa.int64()),
        ("kind", pa.string()),
        ("score", pa.float64()),
        ("matched_words", pa.int64()),
        ("ordered", pa.bool_()),
    ]
)

ALIGNMENT_KEY = [
    "source_doc",
    "source_start",
    "source_end",
    "target_doc",
    "target_start",
    "target_end",
]

SPANS = pa.schema(
    [(name, pa.string() if name.endswith("doc") else pa.int64()) for name in ALIGNMENT_KEY]
    + [("side", pa.int32()), ("doc", pa.string()), ("start", pa.int64()), ("end", pa.int64())]
)
ASSIGNED = pa.schema(
    list(SPANS) + [pa.field("p_start", pa.int64()), pa.field("p_end", pa.int64())]
)

MEMBERS = pa.schema(
    [
        ("component", pa.string()),
        ("narrative", pa.string()),
        ("earliest", pa.string()),
        ("earliest_status", pa.string()),
        ("confidence", pa.string()),
        ("confidence_reason", pa.string()),
        ("documents", pa.int64()),
        ("outlets", pa.int64()),
        ("first_date", pa.string()),
        ("last_date", pa.string()),
        ("undated", pa.int64()),
        ("doc", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
    ]
)


def spark_schema(schema: pa.Schema) -> Any:
    """The Spark StructType of an Arrow schema (the one place the two type systems meet)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)

# The Spark engine's ``documents`` output: the columns the exports give, in their order.
DOCUMENT_COLUMNS = EXPORTED_DOCUMENT_COLUMNS
