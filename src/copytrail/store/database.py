"""The one module that reads and writes the database: a single DuckDB file.

Writes happen in transactions of batches, so a scan killed at any moment leaves a consistent
store.  Every stored result records the parameters that made it (``meta.settings``); when they
change, results are recomputed instead of silently reused.
"""

from __future__ import annotations

import hashlib
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

SCHEMA_VERSION = "1"
DEFAULT_DB = "copytrail.duckdb"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS files (
    path VARCHAR PRIMARY KEY, size BIGINT, mtime_ns BIGINT, scanned_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, source_key VARCHAR UNIQUE, file VARCHAR, path VARCHAR, fmt VARCHAR,
    url VARCHAR, outlet VARCHAR, title VARCHAR, author VARCHAR, published VARCHAR,
    date_source VARCHAR, sha1 VARCHAR, text VARCHAR, chars BIGINT, words BIGINT,
    extra VARCHAR, duplicate_of VARCHAR, status VARCHAR, seq BIGINT
);
CREATE TABLE IF NOT EXISTS band_keys (key BIGINT, doc VARCHAR);
CREATE TABLE IF NOT EXISTS alignments (
    source_doc VARCHAR, source_start BIGINT, source_end BIGINT,
    target_doc VARCHAR, target_start BIGINT, target_end BIGINT,
    kind VARCHAR, score DOUBLE, matched_words BIGINT, ordered BOOLEAN, narrative VARCHAR
);
CREATE TABLE IF NOT EXISTS narratives (
    id VARCHAR PRIMARY KEY, earliest VARCHAR, earliest_status VARCHAR, confidence VARCHAR,
    documents BIGINT, outlets BIGINT, first_date VARCHAR, last_date VARCHAR, undated BIGINT
);
CREATE TABLE IF NOT EXISTS narrative_members (
    narrative VARCHAR, doc VARCHAR, start BIGINT, "end" BIGINT
);
CREATE TABLE IF NOT EXISTS sentence_vectors (doc VARCHAR PRIMARY KEY, rows BIGINT, dims BIGINT, vectors BLOB);
-- the semantic judge's vectors, by model and sentence text (a 16-byte digest): made once
CREATE TABLE IF NOT EXISTS judged_sentences (model VARCHAR, sentence BLOB, vector BLOB);
CREATE TABLE IF NOT EXISTS errors (
    path VARCHAR, line BIGINT, reason VARCHAR, recorded_at TIMESTAMP DEFAULT current_timestamp
);
-- claims stage (copytrail.store.claims): per-document claims, extraction markers, groups
CREATE TABLE IF NOT EXISTS claims (
    id VARCHAR, doc VARCHAR, kind VARCHAR, start BIGINT, "end" BIGINT,
    value_start BIGINT, value_end BIGINT, sentence_start BIGINT, sentence_end BIGINT,
    value DOUBLE, date_value VARCHAR, unit VARCHAR, unit_key VARCHAR, qualifier VARCHAR,
    entities VARCHAR, surface VARCHAR, context VARCHAR
);
CREATE TABLE IF NOT EXISTS claim_docs (doc VARCHAR PRIMARY KEY, claims BIGINT);
CREATE TABLE IF NOT EXISTS claim_groups (
    id VARCHAR, text VARCHAR, kind VARCHAR, unit VARCHAR, statements BIGINT, documents BIGINT,
    values_differ BOOLEAN, numbers_differ BOOLEAN, qualifiers_differ BOOLEAN, earliest VARCHAR,
    first_date VARCHAR
);
CREATE TABLE IF NOT EXISTS claim_statements (
    claim_group VARCHAR, claim VARCHAR, doc VARCHAR, position BIGINT
);
"""
# Per-document derived rows that go with their document (claims are extracted once per document).
_CLAIM_TABLES = (("claims", "doc"), ("claim_docs", "doc"), ("claim_statements", "doc"))

DOCUMENT_COLUMNS = (
    "id", "source_key", "file", "path", "fmt", "url", "outlet", "title", "author", "published",
    "date_source", "sha1", "text", "chars", "words", "extra", "duplicate_of", "status", "seq",
)


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


# Band keys from which a store keeps a sorted key index for check (about 20k documents).
KEY_INDEX_MIN_ROWS = 5_000_000


class KeyIndex:
    """The sorted band keys beside a database (see ``Store.build_key_index``), memory-mapped:
    each lookup reads only the pages it touches.  Keys are uniform 64-bit hashes, so a
    directory of key prefixes (about 16 keys each) narrows every search to a cache line or
    two; a plain binary search over hundreds of millions of keys pays ~15 cache misses per
    key and was no faster than DuckDB's table scan for a batch's half-million keys."""

    def __init__(self, folder: Path, stamp: str) -> None:
        self.stamp = stamp
        self.keys = np.load(folder / "keys.npy", mmap_mode="r")
        self.seqs = np.load(folder / "seqs.npy", mmap_mode="r")
        self.directory = np.load(folder / "directory.npy", mmap_mode="r")
        self.bits = int(len(self.directory) - 1).bit_length() - 1
        self.doc_seqs = np.load(folder / "doc_seqs.npy")
        self.ids = np.array(json.loads((folder / "doc_ids.json").read_text(encoding="utf-8")), dtype=object)

    def holders(
        self, keys: np.ndarray, max_bucket: int | None = None, min_holders: int = 2
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every (key, document number) row for the distinct ``keys`` held by at least
        ``min_holders`` and at most ``max_bucket`` documents."""
        empty = np.empty(0, dtype=np.int64)
        keys = np.asarray(keys, dtype=np.int64)
        if not len(keys) or not len(self.keys):
            return empty, empty
        prefix = _key_prefix(keys, self.bits)
        lo, hi = np.asarray(self.directory[prefix]), np.asarray(self.directory[prefix + 1])
        starts = _partition_point(self.keys, keys, lo, hi, np.less)
        if min_holders >= 2:  # most keys are one document's own: one probe rules them out
            nxt = np.minimum(starts + 1, len(self.keys) - 1)
            multi = (starts + 1 < hi) & (np.asarray(self.keys[nxt]) == keys)
            keys, starts, hi = keys[multi], starts[multi], hi[multi]
        ends = _partition_point(self.keys, keys, starts, hi, np.less_equal)
        sizes = ends - starts
        keep = (sizes >= min_holders) & (sizes <= (max_bucket if max_bucket is not None else len(self.keys)))
        starts, sizes = starts[keep], sizes[keep]
        total = int(sizes.sum())
        if not total:
            return empty, empty
        # the rows of every kept key, in one gather: start of each run repeated over its size
        rows = np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(total)
        return np.asarray(self.keys[rows]), np.asarray(self.seqs[rows], dtype=np.int64)

    def doc_ids(self, seqs: np.ndarray) -> np.ndarray:
        """Document ids of document numbers."""
        return self.ids[np.searchsorted(self.doc_seqs, seqs)]


