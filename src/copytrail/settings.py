"""One settings tree shared by the command line, the Python API and both engines.

``ScanSettings`` holds every part that shapes a scan's results (sketch, candidates, align,
semantic, claims) and how the work is run (batch size, workers, strictness); it also builds
the fingerprints both engines record in the store (``fingerprints``), so a later scan with
other values recomputes what they made instead of reusing stale results.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from copytrail.stages.align.settings import AlignSettings
from copytrail.stages.candidates import CandidateSettings
from copytrail.stages.claims import MatchSettings
from copytrail.stages.crosslingual.settings import CrossLingualSettings
from copytrail.stages.ingest.settings import IngestSettings
from copytrail.stages.semantic.settings import SemanticSettings
from copytrail.stages.sketch import SketchSettings

__all__ = ["ClaimsSettings", "CrossLingualSettings", "IngestSettings", "ScanSettings", "SemanticSettings"]

SCANNED_WITH_KEY = "scanned_with"  # store meta: the last scan's layers, {"semantic": bool, "crosslingual": bool}


@dataclass(frozen=True, slots=True)
class ClaimsSettings:
    """Whether a scan extracts and regroups claims, with which entity finder, and how
    claims are matched (``copytrail.stages.claims``).

    ``entities``: ``rules`` (fast, built in), ``spacy``, or ``auto`` (spaCy if installed);
    ``None`` (the default) keeps the finder the stored claims were made with (``rules`` for a
    new store), so that a scan never loads spaCy unasked nor re-extracts claims made with it.
    Naming a finder other than the stored one re-extracts every document.
    """

    enabled: bool = True  # extract claims of new documents and regroup them after the scan
    entities: str | None = None
    match: MatchSettings = field(default_factory=MatchSettings)


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """Everything that shapes a scan's results, plus how the work is run.

    ``sketch``, ``candidates``, ``align`` and the semantic thresholds are recorded in the
    store (``fingerprints``); a later scan with other values recomputes what they made.
    """

    ingest: IngestSettings = field(default_factory=IngestSettings)
    sketch: SketchSettings = field(default_factory=SketchSettings)
    candidates: CandidateSettings = field(default_factory=CandidateSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    semantic: SemanticSettings = field(default_factory=SemanticSettings)
    crosslingual: CrossLingualSettings = field(default_factory=CrossLingualSettings)
    claims: ClaimsSettings = field(default_factory=ClaimsSettings)
    # a passage one outlet prints in this many of its own documents is its boilerplate, not
    # reuse (``stages.boilerplate``; below 3: every passage kept)
    outlet_boilerplate: int = 3
    batch_size: int = 2000  # documents per transaction
    workers: int = 0  # processes for alignment; 0 = one per core
    strict: bool = False  # stop at the first bad input

    def fingerprint(self, part: str) -> str:
        """The JSON of one result-shaping part (``ingest``, ``sketch``, ``candidates``, ``align``);
        of ``ingest`` only what shapes stored documents (``IngestSettings.recorded``)."""
        value = getattr(self, part)
        return json.dumps(value.recorded() if isinstance(value, IngestSettings | AlignSettings) else asdict(value), sort_keys=True)

    def fingerprints(self) -> dict[str, str]:
        """What each engine records in the store, by part: ``ingest`` (the documents' dates),
        ``sketch`` (the band keys) and
        ``align`` (the alignments: align and candidate settings, plus the semantic
        thresholds when the semantic layer runs and the cross-lingual ones when translations
        are searched, never the device either runs on).

        A lexical scan's values are those copytrail 0.1 recorded, so its stores are not
        realigned; a semantic scan's ``align`` now carries its thresholds (0.1 recorded
        only ``{"semantic": true}``)."""
        align = self.fingerprint("align") + self.fingerprint("candidates")
        if self.semantic.enabled:
            align += json.dumps({"semantic": self.semantic.thresholds()}, sort_keys=True)
            align += json.dumps({"rewrites": {"rewrite_link": self.crosslingual.rewrite_link, "rewrite_run": self.crosslingual.rewrite_run}})
        if self.crosslingual.enabled:
            align += json.dumps({"crosslingual": self.crosslingual.thresholds()}, sort_keys=True)
        return {"ingest": self.fingerprint("ingest"), "sketch": self.fingerprint("sketch"), "align": align}
