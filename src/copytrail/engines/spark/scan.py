"""The Spark engine: the same stages as the local engine, spread over a cluster.

Every result-shaping step calls copytrail's own pure stage functions through Arrow
(``mapInArrow`` / ``applyInArrow``), so a JSONL file scanned here and by the local engine gives
the same document ids, alignments and narratives.  Spark only moves data between them:

1. read: JSONL lines (or Parquet rows) with their file and 1-based line number;
2. parse + sketch per partition: ``ingest`` turns each record into a ``Document`` exactly as a
   local JSONL scan does; ``sketch.document_keys`` gives its band keys;
3. documents: duplicate ids and identical texts resolved in ingest order, as the local store does;
4. candidates: band keys grouped by key; keys held by more than ``max_bucket`` documents are
   boilerplate and skipped (the local cap); pairs within each bucket, distinct;
5. align: texts joined onto pairs, ``align_pair_texts`` per pair, oriented by ``orient``;
6. narratives: passages per document (``cluster.merge_spans``), connected components of the
   passage graph by the large-star / small-star algorithm in DataFrames, one narrative per
   component (``cluster.narrative_of``).

Each stage is written to Parquet under ``OUTPUT/_work`` and read back, which cuts lineage and
lets a failed stage be retried without recomputing the earlier ones.  Nothing but small counts
is collected to the driver.  pyspark is imported only inside functions, so ``import copytrail``
stays fast without it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pyarrow as pa

from copytrail.records import Document, InputProblem
from copytrail.settings import ScanSettings

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from copytrail.store import Store

__all__ = [
    "SparkScanResult",
    "connected_components",
    "import_output",
    "main",
    "scan",
    "spark_session",
]

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

_LINE_SHIFT = 32  # seq = file rank << 32 | line: ingest order across files, then lines
_MAX_CC_ROUNDS = 64


@dataclass
class SparkScanResult:
    """Counts and timings of one Spark scan (all computed as small aggregates)."""

    documents: int = 0
    duplicates: int = 0
    errors: int = 0
    band_keys: int = 0
    pairs_compared: int = 0
    alignments: int = 0
    narratives: int = 0
    cc_rounds: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage
    worker_seconds: dict[str, float] = field(default_factory=dict)  # CPU time inside stage calls


# ---------------------------------------------------------------------------------- session


def spark_session(
    master: str | None = "local[2]",
    *,
    partitions: int | None = None,
    app_name: str = "copytrail",
    conf: dict[str, str] | None = None,
) -> SparkSession:
    """A SparkSession set up for copytrail; ``master=None`` keeps what spark-submit chose.

    Local masters get the UI off, a loopback address and this interpreter for the Python
    workers, so a scan runs on a laptop without any Spark configuration.
    """
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    launched_here = "PYSPARK_GATEWAY_PORT" not in os.environ  # not started by spark-submit
    if (master and master.startswith("local")) or (master is None and launched_here):
        # Python workers run this interpreter (with copytrail and pyarrow), not the PATH's.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if master and master.startswith("local"):
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.showConsoleProgress", "false")
        )
    # Arrow batches carry whole articles (two per candidate pair): keep them a few MB each.
    builder = builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


# ---------------------------------------------------------------------------------- schemas

_PARSED_FIELDS: list[tuple[str, pa.DataType]] = [
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
    ("seq", pa.int64()),
    ("line", pa.int64()),
    ("keys", pa.list_(pa.int64())),
    ("parse_ns", pa.int64()),
    ("sketch_ns", pa.int64()),
    ("error", pa.string()),
]
_PARSED = pa.schema(_PARSED_FIELDS)

_ALIGNED = pa.schema(
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

_ALIGNMENT_KEY = [
    "source_doc",
    "source_start",
    "source_end",
    "target_doc",
    "target_start",
    "target_end",
]

_SPANS = pa.schema(
    [(name, pa.string() if name.endswith("doc") else pa.int64()) for name in _ALIGNMENT_KEY]
    + [("side", pa.int32()), ("doc", pa.string()), ("start", pa.int64()), ("end", pa.int64())]
)
_ASSIGNED = pa.schema(
    list(_SPANS) + [pa.field("p_start", pa.int64()), pa.field("p_end", pa.int64())]
)

_MEMBERS = pa.schema(
    [
        ("component", pa.string()),
        ("narrative", pa.string()),
        ("earliest", pa.string()),
        ("earliest_status", pa.string()),
        ("confidence", pa.string()),
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


def _spark_schema(schema: pa.Schema) -> Any:
    """The Spark StructType of an Arrow schema (the one place the two type systems meet)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


