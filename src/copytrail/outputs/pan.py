"""Read, write and score PAN text-alignment files (PAN 2013 layout).

The measures follow Potthast, Stein, Barrón-Cedeño and Rosso, "An Evaluation Framework for
Plagiarism Detection" (COLING 2010), written here from their definitions:

* a case ``s`` and a detection ``r`` are each a pair of character ranges, one in the
  suspicious document and one in the source document; ``r`` *detects* ``s`` when both concern
  the same (susp, src) pair and their ranges overlap in BOTH documents;
* ``|s| = this_length + source_length``; ``s ⊓ r`` is the characters of ``s`` covered by
  ``r`` in both documents;
* macro recall = mean over cases of ``|∪_{r detects s} (s ⊓ r)| / |s|``;
* macro precision = mean over detections of ``|∪_{s detected by r} (s ⊓ r)| / |r|``;
* granularity = mean over detected cases of the number of detections that detect it;
* PlagDet = F1(precision, recall) / log2(1 + granularity).

Unions are computed by merging sorted ranges, never by sets of character positions, so a
whole corpus scores in well under a second.

Undefined values are ``None`` (shown as ``n/a`` by :func:`format_scores`):

=========================  =========  ======  ===========  =======
situation                  precision  recall  granularity  plagdet
=========================  =========  ======  ===========  =======
cases and detections       value      value   value        value
cases, no detections       None       0.0     1.0          0.0
no cases, detections       0.0        None    None         None
no cases, no detections    None       None    None         None
=========================  =========  ======  ===========  =======

With cases but nothing found the result is a plain failure (PlagDet 0); without cases there
is nothing to recall, so recall, granularity and PlagDet are undefined, while detections there
are all false positives (precision 0).

Empty ranges: a range of length 0 holds no characters and overlaps nothing.  A case or
detection whose two ranges are both empty is dropped before scoring (``|s| = 0`` has no
meaning); one with a single empty range is kept but can never detect or be detected, since
detection needs an overlap in both documents.
"""

from __future__ import annotations

import math
import operator
import xml.etree.ElementTree as ET
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from copytrail.errors import InputError, UsageError

__all__ = [
    "PanCase",
    "PanScores",
    "evaluate",
    "format_scores",
    "read_features",
    "read_pairs",
    "score",
    "write_detections",
]

TRUTH_NAME = "plagiarism"
DETECTION_NAME = "detected-plagiarism"
_ALL_FOLDER = "all"


@dataclass(frozen=True)
class PanCase:
    """A plagiarism case or a detection: a susp range aligned with a src range."""

    this_offset: int
    this_length: int
    source_offset: int
    source_length: int
    susp: str
    src: str
    obfuscation: str | None = None

    @property
    def size(self) -> int:
        """``|s|``: characters in both documents together."""
        return self.this_length + self.source_length


@dataclass
class PanScores:
    """PAN measures for one set of cases and detections; ``None`` means undefined."""

    precision: float | None
    recall: float | None
    granularity: float | None
    plagdet: float | None
    cases: int
    detections: int
    detected_cases: int


# --------------------------------------------------------------------------- files


