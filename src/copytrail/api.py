"""The library API: what the command line does, callable from Python.

    >>> import copytrail
    >>> with copytrail.open_store("news.duckdb") as store:
    ...     result = copytrail.scan(["corpus/"], store)
    ...     matches = copytrail.check_text(store, "Text of a new article ...")
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from copytrail.engines import vocabulary
from copytrail.engines.fetching import FetchResult
from copytrail.engines.housekeeping import ForgetResult, forget, set_corpus_root
from copytrail.engines.local import Progress, ScanResult, scan
from copytrail.engines.pool import process_pool, worker_count
from copytrail.engines.recorded import as_last_scanned
from copytrail.errors import InputError, UsageError
from copytrail.records import Citation, Document, InputProblem, date_precision, record_of
from copytrail.settings import ScanSettings, SemanticSettings
from copytrail.stages import ingest
from copytrail.stages.align import (
    AlignSettings,
    ParaphraseFinder,
    Passage,
    Prepared,
    align_prepared,
    align_texts,
    prepare,
)
from copytrail.stages.align.pairs import align_pair_texts
from copytrail.stages.fetch import FetchSettings
from copytrail.stages.sketch import WordHasher, text_keys
from copytrail.store import Store
from copytrail.store.queries import stated_calendar_date

__all__ = [
    "CheckMatch",
    "CheckResult",
    "Comparison",
    "FetchResult",
    "FetchSettings",
    "ForgetResult",
    "ScanResult",
    "check_file",
    "check_records",
    "check_text",
    "compare_files",
    "compare_records",
    "compare_texts",
    "fetch",
    "forget",
    "pan_detect",
    "read_document",
    "read_documents",
    "scan",
    "set_corpus_root",
]


@dataclass(frozen=True, slots=True)
class CheckMatch:
    """A stored document that the checked text reuses, and the passages it shares."""

    doc: str
    path: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    passages: list[Passage]  # a_* spans in the stored document, b_* in the checked text
    record: str | None = None  # the record inside its file (``id=…``, ``line N``, ``record N``)
    date_source: str = "none"  # where ``published`` came from: metadata, url, warc, file, or none
    # a date converted from another calendar as its input stated it, and that calendar
    published_raw: str | None = None
    published_calendar: str | None = None

    @property
    def date_precision(self) -> str | None:
        """How precise ``published`` is: day, minute or second (None when undated)."""
        return date_precision(self.published)

    @property
    def reused_chars(self) -> int:
        return sum(p.b_end - p.b_start for p in self.passages)

    @property
    def citation(self) -> Citation:
        """How to cite the stored document: ``path#id=…``, its URL, or its path."""
        return Citation(self.path, self.record, self.url)


@dataclass(slots=True)
class CheckResult:
    text: str
    matches: list[CheckMatch] = field(default_factory=list)
    candidates: int = 0
    added: bool = False
    checked: Citation | None = None  # what was checked (file, record, url), when it was a file
    boilerplate: int = 0  # passages left out: they only carry an outlet's boilerplate

    def as_dict(self, stored_texts: dict[str, str] | None = None) -> dict[str, Any]:
        """The JSON shape the CLI (``check --format json``) and the web API both return.

        With ``stored_texts`` (document id → text) each passage also carries its text.
        """

        def side(start: int, end: int, text: str | None) -> dict[str, Any]:
            out: dict[str, Any] = {"start": start, "end": end}
            if text is not None:
                out["text"] = text[start:end]
            return out

        return {
            "reused_share": round(self.reused_share, 4),
            "candidates": self.candidates,
            "added": self.added,
            "outlet_boilerplate_left_out": self.boilerplate,
            "matches": [
                {
                    "doc": m.doc,
                    "path": m.path,
                    "title": m.title,
                    "outlet": m.outlet,
                    "published": m.published,
                    "date_source": m.date_source,
                    "date_precision": m.date_precision,
                    "published_raw": m.published_raw,
                    "published_calendar": m.published_calendar,
                    "url": m.url,
                    "record": m.record,
                    "cite": str(m.citation),
                    "reused_chars": m.reused_chars,
                    "passages": [
                        {
                            "stored": side(p.a_start, p.a_end, None if stored_texts is None else stored_texts.get(m.doc, "")),
                            "checked": side(p.b_start, p.b_end, None if stored_texts is None else self.text),
                            "kind": p.kind,
                            "score": p.score,
                        }
                        for p in m.passages
                    ],
                }
                for m in self.matches
            ],
        }

    @property
    def reused_share(self) -> float:
        """Share of the checked text's characters found in at least one stored document."""
        spans = sorted((p.b_start, p.b_end) for m in self.matches for p in m.passages)
        covered, end = 0, -1
        for start, stop in spans:
            if stop > end:
                covered += stop - max(start, end)
                end = stop
        return covered / len(self.text) if self.text else 0.0


