"""What an evidence pack holds, gathered from the store as plain JSON-ready data.

One function, :func:`evidence_data`, for a narrative or a document id.  The rows come from
:mod:`copytrail.store.queries` (and the claims from :mod:`copytrail.store.claims`); here they
are shaped, hashed and explained.  Nothing is inferred beyond what the store holds: a date
keeps its source, a record its locator, a file that is gone is said to be gone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from copytrail import __version__
from copytrail.errors import UsageError
from copytrail.outputs.evidence.sources import (
    input_evidence,
    record_fragment,
    text_sha256,
)
from copytrail.outputs.report.spans import side_by_side
from copytrail.records import DATE_SOURCE_WORDS, citation, date_precision, stated_in_calendar
from copytrail.stages.language import side_language
from copytrail.store import Store, queries

FORMAT_VERSION = 1
CONTEXT_CHARS = 200  # characters of context shown around each side of a passage
# The meta keys that record what made the stored results (settings fingerprints).
SETTINGS_KEYS = ("ingest_settings", "sketch_settings", "align_settings", "claims.settings")
# Document columns an evidence pack carries as stored (record, citation, date precision follow).
DOCUMENT_FIELDS = (
    "id", "outlet", "author", "title", "url", "published", "date_source",
    "path", "fmt", "chars", "words", "duplicate_of", "language", "languages",
)  # fmt: skip


def resolve(store: Store, target: str) -> tuple[str, dict[str, Any]]:
    """``("narrative", row)`` or ``("document", row)`` for an id; a clear error for neither."""
    target = target.strip()
    narrative = queries.narrative_by_id(store, target)
    if narrative is not None:
        return "narrative", narrative
    docs = queries.evidence_documents(store, [target])
    if docs:
        return "document", docs[0]
    raise UsageError(f"no narrative or document with id {target!r} in {Path(store.path).name}")


def evidence_data(store: Store, target: str) -> dict[str, Any]:
    """Everything the pack shows for a narrative id or a document id, as one JSON-ready object."""
    kind, row = resolve(store, target)
    if kind == "narrative":
        narratives = [row]
        alignments = queries.alignments_of(store, narrative=row["id"])
    else:
        narratives = queries.document_narratives(store, row["id"])
        alignments = queries.alignments_of(store, doc=row["id"])
    members = {n["id"]: _member_ids(store, n["id"]) for n in narratives}
    ids = _ordered_ids(row["id"] if kind == "document" else None, members, alignments)
    docs = _documents(store, ids)
    by_id = {d["id"]: d for d in docs}
    texts = {d["id"]: d["text"] for d in docs}
    _mark_roles(docs, kind, row, narratives, members)
    return {
        "evidence_format": FORMAT_VERSION,
        "kind": kind,
        "subject": row["id"],
        "generated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "copytrail": provenance(store),
        "narratives": [_narrative(n, members[n["id"]], by_id) for n in narratives],
        "documents": docs,
        "passages": [_passage(a, texts, by_id) for a in alignments],
        "changed_figures": changed_figures(store, ids if kind == "narrative" else [row["id"]], by_id),
    }


def provenance(store: Store) -> dict[str, Any]:
    """The copytrail version, the store, and the settings fingerprints the store recorded."""
    meta = queries.meta_values(store)
    settings = {k: meta[k] for k in SETTINGS_KEYS if k in meta}
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest() if settings else None
    return {
        "version": __version__,
        "scanned_with": meta.get("copytrail_version"),
        "store": Path(store.path).name,
        "schema_version": meta.get("schema_version"),
        "settings": settings,  # the recorded text, exactly: that is what the fingerprint covers
        "settings_fingerprint": digest,
    }


def _member_ids(store: Store, narrative: str) -> list[str]:
    """A narrative's documents in reading order (oldest first), each once."""
    out: list[str] = []
    for m in queries.narrative_members(store, narrative):
        if m["doc"] not in out:
            out.append(m["doc"])
    return out


