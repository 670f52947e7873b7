"""Languages of documents stored before they were read: a store made before the ``language``
or ``languages`` column holds them as NULL ("not read"), and a scan skips unchanged files, so
without this step an upgraded store's documents would stay unread for ever.  Each scan reads
those left (from their stored text, with the functions ingest uses) a batch at a time, and
stores them; nothing else of the store changes, and a document read once is never read again."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from copytrail.engines.reporting import Progress, ScanResult
from copytrail.settings import ScanSettings
from copytrail.stages.language import document_languages
from copytrail.store import Store
from copytrail.store.languages import store_languages, unread_language_sizes, unread_language_texts

__all__ = ["read_unread_languages"]

STAGE = "languages"  # its name in the progress bar and in ``stage_seconds``


def read_unread_languages(store: Store, settings: ScanSettings, result: ScanResult, progress: Progress) -> int:
    """Read and store the languages of every document whose languages are unread, a batch
    (``batch_size`` documents, or fewer holding ``ingest.batch_chars`` characters) per
    transaction; the number read.  Its time goes into ``result.stage_seconds`` as
    ``languages`` when there was any to read (a store whose documents all have theirs, every
    store after its first scan, only asks)."""
    started = time.perf_counter()
    sizes = unread_language_sizes(store)
    if not sizes:
        return 0
    done = 0
    for batch in _batches(sizes, settings.batch_size, settings.ingest.batch_chars):
        read = [(doc_id, *document_languages(text, given)) for doc_id, text, given in unread_language_texts(store, batch)]
        with store.transaction():
            store_languages(store, read)
        done += len(batch)
        progress(STAGE, done, len(sizes))
    result.stage_seconds[STAGE] = time.perf_counter() - started
    return done


def _batches(sizes: Sequence[tuple[str, int]], batch_size: int, batch_chars: int) -> Iterator[list[str]]:
    """Ids in order, cut where a batch reaches ``batch_size`` documents or ``batch_chars``
    characters (a text is held only while its batch is read)."""
    batch: list[str] = []
    held = 0
    for doc_id, chars in sizes:
        batch.append(doc_id)
        held += chars
        if len(batch) >= max(1, batch_size) or held >= batch_chars:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch
