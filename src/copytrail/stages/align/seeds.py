"""Seeds: the sentence pairs of two prepared texts that are lexically close (tf-isf cosine
and Dice over content stems), share a run of identical words, or hold one sentence split in
two on the other side, and their clustering by gaps along both documents.  Also the pair's
tf-isf sentence vectors, which the later steps reuse to measure whole fragments."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import overload

import numpy as np

from copytrail.stages.align.prepare import Prepared, Profile, StemEntries, stem_entries, stem_key
from copytrail.stages.align.settings import AlignSettings

Vector = dict[str, float]  # a sentence's tf-isf weights by stem
Vectors = Sequence[Vector]  # a document's sentence vectors, by sentence


class _PairLogs:
    """The inverse sentence frequencies of a pair: ``log((n + 1) / k)`` for a stem held by
    ``k`` of the two documents' ``n`` sentences, one value per ``k``, made on first use.

    With ``AlignSettings.shared_once`` a stem both documents hold counts one sentence less,
    unless the corpus holds it in many documents (``common_stems``): the sentence of one text
    and its copy in the other are one use of the word, not two.  Counted twice, every shared
    word weighs less than the words the copy left out, by a factor that grows as the texts
    shrink (0.70 for two four-sentence stories, 0.87 for two of a hundred), so the same
    thresholds ask more of a short rewrite than of a long one."""

    __slots__ = ("_logs", "top")

    def __init__(self, sentences: int) -> None:
        self.top = sentences + 1
        self._logs: list[float] | None = None

    def table(self) -> list[float]:
        if self._logs is None:
            top = self.top
            self._logs = [0.0, *(math.log(top / k) for k in range(1, top))]
        return self._logs


class SentenceVectors(Sequence[Vector]):
    """A document's tf-isf sentence vectors for one pair, each made when first asked for
    (most pairs never look at most of their sentences), and the sums of stretches of them
    (``span``), kept as the later steps ask for the same stretches again.  Equal, value for
    value, to what ``sentence_weights`` makes for every sentence at once."""

    __slots__ = ("_common", "_logs", "_made", "_other_df", "_own_df", "_shared_once", "_spans", "_terms")

    def __init__(
        self, prof: Profile, other: Profile, logs: _PairLogs, shared_once: bool = False, common: frozenset[str] = frozenset()
    ) -> None:
        self._terms, self._own_df, self._other_df = prof.terms, prof.df, other.df
        self._logs, self._shared_once, self._common = logs, shared_once, common
        self._made: list[Vector | None] = [None] * len(prof.terms)
        self._spans: dict[tuple[int, int], tuple[Vector, float]] = {}

    def __len__(self) -> int:
        return len(self._terms)

    @overload
    def __getitem__(self, index: int) -> Vector: ...

    @overload
    def __getitem__(self, index: slice) -> list[Vector]: ...

    def __getitem__(self, index: int | slice) -> Vector | list[Vector]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._terms)))]
        vec = self._made[index]
        if vec is None:
            logs, own, other = self._logs.table(), self._own_df, self._other_df.get
            if self._shared_once:
                common, held = self._common, self._other_df
                weighed = {
                    t: c * logs[own[t] + other(t, 0) - (t in held and t not in common)] for t, c in self._terms[index].items()
                }
            else:
                weighed = {t: c * logs[own[t] + other(t, 0)] for t, c in self._terms[index].items()}
            norm = math.sqrt(sum(v * v for v in weighed.values())) or 1.0
            vec = self._made[index] = {t: v / norm for t, v in weighed.items()}
        return vec

    def span(self, first: int, last: int) -> tuple[Vector, float]:
        """Sentences ``first`` to ``last`` as one vector (``summed``), and its length."""
        found = self._spans.get((first, last))
        if found is None:
            vec = summed(self[first : last + 1])
            found = self._spans[first, last] = (vec, math.sqrt(sum(v * v for v in vec.values())))
        return found


def pair_vectors(
    a: Profile, b: Profile, shared_once: bool = False, common: frozenset[str] = frozenset()
) -> tuple[SentenceVectors, SentenceVectors]:
    """Both documents' ``SentenceVectors`` for one pair (one table of isf values);
    ``shared_once`` and ``common`` as ``AlignSettings`` says (``_PairLogs``)."""
    logs = _PairLogs(len(a.terms) + len(b.terms))
    return SentenceVectors(a, b, logs, shared_once, common), SentenceVectors(b, a, logs, shared_once, common)


def sentence_weights(
    a: Profile, b: Profile, shared_once: bool = False, common: frozenset[str] = frozenset()
) -> tuple[list[Vector], list[Vector]]:
    """tf-isf vectors (L2-normalised) of every sentence of both documents.

    The inverse sentence frequency is taken over the sentences of the two documents, so a
    word common in both (the topic) weighs less than a rare one they share.
    """
    wa, wb = pair_vectors(a, b, shared_once, common)
    return wa[:], wb[:]


def _run_seeds(a: Prepared, b: Prepared) -> set[tuple[int, int]]:
    """Sentence pairs sharing a run of identical consecutive words (copied half-sentences);
    a run found more than 8 times in ``b`` is a formula, not a copy."""
    if not len(a.run_keys) or not len(b.run_keys):
        return set()
    lo = np.searchsorted(b.run_keys, a.run_keys, side="left")
    hi = np.searchsorted(b.run_keys, a.run_keys, side="right")
    found = hi - lo
    keep = (found > 0) & (found <= 8)
    if not keep.any():
        return set()
    found, lo, a_owner = found[keep], lo[keep], a.run_owner[keep]
    starts = np.cumsum(found) - found
    b_at = np.repeat(lo - starts, found) + np.arange(int(found.sum()))
    n_b = int(b.run_owner.max()) + 1
    pairs = np.sort(np.repeat(a_owner, found) * n_b + b.run_owner[b_at])
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]  # distinct (np.unique's hash table is slower)
    return set(zip((pairs // n_b).tolist(), (pairs % n_b).tolist(), strict=True))


def seed_pairs(
    a: Prepared, b: Prepared, settings: AlignSettings
) -> tuple[list[tuple[int, int]], Sequence[Vector], Sequence[Vector]]:
    """Seed sentence pairs plus the sentence vectors the later steps reuse.

    Sparse by construction: only sentence pairs that share a stem are ever looked at, all
    at once in numpy (a per-stem loop over postings took half of all alignment time on
    long documents).  The vectors are made as the seeds and later steps ask for them.
    """
    wa, wb = pair_vectors(a.profile, b.profile, settings.shared_once, settings.common_stems)
    seeds = _run_seeds(a, b)
    if len(wa) * len(wb) >= VECTORISED_FROM:
        once = settings.shared_once, settings.common_stems
        seeds.update(_similar_sentences(a.profile, b.profile, settings.seed_dice, settings.seed_cosine, *once))
    else:
        seeds.update(_similar_sentences_loop(wa, wb, a.profile, b.profile, settings.seed_dice, settings.seed_cosine))
    if settings.split_seeds:
        seeds.update(_split_sentence_seeds(wa, wb, a.profile, b.profile, seeds, settings))
    return sorted(seeds), wa, wb


def _split_sentence_seeds(
    wa: Vectors, wb: Vectors, a_profile: Profile, b_profile: Profile, seeds: set[tuple[int, int]], settings: AlignSettings
) -> set[tuple[int, int]]:
    """Sentence pairs where one side's sentence was split in two on the other (or two joined
    into one), as a rewrite does: neither half is close enough to the whole to seed, the two
    together are (Dice and cosine as seeds are).  Each half must bring ``split_shared`` stems
    of the whole that the other half does not hold, of those found in at most ``split_rare``
    sentences of the pair: a split shares out the sentence's own words, while two sentences
    on one subject repeat the same few, and a formula's lines its recurring words.  Only the
    pair's rare shared stems are walked (few: most pairs have none to speak of)."""
    least = settings.split_shared
    a_df, b_df = a_profile.df, b_profile.df
    small, large = (a_df, b_df) if len(a_df) <= len(b_df) else (b_df, a_df)
    rare = [stem for stem, k in small.items() if k + large.get(stem, settings.split_rare) <= settings.split_rare]
    found: set[tuple[int, int]] = set()
    if len(rare) < 2 * least:
        return found
    for whole_side, halves_side, flip in ((a_profile, b_profile, False), (b_profile, a_profile, True)):
        holding: dict[int, list[str]] = {}  # a sentence of the whole side -> the rare stems it holds
        for stem in rare:
            for i in whole_side.postings[stem]:
                holding.setdefault(i, []).append(stem)
        for i, stems in holding.items():
            if len(stems) < 2 * least:
                continue
            halves: dict[int, set[str]] = {}  # a sentence of the other side -> those it shares
            for stem in stems:
                for j in halves_side.postings[stem]:
                    halves.setdefault(j, set()).add(stem)
            for j, first in halves.items():
                second = halves.get(j + 1)
                if second is None or len(first - second) < least or len(second - first) < least:
                    continue
                pair = ((j, i), (j + 1, i)) if flip else ((i, j), (i, j + 1))
                if pair[0] in seeds and pair[1] in seeds:
                    continue
                whole, one, two = whole_side.terms[i], halves_side.terms[j], halves_side.terms[j + 1]
                either = sum(1 for stem in whole if stem in one or stem in two)
                if 2.0 * either < settings.seed_dice * (len(whole) + len(one.keys() | two.keys())):
                    continue
                if sides_cosine(wa, wb, (j, j + 1, i, i) if flip else (i, i, j, j + 1)) >= settings.seed_cosine:
                    found.update(pair)
    return found


