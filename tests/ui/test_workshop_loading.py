"""The Workshop screen with a large chronology: the first rows at once, the rest from a thread."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from workshop_tui.app import make_app
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.workshop import WorkshopScreen
from workshop_tui.ui.widgets.chronology_table import ChronologyTable

from .conftest import FROZEN_AT, REFERENCE, SlowRepository


@pytest.fixture
def large_chronology(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat the three-entry review as a large chronology: one dated row comes first."""
    monkeypatch.setattr(WorkshopScreen, "LOAD_AT_ONCE", 1)
    monkeypatch.setattr(WorkshopScreen, "HEAD_ROWS", 1)


async def test_workshop_shows_first_rows_then_every_row(
    repository: Repository, large_chronology: None
) -> None:
    slow = SlowRepository(repository)
    app = make_app(slow, clock=frozen_clock(FROZEN_AT), review_reference=REFERENCE)  # type: ignore[call-overload]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        table = screen.query_one("#chronology-slice", ChronologyTable)
        title = screen.query_one("#slice-title", Static)

        # KLOE 1 covers January to June 2098; only the first dated entry is read yet.
        assert table.entries_loading
        assert [e.agency for e in table.shown_entries()] == ["health"]
        assert "1 rows so far (loading 3 entries" in str(title.render())

        slow.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()

        assert not table.entries_loading
        assert table.total_count == 3
        assert [e.agency for e in table.shown_entries()] == ["health", "police"]
        assert "Chronology 01/01/2098 to 30/06/2098: 2 rows" in str(title.render())
        assert {e.id for e in screen.entries} == {e.id for e in repository.entries(1)}

        # The next KLOE's slice is cut from every entry.
        await pilot.press("n")
        await pilot.pause()
        assert [e.agency for e in table.shown_entries()] == ["school"]
