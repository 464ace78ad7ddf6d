"""Reading a workbook's cells one at a time: a bad cell is text, not the end of the workbook.

openpyxl converts each cell as it parses the sheet: a date cell (``t="d"``) holding
``2023-02-30``, a Boolean holding ``yes``, a number holding letters or a shared
string index past the end raise from deep inside the parser, and the whole workbook
was refused for one cell, where a bad CSV row is kept and marked. Here such a cell
is handed over as the text the file holds, so its row is read like any other: a bad
date makes the row need attention (quoting the cell), a bad cell in another column is
kept as text.

The lenient parser is installed for openpyxl's read-only worksheets only (which only
the importers open; the exporters write), relying on openpyxl's internal
``_read_only.WorkSheetParser`` name: openpyxl is pinned exactly in pyproject.toml,
and a test fails if the name moves.
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils import coordinate_to_tuple
from openpyxl.worksheet import _read_only
from openpyxl.worksheet._reader import VALUE_TAG, WorkSheetParser

#: What a cell's conversion can raise for a value the file holds (not for a broken file).
CELL_VALUE_ERRORS = (ValueError, OverflowError, IndexError, TypeError)


class LenientWorkSheetParser(WorkSheetParser):  # type: ignore[misc]  # openpyxl is untyped
    """openpyxl's sheet parser, with a cell it cannot convert kept as its text."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        try:
            cell: dict[str, Any] = super().parse_cell(element)
        except CELL_VALUE_ERRORS:
            coordinate = element.get("r")
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)  # a bad coordinate raises
            else:
                row, column = self.row_counter, self.col_counter
            return {
                "row": row,
                "column": column,
                "value": element.findtext(VALUE_TAG, None) or "",
                "data_type": "s",
                "style_id": 0,
            }
        return cell


def install() -> None:
    """Make openpyxl's read-only worksheets parse with :class:`LenientWorkSheetParser`."""
    _read_only.WorkSheetParser = LenientWorkSheetParser
