"""Prepare: review details and terms of reference, participants and attendance, KLOEs,
pseudonyms, and the agencies' chronologies (asked for, chased, added, replaced)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from workshop_tui.domain.agenda import agenda_summary
from workshop_tui.domain.models import Attendance, Kloe, Participant, Review
from workshop_tui.ui.format import cell, format_date
from workshop_tui.ui.screens.base import ReviewScreen
from workshop_tui.ui.screens.review_details import details_summary
from workshop_tui.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from workshop_tui.ui.screens.prepare_agencies import AgenciesPane
    from workshop_tui.ui.screens.prepare_pseudonyms import PseudonymsPane


class PrepareScreen(ReviewScreen):
    """Everything settled before the workshop."""

    screen_name = "prepare"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit_details", "Edit details", id="prep-edit-details", priority=True),
        Binding("1", "tab('details')", "Details tab", show=False),
        Binding("2", "tab('participants')", "Participants tab", show=False),
        Binding("3", "tab('kloes')", "KLOEs tab", show=False),
        Binding("4", "tab('pseudonyms')", "Pseudonyms tab", show=False),
        Binding("5", "tab('agencies')", "Agencies tab", show=False),
        Binding("p", "attendance('present')", "Present", id="att-present"),
        Binding("a", "attendance('apologies')", "Apologies", id="att-apologies"),
        Binding("x", "attendance('absent')", "Absent", id="att-absent"),
        Binding("i", "attendance('invited')", "Invited", show=False, id="att-invited"),
        # The keys that open a form are priority bindings: they run as the key is read,
        # so the form is there before the keys typed after it (a burst) are read.
        Binding("n", "new", "Add", id="prep-new", priority=True),
        Binding("enter", "edit", "Edit", show=False, id="prep-edit", priority=True),
        Binding("ctrl+up,left_square_bracket", "move_kloe(-1)", "Move KLOE up", id="kloe-up"),
        Binding("ctrl+down,right_square_bracket", "move_kloe(1)", "Move KLOE down", id="kloe-down"),
    ]

    def __init__(self, review_id: int) -> None:
        super().__init__(review_id, classes="prepare-screen")
        self.participants: list[Participant] = []
        self.agency_names: dict[str, str] = {}
        """Agency key to name (this screen changes no agency: read once, on mount)."""
        self.kloes: list[Kloe] = []
        self.shown_review: Review  # as the Details tab shows it (set in compose)
        self._to_reveal: tuple[str, int] | None = None
        self._tabs_built = False
        """Whether the tabs behind Details are built (once Details is painted)."""

    def compose(self) -> ComposeResult:
        # The details are shown as one piece of text and edited in a form (e): the
        # screen the app opens on has no fields to build and style. The other tabs are
        # built once this one is painted (start-up, issue 17: the screen the app opens
        # on is on screen before the tables nobody sees yet are built and filled).
        review = self.shown_review = self.services.reviews.review(self.review_id)
        yield Header()
        with TabbedContent(id="prepare-tabs"):
            with TabPane("Details", id="tab-details"), VerticalScroll(id="details-pane"):
                yield Static(details_summary(review), id="details")
                yield Static("e edit the details and terms of reference", classes="hint")
            yield TabPane("Participants", id="tab-participants")
            yield TabPane("KLOEs", id="tab-kloes")
            yield TabPane("Pseudonyms", id="tab-pseudonyms")
            yield TabPane("Agencies", id="tab-agencies")
        yield Footer()

    def on_mount(self) -> None:
        # The tab bar, not a field: letter keys stay keys until a field is chosen.
        self.query_one("#prepare-tabs Tabs").focus()
        # Keys typed meanwhile (2, then p) wait until every tab is there (ui.key_hold).
        hold = self.workshop_app.key_hold.hold(self)
        self.call_after_refresh(self._build_tabs, hold)

    async def _build_tabs(self, hold: int) -> None:
        """Build and fill the tabs behind Details, then hand on the keys typed meanwhile."""
        from workshop_tui.ui.screens.prepare_agencies import AgenciesPane
        from workshop_tui.ui.screens.prepare_pseudonyms import PseudonymsPane

        try:
            participants: DataTable[str] = DataTable(
                id="participants", cursor_type="row", zebra_stripes=True
            )
            kloes: DataTable[str] = DataTable(id="kloes", cursor_type="row", zebra_stripes=True)
            for column in ("Name", "Attendance", "Role", "Agency", "E-mail"):
                participants.add_column(column, key=column)
            for column in ("#", "Title", "Minutes", "Period", "Status", "Question"):
                kloes.add_column(column, key=column)
            built = (
                await self._fill_tab(
                    "tab-participants",
                    participants,
                    Static(
                        "p present · a apologies · x absent · i invited · n add · Enter edit",
                        classes="hint",
                    ),
                )
                and await self._fill_tab(
                    "tab-kloes",
                    kloes,
                    Static("", id="kloe-total"),
                    Static("n add · Enter edit · [ ] or ctrl+up/down reorder", classes="hint"),
                )
                and await self._fill_tab(
                    "tab-pseudonyms", PseudonymsPane(self.review_id, id="pseudonyms-pane")
                )
                and await self._fill_tab(
                    "tab-agencies", AgenciesPane(self.review_id, id="agencies-pane")
                )
            )
            if not built:
                return  # the screen went (a key that left it, or quit, at once)
            agencies = self.services.reviews.agencies(self.review_id)
            self.agency_names = {a.key: a.name for a in agencies}
            self.reload_participants()
            self.reload_kloes()
            self._tabs_built = True
            self._show_revealed()
        finally:
            self.workshop_app.key_hold.release(hold)

    async def _fill_tab(self, pane_id: str, *widgets: Widget) -> bool:
        """Mount ``widgets`` in the tab ``pane_id``; False if the screen is going."""
        pane = self.query_one(f"#{pane_id}", TabPane)
        if not pane.is_attached:
            return False
        await pane.mount_all(widgets)
        return all(widget.is_attached for widget in widgets)

    def reveal(self, kind: str, item_id: int) -> None:
        """Show the KLOE with ``item_id`` under the cursor (a hit a search opened)."""
        self._to_reveal = (kind, item_id)
        if self._tabs_built:
            self._show_revealed()

    def _show_revealed(self) -> None:
        target = self._to_reveal
        self._to_reveal = None
        if target is None or target[0] != "kloe":
            return
        self.action_tab("kloes")
        self.reload_kloes(select_id=target[1])
        if target[1] not in [k.id for k in self.kloes]:
            self.notify("That KLOE is no longer there (deleted?).", timeout=4)

    @property
    def tab(self) -> str:
        """The active tab's name; "" while the screen is being taken down (a key that
        leaves the screen the moment it has opened: its footer may still ask)."""
        tabs = self.query("#prepare-tabs").results(TabbedContent)
        tabbed = next(tabs, None)
        return tabbed.active.removeprefix("tab-") if tabbed is not None else ""

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        target = {"tab-participants": "#participants", "tab-kloes": "#kloes"}.get(
            event.pane.id or ""
        )
        if target:
            self.query_one(target).focus()
        elif event.pane.id == "tab-pseudonyms":
            self.query_one("#pseudonyms").focus()
        elif event.pane.id == "tab-agencies":
            self.query_one("#agencies").focus()
        self.refresh_bindings()

    def action_tab(self, name: str) -> None:
        """Show another tab."""
        self.query_one("#prepare-tabs", TabbedContent).active = f"tab-{name}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = self.tab
        if action == "attendance":
            return tab == "participants"
        if action == "move_kloe":
            return tab == "kloes"
        if action == "new":
            return tab in {"participants", "kloes", "agencies"}
        if action == "edit_details":
            return tab == "details"
        return True

    # details ------------------------------------------------------------------

    def action_edit_details(self) -> None:
        """Edit the review's details and terms of reference."""
        from workshop_tui.ui.screens.prepare_forms import DetailsForm

        self.app.push_screen(DetailsForm(self.shown_review), self._details_saved)

    def _details_saved(self, review: Review | None) -> None:
        if review is None:
            return
        self.shown_review = review
        self.query_one("#details", Static).update(details_summary(review))
        self.show_kloe_total()
        self.workshop_app.refresh_review()
        self.notify("Details saved.", timeout=2)

    # participants ----------------------------------------------------------------

    def reload_participants(self) -> None:
        table = self.query_one("#participants", DataTable)
        row = table.cursor_row
        self.participants = self.services.prepare.participants(self.review_id)
        names = self.agency_names
        table.clear()
        for person in self.participants:
            table.add_row(
                cell(person.name, 24),
                str(person.attendance),
                cell(person.role, 34),
                cell(names.get(person.agency, person.agency), 40),
                cell(person.email, 36),
                key=str(person.id),
            )
        if self.participants:
            table.move_cursor(row=min(max(row, 0), len(self.participants) - 1))

    def action_attendance(self, attendance: str) -> None:
        """Mark the highlighted participant, then move to the next one."""
        table = self.query_one("#participants", DataTable)
        index = table.cursor_row
        if not 0 <= index < len(self.participants):
            return
        person = self.participants[index]
        if person.id is None:
            return
        stored = self.services.prepare.set_attendance(person.id, Attendance(attendance))
        self.participants[index] = stored
        # Only the one cell changes: rebuilding the table would reset the cursor after
        # keys the note-taker has already typed (mark, then up or down at speed).
        table.update_cell(str(person.id), "Attendance", str(stored.attendance))
        table.move_cursor(row=min(index + 1, len(self.participants) - 1))

    # KLOEs ---------------------------------------------------------------------------

    def reload_kloes(self, select_id: int | None = None) -> None:
        table = self.query_one("#kloes", DataTable)
        row = table.cursor_row
        self.kloes = self.services.prepare.kloes(self.review_id)
        table.clear()
        for kloe in self.kloes:
            period = ""
            if kloe.period_start or kloe.period_end:
                period = f"{format_date(kloe.period_start)}–{format_date(kloe.period_end)}"
            table.add_row(
                str(kloe.number),
                cell(kloe.title, 40),
                str(kloe.minutes),
                period,
                str(kloe.status),
                cell(kloe.question, 60),
                key=str(kloe.id),
            )
        if select_id is not None:
            row = next((i for i, k in enumerate(self.kloes) if k.id == select_id), row)
        if self.kloes:
            table.move_cursor(row=min(max(row, 0), len(self.kloes) - 1))
        self.show_kloe_total()

    def show_kloe_total(self) -> None:
        """The KLOEs' time boxes added up, against the workshop's length."""
        length = self.shown_review.workshop_minutes
        total = self.query_one("#kloe-total", Static)
        total.update(agenda_summary(self.kloes, length))
        over = length is not None and sum(k.minutes for k in self.kloes) > length
        total.set_class(over, "over")

    def action_move_kloe(self, offset: int) -> None:
        """Move the highlighted KLOE up or down the agenda."""
        index = self.query_one("#kloes", DataTable).cursor_row
        if not 0 <= index < len(self.kloes):
            return
        kloe_id = self.kloes[index].id
        if kloe_id is None:
            return
        self.services.prepare.move_kloe(kloe_id, offset)
        self.reload_kloes(select_id=kloe_id)

    # add and edit ---------------------------------------------------------------

    def action_new(self) -> None:
        """Add a participant or a KLOE, by tab."""
        from workshop_tui.ui.screens.prepare_forms import KloeForm, ParticipantForm

        if self.tab == "participants":
            self.app.push_screen(ParticipantForm(self.review_id), self._participant_saved)
        elif self.tab == "pseudonyms":  # `n` is a priority key here: the pane's own waits
            self._pseudonyms_pane().action_add()
        elif self.tab == "agencies":
            self._agencies_pane().action_add()
        elif self.tab == "kloes":
            self.app.push_screen(
                KloeForm(self.review_id, next_number=len(self.kloes) + 1), self._kloe_saved
            )

    def action_edit(self) -> None:
        """Edit the details, or the highlighted participant or KLOE."""
        from workshop_tui.ui.screens.prepare_forms import KloeForm, ParticipantForm

        if self.tab == "details":
            self.action_edit_details()
        elif self.tab == "pseudonyms":
            self._pseudonyms_pane().edit_highlighted()
        elif self.tab == "agencies":
            self._agencies_pane().edit_highlighted()
        elif self.tab == "participants":
            index = self.query_one("#participants", DataTable).cursor_row
            if 0 <= index < len(self.participants):
                self.app.push_screen(
                    ParticipantForm(self.review_id, self.participants[index]),
                    self._participant_saved,
                )
        elif self.tab == "kloes":
            index = self.query_one("#kloes", DataTable).cursor_row
            if 0 <= index < len(self.kloes):
                self.app.push_screen(KloeForm(self.review_id, self.kloes[index]), self._kloe_saved)

    def _pseudonyms_pane(self) -> PseudonymsPane:
        from workshop_tui.ui.screens.prepare_pseudonyms import PseudonymsPane

        return self.query_one(PseudonymsPane)

    def _agencies_pane(self) -> AgenciesPane:
        from workshop_tui.ui.screens.prepare_agencies import AgenciesPane

        return self.query_one(AgenciesPane)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _participant_saved(self, person: Participant | None) -> None:
        if person is not None:
            self.reload_participants()

    def _kloe_saved(self, kloe: Kloe | None) -> None:
        if kloe is not None:
            self.reload_kloes(select_id=kloe.id)
