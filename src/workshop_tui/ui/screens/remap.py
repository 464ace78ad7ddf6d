"""Columns of an agency: which field each header of its chronology files fills.

Opened from the Chronology screen (``ctrl+k``) when the import read a column wrongly or
not at all (an event column under a header no synonym matched). The form lists each
header seen in the agency's files with a choice of field, a sample of its cells, and a
preview of the first entries as the chosen mapping would read them; ``ctrl+s`` returns
the mapping (header to field, ``""`` to keep the column as another column) and the
screen that opened it asks the services to rebuild the entries.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from workshop_tui.domain.models import Agency, ChronologyEntry
from workshop_tui.importers.columns import (
    KEEP,
    current_mapping,
    entry_cells,
    header_groups,
    headers_seen,
    mapping_problem,
    remap_entries,
)
from workshop_tui.ui.format import plain
from workshop_tui.ui.widgets.chooser import Chooser
from workshop_tui.ui.widgets.chronology_table import format_entry_date

#: The fields a column can fill, as the form names them.
FIELD_CHOICES: list[tuple[str, str]] = [
    ("Date", "date"),
    ("Time", "time"),
    ("Practitioner", "practitioner"),
    ("Event", "event"),
    ("Outcome", "outcome"),
    ("Analysis", "analysis"),
]
KEEP_LABEL = "Keep as extra"
PREVIEW_ROWS = 3
SAMPLE_ROWS = 20


class RemapColumnsScreen(ModalScreen[dict[str, str] | None]):
    """The "Columns of AGENCY" form; dismisses with the mapping, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="remap-cancel"),
        Binding("ctrl+s", "save", "Save the columns", id="remap-save"),
    ]

    def __init__(self, agency: Agency, entries: list[ChronologyEntry]) -> None:
        super().__init__(classes="chronology-remap")
        self.agency = agency
        self.entries = entries
        self.headers = headers_seen(entries, agency.sources)
        self.initial = current_mapping(entries, agency.sources)
        self.groups = header_groups(entries, agency.sources)
        by_part = {(s.source_file, s.source_part): s for s in agency.sources}
        self._cells = [
            entry_cells(e, by_part.get((e.source_file, e.source_part)))
            for e in entries[:SAMPLE_ROWS]
        ]

    def sample(self, header: str) -> str:
        """The first cell under ``header`` that has text, in the agency's first rows."""
        return next((cells[header] for cells in self._cells if cells.get(header)), "")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="remap-dialog"):
            yield Static(
                Text.assemble("Columns of ", plain(self.agency.name, one_line=True, limit=60)),
                classes="remap-title",
            )
            yield Static(
                "Which field each column of its files fills. The entries are read again "
                "from their cells; flags, links and corrections made by hand are kept.",
                classes="remap-hint",
            )
            for index, header in enumerate(self.headers):
                with Horizontal(classes="remap-row"):
                    yield Label(plain(header, one_line=True, limit=26), classes="remap-header")
                    chooser = Chooser[str](
                        FIELD_CHOICES, prompt=KEEP_LABEL, id=f"remap-column-{index}"
                    )
                    field_name = self.initial.get(header, KEEP)
                    if field_name != KEEP:
                        chooser.value = field_name
                    yield chooser
                    yield Static(
                        plain(self.sample(header), one_line=True, limit=200),
                        classes="remap-sample",
                    )
            yield Static("", id="remap-error")
            yield Label("Preview of the first entries", classes="remap-label")
            yield Static("", id="remap-preview")
            yield Static("ctrl+s saves · Esc cancels", classes="remap-hint")
            with Horizontal(classes="remap-buttons"):
                yield Button("Save", id="remap-save", variant="primary", compact=True)
                yield Button("Cancel", id="remap-cancel", compact=True)

    def on_mount(self) -> None:
        self._show_preview()
        if self.headers:
            self.query_one("#remap-column-0", Chooser).focus()

    def mapping(self) -> dict[str, str]:
        """Header to field (``""`` for keep) as the form's choices say."""
        chosen: dict[str, str] = {}
        for index, header in enumerate(self.headers):
            value = self.query_one(f"#remap-column-{index}", Chooser).value
            chosen[header] = value if isinstance(value, str) else KEEP
        return chosen

    def _show_preview(self) -> str | None:
        mapping = self.mapping()
        problem = mapping_problem(mapping, self.groups)
        error = self.query_one("#remap-error", Static)
        error.update(plain(problem or ""))
        error.display = problem is not None
        preview = self.query_one("#remap-preview", Static)
        if problem is not None:
            preview.update("")
            return problem
        rebuilt = remap_entries(self.entries[:PREVIEW_ROWS], self.agency.sources, mapping)
        lines = Text()
        for entry in rebuilt.entries:
            if lines:
                lines.append("\n")
            lines.append(format_entry_date(entry) if entry.date else "(no date)", style="bold")
            line = f"  {entry.practitioner}  {entry.event or '(no event text)'}"
            if entry.error:
                line += f"  (needs attention: {entry.error})"
            lines.append(plain(line, one_line=True, limit=90))
        preview.update(lines or "No entries.")
        return None

    @on(Chooser.Changed)
    def _choice_changed(self, event: Chooser.Changed) -> None:
        event.stop()
        self._show_preview()

    def action_save(self) -> None:
        """Return the mapping, unless it cannot be used (the reason is shown)."""
        if self._show_preview() is None:
            self.dismiss(self.mapping())

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)

    @on(Button.Pressed, "#remap-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#remap-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
