"""A chronology template per agency: the workbook the lead sends each agency to fill in.

Two sheets. The cover (:data:`COVER_TITLE`) names the review, its period, the agency
and the marking, and says what to include. The chronology sheet (:data:`SHEET_TITLE`)
has one column per field the importer reads, headed by a name its synonym table
matches exactly (:data:`COLUMNS`), so a filled-in template imports without a question:
date cells (the column's format) limited by data validation to the review period, time
cells, a frozen
bold header and column widths that fit the text.

The cover's first rows hold no header the importer would take for a chronology's
(it looks for a date column in a sheet's first ten rows), so the chronology sheet is
the one read. Every text that came from the review (names, the reference) goes into a
cell through ``cell_safe``: it can never run as a formula.
"""

from __future__ import annotations

import datetime as dt
import io

from workshop_tui.domain.models import Agency, Review, ReviewData

from .files import safe_file_stem
from .sheets import _excel_literal
from .text import cell_safe, clean, period, short_date

COVER_TITLE = "About this chronology"
SHEET_TITLE = "Chronology"
TEMPLATE_ROWS = 500
"""Rows below the header whose date and time are checked (data validation)."""

COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("date", "Date", 12.0),
    ("time", "Time", 8.0),
    ("practitioner", "Practitioner / role", 26.0),
    ("event", "Details of event", 60.0),
    ("outcome", "Outcome / decision", 36.0),
    ("analysis", "Analysis / significance", 40.0),
)
"""Field, header and width (characters) of each column, in order. Each header is one of
``importers.headers.HEADER_SYNONYMS`` for its field, written exactly."""

GUIDANCE: tuple[str, ...] = (
    "Record the significant events in your agency's involvement with the child and family "
    "during the period under review: contacts, visits, appointments (kept, missed or not "
    "brought), assessments, referrals, meetings and information shared with other agencies.",
    "Include the key interventions and the opportunities for intervention: the points where "
    "your agency did, or could have, acted differently to safeguard the child.",
    "Record the decisions: what was decided, by whom (name and role), and why, as it was "
    "understood at the time.",
    "Earlier history may be added where it is needed to understand the family; Excel asks "
    "you to confirm a date outside the period under review.",
    "One row per event, in date order, on the Chronology sheet. Type the date as "
    "dd/mm/yyyy (the cell is a date cell); the time as hh:mm if it is known.",
    "Details of event: the facts, as recorded at the time. Outcome / decision: what was done "
    "or decided. Analysis / significance: your agency's reflection now, with hindsight "
    "marked as such.",
    "Please do not rename, remove or reorder the columns, or add rows above the headings; "
    "a column you add to the right is kept and shown to the review as it is.",
)


def template_name(agency: Agency, taken: set[str]) -> str:
    """The file name for ``agency``'s template: its key made safe (``police.xlsx``), with
    ``-2``, ``-3`` ... when another agency's key gives the same name. Adds it to ``taken``."""
    stem = safe_file_stem(agency.key, fallback="agency")
    name, number = f"{stem}.xlsx", 1
    while name.lower() in taken:
        number += 1
        name = f"{stem}-{number}.xlsx"
    taken.add(name.lower())
    return name


def render_templates(data: ReviewData, generated_at: dt.datetime) -> list[tuple[str, bytes]]:
    """One workbook per agency of ``data``, with its file name, in the agencies' order."""
    taken: set[str] = set()
    return [
        (template_name(agency, taken), render_template(data.review, agency, generated_at))
        for agency in data.agencies
    ]


def cover_pairs(review: Review, agency: Agency) -> list[tuple[str, str]]:
    """The cover's label and value rows (a value not set reads "Not set")."""
    return [
        ("Review", review.reference),
        ("Title", review.title),
        ("Partnership", review.partnership or "Not set"),
        ("Agency", agency.name),
        ("Period under review", period(review.period_start, review.period_end) or "Not set"),
        ("Return it to", review.lead_reviewer or "the lead reviewer"),
        ("Marking", review.marking),
    ]


def _text(value: str) -> str:
    return _excel_literal(cell_safe(value))


