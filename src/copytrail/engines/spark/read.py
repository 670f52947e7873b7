"""Ingest on Spark: input records read with their line and order, parsed, sketched, deduplicated.

The per-record work runs copytrail's own JSONL ingest and sketch in the Python workers, so a
record becomes the same ``Document`` with the same band keys as in a local scan.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pyarrow as pa

from copytrail.engines.spark.schemas import PARSED, PARSED_FIELDS
from copytrail.records import Document, InputProblem
from copytrail.settings import IngestSettings, ScanSettings
from copytrail.stages.ingest.guard import InputNote

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

_LINE_SHIFT = 32  # seq = file rank << 32 | line: ingest order across files, then lines


def _location(uri: str, base: str | None) -> tuple[str, str]:
    """``(source file, shown path)`` of an input URI, as the local engine names a local file.

    A local file is keyed by its resolved path (``Path.resolve().as_posix()``, like
    ``ingest.read_file``) and shown as the local engine shows it: relative to the corpus root
    ``base`` when one is given and the file lies under it, else absolute (never relative to a
    working directory); a file on another filesystem (hdfs://, s3a://) is both keyed and
    shown by its URI.
    """
    from copytrail.engines.housekeeping import shown_path

    parts = urlsplit(uri)
    if parts.scheme in ("", "file"):
        local = Path(unquote(parts.path)).resolve().as_posix()
        return local, shown_path(local, base)
    return uri, uri


def _json_error(payload: str) -> str | dict[str, Any]:
    """The record of one JSON line, or why it is not one (the local engine's reader and wording)."""
    from copytrail.stages import ingest

    return ingest.json_record(payload)


def parse_record(
    payload: str, source_file: str, shown: str, line: int, mtime: float, fmt: str,
    limits: IngestSettings | None = None, read_at: datetime | None = None,
) -> tuple[str | None, Document | InputProblem | None, list[str]]:
    """``(source key, document or error, notes)`` of one input record; ``(None, None, [])`` for
    a blank line.

    The per-line body of the local JSONL reader (``ingest.jsonl.read_records``): the same key from the
    record's ``id`` (or its line), the same HTML extraction and date reading under the scan's
    ``limits`` (``--day-first``, budgets), and the same notes on a date it did not keep as
    stated or states after ``read_at`` (the errors rows starting "kept").  Repeated ids are
    resolved later, across the whole file, by the caller.
    """
    from copytrail.stages import ingest
    from copytrail.stages.ingest.jsonl import record_events

    if ingest.blank_line(payload):
        return None, None, []
    record = _json_error(payload)
    if isinstance(record, str):
        return None, InputProblem(shown, record, line=line), []
    suffix, problem = ingest.jsonl_key(record, line, {})
    if problem:
        return None, InputProblem(shown, problem, line=line), []
    source_key = f"{source_file}{suffix}"
    *notes, item = record_events(record, source_key, shown, mtime, line, limits or IngestSettings(), read_at or datetime.now(UTC))
    if isinstance(item, Document) and fmt != "jsonl":
        item.fmt = fmt
    return source_key, item, [note.reason for note in notes if isinstance(note, InputNote)]


_HASHER: Any = None


def parse_batches(
    batches: Iterator[pa.RecordBatch], base: str | None, fmt: str, settings: ScanSettings
) -> Iterator[pa.RecordBatch]:
    """Records → documents with their band keys (or errors), one Arrow batch at a time."""
    import numpy as np

    from copytrail.stages.language import document_languages
    from copytrail.stages.segment import sketch_words
    from copytrail.stages.sketch import WordHasher, document_keys

    global _HASHER
    if _HASHER is None:
        _HASHER = WordHasher()  # word hashes cached across the batches of a worker
    locations: dict[str, tuple[str, str]] = {}
    read_at = datetime.now(UTC)  # a stated date after this is noted, as when a local scan reads a file
    for batch in batches:
        cols: dict[str, list[Any]] = {name: [] for name, _ in PARSED_FIELDS if name != "keys"}
        key_arrays: list[np.ndarray] = []
        data = batch.to_pydict()
        for payload, uri, line, seq, modified in zip(
            data["payload"], data["uri"], data["line"], data["seq"], data["modified"], strict=True
        ):
            if uri not in locations:
                locations[uri] = _location(uri, base)
            source_file, shown = locations[uri]
            started = time.perf_counter_ns()
            mtime = modified.timestamp() if modified is not None else 0.0
            source_key, item, notes = parse_record(payload or "", source_file, shown, line, mtime, fmt, settings.ingest, read_at)
            parsed = time.perf_counter_ns()
            if item is None:
                continue
            row: dict[str, Any] = dict.fromkeys(cols)
            row.update(source_key=source_key, file=source_file, path=shown, seq=seq, line=line, notes=notes)
            keys = np.empty(0, dtype=np.int64)
            if isinstance(item, InputProblem):
                row["error"] = item.reason
            else:
                norms, sentences = sketch_words(item.text)
                language, languages = document_languages(item.text, item.language)
                keys = document_keys(norms, _HASHER, settings.sketch, sentences)
                row.update(
                    id=item.id, fmt=item.fmt, url=item.url, outlet=item.outlet, title=item.title,
                    author=item.author, published=item.published, date_source=item.date_source,
                    sha1=item.sha1, text=item.text, chars=len(item.text), words=len(norms),
                    extra=json.dumps(item.extra, ensure_ascii=False, default=str),
                    language=language, languages=languages,
                )  # fmt: skip
            row["parse_ns"] = parsed - started
            row["sketch_ns"] = time.perf_counter_ns() - parsed
            for name, values in cols.items():
                values.append(row[name])
            key_arrays.append(keys)
        offsets = np.zeros(len(key_arrays) + 1, dtype=np.int32)
        np.cumsum([len(k) for k in key_arrays], out=offsets[1:])
        values = np.concatenate(key_arrays) if key_arrays else np.empty(0, dtype=np.int64)
        arrays = {
            name: pa.array(values_, type=PARSED.field(name).type) for name, values_ in cols.items()
        }
        arrays["keys"] = pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, pa.int64()))
        yield pa.RecordBatch.from_arrays([arrays[name] for name in PARSED.names], schema=PARSED)


