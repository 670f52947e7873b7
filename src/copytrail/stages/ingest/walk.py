"""Which files to read: input paths expanded into files, in a deterministic order."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from copytrail.records import InputProblem

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


def format_of(path: Path) -> str | None:
    name = path.name.lower()
    # longest suffix first so that ``.warc.gz`` wins over a bare ``.gz``
    for suffix in sorted(_FORMATS, key=len, reverse=True):
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
            yield InputProblem(str(raw), os_reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path, seen, set())
        elif not stat.S_ISREG(st.st_mode):
            yield InputProblem(str(raw), "not a regular file")
        elif format_of(path) is None:
            yield InputProblem(str(raw), unsupported_reason(path))
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
        yield InputProblem(str(directory), os_reason(exc))
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
        elif is_file and format_of(child) is not None:
            key = os.path.realpath(child)
            if key not in seen:
                seen.add(key)
                yield child
    active.discard(real)
