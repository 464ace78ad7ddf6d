"""Every third-party package the code imports is declared in pyproject.toml, pinned exactly:
the application's in ``dependencies``, the tests' and the benchmark's in the ``test`` extra."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement such as ``"click==8.5.1"``."""
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def _imported(folder: str) -> dict[str, Path]:
    """Each top-level module imported by the code in ``folder``, with one file importing it;
    the standard library and our own modules (any module with a file in the project) left out."""
    ours = {"workshop_tui", "tests"} | {
        path.stem for part in ("src", "tests", "bench") for path in (ROOT / part).rglob("*.py")
    }
    found: dict[str, Path] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ours and top != "__future__":
                    found.setdefault(top, path)
    return found


def _undeclared(folder: str, declared: list[str]) -> list[str]:
    names = {_name(requirement) for requirement in declared}
    distributions = importlib.metadata.packages_distributions()
    missing = []
    for module, path in _imported(folder).items():
        dists = {_name(d) for d in distributions.get(module, [module])}
        if not dists & names:
            missing.append(f"{module} ({', '.join(sorted(dists))}), imported by {path}")
    return missing


def _project() -> dict[str, list[str]]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        project = tomllib.load(f)["project"]
    return {
        "dependencies": project["dependencies"],
        "test": project["optional-dependencies"]["test"],
    }


def test_every_package_the_application_imports_is_a_dependency() -> None:
    assert _undeclared("src", _project()["dependencies"]) == []


def test_every_package_the_tests_and_benchmark_import_is_declared() -> None:
    project = _project()
    declared = project["dependencies"] + project["test"]
    assert _undeclared("tests", declared) == []
    assert _undeclared("bench", declared) == []


def test_every_dependency_is_pinned_exactly() -> None:
    project = _project()
    loose = [r for r in project["dependencies"] + project["test"] if "==" not in r]
    assert loose == []


def test_the_invitation_librarys_own_dependencies_are_pinned_too() -> None:
    """icalendar (exporters/invitation.py) brings packages of its own; each is declared and
    pinned exactly beside it (whatever Python it is needed on), at the version installed."""
    declared = {_name(r): r for r in _project()["dependencies"]}
    assert declared["icalendar"] == "icalendar==7.3.2"
    needed = importlib.metadata.requires("icalendar") or []
    assert needed
    for requirement in needed:
        name = _name(requirement)
        assert name in declared, f"{requirement} (needed by icalendar) is not declared"
        installed = importlib.metadata.version(name)
        assert declared[name].split("==")[1] == installed, (declared[name], installed)
