"""Snapshots of Home, Workshop and Outcomes at 120x40 with frozen clocks.

Plain ``def`` tests: pytest-textual-snapshot fails inside ``async def``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.ui.conftest import FROZEN_AT, REFERENCE, fictional_review
from workshop_tui.app import WorkshopApp, make_app
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import (
    Action,
    Escalation,
    Finding,
    Perspective,
)
from workshop_tui.storage.repository import Repository

SIZE = (120, 40)


def _workshop_app() -> WorkshopApp:
    """KLOE 1 started at 10:00 with four captures; the app's clock says 10:27:10 (over time)."""
    started = dt.datetime(2099, 5, 21, 10, 0, 0)
    repo = Repository.memory(clock=frozen_clock(started))
    review = repo.create_review(fictional_review())
    assert review.id is not None
    review_id = review.id
    people = repo.participants(review_id)
    kloe = repo.kloes(review_id)[0]
    repo.start_workshop(review_id)
    assert kloe.id is not None
    repo.start_kloe(review_id, kloe.id)
    repo.add_perspective(
        review_id,
        Perspective(
            kloe_id=kloe.id,
            participant_id=people[0].id,
            text="Each visit looked manageable on its own.",
        ),
    )
    finding = repo.add_finding(
        review_id,
        Finding(kloe_ids=[kloe.id], statement="Risk was held in separate records.", agreed=True),
    )
    repo.add_action(
        review_id,
        Action(
            finding_id=finding.id,
            kloe_id=kloe.id,
            description="Add a cumulative-risk prompt to supervision.",
            owner="Named Nurse",
            target_date=dt.date(2099, 9, 30),
        ),
    )
    repo.add_escalation(
        review_id,
        Escalation(
            kloe_id=kloe.id,
            description="Sibling's referral still unallocated.",
            escalate_to="Team Manager, Children's Social Care",
            immediate_risk=True,
        ),
    )
    clock = frozen_clock(started + dt.timedelta(minutes=27, seconds=10))
    return make_app(repo, clock=clock, review_reference=REFERENCE)


def test_home(snap_compare: Any) -> None:
    repo = Repository.memory(clock=frozen_clock(FROZEN_AT))
    repo.create_review(fictional_review())
    app = make_app(repo, clock=frozen_clock(FROZEN_AT))
    assert snap_compare(app, terminal_size=SIZE)


def test_prepare(snap_compare: Any) -> None:
    # The screen a review opens on while it is being prepared: its details in full.
    repo = Repository.memory(clock=frozen_clock(FROZEN_AT))
    repo.create_review(fictional_review())
    app = make_app(repo, clock=frozen_clock(FROZEN_AT), review_reference=REFERENCE)
    assert snap_compare(app, terminal_size=SIZE)


def test_workshop(snap_compare: Any) -> None:
    assert snap_compare(_workshop_app(), terminal_size=SIZE)


def test_outcomes(snap_compare: Any) -> None:
    assert snap_compare(_workshop_app(), terminal_size=SIZE, press=["f6"])


def test_workshop_at_80x24(snap_compare: Any) -> None:
    assert snap_compare(_workshop_app(), terminal_size=(80, 24))
