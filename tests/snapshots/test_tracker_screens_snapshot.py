"""Snapshots of the Actions screen (F9), the progress update and the meetings dialog at
120x40 (and the Actions screen at 80x24), frozen clock.

Plain ``def`` tests: pytest-textual-snapshot fails inside ``async def``.
"""

from __future__ import annotations

from typing import Any

from tests.ui.conftest import FROZEN_AT, REFERENCE, fictional_review, on_the_planned_day
from tests.ui.test_actions_screen import first_review_with_actions, second_review
from workshop_tui.app import WorkshopApp, make_app
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.storage.repository import Repository

SIZE = (120, 40)


def _tracker_app() -> WorkshopApp:
    repo = Repository.memory(clock=frozen_clock(FROZEN_AT))
    repo.create_review(first_review_with_actions())
    repo.create_review(second_review())
    return make_app(repo, clock=frozen_clock(FROZEN_AT))


def test_actions_screen(snap_compare: Any) -> None:
    assert snap_compare(_tracker_app(), press=["f9"], terminal_size=SIZE)


def test_actions_screen_by_owner_at_80x24(snap_compare: Any) -> None:
    assert snap_compare(_tracker_app(), press=["f9", "w"], terminal_size=(80, 24))


def test_progress_update(snap_compare: Any) -> None:
    assert snap_compare(_tracker_app(), press=["f9", "down", "u", "a"], terminal_size=SIZE)


def test_meetings_dialog(snap_compare: Any) -> None:
    repo = Repository.memory(clock=frozen_clock(FROZEN_AT))
    repo.create_review(on_the_planned_day(fictional_review()))
    app = make_app(repo, clock=frozen_clock(FROZEN_AT), review_reference=REFERENCE)
    assert snap_compare(app, press=["f5", "M", "f", "enter"], terminal_size=SIZE)
