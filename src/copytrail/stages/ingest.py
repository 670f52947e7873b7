"""Turn input files (text, Markdown, HTML, JSON Lines, WARC) into ``Document`` records.

Everything here is a pure function of the files on disk: no database, no network.  Bad input
never raises; it becomes an ``InputProblem`` with a one-line reason so that one broken file (or
one broken line of a JSONL file, or one damaged WARC record) does not stop a whole run.

The text of a ``.txt``/``.md`` document is the file's content exactly as decoded (no newline
conversion, no stripping), because later stages store character offsets into it.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import warnings
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from copytrail.records import DateSource, Document, InputProblem, content_hash, document_id

__all__ = [
    "SUPPORTED_SUFFIXES",
    "DecodeError",
    "decode_bytes",
    "document_from_html",
    "iter_input_files",
    "normalise_date",
    "outlet_from_url",
    "read_file",
]

#: Suffixes read by ``read_file`` (matched case-insensitively; ``.warc.gz`` is a double suffix).
SUPPORTED_SUFFIXES: tuple[str, ...] = (
    ".txt",
    ".md",
    ".html",
    ".htm",
    ".jsonl",
    ".warc",
    ".warc.gz",
)

_FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
}

_UNDECODABLE = "cannot decode as UTF-8, UTF-16 or cp1252"
_NO_TEXT = "no article text found"
_JSONL_FIELDS = frozenset(
    {"id", "text", "html", "url", "title", "author", "published", "date", "outlet"}
)
_FRONT_MATTER_KEYS = frozenset({"title", "author", "date", "published", "url", "outlet"})
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class DecodeError(ValueError):
    """Bytes that cannot be read as text; ``str(exc)`` is the one-line reason."""


# --------------------------------------------------------------------------- files


def _format_of(path: Path) -> str | None:
    name = path.name.lower()
    # longest suffix first so that ``.warc.gz`` wins over a bare ``.gz``
    for suffix in sorted(_FORMATS, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return _FORMATS[suffix]
    return None


def _unsupported(path: Path) -> str:
    suffix = "".join(path.suffixes[-2:]) if path.name.lower().endswith(".gz") else path.suffix
    what = f"'{suffix}'" if suffix else "without a suffix"
    return f"unsupported file type {what} (expected {', '.join(SUPPORTED_SUFFIXES)})"


def _os_reason(exc: OSError) -> str:
    """One short lower-case reason for an OS error, without the path (the caller adds it)."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def iter_input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | InputProblem]:
    """Expand input paths into the files to read, in a deterministic order.

    Directories are walked recursively with entries sorted by name, so two runs over the same
    tree see the same order; hidden entries (``.name``) and unsupported suffixes inside
    directories are skipped silently, since a corpus folder usually holds other files too.  A
    file named explicitly is the user's intent, so a wrong suffix there is reported.  Each
    file is yielded once even when named twice.
    """
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        try:
            st = path.stat()
        except OSError as exc:
            yield InputProblem(str(raw), _os_reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path, seen, set())
        elif not stat.S_ISREG(st.st_mode):
            yield InputProblem(str(raw), "not a regular file")
        elif _format_of(path) is None:
            yield InputProblem(str(raw), _unsupported(path))
        else:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                yield path


def _walk(directory: Path, seen: set[str], active: set[str]) -> Iterator[Path | InputProblem]:
    real = os.path.realpath(directory)
    if real in active:  # a symlink loop
        return
    active.add(real)
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        yield InputProblem(str(directory), _os_reason(exc))
        active.discard(real)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = directory / entry.name
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError:
            continue
        if is_dir:
            yield from _walk(child, seen, active)
        elif is_file and _format_of(child) is not None:
            key = os.path.realpath(child)
            if key not in seen:
                seen.add(key)
                yield child
    active.discard(real)


