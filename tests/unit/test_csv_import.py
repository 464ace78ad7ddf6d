"""CSV chronologies as agencies really send them."""

from __future__ import annotations

import datetime as dt

import pytest

from workshop_tui.domain.problems import InputError, Severity
from workshop_tui.importers.csv_reader import count_outside_quotes, decode, read_csv

NAME = "chronologies/police.csv"


def read(text: str | bytes, **kwargs: object):  # type: ignore[no-untyped-def]
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_csv(data, NAME, "police", **kwargs)  # type: ignore[arg-type]


def test_plain_comma_file() -> None:
    result = read(
        "Date,Time,Officer,Details,Outcome,Significance\n"
        "03/03/2023,14:20,PC Dara Quill,Call from school,Referral made,First report\n"
    )
    (entry,) = result.entries
    assert entry.agency == "police"
    assert entry.date == dt.date(2023, 3, 3)
    assert entry.time == dt.time(14, 20)
    assert entry.practitioner == "PC Dara Quill"
    assert entry.event == "Call from school"
    assert entry.outcome == "Referral made"
    assert entry.analysis == "First report"
    assert entry.source_file == NAME
    assert entry.source_line == 2
    assert entry.source_part == ""
    assert entry.error is None
    assert result.problems == []


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_delimiters_line_endings_and_bom(delimiter: str, newline: str, bom: str) -> None:
    rows = [["Date", "Details", "Notes, extra"], ["03/03/2023", "Visit", "a, b; c"]]
    text = bom + newline.join(
        delimiter.join(f'"{c}"' if ("," in c or ";" in c) else c for c in row) for row in rows
    )
    result = read(text + newline)
    (entry,) = result.entries
    assert entry.event == "Visit"
    assert entry.extra == {"Notes, extra": "a, b; c"}
    assert entry.source_line == 2


def test_semicolon_file_with_commas_in_cells_is_sniffed_correctly() -> None:
    result = read("Date;Details;Outcome\n03/03/2023;Seen, spoke to mum, well;NFA\n")
    assert result.entries[0].event == "Seen, spoke to mum, well"


def test_multi_line_quoted_cells_keep_physical_line_numbers() -> None:
    text = (
        "Date,Details,Outcome\r\n"
        '01/03/2023,"Line one\r\nline two\r\nline ""three""",NFA\r\n'
        "02/03/2023,Next,Ok\r\n"
        '31/02/2023,"Bad, with\nbreak",x\r\n'
        "04/03/2023,Last,\r\n"
    )
    result = read(text)
    assert [e.source_line for e in result.entries] == [2, 5, 6, 8]
    assert result.entries[0].event == 'Line one\nline two\nline "three"'
    assert result.entries[2].error == 'invalid date "31/02/2023": February 2023 has 28 days'
    assert [str(p) for p in result.problems] == [
        f'{NAME}:6: invalid date "31/02/2023": February 2023 has 28 days'
    ]


def test_blank_and_delimiter_only_rows_are_skipped_but_counted() -> None:
    text = "Date,Details\n\n,,\n , \n03/03/2023,A\n,\n04/03/2023,B\n"
    result = read(text)
    assert [(e.source_line, e.event) for e in result.entries] == [(5, "A"), (7, "B")]


def test_windows_1252_fallback() -> None:
    data = "Date,Details\n03/03/2023,Zoë’s café visit – £5\n".encode("cp1252")
    assert read(data).entries[0].event == "Zoë’s café visit – £5"


