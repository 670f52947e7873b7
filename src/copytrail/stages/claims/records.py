"""The claims stage's records: a figure in one document, its statements, and a claim group."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from copytrail.stages.claims.display import FigureKind, figure_kind, is_trivial
from copytrail.stages.claims.numbers import unit_key

ClaimKind = Literal["quantity", "date"]


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable figure in one document.

    ``start``/``end`` cover the whole claim phrase (qualifier, value, unit: "roughly 30,000
    households"); ``value_start``/``value_end`` only the figure ("30,000", "$530 million",
    "40 per cent").  All offsets index the stored text.
    """

    doc: str
    kind: ClaimKind
    start: int
    end: int
    value_start: int
    value_end: int
    sentence_start: int
    sentence_end: int
    value: float | str  # a number for quantities, "YYYY", "YYYY-MM", "YYYY-MM-DD" or "--MM-DD" for dates
    unit: str | None  # lowercase surface of the counted noun or unit ("political prisoners", "percent")
    qualifier: str | None  # lowercase hedge before the figure ("over", "roughly", "более")
    entities: tuple[str, ...]
    sentence: str
    surface: str  # text[value_start:value_end]

    @property
    def unit_key(self) -> str:
        """The unit as compared across documents: its lemma-ish head noun."""
        return unit_key(self.unit) if self.kind == "quantity" else "date"

    @property
    def figure_kind(self) -> FigureKind:
        """``count``, ``money``, ``percentage`` or ``date``."""
        return figure_kind(self.kind, self.unit)

    @property
    def phrase(self) -> str:
        """The claim as the text writes it ("roughly 30,000 households"): unit once, never stems.
        The bare figure when the sentence is not at hand (claims read back from the store)."""
        if not self.sentence:
            return self.surface
        return self.sentence[self.start - self.sentence_start : self.end - self.sentence_start]

    @property
    def id(self) -> str:
        """Stable across scans: the document and where the figure sits in it."""
        return _claim_id(self.doc, self.value_start, self.value_end)


@lru_cache(maxsize=1 << 18)  # grouping and storing ask for each claim's id several times
def _claim_id(doc: str, value_start: int, value_end: int) -> str:
    return "k" + hashlib.sha1(f"{doc}:{value_start}:{value_end}".encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Statement:
    """A claim as it appears in one document, with what a reader needs to find it."""

    claim: Claim
    path: str | None = None
    published: str | None = None


@dataclass(slots=True)
class ClaimGroup:
    """Statements of one claim across documents, and whether the copies agree."""

    id: str
    text: str  # an excerpt of the first statement's sentence, as written
    kind: ClaimKind
    unit: str | None
    statements: list[Statement]
    links: list[tuple[str, str, str, float]] = field(default_factory=list)  # claim a, claim b, how, score
    numbers_differ: bool = False  # two linked statements state different numbers
    qualifiers_differ: bool = False  # ... or the same number with hedges of another kind
    highlight: tuple[int, int] = (0, 0)  # where the figure sits in ``text``

    @property
    def figure_kind(self) -> FigureKind:
        """``count``, ``money``, ``percentage`` or ``date``."""
        return figure_kind(self.kind, self.unit)

    @property
    def trivial(self) -> bool:
        """A year alone or a small count: kept, but not ranked among the most repeated."""
        first = self.statements[0].claim if self.statements else None
        return first is not None and is_trivial(first.kind, first.value, first.unit)

    @property
    def values_differ(self) -> bool:
        """True when a reader would get a different figure: two linked statements differ in
        number or hedge (statements joined only through others are never compared)."""
        return self.numbers_differ or self.qualifiers_differ

    @property
    def linked_statements(self) -> list[tuple[int, int]]:
        """The links as pairs of indexes into ``statements``, the earlier statement first, in
        order: the only pairs whose figures are compared (one alignment, or equal figures in
        similar sentences, said the two are one statement)."""
        at = {s.claim.id: k for k, s in enumerate(self.statements)}
        pairs = (sorted((at[a], at[b])) for a, b, _how, _score in self.links if a in at and b in at)
        return sorted((k, m) for k, m in pairs)

    @property
    def linked_parents(self) -> list[int | None]:
        """For each statement, the statement it is linked to on the way from the first (None
        for the first): a group's links form a tree, so this keeps every link."""
        neighbours: dict[int, list[int]] = {}
        for k, m in self.linked_statements:
            neighbours.setdefault(k, []).append(m)
            neighbours.setdefault(m, []).append(k)
        parent: list[int | None] = [None] * len(self.statements)
        seen, queue = {0}, [0]
        for k in queue:
            for m in sorted(neighbours.get(k, ())):
                if m not in seen:
                    seen.add(m)
                    parent[m] = k
                    queue.append(m)
        return parent

    @property
    def earliest(self) -> list[Statement]:
        """The statements with the first publication date (several when they tie; none undated)."""
        dated = [s for s in self.statements if s.published]
        if not dated:
            return []
        first = min(s.published or "" for s in dated)
        return [s for s in dated if s.published == first]

