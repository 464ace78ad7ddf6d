"""The chair's running view of the workshop.

The current KLOE's question and prompts, its slice of the chronology, a timer
against its time box, what has been captured for it so far, and one key each
to capture a perspective, a finding, an action or an escalation. Moving between
KLOEs records when each started and ended (the WorkshopLog).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, ClassVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from workshop_tui.domain.models import (
    Agency,
    ChronologyEntry,
    Draft,
    Kloe,
    KloeStatus,
    Participant,
    ReviewStatus,
    WorkshopLogEntry,
)
from workshop_tui.ui import chronology_loading
from workshop_tui.ui.commands import PaletteCommand
from workshop_tui.ui.format import format_date, shorten, timer_text
from workshop_tui.ui.screens.base import ReviewScreen
from workshop_tui.ui.screens.capture import (
    FORMS,
    Capture,
    DraftOfferDialog,
    FormContext,
    capture_kloe_id,
)
from workshop_tui.ui.screens.dialogs import ConfirmDialog
from workshop_tui.ui.widgets.chronology_table import ChronologyTable
from workshop_tui.ui.widgets.speaker_picker import participant_label

KLOE_MARKS = {KloeStatus.NOT_STARTED: " ", KloeStatus.IN_PROGRESS: "▶", KloeStatus.DONE: "✓"}


def kloe_elapsed(log: list[WorkshopLogEntry], kloe_id: int, now: dt.datetime) -> dt.timedelta:
    """Time spent on a KLOE so far: every stretch it was open, the open one up to ``now``."""
    total = dt.timedelta()
    for entry in log:
        if entry.kloe_id == kloe_id:
            total += (entry.ended_at or now) - entry.started_at
    return max(total, dt.timedelta())


class WorkshopScreen(ReviewScreen):
    """Run the workshop: one KLOE at a time, capturing as the room talks."""

    screen_name = "workshop"
    # Priority, so a focused list or table never takes a capture key; no Input lives here.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "capture('perspective')", "Perspective", priority=True, id="cap-p"),
        Binding("f", "capture('finding')", "Finding", priority=True, id="cap-f"),
        Binding("a", "capture('action')", "Action", priority=True, id="cap-a"),
        Binding("e", "capture('escalation')", "Escalation", priority=True, id="cap-e"),
        Binding("n", "move(1)", "Next KLOE", priority=True, id="kloe-next"),
        Binding("b", "move(-1)", "Previous KLOE", show=False, priority=True, id="kloe-prev"),
        Binding("s", "start_workshop", "Start workshop", priority=True, id="ws-start"),
        Binding("ctrl+e", "end_workshop", "End workshop", id="ws-end"),
        Binding("m", "mark", "Mark entry", id="ws-mark"),
        Binding("d", "drafts", "Unfinished drafts", show=False, priority=True),
        # Priority too, so the form is open before the keys typed after Enter are read.
        Binding("enter", "edit_captured", "Correct capture", show=False, priority=True),
    ]
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
        self.items: list[tuple[str, Capture]] = []
        self.status = ReviewStatus.PREPARING

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
                yield Static("", id="kloe-question")
                yield Static("", id="slice-title", classes="panel-title")
                yield ChronologyTable(id="chronology-slice")
                yield Static("Captured for this KLOE", classes="panel-title")
                captured: DataTable[str] = DataTable(id="captured", cursor_type="row")
                yield captured
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#captured", DataTable)
        table.add_column("Item", key="kind", width=11)
        table.add_column("By / state", key="who", width=26)
        table.add_column("Text", key="text")
        chronology_loading.fill_table(
            self.query_one("#chronology-slice", ChronologyTable),
            self.repository,
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

    # data -------------------------------------------------------------------

    def reload(self) -> None:
        """Read the review's status, people, KLOEs and log again."""
        review = self.workshop_app.refresh_review()
        self.status = review.status if review else ReviewStatus.PREPARING
        self.participants = self.repository.participants(self.review_id)
        self.agencies = self.repository.agencies(self.review_id)
        self.agency_names = {a.key: a.name for a in self.agencies}
        self.reload_progress()

    def reload_progress(self) -> None:
        """Read the KLOEs (their status) and the workshop log again: what a move changes."""
        self.kloes = self.repository.kloes(self.review_id)
        self.log_entries = self.repository.workshop_log(self.review_id)
        self._fill_kloe_list()

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
        options.add_options(
            [
                Option(
                    f"{KLOE_MARKS[k.status]} {k.number}. {shorten(k.title, 40)} ({k.minutes}m)",
                    id=str(k.id),
                )
                for k in self.kloes
            ]
        )
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
        title.update(f"KLOE {kloe.number} of {len(self.kloes)}: {kloe.title}  [{kloe.status}]")
        prompts = "".join(f"\n  • {prompt}" for prompt in kloe.prompts)
        question.update(f"{kloe.question}{prompts}")
        self.show_slice(kloe)
        self.update_timer()
        self.refresh_items()

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
        self.query_one("#slice-title", Static).update(
            f"Chronology{period}: {rows} · m marks an entry to link"
        )

    def on_chronology_table_loaded(self, event: ChronologyTable.Loaded) -> None:
        event.stop()
        if (kloe := self.current) is not None:
            self._show_slice_title(kloe)

    def on_chronology_table_load_failed(self, event: ChronologyTable.LoadFailed) -> None:
        event.stop()
        if (kloe := self.current) is not None:
            self._show_slice_title(kloe)
        self.notify(
            f"Only the first chronology entries could be read: {event.error}",
            title="Chronology incomplete",
            severity="error",
            timeout=10,
        )

    def update_timer(self) -> None:
        """Time spent on the current KLOE against its time box."""
        kloe = self.current
        timer = self.query_one("#timer", Static)
        if kloe is None or kloe.id is None:
            timer.update("")
            return
        elapsed = kloe_elapsed(self.log_entries, kloe.id, self.clock())
        text, state = timer_text(elapsed, kloe.minutes)
        timer.update(text)
        for name in ("ok", "warning", "over"):
            timer.set_class(state == name, f"timer-{name}")

    def refresh_items(self) -> None:
        """What has been captured for the current KLOE."""
        table = self.query_one("#captured", DataTable)
        table.clear()
        self.items = []
        kloe = self.current
        if kloe is None or kloe.id is None:
            return
        people = {p.id: p for p in self.participants}
        for perspective in self.repository.perspectives(self.review_id, kloe.id):
            person = people.get(perspective.participant_id)
            who = (
                participant_label(person, self.agency_names)
                if person
                else perspective.speaker_name or "(the room)"
            )
            self._add_item(table, "perspective", perspective, who, perspective.text)
        for finding in self.repository.findings(self.review_id, kloe.id):
            state = f"{finding.kind} · {'agreed' if finding.agreed else 'draft'}"
            self._add_item(table, "finding", finding, state, finding.statement)
        for action in self.repository.actions(self.review_id, kloe.id):
            state = f"{action.owner or 'no owner'} · {'agreed' if action.agreed else 'draft'}"
            self._add_item(table, "action", action, state, action.description)
        for escalation in self.repository.escalations(self.review_id, kloe.id):
            state = f"{escalation.status}{' · RISK' if escalation.immediate_risk else ''}"
            self._add_item(table, "escalation", escalation, state, escalation.description)

    def _add_item(
        self, table: DataTable[str], kind: str, item: Capture, who: str, text: str
    ) -> None:
        self.items.append((kind, item))
        table.add_row(
            kind.capitalize(), shorten(who, 26), shorten(text, 200), key=f"{kind}:{item.id}"
        )

    # moving between KLOEs ---------------------------------------------------------

    def go_to(self, index: int) -> None:
        """Make KLOE ``index`` current; while the workshop runs, log the move."""
        if not self.kloes or not 0 <= index < len(self.kloes):
            return
        leaving, arriving = self.current, self.kloes[index]
        if self.running and leaving is not None and arriving.id != leaving.id:
            if leaving.id is not None and leaving.status == KloeStatus.IN_PROGRESS:
                self.repository.end_kloe(self.review_id, leaving.id)
            if arriving.id is not None:
                self.repository.start_kloe(self.review_id, arriving.id)
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
        """Start the workshop: record the time, set the status, open the first KLOE."""
        if self.running:
            self.notify("The workshop is already running.", timeout=2)
            return
        self.repository.start_workshop(self.review_id)
        kloe = self.current
        if kloe is not None and kloe.id is not None:
            self.repository.start_kloe(self.review_id, kloe.id)
        self.reload()
        self.show_kloe()
        self.notify(f"Workshop started at {self.clock():%H:%M}.", timeout=3)
        problem = getattr(self.repository, "backup_problem", None)
        if problem:
            self.notify(
                f"The backup before the workshop could not be made: {problem} "
                "Captures are still saved as you go.",
                title="No backup",
                severity="warning",
                timeout=10,
            )

    def action_end_workshop(self) -> None:
        """End the workshop after asking (closes the current KLOE)."""
        if not self.running:
            self.notify("The workshop is not running.", timeout=2)
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            from workshop_tui.storage.errors import StorageError

            kloe = self.current
            try:
                in_progress = kloe is not None and kloe.status == KloeStatus.IN_PROGRESS
                if kloe is not None and kloe.id is not None and in_progress:
                    self.repository.end_kloe(self.review_id, kloe.id)
                self.repository.end_workshop(self.review_id)
            except StorageError as error:  # a dialog's answer is not an action: say it here
                self.notify(str(error), title="Not saved", severity="error", timeout=10)
                return
            self.reload()
            self.show_kloe()
            self.notify(f"Workshop ended at {self.clock():%H:%M}.", timeout=3)

        self.app.push_screen(ConfirmDialog("End the workshop now?"), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
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
            findings=self.repository.findings(self.review_id),
            # Until a large chronology is in, links are not checked against it.
            entry_ids=(
                None if table.entries_loading else {e.id for e in table.entries if e.id is not None}
            ),
            linked_ids=sorted(table.marked_ids),
        )

    def action_capture(self, form: str) -> None:
        """Open the capture form (with its unfinished draft, if one was kept)."""
        draft = next((d for d in self.repository.drafts(self.review_id) if d.form == form), None)
        if draft is not None and draft.payload.get("item_id") is None:
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
        self.participants = self.repository.participants(self.review_id)
        self.notify(f"Saved {type(stored).__name__.lower()} {stored.id}.", timeout=2)
        self.refresh_items()

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
        self.open_form(kind, item=item)
        return True

    def offer_drafts(self) -> None:
        """Offer back every unfinished capture, one after another."""
        drafts = self.repository.drafts(self.review_id)
        if drafts:
            self._offer(list(drafts))

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
                self.repository.discard_draft(self.review_id, draft.form)
                self._offer(rest)
            else:
                self._offer(rest)

        self.app.push_screen(DraftOfferDialog(draft), chosen)

    def _reopen(self, draft: Draft) -> None:
        item_id = draft.payload.get("item_id")
        item: Capture | None = None
        if isinstance(item_id, int):
            # Only the draft's own kind: ids are unique within a kind, not across kinds.
            read: dict[str, Callable[[int], Sequence[Capture]]] = {
                "perspective": self.repository.perspectives,
                "finding": self.repository.findings,
                "action": self.repository.actions,
                "escalation": self.repository.escalations,
            }
            item = next((i for i in read[draft.form](self.review_id) if i.id == item_id), None)
        self.open_form(draft.form, item=item, draft=draft)

    def palette_commands(self) -> list[PaletteCommand]:
        """Jump to any KLOE from the command palette."""
        return [
            (f"Go to KLOE {k.number}: {k.title}", f"{k.minutes} minutes", partial(self.go_to, i))
            for i, k in enumerate(self.kloes)
        ]
