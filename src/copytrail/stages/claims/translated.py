"""The figures of a translated passage (``--cross-lingual``: kind ``translated``) as statements of
its source, so that a figure a campaign repeats in several languages is one claim.

Alignment offers (``aligned``) compare the context words and units of two claims, and a
translation shares neither with its source ("32 kilobases" and "۳۲ کیلوبیس").  What it keeps are
the figures: per kind (quantities, dates), a figure both sides state at about the same place of
the passage is one statement.  Hedges are words of each language: a pair whose hedges read as
different classes is not offered (a hedge one language's rules did not read would look changed).

A figure the translation changed is not offered.  Tried on xling-dev's translations: the one
figure left on each side near the same place, paired, gave 4 groups whose figures differ, all
false (a scale word one language's rules do not read, "275 مليون" against "$275 million"; a
count against a year); the same rule inside one language has the words around the figures to
go by.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from copytrail.records import Alignment, Span
from copytrail.stages.claims.numbers import qualifier_class
from copytrail.stages.claims.records import Claim

KEPT_SCORE = 3.0  # a figure both sides state: above any offer of wording alone


def translated_offers(
    claims: Sequence[Claim],
    alignments: Sequence[Alignment],
    same_value: Callable[[Claim, Claim], bool],
    reach: float = 0.25,
) -> list[tuple[int, int, float]]:
    """``(i, j, score)``: claim ``i`` on a translated alignment's source side and ``j`` on its
    target side stating one figure, within ``reach`` of each other's relative place in the
    passage (a passage may take in a neighbouring sentence with figures of its own).  A side
    holds the claims whose sentence overlaps it."""
    translated = [al for al in alignments if al.kind == "translated"]
    if not translated:
        return []
    by_doc: dict[str, list[int]] = {}
    for k, c in enumerate(claims):
        by_doc.setdefault(c.doc, []).append(k)
    offers: list[tuple[int, int, float]] = []
    for al in translated:
        left, right = _side(claims, by_doc, al.source), _side(claims, by_doc, al.target)
        for kind in ("quantity", "date"):
            lefts = [k for k in left if claims[k].kind == kind]
            rights = [k for k in right if claims[k].kind == kind]
            place = {k: _place(claims[k], al.source) for k in lefts} | {k: _place(claims[k], al.target) for k in rights}
            offers += _pairs(claims, lefts, rights, place, same_value, reach)
    return offers


def _side(claims: Sequence[Claim], by_doc: dict[str, list[int]], span: Span) -> list[int]:
    """The claims of ``span``'s document whose sentence overlaps it, in order."""
    return [k for k in by_doc.get(span.doc, ()) if claims[k].sentence_start < span.end and claims[k].sentence_end > span.start]


def _place(claim: Claim, span: Span) -> float:
    """Where a figure stands in a passage side, 0 at its start and 1 at its end."""
    return (claim.value_start - span.start) / max(1, span.end - span.start)


def _pairs(
    claims: Sequence[Claim], lefts: list[int], rights: list[int], place: dict[int, float],
    same_value: Callable[[Claim, Claim], bool], reach: float,
) -> list[tuple[int, int, float]]:
    """Equal figures paired in order, each with the first on the other side within ``reach``."""
    out: list[tuple[int, int, float]] = []
    unmatched = list(rights)
    for i in lefts:
        match = next((j for j in unmatched if _comparable(claims[i], claims[j]) and abs(place[i] - place[j]) <= reach
                      and same_value(claims[i], claims[j])), None)  # fmt: skip
        if match is None:
            continue
        unmatched.remove(match)
        if _same_hedge(claims[i], claims[match]):
            out.append((i, match, KEPT_SCORE))
    return out


def _comparable(a: Claim, b: Claim) -> bool:
    """A date only with a date of its precision ("March 2020" is no changed "2020")."""
    return a.kind != "date" or len(str(a.value)) == len(str(b.value))


def _same_hedge(a: Claim, b: Claim) -> bool:
    return qualifier_class(a.qualifier) == qualifier_class(b.qualifier)