def input_format(inputs: Sequence[str], fmt: str) -> str:
    if fmt != "auto":
        return fmt
    return (
        "parquet"
        if all(p.rstrip("/").lower().endswith((".parquet", ".pq")) for p in inputs)
        else "jsonl"
    )


def read_records(spark: SparkSession, inputs: Sequence[str], fmt: str = "auto") -> DataFrame:
    """Input records as ``payload`` (one JSON object), ``uri``, ``line``, ``seq``, ``modified``.

    ``line`` is the 1-based line of a JSONL record (blank lines counted, lines split on "\\n"
    only, as the local reader does) or the row of a Parquet record; ``seq`` orders records as
    the local engine ingests them: files in path order, then lines.  Both come from each file
    split's start offset and the row's position within its split, so files stay splittable.
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    fmt = input_format(inputs, fmt)
    if fmt == "parquet":
        source = spark.read.parquet(*inputs)
        payload = F.to_json(F.struct(*[F.col(f"`{c}`") for c in source.columns]))
    elif fmt == "jsonl":
        source = spark.read.option("lineSep", "\n").text(list(inputs))
        payload = F.col("value")
    else:
        raise ValueError(f"unknown input format {fmt!r} (expected auto, jsonl or parquet)")
    raw = source.select(
        payload.alias("payload"),
        F.col("_metadata.file_path").alias("uri"),
        F.col("_metadata.file_block_start").alias("block"),
        F.col("_metadata.file_modification_time").alias("modified"),
        F.monotonically_increasing_id().alias("mid"),
    )
    blocks = raw.groupBy("uri", "block").agg(
        F.min("mid").alias("first_mid"), F.count("*").alias("n")
    )
    earlier = Window.partitionBy("uri").orderBy("block").rowsBetween(Window.unboundedPreceding, -1)
    blocks = blocks.withColumn("offset", F.coalesce(F.sum("n").over(earlier), F.lit(0)))
    files = blocks.select("uri").distinct()
    files = files.withColumn("file_rank", F.row_number().over(Window.orderBy(F.split("uri", "/"))))
    blocks = blocks.join(files, "uri")
    line = F.col("offset") + F.col("mid") - F.col("first_mid") + F.lit(1)
    return (
        raw.join(F.broadcast(blocks), ["uri", "block"])
        .withColumn("line", line)
        .withColumn("seq", F.shiftleft(F.col("file_rank").cast("long"), _LINE_SHIFT) + line)
        .select("payload", "uri", "line", "seq", "modified")
    )


def resolve_documents(parsed: DataFrame) -> tuple[DataFrame, DataFrame]:
    """Documents after the local store's rules: first line wins a repeated id, first seq a text.

    Returns ``(documents with keys, errors)``.
    """
    from pyspark.sql import functions as F

    keyed = parsed.filter(F.col("source_key").isNotNull())
    first = keyed.groupBy("source_key").agg(
        F.min("line").alias("first_line"), F.count("*").alias("n")
    )
    first = first.filter(F.col("n") > 1).drop("n")
    parsed = parsed.join(first, "source_key", "left")
    repeated = F.col("first_line").isNotNull() & (F.col("line") > F.col("first_line"))
    ident = F.regexp_extract("source_key", r"#id=(.*)$", 1)
    duplicate_id = F.concat(
        F.lit("duplicate id '"),
        ident,
        F.lit("' (first on line "),
        F.col("first_line").cast("string"),
        F.lit(")"),
    )
    parsed = parsed.withColumn("error", F.when(repeated, duplicate_id).otherwise(F.col("error")))
    errors = parsed.filter(F.col("error").isNotNull()).select(
        "path", "line", F.col("error").alias("reason"), "file"
    )
    docs = parsed.filter(F.col("error").isNull()).drop("first_line", "error")
    originals = docs.groupBy("sha1").agg(
        F.min_by("id", "seq").alias("original"), F.count("*").alias("n")
    )
    originals = originals.filter(F.col("n") > 1).drop("n")
    docs = docs.join(originals, "sha1", "left").withColumn(
        "duplicate_of",
        F.when(
            F.col("original").isNotNull() & (F.col("original") != F.col("id")), F.col("original")
        ),
    )
    return docs.drop("original"), errors

