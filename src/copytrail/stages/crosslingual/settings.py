"""The cross-lingual layer's settings: whether a scan looks for translated passages, where
its encoder runs, and the thresholds that decide what it finds (imports nothing heavy: the
settings tree reads it)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class CrossLingualSettings:
    """Whether and where the translation search runs, and its thresholds, chosen on the
    cross-lingual development set (``bench/xling_dev.py``).

    Scores are *margins*: a sentence pair's cosine (language-centred vectors) divided by
    the mean cosine each sentence has with its ``neighbours`` nearest sentences in other
    languages, so that a sentence close to everything (a hub) needs more to be linked.
    The thresholds shape the alignments a scan stores and are recorded with them
    (``thresholds``); ``enabled`` and ``device`` are not.
    """

    enabled: bool = False  # also look for passages that translate a passage of another language
    device: str = "cpu"  # where the encoder runs
    neighbours: int = 4  # nearest other-language sentences whose mean cosine is the margin's base
    base_floor: float = 0.30  # that base is never taken below this (a small corpus has few neighbours)
    link: float = 1.05  # margin a mutually nearest sentence pair needs to be linked
    run: float = 1.15  # mean margin a run of two or more linked sentence pairs needs
    pair_link: float = 1.15  # margin each link of a run of just two needs (topical look-alikes pair up weakly)
    grow: float = 0.90  # margin the next sentence pair beyond a run's end needs to join it
    single: float = 1.50  # margin one linked sentence pair alone needs to be a passage
    max_step: int = 2  # sentences a run may step over between links, on either side
    min_words: int = 3  # a sentence of fewer words (fewer than 3 x 4 characters without spaces) is never linked
    search_k: int = 8  # nearest sentences per other language a sentence is looked up with
    # a pair inside one translation clique (a text in three languages or more) is judged with
    # bases that leave the clique out (``space.translation_cliques``; False: as before)
    cliques: bool = True
    # two documents compared alone (compare): z-scores of raw cosines over their sentence pairs
    # (xling-dev, each gold pair and 1,500 others compared alone: with the corpus judge first,
    # 51 of 54 gold pairs found and 4 false pairs, against 47 and 1 with that judge alone)
    pair_link_z: float = 1.8
    pair_run_z: float = 2.8
    pair_single_z: float = 4.5
    # ... and, where each has three usable sentences or more, cosines of vectors less their own
    # document's mean (what the two texts say sentence by sentence, not their shared topic):
    # a link needs ``pair_link_centred``, each link of a run ``pair_run_centred``, one pair
    # alone ``pair_single_centred`` (bench/xling_pairs_alone.py)
    pair_link_centred: float = 0.28
    pair_run_centred: float = 0.33
    pair_single_centred: float = 0.60
    # two texts of one language (``compare --semantic``, and a semantic scan outside English):
    # by those cosines, a rewritten passage is a run of mutually best sentence pairs of
    # ``rewrite_link`` or more, two of them ``rewrite_run`` or more (bench/rewrites_alone.py:
    # in our rewrites two sentences in a row 0.57-0.74; in articles that share a topic at most 0.49)
    rewrite_link: float = 0.40
    rewrite_run: float = 0.50
    # figures survive translation: a sentence pair that states figures on both sides has its
    # margin multiplied by ``figures_agree`` when most of the fewer side's figures are shared,
    # else by ``figures_clash``
    figures_agree: float = 1.0
    figures_clash: float = 1.0

    def thresholds(self) -> dict[str, float | int]:
        """The values that shape what a cross-lingual scan stores (not whether or where it runs)."""
        values = asdict(self)
        del values["enabled"], values["device"]
        return values
