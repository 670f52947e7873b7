"""Which files to read: input paths expanded into files, in a deterministic order."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from copytrail.records import InputProblem

_FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".wet": "warc",
    ".wet.gz": "warc",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".json.gz": "json",
    ".csv.gz": "csv",
    ".tsv.gz": "tsv",
}
#: Suffixes read by ``read_file`` (matched case-insensitively; ``.warc.gz`` is a double suffix).
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_FORMATS)
#: Formats whose files hold records, one document each (``ingest.datasets``).
RECORD_FORMATS = frozenset({"jsonl", "json", "csv", "tsv", "parquet"})


_SUFFIXES_LONGEST_FIRST = tuple(sorted(_FORMATS, key=len, reverse=True))  # ``.warc.gz`` before ``.gz``


def format_of(path: Path) -> str | None:
    return format_of_name(path.name)


def format_of_name(name: str) -> str | None:
    """The format a file name's suffix says (``format_of`` for a name alone)."""
    name = name.lower()
    for suffix in _SUFFIXES_LONGEST_FIRST:
        if name.endswith(suffix) and len(name) > len(suffix):
            return _FORMATS[suffix]
    return None


def unsupported_reason(path: Path) -> str:
    suffix = "".join(path.suffixes[-2:]) if path.name.lower().endswith(".gz") else path.suffix
    what = f"'{suffix}'" if suffix else "without a suffix"
    return f"unsupported file type {what} (expected {', '.join(SUPPORTED_SUFFIXES)})"


def os_reason(exc: OSError) -> str:
    """One short lower-case reason for an OS error, without the path (the caller adds it)."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def path_text(path: str | os.PathLike[str]) -> str:
    """A path as text that can be stored and printed: a file name that is not UTF-8 (Python
    keeps its bytes as lone surrogates) gets its bytes written ``\\xff``, the same each scan."""
    text = Path(path).as_posix()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def path_exists(text: str) -> bool:
    """Whether the file a stored path (``path_text``) names is there, its written-out bytes
    (``\\xff``) read back as the bytes they stand for."""
    if os.path.lexists(text):
        return True
    if "\\x" not in text:
        return False
    raw = re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m.group(1), 16)]), text.encode("utf-8"))
    return os.path.lexists(os.fsdecode(raw))


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file the walk found: its path as walked, and its real path (links resolved; for a
    file that is no link, its folder's real path and its name, so no file costs a resolve)."""

    path: str
    real: str


def iter_input_files(
    paths: Iterable[str | os.PathLike[str]], *, follow_links: bool = False
) -> Iterator[Path | InputProblem]:
    """Expand input paths into the files to read, in a deterministic order.

    Directories are walked recursively with entries sorted by name, so two runs over the same
    tree see the same order; hidden entries (``.name``) and unsupported suffixes inside
    directories are skipped silently, since a corpus folder usually holds other files too.  A
    file named explicitly is the user's intent, so a wrong suffix there is reported.  Each
    file is yielded once even when named twice.

    Inside a folder, a symbolic link that leads outside the folder named is reported and not
    followed unless ``follow_links``; a dangling link, a FIFO, socket or device is reported
    (reading a FIFO would wait forever).
    """
    for item in walk_input_files(paths, follow_links=follow_links):
        yield item if isinstance(item, InputProblem) else Path(item.path)


