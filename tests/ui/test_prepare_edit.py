"""Editing on Prepare adds to what is there: the first key typed never replaces a name."""

from __future__ import annotations

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.prepare import PrepareScreen

from .conftest import REFERENCE


async def test_editing_a_participant_types_after_the_name(
    app: WorkshopApp, repository: Repository
) -> None:
    review = repository.get_review(REFERENCE)
    assert review.id is not None
    first = repository.participants(review.id)[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)
        await pilot.press("2", "enter")
        await pilot.pause()
        await type_text(pilot, " (locum)")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)
    edited = next(p for p in repository.participants(review.id) if p.id == first.id)
    assert edited.name == f"{first.name} (locum)"


async def test_a_participants_email_is_checked_and_kept(
    app: WorkshopApp, repository: Repository
) -> None:
    """An address that is not one is refused next to its field with what was typed; the
    form keeps it to mend, and nothing is stored until it is an address."""
    from textual.widgets import DataTable, Input, Static

    review = repository.get_review(REFERENCE)
    assert review.id is not None
    first = repository.participants(review.id)[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        form = app.screen
        form.query_one("#f-email", Input).focus()
        await type_text(pilot, "jo.pell at nhs")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # not saved, not closed
        message = str(form.query_one("#error-email", Static).render())
        assert '"jo.pell at nhs" is not an e-mail address' in message
        assert form.query_one("#f-email", Input).value == "jo.pell at nhs"
        stored = next(p for p in repository.participants(review.id) if p.id == first.id)
        assert stored.email == ""
        form.query_one("#f-email", Input).value = " jo.pell@ashbourne-health.example "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)
        table_text = str(app.screen.query_one("#participants", DataTable).get_row_at(0))
        assert "jo.pell@ashbourne-health.example" in table_text
    stored = next(p for p in repository.participants(review.id) if p.id == first.id)
    assert stored.email == "jo.pell@ashbourne-health.example"