def read_file(path: Path, display_path: str | None = None) -> Iterator[Document | InputProblem]:
    """Read one input file into its documents, and errors for whatever failed inside it.

    Never raises for bad content or an unreadable file: each problem becomes an
    ``InputProblem`` whose ``path`` is ``display_path`` (or the path as given).
    """
    path = Path(path)
    shown = display_path if display_path is not None else str(path)
    fmt = _format_of(path)
    if fmt is None:
        yield InputProblem(shown, _unsupported(path))
        return
    try:
        mtime = path.stat().st_mtime
        source = path.resolve().as_posix()
        if fmt == "warc":
            yield from _read_warc(path, shown, source, mtime)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputProblem(shown, _os_reason(exc))
        return
    try:
        text, encoding = decode_bytes(
            data, declared=_sniff_html_charset(data) if fmt == "html" else None
        )
    except DecodeError as exc:
        yield InputProblem(shown, str(exc))
        return
    if not text.strip():
        yield InputProblem(shown, "empty file")
        return
    extra: dict[str, Any] = {} if encoding == "utf-8" else {"encoding": encoding}
    if fmt == "txt":
        yield _file_document(text, source, shown, fmt, mtime, extra)
    elif fmt == "md":
        yield _read_markdown(text, source, shown, mtime, extra)
    elif fmt == "html":
        yield _read_html_file(text, source, shown, mtime, extra)
    else:
        yield from _read_jsonl(_jsonl_lines(data, text, encoding), source, shown, mtime)


def _jsonl_lines(data: bytes, text: str, encoding: str) -> list[str]:
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


def _file_time(mtime: float) -> str:
    return datetime.fromtimestamp(mtime, tz=UTC).isoformat(timespec="seconds")


def _file_document(
    text: str, source: str, shown: str, fmt: str, mtime: float, extra: dict[str, Any]
) -> Document:
    return Document(
        id=document_id(source),
        source_key=source,
        path=shown,
        text=text,
        sha1=content_hash(text),
        published=_file_time(mtime),
        date_source="file",
        fmt=fmt,
        mtime=mtime,
        extra=extra,
    )


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode file bytes, returning ``(text, encoding)``; raise ``DecodeError`` when impossible.

    Order: a BOM (UTF-8, UTF-16 LE/BE) decides; a NUL byte without one means binary; then
    strict UTF-8 (a valid UTF-8 multi-byte sequence is almost never accidental), then a
    ``declared`` charset (e.g. from an HTML ``<meta>``), then cp1252 (a superset of latin-1
    for printable text, and what "latin-1" files with curly quotes really are), then latin-1,
    which accepts any bytes.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8"
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text = _strict(data[2:], name)
            if "\x00" in text:
                raise DecodeError("binary file")
            return text, name
    if b"\x00" in data:
        raise DecodeError("binary file")
    candidates = ["utf-8"]
    if declared:
        candidates.append(declared)
    candidates += ["cp1252", "latin-1"]
    for name in candidates:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    raise DecodeError(_UNDECODABLE)  # pragma: no cover - latin-1 decodes any bytes


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(_UNDECODABLE) from exc


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def _sniff_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first few KB, if it is a known codec."""
    match = _META_CHARSET.search(data[:4096])
    return _known_codec(match.group(1).decode("ascii")) if match else None


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


# --------------------------------------------------------------------------- markdown

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


def _read_markdown(
    text: str, source: str, shown: str, mtime: float, extra: dict[str, Any]
) -> Document | InputProblem:
    split = _split_front_matter(text)
    if split is None:
        return _file_document(text, source, shown, "md", mtime, extra)
    fields, body = split
    if not body.strip():
        return InputProblem(shown, "no text after the front matter")
    doc = _file_document(body, source, shown, "md", mtime, extra)
    extra.update({k: v for k, v in fields.items() if k not in _FRONT_MATTER_KEYS})
    doc.title = fields.get("title") or None
    doc.author = fields.get("author") or None
    doc.url = fields.get("url") or None
    doc.outlet = fields.get("outlet") or outlet_from_url(doc.url)
    raw_date = fields.get("published") or fields.get("date")
    if raw_date:
        _set_date(doc, raw_date)
    return doc


def _set_date(doc: Document, raw: Any) -> None:
    """Apply a date given explicitly by the input (metadata), keeping it raw when unparseable.

    An explicit but unreadable date means the date is unknown: falling back to the file time
    would invent a publication date.
    """
    published = normalise_date(raw)
    if published is None:
        doc.published, doc.date_source = None, "none"
        doc.extra["published_raw"] = raw if isinstance(raw, str) else json.dumps(raw)
    else:
        doc.published, doc.date_source = published, "metadata"


# --------------------------------------------------------------------------- HTML


def _read_html_file(
    html: str, source: str, shown: str, mtime: float, extra: dict[str, Any]
) -> Document | InputProblem:
    try:
        doc = document_from_html(
            html,
            source_key=source,
            path=shown,
            fallback_date=_file_time(mtime),
            fallback_source="file",
            mtime=mtime,
            extra=extra,
        )
    except ValueError as exc:
        return InputProblem(shown, str(exc))
    return doc if doc is not None else InputProblem(shown, _NO_TEXT)


_HAS_DOCUMENT = re.compile(r"<\s*(?:html|body)[\s>]", re.IGNORECASE)


def _extract(html: str, url: str | None) -> Any:
    """Run trafilatura on a string (it never fetches anything from a string input)."""
    from trafilatura import bare_extraction
    from trafilatura.settings import set_date_params

    if _HAS_DOCUMENT.search(html) is None:
        # trafilatura finds nothing in a bare fragment such as "<p>...</p>"; give it a body
        html = f"<html><body>{html}</body></html>"
    return bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        # only dates the page states in its markup; the "extensive" search guesses from
        # free text and URLs, which would make the earliest-source order unreliable
        date_extraction_params=set_date_params(extensive=False),
    )


def document_from_html(
    html: str,
    *,
    source_key: str,
    path: str,
    url: str | None = None,
    fallback_date: str | None = None,
    fallback_source: DateSource = "none",
    fmt: str = "html",
    mtime: float | None = None,
    extra: dict[str, Any] | None = None,
) -> Document | None:
    """Extract the main article text and metadata of an HTML page with trafilatura.

    Returns None when the page has no extractable text.  ``url`` (e.g. a WARC target URI)
    takes precedence over the page's own canonical URL, which is then kept in
    ``extra["canonical_url"]``; the date comes from the page's metadata, else
    ``fallback_date`` with ``fallback_source``.  Raises ``ValueError`` only when the parser
    itself fails on the input.
    """
    try:
        result = _extract(html, url)
    except Exception as exc:  # lxml/trafilatura raise many types on pathological input
        raise ValueError(f"cannot parse HTML: {type(exc).__name__}") from exc
    if result is None:
        return None
    meta = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = meta.get("text") or ""
    if not isinstance(text, str) or not text.strip():
        return None
    extra = dict(extra or {})
    page_url = _clean(meta.get("url"))
    if url and page_url and page_url != url:
        extra["canonical_url"] = page_url
    final_url = url or page_url
    outlet = (
        _clean(meta.get("sitename")) or outlet_from_url(final_url) or _clean(meta.get("hostname"))
    )
    published = _precise_date(html, normalise_date(meta.get("date")))
    date_source: DateSource = "metadata"
    if published is None:
        published, date_source = fallback_date, (fallback_source if fallback_date else "none")
    return Document(
        id=document_id(source_key),
        source_key=source_key,
        path=path,
        text=text,
        sha1=content_hash(text),
        url=final_url,
        outlet=outlet,
        title=_clean(meta.get("title")),
        author=_clean(meta.get("author")),
        published=published,
        date_source=date_source,
        fmt=fmt,
        mtime=mtime,
        extra=extra,
    )


# Pages often state the publication time in markup, while trafilatura keeps only the day; the
# time orders copies published on the same day, so it is taken when the days agree.
_TIMESTAMP_IN_MARKUP = re.compile(
    r"""(?:article:published_time|og:published_time|datePublished|pubdate|publish-date)"""
    r"""["']?\s*(?:content\s*=\s*|:\s*)["']([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(?:Z|[+-][0-9]{2}:?[0-9]{2})?)["']""",
    re.IGNORECASE,
)


def _precise_date(html: str, day: str | None) -> str | None:
    """The page's full publication timestamp when its day matches ``day``, else ``day``."""
    if day is None or len(day) != 10:
        return day
    for match in _TIMESTAMP_IN_MARKUP.finditer(html[:200_000]):
        stamp = normalise_date(match.group(1))
        if stamp and stamp[:10] == day:
            return stamp
    return day


