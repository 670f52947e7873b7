"""One settings object shared by the command line and the Python API."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from copytrail.stages.align import AlignSettings
from copytrail.stages.candidates import CandidateSettings
from copytrail.stages.sketch import SketchSettings


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """Everything that shapes a scan's results, plus how the work is run.

    ``sketch`` and ``align`` are recorded in the store; a later scan with other values
    recomputes what they made instead of reusing stale results.
    """

    sketch: SketchSettings = field(default_factory=SketchSettings)
    candidates: CandidateSettings = field(default_factory=CandidateSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    batch_size: int = 2000  # documents per transaction
    workers: int = 0  # processes for alignment; 0 = one per core
    strict: bool = False  # stop at the first bad input
    claims: bool = True  # extract claims of new documents and regroup them after the scan
    semantic: bool = False  # also pair documents whose sentences are close in meaning
    device: str = "cpu"  # where the embedding model runs (cpu or cuda)

    def fingerprint(self, part: str) -> str:
        """The JSON of one result-shaping part, as stored in the database."""
        return json.dumps(asdict(getattr(self, part)), sort_keys=True)
