"""The store's housekeeping SQL: documents forgotten, moved documents re-pointed, shown paths
rewritten, the corpus root remembered.

What to forget or re-point is decided in :mod:`copytrail.engines.housekeeping` (and by the
local engine's ingest for moves); here are only the reads and writes, each meant to run
inside the caller's transaction so that a kill at any moment leaves the store as it was
before or as it is after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa

from copytrail.records import Alignment, Span
from copytrail.stages.align.pairs import DocMeta, orient
from copytrail.stages.ingest.page_dates import URL_DAY_DIGITS
from copytrail.store.database import Store

ROOT_KEY = "corpus_root"  # meta: the declared corpus root (absolute, POSIX); absent: absolute paths
PATHS_KEY = "paths_version"  # meta: "2" once every shown path is absolute or relative to the root
PATHS_VERSION = "2"


MOVED_KEY = "documents_moved"  # meta: how many times a document was re-pointed (ids then
# no longer all follow from source keys)


@dataclass(frozen=True, slots=True)
class StoredLocation:
    """Where a stored document came from (and whether it is an original, not a duplicate)."""

    id: str
    source_key: str
    file: str | None
    path: str
    original: bool = True
    url: str | None = None


def stored_files(store: Store) -> list[str]:
    """Every input file that stored documents (or the files table) name."""
    rows = store.con.execute(
        "SELECT file FROM documents WHERE file IS NOT NULL UNION SELECT path FROM files"
    ).fetchall()
    return sorted(r[0] for r in rows)


def documents_of_files(store: Store, files: Sequence[str]) -> list[StoredLocation]:
    """The documents whose input file is one of ``files``."""
    if not files:
        return []
    rows = store.con.execute(
        "SELECT id, source_key, file, path, duplicate_of IS NULL, url FROM documents "
        "WHERE file IN (SELECT unnest(?::VARCHAR[])) ORDER BY seq",
        [list(files)],
    ).fetchall()
    return [StoredLocation(*r) for r in rows]


def locations_by_hash(store: Store, sha1s: Sequence[str]) -> dict[str, list[StoredLocation]]:
    """Stored documents by content hash (originals first, then in storing order): one read
    serves both finding exact duplicates and finding moved files."""
    if not sha1s:
        return {}
    rows = store.con.execute(
        "SELECT sha1, id, source_key, file, path, duplicate_of IS NULL FROM documents WHERE sha1 IN "
        "(SELECT unnest(?::VARCHAR[])) ORDER BY duplicate_of IS NOT NULL, seq",
        [list(sha1s)],
    ).fetchall()
    out: dict[str, list[StoredLocation]] = {}
    for sha1, *location in rows:
        out.setdefault(sha1, []).append(StoredLocation(*location))
    return out


def ids_of_source_keys(store: Store, keys: Sequence[str]) -> dict[str, str]:
    """Of ``keys``, those stored already, with their document's id."""
    if not keys:
        return {}
    rows = store.con.execute(
        "SELECT source_key, id FROM documents WHERE source_key IN (SELECT unnest(?::VARCHAR[]))", [list(keys)]
    ).fetchall()
    return dict(rows)


def taken_ids(store: Store, ids: Sequence[str]) -> dict[str, str]:
    """Of ``ids``, those a stored document holds, with that document's source key."""
    if not ids:
        return {}
    rows = store.con.execute(
        "SELECT id, source_key FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]
    ).fetchall()
    return dict(rows)


def repoint(store: Store, moves: Sequence[tuple[str, str, str, str]]) -> None:
    """Re-point moved documents ``(id, source_key, file, path)``: their id, text, band keys
    and everything derived stay; files that no document names any more are dropped from the
    files table, with the input errors recorded under them.  The caller holds the transaction."""
    if not moves:
        return
    columns = list(zip(*moves, strict=True))
    table = pa.table({"id": columns[0], "source_key": columns[1], "file": columns[2], "path": columns[3]})
    was = store.con.execute(
        "SELECT DISTINCT file, path FROM documents WHERE file IS NOT NULL AND id IN (SELECT unnest(?::VARCHAR[]))",
        [list(columns[0])],
    ).fetchall()
    old = sorted({file for file, _ in was})
    with store._registered("_moves", table):
        store.con.execute(
            "UPDATE documents SET source_key = _moves.source_key, file = _moves.file, path = _moves.path "
            "FROM _moves WHERE documents.id = _moves.id"
        )
    store.set_meta(MOVED_KEY, str(int(store.get_meta(MOVED_KEY) or 0) + len(moves)))
    dropped = set(drop_unused_files(store, old))
    shown = [name for file, path in was if file in dropped for name in (file, path)]
    store.con.execute("DELETE FROM errors WHERE path IN (SELECT unnest(?::VARCHAR[]))", [shown])
    store.con.execute("DELETE FROM skipped_records WHERE path IN (SELECT unnest(?::VARCHAR[]))", [shown])


