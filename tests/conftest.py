"""Shared fixtures. Keep this small: put fixtures used by one file in that file."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workshop_tui.domain.clock import Clock, frozen_clock
from workshop_tui.storage.repository import Repository

BENCH = Path(__file__).resolve().parents[1] / "bench"
# The benchmark's synthetic inputs (``import synth``) serve the tests too.
sys.path.insert(0, str(BENCH))
# tests/unit is no package: its modules are imported by their own names (``export_fixtures``,
# ``test_columns``), here for the tests in other folders too, and so for mypy (``mypy_path``).
sys.path.insert(0, str(Path(__file__).resolve().parent / "unit"))


def _no_timing_in_hypothesis() -> None:
    """Hypothesis fails a case that takes over 200 ms (its deadline) or whose inputs are
    slow to make (the too_slow health check): timing assertions, which failed three
    property tests with four test workers on a busy machine (load 12). CI already runs
    without them (Hypothesis's "ci" profile); so does every other run now."""
    from hypothesis import HealthCheck, settings

    current = settings.default
    if settings.get_current_profile_name() != "default" or current is None:
        return  # "ci", or one a person chose
    settings.register_profile(
        "no-timing",
        current,
        deadline=None,
        suppress_health_check=[*current.suppress_health_check, HealthCheck.too_slow],
    )
    settings.load_profile("no-timing")


_no_timing_in_hypothesis()


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist (``scripts/test`` runs ``-n``), each worker writes the failing
    examples Hypothesis keeps into its own folder, ``.hypothesis/examples-gwN``, and
    reads every other one (and a plain run's ``examples``), so workers never write the
    same files and a failure found by one worker is replayed by whichever runs that test
    next. Under CI Hypothesis keeps no database at all (its "ci" profile)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        return
    from hypothesis import settings
    from hypothesis.database import (
        DirectoryBasedExampleDatabase,
        MultiplexedDatabase,
        ReadOnlyDatabase,
    )

    if settings.default is None or settings.default.database is None:
        return
    folder = config.rootpath / ".hypothesis"
    own = folder / f"examples-{worker}"
    others = [
        ReadOnlyDatabase(DirectoryBasedExampleDatabase(path))
        for path in sorted(folder.glob("examples*"))
        if path != own and path.is_dir()
    ]
    database = MultiplexedDatabase(DirectoryBasedExampleDatabase(own), *others)
    settings.register_profile("xdist-worker", settings.default, database=database)
    settings.load_profile("xdist-worker")


def _share_parsed_css() -> None:
    """Every test app parses the same style files: parse each once per test process.

    Textual keeps parsed CSS per stylesheet (so per App instance), and each of the suite's
    thousand apps parsed styles/*.tcss and every widget's DEFAULT_CSS again (about a tenth
    of a UI test's CPU). The rules Textual builds are never changed after parsing (its own
    cache hands the same lists to every reparse), so apps may share them when the CSS text,
    where it came from, and the CSS variables (the theme) are all the same. A parse that
    raises is not kept, so a bad stylesheet fails every test that loads it, as before."""
    from textual.css.model import RuleSet
    from textual.css.stylesheet import Stylesheet

    parsed: dict[tuple[object, ...], list[RuleSet]] = {}
    parse_rules = Stylesheet._parse_rules
    # The variables as a small number (hashing ~200 of them for every lookup cost more than
    # the lookup saved): the same number for equal variables, looked up once per dict.
    themes: dict[tuple[tuple[str, str], ...], int] = {}
    variables_seen: dict[int, tuple[dict[str, str], int]] = {}

    def variables_key(stylesheet: Stylesheet) -> int:
        variables = stylesheet._variables  # replaced, never changed in place, by Textual
        seen = variables_seen.get(id(variables))
        if seen is None or seen[0] is not variables:
            theme = themes.setdefault(tuple(sorted(variables.items())), len(themes))
            seen = (variables, theme)
            variables_seen[id(variables)] = seen
        return seen[1]

    def shared_parse_rules(
        self: Stylesheet,
        css: str,
        read_from: tuple[str, str],
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables_key(self))
        rules = parsed.get(key)
        if rules is None:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            parsed[key] = rules
        return rules

    Stylesheet._parse_rules = shared_parse_rules  # type: ignore[method-assign]


_share_parsed_css()


FROZEN_NOW = dt.datetime(2024, 3, 14, 9, 30, 0)
"""What "now" is in every test that uses the shared clock."""


@pytest.fixture
def clock() -> Clock:
    """A clock frozen at FROZEN_NOW."""
    return frozen_clock(FROZEN_NOW)


@pytest.fixture
def repo(clock: Clock) -> Iterator[Repository]:
    """An empty repository on an in-memory database, with the frozen clock."""
    repository = Repository.memory(clock=clock)
    yield repository
    repository.close()


@pytest.fixture
def tmp_db_path(tmp_path: Path) -> Path:
    """Where a test may create a database file (not created yet; its folder is new)."""
    return tmp_path / "data" / "workshop.db"


@pytest.fixture(autouse=True)
def _no_user_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never read the settings file of whoever runs the tests: an absent file (defaults)
    unless a test names one (``WORKSHOP_TUI_SETTINGS``)."""
    folder = tmp_path_factory.mktemp("settings")
    monkeypatch.setenv("WORKSHOP_TUI_SETTINGS", str(folder / "settings.toml"))


@pytest.fixture(autouse=True)
def _notices_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every notice stays for ten minutes, not the five seconds (or the ten or fifteen the
    app asks for). Tests read the notices raised (``app._notifications``), and Textual drops
    one from there once its time is up by the wall clock: with four test workers on a busy
    machine, more than that passed between a notice and the assertion, and
    test_a_storage_failure_in_any_action_is_said_and_the_app_carries_on (a 10 s notice) and
    test_a_function_key_or_quit_with_a_form_open_keeps_its_last_words (5 s) failed so."""
    from textual.app import App

    notify = App.notify

    def lasting(self: App[object], message: str, **options: Any) -> None:
        options["timeout"] = max(options.get("timeout") or 0.0, 600.0)
        notify(self, message, **options)

    monkeypatch.setattr(App, "notify", lasting)
