"""Candidates and alignment on Spark: pairs sharing band keys, aligned by ``align_pair_texts``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from copytrail.engines.spark.schemas import ALIGNED, spark_schema
from copytrail.settings import ScanSettings

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def candidate_pairs(keys: DataFrame, settings: ScanSettings) -> DataFrame:
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


def align_candidates(pairs: DataFrame, docs: DataFrame, settings: ScanSettings, partitions: int) -> DataFrame:
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
    return jobs.mapInArrow(partial(align_batches, settings=settings), spark_schema(ALIGNED))


def align_batches(
    batches: Iterator[pa.RecordBatch], settings: ScanSettings
) -> Iterator[pa.RecordBatch]:
    """Candidate pairs (sorted by their first document) → oriented alignments.

    ``align_pair_texts`` aligns each pair in content order (``stages.align.pairs.content_first``),
    as the local engine does, and the result is oriented by ``stages.align.pairs.orient`` from the
    dates and ingest order of both documents.
    A pair without passages leaves one row with ``source_doc`` null, to count what was compared.
    """
    from copytrail.stages.align.pairs import (
        DocMeta,
        PreparedCache,
        align_pair_texts,
        orient,
        to_alignments,
    )

    cache = PreparedCache()
    names = ALIGNED.names
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
            a_is_source, ordered = orient(a, DocMeta(pa_, sa), b, DocMeta(pb, sb))
            found = to_alignments(a, b, passages, a_is_source, ordered)
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
        yield pa.RecordBatch.from_pydict(out, schema=ALIGNED)


_SPANS = ("source_doc", "source_start", "source_end", "target_doc", "target_start", "target_end")


def drop_outlet_boilerplate(alignments: DataFrame, docs: DataFrame, min_documents: int) -> tuple[DataFrame, int]:
    """The alignments without those left out as an outlet's boilerplate (``stages.boilerplate``,
    as the local engine leaves them out), and how many those were.  Only the alignments between
    documents that share a passage with another of their outlet, or are aligned to one, are
    collected to the driver: few, where the rule applies at all."""
    from pyspark.sql import functions as F

    from copytrail.stages.boilerplate import boilerplate_among

    if min_documents < 3:
        return alignments, 0
    outlets = docs.select(F.col("id"), F.lower(F.trim(F.col("outlet"))).alias("key")).filter(
        F.col("key").isNotNull() & (F.col("key") != "")
    )
    same = (
        alignments.join(outlets.withColumnRenamed("id", "source_doc").withColumnRenamed("key", "source_key"), "source_doc")
        .join(outlets.withColumnRenamed("id", "target_doc").withColumnRenamed("key", "target_key"), "target_doc")
        .filter(F.col("source_key") == F.col("target_key"))
    )
    homes = same.select(F.col("source_doc").alias("doc")).union(same.select(F.col("target_doc").alias("doc"))).distinct()
    touching = alignments.join(F.broadcast(homes), (alignments.source_doc == homes.doc) | (alignments.target_doc == homes.doc), "left_semi")
    near = touching.select(F.col("source_doc").alias("doc")).union(touching.select(F.col("target_doc").alias("doc"))).distinct()
    within = alignments.join(F.broadcast(near.withColumnRenamed("doc", "source_doc")), "source_doc", "left_semi").join(
        F.broadcast(near.withColumnRenamed("doc", "target_doc")), "target_doc", "left_semi"
    )
    collected = within.select(*_SPANS, "score").distinct().orderBy(*_SPANS, "score").collect()
    pairs = [tuple(row[name] for name in _SPANS) for row in collected]
    if not pairs:
        return alignments, 0
    ids = sorted({doc for pair in pairs for doc in (pair[0], pair[3])})
    info = docs.filter(F.col("id").isin(ids)).select("id", "outlet", "published", "chars").collect()
    found = boilerplate_among(pairs, info, min_documents, [float(row["score"] or 0.0) for row in collected])  # type: ignore[arg-type]
    if not found:
        return alignments, 0
    dropped = alignments.sparkSession.createDataFrame([pairs[k] for k in sorted(found)], alignments.select(*_SPANS).schema)
    kept = alignments.join(F.broadcast(dropped), list(_SPANS), "left_anti").select(*alignments.columns)
    return kept, len(found)
