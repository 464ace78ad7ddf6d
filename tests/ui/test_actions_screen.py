"""The Actions screen (F9): every review's actions, filtered, by owner; the progress
update saved at once, audited, one action after another."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, Static

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp, make_app
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import Action, ActionStatus, Rag, Review, ReviewData
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.actions import ActionsScreen
from workshop_tui.ui.screens.progress_update import ProgressDialog

from .conftest import FROZEN_AT, burst, fictional_review, on_the_planned_day

TODAY = FROZEN_AT.date()


def second_review() -> ReviewData:
    return ReviewData(
        review=Review(reference="LR-2099-02", title="Learning Review: Child T"),
        actions=[
            Action(
                description="Audit neglect referrals from schools.",
                owner="Head of QA",
                lead_agency="social care",
                target_date=TODAY - dt.timedelta(days=12),
                status=ActionStatus.IN_PROGRESS,
                rag=Rag.RED,
            ),
            Action(
                description="Refresh the escalation policy briefing.",
                owner="Designated Safeguarding Lead",
                lead_agency="school",
                target_date=TODAY + dt.timedelta(days=90),
            ),
        ],
    )


def first_review_with_actions() -> ReviewData:
    data = on_the_planned_day(fictional_review())
    actions = [
        Action(
            description="Add a neglect tool to health visiting.",
            owner="Named Nurse",
            lead_agency="health",
            target_date=TODAY + dt.timedelta(days=10),
            status=ActionStatus.IN_PROGRESS,
            rag=Rag.AMBER,
        ),
        Action(
            description="Police to share domestic incident notices with schools.",
            owner="Head of QA",
            lead_agency="police",
            target_date=TODAY - dt.timedelta(days=3),
        ),
    ]
    return data.model_copy(update={"actions": actions})


@pytest.fixture
def two_reviews() -> Iterator[Repository]:
    repo = Repository.memory(clock=frozen_clock(FROZEN_AT))
    repo.create_review(first_review_with_actions())
    repo.create_review(second_review())
    yield repo
    repo.close()


@pytest.fixture
def tracker_app(two_reviews: Repository, tmp_path: Path) -> WorkshopApp:
    return make_app(two_reviews, clock=frozen_clock(FROZEN_AT), export_folder=tmp_path / "x")


def shown(screen: ActionsScreen) -> list[str]:
    return [row.action.description.split()[0] for row in screen.actions_shown]


async def test_the_actions_screen_lists_every_review_and_filters(tracker_app: WorkshopApp) -> None:
    async with tracker_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        screen = tracker_app.screen
        assert isinstance(screen, ActionsScreen)
        assert shown(screen) == ["Add", "Police", "Audit", "Refresh"]
        # Overdue and due soon are said in words and marked, not by colour alone.
        table = screen.query_one("#actions-table", DataTable)
        due = [str(table.get_cell_at(Coordinate(i, 0))) for i in range(4)]
        assert due == ["◷ due in 10 days", "‼ OVERDUE by 3 days", "‼ OVERDUE by 12 days", ""]
        assert str(table.get_cell_at(Coordinate(2, 3))) == "RED"

        await pilot.press("o")  # overdue only
        await pilot.pause()
        assert shown(screen) == ["Police", "Audit"]
        await pilot.press("o")
        await pilot.press("slash")
        await type_text(pilot, "review:LR-2099-02")
        await pilot.pause()
        assert shown(screen) == ["Audit", "Refresh"]
        await pilot.press(*[" "])
        await type_text(pilot, "rag:red")
        await pilot.pause()
        assert shown(screen) == ["Audit"]
        line = screen.query_one("#actions-filter", Input)
        line.value = ""
        await type_text(pilot, "owner:qa status:open")
        await pilot.pause()
        assert shown(screen) == ["Police"]
        line.value = ""
        await type_text(pilot, "agency:school")
        await pilot.pause()
        assert shown(screen) == ["Refresh"]
        line.value = ""
        await type_text(pilot, "colour:red")
        await pilot.press("enter")
        await pilot.pause()
        problems = str(screen.query_one("#actions-problems", Static).render())
        assert "colour: is not a filter" in problems
        await pilot.press("escape")  # clears
        await pilot.pause()
        assert len(shown(screen)) == 4

        # By owner: a heading per owner, with counts.
        await pilot.press("w")
        await pilot.pause()
        headings = [
            (str(table.get_cell_at(Coordinate(i, 0))), str(table.get_cell_at(Coordinate(i, 2))))
            for i, row in enumerate(screen.rows)
            if row is None
        ]
        assert headings == [
            ("▸ 1 action", "Designated Safegu…"),
            ("▸ 2 actions, 2 overdue", "Head of QA"),
            ("▸ 1 action", "Named Nurse"),
        ]


async def test_a_progress_update_is_saved_at_once_audited_and_the_next_action_comes_up(
    tracker_app: WorkshopApp, two_reviews: Repository
) -> None:
    async with tracker_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        dialog = tracker_app.screen
        assert isinstance(dialog, ProgressDialog)
        first, second = dialog.action_ids[:2]
        await pilot.press("g")
        await type_text(pilot, "Tool piloted in two teams.")
        await pilot.press("enter")
        await pilot.pause()
        # Saved before anything else happens, and the next action is up.
        stored = two_reviews.action_with_review(first)[1]
        assert stored.rag == Rag.GREEN
        assert [(p.text, p.rag, p.by) for p in stored.progress] == [
            ("Tool piloted in two teams.", Rag.GREEN, "Named Nurse")
        ]
        assert dialog.index == 1
        # Enter on the RAG keeps it; evidence goes with the update.
        await pilot.press("enter")
        await type_text(pilot, "Notices now shared weekly.")
        await pilot.press("tab")
        await type_text(pilot, "Audit of May notices")
        await pilot.press("enter")
        await pilot.pause()
        stored = two_reviews.action_with_review(second)[1]
        assert stored.rag is None
        assert stored.progress[-1].text == "Notices now shared weekly."
        assert stored.evidence == "Audit of May notices"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(tracker_app.screen, ActionsScreen)
    review_id = two_reviews.action_with_review(first)[0].id
    assert review_id is not None
    appended = [
        e
        for e in two_reviews.audit_events(review_id)
        if e.entity == "action" and e.entity_id == first
    ]
    assert any(e.field == "progress" and "Tool piloted" in (e.new or "") for e in appended)
    assert any(e.field == "rag" and e.new == "green" for e in appended)


async def test_updates_typed_ahead_in_one_burst_each_land_on_their_own_action(
    tracker_app: WorkshopApp, two_reviews: Repository
) -> None:
    async with tracker_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        screen = tracker_app.screen
        assert isinstance(screen, ActionsScreen)
        ids = [row.id for row in screen.actions_shown]
        keys = ["u", "g", *"First done.", "enter", "r", *"Second stuck.", "enter"]
        keys += ["a", *"Third slow.", "enter"]
        burst(tracker_app, keys)
        for _ in range(6):
            await pilot.pause()
    updates = [
        (a.progress[-1].text, a.rag)
        for a in (two_reviews.action_with_review(i)[1] for i in ids[:3])
    ]
    assert updates == [
        ("First done.", Rag.GREEN),
        ("Second stuck.", Rag.RED),
        ("Third slow.", Rag.AMBER),
    ]