def read_document(path: str | os.PathLike[str], *, record: str | None = None) -> Document:
    """The document of a file (with ``record``, that record of a JSONL or WARC file: see
    :func:`read_documents`), or an ``InputError`` saying why there is none.  A file of several
    records without ``record`` is a ``UsageError`` naming them: the first is never taken silently."""
    docs = read_documents(path, record=record)
    if len(docs) > 1:
        raise UsageError(
            f"{path}: holds {len(docs)} records ({record_list(docs)}); name one "
            "(--record, or record= in Python) or read them all (read_documents)"
        )
    return docs[0]


def read_documents(path: str | os.PathLike[str], *, record: str | None = None) -> list[Document]:
    """Every document of a file in file order: one for a text, Markdown or HTML file, one per
    record of a JSONL or WARC file (each names its record: ``Document.record``, ``.citation``).

    ``record`` picks one: a JSONL record's id (``abc`` or ``id=abc``), ``line N`` for a JSONL
    line, ``record N`` for the N-th HTML response of a WARC file, or a bare ``N`` for either.
    An ``InputError`` says why there is none, or which record of the file is damaged.
    """
    target = Path(path)
    if not target.exists():
        raise InputError(str(path), "no such file or directory")
    docs: list[Document] = []
    for item in ingest.read_file(target, str(path)):
        if isinstance(item, InputProblem):
            raise InputError(item.path, item.reason, item.line)
        docs.append(item)
    if not docs:
        raise InputError(str(path), "no document found")
    if record is None:
        return docs
    for matches in (_names_record, _numbers_record):  # an id that is a number wins over a line number
        chosen = [d for d in docs if matches(d.record, record.strip())]
        if chosen:
            return chosen[:1]
    raise InputError(str(path), f"no record {record!r} in this file (it holds {record_list(docs)})")


def _names_record(label: str | None, wanted: str) -> bool:
    if label is None:
        return False
    return wanted in (label, label.replace(" ", "=", 1)) or label == f"id={wanted}"


def _numbers_record(label: str | None, wanted: str) -> bool:
    return label is not None and wanted.isdigit() and label in (f"line {int(wanted)}", f"record {int(wanted)}")


def record_list(docs: list[Document], show: int = 6) -> str:
    """The records of a file's documents in words: ``id=a, line 3, … (12 in all)``."""
    labels = [d.record or "the whole file" for d in docs]
    more = f", … ({len(labels)} in all)" if len(labels) > show else ""
    return ", ".join(labels[:show]) + more


def check_text(store: Store, text: str, settings: ScanSettings | None = None) -> CheckResult:
    """Which stored documents ``text`` reuses, and where; the store is not changed.  With
    ``settings.crosslingual.enabled`` also those of other languages it translates from."""
    settings = settings or ScanSettings()
    result = _check_lexical(store, text, settings)
    if settings.crosslingual.enabled:
        _add_translations(store, result, settings)
    if settings.semantic.enabled:
        _add_rewrites(store, result, settings)
    _without_outlet_boilerplate(store, result, settings.outlet_boilerplate)
    return result


