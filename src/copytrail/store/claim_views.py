"""What people are shown of the stored claims: the scan summary's most repeated and differing
claims, the figures a checked text changes, and how many words the two documents of a change
share (the evidence changed figures are ranked by).  Light queries over the stored groups."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from copytrail.stages.claims import excerpt, is_trivial
from copytrail.store.claims import figure_changes, has_claims, stored_links
from copytrail.store.database import Store

SUMMARY_CHARS = 100  # a claim's sentence in the terminal summary is cut to about this


def claims_summary(store: Store, top: int = 5, differ: int = 10, per_group: int = 4) -> dict[str, Any]:
    """What a scan summary shows: the most repeated claims (a year alone or a small count is
    not ranked) and those whose figures disagree (the statements of their changes first), each
    labelled by its sentence.

    Light queries over the stored groups (no regrouping); empty when none were computed.
    """
    from copytrail.store.queries import citations

    empty: dict[str, Any] = {"repeated": [], "differ": [], "differ_total": 0}
    if not has_claims(store):
        return empty
    candidates = store.query(
        "SELECT id, text, statements, documents FROM claim_groups "
        "ORDER BY statements DESC, documents DESC, id LIMIT ?",
        [max(top * 40, 200)],
    )
    differing = _best_evidence_first(store, differ)
    total = store.con.execute("SELECT count(*) FROM claim_groups WHERE values_differ").fetchone()
    ids = [g["id"] for g in candidates + differing]
    rows = store.query(
        "SELECT s.claim_group, s.position, s.linked_to, c.kind, c.value, c.date_value, c.unit, c.qualifier, "
        "c.surface, c.start, c.\"end\", "
        "c.doc, d.path, substr(d.text, c.start + 1, c.\"end\" - c.start) AS figure, "
        "c.sentence_start, c.value_start, c.value_end, CASE WHEN s.position = 0 THEN "
        "substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) END AS sentence "
        "FROM claim_statements s JOIN claims c ON c.id = s.claim JOIN documents d ON d.id = c.doc "
        "WHERE s.claim_group IN (SELECT unnest(?::VARCHAR[])) ORDER BY s.claim_group, s.position",
        [ids],
    )
    by_group: dict[str, list[dict[str, Any]]] = {}
    figures: dict[str, list[dict[str, Any]]] = {}  # what figure_changes compares, by group
    labels: dict[str, tuple[str, int, int]] = {}
    for r in rows:
        value = r["date_value"] if r["kind"] == "date" else r["value"]
        figures.setdefault(r["claim_group"], []).append({**r, "value": value})
        if r["sentence"] is not None:
            rel = r["sentence_start"]
            labels[r["claim_group"]] = excerpt(r["sentence"], r["value_start"] - rel, r["value_end"] - rel, SUMMARY_CHARS)
        by_group.setdefault(r["claim_group"], []).append(
            {"figure": r["figure"] or r["surface"], "path": r["path"], "doc": r["doc"],
             "trivial": is_trivial(r["kind"], value, r["unit"])}
        )
    cited = citations(store, sorted({s["doc"] for group in by_group.values() for s in group}))
    for group in by_group.values():  # cited by record, not by a file several records share
        for s in group:
            s["cite"] = str(cited[s["doc"]]) if s["doc"] in cited else s["path"]
    for g in candidates + differing:
        g["text"], *mark = labels.get(g["id"], (g["text"], 0, 0))
        g["highlight"] = (mark[0], mark[1])
        first = by_group.get(g["id"], [{"figure": ""}])[0]["figure"]
        g["label"] = f"{first} — {g['text']}" if first else g["text"]  # the figure first: a sentence may hold several
    repeated = []
    for g in candidates:
        statements = by_group.get(g["id"], [])
        if statements and not statements[0]["trivial"] and len(repeated) < top:
            repeated.append(g)
    for g in differing:  # the statements of its changes first: a large group may differ at one link only
        compared = figures.get(g["id"], [])
        changes = figure_changes(compared, stored_links([(f["position"], f["linked_to"]) for f in compared]))
        order = list(dict.fromkeys([k for c in changes for k in (c["from"], c["to"])] + list(range(len(compared)))))
        g["statements"] = [by_group[g["id"]][k] for k in order][:per_group]
    return {"repeated": repeated, "differ": differing, "differ_total": int(total[0]) if total else 0}


def check_figure_changes(store: Store, result: Any) -> list[dict[str, Any]]:
    """The figures a checked text (a :class:`copytrail.api.CheckResult`) changes relative to
    the stored documents it reuses, each with the source's citation (see
    :func:`copytrail.stages.claims.changes.changes_against_sources`)."""
    from copytrail.stages.claims.changes import changes_against_sources
    from copytrail.store.queries import citations

    if not result.matches:
        return []
    docs = [m.doc for m in result.matches]
    passages = {
        m.doc: [(p.a_start, p.a_end, p.b_start, p.b_end, p.kind, p.score, p.matched_words) for p in m.passages]
        for m in result.matches
    }
    changes = changes_against_sources(result.text, store.texts(docs), passages)
    cited = citations(store, sorted({c["source"] for c in changes}))
    for change in changes:
        change["cite"] = str(cited[change["source"]]) if change["source"] in cited else change["source"]
    return changes


def _best_evidence_first(store: Store, limit: int) -> list[dict[str, Any]]:
    """The ``limit`` groups whose figures differ that the report lists first: by the words the
    two documents of their best change share (:func:`copied_words`), then by statements."""
    if limit <= 0:
        return []
    rows = store.query(
        "SELECT s.claim_group, s.position, s.linked_to, s.doc, c.kind, c.value, c.date_value, c.qualifier, c.surface "
        "FROM claim_statements s JOIN claims c ON c.id = s.claim "
        "WHERE s.claim_group IN (SELECT id FROM claim_groups WHERE values_differ) ORDER BY s.claim_group, s.position"
    )
    by_group: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_group.setdefault(r["claim_group"], []).append({**r, "value": r["date_value"] if r["kind"] == "date" else r["value"]})
    changed = {
        group: [(found[c["from"]]["doc"], found[c["to"]]["doc"]) for c in figure_changes(found, stored_links([(f["position"], f["linked_to"]) for f in found]))]
        for group, found in by_group.items()
    }
    pairs = sorted({pair for found in changed.values() for pair in found})
    shared = dict(zip(pairs, copied_words(store, pairs), strict=True))
    groups = store.query("SELECT id, text, statements, documents FROM claim_groups WHERE values_differ")
    score = {group: max((shared[pair] for pair in found), default=0) for group, found in changed.items()}
    groups.sort(key=lambda g: (-score.get(g["id"], 0), -g["statements"], g["id"]))
    return groups[:limit]


def copied_words(store: Store, pairs: list[tuple[str, str]]) -> list[int]:
    """For each pair of documents, the words of the passages they share (matched words, summed
    over their alignments; 0 where they share none)."""
    if not pairs:
        return []
    store.con.register("_pairs", pa.table({"k": list(range(len(pairs))), "a": [p[0] for p in pairs], "b": [p[1] for p in pairs]}))
    try:
        rows = store.con.execute(
            "SELECT k, sum(w) FROM (SELECT p.k, al.matched_words AS w FROM _pairs p JOIN alignments al "
            "ON al.source_doc = p.a AND al.target_doc = p.b UNION ALL SELECT p.k, al.matched_words FROM _pairs p "
            "JOIN alignments al ON al.source_doc = p.b AND al.target_doc = p.a) GROUP BY k"
        ).fetchall()
    finally:
        store.con.unregister("_pairs")
    found = dict(rows)
    return [int(found.get(k) or 0) for k in range(len(pairs))]
