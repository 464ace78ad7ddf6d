"""Word chronologies: tables with merged cells, several tables, cover tables."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from workshop_tui.domain.problems import InputError, Severity
from workshop_tui.importers.docx_reader import read_docx

NAME = "chronologies/social_care.docx"


def document_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fill(table, rows: list[list[str]]) -> None:  # type: ignore[no-untyped-def]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text


def build_document() -> bytes:
    document = docx.Document()
    document.add_paragraph("Brookfold Children's Services: chronology (fictional)")
    cover = document.add_table(rows=2, cols=2)
    fill(cover, [["Date", "01/05/2024"], ["Author", "Team manager"]])
    first = document.add_table(rows=5, cols=4)
    fill(
        first,
        [
            ["Date", "Worker", "Event", "Analysis"],
            ["03/03/2023", "SW Ren", "", ""],
            ["", "", "", ""],
            ["04/03/2023 10:15", "SW Ren", "Strategy discussion", "Threshold met"],
            ["31/02/2023", "SW Ren", "Impossible", ""],
        ],
    )
    merged = first.cell(1, 2).merge(first.cell(1, 3))
    merged.text = "Home visit"
    merged.add_paragraph("Child seen alone")
    document.add_paragraph("2024")
    second = document.add_table(rows=2, cols=4)
    fill(second, [["5 Jan 2024", "SW Ren", "Review meeting", ""], ["?02/2024", "", "Call", ""]])
    second.cell(1, 0).text = "?01/02/2024"
    signature = document.add_table(rows=1, cols=2)
    fill(signature, [["Signed", "Service manager"]])
    return document_bytes(document)


def test_tables_merged_cells_and_locations() -> None:
    result = read_docx(build_document(), NAME, "social_care")
    summary = [(e.location, e.date, e.event, e.analysis) for e in result.entries]
    assert summary == [
        (f"{NAME}[table 2]:2", dt.date(2023, 3, 3), "Home visit\nChild seen alone", ""),
        (f"{NAME}[table 2]:4", dt.date(2023, 3, 4), "Strategy discussion", "Threshold met"),
        (f"{NAME}[table 2]:5", None, "Impossible", ""),
        (f"{NAME}[table 3]:1", dt.date(2024, 1, 5), "Review meeting", ""),
        (f"{NAME}[table 3]:2", dt.date(2024, 2, 1), "Call", ""),
    ]
    assert result.entries[1].time == dt.time(10, 15)
    assert result.entries[4].date_approximate is True
    assert result.entries[0].practitioner == "SW Ren"


def test_bad_rows_and_ignored_tables_are_reported() -> None:
    result = read_docx(build_document(), NAME, "social_care")
    assert [(str(p), p.severity) for p in result.problems] == [
        (
            f'{NAME}[table 2]:5: invalid date "31/02/2023": February 2023 has 28 days',
            Severity.ERROR,
        ),
        (
            f"{NAME}[table 4]: warning: table ignored: it has no date column and does not "
            "continue the chronology table above it",
            Severity.WARNING,
        ),
    ]
    bad = result.entries[2]
    assert bad.raw == {
        "Date": "31/02/2023",
        "Worker": "SW Ren",
        "Event": "Impossible",
        "Analysis": "",
    }


def test_second_table_with_its_own_header_row() -> None:
    document = docx.Document()
    fill(document.add_table(rows=2, cols=2), [["Date", "Details"], ["01/01/2023", "A"]])
    fill(
        document.add_table(rows=2, cols=3),
        [["Date of contact", "Summary", "Type"], ["02/01/2023", "B", "phone"]],
    )
    result = read_docx(document_bytes(document), NAME, "social_care")
    assert [(e.source_part, e.event, e.extra) for e in result.entries] == [
        ("table 1", "A", {}),
        ("table 2", "B", {"Type": "phone"}),
    ]


def test_no_chronology_table() -> None:
    document = docx.Document()
    fill(document.add_table(rows=2, cols=2), [["When it happened", "What"], ["x", "y"]])
    with pytest.raises(InputError) as caught:
        read_docx(document_bytes(document), NAME, "social_care")
    assert str(caught.value).startswith(
        f'{NAME}[table 1]: no date column: headers found are "When it happened", "What"'
    )


def test_document_without_tables() -> None:
    document = docx.Document()
    document.add_paragraph("03/03/2023 visit")
    with pytest.raises(InputError, match="no tables"):
        read_docx(document_bytes(document), NAME, "social_care")


@pytest.mark.parametrize("data", [b"", b"plain text", b"PK\x03\x04junk"])
def test_not_a_document_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        read_docx(data, NAME, "social_care")
    assert caught.value.problems[0].location == NAME


def test_an_xlsx_given_as_docx_is_an_input_error() -> None:
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    with pytest.raises(InputError):
        read_docx(buffer.getvalue(), NAME, "social_care")
