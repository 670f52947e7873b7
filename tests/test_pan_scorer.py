"""Tests of the PAN reader, writer and scorer (copytrail.outputs.pan).

Expected values are computed by hand in the comments; ``s`` is a case, ``r`` a detection,
ranges are half-open ``[start, end)``, and ``|s| = this_length + source_length``.
"""

from __future__ import annotations

import math
import tarfile
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copytrail.errors import InputError, UsageError
from copytrail.outputs.pan import (
    DETECTION_NAME,
    PanCase,
    PanScores,
    evaluate,
    format_scores,
    read_features,
    read_pairs,
    score,
    write_detections,
)

REPO = Path(__file__).resolve().parents[1]
SUSP, SRC = "suspicious-document00005.txt", "source-document01090.txt"


def case(t_off: int, t_len: int, s_off: int, s_len: int, susp: str = SUSP, src: str = SRC):
    """A PanCase for the default pair unless told otherwise."""
    return PanCase(t_off, t_len, s_off, s_len, susp, src)


def check(
    result: PanScores,
    precision: float | None,
    recall: float | None,
    granularity: float | None,
    plagdet: float | None,
) -> None:
    """Compare all four measures, None exactly and floats approximately."""
    got = (result.precision, result.recall, result.granularity, result.plagdet)
    for name, value, want in zip(
        ("precision", "recall", "granularity", "plagdet"),
        got,
        (precision, recall, granularity, plagdet),
        strict=True,
    ):
        if want is None:
            assert value is None, f"{name}: expected None, got {value}"
        else:
            assert value == pytest.approx(want), f"{name}: expected {want}, got {value}"


# --------------------------------------------------------------------------- score


def test_perfect_detection() -> None:
    # r == s: s ⊓ r = s, so recall = precision = 1, one detection -> granularity 1,
    # F1 = 1, plagdet = 1 / log2(2) = 1.
    s = case(3593, 698, 1300, 698)
    result = score([s], [s])
    check(result, 1.0, 1.0, 1.0, 1.0)
    assert (result.cases, result.detections, result.detected_cases) == (1, 1, 1)


def test_half_of_a_case() -> None:
    # s: susp [0,100), src [0,100), |s| = 200.  r: susp [0,50), src [0,50), |r| = 100.
    # s ⊓ r = 50 + 50 = 100.  recall = 100/200 = 0.5; precision = 100/100 = 1.
    # F1 = 2*1*0.5/1.5 = 2/3; granularity 1 -> plagdet = 2/3.
    check(score([case(0, 100, 0, 100)], [case(0, 50, 0, 50)]), 1.0, 0.5, 1.0, 2 / 3)


def test_asymmetric_overlap() -> None:
    # s: susp [10,110) (100), src [1000,1200) (200): |s| = 300.
    # r: susp [60,160) (100), src [1100,1150) (50):  |r| = 150.
    # susp overlap [60,110) = 50; src overlap [1100,1150) = 50; s ⊓ r = 100.
    # recall = 100/300 = 1/3; precision = 100/150 = 2/3.
    # F1 = 2*(2/9)/(1/3+2/3) = 4/9; granularity 1 -> plagdet 4/9.
    check(score([case(10, 100, 1000, 200)], [case(60, 100, 1100, 50)]), 2 / 3, 1 / 3, 1.0, 4 / 9)


def test_one_case_split_in_two_detections() -> None:
    # s: [0,100)/[0,100).  r1: [0,50)/[0,50), r2: [50,100)/[50,100).
    # Union of s ⊓ r1, s ⊓ r2 = 100 + 100 = |s| -> recall 1.  Each r fully inside s ->
    # precision 1.  s detected by 2 -> granularity 2.  plagdet = F1 / log2(3) = 1/log2(3).
    result = score([case(0, 100, 0, 100)], [case(0, 50, 0, 50), case(50, 50, 50, 50)])
    check(result, 1.0, 1.0, 2.0, 1 / math.log2(3))
    assert result.detected_cases == 1


