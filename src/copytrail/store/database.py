"""``Store``: the database, a single DuckDB file, opened, written and read.

The tables are declared in :mod:`copytrail.store.schema`, the reads the outputs share are in
:mod:`copytrail.store.queries`, the key index's files in :mod:`copytrail.store.key_index`
and the sentence-vector tables in :mod:`copytrail.store.vectors`.  Writes happen in transactions of batches, so a scan killed at any moment leaves a consistent
store.  Every stored result records the parameters that made it (``meta.settings``); when they
change, results are recomputed instead of silently reused.  Opening waits briefly for another
process that holds the file, and a write the disk refuses becomes one line
(:mod:`copytrail.store.access`).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from copytrail.errors import StoreError
from copytrail.records import Alignment, Document, InputProblem
from copytrail.store import access, key_index
from copytrail.store.access import connect, first_line, is_out_of_room, out_of_room_error
from copytrail.store.key_index import KEY_INDEX_MIN_ROWS, KeyIndex
from copytrail.store.narratives import NarrativeTables
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


class Store(NarrativeTables, VectorTables):
    """A copytrail database.  Open with :func:`open_store`; use as a context manager.

    The semantic layer's tables (sentence vectors, the judge's vectors) are read and written
    by the methods of :class:`~copytrail.store.vectors.VectorTables`, the narratives by those
    of :class:`~copytrail.store.narratives.NarrativeTables`."""

    _read_only, _memory = True, access.STORE_MEMORY  # a store over a cursor of another's connection reads

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False, wait: float | None = None) -> None:
        self.path = str(path)
        self._key_index: KeyIndex | None = None  # loaded by _fresh_key_index
        self._transactions = 0  # transaction blocks open (a block inside another joins it)
        exists = Path(self.path).exists()
        if read_only and not exists:
            raise StoreError(f"{self.path}: no such database (run 'copytrail scan' first)")
        self._read_only, self._memory = read_only, access.store_memory_limit()
        self.con = connect(self.path, read_only=read_only, wait=wait, memory_limit=self._memory)  # waits for a lock
        try:
            self._open_tables(exists, read_only)
        except BaseException:
            access.close(self.con, read_only=read_only)
            raise

    def _open_tables(self, exists: bool, read_only: bool) -> None:
        """Check that the file is a copytrail store; for writing, create or migrate its tables."""
        try:
            tables = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot read database: {first_line(exc)}") from exc
        if exists and tables and "meta" not in tables:
            raise StoreError(f"{self.path}: not a copytrail store (it has other tables)")
        if not read_only:
            with self._room_checked():
                self.con.execute(SCHEMA)
                migrate(self.con, read_only=False)
                if self.get_meta("app") is None:
                    self.set_meta("app", "copytrail")
                    self.set_meta("schema_version", SCHEMA_VERSION)
                if self.get_meta("store_id") is None:  # tells this store's key index from a leftover one
                    self.set_meta("store_id", uuid.uuid4().hex)
        elif self.get_meta("app") != "copytrail":
            raise StoreError(f"{self.path}: not a copytrail store")
        else:
            migrate(self.con, read_only=True)

    # -- plumbing -------------------------------------------------------------------------
    def close(self) -> None:
        with self._room_checked():
            access.close(self.con, read_only=self._read_only)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.close()
            return
        with suppress(duckdb.Error, OSError):  # an error is already on its way: closing must not replace it
            access.close(self.con, read_only=self._read_only)

    @contextmanager
    def _room_checked(self) -> Iterator[None]:
        """A write the disk has no room for becomes a one-line :class:`StoreError` (DuckDB
        commits whole transactions only, so the store keeps what was committed before)."""
        try:
            yield
        except (duckdb.Error, OSError) as exc:
            if is_out_of_room(exc):
                raise out_of_room_error(self.path, exc) from exc
            raise

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
        """All of the block's writes or none (a kill, an error or a full disk leaves none).
        A block inside another joins it, so that a step made of several (forget: documents,
        narratives, claim groups) commits once."""
        if self._transactions:
            self._transactions += 1
            try:
                yield
            finally:
                self._transactions -= 1
            return
        with self._room_checked():
            self.con.execute("BEGIN TRANSACTION")
            self._transactions = 1
            try:
                yield
            except BaseException:
                with suppress(duckdb.Error):  # a failed write may have ended the transaction already
                    self.con.execute("ROLLBACK")
                raise
            finally:
                self._transactions = 0
            access.commit(self.con, self.path, self._memory)  # checkpoints under DuckDB's own limit

    def get_meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.con.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    # -- files and documents -----------------------------------------------------------------
    def file_states(self, paths: Sequence[str]) -> dict[str, tuple[int, int]]:
        """``path -> (size, mtime_ns)`` for those of ``paths`` recorded, in one query: a folder's
        files are looked up a batch at a time (a statement per file cost milliseconds each)."""
        if not paths:
            return {}
        rows = self.con.execute(
            "SELECT path, size, mtime_ns FROM files WHERE path IN (SELECT unnest(?::VARCHAR[]))", [list(paths)]
        ).fetchall()
        return {path: (size, mtime_ns) for path, size, mtime_ns in rows}

    def holds_files(self) -> bool:
        """Whether any input file is recorded (a first scan has no states to look up)."""
        return self.con.execute("SELECT EXISTS (SELECT 1 FROM files)").fetchone() == (True,)

    def holds_documents(self) -> bool:
        """Whether any document is stored (a first scan has no stored content to match)."""
        return self.con.execute("SELECT EXISTS (SELECT 1 FROM documents)").fetchone() == (True,)

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
        for table in ("alignments", "boilerplate_alignments"):
            self.con.execute(f"DELETE FROM {table} WHERE source_doc IN {gone} OR target_doc IN {gone}")  # noqa: S608

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
        for table in ("alignments", "boilerplate_alignments"):
            self.con.execute(f"DELETE FROM {table} WHERE source_doc IN (SELECT id FROM _undated) OR target_doc IN (SELECT id FROM _undated)")  # noqa: S608
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

    def record_files(self, states: Iterable[tuple[str, int, int]]) -> None:
        """Record input files read ``(path, size, mtime_ns)`` in one statement (a path given
        twice keeps its last state); the caller holds the transaction."""
        latest = {path: (size, mtime_ns) for path, size, mtime_ns in states}
        if not latest:
            return
        self.con.execute(
            "INSERT INTO files SELECT unnest(?::VARCHAR[]), unnest(?::BIGINT[]), unnest(?::BIGINT[]), current_timestamp "
            "ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, scanned_at = excluded.scanned_at",
            [list(latest), [size for size, _ in latest.values()], [mtime_ns for _, mtime_ns in latest.values()]],
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
            "SELECT id, seq FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [[d.id for d in docs]]
        ).fetchall()
        # Stored again, a document keeps its number (the order of storing orients undated pairs),
        # so that a resumed scan numbers every document as an uninterrupted one does.
        kept_seq = {doc_id: seq for doc_id, seq in stored}
        new_seq = iter(range(first_seq, first_seq + len(docs)))
        seqs = [kept_seq[d.id] if d.id in kept_seq else next(new_seq) for d in docs]
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
                "seq": seqs,
                "language": [d.language for d in docs],
                "languages": [d.languages for d in docs],
            },
        )
        self._insert_band_keys([d.id for d in docs], keys)

    def add_errors(self, errors: Iterable[InputProblem]) -> None:
        rows = [(e.path, e.line, e.reason) for e in errors]
        if rows:
            self.con.executemany("INSERT INTO errors (path, line, reason) VALUES (?, ?, ?)", rows)

    def clear_errors_for(self, paths: Iterable[str]) -> None:
        """Forget the errors recorded for ``paths`` (read again), in one statement."""
        wanted = list(dict.fromkeys(paths))
        if wanted:
            self.con.execute("DELETE FROM errors WHERE path IN (SELECT unnest(?::VARCHAR[]))", [wanted])

    # -- candidates and alignment --------------------------------------------------------------
    def pending_ids(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT id FROM documents WHERE status = 'pending' ORDER BY seq").fetchall()]

    def keys_touching(self, ids: Sequence[str], max_bucket: int | None = None) -> tuple[np.ndarray, list[str], np.ndarray]:
        """(key, doc) rows for keys that any of ``ids`` has and some other document shares, the
        other holders included, but not keys of over ``max_bucket`` documents (boilerplate); the
        documents as the distinct ids met and each row's place among them (one string a document,
        not a row).  A fresh key index: a binary search per key, not a scan of every band key."""
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
            distinct, places = np.unique(np.asarray(table.column("doc").to_pylist(), dtype=object), return_inverse=True)
            return table.column("key").to_numpy(), distinct.tolist(), places.astype(np.int64)
        own = np.sort(np.asarray(self.con.sql("SELECT key FROM band_keys WHERE doc IN (SELECT id FROM _ids)").fetchnumpy()["key"], dtype=np.int64))
        access.trim_cache(self.con, self._memory)  # that scanned every band key
        # distinct by sorting: numpy 2.4's np.unique (a hash table) took 0.5 s for 800k keys
        keys, seqs = index.holders(own[np.concatenate(([True], own[1:] != own[:-1]))] if len(own) else own, max_bucket)
        distinct, places = np.unique(seqs, return_inverse=True)
        return keys, index.doc_ids(distinct).tolist(), places.astype(np.int64)

    def texts(self, ids: Sequence[str]) -> dict[str, str]:
        if not ids:
            return {}
        return dict(self.con.execute("SELECT id, text FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]).fetchall())

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
        self.con.execute("DELETE FROM boilerplate_alignments")
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
        with self._room_checked():  # a half-written index is never used (key_index.finish_index)
            partial = key_index.start_partial(folder)
            base = key_index.read_index_base(folder) if key_index.index_complete(folder) else None
            with access.memory_limited(self.con, access.SORT_MEMORY, self._memory):  # the sorts spill beyond
                own_rows = self._merge_new_keys(folder, partial, base, rows) if base is not None and base["rewritten"] == rewritten else None
                if own_rows is None:  # a refused merge writes nothing
                    self._write_all_keys(partial)
                    own_rows = rows
            docs = self.con.execute("SELECT seq, id FROM documents ORDER BY seq").fetchall()
            built_from = {"rewritten": rewritten, "max_seq": int(max_seq), "rows": rows, "base_rows": own_rows}
            key_index.finish_index(folder, partial, docs, built_from, stamp)
        self._key_index = None
        return True

    def _write_all_keys(self, partial: Path) -> None:
        """Write every band key, sorted, and its document's number into ``partial``: DuckDB
        sorts (within its memory limit, spilling beyond it) and the rows are written as they
        come: one chunk of rows held, not every key and its sort order (5 GB at 250M keys)."""
        rows = "SELECT k.key, d.seq::INTEGER AS seq FROM band_keys k JOIN documents d ON d.id = k.doc"
        ((total,),) = self.con.execute(f"SELECT count(*) FROM ({rows})").fetchall()  # noqa: S608 - fixed text
        with key_index.IndexWriter(partial, int(total)) as out:
            for keys, seqs in self._sorted_key_rows(f"{rows} ORDER BY k.key, d.seq"):
                out.write(keys, seqs)

    def _sorted_key_rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The (key, document number) rows of a query, a chunk at a time as DuckDB streams them."""
        for chunk in self.con.sql(sql, params=list(params)).to_arrow_reader(1 << 20):
            yield chunk.column(0).to_numpy(), chunk.column(1).to_numpy()

    def _merge_new_keys(self, folder: Path, partial: Path, base: dict[str, Any], rows: int) -> int | None:
        """Write into ``partial`` the index in ``folder`` plus the keys of documents stored
        after it (``seq`` above its newest), sorted by DuckDB and added as they stream
        (chunks held, however many were added; ``key_index.add_sorted_keys``).  Returns the
        rows of the new index's own run, or None when the rows do not add up to the ``rows``
        band keys stored now (then the caller rebuilds)."""
        new = (
            "SELECT k.key, d.seq::INTEGER AS seq FROM band_keys k JOIN documents d ON d.id = k.doc "
            "WHERE d.seq > ?"
        )
        ((count,),) = self.con.execute(f"SELECT count(*) FROM ({new})", [base["max_seq"]]).fetchall()  # noqa: S608 - fixed text
        sorted_new = self._sorted_key_rows(f"{new} ORDER BY k.key, d.seq", [base["max_seq"]])
        return key_index.add_sorted_keys(folder, partial, sorted_new, int(count), base, rows)

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

    # -- reading -------------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a read query as dictionaries (used by exports and views)."""
        cursor = self.con.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        return self.con.sql(sql, params=list(params)).to_arrow_table()

    def counts(self) -> dict[str, int]:
        """Stored totals; ``errors``: inputs that failed, ``notes``: inputs read with a problem (kept)."""
        row = self.con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM alignments), (SELECT count(*) FROM narratives), "
            "(SELECT count(*) FROM errors WHERE reason NOT LIKE 'kept%'), (SELECT count(*) FROM errors WHERE reason LIKE 'kept%'), "
            "(SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL)"
        ).fetchone() or (0,) * 6
        return dict(zip(("documents", "alignments", "narratives", "errors", "notes", "duplicates"), map(int, row), strict=True))


def open_store(path: str | os.PathLike[str] = DEFAULT_DB, *, read_only: bool = False, wait: float | None = None) -> Store:
    """Open (or create, unless ``read_only``) a copytrail store.  While another process holds
    the file, opening tries again for ``wait`` seconds (default ``access.LOCK_WAIT_SECONDS``,
    or the ``COPYTRAIL_LOCK_WAIT`` environment variable), then raises a :class:`StoreError`
    naming that process."""
    return Store(path, read_only=read_only, wait=wait)

