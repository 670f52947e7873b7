"""``copytrail scan``: read articles into the store and print what the scan found.

The summary tables are printed here; article text quoted in them goes through ``escape``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from copytrail.cli.common import (
    DEFAULT_DB,
    DateOrderOption,
    DbOption,
    DeviceOption,
    FileDatesOption,
    FollowLinksOption,
    OutletBoilerplateOption,
    QuietOption,
    crosslingual_option,
    errors_to_messages,
    open_store,
    progress_bars,
    safe,
    scan_settings,
    semantic_option,
    stderr,
    stdout,
)

if TYPE_CHECKING:  # pragma: no cover
    from rich.table import Table

    from copytrail.engines.local import ScanResult
    from copytrail.store import Store


def scan(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of .txt .md .html .jsonl .json .csv .tsv .parquet .warc .wet (.gz too).")],
    db: DbOption = DEFAULT_DB,
    strict: Annotated[bool, typer.Option(help="Stop at the first input that cannot be read.")] = False,
    workers: Annotated[int, typer.Option(help="Worker processes for preparing, aligning and claims (0 = one per core).")] = 0,
    min_words: Annotated[int | None, typer.Option(help="Shortest reused passage reported, in words, of any kind (default: 25, and 15 for a close copy, nearly word for word).")] = None,
    outlet_boilerplate: OutletBoilerplateOption = 3,
    quiet: QuietOption = False,
    batch_size: Annotated[int | None, typer.Option(min=1, hidden=True, help="Documents per transaction.")] = None,
    claims: Annotated[bool, typer.Option("--claims/--no-claims", help="Find figures and dates that copies changed.")] = True,
    semantic: Annotated[bool, semantic_option("Also pair articles close in meaning (sentence embeddings), to find paraphrased reuse.")] = False,
    crosslingual: Annotated[bool, crosslingual_option()] = False,
    device: DeviceOption = "cpu",
    file_dates: FileDatesOption = False,
    date_order: DateOrderOption = None,
    follow_links: FollowLinksOption = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every record passed over (a WARC's images, 404s, requests).")
    ] = False,
    root: Annotated[
        Path | None,
        typer.Option(help="Corpus root: paths are shown relative to it (remembered in the store; default absolute paths)."),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print what the scan did as one JSON object (counts, seconds by stage, peak memory) instead of the tables."),
    ] = False,
) -> None:
    """Read articles, find every passage reused between them, and group them into narratives.

    Incremental: unchanged files are skipped, new ones are compared against everything, a
    changed file replaces its old version, a moved or renamed file stays the same document.
    Exit status 1 when some inputs here could not be read (now, or by an earlier scan and
    unchanged since), with or without --strict; 2 on an error.
    """
    from copytrail.engines.local import scan as run_scan
    from copytrail.errors import InputError

    settings = scan_settings(
        workers=workers, strict=strict, min_words=min_words, batch_size=batch_size,
        claims=claims, semantic=semantic, device=device, file_dates=file_dates, follow_links=follow_links,
        crosslingual=crosslingual, date_order=date_order, outlet_boilerplate=outlet_boilerplate,
    )  # fmt: skip
    with errors_to_messages(), open_store(db) as store, progress_bars(quiet) as progress:
        if root is not None:
            from copytrail.engines.housekeeping import set_corpus_root

            set_corpus_root(store, root)
        try:
            result = run_scan(paths, store, settings, progress)
        except InputError as exc:  # --strict: an unreadable input is exit 1 with or without it
            if not strict:
                raise
            stderr.print(f"[yellow]stopped at[/] {safe(str(exc))} (--strict)")
            raise typer.Exit(1) from exc
        standing = _standing_errors(store, paths)
        counts, languages = _store_totals(store)
        tables = not (quiet or as_json)
        claims_view = _claims_view(store) if claims and tables else None
        dates_view = _dates_view(store) if tables else None
    for error in result.errors:
        stderr.print(f"[yellow]skipped[/] {safe(error.message())}")
    for note in result.notes:
        stderr.print(f"[yellow]note[/] {safe(note.message())}")
    if verbose and not as_json:  # --json: they are its skipped_records
        _print_passed_over(result)
    if as_json:
        _print_json(result, {**counts, "languages": languages})
    elif not quiet:
        _print_scan_summary(result, counts, db, languages)
        if dates_view is not None:
            _print_dates_summary(dates_view, db)
        if claims_view is not None:
            _print_claims_summary(result, claims_view, db)
    if standing and not result.errors:
        stderr.print(f"[yellow]{len(standing)} input(s) here could not be read by an earlier scan and are unchanged[/]: {safe(standing[0])}")
    if result.errors or standing:
        raise typer.Exit(1)


def _store_totals(store: Store) -> tuple[dict[str, int], dict[str, int]]:
    """The store's totals (records passed over included) and its originals by language."""
    from copytrail.store.languages import language_counts
    from copytrail.store.skipped import skipped_counts

    counts = store.counts()
    counts["skipped"] = sum(skipped_counts(store).values())
    return counts, language_counts(store)