def test_utf16_with_bom_from_excel_unicode_text() -> None:
    data = "Date\tDetails\n03/03/2023\tVisit\n".encode("utf-16")
    assert read(data).entries[0].event == "Visit"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04" + bytes(50), "not a CSV file: this is a ZIP file"),
        (b"\xd0\xcf\x11\xe0" + bytes(50), "not a CSV file: this is an old Office file"),
        (bytes(range(256)) * 4, "not a CSV file: it looks like a binary file"),
        (
            b"Date,Details\n\x81\x8d\x8f\x90\x9d\n",
            "cannot read the file: this line is neither UTF-8",
        ),
    ],
)
def test_binary_or_undecodable_file_is_an_input_error_naming_the_file(
    data: bytes, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        read(data)
    (problem,) = caught.value.problems
    # A line neither UTF-8 nor Windows-1252 is named (issue 24); other refusals are the file's.
    assert problem.location == (f"{NAME}:2" if "this line" in message else NAME)
    assert problem.message.startswith(message)


def test_control_characters_are_kept_nul_removed_and_line_breaks_normalised() -> None:
    # BEL (like ESC) is kept as sent and shown visibly; NUL goes, with a warning.
    result = read('Date,Details\n03/03/2023,"A\x00B\x07C\tD\x0bE\r\nF"\n')
    assert result.entries[0].event == "AB\x07C\tD\nE\nF"
    assert [p.location for p in result.problems] == [f"{NAME}:2"]


def test_title_rows_above_the_header() -> None:
    text = (
        "Police chronology for Child R\nPrepared by a fictional force\n\nDate,Event\n03/03/2023,A\n"
    )
    (entry,) = read(text).entries
    assert entry.source_line == 5


def test_no_date_column_is_an_input_error_with_the_fix() -> None:
    with pytest.raises(InputError) as caught:
        read("When it happened,What\nyesterday,thing\n")
    assert str(caught.value) == (
        f'{NAME}: no date column: headers found are "When it happened", "What"; '
        'add columns = { date = "When it happened" } to this agency in case.toml'
    )


def test_override_maps_the_date_column() -> None:
    result = read(
        "When it happened,What\n03/03/2023,thing\n", overrides={"date": "When it happened"}
    )
    assert result.entries[0].date == dt.date(2023, 3, 3)
    assert result.entries[0].extra == {"What": "thing"}


def test_empty_file() -> None:
    with pytest.raises(InputError, match="empty"):
        read(b"")


def test_bad_rows_are_kept_with_raw_cells_and_reason() -> None:
    text = "Date,Worker,Details,Ref\n06/25/2023,SW Ash,Visit,R1\n,SW Ash,No date,R2\n"
    result = read(text)
    month_first, missing = result.entries
    assert month_first.date is None
    assert month_first.raw == {
        "Date": "06/25/2023",
        "Worker": "SW Ash",
        "Details": "Visit",
        "Ref": "R1",
    }
    assert "day-first" in (month_first.error or "")
    assert missing.error == "missing date"
    assert missing.event == "No date"
    assert [p.location for p in result.problems] == [f"{NAME}:2", f"{NAME}:3"]
    assert all(p.severity is Severity.ERROR for p in result.problems)


def test_date_time_column_fills_date_and_time() -> None:
    (entry,) = read("Date/Time,Details\n03/03/2023 14:20,Visit\n").entries
    assert (entry.date, entry.time) == (dt.date(2023, 3, 3), dt.time(14, 20))


def test_time_column_conflicting_with_date_cell_is_an_error() -> None:
    (entry,) = read("Date,Time,Details\n03/03/2023 14:20,15:00,Visit\n").entries
    assert entry.error is not None and "differs" in entry.error


def test_cells_beyond_the_header_are_kept_in_extra() -> None:
    (entry,) = read("Date,Details\n03/03/2023,Visit,stray note\n").entries
    assert entry.extra == {"column 3": "stray note"}


def test_approximate_date() -> None:
    (entry,) = read("Date,Details\n?03/2023,x\n?01/03/2023,Visit\n").entries[1:]
    assert entry.date_approximate is True


def test_count_outside_quotes() -> None:
    assert count_outside_quotes('a,"b,c",d', ",") == 2


def test_decode_strips_bom() -> None:
    assert decode(b"\xef\xbb\xbfDate", "x.csv") == "Date"


def test_entries_built_without_validation_equal_validated_entries() -> None:
    from workshop_tui.domain.models import ChronologyEntry

    (entry,) = read("Date,Time,Details,Ref\n03/03/2023,14:20,Visit,R1\n").entries
    validated = ChronologyEntry.model_validate(entry.model_dump())
    assert entry == validated
    assert entry.model_fields_set == validated.model_fields_set
    copy = entry.model_copy(update={"duplicate_group": 1})
    copy.in_period = False  # validated assignment still works on the copy
    assert (entry.duplicate_group, entry.in_period) == (None, True)
