"""Calibrate the semantic layer's thresholds on MSRP and STS-B (news genres).

    .venv/bin/python bench/calibrate_semantic.py [--out bench/semantic_calibration.json]

For each encoder (the static prefilter and the MiniLM judge) it reports the cosine threshold
that best separates paraphrases from non-paraphrases on MSRP *train* (accuracy and F1 at that
threshold on MSRP *test*), and the separation of STS-B news pairs scored >= 4 (same meaning)
from pairs scored <= 2 (different).  Thresholds are chosen on training data only.  Also: the
share of each kind of pair under the content-word gate that proposals must pass
(``SemanticSettings.min_shared``, stem Dice), and under 0.2.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import unpack  # noqa: E402


def msrp(split: str) -> tuple[list[str], list[str], np.ndarray]:
    root = unpack("msrp")
    a, b, y = [], [], []
    with open(root / f"msr_paraphrase_{split}.txt", encoding="utf-8-sig") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 5:
                y.append(int(parts[0]))
                a.append(parts[3])
                b.append(parts[4])
    return a, b, np.array(y)


def stsb_news() -> tuple[list[str], list[str], np.ndarray]:
    root = unpack("stsb")
    a, b, s = [], [], []
    for name in ("sts-train.csv", "sts-dev.csv", "sts-test.csv"):
        with open(root / name, encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 7 and row[0].startswith("main-news"):
                    s.append(float(row[4]))
                    a.append(row[5])
                    b.append(row[6])
    return a, b, np.array(s)


def cosines(encoder, a: list[str], b: list[str]) -> tuple[np.ndarray, float]:
    started = time.perf_counter()
    va, vb = encoder.encode(a), encoder.encode(b)
    seconds = time.perf_counter() - started
    return np.einsum("ij,ij->i", va, vb), (len(a) + len(b)) / seconds


def best_threshold(sims: np.ndarray, labels: np.ndarray) -> float:
    candidates = np.unique(np.round(sims, 3))
    accuracy = [((sims >= t) == labels).mean() for t in candidates]
    return float(candidates[int(np.argmax(accuracy))])


def scores(sims: np.ndarray, labels: np.ndarray, threshold: float) -> dict[str, float]:
    predicted = sims >= threshold
    tp = float((predicted & (labels == 1)).sum())
    precision = tp / max(1.0, float(predicted.sum()))
    recall = tp / max(1.0, float((labels == 1).sum()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"accuracy": round(float((predicted == labels).mean()), 4), "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4)}


def shared_words_gate(train, test, sts, same, different) -> dict[str, dict[str, float]]:  # noqa: ANN001
    """Share of paraphrase and non-paraphrase pairs whose content-stem Dice is under the gate."""
    from copytrail.stages.align import content_stems
    from copytrail.stages.segment import words
    from copytrail.stages.semantic import SemanticSettings, stem_dice

    def dice(a: list[str], b: list[str]) -> np.ndarray:
        return np.array([stem_dice(frozenset(content_stems(words(x))), frozenset(content_stems(words(y)))) for x, y in zip(a, b, strict=True)])

    gate = SemanticSettings().min_shared
    out: dict[str, dict[str, float]] = {}
    groups = {
        "msrp_paraphrase": (np.concatenate([dice(train[0], train[1]), dice(test[0], test[1])]), np.concatenate([train[2], test[2]]) == 1),
        "msrp_not_paraphrase": (np.concatenate([dice(train[0], train[1]), dice(test[0], test[1])]), np.concatenate([train[2], test[2]]) == 0),
        "stsb_news_score>=4": (dice(sts[0], sts[1]), same),
        "stsb_news_score<=2": (dice(sts[0], sts[1]), different),
    }
    for name, (values, chosen) in groups.items():
        out[name] = {"pairs": int(chosen.sum()), f"under_{gate}": round(float((values[chosen] < gate).mean()), 4),
                     "under_0.2": round(float((values[chosen] < 0.2).mean()), 4)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    from copytrail.stages.semantic import MiniLMEncoder, StaticEncoder

    train, test, sts = msrp("train"), msrp("test"), stsb_news()
    same = sts[2] >= 4.0
    different = sts[2] <= 2.0
    results = {}
    for name, encoder in (("static", StaticEncoder()), ("minilm", MiniLMEncoder())):
        train_sims, _ = cosines(encoder, train[0], train[1])
        threshold = best_threshold(train_sims, train[2])
        test_sims, rate = cosines(encoder, test[0], test[1])
        sts_sims, _ = cosines(encoder, sts[0], sts[1])
        keep = same | different
        results[name] = {
            "sentences_per_second": round(rate, 1),
            "msrp_train_threshold": threshold,
            "msrp_test": scores(test_sims, test[2], threshold),
            "stsb_news_same_vs_different": scores(sts_sims[keep], same[keep].astype(int), threshold),
            "stsb_news_median_cosine": {
                "score>=4": round(float(np.median(sts_sims[same])), 3),
                "score<=2": round(float(np.median(sts_sims[different])), 3),
            },
        }
        print(name, json.dumps(results[name]), flush=True)
    results["shared_words_gate"] = shared_words_gate(train, test, sts, same, different)
    print("shared_words_gate", json.dumps(results["shared_words_gate"]), flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
