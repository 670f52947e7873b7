"""The report's "Changed figures" section: each figure a later statement gives differently
from the earlier statement it is linked to, side by side, with who changed it and when.

The rows come from the stored claim groups (:func:`copytrail.store.claims.claim_rows`); the
comparisons are the ones the claims stage made (statements an alignment links), never a guess
from similar wording.  The changes between the documents that share the most copied words come first.  Shared by the report and the web app's claims page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from copytrail.outputs.report.data import label_card
from copytrail.outputs.report.direction import UNKNOWN_TEXT
from copytrail.stages.claims import excerpt, pieces
from copytrail.store import Store, queries
from copytrail.store.claim_views import copied_words
from copytrail.store.claims import claim_rows, has_claims

MAX_CHANGES = 200  # changed figures shown in the report (the count is always exact)


def changed_figures(store: Store, limit: int = MAX_CHANGES) -> dict[str, Any]:
    """``{"total": n, "changes": [...], "computed": bool}``: each change with ``before`` and
    ``after`` sides (figure, sentence excerpt in pieces with the figure marked, document card).
    Nothing is extracted here: a store scanned without claims shows none (``computed`` False)."""
    if not has_claims(store):
        return {"total": 0, "changes": [], "computed": False}
    changes = list(figure_changes(claim_rows(store, differ_only=True)))
    words = copied_words(store, [(c["before"]["doc"], c["after"]["doc"]) for c in changes])
    for change, count in zip(changes, words, strict=True):
        change["copied_words"] = count
    # the best evidence first: the two documents that share the most copied words (a story
    # republished whole with one figure changed) before one line of a notice many fill alike
    changes.sort(key=lambda c: (-c["copied_words"], -c["statements"]))
    shown = changes[:limit]
    cards = {d["id"]: label_card(d) for d in queries.document_cards(store, sorted({c[k]["doc"] for c in shown for k in ("before", "after")}))}
    for change in shown:
        for side in ("before", "after"):
            card = cards.get(change[side]["doc"], {})
            change[side].update(
                label=card.get("label") or change[side]["doc"], cite=card.get("cite") or "",
                outlet=card.get("outlet"), author=card.get("author"), url=card.get("url"),
                date=card.get("date") or "undated",
                attrs=card.get("text_attrs") or UNKNOWN_TEXT,  # the sentence's dir and lang
            )
    return {"total": len(changes), "changes": shown, "computed": True}


def figure_changes(rows: Iterable[Mapping[str, Any]]) -> Iterable[dict[str, Any]]:
    """One change per (group, linked pair of statements whose figures differ), in the groups'
    order, each from the earlier statement to the later."""
    for row in rows:
        statements = row["statements"]
        for change in row.get("changes") or []:
            yield {
                "claim": row["claim"],
                "kind": row["kind"],
                "statements": len(statements),
                "before": _side(statements[change["from"]]),
                "after": _side(statements[change["to"]]),
            }


def _side(statement: Mapping[str, Any]) -> dict[str, Any]:
    rel = statement["sentence_start"]
    text, start, end = excerpt(statement["sentence"] or "", statement["value_start"] - rel, statement["value_end"] - rel)
    return {
        "doc": statement["doc"],
        "figure": statement["figure"],
        "published": statement["published"],
        "pieces": pieces(text, start, end),
    }
