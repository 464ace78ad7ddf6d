"""Prepare, Outcomes, Home, Help and the command palette, each driven by the keyboard."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable, Input, Static

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp
from workshop_tui.domain.models import Action, Finding, Perspective
from workshop_tui.resources import sample_cases_dir
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.capture import FindingForm
from workshop_tui.ui.screens.dialogs import MessageDialog, PathDialog
from workshop_tui.ui.screens.help import HelpScreen, keys_markdown
from workshop_tui.ui.screens.home import HomeScreen
from workshop_tui.ui.screens.outcomes import OutcomesScreen
from workshop_tui.ui.screens.prepare import PrepareScreen
from workshop_tui.ui.screens.prepare_forms import DetailsForm, KloeForm
from workshop_tui.ui.screens.workshop import WorkshopScreen

from .conftest import REFERENCE, review_id_of


async def test_details_validate_next_to_the_field(app: WorkshopApp, repository: Repository) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrepareScreen)
        assert "Teams" in str(screen.query_one("#details", Static).render())
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DetailsForm)
        form.query_one("#f-period_end", Input).value = "31/02/2099"
        form.query_one("#f-location", Input).value = "Fernmoor Civic Centre"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = form.query_one("#error-period_end", Static)
        assert error.display and "not a real date" in str(error.render())
        assert app.screen is form  # the form stays open with what was typed
        assert repository.get_review(REFERENCE).location == "Teams"  # nothing saved

        form.query_one("#f-period_end", Input).value = "31/03/2099"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # type: ignore[comparison-overlap]  # awaits moved app.screen
        shown = str(screen.query_one("#details", Static).render())
        assert "Fernmoor Civic Centre" in shown and "31/03/2099" in shown
    review = repository.get_review(REFERENCE)
    assert review.location == "Fernmoor Civic Centre"
    assert review.period_end == dt.date(2099, 3, 31)


async def test_details_form_cancel_changes_nothing(
    app: WorkshopApp, repository: Repository
) -> None:
    before = repository.get_review(REFERENCE)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "enter")  # open the review; Enter on Details edits
        await pilot.pause()
        assert isinstance(app.screen, DetailsForm)
        app.screen.query_one("#f-title", Input).value = "Something else"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)
    assert repository.get_review(REFERENCE) == before


async def test_kloes_add_edit_reorder(app: WorkshopApp, repository: Repository) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrepareScreen) and screen.tab == "kloes"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, KloeForm)
        await type_text(pilot, "Working with the father")
        await pilot.press("tab")
        await type_text(pilot, "Was he seen?")
        app.screen.query_one("#f-minutes", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, KloeForm)  # 0 minutes is refused, with a message
        assert app.screen.query_one("#error-minutes", Static).display
        app.screen.query_one("#f-minutes", Input).value = "15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)
        # The new KLOE is highlighted: move it up twice, to the top.
        await pilot.press("left_square_bracket", "ctrl+up")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, KloeForm)
        app.screen.query_one("#f-title", Input).value = "Working with the father (and partner)"
        await pilot.press("ctrl+s")
        await pilot.pause()
    kloes = repository.kloes(review_id_of(repository))
    assert [k.title for k in kloes] == [
        "Working with the father (and partner)",
        "Cumulative risk",
        "Hearing the child",
    ]
    assert kloes[0].minutes == 15 and kloes[0].question == "Was he seen?"
    assert [k.number for k in kloes] == [1, 2, 3]


async def test_add_participant(app: WorkshopApp, repository: Repository) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "right", "n")
        await pilot.pause()
        await type_text(pilot, "Gil Ashe")
        await pilot.press("tab", *"GP", "tab")
        await type_text(pilot, "health")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)
    names = [p.name for p in repository.participants(review_id_of(repository))]
    assert names[-1] == "Gil Ashe"


def _seed_outcomes(repository: Repository) -> int:
    review_id = review_id_of(repository)
    kloe = repository.kloes(review_id)[0]
    finding = repository.add_finding(
        review_id, Finding(kloe_ids=[kloe.id] if kloe.id else [], statement="Risk was not pooled.")
    )
    repository.add_action(
        review_id,
        Action(finding_id=finding.id, kloe_id=kloe.id, description="Pool risk at MASH."),
    )
    repository.add_perspective(
        review_id, Perspective(kloe_id=kloe.id, text="We never met as a group.")
    )
    return review_id


async def test_outcomes_edit_delete_undo(app: WorkshopApp, repository: Repository) -> None:
    review_id = _seed_outcomes(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f6")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OutcomesScreen)
        assert screen.kind == "finding"
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FindingForm)
        # An item opened for correction puts the cursor at the end of its text.
        await type_text(pilot, " Nobody held the whole picture.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OutcomesScreen)
        (finding,) = repository.findings(review_id)
        assert finding.statement == "Risk was not pooled. Nobody held the whole picture."

        await pilot.press("2")
        await pilot.pause()
        assert screen.kind == "action"
        await pilot.press("d")
        await pilot.pause()
        assert repository.actions(review_id) == []
        await pilot.press("u")
        await pilot.pause()
        (action,) = repository.actions(review_id)
        assert action.description == "Pool risk at MASH."
        await pilot.press("delete")
        await pilot.pause()
        assert repository.actions(review_id) == []  # else the last line held with no delete
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(repository.actions(review_id)) == 1


async def test_home_creates_a_review_from_a_case_pack(
    app: WorkshopApp, repository: Repository
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        await type_text(pilot, "/no/such/pack")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        assert "There is no folder" in str(app.screen.query_one("#path-error", Static).render())
        app.screen.query_one("#path", Input).value = str(sample_cases_dir() / "child-r")
        await pilot.press("enter")
        await pilot.pause()
        while isinstance(app.screen, MessageDialog):
            await pilot.press("enter")
            await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert len(home.reviews) == 2
    assert len(repository.list_reviews()) == 2


async def test_help_lists_every_key(app: WorkshopApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query(".help-keys"))
        for words in ("Perspective", "Finding", "Escalation", "Next KLOE", "Undo delete"):
            assert words in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
    table = keys_markdown()
    assert "| Workshop | `p` | Perspective |" in table


async def test_palette_runs_screen_commands(app: WorkshopApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Go to KLOE 2")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current_index == 1


async def test_f7_opens_export_from_a_review_screen_and_escape_returns(app: WorkshopApp) -> None:
    from workshop_tui.ui.screens.export import ExportScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")  # open the review: Prepare
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, OutcomesScreen)
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OutcomesScreen)


async def test_open_review_straight_away_then_home_lists_the_reviews(
    repository: Repository,
) -> None:
    from workshop_tui.app import make_app

    app = make_app(repository, review_reference=REFERENCE)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)
        home = app.screen_stack[0]
        assert isinstance(home, HomeScreen) and not home.query("#reviews")  # not built yet
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is home  # type: ignore[comparison-overlap]  # awaits moved app.screen
        assert [r.reference for r in home.reviews] == [REFERENCE]
        assert home.selected_reference() == REFERENCE
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)


async def test_attendance_marks_the_highlighted_row_then_moves_down(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    before = repository.participants(review_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "right")
        await pilot.pause()
        # x marks row 1 and moves to row 2; up goes back; a marks row 1 again.
        await pilot.press("x", "up", "a")
        await pilot.pause()
        # Without this the test held even if marking never moved the cursor down.
        assert app.screen.query_one("#participants", DataTable).cursor_row == 1
    after = repository.participants(review_id)
    assert after[0].attendance == "apologies"
    assert after[1].attendance == before[1].attendance


async def test_a_storage_failure_in_any_action_is_said_and_the_app_carries_on(
    app: WorkshopApp, repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop_tui.storage.errors import DatabaseBusy

    def busy(*_: object) -> None:
        raise DatabaseBusy("the database is in use by another workshop-tui; try again.")

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "right")  # Prepare, participants
        await pilot.pause()
        monkeypatch.setattr(repository, "set_attendance", busy)
        await pilot.press("x")
        await pilot.pause()
        monkeypatch.setattr(repository, "start_workshop", busy)
        await pilot.press("f5", "s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert sum("in use by another workshop-tui" in m for m in messages) == 2
    assert repository.get_review(REFERENCE).status == "preparing"


async def test_a_failed_backup_at_workshop_start_is_said(
    app: WorkshopApp, repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_start = repository.start_workshop

    def start_without_backup(review_id: int) -> object:
        result = real_start(review_id)
        repository.backup_problem = "the disk is full."
        return result

    monkeypatch.setattr(repository, "start_workshop", start_without_backup)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "s")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("backup before the workshop could not be made" in m for m in messages)
    assert repository.get_review(REFERENCE).status == "in workshop"


def test_details_summary_shows_text_as_typed_and_says_what_is_missing() -> None:
    from workshop_tui.domain.models import Review
    from workshop_tui.ui.screens.review_details import details_summary

    review = Review(
        reference="LR-1",
        title="[bold]Child X[/bold] review",
        period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2024, 3, 31),
    )
    lines = details_summary(review).plain.splitlines()
    assert lines[0] == "LR-1 · status: preparing"
    assert any(line.endswith("[bold]Child X[/bold] review") for line in lines)
    period = next(line for line in lines if line.startswith("Period under review"))
    assert period.endswith("01/01/2023 to 31/03/2024")
    location = next(line for line in lines if line.startswith("Location"))
    assert location.endswith("not set")


async def test_a_participant_that_cannot_be_saved_stays_in_its_form(
    app: WorkshopApp, repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop_tui.storage.errors import StorageError
    from workshop_tui.ui.screens.prepare_forms import ParticipantForm

    real_save = repository.save_participant

    def failing_save(*args: object, **kwargs: object) -> None:
        raise StorageError("the disk is full; nothing was saved")

    monkeypatch.setattr(repository, "save_participant", failing_save)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "2", "n")
        await pilot.pause()
        await type_text(pilot, "Gil Ashe")
        await pilot.press("tab", *"GP", "ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ParticipantForm)  # still open, with what was typed
        assert form.value("name") == "Gil Ashe" and form.value("role") == "GP"
        assert any("disk is full" in str(n.message) for n in app._notifications)

        monkeypatch.setattr(repository, "save_participant", real_save)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)
    assert [p.name for p in repository.participants(review_id_of(repository))][-1] == "Gil Ashe"
