"""Shared helpers for showing results: word-level differences with exact text, and the title
and snippet that tell narratives apart."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz.distance import LCSseq

from copytrail.stages.segment import tokenize

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.store import Store

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


# ------------------------------------------------------------------------ narrative labels
SNIPPET_CHARS = 110
_SENTENCE_END = re.compile(r"(?<=[.!?。！？؟])\s+|\n+")
_WORD = re.compile(r"\w{3,}")


@dataclass(frozen=True, slots=True)
class NarrativeLabel:
    """How a narrative is told apart: its earliest member's title and a snippet of the reused
    text (several narratives often share one earliest article, so the title alone repeats)."""

    title: str
    snippet: str

    def __str__(self) -> str:
        return f"{self.title} — “{self.snippet}”" if self.snippet else self.title


def shorten(text: str, limit: int = SNIPPET_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters (… marks a cut)."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def distinctive_snippet(span_text: str, elsewhere: set[str]) -> str:
    """The sentence of a reused span with the most words found in no other narrative of the
    same title (``elsewhere``: those narratives' words, lower case); the first on a tie."""
    sentences = [s for s in _SENTENCE_END.split(span_text) if len(_WORD.findall(s)) >= 3] or [span_text]
    best = max(
        enumerate(sentences),
        key=lambda item: (len({w.lower() for w in _WORD.findall(item[1])} - elsewhere), -item[0]),
    )[1]
    return shorten(best)


def narrative_labels(store: Store, ids: Sequence[str] | None = None) -> dict[str, NarrativeLabel]:
    """The title (its earliest member's title, else its citation; the first member's when
    none is earliest) and a distinctive snippet of the reused text of every narrative, or of
    the narratives ``ids`` (compared with the others of the same title either way)."""
    from copytrail.records import Citation
    from copytrail.store import queries

    ranked = {n["id"]: n for n in queries.ranked_narratives(store)}
    first = {nid: (n["earliest"] or "").split(",")[0] for nid, n in ranked.items()}
    members: dict[str, list[dict[str, Any]]] = {}
    for m in queries.narrative_members(store):  # card columns only: the texts are read below
        members.setdefault(m["narrative"], []).append(m)
    chosen: dict[str, dict[str, Any]] = {}
    titles: dict[str, str] = {}
    for nid, group in members.items():
        member = next((m for m in group if m["doc"] == first.get(nid)), group[0])
        chosen[nid] = member
        cited = str(Citation(member["path"] or "", member["record"], member["url"]))
        earliest_title = ranked[nid]["earliest_title"] if nid in ranked and member["doc"] == first[nid] else None
        titles[nid] = earliest_title or member["title"] or cited
    if ids is not None:  # the texts of these and of the narratives that share their titles
        shown = {titles[i] for i in ids if i in titles}
        chosen = {nid: m for nid, m in chosen.items() if titles[nid] in shown}
        titles = {nid: t for nid, t in titles.items() if nid in chosen}
    texts = store.texts(sorted({m["doc"] for m in chosen.values()}))
    spans = {nid: texts.get(m["doc"], "")[m["start"] : m["end"]] for nid, m in chosen.items()}
    words = {nid: {w.lower() for w in _WORD.findall(text)} for nid, text in spans.items()}
    by_title: dict[str, list[str]] = {}
    for nid, title in titles.items():
        by_title.setdefault(title, []).append(nid)
    wanted = set(titles) if ids is None else set(ids) & set(titles)
    labels = {}
    for nid in sorted(wanted):
        title = titles[nid]
        elsewhere = set().union(*(words[other] for other in by_title[title] if other != nid))
        labels[nid] = NarrativeLabel(" ".join(title.split()), distinctive_snippet(spans[nid], elsewhere))
    return labels
