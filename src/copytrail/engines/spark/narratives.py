"""Narratives on Spark: passages per document, connected components, one narrative each.

Spans are merged per document by ``cluster.merge_spans``; the passage graph's components come
from the large-star / small-star algorithm in DataFrames; each component becomes a narrative
through ``cluster.narrative_of``, the function the local engine uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from copytrail.engines.spark.schemas import ALIGNMENT_KEY, ASSIGNED, MEMBERS, SPANS, spark_schema
from copytrail.engines.spark.work import Work

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

_MAX_CC_ROUNDS = 64


def assign_passages(table: pa.Table) -> pa.Table:
    """One document's aligned spans → the passage each belongs to (``cluster.merge_spans``)."""
    from copytrail.stages.cluster import merge_spans

    starts = table.column("start").to_pylist()
    ends = table.column("end").to_pylist()
    passages, owner = merge_spans(
        [(s, e, i) for i, (s, e) in enumerate(zip(starts, ends, strict=True))]
    )
    chosen = [passages[owner[i]] for i in range(len(starts))]
    table = table.select(SPANS.names).cast(SPANS)
    table = table.append_column("p_start", pa.array([p[0] for p in chosen], pa.int64()))
    return table.append_column("p_end", pa.array([p[1] for p in chosen], pa.int64()))


def narrative_rows(table: pa.Table) -> pa.Table:
    """One connected component of passages → its narrative, one row per member."""
    from copytrail.stages.cluster import DocInfo, earliest_confidence, narrative_of

    rows = table.to_pylist()
    docs = {
        r["doc"]: DocInfo(r["published"], r["outlet"], r["date_source"] or "none") for r in rows
    }
    passages = sorted({(r["doc"], r["p_start"], r["p_end"]) for r in rows})
    narrative = narrative_of(passages, docs)
    confidence, reason = earliest_confidence(narrative, docs)
    component = rows[0]["component"]
    out = [
        {
            "component": component,
            "narrative": narrative.id,
            "earliest": ",".join(narrative.earliest),
            "earliest_status": narrative.earliest_status,
            "confidence": confidence,
            "confidence_reason": reason,
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
    return pa.Table.from_pylist(out, schema=MEMBERS)



def connected_components(edges: DataFrame, work: Work, name: str = "cc") -> tuple[DataFrame, int]:
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


def build_narratives(
    work: Work, alignments: DataFrame, docs: DataFrame
) -> tuple[DataFrame, DataFrame, int]:
    """Members of every narrative, the narrative of every alignment (by its key), and the
    rounds the connected components took."""
    from pyspark.sql import functions as F

    key = [F.col(c) for c in ALIGNMENT_KEY]
    source = alignments.select(*key, F.lit(0).alias("side"), F.col("source_doc").alias("doc"),
                               F.col("source_start").alias("start"), F.col("source_end").alias("end"))  # fmt: skip
    target = alignments.select(*key, F.lit(1).alias("side"), F.col("target_doc").alias("doc"),
                               F.col("target_start").alias("start"), F.col("target_end").alias("end"))  # fmt: skip
    spans = source.unionByName(target)
    assigned = spans.groupBy("doc").applyInArrow(assign_passages, spark_schema(ASSIGNED))
    node = F.concat_ws(":", "doc", F.col("p_start").cast("string"), F.col("p_end").cast("string"))
    assigned = work.put(assigned.withColumn("node", node), "passages")
    ends = assigned.select(*ALIGNMENT_KEY, "side", "node")
    edges = (
        ends.filter("side = 0")
        .select(*ALIGNMENT_KEY, F.col("node").alias("u"))
        .join(
            ends.filter("side = 1").select(*ALIGNMENT_KEY, F.col("node").alias("v")),
            ALIGNMENT_KEY,
        )
    )
    components, rounds = connected_components(edges.select("u", "v"), work)
    info = docs.select(F.col("id").alias("doc"), "published", "outlet", "date_source")
    grouped = (
        assigned.select("node", "doc", "p_start", "p_end")
        .distinct()
        .join(components, "node")
        .join(info, "doc")
        .groupBy("component")
    )
    members = work.put(grouped.applyInArrow(narrative_rows, spark_schema(MEMBERS)), "members")
    named = members.select("component", "narrative").distinct()
    of_alignment = (
        ends.filter("side = 0")
        .join(components, "node")
        .join(named, "component")
        .select(*ALIGNMENT_KEY, "narrative")
    )
    return members, of_alignment, rounds
