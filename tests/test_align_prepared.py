"""What a prepared document holds for alignment, and the quick paths that read it, against
the plain computations they replace (seed runs, sentence vectors, line breaks, content
stems, the gap rule's word runs)."""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from copytrail.stages.align import AlignSettings, align_prepared, finish_pair, start_pair
from copytrail.stages.align.gaps import _runs
from copytrail.stages.align.prepare import (
    STOPWORDS,
    content_stems,
    cut_stem,
    line_words,
    prepare,
    stems_between,
)
from copytrail.stages.align.seeds import _run_seeds, pair_vectors

_WORDS = "harbour council tariff water plant budget the and of a to report".split()
_SEPARATORS = [" ", " ", " ", ". ", "\n", ".\n\n", ", "]


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Short texts over a small vocabulary (runs repeat), with sentence ends and line breaks."""
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=60))
    separators = draw(st.lists(st.sampled_from(_SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, separators, strict=True))


def _reference_run_seeds(a_text: str, b_text: str, run: int) -> set[tuple[int, int]]:
    """Sentence pairs sharing a run of ``run`` words that ``b`` holds at most 8 times."""
    a, b = prepare(a_text, run), prepare(b_text, run)

    def owner(seg, k: int) -> int:  # noqa: ANN001
        return next(i for i, s in enumerate(seg.sentences) if s.first <= k < s.last) if seg.sentences else 0

    b_runs: dict[tuple[str, ...], list[int]] = {}
    for k in range(len(b.seg.norms) - run + 1):
        b_runs.setdefault(tuple(b.seg.norms[k : k + run]), []).append(k)
    seeds = set()
    for k in range(len(a.seg.norms) - run + 1):
        hits = b_runs.get(tuple(a.seg.norms[k : k + run]), [])
        if len(hits) <= 8:
            seeds.update((owner(a.seg, k), owner(b.seg, j)) for j in hits)
    return seeds


@settings(max_examples=80, deadline=None)
@given(texts(), texts(), st.sampled_from([1, 2, 3, 8]))
def test_run_seeds_are_the_sentence_pairs_sharing_a_run(a_text: str, b_text: str, run: int) -> None:
    assert _run_seeds(prepare(a_text, run), prepare(b_text, run)) == _reference_run_seeds(a_text, b_text, run)


@settings(max_examples=60, deadline=None)
@given(texts(), texts(), st.booleans(), st.integers(0, 3))
def test_sentence_vectors_made_on_demand_are_the_tf_isf_vectors(a_text: str, b_text: str, shared_once: bool, every: int) -> None:
    """Each sentence's vector, asked for in any order, by index or slice, is its tf-isf
    vector over the two documents' sentences, L2-normalised (the formula written out; with
    ``shared_once`` a stem both documents hold counts one sentence less, unless it is one of
    the corpus's common stems: here every ``every``-th stem of the pair, or none)."""
    a, b = prepare(a_text), prepare(b_text)
    common = frozenset(sorted(a.profile.df.keys() | b.profile.df.keys())[::every] if every else ())
    wa, wb = pair_vectors(a.profile, b.profile, shared_once, common)
    n = len(a.profile.terms) + len(b.profile.terms)
    for prof, vectors in ((b.profile, wb), (a.profile, wa)):
        assert len(vectors) == len(prof.terms)
        for i in reversed(range(len(prof.terms))):
            both = {t: shared_once and t in a.profile.df and t in b.profile.df and t not in common for t in prof.terms[i]}
            held = {t: a.profile.df.get(t, 0) + b.profile.df.get(t, 0) - both[t] for t in prof.terms[i]}
            raw = {t: c * math.log((n + 1) / held[t]) for t, c in prof.terms[i].items()}
            norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
            assert vectors[i] == {t: v / norm for t, v in raw.items()}
        assert vectors[:] == [vectors[i] for i in range(len(prof.terms))]


@settings(max_examples=80, deadline=None)
@given(texts(), st.data())
def test_line_words_and_stems_between_read_what_the_text_says(text: str, data: st.DataObject) -> None:
    prepared = prepare(text)
    seg = prepared.seg
    count = len(seg.norms)
    lo = data.draw(st.integers(0, count))
    hi = data.draw(st.integers(lo, count))
    assert stems_between(prepared, lo, hi) == content_stems(seg.norms[lo:hi])
    if hi > lo:
        cuts = [k + 1 for k in range(lo, hi - 1) if "\n" in text[seg.ends[k] : seg.starts[k + 1]]]
        edges = [lo, *cuts, hi]
        assert line_words(prepared, lo, hi) == list(zip(edges[:-1], edges[1:], strict=True))


