"""The public API is a promise: its names, where they live and how they are called.

A change that breaks one of these breaks users' code; it must be made on purpose, with this
test changed beside it.
"""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys

import copytrail

PUBLIC = [
    "Alignment", "AlignSettings", "CandidateSettings", "CheckMatch", "CheckResult", "Citation",
    "check_records", "compare_records", "read_documents",
    "fetch", "FetchResult", "FetchSettings",
    "ClaimsSettings", "Comparison", "CopytrailError", "Document", "IngestSettings", "InputError",
    "InputProblem",
    "Narrative", "NarrativeMember", "Passage", "ScanResult", "ScanSettings", "SemanticSettings",
    "SketchSettings", "Span", "Store", "StoreError", "UsageError", "__version__", "check_file",
    "check_text", "compare_files", "compare_texts", "export", "open_store", "pan_detect",
    "read_document", "scan",
]  # fmt: skip

SIGNATURES = {
    "scan": "(paths: 'Iterable[str | os.PathLike[str]]', store: 'Store', settings: 'ScanSettings | None' = None, progress: 'Progress | None' = None) -> 'ScanResult'",
    "check_text": "(store: 'Store', text: 'str', settings: 'ScanSettings | None' = None) -> 'CheckResult'",
    "compare_files": "(a: 'str | os.PathLike[str]', b: 'str | os.PathLike[str]', settings: 'ScanSettings | None' = None, *, a_record: 'str | None' = None, b_record: 'str | None' = None) -> 'Comparison'",
    "read_document": "(path: 'str | os.PathLike[str]', *, record: 'str | None' = None) -> 'Document'",
    "read_documents": "(path: 'str | os.PathLike[str]', *, record: 'str | None' = None) -> 'list[Document]'",
    "compare_texts": "(a_text: 'str', b_text: 'str', settings: 'AlignSettings | None' = None) -> 'list[Passage]'",
    "export": "(store: 'Store', table: 'str', fmt: 'str' = 'jsonl', out: 'str | None' = None, with_text: 'bool' = False) -> 'int'",
    "fetch": "(urls: 'Iterable[str]', output: 'str | os.PathLike[str]', settings: 'FetchSettings | None' = None, *, sitemaps: 'Iterable[str]' = (), feeds: 'Iterable[str]' = (), resume: 'bool' = False, store: 'Store | None' = None, scan_settings: 'ScanSettings | None' = None, progress: 'Progress | None' = None, notice: 'Callable[[str], None] | None' = None) -> 'FetchResult'",
    "open_store": "(path: 'str | os.PathLike[str]' = 'copytrail.duckdb', *, read_only: 'bool' = False, wait: 'float | None' = None) -> 'Store'",
}


def test_all_is_the_public_api() -> None:
    assert sorted(copytrail.__all__, key=str.lower) == sorted(PUBLIC, key=str.lower)


def test_every_public_name_resolves() -> None:
    for name in copytrail.__all__:
        assert getattr(copytrail, name) is not None, name
    assert dir(copytrail) == copytrail.__all__


def test_call_signatures_are_pinned() -> None:
    for name, expected in SIGNATURES.items():
        assert str(inspect.signature(getattr(copytrail, name))) == expected, name


def test_one_settings_tree() -> None:
    """ScanSettings holds every part that shapes results, the semantic and claims ones too."""
    fields = [f.name for f in dataclasses.fields(copytrail.ScanSettings)]
    assert fields == [
        "ingest", "sketch", "candidates", "align", "semantic", "crosslingual", "claims", "outlet_boilerplate", "batch_size", "workers", "strict"
    ]
    settings = copytrail.ScanSettings()
    assert isinstance(settings.ingest, copytrail.IngestSettings)
    assert settings.ingest.file_dates is False  # a file's time is never a date unasked
    assert isinstance(settings.semantic, copytrail.SemanticSettings)
    assert isinstance(settings.claims, copytrail.ClaimsSettings)
    assert set(settings.fingerprints()) == {"ingest", "sketch", "align"}


def test_importing_copytrail_loads_nothing_heavy() -> None:
    code = (
        "import sys, copytrail, copytrail.cli; "
        "print(sorted(m for m in ('numpy', 'duckdb', 'torch', 'pyarrow', 'pyspark', 'trafilatura') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
