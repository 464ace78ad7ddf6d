"""The Home screen creates a review from a case pack as the command line does: each entry
stored as it is read (issue 24), never the whole chronology held."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from workshop_tui.app import WorkshopApp
from workshop_tui.resources import sample_cases_dir
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.dialogs import MessageDialog, PathDialog
from workshop_tui.ui.screens.home import HomeScreen


async def test_home_imports_a_case_pack_without_reading_it_whole(
    app: WorkshopApp, repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workshop_tui.importers.pack as pack

    def whole(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the whole pack was read into memory")

    monkeypatch.setattr(pack, "read_pack", whole)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        app.screen.query_one("#path", Input).value = str(sample_cases_dir() / "child-r")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)  # the sample has bad rows and warnings
        notices = [n.message for n in app._notifications]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert any(
        m.startswith("Created LR-2025-07: 163 chronology entries, 2 needing attention, ")
        for m in notices
    ), notices
    assert len(repository.list_reviews()) == 2
