"""The read queries that the exports, the report and the web app share, written once.

Each takes a :class:`~copytrail.store.database.Store` and gives plain rows (dictionaries keyed
by column); the outputs only shape and render them.  Every value from outside (a search, an
id, a page) is a parameter, never SQL text.

Alignment rows name the stored column ``ordered`` as ``source_is_earlier``: what it means.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from copytrail.records import Citation, citation
from copytrail.store.schema import (
    DOCUMENT_CARD_COLUMNS,
    EXPORTED_DOCUMENT_COLUMNS,
    LISTED_DOCUMENT_COLUMNS,
    document_columns_sql,
)

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.store.database import Store

Row = dict[str, Any]

# Narratives by spread: most documents, then most outlets, then the oldest (undated last).
NARRATIVE_RANK = "documents DESC, outlets DESC, first_date NULLS LAST, id"
# A narrative's members in reading order: oldest first (undated last), then path and offset.
MEMBER_ORDER = "m.narrative, d.published NULLS LAST, d.path, m.start"
# Alignments grouped by narrative (those in none last), then by where they start.
ALIGNMENT_ORDER = "a.narrative NULLS LAST, a.source_doc, a.source_start, a.target_doc, a.target_start"

_ALIGNMENT_COLUMNS = (
    "a.source_doc, a.source_start, a.source_end, a.target_doc, a.target_start, a.target_end, "
    "a.kind, a.score, a.matched_words, a.ordered AS source_is_earlier, a.narrative"
)


def _captured(alias: str = "") -> str:
    """A WARC page's capture time (the WARC-Date its ingest kept in ``extra``) as people read it,
    ``captured``: shown beside the live URL, so a reader knows when the compared copy was seen."""
    d = f"{alias}." if alias else ""
    return (
        f"CASE WHEN {d}fmt = 'warc' THEN replace(replace(json_extract_string({d}extra, '$.captured'), 'T', ' '), "
        "'+00:00', ' UTC') END AS captured"
    )


def stated_calendar_date(alias: str = "", prefix: str = "") -> str:
    """A date converted from another calendar as its input stated it: ``published_raw`` and
    ``published_calendar`` (kept in ``extra`` by the ingest), NULL for any other date, so that
    a page says "stated as ۲۲ اسفند ۱۴۰۳, Solar Hijri" beside the Gregorian day it shows.
    ``prefix`` names them for another side (``other_``)."""
    d = f"{alias}." if alias else ""
    converted = f"{d}date_source = 'metadata' AND contains({d}extra, '\"published_calendar\"')"
    return (
        f"CASE WHEN {converted} THEN json_extract_string({d}extra, '$.published_raw') END AS {prefix}published_raw, "
        f"CASE WHEN {converted} THEN json_extract_string({d}extra, '$.published_calendar') END AS {prefix}published_calendar"
    )


_CARDS = document_columns_sql(DOCUMENT_CARD_COLUMNS) + ", " + _captured() + ", " + stated_calendar_date()
_LISTED = document_columns_sql(LISTED_DOCUMENT_COLUMNS) + ", " + stated_calendar_date()


# The columns a row needs to cite its document (records.citation); cite_row takes them out again.
_CITE = "source_key, file"


def cite_row(row: Row, prefix: str = "") -> Citation:
    """The citation of the document ``row`` names by ``{prefix}path``, ``{prefix}url``,
    ``{prefix}source_key`` and ``{prefix}file``: the key and file (internal, absolute) are taken
    out of the row and ``{prefix}record`` put in (``id=…``, ``line N``, ``record N`` or None)."""
    cited = citation(
        row.get(f"{prefix}path") or "", row.pop(f"{prefix}source_key", None), row.get(f"{prefix}url"),
        row.pop(f"{prefix}file", None),
    )
    row[f"{prefix}record"] = cited.record
    return cited


def citations(store: Store, ids: Sequence[str] | None = None) -> dict[str, Citation]:
    """Document id → citation (path, record, url), of the documents ``ids`` or of all."""
    where, params = ("WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]) if ids is not None else ("", [])
    rows = store.query(f"SELECT id, path, url, {_CITE} FROM documents {where}", params)  # noqa: S608 - fixed text
    return {r["id"]: cite_row(r) for r in rows}


def _cited(rows: list[Row], prefix: str = "") -> list[Row]:
    for row in rows:
        cite_row(row, prefix)
    return rows


def _page_sql(limit: int | None, offset: int) -> tuple[str, list[Any]]:
    return ("", []) if limit is None else (" LIMIT ? OFFSET ?", [limit, offset])


# ---------------------------------------------------------------------------------- documents


def exported_documents(store: Store, with_text: bool = True) -> list[Row]:
    """Every document with the exported columns (``extra`` still JSON text), in stored order."""
    return _cited(store.query(_exported_documents_sql(with_text, cite=True)))


def _exported_documents_sql(with_text: bool, cite: bool = False) -> str:
    columns = [c for c in EXPORTED_DOCUMENT_COLUMNS if with_text or c != "text"]
    more = f", {_CITE}" if cite else ""
    return f"SELECT {document_columns_sql(columns)}{more} FROM documents ORDER BY seq"  # noqa: S608 - fixed names


def search_documents(
    store: Store, q: str | None, limit: int, offset: int, language: str | None = None, mixed: bool = False
) -> tuple[list[Row], int]:
    """Documents newest first (undated last), each with how many passages it shares, and how
    many there are; ``q`` searches title, outlet, author, path and text for a substring;
    ``language`` keeps the documents written wholly or partly in one language (its code:
    ``fa`` also keeps an English text holding a Persian passage; ``und``: not told);
    ``mixed`` keeps those written in two languages or more."""
    clauses, params = [], []
    if q and q.strip():
        pattern = _like(q.strip())
        clauses.append(
            "(title ILIKE ? ESCAPE '\\' OR outlet ILIKE ? ESCAPE '\\' OR author ILIKE ? ESCAPE '\\' "
            "OR path ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')"
        )
        params = [pattern] * 5
    if language and language.strip():
        clauses.append("(language = ? OR list_contains(string_split(languages, ','), ?))")
        params += [language.strip()] * 2
    if mixed:
        clauses.append("contains(languages, ',')")
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    total = store.query(f"SELECT count(*) AS n FROM documents {where}", params)[0]["n"]  # noqa: S608
    # the page first, then its passages: counting them for every document (one OR per row)
    # took 0.5 s on 10k documents, the page's 50 alone take milliseconds
    rows = store.query(
        f"WITH page AS (SELECT {_LISTED}, {_CITE}, published AS _published, seq AS _seq "  # noqa: S608 - fixed columns
        f"FROM documents d {where} ORDER BY published DESC NULLS LAST, seq LIMIT ? OFFSET ?) "
        "SELECT page.* EXCLUDE (_published, _seq), "
        "(SELECT count(*) FROM alignments a WHERE a.source_doc = page.id) "
        "+ (SELECT count(*) FROM alignments a WHERE a.target_doc = page.id AND a.source_doc <> page.id) AS passages "
        "FROM page ORDER BY _published DESC NULLS LAST, _seq",
        [*params, limit, offset],
    )
    return _cited(rows), int(total)


def _like(q: str) -> str:
    """A substring pattern for ILIKE with the wildcard characters of ``q`` taken literally."""
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def document_with_text(store: Store, doc_id: str) -> Row | None:
    """One document's listed columns and its text."""
    rows = store.query(f"SELECT {_LISTED}, {_CITE}, text, {_captured()} FROM documents WHERE id = ?", [doc_id])  # noqa: S608
    return _cited(rows)[0] if rows else None


