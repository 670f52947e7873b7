"""Nearest-neighbour search over static sentence vectors (faiss, imported on first use):
which documents share a passage close in meaning, found without any shared n-gram."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from copytrail.stages.align import cluster_seeds


class SentenceIndex:
    """Nearest-neighbour search over sentence vectors, built once per scan, grown per batch.

    Exact inner-product search (faiss) up to ``exact_up_to`` sentences; beyond, an inverted
    file index of 8-bit vectors (about 2·√n lists, trained once on a sample of ``corpus``,
    8 probed).  On the 152k sentences of a 10k-document scan it finds 0.92 of the exact
    neighbours above 0.75, as the float one does, in two thirds of its time.

    ``indexed`` names the documents of ``corpus`` it holds from the start (all by default);
    a scan starts with the stored ones already aligned and ``add``s each batch before
    searching with it, so every pair is found once, from its later document, and each
    search runs over only what came before.
    """

    def __init__(
        self,
        corpus: Mapping[str, np.ndarray],
        exact_up_to: int = 10_000,
        indexed: Iterable[str] | None = None,
    ) -> None:
        import faiss

        self.docs: list[str] = []
        self.number: dict[str, int] = {}
        self.owner = np.zeros(0, dtype=np.int64)  # document number of every indexed sentence
        self.sentence = np.zeros(0, dtype=np.int64)  # its sentence number in that document
        self.index = None
        # in id order: what the index is trained on never depends on the order vectors were stored in
        present = sorted(doc for doc, vectors in corpus.items() if len(vectors))
        if not present:
            return
        matrix, of_present, sentence = _nonzero_rows([corpus[d] for d in present])
        if not len(matrix):
            return
        dims = matrix.shape[1]
        if len(matrix) <= exact_up_to:
            self.index = faiss.IndexFlatIP(dims)
        else:
            lists = int(2 * np.sqrt(len(matrix)))
            self.index = faiss.IndexIVFScalarQuantizer(
                faiss.IndexFlatIP(dims), dims, lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
            )
            sample = np.random.default_rng(0).choice(len(matrix), size=min(len(matrix), lists * 40), replace=False)
            self.index.train(matrix[np.sort(sample)])
            self.index.nprobe = 8
        if indexed is None:
            self._add_rows(present, matrix, of_present, sentence)
        else:  # the rows of the chosen documents, out of the matrix already stacked
            wanted = set(indexed)
            chosen = [i for i, doc in enumerate(present) if doc in wanted]
            renumber = np.full(len(present), -1, dtype=np.int64)
            renumber[chosen] = np.arange(len(chosen))
            keep = renumber[of_present] >= 0
            self._add_rows([present[i] for i in chosen], matrix[keep], renumber[of_present[keep]], sentence[keep])

    def add(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Index more documents' sentences (documents already indexed are left as they are)."""
        new = [doc for doc, v in vectors.items() if len(v) and doc not in self.number]
        if self.index is None or not new:
            return
        self._add_rows(new, *_nonzero_rows([vectors[d] for d in new]))

    def _add_rows(self, new: list[str], matrix: np.ndarray, of_new: np.ndarray, sentence: np.ndarray) -> None:
        """Index ``matrix``, rows of the documents ``new`` (numbered by ``of_new``)."""
        first = len(self.docs)
        self.docs += new
        self.number.update((doc, first + i) for i, doc in enumerate(new))
        if len(matrix):
            self.index.add(matrix)
            self.owner = np.concatenate([self.owner, of_new + first])
            self.sentence = np.concatenate([self.sentence, sentence])

    def __len__(self) -> int:
        return len(self.owner)

    def pairs(
        self,
        query: Mapping[str, np.ndarray],
        threshold: float = 0.75,
        k: int = 4,
        min_hits: int = 3,
        partners: int = 3,
        max_gap: int = 4,
    ) -> set[tuple[str, str]]:
        """Document pairs where at least ``min_hits`` of the query document's sentences have
        a sentence of the other among their ``k`` nearest neighbours above ``threshold``,
        two of those within ``max_gap`` sentences of each other in both documents (a
        reused passage, not topic words scattered over two articles); per query document
        its ``partners`` best only (formulaic news, market reports, would otherwise pair
        every document with hundreds of look-alikes)."""
        names = [doc for doc, vectors in query.items() if len(vectors)]
        if self.index is None or not names or not len(self.owner):
            return set()
        matrix, of_query, query_sentence = _nonzero_rows([query[d] for d in names])
        if not len(matrix):
            return set()
        itself = np.array([self.number.get(d, -1) for d in names], dtype=np.int64)[of_query]
        sims, rows = self.index.search(matrix, k + 1)
        hit = (rows >= 0) & (sims >= threshold)
        safe = np.clip(rows, 0, None)
        other = np.where(hit, self.owner[safe], -1)
        hit &= other != itself[:, None]
        query_row = np.broadcast_to(np.arange(len(matrix))[:, None], rows.shape)[hit]
        if not len(query_row):
            return set()
        # a partner counts once per query sentence (its nearest sentence there), however
        # many of its sentences are near: faiss lists neighbours nearest first
        _, first = np.unique(np.stack([query_row, other[hit]], axis=1), axis=0, return_index=True)
        q_doc = of_query[query_row[first]]
        o_doc = other[hit][first]
        q_sentence = query_sentence[query_row[first]]
        o_sentence = self.sentence[safe[hit][first]]
        order = np.lexsort((q_sentence, o_doc, q_doc))
        q_doc, o_doc, q_sentence, o_sentence = q_doc[order], o_doc[order], q_sentence[order], o_sentence[order]
        bounds = np.flatnonzero(np.diff(q_doc) | np.diff(o_doc)) + 1
        ranked: dict[int, list[tuple[int, tuple[str, str]]]] = {}
        for lo, hi in zip(np.r_[0, bounds].tolist(), np.r_[bounds, len(q_doc)].tolist(), strict=True):
            if hi - lo < min_hits:
                continue
            seeds = list(zip(q_sentence[lo:hi].tolist(), o_sentence[lo:hi].tolist(), strict=True))
            if not any(len(cluster) > 1 for cluster in cluster_seeds(seeds, max_gap)):
                continue
            q, o = int(q_doc[lo]), int(o_doc[lo])
            a, b = names[q], self.docs[o]
            ranked.setdefault(q, []).append((hi - lo, (min(a, b), max(a, b))))
        chosen: set[tuple[str, str]] = set()
        for candidates in ranked.values():
            chosen.update(pair for _, pair in sorted(candidates)[-partners:])
        return chosen


def _nonzero_rows(blocks: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows of all blocks stacked, zero rows (sentences too short to mean much) left
    out; for each row the number of its block and its row number inside it."""
    sizes = [len(b) for b in blocks]
    matrix = np.vstack([np.asarray(b, dtype=np.float32).reshape(len(b), -1) for b in blocks])
    of_block = np.repeat(np.arange(len(blocks), dtype=np.int64), sizes)
    inside = np.arange(len(matrix), dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    keep = np.any(matrix != 0, axis=1)
    return np.ascontiguousarray(matrix[keep]), of_block[keep], inside[keep]
