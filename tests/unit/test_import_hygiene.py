"""The core layers never import Textual (house style; start-up time of the plain commands),
and only storage touches SQLite (the README's layout)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import workshop_tui

CORE = ("domain", "storage", "importers", "exporters")
PURE = ("domain", "importers", "exporters")
DATABASE = ("sqlite3", "sqlite_utils", "workshop_tui.storage")


def modules_of(*packages: str) -> list[str]:
    """Each of ``packages`` (under workshop_tui) and every module below it."""
    names = []
    for package in packages:
        names.append(f"workshop_tui.{package}")
        module = __import__(f"workshop_tui.{package}", fromlist=["__path__"])
        names += [
            info.name for info in pkgutil.walk_packages(module.__path__, f"workshop_tui.{package}.")
        ]
    return names


def core_modules() -> list[str]:
    return ["workshop_tui.cli", *modules_of(*CORE)]


def imported_with(modules: list[str], roots: tuple[str, ...]) -> str:
    """The modules under ``roots`` that importing ``modules`` in a fresh interpreter loads."""
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"roots = {roots!r}\n"
        "prefixes = tuple(root + '.' for root in roots)\n"
        "leaked = sorted(m for m in sys.modules if m in roots or m.startswith(prefixes))\n"
        "print(' '.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_core_modules_exist() -> None:
    names = core_modules()
    assert "workshop_tui.domain.models" in names
    assert len(names) > len(CORE) + 1


def test_core_layers_and_cli_do_not_import_textual() -> None:
    leaked = imported_with(core_modules(), ("textual",))
    assert leaked == "", f"Textual imported by the core: {leaked}"


def test_the_app_does_import_textual() -> None:
    """The check above can fail: the interface module really pulls Textual in."""
    result = subprocess.run(
        [sys.executable, "-c", "import sys, workshop_tui.app; print('textual' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True"
    assert workshop_tui.__version__


def test_only_storage_touches_the_database() -> None:
    """Domain, importers and exporters load neither SQLite nor the storage layer."""
    assert imported_with(modules_of(*PURE), DATABASE) == ""
    # The check can fail: the repository really loads both.
    assert "sqlite3" in imported_with(["workshop_tui.storage.repository"], DATABASE).split()