def test_overlapping_detections_count_characters_once() -> None:
    # r1: [0,60)/[0,60), r2: [40,100)/[40,100) on s = [0,100)/[0,100).
    # Union over detections: susp [0,100) = 100, src [0,100) = 100 -> recall 200/200 = 1
    # (not (120+120)/200).  Precision 1 each; granularity 2.
    result = score([case(0, 100, 0, 100)], [case(0, 60, 0, 60), case(40, 60, 40, 60)])
    check(result, 1.0, 1.0, 2.0, 1 / math.log2(3))


def test_overlap_in_susp_only_does_not_detect() -> None:
    # r overlaps s in the susp document ([0,100) both) but its source range [500,600) misses
    # s's [0,100): r does not detect s.  recall 0, precision 0, no detected case ->
    # granularity 1, F1 = 0 -> plagdet 0.
    result = score([case(0, 100, 0, 100)], [case(0, 100, 500, 100)])
    check(result, 0.0, 0.0, 1.0, 0.0)
    assert result.detected_cases == 0


def test_same_ranges_other_pair_does_not_detect() -> None:
    # Identical ranges but another source document: different pair, no detection.
    result = score([case(0, 100, 0, 100)], [case(0, 100, 0, 100, src="source-document9.txt")])
    check(result, 0.0, 0.0, 1.0, 0.0)


def test_false_positive_in_negative_pair() -> None:
    # Pair (SUSP, SRC): s = [0,100)/[0,100) found exactly by r1.
    # Pair (SUSP, other): no case, r2 = [0,10)/[0,10) is a false positive.
    # precision = mean(1, 0) = 0.5; recall = 1; granularity 1.
    # F1 = 2*0.5*1/1.5 = 2/3 -> plagdet 2/3.
    s = case(0, 100, 0, 100)
    fp = case(0, 10, 0, 10, src="source-document00001.txt")
    check(score([s], [s, fp]), 0.5, 1.0, 1.0, 2 / 3)


def test_two_cases_one_detection_spanning_both() -> None:
    # s1: [0,100)/[0,100), s2: [200,300)/[200,300).  r: [0,300)/[0,300), |r| = 600.
    # r detects both; each s fully covered -> recall 1.
    # Characters of r covered by cases: susp 100+100, src 100+100 = 400 -> precision 400/600.
    # Each case detected once -> granularity 1.  F1 = 2*(2/3)*1/(5/3) = 0.8 -> plagdet 0.8.
    result = score([case(0, 100, 0, 100), case(200, 100, 200, 100)], [case(0, 300, 0, 300)])
    check(result, 2 / 3, 1.0, 1.0, 0.8)
    assert result.detected_cases == 2


def test_overlapping_cases_count_characters_once_in_precision() -> None:
    # s1: [0,100)/[0,100), s2: [50,150)/[50,150), r: [0,150)/[0,150), |r| = 300.
    # Covered characters of r: union susp [0,150) = 150, src 150 -> precision 300/300 = 1
    # (not 400/300).  Each case fully covered -> recall 1; granularity 1.
    result = score([case(0, 100, 0, 100), case(50, 100, 50, 100)], [case(0, 150, 0, 150)])
    check(result, 1.0, 1.0, 1.0, 1.0)


def test_undefined_without_cases_or_detections() -> None:
    # Nothing to find and nothing found: every measure undefined.
    result = score([], [])
    check(result, None, None, None, None)
    assert (result.cases, result.detections, result.detected_cases) == (0, 0, 0)


def test_cases_without_detections() -> None:
    # Cases exist, nothing found: precision undefined, recall 0, granularity 1, plagdet 0.
    check(score([case(0, 100, 0, 100)], []), None, 0.0, 1.0, 0.0)


