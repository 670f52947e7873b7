"""The semantic layer's tables: each document's static sentence vectors, and the judge's
vectors of single sentences, kept so that a later scan does not make them again.

:class:`VectorTables` is a part of :class:`~copytrail.store.database.Store` (its base class),
kept here because these methods deal in vectors and blobs, not documents and passages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

if TYPE_CHECKING:  # pragma: no cover
    import duckdb


def _sentence_digest(text: str) -> bytes:
    """A sentence's key in ``judged_sentences``: 16 bytes, however long the sentence."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class VectorTables:
    """Reading and writing ``sentence_vectors`` and ``judged_sentences`` (a base of ``Store``)."""

    if TYPE_CHECKING:  # given by Store
        con: duckdb.DuckDBPyConnection

        def _registered(self, name: str, table: pa.Table) -> AbstractContextManager[None]: ...

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

    def keeps_judged_vectors(self, models: Sequence[str]) -> bool:
        """Whether any of ``models`` has vectors kept here (a check asks before reading texts)."""
        return bool(self.con.execute("SELECT 1 FROM judged_sentences WHERE model IN (SELECT unnest(?::VARCHAR[])) LIMIT 1", [list(models)]).fetchall())

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
