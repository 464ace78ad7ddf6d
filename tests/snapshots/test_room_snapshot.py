"""Snapshots of the room view (issue 15) at 80x24 and on a wide screen, light theme.

KLOE 1 has run 27:10 of its 25 minutes (over time); it holds an agreed finding and
action, and an escalation, an unagreed finding and a draft that must not show.
Plain ``def`` tests: pytest-textual-snapshot fails inside ``async def``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.ui.conftest import REFERENCE, fictional_review
from workshop_tui.app import make_app
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import Action, Draft, Escalation, Finding
from workshop_tui.room_app import RoomApp
from workshop_tui.services.room import Room
from workshop_tui.storage.repository import Repository

STARTED = dt.datetime(2099, 5, 21, 10, 0, 0)


def _room_app(tmp_path: Path) -> RoomApp:
    path = tmp_path / "workshop.db"
    with Repository.open(path, frozen_clock(STARTED)) as repo:
        review = repo.create_review(fictional_review())
        assert review.id is not None
        kloe = repo.kloes(review.id)[0]
        assert kloe.id is not None
        repo.start_workshop(review.id)
        repo.start_kloe(review.id, kloe.id)
        finding = repo.add_finding(
            review.id,
            Finding(
                kloe_ids=[kloe.id], statement="Risk was held in separate records.", agreed=True
            ),
        )
        repo.add_action(
            review.id,
            Action(
                finding_id=finding.id,
                kloe_id=kloe.id,
                description="Add a cumulative-risk prompt to supervision.",
                owner="Named Nurse",
                target_date=dt.date(2099, 9, 30),
                agreed=True,
            ),
        )
        repo.add_finding(review.id, Finding(kloe_ids=[kloe.id], statement="Not agreed yet."))
        repo.add_escalation(
            review.id, Escalation(kloe_id=kloe.id, description="Sibling's referral unallocated.")
        )
        repo.save_draft(review.id, Draft(form="action", payload={"description": "Half typed"}))
    clock = frozen_clock(STARTED + dt.timedelta(minutes=27, seconds=10))
    return make_app(Room.open(path), clock=clock, review_reference=REFERENCE)


def test_room_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    app = _room_app(tmp_path)
    try:
        assert snap_compare(app, terminal_size=(80, 24))
    finally:
        app.services.room.close()


def test_room_wide(snap_compare: Any, tmp_path: Path) -> None:
    app = _room_app(tmp_path)
    try:
        assert snap_compare(app, terminal_size=(160, 45))
    finally:
        app.services.room.close()
