"""The narrative tables: ``narratives``, ``narrative_members`` and each alignment's narrative.

:class:`NarrativeTables` is a part of :class:`~copytrail.store.database.Store` (its base class).
Narratives are written whole (:meth:`NarrativeTables.replace_narratives`) or only those that new
alignments touch (``replacing``).  A stamp in ``meta`` says what the stored narratives were
made from; when the alignments or the dates behind them changed otherwise (a forgotten or
replaced document, other settings), the stamp no longer matches and everything is regrouped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from copytrail.records import Alignment, Narrative, Span

if TYPE_CHECKING:  # pragma: no cover
    import duckdb

NARRATIVES_STAMP_KEY = "narratives_stamp"  # meta: narratives_stamp() when they were last written

_ALIGNMENT_COLUMNS = (
    "source_doc, source_start, source_end, target_doc, target_start, target_end, kind, score, matched_words, ordered"
)
_ALIGNMENT_ORDER = "source_doc, source_start, target_doc, target_start, source_end, target_end, kind"


def _alignment(r: tuple[Any, ...]) -> Alignment:
    return Alignment(Span(r[0], r[1], r[2]), Span(r[3], r[4], r[5]), r[6], r[7], r[8], r[9])


class NarrativeTables:
    """Reading and writing narratives and the alignments they group (a base of ``Store``)."""

    if TYPE_CHECKING:  # given by Store
        con: duckdb.DuckDBPyConnection

        def _registered(self, name: str, table: pa.Table) -> AbstractContextManager[None]: ...
        def _insert(self, table: str, columns: dict[str, Any]) -> None: ...
        def get_meta(self, key: str) -> str | None: ...
        def set_meta(self, key: str, value: str) -> None: ...

    def all_alignments(self) -> list[Alignment]:
        rows = self.con.execute(f"SELECT {_ALIGNMENT_COLUMNS} FROM alignments ORDER BY {_ALIGNMENT_ORDER}").fetchall()  # noqa: S608
        return [_alignment(r) for r in rows]

    def unassigned_alignments(self) -> list[Alignment]:
        """Alignments stored since narratives were last formed (in no narrative yet)."""
        rows = self.con.execute(
            f"SELECT {_ALIGNMENT_COLUMNS} FROM alignments WHERE narrative IS NULL ORDER BY {_ALIGNMENT_ORDER}"  # noqa: S608
        ).fetchall()
        return [_alignment(r) for r in rows]

    def narratives_with_members_in(self, docs: Sequence[str]) -> list[str]:
        """Ids of the narratives that have a passage in any of ``docs``."""
        rows = self.con.execute(
            "SELECT DISTINCT narrative FROM narrative_members WHERE doc IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1",
            [list(docs)],
        ).fetchall()
        return [r[0] for r in rows]

    def alignments_to_regroup(self, narratives: Sequence[str]) -> list[Alignment]:
        """The alignments of ``narratives`` and those in no narrative yet."""
        rows = self.con.execute(
            f"SELECT {_ALIGNMENT_COLUMNS} FROM alignments WHERE narrative IS NULL "  # noqa: S608
            f"OR narrative IN (SELECT unnest(?::VARCHAR[])) ORDER BY {_ALIGNMENT_ORDER}",
            [list(narratives)],
        ).fetchall()
        return [_alignment(r) for r in rows]

    def aligned_spans(self, docs: Sequence[str], *, grouped_only: bool = False) -> dict[str, set[tuple[int, int]]]:
        """Every distinct span ``(start, end)`` aligned in each of ``docs``, by document (with
        ``grouped_only``, of the alignments in a narrative only)."""
        grouped = " AND narrative IS NOT NULL" if grouped_only else ""
        rows = self.con.execute(
            "WITH wanted AS (SELECT unnest(?::VARCHAR[]) AS doc) "  # noqa: S608 - fixed text
            f"SELECT source_doc, source_start, source_end FROM alignments WHERE source_doc IN (SELECT doc FROM wanted){grouped} "
            f"UNION SELECT target_doc, target_start, target_end FROM alignments WHERE target_doc IN (SELECT doc FROM wanted){grouped}",
            [list(docs)],
        ).fetchall()
        spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for doc, start, end in rows:
            spans[doc].add((int(start), int(end)))
        return dict(spans)

    def members_of_narratives(self, narratives: Sequence[str]) -> dict[str, list[tuple[str, int, int]]]:
        """The members ``(doc, start, end)`` of each of ``narratives``."""
        rows = self.con.execute(
            'SELECT narrative, doc, start, "end" FROM narrative_members WHERE narrative IN (SELECT unnest(?::VARCHAR[]))',
            [list(narratives)],
        ).fetchall()
        members: dict[str, list[tuple[str, int, int]]] = {nid: [] for nid in narratives}
        for nid, doc, start, end in rows:
            members[nid].append((doc, int(start), int(end)))
        return members

    def rename_narratives(self, renamed: dict[str, str]) -> None:
        """Alignments of narrative ``old`` move to narrative ``renamed[old]`` (merged narratives,
        or one whose first passage changed); the caller holds the transaction."""
        moved = {old: new for old, new in renamed.items() if old != new}
        if moved:
            table = pa.table({"old": list(moved), "new": list(moved.values())})
            with self._registered("_renamed", table):
                self.con.execute("UPDATE alignments SET narrative = _renamed.new FROM _renamed WHERE alignments.narrative = _renamed.old")

    def narratives_stamp(self) -> str:
        """What the stored narratives stand on: how many alignments they group, the dates and
        outlets of their members' documents (a digest), how many narratives and members.
        Anything but new alignments changes it."""
        ((grouped, dates, narratives, members),) = self.con.execute(
            "SELECT (SELECT count(*) FROM alignments WHERE narrative IS NOT NULL), "
            "(SELECT coalesce(sum(hash(id, published, outlet, date_source)), 0) FROM documents "
            " WHERE id IN (SELECT doc FROM narrative_members)), "
            "(SELECT count(*) FROM narratives), (SELECT count(*) FROM narrative_members)"
        ).fetchall()
        return f"{grouped}:{dates}:{narratives}:{members}"

    def narratives_are_current(self) -> bool:
        """Whether the stored narratives are those of every alignment grouped so far (as when
        they were written), so that new alignments may be grouped into them alone."""
        stamp = self.get_meta(NARRATIVES_STAMP_KEY)
        return stamp is not None and stamp == self.narratives_stamp()

    def replace_narratives(
        self,
        narratives: Sequence[Narrative],
        assignment: Sequence[str],
        alignments: Sequence[Alignment],
        confidence: dict[str, tuple[str, str]],
        replacing: Sequence[str] | None = None,
    ) -> None:
        """Store the narratives (and their members) in place of the old ones, and each
        alignment's narrative (``assignment[i]`` is ``alignments[i]``'s); ``confidence`` gives
        each narrative's ``(level, reason)`` for its earliest member.  ``replacing``: the ids
        of the only narratives replaced (default every one).  The caller holds the transaction."""
        if replacing is None:
            self.con.execute("DELETE FROM narratives")
            self.con.execute("DELETE FROM narrative_members")
        elif replacing:
            self.con.execute("DELETE FROM narratives WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(replacing)])
            self.con.execute("DELETE FROM narrative_members WHERE narrative IN (SELECT unnest(?::VARCHAR[]))", [list(replacing)])
        if narratives:
            self._insert_narratives(narratives, confidence)
        if alignments:
            self._assign(alignments, assignment)
        self.set_meta(NARRATIVES_STAMP_KEY, self.narratives_stamp())

    def _insert_narratives(self, narratives: Sequence[Narrative], confidence: dict[str, tuple[str, str]]) -> None:
        self._insert(
            "narratives",
            {
                "id": [n.id for n in narratives],
                "earliest": [",".join(n.earliest) or None for n in narratives],
                "earliest_status": [n.earliest_status for n in narratives],
                "confidence": [confidence[n.id][0] if n.id in confidence else None for n in narratives],
                "confidence_reason": [confidence[n.id][1] if n.id in confidence else None for n in narratives],
                "documents": [n.documents for n in narratives],
                "outlets": [n.outlets for n in narratives],
                "first_date": [n.first_date for n in narratives],
                "last_date": [n.last_date for n in narratives],
                "undated": [n.undated for n in narratives],
            },
        )
        members = [(n.id, m) for n in narratives for m in n.members]
        self._insert(
            "narrative_members",
            {
                "narrative": [narrative for narrative, _ in members],
                "doc": [m.doc for _, m in members],
                "start": [m.start for _, m in members],
                "end": [m.end for _, m in members],
            },
        )

    def _assign(self, alignments: Sequence[Alignment], assignment: Sequence[str]) -> None:
        """Each alignment's narrative, found by its spans and kind."""
        assigned = {
            "source_doc": [a.source.doc for a in alignments],
            "source_start": [a.source.start for a in alignments],
            "source_end": [a.source.end for a in alignments],
            "target_doc": [a.target.doc for a in alignments],
            "target_start": [a.target.start for a in alignments],
            "target_end": [a.target.end for a in alignments],
            "kind": [a.kind for a in alignments],
            "narrative": list(assignment),
        }
        with self._registered("_assign", pa.table(assigned)):
            self.con.execute(
                "UPDATE alignments SET narrative = _assign.narrative FROM _assign "
                "WHERE alignments.source_doc = _assign.source_doc "
                "AND alignments.source_start = _assign.source_start "
                "AND alignments.source_end = _assign.source_end "
                "AND alignments.target_doc = _assign.target_doc "
                "AND alignments.target_start = _assign.target_start "
                "AND alignments.target_end = _assign.target_end "
                "AND alignments.kind = _assign.kind"
            )

    def doc_info(self, docs: Sequence[str] | None = None) -> dict[str, tuple[str | None, str | None, str]]:
        """Each document's ``(published, outlet, date_source)``, of every one or of ``docs``."""
        if docs is None:
            rows = self.con.execute("SELECT id, published, outlet, date_source FROM documents").fetchall()
        else:
            rows = self.con.execute(
                "SELECT id, published, outlet, date_source FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                [list(docs)],
            ).fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}
