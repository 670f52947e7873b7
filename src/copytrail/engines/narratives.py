"""Narratives kept up to date: from the new alignments alone when only alignments were added.

A scan that adds documents adds alignments and removes none.  The narratives those new edges
touch (those with a passage in a document the new alignments reach) are merged and extended from
their stored members (``cluster.extend_narratives``: no alignment of theirs is read), or, where
a new span splits a stored passage, regrouped together with the new edges from their
alignments; every other narrative stays as it is, untouched by the new spans.  The result is
the narratives a regrouping of every alignment gives (``stages.cluster``: a document's
passages depend on its own spans only), at the cost of what changed instead of the whole
store.  Anything else that changed the alignments or the dates behind the stored narratives
(a forgotten or replaced document, other settings, a store from before the stamp) regroups
everything.  Both engines of this project name narratives the same way either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from copytrail.records import Alignment
from copytrail.stages.cluster import (
    DocInfo,
    build_narratives,
    earliest_confidence,
    extend_narratives,
)
from copytrail.store import Store


@dataclass
class NarrativesUpdate:
    """What an update did: narratives stored afterwards, whether all were regrouped, how many
    alignments and narratives were regrouped, and whether the touched narratives were only
    extended (read from their members, not regrouped from their alignments)."""

    narratives: int = 0
    regrouped_all: bool = False
    alignments_regrouped: int = 0
    narratives_replaced: int = 0
    extended: bool = False


def update_narratives(store: Store, *, everything: bool = False) -> NarrativesUpdate:
    """Group the alignments not in a narrative yet (one transaction): only the narratives they
    touch are regrouped, unless ``everything`` or the stored narratives no longer stand on
    the stored alignments (then every alignment is regrouped).  Inside a caller's
    transaction it joins that one."""
    with store.transaction():
        return _update(store, everything=everything)


def _update(store: Store, *, everything: bool) -> NarrativesUpdate:
    if everything or not store.narratives_are_current():
        return _regroup_everything(store)
    new = store.unassigned_alignments()
    update = NarrativesUpdate()
    if new:
        touched = sorted({span.doc for al in new for span in (al.source, al.target)})
        replacing = store.narratives_with_members_in(touched)
        if not _extend(store, new, touched, replacing, update):
            _regroup_touched(store, replacing, update)
    update.narratives = int(store.con.execute("SELECT count(*) FROM narratives").fetchone()[0])  # type: ignore[index]
    return update


def _extend(store: Store, new: list[Alignment], touched: list[str], replacing: list[str], update: NarrativesUpdate) -> bool:
    """The touched narratives merged and extended by the new alignments, read from their
    members (not their alignments); False when a new span splits a stored passage."""
    members = store.members_of_narratives(replacing)
    docs = sorted({m[0] for found in members.values() for m in found} | set(touched))
    info = _doc_info(store, docs)
    extended = extend_narratives(new, store.aligned_spans(touched, grouped_only=True), members, info)
    if extended is None:
        return False
    confidence = {n.id: earliest_confidence(n, info) for n in extended.narratives}
    store.rename_narratives(extended.renamed)
    store.replace_narratives(extended.narratives, extended.assignment, new, confidence, replacing=replacing)
    update.alignments_regrouped, update.narratives_replaced, update.extended = len(new), len(replacing), True
    return True


def _regroup_touched(store: Store, replacing: list[str], update: NarrativesUpdate) -> None:
    """The touched narratives regrouped from their alignments and the new ones."""
    alignments = store.alignments_to_regroup(replacing)
    docs = sorted({span.doc for al in alignments for span in (al.source, al.target)})
    info = _doc_info(store, docs)
    narratives, assignment = build_narratives(alignments, info, store.aligned_spans(docs))
    confidence = {n.id: earliest_confidence(n, info) for n in narratives}
    store.replace_narratives(narratives, assignment, alignments, confidence, replacing=replacing)
    update.alignments_regrouped, update.narratives_replaced = len(alignments), len(replacing)


def _regroup_everything(store: Store) -> NarrativesUpdate:
    alignments = store.all_alignments()
    info = _doc_info(store, None)
    narratives, assignment = build_narratives(alignments, info)
    confidence = {n.id: earliest_confidence(n, info) for n in narratives}
    store.replace_narratives(narratives, assignment, alignments, confidence)
    return NarrativesUpdate(len(narratives), True, len(alignments), len(narratives))


def _doc_info(store: Store, docs: list[str] | None) -> dict[str, DocInfo]:
    return {k: DocInfo(v[0], v[1], v[2]) for k, v in store.doc_info(docs).items()}
