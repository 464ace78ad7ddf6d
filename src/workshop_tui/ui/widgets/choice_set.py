"""A set of radio choices that reads without colour and follows the arrow keys."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Focus
from textual.widgets import RadioButton, RadioSet

CHOSEN = "●"
NOT_CHOSEN = "○"


class ChoiceButton(RadioButton):
    """A radio button drawn ● when chosen and ○ when not, so the choice shows in monochrome."""

    @property
    def _button(self) -> Content:
        return Content.assemble(
            (CHOSEN if self.value else NOT_CHOSEN, self.get_visual_style("toggle--button"))
        )


class ChoiceSet(RadioSet):
    """A RadioSet whose arrow keys choose, not only move a highlight.

    Textual's RadioSet moves a highlight with the arrows and chooses with Enter or
    Space; a note-taker pressing Down then saving would keep the old choice without
    noticing. Here Up/Down (and Left/Right) choose the option they land on.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "choose(1)", "Next option", show=False),
        Binding("up,left", "choose(-1)", "Previous option", show=False),
    ]

    def on_focus(self, event: Focus) -> None:
        # The highlight starts on the option already chosen, not always the first.
        index = self.pressed_index
        if index >= 0:
            self._selected = index

    def action_choose(self, step: int) -> None:
        """Choose the next (1) or previous (-1) option, wrapping round."""
        if step > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        if self._selected is None:
            return
        button = self._nodes[self._selected]
        if isinstance(button, RadioButton) and not button.value:
            button.value = True
