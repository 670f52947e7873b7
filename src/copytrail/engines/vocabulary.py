"""The corpus's common stems in the alignment settings (``stages.align.common``), when
``AlignSettings.shared_once`` asks for them: read on a sample of the store when a scan aligns,
and recorded; read back when ``check`` aligns a new text against the store."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from copytrail.settings import ScanSettings
from copytrail.stages.align.common import SAMPLE, common_stems
from copytrail.store import Store
from copytrail.store.vocabulary import record_common_stems, recorded_common_stems, sample_texts


def for_scan(store: Store, settings: ScanSettings) -> ScanSettings:
    """``settings`` with the common stems of the store as it now stands, recorded in it (the
    pairs a scan aligns meet the documents of every earlier scan too)."""
    if not settings.align.shared_once:
        return settings
    stems = common_stems(sample_texts(store, SAMPLE), settings.align)
    record_common_stems(store, stems)
    return replace(settings, align=replace(settings.align, common_stems=stems))


def for_check(store: Store, settings: ScanSettings) -> ScanSettings:
    """``settings`` with the common stems the store's scan recorded (read on the store's
    sample when none were)."""
    if not settings.align.shared_once:
        return settings
    stems = recorded_common_stems(store)
    if stems is None:
        stems = common_stems(sample_texts(store, SAMPLE), settings.align)
    return replace(settings, align=replace(settings.align, common_stems=stems))


def for_files(paths: Iterable[str], settings: ScanSettings) -> ScanSettings:
    """``settings`` with the common stems of the text files ``paths`` (``pan``: its source and
    suspicious documents), read on a sample of them chosen as a store's is (the first by the
    SHA-1 of their text)."""
    if not settings.align.shared_once:
        return settings

    def read(path: str) -> str:
        return Path(path).read_text(encoding="utf-8", errors="replace")

    def digest(path: str) -> str:
        return hashlib.sha1(read(path).encode("utf-8", "surrogatepass")).hexdigest()  # noqa: S324 - an order, not a secret

    chosen = sorted(set(paths), key=lambda path: (digest(path), path))[:SAMPLE]
    return replace(settings, align=replace(settings.align, common_stems=common_stems(map(read, chosen), settings.align)))
