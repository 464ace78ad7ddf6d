"""The meetings of the open review (``M`` on the Workshop): the workshop, then
follow-ups and the sign-off, each with a date.

``f`` starts a follow-up meeting and ``o`` the sign-off (the date offered is today,
corrected before Enter); from then on new captures belong to it. ``r`` reviews the
previous actions at the highlighted meeting: the actions from earlier meetings not yet
closed come up one by one (``MeetingReviewDialog``) and what was said about each is
saved at once, in the action's progress log and in this meeting's minutes. ``p``
records who attended the highlighted meeting (its minutes list them). ``x``
writes the highlighted meeting's minutes (.docx and .md) to the review's folder.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workshop_tui.domain.actions import TrackedAction
from workshop_tui.domain.display import visible
from workshop_tui.domain.models import Action, Attendance, Meeting, MeetingKind, Participant, Rag
from workshop_tui.services import StorageError
from workshop_tui.ui.format import format_date, parse_date, plain
from workshop_tui.ui.screens.base import AppModal
from workshop_tui.ui.screens.progress_update import ProgressDialog
from workshop_tui.ui.widgets.footer import Footer

KIND_NAMES = {
    MeetingKind.WORKSHOP: "Workshop",
    MeetingKind.FOLLOW_UP: "Follow-up meeting",
    MeetingKind.SIGN_OFF: "Sign-off meeting",
}


class MeetingReviewDialog(ProgressDialog):
    """Review previous actions at a later meeting: each update also goes in its minutes."""

    heading = "Review previous actions"

    def __init__(self, action_ids: list[int], review_id: int, meeting_id: int) -> None:
        super().__init__(action_ids)
        self.review_id = review_id
        self.meeting_id = meeting_id

    def record(
        self, row: TrackedAction, text: str, rag: Rag | None, evidence: str, by: str
    ) -> Action:
        return self.services.meetings.record_update(
            self.review_id, self.meeting_id, row.id, text, rag, evidence, by=by
        )


class MeetingAttendanceDialog(AppModal):
    """Who was at one meeting: ``p`` present, ``a`` apologies, ``x`` did not attend, ``i``
    invited (not recorded); each is saved at once and the cursor moves on. At the workshop
    this is each participant's own attendance, as on Prepare."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "mark('present')", "Present"),
        Binding("a", "mark('apologies')", "Apologies"),
        Binding("x", "mark('absent')", "Did not attend"),
        Binding("i", "mark('invited')", "Not recorded"),
        Binding("escape", "close", "Close", priority=True),
    ]

    def __init__(self, review_id: int, meeting: Meeting, label: str) -> None:
        super().__init__(classes="meeting-dialog")
        self.review_id = review_id
        self.meeting = meeting
        self.label = label
        self.rows: list[tuple[Participant, Attendance]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="meeting-box"):
            yield Label(f"Who attended: {self.label}", classes="form-title")
            yield Static(
                "p present · a apologies · x did not attend · i not recorded · Esc close",
                classes="form-hint",
            )
            yield OptionList(id="meeting-attendance-list")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#meeting-attendance-list", OptionList).focus()

    def reload(self) -> None:
        """Read everyone's attendance at the meeting again, the cursor kept on its row."""
        assert self.meeting.id is not None
        self.rows = self.services.meetings.attendance(self.review_id, self.meeting.id)
        options = self.query_one("#meeting-attendance-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for person, attendance in self.rows:
            line = plain(person.name, one_line=True, limit=40)
            if person.role:
                line.append(", ")
                line.append_text(plain(person.role, one_line=True, limit=40))
            shown = "not recorded" if attendance == Attendance.INVITED else attendance.value
            line.append(f"  {shown}", style="bold" if shown != "not recorded" else "dim")
            options.add_option(Option(line, id=str(person.id)))
        if self.rows:
            options.highlighted = min(highlighted or 0, len(self.rows) - 1)

    def action_mark(self, attendance: str) -> None:
        """Record the highlighted person's attendance, then move to the next one."""
        options = self.query_one("#meeting-attendance-list", OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self.rows) or self.meeting.id is None:
            return
        person = self.rows[index][0]
        if person.id is None:
            return
        self.services.meetings.set_attendance(
            self.review_id, self.meeting.id, person.id, Attendance(attendance)
        )
        self.reload()
        options.highlighted = min(index + 1, len(self.rows) - 1)

    def action_close(self) -> None:
        """Back to the meetings."""
        self.dismiss(None)


class MeetingsDialog(AppModal):
    """The review's meetings; start a later one, review previous actions, minutes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority (off while the date line is open): what they open is there before
        # the keys typed after them are read.
        Binding("f", "ask('follow-up')", "Start a follow-up meeting", priority=True),
        Binding("o", "ask('sign-off')", "Start the sign-off meeting", priority=True),
        Binding("r", "review_actions", "Review previous actions", priority=True),
        Binding("x", "minutes", "Write its minutes", priority=True),
        Binding("p", "attendance", "Who attended", priority=True),
        Binding("escape", "close", "Close", priority=True),
    ]

    def __init__(self, review_id: int) -> None:
        super().__init__(classes="meeting-dialog")
        self.review_id = review_id
        self.meetings: list[Meeting] = []
        self.asking: MeetingKind | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="meeting-box"):
            yield Label("Meetings of this review", classes="form-title")
            yield Static(
                "f follow-up · o sign-off (dated today, correct it, Enter) · r review previous"
                " actions · p who attended · x write the minutes · Esc close",
                classes="form-hint",
            )
            yield OptionList(id="meeting-list")
            yield Input(id="meeting-date", compact=True)
            yield Static("", id="meeting-error", classes="field-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#meeting-date", Input).display = False
        self.reload()
        self.query_one("#meeting-list", OptionList).focus()

    def reload(self) -> None:
        """Read the meetings again; the cursor goes to the latest."""
        self.meetings = self.services.meetings.meetings(self.review_id)
        options = self.query_one("#meeting-list", OptionList)
        options.clear_options()
        latest = len(self.meetings) - 1
        present_at = self.services.meetings.present_counts(self.review_id)
        for number, meeting in enumerate(self.meetings, 1):
            line = Text(f"{number}. {KIND_NAMES[meeting.kind]}")
            line.append(f", {format_date(meeting.date)}" if meeting.date else ", no date")
            notes = self.services.meetings.notes(self.review_id, meeting.id or 0)
            if notes:
                line.append(
                    f" · {len(notes)} earlier action{'s' if len(notes) != 1 else ''} reviewed"
                )
            if meeting.kind != MeetingKind.WORKSHOP:
                present = present_at[meeting.id or 0]
                line.append(f" · {present} present" if present else " · attendance not recorded")
            if number - 1 == latest:
                line.append(" · now (new captures go here)", style="bold")
            options.add_option(Option(line, id=str(meeting.id)))
        if self.meetings:
            options.highlighted = latest

    @property
    def highlighted(self) -> Meeting | None:
        index = self.query_one("#meeting-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.meetings):
            return None
        return self.meetings[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the date line is open it takes the typing.
        busy = self.asking is not None
        return not (action in {"ask", "review_actions", "minutes", "attendance"} and busy)

    def _error(self, message: str) -> None:
        error = self.query_one("#meeting-error", Static)
        error.update(plain(message))
        error.display = True

    def action_ask(self, kind: str) -> None:
        """Open the date line for a new meeting, today's date filled in."""
        self.asking = MeetingKind(kind)
        line = self.query_one("#meeting-date", Input)
        line.placeholder = f"{KIND_NAMES[self.asking]} on (DD/MM/YYYY), Enter starts it"
        line.value = format_date(self.clock().date())
        line.display = True
        line.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        kind = self.asking
        if kind is None:
            return
        try:
            date = parse_date(event.value)
        except ValueError as problem:
            self._error(str(problem))
            return
        try:
            meeting = self.services.meetings.start(self.review_id, kind, date or None)
        except StorageError as problem:
            self._error(str(problem))
            return
        self._close_line()
        self.reload()
        self.notify(
            f"{KIND_NAMES[meeting.kind]} started ({format_date(meeting.date)}): new captures"
            " belong to it. r reviews the previous actions.",
            timeout=5,
        )

    def _close_line(self) -> None:
        self.asking = None
        self.query_one("#meeting-date", Input).display = False
        self.query_one("#meeting-error", Static).display = False
        self.query_one("#meeting-list", OptionList).focus()

    def action_review_actions(self) -> None:
        """Bring up the earlier meetings' open actions one by one for the highlighted one."""
        meeting = self.highlighted
        if meeting is None or meeting.id is None:
            return
        if meeting.kind == MeetingKind.WORKSHOP:
            self._error(
                "The workshop is the first meeting: start a follow-up (f) to review its actions."
            )
            return
        rows = self.services.meetings.actions_to_review(self.review_id, meeting.id)
        if not rows:
            self.notify("No open action from an earlier meeting.", timeout=4)
            return
        dialog = MeetingReviewDialog([r.id for r in rows], self.review_id, meeting.id)

        def done(saved: object) -> None:
            count = len(saved) if isinstance(saved, list) else 0
            self.reload()
            self.notify(f"{count} of {len(rows)} actions updated at this meeting.", timeout=4)

        self.workshop_app.key_hold.hold_until(lambda screen: screen is dialog)
        self.app.push_screen(dialog, done)

    def action_attendance(self) -> None:
        """Record who was at the highlighted meeting."""
        meeting = self.highlighted
        if meeting is None or meeting.id is None:
            return
        number = self.meetings.index(meeting) + 1
        label = f"{number}. {KIND_NAMES[meeting.kind]}"
        label += f", {format_date(meeting.date)}" if meeting.date else ""
        dialog = MeetingAttendanceDialog(self.review_id, meeting, label)
        self.workshop_app.key_hold.hold_until(lambda screen: screen is dialog)
        self.app.push_screen(dialog, lambda _: self.reload())

    def action_minutes(self) -> None:
        """Write the highlighted meeting's minutes, .docx and .md, to the review's folder."""
        meeting = self.highlighted
        folder = getattr(self.app, "review_export_folder", lambda: None)()
        if meeting is None or meeting.id is None or folder is None:
            return
        number = self.meetings.index(meeting) + 1
        review = self.services.workshop.review(self.review_id)
        stem = f"{review.reference}-meeting-{number}-{meeting.kind.value}-minutes"
        written = []
        try:
            self.services.exports.make_folder_for(folder / stem, folder)
            for suffix in (".docx", ".md"):
                path = folder / f"{stem}{suffix}"
                self.services.meetings.write_minutes(self.review_id, meeting.id, path)
                written.append(str(path))
        except (StorageError, OSError) as problem:
            self._error(f"Not written: {problem}")
            return
        self.notify(visible("Minutes written: " + ", ".join(written)), timeout=8, markup=False)

    def action_close(self) -> None:
        """Close the date line if open, else the dialog."""
        if self.asking is not None:
            self._close_line()
            return
        self.dismiss(None)
