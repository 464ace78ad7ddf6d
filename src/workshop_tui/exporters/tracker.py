"""The action tracker workbook (issue 13): one row per action, for a subgroup and the
agencies to edit in Excel and hand back (``importers.tracker`` reads it).

Real date cells, data validation lists for the status, RAG, assurance, scope and level,
a frozen header and an autofilter. A very hidden sheet keeps the text of every cell as
written, so that reading the copy back finds exactly the cells someone edited
(``domain.tracker.propose``). Every text cell goes through ``cell_safe`` (never a formula).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from workshop_tui.domain.models import ReviewData
from workshop_tui.domain.tracker import (
    CHOICES,
    COLUMNS,
    HIDDEN_SHEET,
    MAIN_SHEET,
    TRACKER_FORMAT,
    TRACKER_VERSION,
    Cell,
    action_cells,
    cell_text,
    column_letter,
)

from .review_view import ReviewView
from .text import cell_safe, clean

__all__ = ["render_tracker", "review_tracker_rows", "tracker_text", "written_texts"]


def written_texts(cells: dict[str, Cell]) -> dict[str, str]:
    """Each cell's text as the tracker writes it (text through ``cell_safe``), by key:
    what the hidden sheet keeps and what an unedited cell reads back as."""
    return {
        key: cell_text(cell_safe(value) if isinstance(value, str) else value)
        for key, value in cells.items()
    }


def review_tracker_rows(data: ReviewData, today: dt.date) -> list[dict[str, Cell]]:
    """The rows of one review's tracker (its actions in capture order)."""
    view = ReviewView(data)
    return [
        action_cells(
            action,
            review=data.review.reference,
            ref=view.action_ref(action),
            agency_name=view.agency_name(action.lead_agency),
            today=today,
        )
        for action in data.actions
    ]


def render_tracker(
    rows: Sequence[dict[str, Cell]],
    *,
    title: str,
    marking: str,
    generated_at: dt.datetime,
) -> bytes:
    """The tracker workbook for ``rows`` (``domain.tracker.action_cells``)."""
    book = Workbook()
    book.properties.title = clean(title)
    book.properties.creator = "workshop-tui"
    book.properties.created = generated_at
    book.properties.modified = generated_at
    book.properties.keywords = clean(marking)
    ws = book.active
    assert ws is not None
    ws.title = MAIN_SHEET
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9E2F3")
    editable_fill = PatternFill("solid", fgColor="FFF2CC")
    top = Alignment(vertical="top")
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = header_font
        cell.fill = editable_fill if column.editable else header_fill
        cell.alignment = wrap
        ws.column_dimensions[column_letter(index)].width = column.width
    for r, cells in enumerate(rows, 2):
        for index, column in enumerate(COLUMNS, 1):
            value = cells.get(column.key)
            if value is None or value == "":
                continue
            if column.key == "id":
                cell = ws.cell(row=r, column=index, value=int(str(value)))
                cell.alignment = top
            elif isinstance(value, dt.date):
                cell = ws.cell(row=r, column=index, value=value)
                cell.number_format = "DD/MM/YYYY"
                cell.alignment = top
            else:
                cell = ws.cell(row=r, column=index, value=cell_safe(value))
                cell.alignment = wrap
    last_row = max(len(rows) + 1, 2)
    last = column_letter(len(COLUMNS))
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{last}{last_row}"
    ws.print_title_rows = "1:1"
    ws.oddHeader.center.text = clean(marking)
    ws.oddFooter.center.text = clean(marking) + " - Page &P of &N"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # Lists: the status, RAG, assurance, scope and level are picked, not typed. The
    # range runs past the last row so that a row sorted or copied keeps its list.
    for index, column in enumerate(COLUMNS, 1):
        if column.kind in CHOICES:
            choices = CHOICES[column.kind]
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error=f"Choose one of: {', '.join(choices)}",
            )
            letter = column_letter(index)
            validation.add(f"{letter}2:{letter}{last_row + 500}")
            ws.add_data_validation(validation)
        elif column.kind == "date" and column.editable:
            validation = DataValidation(
                type="date",
                operator="greaterThan",
                formula1="1",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error="A date, such as 31/01/2027",
            )
            letter = column_letter(index)
            validation.add(f"{letter}2:{letter}{last_row + 500}")
            ws.add_data_validation(validation)
    hidden = book.create_sheet(HIDDEN_SHEET)
    hidden.sheet_state = "veryHidden"
    hidden.append([TRACKER_FORMAT, TRACKER_VERSION, generated_at.isoformat()])
    for cells in rows:
        hidden.append([str(cells["id"]), json.dumps(written_texts(cells), ensure_ascii=False)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tracker_text(data: ReviewData, generated_at: dt.datetime) -> str:
    """Every text cell of one review's tracker, for the pseudonymisation check."""
    rows = review_tracker_rows(data, generated_at.date())
    lines = ["\t".join(c.header for c in COLUMNS)]
    lines.extend("\t".join(v for v in row.values() if isinstance(v, str)) for row in rows)
    return "\n".join(lines)


def tracker_document(data: ReviewData, generated_at: dt.datetime) -> bytes:
    """One review's tracker, as ``exporters.render(data, "tracker", "xlsx")`` writes it."""
    return render_tracker(
        review_tracker_rows(data, generated_at.date()),
        title=f"Action tracker: {data.review.title}",
        marking=data.review.marking,
        generated_at=generated_at,
    )
