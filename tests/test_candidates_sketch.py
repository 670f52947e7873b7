"""Sketch and candidates: stable band keys, shared passages meet, boilerplate is dropped."""

from __future__ import annotations

import random
import string

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from copytrail.stages.candidates import (
    CandidateSettings,
    _distinct_rows,
    boilerplate_keys,
    candidate_pairs,
)
from copytrail.stages.segment import tokenize
from copytrail.stages.sketch import (
    CONTENT_SALT,
    WHOLE_SALT,
    SketchSettings,
    WordHasher,
    band_keys,
    batch_keys,
    document_keys,
    probe_signatures,
    shingles,
    signatures,
    text_keys,
    window_bounds,
    window_starts,
)
from test_align import PARAGRAPH, filler


def keys(text: str, settings: SketchSettings | None = None) -> np.ndarray:
    return document_keys([t.norm for t in tokenize(text)], WordHasher(), settings or SketchSettings())


def test_keys_are_stable_and_shared_by_copies() -> None:
    a = filler(1) + " " + PARAGRAPH + " " + filler(2)
    b = filler(3) + " " + PARAGRAPH.upper() + " " + filler(4)
    ka, kb = keys(a), keys(b)
    assert ka.dtype == np.int64 and len(ka) == len(np.unique(ka))
    assert np.array_equal(ka, keys(a))  # same text, same keys (no per-process hashing)
    assert len(np.intersect1d(ka, kb)) > 0
    assert len(np.intersect1d(ka, keys(filler(5, 30)))) == 0


def test_short_and_empty_texts() -> None:
    assert len(keys("")) == 0
    assert len(keys("one two")) == SketchSettings().bands  # one window of one shingle
    assert len(shingles(np.empty(0, dtype=np.uint64), 4)) == 0


def test_windows_cover_the_whole_document() -> None:
    settings = SketchSettings(ngram=4, window=50)
    for count in (1, 10, 25, 26, 47, 48, 100, 333):
        bounds = window_bounds(count, settings)
        assert bounds[0][0] == 0 and bounds[-1][1] == count
        assert all(stop - start <= settings.window for start, stop in bounds)
        # consecutive passages overlap by one block, so no stretch is cut at a fixed place
        assert all(b[0] < a[1] for a, b in zip(bounds, bounds[1:], strict=False))
        assert list(window_starts(count, settings)) == [start for start, _ in bounds]


def reference_keys(words: list[str], hasher: WordHasher, settings: SketchSettings) -> np.ndarray:
    """Band keys one passage at a time: the smallest values, then for a short document each
    row's second-smallest in turn (a passage of one distinct shingle has none)."""
    hashes = shingles(hasher(words), settings.ngram)
    sigs = signatures(hashes, settings)
    keys = [band_keys(sigs, settings)]
    if len(sigs) <= settings.probe_windows:
        second = probe_signatures(hashes, settings)
        for row in range(settings.rows):
            probe = sigs.copy()
            probe[:, row :: settings.rows] = second[:, row :: settings.rows]
            exists = second[:, row :: settings.rows] != 0xFFFFFFFF
            keys.append(band_keys(probe, settings)[exists.ravel()])
    content = settings.content()
    stems = hasher.content(words)
    if settings.content_bands and len(stems) >= content.stride and len(words) <= settings.content_max_words:
        keys.append(band_keys(signatures(stems, content), content) ^ CONTENT_SALT)
    document = settings.whole()
    short = settings.whole_least <= len(stems) <= settings.whole_stems
    if settings.whole_bands and short and len(set(stems.tolist())) * 100 >= settings.whole_variety * len(stems):
        keys.append(band_keys(signatures(stems, document), document) ^ WHOLE_SALT)
    return np.unique(np.concatenate(keys))


def test_batch_keys_equal_the_reference_signatures() -> None:
    settings = SketchSettings()
    hasher = WordHasher()
    lengths = (0, 1, 3, 4, 30, 60, 130, 252, 253, 401, 1001)  # 9 passages, then 10; over the content cap
    docs = [[f"w{(i * 7 + j) % 97}" for j in range(n)] for i, n in enumerate(lengths)]
    docs.append(["same"] * 40 + ["other", "words", "end"])  # a block whose smallest shingle repeats
    docs.append(["the", "of", "and", "a"] * 20)  # function words only: no content keys
    batched = batch_keys(docs, hasher, settings, chunk_words=150)
    for words, keys in zip(docs, batched, strict=True):
        assert np.array_equal(keys, reference_keys(words, hasher, settings))
    # a short document gets the probe keys, a long one none
    words_only = SketchSettings(content_bands=0)
    plain = batch_keys(docs, hasher, words_only)
    short, long = plain[6], plain[9]
    assert len(short) > 2 * settings.bands * len(window_bounds(128, settings))
    assert len(long) <= settings.bands * len(window_bounds(399, settings))
    neither = batch_keys(docs, hasher, SketchSettings(probe_windows=0, content_bands=0))
    assert all(np.isin(p, k).all() for p, k in zip(neither, plain, strict=True))
    assert all(np.isin(p, k).all() for p, k in zip(plain, batched, strict=True))
    assert len(batched[-1]) == len(plain[-1])


