"""The core layers never import Textual (house style; start-up time of the plain commands)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import workshop_tui

CORE = ("domain", "storage", "importers", "exporters")


def core_modules() -> list[str]:
    names = ["workshop_tui.cli"]
    for package in CORE:
        names.append(f"workshop_tui.{package}")
        module = __import__(f"workshop_tui.{package}", fromlist=["__path__"])
        names += [
            info.name for info in pkgutil.walk_packages(module.__path__, f"workshop_tui.{package}.")
        ]
    return names


def test_core_modules_exist() -> None:
    names = core_modules()
    assert "workshop_tui.domain.models" in names
    assert len(names) > len(CORE) + 1


def test_core_layers_and_cli_do_not_import_textual() -> None:
    script = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(' '.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"Textual imported by the core: {result.stdout}"


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
