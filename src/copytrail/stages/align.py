"""Align stage: find the passages two documents share, with exact character offsets.

The method, in three steps (our own, after the seed / extend / filter scheme that leads the
PAN text-alignment results):

1. **Seed**: sentence pairs that are lexically close — tf-isf cosine and Dice over truncated
   word stems both above a threshold — or that share a run of identical words.
2. **Extend**: seeds are clustered by alternately splitting on gaps along each document, so
   nearby seeds (a reused paragraph with a sentence dropped or reordered) become one passage.
   A passage whose sides are not similar enough as a whole is re-clustered with a smaller gap.
3. **Filter and refine**: overlapping passages are resolved, short ones dropped, edges trimmed
   to the first and last shared word pair, and each passage is labelled ``verbatim`` (same
   words after normalisation) or ``edited``.

All functions are pure: two texts and their segmentations in, records out.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from rapidfuzz.distance import LCSseq

from copytrail.records import Sentence
from copytrail.stages.segment import Segmented, segment

# Function words carry no evidence of reuse; kept short and multilingual on purpose (tf-isf
# weighting already discounts what is frequent within a pair).
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself also said
    says say it's s t one two new last year years и в во не что он на я с со как а то все она
    так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему теперь
    когда даже ну ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом
    себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто
    чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом
    один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об
    другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя
    впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно
    всю между و في من به با از که را این آن است بر برای تا هم یا اما یک شد شده می ها های خود
    على إلى عن أن إن ما لا هذا هذه التي الذي كان مع قد او ثم de la le les des du un une et en
    est que qui dans pour pas sur au aux par plus ce il elle der die das und ist nicht ein eine
    zu den von mit sich auf für im dem als auch es el los las del y una por con para se al lo
    como más
    """.split()
)
STEM_LENGTH = 5


class SemanticJudge(Protocol):
    """What alignment asks of the semantic layer (``copytrail.stages.semantic``), kept abstract so
    this module never imports torch.

    Proposing is cheap (static vectors), confirming is the costly judge: alignment asks it
    to confirm only proposals that could still become a passage.
    """

    def proposals(self, excluded: Callable[[int, int], bool]) -> list[tuple[int, int]]: ...

    def confirm(self, pairs: Sequence[tuple[int, int]]) -> set[tuple[int, int]]: ...

    def passage(self, a_rows: range, b_rows: range) -> float: ...


@dataclass(frozen=True, slots=True)
class AlignSettings:
    """Knobs of the alignment; every stored alignment records the values that made it."""

    seed_cosine: float = 0.33
    seed_dice: float = 0.33
    seed_run_words: int = 8  # identical word run that seeds a sentence pair by itself
    max_gap: int = 4  # sentences between seeds of one passage
    validate_cosine: float = 0.34
    single_cosine: float = 0.6  # validation of a passage that is one sentence on a side
    min_chars: int = 0  # shortest passage kept, in characters on the shorter side
    min_words: int = 25  # shortest passage kept, in words on the shorter side
    anchor_words: int = 3  # shared run that marks where a passage starts and ends
    edge_share: float = 0.3  # stems shared before the first / after the last run that keep those words (0 = off)
    grow_cosine: float = 0.2  # neighbouring sentence pair cosine that extends a reworded passage (0 = off)
    summary_ratio: float = 3.0  # a-side at least this many times longer: a summary (0 = off)
    summary_cosine: float = 0.25  # whole-passage similarity a summary needs
    summary_related: float = 0.08  # cosine to a summary that marks a sentence it draws on
    summary_gap: int = 12  # unrelated sentences a summarised stretch may skip (0 = no widening)
    summary_whole: float = 15.0  # a text at most this many times a summary's length is summarised whole (0 = off)
    summary_explained: float = 0.85  # share of a summary one plain passage covers that makes it a copy instead
    summary_echoed: float = 0.2  # share of a summary's seeds inside other passages' sources that makes it their echo (0 = off)
    line_edges: bool = True  # drop edge lines that share no content word with the other side
    edited_score: float = 0.6  # below this word-order similarity a passage is a paraphrase
    semantic_passage: float = 0.75  # MiniLM cosine that validates a lexically weak passage


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
class _Fragment:
    a_first: int  # sentence index range [a_first, a_last]
    a_last: int
    b_first: int
    b_last: int
    similarity: float
    summary: bool = False  # found by ``find_summaries``: its ``a`` side is what it condenses