def _key_prefix(keys: np.ndarray, bits: int) -> np.ndarray:
    """The top ``bits`` of each key, in the keys' signed order."""
    unsigned = keys.view(np.uint64) ^ np.uint64(1 << 63)
    return (unsigned >> np.uint64(64 - bits)).astype(np.int64)


def _key_directory(keys: np.ndarray) -> np.ndarray:
    """``directory[p]``: how many sorted ``keys`` have a prefix below ``p`` (about 16 per
    prefix), computed in chunks so a memory-mapped column is read once."""
    bits = max(1, min(30, int(np.ceil(np.log2(max(2, len(keys)) / 16)))))
    counts = np.zeros(1 << bits, dtype=np.int64)
    chunk = 1 << 24
    for start in range(0, len(keys), chunk):
        counts += np.bincount(_key_prefix(np.asarray(keys[start : start + chunk]), bits), minlength=1 << bits)
    return np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(counts)])


def _partition_point(
    keys: np.ndarray, wanted: np.ndarray, lo: np.ndarray, hi: np.ndarray, before: np.ufunc
) -> np.ndarray:
    """For each ``wanted[i]``, the first index in ``[lo[i], hi[i])`` of the sorted ``keys``
    where ``before(keys[j], wanted[i])`` is false: all searches advance together."""
    lo, hi = lo.astype(np.int64, copy=True), hi.astype(np.int64, copy=True)
    last = len(keys) - 1
    while True:
        open_ = lo < hi
        if not open_.any():
            return lo
        mid = (lo + hi) >> 1
        go = open_ & before(np.asarray(keys[np.minimum(mid, last)]), wanted)
        lo = np.where(go, mid + 1, lo)
        hi = np.where(open_ & ~go, mid, hi)


