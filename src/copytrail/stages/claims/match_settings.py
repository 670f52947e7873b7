"""The thresholds of claim matching (:mod:`copytrail.stages.claims.matching`), apart so that
scan settings and the matching's helpers can name them without the matching itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Thresholds of claim matching (calibrated on the sample corpus and the labelled set).

    ``same_value_similarity``: two statements with the same value, hedge and unit in different
    documents are one claim when their sentences share this much (token-set Jaccard of content
    words, the figure and unit left out).  ``changed_value_similarity``: the blocking threshold
    of the similarity join over any two values of a unit (only equal figures are linked by
    it).  ``aligned_similarity`` and ``aligned_position``: inside the two sides of one
    alignment, less context is needed, but the claims must sit at corresponding relative
    positions; ``aligned_changed_similarity``: the context two aligned claims whose figures
    differ must share before they are called one statement with a changed figure.
    """

    same_value_similarity: float = 0.12
    changed_value_similarity: float = 0.5
    aligned_similarity: float = 0.2
    aligned_position: float = 0.25
    aligned_changed_similarity: float = 0.4
    # Two documents whose aligned figures differ in more pairs than this, and agree in no more
    # pairs than they differ, are issues of a recurring report, not a copy that changed figures.
    unconfirmed_changes: int = 1
    # A copy edits a figure or two of the passages it copies; passages that replace more than
    # this many figures are a template filled anew (another issue of a report, another row of
    # a table), however many constant figures ("three- and six-month bills") they keep.
    copy_edits: int = 2
    # ... and a figure changed where the two documents' copied passages keep no other figure
    # needs passages of this many matched words: one sentence of a template holding one figure
    # ("bought 5,000 tonnes of ...") filled anew reads as a copy that changed it.
    lone_change_words: int = 50
    # A sentence frame (unit and context words) that this many documents fill with figures
    # this diverse (distinct figures per document) is a formula ("The next meeting is
    # scheduled for ..."), and its figures are never called changed.
    template_documents: int = 4
    template_spread: float = 0.5
    # ... and at least this many distinct figures: a frame with two is a story, its copies and
    # the one that changed it (an original, two verbatim copies and an edited one are four
    # documents with two figures), not a recurring report.
    template_figures: int = 3
    # ... or, whatever its spread, this many: a notice that hundreds of documents fill ("Pay
    # April 10", "Record March 31") runs out of days long before it has one per document, and
    # no campaign's copies change one sentence's figure this many ways (0 = never).
    template_many_figures: int = 20
    # ... except between two documents whose copied passages keep this many figures for each
    # one they replace (and replace no more than a copy edits): a copy, even of a formula line
    # (a corrected earnings report, a campaign's copy of a notice; 0 = never).
    formula_clear_copy: int = 8
    # A changed figure needs a copy: the passage holding both statements must repeat this share
    # of its words in order (the aligner's score).  An edited copy keeps most words; another
    # issue of a recurring report fills the same frame with other names, dates and figures.
    changed_copy_score: float = 0.8
    # A year alone ("in 1986") is one statement in two documents only where a copied passage
    # holds both: similar wording around a bare year is what a year's stories share (a chain of
    # 925 Reuters statements of "1986" was one claim), and its similarity join grew with the
    # square of a year's stories (45% of the pairs on 21k Reuters and BBC stories).
    similar_years: bool = False
    max_bucket_df: int = 300  # a context word shared by more claims than this is not evidence
    # ... among claims of one unit whose values may differ (boilerplate sentences: "shr ... vs"
    # in Reuters make huge unit blocks; a lower cap keeps matching near-linear).
    max_changed_df: int = 60

    def formula_figures(self, documents: int) -> float:
        """The distinct figures a frame that ``documents`` documents fill needs to be a formula
        (``template_spread`` of them, at most ``template_many_figures``)."""
        spread = self.template_spread * documents
        return min(spread, self.template_many_figures) if self.template_many_figures else spread
