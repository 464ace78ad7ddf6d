"""The Chooser: a one-line choice whose list is built only when it is opened."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import OptionList

from workshop_tui.ui.widgets.chooser import Chooser, ChooserList


class ChooserApp(App[None]):
    CSS = "Chooser { width: 15; }"

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield Chooser[str](
            [("Westmere Children's Social Care", "social_care"), ("Police", "police")],
            prompt="All agencies",
        )

    def on_chooser_changed(self, event: Chooser.Changed) -> None:
        self.changes.append(event.value)


async def test_shows_the_choice_cut_to_its_width_and_steps_round() -> None:
    app = ChooserApp()
    async with app.run_test(size=(60, 20)) as pilot:
        chooser = app.query_one(Chooser)
        assert chooser.render().plain == "All agencies ▼"
        assert chooser.has_class("-blank")
        chooser.focus()
        await pilot.press("right")
        await pilot.pause()
        assert chooser.value == "social_care"
        assert chooser.render().plain == "Westmere Ch… ▼"
        assert not chooser.has_class("-blank")
        await pilot.press("right", "right")  # past the last, round to the prompt
        await pilot.pause()
        assert chooser.value is None
        assert app.changes == ["social_care", "police", None]
        # The list is built only when opened.
        assert not app.query(OptionList)


async def test_value_is_one_of_the_choices() -> None:
    app = ChooserApp()
    async with app.run_test(size=(60, 20)) as pilot:
        chooser = app.query_one(Chooser)
        chooser.value = "police"
        await pilot.pause()
        assert chooser.label == "Police" and chooser.index == 2
        chooser.value = "police"  # no change, no message
        await pilot.pause()
        assert app.changes == ["police"]
        with pytest.raises(ValueError, match="not one of the choices"):
            chooser.value = "school"
        chooser.clear()
        await pilot.pause()
        assert chooser.value is None and app.changes == ["police", None]


async def test_the_list_stays_on_screen_and_escape_keeps_the_choice() -> None:
    app = ChooserApp()
    async with app.run_test(size=(30, 20)) as pilot:
        chooser = app.query_one(Chooser)
        chooser.value = "police"
        chooser.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChooserList)
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 2  # opens at the current choice
        assert options.region.right <= 30
        await pilot.press("up", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, ChooserList)
        assert chooser.value == "police" and app.changes == ["police"]