def _standing_errors(store: Store, paths: list[Path]) -> list[str]:
    """Inputs under ``paths`` whose recorded read errors still stand (the file unchanged since),
    so that a scan's exit status depends on the store's state, not on --strict."""
    from copytrail.engines.housekeeping import corpus_root, shown_path
    from copytrail.stages.ingest.walk import path_text

    root = corpus_root(store)
    shown = [shown_path(path_text(p.resolve()), root) for p in paths]
    # a note ("kept ...": a date left out or converted) is no failure: the input was read
    failed = [r["path"] for r in store.query("SELECT DISTINCT path FROM errors WHERE reason NOT LIKE 'kept%' ORDER BY path")]
    return [f for f in failed if any(f == s or f.startswith(s.rstrip("/") + "/") for s in shown)]


def _print_json(result: ScanResult, counts: dict[str, int]) -> None:
    """The scan's result as one JSON object on standard output, with the store's totals under
    ``in_store``.  Every character outside ASCII is escaped, so that a path or reason holding
    control characters reaches the terminal as text."""
    import json
    import sys

    sys.stdout.write(json.dumps({**result.as_dict(), "in_store": counts}, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def _print_passed_over(result: ScanResult) -> None:
    """Each record passed over on purpose, one line each (``--verbose``)."""
    for record in result.skipped_records:
        where = f"{record.path}:{record.line}" if record.line is not None else record.path
        stdout.print(f"[dim]passed over:[/] {safe(where)}: {safe(record.reason)}", soft_wrap=True)
    more = sum(result.skipped.values()) - len(result.skipped_records)
    if more > 0:
        stdout.print(f"[dim]passed over:[/] … and {more} more (all in the store's skipped_records table)")


def _passed_over_rows(table: Table, result: ScanResult, counts: dict[str, int]) -> None:
    """What was passed over on purpose: records that hold no article (a WARC's images), by
    reason, and files of types not read inside the folders (PDFs), by suffix."""
    passed_over = sum(result.skipped.values())
    if passed_over or counts.get("skipped"):
        table.add_row("records passed over (not articles)", str(passed_over), str(counts.get("skipped", 0)))
        reasons = sorted(result.skipped.items(), key=lambda kv: (-kv[1], kv[0]))
        if reasons:
            shown = ", ".join(f"{safe(reason)} {n}" for reason, n in reasons[:6])
            table.add_row("  by reason", shown + (", …" if len(reasons) > 6 else ""), "")
    if result.other_files:
        others = sorted(result.other_files.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = ", ".join(f"{safe(suffix)} {n}" for suffix, n in others[:6]) + (", …" if len(others) > 6 else "")
        table.add_row("files of other types (not read)", str(sum(result.other_files.values())), "")
        table.add_row("  by type", shown, "")


def _print_scan_summary(result: ScanResult, counts: dict[str, int], db: Path, languages: dict[str, int]) -> None:
    from rich.table import Table

    table = Table(title=f"copytrail scan → {safe(db)}", show_header=True, header_style="bold")
    table.add_column("", style="bold")
    table.add_column("this scan", justify="right")
    table.add_column("in store", justify="right")
    table.add_row("files read", str(result.files_seen - result.files_skipped), "")
    table.add_row("files unchanged (skipped)", str(result.files_skipped), "")
    table.add_row("files replaced", str(result.files_replaced), "")
    if result.moved:
        table.add_row("documents whose file moved (kept)", str(len(result.moved)), "")
    table.add_row("documents", str(result.documents_added), str(counts["documents"]))
    table.add_row("exact duplicates", str(len(result.duplicates)), str(counts["duplicates"]))
    table.add_row("document pairs compared", str(result.pairs_compared), "")
    if result.sentences_embedded or result.meaning_pairs:
        table.add_row("  of them found by meaning alone", str(result.meaning_pairs), "")
        table.add_row("sentences embedded (static)", str(result.sentences_embedded), "")
        table.add_row("sentences judged (MiniLM)", str(result.sentences_judged), "")
    table.add_row("reused passages (alignments)", str(result.alignments_added), str(counts["alignments"]))
    if result.outlet_boilerplate:
        table.add_row("  an outlet's own boilerplate (left out)", str(result.outlet_boilerplate), "")
    table.add_row("narratives", "", str(counts["narratives"]))
    if languages:
        shown = ", ".join(f"{safe(lang)} {n}" for lang, n in list(languages.items())[:8])
        table.add_row("languages (originals)", "", shown + (", …" if len(languages) > 8 else ""))
    table.add_row("inputs that failed", str(len(result.errors)), str(counts["errors"]))
    if result.notes or counts.get("notes"):
        table.add_row("  read with a problem (kept)", str(len(result.notes)), str(counts.get("notes", 0)))
    _passed_over_rows(table, result, counts)
    table.add_row("seconds", f"{result.seconds:.1f}", "")
    spent = [(stage, s) for stage, s in result.stage_seconds.items() if s >= 0.05]
    if spent:
        table.add_row("  by stage", ", ".join(f"{stage} {s:.1f}" for stage, s in spent), "")
    if result.peak_memory_mb is not None:
        workers = f", largest worker {result.worker_peak_memory_mb:,.0f} MB" if result.worker_peak_memory_mb else ""
        table.add_row("peak memory", f"{result.peak_memory_mb:,.0f} MB{workers}", "")
    if result.semantic_seconds:
        spent_on = result.semantic_seconds
        parts = (
            f"index {spent_on.get('sentence index', 0.0):.1f}, search {spent_on.get('meaning search', 0.0):.1f}, "
            f"alignment {spent_on.get('meaning alignment', 0.0):.1f} "
            f"(judge {spent_on.get('of which judge (MiniLM)', 0.0):.1f})"
        )
        rewrites = sum(seconds for part, seconds in spent_on.items() if part.startswith("rewrite"))
        parts += f", rewrites {rewrites:.1f}" if result.rewrites is not None else ""
        table.add_row("  of align, by meaning", parts, "")
    if result.crosslingual is not None:
        _translation_rows(table, result)
    if result.rewrites is not None and result.rewrites.documents:
        judged = result.rewrites.pairs_judged
        table.add_row("rewrites (multilingual judge)", f"{result.rewrites.alignments} found, {judged} pair{'' if judged == 1 else 's'} judged", "")
    stdout.print(table)
    if result.other_files and not result.files_seen:
        from copytrail.stages.ingest import SUPPORTED_SUFFIXES

        stdout.print(
            f"[yellow]note:[/] no file here is of a type copytrail reads ({escape(' '.join(SUPPORTED_SUFFIXES))}); "
            "a PDF or a word processor's file needs its text saved as one of them first"
        )
    if result.realigned:
        stdout.print(
            f"[yellow]note:[/] every stored pair was aligned again: {escape(result.realigned)} "
            "(scan with the same options to keep what that scan found)"
        )
    if result.languages_outside:
        stdout.print(_outside_note(result))
    told = _languages_to_translate(languages) if result.crosslingual is None else []
    if told:
        stdout.print(
            f"[dim]note:[/] the store holds documents in {len(told)} languages ({escape(', '.join(told[:8]))}"
            f"{', …' if len(told) > 8 else ''}); [bold]--cross-lingual[/] also finds passages translated between them "
            "(extra crosslingual)"
        )
    for path, old in result.moved[:10]:
        stdout.print(f"[dim]moved:[/] {safe(old)} → {safe(path)}")
    for path, original in result.duplicates[:10]:
        stdout.print(f"[dim]duplicate:[/] {safe(path)} = {safe(original)}")


def _outside_note(result: ScanResult) -> str:
    """The note on documents in languages the English semantic model does not cover."""
    from copytrail.stages.semantic import MODEL_LANGUAGES

    outside = ", ".join(f"{lang} {n}" for lang, n in sorted(result.languages_outside.items(), key=lambda kv: -kv[1]))
    examples = ", ".join(f"{safe(path)} ({safe(lang)})" for path, lang in result.outside_examples)
    judged = (
        f"their rewrites were looked for with the multilingual model ({result.rewrites.alignments} found)"
        if result.rewrites is not None
        else "their reworded reuse may be missed, copies are still found"
    )
    return (
        f"[yellow]note:[/] {sum(result.languages_outside.values())} documents are in languages the semantic "
        f"model does not cover ({escape(outside)}; it covers {', '.join(sorted(MODEL_LANGUAGES))}): "
        f"{judged}. e.g. {examples}"
    )


def _languages_to_translate(languages: dict[str, int]) -> list[str]:
    """The store's told languages, most documents first (``language_counts`` orders them), where
    they make the translation search worth suggesting: a second language holding at least two
    documents and 1% of those whose language is told (a few posts misread as another language
    are no bilingual corpus); else none."""
    from copytrail.stages.language import UNDETERMINED

    told = {lang: n for lang, n in languages.items() if lang != UNDETERMINED}
    counts = list(told.values())
    return list(told) if len(counts) > 1 and counts[1] >= max(2, 0.01 * sum(counts)) else []


def _translation_rows(table: Any, result: ScanResult) -> None:
    """What the --cross-lingual search did: languages, vectors made, pairs judged, passages."""
    counts, spent = result.crosslingual, result.crosslingual_seconds
    if counts is None:
        return
    if counts.languages < 2:
        table.add_row("translations (--cross-lingual)", "store in one language: nothing to translate", "")
        return
    table.add_row("translated passages", str(counts.alignments), "")
    table.add_row("  document pairs judged", str(counts.pairs_judged), "")
    table.add_row("  sentences encoded", str(counts.sentences_encoded), "")
    table.add_row("  seconds", ", ".join(f"{part} {s:.1f}" for part, s in spent.items()), "")


def _dates_view(store: Store) -> dict[str, Any]:
    from copytrail.store import queries

    return {
        "levels": queries.confidence_counts(store),
        "top": queries.ranked_narratives(store, limit=5),
        "sources": {r["date_source"]: r["n"] for r in queries.documents_by_date_source(store)},
    }


def _print_dates_summary(view: dict[str, Any], db: Path) -> None:
    """How sure each narrative's earliest source is, and why; how many documents are undated.
    Titles are article text: escaped."""
    sources = view["sources"]
    total = sum(sources.values())
    if total:
        undated, by_file = sources.get("none", 0), sources.get("file", 0)
        line = f"\n[bold]dates[/]: {undated} of {total} documents undated (their input states no date)"
        if by_file:
            line += f"; {by_file} dated only by their file's time (--file-dates)"
        if sources.get("url", 0):
            line += f"; {sources['url']} only by the day in their web address"
        if sources.get("warc", 0):
            line += f"; {sources['warc']} only by a WARC capture time"
        stdout.print(line)
    if not view["levels"]:
        return
    levels = ", ".join(f"{r['n']} {r['level']}" for r in view["levels"])
    stdout.print(f"[bold]earliest source[/] of each narrative: {levels}")
    for n in view["top"]:
        earliest = n["earliest_title"] or "no dated member"
        why = f" ({n['confidence_reason']})" if n.get("confidence_reason") else ""
        stdout.print(
            f"  {n['documents']} documents · earliest: {escape(earliest)} · "
            f"[bold]{escape(n['confidence'] or 'unknown')}[/]{escape(why)}"
        )
    stdout.print(f"  every narrative and why: copytrail export narratives --db {safe(db)}")


def _claims_view(store: Store) -> dict[str, Any]:
    from copytrail.store.claim_views import claims_summary

    return claims_summary(store)


def _print_claims_summary(result: ScanResult, view: dict[str, Any], db: Path) -> None:
    """The claims section: most repeated claims and every claim whose figures disagree.

    Article text is untrusted: everything quoted from it goes through ``escape``.
    """
    stdout.print(
        f"\n[bold]claims[/]: {result.claims} figures and dates in store "
        f"({result.claims_extracted} documents read this scan); {result.claim_groups} stated in "
        f"more than one document, {result.claims_differ} with figures that disagree"
    )
    if view["repeated"]:
        from rich.table import Table

        table = Table(title="most repeated claims", show_header=True, header_style="bold")
        table.add_column("claim")
        table.add_column("statements", justify="right")
        table.add_column("documents", justify="right")
        for g in view["repeated"]:
            table.add_row(escape(g["label"]), str(g["statements"]), str(g["documents"]))
        stdout.print(table)
    if view["differ"]:
        stdout.print("[bold]figures that disagree between copies:[/]")
        for g in view["differ"]:
            values = " · ".join(f"{safe(s['figure'])} [dim]({safe(s.get('cite') or s['path'] or s['doc'])})[/]" for s in g["statements"])
            stdout.print(f"  [yellow]{escape(g['text'])}[/]: {values}")
        more = view["differ_total"] - len(view["differ"])
        if more > 0:
            stdout.print(f"  … and {more} more")
        stdout.print(f"  export them: copytrail export claims --db {safe(db)}")
