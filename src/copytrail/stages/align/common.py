"""A corpus's common stems: those held by many of its documents.

Counting a word both texts hold once (``AlignSettings.shared_once``) lets a short rewrite's
kept words weigh what they should; but two wire stories that share only their formula
("Shr 17 cts vs 16 cts / Net ... / Revs ...", "told the Securities and Exchange Commission it
has acquired") share words just as a rewrite does.  Within one pair the two look alike; across
the corpus they do not: a formula's words are in hundreds of its stories, a rewrite's names,
figures and story words in few.  So the stems held by more than a share of the corpus's
documents keep counting twice.

Copies of one text count as one document: a campaign that republishes a rewrite five times
puts the rewrite's names and figures in six documents, and would make them look like a
formula's words, undoing what the rule is for, on the very pairs it is for.  Two texts are
copies when half the word 5-grams of the shorter one or more are in the other (a copy with
one word in ten replaced keeps about 0.9^5 of them): documents that fill one formula with
their own names and figures share its runs of words, but each keeps many runs of its own
(those that hold its names and figures; eight dividend notices of one formula share a third).

The share is read on a sample (``SAMPLE`` documents, the same ones for every engine and
whatever files held them: the first by the SHA-1 of their text), so that it costs the same
at any size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np

from copytrail.stages.align.prepare import words_and_profile
from copytrail.stages.align.settings import AlignSettings
from copytrail.stages.candidates import CandidateSettings, candidate_pairs
from copytrail.stages.cluster import UnionFind

SAMPLE = 2000  # documents read for a corpus's common stems (about 2 s on two cores)
RULES = 2  # version of the rules below (2: copies count once), in what a store records of its stems
COPY_RUN = 5  # words in the runs two copies share
COPY_SHARE = 0.5  # share of the shorter text's runs the other holds, for two texts to be copies
# A run held by more texts is left out of the comparison, which keeps its cost bounded (a run
# in n texts makes n(n-1)/2 pairs): 500 copies of one text in a 2,000-document sample count
# apart again.  The 21k stories' sample has no run in more than 66.
_MAX_HOLDERS = 500
_LEAST_RUNS = 16  # runs of the shorter text (20 words): a line tells no copy


def common_stems(texts: Iterable[str], settings: AlignSettings) -> frozenset[str]:
    """The stems held by more than ``common_share`` of ``texts`` and by ``common_least`` of
    them at least, copies of one text counted once (a handful of texts has none: every stem
    of a pair counts once)."""
    stems: list[set[str]] = []
    runs: list[np.ndarray] = []
    for text in texts:
        words, counted = words_and_profile(text)
        stems.append(set(counted.df))
        runs.append(_runs(words))
    originals = _copies_as_one(runs)
    held: Counter[str] = Counter()
    for group in originals:
        held.update(set().union(*(stems[k] for k in group)))
    share = settings.common_share * len(stems)  # of the documents read: the corpus's size
    return frozenset(stem for stem, count in held.items() if count >= settings.common_least and count > share)


def _runs(words: list[str]) -> np.ndarray:
    """The distinct hashes of a text's runs of ``COPY_RUN`` words (Python's hash: the texts
    are compared within one call)."""
    if len(words) < COPY_RUN:
        return np.empty(0, dtype=np.int64)
    hashes = np.fromiter(
        (hash(run) for run in zip(*(words[k:] for k in range(COPY_RUN)), strict=False)),
        dtype=np.int64, count=len(words) - COPY_RUN + 1,
    )  # fmt: skip
    return np.unique(hashes)


def _copies_as_one(runs: list[np.ndarray]) -> list[list[int]]:
    """The texts grouped so that copies (and copies of copies) are one group."""
    sets = UnionFind(len(runs))
    if runs:
        keys = np.concatenate(runs)
        docs = np.repeat(np.arange(len(runs)), [len(r) for r in runs])
        sizes = np.array([len(r) for r in runs])
        a, b, shared = candidate_pairs(
            keys, docs, np.ones(len(runs), dtype=bool), CandidateSettings(max_bucket=_MAX_HOLDERS, min_shared=1)
        )
        smaller = np.minimum(sizes[a], sizes[b])
        copies = (shared >= COPY_SHARE * smaller) & (smaller >= _LEAST_RUNS)
        for i, j in zip(a[copies].tolist(), b[copies].tolist(), strict=True):
            sets.union(i, j)
    groups: dict[int, list[int]] = {}
    for k in range(len(runs)):
        groups.setdefault(sets.find(k), []).append(k)
    return list(groups.values())
