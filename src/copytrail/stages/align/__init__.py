"""Align stage: find the passages two documents share, with exact character offsets.

The method, in three steps (our own, after the seed / extend / filter scheme that leads the
PAN text-alignment results):

1. **Seed** (``seeds``): sentence pairs that are lexically close — tf-isf cosine and Dice
   over truncated word stems both above a threshold — or that share a run of identical
   words; a sentence a rewrite split in two (or two it joined) seeds with both halves.
2. **Extend** (``extend``): seeds are clustered by alternately splitting on gaps along each
   document, so nearby seeds (a reused paragraph with a sentence dropped or reordered)
   become one passage.  A passage whose sides are not similar enough as a whole is
   re-clustered with a smaller gap; summaries are found apart.
3. **Refine** (``refine``): overlapping passages are resolved, short ones dropped, edges
   trimmed to the first and last shared word pair, passages cut where one side holds a
   stretch with no counterpart on the other (``gaps``: a reordered copy that drops a
   paragraph is two passages, not one holding the dropped text), and each passage is
   labelled ``verbatim`` (same words after normalisation), ``edited`` or ``paraphrase``.

The modules, in the order a pair meets them:

- ``settings``: ``AlignSettings``, the knobs every stored alignment records;
- ``prepare``: one text's stems, profile and word runs (``Prepared``), made once per document;
- ``seeds``: the pair's tf-isf sentence vectors, seed pairs, ``cluster_seeds``;
- ``extend``: fragments from seeds, summaries; ``start_pair`` gives a ``PairInProgress``;
- ``paraphrases``: fragments found by meaning, through a ``ParaphraseFinder``
  (``copytrail.stages.semantic`` provides one);
- ``refine``: overlaps, edges, kinds; ``finish_pair`` gives the ``Passage`` list;
- ``gaps``: where a passage is cut because one side holds text the other never used;
- ``spans``: ``Fragment`` (sentence ranges) and ``Passage`` (character spans);
- ``texts``: the entry points ``align_prepared``, ``align_segmented``, ``align_texts``;
- ``pairs``: stored documents aligned pair by pair, as both engines do (content order, a
  cache of prepared documents, ``Alignment`` records oriented by date).

All functions are pure: two texts and their segmentations in, records out.
"""

from __future__ import annotations

from copytrail.stages.align.extend import PairInProgress, start_pair
from copytrail.stages.align.paraphrases import (
    ParaphraseFinder,
    semantic_fragments,
    semantic_plan,
    semantic_spans,
)
from copytrail.stages.align.prepare import (
    STEM_LENGTH,
    STOPWORDS,
    Prepared,
    content_stems,
    prepare,
)
from copytrail.stages.align.refine import classify, finish_pair
from copytrail.stages.align.seeds import cluster_seeds, seed_pairs
from copytrail.stages.align.settings import AlignSettings
from copytrail.stages.align.spans import Passage
from copytrail.stages.align.texts import align_prepared, align_segmented, align_texts

__all__ = [
    "STEM_LENGTH",
    "STOPWORDS",
    "AlignSettings",
    "PairInProgress",
    "ParaphraseFinder",
    "Passage",
    "Prepared",
    "align_prepared",
    "align_segmented",
    "align_texts",
    "classify",
    "cluster_seeds",
    "content_stems",
    "finish_pair",
    "prepare",
    "seed_pairs",
    "semantic_fragments",
    "semantic_plan",
    "semantic_spans",
    "start_pair",
]