def test_detections_without_cases() -> None:
    # Only false positives: precision 0; recall, granularity and plagdet undefined.
    result = score([], [case(0, 100, 0, 100)])
    check(result, 0.0, None, None, None)
    assert result.detections == 1


def test_zero_length_items() -> None:
    # A case with both ranges empty is dropped (no characters), so no cases remain.
    result = score([case(10, 0, 10, 0)], [case(0, 100, 0, 100)])
    assert result.cases == 0
    check(result, 0.0, None, None, None)
    # A detection with an empty source range overlaps nothing in src, so it detects nothing
    # and is a false positive: precision 0, recall 0.
    check(score([case(0, 100, 0, 100)], [case(0, 100, 0, 0)]), 0.0, 0.0, 1.0, 0.0)


def _brute_force(cases: list[PanCase], dets: list[PanCase]) -> tuple[float, float, float]:
    """Reference precision, recall, granularity with sets of character positions."""

    def chars(x: PanCase) -> tuple[set[int], set[int]]:
        return (
            set(range(x.this_offset, x.this_offset + x.this_length)),
            set(range(x.source_offset, x.source_offset + x.source_length)),
        )

    def detects(r: PanCase, s: PanCase) -> bool:
        (rt, rs), (st_, ss) = chars(r), chars(s)
        return (r.susp, r.src) == (s.susp, s.src) and bool(rt & st_) and bool(rs & ss)

    recall = 0.0
    counts = []
    for s in cases:
        st_, ss = chars(s)
        cov_t: set[int] = set()
        cov_s: set[int] = set()
        found = [r for r in dets if detects(r, s)]
        for r in found:
            rt, rs = chars(r)
            cov_t |= st_ & rt
            cov_s |= ss & rs
        recall += (len(cov_t) + len(cov_s)) / (len(st_) + len(ss))
        if found:
            counts.append(len(found))
    precision = 0.0
    for r in dets:
        rt, rs = chars(r)
        cov_t = set()
        cov_s = set()
        for s in cases:
            if detects(r, s):
                st_, ss = chars(s)
                cov_t |= st_ & rt
                cov_s |= ss & rs
        precision += (len(cov_t) + len(cov_s)) / (len(rt) + len(rs))
    granularity = sum(counts) / len(counts) if counts else 1.0
    return precision / len(dets), recall / len(cases), granularity


