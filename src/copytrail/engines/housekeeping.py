"""Store housekeeping: forgetting documents, the corpus root, the paths shown to people.

Paths.  A document's ``source_key`` (and ``file``) hold the input's absolute, resolved
location; its ``path`` is what people are shown and cite: relative to the corpus root when
one is declared (``scan --root DIR``, remembered in the store) and the file lies under it,
else absolute.  Never relative to the directory a scan ran in, so two different files can
never show the same path, and scans run from anywhere show the same paths.

Moves.  A file moved or renamed with its content unchanged is the same document: the scan
re-points it (``source_key``, ``file``, ``path``) and it keeps its id, so its alignments,
narratives, claims and exports stay as they were (ids are made from the first location a
document was stored under; after a move ``id`` is no longer ``document_id(source_key)``).

Forgetting.  :func:`forget` removes documents with everything derived from them and
rebuilds the narratives in one transaction: a kill at any moment leaves the store as it was
or as it is after.  The key index beside the database is marked stale in that transaction
and rebuilt afterwards.  Claim groups are regrouped after it (a kill there leaves them to the
next scan, which regroups whenever what they were made from changed).
"""

from __future__ import annotations

import bisect
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from copytrail.errors import UsageError
from copytrail.records import citation
from copytrail.stages.cluster import DocInfo, build_narratives, earliest_confidence
from copytrail.store import Store
from copytrail.store import housekeeping as sql

__all__ = ["ForgetResult", "corpus_root", "forget", "set_corpus_root", "shown_path"]


def shown_path(file: str, root: str | None) -> str:
    """The path shown for an input file (absolute, POSIX): relative to ``root`` when it lies
    under it, else the absolute path itself."""
    if root:
        prefix = root.rstrip("/") + "/"
        if file.startswith(prefix) and len(file) > len(prefix):
            return file[len(prefix) :]
    return file


def corpus_root(store: Store) -> str | None:
    """The corpus root the store remembers (absolute, POSIX), or None: paths are absolute."""
    return store.get_meta(sql.ROOT_KEY) or None


def set_corpus_root(store: Store, root: str | os.PathLike[str] | None) -> int:
    """Declare the corpus root that shown paths are relative to (None: absolute paths) and
    rewrite the shown paths of every stored document to match, in one transaction.  Also
    brings paths of stores made before roots existed (relative to where their scan ran) up
    to date.  Returns how many shown paths changed."""
    new = Path(root).resolve().as_posix() if root is not None else None
    if new is not None and not Path(new).is_dir():
        raise UsageError(f"--root {root}: not a folder")
    old = corpus_root(store)
    if new == old and store.get_meta(sql.PATHS_KEY) == sql.PATHS_VERSION:
        return 0
    known = store.get_meta(sql.PATHS_KEY) == sql.PATHS_VERSION  # old paths follow ``old``
    rows = store.con.execute("SELECT id, file, path FROM documents WHERE file IS NOT NULL").fetchall()
    paths = {}
    for doc_id, file, path in rows:
        was, now = shown_path(file, old), shown_path(file, new)
        # what a record's path adds to its file's (a JSONL record, a WARC record) is kept
        rest = path[len(was) :] if known and path.startswith(was) else ""
        if path != now + rest:
            paths[doc_id] = now + rest
    with store.transaction():
        sql.set_paths(store, paths)
        if new is None:
            store.con.execute("DELETE FROM meta WHERE key = ?", [sql.ROOT_KEY])
        else:
            store.set_meta(sql.ROOT_KEY, new)
        store.set_meta(sql.PATHS_KEY, sql.PATHS_VERSION)
    return len(paths)


def ensure_paths_current(store: Store) -> None:
    """Before a scan: a store whose shown paths predate roots gets them made absolute (or
    relative to its root) first, so old and new documents never mix the two ways."""
    if store.get_meta(sql.PATHS_KEY) != sql.PATHS_VERSION:
        set_corpus_root(store, corpus_root(store))


@dataclass
class ForgetResult:
    """What :func:`forget` removed."""

    documents: list[tuple[str, str]] = field(default_factory=list)  # (id, citation: path, path#id=…)
    files: list[str] = field(default_factory=list)  # input files (absolute) forgotten
    alignments: int = 0  # alignments removed
    promoted: int = 0  # exact duplicates that took a forgotten original's place
    narratives: int = 0  # narratives in the store afterwards