# ---------------------------------------------------------------------------------- workers
# Module-level functions: Spark pickles them by reference and runs them in Python workers.


def _location(uri: str, base: str) -> tuple[str, str]:
    """``(source file, shown path)`` of an input URI, as the local engine names a local file.

    A local file is keyed by its resolved path (``Path.resolve().as_posix()``, like
    ``ingest.read_file``) and shown relative to the driver's working directory; a file on
    another filesystem (hdfs://, s3a://) is both keyed and shown by its URI.
    """
    parts = urlsplit(uri)
    if parts.scheme in ("", "file"):
        local = Path(unquote(parts.path))
        try:
            shown = os.path.relpath(local, base)
        except ValueError:
            shown = str(local)
        return local.resolve().as_posix(), shown
    return uri, uri


def _json_error(payload: str) -> str | dict[str, Any]:
    """The record of one JSON line, or why it is not one (the local engine's wording)."""
    from copytrail.stages import ingest

    try:
        record = json.loads(payload)
    except json.JSONDecodeError as exc:
        where = "column" if exc.msg.endswith(" at") else "at column"
        return f"not JSON: {exc.msg} {where} {exc.colno}"
    except RecursionError:
        return "not JSON: nested too deeply"
    if not isinstance(record, dict):
        return f"JSON line is not an object but {ingest.json_kind(record)}"
    return record


def parse_record(
    payload: str, source_file: str, shown: str, line: int, mtime: float, fmt: str
) -> tuple[str | None, Document | InputProblem | None]:
    """``(source key, document or error)`` of one input record; ``(None, None)`` for a blank line.

    The per-line body of the local JSONL reader (``ingest.jsonl.read_jsonl``): the same key from the
    record's ``id`` (or its line), the same HTML extraction and date normalisation.  Repeated
    ids are resolved later, across the whole file, by the caller.
    """
    from copytrail.stages import ingest

    if not payload.strip():
        return None, None
    record = _json_error(payload)
    if isinstance(record, str):
        return None, InputProblem(shown, record, line=line)
    suffix, problem = ingest.jsonl_key(record, line, {})
    if problem:
        return None, InputProblem(shown, problem, line=line)
    source_key = f"{source_file}{suffix}"
    item = ingest.jsonl_document(record, source_key, shown, mtime)
    if isinstance(item, str):
        return source_key, InputProblem(shown, item, line=line)
    if fmt != "jsonl":
        item.fmt = fmt
    return source_key, item


_HASHER: Any = None


def _parse_batches(
    batches: Iterator[pa.RecordBatch], base: str, fmt: str, settings: ScanSettings
) -> Iterator[pa.RecordBatch]:
    """Records → documents with their band keys (or errors), one Arrow batch at a time."""
    import numpy as np

    from copytrail.stages.segment import words
    from copytrail.stages.sketch import WordHasher, document_keys

    global _HASHER
    if _HASHER is None:
        _HASHER = WordHasher()  # word hashes cached across the batches of a worker
    locations: dict[str, tuple[str, str]] = {}
    for batch in batches:
        cols: dict[str, list[Any]] = {name: [] for name, _ in _PARSED_FIELDS if name != "keys"}
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
            source_key, item = parse_record(payload or "", source_file, shown, line, mtime, fmt)
            parsed = time.perf_counter_ns()
            if item is None:
                continue
            row: dict[str, Any] = dict.fromkeys(cols)
            row.update(source_key=source_key, file=source_file, path=shown, seq=seq, line=line)
            keys = np.empty(0, dtype=np.int64)
            if isinstance(item, InputProblem):
                row["error"] = item.reason
            else:
                norms = words(item.text)
                keys = document_keys(norms, _HASHER, settings.sketch)
                row.update(
                    id=item.id, fmt=item.fmt, url=item.url, outlet=item.outlet, title=item.title,
                    author=item.author, published=item.published, date_source=item.date_source,
                    sha1=item.sha1, text=item.text, chars=len(item.text), words=len(norms),
                    extra=json.dumps(item.extra, ensure_ascii=False, default=str),
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
            name: pa.array(values_, type=_PARSED.field(name).type) for name, values_ in cols.items()
        }
        arrays["keys"] = pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, pa.int64()))
        yield pa.RecordBatch.from_arrays([arrays[name] for name in _PARSED.names], schema=_PARSED)


