"""The chair's running view of the workshop.

The current KLOE's question and prompts, its slice of the chronology, a timer
against its time box, what has been captured for it so far, and one key each
to capture a perspective, a finding, an action or an escalation. Moving between
KLOEs records when each started and ended (the WorkshopLog).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import DataTable, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from workshop_tui.domain.agenda import (
    agenda_minutes,
    not_discussed,
    overall_time_text,
    short_agency_names,
    workshop_elapsed,
)
from workshop_tui.domain.capture_kinds import (
    CAPTURE_KINDS,
    Capture,
    CaptureKind,
    capture_kind,
    capture_kloe_id,
)
from workshop_tui.domain.models import (
    Action,
    Agency,
    ChronologyEntry,
    Draft,
    Escalation,
    Finding,
    Kloe,
    KloeStatus,
    Participant,
    ReviewStatus,
    WorkshopLogEntry,
)
from workshop_tui.services import StorageError
from workshop_tui.ui import chronology_loading
from workshop_tui.ui.commands import PaletteCommand
from workshop_tui.ui.format import cell, format_date, plain, timer_text, visible
from workshop_tui.ui.screens.base import ReviewScreen
from workshop_tui.ui.screens.capture import FORMS, DraftOfferDialog, FormContext
from workshop_tui.ui.screens.dialogs import ConfirmDialog, DeliberateQuestion
from workshop_tui.ui.widgets.chronology_table import ChronologyTable, format_entry_date
from workshop_tui.ui.widgets.footer import Footer
from workshop_tui.ui.widgets.speaker_picker import participant_label

KLOE_MARKS = {KloeStatus.NOT_STARTED: " ", KloeStatus.IN_PROGRESS: "▶", KloeStatus.DONE: "✓"}
NOT_DISCUSSED_MARK = "–"


def entry_detail(entry: ChronologyEntry, agency_names: dict[str, str]) -> Text:
    """One chronology entry in full, for the line under the slice: its number (the one
    a capture form's entry field takes), date, agency, practitioner, then every word of
    the event and outcome (or, for an entry that needs attention, why)."""
    when = format_entry_date(entry)
    if entry.time is not None:
        when += f" {entry.time:%H:%M}"
    text = Text(f"#{entry.id} · {when} · ", style="bold")
    text.append_text(plain(agency_names.get(entry.agency, entry.agency), one_line=True))
    if entry.practitioner:
        text.append(" · ")
        text.append_text(plain(entry.practitioner, one_line=True))
    if entry.error is not None:
        text.append("\n! ", style="bold")
        text.append_text(plain(entry.error, one_line=True))
    if entry.event:
        text.append("\n")
        text.append_text(plain(entry.event, one_line=True))
    if entry.outcome:
        text.append("\nOutcome: ", style="italic")
        text.append_text(plain(entry.outcome, one_line=True))
    return text


def kloe_elapsed(log: list[WorkshopLogEntry], kloe_id: int, now: dt.datetime) -> dt.timedelta:
    """Time spent on a KLOE so far: every stretch it was open, the open one up to ``now``."""
    total = dt.timedelta()
    for entry in log:
        if entry.kloe_id == kloe_id:
            total += (entry.ended_at or now) - entry.started_at
    return max(total, dt.timedelta())


def _show(static: Static, text: str) -> None:
    """Put ``text`` in ``static`` only if it says something new. The timers tick every
    second, but the workshop's elapsed time changes once a minute (and a stopped or
    frozen clock's never): an update lays the whole screen out again (under a form, the
    dimmed screen behind it too), so a tick that changes nothing must not cost one."""
    if static.content != text:
        static.update(text)


class SliceTable(ChronologyTable, inherit_bindings=False):
    """The chronology table as the Workshop shows it: its own keys work but stay off the
    footer, which at 80 columns has room only for the capture keys, Next and End."""

    BINDINGS: ClassVar[list[BindingType]] = [
        replace(b, show=False) if isinstance(b, Binding) else b for b in ChronologyTable.BINDINGS
    ]


class WorkshopScreen(ReviewScreen):
    """Run the workshop: one KLOE at a time, capturing as the room talks."""

    screen_name = "workshop"
    # Priority, so a focused list or table never takes a capture key; no Input lives here.
    BINDINGS: ClassVar[list[BindingType]] = [
        # A decision's key stays off the footer, which at 80 columns is full (F1, the
        # palette and the captured list's title name it).
        *(
            Binding(
                k.key,
                f"capture('{k.kind}')",
                k.label,
                priority=True,
                id=f"cap-{k.key}",
                show=k.kind != "decision",
            )
            for k in CAPTURE_KINDS
        ),
        Binding("n", "move(1)", "Next KLOE", priority=True, id="kloe-next"),
        Binding("b", "move(-1)", "Previous KLOE", show=False, priority=True, id="kloe-prev"),
        # Short words: at 80 columns the capture keys, Next and Start/End fill the footer.
        Binding("s", "start_workshop", "Start", priority=True, id="ws-start"),
        Binding("ctrl+e", "end_workshop", "End", id="ws-end"),
        Binding("slash", "find", "Find", key_display="/", id="ws-find"),
        Binding("m", "mark", "Mark entry", id="ws-mark"),
        Binding(
            "c", "focus_captured", "Correct a capture", show=False, priority=True, id="ws-captured"
        ),
        Binding("escape", "close_find", "Close find", show=False),
        Binding("d", "drafts", "Unfinished drafts", show=False, priority=True),
        Binding(
            "t", "attendance", "Attendance: joined late, left early", show=False, priority=True
        ),
        Binding(
            "M",
            "meetings",
            "Meetings: follow-up, review previous actions, minutes",
            show=False,
            priority=True,
        ),
        # Priority too, so the form is open before the keys typed after Enter are read.
        Binding("enter", "edit_captured", "Correct capture", show=False, priority=True),
    ]
    FIND_BLOCKS = frozenset(
        {
            "capture",
            "move",
            "start_workshop",
            "mark",
            "find",
            "drafts",
            "focus_captured",
            "attendance",
            "meetings",
        }
    )
    """Actions on letter keys, off while the find line takes the typing."""
    LOAD_AT_ONCE = chronology_loading.LOAD_AT_ONCE
    """A chronology up to this size is read before the screen first paints; a larger
    one shows its first rows, and the table reads the rest in a thread."""
    HEAD_ROWS = chronology_loading.HEAD_ROWS

    def __init__(self, review_id: int) -> None:
        super().__init__(review_id, classes="workshop-screen")
        self.kloes: list[Kloe] = []
        self.current_index = 0
        self.participants: list[Participant] = []
        self.agencies: list[Agency] = []
        self.agency_names: dict[str, str] = {}
        self.log_entries: list[WorkshopLogEntry] = []
        self.items: list[tuple[CaptureKind, Capture]] = []
        self.last_saved: tuple[type, int | None] | None = None
        """The kind and id of the capture saved last: where `c` puts the cursor."""
        self.status = ReviewStatus.PREPARING
        self.workshop_minutes: int | None = None
        self.not_discussed_ids: set[int] = set()

    # composition ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="workshop-body"):
            with Vertical(id="kloe-panel"):
                yield Static("KLOEs", classes="panel-title")
                yield OptionList(id="kloe-list")
                yield Static("", id="workshop-state")
            with Vertical(id="kloe-main"):
                with Horizontal(id="kloe-heading"):
                    yield Static("", id="kloe-title")
                    yield Static("", id="timer")
                yield Static("", id="overall-time")
                yield Static("", id="kloe-question")
                yield Static("", id="slice-title", classes="panel-title")
                yield SliceTable(id="chronology-slice")
                yield Input(
                    placeholder="Find in the slice: a date (12/03/2024) or words · "
                    "Enter finds the next · Esc closes",
                    id="slice-find",
                    compact=True,
                )
                yield Static("", id="slice-detail")
                yield Static(
                    "Captured for this KLOE · c then Enter opens one to correct"
                    " · D records a decision",
                    classes="panel-title",
                    id="captured-title",
                )
                captured: DataTable[str] = DataTable(id="captured", cursor_type="row")
                yield captured
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#captured", DataTable)
        table.add_column("Item", key="kind", width=11)
        table.add_column("By / state", key="who", width=26)
        table.add_column("Text", key="text")
        slice_table = self.query_one("#chronology-slice", ChronologyTable)
        # During the workshop the slice leads with what the room is talking about:
        # entries that need attention go after the dated ones (counted in the title).
        slice_table.attention_last = True
        workshop = self.services.workshop
        slice_table.set_agency_labels(short_agency_names(workshop.agencies(self.review_id)))
        self.query_one("#slice-find", Input).display = False
        chronology_loading.fill_table(
            slice_table,
            self.services.chronology,
            self.review_id,
            at_once=self.LOAD_AT_ONCE,
            head_rows=self.HEAD_ROWS,
        )
        self.reload()
        self.current_index = self._initial_index()
        self.show_kloe()
        self.set_interval(1, self.update_timer)
        self.call_after_refresh(self.offer_drafts)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < 100, "narrow")
        self.set_class(event.size.height < 30, "short")
        # At 80 columns every capture key, Next and End must fit on the footer line.
        self.query_one(Footer).compact = event.size.width < 100

    # data -------------------------------------------------------------------

    def reload(self) -> None:
        """Read the review's status, people, KLOEs and log again."""
        review = self.workshop_app.refresh_review()
        self.status = review.status if review else ReviewStatus.PREPARING
        self.workshop_minutes = review.workshop_minutes if review else None
        self.participants = self.services.workshop.participants(self.review_id)
        self.agencies = self.services.workshop.agencies(self.review_id)
        self.agency_names = {a.key: a.name for a in self.agencies}
        self.reload_progress()

    def reload_progress(self) -> None:
        """Read the KLOEs (their status) and the workshop log again: what a move changes."""
        self.kloes = self.services.workshop.kloes(self.review_id)
        self.log_entries = self.services.workshop.log(self.review_id)
        captured = self.services.captures.captured_kloe_ids(self.review_id)
        over = self.status in {ReviewStatus.DRAFT_MINUTES, ReviewStatus.FINAL}
        self.not_discussed_ids = {
            k.id
            for k in self.kloes
            if k.id is not None
            and not_discussed(k, self.log_entries, captured=k.id in captured, workshop_over=over)
        }
        self._fill_kloe_list()

    def kloe_state(self, kloe: Kloe) -> str:
        """The KLOE's status as the agenda says it: "not discussed" for one moved past."""
        return "not discussed" if kloe.id in self.not_discussed_ids else str(kloe.status)

    def _initial_index(self) -> int:
        for index, kloe in enumerate(self.kloes):
            if kloe.status == KloeStatus.IN_PROGRESS:
                return index
        for index, kloe in enumerate(self.kloes):
            if kloe.status == KloeStatus.NOT_STARTED:
                return index
        return 0

    @property
    def current(self) -> Kloe | None:
        if not self.kloes:
            return None
        self.current_index = max(0, min(self.current_index, len(self.kloes) - 1))
        return self.kloes[self.current_index]

    @property
    def running(self) -> bool:
        return self.status == ReviewStatus.IN_WORKSHOP

    def _fill_kloe_list(self) -> None:
        options = self.query_one("#kloe-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(self._agenda_line(k), id=str(k.id)) for k in self.kloes])
        if self.kloes:
            options.highlighted = self.current_index if highlighted is None else highlighted
        state = self.query_one("#workshop-state", Static)
        if self.status == ReviewStatus.PREPARING:
            state.update("Workshop not started.\nPress s to start.")
        elif self.running:
            started = next((e.started_at for e in self.log_entries if e.kloe_id is None), None)
            state.update(f"Workshop running\nsince {started:%H:%M}" if started else "Running")
        else:
            state.update(f"Workshop ended\n({self.status})")

    def _agenda_line(self, kloe: Kloe) -> Text:
        if kloe.id in self.not_discussed_ids:
            line = plain(f"{NOT_DISCUSSED_MARK} {kloe.number}. ")
            line.append_text(plain(kloe.title, one_line=True, limit=40))
            line.append(f" ({kloe.minutes}m) not discussed", style="italic")
            return line
        line = plain(f"{KLOE_MARKS[kloe.status]} {kloe.number}. ")
        line.append_text(plain(kloe.title, one_line=True, limit=40))
        line.append(f" ({kloe.minutes}m)")
        return line

    # showing the current KLOE ----------------------------------------------------

    def show_kloe(self) -> None:
        """Show the current KLOE: heading, question, slice, timer, captures."""
        kloe = self.current
        title = self.query_one("#kloe-title", Static)
        question = self.query_one("#kloe-question", Static)
        if kloe is None:
            title.update("No KLOEs yet: add them on the Prepare screen (F3).")
            question.update("")
            self.query_one("#slice-title", Static).update("")
            self.refresh_items()
            return
        options = self.query_one("#kloe-list", OptionList)
        options.highlighted = self.current_index
        self._show_heading(kloe)
        prompts = "".join(f"\n  • {visible(prompt, one_line=True)}" for prompt in kloe.prompts)
        question.update(plain(f"{visible(kloe.question)}{prompts}"))
        self.show_slice(kloe)
        self.update_timer()
        self.refresh_items()

    def _show_heading(self, kloe: Kloe) -> None:
        heading = Text(f"KLOE {kloe.number} of {len(self.kloes)}: ")
        heading.append_text(plain(kloe.title, one_line=True))
        if kloe.status == KloeStatus.DONE:  # revisited: say how it was left
            heading.append(f"  ({self.kloe_state(kloe)})", style="italic")
        self.query_one("#kloe-title", Static).update(heading)

    @property
    def entries(self) -> list[ChronologyEntry]:
        """The chronology entries read so far (every one, once a large chronology is in)."""
        return self.query_one("#chronology-slice", ChronologyTable).entries

    def show_slice(self, kloe: Kloe) -> None:
        """The chronology the KLOE is about: its period, or the entries linked to it."""
        from workshop_tui.domain.filtering import ChronologyFilter

        table = self.query_one("#chronology-slice", ChronologyTable)
        table.clear_marks()
        table.apply_filter(ChronologyFilter.for_kloe(kloe))
        self._show_slice_title(kloe)

    def _show_slice_title(self, kloe: Kloe) -> None:
        table = self.query_one("#chronology-slice", ChronologyTable)
        period = ""
        if kloe.period_start or kloe.period_end:
            period = f" {format_date(kloe.period_start)} to {format_date(kloe.period_end)}"
        rows = f"{table.row_count} rows"
        if table.loading_total is not None:
            rows = f"{table.row_count} rows so far (loading {table.loading_total:,} entries…)"
        attention = sum(1 for e in table.shown_entries() if e.needs_attention)
        if attention:
            rows += f" ({attention} needing attention, shown last)"
        self.query_one("#slice-title", Static).update(
            f"Chronology{period}: {rows} · m mark to link · / find"
        )

    def on_chronology_table_loaded(self, event: ChronologyTable.Loaded) -> None:
        event.stop()
        if (kloe := self.current) is not None:
            self._show_slice_title(kloe)

    def on_chronology_table_load_progress(self, event: ChronologyTable.LoadProgress) -> None:
        event.stop()
        if (kloe := self.current) is not None:
            self._show_slice_title(kloe)  # the rows so far

    def on_chronology_table_load_failed(self, event: ChronologyTable.LoadFailed) -> None:
        event.stop()
        if (kloe := self.current) is not None:
            self._show_slice_title(kloe)
        self.notify(
            visible(f"Only the first chronology entries could be read: {event.error}"),
            title="Chronology incomplete",
            severity="error",
            timeout=10,
            markup=False,
        )

    def on_chronology_table_entry_highlighted(
        self, event: ChronologyTable.EntryHighlighted
    ) -> None:
        if event.table.id == "chronology-slice":
            event.stop()
            self.show_entry_detail(event.entry)

    def show_entry_detail(self, entry: ChronologyEntry | None) -> None:
        """The whole text of the entry under the cursor, wrapped, under the slice."""
        detail = self.query_one("#slice-detail", Static)
        table = self.query_one("#chronology-slice", ChronologyTable)
        detail.update(entry_detail(entry, table.agency_labels) if entry else "")

    def action_find(self) -> None:
        """Open the find line under the slice (its last text kept, to find the next)."""
        find = self.query_one("#slice-find", Input)
        find.display = True
        find.focus()
        find.select_all()

    def action_focus_captured(self) -> None:
        """Go to the list of what was captured for this KLOE, on the capture saved last
        (the one most often corrected): ``c Enter`` opens it. Keys typed after ``c`` wait for
        the list to have the focus."""
        table = self.query_one("#captured", DataTable)
        if table.row_count:
            newest = next(
                (
                    row
                    for row, (_, item) in enumerate(self.items)
                    if (type(item), item.id) == self.last_saved
                ),
                table.row_count - 1,  # the list is by kind: the last row is only a guess
            )
            table.move_cursor(row=newest)
        self.workshop_app.key_hold.focus(table)

    def action_close_find(self) -> None:
        """Close the find line; the cursor stays where the find put it."""
        find = self.query_one("#slice-find", Input)
        if find.display:
            find.display = False
            self.query_one("#chronology-slice", ChronologyTable).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "slice-find":
            return
        event.stop()
        query = event.value.strip()
        table = self.query_one("#chronology-slice", ChronologyTable)
        if query and not table.find(query):
            self.notify(
                f"Nothing in this KLOE's slice matches {visible(query, one_line=True, limit=60)}",
                title="Find",
                markup=False,
                timeout=3,
            )
            return
        self.action_close_find()

    def update_timer(self) -> None:
        """Time spent on the current KLOE against its time box, and on the whole workshop."""
        self.update_overall_time()
        kloe = self.current
        timer = self.query_one("#timer", Static)
        if kloe is None or kloe.id is None:
            _show(timer, "")
            return
        elapsed = kloe_elapsed(self.log_entries, kloe.id, self.clock())
        text, state = timer_text(elapsed, kloe.minutes)
        _show(timer, text)
        for name in ("ok", "warning", "over"):
            timer.set_class(state == name, f"timer-{name}")

    def update_overall_time(self) -> None:
        """The whole workshop's elapsed time, against its length if one is set."""
        overall = self.query_one("#overall-time", Static)
        elapsed = workshop_elapsed(self.log_entries, self.clock())
        text = overall_time_text(
            elapsed,
            self.workshop_minutes,
            agenda_minutes(self.kloes),
            ended=elapsed is not None and not self.running,
        )
        _show(overall, text)
        over = (
            elapsed is not None
            and self.workshop_minutes is not None
            and elapsed > dt.timedelta(minutes=self.workshop_minutes)
        )
        overall.set_class(over, "timer-over")

    def refresh_items(self) -> None:
        """What has been captured for the current KLOE."""
        table = self.query_one("#captured", DataTable)
        row = table.cursor_row
        table.clear()
        self.items = []
        kloe = self.current
        if kloe is None or kloe.id is None:
            return
        for kind, item in self.services.captures.for_kloe(self.review_id, kloe.id):
            self.items.append((kind, item))
            text = str(getattr(item, kind.text_field))
            table.add_row(
                kind.label,
                cell(self._who_or_state(item), 26),
                cell(text, 200),
                key=f"{kind.kind}:{item.id}",
            )
        if self.items:  # the row just corrected stays under the cursor
            table.move_cursor(row=min(max(row, 0), len(self.items) - 1))

    def _who_or_state(self, item: Capture) -> str:
        """The captured list's middle column: who said a perspective, else its state."""
        if isinstance(item, Finding):
            return f"{item.kind} · {'agreed' if item.agreed else 'draft'}"
        if isinstance(item, Action):
            return f"{item.owner or 'no owner'} · {'agreed' if item.agreed else 'draft'}"
        if isinstance(item, Escalation):
            return f"{item.status}{' · RISK' if item.immediate_risk else ''}"
        person = next((p for p in self.participants if p.id == item.participant_id), None)
        if person is not None:
            return participant_label(person, self.agency_names)
        return item.speaker_name or "(the room)"

    # moving between KLOEs ---------------------------------------------------------

    def go_to(self, index: int) -> None:
        """Make KLOE ``index`` current; while the workshop runs, log the move."""
        if not self.kloes or not 0 <= index < len(self.kloes):
            return
        leaving, arriving = self.current, self.kloes[index]
        if leaving is not None and arriving.id is not None:
            self.services.workshop.go_to_kloe(self.review_id, leaving.id, arriving.id)
        self.current_index = index
        self.reload_progress()
        self.show_kloe()

    def action_move(self, step: int) -> None:
        """Next (1) or previous (-1) KLOE."""
        if self.kloes:
            target = self.current_index + step
            if 0 <= target < len(self.kloes):
                self.go_to(target)
            else:
                self.notify("No more KLOEs that way.", timeout=2)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "kloe-list":
            event.stop()
            self.go_to(event.option_index)

    def action_start_workshop(self) -> None:
        """Start the workshop: record the time, set the status, open the first KLOE.

        On a first start on another day than the review's workshop date, ask whether
        today is to be recorded as the workshop date (the minutes and report use it).
        """
        if self.running:
            self.notify("The workshop is already running.", timeout=2)
            return
        plan = self.services.workshop.start_plan(self.review_id)
        today, planned = plan.today, plan.planned
        if planned is None:
            self._start(today if plan.record_today else None)
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                self.notify(
                    f"Workshop date kept as planned: {format_date(planned)} "
                    "(Prepare, details, to change it).",
                    timeout=4,
                )
            self._start(today if yes else None)

        self.app.push_screen(
            DeliberateQuestion(
                f"The workshop was planned for {format_date(planned)}; today is "
                f"{format_date(today)}. Record today as the workshop date?",
                yes="Record today",
                no=f"Keep {format_date(planned)}",
            ),
            answered,
        )

    def _start(self, workshop_date: dt.date | None) -> None:
        """Start the workshop on the current KLOE (and record ``workshop_date``, if given,
        as the review's workshop date, audited): one commit."""
        kloe = self.current
        problem = self.services.workshop.start(
            self.review_id, kloe.id if kloe is not None else None, workshop_date=workshop_date
        )
        if workshop_date is not None:
            self.notify(f"Workshop date recorded as {format_date(workshop_date)}.", timeout=3)
        self.reload()
        self.show_kloe()
        self.refresh_bindings()
        self.notify(f"Workshop started at {self.clock():%H:%M}.", timeout=3)
        if problem:
            self.notify(
                visible(
                    f"The backup before the workshop could not be made: {problem} "
                    "Captures are still saved as you go."
                ),
                title="No backup",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def action_end_workshop(self) -> None:
        """End the workshop after asking (closes the current KLOE)."""
        if not self.running:
            self.notify("The workshop is not running.", timeout=2)
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            kloe = self.current
            try:
                self.services.workshop.end(self.review_id, kloe.id if kloe is not None else None)
            except StorageError as error:  # a dialog's answer is not an action: say it here
                self.notify(
                    visible(error), title="Not saved", severity="error", timeout=10, markup=False
                )
                return
            self.reload()
            self.show_kloe()
            self.refresh_bindings()
            self.notify(f"Workshop ended at {self.clock():%H:%M}.", timeout=3)

        self.app.push_screen(ConfirmDialog("End the workshop now?"), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        focused = self.focused if self.is_mounted else None
        if action in self.FIND_BLOCKS and focused is not None and focused.id == "slice-find":
            return False  # the key is typed into the find line
        if action == "close_find":
            return self.is_mounted and self.query_one("#slice-find", Input).display
        if action == "start_workshop":
            return not self.running
        if action == "end_workshop":
            return self.running
        return True

    # capturing ----------------------------------------------------------------

    def action_mark(self) -> None:
        """Mark (or unmark) the highlighted chronology entry; the next capture links it."""
        table = self.query_one("#chronology-slice", ChronologyTable)
        table.toggle_mark()
        count = len(table.marked_ids)
        self.notify(f"{count} entr{'y' if count == 1 else 'ies'} marked to link.", timeout=2)

    def form_context(self, kloe_id: int | None) -> FormContext:
        """Choices and checks for a capture form."""
        table = self.query_one("#chronology-slice", ChronologyTable)
        return FormContext(
            review_id=self.review_id,
            kloe_id=kloe_id,
            participants=self.participants,
            agencies=self.agencies,
            findings=self.services.captures.findings(self.review_id),
            # Until a large chronology is in, links are not checked against it.
            entry_ids=(
                None if table.entries_loading else {e.id for e in table.entries if e.id is not None}
            ),
            linked_ids=sorted(table.marked_ids),
            themes=self.services.themes.register(),
        )

    def action_capture(self, form: str) -> None:
        """Open the capture form (with its unfinished draft, if one was kept)."""
        draft = self.services.captures.draft(self.review_id, capture_kind(form))
        if draft is not None:
            self.notify(f"Restored your unfinished {form}.", timeout=3)
            self.open_form(form, draft=draft)
            return
        kloe = self.current
        self.open_form(form, kloe_id=kloe.id if kloe else None)

    def open_form(
        self,
        form: str,
        *,
        kloe_id: int | None = None,
        item: Capture | None = None,
        draft: Draft | None = None,
    ) -> None:
        """Show a capture form; what it returns is saved at once."""
        if draft is not None:
            kloe_id = draft.kloe_id
        elif item is not None:
            kloe_id = capture_kloe_id(item)
        form_class = FORMS[form]
        self.app.push_screen(
            form_class(self.form_context(kloe_id), item=item, draft=draft), self.saved
        )

    def saved(self, stored: Capture | None) -> None:
        """A capture the form has just stored (None when it was cancelled)."""
        if stored is None:
            return
        self.query_one("#chronology-slice", ChronologyTable).clear_marks()
        # A capture form may have added someone who arrived late.
        self.participants = self.services.workshop.participants(self.review_id)
        self.notify(f"Saved {type(stored).__name__.lower()} {stored.id}.", timeout=2)
        self.last_saved = (type(stored), stored.id)
        self.refresh_items()
        # A KLOE moved past without a word is "not discussed" until something is captured
        # for it: a capture made since (or a correction moving one) changes the marks.
        self.reload_progress()
        if (kloe := self.current) is not None:
            self._show_heading(kloe)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "captured":
            return
        event.stop()
        self._edit_item(event.cursor_row)

    def action_edit_captured(self) -> None:
        """Enter on the captured list: open the highlighted capture for correction."""
        table = self.query_one("#captured", DataTable)
        if self.focused is not table or not self._edit_item(table.cursor_row):
            raise SkipAction()  # Enter goes on to the focused widget (the KLOE list)

    def _edit_item(self, index: int) -> bool:
        if not 0 <= index < len(self.items):
            return False
        kind, item = self.items[index]
        self.open_form(kind.kind, item=item)
        return True

    def offer_drafts(self) -> None:
        """Offer back every unfinished capture, one after another."""
        drafts = self.services.captures.drafts(self.review_id)
        if drafts:
            self._offer(list(drafts))

    def action_attendance(self) -> None:
        """Who joined late and who left early, with the time (saved at once)."""
        from workshop_tui.ui.screens.attendance import AttendanceDialog

        def closed(_: object) -> None:
            self.participants = self.services.workshop.participants(self.review_id)

        self.app.push_screen(AttendanceDialog(self.review_id), closed)

    def action_meetings(self) -> None:
        """The review's meetings: start a follow-up, review previous actions, minutes."""
        from workshop_tui.ui.screens.meetings import MeetingsDialog

        self.app.push_screen(MeetingsDialog(self.review_id), lambda _: self.refresh_items())

    def action_drafts(self) -> None:
        """Offer the unfinished drafts again."""
        self.offer_drafts()

    def _offer(self, drafts: list[Draft]) -> None:
        if not drafts:
            return
        draft, rest = drafts[0], drafts[1:]

        def chosen(choice: Any) -> None:
            if choice == "reopen":
                self._reopen(draft)
            elif choice == "discard":
                self.services.captures.discard_draft(self.review_id, capture_kind(draft.form))
                self._offer(rest)
            else:
                self._offer(rest)

        self.app.push_screen(DraftOfferDialog(draft), chosen)

    def _reopen(self, draft: Draft) -> None:
        item_id = draft.payload.get("item_id")
        item: Capture | None = None
        if isinstance(item_id, int):
            # Only the draft's own kind: ids are unique within a kind, not across kinds.
            item = self.services.captures.item(capture_kind(draft.form), self.review_id, item_id)
        self.open_form(draft.form, item=item, draft=draft)

    def palette_commands(self) -> list[PaletteCommand]:
        """Jump to any KLOE from the command palette."""
        return [
            (f"Go to KLOE {k.number}: {k.title}", f"{k.minutes} minutes", partial(self.go_to, i))
            for i, k in enumerate(self.kloes)
        ]
