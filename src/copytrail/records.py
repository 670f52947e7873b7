"""Plain typed records that flow between the pipeline stages.

Every stage is a set of pure functions from these records to these records; only
``copytrail.store`` turns them into database rows and back.  Offsets are always Python
``str`` indices into ``Document.text`` as stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

DateSource = Literal["metadata", "warc", "file", "none"]
AlignmentKind = Literal["verbatim", "edited", "paraphrase"]


def content_hash(text: str) -> str:
    """SHA-1 of the text as UTF-8: the identity of a document's content."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def document_id(source_key: str) -> str:
    """Stable id of an input location (a file, a JSONL line, a WARC record).

    Keyed by where the document came from, not by its content, so that a changed file
    keeps its id and replaces its old version.
    """
    return hashlib.sha1(source_key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(slots=True)
class Document:
    """One article as ingested.

    ``source_key`` names the input exactly (``path`` for a file, ``path#L12`` for line 12 of
    a JSONL file, ``path#R3`` for the fourth response record of a WARC file).
    """

    id: str
    source_key: str
    path: str
    text: str
    sha1: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    date_source: DateSource = "none"
    fmt: str = "txt"  # txt, md, html, jsonl, warc
    mtime: float | None = None  # of the input file, used to skip unchanged inputs
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InputProblem:
    """An input that could not be turned into a document, and why: a record to report and
    store (the `errors` table), not an exception; the scan goes on without it."""

    path: str
    reason: str
    line: int | None = None  # JSONL line number or WARC record number, 1-based

    def message(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Token:
    """A word (or a single character in scripts written without spaces)."""

    start: int
    end: int
    norm: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence-like unit: ``[start, end)`` in the text, tokens ``[first, last)``."""

    start: int
    end: int
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Span:
    doc: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Alignment:
    """A passage of ``source`` reused in ``target``.

    ``source`` is the earlier document when both dates are known; otherwise the order is the
    one the pair was compared in and ``ordered`` is False.
    """

    source: Span
    target: Span
    kind: AlignmentKind
    score: float
    matched_words: int = 0
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class NarrativeMember:
    doc: str
    start: int
    end: int
    published: str | None
    outlet: str | None


@dataclass(slots=True)
class Narrative:
    """Reused passages grouped across documents: one story told by many members."""

    id: str
    members: list[NarrativeMember]
    earliest: list[str]  # doc ids; several when tied; empty when no member has a date
    earliest_status: Literal["dated", "tied", "unknown"]
    documents: int
    outlets: int
    first_date: str | None
    last_date: str | None
    undated: int = 0
