"""JSON Lines: one document per object line; a bad line is reported and the rest goes on.

The Spark engine parses records with the same ``json_kind``, ``jsonl_key`` and
``jsonl_document``, so both engines give the same documents and the same messages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from copytrail.records import Document, InputProblem, content_hash, document_id
from copytrail.stages.ingest.html import NO_TEXT, document_from_html
from copytrail.stages.ingest.metadata import clean_field, outlet_from_url, set_metadata_date

_JSONL_FIELDS = frozenset(
    {"id", "text", "html", "url", "title", "author", "published", "date", "outlet"}
)


def jsonl_lines(data: bytes, text: str, encoding: str) -> list[str]:
    """The lines of a JSONL file, each decoded on its own when the file is not all UTF-8/16.

    One line in cp1252 must not turn every other (UTF-8) line of the file into mojibake.
    Lines are split on "\\n" only: str.splitlines would also split on U+2028 and friends,
    which JSON allows raw inside strings.
    """
    if encoding == "utf-8" or encoding.startswith("utf-16"):
        return text.split("\n")
    return [_decode_line(line) for line in data.split(b"\n")]


def _decode_line(line: bytes) -> str:
    for name in ("utf-8", "cp1252"):
        try:
            return line.decode(name)
        except UnicodeDecodeError:
            continue
    return line.decode("latin-1")


def read_jsonl(
    lines: list[str], source: str, shown: str, mtime: float
) -> Iterator[Document | InputProblem]:
    """One document per JSON object line; a bad line is reported and the rest goes on."""
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            where = "column" if exc.msg.endswith(" at") else "at column"
            yield InputProblem(shown, f"not JSON: {exc.msg} {where} {exc.colno}", line=number)
            continue
        except RecursionError:
            yield InputProblem(shown, "not JSON: nested too deeply", line=number)
            continue
        if not isinstance(record, dict):
            yield InputProblem(
                shown, f"JSON line is not an object but {json_kind(record)}", line=number
            )
            continue
        key, problem = jsonl_key(record, number, first_line)
        if problem:
            yield InputProblem(shown, problem, line=number)
            continue
        item = jsonl_document(record, f"{source}{key}", shown, mtime)
        if isinstance(item, str):
            yield InputProblem(shown, item, line=number)
        else:
            yield item


def json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    return "a number"


def jsonl_key(record: dict[str, Any], number: int, first_line: dict[str, int]) -> tuple[str, str]:
    """``(source-key suffix, "")`` for a line, or ``("", reason)`` when its ``id`` is unusable."""
    if record.get("id") is None:
        return f"#L{number}", ""
    raw = record["id"]
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return "", "JSON 'id' must be a string or an integer"
    ident = str(raw)
    if ident in first_line:
        return "", f"duplicate id {ident!r} (first on line {first_line[ident]})"
    first_line[ident] = number
    return f"#id={ident}", ""


def jsonl_document(
    record: dict[str, Any], source: str, shown: str, mtime: float
) -> Document | str:
    """Build the document of one JSON object, or return the reason it cannot be one."""
    text, html = record.get("text"), record.get("html")
    extra = {k: v for k, v in record.items() if k not in _JSONL_FIELDS}
    url = clean_field(record.get("url"))
    doc: Document | None
    if isinstance(text, str) and text.strip():
        if "\x00" in text:
            return "'text' contains NUL characters"
        doc = Document(
            id=document_id(source),
            source_key=source,
            path=shown,
            text=text,
            sha1=content_hash(text),
            url=url,
            fmt="jsonl",
            mtime=mtime,
            extra=extra,
        )
    elif isinstance(html, str) and html.strip():
        try:
            doc = document_from_html(
                html, source_key=source, path=shown, url=url, fmt="jsonl", mtime=mtime, extra=extra
            )
        except ValueError as exc:
            return str(exc)
        if doc is None:
            return NO_TEXT
    elif text is None and html is None:
        return "JSON line has no 'text' or 'html'"
    elif text is not None and not isinstance(text, str):
        return "JSON 'text' is not a string"
    elif html is not None and not isinstance(html, str):
        return "JSON 'html' is not a string"
    else:
        return "JSON 'text' is empty"
    # the record's own fields win over what was found in its HTML
    doc.title = clean_field(record.get("title")) or doc.title
    doc.author = clean_field(record.get("author")) or doc.author
    doc.outlet = clean_field(record.get("outlet")) or doc.outlet or outlet_from_url(doc.url)
    raw_date = record.get("published", record.get("date"))
    if raw_date is not None and raw_date != "":
        set_metadata_date(doc, raw_date)
    if "published" in record and "date" in record:
        doc.extra["date"] = record["date"]
    return doc
