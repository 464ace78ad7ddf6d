"""What the minutes of a meeting record besides what was said: decisions (who decided,
at which KLOE), late arrivals and early leavers, and later meetings of the same review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp
from workshop_tui.domain.models import Action, ActionStatus, Attendance, MeetingKind, Rag
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.attendance import AttendanceDialog
from workshop_tui.ui.screens.capture import DecisionForm
from workshop_tui.ui.screens.meetings import MeetingReviewDialog, MeetingsDialog
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
        await type_text(pilot, "dev")
        await pilot.press("enter")
        await type_text(pilot, "Police to attend the next strategy meeting.")
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
        await pilot.press("tab")
        await type_text(pilot, "Close the review early.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open, words kept
        error = str(form.query_one("#error-speaker", Static).render())
        assert "Who decided?" in error
        await type_text(pilot, "the panel")  # the error put the cursor there
        await pilot.press("enter", "ctrl+s")
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
        await pilot.press(*["backspace"] * 5)
        await type_text(pilot, "10:40")
        await pilot.press("enter")
        await pilot.pause()
        # Cora Wren (first) left at 12:05.
        await pilot.press("up", "l", *["backspace"] * 5)
        await type_text(pilot, "1205")
        await pilot.press("enter")
        await pilot.pause()
        # Dev cannot have left before he joined: refused, said, nothing saved.
        await pilot.press("down", "l", *["backspace"] * 5)
        await type_text(pilot, "10:30")
        await pilot.press("enter")
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


async def test_a_follow_up_meeting_reviews_the_earlier_actions_and_its_minutes_say_so(
    app: WorkshopApp, repository: Repository, tmp_path: Path
) -> None:
    review_id = review_id_of(repository)
    (workshop,) = repository.meetings(review_id)
    assert workshop.kind == MeetingKind.WORKSHOP
    save = app.services.captures.save
    tool = save(review_id, Action(description="Add a neglect tool to HV visits.", owner="HV lead"))
    notices = save(review_id, Action(description="Share incident notices.", owner="DS"))
    done = repository.add_capture(  # as an archive or the tracker's import brings one
        "action",
        review_id,
        Action(
            description="Already closed.",
            status=ActionStatus.CLOSED,
            evidence="Audit",
            meeting_id=workshop.id,
        ),
    )
    assert {a.meeting_id for a in (tool, notices, done)} == {workshop.id}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5")
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsDialog)
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.query_one("#meeting-date", Input).value == "21/05/2024"
        await pilot.press("enter")
        await pilot.pause()
        _, follow_up = repository.meetings(review_id)
        assert follow_up.kind == MeetingKind.FOLLOW_UP
        assert follow_up.date == dt.date(2024, 5, 21)

        # Review previous actions: the two open ones come up, the closed one does not.
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MeetingReviewDialog)
        assert dialog.action_ids == [tool.id, notices.id]
        await pilot.press("a")
        await type_text(pilot, "Piloted in one team; roll-out delayed.")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("g")
        await type_text(pilot, "Notices shared weekly since March.")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsDialog)  # after the last, back to the meetings

        await pilot.press("x")  # the follow-up's minutes, .docx and .md
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        # A decision at the follow-up belongs to it.
        await pilot.press("D")
        await type_text(pilot, "cora")
        await pilot.press("enter")
        await type_text(pilot, "Close the notices action at sign-off.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)

    notes = repository.meeting_notes(review_id, follow_up.id)
    assert [(n.action_id, n.text, n.rag) for n in notes] == [
        (tool.id, "Piloted in one team; roll-out delayed.", Rag.AMBER),
        (notices.id, "Notices shared weekly since March.", Rag.GREEN),
    ]
    stored = repository.action_with_review(tool.id or 0)[1]
    assert stored.rag == Rag.AMBER and stored.progress[-1].text.startswith("Piloted")
    (decision,) = repository.captures("decision", review_id)
    assert decision.meeting_id == follow_up.id

    minutes = app.services.meetings.minutes(review_id, follow_up.id or 0).decode()
    assert "Follow-up meeting 2, 21 May 2024" in minutes
    review_part = minutes.split("# Review of previous actions", 1)[1].split("# Decisions", 1)[0]
    assert "A1: Add a neglect tool to HV visits." in review_part
    assert "Piloted in one team; roll-out delayed. (HV lead)" in review_part
    assert "| AMBER |" in review_part and "| GREEN |" in review_part
    assert "Already closed" not in review_part
    assert "Close the notices action at sign-off." in minutes
    # The workshop's own minutes keep to the workshop.
    workshop_minutes = app.services.meetings.minutes(review_id, workshop.id or 0).decode()
    assert "Close the notices action at sign-off." not in workshop_minutes
    written = sorted(p.name for p in (tmp_path / "exports").rglob("*meeting-2*"))
    assert written == [
        "LR-2099-01-meeting-2-follow-up-minutes.docx",
        "LR-2099-01-meeting-2-follow-up-minutes.md",
    ]


async def test_who_attended_a_follow_up_is_marked_key_by_key_and_in_its_minutes(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    people = repository.participants(review_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "f5")
        await pilot.pause()
        await pilot.press("M", "f", "enter")  # a follow-up, dated today
        await pilot.pause()
        _, follow_up = repository.meetings(review_id)
        # p, then at speed: present, apologies, did not attend, Esc.
        await pilot.press("p", "p", "a", "x", "escape")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MeetingsDialog)
        lines = [
            str(dialog.query_one("#meeting-list", OptionList).get_option_at_index(i).prompt)
            for i in range(2)
        ]
        assert "attendance not recorded" not in lines[1] and "1 present" in lines[1]
    recorded = app.services.meetings.attendance(review_id, follow_up.id or 0)
    assert [a for _, a in recorded][:3] == ["present", "apologies", "absent"]
    assert all(a == Attendance.INVITED for _, a in recorded[3:])
    # The workshop's attendance is untouched.
    assert [p.attendance for p in repository.participants(review_id)] == [
        p.attendance for p in people
    ]
    minutes = app.services.meetings.minutes(review_id, follow_up.id or 0).decode()
    attendance = minutes.split("## Attendance", 1)[1].split("## Review of previous", 1)[0]
    assert f"| {people[0].name} |" in attendance.split("### Apologies")[0]
    assert f"| {people[1].name} |" in attendance.split("### Apologies")[1].split("###")[0]
    assert f"| {people[2].name} |" in attendance.split("### Did not attend")[1]