# Sentence pairs (a's sentences × b's) from which the numpy search beats the loop over
# postings (measured: 5% slower on typical news pairs, 1.3x faster on pairs of long texts).
VECTORISED_FROM = 4000


def _similar_sentences_loop(
    wa: Sequence[Vector], wb: Sequence[Vector], a_profile: Profile, b_profile: Profile, min_dice: float, min_cos: float
) -> set[tuple[int, int]]:
    """``_similar_sentences`` through ``b``'s postings (short documents): shared stems are
    counted first, and only the sentence pairs whose Dice passes are weighed (the cosine,
    summed in the order of ``a``'s stems)."""
    postings, b_sizes = b_profile.postings, b_profile.sizes
    seeds: set[tuple[int, int]] = set()
    if postings.keys().isdisjoint(a_profile.df):
        return seeds
    for i, counts in enumerate(a_profile.terms):
        shared: dict[int, int] = {}
        for stem in counts:
            for j in postings.get(stem, ()):
                shared[j] = shared.get(j, 0) + 1
        size = len(counts)
        for j, common in shared.items():
            if 2.0 * common >= min_dice * (size + b_sizes[j]):
                other = wb[j]
                dot = 0.0
                for stem, weight in wa[i].items():
                    if stem in other:
                        dot += weight * other[stem]
                if dot >= min_cos:
                    seeds.add((i, j))
    return seeds


