"""The corpus's common stems in the alignment settings (``stages.align.common``), when
``AlignSettings.shared_once`` asks for them: read on a sample of the store when a scan aligns,
and recorded; read back when ``check`` aligns a new text against the store."""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from copytrail import __version__
from copytrail.records import content_hash
from copytrail.settings import ScanSettings
from copytrail.stages.align.common import RULES, SAMPLE, common_stems
from copytrail.store import Store
from copytrail.store.vocabulary import (
    common_stems_read_on,
    record_common_stems,
    recorded_common_stems,
    sample_digest,
    sample_texts,
)


def for_scan(store: Store, settings: ScanSettings, sample: int = SAMPLE) -> ScanSettings:
    """``settings`` with the common stems of the store as it now stands, recorded in it (the
    pairs a scan aligns meet the documents of every earlier scan too).  When the store's
    sample of ``sample`` documents is the one the recorded stems were read on (with the same
    rules), they are the stems a new reading would give, and are reused: a few documents
    added to a large store seldom enter its sample, and reading it again took 1.2 s at 21k."""
    if not settings.align.shared_once:
        return settings
    read_on = _read_on(store, settings, sample)
    recorded = recorded_common_stems(store)
    if recorded is not None and common_stems_read_on(store) == read_on:
        return _with(settings, recorded)
    stems = _read(store, settings, sample)
    record_common_stems(store, stems, read_on)
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

    def read(path: str) -> tuple[str, str, str]:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        return content_hash(text), path, text

    chosen = heapq.nsmallest(SAMPLE, map(read, set(paths)))  # each file read once, the sample's texts kept
    return _with(settings, common_stems((text for _, _, text in chosen), settings.align))


def _read(store: Store, settings: ScanSettings, sample: int = SAMPLE) -> frozenset[str]:
    """The common stems of the store's sample of ``sample`` documents."""
    return common_stems(sample_texts(store, sample), settings.align)


def _read_on(store: Store, settings: ScanSettings, sample: int) -> str:
    """What common stems read now would depend on: the sample (its digest), its size, the
    share and floor that make a stem common, and the rules that count them (``RULES``) and
    cut words into stems (the sketch's word-rules scheme and the release)."""
    rules = {
        "sample": sample,
        "common_share": settings.align.common_share,
        "common_least": settings.align.common_least,
        "rules": RULES,
        "scheme": settings.sketch.scheme,
        "version": __version__,
    }
    return f"{sample_digest(store, sample)} {json.dumps(rules, sort_keys=True)}"


def _with(settings: ScanSettings, stems: frozenset[str]) -> ScanSettings:
    return replace(settings, align=replace(settings.align, common_stems=stems))
