"""Issue 16's date forms in the one grammar (domain/dates.py): approximate markings,
mixed separators, weeks, months, seasons, years, Excel date numbers; the one spelling
of approximate; forms reading through the same grammar; the importer's warnings."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_tui.domain.dates import (
    APPROXIMATE,
    DateError,
    ParsedDate,
    Precision,
    approximately,
    format_date,
    parse_date,
    parse_datetime_cell,
    parse_entry_date,
    show_date,
    sort_key,
)
from workshop_tui.domain.models import ChronologyEntry
from workshop_tui.domain.problems import Severity
from workshop_tui.importers.csv_reader import read_csv
from workshop_tui.ui import format as ui_format
from workshop_tui.ui.widgets.chronology_table import format_entry_date

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAY_22 = dt.date(2016, 5, 22)
DAY, WEEK, MONTH, SEASON, YEAR = (
    Precision.DAY,
    Precision.WEEK,
    Precision.MONTH,
    Precision.SEASON,
    Precision.YEAR,
)


@pytest.mark.parametrize(
    "text",
    ["22.05/16", "22/05.2016", "22-05/2016", "22 / 05 / 2016", "22.05-16", "2016-05/22"],
)
def test_mixed_separators(text: str) -> None:
    assert parse_date(text) == (MAY_22, False)


@pytest.mark.parametrize(
    "text",
    [
        "?22/05/2016",
        "? 22/05/2016",
        "22/05/2016?",
        "22/05/2016 ?",
        "c.22/05/2016",
        "c. 22/05/2016",
        "C.  22/05/2016",
        "c . 22.05/16",
        "ca. 22 May 2016",
        "circa 22/05/2016",
        "Circa. 22/05/2016",
        "approx. 22/05/2016",
        "Approx 22/05/2016",
        "APPROX.22/05/2016",
        "approximately 22nd May 2016",
        "~22/05/2016",
        "22/05/2016~",
        "22/05/2016 (approx)",
        "22/05/2016 (c.)",
        "22/05/2016 approx.",
        "?c. 22/05/2016",
    ],
)
def test_every_marking_of_approximate_is_accepted(text: str) -> None:
    assert parse_date(text) == (MAY_22, True)
    assert parse_entry_date(text) == ParsedDate(MAY_22, None, True, DAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("w/c 22/05/2016", ParsedDate(MAY_22, None, False, WEEK)),
        ("W/C 22.05.16", ParsedDate(MAY_22, None, False, WEEK)),
        ("wc 22/05/2016", ParsedDate(MAY_22, None, False, WEEK)),
        ("w/b 22 May 2016", ParsedDate(MAY_22, None, False, WEEK)),
        ("week commencing 22/05/2016", ParsedDate(MAY_22, None, False, WEEK)),
        ("May 2016", ParsedDate(dt.date(2016, 5, 1), None, False, MONTH)),
        ("c. May 2016", ParsedDate(dt.date(2016, 5, 1), None, True, MONTH)),
        ("may-16", ParsedDate(dt.date(2016, 5, 1), None, False, MONTH)),
        ("Mar '23", ParsedDate(dt.date(2023, 3, 1), None, False, MONTH)),
        ("Sept, 2016", ParsedDate(dt.date(2016, 9, 1), None, False, MONTH)),
        ("May 85", ParsedDate(dt.date(1985, 5, 1), None, False, MONTH)),
        ("05/2016", ParsedDate(dt.date(2016, 5, 1), None, False, MONTH)),
        ("Summer 2016", ParsedDate(dt.date(2016, 6, 1), None, False, SEASON)),
        ("spring 16", ParsedDate(dt.date(2016, 3, 1), None, False, SEASON)),
        ("AUTUMN 2016", ParsedDate(dt.date(2016, 9, 1), None, False, SEASON)),
        ("fall 2016", ParsedDate(dt.date(2016, 9, 1), None, False, SEASON)),
        ("winter 2016/17", ParsedDate(dt.date(2016, 12, 1), None, False, SEASON)),
        ("winter 2016-2017", ParsedDate(dt.date(2016, 12, 1), None, False, SEASON)),
        ("2016", ParsedDate(dt.date(2016, 1, 1), None, False, YEAR)),
        ("c. 2016", ParsedDate(dt.date(2016, 1, 1), None, True, YEAR)),
        ("circa 2016", ParsedDate(dt.date(2016, 1, 1), None, True, YEAR)),
        ("44988", ParsedDate(dt.date(2023, 3, 3))),
        ("44988.5", ParsedDate(dt.date(2023, 3, 3), dt.time(12, 0))),
        ("44988.0", ParsedDate(dt.date(2023, 3, 3))),
    ],
)
def test_entry_dates_vaguer_than_a_day_keep_their_precision(
    text: str, expected: ParsedDate
) -> None:
    assert parse_entry_date(text)._replace(note="") == expected


def test_an_excel_number_says_how_it_was_read() -> None:
    assert parse_entry_date("44988").note == '"44988" read as an Excel date number: 03/03/2023'
    assert parse_entry_date("03/03/2023").note == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("winter 2016", 'invalid date "winter 2016": which winter? write winter 2015/16 or'),
        ("winter 2016/18", 'invalid date "winter 2016/18": a winter runs into the next year'),
        ("summer 2016/17", 'invalid date "summer 2016/17": summer is within one year'),
        ("May 16", 'invalid date "May 16": the 16th of May, or May 2016?'),
        ("Jun 23", 'invalid date "Jun 23": the 23rd of Jun, or Jun 2023?'),
        ("w/c soon", 'invalid date "w/c soon": "soon" after w/c is not a date'),
        ("w/c 31/02/2016", 'invalid date "w/c 31/02/2016": February 2016 has 29 days'),
        ("13/2016", 'invalid date "13/2016": month 13 does not exist'),
        ("1850", 'invalid date "1850": year 1850 is out of range'),
        ("99999", 'invalid date "99999": not a date'),
        ("early 2016", 'invalid date "early 2016": not a date'),
        ("c.", "missing date"),
        ("31/02/2016?", 'invalid date "31/02/2016?": February 2016 has 29 days'),
    ],
)
def test_vague_dates_that_would_need_a_guess_are_refused(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_entry_date(text)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("text", ["May 2016", "w/c 22/05/2016", "summer 2016", "2016", "44988"])
def test_a_day_date_is_never_read_from_a_vaguer_form(text: str) -> None:
    with pytest.raises(DateError):
        parse_datetime_cell(text)


@pytest.mark.parametrize(
    ("text", "year"),
    [("22.05/69", 2069), ("22.05/70", 1970), ("May-99", 1999), ("spring 05", 2005)],
)
def test_two_digit_years_pivot_at_70_everywhere_in_a_chronology(text: str, year: int) -> None:
    assert parse_entry_date(text).date.year == year


@pytest.mark.parametrize(
    ("text", "year"), [("1/1/00", 2000), ("3/4/29", 2029), ("3/4/69", 2069), ("3/4/70", 1970)]
)
def test_forms_and_chronologies_read_two_digit_years_by_one_rule(text: str, year: int) -> None:
    assert ui_format.parse_date(text) == parse_entry_date(text).date
    assert parse_date(text)[0].year == year
    # The forms used to read these as 2099 and 2085.
    assert ui_format.parse_date("3/4/99") == dt.date(1999, 4, 3)
    assert ui_format.parse_date("22.05/85") == dt.date(1985, 5, 22)


def test_forms_read_through_the_one_grammar() -> None:
    assert ui_format.parse_date("22.05/26") == dt.date(2026, 5, 22)
    assert ui_format.parse_date("22nd May 2026") == dt.date(2026, 5, 22)
    with pytest.raises(ValueError, match=r"not a real date: February 2016 has 29 days"):
        ui_format.parse_date("31/02/2016")
    with pytest.raises(ValueError, match=r'"soon" is not a date: type 21/05/2024'):
        ui_format.parse_date("soon")
    assert ui_format.parse_time("2.30pm") == dt.time(14, 30)
    with pytest.raises(ValueError, match=r"not a time of day: hour 25 does not exist"):
        ui_format.parse_time("25:00")


@pytest.mark.parametrize("text", ["c. 22/05/2026", "?22/05/2026", "22/05/2026 approx"])
def test_a_form_refuses_an_approximate_date_it_cannot_keep(text: str) -> None:
    with pytest.raises(ValueError, match=r"marked approximate \(c\.\).*like 22/05/2026"):
        ui_format.parse_date(text)


def test_a_form_refuses_a_time_it_cannot_keep() -> None:
    with pytest.raises(ValueError, match="has a time"):
        ui_format.parse_date("22/05/2026 14:00")


def test_one_spelling_of_approximate() -> None:
    assert APPROXIMATE == "c."
    assert approximately("03/03/2023") == "c. 03/03/2023"
    entry = ChronologyEntry(agency="police", date=dt.date(2023, 3, 3), date_approximate=True)
    assert format_entry_date(entry) == "c. 03/03/2023"
    assert parse_date(format_entry_date(entry)) == (dt.date(2023, 3, 3), True)


@pytest.mark.parametrize(
    ("parsed", "shown"),
    [
        (ParsedDate(MAY_22), "22/05/2016"),
        (ParsedDate(MAY_22, None, True), "c. 22/05/2016"),
        (ParsedDate(MAY_22, None, False, WEEK), "w/c 22/05/2016"),
        (ParsedDate(MAY_22, None, True, WEEK), "c. w/c 22/05/2016"),
        (ParsedDate(dt.date(2016, 5, 1), None, False, MONTH), "May 2016"),
        (ParsedDate(dt.date(2016, 5, 1), None, True, MONTH), "c. May 2016"),
        (ParsedDate(dt.date(2016, 12, 1), None, False, SEASON), "winter 2016/17"),
        (ParsedDate(dt.date(2016, 1, 1), None, True, YEAR), "c. 2016"),
    ],
)
def test_show_date_writes_the_precision(parsed: ParsedDate, shown: str) -> None:
    text = show_date(parsed.date, approximate=parsed.approximate, precision=parsed.precision)
    assert text == shown
    assert parse_entry_date(text) == parsed


def test_the_importer_keeps_vague_dates_with_their_precision() -> None:
    data = b"Date,Event\n22.05/16,a\nMay 2016,b\n44988,c\nw/c 22/05/2016,d\nc. 3/3/23,e\nMay 16,f\n"
    result = read_csv(data, "police.csv", "police")
    kept = [(e.date, e.date_approximate, e.date_precision, e.when) for e in result.entries]
    assert kept == [
        (MAY_22, False, DAY, "22/05/2016"),
        (dt.date(2016, 5, 1), False, MONTH, "May 2016"),
        (dt.date(2023, 3, 3), False, DAY, "03/03/2023"),
        (MAY_22, False, WEEK, "w/c 22/05/2016"),
        (dt.date(2023, 3, 3), True, DAY, "c. 03/03/2023"),
        (None, False, DAY, ""),
    ]
    assert [(str(p), p.severity) for p in result.problems] == [
        (
            'police.csv:4: warning: "44988" read as an Excel date number: 03/03/2023',
            Severity.WARNING,
        ),
        (
            'police.csv:7: invalid date "May 16": the 16th of May, or May 2016? '
            "write 16 May and its year for the day, or May 2016 for the month",
            Severity.ERROR,
        ),
    ]


# Properties.

MARKS_BEFORE = ["?", "? ", "~", "c.", "c. ", "C . ", "ca.", "circa ", "approx. ", "Approx ", ""]
MARKS_AFTER = ["?", " ?", "~", " (approx)", " approx.", " (c.)", " approximately", ""]
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@SETTINGS
@given(dates, st.sampled_from(MARKS_BEFORE), st.sampled_from(MARKS_AFTER))
def test_any_marking_keeps_the_date_and_marks_it_approximate(
    date: dt.date, before: str, after: str
) -> None:
    parsed = parse_entry_date(before + format_date(date) + after)
    assert parsed.date == date
    assert parsed.approximate is bool(before or after)
    assert parsed.precision is DAY


@SETTINGS
@given(dates, st.sampled_from("/.-"), st.sampled_from("/.-"))
def test_any_mix_of_separators_reads_the_same_day(date: dt.date, one: str, two: str) -> None:
    text = f"{date.day}{one}{date.month:02d}{two}{date.year}"
    assert parse_date(text) == (date, False)


@st.composite
def parsed_dates(draw: st.DrawFn) -> ParsedDate:
    precision = draw(st.sampled_from(list(Precision)))
    date = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
    if precision is MONTH:
        date = date.replace(day=1)
    elif precision is SEASON:
        date = dt.date(date.year, draw(st.sampled_from([3, 6, 9, 12])), 1)
    elif precision is YEAR:
        date = dt.date(date.year, 1, 1)
    approximate = draw(st.booleans())
    return ParsedDate(date, None, approximate, precision)


@SETTINGS
@given(parsed_dates())
def test_every_precision_is_written_and_read_back_the_same(parsed: ParsedDate) -> None:
    shown = show_date(parsed.date, approximate=parsed.approximate, precision=parsed.precision)
    assert parse_entry_date(shown) == parsed


@SETTINGS
@given(st.lists(parsed_dates(), max_size=30), st.randoms())
def test_approximate_dates_sort_the_same_whatever_order_they_arrive_in(
    items: list[ParsedDate], rnd: random.Random
) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == sorted(items, key=sort_key)
    ordered = sorted(items, key=sort_key)
    for first, second in itertools.pairwise(ordered):
        assert first.date <= second.date


def test_on_one_day_the_narrower_and_surer_date_sorts_first() -> None:
    items = [
        ParsedDate(dt.date(2016, 6, 1), dt.time(9, 0)),
        ParsedDate(dt.date(2016, 6, 1)),
        ParsedDate(dt.date(2016, 6, 1), None, True),
        ParsedDate(dt.date(2016, 6, 1), None, False, WEEK),
        ParsedDate(dt.date(2016, 6, 1), None, False, MONTH),
        ParsedDate(dt.date(2016, 6, 1), None, True, MONTH),
        ParsedDate(dt.date(2016, 6, 1), None, False, SEASON),
    ]
    assert sorted(reversed(items), key=sort_key) == [
        items[1],  # 01/06/2016, exact, untimed
        items[0],  # 01/06/2016 09:00
        items[2],  # c. 01/06/2016
        items[3],  # the week of 01/06/2016
        items[4],  # June 2016
        items[5],  # c. June 2016
        items[6],  # summer 2016
    ]


@SETTINGS
@given(st.one_of(st.text(), st.text(alphabet="0123456789/.-: ?~cC.aproxwinterMay'", max_size=30)))
def test_entry_dates_raise_only_date_error(text: str) -> None:
    try:
        parsed = parse_entry_date(text)
    except DateError:
        return
    assert 1900 <= parsed.date.year <= 2100


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("12 Mar 2024", (dt.date(2024, 3, 12), False)),
        ("c. 12.03/24", (dt.date(2024, 3, 12), False)),
        ("March 2024", (dt.date(2024, 3, 1), True)),
        ("2024", None),  # words: a year alone, or a number, is searched for in the text
        ("44988", None),
        ("31/02/2024", None),
    ],
)
def test_the_workshop_find_reads_dates_with_the_one_grammar(
    query: str, expected: tuple[dt.date, bool] | None
) -> None:
    from workshop_tui.domain.slice_find import query_date

    assert query_date(query) == expected