def render_template(review: Review, agency: Agency, generated_at: dt.datetime) -> bytes:
    """The chronology template for one agency, as an XLSX workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.properties.title = clean(f"{review.reference} chronology: {agency.name}")
    book.properties.creator = "workshop-tui"
    book.properties.created = generated_at
    book.properties.modified = generated_at
    book.properties.keywords = clean(review.marking)
    wrap = Alignment(wrap_text=True, vertical="top")
    marking = clean(review.marking)

    cover = book.active
    assert cover is not None
    cover.title = COVER_TITLE
    cover.column_dimensions["A"].width = 22
    cover.column_dimensions["B"].width = 90
    cover["A1"] = _text(f"Chronology for {review.reference}: {agency.name}")
    cover["A1"].font = Font(bold=True, size=14)
    for row, (label, value) in enumerate(cover_pairs(review, agency), start=3):
        cover.cell(row, 1, label).font = Font(bold=True)
        cover.cell(row, 2, _text(value)).alignment = wrap
    # The guidance starts below the importer's ten-row search for a header row: its
    # words ("events", "decisions", "date") must not look like a chronology's headers.
    first = max(3 + len(cover_pairs(review, agency)) + 1, 12)
    cover.cell(first, 1, "What to include").font = Font(bold=True, size=12)
    for offset, text in enumerate(GUIDANCE, start=1):
        cover.cell(first + offset, 1, f"{offset}.").alignment = Alignment(
            horizontal="right", vertical="top"
        )
        cover.cell(first + offset, 2, text).alignment = wrap
    cover.oddHeader.center.text = marking
    cover.oddFooter.center.text = marking + " - Page &P of &N"

    sheet = book.create_sheet(SHEET_TITLE)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9E2F3")
    for index, (_, header, width) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        cell = sheet.cell(1, index, header)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = wrap
    sheet.freeze_panes = "A2"
    last_row = TEMPLATE_ROWS + 1
    # The formats are the columns' own: every cell typed into below the header is a date,
    # a time or wrapped text, and no empty row counts as used (or prints as a blank page).
    sheet.column_dimensions["A"].number_format = "DD/MM/YYYY"
    sheet.column_dimensions["B"].number_format = "HH:MM"
    for index in range(3, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(index)].alignment = wrap
    sheet.add_data_validation(_date_check(review, f"A2:A{last_row}"))
    times = DataValidation(
        type="time",
        operator="between",
        formula1="0",
        formula2="0.999305555555556",  # 23:59
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Not a time",
        error="Type the time as hh:mm (24-hour clock), or leave it empty.",
    )
    times.add(f"B2:B{last_row}")
    sheet.add_data_validation(times)
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = marking
    sheet.oddFooter.center.text = marking + " - Page &P of &N"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _excel_date(day: dt.date) -> str:
    return f"DATE({day.year},{day.month},{day.day})"


def _date_check(review: Review, cells: str) -> object:
    """The date column's data validation: a date, within the review period when it is set.

    A date outside the period asks for confirmation (Excel's warning style) rather than
    refusing it: earlier history may be needed, and the import keeps it, marked out of
    period. Text that is not a date is refused.
    """
    from openpyxl.worksheet.datavalidation import DataValidation

    start, end = review.period_start, review.period_end
    if start and end:
        check = DataValidation(
            type="date", operator="between", formula1=_excel_date(start), formula2=_excel_date(end)
        )
        span = f"between {short_date(start)} and {short_date(end)}"
    elif start:
        check = DataValidation(
            type="date", operator="greaterThanOrEqual", formula1=_excel_date(start)
        )
        span = f"on or after {short_date(start)}"
    elif end:
        check = DataValidation(type="date", operator="lessThanOrEqual", formula1=_excel_date(end))
        span = f"on or before {short_date(end)}"
    else:
        check = DataValidation(
            type="date", operator="greaterThanOrEqual", formula1=_excel_date(dt.date(1900, 1, 1))
        )
        span = ""
    check.allow_blank = True
    check.showErrorMessage = True
    check.showInputMessage = True
    check.errorStyle = "warning" if span else "stop"
    check.errorTitle = "Outside the period under review" if span else "Not a date"
    check.error = (
        f"The review covers dates {span}. Keep this date only if the earlier (or later) "
        "history is needed to understand the family."
        if span
        else "Type the date as dd/mm/yyyy."
    )
    check.promptTitle = "Date"
    check.prompt = "dd/mm/yyyy" + (f", {span}" if span else "")
    check.add(cells)
    return check
