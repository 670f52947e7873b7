"""What the aligner reads of a store as a corpus: a sample of its documents' texts (the same
documents in every engine, whatever files they came from: the first by the SHA-1 of their
text), and the common stems a scan aligned with (``stages.align.common``), recorded so that
``check`` aligns a new text as the scan aligned the store's, with what they were read on, so
that a scan whose sample has not changed (a few documents added to a large store, ``check
--add``) reuses them rather than reading the sample again."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.store.database import Store

COMMON_STEMS_KEY = "align.common_stems"
COMMON_STEMS_READ_ON_KEY = "align.common_stems_read_on"  # what the recorded stems were read on
_SAMPLE = "FROM documents WHERE duplicate_of IS NULL ORDER BY sha1, id LIMIT ?"  # originals, by text hash


def sample_texts(store: Store, count: int) -> list[str]:
    """The texts of ``count`` original documents (not duplicates), the first by the SHA-1 of
    their text: a sample that depends neither on the order documents arrived in nor on the
    files that held them (ids follow paths: the same stories as one JSONL file or as a folder
    have other ids)."""
    rows = store.con.execute(f"SELECT text {_SAMPLE}", [count]).fetchall()  # noqa: S608
    return [text or "" for (text,) in rows]


def sample_digest(store: Store, count: int) -> str:
    """A digest of which documents ``sample_texts`` would read (their ids and text hashes, in
    order), without reading their texts: equal digests, the same sample."""
    rows = store.con.execute(f"SELECT id, sha1 {_SAMPLE}", [count]).fetchall()  # noqa: S608
    digest = hashlib.sha1()
    for doc, sha1 in rows:
        digest.update(f"{doc}\t{sha1}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def record_common_stems(store: Store, stems: frozenset[str], read_on: str | None = None) -> None:
    """Record ``stems`` and what they were read on (``read_on``: the sample's digest and the
    rules that read it; None, unknown)."""
    store.set_meta(COMMON_STEMS_KEY, json.dumps(sorted(stems), ensure_ascii=False))
    store.set_meta(COMMON_STEMS_READ_ON_KEY, read_on or "")


def recorded_common_stems(store: Store) -> frozenset[str] | None:
    """The common stems the store's last scan aligned with (None: none recorded)."""
    raw = store.get_meta(COMMON_STEMS_KEY)
    return None if raw is None else frozenset(json.loads(raw))


def common_stems_read_on(store: Store) -> str | None:
    """What the recorded common stems were read on (None or empty: unknown, e.g. a store
    whose scan recorded no such thing)."""
    return store.get_meta(COMMON_STEMS_READ_ON_KEY) or None
