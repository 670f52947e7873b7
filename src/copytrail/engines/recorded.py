"""What a store records of the settings its scans ran with, and what a scan recomputes when
they change: documents dated again (ingest settings, date and input readings), band keys made
again (sketch settings), every stored pair aligned again (alignment settings and layers), and
the layers a scan that only adds a text runs with (``as_last_scanned``)."""

from __future__ import annotations

import json
from dataclasses import replace

from copytrail import __version__
from copytrail.engines.housekeeping import corpus_root
from copytrail.engines.reporting import Progress
from copytrail.settings import SCANNED_WITH_KEY, ScanSettings
from copytrail.stages.ingest.settings import (
    DATE_READING,
    DATE_READING_KEY,
    INPUT_READING,
    INPUT_READING_KEY,
    INPUT_READING_REFUSALS,
)
from copytrail.stages.sketch import WordHasher, text_keys
from copytrail.store import Store
from copytrail.store.boilerplate import apply_threshold as apply_boilerplate_threshold
from copytrail.store.housekeeping import (
    forget_files_to_date_again,
    forget_files_with_errors,
    recorded_reading,
)


def as_last_scanned(store: Store, settings: ScanSettings | None = None) -> ScanSettings:
    """``settings`` with the semantic and cross-lingual layers of the store's last scan: what
    a scan that only adds a text (``check --add``, the web app's add) runs with, since other
    layers would realign the whole store and drop what those layers found."""
    settings = settings or ScanSettings()
    recorded = store.get_meta(SCANNED_WITH_KEY)
    if recorded is not None:
        layers = json.loads(recorded)
    else:  # a store scanned before the layers were recorded: its align fingerprint names them
        align = store.get_meta("align_settings") or ""
        layers = {"semantic": '{"semantic": ' in align, "crosslingual": '{"crosslingual": ' in align}
    return replace(
        settings,
        semantic=replace(settings.semantic, enabled=bool(layers.get("semantic"))),
        crosslingual=replace(settings.crosslingual, enabled=bool(layers.get("crosslingual"))),
    )


def apply_settings(store: Store, settings: ScanSettings, progress: Progress) -> str | None:
    """Recompute what stored results were made with other parameters; returns why the stored
    alignments are made again (None when they are kept)."""
    now = settings.fingerprints()
    realigned = None
    with store.transaction():
        _apply_ingest_settings(store, settings)
        sketch_was = store.get_meta("sketch_settings")
        if sketch_was is not None and sketch_was != now["sketch"]:
            _resketch(store, settings, progress)
            store.reset_alignments()
            realigned = "the store's band keys were made with other sketch settings"
        store.set_meta("sketch_settings", now["sketch"])
        align_was = store.get_meta("align_settings")
        if align_was is not None and align_was != now["align"]:
            realigned = realigned or _realign_reason(as_last_scanned(store), settings)
            store.reset_alignments()
        store.set_meta("align_settings", now["align"])
        # what the web app's check reads to check new text as the store was scanned
        store.set_meta(SCANNED_WITH_KEY, json.dumps({"semantic": settings.semantic.enabled, "crosslingual": settings.crosslingual.enabled}))
        apply_boilerplate_threshold(store, settings.outlet_boilerplate)
        store.set_meta("copytrail_version", __version__)  # cited by evidence packs
    return realigned


def _realign_reason(was: ScanSettings, now: ScanSettings) -> str:
    """Why a store's alignments are made again, in words: the layers that changed, else
    the alignment settings."""
    layers = (("--semantic", was.semantic.enabled, now.semantic.enabled), ("--cross-lingual", was.crosslingual.enabled, now.crosslingual.enabled))
    changed = [f"{'with' if before else 'without'} {flag}" for flag, before, on in layers if before != on]
    if changed:
        return f"the store was last scanned {' and '.join(changed)}"
    return "the store's alignments were made with other alignment settings"


def _apply_ingest_settings(store: Store, settings: ScanSettings) -> None:
    """Documents dated as the ingest settings now say.  Stores made before these settings
    existed took file times as dates.  When file dates are now off, documents dated by their
    file become undated and are aligned again (their alignments' order came from that date);
    when asked for now, stored files are read again to take their times, and so they are when
    the declared order of numeric days (``date_order``) changed."""
    now = settings.fingerprint("ingest")
    was = store.get_meta("ingest_settings")
    if was is None and store.file_dated_documents():
        was = json.dumps({"file_dates": True})  # copytrail 0.1 used file times as dates
    if was is not None and was != now:
        order_changed = json.loads(was).get("date_order") != settings.ingest.date_order
        if settings.ingest.file_dates or order_changed:
            store.forget_file_states()  # every file read again: its dates as now asked
        else:
            store.undate_file_dates()
    store.set_meta("ingest_settings", now)
    _apply_date_reading(store)
    _apply_input_reading(store)


def _apply_date_reading(store: Store) -> None:
    """Documents dated as the date reading now can: a store read by an older one (no
    ``date_reading`` recorded, or a lower one) has the files of the documents it may now date
    read again, once (``store.housekeeping.forget_files_to_date_again``: a Persian document
    whose Solar Hijri date was left unread; not the files of documents that state no date)."""
    if recorded_reading(store, DATE_READING_KEY) >= DATE_READING:
        return
    if store.holds_documents():
        forget_files_to_date_again(store)
    store.set_meta(DATE_READING_KEY, str(DATE_READING))


def _apply_input_reading(store: Store) -> None:
    """Input files refused by an older reading read again: a store read by one (no
    ``input_reading`` recorded, or a lower one) forgets the states of the files with an input
    error recorded that a later reading no longer makes (``INPUT_READING_REFUSALS``), once, so
    the next ingest reads them as changed (a JSONL whose records held their text under
    ``content`` was refused before the readers took that name)."""
    was = recorded_reading(store, INPUT_READING_KEY)
    if was >= INPUT_READING:
        return
    if store.holds_files():
        refusals = [pattern for version in range(was + 1, INPUT_READING + 1) for pattern in INPUT_READING_REFUSALS.get(version, ())]
        forget_files_with_errors(store, corpus_root(store), refusals)
    store.set_meta(INPUT_READING_KEY, str(INPUT_READING))


def _resketch(store: Store, settings: ScanSettings, progress: Progress) -> None:
    """Band keys of every stored original made again with the current sketch settings."""
    ids = store.reset_sketches()
    hasher = WordHasher()
    for start in range(0, len(ids), settings.batch_size):
        chunk = ids[start : start + settings.batch_size]
        texts = store.texts(chunk)
        store.add_band_keys(chunk, text_keys([texts[i] for i in chunk], hasher, settings.sketch)[1])
        progress("re-sketching", min(start + len(chunk), len(ids)), len(ids))
