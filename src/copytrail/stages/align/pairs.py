"""Aligning stored documents pair by pair, as both engines do: each pair in content order
(so that which text comes first never depends on ids or paths), through a cache of prepared
documents, passages as plain tuples (cheap to send between processes), turned into
``Alignment`` records oriented by publication date.

The local engine and the Spark engine call these same functions, so their results cannot
drift.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from copytrail.records import Alignment, Span
from copytrail.stages.align.prepare import Prepared, prepare
from copytrail.stages.align.settings import AlignSettings
from copytrail.stages.align.spans import Passage
from copytrail.stages.align.texts import align_prepared


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What orienting a pair needs of each document: its publication date and ingest order."""

    published: str | None
    seq: int


def orient(
    a_id: str, a: DocMeta, b_id: str, b: DocMeta
) -> tuple[bool, bool]:
    """Whether ``a`` is the source, and whether that order is known from dates.

    The earlier published document is the source.  With a missing or equal date the order
    is not known: the document stored first is called the source and ``ordered`` is False.
    """
    if a.published and b.published and a.published[:10] != b.published[:10]:
        return a.published < b.published, True
    if a.published and b.published and len(a.published) > 10 and len(b.published) > 10 and a.published != b.published:
        return a.published < b.published, True
    return (a.seq, a_id) <= (b.seq, b_id), False


# What a prepared document holds per character of its text (Python memory, tracemalloc over
# 2,000 Reuters/BBC stories: 21.2 bytes), and the bounds of a cache's default size.
PREPARED_BYTES_PER_CHAR = 21
MIN_CACHE_CHARS = 24_000_000  # about 500 MB
MAX_CACHE_CHARS = 128_000_000  # about 2.7 GB
MACHINE_SHARE = 8  # the caches of a scan's workers together hold up to an eighth of the memory


def machine_memory() -> int | None:
    """The bytes of memory this process may use: the machine's, or its control group's limit
    when lower (a container); None when neither can be read."""
    found: list[int] = []
    with suppress(ValueError, OSError, AttributeError):
        found.append(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    for limit_file in _CGROUP_LIMITS:
        with suppress(ValueError, OSError):
            limit = Path(limit_file).read_text().strip()
            if limit.isdigit():  # "max" (v2) means none; v1 writes a huge number for none
                found.append(int(limit))
    return min(found) if found else None


_CGROUP_LIMITS = ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")  # v2, v1


def default_cache_chars(workers: int | None = None) -> int:
    """Characters a worker's cache holds by default: its share of an eighth of the memory
    (one worker per core unless told), within ``MIN_CACHE_CHARS`` and ``MAX_CACHE_CHARS``."""
    memory = machine_memory()
    if memory is None:
        return MIN_CACHE_CHARS
    share = memory // MACHINE_SHARE // max(1, workers or os.cpu_count() or 1)
    return max(MIN_CACHE_CHARS, min(MAX_CACHE_CHARS, share // PREPARED_BYTES_PER_CHAR))


class PreparedCache:
    """Prepared documents recently used (a document meets many partners), the least recently
    used left out first.

    Bounded by the characters held (``default_cache_chars``: a worker's share of an eighth of
    the machine's memory, at least about 500 MB) and by count (a document also holds a fixed
    part, so a store of very short texts cannot grow it past its bound: one document per 400
    characters).  A scan's documents meet partners in batch after batch, and each one left
    out is prepared again when next met (the 514,991 pairs of the 100k benchmark store, two
    workers: 400,023 documents prepared for 79,778 met when 4,096 were held, about 270,000
    when 24M characters are, about 150,000 at 64M).  Keyed by id *and* text, so a document
    whose text changed (a replaced file keeps its id) or a checked article that is not stored
    is never served a stale preparation.
    """

    def __init__(self, limit: int | None = None, max_chars: int | None = None) -> None:
        self.max_chars = default_cache_chars() if max_chars is None else max_chars
        self.limit = max(1, self.max_chars // 400) if limit is None else limit
        self.items: dict[tuple[str, int, int], Prepared] = {}
        self.chars = 0  # the characters of the texts held

    def get(self, doc_id: str, text: str, run: int) -> Prepared:
        key = (doc_id, len(text), hash(text))
        item = self.items.pop(key, None)
        if item is not None and item.run == run:
            self.items[key] = item  # used again: last to go
            return item
        if item is not None:
            self.chars -= key[1]
        item = prepare(text, run)
        while self.items and (len(self.items) >= self.limit or self.chars + len(text) > self.max_chars):
            oldest = next(iter(self.items))
            del self.items[oldest]
            self.chars -= oldest[1]
        self.items[key] = item
        self.chars += len(text)
        return item


_WORKER_CACHE: PreparedCache | None = None  # this process's, for callers that bring none (worker jobs)


def set_process_cache(cache: PreparedCache) -> None:
    """Use ``cache`` for the calls of this process that bring none: a long-lived process (a
    web app's check worker) keeps a smaller one than a scan's workers."""
    global _WORKER_CACHE
    _WORKER_CACHE = cache


# A passage as align_pair_texts gives it: a start, a end, b start, b end, kind, score, matched words
PassageTuple = tuple[int, int, int, int, str, float, int]


def content_first(a_id: str, a_text: str, b_id: str, b_text: str) -> bool:
    """Whether ``a`` comes first in the order a pair is aligned in.

    Alignment is not symmetric (a passage repeated in one text is kept twice only when that
    text comes second, a summary is looked for with the longer text first), so the order
    must not follow from ids, which follow from where the files lie: it follows from the
    texts themselves (a stable checksum; the ids only break a tie).
    """
    return (_checksum(a_text), a_id) <= (_checksum(b_text), b_id)


def _checksum(text: str) -> int:
    """A checksum of a text that is the same in every process and on every machine."""
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def align_pair_texts(
    a_id: str, a_text: str, b_id: str, b_text: str, settings: AlignSettings, cache: PreparedCache | None = None
) -> list[PassageTuple]:
    """Passages of ``a`` reused in ``b`` as plain tuples (cheap to send between processes),
    aligned in content order (``content_first``) and given back in the order asked."""
    a, b, swapped = in_content_order(a_id, a_text, b_id, b_text, settings.seed_run_words, cache)
    passages = passage_tuples(align_prepared(a, b, settings))
    return swap_sides(passages) if swapped else passages


def in_content_order(
    a_id: str, a_text: str, b_id: str, b_text: str, run: int, cache: PreparedCache | None
) -> tuple[Prepared, Prepared, bool]:
    """Both texts prepared (through ``cache``, or this process's own), in the order pairs
    are aligned in (``content_first``), and whether that swapped them."""
    global _WORKER_CACHE
    if cache is None:
        if _WORKER_CACHE is None:
            _WORKER_CACHE = PreparedCache()
        cache = _WORKER_CACHE
    swapped = not content_first(a_id, a_text, b_id, b_text)
    if swapped:
        a_id, a_text, b_id, b_text = b_id, b_text, a_id, a_text
    return cache.get(a_id, a_text, run), cache.get(b_id, b_text, run), swapped


def passage_tuples(passages: Iterable[Passage]) -> list[PassageTuple]:
    """Passages as plain tuples (``PassageTuple``)."""
    return [(p.a_start, p.a_end, p.b_start, p.b_end, p.kind, p.score, p.matched_words) for p in passages]


def swap_sides(passages: Iterable[PassageTuple]) -> list[PassageTuple]:
    """Passages of a pair aligned as ``(b, a)``, given as ``(a, b)``."""
    return [(a0, a1, b0, b1, kind, score, matched) for b0, b1, a0, a1, kind, score, matched in passages]


def to_alignments(
    a_id: str, b_id: str, passages: Sequence[PassageTuple], a_is_source: bool, ordered: bool
) -> list[Alignment]:
    """A pair's passages as ``Alignment`` records, source first (``orient`` says which)."""
    out = []
    for a0, a1, b0, b1, kind, score, matched in passages:
        sa, sb = Span(a_id, a0, a1), Span(b_id, b0, b1)
        source, target = (sa, sb) if a_is_source else (sb, sa)
        out.append(Alignment(source, target, kind, score, matched, ordered))  # type: ignore[arg-type]
    return out
