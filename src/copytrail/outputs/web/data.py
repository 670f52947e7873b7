"""What the web pages and the JSON API show, shaped from the store's rows, so both agree.

The SQL lives in :mod:`copytrail.store.queries`; here rows get their ids, roles and nested
JSON shape.  Every list is paged.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from copytrail.outputs.report.direction import text_attributes
from copytrail.outputs.view import NarrativeLabel, narrative_labels
from copytrail.outputs.web import derived
from copytrail.records import Citation, date_label, date_parts, date_precision, stated_in_calendar
from copytrail.stages.language import side_language
from copytrail.store import Store, page_tables, queries

_ALIGNMENT_ID = re.compile(r"^([A-Za-z0-9_-]{1,64}):(\d{1,12}):([A-Za-z0-9_-]{1,64}):(\d{1,12})$")
# Up to this many narratives, a copy's labels are all worked out once, on the first page that
# shows one (0.3 s for 2,177); beyond, each page works out its own (reading every member).
MEMO_LABELS_UP_TO = 50_000
# A narrative member's fields in the API, in this order.
MEMBER_FIELDS = (
    "doc", "start", "end", "title", "outlet", "author", "published", "date_source", "url", "path", "record",
    "published_raw", "published_calendar",  # a date converted from another calendar, as stated
)  # fmt: skip


def cite(doc: Any, prefix: str = "", short: bool = False) -> str:
    """A row's (or match's) one-line citation from its ``{prefix}path``, ``{prefix}record`` and
    ``{prefix}url``: ``path#id=…``, the record's URL, or the path; ``short`` names the file
    without its folders.  The pages' label for a document without a title."""

    def get(name: str) -> Any:
        key = prefix + name
        return doc.get(key) if isinstance(doc, dict) else getattr(doc, key, None)

    path = get("path") or ""
    return str(Citation(path.rsplit("/", 1)[-1] if short else path, get("record"), get("url")))


def dated(row: Any, prefix: str = "") -> str | Markup:
    """A row's (or match's) date as the pages show it: with its source and precision
    ("2025-03-10 06:00 UTC (stated, to the minute)") or "undated" (``records.date_label``);
    a date converted from another calendar says how it was stated, isolated so that a
    right-to-left date keeps its own order ("2025-03-12 (stated as <bdi>۲۲ اسفند ۱۴۰۳</bdi>,
    Solar Hijri, to the day)"), every part escaped."""

    def get(name: str) -> Any:
        key = prefix + name
        return row.get(key) if isinstance(row, dict) else getattr(row, key, None)

    published, source = get("published"), get("date_source")
    parts = date_parts(published, source)
    converted = stated_in_calendar(published, source, get("published_raw"), get("published_calendar"))
    if parts is None or converted is None:
        return date_label(published, source)
    shown, _, precision = parts
    return Markup("{} (stated as <bdi>{}</bdi>, {}, to the {})").format(shown, *converted, precision)


def alignment_id(row: dict[str, Any]) -> str:
    """A stable id for an alignment (the table has none): both documents and start offsets."""
    return f"{row['source_doc']}:{row['source_start']}:{row['target_doc']}:{row['target_start']}"


def parse_alignment_id(value: str) -> tuple[str, int, str, int] | None:
    match = _ALIGNMENT_ID.match(value)
    if not match:
        return None
    return match[1], int(match[2]), match[3], int(match[4])


