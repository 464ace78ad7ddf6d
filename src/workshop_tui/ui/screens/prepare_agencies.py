"""Prepare's Agencies tab: each agency's chronology, asked for, chased, received, replaced.

The list shows every agency with its status in words ("overdue by 3 days", not only a
colour), its dates and its entry count. A file is added for the highlighted agency (or a
new one) from a path; a corrected file replaces an agency's chronology only after the
change (added, removed, changed, and what cannot be carried over) has been shown and
accepted. The rules are in ``services.intake``; this only asks and shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from workshop_tui.domain.agency_file import AgencyFile
from workshop_tui.domain.display import visible
from workshop_tui.domain.intake import AgencyIntake, RequestStatus
from workshop_tui.ui.format import format_date, plain
from workshop_tui.ui.screens.base import WorkshopAccess

if TYPE_CHECKING:
    from workshop_tui.ui.screens.prepare_agency_forms import FileChoice

AGENCIES_HINT = (
    "n add a file · r replace a file · Enter requested and due dates · "
    "c chased today · u not involved (again: involved)"
)


class AgenciesPane(Vertical, WorkshopAccess):
    """The agencies list, with its keys (see :data:`AGENCIES_HINT`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "chase", "Chased today", id="agency-chase"),
        Binding("u", "not_involved", "Not involved", id="agency-not-involved"),
        Binding("r", "replace", "Replace file", id="agency-replace"),
    ]

    def __init__(self, review_id: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.review_id = review_id
        self.lines: list[AgencyIntake] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="agencies-summary")
        yield DataTable(id="agencies", cursor_type="row", zebra_stripes=True)
        yield Static(AGENCIES_HINT, classes="hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#agencies", DataTable)
        for column in ("Agency", "Status", "Entries", "Requested", "Due", "Received", "Chased"):
            table.add_column(column, key=column)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the agencies again, keeping the cursor (or moving it to ``select``)."""
        table = self.query_one("#agencies", DataTable)
        row = table.cursor_row
        self.lines = self.services.intake.lines(self.review_id)
        table.clear()
        for line in self.lines:
            request = line.request
            chased = ""
            if request.chased:
                chased = f"{len(request.chased)}×, last {format_date(request.chased[-1])}"
            table.add_row(
                plain(line.name, one_line=True, limit=36),
                line.status_words(),
                str(line.entries),
                format_date(request.requested),
                format_date(request.due),
                format_date(request.received),
                chased,
                key=line.agency,
            )
        if select is not None:
            row = next((i for i, x in enumerate(self.lines) if x.agency == select), row)
        if self.lines:
            table.move_cursor(row=min(max(row, 0), len(self.lines) - 1))
        self.query_one("#agencies-summary", Static).update(plain(self.summary()))

    def summary(self) -> str:
        """How many chronologies are still to come, in words."""
        if not self.lines:
            return "No agencies yet: n adds a chronology file for a new agency."
        outstanding = sum(1 for line in self.lines if line.outstanding)
        overdue = sum(1 for line in self.lines if line.status is RequestStatus.OVERDUE)
        late = f", {overdue} overdue" if overdue else ""
        if not outstanding:
            agencies = "1 agency" if len(self.lines) == 1 else f"{len(self.lines)} agencies"
            return f"Every chronology is in ({agencies})."
        return f"{outstanding} of {len(self.lines)} chronologies outstanding{late}."

    def highlighted(self) -> AgencyIntake | None:
        """The agency under the cursor."""
        index = self.query_one("#agencies", DataTable).cursor_row
        return self.lines[index] if 0 <= index < len(self.lines) else None

    # requests -------------------------------------------------------------------

    def action_chase(self) -> None:
        """Record that the highlighted agency was chased today."""
        line = self.highlighted()
        if line is None:
            return
        self.services.intake.chase(self.review_id, line.agency)
        self.reload(select=line.agency)
        self.notify(visible(f"Chased {line.name} today."), markup=False, timeout=3)

    def action_not_involved(self) -> None:
        """Mark the highlighted agency not involved (no chronology expected), or involved."""
        line = self.highlighted()
        if line is None:
            return
        flag = not line.request.not_involved
        self.services.intake.update_request(self.review_id, line.agency, not_involved=flag)
        self.reload(select=line.agency)

    def edit_highlighted(self) -> None:
        """Edit the highlighted agency's requested and due dates."""
        from workshop_tui.ui.screens.prepare_agency_forms import RequestForm

        line = self.highlighted()
        if line is not None:
            self.app.push_screen(
                RequestForm(self.review_id, line.name, line.request),
                lambda saved: self.reload(select=line.agency) if saved else None,
            )

    # files ------------------------------------------------------------------------

    def action_add(self) -> None:
        """Add a chronology file, for the highlighted agency or a new one."""
        from workshop_tui.ui.screens.prepare_agency_forms import FileForm

        line = self.highlighted()
        key = line.agency if line is not None and not line.entries else ""
        self.app.push_screen(FileForm(key), self._file_chosen)

    def action_replace(self) -> None:
        """Replace the highlighted agency's chronology with a corrected file."""
        from workshop_tui.ui.screens.prepare_agency_forms import FileForm

        line = self.highlighted()
        if line is None:
            return
        self.app.push_screen(FileForm(line.agency, replace=True), self._file_chosen)

    def _file_chosen(self, choice: FileChoice | None) -> None:
        from workshop_tui.domain.problems import InputError
        from workshop_tui.services import NotFound, StorageError
        from workshop_tui.ui.screens.dialogs import MessageDialog

        if choice is None:
            return
        try:
            read = self.services.intake.read_file(self.review_id, choice.path, choice.agency)
            if choice.replace:
                self._ask_replace(choice, read)
            else:
                self._ask_add(choice, read)
        except InputError as error:
            self.app.push_screen(
                MessageDialog(
                    "This file cannot be used",
                    f"{choice.path}: nothing was added.",
                    [str(problem) for problem in error.problems],
                )
            )
        except (NotFound, StorageError) as error:
            self.app.push_screen(MessageDialog("Nothing was changed", str(error), []))

    def _ask_add(self, choice: FileChoice, read: AgencyFile) -> None:
        from workshop_tui.ui.screens.prepare_agency_forms import ChangeDialog

        existing = next((x for x in self.lines if x.agency == choice.agency), None)
        also = existing is not None and existing.entries > 0
        attention = sum(1 for e in read.entries if e.needs_attention)
        who = existing.name if existing else f"{choice.name or choice.agency} (a new agency)"
        summary = (
            f"Add {len(read.entries)} entries for {who} from {read.source_file}: "
            f"{attention} need attention, {len(read.problems) - len(read.errors)} warnings."
        )
        if also and existing is not None:
            summary += (
                f" {existing.name} already has {existing.entries} entries: this file is added "
                "as well (r replaces instead)."
            )
        lines = [str(problem) for problem in read.problems]
        self.app.push_screen(
            ChangeDialog("Add a chronology", summary, lines, yes="Add"),
            lambda yes: self._add(choice, read, also=also) if yes else None,
        )

    def _add(self, choice: FileChoice, read: AgencyFile, *, also: bool) -> None:
        from workshop_tui.services import StorageError
        from workshop_tui.services.intake import ChronologyExists

        try:
            added = self.services.intake.add_chronology(
                self.review_id, read, also=also, name=choice.name or None
            )
        except (ChronologyExists, StorageError) as error:
            self.notify(visible(str(error)), title="Not added", severity="error", markup=False)
            return
        self.reload(select=added.agency)
        self.notify(
            visible(
                f"Added {added.entries} entries for {added.agency}: {added.needs_attention} "
                f"need attention, {added.relinked} duplicate links changed."
            ),
            title="Chronology added",
            markup=False,
        )

    def _ask_replace(self, choice: FileChoice, read: AgencyFile) -> None:
        from workshop_tui.ui.screens.prepare_agency_forms import ChangeDialog

        plan = self.services.intake.plan_replacement(self.review_id, read)
        summary, *lines = plan.summary()
        lines += [str(problem) for problem in read.problems]
        self.app.push_screen(
            ChangeDialog("Replace a chronology: what changes", summary, lines, yes="Replace"),
            lambda yes: self._replace(read) if yes else None,
        )

    def _replace(self, read: AgencyFile) -> None:
        from workshop_tui.services import StorageError

        try:
            done = self.services.intake.replace_chronology(self.review_id, read)
        except StorageError as error:
            self.notify(visible(str(error)), title="Not replaced", severity="error", markup=False)
            return
        self.reload(select=read.agency)
        counts = done.diff.counts
        self.notify(
            visible(
                f"Replaced {read.agency}: {counts['added']} added, {counts['removed']} removed, "
                f"{counts['changed']} changed; {len(done.dropped)} things not carried over."
            ),
            title="Chronology replaced",
            markup=False,
        )