def _align_batches(
    batches: Iterator[pa.RecordBatch], settings: ScanSettings
) -> Iterator[pa.RecordBatch]:
    """Candidate pairs (sorted by their first document) → oriented alignments.

    ``align_pair_texts`` aligns each pair in content order (``engines.local.content_first``),
    as the local engine does, and the result is oriented by ``engines.local.orient`` from the
    dates and ingest order of both documents.
    A pair without passages leaves one row with ``source_doc`` null, to count what was compared.
    """
    from copytrail.engines.local import (
        _Meta,
        _PreparedCache,
        _to_alignments,
        align_pair_texts,
        orient,
    )

    cache = _PreparedCache()
    names = _ALIGNED.names
    for batch in batches:
        out: dict[str, list[Any]] = {name: [] for name in names}
        data = batch.to_pydict()
        for a, ta, pa_, sa, b, tb, pb, sb in zip(
            data["a"], data["a_text"], data["a_published"], data["a_seq"],
            data["b"], data["b_text"], data["b_published"], data["b_seq"], strict=True,
        ):  # fmt: skip
            started = time.perf_counter_ns()
            passages = align_pair_texts(a, ta, b, tb, settings.align, cache)
            elapsed = time.perf_counter_ns() - started
            a_is_source, ordered = orient(a, _Meta(pa_, sa), b, _Meta(pb, sb))
            found = _to_alignments(a, b, passages, a_is_source, ordered)
            rows = [
                (al.source.doc, al.source.start, al.source.end, al.target.doc, al.target.start,
                 al.target.end, al.kind, al.score, al.matched_words, al.ordered)
                for al in found
            ] or [(None, -1, -1, None, -1, -1, None, 0.0, 0, False)]  # fmt: skip
            for k, values in enumerate(rows):
                out["a"].append(a)
                out["b"].append(b)
                out["align_ns"].append(elapsed if k == 0 else 0)
                for name, value in zip(names[3:], values, strict=True):
                    out[name].append(value)
        yield pa.RecordBatch.from_pydict(out, schema=_ALIGNED)


def _assign_passages(table: pa.Table) -> pa.Table:
    """One document's aligned spans → the passage each belongs to (``cluster.merge_spans``)."""
    from copytrail.stages.cluster import merge_spans

    starts = table.column("start").to_pylist()
    ends = table.column("end").to_pylist()
    passages, owner = merge_spans(
        [(s, e, i) for i, (s, e) in enumerate(zip(starts, ends, strict=True))]
    )
    chosen = [passages[owner[i]] for i in range(len(starts))]
    table = table.select(_SPANS.names).cast(_SPANS)
    table = table.append_column("p_start", pa.array([p[0] for p in chosen], pa.int64()))
    return table.append_column("p_end", pa.array([p[1] for p in chosen], pa.int64()))


