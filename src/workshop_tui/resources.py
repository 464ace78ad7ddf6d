"""Where the files shipped beside the code live, installed or in a checkout.

The wheel puts ``styles/`` and ``sample_cases/`` inside the package
(``workshop_tui/styles``); a checkout keeps them at the repository root.
The package folder is checked first, so an installed copy never reads a
stray checkout.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_ROOT = _PACKAGE_DIR.parent.parent


def _shipped_dir(name: str) -> Path:
    packaged = _PACKAGE_DIR / name
    if packaged.is_dir():
        return packaged
    return _CHECKOUT_ROOT / name


def styles_dir() -> Path:
    """The folder holding the ``.tcss`` files (``app.tcss`` and one per screen)."""
    return _shipped_dir("styles")


DEMO_PACKS: tuple[str, ...] = ("child-r", "child-s", "child-t")
"""The sample case packs ``workshop-tui demo`` imports, in order (the first opens): here,
not in ``services.demo``, so that the demo's start finds its cached copy without loading
the demo's steps (their findings and actions are models, validated when built)."""


def sample_cases_dir() -> Path:
    """The folder holding the bundled fictional case packs (``child-r/`` ...)."""
    return _shipped_dir("sample_cases")
