"""Issue 16: chronologies in the shapes they really arrive in (fixtures: shape_fixtures.py).
Each imports with a warning that says what was done, or is refused naming the file and
what to do; nothing is lost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import shape_fixtures as shapes

from workshop_tui.domain.dates import Precision
from workshop_tui.domain.problems import InputError, Severity
from workshop_tui.domain.tracker import column_letter
from workshop_tui.importers.headers import map_headers
from workshop_tui.importers.pack import read_chronology
from workshop_tui.importers.xlsx_reader import hidden_rows_and_columns


def _warnings(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in result.problems if p.severity is Severity.WARNING]


def _errors(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in result.problems if p.severity is Severity.ERROR]


# --- preamble above the header row --------------------------------------------------------


def test_csv_guidance_above_the_header_row_is_skipped_and_named() -> None:
    result = read_chronology(shapes.preamble_csv(), "chronologies/police.csv", "police")
    assert [(e.when, e.event, e.source_line) for e in result.entries] == [
        ("03/03/2023", "Visit to the home", 6),
        ("c. May 2023", "Neighbour reported shouting", 7),
    ]
    assert _warnings(result) == [
        "chronologies/police.csv:5: warning: rows 1, 2, 3 above the header row (row 5) "
        "skipped as a title or guidance, not entries; if one is an entry, move it below "
        "the header row"
    ]


def test_xlsx_guidance_above_the_header_row_is_skipped_and_named() -> None:
    result = read_chronology(shapes.preamble_xlsx(), "chronologies/health.xlsx", "health")
    assert [(e.date, e.event, e.source_line) for e in result.entries] == [
        (dt.date(2023, 3, 4), "Health visit", 6)
    ]
    assert _warnings(result) == [
        "chronologies/health.xlsx[Chronology]:5: warning: rows 1, 2, 3 above the header row "
        "(row 5) skipped as a title or guidance, not entries; if one is an entry, move it "
        "below the header row"
    ]


def test_docx_instruction_rows_above_the_header_row_are_skipped_and_named() -> None:
    result = read_chronology(shapes.preamble_docx(), "chronologies/care.docx", "care")
    assert [(e.date, e.event, e.source_line) for e in result.entries] == [
        (dt.date(2023, 3, 5), "Strategy discussion", 4)
    ]
    assert _warnings(result) == [
        "chronologies/care.docx[table 1]:3: warning: rows 1, 2 above the header row (row 3) "
        "skipped as a title or guidance, not entries; if one is an entry, move it below "
        "the header row"
    ]


# --- tables continued across pages, header rows repeated -----------------------------------


def test_word_tables_continued_across_pages_and_repeated_headers() -> None:
    result = read_chronology(shapes.continued_docx(), "chronologies/care.docx", "care")
    assert [(e.date, e.event, e.location) for e in result.entries] == [
        (dt.date(2023, 2, 1), "Home visit", "chronologies/care.docx[table 1]:2"),
        (dt.date(2023, 2, 2), "School meeting", "chronologies/care.docx[table 1]:4"),
        (dt.date(2023, 2, 3), "Core group", "chronologies/care.docx[table 2]:2"),
    ]
    assert _errors(result) == []
    assert _warnings(result) == [
        "chronologies/care.docx[table 1]:3: warning: row 3 repeats the header row; passed "
        "over (a table continued across pages?)"
    ]


# --- the merging tool's template ------------------------------------------------------------


def test_the_merging_tools_template_columns() -> None:
    header = map_headers(
        [
            "Sequence",
            "Agency",
            "Start Date",
            "Start Time",
            "End Date",
            "End Time",
            "Source",
            "Practitioner",
            "Event",
            "Outcome",
        ]
    )
    assert header.columns == {
        "date": 2,
        "time": 3,
        "end_date": 4,
        "practitioner": 7,
        "event": 8,
        "outcome": 9,
    }
    assert header.ties == ()
    assert [key for _, key in header.extra] == ["Sequence", "Agency", "End Time", "Source"]


def test_an_end_date_makes_a_range_kept_and_shown_as_one() -> None:
    result = read_chronology(shapes.template_csv(), "chronologies/police.csv", "police")
    first, second, third, wrong = result.entries
    assert (first.date, first.time, first.end_date) == (
        dt.date(2023, 3, 3),
        dt.time(9, 0),
        dt.date(2023, 3, 5),
    )
    assert first.when == "03/03/2023 to 05/03/2023"
    assert first.extra == {
        "Sequence": "1",
        "Agency": "Tallowmere Police",
        "End Time": "17:00",
        "Source": "Niche",
    }
    assert second.end_date is None and second.when == "06/03/2023"
    assert (third.date_precision, third.end_date, third.when) == (
        Precision.MONTH,
        dt.date(2023, 6, 30),
        "May 2023 to June 2023",
    )
    assert wrong.date is None and wrong.raw["End Date"] == "01/03/2023"
    assert _errors(result) == [
        'chronologies/police.csv:5: invalid end date "01/03/2023": it is before the start '
        "date 07/03/2023"
    ]


# --- one sheet per team; hidden rows and columns -------------------------------------------


def test_a_workbook_of_one_sheet_per_team_is_one_agency_with_its_teams() -> None:
    result = read_chronology(shapes.teams_xlsx(), "chronologies/care.xlsx", "care")
    assert [(e.event, e.source_part, e.extra.get("Team (sheet)")) for e in result.entries] == [
        ("Family support starts", "Early Help", "Early Help"),
        ("Referral received", "Safeguarding", "Safeguarding"),
        ("Strategy meeting", "Safeguarding", "Safeguarding"),
    ]
    assert {e.agency for e in result.entries} == {"care"}
    assert _warnings(result) == [
        'chronologies/care.xlsx: warning: 2 sheets are chronologies ("Early Help", '
        "\"Safeguarding\"): all are read as this agency's entries, each with its sheet's "
        'name as its team (column "Team (sheet)")'
    ]


def test_hidden_rows_and_columns_are_imported_and_named() -> None:
    result = read_chronology(shapes.hidden_xlsx(), "chronologies/health.xlsx", "health")
    assert [e.event for e in result.entries] == ["Visit", "Hidden visit", "Visit"]
    assert result.entries[1].extra == {"Internal notes": "not shared"}
    assert _warnings(result) == [
        "chronologies/health.xlsx[Chronology]: warning: rows 3 and columns E are hidden in "
        "Excel; imported all the same (hidden does not mean deleted): check them"
    ]


def test_hidden_rows_and_columns_are_read_from_the_sheet_xml() -> None:
    xml = (
        b'<cols><col min="2" max="3" hidden="1"/><col width="9" min="5" max="5"/></cols>'
        b'<row r="4" hidden="1" spans="1:2"/><row hidden="true" r="9"/><row r="10"/>'
    )
    assert hidden_rows_and_columns(xml) == ([4, 9], [2, 3])
    assert [column_letter(n) for n in (1, 26, 27, 52)] == ["A", "Z", "AA", "AZ"]


# --- files that are not chronologies --------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "name", "what"),
    [
        (shapes.doc_file, "police.doc", "an old Word document (.doc, Word 97-2003)"),
        (shapes.doc_file, "police.docx", "an old Word document (.doc, Word 97-2003)"),
        (shapes.odt_file, "police.odt", "an OpenDocument text document (.odt"),
        (shapes.odt_file, "police.docx", "an OpenDocument text document (.odt"),
        (shapes.ods_file, "police.ods", "an OpenDocument spreadsheet (.ods"),
        (shapes.ods_file, "police.xlsx", "an OpenDocument spreadsheet (.ods"),
        (shapes.pdf_file, "police.pdf", "a PDF file"),
        (shapes.pdf_file, "police.csv", "a PDF file"),
        (shapes.rtf_file, "police.rtf", "a Rich Text Format document (.rtf)"),
        (shapes.rtf_file, "police.csv", "a Rich Text Format document (.rtf)"),
        (shapes.encrypted_office_file, "police.xlsx", "a password-protected (encrypted)"),
        (shapes.encrypted_office_file, "police.docx", "a password-protected (encrypted)"),
    ],
)
def test_files_that_are_not_chronologies_are_refused_saying_what_they_are(
    build: Callable[[], bytes], name: str, what: str
) -> None:
    with pytest.raises(InputError) as raised:
        read_chronology(build(), f"chronologies/{name}", "police")
    message = str(raised.value)
    assert message.startswith(f"chronologies/{name}: cannot read this file: it is {what}")
    assert ".docx (Word), .xlsx (Excel) or .csv" in message