def test_candidate_pairs_new_only_and_counts() -> None:
    # docs 0,1 share keys 10 and 11; doc 2 shares key 12 with doc 0; doc 3 is alone
    key_col = np.array([10, 11, 12, 10, 11, 12, 99], dtype=np.int64)
    doc_col = np.array([0, 0, 0, 1, 1, 2, 3], dtype=np.int64)
    every = np.ones(4, dtype=bool)
    one_key = CandidateSettings(min_shared=1)
    a, b, shared = candidate_pairs(key_col, doc_col, every, one_key)
    assert list(zip(a.tolist(), b.tolist(), shared.tolist(), strict=True)) == [(0, 1, 2), (0, 2, 1)]
    only_two = np.array([False, False, True, False])
    a, b, _ = candidate_pairs(key_col, doc_col, only_two, one_key)
    assert list(zip(a.tolist(), b.tolist(), strict=True)) == [(0, 2)]
    a, b, _ = candidate_pairs(key_col, doc_col, every)  # the default: two shared keys
    assert list(zip(a.tolist(), b.tolist(), strict=True)) == [(0, 1)]
    none = candidate_pairs(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), every)
    assert all(len(x) == 0 for x in none)


def test_boilerplate_keys_are_dropped() -> None:
    docs = np.arange(60, dtype=np.int64)
    key_col = np.concatenate([np.full(60, 7), [8, 8]]).astype(np.int64)
    doc_col = np.concatenate([docs, [0, 1]])
    is_new = np.ones(60, dtype=bool)
    a, b, _ = candidate_pairs(key_col, doc_col, is_new, CandidateSettings(max_bucket=50, min_shared=1))
    assert list(zip(a.tolist(), b.tolist(), strict=True)) == [(0, 1)]
    assert boilerplate_keys(key_col, doc_col, 50).tolist() == [7]
    # the same key listed twice for one document counts once
    a, _, shared = candidate_pairs(np.array([5, 5, 5]), np.array([0, 0, 1]), np.ones(2, dtype=bool), CandidateSettings(min_shared=1))
    assert shared.tolist() == [1]


def test_a_short_rewrite_shares_keys_with_its_source() -> None:
    """A 55-word rewrite of part of a longer story (sentences swapped and joined, words changed
    or dropped) is a candidate with the defaults; an unrelated story of the same size is not."""
    source = (
        "The harbour authority said on Tuesday that dredging of the northern channel would resume "
        "in April after a winter pause. The pause cost the port an estimated four million in lost "
        "fees. Two container lines diverted their ships to the southern terminal during the works. "
        "Fishermen say the noise of the dredgers drives the cod away from the bay every spring. "
        "The council will review the contract with the dredging company at its meeting next month."
    )
    rewrite = (
        "The pause cost the port an estimated 4 million in lost fees. The harbour authority said "
        "on Tuesday that dredging of the northern channel would resume in April after the winter "
        "pause. Two container lines diverted their ships to the southern terminal during the works, "
        "and fishermen say the noise of the dredgers drives cod away from the bay."
    )
    other = (
        "Teachers in the valley schools voted on Monday to accept a new pay offer after weeks of "
        "talks with the regional education board. The agreement raises salaries by three percent "
        "this year and adds two training days. Parents welcomed the end of the dispute, which had "
        "closed several schools for a day in March, and the board thanked the union for its patience."
    )
    settings, hasher = SketchSettings(), WordHasher()
    keys = [document_keys([t.norm for t in tokenize(text)], hasher, settings) for text in (source, rewrite, other)]
    flat = np.concatenate(keys)
    docs = np.repeat(np.arange(3), [len(k) for k in keys])
    a, b, _ = candidate_pairs(flat, docs, np.ones(3, dtype=bool))
    assert list(zip(a.tolist(), b.tolist(), strict=True)) == [(0, 1)]


