"""Small modal dialogs shared by the screens: confirm, ask for a path, list problems."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from workshop_tui.domain.display import visible
from workshop_tui.ui.format import plain
from workshop_tui.ui.widgets.fields import show_controls


class ConfirmDialog(ModalScreen[bool]):
    """Ask a yes/no question; Enter or y says yes, Escape or n says no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(plain(self.question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes_label} (y)", id="yes", variant="primary")
                yield Button(f"{self.no_label} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Close with ``answer``."""
        self.dismiss(answer)


class DeliberateQuestion(ConfirmDialog):
    """A yes/no question answered only on purpose: ``y``, ``n`` or a click.

    Enter answers nothing (no button has the focus), and the keys typed before the
    question showed are kept for the screen it returns to, not taken as its answer
    (``PARK_TYPED_AHEAD``, see ``ui.key_hold``).
    """

    PARK_TYPED_AHEAD = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
    ]

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False


class PathDialog(ModalScreen[str | None]):
    """Ask for a path (a case pack folder); the caller checks it and may show an error."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, hint: str, *, value: str = "", error: str = "") -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.hint = hint
        self.value = value
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.hint), classes="dialog-hint")
            yield show_controls(Input(self.value, placeholder="path/to/case-pack", id="path"))
            yield Static(plain(self.error), id="path-error", classes="field-error")
            yield Static("Enter: create   Esc: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#path-error", Static).display = bool(self.error)
        self.query_one("#path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            error = self.query_one("#path-error", Static)
            error.update("Type the path of a case pack folder (it holds case.toml).")
            error.display = True
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        """Close without a path."""
        self.dismiss(None)


class MessageDialog(ModalScreen[None]):
    """A list of lines to read (import problems), closed with Enter or Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close"),
    ]

    def __init__(self, title: str, summary: str, lines: list[str]) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.summary = summary
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.summary), classes="dialog-question")
            with VerticalScroll(classes="dialog-lines"):
                # One line per problem: a file name holding a line break stays on its line.
                lines = [visible(line, one_line=True) for line in self.lines]
                yield Static(plain("\n".join(lines) or "No problems."))
            yield Button("Close (Enter)", id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
