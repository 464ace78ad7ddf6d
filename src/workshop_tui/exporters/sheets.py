"""Tables for spreadsheets: the action plan and the merged chronology, as XLSX and CSV.

Every text cell goes through ``cell_safe``: control characters are dropped and a cell
that begins like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) is prefixed
with an apostrophe, so neither Excel nor LibreOffice ever evaluates it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from workshop_tui.domain.dates import Precision
from workshop_tui.domain.models import ChronologyEntry, ReviewData

from .errors import ExportError
from .review_view import ReviewView
from .text import cell_safe, clean, hhmm

Value = str | int | dt.date | dt.time | None
EXCEL_MAX_COLUMNS = 16_384
"""Column XFD: the widest sheet Excel (and openpyxl) can write."""


@dataclass(frozen=True, slots=True)
class SheetColumn:
    header: str
    width: float
    """Excel column width in characters."""


@dataclass(slots=True)
class Sheet:
    title: str
    marking: str
    columns: list[SheetColumn]
    rows: list[tuple[Value, ...]]

    def text(self) -> str:
        """Every text cell, for the pseudonymisation check."""
        lines = ["\t".join(c.header for c in self.columns)]
        lines.extend("\t".join(v for v in row if isinstance(v, str)) for row in self.rows)
        return "\n".join(lines)


def _cols(*spec: tuple[str, float]) -> list[SheetColumn]:
    return [SheetColumn(h, w) for h, w in spec]


def action_plan_sheet(data: ReviewData) -> Sheet:
    """One row per action with every Action field and its finding."""
    view = ReviewView(data)
    # The meeting each action was agreed at ("Workshop", "Follow-up meeting 2, ...").
    from .meeting_minutes import meeting_label

    meetings: dict[int | None, str] = {
        m.id: meeting_label(m, n) for n, m in enumerate(data.meetings, 1) if m.id is not None
    }
    rows: list[tuple[Value, ...]] = []
    for action in data.actions:
        finding = view.finding_of(action)
        rows.append(
            (
                view.action_ref(action),
                action.description,
                view.finding_ref(finding) if finding else "",
                finding.statement if finding else "",
                view.kloe_label(view.action_kloe(action)),
                view.agency_name(action.lead_agency),
                action.owner,
                action.subgroup,
                action.target_date,
                action.success_measure,
                action.monitoring,
                str(action.status),
                "agreed" if action.agreed else "draft",
                action.captured_at,
                # The plan followed afterwards (issue 13); the tracker has it to edit.
                action.recommendation,
                action.scope.value if action.scope else "",
                action.level.value if action.level else "",
                "\n".join(action.milestones),
                action.revisions[-1].target if action.revisions else None,
                "\n".join(
                    f"{r.at:%d/%m/%Y}: {r.previous or 'none'} to {r.target} ({r.reason})"
                    for r in action.revisions
                ),
                action.rag.value if action.rag else "",
                "\n".join(
                    f"{p.at:%d/%m/%Y}{' ' + p.by if p.by else ''}: {p.text}"
                    for p in action.progress
                ),
                action.evidence_required,
                action.evidence,
                action.impact,
                action.assurance.value if action.assurance else "",
                meetings.get(action.meeting_id, ""),
            )
        )
    return Sheet(
        title="Action plan",
        marking=data.review.marking,
        columns=_cols(
            ("Ref", 6),
            ("Action", 48),
            ("Finding ref", 8),
            ("Finding", 48),
            ("KLOE", 28),
            ("Lead agency", 24),
            ("Owner (role)", 24),
            ("Subgroup", 20),
            ("Target date", 12),
            ("Success measure", 40),
            ("Monitoring", 36),
            ("Status", 12),
            ("Agreed", 9),
            ("Captured at", 17),
            ("Recommendation", 24),
            ("Scope", 13),
            ("Level", 12),
            ("Milestones", 30),
            ("Revised target date", 12),
            ("Target revisions", 36),
            ("RAG", 7),
            ("Progress log", 48),
            ("Evidence required", 30),
            ("Evidence of completion", 30),
            ("Impact noted", 30),
            ("Assurance", 12),
            ("Meeting", 24),
        ),
        rows=rows,
    )


def chronology_sheet(data: ReviewData) -> Sheet:
    """Every chronology entry, merged order, every field, extra columns at the end."""
    view = ReviewView(data)
    extra_keys = chronology_extra_keys(data.entries)
    return Sheet(
        title="Merged chronology",
        marking=data.review.marking,
        columns=chronology_columns(extra_keys),
        rows=[chronology_row(view, e, extra_keys) for e in data.entries],
    )


def chronology_extra_keys(entries: Iterable[ChronologyEntry]) -> list[str]:
    """The entries' extra columns, in the order they first appear."""
    extra_keys: dict[str, None] = {}
    for entry in entries:
        for key in entry.extra:
            extra_keys.setdefault(key, None)
    return list(extra_keys)


