"""What the minutes of a meeting record besides what was said: decisions (who decided,
at which KLOE), late arrivals and early leavers, and later meetings of the same review."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, Static

from workshop_tui.app import WorkshopApp
from workshop_tui.domain.models import Attendance
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.attendance import AttendanceDialog
from workshop_tui.ui.screens.capture import DecisionForm
from workshop_tui.ui.screens.workshop import WorkshopScreen

from .conftest import review_id_of


def minutes_of(app: WorkshopApp, review_id: int) -> str:
    return app.services.exports.preview(review_id, "minutes", pseudonymise=False)


async def test_a_decision_is_captured_with_who_decided_and_shown_in_the_minutes(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, DecisionForm)
        await pilot.press(*"dev", "enter", *"Police to attend the next strategy meeting.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert [kind.kind for kind, _ in app.screen.items] == ["decision"]
    kloe = repository.kloes(review_id)[0]
    (decision,) = repository.captures("decision", review_id)
    assert decision.kloe_id == kloe.id
    assert decision.text == "Police to attend the next strategy meeting."
    dev = next(p for p in repository.participants(review_id) if p.name == "Dev Marsh")
    assert decision.participant_id == dev.id
    minutes = minutes_of(app, review_id)
    section = minutes.split("## KLOE 1: Cumulative risk", 1)[1].split("## KLOE 2", 1)[0]
    assert "Decisions" in section
    assert (
        "Decided by Dev Marsh (Detective Sergeant, Fernmoor Police):** Police to attend"
        " the next strategy meeting." in section
    )


async def test_a_decision_without_anyone_named_is_refused_not_put_down_to_the_room(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "s")
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DecisionForm)
        await pilot.press("tab", *"Close the review early.", "ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open, words kept
        error = str(form.query_one("#error-speaker", Static).render())
        assert "Who decided?" in error
        await pilot.press(*"the panel", "enter", "ctrl+s")  # the error put the cursor there
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
    (decision,) = repository.captures("decision", review_id)
    assert decision.participant_id is None and decision.speaker_name == "the panel"
    assert decision.text == "Close the review early."
    assert "Decided by the panel:** Close the review early." in minutes_of(app, review_id)


async def test_late_arrival_and_early_leaving_are_saved_with_their_times_and_in_the_minutes(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "s")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceDialog)
        # Dev Marsh (second on the list) joined at 10:40; the line offers the time now.
        await pilot.press("down", "j")
        await pilot.pause()
        line = app.screen.query_one("#attendance-time", Input)
        assert line.value == "10:12"
        await pilot.press(*["backspace"] * 5, *"10:40", "enter")
        await pilot.pause()
        # Cora Wren (first) left at 12:05.
        await pilot.press("up", "l", *["backspace"] * 5, *"1205", "enter")
        await pilot.pause()
        # Dev cannot have left before he joined: refused, said, nothing saved.
        await pilot.press("down", "l", *["backspace"] * 5, *"10:30", "enter")
        await pilot.pause()
        error = str(app.screen.query_one("#attendance-error", Static).render())
        assert "joined at 10:40" in error
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
    people = {p.name: p for p in repository.participants(review_id)}
    assert people["Dev Marsh"].arrived_at == dt.datetime(2024, 5, 21, 10, 40)
    assert people["Dev Marsh"].left_at is None
    assert people["Cora Wren"].left_at == dt.datetime(2024, 5, 21, 12, 5)
    assert people["Cora Wren"].attendance == Attendance.PRESENT
    changes = [
        (e.entity, e.field, e.new)
        for e in repository.audit_events(review_id)
        if e.entity == "participant" and e.change == "update"
    ]
    assert ("participant", "arrived_at", "2024-05-21T10:40:00") in changes
    assert ("participant", "left_at", "2024-05-21T12:05:00") in changes
    minutes = minutes_of(app, review_id)
    present = minutes.split("### Present", 1)[1].split("###", 1)[0]
    assert "| Attended |" in present
    assert "joined 10:40" in present and "left 12:05" in present
