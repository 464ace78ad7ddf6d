"""Shapes of file that used to stall an import or refuse it whole (issue 24).

- An XLSX declaring its used range as ``A1:XFD1048576`` padded each row to 16,384
  cells (minutes for a sheet of a few rows in ``check``); the reader now forgets the
  declared range and reads the filled cells.
- One date cell Excel would never write (``t="d"`` holding 30 February) refused the
  whole workbook; now its row is kept and needs attention, as a bad CSV row is.
- A Word table whose agency column is merged down thousands of rows took tens of
  seconds and ended in a RecursionError; the merged text is now carried down in one pass.
"""

from __future__ import annotations

import hostile_shapes as shapes

from workshop_tui.importers.docx_reader import read_docx
from workshop_tui.importers.xlsx_reader import read_xlsx


def test_a_workbook_declaring_the_whole_sheet_is_read_from_its_filled_cells() -> None:
    result = read_xlsx(shapes.workbook(3, shapes.WHOLE_SHEET), "police.xlsx", "police")
    assert [e.event for e in result.entries] == ["Visit 0", "Visit 1", "Visit 2"]
    ((_, header_map),) = result.header_maps
    assert header_map.headers == ("Date", "Details", "Outcome")
    assert result.problems == []


def test_a_bad_date_cell_marks_its_row_and_keeps_the_rest_of_the_workbook() -> None:
    data = shapes.workbook_with_cell(3, '<c r="A3" t="d"><v>2023-02-30T00:00:00</v></c>')
    result = read_xlsx(data, "police.xlsx", "police")
    assert [e.event for e in result.entries] == ["Visit 0", "Visit 1", "Visit 2"]
    attention = [e for e in result.entries if e.needs_attention]
    assert [e.source_line for e in attention] == [3]
    assert attention[0].raw["Date"] == "2023-02-30T00:00:00"
    assert [str(p) for p in result.problems] == [
        'police.xlsx[Sheet]:3: invalid date "2023-02-30T00:00:00": February 2023 has 28 days'
    ]


def test_a_cell_openpyxl_cannot_convert_is_kept_as_its_text() -> None:
    data = shapes.workbook_with_cell(2, '<c r="A2" t="b"><v>yes</v></c>')
    result = read_xlsx(data, "police.xlsx", "police")
    assert len(result.entries) == 3
    assert result.entries[0].needs_attention
    assert result.entries[0].raw["Date"] == "yes"


def test_a_column_merged_down_two_thousand_rows_is_read_into_every_row() -> None:
    result = read_docx(shapes.merged_docx(2_000), "police.docx", "police")
    assert len(result.entries) == 2_000
    assert {e.extra.get("Agency") for e in result.entries} == {"Fernmoor Police"}
    assert result.problems == []


def test_merged_and_unmerged_tables_read_the_same() -> None:
    merged = read_docx(shapes.merged_docx(50), "police.docx", "police")
    plain = read_docx(shapes.merged_docx(50, merged=False), "police.docx", "police")
    assert merged.entries == plain.entries
