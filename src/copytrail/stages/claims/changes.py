"""The figures a new text changes relative to the stored texts it reuses (for ``check``).

Pure: the caller hands over the checked text, the stored texts and the passages that align
them.  Figures are compared only inside those passages, as the claims stage compares them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from copytrail.records import Alignment, Span
from copytrail.stages.claims.display import excerpt
from copytrail.stages.claims.extraction import extract_claims
from copytrail.stages.claims.matching import MatchSettings, changed_figures

CHECKED = "__checked__"  # the checked text's document id among the claims


def changes_against_sources(
    text: str,
    sources: Mapping[str, str],
    passages: Mapping[str, Sequence[tuple[int, int, int, int]]],
    settings: MatchSettings | None = None,
) -> list[dict[str, Any]]:
    """Each figure of ``text`` that states differently what a stored source states at the same
    place of an aligned passage: ``source`` (its id), ``before`` and ``after`` (the figures as
    written), their values, offsets, and the new text's sentence with the figure's place.

    ``passages``: per source id, ``(source start, source end, text start, text end)``.
    """
    claims = extract_claims(text, CHECKED)
    if not claims:
        return []
    alignments = [
        Alignment(Span(doc, a0, a1), Span(CHECKED, b0, b1), "edited", 1.0)
        for doc, spans in passages.items() for a0, a1, b0, b1 in spans
    ]
    for doc in passages:
        claims.extend(extract_claims(sources.get(doc, ""), doc))
    out = []
    for before, after in changed_figures(claims, alignments, settings):
        shown, start, end = excerpt(after.sentence, after.value_start - after.sentence_start, after.value_end - after.sentence_start)
        out.append({
            "source": before.doc, "kind": after.figure_kind,
            "before": before.phrase, "after": after.phrase,
            "before_value": _plain(before.value), "after_value": _plain(after.value),
            "source_start": before.value_start, "source_end": before.value_end,
            "start": after.value_start, "end": after.value_end,
            "sentence": shown, "highlight": [start, end],
        })
    return out


def _plain(value: float | str) -> float | int | str:
    return int(value) if isinstance(value, float) and value.is_integer() else value
