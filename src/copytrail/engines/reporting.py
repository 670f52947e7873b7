"""What a scan reports as it runs and when done: the ``Progress`` callback, the
``ScanResult`` record and the clock that times each stage."""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from copytrail.records import InputProblem
from copytrail.stages.ingest.guard import InputNote, SkippedRecord

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.engines.crosslingual import CrossLingualCounts
    from copytrail.engines.rewrites import RewriteCounts

Progress = Callable[[str, int, int | None], None]
"""``progress(stage, done, total)``: called as work advances; ``total`` None when unknown."""


def no_progress(stage: str, done: int, total: int | None) -> None:
    """A ``Progress`` that shows nothing."""
    return None


@dataclass
class ScanResult:
    """What one scan did, for the summary table and for callers."""

    files_seen: int = 0
    files_skipped: int = 0
    files_replaced: int = 0
    documents_added: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, path of original)
    moved: list[tuple[str, str]] = field(default_factory=list)  # (new path, old path) of documents whose file moved
    errors: list[InputProblem] = field(default_factory=list)
    notes: list[InputNote] = field(default_factory=list)  # inputs read with a problem (a date out of range: kept undated)
    skipped: dict[str, int] = field(default_factory=dict)  # records passed over on purpose (a WARC's images), by reason
    skipped_records: list[SkippedRecord] = field(default_factory=list)  # the first of them, for --verbose
    other_files: dict[str, int] = field(default_factory=dict)  # files of types not read inside the scanned folders, by suffix
    documents_aligned: int = 0
    pairs_compared: int = 0
    alignments_added: int = 0
    outlet_boilerplate: int = 0  # alignments removed as an outlet's boilerplate (``stages.boilerplate``)
    sentences_embedded: int = 0  # semantic: static vectors made this scan (stored)
    meaning_pairs: int = 0  # semantic: pairs found by meaning alone, not by shared n-grams
    sentences_judged: int = 0  # semantic: sentences MiniLM encoded
    languages_outside: dict[str, int] = field(default_factory=dict)  # semantic: language -> documents the model does not cover
    outside_examples: list[tuple[str, str]] = field(default_factory=list)  # (path, language), a few
    narratives: int = 0
    claims_extracted: int = 0  # documents whose claims this scan extracted
    claims: int = 0  # claims in store
    claim_groups: int = 0  # claims stated in more than one document
    claims_differ: int = 0  # of those, groups whose figures or hedges disagree
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage, in order
    semantic_seconds: dict[str, float] = field(default_factory=dict)  # semantic parts of the align stage
    crosslingual: CrossLingualCounts | None = None  # what a --cross-lingual scan's translation search did
    crosslingual_seconds: dict[str, float] = field(default_factory=dict)  # its parts of the align stage
    realigned: str | None = None  # why every stored pair was aligned again (settings changed), None when not
    rewrites: RewriteCounts | None = None  # semantic: rewrites searched in languages the English model does not cover
    peak_memory_mb: float | None = None  # largest resident size of the scanning process (None: not measurable here)
    worker_peak_memory_mb: float | None = None  # of its largest worker process (None: no worker ran)

    def as_dict(self) -> dict[str, Any]:
        """Every field as plain JSON values (``scan --json``): pairs of paths become objects
        that name their parts; input problems, notes and records passed over keep their fields."""
        fields = dataclasses.asdict(self)
        fields["duplicates"] = [{"path": path, "original": original} for path, original in self.duplicates]
        fields["moved"] = [{"path": path, "old_path": old} for path, old in self.moved]
        fields["outside_examples"] = [{"path": path, "language": lang} for path, lang in self.outside_examples]
        return fields

    def measure_memory(self) -> None:
        """Record the peak memory of this process and of its largest worker so far.  The
        operating system keeps one peak for a process's life, so in a process that ran other
        work first these are that work's peaks if larger."""
        self.peak_memory_mb = peak_memory_mb(children=False)
        self.worker_peak_memory_mb = peak_memory_mb(children=True)


def peak_memory_mb(*, children: bool) -> float | None:
    """The peak resident memory of this process, or of the largest of its child processes
    that have ended, in MB; None where the platform does not say (Windows) or no child ended."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF).ru_maxrss
    if peak <= 0:
        return None
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux


class StageClock:
    """Adds each stage's wall time to a dict (``with clock("align"): ...``)."""

    def __init__(self, into: dict[str, float]) -> None:
        self.into = into

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.into[stage] = self.into.get(stage, 0.0) + time.perf_counter() - started
