"""The layout stays readable: no module over 600 lines, no function over 80 without a reason.

A function may run longer when a comment on the line of its ``def`` (or the line above it)
starts with ``# long:`` and says why splitting it would hide more than it shows.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "copytrail"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_no_module_is_over_600_lines() -> None:
    long = {str(p.relative_to(SRC)): n for p in _modules() if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def _long_functions(path: Path) -> list[str]:
    lines = path.read_text().splitlines()
    found = []
    for node in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        length = (node.end_lineno or node.lineno) - start + 1
        if length <= MAX_FUNCTION_LINES:
            continue
        around = " ".join(lines[max(0, start - 2): node.lineno])
        if "# long:" not in around:
            found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_is_over_80_lines_without_a_reason() -> None:
    long = [f for p in _modules() for f in _long_functions(p)]
    assert not long, "functions over 80 lines with no '# long:' reason:\n" + "\n".join(long)


def test_the_pipeline_folders_exist() -> None:
    """A newcomer reading the folder list sees ingest → … → outputs."""
    stages = {p.stem for p in (SRC / "stages").iterdir() if not p.name.startswith("_")}
    assert {"ingest", "segment", "sketch", "candidates", "align", "semantic", "cluster", "claims", "network"} <= stages
    for folder in ("store", "outputs", "engines", "cli"):
        assert (SRC / folder / "__init__.py").is_file(), folder