def _clean(value: Any) -> str | None:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


# --------------------------------------------------------------------------- JSON Lines


def _read_jsonl(
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
                shown, f"JSON line is not an object but {_json_kind(record)}", line=number
            )
            continue
        key, problem = _jsonl_key(record, number, first_line)
        if problem:
            yield InputProblem(shown, problem, line=number)
            continue
        item = _jsonl_document(record, f"{source}{key}", shown, mtime)
        if isinstance(item, str):
            yield InputProblem(shown, item, line=number)
        else:
            yield item


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    return "a number"


def _jsonl_key(record: dict[str, Any], number: int, first_line: dict[str, int]) -> tuple[str, str]:
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


def _jsonl_document(
    record: dict[str, Any], source: str, shown: str, mtime: float
) -> Document | str:
    """Build the document of one JSON object, or return the reason it cannot be one."""
    text, html = record.get("text"), record.get("html")
    extra = {k: v for k, v in record.items() if k not in _JSONL_FIELDS}
    url = _clean(record.get("url"))
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
            return _NO_TEXT
    elif text is None and html is None:
        return "JSON line has no 'text' or 'html'"
    elif text is not None and not isinstance(text, str):
        return "JSON 'text' is not a string"
    elif html is not None and not isinstance(html, str):
        return "JSON 'html' is not a string"
    else:
        return "JSON 'text' is empty"
    # the record's own fields win over what was found in its HTML
    doc.title = _clean(record.get("title")) or doc.title
    doc.author = _clean(record.get("author")) or doc.author
    doc.outlet = _clean(record.get("outlet")) or doc.outlet or outlet_from_url(doc.url)
    raw_date = record.get("published", record.get("date"))
    if raw_date is not None and raw_date != "":
        _set_date(doc, raw_date)
    if "published" in record and "date" in record:
        doc.extra["date"] = record["date"]
    return doc


