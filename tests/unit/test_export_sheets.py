"""Action plan and chronology as XLSX (read back with openpyxl) and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from export_fixtures import GENERATED_AT, rich_review
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from workshop_tui.domain.models import Action, ReviewData
from workshop_tui.exporters import render
from workshop_tui.exporters.text import cell_safe


def _sheet(data: ReviewData, document: str) -> Worksheet:
    content = render(data, document, "xlsx", generated_at=GENERATED_AT)
    ws = load_workbook(io.BytesIO(content)).active
    assert isinstance(ws, Worksheet)
    return ws


def _csv(data: ReviewData, document: str) -> list[list[str]]:
    content = render(data, document, "csv", generated_at=GENERATED_AT)
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("document", ["actions", "chronology"])
def test_xlsx_header_frozen_filtered_and_sized(document: str) -> None:
    ws = _sheet(rich_review(), document)
    header = [c for c in ws[1]]
    assert all(c.font.bold for c in header)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["B"].width and ws.column_dimensions["B"].width >= 7
    assert (
        ws.cell(row=2, column=2).alignment.wrap_text or ws.cell(row=2, column=6).alignment.wrap_text
    )


def test_action_plan_rows_and_every_field() -> None:
    data = rich_review()
    ws = _sheet(data, "actions")
    headers = [c.value for c in ws[1]]
    assert headers == [
        "Ref", "Action", "Finding ref", "Finding", "KLOE", "Lead agency", "Owner (role)",
        "Subgroup", "Target date", "Success measure", "Monitoring", "Status", "Agreed",
        "Captured at", "Recommendation", "Scope", "Level", "Milestones",
        "Revised target date", "Target revisions", "RAG", "Progress log",
        "Evidence required", "Evidence of completion", "Impact noted", "Assurance", "Meeting",
    ]  # fmt: skip
    assert ws.max_row == 1 + len(data.actions)
    row = {h: ws.cell(row=2, column=i + 1).value for i, h in enumerate(headers)}
    assert row["Action"] == "Add a cumulative-risk prompt to the MASH screening tool."
    assert row["Finding"].startswith("Single incidents were assessed")
    assert row["Lead agency"] == "Corrow Children's Social Care"
    assert row["Target date"] == dt.datetime(2024, 9, 30)
    assert ws.cell(row=2, column=9).number_format == "DD/MM/YYYY"
    assert isinstance(row["Captured at"], dt.datetime)
    assert row["Status"] == "in progress"
    assert ws.cell(row=3, column=13).value == "draft"
    # Every Action field has a column (ids and links are shown as refs and names).
    shown = {
        "description",
        "finding_id",
        "kloe_id",
        "lead_agency",
        "owner",
        "subgroup",
        "target_date",
        "success_measure",
        "monitoring",
        "status",
        "agreed",
        "captured_at",
        "recommendation",
        "scope",
        "level",
        "milestones",
        "revisions",
        "rag",
        "progress",
        "evidence_required",
        "evidence",
        "impact",
        "assurance",
        "meeting_id",  # the "Meeting" column: the workshop, or a later meeting by name
    }
    assert shown | {"id"} == set(Action.model_fields)
    assert row["RAG"] == "green"


def test_chronology_sheet_dates_and_extra_columns() -> None:
    data = rich_review()
    ws = _sheet(data, "chronology")
    headers = [c.value for c in ws[1]]
    assert headers[-1] == "Occurrence ref"
    assert ws.max_row == 1 + len(data.entries)
    assert ws.cell(row=2, column=1).value == dt.datetime(2022, 5, 3)
    assert ws.cell(row=3, column=2).value == dt.time(23, 10)
    assert ws.cell(row=3, column=len(headers)).value == "WP/22/118843"
    attention = ws.cell(row=8, column=headers.index("Needs attention") + 1).value
    assert attention.startswith("invalid date")


def test_csv_action_plan() -> None:
    rows = _csv(rich_review(), "actions")
    assert rows[0][:2] == ["Ref", "Action"]
    assert rows[1][8] == "2024-09-30"
    assert len(rows) == 3


def test_csv_chronology_keeps_line_breaks_and_commas_quoted() -> None:
    data = rich_review()
    data.entries[0].event = 'Visit, with "quotes"\nand a second line'
    rows = _csv(data, "chronology")
    assert rows[1][5] == 'Visit, with "quotes"\nand a second line'
    assert len(rows) == 1 + len(data.entries)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://example.invalid","x")', '\'=HYPERLINK("http://example.invalid","x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\r=1", "'\n=1"),
        ("plain", "plain"),
        ("a = b", "a = b"),
        # Controls shown, not silently dropped; a vertical tab is a line break in a cell.
        ("bell\x07 vt\x0b nul\x00", "bell␇ vt\n nul␀"),
    ],
)
def test_cell_safe(text: str, expected: str) -> None:
    assert cell_safe(text) == expected


def test_xlsx_text_that_looks_like_an_excel_escape_reads_back_as_typed() -> None:
    """A literal ``_x001B_`` typed in an action is written as Excel's escape of ``_x``,
    so Excel, LibreOffice and our own importer read the seven letters, not ESC."""
    from workshop_tui.importers.xlsx_reader import unescape

    data = rich_review()
    typed = "Check log _x001B_ and _x00e9_ but _X00e9_ entries (_x_ alone stays)"
    first = data.actions[0].model_copy(update={"description": typed})
    data = data.model_copy(update={"actions": [first, *data.actions[1:]]})
    ws = _sheet(data, "actions")
    texts = [str(c.value) for c in ws["B"][1:]]
    (stored,) = [t for t in texts if t.startswith("Check log")]
    assert (
        stored == "Check log _x005F_x001B_ and _x005F_x00e9_ but _X00e9_ entries (_x_ alone stays)"
    )
    assert unescape(stored) == typed


@pytest.mark.parametrize("document", ["actions", "chronology"])
def test_xlsx_every_cell_value_and_style_by_kind(document: str) -> None:
    """Each value of the sheet is written as its own cell, in its kind's style: text
    wrapped and made safe, dates, stamps and times in their number formats, numbers plain,
    every cell aligned to the top, no value no cell at all (the write path reuses one cell
    per kind; nothing of one row's cell may carry over to the next)."""
    from workshop_tui.exporters.sheets import _excel_literal, action_plan_sheet, chronology_sheet

    data = rich_review()
    data.entries[1].event = "=1+1;@SUM(A1)"
    data.entries[2].outcome = "literal _x001B_ escape"
    sheet = (action_plan_sheet if document == "actions" else chronology_sheet)(data)
    ws = _sheet(data, document)
    assert ws.max_row == 1 + len(sheet.rows)
    formats = {dt.datetime: "DD/MM/YYYY HH:MM", dt.date: "DD/MM/YYYY", dt.time: "HH:MM"}
    kinds = set()
    for r, values in enumerate(sheet.rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            if value is None:
                assert cell.value is None and not cell.has_style, (r, c)
                continue
            kinds.add(type(value))
            assert cell.alignment.vertical == "top", (r, c)
            if isinstance(value, str):
                assert cell.value == (_excel_literal(cell_safe(value)) or None), (r, c)
                assert cell.alignment.wrap_text, (r, c)
                assert cell.number_format == "General", (r, c)
            else:
                assert cell.value == (
                    dt.datetime.combine(value, dt.time()) if type(value) is dt.date else value
                ), (r, c)
                assert not cell.alignment.wrap_text, (r, c)
                assert cell.number_format == formats.get(type(value), "General"), (r, c)
    assert str in kinds and dt.date in kinds