def drop_unused_files(store: Store, files: Sequence[str]) -> list[str]:
    """Of ``files``, those no stored document names; dropped from the files table."""
    if not files:
        return []
    unused = [r[0] for r in store.con.execute(
        "SELECT unnest(?::VARCHAR[]) AS f EXCEPT SELECT file FROM documents WHERE file IS NOT NULL", [list(files)]
    ).fetchall()]  # fmt: skip
    store.con.execute("DELETE FROM files WHERE path IN (SELECT unnest(?::VARCHAR[]))", [unused])
    return unused


def set_paths(store: Store, paths: dict[str, str]) -> None:
    """Set the shown path of documents (by id); the caller holds the transaction."""
    if paths:
        table = pa.table({"id": list(paths), "path": list(paths.values())})
        with store._registered("_paths", table):
            store.con.execute("UPDATE documents SET path = _paths.path FROM _paths WHERE documents.id = _paths.id")


def forget_documents(store: Store, ids: Sequence[str]) -> list[str]:
    """Delete documents and everything derived from them (band keys, alignments, claims,
    sentence vectors; narratives are the caller's to rebuild).  Where a removed original
    leaves an exact duplicate, the duplicate takes its place whole: the same text has the
    same band keys, vectors and passages, so they are handed over (alignments re-oriented by
    the new holder's date) instead of being made again.  Returns the promoted duplicates.
    The caller holds the transaction."""
    if not ids:
        return []
    con = store.con
    con.execute("CREATE OR REPLACE TEMP TABLE _forget AS SELECT unnest(?::VARCHAR[]) AS id", [list(ids)])
    heirs = con.execute(
        "SELECT duplicate_of, min(id) FROM documents WHERE duplicate_of IN (SELECT id FROM _forget) "
        "AND id NOT IN (SELECT id FROM _forget) GROUP BY duplicate_of ORDER BY 2"
    ).fetchall()
    if heirs:
        _hand_over(store, heirs)
    store.delete_documents(ids)  # promotes nobody now: every heir was promoted above
    return [heir for _, heir in heirs]


def _hand_over(store: Store, heirs: Sequence[tuple[str, str]]) -> None:
    """Each ``(original, heir)``: the heir (a duplicate, same text) becomes the original, with
    the original's band keys, vectors, status and alignments; the other duplicates follow it."""
    con = store.con
    table = pa.table({"old": [o for o, _ in heirs], "heir": [h for _, h in heirs]})
    with store._registered("_heirs", table):
        con.execute("UPDATE documents SET duplicate_of = _heirs.heir FROM _heirs "
                    "WHERE documents.duplicate_of = _heirs.old AND documents.id <> _heirs.heir")  # fmt: skip
        con.execute("UPDATE documents SET duplicate_of = NULL, status = o.status FROM _heirs, documents o "
                    "WHERE documents.id = _heirs.heir AND o.id = _heirs.old")  # fmt: skip
        con.execute("UPDATE band_keys SET doc = _heirs.heir FROM _heirs WHERE band_keys.doc = _heirs.old")
        con.execute("DELETE FROM sentence_vectors WHERE doc IN (SELECT heir FROM _heirs)")
        con.execute("UPDATE sentence_vectors SET doc = _heirs.heir FROM _heirs WHERE sentence_vectors.doc = _heirs.old")
    store._keys_changed()
    heir_of = dict(heirs)
    rows = con.execute(
        "SELECT source_doc, source_start, source_end, target_doc, target_start, target_end, kind, score, "
        "matched_words FROM alignments WHERE source_doc IN (SELECT unnest(?::VARCHAR[])) "
        "OR target_doc IN (SELECT unnest(?::VARCHAR[]))",
        [list(heir_of), list(heir_of)],
    ).fetchall()
    gone_ids = {r[0] for r in con.execute("SELECT id FROM _forget").fetchall()}
    moved = []
    for sd, ss, se, td, ts, te, kind, score, matched in rows:
        a, b = Span(heir_of.get(sd, sd), ss, se), Span(heir_of.get(td, td), ts, te)
        if a.doc in gone_ids or b.doc in gone_ids or a.doc == b.doc:
            continue  # the other side is forgotten too
        moved.append((a, b, kind, score, matched))
    meta = {r[0]: DocMeta(r[1], r[2]) for r in con.execute(
        "SELECT id, published, seq FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted({s.doc for a, b, *_ in moved for s in (a, b)})],
    ).fetchall()}  # fmt: skip
    alignments = []
    for a, b, kind, score, matched in moved:
        a_is_source, ordered = orient(a.doc, meta[a.doc], b.doc, meta[b.doc])
        source, target = (a, b) if a_is_source else (b, a)
        alignments.append(Alignment(source, target, kind, score, matched, ordered))
    for table in ("alignments", "boilerplate_alignments"):  # an heir's boilerplate is found again from its alignments
        con.execute(
            f"DELETE FROM {table} WHERE source_doc IN (SELECT unnest(?::VARCHAR[])) "  # noqa: S608 - fixed names
            "OR target_doc IN (SELECT unnest(?::VARCHAR[]))",
            [list(heir_of), list(heir_of)],
        )
    store.add_alignments(alignments, [])


