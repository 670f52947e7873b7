"""The exceptions copytrail raises, one hierarchy so callers can catch what they mean.

Foreign errors (OS, DuckDB, parsers) are translated with ``raise ... from exc`` so that a user
sees one clear line naming the file and the reason, never a traceback.
"""

from __future__ import annotations


class CopytrailError(Exception):
    """Base class of every error copytrail raises on purpose."""


class InputError(CopytrailError):
    """An input path or file cannot be used (missing, unreadable, undecodable, malformed)."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class StoreError(CopytrailError):
    """The database file is missing, locked, or not a copytrail store."""


class UsageError(CopytrailError):
    """Arguments that cannot work together or values out of range."""
