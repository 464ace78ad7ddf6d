"""The Workshop screen's "not discussed" marks: read in one query, and kept current."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp
from workshop_tui.domain.models import KloeStatus
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.capture import PerspectiveForm
from workshop_tui.ui.screens.workshop import WorkshopScreen

from .conftest import REFERENCE


def agenda_line(app: WorkshopApp, index: int) -> str:
    options = app.screen.query_one("#kloe-list", OptionList)
    return str(options.get_option_at_index(index).prompt)


async def test_moving_between_kloes_never_reads_every_capture(
    app: WorkshopApp, repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    def every_capture(*_: object, **__: object) -> object:
        raise AssertionError("the Workshop read every capture of the review")

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "s")
        await pilot.pause()
        for name in ("perspectives", "findings", "actions", "escalations"):
            monkeypatch.setattr(repository, name, every_capture)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert app.screen.current_index == 1
        assert "not discussed" in agenda_line(app, 0)
        assert not [n for n in app._notifications if n.severity == "error"]


async def test_a_capture_for_a_kloe_marked_not_discussed_clears_the_mark_at_once(
    app: WorkshopApp, repository: Repository
) -> None:
    review = repository.get_review(REFERENCE)
    assert review.id is not None
    async with app.run_test(size=(120, 40)) as pilot:
        # Through both KLOEs without a word, then the workshop ends: both not discussed.
        await pilot.press("enter", "f5", "s", "n", "ctrl+e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "not discussed" in agenda_line(app, 0)
        # Back to the first (after the workshop, no log is written) to add what was said.
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert app.screen.current_index == 0
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PerspectiveForm)
        await pilot.press("enter")
        await type_text(pilot, "Said after the workshop.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert "not discussed" not in agenda_line(app, 0)
        assert "not discussed" in agenda_line(app, 1)
        title = str(app.screen.query_one("#kloe-title").render())
        assert "not discussed" not in title
    kloes = repository.kloes(review.id)
    assert [k.status for k in kloes] == [KloeStatus.DONE, KloeStatus.DONE]
    assert [p.text for p in repository.perspectives(review.id)] == ["Said after the workshop."]
