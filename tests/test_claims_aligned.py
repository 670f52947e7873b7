"""The alignment offers over arrays against the plain per-pair rules they replace: the same pairs
with the same scores, on random claims and alignments of every kind (some claims in sentences
that reach over a side's edge, whose claims count as inside it)."""

from __future__ import annotations

import random

from copytrail.records import Alignment, Span
from copytrail.stages.claims import Claim, MatchSettings, same_value, similarity
from copytrail.stages.claims.matching import _offer_aligned
from copytrail.stages.claims.numbers import qualifier_class
from copytrail.stages.claims.translated import translated_offers

WORDS = [f"w{k}" for k in range(10)]
# Values with their surfaces: equal, rounded ("2.5 mln" / "2,465,996"), close, far.
VALUES = [(2.5e6, "2.5 mln"), (2465996.0, "2,465,996"), (2.5e6, "2,500,000"), (300.0, "300"), (301.0, "301"), (7.0, "7")]


def _claims(rng: random.Random, docs: int, per_doc: int) -> tuple[list[Claim], list[frozenset[str]]]:
    claims, ctx = [], []
    for d in range(docs):
        for k in range(per_doc):
            at = k * 40 + rng.randrange(30)
            date = rng.random() < 0.2
            value, surface = (rng.choice(["1987", "1986", "1987-03"]),) * 2 if date else rng.choice(VALUES)
            claims.append(Claim(
                doc=f"d{d}", kind="date" if date else "quantity", start=at, end=at + 5, value_start=at,
                value_end=at + 5, sentence_start=at - rng.choice([0, 0, 9]), sentence_end=at + rng.choice([5, 5, 14]), value=value,
                unit=None if date else rng.choice([None, "pct", "tonnes", "tonne"]),
                qualifier=rng.choice([None, None, "about", "over", "roughly"]), entities=(), sentence="", surface=surface,
            ))
            ctx.append(frozenset(rng.sample(WORDS, rng.randrange(0, 6))))
    return claims, ctx


def _alignments(rng: random.Random, docs: int, count: int) -> list[Alignment]:
    out = []
    for _ in range(count):
        a, b = rng.sample(range(docs + 1), 2)  # doc ``docs`` holds no claim
        sa, sb = rng.randrange(300), rng.randrange(300)
        out.append(Alignment(
            Span(f"d{a}", sa, sa + rng.randrange(1, 400)), Span(f"d{b}", sb, sb + rng.randrange(1, 400)),
            rng.choice(["lexical", "lexical", "translated"]), rng.choice([0.5, 0.79, 0.8, 0.95]), 10, True,
        ))
    return out


def _meets(c: Claim, start: int, end: int) -> bool:
    """A claim whose figure lies inside a side, or whose sentence reaches into it from either edge."""
    inside = start <= c.value_start < end
    return inside or (c.value_start < start and c.sentence_end > start) or (c.value_start >= end and c.sentence_start < end)


def _plain(claims: list[Claim], alignments: list[Alignment], ctx: list[frozenset[str]], settings: MatchSettings) -> dict:
    """Each alignment, each claim on its source side with each on its target side, the rules one by one."""
    out: dict[tuple[int, int], tuple[float, str]] = {}
    for al in alignments:
        left = [i for i, c in enumerate(claims) if c.doc == al.source.doc and _meets(c, al.source.start, al.source.end)]
        right = [j for j, c in enumerate(claims) if c.doc == al.target.doc and _meets(c, al.target.start, al.target.end)]
        copied = al.kind == "translated" or al.score >= settings.changed_copy_score
        for i in left:
            for j in right:
                a, b = claims[i], claims[j]
                equal = same_value(a, b)
                differ = not equal or qualifier_class(a.qualifier) != qualifier_class(b.qualifier)
                if a.doc == b.doc or a.kind != b.kind:
                    continue
                if a.kind == "date" and len(str(a.value)) != len(str(b.value)):
                    continue
                if a.kind != "date" and a.unit_key != b.unit_key and (a.unit_key and b.unit_key or differ):
                    continue
                pi = (a.value_start - al.source.start) / max(1, al.source.end - al.source.start)
                pj = (b.value_start - al.target.start) / max(1, al.target.end - al.target.start)
                if abs(pi - pj) > settings.aligned_position or (differ and not copied):
                    continue
                sim = similarity(ctx[i], ctx[j])
                if sim >= (settings.aligned_similarity if equal else settings.aligned_changed_similarity):
                    score = 2.0 + (0.5 if equal else 0.0) + sim - abs(pi - pj)
                    key = (min(i, j), max(i, j))
                    if key not in out or out[key][0] < score:
                        out[key] = (score, "alignment")
    return out


def test_alignment_offers_are_the_plain_rules_pairs_and_scores() -> None:
    settings = MatchSettings()
    offered = 0
    for seed in range(6):
        rng = random.Random(seed)
        claims, ctx = _claims(rng, docs=6, per_doc=12)
        alignments = _alignments(rng, docs=6, count=60)
        found: dict = {}
        _offer_aligned(claims, alignments, ctx, [c.unit_key for c in claims], settings, found)
        expected = _plain(claims, alignments, ctx, settings)
        for i, j, score in translated_offers(claims, alignments, same_value):  # a translation's own figures
            key = (min(i, j), max(i, j))
            if key not in expected or expected[key][0] < score:
                expected[key] = (score, "alignment")
        assert found == expected
        offered += len(found)
    assert offered > 50  # the random cases do offer pairs


def test_no_claims_or_no_alignments_offer_nothing() -> None:
    claims, ctx = _claims(random.Random(1), docs=2, per_doc=3)
    for given_claims, given_alignments in ((claims, []), ([], _alignments(random.Random(1), 2, 3))):
        found: dict = {}
        _offer_aligned(given_claims, given_alignments, ctx[: len(given_claims)], [c.unit_key for c in given_claims], MatchSettings(), found)
        assert found == {}
