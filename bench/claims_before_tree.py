"""A code tree whose claims stage is the one before the speed work of issue 20 (commit 8f567f4)
with today's extraction rules, so before/after benches compare cost on the same output.

    .venv/bin/python bench/claims_before_tree.py DIR

``DIR/src`` gets this repository's committed ``src`` (HEAD), then the claims files of 8f567f4
(extraction, matching, records, similar and the store's claim batches; the array-based
modules added since, ``aligned.py`` and ``patterns.py``, removed), and the one rule added
since, the noise alternative for numbers inside hyphenated names (7a1c108), appended to the
old noise pattern.  Both trees extract the same claims from the 21,268 Reuters + BBC stories
(``bench/claims_extraction.py --baseline-tree DIR`` checks it field by field).
Nothing here is shipped.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BEFORE = "8f567f4"
OLD_FILES = (
    "src/copytrail/stages/claims/extraction.py",
    "src/copytrail/stages/claims/matching.py",
    "src/copytrail/stages/claims/records.py",
    "src/copytrail/stages/claims/similar.py",
    "src/copytrail/store/claim_batches.py",
)
NEW_FILES = ("src/copytrail/stages/claims/aligned.py", "src/copytrail/stages/claims/patterns.py")
_OLD_LAST_NOISE = '    r"|\\b[A-Za-z]+\\d+[A-Za-z\\d]*\\b|\\b\\d+[A-Za-z]*[A-Za-z]\\d+\\w*\\b",\n    re.IGNORECASE,'


def _git(*args: str) -> bytes:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, check=True).stdout


def name_rule() -> str:
    """The hyphenated-name alternative of today's noise pattern, as concatenated string lines."""
    patterns = (REPO / "src/copytrail/stages/claims/patterns.py").read_text(encoding="utf-8")
    block = patterns[patterns.index("    # A number joined to a name by a hyphen") : patterns.index(")\nNOISE_RE = ")]
    lines = [line for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]
    lines[0] = lines[0].replace('r"', 'r"|', 1)
    return "\n".join(lines).rstrip(",")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path)
    target = parser.parse_args().dir
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=_git("archive", "HEAD", "src"), check=True)
    for path in OLD_FILES:
        (target / path).write_bytes(_git("show", f"{BEFORE}:{path}"))
    for path in NEW_FILES:
        (target / path).unlink(missing_ok=True)
    extraction = target / OLD_FILES[0]
    text = extraction.read_text(encoding="utf-8")
    if _OLD_LAST_NOISE not in text:
        raise SystemExit(f"{extraction}: the old noise pattern's last line was not found")
    extraction.write_text(
        text.replace(_OLD_LAST_NOISE, _OLD_LAST_NOISE.replace('",\n', '"\n' + name_rule() + ",\n", 1)), encoding="utf-8"
    )
    print(target / "src")


if __name__ == "__main__":
    main()
