"""Plain text and Markdown files: the text is the decoded file exactly (after any front matter)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from copytrail.records import Document, InputProblem, content_hash, document_id
from copytrail.stages.ingest.metadata import outlet_from_url, set_metadata_date

_FRONT_MATTER_KEYS = frozenset({"title", "author", "date", "published", "url", "outlet"})


def file_time(mtime: float) -> str:
    return datetime.fromtimestamp(mtime, tz=UTC).isoformat(timespec="seconds")


def file_document(
    text: str,
    source: str,
    shown: str,
    fmt: str,
    mtime: float,
    extra: dict[str, Any],
    file_dates: bool = False,
) -> Document:
    """A document of a whole file: undated, unless ``file_dates`` asks for the file's
    modification time (``date_source`` "file"), which says when it was saved, not published."""
    return Document(
        id=document_id(source),
        source_key=source,
        path=shown,
        text=text,
        sha1=content_hash(text),
        published=file_time(mtime) if file_dates else None,
        date_source="file" if file_dates else "none",
        fmt=fmt,
        mtime=mtime,
        extra=extra,
    )


_FRONT_OPEN = re.compile(r"---[ \t]*\r?\n")
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_FRONT_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")


def _split_front_matter(text: str) -> tuple[dict[str, str], str] | None:
    """``(fields, body)`` when ``text`` opens with a ``---`` front-matter block, else None.

    Only simple ``key: value`` lines are read (no YAML dependency); other lines are ignored.
    """
    opening = _FRONT_OPEN.match(text)
    if opening is None:
        return None
    closing = _FRONT_CLOSE.search(text, opening.end())
    if closing is None:
        return None
    fields: dict[str, str] = {}
    for line in text[opening.end() : closing.start()].splitlines():
        match = _FRONT_LINE.match(line)
        if match:
            value = match.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields[match.group(1).lower()] = value
    return fields, text[closing.end() :]


def read_markdown(
    text: str, source: str, shown: str, mtime: float, extra: dict[str, Any], file_dates: bool = False,
    day_first: bool | None = None,
) -> Document | InputProblem:
    split = _split_front_matter(text)
    if split is None:
        return file_document(text, source, shown, "md", mtime, extra, file_dates)
    fields, body = split
    if not body.strip():
        return InputProblem(shown, "no text after the front matter")
    doc = file_document(body, source, shown, "md", mtime, extra, file_dates)
    extra.update({k: v for k, v in fields.items() if k not in _FRONT_MATTER_KEYS})
    doc.title = fields.get("title") or None
    doc.author = fields.get("author") or None
    doc.url = fields.get("url") or None
    doc.outlet = fields.get("outlet") or outlet_from_url(doc.url)
    raw_date = fields.get("published") or fields.get("date")
    if raw_date:
        set_metadata_date(doc, raw_date, day_first)
    return doc
