"""``copytrail check`` and ``copytrail compare``: one article against the store, or two files.

Both print the passages found, as text for a person or JSON for a program.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from copytrail.cli.common import (
    DEFAULT_DB,
    DateOrder,
    DbOption,
    DeviceOption,
    FileDatesOption,
    crosslingual_option,
    errors_to_messages,
    fail,
    format_option,
    open_store,
    safe,
    scan_settings,
    semantic_option,
    stderr,
    stdout,
)

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.api import CheckResult, Comparison
    from copytrail.records import Document


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


_RECORD_HELP = "its id, 'line N' (JSONL, CSV, Parquet row) or 'record N' (WARC, JSON array); default: every record"
RecordOption = typer.Option("--record", help=f"The record of a file of records (JSONL, JSON, CSV, Parquet, WARC) to check: {_RECORD_HELP}.")


def check(
    file: Annotated[Path, typer.Argument(help="An article (.txt .md .html), a file of records (.jsonl .json .csv .parquet .warc), or - for text on standard input.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[CheckFormat, format_option("text for a person, json for a program.")] = CheckFormat.text,
    add: Annotated[bool, typer.Option("--add", help="Also store the article after checking it.")] = False,
    file_dates: FileDatesOption = False,
    date_order: Annotated[
        DateOrder | None,
        typer.Option(
            "--date-order",
            help="With --add: how the file writes a day like 03/04/2025, dmy (3 April) or mdy (4 March). "
            "Default: the order the store was scanned with (none: such a date is not guessed).",
        ),
    ] = None,
    record: Annotated[str | None, RecordOption] = None,
    crosslingual: Annotated[bool, crosslingual_option("Also find stored passages of another language this text translates.")] = False,
    semantic: Annotated[
        bool,
        semantic_option(
            "Also find stored documents this text rewrites (every sentence restated), by the multilingual model: "
            "those whose vectors a --semantic (outside English) or --cross-lingual scan kept."
        ),
    ] = False,
) -> None:
    """Has this text appeared before, and where?  The store is unchanged unless --add.

    A file of records (JSONL, JSON, CSV, Parquet, WARC) is checked record by record, one result each (JSON: a "records"
    list), unless --record names the one to check.  With --add its date is read as a scan
    reads it (--date-order: as the store was scanned unless given), so that adding one
    article never changes how the store's other files are dated.

    Exit status, as grep's: 0 when reuse was found, 1 when none was, 2 on an error."""
    from copytrail.api import check_file, check_records, check_text
    from copytrail.cli.figures import print_changed_figures
    from copytrail.store.claim_views import check_figure_changes

    piped = str(file) == "-"
    if piped and (add or record is not None):
        raise fail("-: --add and --record need a file (the store cites each document by its file and record)")
    with errors_to_messages(), open_store(db, read_only=not add) as store:
        order = date_order.value if date_order is not None else _recorded_date_order(store.get_meta("ingest_settings"))
        settings = scan_settings(file_dates=file_dates, crosslingual=crosslingual, semantic=semantic, date_order=order)
        if piped:
            results = [check_text(store, _standard_input(), settings)]
        elif record is not None:
            results = [check_file(store, file, settings, add=add, record=record)]
        else:
            results = check_records(store, file, settings, add=add)
        changes = [check_figure_changes(store, r) for r in results]  # figures each text changes
    if fmt == CheckFormat.json:
        entries = [{**_checked_fields(r), **r.as_dict(), "changed_figures": c} for r, c in zip(results, changes, strict=True)]
        shape = {"file": str(file), **entries[0]} if len(entries) == 1 else {"file": str(file), "records": entries}
        stdout.print_json(json.dumps(shape, ensure_ascii=False))
    else:
        if len(results) > 1:
            labels = ", ".join(r.checked.record or "" for r in results if r.checked)
            stdout.print(f"[bold]{safe(file)}[/]: {len(results)} records read ({escape(labels)}), each checked on its own.")
        for result, changed in zip(results, changes, strict=True):
            _print_check(_checked_label(file, result), result)
            print_changed_figures(stdout, changed, {m.doc: m.published for m in result.matches})
    if not any(r.matches for r in results):
        raise typer.Exit(1)  # as grep: 1 when nothing was found


