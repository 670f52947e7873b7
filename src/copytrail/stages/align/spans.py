"""The two shapes of a shared passage: ``Fragment`` while aligning (sentence ranges of both
documents), ``Passage`` once done (character spans), and the range arithmetic on them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# A fragment whose sides are this similar (cosine) is a near-verbatim copy; shared runs that
# cover this share of the shorter side are the copy itself (``refine``).
NEAR_VERBATIM = 0.9


@dataclass(frozen=True, slots=True)
class Passage:
    """One shared passage: ``a`` and ``b`` character spans, kind and score."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    kind: str
    score: float
    matched_words: int


@dataclass(frozen=True, slots=True)
class Fragment:
    """A candidate passage as sentence ranges of both documents, with the similarity of its sides."""

    a_first: int  # sentence index range [a_first, a_last]
    a_last: int
    b_first: int
    b_last: int
    similarity: float
    summary: bool = False  # found by ``find_summaries``: its ``a`` side is what it condenses


def span_of(cluster: Sequence[tuple[int, int]]) -> tuple[int, int, int, int]:
    """The sentence ranges ``(a_first, a_last, b_first, b_last)`` a cluster of seeds spans."""
    return (
        min(s[0] for s in cluster),
        max(s[0] for s in cluster),
        min(s[1] for s in cluster),
        max(s[1] for s in cluster),
    )


def overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Whether ranges ``[a0, a1]`` and ``[b0, b1]`` share an index."""
    return a0 <= b1 and b0 <= a1


def b_shared(x: Fragment, y: Fragment) -> int:
    """Sentences of ``b`` both fragments hold."""
    return min(x.b_last, y.b_last) - max(x.b_first, y.b_first) + 1


def b_length(frag: Fragment) -> int:
    """Sentences of ``b`` a fragment holds."""
    return frag.b_last - frag.b_first + 1
