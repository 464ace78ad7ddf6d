"""The progress update, fast enough for a subgroup meeting: one action after another.

For each action in turn the dialog shows what it is, who owns it, its target and
how it stands (OVERDUE / due in N days, in words), its status, RAG and last update.
The chair presses ``r``, ``a`` or ``g`` for the new RAG (or Enter to keep it), types
one line of what was said, optionally the evidence, and Enter: the update is saved
at once (``services.actions.record_progress``, audited) and the next action comes up.
``Esc`` closes; ``ctrl+n`` skips an action with nothing said.

``MeetingReviewDialog`` (ui.screens.meetings) reuses it at a follow-up meeting, where
each update is also recorded in that meeting's minutes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from workshop_tui.domain.actions import TrackedAction
from workshop_tui.domain.display import visible
from workshop_tui.domain.models import Action, Rag
from workshop_tui.services import StorageError
from workshop_tui.ui.format import format_date, plain
from workshop_tui.ui.screens.base import AppModal
from workshop_tui.ui.widgets.footer import Footer

RAG_WORDS = {Rag.RED: "RED", Rag.AMBER: "AMBER", Rag.GREEN: "GREEN"}
"""A RAG status in words: shown in capitals beside its colour, never colour alone."""


def rag_text(rag: Rag | None) -> Text:
    """``RED`` / ``AMBER`` / ``GREEN`` styled in its colour, or ``no RAG``."""
    if rag is None:
        return Text("no RAG", style="dim")
    style = {Rag.RED: "bold red", Rag.AMBER: "bold yellow", Rag.GREEN: "bold green"}[rag]
    return Text(RAG_WORDS[rag], style=style)


def action_summary(row: TrackedAction, ref: str) -> Text:
    """Two lines about an action: where it is from and how it stands, then its words."""
    action = row.action
    line = Text()
    line.append(f"{ref} · ", style="bold")
    line.append_text(plain(row.review_reference, one_line=True, limit=30))
    line.append(" · owner ")
    line.append_text(plain(action.owner or "(no owner)", one_line=True, limit=40))
    target = action.current_target
    line.append(f" · target {format_date(target) if target else 'not set'}")
    if row.due:
        line.append(f" · {row.due}", style="bold reverse" if row.overdue else "bold")
    line.append("\n")
    line.append_text(plain(action.description, limit=400))
    line.append("\nNow: ")
    line.append(str(action.status.value))
    line.append(" · ")
    line.append_text(rag_text(action.rag))
    if action.progress:
        last = action.progress[-1]
        line.append(f" · last update {last.at:%d/%m/%Y}: ")
        line.append_text(plain(last.text, one_line=True, limit=80))
    return line


class RagChoice(Static, can_focus=True):
    """The RAG for the update: ``● Red ○ Amber ○ Green``, none chosen for an action
    without one. Left/Right (Up/Down) move the choice; the dialog's r, a, g choose."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,down", "step(1)", "Next", show=False),
        Binding("left,up", "step(-1)", "Previous", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.value: Rag | None = None

    def choose(self, value: Rag | None) -> None:
        """Show ``value`` as chosen (None: none chosen)."""
        self.value = value
        line = Text()
        for rag in Rag:
            line.append("● " if rag == value else "○ ")
            line.append_text(rag_text(rag) if rag == value else Text(RAG_WORDS[rag].capitalize()))
            line.append(f" ({rag.value[0]})   ")
        self.update(line)

    def action_step(self, step: int) -> None:
        """The next or previous RAG (from none: the first or last)."""
        order = list(Rag)
        if self.value is None:
            self.choose(order[0] if step > 0 else order[-1])
            return
        self.choose(order[(order.index(self.value) + step) % len(order)])


class ProgressDialog(AppModal):
    """Update actions one after another; each is saved at once (see the module)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, as Tab is (AppModal): the focus is on the line before the keys typed
        # after the RAG are handed on (off while a line has the focus: they are letters).
        Binding("r", "rag('red')", "Red", show=False, priority=True),
        Binding("a", "rag('amber')", "Amber", show=False, priority=True),
        Binding("g", "rag('green')", "Green", show=False, priority=True),
        # Priority, so that the keys typed after Enter wait for the save and the next
        # action (ui.key_hold), then go to its RAG, never into this action's line.
        Binding("enter", "enter", "Save / keep the RAG", show=False, priority=True),
        Binding("ctrl+n", "skip", "Skip (nothing said)", priority=True),
        Binding("escape", "close", "Close", priority=True),
    ]
    heading = "Progress update"

    def __init__(self, action_ids: list[int], start: int = 0) -> None:
        super().__init__(classes="meeting-dialog progress-dialog")
        self.action_ids = action_ids
        self.index = start
        self.row: TrackedAction | None = None
        self._warned = False
        self.saved: list[Action] = []
        """The actions updated so far, as stored after each update."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="meeting-box"):
            yield Label("", id="progress-title", classes="form-title")
            yield Static("", id="progress-action")
            yield Label("RAG now: r red, a amber, g green (Enter keeps it)", classes="field-label")
            yield RagChoice(id="progress-rag")
            yield Label("What was said (one line)", classes="field-label")
            yield Input(placeholder="progress…", id="progress-text", compact=True)
            yield Label("Evidence (optional)", classes="field-label")
            yield Input(placeholder="evidence offered…", id="progress-evidence", compact=True)
            yield Label("Reported by", classes="field-label")
            yield Input(id="progress-by", compact=True)
            yield Static("", id="progress-error", classes="field-error")
            yield Static(
                "Enter saves and brings the next action · ctrl+n skip · Tab next field · Esc close",
                id="progress-status",
                classes="form-hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.show_action()

    # the action shown --------------------------------------------------------

    def show_action(self) -> None:
        """Show the action at ``index`` with its fields empty, the RAG as it stands."""
        action_id = self.action_ids[self.index]
        self.row = self.services.actions.get(action_id)
        action = self.row.action
        self.query_one("#progress-title", Label).update(
            f"{self.heading} · {self.index + 1} of {len(self.action_ids)}"
        )
        self.query_one("#progress-action", Static).update(
            action_summary(self.row, f"Action {action.id}")
        )
        self.query_one("#progress-rag", RagChoice).choose(action.rag)
        self.query_one("#progress-text", Input).value = ""
        self.query_one("#progress-evidence", Input).value = ""
        self.query_one("#progress-by", Input).value = action.owner
        self.query_one("#progress-error", Static).display = False
        self._warned = False
        self.set_focus(self.query_one("#progress-rag", RagChoice))

    @property
    def chosen_rag(self) -> Rag | None:
        return self.query_one("#progress-rag", RagChoice).value

    # keys ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # r/a/g choose the RAG only while no line takes the typing.
        if action == "rag":
            return not isinstance(self.focused, Input)
        return True

    def action_rag(self, value: str) -> None:
        """Choose the RAG and go on to the line of progress."""
        self.query_one("#progress-rag", RagChoice).choose(Rag(value))
        # set_focus at once (widget.focus() waits a turn): the next key is the line's.
        self.set_focus(self.query_one("#progress-text", Input))

    def action_enter(self) -> None:
        """On the RAG: keep it and go on to the line; in a line: save, then the next."""
        if isinstance(self.focused, Input):
            self.after_typed_keys(self._save)
        else:
            self.set_focus(self.query_one("#progress-text", Input))

    def _save(self) -> None:
        row = self.row
        if row is None:
            return
        text = self.query_one("#progress-text", Input).value.strip()
        error = self.query_one("#progress-error", Static)
        if not text:
            error.update("Type what was said first (ctrl+n skips this action).")
            error.display = True
            self.set_focus(self.query_one("#progress-text", Input))
            return
        evidence = self.query_one("#progress-evidence", Input).value
        by = self.query_one("#progress-by", Input).value
        try:
            stored = self.record(row, text, self.chosen_rag, evidence, by)
        except StorageError as problem:
            # Nothing is lost: the words stay, and Enter tries again.
            error.update(plain(f"Not saved: {problem}"))
            error.display = True
            self.notify(visible(problem), title="Not saved", severity="error", markup=False)
            return
        self.saved.append(stored)
        self.notify(
            visible(f"Saved: action {stored.id}, {stored.rag or 'no RAG'}: {text}", limit=120),
            timeout=3,
            markup=False,
        )
        self.next_action()

    def record(
        self, row: TrackedAction, text: str, rag: Rag | None, evidence: str, by: str
    ) -> Action:
        """Store one update (a line in the action's progress log); returns the action."""
        return self.services.actions.record_progress(row.id, text, rag, evidence, by=by)

    def action_skip(self) -> None:
        """Nothing said about this one: on to the next, nothing saved."""
        self.next_action()

    def next_action(self) -> None:
        """The next action, or close after the last."""
        if self.index + 1 >= len(self.action_ids):
            self.dismiss(self.saved)
            return
        self.index += 1
        self.show_action()

    def action_close(self) -> None:
        """Close: what was saved stays saved; a line typed and not saved is said."""
        typed = self.query_one("#progress-text", Input).value.strip()
        error = self.query_one("#progress-error", Static)
        if typed and not self._warned:
            self._warned = True
            error.update("This line is not saved yet: Enter saves it, Esc again drops it.")
            error.display = True
            return
        self.dismiss(self.saved)
