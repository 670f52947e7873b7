"""Sketch stage: passage-level MinHash signatures and LSH band keys, vectorised with numpy.

A document is cut into overlapping windows of ``window`` words (stride ``window // 2``), each
window is the set of its word ``ngram`` shingles, and each window gets a MinHash signature of
``bands * rows`` values.  Two passages sharing a band key are likely to overlap by at least
``(1 / bands) ** (1 / rows)`` Jaccard.  Hashes are stable across processes and machines (no
Python ``hash``), so keys stored by one scan match keys computed by the next.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import chain
from typing import NamedTuple

import numpy as np

from copytrail.stages.align.prepare import STEM_LENGTH, STOPWORDS
from copytrail.stages.language import stem
from copytrail.stages.segment import sketch_words_of

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_SEED = 0x5EED_C0DE


@dataclass(frozen=True, slots=True)
class SketchSettings:
    """Word 3-grams in 50-word windows, 30 bands of 2 rows: a short rewrite (40–150 words, a
    fifth of its words changed) still shares a band with its source; ``CandidateSettings.min_shared``
    2 keeps the candidates within about twice as many.  ``bench/short_retrieval.py``: retrieval
    keeps 98.9% of the pairs the aligner links (98.4% without the content keys, 91% without
    them and the probe keys of short documents, 53% with 4-grams and 20 bands of 3)."""

    ngram: int = 3
    window: int = 50
    bands: int = 30
    rows: int = 2
    # A document of at most this many passages (about 250 words) also gets probe keys: each
    # band made again with one row's second-smallest value in place of its smallest, so a short
    # rewrite whose smallest shingle was edited away still meets its source (0 = off).
    probe_windows: int = 9
    # Content keys: the same MinHash over the sets of content-word stems (function words and
    # words under three characters out, stems cut to the aligner's length) in windows of
    # ``content_window`` stems, in ``content_bands`` bands of ``content_rows`` rows: a
    # paraphrase that changes most word 3-grams keeps most content words, which is what the
    # aligner seeds on (0 bands = off; the values were chosen on bench/short_retrieval.py).
    # A document of fewer than half a window of content stems gets none, and so does one of
    # more than ``content_max_words`` words: a long text's content windows meet many texts on
    # its topic, and those pairs cost the most to align.  5,000 words holds long-form
    # journalism and essays, whose rewritten passages the 3-gram windows miss: on a scan of
    # the PAN 2013 corpus, 1,000 (the limit before) lost 24% of the randomly obfuscated cases
    # the aligner finds given the pairs, 5,000 loses 19% for 14% more candidate pairs, no
    # limit 18% for 24% more (``bench/pan_scan.py``); a book's thousands of windows stay out.
    content_window: int = 24
    content_bands: int = 8
    content_rows: int = 4
    content_max_words: int = 5000
    # Sentence keys: the same MinHash over each sentence's content-word stems (a sentence of at
    # least ``sentence_stems`` of them), in ``sentence_bands`` bands of ``sentence_rows`` rows.
    # A story that takes one sentence of another among its own shares few of its 50-word
    # windows' 3-grams with it, but that sentence's stems nearly all (0 bands = off; made only
    # when the caller gives each text's sentence lengths, ``segment.sketch_words``).
    sentence_bands: int = 12
    sentence_rows: int = 5
    sentence_stems: int = 8
    # Whole-text keys: the same MinHash over the set of a short document's content stems (from
    # ``whole_least`` to ``whole_stems`` of them), ``whole_bands`` bands of
    # ``whole_rows`` rows.  A journalist's rewrite restates and reorders every sentence: it
    # shares few 3-grams with its source, and few stems window by window, but keeps the
    # story's names, figures and most of its content words (our rewrites in ten languages:
    # a third to a half of the two texts' stems; a story on the same event, a tenth or less).
    # Only prose gets them: a document whose content stems are at least ``whole_variety``
    # percent distinct.  Tables and wire formulas repeat a few words ("Shr ... cts vs ... cts,
    # Net ... mln vs ... mln") and share most of them with every other of their kind: on the
    # 21,268 Reuters and BBC stories, whole-text keys for all short texts added 68% more
    # candidate pairs, mostly such formulas; for prose alone, 7.5% (0 bands = off).
    whole_bands: int = 24
    whole_rows: int = 2
    whole_least: int = 24
    whole_stems: int = 150
    whole_variety: int = 85
    scheme: int = 8  # version of hashing and word rules (3: script folding, 4: stems, 5: folded function words, 6: detached Persian affixes joined, 7: sentence keys, 8: Urdu function words and endings, whole-text keys): stored keys from another are remade

    @property
    def permutations(self) -> int:
        return self.bands * self.rows

    @property
    def stride(self) -> int:
        """Block size in shingles; a passage is two consecutive blocks (``window`` shingles)."""
        return max(1, self.window // 2)

    def sentence(self) -> SketchSettings:
        """The settings of the sentence keys: single stems, one window per sentence, no probes."""
        return replace(
            self, ngram=1, window=2**31, bands=self.sentence_bands, rows=self.sentence_rows,
            probe_windows=0, content_bands=0, sentence_bands=0, whole_bands=0,
        )  # fmt: skip

    def whole(self) -> SketchSettings:
        """The settings of the whole-text keys: single stems, one window per document, no probes."""
        return replace(
            self, ngram=1, window=2**31, bands=self.whole_bands, rows=self.whole_rows,
            probe_windows=0, content_bands=0, sentence_bands=0, whole_bands=0,
        )  # fmt: skip

    def content(self) -> SketchSettings:
        """The settings of the content keys: single stems as shingles, no probes."""
        return replace(
            self, ngram=1, window=self.content_window, bands=self.content_bands, rows=self.content_rows,
            probe_windows=0, content_bands=0, sentence_bands=0, whole_bands=0,
        )  # fmt: skip


@functools.lru_cache(maxsize=8)
def _permutations(count: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, 2**63 - 1, size=count, dtype=np.int64).astype(np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63 - 1, size=count, dtype=np.int64).astype(np.uint64)
    return a, b


class _HashCache(dict[str, int]):
    """Word -> stable 64-bit hash of its stem (``stages.language.stem``: a word with or without
    the Arabic article or a Russian case ending hashes the same); a missing word is hashed on
    first look-up, so stemming costs once per distinct word."""

    def __missing__(self, word: str) -> int:
        digest = hashlib.blake2b(stem(word).encode("utf-8", "surrogatepass"), digest_size=8)
        value = self[word] = int.from_bytes(digest.digest(), "little")
        return value


class _ContentCache(dict[str, int]):
    """Word -> stable hash of its stem cut to the aligner's length (``align.prepare``), or 0
    for what content keys leave out: a function word, and a word of under three characters
    (in Chinese or Thai text a "word" is one character or cluster, as common as a letter)."""

    def __missing__(self, word: str) -> int:
        if word in STOPWORDS or len(word) < 3:
            value = 0
        else:
            digest = hashlib.blake2b(stem(word)[:STEM_LENGTH].encode("utf-8", "surrogatepass"), digest_size=8, person=b"content")
            value = int.from_bytes(digest.digest(), "little") or 1
        self[word] = value
        return value


class WordHasher:
    """Stable 64-bit word hashes, computed once per distinct word and cached.

    Every word costs one dictionary look-up made in C (``map`` over ``__getitem__``); only
    a word seen for the first time runs Python code, through ``__missing__``.
    """

    MAX_CACHED = 2_000_000

    def __init__(self) -> None:
        self._cache = _HashCache()
        self._content = _ContentCache()

    def __call__(self, words: Sequence[str]) -> np.ndarray:
        if len(self._cache) > self.MAX_CACHED:
            self._cache.clear()
        return np.fromiter(map(self._cache.__getitem__, words), dtype=np.uint64, count=len(words))

    def content(self, words: Sequence[str], keep_all: bool = False) -> np.ndarray:
        """Hashes of the content words' stems, in order (function words left out, or, with
        ``keep_all``, kept as 0 so that positions stay those of ``words``)."""
        if len(self._content) > self.MAX_CACHED:
            self._content.clear()
        hashes = np.fromiter(map(self._content.__getitem__, words), dtype=np.uint64, count=len(words))
        return hashes if keep_all else hashes[hashes != 0]


_SHINGLE_MULT = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
     0x85EBCA77C2B2AE63, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB],
    dtype=np.uint64,
)


def shingles(word_hashes: np.ndarray, ngram: int) -> np.ndarray:
    """Hashes of consecutive word n-grams (a text shorter than n gives one shingle of it all)."""
    n = len(word_hashes)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    size = min(ngram, n)
    count = n - size + 1
    with np.errstate(over="ignore"):
        out = np.zeros(count, dtype=np.uint64)
        for k in range(size):
            out = out * _SHINGLE_MULT[k % 8] + word_hashes[k : k + count]
        out ^= out >> np.uint64(29)
    return out


def _doc_shingles(
    hashes: np.ndarray, lengths: np.ndarray, ngram: int
) -> tuple[np.ndarray, np.ndarray]:
    """Shingles of many documents at once (word hashes concatenated), and each one's document.

    A document shorter than ``ngram`` words gives one shingle of all its words, as
    :func:`shingles` does for a single document.
    """
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    full = shingles(hashes, ngram) if len(hashes) >= ngram else np.empty(0, dtype=np.uint64)
    counts = np.maximum(lengths - ngram + 1, 0)
    doc_ids = np.repeat(np.arange(len(lengths)), counts)
    # position of each valid shingle in the concatenated array: its document's start + offset
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    positions = np.repeat(starts, counts) + offsets
    out = full[positions] if len(positions) else np.empty(0, dtype=np.uint64)
    short = np.flatnonzero((lengths > 0) & (lengths < ngram))
    if len(short):
        extra = np.array([shingles(hashes[starts[d] : starts[d] + lengths[d]], ngram)[0] for d in short], dtype=np.uint64)
        out = np.concatenate([out, extra])
        doc_ids = np.concatenate([doc_ids, short])
        order = np.argsort(doc_ids, kind="stable")
        out, doc_ids = out[order], doc_ids[order]
    return out, doc_ids


def batch_keys(
    word_lists: list[list[str]],
    hasher: WordHasher,
    settings: SketchSettings,
    chunk_words: int = 100_000,
    sentences: Sequence[Sequence[int]] | None = None,
) -> list[np.ndarray]:
    """The distinct band keys of every document (word 3-gram keys, their probes, content
    keys, whole-text keys, and sentence keys where ``sentences`` gives each document's sentence lengths in
    words, as ``segment.sketch_words`` does), computed a chunk of documents at a time."""
    out: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * len(word_lists)
    begin = 0
    while begin < len(word_lists):
        end, total = begin, 0
        while end < len(word_lists) and (end == begin or total + len(word_lists[end]) <= chunk_words):
            total += len(word_lists[end])
            end += 1
        chunk = word_lists[begin:end]
        lengths = np.array([len(w) for w in chunk], dtype=np.int64)
        if lengths.sum():
            flat_words = list(chain.from_iterable(chunk))
            sh, sh_doc = _doc_shingles(hasher(flat_words), lengths, settings.ngram)
            keys, key_doc = _window_keys(sh, sh_doc, len(chunk), settings)
            with_sentences = bool(settings.sentence_bands) and sentences is not None
            # each word's content stem hash (0: none), read once for content and sentence keys
            stems = hasher.content(flat_words, keep_all=True) if settings.content_bands or settings.whole_bands or with_sentences else _NO_STEMS
            if settings.content_bands or settings.whole_bands:
                chunk_stems = _ChunkStems.of(stems, lengths)
                if settings.content_bands:
                    more, more_doc = _content_keys(chunk_stems, lengths, settings)
                    keys = np.concatenate([keys, more ^ CONTENT_SALT])
                    key_doc = np.concatenate([key_doc, more_doc])
                if settings.whole_bands:
                    more, more_doc = _whole_text_keys(chunk_stems, settings)
                    keys = np.concatenate([keys, more ^ WHOLE_SALT])
                    key_doc = np.concatenate([key_doc, more_doc])
            if with_sentences:
                more, more_doc = _sentence_keys(stems, lengths, sentences[begin:end], settings)  # type: ignore[index]
                keys = np.concatenate([keys, more ^ SENTENCE_SALT])
                key_doc = np.concatenate([key_doc, more_doc])
            # distinct keys per document: sort by key, then stably by document, drop repeats.
            # The key sort need not be stable (equal keys are equal values), and a stable sort
            # of small document numbers is a radix sort: both far faster than two merge sorts.
            order = np.argsort(keys)
            doc_type = np.int16 if len(chunk) < 2**15 else np.int64
            order = order[np.argsort(key_doc[order].astype(doc_type), kind="stable")]
            keys, key_doc = keys[order], key_doc[order]
            keep = np.ones(len(keys), dtype=bool)
            keep[1:] = (keys[1:] != keys[:-1]) | (key_doc[1:] != key_doc[:-1])
            keys, key_doc = keys[keep], key_doc[keep]
            bounds = np.searchsorted(key_doc, np.arange(len(chunk) + 1))
            for d in range(len(chunk)):
                out[begin + d] = keys[bounds[d] : bounds[d + 1]]
        begin = end
    return out


_NO_STEMS = np.empty(0, dtype=np.uint64)
CONTENT_SALT = np.int64(0x2545F4914F6CDD1D)  # content keys never equal word 3-gram keys by design
SENTENCE_SALT = np.int64(0x1F3D5B79A2C4E6F8)  # nor do sentence keys either of them
WHOLE_SALT = np.int64(0x6A09E667F3BCC909)  # nor whole-text keys any of them


class _ChunkStems(NamedTuple):
    """A chunk's content stems by document, read once for its content and whole-text keys."""

    stems: np.ndarray  # every word's stem hash, 0 for none
    doc_of_word: np.ndarray
    is_stem: np.ndarray
    counts: np.ndarray  # content stems of each document

    @classmethod
    def of(cls, stems: np.ndarray, lengths: np.ndarray) -> _ChunkStems:
        doc_of_word = np.repeat(np.arange(len(lengths)), lengths)
        is_stem = stems != 0
        return cls(stems, doc_of_word, is_stem, np.bincount(doc_of_word[is_stem], minlength=len(lengths)))

    def keys(self, wanted: np.ndarray, settings: SketchSettings) -> tuple[np.ndarray, np.ndarray]:
        """Band keys of the ``wanted`` documents' stems (``settings``' windows), and each key's document."""
        kept = self.is_stem & wanted[self.doc_of_word]
        if not kept.any():
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        return _window_keys(self.stems[kept], self.doc_of_word[kept], len(self.counts), settings)


