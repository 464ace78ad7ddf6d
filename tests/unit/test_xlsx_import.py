"""Excel chronologies: cover sheets, title rows, real date cells and dates typed as text."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from workshop_tui.domain.problems import InputError
from workshop_tui.importers.xlsx_reader import read_xlsx

NAME = "chronologies/health.xlsx"


def workbook_bytes(build) -> bytes:  # type: ignore[no-untyped-def]
    workbook = openpyxl.Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def messy_workbook(workbook: openpyxl.Workbook) -> None:
    cover = workbook.active
    cover.title = "Cover"
    cover["A1"] = "Chronology: Child R (fictional)"
    cover["A3"] = "Date"  # a lone word on the cover is not a header row with content below
    cover["B3"] = "Notes for the reader"
    sheet = workbook.create_sheet("Health chronology")
    sheet.append(["Hollin Vale Community Health"])
    sheet.append(["Prepared for the review"])
    sheet.append([])
    sheet.append(["Date of contact", "Time", "Clinician", "Details of contact", "Outcome", "Ref"])
    sheet.append([dt.datetime(2023, 3, 3), dt.time(14, 20), "HV Ola", "Home visit", "Plan", 17])
    sheet.append(["13-Feb-2023", "09:05", "HV Ola", "Phone call", None, None])
    sheet.append([dt.datetime(2023, 3, 4, 9, 15), None, "GP", "Seen", None, 2.5])
    sheet.append([None, None, None, None, None, None])
    sheet.append([44988, None, "HV Ola", "Serial number", None, None])
    sheet.append(["31/02/2023", None, "HV Ola", "Impossible", None, None])
    sheet.append([dt.date(2023, 3, 6), None, "HV Ola", "Plain date", None, "x\r\ny"])
    workbook.create_sheet("Notes").append(["Date", "Other"])


def test_cover_sheet_skipped_and_title_rows_searched() -> None:
    result = read_xlsx(workbook_bytes(messy_workbook), NAME, "health")
    # The cover's "Date | Notes for the reader" row maps a date column but has nothing
    # below it; the chronology sheet is read, and the later "Notes" sheet ignored.
    assert {entry.source_part for entry in result.entries} == {"Health chronology"}
    assert len(result.entries) == 6


def chronology_only(workbook: openpyxl.Workbook) -> None:
    messy_workbook(workbook)
    workbook.active["A3"] = None
    workbook.active["B3"] = None


def test_real_date_cells_and_text_dates() -> None:
    result = read_xlsx(workbook_bytes(chronology_only), NAME, "health")
    by_row = {entry.source_line: entry for entry in result.entries}
    assert sorted(by_row) == [5, 6, 7, 9, 10, 11]
    assert (by_row[5].date, by_row[5].time) == (dt.date(2023, 3, 3), dt.time(14, 20))
    assert by_row[5].extra == {"Ref": "17"}
    assert by_row[5].practitioner == "HV Ola"
    assert (by_row[6].date, by_row[6].time) == (dt.date(2023, 2, 13), dt.time(9, 5))
    assert (by_row[7].date, by_row[7].time) == (dt.date(2023, 3, 4), dt.time(9, 15))
    assert by_row[7].extra == {"Ref": "2.5"}
    assert by_row[11].date == dt.date(2023, 3, 6)
    assert by_row[11].extra == {"Ref": "x\ny"}
    assert by_row[5].location == f"{NAME}[Health chronology]:5"


def test_numbers_and_impossible_dates_are_errors_never_guessed() -> None:
    result = read_xlsx(workbook_bytes(chronology_only), NAME, "health")
    assert [str(p) for p in result.problems] == [
        f"{NAME}[Health chronology]:4: warning: rows 1, 2 above the header row (row 4) "
        "skipped as a title or guidance, not entries; if one is an entry, move it below "
        "the header row",
        f'{NAME}[Health chronology]:9: invalid date "44988": a number, not a date; '
        "format the cell as a date in Excel",
        f'{NAME}[Health chronology]:10: invalid date "31/02/2023": February 2023 has 28 days',
    ]
    bad = [entry for entry in result.entries if entry.error]
    assert [entry.date for entry in bad] == [None, None]
    assert bad[0].raw["Date of contact"] == "44988"
    assert bad[0].raw["Details of contact"] == "Serial number"


def test_no_sheet_with_a_date_column() -> None:
    def build(workbook: openpyxl.Workbook) -> None:
        workbook.active.title = "Data"
        workbook.active.append(["When it happened", "What"])
        workbook.active.append(["yesterday", "something"])

    with pytest.raises(InputError) as caught:
        read_xlsx(workbook_bytes(build), NAME, "health")
    assert str(caught.value).startswith(
        f'{NAME}[Data]: no date column: headers found are "When it happened", "What"'
    )


def test_override_finds_the_date_column() -> None:
    def build(workbook: openpyxl.Workbook) -> None:
        workbook.active.append(["When it happened", "What"])
        workbook.active.append([dt.datetime(2023, 1, 2), "something"])

    result = read_xlsx(workbook_bytes(build), NAME, "health", {"date": "When it happened"})
    assert result.entries[0].date == dt.date(2023, 1, 2)


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04broken", bytes(100)])
def test_not_a_workbook_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        read_xlsx(data, NAME, "health")
    assert caught.value.problems[0].location == NAME
    assert "cannot open as an Excel workbook" in caught.value.problems[0].message


def test_a_docx_given_as_xlsx_is_an_input_error() -> None:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(InputError):
        read_xlsx(buffer.getvalue(), NAME, "health")


def test_cover_sheet_of_label_value_pairs_is_not_taken_for_the_chronology() -> None:
    def build(workbook: openpyxl.Workbook) -> None:
        cover = workbook.active
        cover.title = "About"
        cover.append(["Date", dt.datetime(2024, 5, 1)])
        cover.append(["Author", "Named officer"])
        data = workbook.create_sheet("Chronology")
        data.append(["Date", "Event"])
        data.append(["01/02/2023", "Visit"])

    result = read_xlsx(workbook_bytes(build), NAME, "health")
    assert [(e.location, e.event) for e in result.entries] == [(f"{NAME}[Chronology]:2", "Visit")]
    assert result.problems == []
