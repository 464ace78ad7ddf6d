"""The Actions screen (F9): every action of every review in this database, as a
subgroup follows them for months.

One table: how each stands (``OVERDUE by 12 days`` / ``due in 5 days`` in words and
a marker, never colour alone), its review, owner, lead agency, status, RAG (in
capitals beside its colour), target and words. ``/`` opens the filter line
(``review:REF owner:dsl agency:police status:open rag:red overdue due open``,
``domain.action_query``); ``o`` shows only the overdue; ``w`` groups by owner;
``u`` or ``Enter`` starts the progress update at the highlighted action and goes
on down the list shown (``ui.screens.progress_update``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.widgets import DataTable, Header, Input, Static

from workshop_tui.domain.action_query import describe_filters, parse_action_query
from workshop_tui.domain.actions import ActionFilters, TrackedAction
from workshop_tui.domain.display import visible
from workshop_tui.ui.format import cell, format_date, plain
from workshop_tui.ui.screens.base import AppScreen
from workshop_tui.ui.screens.progress_update import ProgressDialog, action_summary, rag_text
from workshop_tui.ui.widgets.footer import Footer

OVERDUE_MARK = "‼"
DUE_SOON_MARK = "◷"
COLUMNS = ("Due", "#", "Owner", "RAG", "Status", "Target", "Review", "Agency", "Action")
"""What a chair reads first leads, so that at 80 columns it is all in view."""
HELP_LINE = (
    "/ filter (review: owner: agency: status: rag: overdue due open) · o overdue · "
    "w by owner · u update · Esc clear"
)


def due_cell(row: TrackedAction) -> Text:
    """``‼ OVERDUE by 3 days``, ``◷ due in 20 days``, or '': words and a mark."""
    if row.overdue:
        return Text(f"{OVERDUE_MARK} {row.due}", style="bold reverse")
    if row.due:
        return Text(f"{DUE_SOON_MARK} {row.due}", style="bold")
    return Text("")


class ActionsScreen(AppScreen):
    """Every action in the database, filtered, by owner if wished, updated in turn."""

    screen_name = "actions"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so the dialog is open before the keys typed after u are read.
        Binding("u", "update", "Update progress", id="act-update", priority=True),
        Binding("enter", "update", "Update progress", show=False, priority=True),
        Binding("slash", "filter", "Filter", key_display="/", id="act-filter"),
        Binding("o", "overdue", "Overdue only", id="act-overdue"),
        Binding("w", "by_owner", "By owner", id="act-by-owner"),
        Binding("escape", "clear", "Clear filter / back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(classes="actions-screen")
        self.filters = ActionFilters()
        self.grouped = False
        self.rows: list[TrackedAction | None] = []
        """The table's rows in order: an action, or None for an owner's heading."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="actions-top"):
            yield Static("", id="actions-summary")
        yield Input(placeholder=HELP_LINE, id="actions-filter", compact=True)
        yield Static("", id="actions-problems")
        table: DataTable[str] = DataTable(id="actions-table", cursor_type="row")
        yield table
        yield Static("", id="actions-detail")
        yield Static(HELP_LINE, id="actions-help")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#actions-table", DataTable)
        for name in COLUMNS:
            table.add_column(name, key=name)
        self.query_one("#actions-filter", Input).display = False
        self.query_one("#actions-problems", Static).display = False
        self.reload()
        table.focus()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < 100, "narrow")

    # data ----------------------------------------------------------------------

    @property
    def actions_shown(self) -> list[TrackedAction]:
        """The actions listed, in the order shown (owner headings left out)."""
        return [row for row in self.rows if row is not None]

    def reload(self) -> None:
        """Read every action again and show those that pass the filters."""
        service = self.services.actions
        if self.grouped:
            groups = service.by_owner(self.filters)
        else:
            groups = [("", service.list_actions(self.filters))]
        table = self.query_one("#actions-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        self.rows = []
        narrow = self.has_class("narrow")
        agency_names = service.short_agency_names()
        for owner, rows in groups:
            if self.grouped:
                # The owner's heading: the count where the due words go, the name as owner.
                overdue = sum(1 for r in rows if r.overdue)
                count = Text(
                    f"▸ {len(rows)} action{'s' if len(rows) != 1 else ''}"
                    + (f", {overdue} overdue" if overdue else ""),
                    style="bold",
                )
                name = plain(owner, one_line=True, limit=18, style="bold")
                blanks = [""] * (len(COLUMNS) - 3)
                table.add_row(count, "", name, *blanks, key=f"owner:{owner}")
                self.rows.append(None)
            for row in rows:
                action = row.action
                table.add_row(
                    due_cell(row),
                    str(action.id),
                    cell(action.owner or "(no owner)", 18),
                    rag_text(action.rag),
                    action.status.value,
                    format_date(action.current_target),
                    cell(row.review_reference, 12),
                    cell(
                        agency_names.get((row.review_id, action.lead_agency), action.lead_agency),
                        14,
                    ),
                    cell(action.description, 40 if narrow else 70),
                    key=f"action:{action.id}",
                )
                self.rows.append(row)
        if self.rows:
            table.move_cursor(row=min(max(cursor, 0), len(self.rows) - 1))
        self._summarise()
        self._show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        """The highlighted action in full, under the table: its words and last update."""
        detail = self.query_one("#actions-detail", Static)
        index = self.query_one("#actions-table", DataTable).cursor_row
        row = self.rows[index] if 0 <= index < len(self.rows) else None
        if row is None:
            detail.update("")
            return
        detail.update(action_summary(row, f"Action {row.id}"))

    def _summarise(self) -> None:
        shown = self.actions_shown
        overdue = sum(1 for r in shown if r.overdue)
        soon = sum(1 for r in shown if r.due_soon)
        reviews = len({r.review_id for r in shown})
        text = Text()
        text.append(f"{len(shown)} action{'s' if len(shown) != 1 else ''}", style="bold")
        text.append(f" in {reviews} review{'s' if reviews != 1 else ''}")
        text.append(f" · {OVERDUE_MARK} {overdue} overdue · {DUE_SOON_MARK} {soon} due in 30 days")
        described = describe_filters(self.filters)
        if described:
            text.append(" · filter: ")
            text.append_text(plain(described, one_line=True, limit=80))
        if self.grouped:
            text.append(" · by owner")
        self.query_one("#actions-summary", Static).update(text)

    # keys ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The letter keys are off while the filter line takes the typing.
        if action in {"update", "overdue", "by_owner", "filter"}:
            return not isinstance(self.focused, Input)
        return True

    def action_filter(self) -> None:
        """Open the filter line (it keeps what was typed last)."""
        line = self.query_one("#actions-filter", Input)
        line.display = True
        line.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        # Filter as the chair types: the table follows each key.
        event.stop()
        self._apply(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply(event.value)
        self.query_one("#actions-table", DataTable).focus()

    def _apply(self, text: str) -> None:
        query = parse_action_query(text)
        problems = self.query_one("#actions-problems", Static)
        problems.display = bool(query.problems)
        problems.update(plain("Not understood: " + "; ".join(query.problems)))
        self.filters = query.filters
        self.reload()

    def action_clear(self) -> None:
        """Clear every filter and close the filter line; with none, go back."""
        line = self.query_one("#actions-filter", Input)
        if not line.display and self.filters == ActionFilters() and not self.grouped:
            if len(self.app.screen_stack) > 1:
                self.app.pop_screen()
            return
        line.value = ""
        line.display = False
        self.query_one("#actions-problems", Static).display = False
        self.filters = ActionFilters()
        self.reload()
        self.query_one("#actions-table", DataTable).focus()

    def action_overdue(self) -> None:
        """Show only the overdue actions (again: all of them)."""
        self.filters = replace(self.filters, overdue=not self.filters.overdue)
        self.reload()

    def action_by_owner(self) -> None:
        """Group the actions by owner, each owner's heading with their count (again: one list)."""
        self.grouped = not self.grouped
        self.reload()

    def action_update(self) -> None:
        """The progress update, from the highlighted action on down the list shown."""
        shown = self.actions_shown
        if not shown:
            self.notify("No action is listed to update.", timeout=3)
            return
        table = self.query_one("#actions-table", DataTable)
        index = max(table.cursor_row, 0)
        # On an owner's heading, start at the first action under it.
        while index < len(self.rows) and self.rows[index] is None:
            index += 1
        row = self.rows[index] if index < len(self.rows) else None
        if row is None:
            return
        ids = [r.id for r in shown]

        def done(saved: object) -> None:
            count = len(saved) if isinstance(saved, list) else 0
            self.reload()
            self.notify(visible(f"{count} update{'s' if count != 1 else ''} saved."), markup=False)

        # The keys typed after u (the RAG, the words) wait until the dialog has its focus.
        self.workshop_app.key_hold.hold_until(lambda screen: isinstance(screen, ProgressDialog))
        self.app.push_screen(ProgressDialog(ids, start=ids.index(row.id)), done)