def _narrative_rows(table: pa.Table) -> pa.Table:
    """One connected component of passages → its narrative, one row per member."""
    from copytrail.stages.cluster import DocInfo, earliest_confidence, narrative_of

    rows = table.to_pylist()
    docs = {
        r["doc"]: DocInfo(r["published"], r["outlet"], r["date_source"] or "none") for r in rows
    }
    passages = sorted({(r["doc"], r["p_start"], r["p_end"]) for r in rows})
    narrative = narrative_of(passages, docs)
    confidence = earliest_confidence(narrative, docs)
    component = rows[0]["component"]
    out = [
        {
            "component": component,
            "narrative": narrative.id,
            "earliest": ",".join(narrative.earliest),
            "earliest_status": narrative.earliest_status,
            "confidence": confidence,
            "documents": narrative.documents,
            "outlets": narrative.outlets,
            "first_date": narrative.first_date,
            "last_date": narrative.last_date,
            "undated": narrative.undated,
            "doc": m.doc,
            "start": m.start,
            "end": m.end,
        }
        for m in narrative.members
    ]
    return pa.Table.from_pylist(out, schema=_MEMBERS)


# ---------------------------------------------------------------------------------- stages


class _Work:
    """Stage outputs under ``OUTPUT/_work``: written once, read back, removed at the end."""

    def __init__(self, spark: SparkSession, output: str) -> None:
        self.spark = spark
        self.output = output.rstrip("/")
        self.root = f"{self.output}/_work"

    def table(self, name: str) -> str:
        return f"{self.output}/{name}"

    def put(self, df: DataFrame, name: str, *, final: bool = False) -> DataFrame:
        path = self.table(name) if final else f"{self.root}/{name}"
        df.write.mode("overwrite").parquet(path)
        return self.spark.read.parquet(path)

    def remove(self) -> None:
        _delete_path(self.spark, self.root)


def _delete_path(spark: SparkSession, path: str) -> None:
    """Delete a folder on whatever filesystem Spark writes to (local, HDFS, S3)."""
    jvm = spark.sparkContext._jvm
    assert jvm is not None
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    fs = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    fs.delete(hadoop_path, True)


def _input_format(inputs: Sequence[str], fmt: str) -> str:
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

    fmt = _input_format(inputs, fmt)
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


def _documents(parsed: DataFrame) -> tuple[DataFrame, DataFrame]:
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


_DOCUMENT_COLUMNS = (
    "id", "path", "fmt", "url", "outlet", "title", "author", "published", "date_source",
    "sha1", "chars", "words", "duplicate_of", "extra", "text",
)  # fmt: skip


