"""Every pin installs on a machine that never saw this one: registry names and versions only."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.+!_-]+$")
LOCAL = re.compile(r"(\s@\s|file:|://|^[./~]|\.whl|\.tar\.gz)")


def local_references(lines: list[str]) -> list[str]:
    """Requirement lines that point at a file or URL instead of a registry release."""
    return [line for line in lines if LOCAL.search(line)]


def test_constraints_are_registry_pins() -> None:
    lines = [line.strip() for line in (ROOT / "constraints.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert not local_references(lines), "constraints.txt points at local files; run `make lock`"
    assert [line for line in lines if not PIN.match(line)] == []


def test_project_dependencies_name_registry_releases() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"]) + [r for extra in project["optional-dependencies"].values()
                                                    for r in extra]
    assert local_references(requirements) == []


def test_the_check_catches_what_pip_freeze_writes_for_a_local_wheel() -> None:
    frozen = ["PyStemmer @ file:///tmp/dl/pystemmer-3.1.0-cp311-cp311-manylinux1_x86_64.whl#sha256=ca5c",
              "torch==2.13.0", "./wheels/x-1.0-py3-none-any.whl"]
    assert local_references(frozen) == [frozen[0], frozen[2]]
