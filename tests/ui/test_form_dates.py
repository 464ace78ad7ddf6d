"""Dates typed in a capture form go through the one date grammar (domain/dates.py)."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, Static

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.capture import ActionForm
from workshop_tui.ui.screens.workshop import WorkshopScreen

from .conftest import REFERENCE


async def test_an_action_target_date_impossible_approximate_then_mixed_separators(
    app: WorkshopApp, repository: Repository
) -> None:
    review = repository.get_review(REFERENCE)
    assert review.id is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionForm)
        await type_text(pilot, "Add a neglect tool to HV visits.")
        target = form.query_one("#f-target_date", Input)
        error = form.query_one("#error-target_date", Static)

        target.value = "31/02/2099"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "not a real date: February 2099 has 28 days" in str(error.render())

        target.value = "c. 30/06/2099"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # nothing saved: the form cannot keep "approximate"
        assert "marked approximate (c.)" in str(error.render())
        assert repository.actions(review.id) == []

        target.value = "30.06/29"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
    (action,) = repository.actions(review.id)
    assert action.target_date == dt.date(2029, 6, 30)
