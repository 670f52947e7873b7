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
    passages: Mapping[str, Sequence[Sequence[Any]]],
    settings: MatchSettings | None = None,
) -> list[dict[str, Any]]:
    """Each figure of ``text`` that states differently what a stored source states at the same
    place of an aligned passage: ``source`` (its id), ``before`` and ``after`` (the figures as
    written), their values, offsets, and the new text's sentence with the figure's place.

    ``passages``: per source id, ``(source start, source end, text start, text end)``, and
    optionally the passage's kind, score and matched words as alignment found them (a figure
    differing in a passage that is no close copy is not a change: see ``MatchSettings``).
    """
    claims = extract_claims(text, CHECKED)
    if not claims:
        return []
    alignments = [_alignment(doc, passage, sources.get(doc, "")) for doc, spans in passages.items() for passage in spans]
    for doc in passages:
        claims.extend(extract_claims(sources.get(doc, ""), doc))
    out = []
    for before, after in changed_figures(claims, alignments, settings, checked=CHECKED):
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


def _alignment(doc: str, passage: Sequence[Any], source: str) -> Alignment:
    """A passage of ``doc`` reused in the checked text; one given by its spans alone counts as
    copied, its words counted in the source."""
    a0, a1, b0, b1, *found = passage
    kind, score, words = found if len(found) == 3 else ("edited", 1.0, len(source[a0:a1].split()))
    return Alignment(Span(doc, a0, a1), Span(CHECKED, b0, b1), kind, score, words)


def _plain(value: float | str) -> float | int | str:
    return int(value) if isinstance(value, float) and value.is_integer() else value