def read_pairs(path: str | Path) -> list[tuple[str, str]]:
    """Read a PAN ``pairs`` file: one ``susp src`` per line, blank lines skipped."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read pairs file: {exc}") from exc
    pairs: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 2:
            raise InputError(str(path), f"expected 'susp src', got {line!r}", line=number)
        pairs.append((fields[0], fields[1]))
    return pairs


def _int_attr(attrib: dict[str, str], key: str, path: Path) -> int:
    """An offset or length attribute as a non-negative int, or a clear InputError."""
    raw = attrib.get(key)
    if raw is None:
        raise InputError(str(path), f"feature lacks attribute {key!r}")
    try:
        value = int(raw)
    except ValueError as exc:
        raise InputError(str(path), f"attribute {key}={raw!r} is not an integer") from exc
    if value < 0:
        raise InputError(str(path), f"attribute {key}={value} is negative")
    return value


def _names_from_file(path: Path, susp: str | None) -> tuple[str, str]:
    """(susp, src) from a ``<susp stem>-<src stem>.xml`` file name.

    Both stems contain hyphens, so the split uses the known susp name when there is one and
    otherwise the ``-source-`` marker of PAN's naming.
    """
    stem = path.stem
    suffix = Path(susp).suffix if susp else ".txt"
    suffix = suffix or ".txt"
    if susp is not None:
        prefix = Path(susp).stem + "-"
        if stem.startswith(prefix) and len(stem) > len(prefix):
            return susp, stem[len(prefix) :] + suffix
    marker = stem.find("-source-")
    if marker <= 0:
        raise InputError(str(path), "cannot tell susp and src names apart in the file name")
    return susp or stem[:marker] + suffix, stem[marker + 1 :] + suffix


def read_features(xml_path: str | Path, name: str = TRUTH_NAME) -> list[PanCase]:
    """Read the ``<feature name=...>`` ranges of one PAN XML file.

    ``name`` is ``"plagiarism"`` for truth files and ``"detected-plagiarism"`` for detection
    files.  The susp name comes from ``<document reference>``, the src name from
    ``source_reference``; either falls back on the file name ``<susp>-<src>.xml`` because
    detection files written by other tools often omit them.
    """
    path = Path(xml_path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(str(path), f"malformed XML: {exc}") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot read XML: {exc}") from exc
    reference = root.get("reference")
    fallback: tuple[str, str] | None = None
    cases: list[PanCase] = []
    for feature in root.iter("feature"):
        if feature.get("name") != name:
            continue
        attrib = dict(feature.attrib)
        susp = reference
        src = attrib.get("source_reference")
        if susp is None or src is None:
            if fallback is None:
                fallback = _names_from_file(path, reference)
            susp = susp or fallback[0]
            src = src or fallback[1]
        cases.append(
            PanCase(
                this_offset=_int_attr(attrib, "this_offset", path),
                this_length=_int_attr(attrib, "this_length", path),
                source_offset=_int_attr(attrib, "source_offset", path),
                source_length=_int_attr(attrib, "source_length", path),
                susp=susp,
                src=src,
                obfuscation=attrib.get("obfuscation"),
            )
        )
    return cases


def write_detections(
    out_dir: str | Path,
    susp: str,
    src: str,
    detections: Iterable[tuple[int, int, int, int]],
) -> Path:
    """Write one PAN detection file ``<susp stem>-<src stem>.xml`` and return its path.

    Each detection is ``(this_offset, this_length, source_offset, source_length)``.  The
    file is built with ElementTree so names are escaped and the XML is always well-formed;
    PAN's own evaluator and :func:`read_features` read it back.
    """
    out = Path(out_dir)
    root = ET.Element("document", {"reference": susp})
    for detection in detections:
        values = tuple(operator.index(v) for v in detection)
        if len(values) != 4 or min(values) < 0:
            raise UsageError(
                f"a detection must be 4 non-negative ints "
                f"(this_offset, this_length, source_offset, source_length), got {detection!r}"
            )
        this_offset, this_length, source_offset, source_length = values
        ET.SubElement(
            root,
            "feature",
            {
                "name": DETECTION_NAME,
                "this_offset": str(this_offset),
                "this_length": str(this_length),
                "source_offset": str(source_offset),
                "source_length": str(source_length),
                "source_reference": src,
            },
        )
    ET.indent(root)
    target = out / f"{Path(susp).stem}-{Path(src).stem}.xml"
    try:
        out.mkdir(parents=True, exist_ok=True)
        ET.ElementTree(root).write(target, encoding="utf-8", xml_declaration=True)
    except OSError as exc:
        raise InputError(str(target), f"cannot write detections: {exc}") from exc
    return target


# --------------------------------------------------------------------------- measures


def _overlap(a_start: int, a_len: int, b_start: int, b_len: int) -> tuple[int, int] | None:
    """The common half-open range of two ranges, or None when they share no character."""
    start = max(a_start, b_start)
    end = min(a_start + a_len, b_start + b_len)
    return (start, end) if end > start else None


def _union_length(ranges: list[tuple[int, int]]) -> int:
    """Characters covered by half-open ranges, each counted once (sort, then merge)."""
    if not ranges:
        return 0
    ranges.sort()
    total = 0
    cur_start, cur_end = ranges[0]
    for start, end in ranges[1:]:
        if start > cur_end:
            total += cur_end - cur_start
            cur_start, cur_end = start, end
        elif end > cur_end:
            cur_end = end
    return total + cur_end - cur_start


class _Coverage:
    """The ranges of one item (case or detection) covered by its partners, per document."""

    __slots__ = ("susp", "src", "partners")

    def __init__(self) -> None:
        self.susp: list[tuple[int, int]] = []
        self.src: list[tuple[int, int]] = []
        self.partners = 0

    def ratio(self, size: int) -> float:
        """Covered characters over the item's size."""
        return (_union_length(self.susp) + _union_length(self.src)) / size