@dataclass(frozen=True, slots=True)
class Profile:
    """Per sentence, the counts of its content-word stems; per document, their sentence counts.

    Computed once per document and reused for every partner it is compared with; the same
    counts as flat arrays (``stem_entries``) are made on first use, for long documents.
    """

    terms: list[dict[str, int]]
    df: dict[str, int]
    entries: list[StemEntries] = field(default_factory=list, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class StemEntries:
    """A profile as flat arrays: one entry per (sentence, stem), entries grouped by stem,
    stems in the order of their stable keys (for the numpy sentence-pair search)."""

    sentence: np.ndarray  # sentence of each entry
    count: np.ndarray  # the stem's count in that sentence (float64)
    stem_keys: np.ndarray  # distinct stems as stable 64-bit keys, sorted
    stem_start: np.ndarray  # first entry of each distinct stem
    stem_df: np.ndarray  # sentences holding each distinct stem


_STEM_KEYS: dict[str, int] = {}


def _stem_key(stem: str) -> int:
    """A 64-bit key of a stem, the same in every process (a Prepared document may be made
    in one process and compared in another)."""
    key = _STEM_KEYS.get(stem)
    if key is None:
        key = int.from_bytes(hashlib.blake2b(stem.encode("utf-8"), digest_size=8).digest(), "little", signed=True)
        if len(_STEM_KEYS) < 2_000_000:  # bounded: a long-running process meets many stems
            _STEM_KEYS[stem] = key
    return key


def profile(seg: Segmented) -> Profile:
    norms = seg.norms
    terms: list[dict[str, int]] = []
    df: dict[str, int] = {}
    for sentence in seg.sentences:
        counts: dict[str, int] = {}
        for word in norms[sentence.first : sentence.last]:
            if word not in STOPWORDS:
                stem = word[:STEM_LENGTH]
                counts[stem] = counts.get(stem, 0) + 1
        terms.append(counts)
        for stem in counts:
            df[stem] = df.get(stem, 0) + 1
    return Profile(terms, df)


def stem_entries(prof: Profile) -> StemEntries:
    """The profile's flat arrays, made once (a stable sort keeps each stem's sentences in order)."""
    if prof.entries:
        return prof.entries[0]
    terms, df = prof.terms, prof.df
    distinct = list(df)
    stem_keys = np.fromiter(map(_stem_key, distinct), dtype=np.int64, count=len(distinct))
    by_key = np.argsort(stem_keys, kind="stable")
    rank = dict(zip(distinct, np.argsort(by_key).tolist(), strict=True))
    sizes = [len(counts) for counts in terms]
    total = sum(sizes)
    entry_rank = np.fromiter((rank[t] for counts in terms for t in counts), dtype=np.int64, count=total)
    counts_flat = np.fromiter((c for counts in terms for c in counts.values()), dtype=np.float64, count=total)
    order = np.argsort(entry_rank, kind="stable")
    sentence_of = np.repeat(np.arange(len(terms), dtype=np.int64), sizes)[order]
    stem_df = np.fromiter((df[t] for t in distinct), dtype=np.int64, count=len(distinct))[by_key]
    prof.entries.append(StemEntries(sentence_of, counts_flat[order], stem_keys[by_key], np.cumsum(stem_df) - stem_df, stem_df))
    return prof.entries[0]


Vector = dict[str, float]


def _weights(a: Profile, b: Profile) -> tuple[list[Vector], list[Vector]]:
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


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything alignment needs from one document, computed once per document."""

    text: str
    seg: Segmented
    profile: Profile
    owner: np.ndarray  # sentence index of every word
    runs: np.ndarray  # hash of the run of ``run`` words starting at every position
    run: int


def prepare(text: str, run: int = 8, seg: Segmented | None = None) -> Prepared:
    seg = segment(text) if seg is None else seg
    owner = np.zeros(len(seg.norms), dtype=np.int64)
    for index, sentence in enumerate(seg.sentences):
        owner[sentence.first : sentence.last] = index
    norms = seg.norms
    count = len(norms) - run + 1
    # Python's hash is stable within a process, which is all a per-pair lookup needs.
    runs = np.array([hash(tuple(norms[i : i + run])) for i in range(count)], dtype=np.int64) if run > 0 and count > 0 else np.empty(0, dtype=np.int64)
    return Prepared(text, seg, profile(seg), owner, runs, run)


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
    wa, wb = _weights(a.profile, b.profile)
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
    """The tf-isf weight of each of ``prof``'s entries, as ``_weights`` computes it (isf
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


def _split(seeds: list[tuple[int, int]], axis: int, max_gap: int) -> list[list[tuple[int, int]]]:
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
            for part in _split(cluster, 0, max_gap):
                for piece in _split(part, 1, max_gap):
                    refined.append(piece)
        if len(refined) == len(clusters):
            return refined
        clusters = refined


def _summed(vectors: list[Vector]) -> Vector:
    out: Vector = {}
    for vec in vectors:
        for t, v in vec.items():
            out[t] = out.get(t, 0.0) + v
    return out


def _similarity(wa: list[Vector], wb: list[Vector], frag: tuple[int, int, int, int]) -> float:
    """Cosine of the summed sentence vectors of a fragment's two sides."""
    a_first, a_last, b_first, b_last = frag
    va, vb = _summed(wa[a_first : a_last + 1]), _summed(wb[b_first : b_last + 1])
    if len(va) > len(vb):
        va, vb = vb, va
    dot = sum(v * vb.get(t, 0.0) for t, v in va.items())
    denom = math.sqrt(sum(v * v for v in va.values())) * math.sqrt(sum(v * v for v in vb.values()))
    return dot / denom if denom else 0.0


def extend(
    seeds: list[tuple[int, int]],
    wa: list[Vector],
    wb: list[Vector],
    settings: AlignSettings,
) -> list[_Fragment]:
    """Clusters of seeds become fragments; weak fragments are re-clustered more tightly."""
    fragments: list[_Fragment] = []
    work = [(cluster, settings.max_gap) for cluster in cluster_seeds(seeds, settings.max_gap)]
    while work:
        cluster, gap = work.pop()
        frag = (
            min(s[0] for s in cluster),
            max(s[0] for s in cluster),
            min(s[1] for s in cluster),
            max(s[1] for s in cluster),
        )
        similarity = _similarity(wa, wb, frag)
        # One sentence on a side is thin evidence: it must be closer to count.
        single = min(frag[1] - frag[0], frag[3] - frag[2]) == 0
        if similarity >= (settings.single_cosine if single else settings.validate_cosine):
            fragments.append(_Fragment(*frag, similarity))
        elif gap > 0 and len(cluster) > 1:
            work.extend((part, gap - 1) for part in cluster_seeds(cluster, gap - 1))
    return fragments


def _related_stretch(
    wa: list[Vector], summary: Vector, a0: int, a1: int, threshold: float, gap: int
) -> tuple[int, int]:
    """Widen ``[a0, a1]`` over the sentences of ``a`` that a summary also draws on.

    A summary keeps only a few words of each part of what it condenses, too few for a seed,
    so the seeds alone cover part of the summarised stretch.  A sentence counts as related
    when its cosine to the whole summary passes ``threshold``; the stretch grows outwards
    over related sentences at most ``gap`` unrelated ones apart.
    """
    norm = math.sqrt(sum(v * v for v in summary.values())) or 1.0

    def related(i: int) -> bool:
        return sum(v * summary.get(t, 0.0) for t, v in wa[i].items()) / norm >= threshold

    def widen(edge: int, step: int) -> int:
        i = edge + step
        while 0 <= i < len(wa) and abs(i - edge) <= gap + 1:
            if related(i):
                edge = i
            i += step
        return edge

    return widen(a0, -1), widen(a1, 1)


def find_summaries(
    seeds: list[tuple[int, int]],
    wa: list[Vector],
    wb: list[Vector],
    a: Segmented,
    b: Segmented,
    settings: AlignSettings,
) -> list[_Fragment]:
    """Compact passages of ``b`` that draw on sentences spread far across ``a``: summaries.

    A summary compresses: a few sentences of ``b`` match sentences all over a much longer
    stretch of ``a``.  Gap-splitting along ``a`` would cut it into pieces, each too weak to
    keep; here the whole stretch becomes one passage when it is similar enough as a whole,
    widened over the neighbouring sentences of ``a`` that the summary draws on too.
    """
    found: list[_Fragment] = []
    if settings.summary_ratio <= 0:
        return found
    for group in _split(seeds, 1, settings.max_gap):
        a_rows = {s[0] for s in group}
        b_rows = {s[1] for s in group}
        if len(b_rows) < 2 or len(a_rows) < 3:
            continue
        a0, a1, b0, b1 = min(a_rows), max(a_rows), min(b_rows), max(b_rows)
        a_chars = a.sentences[a1].end - a.sentences[a0].start
        b_chars = b.sentences[b1].end - b.sentences[b0].start
        if a_chars < settings.summary_ratio * b_chars:
            continue
        similarity = _similarity(wa, wb, (a0, a1, b0, b1))
        if similarity >= settings.summary_cosine:
            if settings.summary_gap > 0:
                summary = _summed(wb[b0 : b1 + 1])
                a0, a1 = _related_stretch(wa, summary, a0, a1, settings.summary_related, settings.summary_gap)
            if settings.summary_whole > 0 and a.sentences[-1].end - a.sentences[0].start <= settings.summary_whole * b_chars:
                # a summary condenses a whole text: of an article (not a book) the parts its
                # words happen to echo are only where the seeds fell, not what it summarises
                a0, a1 = 0, len(a.sentences) - 1
            found.append(_Fragment(a0, a1, b0, b1, similarity, summary=True))
    return found


_COPIED_SENTENCES = 4  # a near-verbatim passage this long is a copy, whatever seeds lie around it


def _copy_inside(fragment: _Fragment, summary: _Fragment) -> bool:
    """A near-verbatim passage of at least ``_COPIED_SENTENCES`` sentences of ``b`` inside a
    summary: summaries reword, they do not reproduce paragraphs; the summary is a copy with
    reworded sentences around it, whose exact edges it would lose (PAN train 0.9113 → 0.9118,
    summaries unchanged)."""
    return (
        summary.b_first <= fragment.b_last
        and fragment.b_first <= summary.b_last
        and fragment.similarity >= _NEAR_VERBATIM
        and _b_length(fragment) >= _COPIED_SENTENCES
    )


def _echoes_copies(summary: _Fragment, seeds: Sequence[tuple[int, int]], fragments: Sequence[_Fragment], share: float) -> bool:
    """Whether at least ``share`` of a summary's seeds pair it with source sentences that
    a plain passage elsewhere in ``b`` already copies: a text that copies a paragraph
    echoes its words again around it, and those echoes are not a summary of that paragraph.
    A summary condenses what the copies leave out."""
    if share <= 0:
        return False
    elsewhere = [f for f in fragments if f.b_last < summary.b_first or summary.b_last < f.b_first]
    if not elsewhere:
        return False
    mine = [i for i, j in seeds if summary.b_first <= j <= summary.b_last]
    echoed = sum(1 for i in mine if any(f.a_first <= i <= f.a_last for f in elsewhere))
    return bool(mine) and echoed >= share * len(mine)


def _with_summaries(
    fragments: list[_Fragment],
    summaries: list[_Fragment],
    b: Segmented,
    explained: float,
    seeds: Sequence[tuple[int, int]] = (),
    echoed: float = 0.0,
) -> list[_Fragment]:
    """Summaries replace the pieces of them that plain extension found.

    A compact passage that plain extension already explains with one fragment covering
    nearly all of it (``explained``, 85%) is a copy with a few stray seeds elsewhere, not a
    summary: it is left alone; so is one holding a copied paragraph (``_copy_inside``).  At
    70% (before) a summary whose one long sentence condenses several neighbouring sentences
    of the source was taken for a copy of them (PAN train 05 0.6621 → 0.7238 at 85%).
    """

    def chars(first: int, last: int) -> int:
        return b.sentences[last].end - b.sentences[first].start

    summaries = [
        s
        for s in summaries
        if not any(
            s.b_first <= f.b_last
            and f.b_first <= s.b_last
            and chars(max(s.b_first, f.b_first), min(s.b_last, f.b_last)) >= explained * chars(s.b_first, s.b_last)
            for f in fragments
        )
        and not any(_copy_inside(f, s) for f in fragments)
        and not _echoes_copies(s, seeds, fragments, echoed)
    ]
    if not summaries:
        return fragments
    kept = [
        f
        for f in fragments
        if not any(s.b_first <= f.b_first and f.b_last <= s.b_last for s in summaries)
    ]
    return kept + summaries


@dataclass(slots=True)
class LexicalStage:
    """A pair after lexical alignment: its fragments and the sentence vectors that made them.

    The semantic layer starts from here, so that a batch of pairs can be aligned lexically,
    judged in one batch, and finished (see ``engines.local``).
    """

    a: Prepared
    b: Prepared
    fragments: list[_Fragment]
    wa: list[Vector]
    wb: list[Vector]

    def covers(self, i: int, j: int) -> bool:
        """Whether sentence ``i`` of ``a`` or ``j`` of ``b`` is inside a lexical fragment."""
        return any(f.a_first <= i <= f.a_last or f.b_first <= j <= f.b_last for f in self.fragments)


def _span(cluster: Sequence[tuple[int, int]]) -> tuple[int, int, int, int]:
    return (
        min(s[0] for s in cluster),
        max(s[0] for s in cluster),
        min(s[1] for s in cluster),
        max(s[1] for s in cluster),
    )


def _words(seg: Segmented, first: int, last: int) -> int:
    return seg.sentences[last].last - seg.sentences[first].first


def semantic_plan(
    semantic: SemanticJudge, stage: LexicalStage, settings: AlignSettings
) -> list[tuple[int, int]]:
    """The proposals worth confirming: outside every lexical fragment, in a cluster with
    another proposal, and in a cluster long enough to make a passage.

    Exact, not a heuristic: confirmed seeds form clusters inside their proposals' clusters,
    a lone seed is never a passage, and a passage shorter than ``min_words`` is dropped
    unless it merges with a lexical fragment, which needs the spans to overlap.
    """
    proposed = sorted(set(semantic.proposals(stage.covers)))
    kept: list[tuple[int, int]] = []
    for cluster in cluster_seeds(proposed, settings.max_gap):
        if len(cluster) < 2:
            continue
        a0, a1, b0, b1 = _span(cluster)
        long_enough = (
            min(_words(stage.a.seg, a0, a1), _words(stage.b.seg, b0, b1)) >= settings.min_words
        )
        touches = any(
            _overlap(a0, a1, f.a_first, f.a_last) and _overlap(b0, b1, f.b_first, f.b_last)
            for f in stage.fragments
        )
        if long_enough or touches:
            kept.extend(cluster)
    return sorted(kept)


def semantic_spans(
    semantic: SemanticJudge,
    stage: LexicalStage,
    settings: AlignSettings,
    plan: Sequence[tuple[int, int]] | None = None,
) -> list[tuple[int, int, int, int]]:
    """Candidate paraphrase passages, ``(a_first, a_last, b_first, b_last)``: clusters of
    at least two confirmed sentence pairs (one paraphrased sentence is a coincidence)."""
    planned = semantic_plan(semantic, stage, settings) if plan is None else list(plan)
    if not planned:
        return []
    seeds = sorted(semantic.confirm(planned))
    return [_span(cluster) for cluster in cluster_seeds(seeds, settings.max_gap) if len(cluster) > 1]


def semantic_fragments(
    semantic: SemanticJudge,
    stage: LexicalStage,
    settings: AlignSettings,
    spans: Sequence[tuple[int, int, int, int]] | None = None,
) -> list[_Fragment]:
    """Passages found by meaning alone, where lexical alignment found nothing: candidate
    spans whose sides are close in meaning as a whole.

    Kept apart from the lexical passages on purpose: paraphrase seeds next to a copied
    passage would only blur its exact edges.
    """
    if spans is None:
        spans = semantic_spans(semantic, stage, settings)
    found: list[_Fragment] = []
    for a0, a1, b0, b1 in spans:
        similarity = semantic.passage(range(a0, a1 + 1), range(b0, b1 + 1))
        if similarity >= settings.semantic_passage:
            found.append(_Fragment(a0, a1, b0, b1, similarity))
    return found


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 <= b1 and b0 <= a1


def resolve_overlaps(
    fragments: list[_Fragment], wa: list[Vector], wb: list[Vector]
) -> list[_Fragment]:
    """Fragments overlapping in both documents merge; overlapping in ``b`` alone, the better
    wins — unless ``a`` prints the same passage twice (``_repeat``): a repeat in ``b`` is kept
    twice (its fragments overlap in ``a`` alone), and so is one in ``a``, so that which text
    comes first does not decide whether a repeated passage is reported once or twice — or
    they are neighbours that only share an edge sentence (``_touching``)."""
    pending = sorted(fragments, key=lambda f: (f.b_first, f.a_first))
    changed = True
    while changed:
        changed = False
        kept: list[_Fragment] = []
        for frag in pending:
            clash = next(
                (
                    k
                    for k, other in enumerate(kept)
                    if _overlap(frag.b_first, frag.b_last, other.b_first, other.b_last)
                    and not _repeat(frag, other)
                    and not _touching(frag, other)
                ),
                None,
            )
            if clash is None:
                kept.append(frag)
                continue
            other = kept[clash]
            changed = True
            if _overlap(frag.a_first, frag.a_last, other.a_first, other.a_last):
                span = (
                    min(frag.a_first, other.a_first),
                    max(frag.a_last, other.a_last),
                    min(frag.b_first, other.b_first),
                    max(frag.b_last, other.b_last),
                )
                kept[clash] = _Fragment(*span, _similarity(wa, wb, span), frag.summary or other.summary)
            elif _quality(frag) > _quality(other):
                kept[clash] = frag
        pending = sorted(kept, key=lambda f: (f.b_first, f.a_first))
    return pending


def _b_shared(x: _Fragment, y: _Fragment) -> int:
    """Sentences of ``b`` both fragments hold."""
    return min(x.b_last, y.b_last) - max(x.b_first, y.b_first) + 1


def _b_length(frag: _Fragment) -> int:
    return frag.b_last - frag.b_first + 1


def _touching(x: _Fragment, y: _Fragment) -> bool:
    """Neighbours in ``b`` that share less than half of the shorter one's sentences (an edge
    sentence both reach into), from places of ``a`` that do not overlap: two passages side
    by side, each kept (their edges are placed by their own shared runs), not rivals."""
    if _overlap(x.a_first, x.a_last, y.a_first, y.a_last):
        return False
    return _b_shared(x, y) < 0.5 * min(_b_length(x), _b_length(y))


_REPEAT_SIMILARITY = 0.9  # both matches this close: the same text printed twice in ``a``


def _repeat(x: _Fragment, y: _Fragment) -> bool:
    """The same stretch of ``b`` (80% of the longer) matched closely at two places of ``a``
    that do not overlap: ``a`` prints the passage twice, and both printings are reuse."""
    return (
        _b_shared(x, y) >= 0.8 * max(_b_length(x), _b_length(y))
        and not _overlap(x.a_first, x.a_last, y.a_first, y.a_last)
        and min(x.similarity, y.similarity) >= _REPEAT_SIMILARITY
    )


def _quality(frag: _Fragment) -> float:
    return frag.similarity * math.log1p(
        (frag.a_last - frag.a_first + 1) + (frag.b_last - frag.b_first + 1)
    )


# Shared runs must cover this share of the shorter side to place a passage's edges (fewer:
# a reworded passage, whose anchors sit deep inside); from ``_NEAR_VERBATIM`` on, the runs
# are the copy itself and nothing outside them is kept.
_ANCHORED = 0.5
_NEAR_VERBATIM = 0.9


def _shared_runs(a_words: Sequence[str], b_words: Sequence[str], anchor: int) -> list[Any]:
    """The runs of at least ``anchor`` words that both sides share, in order."""
    return [
        op
        for op in LCSseq.opcodes(a_words, b_words)
        if op.tag == "equal" and op.src_end - op.src_start >= anchor
    ]


def _covered(runs: Sequence[Any]) -> int:
    return sum(op.src_end - op.src_start for op in runs)


def _anchored(runs: Sequence[Any], a_len: int, b_len: int) -> bool:
    return bool(runs) and _covered(runs) >= _ANCHORED * min(a_len, b_len)


_COPIED_RUN = 20  # shared words in a row that make a copied sentence


def _copies_a_sentence(runs: Sequence[Any] | None) -> bool:
    """Whether a summary's shared runs hold a copied sentence (``_COPIED_RUN`` words in a row).

    A summary's few short runs fall where its words echo the source, not where what it
    condenses starts and ends: its source side keeps the stretch found for it (the whole
    text, for an article).  One that copies a sentence is partly a copy, and its runs place
    its edges as any copy's do (PAN train 05 0.7238 → 0.7533, 02–04 unchanged; never
    trimming a summary: 05 0.7658, but 02 loses precision to copies with stray seeds).
    """
    return any(op.src_end - op.src_start >= _COPIED_RUN for op in runs or ())


def _pair_cosine(wa: list[Vector], wb: list[Vector], i: int, j: int) -> float:
    return _similarity(wa, wb, (i, i, j, j))


def _grow(
    span: tuple[int, int, int, int],
    wa: list[Vector],
    wb: list[Vector],
    threshold: float,
    others: Sequence[tuple[int, int, int, int]],
) -> tuple[int, int, int, int]:
    """Extend a reworded passage along the diagonal over neighbouring sentence pairs whose
    cosine passes ``threshold``: their words were changed too much to seed, but they sit
    where the rest of the passage continues.  Never into the sentences of ``others`` (the
    other passages' spans, as grown so far)."""

    def free(i: int, j: int) -> bool:
        return not any(a0 <= i <= a1 or b0 <= j <= b1 for a0, a1, b0, b1 in others)

    a0, a1, b0, b1 = span
    while a1 + 1 < len(wa) and b1 + 1 < len(wb) and free(a1 + 1, b1 + 1) and _pair_cosine(wa, wb, a1 + 1, b1 + 1) >= threshold:
        a1, b1 = a1 + 1, b1 + 1
    while a0 > 0 and b0 > 0 and free(a0 - 1, b0 - 1) and _pair_cosine(wa, wb, a0 - 1, b0 - 1) >= threshold:
        a0, b0 = a0 - 1, b0 - 1
    return a0, a1, b0, b1


def _trim(
    a: Segmented,
    a_lo: int,
    a_hi: int,
    b: Segmented,
    b_lo: int,
    b_hi: int,
    runs: Sequence[Any] | None,
    edge_share: float = 0.0,
) -> tuple[int, int, int, int]:
    """Move the edges inward to the first and last shared runs (``runs``, of the words in
    ``[a_lo, a_hi)`` and ``[b_lo, b_hi)``; ``None`` keeps the sentence edges).

    Sentence seeds give sentence-sized edges; a neighbouring sentence that merely shares a few
    topic words with the other side is cut off here, and a copy that starts mid-sentence gets
    its exact first word.  Heavily reworded passages have too few shared runs to place an
    edge by, so they keep their sentence edges.  Short of near-verbatim, the words between
    a run and its sentence's edge stay in when both sides share content stems there (at
    least ``edge_share`` of the fewer): an edited copy's first words, changed too much for
    a run, not the words of another text.
    """
    a_words, b_words = a.norms[a_lo:a_hi], b.norms[b_lo:b_hi]
    if not runs or not _anchored(runs, len(a_words), len(b_words)):
        return a_lo, a_hi, b_lo, b_hi
    first, last = runs[0], runs[-1]
    a_start, b_start = first.src_start, first.dest_start
    a_end, b_end = last.src_end, last.dest_end
    if edge_share > 0 and _covered(runs) < _NEAR_VERBATIM * min(len(a_words), len(b_words)):
        a_floor, a_ceil = _sentence_bounds(a, a_lo + a_start, a_lo + a_end - 1)
        b_floor, b_ceil = _sentence_bounds(b, b_lo + b_start, b_lo + b_end - 1)
        a_floor, a_ceil = max(a_floor, a_lo) - a_lo, min(a_ceil, a_hi) - a_lo
        b_floor, b_ceil = max(b_floor, b_lo) - b_lo, min(b_ceil, b_hi) - b_lo
        kept = _related_words(a_words, range(a_floor, a_start), b_words, range(b_floor, b_start), edge_share)
        if kept:
            a_start, b_start = kept[0][0], kept[1][0]
        kept = _related_words(a_words, range(a_end, a_ceil), b_words, range(b_end, b_ceil), edge_share)
        if kept:
            a_end, b_end = kept[0][-1] + 1, kept[1][-1] + 1
    return a_lo + a_start, a_lo + a_end, b_lo + b_start, b_lo + b_end


def _sentence_bounds(seg: Segmented, first_word: int, last_word: int) -> tuple[int, int]:
    """Start of the sentence holding ``first_word``, end of the one holding ``last_word``."""
    sentences = seg.sentences
    start = sentences[bisect_right(sentences, first_word, key=_first_word) - 1].first
    end = sentences[bisect_right(sentences, last_word, key=_first_word) - 1].last
    return start, end


def _first_word(sentence: Sentence) -> int:
    return sentence.first


def _related_words(
    a_words: Sequence[str], a_range: range, b_words: Sequence[str], b_range: range, share: float
) -> tuple[list[int], list[int]] | None:
    """Positions of the content words both stretches share, when they share at least
    ``share`` of the fewer stretch's content stems; else ``None``."""
    a_stems = {a_words[i][:STEM_LENGTH] for i in a_range if a_words[i] not in STOPWORDS}
    b_stems = {b_words[j][:STEM_LENGTH] for j in b_range if b_words[j] not in STOPWORDS}
    if not a_stems or not b_stems:
        return None
    shared = a_stems & b_stems
    if not shared or len(shared) < share * min(len(a_stems), len(b_stems)):
        return None
    return (
        [i for i in a_range if a_words[i] not in STOPWORDS and a_words[i][:STEM_LENGTH] in shared],
        [j for j in b_range if b_words[j] not in STOPWORDS and b_words[j][:STEM_LENGTH] in shared],
    )


_CLOSING = set(".!?;:…\"'”’»)]。！？")


def _char_end(text: str, end: int) -> int:
    """Include punctuation that closes the last word (``works."``), never whitespace."""
    limit = min(len(text), end + 3)
    while end < limit and text[end] in _CLOSING:
        end += 1
    return end


def classify(
    a_words: Sequence[str], b_words: Sequence[str], edited_score: float = 0.6
) -> tuple[str, float, int]:
    """``verbatim`` when the normalised words are identical, ``edited`` when most words stay
    in order (score = share of words in the longest common subsequence), else ``paraphrase``."""
    if list(a_words) == list(b_words):
        return "verbatim", 1.0, len(a_words)
    common = int(LCSseq.similarity(a_words, b_words))
    score = 2.0 * common / (len(a_words) + len(b_words)) if (a_words or b_words) else 0.0
    return ("edited" if score >= edited_score else "paraphrase"), round(score, 4), common


def lexical_stage(a: Prepared, b: Prepared, settings: AlignSettings) -> LexicalStage | None:
    """Seed and extend (with summaries); ``None`` when a side has no sentence."""
    if a.run != settings.seed_run_words:
        a = prepare(a.text, settings.seed_run_words, a.seg)
    if b.run != settings.seed_run_words:
        b = prepare(b.text, settings.seed_run_words, b.seg)
    if not a.seg.sentences or not b.seg.sentences:
        return None
    seeds, wa, wb = seed_pairs(a, b, settings)
    fragments: list[_Fragment] = []
    if seeds:
        fragments = _with_summaries(
            extend(seeds, wa, wb, settings),
            find_summaries(seeds, wa, wb, a.seg, b.seg, settings),
            b.seg,
            settings.summary_explained,
            seeds,
            settings.summary_echoed,
        )
    return LexicalStage(a, b, fragments, wa, wb)


def finish(stage: LexicalStage, settings: AlignSettings) -> list[Passage]:
    """Resolve overlaps, trim edges, drop short passages, label the rest."""
    if not stage.fragments:
        return []
    a, b = stage.a, stage.b
    a_seg, b_seg = a.seg, b.seg
    passages: list[Passage] = []
    resolved = resolve_overlaps(stage.fragments, stage.wa, stage.wb)
    spans = [(f.a_first, f.a_last, f.b_first, f.b_last) for f in resolved]
    for index, frag in enumerate(resolved):
        a_lo, a_hi = a_seg.sentences[frag.a_first].first, a_seg.sentences[frag.a_last].last
        b_lo, b_hi = b_seg.sentences[frag.b_first].first, b_seg.sentences[frag.b_last].last
        runs = _shared_runs(a_seg.norms[a_lo:a_hi], b_seg.norms[b_lo:b_hi], settings.anchor_words)
        if settings.grow_cosine > 0 and not _anchored(runs, a_hi - a_lo, b_hi - b_lo):
            span = spans[index]
            grown = _grow(span, stage.wa, stage.wb, settings.grow_cosine, spans[:index] + spans[index + 1 :])
            if grown != span and _similarity(stage.wa, stage.wb, grown) >= settings.validate_cosine:
                spans[index] = grown
                a_lo, a_hi = a_seg.sentences[grown[0]].first, a_seg.sentences[grown[1]].last
                b_lo, b_hi = b_seg.sentences[grown[2]].first, b_seg.sentences[grown[3]].last
                runs = None  # a reworded passage stays reworded: it keeps its sentence edges
        if min(a_hi - a_lo, b_hi - b_lo) < settings.min_words:
            continue
        trimmed = _trim(a_seg, a_lo, a_hi, b_seg, b_lo, b_hi, runs, settings.edge_share)
        if frag.summary and not _copies_a_sentence(runs):
            trimmed = (a_lo, a_hi, trimmed[2], trimmed[3])  # the source side is what it condenses
        if min(trimmed[1] - trimmed[0], trimmed[3] - trimmed[2]) >= settings.min_words:
            if runs is not None and not frag.summary:
                for crossed in _crossed_copies(a_seg, (a_lo, a_hi), b_seg, (b_lo, b_hi), trimmed, settings):
                    passages.append(_passage(a, b, *crossed, settings))
            a_lo, a_hi, b_lo, b_hi = trimmed
        # else the shared runs are too sparse to place edges by (a reworded passage whose
        # anchors sit deep inside): it keeps its sentence edges rather than being dropped
        if settings.line_edges:
            a_lo, a_hi, b_lo, b_hi = _line_edges(a, (a_lo, a_hi), b, (b_lo, b_hi), settings.min_words)
        passages.append(_passage(a, b, a_lo, a_hi, b_lo, b_hi, settings))
    passages = [p for p in passages if min(p.a_end - p.a_start, p.b_end - p.b_start) >= settings.min_chars]
    passages.sort(key=lambda p: (p.b_start, p.a_start))
    return passages


def content_stems(words: Iterable[str]) -> set[str]:
    """The stems sentences are compared by: content words cut to ``STEM_LENGTH``."""
    return {word[:STEM_LENGTH] for word in words if word not in STOPWORDS}


def _lines(prepared: Prepared, lo: int, hi: int) -> list[tuple[int, int]]:
    """The words ``[lo, hi)`` cut where a line break separates two of them."""
    text, seg = prepared.text, prepared.seg
    lines, start = [], lo
    for k in range(lo, hi - 1):
        if "\n" in text[seg.ends[k] : seg.starts[k + 1]]:
            lines.append((start, k + 1))
            start = k + 1
    lines.append((start, hi))
    return lines


def _without_foreign_lines(prepared: Prepared, lo: int, hi: int, other: set[str]) -> tuple[int, int]:
    """``[lo, hi)`` less the lines at either end that share no content stem with ``other``."""
    lines = _lines(prepared, lo, hi)
    first, last = 0, len(lines) - 1
    while first < last and not content_stems(prepared.seg.norms[slice(*lines[first])]) & other:
        first += 1
    while last > first and not content_stems(prepared.seg.norms[slice(*lines[last])]) & other:
        last -= 1
    return lines[first][0], lines[last][1]


def _line_edges(
    a: Prepared, a_words: tuple[int, int], b: Prepared, b_words: tuple[int, int], min_words: int
) -> tuple[int, int, int, int]:
    """A passage less the lines at its edges that share no content word with the other side.

    Web text runs headings, menu items and list lines together without a full stop, so one
    "sentence" can hold a navigation line and the first line of a reused paragraph; a
    passage that keeps its sentence edges (reworded, or a summary's stretch) would carry
    the foreign lines along.  Kept as it was when what is left is under ``min_words``.
    """
    a_lo, a_hi = _without_foreign_lines(a, *a_words, content_stems(b.seg.norms[slice(*b_words)]))
    b_lo, b_hi = _without_foreign_lines(b, *b_words, content_stems(a.seg.norms[slice(*a_words)]))
    if min(a_hi - a_lo, b_hi - b_lo) < min_words:
        return (*a_words, *b_words)
    return a_lo, a_hi, b_lo, b_hi


def _passage(a: Prepared, b: Prepared, a_lo: int, a_hi: int, b_lo: int, b_hi: int, settings: AlignSettings) -> Passage:
    """The passage of words ``[a_lo, a_hi)`` and ``[b_lo, b_hi)``: character spans and kind."""
    a_start, a_end = a.seg.starts[a_lo], _char_end(a.text, a.seg.ends[a_hi - 1])
    b_start, b_end = b.seg.starts[b_lo], _char_end(b.text, b.seg.ends[b_hi - 1])
    kind, score, matched = classify(a.seg.norms[a_lo:a_hi], b.seg.norms[b_lo:b_hi], settings.edited_score)
    return Passage(a_start, a_end, b_start, b_end, kind, score, matched)


def _crossed_copies(
    a: Segmented,
    a_words: tuple[int, int],
    b: Segmented,
    b_words: tuple[int, int],
    trimmed: tuple[int, int, int, int],
    settings: AlignSettings,
) -> list[tuple[int, int, int, int]]:
    """Copies a fragment holds besides the one its shared runs trimmed it to, in the other
    order: two passages side by side in ``b`` taken from ``a`` the other way round make one
    fragment, and the runs, in order, follow one of them.  What lies before the trimmed
    copy in ``a`` is looked for after it in ``b``, and the other way round; kept when shared
    runs anchor it and it is long enough."""
    found = []
    a_lo, a_hi = a_words
    b_lo, b_hi = b_words
    for (x0, x1), (y0, y1) in (((a_lo, trimmed[0]), (trimmed[3], b_hi)), ((trimmed[1], a_hi), (b_lo, trimmed[2]))):
        if min(x1 - x0, y1 - y0) < settings.min_words:
            continue
        runs = _shared_runs(a.norms[x0:x1], b.norms[y0:y1], settings.anchor_words)
        if not _anchored(runs, x1 - x0, y1 - y0):
            continue
        copy = _trim(a, x0, x1, b, y0, y1, runs, settings.edge_share)
        if min(copy[1] - copy[0], copy[3] - copy[2]) >= settings.min_words:
            found.append(copy)
    return found


def align_prepared(
    a: Prepared,
    b: Prepared,
    settings: AlignSettings | None = None,
    semantic: SemanticJudge | None = None,
) -> list[Passage]:
    """Every passage of ``a`` reused in ``b``, ordered by position in ``b``.

    With ``semantic``, sentence pairs that the embedding model judges to be paraphrases seed
    passages too, and a passage too reworded to pass the lexical test passes on meaning.
    """
    settings = settings or AlignSettings()
    stage = lexical_stage(a, b, settings)
    if stage is None:
        return []
    if semantic is not None:
        stage.fragments += semantic_fragments(semantic, stage, settings)
    return finish(stage, settings)


def align_segmented(
    a_text: str, a: Segmented, b_text: str, b: Segmented, settings: AlignSettings | None = None
) -> list[Passage]:
    """Align two texts whose segmentation is already known."""
    run = (settings or AlignSettings()).seed_run_words
    return align_prepared(prepare(a_text, run, a), prepare(b_text, run, b), settings)


def align_texts(a_text: str, b_text: str, settings: AlignSettings | None = None) -> list[Passage]:
    """Convenience: segment both texts and align them."""
    run = (settings or AlignSettings()).seed_run_words
    return align_prepared(prepare(a_text, run), prepare(b_text, run), settings)