def _without_outlet_boilerplate(store: Store, result: CheckResult, min_documents: int) -> None:
    """The checked text's passages that only carry an outlet's boilerplate (a footer the
    outlet prints in ``min_documents`` of its stored documents) left out, but one to the
    earliest document printing it, as a scan links such a text (``stages.boilerplate``)."""
    from copytrail.stages.boilerplate import boilerplate_among
    from copytrail.store.boilerplate import passages_among

    if min_documents < 3 or len(result.matches) < min_documents:
        return
    stored, docs = passages_among(store, sorted(m.doc for m in result.matches))
    checked = [(m, p) for m in result.matches for p in m.passages]
    pairs = [tuple(s[:6]) for s in stored] + [(_CHECKED, p.b_start, p.b_end, m.doc, p.a_start, p.a_end) for m, p in checked]
    scores = [float(s[6] or 0.0) for s in stored] + [p.score for _m, p in checked]
    found = boilerplate_among(pairs, [*docs, (_CHECKED, None, None, len(result.text))], min_documents, scores)  # type: ignore[arg-type]
    left_out = {id(checked[k - len(stored)][1]) for k in found if k >= len(stored)}
    kept = [replace(m, passages=[p for p in m.passages if id(p) not in left_out]) for m in result.matches]
    result.matches = [m for m in kept if m.passages]
    result.boilerplate = len(left_out)


_CHECKED = "\x00checked"  # the checked text among stored document ids (none starts with NUL)


_CHECK_COLUMNS = f"id, path, title, outlet, published, url, text, source_key, file, date_source, {stated_calendar_date()}"


def _add_rewrites(store: Store, result: CheckResult, settings: ScanSettings) -> None:
    """The stored documents the checked text rewrites (``engines.rewrites``) added to its
    matches, where the multilingual encoder is installed, by the rule a scan and ``compare``
    follow (``engines.rewrites.merge_into_matches``)."""
    from copytrail.engines.rewrites import check_rewritten, merge_into_matches
    from copytrail.stages.crosslingual import encoder_available

    if not encoder_available():
        return
    found = check_rewritten(store, result.text, settings.crosslingual, settings.semantic.device)
    _add_matches(store, result, merge_into_matches(result.matches, found))


def _add_translations(store: Store, result: CheckResult, settings: ScanSettings) -> None:
    """The checked text's translated passages (``engines.crosslingual``) added to its matches."""
    from copytrail.engines.crosslingual import check_translated

    _add_matches(store, result, check_translated(store, result.text, settings.crosslingual))