def _f1(precision: float, recall: float) -> float:
    """Harmonic mean, 0 when both are 0."""
    total = precision + recall
    return 0.0 if total == 0 else 2 * precision * recall / total


def score(cases: Sequence[PanCase], detections: Sequence[PanCase]) -> PanScores:
    """PAN precision, recall, granularity and PlagDet (macro-averaged) of detections.

    See the module docstring for the definitions and the ``None`` rules.  Cases and
    detections are matched only within the same (susp, src) pair.
    """
    kept_cases = [c for c in cases if c.size > 0]
    kept_dets = [d for d in detections if d.size > 0]
    n_cases, n_dets = len(kept_cases), len(kept_dets)

    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, case in enumerate(kept_cases):
        by_pair[(case.susp, case.src)].append(index)
    # Per pair: case indices sorted by susp start, and those starts for bisect.
    ordered: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for key, indices in by_pair.items():
        indices.sort(key=lambda i: kept_cases[i].this_offset)
        ordered[key] = (indices, [kept_cases[i].this_offset for i in indices])

    case_cov = [_Coverage() for _ in kept_cases]
    det_cov = [_Coverage() for _ in kept_dets]
    for d_index, det in enumerate(kept_dets):
        entry = ordered.get((det.susp, det.src))
        if entry is None or det.this_length == 0 or det.source_length == 0:
            continue
        indices, starts = entry
        # Only cases starting before the detection ends can overlap it in susp.
        for c_index in indices[: bisect_left(starts, det.this_offset + det.this_length)]:
            case = kept_cases[c_index]
            susp_common = _overlap(
                case.this_offset, case.this_length, det.this_offset, det.this_length
            )
            if susp_common is None:
                continue
            src_common = _overlap(
                case.source_offset, case.source_length, det.source_offset, det.source_length
            )
            if src_common is None:
                continue
            # s ⊓ r is the same set of characters seen from either side.
            for cov in (case_cov[c_index], det_cov[d_index]):
                cov.susp.append(susp_common)
                cov.src.append(src_common)
                cov.partners += 1

    detected = [cov for cov in case_cov if cov.partners]
    recall = (
        sum(cov.ratio(case.size) for cov, case in zip(case_cov, kept_cases, strict=True)) / n_cases
        if n_cases
        else None
    )
    precision = (
        sum(cov.ratio(det.size) for cov, det in zip(det_cov, kept_dets, strict=True)) / n_dets
        if n_dets
        else None
    )
    if not n_cases:
        granularity = None
    elif detected:
        granularity = sum(cov.partners for cov in detected) / len(detected)
    else:
        granularity = 1.0

    if recall is None or granularity is None:
        plagdet = None
    elif precision is None:
        plagdet = 0.0
    else:
        plagdet = _f1(precision, recall) / math.log2(1 + granularity)
    return PanScores(
        precision=precision,
        recall=recall,
        granularity=granularity,
        plagdet=plagdet,
        cases=n_cases,
        detections=n_dets,
        detected_cases=len(detected),
    )