def _ordered_ids(subject: str | None, members: dict[str, list[str]], alignments: list[dict[str, Any]]) -> list[str]:
    ids = [subject] if subject else []
    for docs in members.values():
        ids += [d for d in docs if d not in ids]
    for a in alignments:
        ids += [d for d in (a["source_doc"], a["target_doc"]) if d not in ids]
    return ids


def _documents(store: Store, ids: Sequence[str]) -> list[dict[str, Any]]:
    """Each document's citation, its text's SHA-256 and its input file's (and record's)."""
    rows = {r["id"]: r for r in queries.evidence_documents(store, ids)}
    files = {f["path"]: f for f in queries.scanned_files(store, sorted({r["file"] for r in rows.values() if r["file"]}))}
    out = []
    for doc_id in ids:
        r = rows.get(doc_id)
        if r is None:
            continue
        fragment = record_fragment(r["source_key"] or "", r["file"])
        cited = citation(r["path"] or "", r["source_key"], r["url"], r["file"])
        doc = {k: r.get(k) for k in DOCUMENT_FIELDS if k in r}
        doc["record"] = cited.record
        doc["citation"] = str(cited)
        doc["date_precision"] = date_precision(r["published"])
        doc["date_meaning"] = DATE_SOURCE_WORDS.get(r["date_source"] or "none", r["date_source"])
        doc["captured"] = _captured(r)
        doc["published_raw"], doc["published_calendar"] = _stated_in_calendar(r)
        doc["text_sha256"] = text_sha256(r["text"])
        doc["input"] = input_evidence(r["file"], fragment, files.get(r["file"]))
        doc["text"] = r["text"]
        out.append(doc)
    return out


def _captured(row: dict[str, Any]) -> str | None:
    """A fetched page's capture time (its WARC-Date, kept by ingest), as the cards show it."""
    if row.get("fmt") != "warc" or not row.get("extra"):
        return None
    captured = json.loads(row["extra"]).get("captured")
    return str(captured).replace("T", " ").replace("+00:00", " UTC") if captured else None


def _stated_in_calendar(row: dict[str, Any]) -> tuple[str | None, str | None]:
    """A date converted from another calendar as its input stated it, and that calendar
    (``records.stated_in_calendar``); (None, None) for any other date."""
    extra = json.loads(row["extra"]) if row.get("extra") and "published_calendar" in row["extra"] else {}
    found = stated_in_calendar(row.get("published"), row.get("date_source"), extra.get("published_raw"), extra.get("published_calendar"))
    return found if found is not None else (None, None)


def _mark_roles(
    docs: list[dict[str, Any]], kind: str, row: dict[str, Any], narratives: list[dict[str, Any]], members: dict[str, list[str]]
) -> None:
    earliest = {d for n in narratives for d in (n["earliest"] or "").split(",") if d}
    for d in docs:
        d["narratives"] = [n["id"] for n in narratives if d["id"] in members[n["id"]]]
        d["earliest"] = d["id"] in earliest
        d["role"] = "subject" if kind == "document" and d["id"] == row["id"] else ("member" if d["narratives"] else "aligned")


