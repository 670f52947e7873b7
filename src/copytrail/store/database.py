"""``Store``: the database, a single DuckDB file, opened, written and read.

The tables are declared in :mod:`copytrail.store.schema`, the reads the outputs share are in
:mod:`copytrail.store.queries`, the key index's files in :mod:`copytrail.store.key_index`
and the sentence-vector tables in :mod:`copytrail.store.vectors`.  Writes happen in transactions of batches, so a scan killed at any moment leaves a consistent
store.  Every stored result records the parameters that made it (``meta.settings``); when they
change, results are recomputed instead of silently reused.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from copytrail.errors import StoreError
from copytrail.records import Alignment, Document, InputProblem, Narrative, Span
from copytrail.store import key_index
from copytrail.store.key_index import KEY_INDEX_MIN_ROWS, KeyIndex
from copytrail.store.schema import (
    CLAIM_TABLES,
    SCHEMA,
    SCHEMA_VERSION,
    migrate,
)
from copytrail.store.vectors import VectorTables

DEFAULT_DB = "copytrail.duckdb"


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document row without its text (the text is fetched only where needed)."""

    id: str
    path: str
    outlet: str | None
    title: str | None
    author: str | None
    published: str | None
    date_source: str
    url: str | None


class Store(VectorTables):
    """A copytrail database.  Open with :func:`open_store`; use as a context manager.

    The semantic layer's tables (sentence vectors, the judge's vectors) are read and written
    by the methods of :class:`~copytrail.store.vectors.VectorTables`."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = str(path)
        self._key_index: KeyIndex | None = None  # loaded by _fresh_key_index
        exists = Path(self.path).exists()
        if read_only and not exists:
            raise StoreError(f"{self.path}: no such database (run 'copytrail scan' first)")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open as a copytrail store: {_first_line(exc)}") from exc
        try:
            tables = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot read database: {_first_line(exc)}") from exc
        if exists and tables and "meta" not in tables:
            self.con.close()
            raise StoreError(f"{self.path}: not a copytrail store (it has other tables)")
        if not read_only:
            self.con.execute(SCHEMA)
            migrate(self.con, read_only=False)
            if self.get_meta("app") is None:
                self.set_meta("app", "copytrail")
                self.set_meta("schema_version", SCHEMA_VERSION)
            if self.get_meta("store_id") is None:  # tells this store's key index from a leftover one
                self.set_meta("store_id", uuid.uuid4().hex)
        elif self.get_meta("app") != "copytrail":
            self.con.close()
            raise StoreError(f"{self.path}: not a copytrail store")
        else:
            migrate(self.con, read_only=True)

    # -- plumbing -------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _registered(self, name: str, table: pa.Table) -> Iterator[None]:
        """``table`` visible to SQL as ``name`` for the block, unregistered however it ends."""
        self.con.register(name, table)
        try:
            yield
        finally:
            self.con.unregister(name)

    def _insert(self, table: str, columns: dict[str, Any]) -> None:
        """Insert rows given column by column; columns left out get their default (NULL)."""
        with self._registered("_rows", pa.table(columns)):
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")  # noqa: S608 - fixed names

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def get_meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.con.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    # -- files and documents -----------------------------------------------------------------
    def file_state(self, path: str) -> tuple[int, int] | None:
        row = self.con.execute("SELECT size, mtime_ns FROM files WHERE path = ?", [path]).fetchone()
        return (row[0], row[1]) if row else None

    def forget_file(self, path: str) -> list[str]:
        """Remove a changed input file's documents and everything derived from them.

        Returns the ids of documents promoted from duplicate to original (see
        :meth:`delete_documents`); the caller must give them band keys.
        """
        ids = [r[0] for r in self.con.execute("SELECT id FROM documents WHERE file = ?", [path]).fetchall()]
        promoted = self.delete_documents(ids)
        self.con.execute("DELETE FROM files WHERE path = ?", [path])
        return promoted

    def delete_documents(self, ids: Sequence[str]) -> list[str]:
        """Delete documents and what was derived from them; returns the promoted duplicates.

        For each removed original, its first remaining duplicate becomes the original (status
        ``pending``, no band keys yet) and the other duplicates point at it.
        """
        if not ids:
            return []
        self.con.execute("CREATE OR REPLACE TEMP TABLE _gone AS SELECT unnest(?::VARCHAR[]) AS id", [list(ids)])
        self._delete_derived("_gone")
        self._keys_changed()
        self.con.execute("DELETE FROM sentence_vectors WHERE doc IN (SELECT id FROM _gone)")
        # A duplicate of a removed document becomes an original again (one per original).
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE _promoted AS SELECT duplicate_of AS old, min(id) AS id "
            "FROM documents WHERE duplicate_of IN (SELECT id FROM _gone) "
            "AND id NOT IN (SELECT id FROM _gone) GROUP BY duplicate_of"
        )
        self.con.execute(
            "UPDATE documents SET duplicate_of = _promoted.id FROM _promoted "
            "WHERE documents.duplicate_of = _promoted.old AND documents.id <> _promoted.id"
        )
        self.con.execute(
            "UPDATE documents SET duplicate_of = NULL, status = 'pending' "
            "WHERE id IN (SELECT id FROM _promoted)"
        )
        promoted = [r[0] for r in self.con.execute("SELECT id FROM _promoted ORDER BY id").fetchall()]
        self.con.execute("DELETE FROM documents WHERE id IN (SELECT id FROM _gone)")
        return promoted

    def _delete_derived(self, ids_table: str) -> None:
        """Drop the band keys, claims and alignments of the documents listed in a temp table
        (claims are re-extracted if a document is stored again)."""
        gone = f"(SELECT id FROM {ids_table})"
        self.con.execute(f"DELETE FROM band_keys WHERE doc IN {gone}")  # noqa: S608 - fixed names
        for table, column in CLAIM_TABLES:
            self.con.execute(f"DELETE FROM {table} WHERE {column} IN {gone}")  # noqa: S608 - fixed names
        self.con.execute(f"DELETE FROM alignments WHERE source_doc IN {gone} OR target_doc IN {gone}")  # noqa: S608

    def file_dated_documents(self) -> int:
        """How many documents take their date from their file's modification time."""
        row = self.con.execute("SELECT count(*) FROM documents WHERE date_source = 'file'").fetchone()
        return int(row[0]) if row else 0

    def undate_file_dates(self) -> int:
        """Documents dated by their file's time become undated; their alignments (oriented by
        that date) are dropped and the originals among them queued to be aligned again.
        Returns how many were undated; the caller holds the transaction."""
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE _undated AS SELECT id FROM documents WHERE date_source = 'file'"
        )
        self.con.execute(
            "DELETE FROM alignments WHERE source_doc IN (SELECT id FROM _undated) "
            "OR target_doc IN (SELECT id FROM _undated)"
        )
        self.con.execute(
            "UPDATE documents SET published = NULL, date_source = 'none', "
            "status = CASE WHEN duplicate_of IS NULL THEN 'pending' ELSE status END "
            "WHERE id IN (SELECT id FROM _undated)"
        )
        row = self.con.execute("SELECT count(*) FROM _undated").fetchone()
        return int(row[0]) if row else 0

    def forget_file_states(self) -> None:
        """Every input file is read again at the next scan, as if changed."""
        self.con.execute("DELETE FROM files")

    def record_file(self, path: str, size: int, mtime_ns: int) -> None:
        self.con.execute(
            "INSERT INTO files VALUES (?, ?, ?, current_timestamp) ON CONFLICT (path) "
            "DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, scanned_at = excluded.scanned_at",
            [path, size, mtime_ns],
        )

    def original_by_hash(self, sha1s: Sequence[str]) -> dict[str, str]:
        """For content hashes already stored, the id of the original document."""
        if not sha1s:
            return {}
        rows = self.con.execute(
            "SELECT sha1, min(id) FROM documents WHERE duplicate_of IS NULL AND sha1 IN "
            "(SELECT unnest(?::VARCHAR[])) GROUP BY sha1",
            [list(sha1s)],
        ).fetchall()
        return dict(rows)

    def next_seq(self) -> int:
        row = self.con.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()
        return int(row[0]) + 1 if row else 1

    def add_documents(
        self,
        docs: Sequence[Document],
        file_of: Sequence[str],
        word_counts: Sequence[int],
        duplicate_of: Sequence[str | None],
        keys: Sequence[np.ndarray],
        first_seq: int,
    ) -> None:
        """Insert documents (status ``pending``, or ``duplicate`` where ``duplicate_of`` names
        their original), each with its input file, word count and band keys, numbered from
        ``first_seq``; the caller holds the transaction."""
        if not docs:
            return
        # A document stored by an interrupted scan is stored again: drop its old rows first.
        # Only those that exist (found through the primary key): the deletes scan whole tables
        # (0.3 s of band keys per batch at 1M documents), for what is nearly always nothing.
        stored = self.con.execute(
            "SELECT id FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [[d.id for d in docs]]
        ).fetchall()
        if stored:
            self.con.execute("CREATE OR REPLACE TEMP TABLE _again AS SELECT unnest(?::VARCHAR[]) AS id", [[r[0] for r in stored]])
            self._delete_derived("_again")
            self.con.execute("DELETE FROM documents WHERE id IN (SELECT id FROM _again)")
        self._keys_changed(appended=not stored)  # only new documents' keys: an index merges them in
        self._insert(
            "documents",  # the columns of schema.DOCUMENT_TABLE
            {
                "id": [d.id for d in docs],
                "source_key": [d.source_key for d in docs],
                "file": list(file_of),
                "path": [d.path for d in docs],
                "fmt": [d.fmt for d in docs],
                "url": [d.url for d in docs],
                "outlet": [d.outlet for d in docs],
                "title": [d.title for d in docs],
                "author": [d.author for d in docs],
                "published": [d.published for d in docs],
                "date_source": [d.date_source for d in docs],
                "sha1": [d.sha1 for d in docs],
                "text": [d.text for d in docs],
                "chars": [len(d.text) for d in docs],
                "words": list(word_counts),
                "extra": [json.dumps(d.extra, ensure_ascii=False, default=str) for d in docs],
                "duplicate_of": list(duplicate_of),
                "status": ["pending" if dup is None else "duplicate" for dup in duplicate_of],
                "seq": list(range(first_seq, first_seq + len(docs))),
                "language": [d.language for d in docs],
            },
        )
        self._insert_band_keys([d.id for d in docs], keys)

    def add_errors(self, errors: Iterable[InputProblem]) -> None:
        rows = [(e.path, e.line, e.reason) for e in errors]
        if rows:
            self.con.executemany("INSERT INTO errors (path, line, reason) VALUES (?, ?, ?)", rows)

    def clear_errors_for(self, path: str) -> None:
        self.con.execute("DELETE FROM errors WHERE path = ?", [path])

    # -- candidates and alignment --------------------------------------------------------------
    def pending_ids(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT id FROM documents WHERE status = 'pending' ORDER BY seq").fetchall()]

    def keys_touching(self, ids: Sequence[str], max_bucket: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(key, doc) rows for keys that any of ``ids`` has and some other document shares,
        the other holders included; keys held by more than ``max_bucket`` documents are left
        out (boilerplate).  With a fresh key index this is a binary search per key instead
        of a scan of every band key (0.7 s per 2,000-document batch at 1M documents)."""
        self.con.execute("CREATE OR REPLACE TEMP TABLE _ids AS SELECT unnest(?::VARCHAR[]) AS id", [list(ids)])
        index = self._fresh_key_index()
        if index is None:
            table = self.con.sql(
                "WITH touched AS (SELECT k.key, k.doc FROM band_keys k WHERE k.key IN "
                "(SELECT key FROM band_keys WHERE doc IN (SELECT id FROM _ids))), "
                "shared AS (SELECT key FROM touched GROUP BY key HAVING count(*) BETWEEN 2 AND ?) "
                "SELECT key, doc FROM touched WHERE key IN (SELECT key FROM shared)",
                params=[max_bucket if max_bucket is not None else 2**62],
            ).to_arrow_table()
            return table.column("key").to_numpy(), np.asarray(table.column("doc").to_pylist(), dtype=object)
        own = self.con.sql("SELECT key FROM band_keys WHERE doc IN (SELECT id FROM _ids)").fetchnumpy()["key"]
        keys, seqs = index.holders(np.unique(np.asarray(own, dtype=np.int64)), max_bucket)
        return keys, index.doc_ids(seqs)

    def texts(self, ids: Sequence[str]) -> dict[str, str]:
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, text FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]
        ).fetchall()
        return dict(rows)

    def add_alignments(self, alignments: Sequence[Alignment], done_ids: Sequence[str]) -> None:
        """Store a batch's alignments and mark its documents done (the caller holds the transaction)."""
        if alignments:
            self._insert(
                "alignments",  # narrative: NULL until narratives are formed
                {
                    "source_doc": [a.source.doc for a in alignments],
                    "source_start": [a.source.start for a in alignments],
                    "source_end": [a.source.end for a in alignments],
                    "target_doc": [a.target.doc for a in alignments],
                    "target_start": [a.target.start for a in alignments],
                    "target_end": [a.target.end for a in alignments],
                    "kind": [a.kind for a in alignments],
                    "score": [a.score for a in alignments],
                    "matched_words": [a.matched_words for a in alignments],
                    "ordered": [a.ordered for a in alignments],  # the source is known to be earlier
                },
            )
        if done_ids:
            self.con.execute(
                "UPDATE documents SET status = 'done' WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                [list(done_ids)],
            )

    def reset_alignments(self) -> None:
        """Parameters changed: drop every alignment and queue every original document again."""
        self.con.execute("DELETE FROM alignments")
        self.con.execute("UPDATE documents SET status = 'pending' WHERE duplicate_of IS NULL")

    def reset_sketches(self) -> list[str]:
        self.con.execute("DELETE FROM band_keys")
        self._keys_changed()
        return [r[0] for r in self.con.execute("SELECT id FROM documents WHERE duplicate_of IS NULL ORDER BY seq").fetchall()]

    def add_band_keys(self, doc_ids: Sequence[str], keys: Sequence[np.ndarray]) -> None:
        if self._insert_band_keys(doc_ids, keys):
            self._keys_changed()

    def _insert_band_keys(self, doc_ids: Sequence[str], keys: Sequence[np.ndarray]) -> bool:
        """Insert each document's band keys (``keys[i]`` are ``doc_ids[i]``'s); False when
        there were none."""
        arrays = [k for k in keys if len(k)]
        if not arrays:
            return False
        ids = np.array(list(doc_ids), dtype=object)
        doc_col = np.concatenate([np.full(len(k), i, dtype=np.int64) for i, k in enumerate(keys) if len(k)])
        self._insert("band_keys", {"key": np.concatenate(arrays), "doc": ids[doc_col]})
        return True

    # -- key index (scan and check) -------------------------------------------------------------
    def _keys_changed(self, *, appended: bool = False) -> None:
        """Every change to ``band_keys`` goes through here: a key index built before is stale.
        ``appended``: the change only added keys of documents newer than any before (an
        ingest batch), which an index can take in by merging instead of being rebuilt."""
        self.set_meta("keys_version", str(int(self.get_meta("keys_version") or 0) + 1))
        if not appended:
            self.set_meta("keys_rewritten", str(int(self.get_meta("keys_rewritten") or 0) + 1))

    def _keys_stamp(self) -> str:
        """What a key index must match: the keys' change counter and row count, and the
        store's own id (an index left beside a deleted database never fits a new one)."""
        ((rows, version, store_id),) = self.con.execute(
            "SELECT (SELECT count(*) FROM band_keys), (SELECT value FROM meta WHERE key = 'keys_version'), "
            "(SELECT value FROM meta WHERE key = 'store_id')"
        ).fetchall()
        return f"{version or 0}:{rows}:{store_id or ''}"

    def key_index_path(self) -> Path | None:
        """Folder of the key index beside the database file (none for an in-memory store)."""
        return None if self.path in ("", ":memory:") else Path(self.path + ".keys")

    def build_key_index(self, min_rows: int | None = None) -> bool:
        """Write every band key, sorted, with its document, beside the database, so that the
        scan's candidate lookup and ``check`` find keys by binary search instead of scanning
        the whole ``band_keys`` table (which DuckDB does for an IN list of keys: 350 ms for
        one article at 1M documents).  Skipped (and any old index removed) below ``min_rows``
        keys (default ``KEY_INDEX_MIN_ROWS``), where the scan is fast.  An index that only
        misses the keys of documents ingested since is brought up to date by merging those
        in; anything else (a document replaced or deleted, keys re-made) rebuilds it.
        Returns whether an index is in place."""
        folder = self.key_index_path()
        if folder is None:
            return False
        stamp = self._keys_stamp()
        rows = int(stamp.split(":")[1])
        if rows < (KEY_INDEX_MIN_ROWS if min_rows is None else min_rows):
            key_index.remove_index(folder)
            self._key_index = None
            return False
        if key_index.index_is_current(folder, stamp):
            return True
        rewritten = self.get_meta("keys_rewritten") or "0"
        ((max_seq,),) = self.con.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchall()
        partial = key_index.start_partial(folder)
        base = key_index.read_index_base(folder) if key_index.index_complete(folder) else None
        merged = base is not None and base["rewritten"] == rewritten and self._merge_new_keys(folder, partial, base, rows)
        if not merged:
            self._write_all_keys(partial)
        docs = self.con.execute("SELECT seq, id FROM documents ORDER BY seq").fetchall()
        built_from = {"rewritten": rewritten, "max_seq": int(max_seq), "rows": rows}
        key_index.finish_index(folder, partial, docs, built_from, stamp)
        self._key_index = None
        return True

    def _write_all_keys(self, partial: Path) -> None:
        """Write every band key, sorted, and its document's number into ``partial``."""
        table = self.con.sql(
            "SELECT k.key, d.seq::INTEGER AS seq FROM band_keys k JOIN documents d ON d.id = k.doc"
        ).to_arrow_table()
        keys = table.column("key").to_numpy()
        seqs = table.column("seq").to_numpy()
        del table
        order = np.argsort(keys, kind="stable")
        np.save(partial / "keys.npy", keys[order])
        del keys  # one array at a time: the peak stays near three key columns
        np.save(partial / "seqs.npy", seqs[order])

    def _merge_new_keys(self, folder: Path, partial: Path, base: dict[str, Any], rows: int) -> bool:
        """Write into ``partial`` the index in ``folder`` plus the keys of documents stored
        after it (``seq`` above its newest); False when the rows do not add up to the
        ``rows`` band keys stored now (then the caller rebuilds)."""
        table = self.con.sql(
            "SELECT k.key, d.seq::INTEGER AS seq FROM band_keys k JOIN documents d ON d.id = k.doc "
            "WHERE d.seq > ?",
            params=[base["max_seq"]],
        ).to_arrow_table()
        new_keys = table.column("key").to_numpy()
        order = np.argsort(new_keys, kind="stable")
        new_seqs = table.column("seq").to_numpy()[order]
        del table
        return key_index.merge_sorted_keys(folder, partial, new_keys[order], new_seqs, base["rows"], rows)

    def _fresh_key_index(self) -> KeyIndex | None:
        folder = self.key_index_path()
        if folder is None or not key_index.index_complete(folder):
            return None
        stamp = self._keys_stamp()
        if self._key_index is not None and self._key_index.stamp == stamp:
            return self._key_index
        if (folder / "stamp").read_text() != stamp:
            return None
        self._key_index = KeyIndex(folder, stamp)
        return self._key_index

    def key_hits(self, keys: np.ndarray, max_bucket: int) -> list[tuple[str, int]]:
        """Stored documents sharing band keys with ``keys``, with how many (keys held by more
        than ``max_bucket`` documents are boilerplate and left out), most shared first."""
        keys = np.unique(np.asarray(keys, dtype=np.int64))
        if not len(keys):
            return []
        index = self._fresh_key_index()
        if index is None:
            rows = self.con.execute(
                "WITH hits AS (SELECT key, doc FROM band_keys WHERE key IN (SELECT unnest(?::BIGINT[]))), "
                "common AS (SELECT key FROM hits GROUP BY key HAVING count(DISTINCT doc) <= ?) "
                "SELECT doc, count(*) AS shared FROM hits WHERE key IN (SELECT key FROM common) "
                "GROUP BY doc ORDER BY shared DESC, doc",
                [keys.tolist(), max_bucket],
            ).fetchall()
            return [(doc, int(shared)) for doc, shared in rows]
        _, seqs = index.holders(keys, max_bucket, min_holders=1)
        held, counts = np.unique(seqs, return_counts=True)
        found = zip(index.doc_ids(held).tolist(), counts.tolist(), strict=True)
        return sorted(((doc, int(count)) for doc, count in found), key=lambda item: (-item[1], item[0]))

    # -- narratives ----------------------------------------------------------------------------
    def all_alignments(self) -> list[Alignment]:
        rows = self.con.execute(
            "SELECT source_doc, source_start, source_end, target_doc, target_start, target_end, "
            "kind, score, matched_words, ordered FROM alignments "
            "ORDER BY source_doc, source_start, target_doc, target_start"
        ).fetchall()
        return [
            Alignment(Span(r[0], r[1], r[2]), Span(r[3], r[4], r[5]), r[6], r[7], r[8], r[9])
            for r in rows
        ]

    def replace_narratives(
        self,
        narratives: Sequence[Narrative],
        assignment: Sequence[str],
        alignments: Sequence[Alignment],
        confidence: dict[str, tuple[str, str]],
    ) -> None:
        """Store the narratives (and their members) in place of the old ones, and each
        alignment's narrative (``assignment[i]`` is ``alignments[i]``'s); ``confidence`` gives
        each narrative's ``(level, reason)`` for its earliest member."""
        self.con.execute("DELETE FROM narratives")
        self.con.execute("DELETE FROM narrative_members")
        if narratives:
            self._insert(
                "narratives",
                {
                    "id": [n.id for n in narratives],
                    "earliest": [",".join(n.earliest) or None for n in narratives],
                    "earliest_status": [n.earliest_status for n in narratives],
                    "confidence": [confidence[n.id][0] if n.id in confidence else None for n in narratives],
                    "confidence_reason": [confidence[n.id][1] if n.id in confidence else None for n in narratives],
                    "documents": [n.documents for n in narratives],
                    "outlets": [n.outlets for n in narratives],
                    "first_date": [n.first_date for n in narratives],
                    "last_date": [n.last_date for n in narratives],
                    "undated": [n.undated for n in narratives],
                },
            )
            members = [(n.id, m) for n in narratives for m in n.members]
            self._insert(
                "narrative_members",
                {
                    "narrative": [narrative for narrative, _ in members],
                    "doc": [m.doc for _, m in members],
                    "start": [m.start for _, m in members],
                    "end": [m.end for _, m in members],
                },
            )
        if alignments:
            assigned = {
                "source_doc": [a.source.doc for a in alignments],
                "source_start": [a.source.start for a in alignments],
                "target_doc": [a.target.doc for a in alignments],
                "target_start": [a.target.start for a in alignments],
                "narrative": list(assignment),
            }
            with self._registered("_assign", pa.table(assigned)):
                self.con.execute(
                    "UPDATE alignments SET narrative = _assign.narrative FROM _assign "
                    "WHERE alignments.source_doc = _assign.source_doc "
                    "AND alignments.source_start = _assign.source_start "
                    "AND alignments.target_doc = _assign.target_doc "
                    "AND alignments.target_start = _assign.target_start"
                )

    # -- reading -------------------------------------------------------------------------------
    def doc_info(self) -> dict[str, tuple[str | None, str | None, str]]:
        rows = self.con.execute("SELECT id, published, outlet, date_source FROM documents").fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a read query as dictionaries (used by exports and views)."""
        cursor = self.con.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        return self.con.sql(sql, params=list(params)).to_arrow_table()

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "alignments", "narratives", "errors"):
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - fixed names
            out[table] = int(row[0]) if row else 0
        row = self.con.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()
        out["duplicates"] = int(row[0]) if row else 0
        return out


def open_store(path: str | os.PathLike[str] = DEFAULT_DB, *, read_only: bool = False) -> Store:
    """Open (or create, unless ``read_only``) a copytrail store."""
    return Store(path, read_only=read_only)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
