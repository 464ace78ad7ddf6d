"""Capture forms as a note-taker uses them: who spoke, what kind, nothing misrecorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import RadioSet, Static

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp, make_app
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import Attendance, FindingKind, Participant
from workshop_tui.exporters import render
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.capture import (
    ArrivalDialog,
    DraftOfferDialog,
    FindingForm,
    PerspectiveForm,
)
from workshop_tui.ui.screens.workshop import WorkshopScreen

from .conftest import (
    FROZEN_AT,
    REFERENCE,
    burst,
    fictional_review,
    keep_perspective_draft,
    on_the_planned_day,
    participant_named,
    review_id_of,
)


def _add_chair_and_penrose(repository: Repository) -> dict[str, int]:
    review_id = review_id_of(repository)
    for person in (
        Participant(name="Nadia Quist", role="Independent Chair", attendance=Attendance.PRESENT),
        Participant(name="Maya Penrose", role="Family Support Worker", agency="social care"),
    ):
        repository.save_participant(review_id, person)
    return {p.name: p.id for p in repository.participants(review_id) if p.id is not None}


async def _start_workshop(pilot: object) -> None:
    await pilot.press("enter", "f5", "s")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def _open_perspective(app: WorkshopApp, pilot: object) -> PerspectiveForm:
    """From the Workshop screen, p: the perspective form."""
    await pilot.press("p")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    form = app.screen
    assert isinstance(form, PerspectiveForm)
    return form


# --- 1. a reopened draft resumes where the typing stopped -------------------------------


async def test_reopened_draft_keeps_the_speaker_and_every_word(tmp_path: Path) -> None:
    path = tmp_path / "review.db"
    clock = frozen_clock(FROZEN_AT)
    with Repository.open(path, clock=clock) as repo:
        review = repo.create_review(on_the_planned_day(fictional_review()))
        assert review.id is not None
        app = make_app(repo, clock=clock, review_reference=REFERENCE)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f5", "s", "p")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, PerspectiveForm)
            await type_text(pilot, "finn")
            await pilot.press("enter")
            await type_text(pilot, "The referral sat")
            await pilot.pause()
            form.save_draft_now()  # what the debounce timer does after the last key
            app.exit()  # the laptop dies
        finn = next(p for p in repo.participants(review.id) if p.name == "Finn Sorrel")

    with Repository.open(path, clock=clock) as repo:
        app = make_app(repo, clock=clock, review_reference=REFERENCE)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, DraftOfferDialog)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, PerspectiveForm)
            await type_text(pilot, " in a queue for a week.")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, WorkshopScreen)
        (perspective,) = repo.perspectives(review.id)
    assert perspective.text == "The referral sat in a queue for a week."
    assert perspective.participant_id == finn.id
    assert perspective.speaker_name == ""


async def test_a_draft_that_does_not_say_where_typing_stopped_resumes_in_the_text(
    app: WorkshopApp, repository: Repository
) -> None:
    # A draft kept before drafts remembered the field: the cursor goes to the end of
    # what was said, never into the speaker with the name selected.
    review_id = review_id_of(repository)
    cora = participant_named(repository, "Cora Wren")
    keep_perspective_draft(
        repository,
        {"speaker": cora.id, "speaker_text": "cora", "text": "We saw each"},
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5")
        await pilot.pause()
        assert isinstance(app.screen, DraftOfferDialog)
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, " visit on its own.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
    (perspective,) = repository.perspectives(review_id)
    assert perspective.text == "We saw each visit on its own."
    assert perspective.participant_id == cora.id


async def test_a_draft_stopped_in_the_speaker_resumes_there_without_wiping_it(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_workshop(pilot)
        form = await _open_perspective(app, pilot)
        await type_text(pilot, "cora")
        await pilot.pause()
        form.save_draft_now()
        await pilot.press("escape")  # walk away; the draft is kept
        await pilot.pause()
        await pilot.press("n")  # no, do not discard
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        (draft,) = repository.drafts(review_id)
        assert draft.payload["focus"] == "speaker"
    app2 = make_app(repository, clock=frozen_clock(FROZEN_AT), review_reference=REFERENCE)
    async with app2.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app2.screen, DraftOfferDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app2.screen, PerspectiveForm)
        form = app2.screen
        await type_text(pilot, " wren")  # carries on typing the name
        await pilot.pause()
        assert form.picker_name() == "Cora Wren"
        await pilot.press("enter")
        await type_text(pilot, "Home visits were missed.")
        await pilot.press("ctrl+s")
        await pilot.pause()
    (perspective,) = repository.perspectives(review_id)
    assert perspective.text == "Home visits were missed."
    assert perspective.participant_id is not None


# --- 2. a finding is never good practice unasked ------------------------------------------


async def test_tabbing_past_a_findings_kind_records_learning_not_good_practice(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_workshop(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FindingForm)
        await pilot.press("tab")
        await type_text(pilot, "Neglect was seen one visit at a time.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        (first,) = repository.findings(review_id)
        assert first.kind == FindingKind.LEARNING
        # The form says so in words, and Good practice is recorded when chosen (Down).
        await pilot.press("f")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FindingForm)
        hint = " ".join(str(s.render()) for s in form.query(".field-hint").results(Static))
        assert "Learning unless you choose Good practice" in hint
        await pilot.press("down", "tab")
        await type_text(pilot, "Breakfast club noticed the hunger.")
        await pilot.press("ctrl+s")
        await pilot.pause()
    first, second = repository.findings(review_id)
    assert first.kind == FindingKind.LEARNING
    assert second.kind == FindingKind.GOOD_PRACTICE
    minutes = render(
        repository.load_review(review_id), "minutes", "md", generated_at=FROZEN_AT
    ).decode()
    learning = minutes.index("Neglect was seen")
    good = minutes.index("Breakfast club")
    assert "Learning" in minutes[:learning] and "Good practice" in minutes[learning:good]


# --- 3. the speaker picker -------------------------------------------------------------------


async def test_speaker_by_surname_part_role_initials_and_a_name_not_on_the_list(
    app: WorkshopApp, repository: Repository
) -> None:
    ids = _add_chair_and_penrose(repository)
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_workshop(pilot)
        for typed, said in (
            ("pen", "I was never told about the second referral."),
            ("dsl", "School logged every concern."),
            ("hv", "Visits were on time."),
        ):
            await _open_perspective(app, pilot)
            burst(app, [*typed, "enter", *said, "ctrl+s"])
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, WorkshopScreen)
        people = {p.id: p.name for p in repository.participants(review_id)}
        assert [people.get(p.participant_id) for p in repository.perspectives(review_id)] == [
            "Maya Penrose",
            "Elin Frost",
            "Cora Wren",
        ]
        # Somebody who arrived unannounced: kept as typed, then left off the list.
        await pilot.press("p")
        await pilot.pause()
        burst(app, [*"Tom Ashdown", "enter", *"I covered the duty desk.", "ctrl+s"])
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ArrivalDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert "Tom Ashdown" in " ".join(str(row) for _, row in app.screen.items)
    people = {p.id: p.name for p in repository.participants(review_id)}
    said_by = [
        (people.get(p.participant_id) if p.participant_id else p.speaker_name, p.text)
        for p in repository.perspectives(review_id)
    ]
    assert said_by == [
        ("Maya Penrose", "I was never told about the second referral."),
        ("Elin Frost", "School logged every concern."),
        ("Cora Wren", "Visits were on time."),
        ("Tom Ashdown", "I covered the duty desk."),
    ]
    assert "Tom Ashdown" not in people.values()
    assert ids["Nadia Quist"] not in {p.participant_id for p in repository.perspectives(review_id)}
    minutes = render(
        repository.load_review(review_id), "minutes", "md", generated_at=FROZEN_AT
    ).decode()
    assert "Tom Ashdown:** I covered the duty desk." in minutes


async def test_a_late_arrival_is_added_present_with_the_time_they_arrived(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_workshop(pilot)
        await pilot.press("p")
        await pilot.pause()
        await type_text(pilot, "Una Reed")
        await pilot.press("enter")
        await type_text(pilot, "The family moved twice.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ArrivalDialog)
        assert "Una Reed is not on the participant list" in str(
            dialog.query_one(".dialog-question", Static).render()
        )
        await type_text(pilot, "Housing Officer")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        # From now on she is on the list like anyone else.
        form = await _open_perspective(app, pilot)
        await type_text(pilot, "reed")
        await pilot.pause()
        assert form.picker_name() == "Una Reed"
        await pilot.press("enter")
        await type_text(pilot, "Nobody asked us.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
    una = next(p for p in repository.participants(review_id) if p.name == "Una Reed")
    assert una.attendance == Attendance.PRESENT
    assert una.arrived_at == FROZEN_AT
    assert una.role == "Housing Officer"
    assert [(p.participant_id, p.speaker_name) for p in repository.perspectives(review_id)] == [
        (una.id, ""),
        (una.id, ""),
    ]


async def test_a_name_not_on_the_list_can_be_chosen_even_when_it_matches_someone(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_workshop(pilot)
        form = await _open_perspective(app, pilot)
        await type_text(pilot, "Cora")
        await pilot.pause()
        assert form.picker_name() == "Cora Wren"
        await pilot.press("down")  # the last option: keep the name as typed
        await pilot.pause()
        assert form.picker_name() is None
        picked = str(form.query_one("#f-speaker .picked", Static).render())
        assert "Cora (not on the list; kept as typed)" in picked
        await pilot.press("enter")
        await type_text(pilot, "A different Cora.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    (perspective,) = repository.perspectives(review_id)
    assert (perspective.participant_id, perspective.speaker_name) == (None, "Cora")


# --- 4. radio choices -------------------------------------------------------------------


async def test_arrow_keys_choose_a_kind_and_the_choice_shows_without_colour(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_workshop(pilot)
        form = await _open_perspective(app, pilot)
        await type_text(pilot, "dev")
        await pilot.press("enter")
        await type_text(pilot, "We acted on the call.")
        await pilot.press("tab")
        await pilot.pause()
        kinds = form.query_one("#f-kind", RadioSet)
        assert form.focused is kinds

        def marks() -> list[str]:
            return [str(button.render())[:1] for button in kinds.query("RadioButton")]

        await pilot.press("down")
        await pilot.pause()
        assert kinds.pressed_button is not None and kinds.pressed_button.name == "decision"
        assert marks() == ["○", "●", "○"]
        await pilot.press("up")
        await pilot.pause()
        assert kinds.pressed_button is not None and kinds.pressed_button.name == "intervention"
        assert marks() == ["●", "○", "○"]
        await pilot.press("up")  # wraps round to the last
        await pilot.pause()
        assert marks() == ["○", "○", "●"]
        await pilot.press("ctrl+s")
        await pilot.pause()
    (perspective,) = repository.perspectives(review_id)
    assert perspective.kind == "context"
    assert perspective.captured_at == FROZEN_AT
    assert isinstance(perspective.captured_at, dt.datetime)


async def test_editing_words_of_a_speaker_not_on_the_list_keeps_them_and_asks_nothing(
    app: WorkshopApp, repository: Repository
) -> None:
    from workshop_tui.domain.models import Perspective

    review_id = review_id_of(repository)
    kloe = repository.kloes(review_id)[0]
    said = repository.add_perspective(
        review_id, Perspective(kloe_id=kloe.id, speaker_name="Tom Ashdown", text="I covered it")
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_workshop(pilot)
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        screen.open_form("perspective", item=said)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PerspectiveForm)
        picked = str(form.query_one("#f-speaker .picked", Static).render())
        assert "Tom Ashdown (not on the list" in picked
        await type_text(pilot, " on the Friday.")  # the cursor is at the end of the text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
    (perspective,) = repository.perspectives(review_id)
    assert (perspective.speaker_name, perspective.participant_id) == ("Tom Ashdown", None)
    assert perspective.text == "I covered it on the Friday."
