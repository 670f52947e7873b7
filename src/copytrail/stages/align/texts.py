"""The stage's entry points: two texts (prepared, segmented or raw) in, the passages they
share out: seed and extend (``extend.start_pair``), fragments found by meaning if a
``ParaphraseFinder`` is given, refine (``refine.finish_pair``)."""

from __future__ import annotations

from copytrail.stages.align.extend import start_pair
from copytrail.stages.align.paraphrases import ParaphraseFinder, semantic_fragments
from copytrail.stages.align.prepare import Prepared, prepare
from copytrail.stages.align.refine import finish_pair
from copytrail.stages.align.settings import AlignSettings
from copytrail.stages.align.spans import Passage
from copytrail.stages.segment import Segmented


def align_prepared(
    a: Prepared,
    b: Prepared,
    settings: AlignSettings | None = None,
    paraphrases: ParaphraseFinder | None = None,
) -> list[Passage]:
    """Every passage of ``a`` reused in ``b``, ordered by position in ``b``.

    With ``paraphrases``, sentence pairs that the embedding model confirms as paraphrases
    seed passages too, and a passage too reworded to pass the lexical test passes on meaning.
    """
    settings = settings or AlignSettings()
    if paraphrases is None and min(len(a.seg.norms), len(b.seg.norms)) < settings.shortest_words:
        return []  # every passage holds ``shortest_words`` words of each side, whatever its kind
    pair = start_pair(a, b, settings)
    if pair is None:
        return []
    if paraphrases is not None:
        pair.fragments += semantic_fragments(paraphrases, pair, settings)
    return finish_pair(pair, settings)


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
