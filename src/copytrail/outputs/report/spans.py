"""Cutting texts into highlighted pieces, shared by the offline report and the web app.

Both front ends show the same things (reused spans coloured by kind, word differences inside
an aligned pair), so the cutting lives here once, as plain data; each front end only escapes
and draws it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from copytrail.outputs.view import word_diff

KINDS = ("verbatim", "edited", "paraphrase", "translated")
_STRENGTH = {kind: rank for rank, kind in enumerate(KINDS)}  # lower is stronger

Piece = tuple[str, str | None]  # (exact text, kind of the strongest span covering it or None)


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Piece]:
    """``text`` cut at span edges; each piece carries the strongest kind covering it.

    Overlapping spans are common (one passage reused by several documents), so pieces are
    cut at every edge and coloured by the strongest kind, verbatim over edited over paraphrase.
    """
    clean = [
        (max(0, s), min(len(text), e), k) for s, e, k in spans if min(len(text), e) > max(0, s)
    ]
    if not clean:
        return [(text, None)] if text else []
    edges = sorted({0, len(text), *(s for s, _, _ in clean), *(e for _, e, _ in clean)})
    pieces: list[Piece] = []
    for start, end in zip(edges, edges[1:], strict=False):
        if end <= start:
            continue
        covering = [k for s, e, k in clean if s <= start and e >= end]
        kind = min(covering, key=lambda k: _STRENGTH.get(k, 9)) if covering else None
        if pieces and pieces[-1][1] == kind:
            pieces[-1] = (pieces[-1][0] + text[start:end], kind)
        else:
            pieces.append((text[start:end], kind))
    return pieces


def _context_before(text: str, start: int, size: int) -> str:
    if start <= 0:
        return ""
    cut = max(0, start - size)
    piece = text[cut:start]
    if cut > 0:
        space = piece.find(" ")
        piece = "…" + (piece[space + 1 :] if 0 <= space < len(piece) - 1 else piece)
    return piece


def _context_after(text: str, end: int, size: int) -> str:
    if end >= len(text):
        return ""
    stop = min(len(text), end + size)
    piece = text[end:stop]
    if stop < len(text):
        space = piece.rfind(" ")
        piece = (piece[:space] if space > 0 else piece) + "…"
    return piece


TRANSLATION_SHARE = 0.10  # sides sharing less of their letters than this are shown without word differences


def _shared_share(chunks: Sequence[tuple[str, bool]]) -> float:
    """The share of a side's letters and digits that the other side has too."""
    total = shared = 0
    for text, changed in chunks:
        count = sum(ch.isalnum() for ch in text)
        total += count
        shared += 0 if changed else count
    return shared / total if total else 1.0


def side_by_side(
    a_text: str, a_span: tuple[int, int], b_text: str, b_span: tuple[int, int], context: int = 160
) -> dict[str, Any]:
    """Both sides of an aligned passage: a little context, then word-diffed chunks.

    Chunks are ``[text, changed]`` lists (JSON-ready); ``changed`` marks words that the other
    side lacks after normalisation, which is what makes an edit visible.
    """
    a_part, b_part = a_text[a_span[0] : a_span[1]], b_text[b_span[0] : b_span[1]]
    a_chunks, b_chunks = word_diff(a_part, b_part)
    if _shared_share(a_chunks) < TRANSLATION_SHARE and _shared_share(b_chunks) < TRANSLATION_SHARE:
        # next to no word in common (a translation: figures at most): flagging every word says nothing
        a_chunks, b_chunks = [(a_part, False)], [(b_part, False)]
    return {
        "a": {
            "start": a_span[0],
            "end": a_span[1],
            "before": _context_before(a_text, a_span[0], context),
            "chunks": [[t, c] for t, c in a_chunks],
            "after": _context_after(a_text, a_span[1], context),
        },
        "b": {
            "start": b_span[0],
            "end": b_span[1],
            "before": _context_before(b_text, b_span[0], context),
            "chunks": [[t, c] for t, c in b_chunks],
            "after": _context_after(b_text, b_span[1], context),
        },
    }


def union_length(spans: Sequence[tuple[int, int]]) -> int:
    """Characters covered by at least one span."""
    covered, end = 0, -1
    for start, stop in sorted(spans):
        if stop > end:
            covered += stop - max(start, end)
            end = stop
    return covered


def is_http_url(url: str | None) -> bool:
    """Only http(s) addresses may become links; anything else is shown as text."""
    return bool(url) and str(url).strip().lower().startswith(("http://", "https://"))
