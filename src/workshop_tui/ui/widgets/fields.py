"""Form fields that draw hidden characters visibly, without changing what they hold.

A value pasted in or loaded from a file may hold ``ESC[2J`` or an OSC window title:
Textual's ``Input`` and ``TextArea`` would write it to the terminal as it is. These
draw each such character as one visible stand-in (``␛``), so the cursor still lines
up, and the value (what is saved) stays exactly as typed or read.
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input, TextArea

from workshop_tui.domain.display import visible_in_place


class ControlsShown(Highlighter):
    """An ``Input`` highlighter that shows control and bidi characters visibly."""

    def highlight(self, text: Text) -> None:
        shown = visible_in_place(text.plain, one_line=True)
        if shown != text.plain:
            text.plain = shown  # one character for one: the styles stay in place


CONTROLS_SHOWN = ControlsShown()


def show_controls(widget: Input) -> Input:
    """Make ``widget`` draw hidden characters visibly; returns it."""
    widget.highlighter = CONTROLS_SHOWN
    return widget


class PlainTextArea(TextArea):
    """A ``TextArea`` that draws control and bidi characters visibly (``␛``)."""

    def get_line(self, line_index: int) -> Text:
        line = visible_in_place(self.document.get_line(line_index))
        return Text(line, end="", no_wrap=True)