def _candidate_pairs(keys: DataFrame, settings: ScanSettings) -> DataFrame:
    """Document pairs ``a < b`` sharing band keys, skipping keys held by too many documents."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    holders = F.count("*").over(Window.partitionBy("key"))
    kept = (
        keys.withColumn("n", holders)
        .filter((F.col("n") >= 2) & (F.col("n") <= settings.candidates.max_bucket))
        .select("key", "doc")
    )
    left, right = kept.alias("l"), kept.alias("r")
    joined = left.join(
        right, (F.col("l.key") == F.col("r.key")) & (F.col("l.doc") < F.col("r.doc"))
    )
    pairs = joined.groupBy(F.col("l.doc").alias("a"), F.col("r.doc").alias("b")).agg(
        F.count("*").alias("shared")
    )
    return pairs.filter(F.col("shared") >= settings.candidates.min_shared)


def _align(pairs: DataFrame, docs: DataFrame, settings: ScanSettings, partitions: int) -> DataFrame:
    """Texts joined onto pairs, grouped by the first document so its preparation is reused."""
    from pyspark.sql import functions as F

    side = docs.select("id", "text", "published", "seq")

    def named(prefix: str) -> DataFrame:
        return side.select(
            F.col("id").alias(prefix),
            *[F.col(c).alias(f"{prefix}_{c}") for c in ("text", "published", "seq")],
        )

    jobs = pairs.select("a", "b").join(named("a"), "a").join(named("b"), "b")
    jobs = jobs.repartition(partitions, "a").sortWithinPartitions("a", "b")
    return jobs.mapInArrow(partial(_align_batches, settings=settings), _spark_schema(_ALIGNED))


def connected_components(edges: DataFrame, work: _Work, name: str = "cc") -> tuple[DataFrame, int]:
    """``(node, component)`` for every node of an undirected graph given as ``(u, v)`` rows.

    The alternating large-star / small-star algorithm (Kiveris et al., SoCC 2014): O(log² n)
    rounds of joins and aggregations, each round written out to cut the lineage.  It stops
    when the edges form stars around each component's smallest node.  Returns the rounds too.
    """
    from pyspark.sql import functions as F

    original = edges
    edges = edges.select(F.greatest("u", "v").alias("u"), F.least("u", "v").alias("v"))
    edges = work.put(edges.filter(F.col("u") != F.col("v")).distinct(), f"{name}-0")
    rounds = 0
    for rounds in range(1, _MAX_CC_ROUNDS + 1):
        edges = work.put(_small_star(_large_star(edges)), f"{name}-{rounds}")
        if _is_star_forest(edges):
            break
    else:  # pragma: no cover - log² n rounds suffice for any graph Spark can hold
        raise RuntimeError(f"connected components did not converge in {_MAX_CC_ROUNDS} rounds")
    nodes = original.select(F.col("u").alias("node")).union(
        original.select(F.col("v").alias("node"))
    )
    parents = edges.select(F.col("u").alias("node"), F.col("v").alias("parent"))
    components = (
        nodes.distinct()
        .join(parents, "node", "left")
        .select("node", F.coalesce("parent", "node").alias("component"))
    )
    return components, rounds


def _large_star(edges: DataFrame) -> DataFrame:
    """Every node links its larger neighbours to the smallest node of its neighbourhood."""
    from pyspark.sql import functions as F

    both = edges.union(edges.select(F.col("v").alias("u"), F.col("u").alias("v")))
    smallest = both.groupBy("u").agg(F.least(F.min("v"), F.col("u")).alias("m"))
    larger = both.filter(F.col("v") > F.col("u")).join(smallest, "u")
    return larger.select(F.col("v").alias("u"), F.col("m").alias("v")).distinct()


def _small_star(edges: DataFrame) -> DataFrame:
    """Every node and its smaller neighbours link to the smallest of those neighbours."""
    from pyspark.sql import functions as F

    smallest = edges.groupBy("u").agg(F.min("v").alias("m"))
    moved = edges.join(smallest, "u").filter(F.col("v") != F.col("m"))
    return (
        moved.select(F.col("v").alias("u"), F.col("m").alias("v"))
        .union(smallest.select("u", F.col("m").alias("v")))
        .distinct()
    )


def _is_star_forest(edges: DataFrame) -> bool:
    """Whether every node has at most one parent and every parent is a root."""
    from pyspark.sql import functions as F

    summary = edges.agg(F.count("*").alias("edges"), F.countDistinct("u").alias("children")).first()
    assert summary is not None
    if summary["edges"] != summary["children"]:
        return False
    parents = edges.select(F.col("v").alias("n")).distinct()
    children = edges.select(F.col("u").alias("n")).distinct()
    return parents.join(children, "n").limit(1).count() == 0


def _narratives(
    work: _Work, alignments: DataFrame, docs: DataFrame, result: SparkScanResult
) -> tuple[DataFrame, DataFrame]:
    """Members of every narrative, and the narrative of every alignment (by its key)."""
    from pyspark.sql import functions as F

    key = [F.col(c) for c in _ALIGNMENT_KEY]
    source = alignments.select(*key, F.lit(0).alias("side"), F.col("source_doc").alias("doc"),
                               F.col("source_start").alias("start"), F.col("source_end").alias("end"))  # fmt: skip
    target = alignments.select(*key, F.lit(1).alias("side"), F.col("target_doc").alias("doc"),
                               F.col("target_start").alias("start"), F.col("target_end").alias("end"))  # fmt: skip
    spans = source.unionByName(target)
    assigned = spans.groupBy("doc").applyInArrow(_assign_passages, _spark_schema(_ASSIGNED))
    node = F.concat_ws(":", "doc", F.col("p_start").cast("string"), F.col("p_end").cast("string"))
    assigned = work.put(assigned.withColumn("node", node), "passages")
    ends = assigned.select(*_ALIGNMENT_KEY, "side", "node")
    edges = (
        ends.filter("side = 0")
        .select(*_ALIGNMENT_KEY, F.col("node").alias("u"))
        .join(
            ends.filter("side = 1").select(*_ALIGNMENT_KEY, F.col("node").alias("v")),
            _ALIGNMENT_KEY,
        )
    )
    components, result.cc_rounds = connected_components(edges.select("u", "v"), work)
    info = docs.select(F.col("id").alias("doc"), "published", "outlet", "date_source")
    grouped = (
        assigned.select("node", "doc", "p_start", "p_end")
        .distinct()
        .join(components, "node")
        .join(info, "doc")
        .groupBy("component")
    )
    members = work.put(grouped.applyInArrow(_narrative_rows, _spark_schema(_MEMBERS)), "members")
    named = members.select("component", "narrative").distinct()
    of_alignment = (
        ends.filter("side = 0")
        .join(components, "node")
        .join(named, "component")
        .select(*_ALIGNMENT_KEY, "narrative")
    )
    return members, of_alignment


# ---------------------------------------------------------------------------------- scan


def scan(
    spark: SparkSession,
    inputs: Sequence[str],
    output: str,
    settings: ScanSettings | None = None,
    *,
    fmt: str = "auto",
    partitions: int | None = None,
    keep_work: bool = False,
) -> SparkScanResult:
    """Scan ``inputs`` (paths or globs of JSONL or Parquet) and write the result tables to ``output``.

    The tables ``documents``, ``alignments`` and ``narratives`` have the columns of
    ``copytrail export --format parquet``; the others let ``copytrail import-spark`` rebuild a
    local store.  An existing table under ``output`` is replaced.
    """
    from pyspark.sql import functions as F

    settings = settings or ScanSettings()
    partitions = partitions or int(spark.conf.get("spark.sql.shuffle.partitions") or 200)
    result = SparkScanResult()
    started = time.perf_counter()
    work = _Work(spark, output)
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.stage_seconds[stage] = round(now - clock, 3)
        clock = now

    # 1-2. read, parse and sketch
    records = read_records(spark, inputs, fmt)
    parse = partial(
        _parse_batches, base=os.getcwd(), fmt=_input_format(inputs, fmt), settings=settings
    )
    parsed = work.put(records.mapInArrow(parse, _spark_schema(_PARSED)), "parsed")
    lap("parse+sketch")

    # 3. documents
    docs, errors = _documents(parsed)
    docs = work.put(docs, "documents")
    status = F.when(F.col("duplicate_of").isNull(), F.lit("done")).otherwise(F.lit("duplicate"))
    work.put(docs.select(*_DOCUMENT_COLUMNS), "documents", final=True)
    work.put(
        docs.select("id", "source_key", "file", "seq", status.alias("status")),
        "document_sources",
        final=True,
    )
    work.put(errors.select("path", "line", "reason"), "errors", final=True)
    originals = docs.filter(F.col("duplicate_of").isNull())
    keys = originals.select(F.explode("keys").alias("key"), F.col("id").alias("doc"))
    keys = work.put(keys, "band_keys", final=True)
    lap("documents")

    # 4. candidates
    pairs = work.put(_candidate_pairs(keys, settings), "pairs")
    lap("candidates")

    # 5. align
    aligned = work.put(_align(pairs, docs, settings, partitions), "aligned")
    alignments = aligned.filter(F.col("source_doc").isNotNull()).drop("a", "b", "align_ns")
    lap("align")

    # 6. narratives
    members, of_alignment = _narratives(work, alignments, docs, result)
    lap("narratives")

    # exports
    paths = docs.select("id", "path")
    final = (
        alignments.join(of_alignment, _ALIGNMENT_KEY, "left")
        .join(
            paths.select(F.col("id").alias("source_doc"), F.col("path").alias("source_path")),
            "source_doc",
        )
        .join(
            paths.select(F.col("id").alias("target_doc"), F.col("path").alias("target_path")),
            "target_doc",
        )
        .select(
            "source_doc",
            "source_path",
            "source_start",
            "source_end",
            "target_doc",
            "target_path",
            "target_start",
            "target_end",
            "kind",
            "score",
            "matched_words",
            F.col("ordered").alias("source_is_earlier"),
            "narrative",
        )  # fmt: skip
    )
    work.put(final, "alignments", final=True)
    member_docs = docs.select(
        F.col("id").alias("doc"), "path", "published", "date_source", "outlet", "title"
    )
    flat = members.join(member_docs, "doc").select(
        "narrative", "earliest", "earliest_status", "confidence", "documents", "outlets",
        "first_date", "last_date", "undated",
        F.col("doc").alias("member_doc"), F.col("path").alias("member_path"),
        F.col("start").alias("member_start"), F.col("end").alias("member_end"),
        F.col("published").alias("member_published"), F.col("date_source").alias("member_date_source"),
        F.col("outlet").alias("member_outlet"), F.col("title").alias("member_title"),
        F.array_contains(F.split("earliest", ","), F.col("doc")).alias("member_earliest"),
    )  # fmt: skip
    work.put(flat, "narratives", final=True)
    work.put(members.select("narrative", "doc", "start", "end"), "narrative_members", final=True)
    lap("write")

    _count(result, parsed, docs, errors, keys, aligned, members)
    result.seconds = round(time.perf_counter() - started, 3)
    _write_manifest(spark, work, settings, result)
    if not keep_work:
        work.remove()
    return result


def _count(
    result: SparkScanResult,
    parsed: DataFrame,
    docs: DataFrame,
    errors: DataFrame,
    keys: DataFrame,
    aligned: DataFrame,
    members: DataFrame,
) -> None:
    """Fill the result's counts and in-worker timings from small aggregates."""
    from pyspark.sql import functions as F

    row = docs.agg(
        F.count("*").alias("documents"),
        F.count("duplicate_of").alias("duplicates"),
        F.sum("parse_ns").alias("parse_ns"),
        F.sum("sketch_ns").alias("sketch_ns"),
    ).first()
    assert row is not None
    result.documents, result.duplicates = int(row["documents"]), int(row["duplicates"])
    result.worker_seconds["parse"] = (row["parse_ns"] or 0) / 1e9
    result.worker_seconds["sketch"] = (row["sketch_ns"] or 0) / 1e9
    result.errors = errors.count()
    result.band_keys = keys.count()
    row = aligned.agg(
        F.countDistinct("a", "b").alias("pairs"),
        F.count("source_doc").alias("alignments"),
        F.sum("align_ns").alias("align_ns"),
    ).first()
    assert row is not None
    result.pairs_compared, result.alignments = int(row["pairs"]), int(row["alignments"])
    result.worker_seconds["align"] = (row["align_ns"] or 0) / 1e9
    result.narratives = members.select("narrative").distinct().count()


