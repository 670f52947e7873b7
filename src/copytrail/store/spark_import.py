"""Loading a Spark scan's output (``copytrail spark-scan``) into a local store.

The store owns its SQL: DuckDB reads the Parquet tables straight into the store's own tables,
so ``report``, ``export`` and ``serve`` work on a Spark result as on a local scan.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from copytrail.errors import StoreError

if TYPE_CHECKING:
    from copytrail.store.database import Store


#: Tables every spark-scan output has; the others are loaded when present.
REQUIRED_TABLES = ("documents", "document_sources", "alignments", "narrative_members")
LOADED_TABLES = ("documents", "band_keys", "alignments", "narratives", "narrative_members", "errors")


def import_spark_output(output: str | os.PathLike[str], store: Store) -> dict[str, int]:
    """Load a Spark scan's tables into an empty local store; returns rows loaded per table.

    Uses DuckDB's Parquet reader into the store's own tables, so ``report``, ``export`` and
    ``serve`` work on the result.  ``output`` must be a local folder.
    """
    root = Path(output)
    missing = [t for t in REQUIRED_TABLES if not (root / t).is_dir()]
    if missing:
        raise StoreError(
            f"{root}: not a copytrail spark-scan output (missing {', '.join(missing)})"
        )
    if store.counts()["documents"]:
        raise StoreError(f"{store.path}: the store already holds documents; import into a new one")
    with store.transaction():
        _insert_tables(store, root)
    loaded: dict[str, int] = {}
    for table in LOADED_TABLES:
        count = store.con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - fixed names
        loaded[table] = int(count[0]) if count else 0
    return loaded


def _insert_tables(store: Store, root: Path) -> None:
    """Every table of the output into the store's own, and the settings that made them."""

    def files(table: str) -> str:
        return (root / table / "*.parquet").as_posix().replace("'", "''")

    con = store.con
    con.execute(
        "INSERT INTO documents (id, source_key, file, path, fmt, url, outlet, title, author, "
        "published, date_source, sha1, text, chars, words, extra, duplicate_of, status, seq, language, "
        "languages) "
        "SELECT d.id, s.source_key, s.file, d.path, d.fmt, d.url, d.outlet, d.title, d.author, "
        "d.published, d.date_source, d.sha1, d.text, d.chars, d.words, d.extra, d.duplicate_of, "
        f"s.status, s.seq, d.language, d.languages FROM read_parquet('{files('documents')}') d "
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
            "earliest_status, confidence, documents, outlets, first_date, last_date, undated, "
            "confidence_reason "
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