def _entry_weights(
    prof: StemEntries, other: StemEntries, sentences: int, own_sentences: int, shared_once: bool, common: frozenset[str]
) -> np.ndarray:
    """The tf-isf weight of each of ``prof``'s entries, as ``sentence_weights`` computes it (isf
    over the sentences of both documents, a shared stem once with ``shared_once`` unless it
    is one of ``common``), L2-normalised per sentence."""
    at = np.searchsorted(other.stem_keys, prof.stem_keys)
    at = np.minimum(at, max(len(other.stem_keys) - 1, 0))
    in_other = np.zeros(len(prof.stem_keys), dtype=np.int64)
    if len(other.stem_keys):
        hit = other.stem_keys[at] == prof.stem_keys
        in_other[hit] = other.stem_df[at[hit]]
    held = prof.stem_df + in_other
    if shared_once:
        counted_once = in_other > 0
        if common:
            counted_once &= ~np.isin(prof.stem_keys, _stem_keys(common))
        held -= counted_once
    isf = np.log((sentences + 1) / held)
    values = prof.count * np.repeat(isf, prof.stem_df)
    norms = np.sqrt(np.bincount(prof.sentence, weights=values * values, minlength=own_sentences))
    norms[norms == 0] = 1.0
    return values / norms[prof.sentence]


@functools.lru_cache(maxsize=4)
def _stem_keys(stems: frozenset[str]) -> np.ndarray:
    """The 64-bit keys of a set of stems, sorted (a corpus's common stems, made once)."""
    return np.sort(np.fromiter(map(stem_key, stems), dtype=np.int64, count=len(stems)))


_CHUNK_PAIRS = 2_000_000  # (a entry, b entry) pairs expanded at once: bounded memory


def _similar_sentences(
    a_profile: Profile,
    b_profile: Profile,
    min_dice: float,
    min_cos: float,
    shared_once: bool = False,
    common_stems: frozenset[str] = frozenset(),
) -> set[tuple[int, int]]:
    """Sentence pairs whose stems overlap by Dice ≥ ``min_dice`` and whose tf-isf cosine is
    ≥ ``min_cos``: every (a entry, b entry) of each shared stem expanded in chunks, shared
    stems counted and weight products summed per sentence pair."""
    n_a, n_b = len(a_profile.terms), len(b_profile.terms)
    a, b = stem_entries(a_profile), stem_entries(b_profile)
    common, ia, ib = np.intersect1d(a.stem_keys, b.stem_keys, assume_unique=True, return_indices=True)
    if not len(common):
        return set()
    wa = _entry_weights(a, b, n_a + n_b, n_a, shared_once, common_stems)
    wb = _entry_weights(b, a, n_a + n_b, n_b, shared_once, common_stems)
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


def summed(vectors: Sequence[Vector]) -> Vector:
    """The sum of sentence vectors: a stretch of sentences as one vector."""
    out: Vector = {}
    for vec in vectors:
        for t, v in vec.items():
            out[t] = out.get(t, 0.0) + v
    return out


def _span(vectors: Vectors, first: int, last: int) -> tuple[Vector, float]:
    """Sentences ``first`` to ``last`` summed, and the sum's length."""
    if isinstance(vectors, SentenceVectors):
        return vectors.span(first, last)
    vec = summed(vectors[first : last + 1])
    return vec, math.sqrt(sum(v * v for v in vec.values()))


def sides_cosine(wa: Vectors, wb: Vectors, frag: tuple[int, int, int, int]) -> float:
    """Cosine of the summed sentence vectors of a fragment's two sides."""
    a_first, a_last, b_first, b_last = frag
    (va, a_norm), (vb, b_norm) = _span(wa, a_first, a_last), _span(wb, b_first, b_last)
    if len(va) > len(vb):
        va, vb = vb, va
    dot = sum(v * vb.get(t, 0.0) for t, v in va.items())
    denom = a_norm * b_norm
    return dot / denom if denom else 0.0
