"""The room view: where the workshop is, large, for a projector or a shared screen.

It follows the chair's instance through the database (``services.room``): the current
KLOE ("KLOE 3 of 7"), its title and question, a big timer against its time box that
says in words when it runs over, the agenda with done / now / next, and only the
findings and actions the room has agreed. It reads through a read-only connection and
polls for changes a few times a second; it has no key that writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Digits, Static

from workshop_tui.domain.models import ReviewStatus
from workshop_tui.domain.room import AGENDA_MARKS, AgendaState, RoomView, room_timer
from workshop_tui.ui.format import plain
from workshop_tui.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from workshop_tui.domain.clock import Clock
    from workshop_tui.services.room import RoomServices

POLL_SECONDS = 0.2
"""How often the view asks the database whether anything changed (``PRAGMA
data_version``: one tiny statement), so it follows the chair within half a second."""


class RoomHost(Protocol):
    """What the room screen uses of its app (``workshop_tui.room_app.RoomApp``)."""

    services: RoomServices
    clock: Clock


class RoomScreen(Screen[None]):
    """Follow one review's workshop, read-only."""

    screen_name = "room"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "app.toggle_light", "Light/dark", id="room-theme"),
        Binding("r", "refresh_now", "Read again", show=False, id="room-refresh"),
        Binding("q", "app.quit", "Quit", id="room-quit"),
    ]

    def __init__(self, reference: str) -> None:
        super().__init__(classes="room-screen")
        self.reference = reference
        self.view: RoomView | None = None
        self.problem: str | None = None
        """Why the view cannot follow just now (the file is gone...), or None."""
        self.last_change_at: str = ""
        self._timer_shown: tuple[str, str, str] | None = None

    @property
    def services(self) -> RoomServices:
        """The room's use cases: following, nothing that writes."""
        return cast("RoomHost", self.app).services

    def compose(self) -> ComposeResult:
        with Vertical(id="room-top"):
            yield Static("", id="room-heading")
            yield Static("", id="room-kloe-title")
            yield Static("", id="room-question")
            with Horizontal(id="room-timer-row"):
                yield Digits("", id="room-timer")
                yield Static("", id="room-timer-words")
        with Horizontal(id="room-body"):
            with Vertical(id="room-agenda-panel"):
                yield Static("Agenda", classes="panel-title")
                yield Static("", id="room-agenda")
            with VerticalScroll(id="room-agreed-panel"):
                yield Static("Agreed", id="room-agreed-title", classes="panel-title")
                yield Static("", id="room-agreed")
        yield Static("", id="room-status")
        yield Footer()

    def on_mount(self) -> None:
        self.poll()
        self.set_interval(POLL_SECONDS, self.poll)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < 100, "narrow")
        self.set_class(event.size.height < 30, "short")

    # following ---------------------------------------------------------------------

    def poll(self) -> None:
        """Read the review again if anything was committed since the last poll; tick the
        timer either way. A file that is gone or locked is said, and asked again."""
        from workshop_tui.services import StorageError

        room = self.services.room
        try:
            if room.changed() or self.view is None or self.problem is not None:
                self.view = room.view(self.reference)
                self.last_change_at = f"{self.services.clock():%H:%M:%S}"
                self.show_view()
            self.problem = None
        except StorageError as error:
            self.problem = str(error)
        self.update_timer()
        self.update_status()

    def action_refresh_now(self) -> None:
        """Read everything again now (the view also follows by itself)."""
        self.view = None
        self.poll()

    # showing -----------------------------------------------------------------------

    def show_view(self) -> None:
        """Show the review as ``self.view`` holds it."""
        view = self.view
        if view is None:
            return
        heading = plain(f"{view.reference} · ", one_line=True, style="bold")
        heading.append_text(plain(view.title, one_line=True, limit=120))
        heading.append(f"  ·  {self._workshop_state(view)}")
        self.query_one("#room-heading", Static).update(heading)
        title = self.query_one("#room-kloe-title", Static)
        question = self.query_one("#room-question", Static)
        kloe = view.kloe
        if kloe is None:
            ended = view.status in {ReviewStatus.DRAFT_MINUTES, ReviewStatus.FINAL}
            title.update("The workshop has ended." if ended else "No KLOEs on the agenda yet.")
            question.update("")
        else:
            lead = "" if kloe.now else "Coming up: "
            line = Text(f"{lead}KLOE {kloe.position} of {kloe.of} · ")
            line.append_text(plain(kloe.title, one_line=True, limit=160))
            title.update(line)
            question.update(plain(kloe.question, limit=600))
        self.query_one("#room-timer-row").display = kloe is not None
        self.query_one("#room-agenda", Static).update(self._agenda(view))
        self._show_agreed(view)

    @staticmethod
    def _workshop_state(view: RoomView) -> str:
        if view.status == ReviewStatus.PREPARING or view.workshop_started_at is None:
            return "Workshop not started"
        if view.workshop_ended_at is not None or view.status != ReviewStatus.IN_WORKSHOP:
            return "Workshop ended"
        return f"Workshop running since {view.workshop_started_at:%H:%M}"

    @staticmethod
    def _agenda(view: RoomView) -> Text:
        text = Text(end="")
        for number, line in enumerate(view.agenda):
            if number:
                text.append("\n")
            style = "bold reverse" if line.state == AgendaState.NOW else ""
            row = Text(f"{AGENDA_MARKS[line.state]} {line.number}. ", style=style)
            if line.state != AgendaState.LATER:  # in words first: a narrow column cuts the end
                row.append(f"{line.state}: ", style=f"{style} italic")
            row.append_text(plain(line.title, one_line=True, limit=120, style=style))
            row.append(f" ({line.minutes}m)", style=style)
            text.append_text(row)
        return text if view.agenda else Text("No KLOEs yet.", style="italic")

    def _show_agreed(self, view: RoomView) -> None:
        self.query_one("#room-agreed-title", Static).update(f"Agreed for {view.agreed_scope}")
        text = Text(end="")
        for number, item in enumerate(view.agreed):
            if number:
                text.append("\n\n")
            text.append(f"{item.kind}: ", style="bold")
            text.append_text(plain(item.text, limit=1000))
            if item.detail:
                text.append("\n")
                text.append_text(plain(item.detail, one_line=True, style="italic"))
        if not view.agreed:
            text.append("Nothing agreed yet.", style="italic")
        findings, actions = view.agreed_findings, view.agreed_actions
        text.append(
            f"\n\nAgreed in the whole workshop: {findings} finding{'s' * (findings != 1)},"
            f" {actions} action{'s' * (actions != 1)}.",
            style="dim",
        )
        self.query_one("#room-agreed", Static).update(text)
        self.query_one("#room-agreed-panel", VerticalScroll).scroll_end(animate=False)

    def update_timer(self) -> None:
        """The current KLOE's time against its time box, from the clock."""
        view = self.view
        if view is None or view.kloe is None:
            return
        kloe = view.kloe
        elapsed = kloe.elapsed(self.services.clock())
        timer = room_timer(elapsed, kloe.minutes)
        if kloe.now:
            shown = (timer.digits, timer.words, timer.state)
        else:
            shown = (f"{kloe.minutes}:00", "time box · starts when the chair opens this KLOE", "")
        if shown == self._timer_shown:
            return  # polled five times a second: repaint only when the second changes
        self._timer_shown = shown
        digits_text, words_text, state = shown
        self.query_one("#room-timer", Digits).update(digits_text)
        self.query_one("#room-timer-words", Static).update(words_text)
        state = state or "waiting"
        row = self.query_one("#room-timer-row")
        for name in ("ok", "warning", "over", "waiting"):
            row.set_class(state == name, f"timer-{name}")

    def update_status(self) -> None:
        status = self.query_one("#room-status", Static)
        if self.problem is not None:
            status.update(plain(f"⚠ Not following just now: {self.problem} (trying again)"))
            status.add_class("room-problem")
            return
        status.remove_class("room-problem")
        status.update(
            plain(
                f"Room view · read-only · follows the chair · last change {self.last_change_at}",
                one_line=True,
            )
        )
