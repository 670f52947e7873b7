"""Output files written whole or not at all.

Every export writes to a temporary file in the target's own folder and renames it over the
target only once it is complete: an export killed or failing midway leaves the old file as it
was (and at worst a hidden ``.NAME.*.part`` file beside it), never a half-written one.  The
rename is atomic because both names are on one file system.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def is_stdout(out: str | os.PathLike[str] | None) -> bool:
    """Whether an output name means standard output (no name, or ``-``)."""
    return out is None or str(out) == "-"


def _default_mode() -> int:
    """The permissions a newly created file gets under the current umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed over it when the block ends without error.

    The temporary file is removed when the block raises (a SIGKILL leaves it, hidden, and the
    target untouched).  The finished file gets the permissions a plain new file would.
    """
    final = Path(target)
    folder = final.parent if str(final.parent) else Path(".")
    handle, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=folder)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, _default_mode())
        os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def text_output(out: str | os.PathLike[str] | None) -> Iterator[IO[str]]:
    """A text handle on standard output (``None`` or ``-``) or on a file written atomically."""
    if is_stdout(out):
        yield sys.stdout
        sys.stdout.flush()
        return
    assert out is not None
    with atomic_path(out) as temporary, open(temporary, "w", encoding="utf-8", newline="") as handle:
        yield handle