def walk_input_files(
    paths: Iterable[str | os.PathLike[str]], *, follow_links: bool = False, passed_over: Callable[[str], None] | None = None
) -> Iterator[InputFile | InputProblem]:
    """``iter_input_files`` with each file's real path: inside a folder, a file's kind comes
    from its folder entry and its real path from its folder's, so a plain file costs no
    system call here (a folder of a million files is walked at the rate of ten thousand).
    ``passed_over`` is told the suffix of each file inside a folder whose type is not read
    (``other_type``), so that a folder of PDFs is told from an empty one."""
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        try:
            st = path.stat()
        except OSError as exc:
            yield InputProblem(path_text(raw), os_reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(os.fspath(path), seen, set(), os.path.realpath(path), follow_links, passed_over)
        elif not stat.S_ISREG(st.st_mode):
            yield InputProblem(path_text(raw), "not a regular file")
        elif format_of(path) is None:
            yield InputProblem(path_text(raw), unsupported_reason(path))
        else:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                yield InputFile(os.fspath(path), key)


def _inside(real: str, top: str) -> bool:
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def other_type(name: str) -> str:
    """How a file of a type not read is counted: its suffix in lower case ("no suffix")."""
    return Path(name).suffix.lower() or "no suffix"


def _walk(
    directory: str, seen: set[str], active: set[str], top: str, follow_links: bool, passed_over: Callable[[str], None] | None = None
) -> Iterator[InputFile | InputProblem]:
    real = os.path.realpath(directory)
    if real in active:  # a symlink loop
        return
    active.add(real)
    try:
        with os.scandir(directory) as found:
            entries = sorted(found, key=lambda e: e.name)
    except OSError as exc:
        yield InputProblem(path_text(directory), os_reason(exc))
        active.discard(real)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        kind = _entry_kind(entry, real, top, follow_links)
        if isinstance(kind, InputProblem):
            yield kind
        elif kind[0] == "dir":
            yield from _walk(entry.path, seen, active, top, follow_links, passed_over)
        elif kind[0] == "file" and format_of_name(entry.name) is not None:
            key = kind[1]
            if key not in seen:
                seen.add(key)
                yield InputFile(entry.path, key)
        elif kind[0] == "file" and passed_over is not None:
            passed_over(other_type(entry.name))
    active.discard(real)


def _entry_kind(entry: os.DirEntry[str], folder_real: str, top: str, follow_links: bool) -> tuple[str, str] | InputProblem:
    """``(kind, real path)`` of one folder entry, kind ``dir``, ``file`` or ``other`` (passed
    over), or its problem.  An entry that is no link is told by its folder entry's type (no
    system call where the file system gives it) and lies in its folder's real path."""
    try:
        link = entry.is_symlink()
        if not link and entry.is_file(follow_symlinks=False):
            return "file", os.path.join(folder_real, entry.name)
        if not link and entry.is_dir(follow_symlinks=False):
            return "dir", os.path.join(folder_real, entry.name)
        st = os.stat(entry.path) if link else entry.stat(follow_symlinks=False)
    except FileNotFoundError:
        return InputProblem(path_text(entry.path), "dangling symbolic link") if link else ("other", "")
    except OSError as exc:
        return InputProblem(path_text(entry.path), os_reason(exc))
    is_dir = stat.S_ISDIR(st.st_mode)
    if not stat.S_ISREG(st.st_mode) and not is_dir:
        what = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
        return InputProblem(path_text(entry.path), f"not a regular file ({what})")
    real = os.path.realpath(entry.path) if link else os.path.join(folder_real, entry.name)
    if link and not follow_links and not _inside(real, top):
        if is_dir or format_of_name(entry.name) is not None:
            return InputProblem(
                path_text(entry.path), "symbolic link leads outside the scanned folder: not followed (--follow-links)"
            )
        return "other", real
    return ("dir" if is_dir else "file"), real


def count_input_files(paths: Iterable[str | os.PathLike[str]]) -> int:
    """About how many files ``iter_input_files`` yields for ``paths``, from folder entries
    alone (no file is stat'ed, no link followed, no duplicate told apart): a small part of the
    walk's own cost, so that a scan's progress can show the time left before it walks."""
    count = 0
    folders: list[str] = []
    for raw in paths:
        if os.path.isdir(raw):
            folders.append(os.fspath(raw))
        else:
            count += 1
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif entry.name.lower().endswith(SUPPORTED_SUFFIXES):
                        count += 1
        except OSError:
            continue  # the walk reports it
    return count
