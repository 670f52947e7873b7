"""Helpers that read the bundled sample corpus's planted truth (examples/sample-truth.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "sample-corpus"
TRUTH = REPO / "examples" / "sample-truth.json"


@dataclass(frozen=True)
class Planted:
    source: str
    target: str
    kind: str
    source_text: str
    target_text: str


def planted(kinds: tuple[str, ...] = ("verbatim", "edited")) -> list[Planted]:
    data = json.loads(TRUTH.read_text(encoding="utf-8"))
    return [
        Planted(r["source"], r["target"], r["kind"], r["source_text"], r["target_text"])
        for r in data["reuse"]
        if r["kind"] in kinds
    ]


def truth() -> dict:
    return json.loads(TRUTH.read_text(encoding="utf-8"))


def doc_key(path: str, extra_id: str | None = None) -> str:
    """Name used in the truth file for a stored document: file name, '#id=' for JSONL."""
    name = Path(path).name
    return f"{name}#id={extra_id}" if extra_id else name