def _content_keys(chunk: _ChunkStems, lengths: np.ndarray, settings: SketchSettings) -> tuple[np.ndarray, np.ndarray]:
    """Content keys of a chunk (``lengths``: each document's words): a long document, or one
    of under half a window of content stems, gets none."""
    content = settings.content()
    return chunk.keys((lengths <= settings.content_max_words) & (chunk.counts >= content.stride), content)


def _whole_text_keys(chunk: _ChunkStems, settings: SketchSettings) -> tuple[np.ndarray, np.ndarray]:
    """Whole-text keys of a chunk (``SketchSettings``): one window of all a document's content
    stems, for short documents of prose (varied enough stems), and each key's document."""
    doc, stem = chunk.doc_of_word[chunk.is_stem], chunk.stems[chunk.is_stem]
    order = np.lexsort((stem, doc))
    doc_sorted, stem_sorted = doc[order], stem[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (doc_sorted[1:] != doc_sorted[:-1]) | (stem_sorted[1:] != stem_sorted[:-1])
    distinct = np.bincount(doc_sorted[first], minlength=len(chunk.counts))
    counts = chunk.counts
    wanted = (counts >= settings.whole_least) & (counts <= settings.whole_stems) & (distinct * 100 >= settings.whole_variety * counts)
    return chunk.keys(wanted, settings.whole())


def _sentence_keys(
    stems: np.ndarray, lengths: np.ndarray, sentences: Sequence[Sequence[int]], settings: SketchSettings
) -> tuple[np.ndarray, np.ndarray]:
    """Band keys of every sentence of ``sentence_stems`` content stems or more, and each
    key's document (the chunk's index)."""
    sizes = np.fromiter(chain.from_iterable(sentences), dtype=np.int64)
    if sizes.sum() != lengths.sum():
        raise ValueError("sentence lengths do not add up to the documents' words")
    sentence_of_word = np.repeat(np.arange(len(sizes)), sizes)
    document_of_sentence = np.repeat(np.arange(len(lengths)), [len(s) for s in sentences])
    content = stems != 0
    stems, sentence_of_stem = stems[content], sentence_of_word[content]
    wanted = np.bincount(sentence_of_stem, minlength=len(sizes)) >= settings.sentence_stems
    kept = wanted[sentence_of_stem]
    if not kept.any():
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    renumbered = np.cumsum(wanted) - 1  # kept sentences numbered 0.. in order
    keys, key_sentence = _window_keys(stems[kept], renumbered[sentence_of_stem[kept]], int(wanted.sum()), settings.sentence())
    return keys, document_of_sentence[np.flatnonzero(wanted)][key_sentence]


def _window_keys(
    sh: np.ndarray, sh_doc: np.ndarray, documents: int, settings: SketchSettings
) -> tuple[np.ndarray, np.ndarray]:
    """Band keys of every passage of a chunk's documents (``sh``: their shingles in order,
    ``sh_doc``: each one's document), with probes for short documents, and each key's document.

    Passages are pairs of consecutive blocks of ``stride`` shingles, so one ``minimum.reduceat``
    over the whole chunk gives every block's minima and a second ``minimum`` every window's:
    no per-document or per-window Python loop.
    """
    a32, b32 = _permutations32(settings.permutations)
    stride = settings.stride
    # 32-bit permutations over (permutation, shingle): half the memory traffic of 64-bit
    # values, and reductions run along contiguous rows
    high = (sh >> np.uint64(32)).astype(np.uint32)
    hashed = np.empty((len(a32), len(sh)), dtype=np.uint32)
    np.multiply(a32[:, None], high[None, :], out=hashed)
    np.add(hashed, b32[:, None], out=hashed)  # in place: no second temporary
    # block of each shingle within its document
    per_doc = np.bincount(sh_doc, minlength=documents)
    first_of_doc = np.cumsum(per_doc) - per_doc
    position = np.arange(len(sh)) - np.repeat(first_of_doc, per_doc)
    block_in_doc = position // stride
    new_block = np.ones(len(sh), dtype=bool)
    new_block[1:] = (sh_doc[1:] != sh_doc[:-1]) | (block_in_doc[1:] != block_in_doc[:-1])
    block_starts = np.flatnonzero(new_block)
    block_min = np.minimum.reduceat(hashed, block_starts, axis=1)
    block_doc = sh_doc[block_starts]
    blocks_per_doc = np.bincount(block_doc, minlength=documents)
    first_block = np.cumsum(blocks_per_doc) - blocks_per_doc
    # windows: (k, k+1) for documents with several blocks, (0, 0) for one block
    windows_per_doc = np.maximum(blocks_per_doc - 1, np.minimum(blocks_per_doc, 1))
    window_doc = np.repeat(np.arange(documents), windows_per_doc)
    k = np.arange(int(windows_per_doc.sum())) - np.repeat(np.cumsum(windows_per_doc) - windows_per_doc, windows_per_doc)
    left = np.repeat(first_block, windows_per_doc) + k
    right = np.where(np.repeat(blocks_per_doc, windows_per_doc) > 1, left + 1, left)
    sigs = np.minimum(block_min[:, left], block_min[:, right]).T
    keys = band_keys(sigs, settings)
    key_doc = np.repeat(window_doc, settings.bands)
    short = (windows_per_doc <= settings.probe_windows) & (windows_per_doc > 0)
    if short.any():
        probes, probe_doc = _probe_keys(hashed, sh_doc, block_starts, block_min, sigs, (left, right, window_doc), short, settings)
        keys, key_doc = np.concatenate([keys, probes]), np.concatenate([key_doc, probe_doc])
    return keys, key_doc


_NO_VALUE = np.uint32(0xFFFFFFFF)


def _probe_keys(
    hashed: np.ndarray,
    sh_doc: np.ndarray,
    block_starts: np.ndarray,
    block_min: np.ndarray,
    sigs: np.ndarray,
    windows: tuple[np.ndarray, np.ndarray, np.ndarray],
    short: np.ndarray,
    settings: SketchSettings,
) -> tuple[np.ndarray, np.ndarray]:
    """Probe keys of the short documents' passages, and each one's document.

    A short text has few passages, so few chances to share a band with its source: a rewrite
    that edits a passage's smallest shingle away changes every band that row is in.  The
    second-smallest value of each row (the value that wins when the smallest is gone) makes
    ``rows`` more keys per band; long documents get none, so neither their keys nor their
    cost change, and a long source still meets a short rewrite through its ordinary keys.
    Only the short documents' shingles are read again (the cost stays with them).
    """
    left, right, window_doc = windows
    block_doc = sh_doc[block_starts]
    short_blocks = np.flatnonzero(short[block_doc])
    lengths = np.diff(np.append(block_starts, len(sh_doc)))[short_blocks]
    columns = np.repeat(block_starts[short_blocks] - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
    values = hashed[:, columns]
    starts = np.cumsum(lengths) - lengths
    # each block's second-smallest value: the smallest once its smallest (all copies) is gone
    first = block_min[:, short_blocks]
    values[values == np.repeat(first, lengths, axis=1)] = _NO_VALUE
    second = np.full(block_min.shape, _NO_VALUE, dtype=np.uint32)
    second[:, short_blocks] = np.minimum.reduceat(values, starts, axis=1)
    chosen = np.flatnonzero(short[window_doc])
    lo, hi = left[chosen], right[chosen]
    smallest = sigs[chosen].T  # (permutations, windows)
    options = np.stack([block_min[:, lo], second[:, lo], block_min[:, hi], second[:, hi]])
    options[options == smallest[None]] = _NO_VALUE
    runner_up = options.min(axis=0).T  # (windows, permutations)
    keys, docs = [], []
    base = sigs[chosen]
    for row in range(settings.rows):
        probe = base.copy()
        probe[:, row :: settings.rows] = runner_up[:, row :: settings.rows]
        found = runner_up[:, row :: settings.rows] != _NO_VALUE  # (windows, bands)
        keys.append(band_keys(probe, settings)[found.ravel()])
        docs.append(np.repeat(window_doc[chosen], settings.bands)[found.ravel()])
    return np.concatenate(keys), np.concatenate(docs)


def window_bounds(shingle_count: int, settings: SketchSettings) -> list[tuple[int, int]]:
    """``(start, stop)`` shingle ranges of a document's passages: pairs of consecutive blocks
    of ``stride`` shingles (one block for a short document), as :func:`batch_keys` cuts them."""
    if shingle_count <= 0:
        return []
    stride = settings.stride
    blocks = -(-shingle_count // stride)
    if blocks == 1:
        return [(0, shingle_count)]
    return [(k * stride, min((k + 2) * stride, shingle_count)) for k in range(blocks - 1)]


def window_starts(shingle_count: int, settings: SketchSettings) -> np.ndarray:
    """Start indices (in shingles) of the overlapping passages covering the document."""
    return np.array([start for start, _ in window_bounds(shingle_count, settings)], dtype=np.int64)


def _permutations32(count: int) -> tuple[np.ndarray, np.ndarray]:
    a, b = _permutations(count)
    return (a >> np.uint64(32)).astype(np.uint32) | np.uint32(1), (b >> np.uint64(32)).astype(np.uint32)


def signatures(shingle_hashes: np.ndarray, settings: SketchSettings) -> np.ndarray:
    """MinHash signature of every passage of one document: ``(passages, permutations)`` uint32.

    The reference form of what :func:`batch_keys` computes for many documents at once.
    """
    a32, b32 = _permutations32(settings.permutations)
    bounds = window_bounds(len(shingle_hashes), settings)
    if not bounds:
        return np.empty((0, settings.permutations), dtype=np.uint32)
    with np.errstate(over="ignore"):
        hashed = a32[:, None] * (shingle_hashes >> np.uint64(32)).astype(np.uint32)[None, :] + b32[:, None]
    return np.stack([hashed[:, start:stop].min(axis=1) for start, stop in bounds])


def probe_signatures(shingle_hashes: np.ndarray, settings: SketchSettings) -> np.ndarray:
    """Every passage's second-smallest distinct value per permutation (``_NO_VALUE`` where a
    passage has one distinct shingle): the reference form of what :func:`_probe_keys` uses."""
    a32, b32 = _permutations32(settings.permutations)
    bounds = window_bounds(len(shingle_hashes), settings)
    with np.errstate(over="ignore"):
        hashed = a32[:, None] * (shingle_hashes >> np.uint64(32)).astype(np.uint32)[None, :] + b32[:, None]
    out = np.full((len(bounds), settings.permutations), _NO_VALUE, dtype=np.uint32)
    for w, (start, stop) in enumerate(bounds):
        for p in range(settings.permutations):
            distinct = np.unique(hashed[p, start:stop])
            if len(distinct) > 1:
                out[w, p] = distinct[1]
    return out


def band_keys(sigs: np.ndarray, settings: SketchSettings) -> np.ndarray:
    """One signed 64-bit key per (window, band): equal keys mean an equal band."""
    if not len(sigs):
        return np.empty(0, dtype=np.int64)
    windows = sigs.reshape(len(sigs), settings.bands, settings.rows)
    with np.errstate(over="ignore"):
        keys = np.full((len(sigs), settings.bands), 0xCBF29CE484222325, dtype=np.uint64)
        for r in range(settings.rows):
            keys = (keys ^ windows[:, :, r]) * np.uint64(0x100000001B3)
        keys = keys * np.uint64(0x9E3779B97F4A7C15) + np.arange(settings.bands, dtype=np.uint64)
    return keys.ravel().view(np.int64)


def document_keys(
    words: list[str], hasher: WordHasher, settings: SketchSettings, sentences: Sequence[int] | None = None
) -> np.ndarray:
    """The distinct band keys of one document's passages (the same as :func:`batch_keys`)."""
    return batch_keys([words], hasher, settings, sentences=None if sentences is None else [sentences])[0]


def text_keys(texts: Sequence[str], hasher: WordHasher, settings: SketchSettings) -> tuple[list[list[str]], list[np.ndarray]]:
    """Every text's words and band keys, sentence keys included: what a scan stores."""
    read = sketch_words_of(texts)
    word_lists = [w for w, _ in read]
    return word_lists, batch_keys(word_lists, hasher, settings, sentences=[lengths for _, lengths in read])