def chronology_columns(extra_keys: Iterable[str]) -> list[SheetColumn]:
    """The chronology sheet's columns: every entry field, then ``extra_keys``."""
    return _cols(
        ("Date", 12),
        ("Time", 7),
        ("Approximate", 8),
        ("Agency", 24),
        ("Practitioner", 22),
        ("Event", 60),
        ("Outcome", 40),
        ("Analysis", 40),
        ("Flags", 20),
        ("Same event (group)", 10),
        ("In review period", 9),
        ("Source", 26),
        ("Needs attention", 30),
        *((k, 20.0) for k in extra_keys),
    )


def chronology_row(
    view: ReviewView, e: ChronologyEntry, extra_keys: Sequence[str]
) -> tuple[Value, ...]:
    """One entry as a row of the chronology sheet."""
    return (
        # A day is a date cell; a month, season, week or range is written as text
        # ("May 2016"): a date cell would claim its first day.
        e.date if e.date_precision is Precision.DAY and e.end_date is None else e.when,
        e.time,
        "yes" if e.date_approximate else "",
        view.agency_name(e.agency),
        e.practitioner,
        e.event,
        e.outcome,
        e.analysis,
        ", ".join(str(f) for f in e.flags),
        e.duplicate_group,
        "yes" if e.in_period else "no",
        e.location if e.source_file else "",
        e.error or "",
        *(e.extra.get(k, "") for k in extra_keys),
    )


def render_csv(sheet: Sheet) -> bytes:
    """CSV with a header row, UTF-8 with a byte order mark so Excel reads it correctly."""
    out = io.BytesIO()
    write_csv(sheet.columns, sheet.rows, out)
    return out.getvalue()


