"""The workshop timers tick every second; a tick that changes no text lays nothing out."""

from __future__ import annotations

from textual.widgets import Static

from workshop_tui.app import WorkshopApp
from workshop_tui.ui.screens.workshop import WorkshopScreen


async def test_a_tick_of_a_clock_that_has_not_moved_asks_for_no_layout(
    app: WorkshopApp,
) -> None:
    # A layout pass re-renders the whole screen (and a form's dimmed background): once a
    # second for nothing was most of the cost of typing into a capture form.
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        timer = screen.query_one("#timer", Static)
        overall = screen.query_one("#overall-time", Static)
        shown = (str(timer.content), str(overall.content))
        assert shown[0] and shown[1]
        asked: list[str] = []
        for static in (timer, overall):
            refresh = static.refresh

            def spy(*regions, _refresh=refresh, _id=static.id, **options):  # type: ignore[no-untyped-def]
                if options.get("layout"):
                    asked.append(str(_id))
                return _refresh(*regions, **options)

            static.refresh = spy  # type: ignore[method-assign]
        screen.update_timer()
        assert asked == []
        assert (str(timer.content), str(overall.content)) == shown
