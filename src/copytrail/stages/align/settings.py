"""The knobs of alignment: every stored alignment records the values that made it."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class AlignSettings:
    """Knobs of the alignment; every stored alignment records the values that made it."""

    # tf-isf over the pair's sentences: with ``shared_once`` a stem both texts hold counts
    # one sentence less, a sentence and its copy being one use of the word
    # (``seeds._PairLogs``).  Counted twice (False, as before), shared words weigh less than
    # the words a copy left out, the more so the shorter the texts, so a short rewrite needed
    # closer wording to seed: of our own rewrites, the Urdu and Chinese ones were linked by a
    # fifth and a half of their text, now whole.  A stem of the corpus's ``common_stems``
    # still counts twice (below; docs/experiments.md: counted once everywhere, short wire
    # stories that share only their formula were linked too).
    shared_once: bool = True
    # With ``shared_once``, a stem held by more than ``common_share`` of a corpus's documents
    # (and by ``common_least`` at least) still counts twice: a wire formula's words ("Shr",
    # "Net", "Revs"; "Securities and Exchange Commission") are in hundreds of its stories, a
    # rewrite's names, figures and story words in few (``stages.align.common``; copies of one
    # text count as one document, so a campaign's republications make no formula).  The engines
    # fill ``common_stems`` from the documents they align; it belongs to the corpus, not to
    # the knobs, and is not in a store's fingerprint.
    common_share: float = 0.01
    common_least: int = 3
    common_stems: frozenset[str] = frozenset()
    seed_cosine: float = 0.33
    seed_dice: float = 0.33
    seed_run_words: int = 8  # identical word run that seeds a sentence pair by itself
    # A sentence a rewrite split in two (or two it joined) seeds with both halves when the two
    # together pass the seed thresholds and each half holds ``split_shared`` stems of the whole
    # that the other does not, counting only stems found in at most ``split_rare`` sentences
    # of the pair (names, figures, the story's own words; a text's recurring words would pair
    # any two sentences of a formulaic or low-vocabulary text).
    split_seeds: bool = True
    split_shared: int = 2
    split_rare: int = 3
    max_gap: int = 4  # sentences between seeds of one passage
    validate_cosine: float = 0.34
    single_cosine: float = 0.6  # validation of a passage that is one sentence on a side
    min_chars: int = 0  # shortest passage kept, in characters on the shorter side
    min_words: int = 25  # shortest passage of any kind kept, in words on the shorter side
    # A shorter passage, down to ``close_words`` words, is kept when it is a close copy: its
    # words in the same order (``classify``'s score) at least ``close_score``.  News reuses a
    # sentence or two inside its own text (a partly derived story); one copied sentence is
    # rarely 25 words, while two stories that only report the same event seldom share one
    # nearly word for word (0 = off).
    close_words: int = 15
    close_score: float = 0.75
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
    # A passage is cut where one side holds a stretch with no counterpart on the other:
    # ``gap_sentences`` sentences or ``gap_chars`` characters that share no seed and no run
    # of ``anchor_words`` words with the other side (both 0 = never cut).  Seeds are
    # clustered by sentence gaps, so a copy that reorders paragraphs and drops some would
    # otherwise be one passage whose source side holds the dropped paragraphs: text cited
    # as reused that the copy never used (``gaps``).  A gap facing, between the same links,
    # a stretch whose words are this close (``gap_cosine``) is the same text reworded and
    # stays; a passage whose source side is ``gap_condensed`` times its copy's (a condensed
    # copy, which leaves text out by nature) is never cut (0 = always cut).  Where the
    # links on either side of the gap run backwards on the other side (a reordered copy),
    # ``gap_reordered_chars`` characters cut (0 = only the rule above): a dropped one-sentence
    # paragraph.  The rule of thumb is two sentences or 300 characters; two sentences cost
    # PAN 2013 train 0.0077 PlagDet (granularity 1.0026 → 1.0087); these defaults cost
    # 0.0021 (granularity 1.0042), within what PAN allows (docs/experiments.md).
    gap_sentences: int = 3
    gap_chars: int = 300
    gap_cosine: float = 0.2
    gap_condensed: float = 2.0
    gap_reordered_chars: int = 150
    line_edges: bool = True  # drop edge lines that share no content word with the other side
    edited_score: float = 0.6  # below this word-order similarity a passage is a paraphrase
    semantic_passage: float = 0.75  # MiniLM cosine that validates a lexically weak passage

    @property
    def shortest_words(self) -> int:
        """The fewest words a kept passage holds on each side, whatever its kind."""
        return min(self.min_words, self.close_words) if self.close_words > 0 else self.min_words

    def recorded(self) -> dict[str, object]:
        """The values a store's fingerprint records: every knob, ``shared_once`` and its
        common-stem thresholds only when on (stores aligned before they existed keep their
        fingerprint and their alignments), never the corpus's ``common_stems``."""
        values = asdict(self)
        del values["common_stems"]
        if not self.shared_once:
            for name in ("shared_once", "common_share", "common_least"):
                del values[name]
        return values
