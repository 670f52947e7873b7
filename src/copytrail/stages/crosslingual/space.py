"""Sentences of many languages in one vector space, made comparable across languages, and
the two questions asked of it: which document pairs may share a translated passage
(``candidates``: nearest-neighbour search, no comparison of all pairs), and which of
their passages translate each other (``passages``: the sentence-level judge).

Two corrections make raw multilingual-e5 cosines usable (measured on the development set,
``bench/xling_dev.py``):

- **language centring**: each language's mean vector is taken off its sentences (the mean
  says "this is Persian" more than what a sentence means; shrunk towards the corpus mean
  while a language has few sentences), then vectors are normalised again;
- **margin**: a pair's cosine divided by the mean of each sentence's cosines with its
  nearest sentences in other languages (its *base*), so that a sentence close to every
  other (a hub, a formula) needs more than one close only to its translation.

Translators join two sentences into one and cut one in two.  Two adjacent sentences are
therefore also read as one (**joined**: their vectors summed, weighted by length, within a
few hundredths of the cosine the encoder gives them written as one sentence; a margin base
of its own): a translated passage's first or last sentence pair takes in the neighbouring
sentence of either side that is nearest the other side's end sentence and whose joined
reading with its own side's end sentence fits that sentence at least as well as the end
sentence alone.  Joined readings never make a passage by themselves: they score
higher than single sentences for look-alikes too (on xling-dev, linking them gave a dozen
false passages).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from copytrail.stages.crosslingual.settings import CrossLingualSettings
from copytrail.stages.crosslingual.vectors import DocumentSentences

SHRINK_SENTENCES = 50  # a language's mean counts as this many sentences of the corpus mean
CHUNK_ELEMENTS = 1 << 22  # elements of the largest temporary array the margin bases make at once
EXACT_UP_TO = 20_000  # sentences of one language searched exactly; beyond, an inverted-file index

PassageTuple = tuple[int, int, int, int, str, float, int]


class TranslationSpace:
    """Centred sentence vectors of a corpus, one nearest-neighbour index per language, and
    each sentence's margin base.  ``languages``: each document's language; documents in
    ``und`` (undetermined) take no part."""

    def __init__(
        self, sentences: Mapping[str, DocumentSentences], languages: Mapping[str, str], settings: CrossLingualSettings
    ) -> None:
        self.settings = settings
        self.docs = sorted(d for d in sentences if languages.get(d, "und") != "und" and sentences[d].usable.any())
        self.language = {d: languages[d] for d in self.docs}
        self.sentences = {d: sentences[d] for d in self.docs}
        self.centred: dict[str, np.ndarray] = {}
        self.base: dict[str, np.ndarray] = {}  # margin bases, each sentence's translation clique left out
        self.plain_base: dict[str, np.ndarray] = {}  # over all its nearest: pairs outside a clique, and one pair alone
        self._clique: dict[str, np.ndarray] = {}  # each sentence's clique members per language (rows, -1 for none)
        self._first_row: dict[str, int] = {}  # the row of each document's first sentence
        self._language_code: dict[str, int] = {}
        self._means: dict[str, np.ndarray] = {}
        self._joined: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._indexes: dict[str, tuple[object, np.ndarray, np.ndarray]] = {}
        if len(set(self.language.values())) < 2:
            return
        self._centre()
        self._build_indexes()
        self._bases()

    def _centre(self) -> None:
        """Each language's (shrunk) mean taken off its usable sentences, then renormalised."""
        by_language: dict[str, list[np.ndarray]] = {}
        for doc in self.docs:
            s = self.sentences[doc]
            by_language.setdefault(self.language[doc], []).append(s.vectors[s.usable])
        stacked = {lang: np.vstack(blocks) for lang, blocks in by_language.items()}
        overall = np.vstack(list(stacked.values())).mean(axis=0)
        means = {
            lang: (rows.sum(axis=0) + SHRINK_SENTENCES * overall) / (len(rows) + SHRINK_SENTENCES)
            for lang, rows in stacked.items()
        }
        self._means = means
        for doc in self.docs:
            s = self.sentences[doc]
            self.centred[doc] = _centred(s.vectors, means[self.language[doc]], s.usable)

    def joined(self, doc: str) -> tuple[np.ndarray, np.ndarray]:
        """Each two adjacent sentences of ``doc`` read as one: centred vectors (row ``i``
        joins sentences ``i`` and ``i + 1``; zero unless both are usable) and margin bases,
        found as a sentence's are (a joined reading lies nearer the middle of everything)."""
        if doc not in self._joined:
            s = self.sentences[doc]
            lengths = (s.ends - s.starts).astype(np.float32)[:, None]
            summed = s.vectors[:-1] * lengths[:-1] + s.vectors[1:] * lengths[1:]
            summed /= np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-12)
            centred = _centred(summed, self._means[self.language[doc]], s.usable[:-1] & s.usable[1:])
            self._joined[doc] = (centred, self._margin_bases(self.language[doc], centred))
        return self._joined[doc]

    def _build_indexes(self) -> None:
        """Per language: a faiss inner-product index of its usable sentences, with each row's
        document number and sentence number."""

        number = {doc: k for k, doc in enumerate(self.docs)}
        for lang in sorted(set(self.language.values())):
            members = [d for d in self.docs if self.language[d] == lang]
            rows = [np.flatnonzero(self.sentences[d].usable) for d in members]
            matrix = np.ascontiguousarray(np.vstack([self.centred[d][r] for d, r in zip(members, rows, strict=True)]))
            owner = np.concatenate([np.full(len(r), number[d], dtype=np.int64) for d, r in zip(members, rows, strict=True)])
            sentence = np.concatenate(rows).astype(np.int64)
            self._indexes[lang] = (sentence_index(matrix), owner, sentence)

    def _search_each_language(self, lang: str, queries: np.ndarray, k: int) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Per other language, the ``k`` nearest of its sentences for each query row, nearest
        first: cosines (``-inf`` where it has fewer), document numbers and sentence numbers
        (``-1``)."""
        import faiss

        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)  # these searches are small: one thread was 2.7 times faster (xling-dev)
        try:
            found_all = {other: index.search(queries, k) for other, (index, _, _) in self._indexes.items() if other != lang}  # type: ignore[attr-defined]
        finally:
            faiss.omp_set_num_threads(threads)
        out: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for other, (found_sims, found) in found_all.items():
            _, owner, sentence = self._indexes[other]
            valid = found >= 0
            safe = np.where(valid, found, 0)
            out[other] = (np.where(valid, found_sims, -np.inf), np.where(valid, owner[safe], -1), np.where(valid, sentence[safe], -1))
        return out

    def _search_other_languages(self, lang: str, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The ``k`` nearest sentences of every other language for each query row, side by
        side: cosines, document numbers, sentence numbers (``-1`` where a language has fewer)."""
        found = list(self._search_each_language(lang, queries, k).values())
        return tuple(np.hstack([f[part] for f in found]) for part in range(3))  # type: ignore[return-value]

    def _bases(self) -> None:
        """Each sentence's margin base: the mean cosine of its ``neighbours`` nearest sentences
        in other languages, its translation clique left out (``translation_cliques``)."""
        k, floor = self.settings.neighbours, self.settings.base_floor
        languages = sorted(self._indexes)
        code = {lang: c for c, lang in enumerate(languages)}
        offsets = np.cumsum([0] + [len(self.sentences[d]) for d in self.docs])  # each document's first row
        # a clique holds at most one sentence of each other language: k + 1 nearest of each, and
        # k + (languages - 1) nearest over all, always leave k outside it
        total, depth = int(offsets[-1]), k + len(languages) - 1
        nearest = np.full((total, len(languages)), -1, dtype=np.int64)  # each row's nearest row of each language
        pooled_sims = np.full((total, depth), -np.inf, dtype=np.float32)
        pooled_rows = np.full((total, depth), -1, dtype=np.int64)
        row_language = np.zeros(total, dtype=np.int64)
        usable = np.concatenate([self.sentences[d].usable for d in self.docs])
        for lang in languages:
            numbers = [n for n, d in enumerate(self.docs) if self.language[d] == lang]
            own = np.concatenate([np.arange(offsets[n], offsets[n + 1]) for n in numbers])
            row_language[own] = code[lang]
            found = self._search_each_language(lang, np.ascontiguousarray(np.vstack([self.centred[self.docs[n]] for n in numbers])), k + 1)
            blocks = []
            for other, (sims, owners, sentences) in found.items():
                rows = np.where(owners >= 0, offsets[np.maximum(owners, 0)] + sentences, -1)
                nearest[own, code[other]] = rows[:, 0]
                blocks.append((sims, rows))
            sims, rows = np.hstack([b[0] for b in blocks]), np.hstack([b[1] for b in blocks])
            order = np.argsort(-sims, axis=1, kind="stable")[:, :depth]
            pooled_sims[own, : order.shape[1]] = np.take_along_axis(sims, order, axis=1)
            pooled_rows[own, : order.shape[1]] = np.take_along_axis(rows, order, axis=1)
        clique = translation_cliques(nearest, row_language, usable) if self.settings.cliques else np.zeros(nearest.shape, dtype=bool)
        left_out = np.where(clique, nearest, -2)
        kept = np.isfinite(pooled_sims)
        step = max(1, CHUNK_ELEMENTS // (depth * len(languages)))
        for at in range(0, total, step):  # rows a chunk at a time: (rows, depth, languages) stays small
            part = slice(at, at + step)
            kept[part] &= ~(pooled_rows[part, :, None] == left_out[part, None, :]).any(axis=2)
        kept &= np.cumsum(kept, axis=1) <= k  # the k nearest outside the clique (fewer count as 0, as a missing neighbour)
        bases = np.maximum(np.where(kept, pooled_sims, 0.0).sum(axis=1) / k, floor).astype(np.float32)
        top = pooled_sims[:, :k]
        plain = np.maximum(np.where(np.isfinite(top), top, 0.0).mean(axis=1), floor).astype(np.float32)
        members = np.where(clique, nearest, -1)
        self._language_code = code
        self._all_bases, self._all_plain, self._doc_first_row = bases, plain, offsets[:-1]
        self._doc_language = np.array([code[self.language[d]] for d in self.docs], dtype=np.int64)
        for n, doc in enumerate(self.docs):
            at = slice(offsets[n], offsets[n + 1])
            self.base[doc], self.plain_base[doc], self._first_row[doc] = bases[at], plain[at], int(offsets[n])
            self._clique[doc] = members[at]

    def _margin_bases(self, lang: str, rows: np.ndarray) -> np.ndarray:
        """The mean cosine of each of ``rows`` (centred vectors of language ``lang``) with its
        ``neighbours`` nearest sentences in other languages, never below ``base_floor``."""
        k, floor = self.settings.neighbours, self.settings.base_floor
        if not len(rows):
            return np.zeros(0, dtype=np.float32)
        sims, _, _ = self._search_other_languages(lang, np.ascontiguousarray(rows), k)
        top = -np.sort(-sims, axis=1)[:, :k]
        top = np.where(np.isfinite(top), top, 0.0)
        return np.maximum(top.mean(axis=1), floor).astype(np.float32)

    def candidates(self, docs: Iterable[str]) -> set[tuple[str, str]]:
        """Pairs (sorted) of one of ``docs`` with a document of another language where two
        sentence pairs, or one with a margin of ``single``, clear ``link`` among each
        query sentence's nearest neighbours (all of one language's queries searched at once)."""
        settings = self.settings
        number = {doc: k for k, doc in enumerate(self.docs)}
        by_language: dict[str, list[str]] = {}
        for doc in docs:
            if doc in self.centred:
                by_language.setdefault(self.language[doc], []).append(doc)
        found: dict[tuple[str, str], list[float]] = {}
        for lang, members in by_language.items():
            rows = [np.flatnonzero(self.sentences[d].usable) for d in members]
            queries = np.ascontiguousarray(np.vstack([self.centred[d][r] for d, r in zip(members, rows, strict=True)]))
            query_doc = np.concatenate([np.full(len(r), number[d], dtype=np.int64) for d, r in zip(members, rows, strict=True)])
            query_base = np.concatenate([self.base[d][r] for d, r in zip(members, rows, strict=True)])
            query_plain = np.concatenate([self.plain_base[d][r] for d, r in zip(members, rows, strict=True)])
            query_clique = np.vstack([self._clique[d][r] for d, r in zip(members, rows, strict=True)])
            query_row = np.concatenate(rows)
            sims, owners, sentences = self._search_other_languages(lang, queries, settings.search_k)
            hit = owners >= 0
            found_rows = np.where(hit, self._doc_first_row[np.maximum(owners, 0)] + sentences, 0)
            other_base, other_plain = self._all_bases[found_rows], self._all_plain[found_rows]
            clique_there = np.take_along_axis(query_clique, self._doc_language[np.maximum(owners, 0)], axis=1)  # the query's member in its language
            in_clique = hit & (clique_there == found_rows)
            plain = np.where(hit, sims / ((query_plain[:, None] + other_plain) / 2), 0.0)
            margins = np.where(in_clique, sims / ((query_base[:, None] + other_base) / 2), plain)
            for q, j in zip(*np.nonzero(margins >= settings.link / max(settings.figures_agree, 1.0)), strict=True):
                doc, other = self.docs[query_doc[q]], self.docs[owners[q, j]]
                factor = figure_factor(self.sentences[doc].numbers[query_row[q]], self.sentences[other].numbers[sentences[q, j]], settings)
                if float(margins[q, j]) * factor >= settings.link:
                    found.setdefault((min(doc, other), max(doc, other)), []).append(float(plain[q, j]) * factor)
        return {pair for pair, alone in found.items() if len(alone) >= 2 or max(alone) >= settings.single}

    def passages(self, a: str, b: str) -> list[PassageTuple]:
        """Passages of ``a`` and ``b`` that translate each other: runs of mutually nearest
        sentence pairs (each ``link`` or more, in order on both sides, at most ``max_step``
        sentences apart) whose mean margin reaches ``run`` (one pair alone: ``single``)."""
        settings = self.settings
        if a not in self.centred or b not in self.centred or self.language[a] == self.language[b]:
            return []
        sims = self.centred[a] @ self.centred[b].T
        plain_a, plain_b = self.plain_base[a], self.plain_base[b]
        factors = figure_factors(self.sentences[a].numbers, self.sentences[b].numbers, settings)
        alone = sims / ((plain_a[:, None] + plain_b[None, :]) / 2) * factors
        in_clique = (self._clique[a][:, self._language_code[self.language[b]]] - self._first_row[b])[:, None] == np.arange(len(plain_b))[None, :]
        margins = np.where(in_clique, sims / ((self.base[a][:, None] + self.base[b][None, :]) / 2) * factors, alone)
        margins[~self.sentences[a].usable] = 0.0
        margins[:, ~self.sentences[b].usable] = 0.0
        (joined_a, base_a), (joined_b, base_b) = self.joined(a), self.joined(b)
        readings = Joined(
            (joined_a @ self.centred[b].T) / ((base_a[:, None] + plain_b[None, :]) / 2),
            (self.centred[a] @ joined_b.T) / ((plain_a[:, None] + base_b[None, :]) / 2),
        )
        return self._kept_runs(a, b, margins, sims, settings.link, lambda m: _keeps(m, settings), settings.grow, readings, alone)

    def pair_passages(self, a: str, b: str) -> list[PassageTuple]:
        """Passages of two documents compared alone (``compare``), where a corpus gives no
        language means nor neighbours: the cosines of each document's vectors less its own
        mean (``_self_centred_passages``) where each has three usable sentences, else the raw
        cosines of their sentence pairs as z-scores over all of them, the same runs, kept at
        ``pair_run_z`` (one pair: ``pair_single_z``)."""
        if a not in self.centred or b not in self.centred or self.language[a] == self.language[b]:
            return []
        sa, sb = self.sentences[a], self.sentences[b]
        return self._self_centred_passages(a, b) if min(sa.usable.sum(), sb.usable.sum()) >= 3 else self._z_passages(a, b)

    def _self_centred_passages(self, a: str, b: str) -> list[PassageTuple]:
        """Runs of two documents' sentence pairs by the cosines of vectors less their own
        document's mean.  Two short texts give z-scores too few pairs to stand out (four
        sentences a side: the translations' z-scores 0.9-2.0, never a run's 2.8), while what
        the two texts share, their topic, is what each one's mean holds: taken off, a sentence
        and its translation stay alike (0.4-0.8 on xling-dev and our six-language paragraph)
        and two sentences merely on one topic seldom are, two in a row even less.  Needs three
        usable sentences a side (with two, each is the other's opposite once the mean is off);
        shorter texts keep the z-scores."""
        settings = self.settings
        sa, sb = self.sentences[a], self.sentences[b]
        if sa.usable.sum() < 3 or sb.usable.sum() < 3:
            return []
        sims = sa.vectors @ sb.vectors.T
        scores = self_centred_scores(sa, sb)

        def keeps(values: Sequence[float]) -> bool:
            return values[0] >= settings.pair_single_centred if len(values) == 1 else min(values) >= settings.pair_run_centred

        return self._kept_runs(a, b, scores, sims, settings.pair_link_centred, keeps, float("inf"))

    def _z_passages(self, a: str, b: str) -> list[PassageTuple]:
        """Runs of two documents' sentence pairs by the z-scores of their raw cosines."""
        settings = self.settings
        sa, sb = self.sentences[a], self.sentences[b]
        sims = sa.vectors @ sb.vectors.T
        valid = sa.usable[:, None] & sb.usable[None, :]
        if valid.sum() < 2:
            return []
        z = (sims - sims[valid].mean()) / max(float(sims[valid].std()), 1e-6)
        z[~valid] = -10.0

        def keeps(values: Sequence[float]) -> bool:
            if len(values) == 1:
                return values[0] >= settings.pair_single_z
            return min(values) >= settings.pair_run_z if len(values) == 2 else float(np.mean(values)) >= settings.pair_run_z

        return self._kept_runs(a, b, z, sims, settings.pair_link_z, keeps, float("inf"))

    def _kept_runs(
        self,
        a: str,
        b: str,
        scores: np.ndarray,
        sims: np.ndarray,
        link: float,
        keeps: Callable[[Sequence[float]], bool],
        grow: float,
        joined: Joined | None = None,
        alone: np.ndarray | None = None,
    ) -> list[PassageTuple]:
        """``kept_runs`` of documents ``a`` and ``b``."""
        return kept_runs(self.sentences[a], self.sentences[b], scores, sims, link, keeps, grow, self.settings.max_step, joined, alone)


def kept_runs(
    sa: DocumentSentences,
    sb: DocumentSentences,
    scores: np.ndarray,
    sims: np.ndarray,
    link: float,
    keeps: Callable[[Sequence[float]], bool],
    grow: float,
    step: int,
    joined: Joined | None = None,
    alone: np.ndarray | None = None,
    kind: str = "translated",
) -> list[PassageTuple]:
    """Runs of mutually best sentence pairs scoring ``link`` or more, in order on both
    sides and at most ``step`` apart; those ``keeps`` accepts (one pair alone judged by
    ``alone`` where given), grown at ``grow``, their ends widened by ``joined`` readings."""
    best_b = scores.argmax(axis=1)
    best_a = scores.argmax(axis=0)
    links = [(i, int(j)) for i, j in enumerate(best_b.tolist()) if best_a[j] == i and scores[i, j] >= link]
    runs: list[list[tuple[int, int]]] = []
    for i, j in links:  # in order of i: each link extends the run it follows closely, else starts one
        for run in runs:
            pi, pj = run[-1]
            if 0 < i - pi <= step and 0 < j - pj <= step:
                run.append((i, j))
                break
        else:
            runs.append([(i, j)])
    taken = ({i for i, _ in links}, {j for _, j in links})  # sentences a link holds, each side
    out: list[PassageTuple] = []
    for run in runs:
        judged = alone if alone is not None and len(run) == 1 else scores
        if not keeps([float(judged[i, j]) for i, j in run]):
            continue
        _grow(run, scores, grow)
        (i0, j0), (i1, j1) = run[0], run[-1]
        if joined is not None:
            i0, i1, j0, j1 = joined.widen(i0, i1, j0, j1, scores, taken)
        score = float(np.clip(np.mean([sims[i, j] for i, j in run]), 0.0, 1.0))
        words = int(min(sa.words[i0 : i1 + 1].sum(), sb.words[j0 : j1 + 1].sum()))
        out.append((int(sa.starts[i0]), int(sa.ends[i1]), int(sb.starts[j0]), int(sb.ends[j1]), kind, score, words))
    return out


def self_centred_scores(sa: DocumentSentences, sb: DocumentSentences) -> np.ndarray:
    """Cosines of two documents' sentence vectors, each less its own document's mean (``-1``
    where a sentence is not usable)."""
    scores = self_centred(sa) @ self_centred(sb).T
    scores[~sa.usable] = -1.0
    scores[:, ~sb.usable] = -1.0
    return scores


def sentence_index(matrix: np.ndarray) -> object:
    """A faiss inner-product index of ``matrix``'s rows: exact up to ``EXACT_UP_TO`` rows,
    beyond them an inverted file of 8-bit codes (searched in 8 of its lists)."""
    import faiss

    if len(matrix) <= EXACT_UP_TO:
        index = faiss.IndexFlatIP(matrix.shape[1])
    else:
        lists = int(2 * np.sqrt(len(matrix)))
        index = faiss.IndexIVFScalarQuantizer(
            faiss.IndexFlatIP(matrix.shape[1]), matrix.shape[1], lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        sample = np.random.default_rng(0).choice(len(matrix), size=min(len(matrix), lists * 40), replace=False)
        index.train(matrix[np.sort(sample)])
        index.nprobe = 8
    index.add(matrix)
    return index


def translation_cliques(nearest: np.ndarray, row_language: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Which of each sentence's nearest sentences per language (``nearest[row, language]``,
    rows of all sentences, ``-1`` for none) belong to its translation clique: mutually
    nearest with it (each the other's nearest in its language) and mutually nearest with
    another of its mutually nearest sentences too (a triangle across three languages).

    A text translated into several languages has its translations among its nearest
    sentences, and a margin base taken over them rose to their cosine: each translation hid
    behind the others (a paragraph in five languages: no pair of them found).  A hub, a
    sentence close to everything, is mutually nearest with sentences of other languages
    too, but those are not mutually nearest with one another, so its base stays high."""
    rows = np.arange(len(nearest))
    safe = np.maximum(nearest, 0)
    back = nearest[safe, row_language[:, None]] == rows[:, None]
    partner = np.where((nearest >= 0) & back & usable[:, None] & usable[safe], nearest, -1)
    clique = np.zeros(partner.shape, dtype=bool)
    step = max(1, CHUNK_ELEMENTS // max(1, partner.shape[1] ** 2))
    for at in range(0, len(partner), step):  # rows a chunk at a time: (rows, languages, languages) stays small
        mine = partner[at : at + step]
        of_partner = partner[np.maximum(mine, 0)]  # [row, L1, L2]: the partner in L2 of row's partner in L1
        shared = (of_partner == mine[:, None, :]) & (mine[:, None, :] >= 0)
        clique[at : at + step] = (mine >= 0) & shared.any(axis=2)
    return clique


def self_centred(sentences: DocumentSentences) -> np.ndarray:
    """A document's sentence vectors less the mean of its usable ones, normalised again."""
    return _centred(sentences.vectors, sentences.vectors[sentences.usable].mean(axis=0), sentences.usable)


def _centred(vectors: np.ndarray, mean: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """``vectors`` less their language's mean, normalised again; zero where not ``usable``."""
    centred = vectors - mean
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    centred = (centred / norms).astype(np.float32)
    centred[~usable] = 0.0
    return centred


class Joined:
    """Two documents' joined readings: ``a_scores[k, j]`` of sentences ``k`` and ``k + 1``
    of a read as one against sentence ``j`` of b; ``b_scores[i, k]`` of sentence ``i`` of a
    against sentences ``k`` and ``k + 1`` of b read as one."""

    def __init__(self, a_scores: np.ndarray, b_scores: np.ndarray) -> None:
        self.a_scores, self.b_scores = a_scores, b_scores

    def widen(
        self, i0: int, i1: int, j0: int, j1: int, scores: np.ndarray, taken: tuple[set[int], set[int]]
    ) -> tuple[int, int, int, int]:
        """A run's span with the sentence just before or after it on one side taken in where
        it belongs to the other side's end sentence: that is the other side's sentence it is
        nearest, and read as one with its own side's end sentence it fits that sentence at
        least as well as the end sentence alone does (no link holds it)."""
        taken_a, taken_b = taken
        rows, cols = scores.shape

        def belongs(joined: float, alone: float, nearest: bool) -> bool:
            return nearest and joined >= alone > 0  # (nearest alone, or joined alone, took in wrong sentences)

        if i1 + 1 < rows and i1 + 1 not in taken_a and belongs(self.a_scores[i1, j1], scores[i1, j1], scores[i1 + 1].argmax() == j1):
            i1 += 1
        elif j1 + 1 < cols and j1 + 1 not in taken_b and belongs(self.b_scores[i1, j1], scores[i1, j1], scores[:, j1 + 1].argmax() == i1):
            j1 += 1
        if i0 > 0 and i0 - 1 not in taken_a and belongs(self.a_scores[i0 - 1, j0], scores[i0, j0], scores[i0 - 1].argmax() == j0):
            i0 -= 1
        elif j0 > 0 and j0 - 1 not in taken_b and belongs(self.b_scores[i0, j0 - 1], scores[i0, j0], scores[:, j0 - 1].argmax() == i0):
            j0 -= 1
        return i0, i1, j0, j1


def figures_clash(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sentences both state figures and share fewer than half of the fewer side's."""
    return bool(a) and bool(b) and 2 * len(a & b) < min(len(a), len(b))


def figure_factor(a: frozenset[str], b: frozenset[str], settings: CrossLingualSettings) -> float:
    """What the figures of two sentences say of them being one statement: nothing when one
    side states none, ``figures_clash`` when they clash (``figures_clash``), else
    ``figures_agree``."""
    if not a or not b:
        return 1.0
    return settings.figures_clash if figures_clash(a, b) else settings.figures_agree


def figure_factors(a: Sequence[frozenset[str]], b: Sequence[frozenset[str]], settings: CrossLingualSettings) -> np.ndarray:
    """``figure_factor`` of every sentence pair of two documents."""
    out = np.ones((len(a), len(b)), dtype=np.float32)
    if settings.figures_agree == settings.figures_clash == 1.0:
        return out
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                if y:
                    out[i, j] = figure_factor(x, y, settings)
    return out


def _keeps(margins: Sequence[float], settings: CrossLingualSettings) -> bool:
    """Whether a run of links with these margins is a translated passage."""
    if len(margins) == 1:
        return margins[0] >= settings.single
    if len(margins) == 2 and min(margins) < settings.pair_link:
        return False
    return float(np.mean(margins)) >= settings.run


def _grow(run: list[tuple[int, int]], margins: np.ndarray, grow: float) -> None:
    """Extend a kept run by the sentence pairs right before and after it, in step on both
    sides, while their margin reaches ``grow`` (a weakly rendered first or last sentence)."""
    rows, cols = margins.shape
    while run[0][0] > 0 and run[0][1] > 0 and margins[run[0][0] - 1, run[0][1] - 1] >= grow:
        run.insert(0, (run[0][0] - 1, run[0][1] - 1))
    while run[-1][0] + 1 < rows and run[-1][1] + 1 < cols and margins[run[-1][0] + 1, run[-1][1] + 1] >= grow:
        run.append((run[-1][0] + 1, run[-1][1] + 1))
