#!/usr/bin/env bash
# Set up copytrail in .venv and run the main job on the bundled sample corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
mkdir -p out
.venv/bin/copytrail scan examples/sample-corpus --root examples --db out/sample.duckdb || [ $? -eq 1 ]
.venv/bin/copytrail export alignments --db out/sample.duckdb -o out/alignments.jsonl
.venv/bin/copytrail export narratives --db out/sample.duckdb -o out/narratives.jsonl
.venv/bin/copytrail export documents --db out/sample.duckdb --format csv -o out/documents.csv
.venv/bin/copytrail export claims --db out/sample.duckdb -o out/claims.jsonl
.venv/bin/copytrail report --db out/sample.duckdb -o out/report.html
echo "Results: out/sample.duckdb, out/alignments.jsonl, out/narratives.jsonl, out/documents.csv, out/claims.jsonl, out/report.html"