def write_csv(
    columns: Sequence[SheetColumn], rows: Iterable[tuple[Value, ...]], out: IO[bytes]
) -> None:
    """:func:`render_csv` into ``out``, a row at a time as ``rows`` gives them."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([cell_safe(c.header) for c in columns])
        for row in rows:
            writer.writerow([_csv_value(v) for v in row])
        text.flush()
    finally:
        text.detach()


def _csv_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return hhmm(value)
    if isinstance(value, int):
        return str(value)
    return cell_safe(value)


def render_xlsx(sheet: Sheet, generated_at: dt.datetime) -> bytes:
    """A workbook with a bold frozen header row, filters, widths and real date cells.

    Raises:
        ExportError: more columns than a worksheet holds (the chronology's extra
            columns, from many agencies' files); CSV has no such limit.
    """
    out = io.BytesIO()
    write_xlsx(sheet, sheet.rows, len(sheet.rows), generated_at, out)
    return out.getvalue()


def write_xlsx(
    sheet: Sheet,
    rows: Iterable[tuple[Value, ...]],
    count: int,
    generated_at: dt.datetime,
    out: IO[bytes],
) -> None:
    """:func:`render_xlsx` of ``sheet`` (its title, marking and columns) with ``rows`` (``count``
    of them) into ``out``: openpyxl's write-only workbook keeps each row on disk as it is
    appended, so no more than a row is held.

    Raises:
        ExportError: more columns than a worksheet holds.
    """
    if len(sheet.columns) > EXCEL_MAX_COLUMNS:
        raise ExportError(
            f"the {clean(sheet.title)} has {len(sheet.columns):,} columns; an Excel sheet "
            f"holds at most {EXCEL_MAX_COLUMNS:,}: write it as .csv instead"
        )
    book = Workbook(write_only=True)
    book.properties.title = clean(sheet.title)
    book.properties.creator = "workshop-tui"
    book.properties.created = generated_at
    book.properties.modified = generated_at
    book.properties.keywords = clean(sheet.marking)
    text = NamedStyle("wt_text", alignment=Alignment(wrap_text=True, vertical="top"))
    date = NamedStyle("wt_date", number_format="DD/MM/YYYY", alignment=Alignment(vertical="top"))
    stamp = NamedStyle(
        "wt_stamp", number_format="DD/MM/YYYY HH:MM", alignment=Alignment(vertical="top")
    )
    time = NamedStyle("wt_time", number_format="HH:MM", alignment=Alignment(vertical="top"))
    plain = NamedStyle("wt_plain", alignment=Alignment(vertical="top"))
    for style in (text, date, stamp, time, plain):
        book.add_named_style(style)
    ws: Worksheet = book.create_sheet(clean(sheet.title)[:31] or "Sheet")
    last = get_column_letter(len(sheet.columns))
    for index, column in enumerate(sheet.columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{count + 1}"
    ws.print_title_rows = "1:1"
    ws.oddHeader.center.text = clean(sheet.marking)
    ws.oddFooter.center.text = clean(sheet.marking) + " - Page &P of &N"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9E2F3")
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=cell_safe(column.header))
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    ws.append(header)
    # Each kind of cell takes its registered style's array: setting ``cell.style``
    # by name looked the style up and copied it for every one of 100,000+ cells,
    # half the time of a 10,000-entry chronology (openpyxl's own descriptor ends
    # with this same assignment).
    styles = {style.name: style.as_tuple() for style in (text, date, stamp, time, plain)}
    # The rows' values go to the sheet as they are, and become cells as it writes them
    # (see _StyledCells): a cell made per value first failed openpyxl's own binding as a
    # value (an exception, and the cell's repr formatted, per cell) and was then followed
    # by a fresh cell of openpyxl's: 1.85x the library's floor for 10,000 entries.
    ws._values_to_row = _StyledCells(ws, styles)
    for row in rows:
        ws.append(row)
    book.save(out)


# Excel reads ``_xHHHH_`` in a cell's text as an escaped character (``_x001B_`` is ESC),
# and openpyxl writes text as it is: a literal one is written as Excel's own escape of
# ``_x``, ``_x005F_x``, so that it reads back as the letters typed.
_LOOKS_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def _excel_literal(text: str) -> str:
    return _LOOKS_ESCAPED.sub(r"_x005F_\1", text) if "_x" in text else text


class _StyledCell(Cell):  # type: ignore[misc]  # openpyxl is untyped
    """A cell written again and again, one value after another, in one style: its style's
    number is looked up once, when it is first written (as openpyxl numbers a style when
    a cell first needs it), not once per cell."""

    __slots__ = ("_number",)

    def __init__(self, ws: Worksheet, style: StyleArray) -> None:
        super().__init__(ws, style_array=style)
        self._number: int | None = None

    @property
    def style_id(self) -> int:
        number = self._number
        if number is None:
            number = self._number = super().style_id
        return number


class _StyledCells:
    """A write-only sheet's ``_values_to_row``: a row of values to the cells written, each
    value in the cell of its kind's style, text made safe first (``cell_safe``, then
    ``_excel_literal``). Called by the sheet as it writes a row, which it does cell by
    cell: each kind's one cell is given the next value once the last is written (as
    openpyxl's own does for a value with no style); the value is bound by the cell itself,
    with openpyxl's own checks (illegal characters, length, type)."""

    __slots__ = ("_date", "_plain", "_stamp", "_text", "_time")

    def __init__(self, ws: Worksheet, styles: dict[str, StyleArray]) -> None:
        self._text = _StyledCell(ws, styles["wt_text"])
        self._stamp = _StyledCell(ws, styles["wt_stamp"])
        self._date = _StyledCell(ws, styles["wt_date"])
        self._time = _StyledCell(ws, styles["wt_time"])
        self._plain = _StyledCell(ws, styles["wt_plain"])

    def __call__(self, values: Iterable[Value], row: int) -> Iterator[Cell]:
        for column, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, str):
                cell = self._text
                cell.value = _excel_literal(cell_safe(value))
            else:
                if isinstance(value, dt.datetime):
                    cell = self._stamp
                elif isinstance(value, dt.date):
                    cell = self._date
                elif isinstance(value, dt.time):
                    cell = self._time
                else:
                    cell = self._plain
                cell.value = value
            cell.column = column
            cell.row = row
            yield cell
