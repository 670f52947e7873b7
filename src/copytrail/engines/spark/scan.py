"""The Spark scan: the stages in order, each written under ``OUTPUT/_work`` and timed.

The result tables ``documents``, ``alignments`` and ``narratives`` have the columns of
``copytrail export --format parquet``; the others let ``copytrail import-spark`` rebuild a
local store (``copytrail.store.spark_import``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from copytrail.engines.spark.align import align_candidates, candidate_pairs, drop_outlet_boilerplate
from copytrail.engines.spark.narratives import build_narratives
from copytrail.engines.spark.read import (
    input_format,
    parse_batches,
    read_records,
    resolve_documents,
)
from copytrail.engines.spark.schemas import ALIGNMENT_KEY, DOCUMENT_COLUMNS, PARSED, spark_schema
from copytrail.engines.spark.work import Work
from copytrail.settings import ScanSettings

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


@dataclass
class SparkScanResult:
    """Counts and timings of one Spark scan (all computed as small aggregates)."""

    documents: int = 0
    duplicates: int = 0
    errors: int = 0
    notes: int = 0  # records read with a problem and kept (a date not kept as stated)
    band_keys: int = 0
    pairs_compared: int = 0
    alignments: int = 0
    outlet_boilerplate: int = 0  # alignments left out as an outlet's boilerplate
    narratives: int = 0
    cc_rounds: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage
    worker_seconds: dict[str, float] = field(default_factory=dict)  # CPU time inside stage calls


class _Laps:
    """Wall time of each stage since the previous one, into ``result.stage_seconds``."""

    def __init__(self, result: SparkScanResult) -> None:
        self.result = result
        self.clock = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.result.stage_seconds[stage] = round(now - self.clock, 3)
        self.clock = now


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
    work = Work(spark, output)
    lap = _Laps(result)
    parsed = _parse_and_sketch(spark, work, inputs, fmt, settings)  # 1-2. read, parse and sketch
    lap("parse+sketch")
    docs, errors, keys = _write_documents(work, parsed)  # 3. documents
    settings = _with_common_stems(docs, settings)
    lap("documents")
    pairs = work.put(candidate_pairs(keys, settings), "pairs")  # 4. candidates
    lap("candidates")
    aligned = work.put(align_candidates(pairs, docs, settings, partitions), "aligned")  # 5. align
    alignments = aligned.filter(F.col("source_doc").isNotNull()).drop("a", "b", "align_ns")
    alignments, result.outlet_boilerplate = drop_outlet_boilerplate(alignments, docs, settings.outlet_boilerplate)
    lap("align")
    members, of_alignment, result.cc_rounds = build_narratives(work, alignments, docs)  # 6.
    lap("narratives")
    _write_alignments(work, alignments, of_alignment, docs)
    _write_narratives(work, members, docs)
    lap("write")
    _count(result, parsed, docs, errors, keys, aligned, members)
    result.seconds = round(time.perf_counter() - started, 3)
    _write_manifest(spark, work, settings, result)
    if not keep_work:
        work.remove()
    return result


def _parse_and_sketch(
    spark: SparkSession, work: Work, inputs: Sequence[str], fmt: str, settings: ScanSettings
) -> DataFrame:
    """Every input record parsed into a document (or an error) with its band keys."""
    records = read_records(spark, inputs, fmt)
    parse = partial(
        parse_batches, base=None, fmt=input_format(inputs, fmt), settings=settings
    )
    return work.put(records.mapInArrow(parse, spark_schema(PARSED)), "parsed")


def _write_documents(work: Work, parsed: DataFrame) -> tuple[DataFrame, DataFrame, DataFrame]:
    """The documents, sources, errors and band-key tables; returns ``(docs, errors, keys)``."""
    from pyspark.sql import functions as F

    docs, errors = resolve_documents(parsed)
    docs = work.put(docs, "documents")
    status = F.when(F.col("duplicate_of").isNull(), F.lit("done")).otherwise(F.lit("duplicate"))
    from copytrail.records import date_precision, record_of

    precision = F.udf(lambda published: date_precision(published), "string")  # beside date_source, as the export gives it
    exported = [
        column
        for name in DOCUMENT_COLUMNS
        for column in ([F.col(name), precision("published").alias("date_precision")] if name == "date_source" else [F.col(name)])
    ]
    record = F.udf(lambda key, file: record_of(key, file), "string")  # the record inside its file, as the export names it
    exported.append(record("source_key", "file").alias("record"))
    work.put(docs.select(*exported), "documents", final=True)
    work.put(
        docs.select("id", "source_key", "file", "seq", status.alias("status")),
        "document_sources",
        final=True,
    )
    # Records read with a problem (a date not kept as stated) are rows there too, as a local
    # scan stores them: reasons starting "kept", no failure.
    notes = parsed.filter(F.size("notes") > 0).select("path", "line", F.explode("notes").alias("reason"))
    work.put(errors.select("path", "line", "reason").unionByName(notes), "errors", final=True)
    originals = docs.filter(F.col("duplicate_of").isNull())
    keys = originals.select(F.explode("keys").alias("key"), F.col("id").alias("doc"))
    keys = work.put(keys, "band_keys", final=True)
    return docs, errors, keys


def _with_common_stems(docs: DataFrame, settings: ScanSettings) -> ScanSettings:
    """``settings`` with the corpus's common stems when ``shared_once`` asks for them, read on
    the sample a local store reads (``store.vocabulary.sample_texts``: the originals first by
    the SHA-1 of their text)."""
    if not settings.align.shared_once:
        return settings
    from pyspark.sql import functions as F

    from copytrail.stages.align.common import SAMPLE, common_stems

    rows = docs.filter(F.col("duplicate_of").isNull()).orderBy("sha1", "id").select("text").limit(SAMPLE).collect()
    stems = common_stems((row["text"] or "" for row in rows), settings.align)
    return replace(settings, align=replace(settings.align, common_stems=stems))


def _cited(docs: DataFrame) -> DataFrame:
    """Each document's ``id``, ``path``, ``record`` (``records.record_of``: ``id=…``, ``line N``,
    ``record N`` or null) and ``url``: how the exports cite it."""
    from pyspark.sql import functions as F

    from copytrail.records import record_of

    record = F.udf(lambda key, file: record_of(key, file), "string")
    return docs.select("id", "path", record("source_key", "file").alias("record"), "url")


def _write_alignments(
    work: Work, alignments: DataFrame, of_alignment: DataFrame, docs: DataFrame
) -> None:
    """The alignments table, in the columns of ``copytrail export alignments``."""
    from pyspark.sql import functions as F

    from copytrail.stages.language import side_language

    mixed_text = F.when(F.col("languages").contains(","), F.col("text")).alias("text")  # only a mixed text is read
    cited = _cited(docs).join(
        docs.select("id", F.col("language").alias("doc_language"), F.col("languages").alias("doc_languages"), mixed_text), "id"
    )

    def side(name: str) -> DataFrame:
        return cited.select(*(F.col(c).alias(f"{name}_{'doc' if c == 'id' else c}") for c in cited.columns))

    # each side's language as the local export gives it (outputs.languages): read on the
    # passage only where its document mixes languages
    language = F.udf(
        lambda lang, langs, text, start, end: side_language(lang, langs, (text or "")[start:end]),
        "string",
    )

    def side_language_of(name: str) -> Any:
        return language(
            f"{name}_doc_language", f"{name}_doc_languages", f"{name}_text", f"{name}_start", f"{name}_end"
        ).alias(f"{name}_language")

    final = (
        alignments.join(of_alignment, ALIGNMENT_KEY, "left")
        .join(side("source"), "source_doc")
        .join(side("target"), "target_doc")
        .select(
            "source_doc", "source_path", "source_start", "source_end", "source_record", "source_url",
            side_language_of("source"),
            "target_doc", "target_path", "target_start", "target_end", "target_record", "target_url",
            side_language_of("target"),
            "kind", "score", "matched_words",
            F.col("ordered").alias("source_is_earlier"),
            "narrative",
        )  # fmt: skip
    )
    work.put(final, "alignments", final=True)


def _write_narratives(work: Work, members: DataFrame, docs: DataFrame) -> None:
    """The narratives table (one row per member, as exported) and the store's members table."""
    from pyspark.sql import functions as F

    from copytrail.records import date_precision

    precision = F.udf(lambda published: date_precision(published), "string")  # records' one reading of a stored date
    # a date converted from another calendar as its input stated it (``store.queries``' rule)
    converted = (F.col("date_source") == "metadata") & F.col("extra").contains('"published_calendar"')
    member_docs = docs.select(
        F.col("id").alias("doc"), "path", "published", "date_source", "outlet", "title",
        F.when(converted, F.get_json_object("extra", "$.published_raw")).alias("published_raw"),
        F.when(converted, F.get_json_object("extra", "$.published_calendar")).alias("published_calendar"),
    ).join(_cited(docs).select(F.col("id").alias("doc"), "record", "url"), "doc")  # fmt: skip
    flat = members.join(member_docs, "doc").select(
        "narrative", "earliest", "earliest_status", "confidence", "confidence_reason", "documents", "outlets",
        "first_date", "last_date", "undated",
        F.col("doc").alias("member_doc"), F.col("path").alias("member_path"),
        F.col("start").alias("member_start"), F.col("end").alias("member_end"),
        F.col("published").alias("member_published"), F.col("date_source").alias("member_date_source"),
        precision("published").alias("member_date_precision"),
        F.col("outlet").alias("member_outlet"), F.col("title").alias("member_title"),
        F.col("record").alias("member_record"), F.col("url").alias("member_url"),
        F.col("published_raw").alias("member_published_raw"),
        F.col("published_calendar").alias("member_published_calendar"),
        F.array_contains(F.split("earliest", ","), F.col("doc")).alias("member_earliest"),
    )  # fmt: skip
    work.put(flat, "narratives", final=True)
    work.put(members.select("narrative", "doc", "start", "end"), "narrative_members", final=True)


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
    result.notes = int(parsed.agg(F.sum(F.size("notes"))).first()[0] or 0)
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
    spark: SparkSession, work: Work, settings: ScanSettings, result: SparkScanResult
) -> None:
    """A one-row table naming the settings that made the output (the store records the same).

    The fingerprints are ``ScanSettings.fingerprints()``, as the local engine records them, of
    what this engine ran: it has no semantic pass, so a semantic request is recorded as lexical.
    """
    ran = replace(settings, semantic=replace(settings.semantic, enabled=False))
    fingerprints = ran.fingerprints()
    row = {
        "engine": "spark",
        "sketch_settings": fingerprints["sketch"],
        "align_settings": fingerprints["align"],
        "result": json.dumps(asdict(result)),
    }
    spark.createDataFrame([row]).coalesce(1).write.mode("overwrite").parquet(work.table("manifest"))

