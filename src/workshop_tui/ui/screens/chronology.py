"""The chronology view: the merged timeline, filtered as you type, flagged, fixed and linked.

The screen calls the services (``services.chronology``); the table (:class:`ChronologyTable`)
only draws and posts messages; the filtering itself is pure (``domain/filtering.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Header, Input, Label, Static

from workshop_tui.domain.agenda import short_agency_names
from workshop_tui.domain.display import visible
from workshop_tui.domain.filtering import ChronologyFilter
from workshop_tui.domain.models import Agency, ChronologyEntry, EntryFlag, Kloe
from workshop_tui.ui import chronology_loading
from workshop_tui.ui.format import plain
from workshop_tui.ui.screens.base import ReviewScreen
from workshop_tui.ui.widgets.chooser import Chooser
from workshop_tui.ui.widgets.chronology_table import (
    ChronologyTable,
    first_line,
    format_entry_date,
)
from workshop_tui.ui.widgets.footer import Footer

#: Choices of the flag filter besides the flags themselves.
ANY_FLAG = "any"
NEEDS_ATTENTION = "attention"

FLAG_KEYS: dict[str, EntryFlag] = {
    "key": EntryFlag.KEY_PRACTICE_EPISODE,
    "missed": EntryFlag.MISSED_OPPORTUNITY,
    "good": EntryFlag.GOOD_PRACTICE,
}


def parse_filter_date(text: str) -> dt.date | None:
    """A date typed in the filter bar (UK day-first, as the importer reads it); None if empty.

    Raises:
        DateError: with a message fit to show under the filter bar.
    """
    if not text.strip():
        return None
    from workshop_tui.domain.dates import parse_datetime_cell  # its patterns cost ~20 ms

    return parse_datetime_cell(text).date


def entry_detail(
    entry: ChronologyEntry,
    members: list[ChronologyEntry],
    agency_names: dict[str, str],
) -> Content:
    """Every cell of an entry, for the detail pane: text as it is, never markup, with
    control and bidi characters made visible (``␛``).

    Args:
        entry: The entry to show.
        members: Every entry in its duplicate group (just ``entry`` if none).
        agency_names: Agency key to name.
    """
    parts: list[Content | tuple[str, str] | str] = []

    def heading(text: str) -> None:
        parts.append(("\n" + visible(text, one_line=True) + "\n", "bold $text-accent"))

    def field(label: str, value: str) -> None:
        if value:
            parts.extend([(f"{visible(label, one_line=True)}: ", "bold"), visible(value), "\n"])

    if entry.error is not None:
        parts.extend(
            [("Needs attention: ", "bold $text-warning"), (visible(entry.error), "$text-warning")]
        )
        parts.append("\n")
    date = format_entry_date(entry)
    when = f"{date} {entry.time.strftime('%H:%M')}" if entry.time else date
    parts.append((when, "bold"))
    if entry.date_approximate:
        parts.append(" (approximate date)")
    agency = agency_names.get(entry.agency)
    parts.append(visible(f"  {entry.agency}" + (f" ({agency})" if agency else ""), one_line=True))
    parts.append("\n")
    field("Practitioner", entry.practitioner)
    field("Source", visible(entry.location, one_line=True))  # a file name is one line
    if entry.flags:
        field("Flags", ", ".join(str(f) for f in entry.flags))
    if not entry.in_period:
        parts.append(("Outside the review period\n", "italic"))
    for label, text in (
        ("Event", entry.event),
        ("Outcome", entry.outcome),
        ("Analysis", entry.analysis),
    ):
        if text:
            heading(label)
            parts.append(visible(text) + "\n")
    if entry.extra:
        heading("Other columns")
        for key, value in entry.extra.items():
            field(key, value)
    if entry.duplicate_group is not None and len(members) > 1:
        confirmed = "confirmed" if entry.duplicate_confirmed else "linked automatically"
        heading(f"Same event, {len(members)} sources ({confirmed})")
        for member in members:
            marker = "▶ " if member.id == entry.id else "  "
            line = f"{member.agency}: {first_line(member.event)} ({member.location})"
            parts.append(f"{marker}{visible(line, one_line=True)}\n")
    if entry.error is not None and entry.raw:
        heading("Cells as received")
        for key, value in entry.raw.items():
            field(key, value)
    return Content.assemble(*parts).rstrip()


class FixEntryScreen(ModalScreen[dict[str, Any] | None]):
    """A form to correct an entry that needs attention, prefilled from its raw cells.

    Dismisses with the fields for ``repository.fix_entry`` or None when cancelled.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="fix-cancel"),
        Binding("ctrl+s", "save", "Save", id="fix-save"),
    ]

    FIELDS: ClassVar[list[tuple[str, str]]] = [
        ("date", "Date (dd/mm/yyyy, May 2016, or FROM to TO; c. first if approximate)"),
        ("time", "Time (14:20, 2.20pm or empty)"),
        ("practitioner", "Practitioner"),
        ("event", "Event"),
        ("outcome", "Outcome"),
        ("analysis", "Analysis"),
    ]

    def __init__(self, entry: ChronologyEntry) -> None:
        super().__init__(classes="chronology-fix")
        self.entry = entry

    def prefill(self) -> dict[str, str]:
        """The form's starting values: the entry's own, else its raw cells by header."""
        entry = self.entry
        values = {
            "date": format_entry_date(entry) if entry.date else "",
            "time": entry.time.strftime("%H:%M") if entry.time else "",
            "practitioner": entry.practitioner,
            "event": entry.event,
            "outcome": entry.outcome,
            "analysis": entry.analysis,
        }
        from workshop_tui.importers.headers import field_for_header

        for header, cell in entry.raw.items():
            name = field_for_header(header)
            if name == "datetime":
                name = "date"
            if name in values and not values[name] and cell.strip():
                values[name] = cell.strip()
        return values

    def compose(self) -> ComposeResult:
        from workshop_tui.ui.widgets.fields import show_controls  # TextArea's code: on use

        values = self.prefill()
        with VerticalScroll(id="fix-dialog"):
            yield Static(
                plain(f"Fix entry {self.entry.location}", one_line=True), classes="fix-title"
            )
            if self.entry.error:
                yield Static(plain(self.entry.error), classes="fix-reason")
            for name, label in self.FIELDS:
                yield Label(label, classes="fix-label")
                yield show_controls(Input(values[name], id=f"fix-{name}", compact=True))
                yield Static("", id=f"fix-{name}-error", classes="fix-error")
            yield Static("Enter or ctrl+s saves · Esc cancels", classes="fix-hint")
            with Horizontal(classes="fix-buttons"):
                yield Button("Save", id="fix-save", variant="primary")
                yield Button("Cancel", id="fix-cancel")

    def on_mount(self) -> None:
        self.query_one("#fix-date", Input).focus()

    def validate(self) -> dict[str, Any] | None:
        """The fields to save, or None after showing what is wrong beside each field."""
        from workshop_tui.domain.dates import DateError, parse_entry_range, parse_time

        text = {name: self.query_one(f"#fix-{name}", Input).value for name, _ in self.FIELDS}
        errors: dict[str, str] = {}
        fields: dict[str, Any] = {}
        for name in ("practitioner", "event", "outcome", "analysis"):
            value = text[name].strip()
            # A one-line Input flattens line breaks: leave a field alone unless it was edited
            # or filled from the raw cells.
            if value.split() != getattr(self.entry, name).split():
                fields[name] = value
        try:
            parsed, end = parse_entry_range(text["date"])
            fields["date"] = parsed.date
            fields["date_approximate"] = parsed.approximate
            fields["date_precision"] = parsed.precision
            fields["end_date"] = end
            fields["time"] = parsed.time
        except DateError as error:
            errors["date"] = str(error)
        try:
            time = parse_time(text["time"])
            if time is not None:
                fields["time"] = time
            elif "time" not in fields:
                fields["time"] = None
        except DateError as error:
            errors["time"] = str(error)
        for name, _ in self.FIELDS:
            message = self.query_one(f"#fix-{name}-error", Static)
            message.update(plain(errors.get(name, "")))
            message.display = name in errors
        return None if errors else fields

    def action_save(self) -> None:
        fields = self.validate()
        if fields is not None:
            self.dismiss(fields)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#fix-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#fix-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class ChronologyScreen(ReviewScreen):
    """The merged chronology of one review, with a filter bar and a detail pane.

    It reads and writes through ``app.services`` (``workshop_tui.services``): an app needs
    nothing else of the review's.
    """

    screen_name = "chronology"
    LOAD_AT_ONCE = chronology_loading.LOAD_AT_ONCE
    """A chronology up to this size is read before the screen first paints. A larger
    one paints its first rows (``entries_head``) and reads the rest in a thread."""
    HEAD_ROWS = chronology_loading.HEAD_ROWS
    """How many rows of each kind (needing attention, dated) the first paint reads."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    AUTO_FOCUS = "#chronology-table"
    """The table has the keys; focusing the search box first (Textual's default) and
    moving focus on mount restyled both."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: / is read as it arrives, so the words typed right after it wait for the
        # search box (key_hold) instead of reaching the table's keys; in a filter field
        # it is the field's (a date's /), see check_action.
        Binding(
            "slash,ctrl+f",
            "focus_filter",
            "Filter",
            id="chronology-filter",
            key_display="/",
            priority=True,
        ),
        Binding("k", "flag('key')", "Key episode", id="chronology-flag-key"),
        Binding("m", "flag('missed')", "Missed opp.", id="chronology-flag-missed"),
        Binding("g", "flag('good')", "Good practice", id="chronology-flag-good"),
        Binding("f", "fix", "Fix entry", id="chronology-fix"),
        Binding("x", "mark", "Mark", id="chronology-mark"),
        Binding("l", "link", "Link marked", id="chronology-link"),
        Binding("u", "unlink", "Unlink", id="chronology-unlink"),
        Binding("c", "confirm_group", "Confirm link", id="chronology-confirm"),
        Binding("ctrl+k", "remap", "Remap columns", id="chronology-remap"),
        Binding("escape", "back", "Back", id="chronology-back"),
    ]

    def __init__(self, review_id: int) -> None:
        super().__init__(review_id, classes="chronology-screen")
        # The width class for the app's size now: left to the first resize event, it
        # restyled the whole screen before its first paint (styled when mounted anyway).
        width = self.app.size.width
        width_class = next(n for w, n in reversed(self.HORIZONTAL_BREAKPOINTS) if width >= w)
        self.add_class(width_class, update=False)
        self.agencies: list[Agency] = []
        self.agency_names: dict[str, str] = {}
        """Agency key to name, for the detail pane."""
        self.kloes: list[Kloe] = []
        self._date_errors: dict[str, str] = {}
        self._detail_entry: ChronologyEntry | None = None
        self._detail_pending = False
        self._binding_state: tuple[bool, bool, bool] | None = None
        self._table: ChronologyTable | None = None
        self._to_reveal: int | None = None
        """An entry to put the cursor on once it is in the table (a search hit)."""
        self._groups_touched: set[int] = set()
        """Duplicate groups changed while the chronology was loading (read again after)."""

    @property
    def entries_loading(self) -> bool:
        """True until every entry is in the table (only a large chronology loads late)."""
        return self._table is not None and self._table.entries_loading

    @property
    def table(self) -> ChronologyTable:
        """The chronology table."""
        if self._table is None:  # not composed yet
            return self.query_one("#chronology-table", ChronologyTable)
        return self._table

    def compose(self) -> ComposeResult:
        services = self.services
        self.agencies = list(services.reviews.agencies(self.review_id))
        self.agency_names = {a.key: a.name for a in self.agencies}
        self.kloes = list(services.prepare.kloes(self.review_id))
        self._table = ChronologyTable(id="chronology-table")
        # The Agency column names each agency (shortened as on the Workshop's slice),
        # not by the key its file was imported under.
        self._table.agency_labels = short_agency_names(self.agencies)
        chronology_loading.fill_table(
            self._table,
            services.chronology,
            self.review_id,
            at_once=self.LOAD_AT_ONCE,
            head_rows=self.HEAD_ROWS,
        )
        yield Header()
        with Vertical(id="chronology-filters"):
            with Horizontal(classes="filter-row"):
                yield Input(
                    placeholder="Search text  (/)",
                    id="chronology-text",
                    compact=True,
                )
                yield Chooser[str](
                    [(a.name, a.key) for a in self.agencies],
                    prompt="All agencies",
                    id="chronology-agency",
                )
                yield Chooser[str](
                    [
                        ("Key practice episode", "key"),
                        ("Missed opportunity", "missed"),
                        ("Good practice", "good"),
                        ("Any flag", ANY_FLAG),
                        ("Needs attention", NEEDS_ATTENTION),
                    ],
                    prompt="All entries",
                    id="chronology-flag",
                )
            with Horizontal(classes="filter-row"):
                yield Input(placeholder="From dd/mm/yyyy", id="chronology-from", compact=True)
                yield Input(placeholder="To dd/mm/yyyy", id="chronology-to", compact=True)
                yield Chooser[int](
                    [(f"KLOE {k.number}: {k.title}", k.id) for k in self.kloes if k.id is not None],
                    prompt="Whole chronology",
                    id="chronology-kloe",
                )
                yield Static("", id="chronology-status")
        with Horizontal(id="chronology-body"):
            yield self._table
            with VerticalScroll(id="chronology-detail-pane"):
                yield Static("", id="chronology-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._update_status()
        # The search box is watched directly rather than through Input.Changed: the
        # watcher runs as the key changes the value, so the filtered table is painted
        # in the same frame as the typed letter instead of one frame later.
        self.watch(self.query_one("#chronology-text", Input), "value", self.refilter, init=False)
        self._show_revealed()

    @on(ChronologyTable.Loaded)
    @on(ChronologyTable.Filtered)
    def _rows_settled(self, event: ChronologyTable.Loaded | ChronologyTable.Filtered) -> None:
        event.stop()
        if isinstance(event, ChronologyTable.Loaded):
            self._reread_touched_groups()
        self._update_status()
        self._show_revealed()

    def _reread_touched_groups(self) -> None:
        """The groups linked, unlinked or confirmed while the chronology loaded: every member
        as stored now (one read before the change may have been shown otherwise)."""
        groups, self._groups_touched = self._groups_touched, set()
        table = self.table
        ids = {e.id for e in table.entries if e.id is not None and e.duplicate_group in groups}
        if ids:
            self._show_changed(self.services.chronology.entry(i) for i in sorted(ids))

    def reveal(self, kind: str, item_id: int) -> None:
        """Put the cursor on the entry with ``item_id`` (a hit a search opened); in a
        large chronology still loading, as soon as it is in the table."""
        if kind != "entry":
            return
        self._to_reveal = item_id
        if self.is_mounted:
            self._show_revealed()

    def _show_revealed(self) -> None:
        entry_id = self._to_reveal
        if entry_id is None:
            return
        if self.table.move_to_entry(entry_id):
            self._to_reveal = None
            self.table.focus()
            # Once laid out (a screen just made has no height yet), scroll the row into view.
            self.call_after_refresh(self.table.move_to_entry, entry_id)
            return
        if self.entries_loading:
            return  # tried again when the rest has loaded
        self._to_reveal = None
        self.notify(
            "That entry is not in the table as filtered: clear the filter to see it.",
            timeout=6,
        )

    @on(ChronologyTable.LoadProgress)
    def _load_progressed(self, event: ChronologyTable.LoadProgress) -> None:
        event.stop()
        self._update_status()
        self._show_revealed()

    @on(ChronologyTable.LoadFailed)
    def _load_failed(self, event: ChronologyTable.LoadFailed) -> None:
        event.stop()
        self._update_status()
        self.notify(
            visible(f"Only the first entries could be read: {event.error}"),
            title="Chronology incomplete",
            severity="error",
            timeout=10,
            markup=False,
        )

    def _show_changed(self, entries: Iterable[ChronologyEntry]) -> None:
        """Show the stored versions of changed entries (the table keeps them for the swap),
        and count again: a link or unlink changes how many rows are shown."""
        self.table.refresh_entries(entries)
        self._update_status()

    # --- filtering ---------------------------------------------------------------

    def current_filter(self) -> ChronologyFilter:
        """The filter the bar describes (dates that do not read are left out)."""
        agency = self.query_one("#chronology-agency", Chooser).value
        flag = self.query_one("#chronology-flag", Chooser).value
        kloe_id = self.query_one("#chronology-kloe", Chooser).value
        flt = ChronologyFilter(
            text=self.query_one("#chronology-text", Input).value,
            agencies=frozenset({agency}) if isinstance(agency, str) else frozenset(),
            flags=(
                frozenset(EntryFlag)
                if flag == ANY_FLAG
                else frozenset({FLAG_KEYS[flag]})
                if flag in FLAG_KEYS
                else frozenset()
            ),
            attention_only=flag == NEEDS_ATTENTION,
            date_from=self._read_date("from"),
            date_to=self._read_date("to"),
        )
        kloe = next((k for k in self.kloes if k.id == kloe_id), None)
        if kloe is not None:
            slice_ = ChronologyFilter.for_kloe(kloe)
            flt = replace(flt, kloe_period=slice_.kloe_period, kloe_entry_ids=slice_.kloe_entry_ids)
        return flt

    def _read_date(self, which: str) -> dt.date | None:
        widget = self.query_one(f"#chronology-{which}", Input)
        value = None
        if widget.value.strip():
            from workshop_tui.domain.dates import DateError  # only once a date is typed

            try:
                value = parse_filter_date(widget.value)
            except DateError as error:
                self._date_errors[which] = f"{which.capitalize()}: {error}"
                widget.add_class("-invalid")
                return None
        self._date_errors.pop(which, None)
        widget.remove_class("-invalid")
        return value

    def refilter(self) -> None:
        """Apply the filter bar to the table."""
        self.table.apply_filter(self.current_filter())
        self._update_status()

    @on(Input.Changed, "#chronology-filters Input")
    def _filter_typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id != "chronology-text":  # the search box is watched (on_mount)
            self.refilter()

    @on(Input.Submitted, "#chronology-filters Input")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    @on(Chooser.Changed, "#chronology-filters Chooser")
    def _filter_chosen(self, event: Chooser.Changed) -> None:
        event.stop()
        self.refilter()

    def _update_status(self) -> None:
        status = self.query_one("#chronology-status", Static)
        table = self.table
        errors = list(self._date_errors.values())
        if errors:
            status.update(Content.styled(visible("; ".join(errors)), "$text-error"), layout=False)
            return
        attention = table.attention_count
        progress = table.loading_progress
        if progress is not None:
            read, total = progress
            percent = read * 100 // max(1, total)
            text = f"{table.row_count:,} shown · {percent}% of {total:,} loaded"
        elif table.loading_total is not None:
            text = f"{table.row_count:,} shown · loading {table.loading_total:,} entries…"
        elif not table.filter_complete:
            text = f"{table.row_count:,}+ of {table.total_count:,} shown"
        else:
            text = f"{table.row_count:,} of {table.total_count:,} shown"
        if attention:
            text += f" · {attention} need attention"
        if table.marked_ids:
            text += f" · {len(table.marked_ids)} marked"
        status.update(text, layout=False)  # a fixed one-line box: no need to lay out again

    # --- detail -------------------------------------------------------------------

    @on(ChronologyTable.EntryHighlighted)
    def _entry_highlighted(self, event: ChronologyTable.EntryHighlighted) -> None:
        # The detail pane is laid out again when its text changes; doing that after the
        # table has been painted keeps each filter keystroke to one quick frame.
        self._detail_entry = event.entry
        if not self._detail_pending:
            self._detail_pending = True
            self.call_after_refresh(self._show_detail)

    def _show_detail(self) -> None:
        self._detail_pending = False
        entry = self._detail_entry
        detail = self.query_one("#chronology-detail", Static)
        if entry is None:
            detail.update(Content.styled("No entry selected.", "italic $text-muted"))
        else:
            members = self.table.group_members(entry)
            detail.update(entry_detail(entry, members, self.agency_names))
        state = (
            entry is not None and entry.error is not None,
            entry is not None and entry.duplicate_group is not None,
            bool(self.table.marked_ids),
        )
        if state != self._binding_state:
            # Only when the keys on offer change: the footer is rebuilt each time.
            self._binding_state = state
            self.refresh_bindings()

    @on(ChronologyTable.EntrySelected)
    def _open_entry(self, event: ChronologyTable.EntrySelected) -> None:
        if event.entry.error is not None:
            self.action_fix()
        else:
            self.query_one("#chronology-detail-pane").focus()

    # --- actions ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_filter" and isinstance(self.focused, Input):
            return False  # typed into the field (a date's /); the field is the filter
        if not self.is_mounted or not self.query("#chronology-table"):
            return True
        entry = self.table.cursor_entry
        if action in ("flag", "mark"):
            return entry is not None and entry.error is None
        if action == "fix":
            return True if entry is not None and entry.error is not None else None
        if action == "unlink":
            return True if entry is not None and entry.duplicate_group is not None else None
        if action == "link":
            return True if self.table.marked_ids else None
        if action == "confirm_group":
            linked = entry is not None and entry.duplicate_group is not None
            return True if linked and entry and not entry.duplicate_confirmed else None
        return True

    def action_focus_filter(self) -> None:
        search = self.query_one("#chronology-text", Input)
        key_hold = getattr(self.app, "key_hold", None)  # the app's (ui.key_hold)
        if key_hold is None:
            search.focus()
            return
        # The words typed right after / go into the box, not to the table's keys (g, l, c
        # would flag, link or confirm the entry under the cursor).
        key_hold.focus(search)

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and focused is not self.table:
            self.table.focus()
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_flag(self, which: str) -> None:
        entry = self.table.cursor_entry
        if entry is None or entry.id is None or which not in FLAG_KEYS:
            return
        flag = FLAG_KEYS[which]
        saved = self.services.chronology.toggle_flag(entry.id, flag)
        self._show_changed([saved])
        self._update_status()
        verb = "Flagged" if flag in saved.flags else "Unflagged"
        self.notify(f"{verb} as {flag}", timeout=2)

    def action_mark(self) -> None:
        self.table.toggle_mark()
        self._update_status()
        self.refresh_bindings()

    def action_fix(self) -> None:
        entry = self.table.cursor_entry
        if entry is None or entry.id is None or entry.error is None:
            return
        entry_id = entry.id

        def saved(fields: dict[str, Any] | None) -> None:
            if fields is None:
                return
            try:
                fixed = self.services.chronology.fix_entry(entry_id, **fields)
            except ValueError as error:
                self.notify(visible(error), title="Not saved", severity="error", markup=False)
                return
            self._show_changed([fixed])
            self.table.move_to_entry(entry_id)
            self._update_status()
            self.notify(visible(f"Fixed {fixed.location}", one_line=True), timeout=2, markup=False)

        self.app.push_screen(FixEntryScreen(entry), saved)

    def action_remap(self) -> None:
        """Open "Columns of AGENCY" for the agency chosen in the filter, else the one under
        the cursor; save, refresh the table and say what changed."""
        from workshop_tui.ui.screens.remap import RemapColumnsScreen

        table = self.table
        chosen = self.query_one("#chronology-agency", Chooser).value
        entry = table.cursor_entry
        key = chosen if isinstance(chosen, str) else entry.agency if entry is not None else None
        if key is None:
            self.notify("Choose an agency in the filter bar, or move to one of its entries.")
            return
        if table.entries_loading:
            self.notify("The chronology is still loading; try again in a moment.")
            return
        agencies = {a.key: a for a in self.services.reviews.agencies(self.review_id)}
        agency = agencies.get(key)
        if agency is None:
            self.notify(visible(f"No agency {key} in this review."), markup=False)
            return
        entries = sorted((e for e in table.entries if e.agency == key), key=lambda e: e.id or 0)

        def saved(mapping: dict[str, str] | None) -> None:
            if mapping is None:
                return
            try:
                result = self.services.chronology.remap_agency(self.review_id, key, mapping)
            except ValueError as error:
                self.notify(visible(str(error)), title="Not saved", severity="error", markup=False)
                return
            table.refresh_entries(result.entries)
            self.refresh_bindings()
            before = {e.id: e for e in entries}
            changed = sum(1 for e in result.entries if before.get(e.id) != e)
            attention = sum(1 for e in result.entries if e.error is not None)
            message = f"Columns of {agency.name} saved: {changed} entries changed"
            if attention:
                message += f", {attention} need attention"
            if result.kept_by_hand:
                message += f", {result.kept_by_hand} kept their corrections made by hand"
            self.notify(visible(message), timeout=5, markup=False)

        self.app.push_screen(RemapColumnsScreen(agency, entries), saved)

    def action_link(self) -> None:
        table = self.table
        entry = table.cursor_entry
        ids = set(table.marked_ids)
        if entry is not None and entry.id is not None:
            ids.add(entry.id)
        if len(ids) < 2:
            self.notify("Mark the other records of this event with x first.", timeout=3)
            return
        before = [e for e in table.entries if e.id in ids]
        try:
            group = self.services.chronology.link(sorted(ids))
        except ValueError as error:
            self.notify(visible(error), title="Not linked", severity="error", markup=False)
            return
        self._reload_around(before)
        table.clear_marks()
        self._update_status()
        self.notify(f"Linked {len(ids)} records as one event (group {group})", timeout=3)

    def action_unlink(self) -> None:
        entry = self.table.cursor_entry
        if entry is None or entry.id is None or entry.duplicate_group is None:
            return
        self.services.chronology.unlink(entry.id)
        self._reload_around([entry])
        self.notify("Unlinked from its group", timeout=2)

    def action_confirm_group(self) -> None:
        """A person agrees that the linked records are accounts of one event."""
        entry = self.table.cursor_entry
        if entry is None or entry.duplicate_group is None:
            return
        self.services.chronology.confirm_group(self.review_id, entry.duplicate_group)
        self._reload_around([entry])
        self.notify("Link confirmed: one event, several accounts", timeout=2)

    def _reload_around(self, changed: Iterable[ChronologyEntry]) -> None:
        """Read back the given entries and everyone in their old groups, as stored now."""
        table = self.table
        changed = list(changed)
        if table.entries_loading:
            # Members of these groups not in the table yet may have been read before the
            # change: read them back once every entry is in (_reread_touched_groups).
            self._groups_touched.update(
                e.duplicate_group for e in changed if e.duplicate_group is not None
            )
        ids: set[int] = set()
        for entry in changed:
            ids.update(m.id for m in table.group_members(entry) if m.id is not None)
        self._show_changed(self.services.chronology.entry(i) for i in sorted(ids))
        self.refresh_bindings()
