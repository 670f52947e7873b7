"""The command reference in README.md ("Using it") says what ``copytrail --help`` says.

Every command line shown must parse (the command exists, its flags and choices are accepted),
every flag named in a comment beside it must belong to that command, and every command the
app registers must be shown, so the README cannot drift from the code.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer.main

from copytrail.cli.main import app

README = Path(__file__).resolve().parent.parent / "README.md"


def _reference_lines() -> list[str]:
    """The ``copytrail ...`` lines of the first bash block after the "Using it" heading."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Using it", 1)[1]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip().startswith("copytrail ")]


def _commands() -> dict[str, Any]:
    """The app's commands as the command-line parser sees them, by name."""
    return dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def _split(line: str) -> tuple[list[str], str]:
    """``(words of the command line, its comment)``; ``[--flag]`` marks an optional flag."""
    command, _, comment = line.partition(" #")
    words = shlex.split(command.replace("[", " ").replace("]", " "))
    return words[1:], comment


def _option_names(command: Any) -> set[str]:
    return {name for param in command.params for name in (*param.opts, *param.secondary_opts)}


LINES = _reference_lines()


def test_the_reference_is_found() -> None:
    assert len(LINES) >= 10


@pytest.mark.parametrize("line", LINES)
def test_every_line_parses(line: str) -> None:
    words, _ = _split(line)
    commands = _commands()
    name, args = words[0], words[1:]
    assert name in commands, f"README shows '{name}', which copytrail does not have"
    command = commands[name]
    with command.make_context(name, list(args)):
        pass  # raises a usage error on an unknown flag, a bad choice or a missing option


@pytest.mark.parametrize("line", LINES)
def test_flags_in_comments_belong_to_the_command(line: str) -> None:
    words, comment = _split(line)
    command = _commands()[words[0]]
    for flag in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", comment):
        assert flag in _option_names(command), f"'{flag}' is not an option of '{words[0]}'"


def test_every_command_is_shown() -> None:
    shown = {_split(line)[0][0] for line in LINES}
    missing = set(_commands()) - shown
    assert not missing, f"commands missing from README's 'Using it': {sorted(missing)}"
