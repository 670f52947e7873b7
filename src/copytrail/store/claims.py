"""Store access for the claims stage: every SQL statement about claims, and their export rows.

Claims are extracted once per document, when it is new, and kept by document
(``claims``, with ``claim_docs`` marking what was extracted, zero claims included); the
store drops them with their document.  Grouping (``claim_groups``, ``claim_statements``)
is derived from all stored claims and alignments and redone after each scan, only when
its inputs changed.  The table definitions live in :mod:`copytrail.store.schema`.

The export schema of a claim group is written here twice on purpose, side by side: from
groups just computed (:func:`group_row`) and from the stored tables (:func:`claim_rows`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import asdict, dataclass
from itertools import islice
from typing import Any

import pyarrow as pa

from copytrail.stages.claims import (
    Claim,
    ClaimGroup,
    MatchSettings,
    Statement,
    entity_finder,
    excerpt,
    extract_claims,
    figure_kind,
    is_trivial,
    match_claims,
    qualifier_class,
)
from copytrail.stages.claims.numbers import rounded_equal
from copytrail.store.access import store_memory_limit, trim_cache
from copytrail.store.claim_batches import extract_missing, missing_count
from copytrail.store.database import Store
from copytrail.store.schema import CLAIMS_SCHEMA

SETTINGS_KEY = "claims.settings"
EXTRACTOR_KEY = "claims.extractor"  # rules version + entity finder of the stored claims
SIGNATURE_KEY = "claims.inputs"  # what the stored groups were computed from
EXTRACTOR_VERSION = "36"  # 3: currency words (crowns, yuan, ...) end a unit and read as money; 4: numbers inside names (COVID-19) are no figures; 5: a qualifier broken across a line ("at\nleast 92"); 6: an English text's "2.704 billion" is a decimal; 7: Chinese and Japanese dates and units, units compared folded; 8: a day before a month named in another language is a date; 9: a Solar Hijri day, month and year is its Gregorian date; 10: an ordinal day ("12. März 2025") or an abbreviation before a lower-case word ("EE.UU. anunció") no longer ends its sentence, and Armenian, Ethiopic, Myanmar and Khmer stops end one; scales, percent words and currencies of es, pt, fr, de, it, nl, fa, ar, ur ("2,1 millones de coronas"), their hedges, and Korean dates, scales and units; Hindi, Turkish, Indonesian, Polish, Ukrainian and Greek scales; Urdu and Hindi hedges after a figure; German nouns as units; 11: Nordic, Polish, Czech, Romanian, Hungarian, Hebrew and Vietnamese scales, Thai scales and units, currencies of more languages (R$, Rp, ₪, kr, đồng, baht), Hebrew hedges ("כ-250"), Vietnamese dates, context words of scripts without spaces (pairs of characters); a German ordinal after an article ("der 2. Weltkrieg") and Polish and Czech abbreviations before a lower-case word ("4,1 proc. produktu") end no sentence; 12: hedges of 16 more languages ("omkring", "około", "περίπου", "sekitar", "khoảng", Chinese and Japanese "約30" against the figure), Polish "proc.", Greek genitive scales, a year before a word for year ("до 2028 року"); 13: an adjective before the counted noun stays in the unit ("1,000,000 common shares"), "vs" is no unit; 14: small numbers spelled out in Spanish, Portuguese, French, German, Italian and Dutch ("tres personas", "zwei Millionen") in a text of that language; 15: Chinese, Japanese and Korean hedges after the figure ("300多人", "300人以上", "30명 이상"), "万人" read as the scale and its classifier; 16: Turkish hedges after the figure ("300'den fazla", "5 bin'i aşkın"); 17: Turkish currencies under a case ending ("dolarlık", "liraya"); 18: a year after "until" ending its clause ("até 2033,"), a Chinese, Japanese or Korean year with 年 and no month ("2026年度"); 19: a German noun after a figure is its unit wherever the text is German; 20: more hedges of Spanish, French, German, Portuguese, Arabic and Persian ("en torno a", "autour de", "nahezu", "ما يزيد على", "بالغ بر"); 21: Thai hedges against the word before ("เสียหายประมาณ 2", not "งบประมาณ"), Portuguese "e" and "ou" no unit; 22: English "over" before a number of years, months or days is the period, not a hedge ("invest $10bn over five years"), unless "for", "in", "since"... before it or "ago", "old" after; 23: Greek's question mark (";" after a Greek word, U+037E) ends a sentence; 24: a day before a month named in Czech, Slovak, Hungarian, Romanian, Swedish, Danish, Finnish, Estonian, Lithuanian, Latvian, Bulgarian, Serbian, Slovene, Catalan, Indonesian, Malay, Azerbaijani or Hebrew is a date, and a date written year first with its month named ("2024. május 14-én", "2024 m. gegužės 14 d."; the year's full stop ends no sentence), and a Thai date, its Buddhist-era year made Gregorian ("14 พฤษภาคม 2567" is 2024-05-14); 25: lakh and crore digit grouping ("1,20,000"), "Rs." and "Tk" before a sum; 26: figures of ten languages of South Asia (scales, percent and currency words, hedges before and after, case endings against the figure) and Filipino, their month names, a nukta letter in either spelling; 27: Swahili figures with the noun, scale and hedge before them; 28: figures of the Balkans, the Baltic, Belarus, the Caucasus, Central Asia and Catalan, and their month names; 29: dates written year first with the year's word (Latvian "2024. gada 15. jūlijā", Kazakh "2024 жылғы 15 шілдеде", Armenian "2024 թվականի հուլիսի 15-ին"), Slovene and Estonian month forms; 30: figures of Pashto, Sorani, Amharic (a preposition against the figure), Somali and Burmese; 31: Hausa figures read as Swahili ones (noun, scale and hedge before), ₦; 32: Hausa month names and "15 ga Yuli"; 33: Pashto Solar Hijri month names; 34: Hausa "kashi 40 cikin 100" one percentage; 35: "listopada" after a day with a full stop is Croatian's October ("15. listopada 2024."), without one Polish's November; 36: Serbian's nominative months ("15. oktobar"), Catalan's "d'" before a month ("15 d'octubre")
GROUPING_KEY = "claims.grouping"  # GROUPING_VERSION of the stored groups
GROUPING_VERSION = "8"  # 8: a year alone linked only inside a copied passage; 2: figures compared inside alignments only, recurring reports and formulas left out; 4: along links only; 5: passages replacing more figures than a copy edits or changing a lone figure in one sentence, figures rounded half up; 6: clear copies keep their changes inside formulas; 7: a translated passage's equal figures are one statement
ProgressFn = Callable[[str, int, "int | None"], None]  # as copytrail.engines.local.Progress


@dataclass(frozen=True, slots=True)
class ClaimsResult:
    documents: int
    claims: int
    groups: int
    differ: int
    extracted: int = 0  # documents whose claims were extracted by this call
    regrouped: bool = True  # False when nothing changed since the stored grouping


def ensure_tables(store: Store) -> None:
    """Replace claims tables of an older layout (derived data; re-extracted on demand)."""
    columns = {r[0] for r in store.con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'claims'"
    ).fetchall()}
    if "context" not in columns:
        for table in ("claims", "claim_docs", "claim_groups", "claim_statements"):
            store.con.execute(f"DROP TABLE IF EXISTS {table}")  # noqa: S608 - fixed names
        store.con.execute("DELETE FROM meta WHERE key LIKE 'claims.%'")
        store.con.execute(CLAIMS_SCHEMA)


def has_claims(store: Store) -> bool:
    """Whether claim groups were computed and stored by these rules (else exports compute them
    on the fly): groups stored by an older version do not know their links, so their figures
    cannot be compared the way these rules compare them."""
    tables = {r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return (
        "claim_groups" in tables and store.get_meta(SETTINGS_KEY) is not None
        and store.get_meta(GROUPING_KEY) == GROUPING_VERSION
    )


def load_documents(store: Store) -> list[dict[str, Any]]:
    """Original documents (exact duplicates left out: their claims are their original's), the
    earliest published first, then by their text's hash: ties of evidence go by claim order, so
    they favour the earlier version and never depend on the order the files arrived in."""
    return store.query(
        "SELECT id, path, source_key, published, date_source, text FROM documents "
        "WHERE duplicate_of IS NULL ORDER BY published NULLS LAST, sha1, id"
    )


def _match(
    store: Store,
    claims: list[Claim],
    docs: list[dict[str, Any]],
    settings: MatchSettings | None,
    contexts: Sequence[frozenset[str]] | None = None,
) -> list[ClaimGroup]:
    """Group claims across documents with the stored alignments (the one matching call)."""
    return match_claims(
        claims,
        store.all_alignments(),
        settings,
        paths={d["id"]: d["path"] for d in docs},
        published={d["id"]: d["published"] for d in docs},
        contexts=contexts,
    )


def compute_claims(
    store: Store, settings: MatchSettings | None = None, entities: str = "rules"
) -> tuple[list[Claim], list[ClaimGroup], int]:
    """Extract every document's claims and group them, using the stored alignments (no writes)."""
    docs = load_documents(store)
    finder = entity_finder(entities)
    claims: list[Claim] = []
    for d in docs:
        claims.extend(extract_claims(d["text"] or "", d["id"], published=d["published"], entities=finder))
    return claims, _match(store, claims, docs, settings), len(docs)


def update_claims(
    store: Store,
    settings: MatchSettings | None = None,
    entities: str | None = None,
    progress: ProgressFn | None = None,
    executor: Executor | None = None,
    shares: int = 1,
) -> ClaimsResult:
    """Extract claims of documents that lack them, then regroup all stored claims.

    ``entities``: the entity finder (``rules``, ``auto``, ``spacy``); None keeps the one the
    stored claims were made with (``rules`` for a new store), so a scan never loads spaCy
    unless it was asked for once.  Changing it re-extracts every document.  ``executor``
    (the engine's worker processes) extracts the rule-based claims of many new documents, each
    batch dealt out in ``shares``.
    """
    settings = settings or MatchSettings()
    ensure_tables(store)
    stored = json.loads(store.get_meta(EXTRACTOR_KEY) or "{}")
    mode = entities or stored.get("entities") or "rules"
    marker = json.dumps({"version": EXTRACTOR_VERSION, "entities": mode}, sort_keys=True)
    with store.transaction():
        if store.get_meta(EXTRACTOR_KEY) != marker:
            store.con.execute("DELETE FROM claims")
            store.con.execute("DELETE FROM claim_docs")
            store.set_meta(EXTRACTOR_KEY, marker)
        # Documents gone or now exact duplicates keep no claims (normally removed with them).
        for table in ("claims", "claim_docs"):
            store.con.execute(
                f"DELETE FROM {table} WHERE doc NOT IN (SELECT id FROM documents WHERE duplicate_of IS NULL)"  # noqa: S608
            )
    extracted = extract_missing(store, mode if missing_count(store) else None, progress, executor, shares)
    return _regroup(store, settings, extracted)


def rebuild_claims(
    store: Store, settings: MatchSettings | None = None, entities: str = "rules"
) -> ClaimsResult:
    """Forget stored claims, extract every document again and regroup."""
    ensure_tables(store)
    with store.transaction():
        store.con.execute("DELETE FROM claims")
        store.con.execute("DELETE FROM claim_docs")
        store.con.execute("DELETE FROM meta WHERE key IN (?, ?)", [EXTRACTOR_KEY, SIGNATURE_KEY])
    return update_claims(store, settings, entities)


def _signature(store: Store, settings: MatchSettings) -> str:
    """A cheap fingerprint of everything grouping reads: claims, alignments, document dates."""
    row = store.con.execute(
        "SELECT (SELECT count(*) FROM claims), "
        "(SELECT bit_xor(hash(id, value, date_value, unit_key, qualifier, context)) FROM claims), "
        "(SELECT count(*) FROM alignments), "
        "(SELECT bit_xor(hash(source_doc, source_start, source_end, target_doc, target_start, target_end)) FROM alignments), "
        "(SELECT bit_xor(hash(id, path, published)) FROM documents WHERE duplicate_of IS NULL)"
    ).fetchone()
    return json.dumps([list(row or ()), asdict(settings), GROUPING_VERSION], sort_keys=True, default=str)


def _regroup(store: Store, settings: MatchSettings, extracted: int) -> ClaimsResult:
    """Group the stored claims (skipped when its inputs are unchanged since the last grouping)."""
    signature = _signature(store, settings)
    if store.get_meta(SIGNATURE_KEY) == signature and has_claims(store):
        return _stored_result(store, extracted)
    claims, contexts = _stored_claims(store)
    docs = store.query("SELECT id, path, published FROM documents WHERE id IN (SELECT doc FROM claim_docs)")
    trim_cache(store.con, store_memory_limit())  # the blocks read for them (a sixth of the peak)
    groups = _match(store, claims, docs, settings, contexts)
    _label_groups(store, groups)
    with store.transaction():
        _replace_groups(store, groups)
        store.set_meta(SETTINGS_KEY, json.dumps(asdict(settings), sort_keys=True))
        store.set_meta(GROUPING_KEY, GROUPING_VERSION)
        store.set_meta(SIGNATURE_KEY, signature)
    return ClaimsResult(len(docs), len(claims), len(groups), sum(g.values_differ for g in groups), extracted)


def _label_groups(store: Store, groups: Sequence[ClaimGroup]) -> None:
    """Give each group its first statement's sentence as label (stored claims carry no text)."""
    if not groups:
        return
    leads = [g.statements[0].claim for g in groups]
    store.con.register(
        "_lead",
        pa.table({
            "k": list(range(len(leads))), "doc": [c.doc for c in leads],
            "a": [c.sentence_start for c in leads], "b": [c.sentence_end for c in leads],
        }),
    )
    rows = store.con.execute(
        "SELECT l.k, substr(d.text, l.a + 1, l.b - l.a) FROM _lead l JOIN documents d ON d.id = l.doc"
    ).fetchall()
    store.con.unregister("_lead")
    trim_cache(store.con, store_memory_limit())  # the texts read for them
    for k, sentence in rows:
        lead, group = leads[k], groups[k]
        group.text, *mark = excerpt(sentence or "", lead.value_start - lead.sentence_start, lead.value_end - lead.sentence_start)
        group.highlight = (mark[0], mark[1])


def _stored_result(store: Store, extracted: int) -> ClaimsResult:
    """The counts of the stored grouping, for a scan that had nothing to regroup."""
    row = store.con.execute(
        "SELECT (SELECT count(*) FROM claim_docs), (SELECT count(*) FROM claims), "
        "(SELECT count(*) FROM claim_groups), (SELECT count(*) FROM claim_groups WHERE values_differ)"
    ).fetchone()
    assert row is not None
    return ClaimsResult(int(row[0]), int(row[1]), int(row[2]), int(row[3]), extracted, regrouped=False)


def _replace_groups(store: Store, groups: Sequence[ClaimGroup]) -> None:
    """Write the groups and their statements in place of the stored ones (inside the caller's transaction)."""
    store.con.execute("DELETE FROM claim_groups")
    store.con.execute("DELETE FROM claim_statements")
    if groups:
        # One Arrow table per table: executemany cost 14 s for the 11k groups of the Reuters/BBC store.
        store.con.register(
            "_groups",
            pa.table({
                "id": [g.id for g in groups], "text": [g.text for g in groups], "kind": [g.kind for g in groups],
                "unit": pa.array([g.unit for g in groups], pa.string()),
                "statements": pa.array([len(g.statements) for g in groups], pa.int64()),
                "documents": pa.array([len({s.claim.doc for s in g.statements}) for g in groups], pa.int64()),
                "values_differ": pa.array([g.values_differ for g in groups], pa.bool_()),
                "numbers_differ": pa.array([g.numbers_differ for g in groups], pa.bool_()),
                "qualifiers_differ": pa.array([g.qualifiers_differ for g in groups], pa.bool_()),
                "earliest": pa.array([",".join(s.claim.id for s in g.earliest) or None for g in groups], pa.string()),
                "first_date": pa.array([g.earliest[0].published if g.earliest else None for g in groups], pa.string()),
            }),
        )
        store.con.execute("INSERT INTO claim_groups SELECT * FROM _groups")
        store.con.unregister("_groups")
        statements = [
            (g.id, s.claim.id, s.claim.doc, k, linked_to)
            for g in groups
            for (k, s), linked_to in zip(enumerate(g.statements), g.linked_parents, strict=True)
        ]
        store.con.register(
            "_st",
            pa.table({
                "claim_group": [r[0] for r in statements], "claim": [r[1] for r in statements],
                "doc": [r[2] for r in statements], "position": [r[3] for r in statements],
                "linked_to": pa.array([r[4] for r in statements], pa.int64()),
            }),
        )
        store.con.execute(
            "INSERT INTO claim_statements (claim_group, claim, doc, position, linked_to) "
            "SELECT claim_group, claim, doc, position, linked_to FROM _st"
        )
        store.con.unregister("_st")


def _stored_claims(store: Store) -> tuple[list[Claim], list[frozenset[str]]]:
    """Stored claims in document order (the earliest published first, then by their text's hash)
    and position, with their context words: ties of evidence go by claim order, so they favour
    the earlier version, and a corpus read as one JSONL file or as a folder is grouped the same."""
    cursor = store.con.execute(
        'SELECT c.doc, c.kind, c.start, c."end", c.value_start, c.value_end, c.sentence_start, '
        "c.sentence_end, c.value, c.date_value, c.unit, c.qualifier, c.surface, c.context "
        "FROM claims c JOIN documents d ON d.id = c.doc ORDER BY d.published NULLS LAST, d.sha1, d.id, c.value_start, c.start"
    )
    # Every claim of a document names it, units and hedges repeat, and copies of a sentence
    # share its context: each string and context set is held once (a claim read back cost
    # about 2 KB, most of it the same strings again).
    shared: dict[str, str] = {}
    context_sets: dict[str, frozenset[str]] = {"": frozenset()}
    claims: list[Claim] = []
    contexts: list[frozenset[str]] = []
    while rows := cursor.fetchmany(_READ_ROWS):
        for doc, kind, start, end, vs, ve, ss, se, value, date, unit, qualifier, surface, context in rows:
            claims.append(
                Claim(
                    doc=shared.setdefault(doc, doc), kind=shared.setdefault(kind, kind), start=start, end=end,
                    value_start=vs, value_end=ve, sentence_start=ss, sentence_end=se,
                    value=date if kind == "date" else value, unit=None if unit is None else shared.setdefault(unit, unit),
                    qualifier=None if qualifier is None else shared.setdefault(qualifier, qualifier),
                    entities=(), sentence="", surface=shared.setdefault(surface, surface),
                )
            )  # fmt: skip
            if (found := context_sets.get(context or "")) is None:
                found = context_sets[context] = frozenset(shared.setdefault(w, w) for w in context.split())
            contexts.append(found)
    return claims, contexts


_READ_ROWS = 50_000  # claims read back at once


# ------------------------------------------------------------------- the export schema
def statement_row(s: Statement) -> dict[str, Any]:
    """A statement in the export schema."""
    c = s.claim
    value: float | int | str = c.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return {
        "doc": c.doc, "path": s.path, "kind": c.figure_kind, "figure": c.phrase,
        "start": c.start, "end": c.end,
        "value_start": c.value_start, "value_end": c.value_end, "surface": c.surface,
        "value": value, "qualifier": c.qualifier, "unit": c.unit, "published": s.published,
        "sentence": c.sentence, "sentence_start": c.sentence_start, "sentence_end": c.sentence_end,
        "entities": list(c.entities),
    }


def group_row(g: ClaimGroup) -> dict[str, Any]:
    """A claim group in the export schema (JSONL keeps it nested)."""
    return _group_fields(
        {"claim": g.id, "unit": g.unit, "values_differ": g.values_differ, "numbers_differ": g.numbers_differ,
         "qualifiers_differ": g.qualifiers_differ},
        [s.claim.doc for s in g.earliest],
        [statement_row(s) for s in g.statements],
        g.linked_statements,
    )


def _group_fields(
    base: dict[str, Any], earliest: list[str], statements: list[dict[str, Any]], linked: Sequence[tuple[int, int]]
) -> dict[str, Any]:
    """A group row in its export order: label (excerpt of the first statement, the figure
    marked), kind in words, whether it is too ordinary to rank, then flags, statements and
    the changes along ``linked`` (pairs of statement indexes that a link joins)."""
    lead = statements[0] if statements else None
    text, start, end = ("", 0, 0)
    if lead is not None:
        rel = lead["sentence_start"]
        text, start, end = excerpt(lead["sentence"] or "", lead["value_start"] - rel, lead["value_end"] - rel)
    return {
        "claim": base["claim"], "text": text, "highlight": [start, end],
        "figure": lead["figure"] if lead else None, "kind": lead["kind"] if lead else None,
        "unit": base["unit"],
        "trivial": bool(lead and is_trivial(_claim_kind(lead["kind"]), lead["value"], lead["unit"])),
        "values_differ": base["values_differ"], "numbers_differ": base["numbers_differ"],
        "qualifiers_differ": base["qualifiers_differ"],
        "earliest": earliest,
        "statements": statements,
        "changes": figure_changes(statements, linked) if base["values_differ"] else [],
    }


def _claim_kind(kind: str) -> str:
    return "date" if kind == "date" else "quantity"


def figure_changes(statements: Sequence[Mapping[str, Any]], linked: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
    """What the copies changed: each pair of linked statements (one alignment said they are
    one statement) whose figure (value or hedge) differs, as ``{"from": k, "to": m}`` indexes
    into ``statements`` (in order of publication, undated last), from the earlier to the later,
    in order.  Statements joined only through others are never compared."""
    pairs = sorted({(min(k, m), max(k, m)) for k, m in linked if k != m and max(k, m) < len(statements)})
    return [{"from": k, "to": m} for k, m in pairs if not _same_figure(statements[k], statements[m])]


def _same_figure(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Same value (or one the other rounded) and the same kind of hedge."""
    if qualifier_class(a["qualifier"]) != qualifier_class(b["qualifier"]):
        return False
    va, vb = a["value"], b["value"]
    if isinstance(va, int | float) and isinstance(vb, int | float):
        fa, fb = float(va), float(vb)  # as matching's same_value: equal, equal but for float noise, or rounded
        return math.isclose(fa, fb, rel_tol=1e-9, abs_tol=1e-9) or rounded_equal(fa, a["surface"], fb, b["surface"])
    return bool(va == vb)


def claim_rows(
    store: Store, differ_only: bool = False, docs: Sequence[str] | None = None,
    limit: int | None = None, offset: int = 0,
) -> Iterator[dict[str, Any]]:
    """Claim groups in the export schema, read from the tables (computed on the fly when absent,
    so a read-only store still exports); with ``docs``, only groups stated by one of them; with
    ``limit``, one page of them (from ``offset``), reading only that page's statements."""
    wanted = None if docs is None else set(docs)
    if not has_claims(store):
        _claims, computed, _n = compute_claims(store)
        chosen = (
            g for g in computed
            if (g.values_differ or not differ_only) and (wanted is None or any(s.claim.doc in wanted for s in g.statements))
        )
        for g in islice(chosen, offset, None if limit is None else offset + limit):
            yield group_row(g)
        return
    clauses, params = ["g.values_differ"] if differ_only else [], []
    if wanted is not None:
        clauses.append("g.id IN (SELECT claim_group FROM claim_statements WHERE doc IN (SELECT unnest(?::VARCHAR[])))")
        params.append(sorted(wanted))
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    groups = store.query(f"SELECT * FROM claim_groups g {where} ORDER BY NOT values_differ, statements DESC, id{page}", params)  # noqa: S608 - fixed text
    every = not clauses and limit is None  # all groups: no need to name them
    only = "" if every else "WHERE s.claim_group IN (SELECT unnest(?::VARCHAR[])) "
    rows = store.query(
        "SELECT s.claim_group, s.position, s.linked_to, c.*, d.path, d.published, "  # noqa: S608 - fixed text
        "substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) AS sentence FROM claim_statements s "
        f"JOIN claims c ON c.id = s.claim JOIN documents d ON d.id = c.doc {only}"
        "ORDER BY s.claim_group, s.position",
        [] if every else [[g["id"] for g in groups]],
    )
    by_group: dict[str, list[dict[str, Any]]] = {}
    ids_of: dict[str, list[tuple[str, str]]] = {}  # group -> (claim id, doc)
    linked_to: dict[str, list[tuple[int, int | None]]] = {}  # group -> (position, position linked to)
    for r in rows:
        ids_of.setdefault(r["claim_group"], []).append((r["id"], r["doc"]))
        by_group.setdefault(r["claim_group"], []).append(_stored_statement_row(r))
        linked_to.setdefault(r["claim_group"], []).append((r["position"], r["linked_to"]))
    links_of = {group: stored_links(found) for group, found in linked_to.items()}
    for g in groups:
        earliest_claims = set((g["earliest"] or "").split(","))
        yield _group_fields(
            {"claim": g["id"], "unit": g["unit"], "values_differ": bool(g["values_differ"]),
             "numbers_differ": bool(g["numbers_differ"]), "qualifiers_differ": bool(g["qualifiers_differ"])},
            sorted({doc for cid, doc in ids_of.get(g["id"], []) if cid in earliest_claims}),
            by_group.get(g["id"], []),
            links_of.get(g["id"], []),
        )


def stored_links(found: Sequence[tuple[int, int | None]]) -> list[tuple[int, int]]:
    """A stored group's links as pairs of indexes into its statements (read in order of
    position); a link to a statement no longer stored is left out."""
    index = {position: k for k, (position, _to) in enumerate(found)}
    return [(index[to], k) for k, (_position, to) in enumerate(found) if to is not None and to in index]


def _stored_statement_row(r: Mapping[str, Any]) -> dict[str, Any]:
    """A stored statement (claims row joined with its document) in the export schema, as :func:`statement_row`."""
    value: Any = r["date_value"] if r["kind"] == "date" else r["value"]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    sentence = r["sentence"] or ""
    ss = r["sentence_start"]
    return {
        "doc": r["doc"], "path": r["path"], "kind": figure_kind(r["kind"], r["unit"]),
        "figure": sentence[r["start"] - ss : r["end"] - ss] or r["surface"],
        "start": r["start"], "end": r["end"],
        "value_start": r["value_start"], "value_end": r["value_end"], "surface": r["surface"],
        "value": value, "qualifier": r["qualifier"], "unit": r["unit"],
        "published": r["published"], "sentence": sentence, "sentence_start": ss,
        "sentence_end": r["sentence_end"], "entities": json.loads(r["entities"] or "[]"),
    }


def cite_statements(store: Store, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Claim groups (as :func:`claim_rows` gives them) whose statements also name their
    document's ``record`` inside its file and its ``url`` (after the other fields), so the
    records of one JSONL or WARC file are told apart."""
    from copytrail.store.queries import citations

    cited = citations(store)
    for row in rows:
        for statement in row["statements"]:
            found = cited.get(statement["doc"])
            statement["record"] = found.record if found else None
            statement["url"] = found.url if found else None
        yield row


def flatten_group_row(row: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
    """One CSV row per statement; the group's fields repeat."""
    base = {k: v for k, v in row.items() if k not in ("statements", "changes", "highlight")}
    base["highlight_start"], base["highlight_end"] = row.get("highlight") or (0, 0)
    base["earliest"] = ",".join(base.get("earliest") or [])
    changed = {c["to"] for c in row.get("changes") or []}
    for k, st in enumerate(row["statements"]):
        flat = {**base, **{f"statement_{key}": v for key, v in st.items()}}
        flat["statement_entities"] = "; ".join(st.get("entities") or [])
        flat["statement_changes_figure"] = k in changed  # gives another figure than an earlier statement linked to it
        yield flat