def _write_manifest(
    spark: SparkSession, work: _Work, settings: ScanSettings, result: SparkScanResult
) -> None:
    """A one-row table naming the settings that made the output (the store records the same)."""
    row = {
        "engine": "spark",
        "sketch_settings": settings.fingerprint("sketch"),
        "align_settings": settings.fingerprint("align") + settings.fingerprint("candidates"),
        "result": json.dumps(asdict(result)),
    }
    spark.createDataFrame([row]).coalesce(1).write.mode("overwrite").parquet(work.table("manifest"))


# ---------------------------------------------------------------------------------- import


def import_output(output: str | os.PathLike[str], store: Store) -> dict[str, int]:
    """Load a Spark scan's tables into an empty local store; returns rows loaded per table.

    Uses DuckDB's Parquet reader into the store's own tables, so ``report``, ``export`` and
    ``serve`` work on the result.  ``output`` must be a local folder.
    """
    from copytrail.errors import StoreError

    root = Path(output)
    missing = [
        t
        for t in ("documents", "document_sources", "alignments", "narrative_members")
        if not (root / t).is_dir()
    ]
    if missing:
        raise StoreError(
            f"{root}: not a copytrail spark-scan output (missing {', '.join(missing)})"
        )
    if store.counts()["documents"]:
        raise StoreError(f"{store.path}: the store already holds documents; import into a new one")

    def files(table: str) -> str:
        return (root / table / "*.parquet").as_posix().replace("'", "''")

    con = store.con
    loaded: dict[str, int] = {}
    with store.transaction():
        con.execute(
            "INSERT INTO documents (id, source_key, file, path, fmt, url, outlet, title, author, "
            "published, date_source, sha1, text, chars, words, extra, duplicate_of, status, seq) "
            "SELECT d.id, s.source_key, s.file, d.path, d.fmt, d.url, d.outlet, d.title, d.author, "
            "d.published, d.date_source, d.sha1, d.text, d.chars, d.words, d.extra, d.duplicate_of, "
            f"s.status, s.seq FROM read_parquet('{files('documents')}') d "
            f"JOIN read_parquet('{files('document_sources')}') s USING (id)"
        )
        if (root / "band_keys").is_dir():
            con.execute(
                f"INSERT INTO band_keys SELECT key, doc FROM read_parquet('{files('band_keys')}')"
            )
        con.execute(
            "INSERT INTO alignments SELECT source_doc, source_start, source_end, target_doc, "
            "target_start, target_end, kind, score, matched_words, source_is_earlier, narrative "
            f"FROM read_parquet('{files('alignments')}')"
        )
        if (root / "narratives").is_dir():
            con.execute(
                "INSERT INTO narratives SELECT DISTINCT narrative, NULLIF(earliest, ''), "
                "earliest_status, confidence, documents, outlets, first_date, last_date, undated "
                f"FROM read_parquet('{files('narratives')}')"
            )
        con.execute(
            'INSERT INTO narrative_members SELECT narrative, doc, start, "end" '
            f"FROM read_parquet('{files('narrative_members')}')"
        )
        if (root / "errors").is_dir():
            con.execute(
                f"INSERT INTO errors (path, line, reason) SELECT path, line, reason FROM read_parquet('{files('errors')}')"
            )
        if (root / "manifest").is_dir():
            row = con.execute(
                f"SELECT sketch_settings, align_settings FROM read_parquet('{files('manifest')}') LIMIT 1"
            ).fetchone()
            if row:
                store.set_meta("sketch_settings", row[0])
                store.set_meta("align_settings", row[1])
    for table in (
        "documents",
        "band_keys",
        "alignments",
        "narratives",
        "narrative_members",
        "errors",
    ):
        count = con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - fixed names
        loaded[table] = int(count[0]) if count else 0
    return loaded