# --------------------------------------------------------------------------- WARC


def _read_warc(
    path: Path, shown: str, source: str, mtime: float
) -> Iterator[Document | InputProblem]:
    """HTML response records of a WARC file, with damage reported after the good records.

    warcio stops *silently* on most truncations (a short last record, a cut header, a gzip
    member cut in the middle), so each record is checked: its declared length must have been
    read in full, its gzip member must end cleanly, and after the last record only blank
    bytes may remain in the file.
    """
    from warcio.archiveiterator import ArchiveIterator

    size = path.stat().st_size
    if size == 0:
        yield InputProblem(shown, "empty file")
        return
    with path.open("rb") as fh:
        iterator = ArchiveIterator(fh)
        number = 0  # 1-based number of the record being read, among all records
        html_index = 0  # 1-based index among HTML response records: the source key
        end = 0
        inside = False  # whether an exception now belongs to record ``number``
        try:
            for record in iterator:
                number += 1
                inside = True
                problem = _record_damage(record)
                payload = b""
                if problem is None:
                    payload = record.content_stream().read()
                    # reads the rest of the record and the blank lines after it
                    record_end = iterator.get_record_offset() + iterator.get_record_length()
                    problem = _short_read(record)
                    decompressor = getattr(iterator.reader, "decompressor", None)
                    if (
                        problem is None
                        and decompressor is not None
                        and not getattr(decompressor, "eof", True)
                    ):
                        problem = "gzip member ends early"
                    end = record_end if problem is None else end
                if problem is not None:
                    if number == 1 and not _looks_like_warc(fh):
                        yield InputProblem(shown, "not a WARC file")
                    else:
                        yield InputProblem(
                            shown, f"truncated or corrupt WARC: {problem}", line=number
                        )
                    return
                inside = False
                if not _is_html_response(record):
                    continue
                html_index += 1
                yield _warc_document(
                    record, payload, f"{source}#R{html_index}", shown, mtime, number
                )
        except Exception as exc:  # warcio/zlib raise assorted types on damaged input
            what = (
                "truncated or corrupt WARC" if number or _looks_like_warc(fh) else "not a WARC file"
            )
            line = number if inside else number + 1
            yield InputProblem(shown, f"{what}: {_exc_reason(exc)}", line=line)
            return
        if _has_trailing_data(fh, end):
            if number == 0 and not _looks_like_warc(fh):
                yield InputProblem(shown, "not a WARC file")
            else:
                yield InputProblem(
                    shown, "truncated or corrupt WARC: incomplete record at end", line=number + 1
                )


def _looks_like_warc(fh: Any) -> bool:
    """Whether the file starts like a WARC (or any gzip file): damage rather than a wrong type."""
    fh.seek(0)
    head = fh.read(5)
    return bool(head) and (b"\x1f\x8b".startswith(head[:2]) or b"WARC/".startswith(head))


def _exc_reason(exc: BaseException) -> str:
    """One line for a parser exception; warcio's own messages are cryptic on cut input."""
    if isinstance(exc, EOFError | AttributeError):  # warcio: AttributeError on a cut header
        return "unexpected end of data"
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


def _record_damage(record: Any) -> str | None:
    headers = record.rec_headers
    length = (headers.get_header("Content-Length") or "").strip()
    if not headers.get_header("WARC-Type") or not length.isdigit():
        return "record header is incomplete"
    return None


def _short_read(record: Any) -> str | None:
    """A reason when the record's block was shorter than its Content-Length."""
    stream = record.raw_stream
    while not hasattr(stream, "limit") and hasattr(stream, "stream"):
        stream = stream.stream
    if getattr(stream, "limit", 0):
        return "record is shorter than its Content-Length"
    return None


