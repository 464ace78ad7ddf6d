"""Header synonyms: every family, case/space/punctuation insensitivity, overrides, extra."""

from __future__ import annotations

import pytest

from workshop_tui.importers.headers import (
    FIELDS,
    HEADER_SYNONYMS,
    field_for_header,
    find_header,
    map_headers,
    normalise_header,
)

REQUIRED_SYNONYMS = {
    "date": [
        "Date",
        "Date of contact",
        "Date/Time",
        "Date and time",
        "Contact date",
        "Event date",
        "When",
    ],
    "time": ["Time", "Time of contact"],
    "event": [
        "Event",
        "Details",
        "Details of contact",
        "Entry",
        "Summary",
        "Notes",
        "Description",
        "Contact details",
        "Event / contact",
    ],
    "outcome": ["Outcome", "Action taken", "Outcome / decision", "Actions", "Decision", "Result"],
    "analysis": [
        "Analysis",
        "Significance",
        "Safeguarding considerations",
        "Comments / analysis",
        "Reflection",
    ],
    "practitioner": [
        "Practitioner",
        "Worker",
        "Clinician",
        "Recorded by",
        "Officer",
        "Staff member",
        "Author",
        "Professional",
        "Name / role",
    ],
}


@pytest.mark.parametrize(
    ("header", "field"),
    [(header, field) for field, headers in REQUIRED_SYNONYMS.items() for header in headers],
)
def test_every_documented_synonym_maps(header: str, field: str) -> None:
    assert field_for_header(header) == field
    assert header in HEADER_SYNONYMS[field]


@pytest.mark.parametrize(
    "header", ["DATE / TIME", "date-time", " Date/Time: ", "Date & Time", "dateandtime"]
)
def test_matching_ignores_case_spaces_and_punctuation(header: str) -> None:
    assert field_for_header(header) == "date"


def test_normalise_header() -> None:
    assert normalise_header("Date / Time:") == "datetime"
    assert normalise_header("Comments & Analysis") == "commentsandanalysis"


def test_synonym_table_has_no_conflicts_and_only_known_fields() -> None:
    seen: dict[str, str] = {}
    for field, headers in HEADER_SYNONYMS.items():
        assert field in FIELDS
        for header in headers:
            key = normalise_header(header)
            assert seen.setdefault(key, field) == field, header


def test_map_headers_keeps_unmapped_columns_for_extra() -> None:
    header_map = map_headers(["Date", "Worker", "Type of contact", "Details", "", "Notes"])
    assert header_map.columns == {"date": 0, "practitioner": 1, "event": 3}
    # The second event-like column is not dropped: it goes to extra under its own header.
    assert header_map.extra == ((2, "Type of contact"), (4, "column 5"), (5, "Notes"))
    assert header_map.problem() is None


def test_duplicate_headers_get_unique_keys() -> None:
    header_map = map_headers(["Date", "Ref", "Ref", "Ref"])
    assert [key for _, key in header_map.extra] == ["Ref", "Ref (2)", "Ref (3)"]


def test_override_wins_over_synonyms() -> None:
    header_map = map_headers(
        ["When it happened", "What", "Date"], {"date": "when it happened", "event": "What"}
    )
    assert header_map.columns["date"] == 0
    assert header_map.columns["event"] == 1
    assert header_map.extra == ((2, "Date"),)


def test_no_date_column_message_lists_headers_and_shows_the_fix() -> None:
    # ("When it happened" is now a date column: it holds the synonym "When" as a word.)
    header_map = map_headers(["Occurred on", "What"])
    assert header_map.date_column is None
    assert header_map.problem() == (
        'no date column: headers found are "Occurred on", "What"; '
        'add columns = { date = "Occurred on" } to this agency in case.toml'
    )


def test_override_naming_a_missing_header_is_a_problem() -> None:
    header_map = map_headers(["Date", "What"], {"event": "Narrative text"})
    assert header_map.problem() == (
        'columns: event = "Narrative text" matches no header; headers found are "Date", "What"'
    )


def test_find_header_passes_over_blank_and_title_rows() -> None:
    rows = [["", " "], ["Chronology for Child B"], [], ["Seen", "Details"], ["Date", "Details"]]
    position, header_map, failures = find_header(rows)
    assert position == 4
    assert header_map is not None and header_map.columns == {"date": 0, "event": 1}
    assert [failure.headers for failure in failures] == [
        ("Chronology for Child B",),
        ("Seen", "Details"),
    ]
    assert find_header(rows, {"date": "Seen"})[0] == 3
    assert find_header(rows[:3]) == (-1, None, [failures[0]])
