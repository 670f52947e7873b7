"""Shared helpers for showing aligned passages: word-level differences with exact text."""

from __future__ import annotations

from rapidfuzz.distance import LCSseq

from copytrail.stages.segment import tokenize

Chunk = tuple[str, bool]  # (exact text, differs from the other side)


def _chunks(text: str, spans: list[tuple[int, int]], changed: list[bool]) -> list[Chunk]:
    out: list[Chunk] = []
    pos = 0
    for (start, end), flag in zip(spans, changed, strict=True):
        if start > pos:
            out.append((text[pos:start], False))
        if out and out[-1][1] == flag and start == pos:
            out[-1] = (out[-1][0] + text[start:end], flag)
        else:
            out.append((text[start:end], flag))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def word_diff(a_text: str, b_text: str) -> tuple[list[Chunk], list[Chunk]]:
    """Both texts cut into chunks that concatenate back to them exactly, words that the
    other side lacks (after normalisation) flagged as changed."""
    a_tokens, b_tokens = tokenize(a_text), tokenize(b_text)
    a_changed = [True] * len(a_tokens)
    b_changed = [True] * len(b_tokens)
    ops = LCSseq.opcodes([t.norm for t in a_tokens], [t.norm for t in b_tokens])
    for op in ops:
        if op.tag == "equal":
            for k in range(op.src_start, op.src_end):
                a_changed[k] = False
            for k in range(op.dest_start, op.dest_end):
                b_changed[k] = False
    return (
        _chunks(a_text, [(t.start, t.end) for t in a_tokens], a_changed),
        _chunks(b_text, [(t.start, t.end) for t in b_tokens], b_changed),
    )
