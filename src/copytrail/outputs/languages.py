"""The language of each side of an alignment, as the exports, the report and the web app give
it: read on the passage where its document mixes languages, else the document's.

Computed when shown rather than stored with the alignments: it is a function of stored facts
alone (the document's text, its languages, the passage's offsets), so reading it again gives the
same answer; only passages of documents that mix languages are read (a model call on the passage
text), and a store aligned before documents had languages gets them without being aligned again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from copytrail.stages.language import side_language
from copytrail.store import Store, queries

SIDES = ("source", "target")


def add_side_languages(store: Store, rows: Iterable[dict[str, Any]]) -> None:
    """Each alignment row (``source_doc``, ``source_start``, ``source_end``, ``target_…``)
    gains ``source_language`` and ``target_language`` (None: its document's languages unread)."""
    rows = list(rows)
    ids = sorted({r[f"{side}_doc"] for r in rows for side in SIDES})
    known = queries.document_languages(store, ids)
    texts = store.texts([doc for doc, (_, languages) in known.items() if languages and "," in languages])
    for r in rows:
        for side in SIDES:
            r[f"{side}_language"] = language_of_side(r, side, known, texts)


def language_of_side(
    row: Mapping[str, Any], side: str, known: Mapping[str, tuple[str | None, str | None]], texts: Mapping[str, str]
) -> str | None:
    """One side's language (``side``: source or target), from its document's ``(language,
    languages)`` in ``known`` and, for a document that mixes languages, its text in ``texts``."""
    language, languages = known.get(row[f"{side}_doc"], (None, None))
    text = texts.get(row[f"{side}_doc"], "")
    return side_language(language, languages, text[row[f"{side}_start"] : row[f"{side}_end"]])