# --------------------------------------------------------------------------- corpus


def _xml_files(folder: Path) -> list[Path]:
    """The XML files directly inside a folder, sorted for a stable order."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".xml")


def _categories(truth_dir: Path) -> list[tuple[str, Path]]:
    """(name, folder) of each category: subfolders holding XMLs, else the folder itself.

    PAN's ``all`` folder repeats the other categories, so it is used only when it is the sole
    one.
    """
    subs = [(p.name, p) for p in sorted(truth_dir.iterdir()) if p.is_dir() and any(p.glob("*.xml"))]
    if len(subs) > 1:
        subs = [(name, p) for name, p in subs if name != _ALL_FOLDER]
    return subs or [(truth_dir.name, truth_dir)]


def evaluate(
    truth_dir: str | Path,
    detections_dir: str | Path,
    detection_name: str = DETECTION_NAME,
) -> dict[str, PanScores]:
    """Score a folder of detection files against a PAN truth tree.

    Returns one :class:`PanScores` per category folder and ``"overall"`` for all of them
    pooled (pairs de-duplicated by file name).  For each truth XML the detection file of the
    same name is looked up in ``detections_dir/<category>/`` and then in ``detections_dir``;
    a missing one means no detections for that pair, and detection files for pairs outside
    the truth are ignored.  ``detection_name`` is the feature name read from detection files
    (``"plagiarism"`` lets truth files stand in as perfect detections).
    """
    truth_root, det_root = Path(truth_dir), Path(detections_dir)
    if not truth_root.is_dir():
        raise InputError(str(truth_root), "truth folder not found")
    if not det_root.is_dir():
        raise InputError(str(det_root), "detections folder not found")

    results: dict[str, PanScores] = {}
    pooled: dict[str, tuple[list[PanCase], list[PanCase]]] = {}
    for category, folder in _categories(truth_root):
        cat_cases: list[PanCase] = []
        cat_dets: list[PanCase] = []
        mirrored = det_root / category if folder != truth_root else None
        for xml in _xml_files(folder):
            if xml.name in pooled:
                cases, dets = pooled[xml.name]
            else:
                cases = read_features(xml, TRUTH_NAME)
                dets = []
                for candidate in (mirrored / xml.name if mirrored else None, det_root / xml.name):
                    if candidate is not None and candidate.is_file():
                        dets = read_features(candidate, detection_name)
                        break
                pooled[xml.name] = (cases, dets)
            cat_cases.extend(cases)
            cat_dets.extend(dets)
        results[category] = score(cat_cases, cat_dets)

    all_cases = [c for cases, _ in pooled.values() for c in cases]
    all_dets = [d for _, dets in pooled.values() for d in dets]
    results["overall"] = score(all_cases, all_dets)
    return results


def _fmt(value: float | None) -> str:
    """A measure to 4 decimals, ``n/a`` when undefined."""
    return "n/a" if value is None else f"{value:.4f}"


def format_scores(results: dict[str, PanScores]) -> str:
    """A plain aligned text table of :func:`evaluate` results, ``n/a`` for undefined values.

    A legend under the table says why a value can be ``n/a``, so a reader does not take it
    for zero.
    """
    header = ("name", "cases", "detections", "precision", "recall", "granularity", "plagdet")
    rows = [header]
    for name, s in results.items():
        rows.append(
            (
                name,
                str(s.cases),
                str(s.detections),
                _fmt(s.precision),
                _fmt(s.recall),
                _fmt(s.granularity),
                _fmt(s.plagdet),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    if any(cell == "n/a" for row in rows[1:] for cell in row):
        lines.append("")
        lines.append(
            "n/a = undefined: precision without detections; recall, granularity and plagdet "
            "without cases (cases but no detections score plagdet 0)."
        )
    return "\n".join(lines)
