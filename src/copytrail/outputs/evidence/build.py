"""Write an evidence pack: one printable HTML page, the same facts as JSON, and CSV tables.

The page is self-contained and offline: its only style sheet is inline (allowed by a hash in
its Content-Security-Policy), it has no script at all, and every piece of article text goes
through Jinja2's autoescaping.  Links are made only of http(s) addresses.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from copytrail.errors import UsageError
from copytrail.outputs.evidence.data import earliest_reason, evidence_data
from copytrail.outputs.report.direction import TEMPLATE_GLOBALS, is_mixed
from copytrail.outputs.report.spans import KINDS, is_http_url
from copytrail.store import Store

HTML_NAME = "evidence.html"
JSON_NAME = "evidence.json"
DOCUMENTS_CSV = "evidence-documents.csv"
PASSAGES_CSV = "evidence-passages.csv"
FIGURES_CSV = "evidence-figures.csv"
# Spreadsheets run a cell that starts with one of these as a formula: such cells get a leading
# apostrophe in the CSV files (the JSON keeps every value exactly).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class EvidencePack:
    """The files written, and what they are about."""

    kind: str  # "narrative" or "document"
    subject: str
    html: Path
    json: Path
    csv: tuple[Path, ...]


def _css() -> str:
    return (resources.files("copytrail.outputs.evidence") / "templates" / "evidence.css").read_text(encoding="utf-8")


def style_policy(css: str) -> str:
    """The Content-Security-Policy of the page: nothing loads, no script runs, only this style."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; form-action 'none'"


def page_policy() -> str:
    """The Content-Security-Policy that lets the page's own style sheet, and nothing else, apply."""
    return style_policy(_css())


# Each name in the "why" sentence is first written as a numbered private-use placeholder, and
# put back inside <bdi> once the sentence is escaped: only balanced <bdi> can come out of it.
_PLACEHOLDER = re.compile("\ue000([0-9]+)\ue001")


def why_html(narrative: dict[str, Any], docs: dict[str, dict[str, Any]]) -> Any:
    """The sentence that says why a member is the earliest (``why`` in the JSON), escaped, with
    each outlet and citation in ``<bdi>``: its letters or bidi controls cannot reorder the rest."""
    from markupsafe import Markup, escape

    names: list[str] = []

    def placeholder(name: str) -> str:
        names.append(name)
        return f"\ue000{len(names) - 1}\ue001"

    text = str(escape(earliest_reason(narrative, narrative["earliest"], docs, placeholder)))

    def named(match: re.Match[str]) -> str:
        index = int(match[1])
        return f"<bdi>{escape(names[index])}</bdi>" if index < len(names) else match[0]

    return Markup(_PLACEHOLDER.sub(named, text))  # noqa: S704 - every piece escaped above


def render_html(data: dict[str, Any]) -> str:
    """The printable page for :func:`~copytrail.outputs.evidence.data.evidence_data`'s object."""
    from jinja2 import Environment, PackageLoader
    from markupsafe import Markup

    env = Environment(loader=PackageLoader("copytrail.outputs.evidence", "templates"), autoescape=True)
    env.globals.update(is_http_url=is_http_url, is_mixed=is_mixed, why_html=why_html, **TEMPLATE_GLOBALS)
    env.filters["kind"] = lambda k: k if k in KINDS else "other"
    css = _css()
    docs = {d["id"]: d for d in data["documents"]}
    return env.get_template("evidence.html.j2").render(
        d=data, docs=docs, css=Markup(css), policy=style_policy(css)
    )


def build_evidence(store: Store, target: str, out_dir: str | Path) -> EvidencePack:
    """Write the evidence pack of a narrative or document id into ``out_dir``."""
    data = evidence_data(store, target)
    out = Path(out_dir)
    files = {
        HTML_NAME: render_html(data),
        JSON_NAME: json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n",
        DOCUMENTS_CSV: _csv(document_rows(data)),
        PASSAGES_CSV: _csv(passage_rows(data), PASSAGE_FIELDS),
        FIGURES_CSV: _csv(figure_rows(data), FIGURE_FIELDS),
    }
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            tmp = out / (name + ".tmp")
            tmp.write_text(content, encoding="utf-8", newline="")
            tmp.replace(out / name)
    except OSError as exc:
        raise UsageError(f"{out}: cannot write the evidence pack: {exc.strerror or exc}") from exc
    return EvidencePack(
        data["kind"], data["subject"], out / HTML_NAME, out / JSON_NAME,
        (out / DOCUMENTS_CSV, out / PASSAGES_CSV, out / FIGURES_CSV),
    )  # fmt: skip


# ------------------------------------------------------------------------------ CSV tables

# The columns of the two tables that can be empty (an empty table still has its header).
PASSAGE_FIELDS = (
    "narrative", "kind", "score", "matched_words", "source_is_earlier", "source_doc", "source_citation",
    "source_start", "source_end", "target_doc", "target_citation", "target_start", "target_end",
    "source_text", "target_text",
)  # fmt: skip
FIGURE_FIELDS = (
    "claim", "text", "kind", "doc", "citation", "figure", "value", "qualifier", "unit", "published", "start", "end",
)  # fmt: skip


def document_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per document: citation, dates with their source, and every hash."""
    rows = []
    for d in data["documents"]:
        source = d["input"]
        record = source["record"] or {}
        rows.append({
            **{k: v for k, v in d.items() if k not in ("input", "text", "narratives")},
            "narratives": " ".join(d["narratives"]),
            "file": source["file"], "file_available": source["available"],
            "file_sha256": source["file_sha256"], "file_bytes": source["file_bytes"],
            "changed_since_scan": source["changed_since_scan"], "file_note": source["note"],
            "record_sha256": record.get("sha256"), "record_offset": record.get("offset"),
            "record_length": record.get("length"), "record_note": record.get("note"),
        })  # fmt: skip
    return rows


def passage_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per reused passage, both sides' exact text."""
    return [
        {
            "narrative": p["narrative"], "kind": p["kind"], "score": p["score"],
            "matched_words": p["matched_words"], "source_is_earlier": p["source_is_earlier"],
            "source_doc": p["source"]["doc"], "source_citation": p["source"]["citation"],
            "source_start": p["source"]["start"], "source_end": p["source"]["end"],
            "target_doc": p["target"]["doc"], "target_citation": p["target"]["citation"],
            "target_start": p["target"]["start"], "target_end": p["target"]["end"],
            "source_text": p["source"]["text"], "target_text": p["target"]["text"],
        }
        for p in data["passages"]
    ]  # fmt: skip


def figure_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per statement of a claim whose copies state different figures."""
    return [
        {
            "claim": g["claim"], "text": g["text"], "kind": g["kind"], "doc": s["doc"],
            "citation": s["citation"], "figure": s["figure"], "value": s["value"],
            "qualifier": s.get("qualifier"), "unit": s.get("unit"), "published": s.get("published"),
            "start": s["start"], "end": s["end"],
        }
        for g in data["changed_figures"]
        for s in g["statements"]
    ]  # fmt: skip


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(rows: list[dict[str, Any]], header: tuple[str, ...] = ()) -> str:
    buffer = io.StringIO()
    fields: list[str] = list(header)
    for r in rows:
        fields += [k for k in r if k not in fields]
    if fields:
        writer = csv.DictWriter(buffer, fieldnames=fields)
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _cell(v) for k, v in r.items()})
    return buffer.getvalue()
