"""``copytrail pan`` and ``copytrail pan-eval``: the PAN text-alignment task and its scorer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from copytrail.cli.common import (
    DeviceOption,
    errors_to_messages,
    fail,
    progress_bars,
    scan_settings,
    semantic_option,
    stderr,
)


def pan(
    pairs: Annotated[Path, typer.Option(help="PAN pairs file: 'suspicious source' per line.")],
    src: Annotated[Path, typer.Option(help="Folder of source documents.")],
    susp: Annotated[Path, typer.Option(help="Folder of suspicious documents.")],
    out: Annotated[Path | None, typer.Option("--output", "-o", help="Folder for the detection XML files (required).", metavar="FOLDER")] = None,
    workers: Annotated[int, typer.Option(help="Processes (0 = one per core).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    semantic: Annotated[bool, semantic_option("Add the sentence-embedding pass (slow on a CPU).")] = False,
    device: DeviceOption = "cpu",
    cut_gaps: Annotated[
        bool,
        typer.Option(
            "--cut-gaps",
            help="Cut passages where one side holds text the other never used, as a scan does "
            "(PAN counts a case reported in pieces as worse, so by default a detection is the whole case).",
        ),
    ] = False,
    out_alias: Annotated[Path | None, typer.Option("--out", hidden=True, help="Old name of --output.")] = None,
) -> None:
    """PAN text-alignment mode: one detection XML per pair, in PAN's format."""
    from copytrail.api import pan_detect

    out = out or out_alias
    if out is None:
        raise fail("pan needs -o FOLDER for the detection XML files")
    if str(out) == "-":
        raise fail("pan writes one XML file per pair: -o needs a folder, not standard output")

    with errors_to_messages(), progress_bars(quiet) as progress:
        total = pan_detect(
            pairs, src, susp, out, settings=scan_settings(workers=workers, semantic=semantic, device=device), progress=progress, cut_gaps=cut_gaps
        )
    stderr.print(f"wrote {total} detections to {escape(str(out))}")


def pan_eval(
    truth_dir: Annotated[Path, typer.Argument(help="Truth XML folder (category subfolders allowed).")],
    detections_dir: Annotated[Path, typer.Argument(help="Detection XML folder.")],
) -> None:
    """Score PAN detections: precision, recall, granularity and PlagDet, overall and per category."""
    from copytrail.outputs.pan import evaluate, format_scores

    with errors_to_messages():
        results = evaluate(truth_dir, detections_dir)
    typer.echo(format_scores(results))