def test_probe_keys_find_short_rewrites_the_plain_keys_miss() -> None:
    """Sixty 60-word texts and rewrites of them with a fifth of the words replaced: with the
    probe keys of short documents every rewrite meets its source; without them some do not;
    unrelated texts never pair."""
    rng = random.Random(11)
    vocabulary = [f"w{i}" for i in range(3000)]
    sources = [[rng.choice(vocabulary) for _ in range(60)] for _ in range(60)]
    rewrites = [[w if rng.random() > 0.2 else rng.choice(vocabulary) for w in s] for s in sources]
    docs = sources + rewrites

    def pairs(settings: SketchSettings) -> set[tuple[int, int]]:
        hasher = WordHasher()
        keys = [document_keys(d, hasher, settings) for d in docs]
        flat = np.concatenate(keys)
        owners = np.repeat(np.arange(len(docs)), [len(k) for k in keys])
        a, b, _ = candidate_pairs(flat, owners, np.ones(len(docs), dtype=bool))
        return set(zip(a.tolist(), b.tolist(), strict=True))

    with_probes = pairs(SketchSettings(content_bands=0, whole_bands=0))
    without = pairs(SketchSettings(probe_windows=0, content_bands=0, whole_bands=0))
    expected = {(k, k + 60) for k in range(60)}
    assert with_probes == expected
    assert without < expected


def test_content_keys_find_a_rewording_that_keeps_the_content_words() -> None:
    """A 60-word text rewritten with a function word after every second word and its
    first and last words dropped shares almost no word 3-gram with it, yet keeps its content
    words: a candidate through the content keys, not without them; an unrelated text with
    the same function words is not."""
    rng = random.Random(5)
    vocabulary = ["".join(rng.choice("bcdfghklmnprstvz") for _ in range(6)) for _ in range(2000)]
    source = [rng.choice(vocabulary) for _ in range(60)]
    fillers = ["the", "of", "and", "was", "with"]
    rewrite = [w for k, word in enumerate(source[1:-1]) for w in ((word, fillers[k % 5]) if k % 2 else (word,))]
    other = [w for k, word in enumerate(rng.choice(vocabulary) for _ in range(58)) for w in ((word, fillers[k % 5]) if k % 2 else (word,))]

    def pairs(settings: SketchSettings) -> set[tuple[int, int]]:
        hasher = WordHasher()
        keys = [document_keys(d, hasher, settings) for d in (source, rewrite, other)]
        flat = np.concatenate(keys)
        owners = np.repeat(np.arange(3), [len(k) for k in keys])
        a, b, _ = candidate_pairs(flat, owners, np.ones(3, dtype=bool))
        return set(zip(a.tolist(), b.tolist(), strict=True))

    assert pairs(SketchSettings()) == {(0, 1)}
    assert pairs(SketchSettings(content_bands=0, whole_bands=0)) == set()


def test_one_shared_sentence_makes_a_candidate_through_its_sentence_keys() -> None:
    """A story that takes one reworded sentence of agency copy among its own meets its source
    through the sentence keys (the windows' 3-grams it shares are too few), and not without
    them."""
    from copytrail.stages.align import align_texts
    from copytrail.stages.sketch import text_keys
    from test_align import AGENCY_STORY, COPIED_SENTENCE, PARTLY_DERIVED

    reworded = (
        "Coastal Water Partners, the operator, said its engineers were swapping one membrane stage "
        "and that bottled water would be given out at four city schools."
    )
    derived = PARTLY_DERIVED.replace(COPIED_SENTENCE, reworded)
    # long texts (past the probe keys of short ones) around the stories; the content keys,
    # which would find the sentence's words too, left out
    texts = [f"{filler(seed, 60)} {story} {filler(seed + 100, 60)}" for seed, story in ((11, AGENCY_STORY), (13, derived))]
    assert [p.kind for p in align_texts(texts[0], texts[1])] == ["edited"]  # what retrieval must not lose

    def pairs(settings: SketchSettings) -> set[tuple[int, int]]:
        found = text_keys(texts, WordHasher(), settings)[1]
        flat = np.concatenate(found)
        docs = np.repeat(np.arange(len(texts)), [len(k) for k in found])
        a, b, _ = candidate_pairs(flat, docs, np.ones(len(texts), dtype=bool), CandidateSettings())
        return set(zip(a.tolist(), b.tolist(), strict=True))

    assert (0, 1) in pairs(SketchSettings(content_bands=0))
    assert (0, 1) not in pairs(SketchSettings(content_bands=0, sentence_bands=0))


def test_sentence_keys_need_sentence_lengths_that_add_up() -> None:
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet".split()
    settings = SketchSettings(content_bands=0, sentence_stems=3)
    plain = batch_keys([words], WordHasher(), settings)[0]
    with_sentences = batch_keys([words], WordHasher(), settings, sentences=[[4, 6]])[0]
    assert set(plain.tolist()) < set(with_sentences.tolist())
    try:
        batch_keys([words], WordHasher(), settings, sentences=[[4, 5]])
    except ValueError as error:
        assert "add up" in str(error)
    else:
        raise AssertionError("sentence lengths that miss a word were accepted")