def page_of(rows: list[dict[str, Any]], limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """One page of ``rows`` and how many there are in all."""
    return rows[offset : offset + limit], len(rows)


def list_documents(
    store: Store, q: str | None, limit: int, offset: int, language: str | None = None, mixed: bool = False
) -> tuple[list[dict[str, Any]], int]:
    """Documents, newest first, optionally searched in title, outlet, author, path and text,
    written wholly or partly in one language, or mixing languages.  Unsearched, a page of it is
    a range of rows of the copy's listing table (:mod:`copytrail.store.page_tables`)."""
    memo = derived.memo_of(store)
    if memo is None or not memo.tables or (q and q.strip()) or (language and language.strip()) or mixed:
        return queries.search_documents(store, q, limit, offset, language, mixed)
    total = memo.get("documents", lambda: page_tables.listed_count(store))
    rows = page_tables.listing_page(store, limit, offset)
    for row in rows:
        queries.cite_row(row)
    return rows, total


def counts(store: Store) -> dict[str, int]:
    """How many documents, alignments, narratives, errors and duplicates the store holds."""
    memo = derived.memo_of(store)
    return store.counts() if memo is None else memo.get("counts", store.counts)


def get_document(store: Store, doc_id: str) -> dict[str, Any] | None:
    doc = queries.document_with_text(store, doc_id)
    if doc is not None:
        doc["date_precision"] = date_precision(doc.get("published"))
    return doc


def get_documents(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Documents (as :func:`get_document` gives each) by id, read in one query."""
    docs = queries.documents_with_text(store, ids)
    for doc in docs.values():
        doc["date_precision"] = date_precision(doc.get("published"))
    return docs


def document_alignments(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Every passage of ``doc_id`` reused elsewhere or taken from elsewhere, with the other side."""
    memo = derived.memo_of(store)
    if memo is not None and memo.tables:
        rows = page_tables.passages_of(store, doc_id)
        for row in rows:
            queries.cite_row(row, "other_")
    else:
        rows = queries.document_alignments(store, doc_id)
    for r in rows:
        r["id"] = alignment_id(r)
        mine_is_source = r["source_doc"] == doc_id
        r["role"] = "source" if mine_is_source else "target"
        r["start"], r["end"] = (
            (r["source_start"], r["source_end"]) if mine_is_source else (r["target_start"], r["target_end"])
        )
    return rows


def list_narratives(store: Store, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    memo = derived.memo_of(store)
    total = queries.narrative_count(store) if memo is None else memo.get("narratives", lambda: queries.narrative_count(store))
    rows = queries.ranked_narratives(store, limit, offset)
    labels = _labels(store, [r["id"] for r in rows], total)
    for r in rows:
        r["earliest"] = r["earliest"].split(",") if r["earliest"] else []
        _label(r, labels)
    return rows, total


def _labels(store: Store, ids: list[str], narratives: int | None = None) -> dict[str, NarrativeLabel]:
    """The labels of the narratives ``ids``: from the copy's memo, where every narrative's
    label is worked out once (up to MEMO_LABELS_UP_TO narratives), else worked out now."""
    memo = derived.memo_of(store)
    if memo is None:
        return narrative_labels(store, ids)
    if narratives is None:
        narratives = memo.get("narratives", lambda: queries.narrative_count(store))
    if narratives > MEMO_LABELS_UP_TO:
        return narrative_labels(store, ids)
    every = memo.get("labels", lambda: narrative_labels(store))
    return {i: every[i] for i in ids if i in every}


def _label(row: dict[str, Any], labels: dict[str, NarrativeLabel]) -> None:
    """The narrative's title and distinctive snippet (:func:`copytrail.outputs.view.narrative_labels`)."""
    label = labels.get(row["id"])
    row["title"] = label.title if label else None
    row["snippet"] = label.snippet if label else None


def label_attributes(store: Store, rows: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """``dir`` and ``lang`` of each narrative's title and snippet (rows with ``earliest`` as a
    list): both are its earliest member's text (``view.narrative_labels``), so they take that
    document's stored language; a narrative without one is left out (shown as unknown)."""
    first = {r["id"]: r["earliest"][0] for r in rows if r.get("earliest")}
    known = queries.document_languages(store, sorted(set(first.values())))
    return {nid: text_attributes(*known[doc]) for nid, doc in first.items() if doc in known}


def documents_shown_as(store: Store, ids: list[str]) -> dict[str, dict[str, str]]:
    """``dir`` and ``lang`` of each document's text, from its stored languages (the check
    page's stored sides)."""
    known = queries.document_languages(store, sorted(set(ids)))
    return {doc: text_attributes(*languages) for doc, languages in known.items()}


def get_narrative(store: Store, narrative_id: str) -> dict[str, Any] | None:
    n = queries.narrative_by_id(store, narrative_id)
    if n is None:
        return None
    n["earliest"] = n["earliest"].split(",") if n["earliest"] else []
    _label(n, _labels(store, [narrative_id]))
    n["members"] = [
        {
            **{k: m[k] for k in MEMBER_FIELDS},
            "date_precision": date_precision(m["published"]),
            "earliest": m["doc"] in n["earliest"],
            "captured": m.get("captured"),  # a fetched page's capture time (WARC), else None
        }
        for m in queries.narrative_members(store, narrative_id)
    ]
    return n


def list_alignments(
    store: Store, limit: int, offset: int, narrative: str | None = None, doc: str | None = None
) -> tuple[list[dict[str, Any]], int]:
    rows, total = queries.alignment_page(store, limit, offset, narrative, doc)
    for r in rows:
        r["id"] = alignment_id(r)
    return rows, total


def get_alignment(store: Store, aid: str) -> dict[str, Any] | None:
    key = parse_alignment_id(aid)
    row = queries.alignment_at(store, *key) if key is not None else None
    if row is not None:
        row["id"] = alignment_id(row)
    return row


def joined_runs(view: dict[str, Any]) -> dict[str, Any]:
    """A side-by-side view (``spans.side_by_side``) with each side's neighbouring chunks of the
    same kind (changed or not) joined: the page shows the same, from a sixth as many pieces
    (103 chunks a side on average in the 10k benchmark store, 18 runs)."""
    for side in (view["a"], view["b"]):
        runs: list[list[Any]] = []
        for text, changed in side["chunks"]:
            if runs and runs[-1][1] == changed:
                runs[-1][0] += text
            else:
                runs.append([text, changed])
        side["chunks"] = runs
    return view


def own_side_languages(doc: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """Where ``doc`` mixes languages, each of its passages in ``rows`` (its side's ``start``,
    ``end``) gains ``language``, read on the passage; otherwise none is set (the document's
    language is its passages')."""
    if doc.get("languages") and "," in doc["languages"]:
        for row in rows:
            row["language"] = side_language(doc["language"], doc["languages"], doc["text"][row["start"] : row["end"]])


def alignment_json(r: dict[str, Any]) -> dict[str, Any]:
    """An alignment in the export's nested shape, plus its id (each side's language where the
    row carries it: ``outputs.languages.add_side_languages``)."""
    return {
        "id": r["id"],
        "source": {"doc": r["source_doc"], "start": r["source_start"], "end": r["source_end"], "language": r.get("source_language")},
        "target": {"doc": r["target_doc"], "start": r["target_start"], "end": r["target_end"], "language": r.get("target_language")},
        "kind": r["kind"],
        "score": r["score"],
        "matched_words": r["matched_words"],
        "source_is_earlier": bool(r["source_is_earlier"]),
        "narrative": r["narrative"],
    }
