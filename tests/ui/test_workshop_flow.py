"""A whole mini-workshop driven from the keyboard, checked against the database."""

from __future__ import annotations

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp
from workshop_tui.domain.models import Attendance, KloeStatus, ReviewStatus
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.capture import (
    ActionForm,
    EscalationForm,
    FindingForm,
    PerspectiveForm,
)
from workshop_tui.ui.screens.home import HomeScreen
from workshop_tui.ui.screens.prepare import PrepareScreen
from workshop_tui.ui.screens.workshop import WorkshopScreen

from .conftest import REFERENCE


async def test_mini_workshop(app: WorkshopApp, repository: Repository) -> None:
    review = repository.get_review(REFERENCE)
    assert review.id is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)

        # Attendance: the Participants tab, then p / a / x down the list.
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.tab == "participants"
        await pilot.press("p", "p", "a", "x")
        await pilot.pause()

        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        await pilot.press("s")
        await pilot.pause()

        # A perspective: speaker by typing part of a role, kind, words.
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PerspectiveForm)
        await type_text(pilot, "health vis")
        await pilot.press("enter")
        await type_text(pilot, "We saw each visit on its own.")
        await pilot.press("tab", "down", "space")  # the kind: actions and decision making
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)

        # A finding, agreed by the room.
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FindingForm)
        await pilot.press("tab")
        await type_text(pilot, "Neglect was seen one visit at a time.")
        await pilot.press("tab", "tab", "tab", "tab", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()

        # An action and an escalation.
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        await type_text(pilot, "Add a neglect tool to HV visits.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EscalationForm)
        await type_text(pilot, "Sibling still on waiting list.")
        await pilot.press("tab")
        await type_text(pilot, "dev")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert len(app.screen.items) == 4

        # Next KLOE, then end the workshop.
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.current_index == 1
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()

    kloes = repository.kloes(review.id)
    people = {p.name: p for p in repository.participants(review.id)}
    assert {name: p.attendance for name, p in people.items()} == {
        "Cora Wren": Attendance.PRESENT,
        "Dev Marsh": Attendance.PRESENT,
        "Elin Frost": Attendance.APOLOGIES,
        "Finn Sorrel": Attendance.ABSENT,
    }

    (perspective,) = repository.perspectives(review.id)
    assert perspective.kloe_id == kloes[0].id
    assert perspective.participant_id == people["Cora Wren"].id
    assert perspective.text == "We saw each visit on its own."
    assert perspective.kind == "decision"
    (finding,) = repository.findings(review.id)
    assert finding.kloe_ids == [kloes[0].id]
    assert finding.agreed is True
    assert finding.statement == "Neglect was seen one visit at a time."
    (action,) = repository.actions(review.id)
    assert action.kloe_id == kloes[0].id
    assert action.description == "Add a neglect tool to HV visits."
    (escalation,) = repository.escalations(review.id)
    assert escalation.kloe_id == kloes[0].id
    # recorded as the room knows him: the agency's name, not its key
    assert escalation.raised_by == "Dev Marsh (Detective Sergeant, Fernmoor Police)"

    assert repository.get_review(REFERENCE).status == ReviewStatus.DRAFT_MINUTES
    assert [k.status for k in kloes] == [KloeStatus.DONE, KloeStatus.DONE]
    log = repository.workshop_log(review.id)
    assert [entry.kloe_id for entry in log] == [None, kloes[0].id, kloes[1].id]
    assert all(entry.ended_at is not None for entry in log)
    assert repository.drafts(review.id) == []


async def test_words_typed_in_a_burst_ending_in_ctrl_s_are_all_saved(
    app: WorkshopApp, repository: Repository
) -> None:
    # A fast typist (or a paste) sends the words and ctrl+s at once: the save must
    # wait until the text field has taken every key sent before it.
    from textual import events

    review = repository.get_review(REFERENCE)
    assert review.id is not None
    said = "Nobody asked who else lived there."
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "s")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PerspectiveForm)
        await type_text(pilot, "cora")
        await pilot.press("enter")
        await pilot.pause()
        for char in said:
            app.post_message(events.Key(char, char))
        app.post_message(events.Key("ctrl+s", None))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
    (perspective,) = repository.perspectives(review.id)
    assert perspective.text == said


async def test_tab_in_a_burst_moves_on_before_the_next_keys_arrive(
    app: WorkshopApp, repository: Repository
) -> None:
    # The issue, Tab, part of a name, Enter, who to escalate to, ctrl+s, all at
    # once: each part must land in its own field.
    from textual import events

    review = repository.get_review(REFERENCE)
    assert review.id is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "s")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EscalationForm)
        keys = [*"Referral unallocated", "tab", *"dev", "enter", *"Team Manager", "ctrl+s"]
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
    (escalation,) = repository.escalations(review.id)
    assert escalation.description == "Referral unallocated"
    assert escalation.raised_by == "Dev Marsh (Detective Sergeant, Fernmoor Police)"
    assert escalation.escalate_to == "Team Manager"
