"""The Spark engine: the same stages as the local engine, spread over a cluster.

Every result-shaping step calls copytrail's own public stage functions through Arrow
(``mapInArrow`` / ``applyInArrow``), so a JSONL file scanned here and by the local engine gives
the same document ids, alignments and narratives.  Spark only moves data between them:

1. read (``read``): JSONL lines (or Parquet rows) with their file and 1-based line number;
2. parse + sketch per partition (``read``): ``ingest`` turns each record into a ``Document``
   exactly as a local JSONL scan does; ``sketch.document_keys`` gives its band keys;
3. documents (``read``): duplicate ids and identical texts resolved in ingest order, as the
   local store does;
4. candidates (``align``): band keys grouped by key; keys held by more than ``max_bucket``
   documents are boilerplate and skipped (the local cap); pairs within each bucket, distinct;
5. align (``align``): texts joined onto pairs, ``align_pair_texts`` per pair, oriented by
   ``orient``;
6. narratives (``narratives``): passages per document (``cluster.merge_spans``), connected
   components of the passage graph by the large-star / small-star algorithm in DataFrames, one
   narrative per component (``cluster.narrative_of``).

``scan`` runs them in order; each stage is written to Parquet under ``OUTPUT/_work`` (``work``)
and read back, which cuts lineage and lets a failed stage be retried without recomputing the
earlier ones.  Nothing but small counts is collected to the driver.  pyspark is imported only
inside functions, so ``import copytrail`` stays fast without it.  Loading the output into a
local store is the store's job: ``copytrail.store.spark_import``.
"""

from __future__ import annotations

from copytrail.engines.spark.narratives import connected_components
from copytrail.engines.spark.read import parse_record, read_records
from copytrail.engines.spark.scan import SparkScanResult, scan
from copytrail.engines.spark.schemas import OUTPUT_TABLES
from copytrail.engines.spark.session import default_master, spark_session
from copytrail.engines.spark.work import Work

__all__ = [
    "OUTPUT_TABLES",
    "SparkScanResult",
    "Work",
    "connected_components",
    "default_master",
    "parse_record",
    "read_records",
    "scan",
    "spark_session",
]