def _index_complete(folder: Path) -> bool:
    """Whether ``folder`` holds a whole index of this format (the stamp is written last)."""
    return all((folder / name).is_file() for name in ("stamp", "directory.npy", "base.json"))


def _read_index_base(folder: Path) -> dict[str, Any] | None:
    """What an index was built from (for merging in new documents' keys), if readable."""
    try:
        base = json.loads((folder / "base.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return base if isinstance(base, dict) and {"rewritten", "max_seq", "rows"} <= base.keys() else None


def _sentence_digest(text: str) -> bytes:
    """A sentence's key in ``judged_sentences``: 16 bytes, however long the sentence."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class Store:
    """A copytrail database.  Open with :func:`open_store`; use as a context manager."""

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
            self.con.execute(_SCHEMA)
            if self.get_meta("app") is None:
                self.set_meta("app", "copytrail")
                self.set_meta("schema_version", SCHEMA_VERSION)
            if self.get_meta("store_id") is None:  # tells this store's key index from a leftover one
                self.set_meta("store_id", uuid.uuid4().hex)
        elif self.get_meta("app") != "copytrail":
            self.con.close()
            raise StoreError(f"{self.path}: not a copytrail store")

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
        self.con.execute("DELETE FROM band_keys WHERE doc IN (SELECT id FROM _gone)")
        self._keys_changed()
        self.con.execute("DELETE FROM sentence_vectors WHERE doc IN (SELECT id FROM _gone)")
        self._delete_claims("_gone")
        self.con.execute(
            "DELETE FROM alignments WHERE source_doc IN (SELECT id FROM _gone) "
            "OR target_doc IN (SELECT id FROM _gone)"
        )
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

    def _delete_claims(self, ids_table: str) -> None:
        """Drop the claims of documents listed in a temp table (they are re-extracted if stored again)."""
        for table, column in _CLAIM_TABLES:
            self.con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM {ids_table})")  # noqa: S608 - fixed names

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
        words: Sequence[int],
        duplicate_of: Sequence[str | None],
        keys: Sequence[np.ndarray],
        first_seq: int,
    ) -> None:
        """Insert documents (status ``pending``) and their band keys; the caller holds the transaction."""
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
            self.con.execute("DELETE FROM band_keys WHERE doc IN (SELECT id FROM _again)")
            self._delete_claims("_again")
            self.con.execute(
                "DELETE FROM alignments WHERE source_doc IN (SELECT id FROM _again) "
                "OR target_doc IN (SELECT id FROM _again)"
            )
            self.con.execute("DELETE FROM documents WHERE id IN (SELECT id FROM _again)")
        self._keys_changed(appended=not stored)  # only new documents' keys: an index merges them in
        table = pa.table(
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
                "words": list(words),
                "extra": [json.dumps(d.extra, ensure_ascii=False, default=str) for d in docs],
                "duplicate_of": list(duplicate_of),
                "status": ["pending" if dup is None else "duplicate" for dup in duplicate_of],
                "seq": list(range(first_seq, first_seq + len(docs))),
            }
        )
        self.con.register("_docs", table)
        self.con.execute(f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) SELECT * FROM _docs")
        self.con.unregister("_docs")
        key_arrays = [k for k in keys if len(k)]
        if key_arrays:
            doc_col = np.concatenate(
                [np.full(len(k), i, dtype=np.int64) for i, k in enumerate(keys) if len(k)]
            )
            ids = np.array([d.id for d in docs], dtype=object)
            keys_table = pa.table({"key": np.concatenate(key_arrays), "doc": ids[doc_col]})
            self.con.register("_keys", keys_table)
            self.con.execute("INSERT INTO band_keys SELECT key, doc FROM _keys")
            self.con.unregister("_keys")

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
            table = pa.table(
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
                    "ordered": [a.ordered for a in alignments],
                }
            )
            self.con.register("_al", table)
            self.con.execute("INSERT INTO alignments SELECT *, NULL FROM _al")
            self.con.unregister("_al")
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
        arrays = [k for k in keys if len(k)]
        if not arrays:
            return
        ids = np.array(list(doc_ids), dtype=object)
        doc_col = np.concatenate([np.full(len(k), i, dtype=np.int64) for i, k in enumerate(keys) if len(k)])
        table = pa.table({"key": np.concatenate(arrays), "doc": ids[doc_col]})
        self.con.register("_keys", table)
        self.con.execute("INSERT INTO band_keys SELECT key, doc FROM _keys")
        self.con.unregister("_keys")
        self._keys_changed()

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
        import shutil

        folder = self.key_index_path()
        if folder is None:
            return False
        stamp = self._keys_stamp()
        rows = int(stamp.split(":")[1])
        if rows < (KEY_INDEX_MIN_ROWS if min_rows is None else min_rows):
            shutil.rmtree(folder, ignore_errors=True)
            self._key_index = None
            return False
        if _index_complete(folder) and (folder / "stamp").read_text() == stamp:
            return True
        rewritten = self.get_meta("keys_rewritten") or "0"
        ((max_seq,),) = self.con.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchall()
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        base = _read_index_base(folder) if _index_complete(folder) else None
        merged = base is not None and base["rewritten"] == rewritten and self._merge_new_keys(folder, partial, base, rows)
        if not merged:
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
            del seqs, order
        np.save(partial / "directory.npy", _key_directory(np.load(partial / "keys.npy", mmap_mode="r")))
        docs = self.con.execute("SELECT seq, id FROM documents ORDER BY seq").fetchall()
        np.save(partial / "doc_seqs.npy", np.array([seq for seq, _ in docs], dtype=np.int64))
        (partial / "doc_ids.json").write_text(json.dumps([doc for _, doc in docs]), encoding="utf-8")
        (partial / "base.json").write_text(json.dumps({"rewritten": rewritten, "max_seq": int(max_seq), "rows": rows}))
        (partial / "stamp").write_text(stamp)  # written last: a half-written index has none
        shutil.rmtree(folder, ignore_errors=True)
        partial.rename(folder)
        self._key_index = None
        return True

    def _merge_new_keys(self, folder: Path, partial: Path, base: dict[str, Any], rows: int) -> bool:
        """Write into ``partial`` the index in ``folder`` plus the keys of documents stored
        after it (``seq`` above its newest); False when the rows do not add up to the
        ``rows`` band keys stored now (then the caller rebuilds)."""
        table = self.con.sql(
            "SELECT k.key, d.seq::INTEGER AS seq FROM band_keys k JOIN documents d ON d.id = k.doc "
            "WHERE d.seq > ?",
            params=[base["max_seq"]],
        ).to_arrow_table()
        old_keys = np.load(folder / "keys.npy", mmap_mode="r")
        if len(old_keys) != base["rows"] or base["rows"] + table.num_rows != rows:
            return False
        new_keys = table.column("key").to_numpy()
        order = np.argsort(new_keys, kind="stable")
        new_keys = new_keys[order]
        new_seqs = table.column("seq").to_numpy()[order]
        del table, order
        at = np.searchsorted(old_keys, new_keys, side="right")
        np.save(partial / "keys.npy", np.insert(old_keys, at, new_keys))
        del old_keys
        np.save(partial / "seqs.npy", np.insert(np.load(folder / "seqs.npy", mmap_mode="r"), at, new_seqs))
        return True

    def _fresh_key_index(self) -> KeyIndex | None:
        folder = self.key_index_path()
        if folder is None or not _index_complete(folder):
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

    # -- semantic layer ------------------------------------------------------------------------
    def docs_without_vectors(self) -> list[str]:
        rows = self.con.execute(
            "SELECT id FROM documents WHERE duplicate_of IS NULL "
            "AND id NOT IN (SELECT doc FROM sentence_vectors) ORDER BY seq"
        ).fetchall()
        return [r[0] for r in rows]

    def add_sentence_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        """Store (or replace) documents' static sentence vectors, float16, in one bulk insert."""
        if not vectors:
            return
        docs = list(vectors)
        shapes = [v.shape if v.ndim == 2 else (len(v), 0) for v in vectors.values()]
        table = pa.table(
            {
                "doc": pa.array(docs, pa.string()),
                "rows": pa.array([int(r) for r, _ in shapes], pa.int64()),
                "dims": pa.array([int(d) for _, d in shapes], pa.int64()),
                "vectors": pa.array([v.astype(np.float16).tobytes() for v in vectors.values()], pa.binary()),
            }
        )
        with self._registered("_vectors", table):
            self.con.execute("DELETE FROM sentence_vectors WHERE doc IN (SELECT doc FROM _vectors)")
            self.con.execute("INSERT INTO sentence_vectors SELECT doc, rows, dims, vectors FROM _vectors")

    def sentence_vectors(self, ids: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        """Stored static sentence vectors: all, or those of ``ids``."""
        out: dict[str, np.ndarray] = {}
        sql = "SELECT doc, rows, dims, vectors FROM sentence_vectors"
        params: list[Any] = []
        if ids is not None:
            sql += " WHERE doc IN (SELECT unnest(?::VARCHAR[]))"
            params = [list(ids)]
        for doc, rows, dims, blob in self.con.execute(sql, params).fetchall():
            out[doc] = np.frombuffer(blob, dtype=np.float16).reshape(rows, dims) if rows and dims else np.zeros((0, 1), np.float16)
        return out

    def judged_vectors(self, model: str, sentences: Sequence[str]) -> dict[str, np.ndarray]:
        """The judge vectors ``model`` already made for any of ``sentences`` (float32)."""
        if not sentences:
            return {}
        by_digest = {_sentence_digest(text): text for text in sentences}
        with self._registered("_wanted", pa.table({"sentence": pa.array(list(by_digest), pa.binary())})):
            rows = self.con.execute(  # one row a sentence: add_judged_vectors never stores one twice
                "SELECT j.sentence, j.vector FROM judged_sentences j "
                "JOIN _wanted w ON j.sentence = w.sentence WHERE j.model = ?",
                [model],
            ).fetchall()
        return {by_digest[digest]: np.frombuffer(vector, dtype=np.float32) for digest, vector in rows}

    def add_judged_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        """Keep judge vectors (float32, exactly as made) for the next scan that needs them."""
        if not vectors:
            return
        digests = [_sentence_digest(text) for text in vectors]
        table = pa.table(
            {
                "sentence": pa.array(digests, pa.binary()),
                "vector": pa.array([np.asarray(v, dtype=np.float32).tobytes() for v in vectors.values()], pa.binary()),
            }
        )
        with self._registered("_judged", table):
            self.con.execute(
                "INSERT INTO judged_sentences SELECT ?, n.sentence, n.vector FROM _judged n "
                "WHERE n.sentence NOT IN (SELECT sentence FROM judged_sentences WHERE model = ?)",
                [model, model],
            )

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
        confidence: dict[str, str],
    ) -> None:
        self.con.execute("DELETE FROM narratives")
        self.con.execute("DELETE FROM narrative_members")
        if narratives:
            self.con.register(
                "_n",
                pa.table(
                    {
                        "id": [n.id for n in narratives],
                        "earliest": [",".join(n.earliest) or None for n in narratives],
                        "earliest_status": [n.earliest_status for n in narratives],
                        "confidence": [confidence.get(n.id) for n in narratives],
                        "documents": [n.documents for n in narratives],
                        "outlets": [n.outlets for n in narratives],
                        "first_date": [n.first_date for n in narratives],
                        "last_date": [n.last_date for n in narratives],
                        "undated": [n.undated for n in narratives],
                    }
                ),
            )
            self.con.execute("INSERT INTO narratives SELECT * FROM _n")
            self.con.unregister("_n")
            members = [(n.id, m.doc, m.start, m.end) for n in narratives for m in n.members]
            self.con.register(
                "_m",
                pa.table(
                    {
                        "narrative": [m[0] for m in members],
                        "doc": [m[1] for m in members],
                        "start": [m[2] for m in members],
                        "end": [m[3] for m in members],
                    }
                ),
            )
            self.con.execute("INSERT INTO narrative_members SELECT * FROM _m")
            self.con.unregister("_m")
        if alignments:
            self.con.register(
                "_assign",
                pa.table(
                    {
                        "source_doc": [a.source.doc for a in alignments],
                        "source_start": [a.source.start for a in alignments],
                        "target_doc": [a.target.doc for a in alignments],
                        "target_start": [a.target.start for a in alignments],
                        "narrative": list(assignment),
                    }
                ),
            )
            self.con.execute(
                "UPDATE alignments SET narrative = _assign.narrative FROM _assign "
                "WHERE alignments.source_doc = _assign.source_doc "
                "AND alignments.source_start = _assign.source_start "
                "AND alignments.target_doc = _assign.target_doc "
                "AND alignments.target_start = _assign.target_start"
            )
            self.con.unregister("_assign")

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
