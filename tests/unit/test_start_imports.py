"""Opening a review paints its first screen without importing what that screen does not use
(issue 17: start-up). Checked in a fresh interpreter running the real command line, at the
moment the review's screen is first painted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.conftest import FROZEN_AT, fictional_review
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.services import Services

SCRIPT = """
import json, sys
from textual.app import App
from workshop_tui.cli import main

original = App._display

def display(self, screen, renderable):
    original(self, screen, renderable)
    from workshop_tui.ui.screens.base import ReviewScreen
    if renderable is not None and isinstance(screen, ReviewScreen):
        with open(sys.argv[1], "w", encoding="utf-8") as out:
            json.dump({"screen": type(screen).__name__, "modules": sorted(sys.modules)}, out)
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
)


@pytest.mark.parametrize("screen", ["PrepareScreen", "ChronologyScreen"])
def test_a_review_opens_without_the_forms_dialogs_room_or_documents(
    tmp_path: Path, screen: str
) -> None:
    db = tmp_path / "workshop.db"
    with Services.open(db, frozen_clock(FROZEN_AT)) as services:
        review = services.repository.create_review(fictional_review())
    report = tmp_path / "report.json"
    env = dict(os.environ)
    subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            str(report),
            str(db),
            review.reference,
            *(["chronology"] if screen == "ChronologyScreen" else []),
        ],
        check=True,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
    )
    painted = json.loads(report.read_text("utf-8"))
    assert painted["screen"] == screen
    loaded = [
        name
        for name in painted["modules"]
        if any(name == m or name.startswith(m + ".") for m in NOT_BEFORE_THE_FIRST_PAINT)
    ]
    assert loaded == []