_ranges = st.tuples(
    st.integers(0, 60),
    st.integers(1, 40),
    st.integers(0, 60),
    st.integers(1, 40),
    st.sampled_from(["a", "b"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ranges, min_size=1, max_size=6), st.lists(_ranges, min_size=1, max_size=6))
def test_interval_arithmetic_matches_brute_force(raw_cases: list, raw_dets: list) -> None:
    """The merged-interval scorer agrees with a character-set oracle on random inputs."""
    cases = [PanCase(a, b, c, d, "s.txt", src) for a, b, c, d, src in raw_cases]
    dets = [PanCase(a, b, c, d, "s.txt", src) for a, b, c, d, src in raw_dets]
    result = score(cases, dets)
    precision, recall, granularity = _brute_force(cases, dets)
    assert result.precision == pytest.approx(precision)
    assert result.recall == pytest.approx(recall)
    assert result.granularity == pytest.approx(granularity)


# --------------------------------------------------------------------------- files


def test_read_pairs(tmp_path: Path) -> None:
    path = tmp_path / "pairs"
    path.write_text(f"{SUSP} {SRC}\n\nsuspicious-document00006.txt source-document00002.txt\n")
    assert read_pairs(path) == [
        (SUSP, SRC),
        ("suspicious-document00006.txt", "source-document00002.txt"),
    ]
    path.write_text("only-one-name\n")
    with pytest.raises(InputError):
        read_pairs(path)


def test_read_features_truth_file(tmp_path: Path) -> None:
    path = tmp_path / "suspicious-document00005-source-document01090.xml"
    path.write_text(
        f'<document reference="{SUSP}">\n'
        '<feature name="plagiarism" obfuscation="none" source_length="698" source_offset="1300"'
        f' source_reference="{SRC}" this_length="698" this_offset="3593" type="artificial" />\n'
        '<feature name="about" authors="DUC2006" />\n'
        "</document>\n"
    )
    assert read_features(path) == [PanCase(3593, 698, 1300, 698, SUSP, SRC, "none")]
    assert read_features(path, name="detected-plagiarism") == []


def test_read_features_names_from_file_name(tmp_path: Path) -> None:
    # Detection files may omit source_reference (and even the document reference).
    path = tmp_path / "suspicious-document00005-source-document01090.xml"
    path.write_text(
        f'<document reference="{SUSP}">'
        '<feature name="detected-plagiarism" this_offset="1" this_length="2"'
        ' source_offset="3" source_length="4"/></document>'
    )
    assert read_features(path, "detected-plagiarism") == [PanCase(1, 2, 3, 4, SUSP, SRC)]
    path.write_text(
        "<document>"
        '<feature name="detected-plagiarism" this_offset="1" this_length="2"'
        ' source_offset="3" source_length="4"/></document>'
    )
    assert read_features(path, "detected-plagiarism") == [PanCase(1, 2, 3, 4, SUSP, SRC)]


def test_read_features_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text("<document reference='a.txt'><feature")
    with pytest.raises(InputError):
        read_features(path)
    path.write_text(
        '<document reference="a.txt"><feature name="plagiarism" this_offset="x" this_length="1"'
        ' source_offset="0" source_length="1" source_reference="b.txt"/></document>'
    )
    with pytest.raises(InputError):
        read_features(path)


def test_write_detections_file_name_and_validation(tmp_path: Path) -> None:
    path = write_detections(tmp_path / "out", SUSP, SRC, [(3593, 698, 1300, 698)])
    assert path == tmp_path / "out" / "suspicious-document00005-source-document01090.xml"
    assert read_features(path, "detected-plagiarism") == [PanCase(3593, 698, 1300, 698, SUSP, SRC)]
    empty = write_detections(tmp_path, SUSP, SRC, [])
    assert read_features(empty, "detected-plagiarism") == []
    with pytest.raises(UsageError):
        write_detections(tmp_path, SUSP, SRC, [(1, -2, 3, 4)])


_name = st.text(alphabet=st.sampled_from("abcXYZ019-_ &<>'\""), min_size=1, max_size=12).map(
    lambda s: s.strip(" -") or "x"
)


@settings(max_examples=100, deadline=None)
@given(
    _name,
    _name,
    st.lists(st.tuples(*[st.integers(0, 10**7)] * 4), max_size=8),
)
def test_write_read_round_trip(susp: str, src: str, dets: list[tuple[int, int, int, int]]) -> None:
    """Whatever is written (names needing XML escapes included) reads back unchanged."""
    susp, src = f"{susp}.txt", f"{src}.txt"
    with tempfile.TemporaryDirectory() as tmp:
        path = write_detections(tmp, susp, src, dets)
        back = read_features(path, "detected-plagiarism")
    assert back == [PanCase(a, b, c, d, susp, src) for a, b, c, d in dets]


# --------------------------------------------------------------------------- evaluate


def _truth(folder: Path, susp: str, src: str, ranges: list[tuple[int, int, int, int]]) -> None:
    """Write a PAN truth XML (feature name 'plagiarism') for one pair."""
    folder.mkdir(parents=True, exist_ok=True)
    feats = "".join(
        f'<feature name="plagiarism" this_offset="{a}" this_length="{b}" source_offset="{c}"'
        f' source_length="{d}" source_reference="{src}.txt"/>\n'
        for a, b, c, d in ranges
    )
    (folder / f"{susp}-{src}.xml").write_text(
        f'<document reference="{susp}.txt">\n{feats}</document>\n'
    )


@pytest.fixture()
def tiny_truth(tmp_path: Path) -> Path:
    """Two categories plus an ``all`` folder duplicating them (as PAN ships it)."""
    truth = tmp_path / "truth"
    _truth(truth / "01-neg", "susp-a", "source-b", [])
    _truth(truth / "02-cat", "susp-c", "source-d", [(0, 100, 0, 100)])
    _truth(truth / "02-cat", "susp-e", "source-f", [(0, 100, 0, 100)])
    _truth(truth / "all", "susp-c", "source-d", [(0, 100, 0, 100)])
    _truth(truth / "all", "susp-e", "source-f", [(0, 100, 0, 100)])
    (truth / "src").mkdir()
    (truth / "src" / "source-b.txt").write_text("text, not a category")
    return truth


def _expect_tiny(results: dict[str, PanScores]) -> None:
    assert list(results) == ["01-neg", "02-cat", "overall"]  # 'all' and 'src' skipped
    # 01-neg: no case, one false positive -> precision 0, the rest undefined.
    check(results["01-neg"], 0.0, None, None, None)
    # 02-cat: c-d found exactly, e-f missed (no file).  recall = (1 + 0)/2 = 0.5,
    # precision 1, granularity 1, F1 = 2*0.5/1.5 = 2/3.
    check(results["02-cat"], 1.0, 0.5, 1.0, 2 / 3)
    # overall: 2 cases, detections = FP + exact.  precision = (0 + 1)/2 = 0.5,
    # recall 0.5, granularity 1, F1 = 0.5.  The x-y file is outside the truth: ignored.
    check(results["overall"], 0.5, 0.5, 1.0, 0.5)
    assert (results["overall"].cases, results["overall"].detections) == (2, 2)


def test_evaluate_flat_detections(tiny_truth: Path, tmp_path: Path) -> None:
    det = tmp_path / "det"
    write_detections(det, "susp-a.txt", "source-b.txt", [(0, 10, 0, 10)])
    write_detections(det, "susp-c.txt", "source-d.txt", [(0, 100, 0, 100)])
    write_detections(det, "susp-x.txt", "source-y.txt", [(0, 100, 0, 100)])
    _expect_tiny(evaluate(tiny_truth, det))


def test_evaluate_mirrored_detections(tiny_truth: Path, tmp_path: Path) -> None:
    det = tmp_path / "det"
    write_detections(det / "01-neg", "susp-a.txt", "source-b.txt", [(0, 10, 0, 10)])
    write_detections(det / "02-cat", "susp-c.txt", "source-d.txt", [(0, 100, 0, 100)])
    write_detections(det, "susp-x.txt", "source-y.txt", [(0, 100, 0, 100)])
    _expect_tiny(evaluate(tiny_truth, det))


def test_evaluate_single_folder_and_truth_as_detections(tiny_truth: Path) -> None:
    folder = tiny_truth / "02-cat"
    results = evaluate(folder, folder, detection_name="plagiarism")
    assert list(results) == ["02-cat", "overall"]
    check(results["overall"], 1.0, 1.0, 1.0, 1.0)
    # With the default name the truth files hold no detections: nothing found.
    check(evaluate(folder, folder)["overall"], None, 0.0, 1.0, 0.0)


def test_evaluate_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        evaluate(tmp_path / "nope", tmp_path)


def test_format_scores_table() -> None:
    results = {
        "02-no-obfuscation": PanScores(1.0, 0.5, 1.0, 2 / 3, 2, 1, 1),
        "01-no-plagiarism": PanScores(0.0, None, None, None, 0, 1, 0),
    }
    text = format_scores(results)
    lines = text.splitlines()
    assert lines[0].split() == [
        "name",
        "cases",
        "detections",
        "precision",
        "recall",
        "granularity",
        "plagdet",
    ]
    assert lines[2].split() == [
        "02-no-obfuscation",
        "2",
        "1",
        "1.0000",
        "0.5000",
        "1.0000",
        "0.6667",
    ]
    assert lines[3].split() == ["01-no-plagiarism", "0", "1", "0.0000", "n/a", "n/a", "n/a"]
    # Right-aligned columns: every table row ends at the same width.
    assert len({len(line) for line in lines[:4]}) == 1
    assert "n/a = undefined" in text


# --------------------------------------------------------------------------- real corpus


@pytest.fixture(scope="session")
def pan13_train(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PAN 2013 training corpus: unpacked in .data, else unpacked from ../shared/data."""
    unpacked = REPO / ".data" / "pan13-train"
    if unpacked.is_dir():
        return unpacked
    tarball = REPO.parent / "shared" / "data" / "pan13-train.tar.gz"
    if not tarball.is_file():
        pytest.skip(f"PAN13 corpus absent: neither {unpacked} nor {tarball} exists")
    target = tmp_path_factory.mktemp("pan13")
    with tarfile.open(tarball) as tar:
        tar.extractall(target, filter="data")
    return target / "pan13-train"


@pytest.mark.slow
def test_real_corpus_truth_as_detections(pan13_train: Path) -> None:
    """The truth scored against itself is perfect on every category that has cases."""
    results = evaluate(pan13_train, pan13_train, detection_name="plagiarism")
    assert "all" not in results
    assert len(results) == 6  # five categories + overall
    with_cases = [name for name, s in results.items() if s.cases]
    assert len(with_cases) == 5  # 02..05 + overall
    for name in with_cases:
        s = results[name]
        assert s.detected_cases == s.cases == s.detections, name
        check(s, 1.0, 1.0, 1.0, 1.0)
    no_plag = results["01-no-plagiarism"]
    check(no_plag, None, None, None, None)
    assert results["overall"].cases == sum(s.cases for n, s in results.items() if n != "overall")


def test_pan_reports_an_obfuscated_case_whole_unless_gaps_are_cut(tmp_path: Path) -> None:
    """A suspicious document that copies paragraphs 1, 2 and 4 of a source (paragraph 3
    left out): a scan cuts the passage at the paragraph the copy never used, but PAN
    annotates such a case as one stretch of each document, so ``copytrail pan`` writes one
    detection spanning it; ``--cut-gaps`` writes the scan's pieces."""
    from typer.testing import CliRunner

    from copytrail.cli.main import app
    from test_align import HARBOUR

    (tmp_path / "src").mkdir()
    (tmp_path / "susp").mkdir()
    source, copy = "\n\n".join(HARBOUR), "\n\n".join(HARBOUR[k] for k in (0, 1, 3))
    (tmp_path / "src" / "source-document00001.txt").write_text(source, encoding="utf-8")
    (tmp_path / "susp" / "suspicious-document00001.txt").write_text(copy, encoding="utf-8")
    (tmp_path / "pairs").write_text("suspicious-document00001.txt source-document00001.txt\n", encoding="utf-8")

    def detections(*extra: str) -> list[PanCase]:
        out = tmp_path / ("det" + "".join(extra))
        args = ["pan", "--pairs", str(tmp_path / "pairs"), "--src", str(tmp_path / "src"), "--susp", str(tmp_path / "susp"), "-o", str(out), "-q", "--workers", "1"]
        done = CliRunner().invoke(app, [*args, *extra])
        assert done.exit_code == 0, done.output
        return read_features(out / "suspicious-document00001-source-document00001.xml", DETECTION_NAME)

    (whole,) = detections()
    assert whole.source_offset <= source.index(HARBOUR[0]) + 10 and whole.source_offset + whole.source_length >= len(source) - 10
    assert whole.this_offset <= 10 and whole.this_offset + whole.this_length >= len(copy) - 10
    pieces = detections("--cut-gaps")
    assert len(pieces) >= 2
    dropped = source.index(HARBOUR[2])
    assert all(not (p.source_offset < dropped + len(HARBOUR[2]) and dropped < p.source_offset + p.source_length) for p in pieces)
