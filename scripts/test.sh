#!/usr/bin/env bash
# Set up copytrail with its test extras in .venv and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# Browser tests drive Debian's Chromium (never a downloaded browser), Spark tests need a Java
# runtime: install them from Debian when they are missing and we can.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
# The CPU build of torch first, so the semantic extra never pulls a CUDA build.
.venv/bin/python -m pip install -q --disable-pip-version-check torch==2.13.0
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,semantic,spark]'
.venv/bin/ruff check src tests bench
.venv/bin/python -m pytest "$@"
