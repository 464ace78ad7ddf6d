"""Outcomes: findings, actions, escalations (and perspectives) in tables; edit, delete, undo."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.widgets import DataTable, Header, TabbedContent, TabPane
from textual.widgets.data_table import ColumnKey

from workshop_tui.domain.capture_kinds import (
    OUTCOMES_ORDER,
    Capture,
    capture_kind,
    capture_kloe_id,
)
from workshop_tui.domain.models import (
    Action,
    Agency,
    Decision,
    Escalation,
    Finding,
    Kloe,
    Participant,
)
from workshop_tui.ui.commands import PaletteCommand
from workshop_tui.ui.format import cell, format_date
from workshop_tui.ui.screens.base import ReviewScreen
from workshop_tui.ui.screens.capture import FORMS, FormContext
from workshop_tui.ui.widgets.footer import Footer
from workshop_tui.ui.widgets.speaker_picker import participant_label

KINDS = tuple(kind.kind for kind in OUTCOMES_ORDER)
"""The tabs, in order (``domain.capture_kinds``: each kind's ``tab_key``)."""
COLUMNS: dict[str, tuple[str, ...]] = {
    "finding": ("#", "KLOE", "Kind", "Agreed", "To", "Finding"),
    "action": ("#", "Finding", "Owner", "Subgroup", "Target", "Status", "Agreed", "Action"),
    "escalation": ("#", "KLOE", "Status", "Risk", "To", "Due", "Issue"),
    "perspective": ("#", "KLOE", "Kind", "Speaker", "Said"),
    "decision": ("#", "KLOE", "Decided by", "Decision"),
}

FIRST: dict[str, tuple[str, ...]] = {
    "finding": ("Finding",),
    "action": ("Action", "Target"),
    "escalation": ("Issue", "Due"),
    "perspective": ("Said",),
    "decision": ("Decision",),
}
"""Shown first (the text, then any date), so that they stay in view at 80 columns."""
NARROW_TEXT = 52
"""The text column's width below 100 columns (wider screens fit it to the text)."""


def shown_order(kind: str) -> list[int]:
    """Positions in ``COLUMNS[kind]`` (and in a row's cells) in the order they are shown."""
    columns = COLUMNS[kind]
    first = [columns.index(name) for name in FIRST[kind]]
    return [*first, *(i for i in range(len(columns)) if i not in first)]


class OutcomesScreen(ReviewScreen):
    """What the workshop produced, editable."""

    screen_name = "outcomes"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the form opens as the key is read, before the keys typed after it.
        Binding("enter", "edit", "Edit", id="out-edit", priority=True),
        Binding("n", "new", "New", id="out-new", priority=True),
        Binding("delete,d", "delete", "Delete", id="out-delete"),
        Binding("ctrl+z,u", "undo", "Undo delete", id="out-undo"),
        *(
            Binding(k.tab_key, f"tab('{k.kind}')", f"{k.label}s", show=False)
            for k in OUTCOMES_ORDER
        ),
    ]

    def __init__(self, review_id: int) -> None:
        super().__init__(review_id, classes="outcomes-screen")
        self.rows: dict[str, list[Capture]] = {kind: [] for kind in KINDS}
        self.participants: list[Participant] = []
        self.agencies: list[Agency] = []
        self.undo_stack: list[int] = []
        self._to_reveal: tuple[str, int] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="outcome-tabs"):
            for kind in KINDS:
                with TabPane(f"{kind.capitalize()}s", id=f"tab-{kind}"):
                    table: DataTable[str] = DataTable(
                        id=f"table-{kind}", cursor_type="row", zebra_stripes=True
                    )
                    yield table
        yield Footer()

    def on_mount(self) -> None:
        for kind in KINDS:
            table = self.query_one(f"#table-{kind}", DataTable)
            for position in shown_order(kind):
                column = COLUMNS[kind][position]
                table.add_column(column, key=column)
        self.reload()
        self.query_one("#table-finding", DataTable).focus()
        # After the first refresh: the tabs set up their first pane as they mount, and a
        # tab chosen before that (a search hit's) was put back to Findings under load.
        self.call_after_refresh(self._show_revealed)

    def reveal(self, kind: str, item_id: int) -> None:
        """Show the item of ``kind`` with ``item_id`` on its tab, under the cursor (a hit
        that a search opened)."""
        self._to_reveal = (kind, item_id)
        if self.is_mounted:
            self.reload()
            self._show_revealed()

    def _show_revealed(self) -> None:
        if self._to_reveal is None:
            return
        kind, item_id = self._to_reveal
        self._to_reveal = None
        if kind not in KINDS:
            return
        self.action_tab(kind)
        table = self.query_one(f"#table-{kind}", DataTable)
        rows = [item.id for item in self.rows[kind]]
        if item_id in rows:
            table.move_cursor(row=rows.index(item_id))
            table.focus()
        else:
            self.notify(f"That {kind} is no longer there (deleted?).", timeout=4)

    def on_resize(self, event: Resize) -> None:
        # Below 100 columns the text is cut to a width that leaves its date in view.
        narrow = event.size.width < 100
        for kind in KINDS:
            table = self.query_one(f"#table-{kind}", DataTable)
            column = table.columns[ColumnKey(FIRST[kind][0])]
            column.auto_width = not narrow
            if narrow:
                column.width = NARROW_TEXT
            table.refresh_column(table.get_column_index(FIRST[kind][0]))

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        kind = (event.pane.id or "").removeprefix("tab-")
        if kind in KINDS:
            self.query_one(f"#table-{kind}", DataTable).focus()

    @property
    def kind(self) -> str:
        """The kind of item on the active tab."""
        active = self.query_one("#outcome-tabs", TabbedContent).active
        return active.removeprefix("tab-") or "finding"

    def reload(self) -> None:
        """Read every outcome again and redraw the tables, keeping the cursors."""
        workshop, captures = self.services.workshop, self.services.captures
        kloes = {k.id: k for k in workshop.kloes(self.review_id)}
        self.participants = workshop.participants(self.review_id)
        self.agencies = workshop.agencies(self.review_id)
        people = {p.id: p for p in self.participants}
        names = {a.key: a.name for a in self.agencies}
        self.rows = {kind.kind: captures.of_kind(kind, self.review_id) for kind in OUTCOMES_ORDER}
        for kind in KINDS:
            table = self.query_one(f"#table-{kind}", DataTable)
            row = table.cursor_row
            table.clear()
            order = shown_order(kind)
            for item in self.rows[kind]:
                cells = self._cells(item, kloes, people, names)
                table.add_row(*(cells[i] for i in order), key=f"{kind}:{item.id}")
            if self.rows[kind]:
                table.move_cursor(row=min(max(row, 0), len(self.rows[kind]) - 1))

    @staticmethod
    def _cells(
        item: Capture,
        kloes: dict[int | None, Kloe],
        people: dict[int | None, Participant],
        agency_names: dict[str, str],
    ) -> tuple[str | Text, ...]:
        def kloe_number(kloe_id: int | None) -> str:
            kloe = kloes.get(kloe_id)
            return str(kloe.number) if kloe else "-"

        yes = {True: "yes", False: "draft"}
        if isinstance(item, Finding):
            to = item.recommendation_to.value if item.recommendation_to else ""
            numbers = ", ".join(kloe_number(k) for k in item.kloe_ids) or "-"
            return (
                str(item.id),
                numbers,
                str(item.kind),
                yes[item.agreed],
                to,
                cell(item.statement, 90),
            )
        if isinstance(item, Action):
            finding = f"F{item.finding_id}" if item.finding_id else "-"
            return (
                str(item.id),
                finding,
                cell(item.owner),
                cell(item.subgroup),
                format_date(item.target_date),
                str(item.status),
                yes[item.agreed],
                cell(item.description, 70),
            )
        if isinstance(item, Escalation):
            return (
                str(item.id),
                kloe_number(item.kloe_id),
                str(item.status),
                "RISK" if item.immediate_risk else "",
                cell(item.escalate_to),
                format_date(item.due),
                cell(item.description, 70),
            )
        person = people.get(item.participant_id)
        typed = item.speaker_name or "(the room)"
        who = participant_label(person, agency_names) if person else typed
        if isinstance(item, Decision):
            return (str(item.id), kloe_number(item.kloe_id), cell(who, 30), cell(item.text, 80))
        return (
            str(item.id),
            kloe_number(item.kloe_id),
            str(item.kind),
            cell(who, 30),
            cell(item.text, 80),
        )

    def selected(self) -> Capture | None:
        """The item under the cursor on the active tab."""
        kind = self.kind
        table = self.query_one(f"#table-{kind}", DataTable)
        rows = self.rows.get(kind, [])
        if not rows or not 0 <= table.cursor_row < len(rows):
            return None
        return rows[table.cursor_row]

    def form_context(self, kloe_id: int | None) -> FormContext:
        """Choices and checks for an edit form."""
        return FormContext(
            review_id=self.review_id,
            kloe_id=kloe_id,
            participants=self.participants,
            agencies=self.agencies,
            findings=[f for f in self.rows["finding"] if isinstance(f, Finding)],
            entry_ids=None,
            themes=self.services.themes.register(),
            after_workshop=True,
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        """Edit the highlighted item in its form."""
        item = self.selected()
        if item is None:
            return
        context = self.form_context(capture_kloe_id(item))
        self.app.push_screen(FORMS[self.kind](context, item=item), self.saved)

    def action_new(self) -> None:
        """Add an item of the active tab's kind (not tied to a KLOE)."""
        self.app.push_screen(FORMS[self.kind](self.form_context(None)), self.saved)

    def saved(self, stored: Capture | None) -> None:
        """A capture the form has just stored (None when it was cancelled)."""
        if stored is not None:
            self.reload()

    def action_delete(self) -> None:
        """Delete the highlighted item (undo brings it back)."""
        item = self.selected()
        if item is None or item.id is None:
            return
        kind = self.kind
        audit_id = self.services.captures.delete(capture_kind(kind), item.id)
        self.undo_stack.append(audit_id)
        self.reload()
        self.notify(f"Deleted {kind} {item.id}. Press u or ctrl+z to undo.", timeout=4)

    def action_undo(self) -> None:
        """Bring back the last item deleted."""
        audit_id: int | None = self.undo_stack.pop() if self.undo_stack else None
        if not self.services.captures.undo_delete(self.review_id, audit_id):
            self.notify("Nothing to undo.", timeout=2)
            return
        self.reload()
        self.notify("Restored.", timeout=2)

    def action_tab(self, kind: str) -> None:
        """Show another table."""
        self.query_one("#outcome-tabs", TabbedContent).active = f"tab-{kind}"

    def palette_commands(self) -> list[PaletteCommand]:
        """Switch tables from the palette."""
        return [
            (f"Show {kind}s", "Outcomes table", partial(self.action_tab, kind)) for kind in KINDS
        ]
