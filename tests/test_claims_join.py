"""The fast paths of the claims stage against plain rules: the array-based similarity join and
linking against per-pair rules, claims extracted by worker processes against one process."""

from __future__ import annotations

import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from copytrail.stages.claims import Claim, MatchSettings, same_value, similarity
from copytrail.stages.claims.columns import ClaimColumns
from copytrail.stages.claims.matching import _link_one_to_one, _linked_groups
from copytrail.stages.claims.numbers import qualifier_class
from copytrail.stages.claims.similar import similar_pairs
from copytrail.store import claim_batches, open_store
from copytrail.store import claims as stored_claims

WORDS = [f"w{k}" for k in range(14)]


def _random_claims(rng: random.Random, count: int) -> tuple[list[Claim], list[frozenset[str]]]:
    """Claims over few documents, values, units and words, so that pairs of every kind occur."""
    claims, ctx = [], []
    for k in range(count):
        date = rng.random() < 0.2
        value: float | str = rng.choice(["1987", "1986", "1987-03"]) if date else rng.choice([1.0, 2.0, 2.5, 300.0])
        claims.append(
            Claim(
                doc=f"d{rng.randrange(8)}", kind="date" if date else "quantity", start=k, end=k + 1,
                value_start=k, value_end=k + 1, sentence_start=k, sentence_end=k + 1, value=value,
                unit=None if date else rng.choice([None, "pct", "tonnes"]),
                qualifier=rng.choice([None, None, "about", "over"]), entities=(), sentence="", surface=str(value),
            )
        )
        ctx.append(frozenset(rng.sample(WORDS, rng.randrange(0, 7))))
    return claims, ctx


def _plain_pairs(claims: list[Claim], ctx: list[frozenset[str]], settings: MatchSettings) -> dict[tuple[int, int], float]:
    """Every pair the join must find when no token is too common to count: same block, other
    document, same value and hedge, Jaccard at the block's threshold (low where a unit or a date
    says what is counted, high for bare numbers)."""
    out = {}
    for i, j in combinations(range(len(claims)), 2):
        a, b = claims[i], claims[j]
        block_a = (a.kind, len(str(a.value)) if a.kind == "date" else a.unit_key)
        block_b = (b.kind, len(str(b.value)) if b.kind == "date" else b.unit_key)
        if a.doc == b.doc or block_a != block_b or not same_value(a, b):
            continue
        if qualifier_class(a.qualifier) != qualifier_class(b.qualifier):
            continue
        low = settings.same_value_similarity if (a.kind == "date" or a.unit_key) else settings.changed_value_similarity
        sim = similarity(ctx[i], ctx[j])
        if sim >= low:
            out[(i, j)] = sim + 0.5
    return out