# ---------------------------------------------------------------------------------- spark-submit


def main(argv: Sequence[str] | None = None) -> int:
    """Scan under spark-submit or plain Python: ``python -m copytrail.engines.spark IN OUT``."""
    parser = argparse.ArgumentParser(prog="copytrail.engines.spark", description=main.__doc__)
    parser.add_argument("input", nargs="+", help="JSONL or Parquet files, folders or globs")
    parser.add_argument("output", help="folder for the result tables (any Spark filesystem)")
    parser.add_argument("--master", default=None, help="Spark master (default: spark-submit's)")
    parser.add_argument("--partitions", type=int, default=None, help="shuffle partitions")
    parser.add_argument("--format", default="auto", choices=("auto", "jsonl", "parquet"))
    parser.add_argument("--max-bucket", type=int, default=None, help="boilerplate cap per band key")
    args = parser.parse_args(argv)
    settings = ScanSettings()
    if args.max_bucket:
        from dataclasses import replace

        settings = replace(
            settings, candidates=replace(settings.candidates, max_bucket=args.max_bucket)
        )
    spark = spark_session(args.master, partitions=args.partitions)
    result = scan(
        spark, args.input, args.output, settings, fmt=args.format, partitions=args.partitions
    )
    print(json.dumps(asdict(result), indent=2))
    return 0


if __name__ == "__main__":  # pragma: no cover
    # Run through the installed module (not this file as ``__main__``), so the functions Spark
    # ships to its workers are pickled by reference: ``spark-submit path/to/spark.py IN OUT``.
    from copytrail.engines.spark import main as _main

    sys.exit(_main())
