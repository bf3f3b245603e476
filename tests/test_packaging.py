"""Packaging: the distribution name, one version, the changelog, the wheel."""

import importlib.metadata
import pathlib
import re
import subprocess
import sys
import tomllib

import pytest

import checker

ROOT = pathlib.Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DISTRIBUTION = PYPROJECT["project"]["name"]


def test_distribution_is_not_named_like_the_taken_index_name():
    # "checker" on the package index is an unrelated project.
    assert DISTRIBUTION != "checker"
    scripts = PYPROJECT["project"]["scripts"]
    assert scripts["checker"] == scripts[DISTRIBUTION] == "checker.cli:main"


def test_version_has_one_source():
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "checker.__version__"}
    assert importlib.metadata.version(DISTRIBUTION) == checker.__version__


def test_changelog_has_the_current_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[([^\]]+)\]", changelog, flags=re.MULTILINE)
    assert versions[0] == "Unreleased"
    assert checker.__version__ in versions


def _can_build_offline() -> bool:
    try:
        import setuptools
    except ImportError:
        return False
    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1)  # bdist_wheel inside setuptools


@pytest.mark.skipif(not _can_build_offline(), reason="needs setuptools>=70.1 (the test extra) to build the wheel offline")
def test_wheel_installs_by_distribution_name_and_checks_the_bundled_pdf():
    result = subprocess.run(
        ["bash", str(ROOT / "tests" / "check_wheel.sh"), sys.executable],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"booklet_checker-[\w.]+-py3-none-any\.whl", lines[0])
    assert f"checker {checker.__version__}" in lines
    findings = next(line for line in lines if line.startswith("findings:"))
    assert re.fullmatch(r"findings: \d+ files: 1", findings)
