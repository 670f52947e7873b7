"""copytrail: follow the trail of copied and paraphrased text across a corpus of articles.

The public API is listed in ``__all__``.  Names load lazily, so importing copytrail (and
running ``copytrail --help``) stays instant: numpy, DuckDB and friends load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from copytrail._lazy import lazy_attributes

__version__ = "0.1.0"

_EXPORTS = {
    "scan": "copytrail.api",
    "ScanResult": "copytrail.api",
    "check_text": "copytrail.api",
    "check_file": "copytrail.api",
    "CheckResult": "copytrail.api",
    "CheckMatch": "copytrail.api",
    "compare_files": "copytrail.api",
    "compare_texts": "copytrail.api",
    "Comparison": "copytrail.api",
    "pan_detect": "copytrail.api",
    "read_document": "copytrail.api",
    "read_documents": "copytrail.api",
    "check_records": "copytrail.api",
    "fetch": "copytrail.api",
    "FetchResult": "copytrail.api",
    "FetchSettings": "copytrail.api",
    "compare_records": "copytrail.api",
    "open_store": "copytrail.store",
    "Store": "copytrail.store",
    "ScanSettings": "copytrail.settings",
    "SemanticSettings": "copytrail.settings",
    "ClaimsSettings": "copytrail.settings",
    "IngestSettings": "copytrail.settings",
    "AlignSettings": "copytrail.stages.align",
    "SketchSettings": "copytrail.stages.sketch",
    "CandidateSettings": "copytrail.stages.candidates",
    "Passage": "copytrail.stages.align",
    "export": "copytrail.outputs.export",
    "Document": "copytrail.records",
    "Citation": "copytrail.records",
    "Alignment": "copytrail.records",
    "Span": "copytrail.records",
    "Narrative": "copytrail.records",
    "NarrativeMember": "copytrail.records",
    "InputProblem": "copytrail.records",
    "CopytrailError": "copytrail.errors",
    "InputError": "copytrail.errors",
    "StoreError": "copytrail.errors",
    "UsageError": "copytrail.errors",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.api import (
        CheckMatch,
        CheckResult,
        Comparison,
        FetchResult,
        FetchSettings,
        ScanResult,
        check_file,
        check_records,
        check_text,
        compare_files,
        compare_records,
        compare_texts,
        fetch,
        pan_detect,
        read_document,
        read_documents,
        scan,
    )
    from copytrail.errors import CopytrailError, InputError, StoreError, UsageError
    from copytrail.outputs.export import export
    from copytrail.records import (
        Alignment,
        Citation,
        Document,
        InputProblem,
        Narrative,
        NarrativeMember,
        Span,
    )
    from copytrail.settings import ClaimsSettings, IngestSettings, ScanSettings, SemanticSettings
    from copytrail.stages.align import AlignSettings, Passage
    from copytrail.stages.candidates import CandidateSettings
    from copytrail.stages.sketch import SketchSettings
    from copytrail.store import Store, open_store


__getattr__ = lazy_attributes(__name__, _EXPORTS)


def __dir__() -> list[str]:
    return __all__