def _add_matches(store: Store, result: CheckResult, found: dict[str, list[tuple]]) -> None:  # type: ignore[type-arg]
    """Passages of stored documents (``(stored start, stored end, text start, text end, …)``)
    added to the checked text's matches, a document's to its match where it has one."""
    if not found:
        return
    by_doc = {m.doc: m for m in result.matches}
    docs = store.query(f"SELECT {_CHECK_COLUMNS} FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [sorted(found)])  # noqa: S608 - fixed columns
    for doc in docs:
        passages = [Passage(*p) for p in found[doc["id"]]]
        if doc["id"] in by_doc:
            by_doc[doc["id"]].passages.extend(passages)
            by_doc[doc["id"]].passages.sort(key=lambda q: (q.b_start, q.a_start))
            continue
        record = record_of(doc["source_key"], doc["file"])
        result.matches.append(
            CheckMatch(
                doc["id"], doc["path"], doc["title"], doc["outlet"], doc["published"], doc["url"],
                passages, record, doc["date_source"] or "none", doc["published_raw"], doc["published_calendar"],
            )  # fmt: skip
        )
    result.matches.sort(key=lambda m: (-m.reused_chars, m.published or "9999", m.path, m.record or ""))


def _check_lexical(store: Store, text: str, settings: ScanSettings) -> CheckResult:
    """The stored documents that share band keys with ``text``, aligned with it."""
    result = CheckResult(text)
    keys = text_keys([text], WordHasher(), settings.sketch)[1][0]
    if not len(keys):
        return result
    settings = vocabulary.for_check(store, settings)  # the common stems the scan aligned with
    hits = store.key_hits(keys, settings.candidates.max_bucket)
    result.candidates = len(hits)
    if not hits:
        return result
    docs = store.query(
        f"SELECT {_CHECK_COLUMNS} FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))",  # noqa: S608 - fixed columns
        [[doc for doc, _ in hits]],
    )
    for doc in docs:
        passages = [
            Passage(*p)
            for p in align_pair_texts(doc["id"], doc["text"], "__checked__", text, settings.align)
        ]
        if passages:
            record = record_of(doc["source_key"], doc["file"])
            result.matches.append(
                CheckMatch(
                    doc["id"], doc["path"], doc["title"], doc["outlet"], doc["published"], doc["url"],
                    passages, record, doc["date_source"] or "none", doc["published_raw"], doc["published_calendar"],
                )  # fmt: skip
            )
    result.matches.sort(key=lambda m: (-m.reused_chars, m.published or "9999", m.path, m.record or ""))
    return result


def check_file(
    store: Store,
    path: str | os.PathLike[str],
    settings: ScanSettings | None = None,
    *,
    add: bool = False,
    progress: Progress | None = None,
    record: str | None = None,
) -> CheckResult:
    """``check_text`` on a file's text (with ``record``, on that record of a JSONL or WARC
    file; a file of several records needs one, or :func:`check_records`); with ``add`` the
    file is then scanned into the store, with the layers of the store's last scan
    (``engines.recorded.as_last_scanned``: other layers would realign the whole store)."""
    doc = read_document(path, record=record)
    result = check_text(store, doc.text, settings)
    result.checked = doc.citation
    if add:
        scan([path], store, as_last_scanned(store, settings), progress)
        result.added = True
    return result


def check_records(
    store: Store,
    path: str | os.PathLike[str],
    settings: ScanSettings | None = None,
    *,
    add: bool = False,
    progress: Progress | None = None,
) -> list[CheckResult]:
    """:func:`check_text` on every document of a file, one result each in file order, each
    naming what it checked (``CheckResult.checked``: the file, the record, its URL); with
    ``add`` the file is then scanned into the store."""
    results = []
    for doc in read_documents(path):
        result = check_text(store, doc.text, settings)
        result.checked = doc.citation
        results.append(result)
    if add:
        scan([path], store, as_last_scanned(store, settings), progress)
        for result in results:
            result.added = True
    return results


@dataclass(frozen=True, slots=True)
class Comparison:
    a: Document
    b: Document
    passages: list[Passage]
    languages: tuple[str, str] = ("", "")
    notes: tuple[str, ...] = ()


def compare_texts(a_text: str, b_text: str, settings: AlignSettings | None = None) -> list[Passage]:
    return align_texts(a_text, b_text, settings)


def pair_paraphrases(a: Prepared, b: Prepared, semantic: SemanticSettings) -> ParaphraseFinder:
    """The semantic layer's view of one pair, for alignment to ask (loads torch on first use)."""
    from copytrail.stages.semantic import DocumentVectors, PairParaphrases, sentence_texts

    return PairParaphrases(
        DocumentVectors(sentence_texts(a.text, a.seg), semantic),
        DocumentVectors(sentence_texts(b.text, b.seg), semantic),
    )


def compare_files(
    a: str | os.PathLike[str],
    b: str | os.PathLike[str],
    settings: ScanSettings | None = None,
    *,
    a_record: str | None = None,
    b_record: str | None = None,
) -> Comparison:
    """Align two files directly, no database involved; with ``settings.semantic.enabled``
    reworded passages are found too, and languages the model does not cover are noted.

    A JSONL or WARC file of several records needs the one to compare (``a_record``,
    ``b_record``: see :func:`read_documents`), or :func:`compare_records` for every pair."""
    return compare_documents(read_document(a, record=a_record), read_document(b, record=b_record), settings)


def compare_records(
    a: str | os.PathLike[str],
    b: str | os.PathLike[str],
    settings: ScanSettings | None = None,
    *,
    a_record: str | None = None,
    b_record: str | None = None,
) -> list[Comparison]:
    """:func:`compare_documents` on every pair of a record of ``a`` and a record of ``b``
    (only those named by ``a_record``/``b_record``), one comparison each; two records of one
    file are compared once, a record never with itself (a whole file is, when named twice)."""
    docs_a, docs_b = read_documents(a, record=a_record), read_documents(b, record=b_record)
    done: set[tuple[str, str]] = set()
    out = []
    for doc_a in docs_a:
        for doc_b in docs_b:
            if doc_a.record is not None and (doc_a.id == doc_b.id or (doc_b.id, doc_a.id) in done):
                continue
            done.add((doc_a.id, doc_b.id))
            out.append(compare_documents(doc_a, doc_b, settings))
    return out


def compare_documents(doc_a: Document, doc_b: Document, settings: ScanSettings | None = None) -> Comparison:
    """Align two documents already read (:func:`read_documents`); see :func:`compare_files`."""
    settings = settings or ScanSettings()
    run = settings.align.seed_run_words
    pa, pb = prepare(doc_a.text, run), prepare(doc_b.text, run)
    notes: list[str] = []
    languages = ("", "")
    finder = None
    if settings.semantic.enabled:
        from copytrail.stages.semantic import detect_language, model_covers

        languages = (detect_language(doc_a.text), detect_language(doc_b.text))
        for doc, language in zip((doc_a, doc_b), languages, strict=True):
            if not model_covers(language):
                notes.append(f"{doc.citation}: language '{language}' is outside what the semantic model covers (English); " + _other_languages_note())
        if not pa.seg.sentences or not pb.seg.sentences:
            notes.append("a text has no sentences: nothing for the semantic model to compare")
        else:
            finder = pair_paraphrases(pa, pb, settings.semantic)
    passages = align_prepared(pa, pb, settings.align, finder)
    if settings.semantic.enabled:
        passages = _with_rewrites(doc_a.text, doc_b.text, passages, settings)
    if settings.crosslingual.enabled:
        from copytrail.engines.crosslingual import compare_translated

        translated, languages = compare_translated(doc_a.text, doc_b.text, settings.crosslingual)
        passages += [Passage(*p) for p in translated]
        if languages[0] == languages[1]:
            notes.append(f"both texts are in '{languages[0]}': no translation to look for (copies are found as always)")
    return Comparison(doc_a, doc_b, passages, languages, tuple(notes))


def _other_languages_note() -> str:
    from copytrail.stages.crosslingual import encoder_available

    return "its rewrites are judged by the multilingual model" if encoder_available() else "its paraphrases may be missed"


def _with_rewrites(a: str, b: str, found: list[Passage], settings: ScanSettings) -> list[Passage]:
    """``found`` with the passages two texts of one language share in other words, by the
    multilingual encoder where it is installed (``rewritten_passages``): one is added where it
    overlaps no passage found, or only paraphrases it holds whole on both sides (which it
    replaces: the English model's reading of another language is the weaker)."""
    from copytrail.stages.crosslingual import encoder_available, rewritten_passages
    from copytrail.stages.crosslingual.pair import merge_rewrites, passage_spans
    from copytrail.stages.language import detect_language

    if not encoder_available() or detect_language(a) != detect_language(b):
        return found
    replaced, added = merge_rewrites(passage_spans(found), rewritten_passages(a, b, settings.crosslingual))
    out = [q for k, q in enumerate(found) if k not in replaced] + [Passage(*p) for p in added]
    return sorted(out, key=lambda q: (q.a_start, q.b_start))


# ---------------------------------------------------------------------------------- PAN


def _pan_pair(job: tuple[str, str, AlignSettings, SemanticSettings | None]) -> list[tuple[int, int, int, int]]:
    """One PAN pair's detections: ``(this_offset, this_length, source_offset, source_length)``."""
    src_path, susp_path, settings, semantic = job
    src = prepare(Path(src_path).read_text(encoding="utf-8"), settings.seed_run_words)
    susp = prepare(Path(susp_path).read_text(encoding="utf-8"), settings.seed_run_words)
    finder = pair_paraphrases(src, susp, semantic) if semantic is not None else None
    return [
        (p.b_start, p.b_end - p.b_start, p.a_start, p.a_end - p.a_start)
        for p in align_prepared(src, susp, settings, finder)
    ]


def pan_detect(
    pairs_file: str | os.PathLike[str],
    src_dir: str | os.PathLike[str],
    susp_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    settings: ScanSettings | None = None,
    progress: Progress | None = None,
    cut_gaps: bool = False,
) -> int:
    """Write one PAN detection XML per pair; returns the number of detections.

    ``settings.align`` aligns each pair, on ``settings.workers`` processes (0: one per
    core); ``settings.semantic``, when enabled, adds reworded passages.  A detection is a
    PAN case: one stretch of each document, obfuscation included, and the evaluation counts
    a case reported in pieces as worse (granularity); so a passage is not cut where one side
    holds text the other has no counterpart for (``AlignSettings.gap_sentences`` and
    ``gap_chars`` 0), as a scan cuts it for a reader, unless ``cut_gaps``."""
    from copytrail.outputs.pan import read_pairs, write_detections

    settings = settings or ScanSettings()
    if not cut_gaps:
        settings = replace(settings, align=replace(settings.align, gap_sentences=0, gap_chars=0))
    pairs = read_pairs(pairs_file)
    if not pairs:
        raise UsageError(f"{pairs_file}: no pairs")
    for folder in (src_dir, susp_dir):
        if not Path(folder).is_dir():
            raise InputError(str(folder), "no such directory")
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    semantic = settings.semantic if settings.semantic.enabled else None
    paths = [(str(Path(src_dir) / src), str(Path(susp_dir) / susp)) for susp, src in pairs]
    settings = vocabulary.for_files([path for pair in paths for path in pair], settings)
    jobs = [(src, susp, settings.align, semantic) for src, susp in paths]
    workers = worker_count(settings.workers)
    total = 0

    def results() -> Iterator[list[tuple[int, int, int, int]]]:
        if workers == 1:
            yield from map(_pan_pair, jobs)
        else:
            with process_pool(workers) as pool:
                yield from pool.map(_pan_pair, jobs, chunksize=16)

    for done, ((susp, src), detections) in enumerate(zip(pairs, results(), strict=True), start=1):
        write_detections(out_dir, susp, src, detections)
        total += len(detections)
        if progress:
            progress("aligning pairs", done, len(pairs))
    return total


# ---------------------------------------------------------------------------------- fetch


def fetch(
    urls: Iterable[str],
    output: str | os.PathLike[str],
    settings: FetchSettings | None = None,
    *,
    sitemaps: Iterable[str] = (),
    feeds: Iterable[str] = (),
    resume: bool = False,
    store: Store | None = None,
    scan_settings: ScanSettings | None = None,
    progress: Progress | None = None,
    notice: Callable[[str], None] | None = None,
) -> FetchResult:
    """Fetch pages politely into the WARC file ``output`` (request, response and metadata
    records), with the article URLs that ``sitemaps`` and ``feeds`` list; with ``resume``,
    skip what ``output`` already holds and append the rest.

    With ``store`` the WARC file is then scanned into it (``result.scan``) and each URL that
    failed is recorded in its errors table.  The capture time dates a page only where the
    page states no date of its own, and is marked as such (``date_source`` ``warc``).
    ``notice`` receives lines the user should see at once (robots.txt ignored, a cut record).
    """
    from copytrail.engines.fetching import fetch_to_warc

    result = fetch_to_warc(
        list(urls), output, settings, sitemaps=list(sitemaps), feeds=list(feeds),
        resume=resume, progress=progress, notice=notice,
    )  # fmt: skip
    if store is not None:
        store.clear_errors_for([*result.fetched, *(p.url for p in result.failed)])
        store.add_errors(InputProblem(p.url, p.reason) for p in result.failed)
        result.scan = scan([output], store, scan_settings, progress)
    return result
