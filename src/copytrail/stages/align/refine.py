"""Refine: fragments become passages, the second half of aligning one pair (``finish_pair``).

Overlapping fragments are resolved (merged, or the better kept, unless a text prints the
same passage twice), reworded ones grown over neighbouring sentences, edges trimmed to the
first and last shared word runs (or to the lines that share content words), passages cut
where one side holds a stretch with no counterpart on the other (``gaps``), short passages
dropped, and each passage given character spans and a kind: ``verbatim``, ``edited`` or
``paraphrase``.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from rapidfuzz.distance import LCSseq

from copytrail.records import Sentence
from copytrail.stages.align.extend import PairInProgress, grow
from copytrail.stages.align.gaps import WordSpan, split_gaps
from copytrail.stages.align.prepare import (
    STEM_LENGTH,
    STOPWORDS,
    Prepared,
    line_words,
    stems_between,
)
from copytrail.stages.align.seeds import Vectors, sides_cosine
from copytrail.stages.align.settings import AlignSettings
from copytrail.stages.align.spans import (
    NEAR_VERBATIM,
    Fragment,
    Passage,
    b_length,
    b_shared,
    overlap,
)
from copytrail.stages.segment import Segmented


def resolve_overlaps(
    fragments: list[Fragment], wa: Vectors, wb: Vectors
) -> list[Fragment]:
    """Fragments overlapping in both documents merge; overlapping in ``b`` alone, the better
    wins — unless ``a`` prints the same passage twice (``_repeat``): a repeat in ``b`` is kept
    twice (its fragments overlap in ``a`` alone), and so is one in ``a``, so that which text
    comes first does not decide whether a repeated passage is reported once or twice — or
    they are neighbours that only share an edge sentence (``_touching``)."""
    pending = sorted(fragments, key=lambda f: (f.b_first, f.a_first))
    changed = True
    while changed:
        changed = False
        kept: list[Fragment] = []
        for frag in pending:
            clash = next(
                (
                    k
                    for k, other in enumerate(kept)
                    if overlap(frag.b_first, frag.b_last, other.b_first, other.b_last)
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
            if overlap(frag.a_first, frag.a_last, other.a_first, other.a_last):
                span = (
                    min(frag.a_first, other.a_first),
                    max(frag.a_last, other.a_last),
                    min(frag.b_first, other.b_first),
                    max(frag.b_last, other.b_last),
                )
                kept[clash] = Fragment(*span, sides_cosine(wa, wb, span), frag.summary or other.summary)
            elif _quality(frag) > _quality(other):
                kept[clash] = frag
        pending = sorted(kept, key=lambda f: (f.b_first, f.a_first))
    return pending


def _touching(x: Fragment, y: Fragment) -> bool:
    """Neighbours in ``b`` that share less than half of the shorter one's sentences (an edge
    sentence both reach into), from places of ``a`` that do not overlap: two passages side
    by side, each kept (their edges are placed by their own shared runs), not rivals."""
    if overlap(x.a_first, x.a_last, y.a_first, y.a_last):
        return False
    return b_shared(x, y) < 0.5 * min(b_length(x), b_length(y))


_REPEAT_SIMILARITY = 0.9  # both matches this close: the same text printed twice in ``a``


def _repeat(x: Fragment, y: Fragment) -> bool:
    """The same stretch of ``b`` (80% of the longer) matched closely at two places of ``a``
    that do not overlap: ``a`` prints the passage twice, and both printings are reuse."""
    return (
        b_shared(x, y) >= 0.8 * max(b_length(x), b_length(y))
        and not overlap(x.a_first, x.a_last, y.a_first, y.a_last)
        and min(x.similarity, y.similarity) >= _REPEAT_SIMILARITY
    )


def _quality(frag: Fragment) -> float:
    return frag.similarity * math.log1p(
        (frag.a_last - frag.a_first + 1) + (frag.b_last - frag.b_first + 1)
    )


# Shared runs must cover this share of the shorter side to place a passage's edges (fewer:
# a reworded passage, whose anchors sit deep inside); from ``NEAR_VERBATIM`` on, the runs
# are the copy itself and nothing outside them is kept.
_ANCHORED = 0.5


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
    if edge_share > 0 and _covered(runs) < NEAR_VERBATIM * min(len(a_words), len(b_words)):
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


def finish_pair(pair: PairInProgress, settings: AlignSettings) -> list[Passage]:
    """Resolve overlaps, trim edges, drop short passages, label the rest."""
    if not pair.fragments:
        return []
    a, b = pair.a, pair.b
    a_seg, b_seg = a.seg, b.seg
    passages: list[Passage] = []
    resolved = resolve_overlaps(pair.fragments, pair.wa, pair.wb)
    spans = [(f.a_first, f.a_last, f.b_first, f.b_last) for f in resolved]
    for index, frag in enumerate(resolved):
        a_lo, a_hi = a_seg.sentences[frag.a_first].first, a_seg.sentences[frag.a_last].last
        b_lo, b_hi = b_seg.sentences[frag.b_first].first, b_seg.sentences[frag.b_last].last
        runs = _shared_runs(a_seg.norms[a_lo:a_hi], b_seg.norms[b_lo:b_hi], settings.anchor_words)
        if settings.grow_cosine > 0 and not _anchored(runs, a_hi - a_lo, b_hi - b_lo):
            span = spans[index]
            grown = grow(span, pair.wa, pair.wb, settings.grow_cosine, spans[:index] + spans[index + 1 :])
            if grown != span and sides_cosine(pair.wa, pair.wb, grown) >= settings.validate_cosine:
                spans[index] = grown
                a_lo, a_hi = a_seg.sentences[grown[0]].first, a_seg.sentences[grown[1]].last
                b_lo, b_hi = b_seg.sentences[grown[2]].first, b_seg.sentences[grown[3]].last
                runs = None  # a reworded passage stays reworded: it keeps its sentence edges
        if min(a_hi - a_lo, b_hi - b_lo) < settings.min_words:
            close = _close_copy(a, b, (a_lo, a_hi, b_lo, b_hi), runs, settings)
            if close is not None:
                passages.append(close)
            continue
        trimmed = _trim(a_seg, a_lo, a_hi, b_seg, b_lo, b_hi, runs, settings.edge_share)
        if frag.summary and not _copies_a_sentence(runs):
            trimmed = (a_lo, a_hi, trimmed[2], trimmed[3])  # the source side is what it condenses
        if min(trimmed[1] - trimmed[0], trimmed[3] - trimmed[2]) >= settings.min_words:
            if runs is not None and not frag.summary:
                for crossed in _crossed_copies(a_seg, (a_lo, a_hi), b_seg, (b_lo, b_hi), trimmed, settings):
                    passages.extend(_passage(a, b, *piece, settings) for piece in _exact_pieces(pair, crossed, settings))
            a_lo, a_hi, b_lo, b_hi = trimmed
        # else the shared runs are too sparse to place edges by (a reworded passage whose
        # anchors sit deep inside): it keeps its sentence edges rather than being dropped
        if settings.line_edges:
            a_lo, a_hi, b_lo, b_hi = _line_edges(a, (a_lo, a_hi), b, (b_lo, b_hi), settings.min_words)
        pieces = [(a_lo, a_hi, b_lo, b_hi)] if frag.summary else _exact_pieces(pair, (a_lo, a_hi, b_lo, b_hi), settings)
        passages.extend(_passage(a, b, *piece, settings) for piece in pieces)
    passages = [p for p in passages if min(p.a_end - p.a_start, p.b_end - p.b_start) >= settings.min_chars]
    passages.sort(key=lambda p: (p.b_start, p.a_start))
    return passages


def _close_copy(
    a: Prepared, b: Prepared, span: WordSpan, runs: Sequence[Any] | None, settings: AlignSettings
) -> Passage | None:
    """A fragment under ``min_words`` kept as a passage when it is a close copy (``close_words``
    words on each side once trimmed to its shared runs, score at least ``close_score``)."""
    a_lo, a_hi, b_lo, b_hi = span
    if settings.close_words <= 0 or min(a_hi - a_lo, b_hi - b_lo) < settings.close_words or not runs:
        return None
    return _close_passage(a, b, _trim(a.seg, a_lo, a_hi, b.seg, b_lo, b_hi, runs, settings.edge_share), settings)


def _close_passage(a: Prepared, b: Prepared, span: WordSpan, settings: AlignSettings) -> Passage | None:
    """A span of ``close_words`` words or more (each side, trimmed to its shared runs) as a
    passage, when it keeps its words in order well enough (``close_score``) to stand under
    ``min_words``; else None."""
    a_lo, a_hi, b_lo, b_hi = span
    if settings.close_words <= 0 or min(a_hi - a_lo, b_hi - b_lo) < settings.close_words:
        return None
    passage = _passage(a, b, a_lo, a_hi, b_lo, b_hi, settings)
    return passage if passage.score >= settings.close_score else None


def _exact_pieces(pair: PairInProgress, span: WordSpan, settings: AlignSettings) -> list[WordSpan]:
    """``span`` cut where one side holds a stretch the other has no counterpart for
    (``gaps.split_gaps``), each piece trimmed to its own first and last shared runs and
    kept when long enough (``min_words``) or a close copy (two short copied sentences that
    one fragment joined are two passages, as each would be alone).  A summary is never cut:
    its source side is the stretch it condenses, which its few shared words do not cover."""
    pieces = split_gaps(pair.a, pair.b, span, pair.seeds, (pair.wa, pair.wb), settings)
    if pieces == [span]:
        return pieces
    a, b = pair.a.seg, pair.b.seg
    out = []
    for a_lo, a_hi, b_lo, b_hi in pieces:
        runs = _shared_runs(a.norms[a_lo:a_hi], b.norms[b_lo:b_hi], settings.anchor_words)
        piece = _trim(a, a_lo, a_hi, b, b_lo, b_hi, runs, settings.edge_share)
        if min(piece[1] - piece[0], piece[3] - piece[2]) >= settings.min_words or _close_passage(pair.a, pair.b, piece, settings) is not None:
            out.append(piece)
    return out


def _without_foreign_lines(prepared: Prepared, lo: int, hi: int, other: set[str]) -> tuple[int, int]:
    """``[lo, hi)`` less the lines at either end that share no content stem with ``other``."""
    lines = line_words(prepared, lo, hi)
    first, last = 0, len(lines) - 1
    while first < last and stems_between(prepared, *lines[first]).isdisjoint(other):
        first += 1
    while last > first and stems_between(prepared, *lines[last]).isdisjoint(other):
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
    a_lo, a_hi = _without_foreign_lines(a, *a_words, stems_between(b, *b_words))
    b_lo, b_hi = _without_foreign_lines(b, *b_words, stems_between(a, *a_words))
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