def forget(store: Store, paths: Iterable[str | os.PathLike[str]] = (), missing: bool = False) -> ForgetResult:
    """Remove the documents of input files or folders ``paths`` (and with ``missing``, of
    every input file that no longer exists) with everything derived from them, then rebuild
    the narratives.  A path that names no stored file is an error (nothing is removed).
    One transaction: a kill leaves the store as before or as after."""
    files = _files_to_forget(store, list(paths), missing)
    result = ForgetResult(files=files)
    docs = sql.documents_of_files(store, files)
    result.documents = [(d.id, str(citation(d.path, d.source_key, d.url, d.file))) for d in docs]
    ids = [d.id for d in docs]
    with store.transaction():
        before = _count(store, "alignments")
        result.promoted = len(sql.forget_documents(store, ids))
        root = corpus_root(store)
        named = [*files, *(shown_path(f, root) for f in files)]
        store.con.execute("DELETE FROM errors WHERE path IN (SELECT unnest(?::VARCHAR[]))", [named])  # their input errors
        store.con.execute("DELETE FROM skipped_records WHERE path IN (SELECT unnest(?::VARCHAR[]))", [named])  # and records passed over
        sql.drop_unused_files(store, files)
        result.alignments = before - _count(store, "alignments")
        if ids:
            _boilerplate_again(store)
        result.narratives = _replace_narratives(store)
        if ids:  # in the same transaction: a kill leaves no claim group naming forgotten documents
            _regroup_claims(store)
    if ids:
        store.build_key_index()
    return result


def _files_to_forget(store: Store, paths: Sequence[str | os.PathLike[str]], missing: bool) -> list[str]:
    """The stored input files that ``paths`` name (a file, or a folder: every file under
    it), plus the missing ones; a path that names none raises ``UsageError``."""
    stored = sql.stored_files(store)
    chosen: set[str] = set()
    root = corpus_root(store)
    unknown = []
    for given in paths:
        found: list[str] = []
        for candidate in _locations(given, root):
            found = _under(stored, candidate)
            if found:
                break
        if not found:
            unknown.append(str(given))
        chosen.update(found)
    if unknown:
        raise UsageError("not in the store (no stored document comes from it): " + ", ".join(unknown))
    if missing:
        chosen.update(f for f in stored if not os.path.exists(f))
    return sorted(chosen)


def _under(stored: list[str], location: str) -> list[str]:
    """Of the sorted ``stored`` files, ``location`` itself or those in the folder it names."""
    folder = location.rstrip("/") + "/"
    start = bisect.bisect_left(stored, folder)
    end = bisect.bisect_left(stored, folder[:-1] + "0")  # "0" follows "/"
    at = bisect.bisect_left(stored, location)
    exact = [location] if at < len(stored) and stored[at] == location else []
    return exact + stored[start:end]


def _locations(given: str | os.PathLike[str], root: str | None) -> list[str]:
    """Where a path given to forget may point: as given (from the current folder), then as
    a shown path under the corpus root."""
    out = [Path(given).resolve().as_posix()]
    if root and not Path(given).is_absolute():
        out.append((Path(root) / given).resolve().as_posix())
    return out


def _count(store: Store, table: str) -> int:
    row = store.con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - fixed names
    return int(row[0]) if row else 0


def _boilerplate_again(store: Store) -> None:
    """Every outlet's boilerplate found again without the forgotten documents (two articles
    left sharing a footer are reuse again), with the threshold the store was scanned with."""
    from copytrail.store.boilerplate import BOILERPLATE_KEY, drop_outlet_boilerplate

    recorded = store.get_meta(BOILERPLATE_KEY)
    if recorded is not None and recorded.isdigit():
        drop_outlet_boilerplate(store, int(recorded), everywhere=True)


def _replace_narratives(store: Store) -> int:
    """Regroup every stored alignment into narratives (inside the caller's transaction)."""
    alignments = store.all_alignments()
    info = {k: DocInfo(v[0], v[1], v[2]) for k, v in store.doc_info().items()}
    narratives, assignment = build_narratives(alignments, info)
    confidence = {n.id: earliest_confidence(n, info) for n in narratives}
    store.replace_narratives(narratives, assignment, alignments, confidence)
    return len(narratives)


def _regroup_claims(store: Store) -> None:
    """Claim groups made again without the forgotten documents' claims (with the match
    settings and entity finder the stored claims were made with)."""
    from copytrail.stages.claims import MatchSettings
    from copytrail.store import claims

    if not claims.has_claims(store):
        return
    stored = json.loads(store.get_meta(claims.SETTINGS_KEY) or "{}")
    try:
        settings = MatchSettings(**stored)
    except TypeError:  # made by another version: the defaults
        settings = MatchSettings()
    claims.update_claims(store, settings)
