"""The corpus's common stems in the alignment settings (``stages.align.common``), when
``AlignSettings.shared_once`` asks for them: read on a sample of the store when a scan aligns,
and recorded; read back when ``check`` aligns a new text against the store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from copytrail.records import content_hash
from copytrail.settings import ScanSettings
from copytrail.stages.align.common import SAMPLE, common_stems
from copytrail.store import Store
from copytrail.store.vocabulary import record_common_stems, recorded_common_stems, sample_texts


def for_scan(store: Store, settings: ScanSettings) -> ScanSettings:
    """``settings`` with the common stems of the store as it now stands, recorded in it (the
    pairs a scan aligns meet the documents of every earlier scan too)."""
    if not settings.align.shared_once:
        return settings
    stems = _read(store, settings)
    record_common_stems(store, stems)
    return _with(settings, stems)


def for_check(store: Store, settings: ScanSettings) -> ScanSettings:
    """``settings`` with the common stems the store's scan recorded (read on the store's
    sample when none were)."""
    if not settings.align.shared_once:
        return settings
    stems = recorded_common_stems(store)
    return _with(settings, _read(store, settings) if stems is None else stems)


def for_files(paths: Iterable[str], settings: ScanSettings) -> ScanSettings:
    """``settings`` with the common stems of the text files ``paths`` (``pan``: its source and
    suspicious documents), read on a sample of them chosen as a store's is (the first by the
    SHA-1 of their text, ``records.content_hash``)."""
    if not settings.align.shared_once:
        return settings

    def read(path: str) -> str:
        return Path(path).read_text(encoding="utf-8", errors="replace")

    chosen = sorted(set(paths), key=lambda path: (content_hash(read(path)), path))[:SAMPLE]
    return _with(settings, common_stems(map(read, chosen), settings.align))


def _read(store: Store, settings: ScanSettings) -> frozenset[str]:
    """The common stems of the store's sample."""
    return common_stems(sample_texts(store, SAMPLE), settings.align)


def _with(settings: ScanSettings, stems: frozenset[str]) -> ScanSettings:
    return replace(settings, align=replace(settings.align, common_stems=stems))