@pytest.mark.parametrize("chunk_pairs", [2_000_000, 40, 1])
def test_similarity_join_finds_every_pair_the_rules_allow(chunk_pairs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the pairs sharing a token are expanded by (memory stays bounded): every pair."""
    from copytrail.stages.claims import similar

    monkeypatch.setattr(similar, "_CHUNK_PAIRS", chunk_pairs)
    settings = MatchSettings(max_bucket_df=10_000, max_changed_df=10_000)
    for seed in range(5):
        claims, ctx = _random_claims(random.Random(seed), 160)
        i, j, score = similar_pairs(
            claims, ctx, [c.unit_key for c in claims],
            same_value_similarity=settings.same_value_similarity,
            changed_value_similarity=settings.changed_value_similarity,
            max_bucket_df=settings.max_bucket_df, max_changed_df=settings.max_changed_df, same_value=same_value,
        )
        found = dict(zip(zip(i.tolist(), j.tolist(), strict=True), score.tolist(), strict=True))
        expected = _plain_pairs(claims, ctx, settings)
        assert found.keys() == expected.keys()
        assert all(abs(found[k] - expected[k]) < 1e-12 for k in found)


_SURFACES = {  # written figures whose precision decides rounding ("2.5 mln" is 2,465,996 rounded)
    2_465_996.0: "2,465,996", 2_500_000.0: "2.5 mln", 2_470_000.0: "2.47 million", 2_400_000.0: "2.4 mln",
    2.145: "2.145", 2.15: "2.15", 2.14: "2.14", 0.0: "0", 30_000.0: "30,000", 31_000.0: "31,000", 7.0: "7",
}


@given(st.lists(st.tuples(st.sampled_from(sorted(_SURFACES)), st.sampled_from(sorted(_SURFACES))), min_size=1, max_size=40))
def test_figures_compared_on_arrays_as_one_by_one(pairs: list[tuple[float, float]]) -> None:
    """ClaimColumns.same_value decides most pairs on the arrays: the same answer as same_value."""
    claims = [
        Claim(doc=f"d{k}", kind="quantity", start=0, end=1, value_start=0, value_end=1, sentence_start=0,
              sentence_end=1, value=v, unit=None, qualifier=None, entities=(), sentence="", surface=_SURFACES[v])
        for pair in pairs for k, v in enumerate(pair)
    ] + [
        Claim(doc="d9", kind="date", start=0, end=1, value_start=0, value_end=1, sentence_start=0, sentence_end=1,
              value=d, unit=None, qualifier=None, entities=(), sentence="", surface=d)
        for d in ("1987", "1987", "1986")
    ]  # fmt: skip
    columns = ClaimColumns.of(claims, [c.unit_key for c in claims])
    i = np.array([2 * k for k in range(len(pairs))] + [len(claims) - 3, len(claims) - 3])
    j = np.array([2 * k + 1 for k in range(len(pairs))] + [len(claims) - 2, len(claims) - 1])
    asked: list[tuple[Claim, Claim]] = []

    def counted(a: Claim, b: Claim) -> bool:
        asked.append((a, b))
        return same_value(a, b)

    found = columns.same_value(claims, i, j, counted).tolist()
    assert found == [same_value(claims[a], claims[b]) for a, b in zip(i.tolist(), j.tolist(), strict=True)]
    assert len(asked) <= sum(1 for a, b in pairs if a != b and 0 < abs(a - b) <= 0.1 * max(a, b))


def _plain_link(claims: list[Claim], offered: dict[tuple[int, int], tuple[float, str]]) -> list[tuple]:
    """Best first, one partner per claim in each other document, one statement per document and group."""
    group = {i: {i} for i in range(len(claims))}
    used, links = set(), []
    for (i, j), (score, how) in sorted(offered.items(), key=lambda kv: (-kv[1][0], kv[0])):
        if (i, claims[j].doc) in used or (j, claims[i].doc) in used or group[i] is group[j]:
            continue
        if {claims[k].doc for k in group[i]} & {claims[k].doc for k in group[j]}:
            continue
        merged = group[i] | group[j]
        for k in merged:
            group[k] = merged
        used |= {(i, claims[j].doc), (j, claims[i].doc)}
        links.append((i, j, how, score))
    return links


def test_linking_arrays_as_plain_best_first_linking() -> None:
    for seed in range(5):
        rng = random.Random(seed)
        claims, _ctx = _random_claims(rng, 120)
        aligned = {}
        for _ in range(150):
            i, j = sorted(rng.sample(range(len(claims)), 2))
            aligned[(i, j)] = (rng.choice([1.8, 2.0, 2.5, 1.2]), "alignment")
        pairs = sorted({tuple(sorted(rng.sample(range(len(claims)), 2))) for _ in range(400)})
        scores = [rng.choice([0.7, 1.0, 1.3, 1.9]) for _ in pairs]
        similar = (np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]), np.array(scores))
        merged = dict(aligned)
        for (i, j), score in zip(pairs, scores, strict=True):
            if (i, j) not in merged or merged[(i, j)][0] < score:
                merged[(i, j)] = (score, "similarity")
        links, components = _link_one_to_one(claims, aligned, similar)
        assert links == _plain_link(claims, merged)
        members_of, links_of = _linked_groups(links, components)
        walked: dict[int, list[int]] = {}
        for i, _j, _how, _score in links:
            walked.setdefault(components.find(i), [])
        for k in range(len(claims)):
            if components.find(k) in walked:
                walked[components.find(k)].append(k)
        assert list(members_of.items()) == list(walked.items())
        assert {root: [link for link in links if components.find(link[0]) == root] for root in walked} == links_of


def _stored(db: Path) -> tuple[list[tuple], list[tuple], list[tuple]]:
    with open_store(db, read_only=True) as store:
        claims = store.con.execute("SELECT * FROM claims ORDER BY id").fetchall()
        docs = store.con.execute("SELECT * FROM claim_docs ORDER BY doc").fetchall()
        groups = store.con.execute("SELECT * FROM claim_statements ORDER BY claim_group, position").fetchall()
    return claims, docs, groups


def test_claims_extracted_by_worker_processes_as_by_one(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers' claims, markers and groups equal one process's, batch by batch (small
    batches here, so that one is stored while the next is extracted)."""
    monkeypatch.setattr(claim_batches, "PARALLEL_FROM", 1)
    monkeypatch.setattr(claim_batches, "BATCH", 3)
    serial, parallel = tmp_path / "serial.duckdb", tmp_path / "parallel.duckdb"
    for db in (serial, parallel):
        shutil.copy(sample_db, db)
        with open_store(db) as store:  # the scan extracted them: again, from nothing
            store.con.execute("DELETE FROM claims")
            store.con.execute("DELETE FROM claim_docs")
    with open_store(serial) as store:
        one = stored_claims.update_claims(store, entities="rules")
    with open_store(parallel) as store, ProcessPoolExecutor(2) as pool:
        two = stored_claims.update_claims(store, entities="rules", executor=pool, shares=2)
    assert one.extracted == two.extracted > 3 and one.claims == two.claims > 0
    assert _stored(serial) == _stored(parallel)


def test_same_value_as_its_plain_rule() -> None:
    """The shortcuts of same_value (equal first, far apart next) give the plain rule's answer:
    close within 1e-9, or one figure the other rounded."""
    import math

    from copytrail.stages.claims.numbers import rounded_equal

    figures = [(0.0, "0"), (1e-10, "0.0000000001"), (2.5e6, "2.5 mln"), (2465996.0, "2,465,996"), (2.4e6, "2.4 mln"),
               (30000.0, "30,000"), (30000.0000001, "30,000"), (1987.0, "1987"), (-5.0, "-5"), (5.0, "5")]
    for va, sa in figures:
        for vb, sb in figures:
            a = Claim(doc="a", kind="quantity", start=0, end=1, value_start=0, value_end=1, sentence_start=0,
                      sentence_end=1, value=va, unit=None, qualifier=None, entities=(), sentence="", surface=sa)
            b = Claim(doc="b", kind="quantity", start=0, end=1, value_start=0, value_end=1, sentence_start=0,
                      sentence_end=1, value=vb, unit=None, qualifier=None, entities=(), sentence="", surface=sb)
            plain = math.isclose(va, vb, rel_tol=1e-9, abs_tol=1e-9) or rounded_equal(va, sa, vb, sb)
            assert same_value(a, b) == plain, (sa, sb)