@given(
    st.lists(st.tuples(st.integers(-(2**63), 2**63 - 1) | st.integers(-3, 3), st.integers(0, 2**31 - 1) | st.integers(0, 4)), max_size=60),
    st.booleans(),
)
def test_distinct_rows_are_the_sorted_set_of_key_and_document(rows: list[tuple[int, int]], presorted: bool) -> None:
    """Keys sorted already (as the key index gives them) or not, the rows are the distinct
    (key, document) pairs in key then document order."""
    if presorted:
        rows = sorted(rows, key=lambda row: row[0])
    keys = np.array([k for k, _ in rows], dtype=np.int64)
    docs = np.array([d for _, d in rows], dtype=np.int64)
    got_keys, got_docs = _distinct_rows(keys, docs)
    assert list(zip(got_keys.tolist(), got_docs.tolist(), strict=True)) == sorted(set(rows))


def test_a_rewrite_of_a_short_story_meets_its_source_through_its_whole_text_keys() -> None:
    """A journalist's rewrite restates and reorders every sentence (few shared 3-grams, few
    stems window by window) but keeps the story's content words: the two texts' whole-text keys
    meet; without them the pair shares under the two keys a candidate needs."""
    from copytrail.stages.sketch import text_keys
    from test_align import _STRIKE, _STRIKE_REWRITTEN

    def shared(settings: SketchSettings) -> int:
        found = text_keys([_STRIKE, _STRIKE_REWRITTEN], WordHasher(), settings)[1]
        return len(np.intersect1d(found[0], found[1]))

    assert shared(SketchSettings()) >= CandidateSettings().min_shared
    assert shared(SketchSettings(whole_bands=0)) < CandidateSettings().min_shared


def test_a_formula_table_gets_no_whole_text_keys() -> None:
    """Tables and wire formulas repeat a few words; their whole-text keys would pair every table
    with every other, so only prose (varied content stems) gets them."""
    from copytrail.stages.sketch import text_keys

    table = " ".join(
        f"Shr {i} cts vs {i + 3} cts. Net {i}.5 mln vs {i}.1 mln. Revs {i}8 mln vs {i}2 mln. Avg shrs {i}.2 mln vs {i}.9 mln."
        for i in range(1, 6)
    )
    with_keys = text_keys([table], WordHasher(), SketchSettings())[1][0]
    without = text_keys([table], WordHasher(), SketchSettings(whole_bands=0))[1][0]
    assert len(with_keys) == len(without)


def _own_words(seed: int, count: int) -> str:
    """Sentences of made-up words drawn from letters: two seeds share no content word."""
    rng = random.Random(seed)
    sentences = []
    while count > 0:
        k = rng.randint(8, 18)
        count -= k
        sentences.append(" ".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9))) for _ in range(k)).capitalize() + ".")
    return " ".join(sentences)


def test_an_obfuscated_passage_of_a_long_text_meets_its_source_through_content_keys() -> None:
    """Two texts of 3,000 words, one holding agency copy, the other the same words with every
    five reversed and the sentences run together (PAN's random obfuscation): no 3-gram and no
    sentence survives, the content words of each window do.  The aligner links the two; the
    scan's retrieval must propose them, which it did not while content keys stopped at 1,000
    words."""
    from copytrail.stages.align import align_texts
    from test_align import AGENCY_STORY

    words = AGENCY_STORY.replace(".", "").split()
    obfuscated = " ".join(w for i in range(0, len(words), 5) for w in reversed(words[i : i + 5])) + "."
    texts = [f"{_own_words(1, 1500)} {AGENCY_STORY} {_own_words(2, 1500)}", f"{_own_words(3, 1500)} {obfuscated} {_own_words(4, 1500)}"]
    assert [p.kind for p in align_texts(texts[0], texts[1])] == ["paraphrase"]

    def pairs(settings: SketchSettings) -> set[tuple[int, int]]:
        found = text_keys(texts, WordHasher(), settings)[1]
        docs = np.repeat(np.arange(len(texts)), [len(k) for k in found])
        a, b, _ = candidate_pairs(np.concatenate(found), docs, np.ones(len(texts), dtype=bool), CandidateSettings())
        return set(zip(a.tolist(), b.tolist(), strict=True))

    assert (0, 1) in pairs(SketchSettings())
    assert (0, 1) not in pairs(SketchSettings(content_max_words=1000))
    assert (0, 1) not in pairs(SketchSettings(content_bands=0))