def documents_with_text(store: Store, ids: Sequence[str]) -> dict[str, Row]:
    """Several documents as :func:`document_with_text` gives each, by id, in one query."""
    rows = store.query(
        f"SELECT {_LISTED}, {_CITE}, text, {_captured()} FROM documents WHERE id IN ({', '.join('?' * len(ids))})",  # noqa: S608
        list(ids),
    ) if ids else []
    return {row["id"]: row for row in _cited(rows)}


def member_document_cards(store: Store) -> list[Row]:
    """The cards of every document that belongs to a narrative."""
    return _cited(store.query(f"SELECT {_CARDS}, {_CITE} FROM documents WHERE id IN (SELECT doc FROM narrative_members)"))  # noqa: S608


def document_languages(store: Store, ids: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
    """Each of ``ids``' main language and every language it is written in (``languages``)."""
    rows = store.con.execute(
        "SELECT id, language, languages FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]
    ).fetchall()
    return {doc: (language, languages) for doc, language, languages in rows}


def document_cards(store: Store, ids: Sequence[str]) -> list[Row]:
    """The cards of the documents ``ids``."""
    return _cited(store.query(
        f"SELECT {_CARDS}, {_CITE} FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))",  # noqa: S608
        [list(ids)],
    ))


def newest_document_id(store: Store, path: str) -> str | None:
    """The id of the document stored last from ``path`` (else of the one stored last at all)."""
    rows = store.query(
        "SELECT id FROM documents WHERE file = ? OR path = ? ORDER BY seq DESC LIMIT 1", [path, path]
    )
    if not rows:
        rows = store.query("SELECT id FROM documents ORDER BY seq DESC LIMIT 1")
    return str(rows[0]["id"]) if rows else None


# ---------------------------------------------------------------------------------- narratives


def ranked_narratives(store: Store, limit: int | None = None, offset: int = 0) -> list[Row]:
    """Narratives by spread (:data:`NARRATIVE_RANK`), all or one page, each with the title
    (else its citation) of its first earliest document as ``earliest_title``."""
    page, params = _page_sql(limit, offset)
    rows = store.query(
        "SELECT * FROM (SELECT n.*, d.title AS earliest_title, d.path AS earliest_path, "  # noqa: S608 - fixed text
        "  d.url AS earliest_url, d.source_key AS earliest_source_key, d.file AS earliest_file "
        "  FROM narratives n LEFT JOIN documents d ON d.id = split_part(n.earliest, ',', 1)) "
        f"ORDER BY {NARRATIVE_RANK}{page}",
        params,
    )
    for row in rows:  # the title, else the citation: never a path several records share
        cited = cite_row(row, "earliest_")
        if not row["earliest_title"] and row["earliest_path"]:
            row["earliest_title"] = str(cited)
        for key in ("earliest_path", "earliest_url", "earliest_record"):
            del row[key]
    return rows


def confidence_counts(store: Store) -> list[Row]:
    """How many narratives name their earliest member with each confidence (``level``, ``n``),
    surest first."""
    return store.query(
        "SELECT coalesce(confidence, 'unknown') AS level, count(*) AS n FROM narratives GROUP BY 1 "
        "ORDER BY CASE level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END"
    )


def narrative_count(store: Store) -> int:
    return int(store.query("SELECT count(*) AS n FROM narratives")[0]["n"])


def narrative_by_id(store: Store, narrative_id: str) -> Row | None:
    rows = store.query("SELECT * FROM narratives WHERE id = ?", [narrative_id])
    return rows[0] if rows else None


def narrative_members(store: Store, narrative: str | Sequence[str] | None = None) -> list[Row]:
    """Members of every narrative (or of one, or of several) with their document's card
    columns, in :data:`MEMBER_ORDER`."""
    if isinstance(narrative, str):
        where, params = "WHERE m.narrative = ? ", [narrative]
    elif narrative is not None:
        where, params = "WHERE m.narrative IN (SELECT unnest(?::VARCHAR[])) ", [list(narrative)]
    else:
        where, params = "", []
    return _cited(store.query(
        'SELECT m.narrative, m.doc, m.start, m."end", d.path, d.title, d.outlet, d.author, '  # noqa: S608
        f"d.published, d.date_source, d.url, d.source_key, d.file, {_captured('d')}, {stated_calendar_date('d')} "
        f"FROM narrative_members m JOIN documents d ON d.id = m.doc {where}ORDER BY {MEMBER_ORDER}",
        params,
    ))


# ---------------------------------------------------------------------------------- alignments


def alignments_with_paths(store: Store, with_text: bool = False, held_out: bool = False) -> list[Row]:
    """Every alignment with both documents' paths, records and urls (``source_path``,
    ``source_record``, ``source_url``, ``target_…``), in :data:`ALIGNMENT_ORDER`; with
    ``with_text``, each side's passage text too (``source_text``, ``target_text``); with
    ``held_out``, the passages held out as outlets' boilerplate instead (in no narrative)."""
    if held_out and not _has_held_out_table(store):
        return []  # a store made before passages were held out
    texts = (
        ", substr(s.text, a.source_start + 1, a.source_end - a.source_start) AS source_text, "
        "substr(t.text, a.target_start + 1, a.target_end - a.target_start) AS target_text"
        if with_text else ""
    )
    rows = store.query(
        f"SELECT {_ALIGNMENT_COLUMNS}{texts}, s.path AS source_path, t.path AS target_path, "  # noqa: S608
        "s.url AS source_url, s.source_key AS source_source_key, s.file AS source_file, "
        "t.url AS target_url, t.source_key AS target_source_key, t.file AS target_file FROM "
        + ("(SELECT *, NULL::VARCHAR AS narrative FROM boilerplate_alignments)" if held_out else "alignments")
        + " a JOIN documents s ON s.id = a.source_doc JOIN documents t ON t.id = a.target_doc "
        f"ORDER BY {ALIGNMENT_ORDER}"
    )
    for row in rows:
        cite_row(row, "source_")
        cite_row(row, "target_")
    return rows


def alignment_page(
    store: Store, limit: int, offset: int, narrative: str | None = None, doc: str | None = None
) -> tuple[list[Row], int]:
    """One page of alignments in :data:`ALIGNMENT_ORDER`, optionally of one narrative or
    one document, and how many there are."""
    clauses, params = [], []
    if narrative:
        clauses.append("narrative = ?")
        params.append(narrative)
    if doc:
        clauses.append("(source_doc = ? OR target_doc = ?)")
        params += [doc, doc]
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    total = store.query(f"SELECT count(*) AS n FROM alignments {where}", params)[0]["n"]  # noqa: S608
    rows = store.query(
        f"SELECT {_ALIGNMENT_COLUMNS} FROM alignments a {where} "  # noqa: S608 - clauses are fixed text
        f"ORDER BY {ALIGNMENT_ORDER} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return rows, int(total)


def alignment_at(store: Store, source_doc: str, source_start: int, target_doc: str, target_start: int) -> Row | None:
    """The alignment of these two documents starting at these offsets (there is one at most)."""
    rows = store.query(
        f"SELECT {_ALIGNMENT_COLUMNS} FROM alignments a WHERE source_doc = ? AND source_start = ? "  # noqa: S608
        "AND target_doc = ? AND target_start = ? LIMIT 1",
        [source_doc, source_start, target_doc, target_start],
    )
    return rows[0] if rows else None


def document_alignments(store: Store, doc_id: str) -> list[Row]:
    """Every alignment ``doc_id`` takes part in, in the order of its own side's start, with the
    other document's id, title, outlet, date, path and url (``other_...``)."""
    return _cited(store.query(
        f"SELECT {_ALIGNMENT_COLUMNS}, o.id AS other_id, o.title AS other_title, "  # noqa: S608
        "o.outlet AS other_outlet, o.published AS other_published, o.date_source AS other_date_source, "
        "o.path AS other_path, o.url AS other_url, "
        f"o.source_key AS other_source_key, o.file AS other_file, {stated_calendar_date('o', 'other_')} "
        "FROM alignments a JOIN documents o ON o.id = CASE WHEN a.source_doc = ? THEN a.target_doc ELSE a.source_doc END "
        "WHERE a.source_doc = ? OR a.target_doc = ? "
        "ORDER BY CASE WHEN a.source_doc = ? THEN a.source_start ELSE a.target_start END, "
        "a.source_doc, a.source_start, a.target_doc, a.target_start",  # ties in one order: pages stay stable
        [doc_id, doc_id, doc_id, doc_id],
    ), "other_")


def strongest_pairs(store: Store, narrative_ids: Sequence[str], per: int) -> list[Row]:
    """The alignments of the ``per`` document pairs of each narrative that share the most
    words, each with its pair's rank ``rn`` and its narrative's number of pairs ``total``."""
    return store.query(
        "WITH ranked AS (SELECT narrative, source_doc, target_doc, sum(matched_words) AS words, "  # noqa: S608
        "  count(*) OVER (PARTITION BY narrative) AS total, "
        "  row_number() OVER (PARTITION BY narrative ORDER BY sum(matched_words) DESC, "
        "    source_doc, target_doc) AS rn "
        "  FROM alignments WHERE narrative IN (SELECT unnest(?::VARCHAR[])) "
        "  GROUP BY narrative, source_doc, target_doc) "
        f"SELECT {_ALIGNMENT_COLUMNS}, r.rn, r.total FROM alignments a "
        "JOIN ranked r USING (narrative, source_doc, target_doc) "
        "WHERE r.rn <= ? ORDER BY a.narrative, r.rn, a.source_start",
        [list(narrative_ids), per],
    )


# ---------------------------------------------------------------------------------- the corpus


def corpus_figures(store: Store) -> Row:
    """Documents, duplicates, outlets, characters of originals, dates, and the counts of
    alignments, narratives, failed inputs and inputs kept with a note (``Store.counts``)."""
    docs = store.query(
        "SELECT count(*) AS documents, count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS duplicates, "
        "count(DISTINCT outlet) AS outlets, count(*) FILTER (WHERE outlet IS NULL) AS no_outlet, "
        "coalesce(sum(chars) FILTER (WHERE duplicate_of IS NULL), 0) AS chars, "
        "min(published) AS first_date, max(published) AS last_date, "
        "count(*) FILTER (WHERE published IS NULL) AS undated FROM documents"
    )[0]
    counts = store.counts()
    return {**docs, **{k: counts[k] for k in ("alignments", "narratives", "errors", "notes")}, "boilerplate": _held_out(store)}


def _held_out(store: Store) -> int:
    """Passages held out as an outlet's boilerplate (none in a store made before the table)."""
    if not _has_held_out_table(store):
        return 0
    return int(store.query("SELECT count(*) AS n FROM boilerplate_alignments")[0]["n"])


def _has_held_out_table(store: Store) -> bool:
    return bool(store.query("SELECT 1 AS x FROM information_schema.tables WHERE table_name = 'boilerplate_alignments'"))


def documents_by_date_source(store: Store) -> list[Row]:
    """How many documents took their date from each source (``date_source``, ``n``), most first."""
    return store.query("SELECT date_source, count(*) AS n FROM documents GROUP BY date_source ORDER BY n DESC")


def reused_chars(store: Store) -> int:
    """Characters inside at least one aligned passage, over all documents (overlaps once)."""
    rows = store.query(
        "WITH spans AS ("
        "  SELECT source_doc AS doc, source_start AS s, source_end AS e FROM alignments "
        "  UNION ALL SELECT target_doc, target_start, target_end FROM alignments), "
        "ordered AS (SELECT s, e, max(e) OVER (PARTITION BY doc ORDER BY s, e "
        "  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev FROM spans) "
        "SELECT coalesce(sum(greatest(0, e - greatest(s, coalesce(prev, s)))), 0) AS n FROM ordered"
    )
    return int(rows[0]["n"] or 0) if rows else 0


def error_rows(store: Store, limit: int) -> list[Row]:
    """The first ``limit`` failed inputs by path and line (``path``, ``line``, ``reason``), then
    the inputs kept with a note (their reason starts with "kept")."""
    return store.query(
        "SELECT path, line, reason FROM errors ORDER BY reason LIKE 'kept%', path, line NULLS FIRST LIMIT ?", [limit]
    )


# ---------------------------------------------------------------------------------- table copies


def narrative_table(store: Store) -> list[tuple[Any, ...]]:
    """The narratives table as stored (for a copy of the store in another database)."""
    return store.con.execute(
        "SELECT id, earliest, earliest_status, confidence, documents, outlets, first_date, "
        "last_date, undated, confidence_reason FROM narratives"
    ).fetchall()


def member_table(store: Store) -> list[tuple[Any, ...]]:
    """The narrative_members table as stored: narrative, doc, start, end."""
    return store.con.execute('SELECT narrative, doc, start, "end" FROM narrative_members').fetchall()


def alignments_with_text(store: Store) -> list[tuple[Any, ...]]:
    """Every alignment (stored columns, ``ordered`` as source_is_earlier) followed by the text
    of its source passage and of its target passage, by narrative (none last) and source."""
    return store.con.execute(
        "SELECT a.source_doc, a.source_start, a.source_end, a.target_doc, a.target_start, "
        "a.target_end, a.kind, a.score, a.matched_words, a.ordered AS source_is_earlier, a.narrative, "
        "substr(s.text, a.source_start + 1, a.source_end - a.source_start), "
        "substr(t.text, a.target_start + 1, a.target_end - a.target_start) "
        "FROM alignments a JOIN documents s ON s.id = a.source_doc "
        "JOIN documents t ON t.id = a.target_doc "
        "ORDER BY a.narrative NULLS LAST, a.source_doc, a.source_start"
    ).fetchall()


def error_table(store: Store) -> list[tuple[Any, ...]]:
    """The errors table: path, line, reason and when it was recorded (as text)."""
    return store.con.execute("SELECT path, line, reason, CAST(recorded_at AS VARCHAR) FROM errors").fetchall()


def exported_document_table(store: Store) -> list[tuple[Any, ...]]:
    """Every document's exported columns (:data:`EXPORTED_DOCUMENT_COLUMNS`) as tuples, in stored order."""
    return store.con.execute(_exported_documents_sql(with_text=True)).fetchall()


# ---------------------------------------------------------------------------------- evidence


def evidence_documents(store: Store, ids: Sequence[str]) -> list[Row]:
    """Every stored column of the documents ``ids`` (text, source key and input file included),
    in stored order: an evidence pack cites and hashes exactly what is stored."""
    return store.query(
        "SELECT * FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY seq", [list(ids)]
    )


def alignments_of(store: Store, narrative: str | None = None, doc: str | None = None) -> list[Row]:
    """Every alignment of one narrative and/or one document (all of them, unpaged), in
    :data:`ALIGNMENT_ORDER`."""
    clauses, params = [], []
    if narrative is not None:
        clauses.append("a.narrative = ?")
        params.append(narrative)
    if doc is not None:
        clauses.append("(a.source_doc = ? OR a.target_doc = ?)")
        params += [doc, doc]
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return store.query(
        f"SELECT {_ALIGNMENT_COLUMNS} FROM alignments a {where} ORDER BY {ALIGNMENT_ORDER}",  # noqa: S608 - fixed text
        params,
    )


def document_narratives(store: Store, doc_id: str) -> list[Row]:
    """The narratives ``doc_id`` is a member of (every stored column), by spread."""
    return store.query(
        "SELECT * FROM narratives WHERE id IN (SELECT narrative FROM narrative_members WHERE doc = ?) "  # noqa: S608
        f"ORDER BY {NARRATIVE_RANK}",
        [doc_id],
    )


def scanned_files(store: Store, paths: Sequence[str]) -> list[Row]:
    """The ``files`` rows (path, size, mtime_ns, when scanned) of the input files ``paths``."""
    return store.query(
        "SELECT path, size, mtime_ns, CAST(scanned_at AS VARCHAR) AS scanned_at FROM files "
        "WHERE path IN (SELECT unnest(?::VARCHAR[]))",
        [list(paths)],
    )


def meta_values(store: Store) -> dict[str, str]:
    """The store's ``meta`` table (settings fingerprints, schema version, ...) by key."""
    return {r["key"]: r["value"] for r in store.query("SELECT key, value FROM meta ORDER BY key")}
