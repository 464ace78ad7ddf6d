"""Opening a review paints its first screen without importing what that screen does not use
and without building a pydantic model (issue 17: start-up). Checked in a fresh interpreter
running the real command line, at the moment the review's screen is first painted."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import FROZEN_AT, fictional_review
from workshop_tui import cli
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.resources import sample_cases_dir
from workshop_tui.services import Services
from workshop_tui.services.demo import build_demo

SCRIPT = """
import json, sys
from textual.app import App
from workshop_tui.cli import main

original = App._display

def display(self, screen, renderable):
    original(self, screen, renderable)
    from workshop_tui.ui.screens.base import ReviewScreen
    if renderable is not None and isinstance(screen, ReviewScreen):
        from pydantic import BaseModel

        def subclasses(model):
            for subclass in model.__subclasses__():
                yield subclass
                yield from subclasses(subclass)

        built = sorted(  # validators built (defer_build: only on a model's first validation)
            model.__qualname__
            for model in subclasses(BaseModel)
            if model.__module__.startswith("workshop_tui.") and model.__pydantic_complete__
        )
        report = {"screen": type(screen).__name__, "modules": sorted(sys.modules), "built": built}
        with open(sys.argv[1], "w", encoding="utf-8") as out:
            json.dump(report, out)
        self.exit()

original_run = App.run

def run(self, **kwargs):
    return original_run(self, headless=True, size=(120, 40))

App._display = display
App.run = run
if sys.argv[4:] == ["chronology"]:  # as the benchmark opens a review on its chronology
    from workshop_tui.app import WorkshopApp

    open_review = WorkshopApp.open_review
    WorkshopApp.open_review = lambda self, review, screen=None: open_review(
        self, review, "chronology"
    )
if sys.argv[2] == "demo":
    main(["demo"], standalone_mode=False)
else:
    main(["--db", sys.argv[2], "open", sys.argv[3]], standalone_mode=False)
"""

NOT_BEFORE_THE_FIRST_PAINT = (
    "docx",
    "openpyxl",
    "sqlite_utils",
    "workshop_tui.exporters",
    "workshop_tui.importers",
    "workshop_tui.services.room",  # the room view's code
    "workshop_tui.ui.screens.dialogs",  # opened by keys, later
    "workshop_tui.ui.widgets.fields",  # the forms' fields
    "workshop_tui.ui.screens.prepare_forms",
    "workshop_tui.ui.screens.prepare_agency_forms",
    "workshop_tui.services.demo",  # the demo's steps: its findings and actions are models
    # the use cases of areas a review's first screen does not use (services.Services)
    "workshop_tui.services.actions",
    "workshop_tui.services.captures",
    "workshop_tui.services.exports",
    "workshop_tui.services.intake",
    "workshop_tui.services.meetings",
    "workshop_tui.services.search",
    "workshop_tui.services.themes",
    "workshop_tui.services.workshop",
    "pydantic.plugin._loader",  # loaded when a first model is built
)


def first_paint(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """What was loaded and built when the review screen was first painted."""
    report = tmp_path / "report.json"
    subprocess.run(
        [sys.executable, "-c", SCRIPT, str(report), *args],
        check=True,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
    )
    painted: dict[str, Any] = json.loads(report.read_text("utf-8"))
    return painted


def not_yet_wanted(modules: list[str]) -> list[str]:
    return [
        name
        for name in modules
        if any(name == m or name.startswith(m + ".") for m in NOT_BEFORE_THE_FIRST_PAINT)
    ]


@pytest.mark.parametrize("screen", ["PrepareScreen", "ChronologyScreen"])
def test_a_review_opens_without_the_forms_dialogs_room_or_documents(
    tmp_path: Path, screen: str
) -> None:
    db = tmp_path / "workshop.db"
    with Services.open(db, frozen_clock(FROZEN_AT)) as services:
        review = services.repository.create_review(fictional_review())
    painted = first_paint(
        tmp_path,
        str(db),
        review.reference,
        *(["chronology"] if screen == "ChronologyScreen" else []),
    )
    assert painted["screen"] == screen
    assert not_yet_wanted(painted["modules"]) == []
    assert painted["built"] == []  # every review read so far came from the database


def test_the_demo_paints_its_review_before_building_a_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo's cached database, as the first demo of the day leaves it.
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    today = dt.date.today()
    template = cli._demo_template(sample_cases_dir(), today)
    template.parent.mkdir(parents=True)
    build_demo(template, sample_cases_dir(), today)

    painted = first_paint(
        tmp_path, "demo", env={"XDG_CACHE_HOME": str(cache), "TMPDIR": str(tmp_path)}
    )

    assert painted["screen"] == "PrepareScreen"
    assert not_yet_wanted(painted["modules"]) == []
    assert painted["built"] == []
