"""Stage outputs under ``OUTPUT/_work``: each stage is written to Parquet and read back.

Writing cuts the lineage, so a failed stage is retried without recomputing the earlier ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


class Work:
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
        delete_path(self.spark, self.root)


def delete_path(spark: SparkSession, path: str) -> None:
    """Delete a folder on whatever filesystem Spark writes to (local, HDFS, S3)."""
    jvm = spark.sparkContext._jvm
    assert jvm is not None
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    fs = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    fs.delete(hadoop_path, True)

