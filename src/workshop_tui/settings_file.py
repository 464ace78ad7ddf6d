"""Reading the settings file (``settings.toml`` in the user's config folder).

``WORKSHOP_TUI_SETTINGS`` names another file (tests, or a shared partnership file). A file
that is absent gives the defaults quietly; a file that cannot be read or says something
wrong gives the defaults *and* a message naming the file and the key, which the app and
the command line show: the app still opens.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from workshop_tui.domain.settings import Settings, describe_errors

ENVIRONMENT = "WORKSHOP_TUI_SETTINGS"


def settings_path() -> Path:
    """Where the settings are read from."""
    named = os.environ.get(ENVIRONMENT)
    if named:
        return Path(named).expanduser()
    from platformdirs import user_config_path

    return user_config_path("workshop-tui", appauthor=False) / "settings.toml"


@dataclass(frozen=True, slots=True)
class LoadedSettings:
    """The settings in force, where they came from, and what was wrong with the file."""

    settings: Settings = field(default_factory=Settings)
    path: Path | None = None
    problem: str = ""
    """Empty when the file was fine or absent; else why the defaults are in force."""


def load_settings(path: Path | None = None) -> LoadedSettings:
    """The settings in ``path`` (None: :func:`settings_path`); never raises."""
    path = path if path is not None else settings_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return LoadedSettings(Settings(), path)
    except OSError as error:
        return LoadedSettings(Settings(), path, _defaults(f"{path}: cannot be read ({error})"))
    try:
        values = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return LoadedSettings(Settings(), path, _defaults(f"{path}: is not UTF-8 text"))
    except tomllib.TOMLDecodeError as error:
        return LoadedSettings(Settings(), path, _defaults(f"{path}: not valid TOML: {error}"))
    try:
        return LoadedSettings(Settings.model_validate(values), path)
    except ValidationError as error:
        return LoadedSettings(Settings(), path, _defaults(describe_errors(str(path), error)))


def _defaults(problem: str) -> str:
    return problem + "\nThe default settings are in use until the file is put right."