@settings(max_examples=80, deadline=None)
@given(texts(), st.data())
def test_gap_runs_are_the_word_runs_holding_a_content_word(text: str, data: st.DataObject) -> None:
    prepared = prepare(text)
    norms = prepared.seg.norms
    lo = data.draw(st.integers(0, len(norms)))
    hi = data.draw(st.integers(lo, len(norms)))
    size = data.draw(st.sampled_from([1, 2, 3]))
    expected = {
        tuple(norms[k : k + size]) for k in range(lo, hi - size + 1) if any(w not in STOPWORDS for w in norms[k : k + size])
    }
    assert _runs(prepared, lo, hi, size) == expected


def test_a_word_and_a_stem_are_one_string_shared_by_every_document() -> None:
    """Documents hold their words and stems by reference (prepared documents are cached)."""
    a, b = prepare("Harbours and councils.\nThe harbour council."), prepare("A harbour council, councils.")
    assert {id(s) for s in a.stems if s} & {id(s) for s in b.stems if s}
    assert a.seg.norms[-2] is b.seg.norms[1]  # "harbour": one word, one string
    assert cut_stem("the") is None


@settings(max_examples=60, deadline=None)
@given(texts(), texts(), st.sampled_from([5, 25, 40]))
def test_a_text_too_short_for_a_passage_is_not_aligned_and_nothing_is_lost(a_text: str, b_text: str, min_words: int) -> None:
    """Texts of a few shared words, some under ``min_words``: the quick answer for a short
    text is what seeding, extending and refining give."""
    common = "harbour council tariff water plant budget report harbour council tariff water. "
    a, b = prepare(common + a_text), prepare(b_text + common)
    chosen = replace(AlignSettings(), min_words=min_words)
    pair = start_pair(a, b, chosen)
    assert align_prepared(a, b, chosen) == (finish_pair(pair, chosen) if pair is not None else [])


def test_function_words_of_every_spelling_are_stop_words() -> None:
    """The list is compared with folded words: a Persian "که" typed with either kaf, an Arabic
    "على" with or without its alef maksura, an Urdu "کے" and a Spanish "más" are stop words."""
    from copytrail.stages.align.prepare import cut_stem
    from copytrail.stages.segment import normalise_word

    for written in ("که", "كه", "على", "علي", "إلى", "این", "در", "کے", "ہے", "más", "für"):
        assert cut_stem(normalise_word(written)) is None, written
    for content in ("ایران", "الحكومة", "حکومت", "gobierno"):
        assert cut_stem(normalise_word(content)) is not None, content


def test_a_prepared_document_keeps_compact_offsets_and_postings_the_profile_implies() -> None:
    """The cached form: offsets as machine integers equal to the segmentation's, postings as
    tuples listing exactly the sentences whose counts hold each stem, in order."""
    from array import array

    from copytrail.stages.segment import segment

    text = "Divers replace the pilings. The pilings rot. Ferries use the southern berth while divers work."
    prepared = prepare(text)
    seg = segment(text)
    assert isinstance(prepared.seg.starts, array) and list(prepared.seg.starts) == seg.starts
    assert list(prepared.seg.ends) == seg.ends
    expected = {stem: tuple(i for i, counts in enumerate(prepared.profile.terms) if stem in counts) for stem in prepared.profile.df}
    assert prepared.profile.postings == expected
    assert all(len(found) == prepared.profile.df[stem] for stem, found in prepared.profile.postings.items())


def test_the_cache_holds_a_share_of_the_memory_within_its_bounds() -> None:
    from copytrail.stages.align.pairs import (
        MAX_CACHE_CHARS,
        MIN_CACHE_CHARS,
        PreparedCache,
        default_cache_chars,
    )

    alone, shared = default_cache_chars(workers=1), default_cache_chars(workers=64)
    assert MIN_CACHE_CHARS <= shared <= alone <= MAX_CACHE_CHARS
    cache = PreparedCache(max_chars=120)
    texts = {f"d{k}": f"Story {k} tells of the harbour and its {k} ferries." for k in range(6)}
    for doc, text in texts.items():
        cache.get(doc, text, 8)
    assert cache.chars <= 120 and len(cache.items) == cache.chars // len(texts["d0"])
    assert [key[0] for key in cache.items] == list(texts)[-len(cache.items) :]  # the oldest left out
