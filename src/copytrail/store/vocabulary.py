"""What the aligner reads of a store as a corpus: a sample of its documents' texts (the same
documents in every engine, whatever files they came from: the first by the SHA-1 of their
text), and the common stems a scan aligned with (``stages.align.common``), recorded so that
``check`` aligns a new text as the scan aligned the store's."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.store.database import Store

COMMON_STEMS_KEY = "align.common_stems"


def sample_texts(store: Store, count: int) -> list[str]:
    """The texts of ``count`` original documents (not duplicates), the first by the SHA-1 of
    their text: a sample that depends neither on the order documents arrived in nor on the
    files that held them (ids follow paths: the same stories as one JSONL file or as a folder
    have other ids)."""
    rows = store.con.execute(
        "SELECT text FROM documents WHERE duplicate_of IS NULL ORDER BY sha1, id LIMIT ?", [count]
    ).fetchall()
    return [text or "" for (text,) in rows]


def record_common_stems(store: Store, stems: frozenset[str]) -> None:
    store.set_meta(COMMON_STEMS_KEY, json.dumps(sorted(stems), ensure_ascii=False))


def recorded_common_stems(store: Store) -> frozenset[str] | None:
    """The common stems the store's last scan aligned with (None: none recorded)."""
    raw = store.get_meta(COMMON_STEMS_KEY)
    return None if raw is None else frozenset(json.loads(raw))
