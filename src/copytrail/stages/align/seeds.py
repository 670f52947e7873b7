"""Seeds: the sentence pairs of two prepared texts that are lexically close (tf-isf cosine
and Dice over content stems) or share a run of identical words, and their clustering by
gaps along both documents.  Also the pair's tf-isf sentence vectors, which the later steps
reuse to measure whole fragments."""

from __future__ import annotations

import math

import numpy as np

from copytrail.stages.align.prepare import Prepared, Profile, StemEntries, stem_entries
from copytrail.stages.align.settings import AlignSettings

Vector = dict[str, float]  # a sentence's tf-isf weights by stem


def sentence_weights(a: Profile, b: Profile) -> tuple[list[Vector], list[Vector]]:
    """tf-isf vectors (L2-normalised) of every sentence of both documents.

    The inverse sentence frequency is taken over the sentences of the two documents, so a
    word common in both (the topic) weighs less than a rare one they share.
    """
    n = len(a.terms) + len(b.terms)
    isf: dict[str, float] = {}
    for stem, count in a.df.items():
        isf[stem] = math.log((n + 1) / (count + b.df.get(stem, 0)))
    for stem, count in b.df.items():
        if stem not in isf:
            isf[stem] = math.log((n + 1) / count)

    def vectors(prof: Profile) -> list[Vector]:
        out: list[Vector] = []
        for counts in prof.terms:
            vec = {t: c * isf[t] for t, c in counts.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            out.append({t: v / norm for t, v in vec.items()})
        return out

    return vectors(a), vectors(b)


def _run_seeds(a: Prepared, b: Prepared) -> set[tuple[int, int]]:
    """Sentence pairs sharing a run of identical consecutive words (copied half-sentences)."""
    common = np.intersect1d(a.runs, b.runs)
    if not len(common):
        return set()
    b_positions: dict[int, list[int]] = {}
    for j in np.flatnonzero(np.isin(b.runs, common)).tolist():
        b_positions.setdefault(int(b.runs[j]), []).append(j)
    seeds: set[tuple[int, int]] = set()
    for i in np.flatnonzero(np.isin(a.runs, common)).tolist():
        hits = b_positions[int(a.runs[i])]
        if len(hits) <= 8:  # a run repeated all over a text is a formula, not a copy
            si = int(a.owner[i])
            for j in hits:
                seeds.add((si, int(b.owner[j])))
    return seeds


def seed_pairs(
    a: Prepared, b: Prepared, settings: AlignSettings
) -> tuple[list[tuple[int, int]], list[Vector], list[Vector]]:
    """Seed sentence pairs plus the sentence vectors the later steps reuse.

    Sparse by construction: only sentence pairs that share a stem are ever looked at, all
    at once in numpy (a per-stem loop over postings took half of all alignment time on
    long documents).
    """
    wa, wb = sentence_weights(a.profile, b.profile)
    seeds = _run_seeds(a, b)
    if len(wa) * len(wb) >= VECTORISED_FROM:
        seeds.update(_similar_sentences(a.profile, b.profile, settings.seed_dice, settings.seed_cosine))
    else:
        seeds.update(_similar_sentences_loop(wa, wb, b.profile, settings.seed_dice, settings.seed_cosine))
    return sorted(seeds), wa, wb


# Sentence pairs (a's sentences × b's) from which the numpy search beats the loop over
# postings (measured: 5% slower on typical news pairs, 1.3x faster on pairs of long texts).
VECTORISED_FROM = 4000


def _similar_sentences_loop(
    wa: list[Vector], wb: list[Vector], b_profile: Profile, min_dice: float, min_cos: float
) -> set[tuple[int, int]]:
    """``_similar_sentences`` by an inverted index over ``b``'s stems (short documents)."""
    postings: dict[str, list[tuple[int, float]]] = {}
    for j, vec in enumerate(wb):
        for stem, weight in vec.items():
            postings.setdefault(stem, []).append((j, weight))
    b_sizes = [len(counts) for counts in b_profile.terms]
    seeds: set[tuple[int, int]] = set()
    for i, vec in enumerate(wa):
        shared: dict[int, int] = {}
        dot: dict[int, float] = {}
        for stem, weight in vec.items():
            for j, other in postings.get(stem, ()):
                shared[j] = shared.get(j, 0) + 1
                dot[j] = dot.get(j, 0.0) + weight * other
        size = len(vec)
        for j, common in shared.items():
            if 2.0 * common >= min_dice * (size + b_sizes[j]) and dot[j] >= min_cos:
                seeds.add((i, j))
    return seeds


def _entry_weights(prof: StemEntries, other: StemEntries, sentences: int, own_sentences: int) -> np.ndarray:
    """The tf-isf weight of each of ``prof``'s entries, as ``sentence_weights`` computes it (isf
    over the sentences of both documents), L2-normalised per sentence."""
    at = np.searchsorted(other.stem_keys, prof.stem_keys)
    at = np.minimum(at, max(len(other.stem_keys) - 1, 0))
    in_other = np.zeros(len(prof.stem_keys), dtype=np.int64)
    if len(other.stem_keys):
        hit = other.stem_keys[at] == prof.stem_keys
        in_other[hit] = other.stem_df[at[hit]]
    isf = np.log((sentences + 1) / (prof.stem_df + in_other))
    values = prof.count * np.repeat(isf, prof.stem_df)
    norms = np.sqrt(np.bincount(prof.sentence, weights=values * values, minlength=own_sentences))
    norms[norms == 0] = 1.0
    return values / norms[prof.sentence]


_CHUNK_PAIRS = 2_000_000  # (a entry, b entry) pairs expanded at once: bounded memory


def _similar_sentences(a_profile: Profile, b_profile: Profile, min_dice: float, min_cos: float) -> set[tuple[int, int]]:
    """Sentence pairs whose stems overlap by Dice ≥ ``min_dice`` and whose tf-isf cosine is
    ≥ ``min_cos``: every (a entry, b entry) of each shared stem expanded in chunks, shared
    stems counted and weight products summed per sentence pair."""
    n_a, n_b = len(a_profile.terms), len(b_profile.terms)
    a, b = stem_entries(a_profile), stem_entries(b_profile)
    common, ia, ib = np.intersect1d(a.stem_keys, b.stem_keys, assume_unique=True, return_indices=True)
    if not len(common):
        return set()
    wa, wb = _entry_weights(a, b, n_a + n_b, n_a), _entry_weights(b, a, n_a + n_b, n_b)
    a_start, a_len = a.stem_start[ia], a.stem_df[ia]
    b_start, b_len = b.stem_start[ib], b.stem_df[ib]
    per_stem = a_len * b_len
    keys_parts, shared_parts, dot_parts = [], [], []
    reach = np.cumsum(per_stem)  # entry pairs up to each shared stem, cut into chunks of ~2M
    cuts = np.searchsorted(reach, np.arange(_CHUNK_PAIRS, int(reach[-1]), _CHUNK_PAIRS), side="left") + 1
    bounds = np.unique(np.concatenate([[0], cuts, [len(common)]])).tolist()
    for first, last in zip(bounds[:-1], bounds[1:], strict=True):
        sizes = per_stem[first:last]
        total = int(sizes.sum())
        group = np.repeat(np.arange(first, last), sizes)
        rank = np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        a_entry = a_start[group] + rank // b_len[group]
        b_entry = b_start[group] + rank % b_len[group]
        pair = a.sentence[a_entry] * n_b + b.sentence[b_entry]
        keys, inverse = np.unique(pair, return_inverse=True)
        keys_parts.append(keys)
        shared_parts.append(np.bincount(inverse, minlength=len(keys)))
        dot_parts.append(np.bincount(inverse, weights=wa[a_entry] * wb[b_entry], minlength=len(keys)))
    if len(keys_parts) == 1:
        pairs, shared, dot = keys_parts[0], shared_parts[0], dot_parts[0]
    else:
        pairs, inverse = np.unique(np.concatenate(keys_parts), return_inverse=True)
        shared = np.bincount(inverse, weights=np.concatenate(shared_parts), minlength=len(pairs))
        dot = np.bincount(inverse, weights=np.concatenate(dot_parts), minlength=len(pairs))
    i, j = pairs // n_b, pairs % n_b
    a_sizes = np.bincount(a.sentence, minlength=n_a)
    b_sizes = np.bincount(b.sentence, minlength=n_b)
    keep = (2.0 * shared >= min_dice * (a_sizes[i] + b_sizes[j])) & (dot >= min_cos)
    return set(zip(i[keep].tolist(), j[keep].tolist(), strict=True))


def split_seeds(seeds: list[tuple[int, int]], axis: int, max_gap: int) -> list[list[tuple[int, int]]]:
    """Seeds ordered along one document (``axis`` 0: ``a``, 1: ``b``), cut where more than ``max_gap`` sentences separate two."""
    ordered = sorted(seeds, key=lambda s: (s[axis], s[1 - axis]))
    groups: list[list[tuple[int, int]]] = [[ordered[0]]]
    for seed in ordered[1:]:
        if seed[axis] - groups[-1][-1][axis] > max_gap:
            groups.append([seed])
        else:
            groups[-1].append(seed)
    return groups


def cluster_seeds(seeds: list[tuple[int, int]], max_gap: int) -> list[list[tuple[int, int]]]:
    """Split seeds alternately along both documents until every cluster is gap-free."""
    if not seeds:
        return []
    clusters = [seeds]
    while True:
        refined: list[list[tuple[int, int]]] = []
        for cluster in clusters:
            for part in split_seeds(cluster, 0, max_gap):
                for piece in split_seeds(part, 1, max_gap):
                    refined.append(piece)
        if len(refined) == len(clusters):
            return refined
        clusters = refined


def summed(vectors: list[Vector]) -> Vector:
    """The sum of sentence vectors: a stretch of sentences as one vector."""
    out: Vector = {}
    for vec in vectors:
        for t, v in vec.items():
            out[t] = out.get(t, 0.0) + v
    return out


def sides_cosine(wa: list[Vector], wb: list[Vector], frag: tuple[int, int, int, int]) -> float:
    """Cosine of the summed sentence vectors of a fragment's two sides."""
    a_first, a_last, b_first, b_last = frag
    va, vb = summed(wa[a_first : a_last + 1]), summed(wb[b_first : b_last + 1])
    if len(va) > len(vb):
        va, vb = vb, va
    dot = sum(v * vb.get(t, 0.0) for t, v in va.items())
    denom = math.sqrt(sum(v * v for v in va.values())) * math.sqrt(sum(v * v for v in vb.values()))
    return dot / denom if denom else 0.0
