"""Languages of documents stored before they were read, or read by an older reading.

A store made before the ``language`` or ``languages`` column holds them as NULL ("not read"),
and a scan skips unchanged files, so without this step an upgraded store's documents would stay
unread for ever.  Each scan reads those left (from their stored text, with the functions ingest
uses) a batch at a time, and stores them; nothing else of the store changes, and a document
read once is never read again.

The same holds for a store whose languages an older reading read (meta ``language_reading``
absent or lower than ``stages.language.LANGUAGE_READING``: before a second language of the main
one's script was looked for; before 3: before an unsure beginning was read in the middle too;
before 4: before Persian and Urdu typed with Arabic letter forms were told from Arabic):
its next scan reads every document's languages again once, and writes only those whose reading
changed.  A store cannot tell a stated main language from a read one, so the main language is
kept as stored (``document_languages(text, stored main)``: a language an input stated is never
lost) unless it is what the earlier readings read from the text's beginning
(``beginning_language``): then it was read, and is read again.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from copytrail.engines.reporting import Progress, ScanResult
from copytrail.settings import ScanSettings
from copytrail.stages.language import (
    LANGUAGE_READING,
    LANGUAGE_READING_KEY,
    beginning_language,
    document_languages,
)
from copytrail.store import Store
from copytrail.store.housekeeping import recorded_reading
from copytrail.store.languages import language_sizes, language_texts, store_languages

__all__ = ["read_unread_languages", "reread_languages"]

STAGE = "languages"  # its name in the progress bar and in ``stage_seconds``
REREAD_STAGE = "re-reading languages"
# the last ``seq`` an unfinished re-reading stored (in each batch's transaction): a scan killed
# during it goes on from there, and the key is gone once every document was read again
REREAD_UPTO_KEY = "language_reading_upto"


def reread_languages(store: Store, settings: ScanSettings, result: ScanResult, progress: Progress) -> int:
    """Read every stored document's languages again when the store's are older than this
    reading (``LANGUAGE_READING``), a batch per transaction as ``read_unread_languages`` does,
    and store those that changed; the number changed.  The store records the reading once
    every document was read (at once when it holds none).  Its time goes into
    ``result.stage_seconds`` as ``re-reading languages`` when there was any to read."""
    if recorded_reading(store, LANGUAGE_READING_KEY) >= LANGUAGE_READING:
        return 0
    started = time.perf_counter()
    upto = store.get_meta(REREAD_UPTO_KEY)
    rows = language_sizes(store, unread=False, after=int(upto) if upto and upto.isdigit() else 0)
    seqs = {doc_id: seq for doc_id, _, seq in rows}
    changed = done = 0
    for batch in _batches(rows, settings.batch_size, settings.ingest.batch_chars):
        read = []
        for doc_id, text, language, languages in language_texts(store, batch):
            now = document_languages(text, None if language == beginning_language(text) else language)
            if now != (language, languages):
                read.append((doc_id, *now))
        with store.transaction():
            store_languages(store, read)
            store.set_meta(REREAD_UPTO_KEY, str(seqs[batch[-1]]))
        changed += len(read)
        done += len(batch)
        progress(REREAD_STAGE, done, len(rows))
    with store.transaction():
        store.set_meta(LANGUAGE_READING_KEY, str(LANGUAGE_READING))
        store.con.execute("DELETE FROM meta WHERE key = ?", [REREAD_UPTO_KEY])
    if rows:
        result.stage_seconds[REREAD_STAGE] = time.perf_counter() - started
    return changed


def read_unread_languages(store: Store, settings: ScanSettings, result: ScanResult, progress: Progress) -> int:
    """Read and store the languages of every document whose languages are unread, a batch
    (``batch_size`` documents, or fewer holding ``ingest.batch_chars`` characters) per
    transaction; the number read.  Its time goes into ``result.stage_seconds`` as
    ``languages`` when there was any to read (a store whose documents all have theirs, every
    store after its first scan, only asks)."""
    started = time.perf_counter()
    sizes = language_sizes(store, unread=True)
    if not sizes:
        return 0
    done = 0
    for batch in _batches(sizes, settings.batch_size, settings.ingest.batch_chars):
        read = [(doc_id, *document_languages(text, given)) for doc_id, text, given, _ in language_texts(store, batch)]
        with store.transaction():
            store_languages(store, read)
        done += len(batch)
        progress(STAGE, done, len(sizes))
    result.stage_seconds[STAGE] = time.perf_counter() - started
    return done


def _batches(sizes: Sequence[tuple[str, int, int]], batch_size: int, batch_chars: int) -> Iterator[list[str]]:
    """Ids of ``(id, characters, seq)`` rows in order, cut where a batch reaches ``batch_size``
    documents or ``batch_chars`` characters (a text is held only while its batch is read)."""
    batch: list[str] = []
    held = 0
    for doc_id, chars, _ in sizes:
        batch.append(doc_id)
        held += chars
        if len(batch) >= max(1, batch_size) or held >= batch_chars:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch
