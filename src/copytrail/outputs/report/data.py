"""What the report shows, gathered from the store as plain JSON-ready data.

Everything heavy is aggregated in DuckDB; Python only walks the (bounded) top narratives,
so a store of 10k documents still builds in seconds.
"""

from __future__ import annotations

import os
from collections import defaultdict
from typing import Any

from copytrail.outputs.report.direction import (
    UNKNOWN_TEXT,
    is_mixed,
    passage_attributes,
    text_attributes,
)
from copytrail.outputs.report.spans import side_by_side
from copytrail.outputs.view import narrative_labels
from copytrail.records import DATE_SOURCE_WORDS, Citation, date_label, date_precision
from copytrail.stages.language import side_language
from copytrail.store import Store, queries

TOP_NARRATIVES = 200  # narratives whose side-by-sides are embedded
PAIRS_PER_NARRATIVE = 10  # member pairs shown per embedded narrative
MAX_ERRORS = 500  # failed inputs listed (the count is always exact)


def corpus_summary(store: Store) -> dict[str, Any]:
    """Corpus at a glance: sizes, outlets, dates, how much text is reused, what failed."""
    figures = queries.corpus_figures(store)
    by_source = queries.documents_by_date_source(store)
    reused = queries.reused_chars(store)
    errors = queries.error_rows(store, MAX_ERRORS)
    chars = int(figures["chars"] or 0)
    return {
        **{k: figures[k] for k in ("documents", "duplicates", "outlets", "no_outlet", "undated")},
        "first_date": figures["first_date"],
        "last_date": figures["last_date"],
        "date_sources": [
            {"source": r["date_source"], "words": DATE_SOURCE_WORDS.get(r["date_source"] or "none"), "documents": r["n"]}
            for r in by_source
        ],
        "chars": chars,
        "reused_chars": reused,
        "reused_share": (reused / chars) if chars else 0.0,
        **{k: figures[k] for k in ("alignments", "narratives", "errors", "notes", "boilerplate")},
        "error_rows": errors,
    }


def _label(doc: dict[str, Any]) -> str:
    """The title, else the file's name with the record inside it: never a name several records share."""
    short = Citation(os.path.basename(doc.get("path") or ""), doc.get("record"), doc.get("url"))
    return doc.get("title") or (str(short) if short.path else "") or doc["id"]


def label_card(doc: dict[str, Any]) -> dict[str, Any]:
    """A document card with what the page shows of it: ``label`` (title, else file and record)
    and ``cite`` (the one-line citation: ``path#id=…``, its URL, or its path)."""
    doc["label"] = _label(doc)
    doc["cite"] = str(Citation(doc.get("path") or "", doc.get("record"), doc.get("url")))
    # the date as shown: with its source and precision ("2025-03-10 06:00 UTC (stated, to the
    # minute)", or "undated"), and how it was stated where it was converted from another calendar
    doc["date"] = date_label(
        doc.get("published"), doc.get("date_source"), doc.get("published_raw"), doc.get("published_calendar"), isolate=True
    )
    doc["date_precision"] = date_precision(doc.get("published"))
    # how its text is shown: dir and lang from the stored language(s), never guessed
    doc["text_attrs"] = text_attributes(doc.get("language"), doc.get("languages"))
    return doc


def narratives_data(
    store: Store, top: int = TOP_NARRATIVES, pairs_per: int = PAIRS_PER_NARRATIVE
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Narratives ranked by spread, with members, and side-by-sides for the top ``top``.

    Returns the narratives and a map of the documents they mention (kept once, referenced by id,
    so a document in many narratives does not repeat its metadata).
    """
    rows = queries.ranked_narratives(store)
    members: dict[str, list[str]] = defaultdict(list)
    for m in queries.narrative_members(store):
        if m["doc"] not in members[m["narrative"]]:
            members[m["narrative"]].append(m["doc"])
    docs = {d["id"]: d for d in queries.member_document_cards(store)}
    for d in docs.values():
        label_card(d)
    top_ids = [r["id"] for r in rows[:top]]
    pairs = _pairs(store, top_ids, pairs_per, docs)
    labels = narrative_labels(store)  # title and a distinctive snippet: narratives told apart
    out = []
    for rank, r in enumerate(rows, start=1):
        earliest = r["earliest"].split(",") if r["earliest"] else []
        member_ids = members.get(r["id"], [])
        lead = next((docs[d] for d in earliest if d in docs), None) or next(
            (docs[d] for d in member_ids if d in docs), None
        )
        shown, total = pairs.get(r["id"], ([], 0))
        out.append(
            {
                "id": r["id"],
                "rank": rank,
                "label": lead["label"] if lead else r["id"],
                "snippet": labels[r["id"]].snippet if r["id"] in labels else "",
                # the title and snippet are the lead member's text: its stored language, if one
                "label_attrs": lead["text_attrs"] if lead else UNKNOWN_TEXT,
                "documents": r["documents"],
                "outlets": r["outlets"],
                "first_date": r["first_date"],
                "last_date": r["last_date"],
                "undated": r["undated"],
                "earliest": earliest,
                "earliest_status": r["earliest_status"],
                "confidence": r["confidence"],
                "confidence_reason": r.get("confidence_reason"),
                "members": member_ids,
                "pairs": shown,
                "pairs_total": total,
                "embedded": rank <= top,
            }
        )
    return out, docs


def _pairs(
    store: Store, narrative_ids: list[str], per: int, docs: dict[str, dict[str, Any]] | None = None
) -> dict[str, tuple[list[dict[str, Any]], int]]:
    """The strongest member pairs of each narrative with their passages diffed word by word;
    a side of a document that mixes languages (its card in ``docs``) says its own language
    where it is not the document's."""
    if not narrative_ids:
        return {}
    rows = queries.strongest_pairs(store, narrative_ids, per)
    texts = store.texts(sorted({r["source_doc"] for r in rows} | {r["target_doc"] for r in rows}))
    out: dict[str, tuple[list[dict[str, Any]], int]] = {}
    for r in rows:
        shown, _ = out.setdefault(r["narrative"], ([], int(r["total"])))
        if not shown or (shown[-1]["source"], shown[-1]["target"]) != (r["source_doc"], r["target_doc"]):
            shown.append(
                {
                    "source": r["source_doc"],
                    "target": r["target_doc"],
                    "ordered": bool(r["source_is_earlier"]),  # report.js reads this name
                    "passages": [],
                }
            )
        view = side_by_side(
            texts.get(r["source_doc"], ""),
            (r["source_start"], r["source_end"]),
            texts.get(r["target_doc"], ""),
            (r["target_start"], r["target_end"]),
        )
        for key, side in (("a", "source"), ("b", "target")):
            doc, start, end = r[f"{side}_doc"], r[f"{side}_start"], r[f"{side}_end"]
            card = (docs or {}).get(doc)
            found = _passage_language(card, texts.get(doc, "")[start:end])
            view[key]["language"] = found if card is None or found != card.get("language") else None
            view[key]["attrs"] = passage_attributes(found)  # the passage's own dir and lang
        shown[-1]["passages"].append(
            {"kind": r["kind"], "score": r["score"], "matched_words": r["matched_words"], **view}
        )
    return out


def _passage_language(card: dict[str, Any] | None, passage: str) -> str | None:
    """A passage's own language, read on it, where its document mixes languages (the report
    names it beside the passage where it is not the document's main one), else None."""
    if card is None or not is_mixed(card.get("languages")):
        return None
    return side_language(card.get("language"), card["languages"], passage)


def plot_date(published: str | None) -> str | None:
    """An ISO date as plotly's date axis reads it (no zone suffix), or None when unusable."""
    if not published or len(published) < 10 or not published[:4].isdigit():
        return None
    return published[:19].replace("T", " ")
