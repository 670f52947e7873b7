"""Fingerprints of what an evidence pack cites: the stored text, the input file, the record.

A stored text is hashed as stored (UTF-8).  An input file is read again if it is still where
the scan found it; a record inside a JSONL or WARC file is cut out of the file as the bytes it
occupies there (a JSONL line without its line break; a WARC record as written, compressed
when the file is), with its byte offset and length so anyone can cut and hash it again.
What cannot be read is said so, never guessed: a file that is gone, a record no longer found.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

# The source key of a record inside a file: "#L12" (a JSONL or CSV line, a Parquet row), "#id=X"
# (a record's id), "#R3" (the third HTML response record of a WARC file, a JSON array's item).
_FRAGMENT = re.compile(r"#(L\d+|R\d+|id=.*)$", re.DOTALL)
FILE_GONE = "file no longer available"


def text_sha256(text: str) -> str:
    """SHA-256 of a stored text as UTF-8."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def record_fragment(source_key: str, file: str | None) -> str | None:
    """The record part of a source key (``L12``, ``id=X``, ``R3``), or None for a whole file."""
    if file and source_key.startswith(file):
        rest = source_key[len(file) :]
        return rest[1:] if rest.startswith("#") and _FRAGMENT.match(rest) else None
    match = _FRAGMENT.search(source_key)
    return match[1] if match else None


def input_evidence(file: str | None, fragment: str | None, scanned: dict[str, Any] | None) -> dict[str, Any]:
    """The input file's (and record's) SHA-256 as the file is now, or why there is none.

    ``scanned`` is the store's ``files`` row (size, mtime_ns) when the file was scanned; a file
    whose size or time differs is marked ``changed_since_scan``.
    """
    out: dict[str, Any] = {
        "file": file,
        "available": False,
        "file_sha256": None,
        "file_bytes": None,
        "changed_since_scan": None,
        "note": None,
        "record": None,
    }
    path = Path(file) if file else None
    if path is None or not path.is_file():
        out["note"] = FILE_GONE
        if fragment is not None:
            out["record"] = {"fragment": fragment, "sha256": None, "offset": None, "length": None, "note": FILE_GONE}
        return out
    try:
        data = path.read_bytes()
        stat = path.stat()
    except OSError as exc:
        out["note"] = f"{FILE_GONE} ({exc.strerror or exc})"
        return out
    out.update(available=True, file_sha256=hashlib.sha256(data).hexdigest(), file_bytes=len(data))
    if scanned is not None:
        changed = int(scanned["size"]) != stat.st_size or int(scanned["mtime_ns"]) != stat.st_mtime_ns
        out["changed_since_scan"] = changed
        if changed:
            out["note"] = "the file has changed since it was scanned"
    if fragment is not None:
        out["record"] = _record(path, data, fragment)
    return out


def _record(path: Path, data: bytes, fragment: str) -> dict[str, Any]:
    from copytrail.stages.ingest.walk import format_of_name

    found: tuple[int, int] | None
    note = None
    fmt = format_of_name(path.name)
    if fmt not in ("warc", "jsonl") or (fmt == "jsonl" and data.startswith(b"\x1f\x8b")):
        # a CSV row, a Parquet row, a JSON array's item or a gzipped line has no bytes of its own to hash
        what = {"csv": "a CSV", "tsv": "a TSV", "parquet": "a Parquet", "json": "a JSON"}.get(fmt or "", "a gzipped")
        return {"fragment": fragment, "sha256": None, "offset": None, "length": None,
                "note": f"records of {what} file are not cut out; the file's hash covers them"}  # fmt: skip
    if fragment.startswith("R"):
        try:
            found = _warc_record(path, int(fragment[1:]))
        except Exception as exc:  # warcio raises assorted types on a damaged file  # noqa: BLE001
            found, note = None, f"the WARC file cannot be read now: {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}"
            if "non-chunked gzip" in str(exc):  # read by the scan through one stream, records have no offsets here
                note = "records of a WARC gzipped as one member are not cut out; the file's hash covers them"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        found, note = None, "records of a UTF-16 file are not cut out; the file's hash covers them"
    elif fragment.startswith("L"):
        found = _jsonl_line(data, int(fragment[1:]))
    else:
        found = _jsonl_id(data, fragment[3:])
    if found is None:
        note = note or "the record is no longer found in the file"
        return {"fragment": fragment, "sha256": None, "offset": None, "length": None, "note": note}
    offset, length = found
    digest = hashlib.sha256(data[offset : offset + length]).hexdigest()
    return {"fragment": fragment, "sha256": digest, "offset": offset, "length": length, "note": None}


def _lines(data: bytes) -> list[tuple[int, bytes]]:
    """Each line's byte offset and bytes, split on "\\n" as the JSONL reader splits them."""
    out, offset = [], 0
    for line in data.split(b"\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


def _jsonl_line(data: bytes, number: int) -> tuple[int, int] | None:
    lines = _lines(data)
    if not 1 <= number <= len(lines) or not lines[number - 1][1].strip():
        return None
    offset, line = lines[number - 1]
    return offset, len(line)


def _jsonl_id(data: bytes, ident: str) -> tuple[int, int] | None:
    """The first line whose JSON object has this ``id`` (later repeats were refused at scan)."""
    for offset, line in _lines(data):
        if not line.strip():
            continue
        try:
            record = json.loads(line.decode("utf-8", "replace"))
        except (json.JSONDecodeError, RecursionError):
            continue
        raw = record.get("id") if isinstance(record, dict) else None
        if raw is not None and not isinstance(raw, bool) and isinstance(raw, str | int) and str(raw) == ident:
            return offset, len(line)
    return None


def _warc_record(path: Path, index: int) -> tuple[int, int] | None:
    """Offset and length of the ``index``-th record that gives a document (1-based: an HTML
    response or a page's text), as the scan counted."""
    from warcio.archiveiterator import ArchiveIterator

    from copytrail.stages.ingest.warc import is_document_record  # the scan's own rule

    seen = 0
    with path.open("rb") as fh:
        iterator = ArchiveIterator(fh)
        for record in iterator:
            record.content_stream().read()
            if not is_document_record(record):
                continue
            seen += 1
            if seen == index:
                return iterator.get_record_offset(), iterator.get_record_length()
    return None
