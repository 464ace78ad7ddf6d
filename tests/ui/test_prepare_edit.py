"""Editing on Prepare adds to what is there: the first key typed never replaces a name."""

from __future__ import annotations

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
        await pilot.press(*" (locum)", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)
    edited = next(p for p in repository.participants(review.id) if p.id == first.id)
    assert edited.name == f"{first.name} (locum)"