def _standard_input() -> str:
    """The text piped in, read as a plain-text file is (UTF-8, else cp1252, else latin-1)."""
    import sys

    from copytrail.stages.ingest.decode import DecodeError, decode_bytes

    try:
        return decode_bytes(sys.stdin.buffer.read())[0]
    except DecodeError as exc:
        raise fail(f"-: {exc}") from None


def _recorded_date_order(recorded: str | None) -> str | None:
    """The order of numeric days a store was scanned with (its recorded ingest settings)."""
    try:
        order = json.loads(recorded).get("date_order") if recorded else None
    except (ValueError, AttributeError):
        return None
    return order if order in ("dmy", "mdy") else None


def _checked_fields(result: CheckResult) -> dict[str, str | None]:
    """What a result checked, in JSON: the record inside the file, its URL and its citation."""
    c = result.checked
    return {"record": c.record if c else None, "url": c.url if c else None, "cite": str(c) if c else None}


def _checked_label(file: Path, result: CheckResult) -> str:
    """The file checked, with its record: ``feed.jsonl#id=a``, or the URL with the file and line."""
    c = result.checked
    if c is None or c.record is None:
        return "standard input" if str(file) == "-" else str(file)
    cited = str(c)
    return f"{cited} ({c.path}, {c.record})" if cited == c.url else cited


def _print_check(label: str, result: CheckResult) -> None:
    from copytrail.records import date_label

    if not result.matches:
        stdout.print(f"{escape(label)}: no reused passage found in the store.")
        return
    stdout.print(
        f"[bold]{escape(label)}[/]: {result.reused_share:.0%} of the text appears in "
        f"{len(result.matches)} stored document(s)."
    )
    for match in result.matches:
        when = date_label(match.published, match.date_source, match.published_raw, match.published_calendar)
        head = " · ".join(escape(x) for x in (match.outlet, when, match.title) if x)
        stdout.print(f"\n[bold cyan]{safe(match.citation)}[/] {head}")
        for p in match.passages:
            excerpt = result.text[p.b_start : p.b_end]
            short = excerpt if len(excerpt) <= 160 else excerpt[:157] + "…"
            stdout.print(
                f"  [magenta]{p.kind}[/] {p.score:.2f}  here {p.b_start}–{p.b_end}, "
                f"there {p.a_start}–{p.a_end}: “{escape(' '.join(short.split()))}”"
            )
    if result.boilerplate:
        stdout.print(
            f"\n{result.boilerplate} more passage(s) left out: text an outlet prints in many of its own "
            "documents (a footer, a disclaimer), shown once, where it was printed first."
        )


