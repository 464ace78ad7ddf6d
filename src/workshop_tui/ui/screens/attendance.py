"""Attendance during a meeting: who joined late and who left early, with the time.

Opened with ``t`` on the Workshop screen. The list shows everyone with their
attendance and times; ``j`` records that the highlighted person joined, ``l`` that
they left, each with the time now offered in a line that can be corrected before
Enter; ``x`` forgets both times (a mistake). Each is saved at once and audited
(``services.workshop``); the minutes say "joined 10:40", "left 12:05".
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workshop_tui.domain.display import visible
from workshop_tui.domain.models import Participant
from workshop_tui.services import StorageError
from workshop_tui.ui.format import plain
from workshop_tui.ui.screens.base import AppModal
from workshop_tui.ui.widgets.footer import Footer


def attendance_times(person: Participant) -> str:
    """``joined 10:40 · left 12:05``, or '' when neither was recorded."""
    parts = []
    if person.arrived_at is not None:
        parts.append(f"joined {person.arrived_at:%H:%M}")
    if person.left_at is not None:
        parts.append(f"left {person.left_at:%H:%M}")
    return " · ".join(parts)


def parse_clock_time(text: str) -> dt.time:
    """``10:40``, ``10.40``, ``1040`` or ``9:05`` as a time of day.

    Raises:
        ValueError: not a time of day; the message says what to type.
    """
    cleaned = text.strip().replace(".", ":")
    if cleaned.isdigit() and len(cleaned) in (3, 4):
        cleaned = f"{cleaned[:-2]}:{cleaned[-2:]}"
    try:
        hours, minutes = (int(part) for part in cleaned.split(":"))
        return dt.time(hours, minutes)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a time: type it as 10:40") from None


class AttendanceDialog(AppModal):
    """Record late arrivals and early leavers for the review's meeting."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "ask('joined')", "Joined late"),
        Binding("l", "ask('left')", "Left early"),
        Binding("x", "clear", "Clear times"),
        Binding("escape", "close", "Close", priority=True),
    ]

    def __init__(self, review_id: int) -> None:
        super().__init__(classes="attendance-dialog")
        self.review_id = review_id
        self.people: list[Participant] = []
        self.asking: str | None = None
        """``joined`` or ``left`` while the time line is open."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="attendance-box"):
            yield Label("Attendance during the meeting", classes="form-title")
            yield Static(
                "j joined late · l left early (the time now, correct it, Enter) · x clear"
                " the times · Esc close",
                classes="form-hint",
            )
            yield OptionList(id="attendance-list")
            yield Input(id="attendance-time", compact=True)
            yield Static("", id="attendance-error", classes="field-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#attendance-time", Input).display = False
        self.reload()
        self.query_one("#attendance-list", OptionList).focus()

    def reload(self) -> None:
        """Read everyone again and redraw the list, the cursor kept on its row."""
        self.people = self.services.workshop.participants(self.review_id)
        options = self.query_one("#attendance-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(self._line(p), id=str(p.id)) for p in self.people])
        if self.people:
            options.highlighted = min(highlighted or 0, len(self.people) - 1)

    @staticmethod
    def _line(person: Participant) -> Text:
        line = plain(person.name, one_line=True, limit=40)
        if person.role:
            line.append_text(plain(f" ({person.role})", one_line=True, limit=40))
        line.append(f" · {person.attendance}")
        times = attendance_times(person)
        if times:
            line.append(f" · {times}", style="bold")
        return line

    @property
    def highlighted(self) -> Participant | None:
        index = self.query_one("#attendance-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.people):
            return None
        return self.people[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the time line is open it takes the typing.
        return not (action in {"ask", "clear"} and self.asking is not None)

    def action_ask(self, what: str) -> None:
        """Open the time line for the highlighted person, the time now filled in."""
        person = self.highlighted
        if person is None:
            return
        self.asking = what
        line = self.query_one("#attendance-time", Input)
        line.placeholder = f"{person.name} {what} at (HH:MM), Enter saves, Esc cancels"
        line.value = f"{self.clock():%H:%M}"
        line.display = True
        line.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        person = self.highlighted
        what = self.asking
        if person is None or person.id is None or what is None:
            return
        error = self.query_one("#attendance-error", Static)
        try:
            at = dt.datetime.combine(self.clock().date(), parse_clock_time(event.value))
        except ValueError as problem:
            error.update(plain(str(problem)))
            error.display = True
            return
        try:
            if what == "joined":
                self.services.workshop.record_joined(person.id, at)
            else:
                self.services.workshop.record_left(person.id, at)
        except StorageError as problem:
            error.update(plain(str(problem)))
            error.display = True
            return
        error.display = False
        self._close_line()
        self.reload()
        self.notify(visible(f"{person.name} {what} at {at:%H:%M}."), timeout=3, markup=False)

    def action_clear(self) -> None:
        """Forget the highlighted person's times (audited)."""
        person = self.highlighted
        if person is None or person.id is None or not attendance_times(person):
            return
        self.services.workshop.clear_times(person.id)
        self.reload()
        self.notify(visible(f"Times cleared for {person.name}."), timeout=3, markup=False)

    def _close_line(self) -> None:
        self.asking = None
        line = self.query_one("#attendance-time", Input)
        line.display = False
        self.query_one("#attendance-list", OptionList).focus()

    def action_close(self) -> None:
        """Close the time line if open, else the dialog."""
        if self.asking is not None:
            self._close_line()
            self.query_one("#attendance-error", Static).display = False
            return
        self.dismiss(None)