def recorded_reading(store: Store, key: str) -> int:
    """The version of a reading a store records under ``key`` (``date_reading``,
    ``input_reading``, ``language_reading``): 1 when it records none, as stores made before
    that reading was versioned."""
    recorded = store.get_meta(key)
    return int(recorded) if recorded is not None and recorded.isdigit() else 1


def forget_files_to_date_again(store: Store) -> int:
    """The input files that hold a document a newer date reading may date are read again at
    the next scan, as if changed; returns how many.  Such a document stated a date among words
    or in another calendar (``published_raw``: read or not, an older reading may have read it
    otherwise, "10:30 PM" as 10:30), or has no date of its own (undated, or dated by its file or
    capture time) and came from a page (HTML, WARC: its markup's date) or is in Persian (a
    JSONL record's page, or numbers alone in the Solar Hijri calendar); or it was dated before
    the year 1500 (a year of another calendar that an older reading took as Gregorian); or it
    is a page dated to the day only, as an older reading dated pages by any date it found
    (a comment's, a footer's); or it is undated and its address holds a day.  The files of
    documents that state no date are not read again."""
    rows = store.con.execute(
        "DELETE FROM files WHERE path IN (SELECT DISTINCT file FROM documents WHERE "
        "contains(extra, '\"published_raw\"') "
        "OR (date_source <> 'metadata' AND (fmt IN ('html', 'warc') OR language IN ('fa', 'fas', 'per', 'pes', 'prs'))) "
        "OR (date_source = 'metadata' AND published < '1500') "
        "OR (date_source = 'metadata' AND fmt IN ('html', 'warc') AND length(published) = 10) "
        "OR (date_source = 'none' AND regexp_matches(coalesce(url, ''), ?))) "
        "RETURNING path",
        ["/" + URL_DAY_DIGITS],
    ).fetchall()
    return len(rows)


def forget_files_with_errors(store: Store, root: str | None, reasons: Sequence[str]) -> int:
    """The input files with an input error recorded whose reason matches one of ``reasons``
    (SQL ``LIKE`` patterns: the refusals a newer reader no longer makes) are read again at the
    next scan, as if changed; returns how many.  Errors name a file by its shown path (relative
    to the corpus ``root`` when it lies under it) or by its absolute one.  Reading a file again
    stores and aligns its documents again, so only the files a newer reading may read
    differently are named: not those with a NUL byte in a record, say."""
    if not reasons:
        return 0
    prefix = root.rstrip("/") + "/" if root else None
    rows = store.con.execute(
        "DELETE FROM files WHERE EXISTS (SELECT 1 FROM errors e, unnest(?::VARCHAR[]) AS r(pattern) WHERE e.reason LIKE r.pattern "
        "AND (e.path = files.path OR (?::VARCHAR IS NOT NULL AND ?::VARCHAR || e.path = files.path))) RETURNING path",
        [list(reasons), prefix, prefix],
    ).fetchall()
    return len(rows)