def _has_trailing_data(fh: Any, end: int) -> bool:
    """Whether anything but blank bytes follows the last complete record."""
    fh.seek(end)
    while chunk := fh.read(65536):
        if chunk.strip():
            return True
    return False


def _is_html_response(record: Any) -> bool:
    if record.rec_type != "response":
        return False
    http = record.http_headers
    if http is not None:
        if http.get_statuscode() != "200":
            return False
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES


def _warc_document(
    record: Any, payload: bytes, source: str, shown: str, mtime: float, number: int
) -> Document | InputProblem:
    url = _clean(record.rec_headers.get_header("WARC-Target-URI"))
    if url and url.startswith("<") and url.endswith(">"):  # WARC 1.1 writers disagree here
        url = url[1:-1]
    captured_raw = record.rec_headers.get_header("WARC-Date")
    captured = normalise_date(captured_raw)
    http = record.http_headers
    declared = None
    if http is not None:
        match = re.search(
            r"charset\s*=\s*[\"']?([^\"';\s]+)", http.get_header("Content-Type") or "", re.I
        )
        declared = _known_codec(match.group(1)) if match else None
    try:
        html, _ = decode_bytes(payload, declared=declared or _sniff_html_charset(payload))
    except DecodeError as exc:
        return InputProblem(shown, str(exc), line=number)
    if not html.strip():
        return InputProblem(shown, "empty HTML response", line=number)
    extra: dict[str, Any] = {"captured": captured or captured_raw}
    try:
        doc = document_from_html(
            html,
            source_key=source,
            path=shown,
            url=url,
            fallback_date=captured,
            fallback_source="warc",
            fmt="warc",
            mtime=mtime,
            extra=extra,
        )
    except ValueError as exc:
        return InputProblem(shown, str(exc), line=number)
    return doc if doc is not None else InputProblem(shown, _NO_TEXT, line=number)


# --------------------------------------------------------------------------- dates and URLs

_PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{8}")
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2001, 2, 2, 1, 1, 1)


def normalise_date(value: Any) -> str | None:
    """An ISO 8601 string for a date given in any common form, or None when unreadable.

    A date alone stays ``YYYY-MM-DD``; a known time gives ``YYYY-MM-DDTHH:MM:SS+00:00``,
    converted to UTC (naive times are taken as UTC) so that strings sort in time order.
    Incomplete dates ("July 2017", "12 July") are unreadable rather than guessed.
    Numbers are Unix timestamps (seconds, or milliseconds when too large for seconds).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _iso_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        seconds = value / 1000 if abs(value) > 1e11 else value
        try:
            return _iso_datetime(datetime.fromtimestamp(seconds, tz=UTC))
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100:
        return None
    if _PLAIN_DATE.fullmatch(text):
        try:
            return _check_year(date.fromisoformat(text))
        except ValueError:
            return None
    try:
        return _iso_datetime(datetime.fromisoformat(text))
    except ValueError:
        pass
    return _parse_free_date(text)


def _parse_free_date(text: str) -> str | None:
    """Parse with dateutil twice, with different defaults, to tell which fields were given."""
    from dateutil import parser as date_parser

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # UnknownTimezoneWarning for names like "EST"
            first = date_parser.parse(text, default=_DEFAULT_A)
            second = date_parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError):
        return None
    if first.date() != second.date():
        return None  # year, month or day missing
    if (first.hour, first.minute) != (second.hour, second.minute):
        return _check_year(first.date())
    return _iso_datetime(first)


def _check_year(value: date) -> str | None:
    return value.isoformat() if 1000 <= value.year <= 9999 else None


def _iso_datetime(value: datetime) -> str | None:
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if not 1000 <= value.year <= 9999:
        return None
    return value.replace(microsecond=0).isoformat()


_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)
_HOST = re.compile(r"[a-z0-9\-._~%!$&'()*+,;=\[\]:]+", re.IGNORECASE)


def outlet_from_url(url: str | None) -> str | None:
    """The host of a URL, lower-cased and without a leading ``www.``; None if there is none.

    A URL without a scheme (``example.com/a``) is read as a host and path.
    """
    if not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    if "://" not in url and not url.startswith("//"):
        if _OTHER_SCHEME.match(url):  # mailto:, urn:, data: ... have no host
            return None
        url = "//" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    host = (host or "").strip(".")
    if not host or not _HOST.fullmatch(host) or ("." not in host and host != "localhost"):
        return None
    return host[4:] if host.startswith("www.") and len(host) > 4 else host
