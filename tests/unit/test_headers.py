"""Header synonyms: every family, case/space/punctuation insensitivity, overrides, extra."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_tui.importers.headers import (
    EXACT_ONLY,
    FIELDS,
    HEADER_SYNONYMS,
    MAX_HEADER_WORDS,
    field_for_header,
    fields_by_word,
    find_header,
    header_words,
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


# --- matching by words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Event / presentation", "event"),
        ("Details of event", "event"),
        ("Date of contact", "date"),
        ("Agency involvement / event", "event"),
        ("What happened (brief)", "event"),
        ("Outcome of the visit", "outcome"),
        ("Practitioner (name and team)", "practitioner"),
        ("Time seen", "time"),
    ],
)
def test_a_header_holding_a_synonym_as_words_maps_to_it(header: str, field: str) -> None:
    others = ["Occurred"] if field == "date" else ["Date"]
    header_map = map_headers([*others, header], {"date": "Occurred"} if field == "date" else None)
    if field == "date":
        # The date is the lead's override here, so the header falls to its next field, if any.
        assert fields_by_word(header)[0][0] == "date"
    else:
        assert header_map.columns[field] == 1
        assert header_map.ties == ()


def test_words_match_whole_words_only() -> None:
    # "Eventual", "Timeline", "Dates" hold no synonym as a whole word.
    assert fields_by_word("Eventual plan") == []
    assert fields_by_word("Timeline ref") == []
    assert map_headers(["Date", "Eventually"]).columns == {"date": 0}


def test_exact_matches_come_before_words_whatever_the_order() -> None:
    header_map = map_headers(["Date", "Event / presentation", "Event"])
    assert header_map.columns["event"] == 2
    assert header_map.extra == ((1, "Event / presentation"),)
    assert header_map.ties == (
        'headers "Event" and "Event / presentation" could each be the event text; '
        'read "Event" as the event text, "Event / presentation" kept as another column',
    )


def test_the_longest_synonym_wins_without_a_tie() -> None:
    # "Event date" (date, two words) beats "event" (one word) inside "Event date (approx)".
    header_map = map_headers(["Event date (approx)", "Notes"])
    assert header_map.columns == {"date": 0, "event": 1}
    assert header_map.ties == ()
    # With the date taken, it stays another column: it is not read as the event text.
    header_map = map_headers(["Date", "Event date (approx)"])
    assert header_map.columns == {"date": 0}
    assert header_map.ties == (
        'headers "Date" and "Event date (approx)" could each be the date; read "Date" as the '
        'date, "Event date (approx)" kept as another column',
    )


def test_one_header_that_could_be_two_fields_is_a_tie_said_in_words() -> None:
    header_map = map_headers(["Date", "Time of event", "Outcome"])
    assert header_map.columns == {"date": 0, "time": 1, "outcome": 2}
    assert header_map.ties == (
        'header "Time of event" could be the time or the event text; read as the time',
    )


def test_two_headers_for_one_field_is_a_tie_said_in_words() -> None:
    header_map = map_headers(["Date", "Agency involvement / event", "Event / presentation"])
    assert header_map.columns == {"date": 0, "event": 1}
    assert header_map.extra == ((2, "Event / presentation"),)
    assert header_map.ties == (
        'headers "Agency involvement / event" and "Event / presentation" could each be the '
        'event text; read "Agency involvement / event" as the event text, '
        '"Event / presentation" kept as another column',
    )


def test_two_exact_headers_for_one_field_are_a_tie_too() -> None:
    header_map = map_headers(["Date", "Details", "Notes"])
    assert header_map.columns == {"date": 0, "event": 1}
    assert len(header_map.ties) == 1 and '"Notes" kept as another column' in header_map.ties[0]


def test_an_override_is_no_tie() -> None:
    header_map = map_headers(["Date", "Details", "Notes"], {"event": "Notes"})
    assert header_map.columns == {"date": 0, "event": 2}
    assert header_map.ties == ()


def test_when_is_matched_only_as_the_whole_header() -> None:
    assert "When" in EXACT_ONLY
    assert field_for_header("When") == "date"
    assert map_headers(["When it happened", "What"]).date_column is None


def test_a_long_cell_is_text_not_a_header() -> None:
    title = "Chronology of contact with the family from the date of the first referral"
    assert len(header_words(title)) > MAX_HEADER_WORDS
    assert fields_by_word(title) == []


def test_an_exact_header_row_wins_over_an_earlier_title_row_matched_by_words() -> None:
    rows = [["Date of report 01/05/2024"], ["Date", "Event / presentation"]]
    position, header_map, _ = find_header(rows)
    assert position == 1
    assert header_map is not None and header_map.columns == {"date": 0, "event": 1}
    # With no exact header row, a row matched by words is used.
    position, header_map, _ = find_header([["Date of report (dd/mm)", "Event / presentation"]])
    assert position == 0 and header_map is not None and header_map.columns["event"] == 1


NEUTRAL_WORDS = ["involvement", "presentation", "brief", "main", "free", "column"]


@given(
    pair=st.sampled_from(
        [
            (synonym, field)
            for field, synonyms in HEADER_SYNONYMS.items()
            for synonym in synonyms
            if synonym not in EXACT_ONLY
        ]
    ),
    before=st.lists(st.sampled_from(NEUTRAL_WORDS), max_size=2),
    after=st.lists(st.sampled_from(NEUTRAL_WORDS), max_size=2),
    separator=st.sampled_from([" ", " / ", " - ", ": ", " ("]),
)
def test_any_synonym_among_other_words_maps_to_its_field(
    pair: tuple[str, str], before: list[str], after: list[str], separator: str
) -> None:
    synonym, field = pair
    header = separator.join([*before, synonym, *after])
    assert fields_by_word(header)[0][0] == field
    if field != "date":
        assert map_headers(["Date", header]).columns[field] == 1


def test_neutral_words_are_in_no_synonym() -> None:
    words = {w for synonyms in HEADER_SYNONYMS.values() for s in synonyms for w in header_words(s)}
    assert not words & set(NEUTRAL_WORDS)