def compare(
    a: Annotated[Path, typer.Argument(help="First file.")],
    b: Annotated[Path, typer.Argument(help="Second file.")],
    fmt: Annotated[CheckFormat, format_option("text for a person, json for a program.")] = CheckFormat.text,
    semantic: Annotated[bool, semantic_option("Also find reworded (paraphrased) passages with a sentence-embedding model.")] = False,
    crosslingual: Annotated[bool, crosslingual_option("Also find passages of one file that translate a passage of the other.")] = False,
    device: DeviceOption = "cpu",
    record_a: Annotated[str | None, typer.Option("--record-a", help=f"The record of the first file, if it holds records: {_RECORD_HELP}.")] = None,
    record_b: Annotated[str | None, typer.Option("--record-b", help=f"The record of the second file, if it holds records: {_RECORD_HELP}.")] = None,
) -> None:
    """Two files side by side: every passage they share, no database needed.

    Files of records (JSONL, JSON, CSV, Parquet, WARC) are compared record by record (every record of one with every record
    of the other, each pair once; JSON: a "comparisons" list) unless --record-a/--record-b
    name the records to compare."""
    from copytrail.api import compare_records

    with errors_to_messages():
        comparisons = compare_records(a, b, scan_settings(semantic=semantic, device=device, crosslingual=crosslingual), a_record=record_a, b_record=record_b)
    for comparison in comparisons:
        for note in comparison.notes:
            stderr.print(f"[yellow]note:[/] {escape(note)}")
    single = len(comparisons) == 1 and comparisons[0].a.record is None and comparisons[0].b.record is None
    if fmt == CheckFormat.json:
        if single:  # two whole files: the passages, as always
            stdout.print_json(json.dumps(_passages_json(comparisons[0])))
        else:
            shape = {"a": str(a), "b": str(b), "comparisons": [
                {"a": _side_json(c.a), "b": _side_json(c.b), "passages": _passages_json(c)} for c in comparisons
            ]}  # fmt: skip
            stdout.print_json(json.dumps(shape, ensure_ascii=False))
        return
    if not comparisons:
        stdout.print("Nothing to compare: a record is never compared with itself.")
    for comparison in comparisons:
        if not single:
            stdout.print(
                f"\n[bold]{safe(comparison.a.citation)}[/] ↔ [bold]{safe(comparison.b.citation)}[/]"
            )
        _print_side_by_side(comparison)


def _side_json(doc: Document) -> dict[str, str | None]:
    c = doc.citation
    return {"path": c.path, "record": c.record, "url": c.url, "cite": str(c)}


def _passages_json(comparison: Comparison) -> list[dict[str, object]]:
    return [
        {"a": {"start": p.a_start, "end": p.a_end}, "b": {"start": p.b_start, "end": p.b_end}, "kind": p.kind, "score": p.score}
        for p in comparison.passages
    ]


def _print_side_by_side(comparison: Comparison) -> None:
    from rich.table import Table
    from rich.text import Text

    from copytrail.outputs.view import word_diff

    if not comparison.passages:
        stdout.print("No shared passage found.")
        return
    for number, p in enumerate(comparison.passages, start=1):
        table = Table(
            title=f"passage {number}: {p.kind}, score {p.score:.2f}",
            show_lines=False,
            expand=True,
        )
        table.add_column(f"{safe(comparison.a.citation)} [{p.a_start}:{p.a_end}]", ratio=1)
        table.add_column(f"{safe(comparison.b.citation)} [{p.b_start}:{p.b_end}]", ratio=1)
        a_chunks, b_chunks = word_diff(
            comparison.a.text[p.a_start : p.a_end], comparison.b.text[p.b_start : p.b_end]
        )
        left, right = Text(), Text()
        for side, chunks in ((left, a_chunks), (right, b_chunks)):
            for chunk, changed in chunks:
                side.append(chunk, "bold red" if changed else "")
        table.add_row(left, right)
        stdout.print(table)
    _print_figures_stated_differently(comparison)


def _print_figures_stated_differently(comparison: Comparison) -> None:
    """The figures the two files state differently at the same place of a passage they
    share, as ``check`` lists what a new text changes (``stages.claims.changes``); no
    direction is given: which file came first is for their dates to say."""
    from copytrail.cli.figures import quoted_figure
    from copytrail.stages.claims.changes import changes_against_sources

    passages = [(p.a_start, p.a_end, p.b_start, p.b_end, p.kind, p.score, p.matched_words) for p in comparison.passages]
    changes = changes_against_sources(comparison.b.text, {"first": comparison.a.text}, {"first": passages})
    if not changes:
        return
    stdout.print(f"\n[bold]figures stated differently[/] ({len(changes)}):")
    for c in changes:
        stdout.print(f"  [red]{escape(c['before'])}[/] (first file) ≠ [bold green]{escape(c['after'])}[/] (second file) [dim]({escape(c['kind'])})[/]")
        stdout.print(quoted_figure(c))