def _narrative(n: dict[str, Any], member_ids: list[str], docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    earliest = [d for d in (n["earliest"] or "").split(",") if d]
    out = {k: v for k, v in n.items() if k != "earliest"}
    out["earliest"] = earliest
    out["members"] = member_ids
    out["why"] = earliest_reason(n, earliest, docs)
    return out


def earliest_reason(
    n: dict[str, Any], earliest: list[str], docs: dict[str, dict[str, Any]], name: Callable[[str], str] = str
) -> str:
    """Why this member is named the earliest, in words, from the stored dates and confidence;
    ``name`` marks each outlet and citation in it (the page isolates them, :mod:`.build`)."""
    reason = n.get("confidence_reason") or n.get("reason")
    confidence = n.get("confidence") or "unknown"
    if not earliest:
        words = "No member has a date, so no member can be named the earliest."
    else:
        named = "; ".join(_dated(docs[d], name) for d in earliest if d in docs)
        if len(earliest) > 1:
            words = f"{len(earliest)} members share the earliest date: {named}."
        else:
            others = int(n.get("documents") or 0) - 1
            undated = int(n.get("undated") or 0)
            words = f"The oldest date among the {others + 1} members is {named}."
            if undated:
                words += f" {undated} member{'s' if undated != 1 else ''} ha{'ve' if undated != 1 else 's'} no date and could be older."
    if reason and str(reason) not in confidence:
        return f"{words} Confidence: {confidence} ({reason})."
    return f"{words} Confidence: {confidence}."


def _dated(doc: dict[str, Any], name: Callable[[str], str] = str) -> str:
    label = name(doc.get("outlet") or doc.get("citation") or doc["id"])
    when = doc.get("published") or "undated"
    source = doc.get("date_source") or "none"
    precision = f", to the {doc['date_precision']}" if doc.get("date_precision") else ""
    if doc.get("published_calendar"):  # converted from another calendar: as it was stated
        source += f": stated as {name(str(doc.get('published_raw')))}, {doc['published_calendar']}"
    return f"{label} ({name(str(doc.get('citation')))}), published {when} (date from {source}{precision})"


def _passage(a: dict[str, Any], texts: dict[str, str], docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """An alignment with both passages' exact text and the side-by-side word differences."""
    src, tgt = texts.get(a["source_doc"], ""), texts.get(a["target_doc"], "")
    s, t = (a["source_start"], a["source_end"]), (a["target_start"], a["target_end"])
    view = side_by_side(src, s, tgt, t, CONTEXT_CHARS)
    return {
        "narrative": a["narrative"],
        "kind": a["kind"],
        "score": a["score"],
        "matched_words": a["matched_words"],
        "source_is_earlier": bool(a["source_is_earlier"]),
        "source": {"doc": a["source_doc"], "start": s[0], "end": s[1], "text": src[s[0] : s[1]],
                   "citation": docs.get(a["source_doc"], {}).get("citation"),
                   "language": _side_language(docs.get(a["source_doc"], {}), src[s[0] : s[1]])},
        "target": {"doc": a["target_doc"], "start": t[0], "end": t[1], "text": tgt[t[0] : t[1]],
                   "citation": docs.get(a["target_doc"], {}).get("citation"),
                   "language": _side_language(docs.get(a["target_doc"], {}), tgt[t[0] : t[1]])},
        "side_by_side": view,
    }  # fmt: skip


def _side_language(doc: dict[str, Any], passage: str) -> str | None:
    """A passage's language as the exports give it: read on the passage where its document mixes
    languages, else the document's (None where the document's languages were never read)."""
    return side_language(doc.get("language"), doc.get("languages"), passage)


def changed_figures(store: Store, doc_ids: Sequence[str], docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Claims whose copies among ``doc_ids`` state different figures, with every statement
    of those documents (and how many other documents state the claim too)."""
    from copytrail.store.claims import claim_rows

    wanted = set(doc_ids)
    out = []
    for group in claim_rows(store, differ_only=True, docs=sorted(wanted)):
        mine = [s for s in group["statements"] if s["doc"] in wanted]
        figures = {(s["value"], s.get("qualifier"), s.get("unit")) for s in mine}
        if len({s["doc"] for s in group["statements"]}) < 2 or (len(wanted) > 1 and len(figures) < 2):
            continue  # a narrative's copies must disagree among themselves
        out.append({**group, "outside": len({s["doc"] for s in group["statements"]} - wanted)})
    others = sorted({s["doc"] for g in out for s in g["statements"]} - docs.keys())
    cited = {k: str(v) for k, v in queries.citations(store, others).items()} if others else {}
    for group in out:
        for s in group["statements"]:
            s["citation"] = docs[s["doc"]]["citation"] if s["doc"] in docs else cited.get(s["doc"], s.get("path"))
            s["figure"] = " ".join(str(x) for x in (s.get("qualifier"), s.get("surface"), s.get("unit")) if x)
    return out
