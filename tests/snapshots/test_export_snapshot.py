"""Snapshot of the Export screen at 80x24 (plain ``def``: the plugin fails in ``async def``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot

from tests.ui.conftest import FROZEN_AT, fictional_review
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.resources import styles_dir
from workshop_tui.services import Services
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.export import ExportScreen


class ExportSnapshotApp(App[None]):
    TITLE = "workshop-tui"
    CSS_PATH = [str(styles_dir() / "app.tcss"), str(styles_dir() / "export.tcss")]

    def __init__(self) -> None:
        super().__init__()
        clock = frozen_clock(FROZEN_AT)
        self.services = Services(Repository.memory(clock=clock), clock)
        review = self.services.reviews.create(fictional_review())
        assert review.id is not None
        self.review_id = review.id

    def on_mount(self) -> None:
        # A folder outside the home folder, so the path shown is the same on every machine.
        self.push_screen(ExportScreen(self.review_id, folder=Path("/srv/reviews")))


async def _pseudonymised_and_drawn(pilot: Pilot[None]) -> None:
    """Pseudonymised, so the preview title and the file name both say so; then wait for
    the preview's threads (the document, then its layout), or the picture is a race."""
    await pilot.pause()
    await pilot.press("ctrl+o")
    while list(pilot.app.workers):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_export_screen_at_80x24(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(
        ExportSnapshotApp(), terminal_size=(80, 24), run_before=_pseudonymised_and_drawn
    )
