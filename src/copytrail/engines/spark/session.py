"""The SparkSession a scan runs in, set up so that a laptop needs no Spark configuration."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

LOCAL_MASTER = "local[2]"


def launched_by_spark_submit() -> bool:
    """Whether this process is the driver spark-submit started (it then chose the master)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def default_master() -> str | None:
    """``local[2]`` when run by hand; ``None`` (keep spark-submit's choice) under spark-submit."""
    return None if launched_by_spark_submit() else LOCAL_MASTER


def spark_session(
    master: str | None = LOCAL_MASTER,
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
    launched_here = not launched_by_spark_submit()
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
