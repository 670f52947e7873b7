"""Claims extraction into the store: the claims of documents that have none yet, a batch per
transaction (claims and their documents' markers together, so a killed scan redoes the batch),
extracted here or by the engine's worker processes.  :mod:`copytrail.store.claims` groups them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from copytrail.stages.claims import (
    Claim,
    EntityFinder,
    claim_contexts,
    entity_finder,
    extract_claims,
)
from copytrail.store.database import Store

BATCH = 500  # documents per extraction transaction
ProgressFn = Callable[[str, int, "int | None"], None]  # as copytrail.engines.local.Progress

_MISSING = "FROM documents WHERE duplicate_of IS NULL AND id NOT IN (SELECT doc FROM claim_docs)"


def missing_count(store: Store) -> int:
    row = store.con.execute(f"SELECT count(*) {_MISSING}").fetchone()  # noqa: S608 - fixed text
    return int(row[0]) if row else 0


def extract_missing(
    store: Store, mode: str | None, progress: ProgressFn | None, executor: Executor | None = None, shares: int = 1
) -> int:
    """Extract and store claims of original documents without an extraction marker.

    Many documents with the rule-based entity finder and an ``executor``: its workers extract
    them (and their context words) a batch at a time while this process stores the batch before.
    """
    if mode is None:
        return 0
    found = store.con.execute(f"SELECT id, seq {_MISSING} ORDER BY seq").fetchall()  # noqa: S608
    ids = [doc for doc, _seq in found]
    batches = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
    # Each batch's texts by its span of arrival numbers: a lookup by ids read the whole text
    # column again for every batch (0.23 s against 0.05 s for the 21,268 stories' 42 batches).
    spans = [(found[start][1], found[min(start + BATCH, len(found)) - 1][1]) for start in range(0, len(found), BATCH)]
    pool = executor if executor is not None and shares > 1 and mode == "rules" and len(ids) >= PARALLEL_FROM else None
    count = shares if pool is not None else 1
    finder = None if pool is not None else entity_finder(mode)
    pending: tuple[list[str], list[Any]] | None = None  # a batch and its columns (or their futures)
    done = 0
    for k in range(len(batches) + 1):
        # The next batch goes to the workers before this one is stored.
        upcoming = None
        if k < len(batches):
            texts = _batch_texts(store, batches[k], spans[k])
            pairs = [(doc, texts.get(doc) or "") for doc in batches[k]]
            if pool is not None:
                upcoming = (batches[k], [pool.submit(claim_columns, pairs[w::count], mode) for w in range(count)])
            else:
                upcoming = (batches[k], [claim_columns(pairs, finder)])
        if pending is not None:
            chunk, parts = pending
            _store_batch(store, chunk, [p.result() if isinstance(p, Future) else p for p in parts])
            done += len(chunk)
            if progress is not None:
                progress("claims", done, len(ids))
        pending = upcoming
    return len(ids)


def _batch_texts(store: Store, batch: list[str], span: tuple[int, int]) -> dict[str, str]:
    """The texts of a batch of documents that arrived one after another (``span``: the first
    and last one's arrival numbers), read by that span; scattered ones (a few documents among
    many already extracted) by their ids, so a batch never reads much more than its own texts."""
    if span[1] - span[0] > 4 * len(batch):
        return store.texts(batch)
    return dict(store.con.execute("SELECT id, text FROM documents WHERE seq BETWEEN ? AND ?", list(span)).fetchall())


# New documents from which the workers extract (fewer: not worth starting them).  Measured on
# 2,000 news pages, a fresh pool of two each time, the claims stage of a scan that adds N of
# them: 250 0.28 s alone, 0.31 s with the workers; 500: 0.55 / 0.51 s; 2,000: 1.45 / 0.9 s.
PARALLEL_FROM = 500
_COLUMNS = (
    "id", "doc", "kind", "start", "end", "value_start", "value_end", "sentence_start", "sentence_end",
    "value", "date_value", "unit", "unit_key", "qualifier", "entities", "surface", "context",
)


def claim_columns(texts: Sequence[tuple[str, str]], finder: EntityFinder | str | None) -> tuple[pa.Table, dict[str, int]]:
    """The claims of ``(doc, text)`` pairs as a table of the claims table's columns, in document
    order, and each document's count (run in a worker process, where the columns are also made
    Arrow arrays, so the storing process only joins and inserts them; ``finder`` as
    :func:`extract_claims` takes it)."""
    found = entity_finder(finder) if isinstance(finder, str) else finder
    claims: list[Claim] = []
    counts: dict[str, int] = {}
    for doc, text in texts:
        mine = extract_claims(text, doc, entities=found or "rules")
        claims.extend(mine)
        counts[doc] = len(mine)
    contexts = claim_contexts(claims)
    columns: dict[str, list[Any]] = {
        "id": [c.id for c in claims],
        "doc": [c.doc for c in claims],
        "kind": [c.kind for c in claims],
        "start": [c.start for c in claims],
        "end": [c.end for c in claims],
        "value_start": [c.value_start for c in claims],
        "value_end": [c.value_end for c in claims],
        "sentence_start": [c.sentence_start for c in claims],
        "sentence_end": [c.sentence_end for c in claims],
        "value": [c.value if isinstance(c.value, float) else None for c in claims],
        "date_value": [c.value if isinstance(c.value, str) else None for c in claims],
        "unit": [c.unit for c in claims],
        "unit_key": [c.unit_key for c in claims],
        "qualifier": [c.qualifier for c in claims],
        "entities": [json.dumps(list(c.entities), ensure_ascii=False) for c in claims],
        "surface": [c.surface for c in claims],
        "context": [" ".join(sorted(t)) for t in contexts],
    }
    return pa.table({name: pa.array(columns[name], _TYPES[name]) for name in _COLUMNS}), counts


_TYPES = {name: pa.string() for name in _COLUMNS} | {
    name: pa.int64() for name in ("start", "end", "value_start", "value_end", "sentence_start", "sentence_end")
} | {"value": pa.float64()}


def _store_batch(store: Store, chunk: list[str], parts: list[tuple[pa.Table, dict[str, int]]]) -> None:
    """A batch's claims (in document order) and its extraction markers, in one transaction: a
    killed scan redoes the batch."""
    counts = {doc: n for _table, part in parts for doc, n in part.items()}
    position = {doc: k for k, doc in enumerate(chunk)}
    table = pa.concat_tables([t for t, _counts in parts])
    with store.transaction():
        if table.num_rows:
            # Each part holds its documents in order: a stable sort by document restores the batch's order.
            where = pa.array([position[doc] for doc in table.column("doc").to_pylist()], pa.int64())
            table = table.take(pc.sort_indices(where))
            store.con.register("_claims", table)
            names = ", ".join(f'"{n}"' for n in _COLUMNS)
            store.con.execute(f"INSERT INTO claims ({names}) SELECT * FROM _claims")  # noqa: S608 - fixed names
            store.con.unregister("_claims")
        store.con.register("_cd", pa.table({"doc": chunk, "claims": [counts.get(doc, 0) for doc in chunk]}))
        store.con.execute("INSERT INTO claim_docs SELECT doc, claims FROM _cd")
        store.con.unregister("_cd")
