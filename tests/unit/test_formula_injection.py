"""Spreadsheet exports neutralise formula injection and keep the text readable (issue 19).

A cell that a spreadsheet could run (``=``, ``+``, ``-``, ``@``, tab, carriage
return at its start) gets an apostrophe in front; what follows is the text as
given (a carriage return as a line break), in the CSV and XLSX exports and in
``workshop-tui chronology --format csv``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from export_fixtures import GENERATED_AT, rich_review
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from workshop_tui.cli import main
from workshop_tui.exporters import render
from workshop_tui.exporters.text import cell_safe, clean
from workshop_tui.storage.repository import Repository

DANGEROUS = ["=1+1", '=HYPERLINK("http://x.invalid","y")', "+44 7700", "-2+3", "@SUM(A1)"]
DANGEROUS += ["\tcmd /c calc", "\r=1", "\r\n-1"]
STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralised(text: str) -> str:
    return "'" + clean(text)


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_and_xlsx_cells_are_neutralised_and_readable(text: str) -> None:
    data = rich_review()
    data.entries[0].event = text
    data.entries[0].practitioner = text
    rows = list(
        csv.reader(
            io.StringIO(
                render(data, "chronology", "csv", generated_at=GENERATED_AT).decode("utf-8-sig")
            )
        )
    )
    csv_cells = [cell for row in rows for cell in row]
    assert csv_cells.count(neutralised(text)) >= 2
    assert not any(cell.startswith(STARTS) for cell in csv_cells)
    book = load_workbook(io.BytesIO(render(data, "chronology", "xlsx", generated_at=GENERATED_AT)))
    xlsx_cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in xlsx_cells)
    values = [cell.value for cell in xlsx_cells if isinstance(cell.value, str)]
    assert values.count(neutralised(text)) >= 2
    assert not any(value.startswith(STARTS) for value in values)


@pytest.mark.parametrize("text", DANGEROUS)
def test_the_command_line_csv_is_neutralised_and_readable(text: str, tmp_path: Path) -> None:
    data = rich_review()
    data.entries[0].event = text
    db = tmp_path / "review.db"
    with Repository.open(db) as repo:
        review = repo.create_review(data)
    result = CliRunner().invoke(
        main, ["--db", str(db), "chronology", review.reference, "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    cells = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]
    assert neutralised(text) in cells
    assert not any(cell.startswith(STARTS) for cell in cells)


@given(st.text())
def test_no_cell_starts_a_formula_and_the_text_is_kept(text: str) -> None:
    safe = cell_safe(text)
    assert not safe.startswith(STARTS)
    # Only apostrophes are added (at the start, and after a separator: issue 24).
    assert safe.replace("'", "") == clean(text).replace("'", "")
    assert safe.count("'") - clean(text).count("'") <= 1 + sum(map(text.count, ";,\t"))


BEHIND_SEPARATOR = [
    ('ok;=HYPERLINK("http://x.invalid","y")', 'ok;\'=HYPERLINK("http://x.invalid","y")'),
    ("ok\t=1+1", "ok\t'=1+1"),
    ("seen, +44 7700 900123", "seen, '+44 7700 900123"),
    ("a;  -2+3", "a;  '-2+3"),
    ("note,@SUM(A1);=1", "note,'@SUM(A1);'=1"),
]


@pytest.mark.parametrize(("text", "expected"), BEHIND_SEPARATOR)
def test_a_formula_behind_a_separator_is_neutralised_in_csv_and_xlsx(
    text: str, expected: str
) -> None:
    """Issue 24: ``ok;=HYPERLINK(...)`` was written unchanged; opened where ``;`` separates
    lists, or pasted as tab-separated text, it became a live formula."""
    data = rich_review()
    data.entries[0].event = text
    csv_text = render(data, "chronology", "csv", generated_at=GENERATED_AT).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row]
    assert expected in cells
    for separator in ";\t":  # read the way a ;-locale or a paste would split it
        split = [part for cell in cells for part in cell.split(separator)]
        assert not any(part.lstrip(" ").startswith(("=", "+", "@")) for part in split)
    book = load_workbook(io.BytesIO(render(data, "chronology", "xlsx", generated_at=GENERATED_AT)))
    values = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert expected in values


@given(st.text(alphabet=st.sampled_from(list("ab =+-@;,\t'")), max_size=30))
def test_no_part_behind_a_separator_starts_a_formula(text: str) -> None:
    safe = cell_safe(text)
    for part in re.split("[;,\t]", safe):
        assert not part.lstrip(" ").startswith(("=", "+", "-", "@"))
