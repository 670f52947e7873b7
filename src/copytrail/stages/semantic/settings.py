"""The semantic layer's settings: whether a scan uses it, where MiniLM runs, and the
thresholds that shape what it finds (imports nothing heavy: the settings tree reads it)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class SemanticSettings:
    """Whether and where the semantic layer runs, and its thresholds, calibrated on MSRP /
    STS-B and the PAN 2013 training corpus (see bench/).

    The thresholds shape the alignments a scan stores and are recorded with them
    (``fingerprint``); ``enabled`` and ``device`` do not (MiniLM gives the same vectors to
    1e-4 on either device, and its vectors are kept per device in the store).
    """

    enabled: bool = False  # also pair documents whose sentences are close in meaning
    device: str = "cpu"  # where MiniLM runs (cpu or cuda)
    propose: float = 0.70  # static-encoder cosine that proposes a sentence pair
    # content-stem Dice a proposed pair needs (0 = off): no paraphrase of MSRP or of the
    # STS-B news pairs (score >= 4) shares less than 0.2, and MiniLM confirmed none under 0.1
    min_shared: float = 0.15
    max_proposals: int = 20  # sentence pairs per document pair sent to MiniLM to confirm
    confirm: float = 0.75  # MiniLM cosine that confirms it

    def thresholds(self) -> dict[str, float | int]:
        """The values that shape what a semantic scan stores (not whether or where it runs)."""
        values = asdict(self)
        del values["enabled"], values["device"]
        return values
