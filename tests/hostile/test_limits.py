"""Documented limits, checked before a file's rows become entries (issue 24).

A CSV with a million columns imported, and then every XLSX export of the chronology
raised; two million rows exhausted memory. Rows and columns per chronology file are
now refused up front, naming the file, where, and the limit; a chronology wider than
an Excel sheet is refused by the XLSX export with a word to use CSV.
"""

from __future__ import annotations

import datetime as dt

import hostile_shapes as shapes
import pytest

from workshop_tui.domain.models import ChronologyEntry, Review, ReviewData
from workshop_tui.domain.problems import InputError
from workshop_tui.exporters import ExportError, render
from workshop_tui.importers import limits
from workshop_tui.importers.csv_reader import read_csv
from workshop_tui.importers.docx_reader import read_docx
from workshop_tui.importers.xlsx_reader import read_xlsx

ROWS = b"Date,Event,Outcome\n" + b"".join(
    f"{day:02d}/03/2023,Visit {day},Seen\n".encode() for day in range(1, 13)
)


def refusal(read: object, data: bytes, name: str) -> str:
    with pytest.raises(InputError) as caught:
        read(data, name, "police")  # type: ignore[operator]
    return str(caught.value)


def test_a_row_of_thousands_of_columns_is_refused_naming_its_line() -> None:
    wide = ROWS + b"13/03/2023,Visit," + b"x," * 20_000 + b"end\n"
    assert refusal(read_csv, wide, "police.csv") == (
        "police.csv:14: refused: this row has 20,003 columns; the limit is 16,384 "
        "(the file is damaged, or not a chronology)"
    )


def test_too_many_rows_are_refused_naming_the_file_and_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 10, raising=False)
    assert refusal(read_csv, ROWS, "police.csv") == (
        "police.csv:12: refused: the file has more than 10 rows, the limit for one "
        "chronology file; split it into several files"
    )
    assert len(read_csv(ROWS.rsplit(b"\n", 3)[0] + b"\n", "police.csv", "police").entries) == 10


def test_the_limits_hold_for_workbooks_and_word_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 10, raising=False)
    assert refusal(read_xlsx, shapes.workbook(12), "police.xlsx").startswith(
        "police.xlsx[Sheet]:12: refused: the file has more than 10 rows"
    )
    assert refusal(read_docx, shapes.merged_docx(12), "police.docx").startswith(
        "police.docx[table 1]:12: refused: the file has more than 10 rows"
    )
    assert len(read_xlsx(shapes.workbook(10), "police.xlsx", "police").entries) == 10


def test_a_chronology_wider_than_excel_is_refused_by_the_xlsx_export_with_a_way_out() -> None:
    extra = {f"column {n}": "x" for n in range(17_000)}
    data = ReviewData(
        review=Review(reference="LR-2099-03", title="Child N"),
        entries=[ChronologyEntry(agency="police", event="Visit", extra=extra)],
    )
    at = dt.datetime(2099, 1, 1, 9, 0)
    with pytest.raises(ExportError, match=r"holds at most 16,384: write it as \.csv instead"):
        render(data, "chronology", "xlsx", generated_at=at)
    assert render(data, "chronology", "csv", generated_at=at).count(b"column 16999") == 1
