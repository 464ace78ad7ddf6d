"""A virtualised table of chronology entries that stays fluid at tens of thousands of rows.

Textual's ``DataTable`` measures every cell when rows are added (about 90 us a row,
seconds at 50,000), so this widget uses the Line API instead: it keeps the entries in a
:class:`~workshop_tui.domain.filtering.ChronologyIndex` and draws only the lines on
screen in :meth:`ChronologyTable.render_line`. Filtering and ordering are pure functions
in ``domain/filtering.py``; the widget only keeps a cursor, the expanded duplicate groups
and the entries marked for linking, and posts messages up.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState

from workshop_tui.domain.dates import show_date
from workshop_tui.domain.display import visible
from workshop_tui.domain.filtering import (
    ChronologyFilter,
    ChronologyIndex,
    DisplayRows,
    display_rows,
)
from workshop_tui.domain.models import ChronologyEntry, EntryFlag
from workshop_tui.domain.slice_find import find_row

Report = Callable[[ChronologyIndex | None, int], None]
"""How a thread reading a large chronology reports: the rows read so far, indexed (or None:
only progress), and how many entries have been read (``chronology_loading.read_in_steps``)."""

PROGRESS_AFTER = 0.5
"""Seconds a large chronology may take to load before the table tells how far it has got."""

#: One letter per flag, in this order; the same letters are the keys that set them.
FLAG_MARKERS: dict[EntryFlag, str] = {
    EntryFlag.KEY_PRACTICE_EPISODE: "K",
    EntryFlag.MISSED_OPPORTUNITY: "M",
    EntryFlag.GOOD_PRACTICE: "G",
}
GROUP_MARK = "⧉"
LINK_MARK = "●"
MEMBER_INDENT = " ↳ "


def format_entry_date(entry: ChronologyEntry) -> str:
    """``03/03/2023``, ``c. 03/03/2023``, ``May 2016``, a range ``03/03/2023 to 05/03/2023``
    (:attr:`ChronologyEntry.when`), and ``?`` for no date."""
    if entry.date is None:
        return "?"
    return entry.when


def table_date(entry: ChronologyEntry) -> str:
    """The date column's text: :func:`format_entry_date`, but a range as its start and an
    arrow (``03/06/2023 →``: the column is narrow; the entry's pane shows the range whole)."""
    if entry.date is None or entry.end_date is None:
        return format_entry_date(entry)
    start = show_date(
        entry.date, approximate=entry.date_approximate, precision=entry.date_precision
    )
    return f"{start} →"


def format_flags(entry: ChronologyEntry) -> str:
    """The flags as letters in a fixed order, e.g. ``K G``."""
    return "".join(
        FLAG_MARKERS[flag] if flag in entry.flags else " " for flag in FLAG_MARKERS
    ).rstrip()


def first_line(text: str) -> str:
    """The first non-blank line of a cell.

    Lines end at ``\\n`` only (the importers normalise every other line break to it):
    ``splitlines`` would also end one at a C1 NEL, a form feed or a separator control,
    and hide the rest of the line behind a character the table shows visibly.
    """
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""


@dataclass(frozen=True, slots=True)
class _Columns:
    """Column widths for one widget width; the event column takes what is left."""

    agency: int
    practitioner: int
    event: int

    MARK: ClassVar[int] = 1
    DATE: ClassVar[int] = 13  # c. 03/03/2023
    TIME: ClassVar[int] = 5
    FLAGS: ClassVar[int] = 3
    GROUP: ClassVar[int] = 4

    @classmethod
    def fit(cls, width: int, agency_width: int, practitioner_width: int) -> _Columns:
        agency = max(6, min(agency_width, 16 if width >= 100 else 12))
        practitioner = max(6, min(practitioner_width, 20 if width >= 110 else 12))
        if width < 72:
            practitioner = 0
        fixed = cls.MARK + cls.DATE + cls.TIME + agency + cls.FLAGS + cls.GROUP
        gaps = 6 if practitioner else 5
        event = max(8, width - fixed - practitioner - gaps)
        return cls(agency, practitioner, event)


@dataclass(frozen=True, slots=True)
class _RowStyles:
    """The Rich styles a row is drawn with, looked up once per style change."""

    base: Style
    header: Style
    cursor: Style
    attention: Style
    flags: Style
    member: Style
    marked: Style
    empty: Style


class TableMessage(Message):
    """A message from a :class:`ChronologyTable` (``control`` is the table)."""

    def __init__(self, table: ChronologyTable) -> None:
        self.table = table
        super().__init__()

    @property
    def control(self) -> ChronologyTable:
        return self.table


class ChronologyTable(ScrollView, can_focus=True):
    """The merged chronology, one line per entry (or per duplicate group), virtualised.

    Entries that need attention come first, with their reason in the event column;
    then the rest in merged order. A duplicate group shows as one row marked ``⧉N``
    (N sources) and expands to show every source, indented.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "chronology-table--header",
        "chronology-table--cursor",
        "chronology-table--attention",
        "chronology-table--flags",
        "chronology-table--member",
        "chronology-table--marked",
        "chronology-table--empty",
    }

    DEFAULT_CSS = """
    ChronologyTable {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        color: $foreground;
        & > .chronology-table--header {
            background: $panel;
            color: $text;
            text-style: bold;
        }
        & > .chronology-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .chronology-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .chronology-table--attention { color: $text-warning; text-style: bold; }
        & > .chronology-table--flags { color: $text-accent; text-style: bold; }
        & > .chronology-table--member { color: $text-muted; }
        & > .chronology-table--marked { color: $text-success; text-style: bold; }
        & > .chronology-table--empty { color: $text-muted; text-style: italic; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Open", id="chronology-open"),
        Binding("space,plus", "toggle_group", "Sources", id="chronology-expand"),
    ]

    class EntryHighlighted(TableMessage):
        """The cursor moved to another entry (``entry`` is None when no row is shown)."""

        def __init__(self, table: ChronologyTable, entry: ChronologyEntry | None) -> None:
            self.entry = entry
            super().__init__(table)

    class Filtered(TableMessage):
        """The rows shown are now the whole result of the filter in force.

        After a keystroke the table may first show only the rows that fit on screen
        (see :meth:`apply_filter`); this follows once every match is counted.
        """

    class EntrySelected(TableMessage):
        """The user opened an entry (Enter, or a click on the cursor row)."""

        def __init__(self, table: ChronologyTable, entry: ChronologyEntry) -> None:
            self.entry = entry
            super().__init__(table)

    class Loaded(TableMessage):
        """Every entry is in the table: the rest of a large chronology has been read."""

    class LoadProgress(TableMessage):
        """More of a large chronology has been read (:attr:`loading_progress`), and
        perhaps shown."""

    class _Step(Message):
        """From the loading thread: the rows read so far (or None) and how many."""

        def __init__(self, index: ChronologyIndex | None, read: int) -> None:
            self.index = index
            self.read = read
            super().__init__()

    class LoadFailed(TableMessage):
        """The rest of a large chronology could not be read; the first rows stay."""

        def __init__(self, table: ChronologyTable, error: BaseException | None) -> None:
            self.error = error
            super().__init__(table)

    def __init__(
        self,
        entries: Iterable[ChronologyEntry] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._filter = ChronologyFilter()
        self._expanded: set[int] = set()
        self.marked_ids: set[int] = set()
        """Ids of the entries marked (for linking into a duplicate group)."""
        self._cursor = 0
        self._highlighted_id: int | object | None = _NOTHING
        self._columns: tuple[int, _Columns] | None = None
        self._styles: _RowStyles | None = None
        self._index = ChronologyIndex(())
        self._rows = DisplayRows()
        self._complete = True
        self.loading_total: int | None = None
        """While the rest of a large chronology is read: how many entries it has."""
        self._read_rest: Callable[[Report], ChronologyIndex] | None = None
        self._loading_read = 0
        self._loading_since: float | None = None
        self._to_last = False
        """End was pressed while loading: the cursor follows the last row as rows come."""
        self._changed_while_loading: dict[int, ChronologyEntry] = {}
        self._frozen = False
        self.attention_last = False
        """Show entries that need attention after the others (the workshop's slice)."""
        self.agency_labels: dict[str, str] = {}
        """Agency key to the name shown in the Agency column (the key when absent)."""
        self.set_entries(list(entries))

    # --- data -----------------------------------------------------------------

    def set_entries(self, entries: list[ChronologyEntry]) -> None:
        """Show these entries (in merged order), keeping the filter and, if it is still
        there, the entry under the cursor."""
        self.set_index(ChronologyIndex(entries))

    def set_index(self, index: ChronologyIndex) -> None:
        """Like :meth:`set_entries`, with the entries already indexed (say, in a thread)."""
        keep = self.cursor_entry
        entries = index.entries
        self._index = index
        labels = self.agency_labels
        self._agency_width = max(
            (len(labels.get(e.agency, e.agency)) for e in entries[:5000]), default=6
        )
        self._practitioner_width = max((len(e.practitioner) for e in entries[:5000]), default=6)
        self._columns = None
        self._rebuild(keep_id=keep.id if keep else None)
        if self.is_mounted:
            # Build the search text after the first paint, before the first keystroke.
            self.call_after_refresh(self._index.prepare_search)

    def set_agency_labels(self, labels: dict[str, str]) -> None:
        """Show these names (by agency key) in the Agency column instead of the keys."""
        self.agency_labels = dict(labels)
        self.set_index(self._index)

    def find(self, query: str) -> bool:
        """Move the cursor to the row a date or some words find (see ``find_row``):
        words search on from the row after the cursor. False when nothing matches."""
        labels = self.agency_labels
        row = find_row(
            self.shown_entries(),
            query,
            start=self._cursor + 1,
            label=lambda entry: labels.get(entry.agency, ""),
        )
        if row is None:
            return False
        self.move_cursor(row)
        return True

    def on_mount(self) -> None:
        self.call_after_refresh(self._index.prepare_search)
        if self._read_rest is not None:
            # After the first paint, so that the reading thread does not delay it.
            self.call_after_refresh(self._start_reading)

    def on_unmount(self) -> None:
        if self._frozen:
            # Hand what the table held back to the collector, or it would never be freed.
            self._frozen = False
            gc.unfreeze()

    # --- a large chronology: first rows now, the rest from a thread ----------------

    @property
    def entries_loading(self) -> bool:
        """True until every entry is in (only a large chronology is read late)."""
        return self.loading_total is not None

    def load_rest(self, read: Callable[[Report], ChronologyIndex], total: int) -> None:
        """Show the first rows until ``read`` (run in a thread) returns every entry.

        The thread starts after the table's first paint. It may report as it reads (the
        rows so far, shown at once, and how many it has read: see
        ``chronology_loading.read_in_steps``). Meanwhile the table works on the rows it
        has: the filter, the cursor's entry, marks and open groups carry over to each
        step; entries refreshed meanwhile (a flag, a fix, a link) are kept and win over
        what the thread read; End keeps the cursor on the last row as rows come. The
        table posts :class:`LoadProgress` as rows come, then :class:`Loaded` once every
        entry is shown, or :class:`LoadFailed`.

        Args:
            read: Given a ``report`` callback, returns the whole chronology, indexed.
            total: How many entries the chronology has (for the status line meanwhile).
        """
        self.loading_total = total
        self._read_rest = read
        if self.is_mounted:
            self.call_after_refresh(self._start_reading)

    def _start_reading(self) -> None:
        read = self._read_rest
        if read is None:
            return
        self._read_rest = None
        self._loading_since = time.monotonic()
        # Without a step for a while the progress should still show once it is due.
        if PROGRESS_AFTER > 0:
            self.set_timer(PROGRESS_AFTER, lambda: self.post_message(self.LoadProgress(self)))
        self.run_worker(
            partial(read, self._report_from_thread),
            name="chronology-load",
            group="chronology-load",
            thread=True,
            exclusive=True,
        )

    def _report_from_thread(self, index: ChronologyIndex | None, read: int) -> None:
        self.post_message(self._Step(index, read))  # post_message is thread-safe

    def on_chronology_table__step(self, message: _Step) -> None:
        message.stop()
        if not self.entries_loading:
            return  # the whole chronology is in already
        self._loading_read = max(self._loading_read, message.read)
        if message.index is not None:
            self._swap_in(message.index, final=False)
        self.post_message(self.LoadProgress(self))

    @property
    def loading_progress(self) -> tuple[int, int] | None:
        """While a large chronology loads, and once it has taken longer than
        :data:`PROGRESS_AFTER` seconds: how many of its entries have been read, of how many."""
        if self.loading_total is None or self._loading_since is None:
            return None
        if time.monotonic() - self._loading_since < PROGRESS_AFTER:
            return None
        return min(self._loading_read, self.loading_total), self.loading_total

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name != "chronology-load" or not self.is_mounted:
            return
        event.stop()
        if event.state == WorkerState.SUCCESS:
            index = worker.result
            assert isinstance(index, ChronologyIndex)
            self._swap_in(index, final=True)
            self.post_message(self.Loaded(self))
        elif event.state == WorkerState.ERROR:
            self.loading_total = None
            self._changed_while_loading.clear()
            self.post_message(self.LoadFailed(self, worker.error))

    def _swap_in(self, index: ChronologyIndex, *, final: bool) -> None:
        """Show the rows read so far (every entry, if ``final``), keeping the filter, the
        cursor's entry (or the last row, after End) and any change made meanwhile."""
        changed = [e for e in self._changed_while_loading.values() if e.id in index.position_of_id]
        if changed:
            index.replace_entries(changed)
        if final:
            self._changed_while_loading.clear()
            self.loading_total = None
        self.set_index(index)
        if self._to_last:
            self.move_cursor(len(self._rows) - 1)
            self._to_last = not final
        if final:
            # The loaded chronology lives as long as the table: keep the collector's full
            # passes from walking it again and again (each one a visible pause).
            gc.freeze()
            self._frozen = True

    def apply_filter(self, flt: ChronologyFilter) -> None:
        """Show only the entries that pass ``flt``; the cursor stays on its entry if it can.

        When the search text narrows (typing a word), only the rows that fit on screen
        are found before the table is painted; the rest are counted just after the
        paint, when the table posts :class:`Filtered`. The rows on screen are the same
        either way, so typing stays within a frame or two at 50,000 entries.
        """
        self._filter = flt
        keep = self.cursor_entry
        keep_id = keep.id if keep else None
        if self.is_mounted:
            index = self._index
            head, complete = index.filter_head(flt, max(self._page_rows, self._cursor + 1) + 1)
            if not complete:
                position = None if keep_id is None else index.position_of_id.get(keep_id)
                if position is None or position in head or not index.passes(flt, position):
                    self._rebuild(keep_id=keep_id, matched=head)
                    self.call_after_refresh(self._finish_filter, flt)
                    return
        self._rebuild(keep_id=keep_id)

    def _finish_filter(self, flt: ChronologyFilter) -> None:
        if flt is not self._filter or self._complete:
            return  # another key came first; it finishes its own
        keep = self.cursor_entry
        self._rebuild(keep_id=keep.id if keep else None)
        self.post_message(self.Filtered(self))

    @property
    def filter_complete(self) -> bool:
        """False while only the first screenful of the filter's matches is shown."""
        return self._complete

    def refresh_entries(self, entries: Iterable[ChronologyEntry]) -> None:
        """Show the stored versions of entries (after a flag, a fix or a link); ones not in
        this table are ignored."""
        keep = self.cursor_entry
        entries = list(entries)
        if self.entries_loading:
            self._changed_while_loading.update((e.id, e) for e in entries if e.id is not None)
        shown = [e for e in entries if e.id in self._index.position_of_id]
        if shown:
            self._index.replace_entries(shown)
            # An entry that no longer passes the filter leaves the cursor where it was.
            self._rebuild(keep_id=keep.id if keep else None, fallback_row=self._cursor)

    @property
    def filter(self) -> ChronologyFilter:
        """The filter in force."""
        return self._filter

    @property
    def entries(self) -> list[ChronologyEntry]:
        """Every entry the table holds, shown or not, in merged order."""
        return self._index.entries

    @property
    def total_count(self) -> int:
        """How many entries the table holds."""
        return len(self._index)

    @property
    def attention_count(self) -> int:
        """How many entries (shown or not) need attention."""
        return sum(self._index.attention)

    @property
    def row_count(self) -> int:
        """How many rows are shown (a collapsed duplicate group is one row)."""
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        """The row under the cursor (0 when no row is shown)."""
        return self._cursor

    @property
    def cursor_entry(self) -> ChronologyEntry | None:
        """The entry under the cursor, if any row is shown."""
        return self.entry_at(self._cursor)

    def entry_at(self, row: int) -> ChronologyEntry | None:
        """The entry shown on ``row``, or None past the end."""
        if 0 <= row < len(self._rows):
            return self._index.entries[self._rows.indices[row]]
        return None

    def is_member_row(self, row: int) -> bool:
        """True for a row showing one source of an expanded group, under its first row."""
        return row in self._rows.members

    def shown_entries(self) -> list[ChronologyEntry]:
        """Every entry shown, row by row (for tests and exports of the view)."""
        entries = self._index.entries
        return [entries[i] for i in self._rows.indices]

    def group_members(self, entry: ChronologyEntry) -> list[ChronologyEntry]:
        """Every entry in ``entry``'s duplicate group, in merged order (just it if none)."""
        group = entry.duplicate_group
        if group is None or group not in self._index.group_members:
            return [entry]
        entries = self._index.entries
        return [entries[i] for i in self._index.group_members[group]]

    # --- cursor, groups and marks -----------------------------------------------

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (clamped) and scroll it into view."""
        self._to_last = False
        last = max(0, len(self._rows) - 1)
        row = max(0, min(row, last))
        if row != self._cursor:
            self._refresh_row(self._cursor)
            self._cursor = row
            self._refresh_row(row)
        self._scroll_to_cursor()
        self._post_highlighted()

    def move_to_entry(self, entry_id: int) -> bool:
        """Put the cursor on the row showing the entry with this id, if it is shown."""
        position = self._index.position_of_id.get(entry_id)
        if position is None:
            return False
        row = self._row_of(position, -1)
        if row < 0:
            return False
        self.move_cursor(row)
        return True

    def toggle_group(self) -> None:
        """Expand or collapse the duplicate group under the cursor."""
        entry = self.cursor_entry
        if entry is None or entry.duplicate_group is None:
            return
        if self._index.group_size(self._rows.indices[self._cursor]) < 2:
            return
        group = entry.duplicate_group
        if group in self._expanded:
            self._expanded.discard(group)
            # Back to the group's own row, whichever source the cursor was on.
            while self._cursor in self._rows.members:
                self._cursor -= 1
            keep = self.cursor_entry
        else:
            self._expanded.add(group)
            keep = entry
        self._rebuild(keep_id=keep.id if keep else None)

    def toggle_mark(self) -> None:
        """Mark or unmark the entry under the cursor (for linking)."""
        entry = self.cursor_entry
        if entry is None or entry.id is None:
            return
        if entry.id in self.marked_ids:
            self.marked_ids.discard(entry.id)
        else:
            self.marked_ids.add(entry.id)
        self._refresh_row(self._cursor)

    def clear_marks(self) -> None:
        """Unmark every entry."""
        self.marked_ids.clear()
        self.refresh()

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self._cursor - self._page_rows)

    def action_page_down(self) -> None:
        self.move_cursor(self._cursor + self._page_rows)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)
        self._to_last = self.entries_loading  # and stay there as the rest comes in

    def action_select(self) -> None:
        entry = self.cursor_entry
        if entry is not None:
            self.post_message(self.EntrySelected(self, entry))

    def action_toggle_group(self) -> None:
        self.toggle_group()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        row = self.scroll_offset.y + offset.y - 1
        if not 0 <= row < len(self._rows):
            return
        event.stop()
        already = row == self._cursor
        self.move_cursor(row)
        if already or event.chain >= 2:
            self.action_select()

    # --- internals ----------------------------------------------------------------

    @property
    def _page_rows(self) -> int:
        return max(1, self.size.height - self.scrollbar_size_horizontal - 1)

    def _rebuild(
        self, keep_id: int | None, fallback_row: int = 0, matched: list[int] | None = None
    ) -> None:
        self._complete = matched is None
        if matched is None:
            matched = self._index.filter(self._filter)
        self._rows = display_rows(
            self._index, matched, self._expanded, attention_last=self.attention_last
        )
        row = fallback_row
        if keep_id is not None:
            position = self._index.position_of_id.get(keep_id)
            if position is not None:
                row = self._row_of(position, fallback_row)
        self._cursor = max(0, min(row, len(self._rows) - 1))
        self._set_virtual_height(len(self._rows) + 1)
        if self.is_mounted:
            self._scroll_to_cursor(center=True)
        self.refresh()
        self._post_highlighted()

    def _set_virtual_height(self, height: int) -> None:
        """Make the scrollable height ``height`` lines without laying out the whole screen.

        Assigning ``virtual_size`` asks for a layout of the screen, which on every
        filter keystroke costs more than filtering 50,000 entries. Only the scrollbar
        depends on it here; ``_scroll_update`` lays out again only when the scrollbar
        appears or disappears.
        """
        size = Size(0, height)
        if size == self.virtual_size:
            return
        if not self.is_mounted or not self.container_size:
            self.virtual_size = size
            return
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)

    def _row_of(self, position: int, default: int) -> int:
        """The row showing entry ``position``, or its collapsed group's row, or ``default``."""
        indices = self._rows.indices
        try:
            return indices.index(position)
        except ValueError:
            pass
        group = self._index.group[position]
        if group is not None:
            members = set(self._index.group_members[group])
            for row, index in enumerate(indices):
                if index in members:
                    return row
        return default

    def _scroll_to_cursor(self, center: bool = False) -> None:
        if not self.is_mounted:
            return
        page = self._page_rows
        top = round(self.scroll_offset.y)
        if top <= self._cursor < top + page:
            return
        if center:
            target = self._cursor - page // 2
        elif self._cursor < top:
            target = self._cursor
        else:
            target = self._cursor - page + 1
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def _post_highlighted(self) -> None:
        entry = self.cursor_entry
        identity: int | object | None = (
            _NOTHING if entry is None else (entry.id, id(entry), self._cursor)
        )
        if identity != self._highlighted_id:
            self._highlighted_id = identity
            self.post_message(self.EntryHighlighted(self, entry))

    def _refresh_row(self, row: int) -> None:
        self.refresh_line(row + 1)

    def on_resize(self) -> None:
        self._columns = None

    def _layout(self, width: int) -> _Columns:
        if self._columns is None or self._columns[0] != width:
            self._columns = (
                width,
                _Columns.fit(width, self._agency_width, self._practitioner_width),
            )
        return self._columns[1]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    def on_focus(self) -> None:
        self._styles = None

    def on_blur(self) -> None:
        self._styles = None

    def _row_styles(self) -> _RowStyles:
        # Looking styles up costs more than drawing a row, so once per style change.
        if self._styles is None:
            base = self.rich_style

            def part(name: str) -> Style:
                return self.get_component_rich_style(f"chronology-table--{name}", partial=True)

            self._styles = _RowStyles(
                base=base,
                header=base + self.get_component_rich_style("chronology-table--header"),
                cursor=base + self.get_component_rich_style("chronology-table--cursor"),
                attention=part("attention"),
                flags=part("flags"),
                member=part("member"),
                marked=part("marked"),
                empty=part("empty"),
            )
        return self._styles

    def render_line(self, y: int) -> Strip:
        """Draw line ``y`` of the visible region: the header, or one row."""
        width = self.size.width - self.scrollbar_size_vertical
        styles = self._row_styles()
        columns = self._layout(width)
        if y == 0:
            return self._header_strip(columns, width, styles.header)
        row = round(self.scroll_offset.y) + y - 1
        if row >= len(self._rows):
            if row == 0:
                text = " No entries match the filter." if len(self._index) else " No entries."
                style = styles.base + styles.empty
                return Strip([Segment(set_cell_size(text, width), style)], width)
            return Strip.blank(width, styles.base)
        return self._row_strip(row, columns, width, styles)

    def _header_strip(self, columns: _Columns, width: int, style: Style) -> Strip:
        cells = [
            (" ", _Columns.MARK),
            ("Date", _Columns.DATE),
            ("Time", _Columns.TIME),
            ("Agency", columns.agency),
            ("Practitioner", columns.practitioner),
            ("Event", columns.event),
            ("Flg", _Columns.FLAGS),
            ("Dup", _Columns.GROUP),
        ]
        text = " ".join(set_cell_size(t, w) for t, w in cells if w)
        return Strip([Segment(set_cell_size(text, width), style)], width)

    def _row_strip(self, row: int, columns: _Columns, width: int, styles: _RowStyles) -> Strip:
        index = self._rows.indices[row]
        entry = self._index.entries[index]
        style = styles.cursor if row == self._cursor else styles.base
        member = row in self._rows.members
        if member:
            style = style + styles.member
        marked = entry.id is not None and entry.id in self.marked_ids

        if entry.error is not None:
            event_text = f"! {entry.error}"
            event_style = style + styles.attention
        else:
            event_text = first_line(entry.event) or first_line(entry.outcome)
            event_style = style
        if member:
            event_text = MEMBER_INDENT + event_text

        size = self._index.group_size(index)
        if size > 1 and not member:
            state = "▾" if entry.duplicate_group in self._expanded else "▸"
            group_text = f"{GROUP_MARK}{size}{state}"
        elif member:
            group_text = f" {GROUP_MARK}"
        else:
            group_text = ""

        flag_style = style + styles.flags
        mark_style = style + styles.marked
        time_text = entry.time.strftime("%H:%M") if entry.time else ""
        cells: list[tuple[str, int, Style]] = [
            (LINK_MARK if marked else " ", _Columns.MARK, mark_style),
            (table_date(entry), _Columns.DATE, style),
            (time_text, _Columns.TIME, style),
            (self.agency_labels.get(entry.agency, entry.agency), columns.agency, style),
            (entry.practitioner, columns.practitioner, style),
            (event_text, columns.event, event_style),
            (format_flags(entry), _Columns.FLAGS, flag_style),
            (group_text, _Columns.GROUP, style),
        ]
        segments: list[Segment] = []
        used = 0
        for text, cell_width, cell_style in cells:
            if not cell_width:
                continue
            if segments:
                segments.append(Segment(" ", style))
                used += 1
            segments.append(Segment(_fit(text, cell_width), cell_style))
            used += cell_width
        if used < width:
            segments.append(Segment(" " * (width - used), style))
        strip = Strip(segments, max(width, used))
        return strip if used <= width else strip.crop(0, width)


_NOTHING = object()


def _fit(text: str, width: int) -> str:
    """``text`` padded or cut to exactly ``width`` cells, with an ellipsis when cut.

    Control and bidi characters are drawn visibly (``␛``): raw, they would reach the
    terminal, and Rich counts them as no width, so the columns after them would shift.
    """
    if not text.isprintable():  # quick for the usual text; tabs and breaks are spaces
        text = visible(text.replace("\n", " ").replace("\t", " "), one_line=True)
    if len(text) <= width and text.isascii():
        return text.ljust(width)
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"
