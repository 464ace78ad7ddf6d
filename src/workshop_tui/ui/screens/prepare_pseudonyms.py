"""Prepare's Pseudonyms tab: the review's pseudonyms and its identifying places.

A pseudonym replaces a real name (or any text) in published documents ("Jo Pell" ->
"Health Visitor 1"); an identifying place is a school, surgery or street the
pseudonymisation check flags wherever it is still named ("... Grove" for any name ending
so). Each change is saved at once and audited (``services.prepare``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from workshop_tui.domain.display import visible
from workshop_tui.domain.models import IdentifyingPlace, Pseudonym
from workshop_tui.ui.format import plain
from workshop_tui.ui.screens.base import WorkshopAccess

if TYPE_CHECKING:
    from workshop_tui.ui.screens.pseudonym_forms import PlaceForm, PseudonymForm

PLACES_HINT = (
    'Names of schools, surgeries and streets, or "... Grove" for any name ending so. '
    "Names ending Primary School, Academy, Surgery, Medical Practice, Road, Street, Close, "
    "Lane, Court and the like are flagged without being listed."
)


class PseudonymsPane(Vertical, WorkshopAccess):
    """Both lists, with n (add), Enter (edit) and Del (delete) on the focused one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "Add", id="pseudonym-add"),
        Binding("delete", "delete", "Delete", id="pseudonym-delete"),
    ]

    def __init__(self, review_id: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.review_id = review_id
        self.pseudonyms: list[Pseudonym] = []
        self.places: list[IdentifyingPlace] = []

    def compose(self) -> ComposeResult:
        yield Label("Pseudonyms: real name → published as", classes="panel-title")
        yield DataTable(id="pseudonyms", cursor_type="row", zebra_stripes=True)
        yield Label("Identifying places: the check flags them", classes="panel-title")
        yield DataTable(id="places", cursor_type="row", zebra_stripes=True)
        yield Static(PLACES_HINT, classes="hint", id="places-hint")
        yield Static(
            "n add · Enter edit · Del delete · Tab the other list", classes="hint", markup=False
        )

    def on_mount(self) -> None:
        self.query_one("#pseudonyms", DataTable).add_columns("Real name", "Pseudonym")
        self.query_one("#places", DataTable).add_columns("Identifying place")
        self.reload()

    # lists ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read both lists again, keeping each cursor where it was."""
        pseudonyms = self.query_one("#pseudonyms", DataTable)
        row = pseudonyms.cursor_row
        self.pseudonyms = self.services.prepare.pseudonyms(self.review_id)
        pseudonyms.clear()
        for p in self.pseudonyms:
            pseudonyms.add_row(plain(p.real, one_line=True), plain(p.label, one_line=True))
        if self.pseudonyms:
            pseudonyms.move_cursor(row=min(max(row, 0), len(self.pseudonyms) - 1))
        places = self.query_one("#places", DataTable)
        row = places.cursor_row
        self.places = self.services.prepare.identifying_places(self.review_id)
        places.clear()
        for place in self.places:
            places.add_row(plain(place.name, one_line=True))
        if self.places:
            places.move_cursor(row=min(max(row, 0), len(self.places) - 1))

    def focus_list(self) -> None:
        """Put the focus on the pseudonyms (the tab was just shown)."""
        self.query_one("#pseudonyms", DataTable).focus()

    @property
    def _on_places(self) -> bool:
        return self.screen.focused is self.query_one("#places", DataTable)

    # add, edit, delete --------------------------------------------------------------

    def action_add(self) -> None:
        """Add a pseudonym or an identifying place (whichever list has the focus)."""
        place_form, pseudonym_form = _forms()
        if self._on_places:
            self.app.push_screen(place_form(self.review_id), self._saved)
        else:
            self.app.push_screen(pseudonym_form(self.review_id), self._saved)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter edits the highlighted row."""
        event.stop()
        self.edit_row(event.data_table.id == "places", event.cursor_row)

    def edit_highlighted(self) -> None:
        """Edit the highlighted row of whichever list has the focus (Prepare's Enter)."""
        table = self.query_one("#places" if self._on_places else "#pseudonyms", DataTable)
        self.edit_row(self._on_places, table.cursor_row)

    def edit_row(self, on_places: bool, index: int) -> None:
        """Open the form for row ``index`` of the places or of the pseudonyms."""
        place_form, pseudonym_form = _forms()
        if on_places:
            if 0 <= index < len(self.places):
                self.app.push_screen(place_form(self.review_id, self.places[index]), self._saved)
        elif 0 <= index < len(self.pseudonyms):
            self.app.push_screen(
                pseudonym_form(self.review_id, self.pseudonyms[index]), self._saved
            )

    def action_delete(self) -> None:
        """Delete the highlighted pseudonym or place (at once; the audit keeps it)."""
        if self._on_places:
            index = self.query_one("#places", DataTable).cursor_row
            if 0 <= index < len(self.places) and self.places[index].id is not None:
                place = self.places[index]
                assert place.id is not None
                self.services.prepare.delete_identifying_place(place.id)
                self.notify(visible(f"Deleted: {place.name}", one_line=True), markup=False)
        else:
            index = self.query_one("#pseudonyms", DataTable).cursor_row
            if 0 <= index < len(self.pseudonyms) and self.pseudonyms[index].id is not None:
                pseudonym = self.pseudonyms[index]
                assert pseudonym.id is not None
                self.services.prepare.delete_pseudonym(pseudonym.id)
                self.notify(visible(f"Deleted: {pseudonym.real}", one_line=True), markup=False)
        self.reload()

    def _saved(self, saved: Pseudonym | IdentifyingPlace | None) -> None:
        if saved is None:
            return
        self.reload()
        # The cursor goes to what was saved: a new row is added at the end, out of view.
        if isinstance(saved, Pseudonym):
            table, rows = self.query_one("#pseudonyms", DataTable), [p.id for p in self.pseudonyms]
        else:
            table, rows = self.query_one("#places", DataTable), [p.id for p in self.places]
        if saved.id in rows:
            table.move_cursor(row=rows.index(saved.id), scroll=True)
        self.notify("Saved.", timeout=2)


def _forms() -> tuple[type[PlaceForm], type[PseudonymForm]]:
    # Forms (and their fields) are imported when first opened, not with the screen.
    from workshop_tui.ui.screens.pseudonym_forms import PlaceForm, PseudonymForm

    return PlaceForm, PseudonymForm
