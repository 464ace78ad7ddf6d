"""UK day-first dates and times: every accepted form, and refusals that never guess."""

from __future__ import annotations

import datetime as dt

import pytest

from workshop_tui.domain.dates import (
    DateError,
    ParsedDate,
    format_date,
    parse_date,
    parse_datetime_cell,
    parse_time,
)

MARCH_3 = dt.date(2023, 3, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/03/2023", MARCH_3),
        ("3/3/2023", MARCH_3),
        ("3/3/23", MARCH_3),
        ("03.03.2023", MARCH_3),
        ("12.01.24", dt.date(2024, 1, 12)),
        ("03-03-2023", MARCH_3),
        ("13-Feb-2023", dt.date(2023, 2, 13)),
        ("13 Feb 23", dt.date(2023, 2, 13)),
        ("3 Mar 2023", MARCH_3),
        ("3 Sept 2023", dt.date(2023, 9, 3)),
        ("3rd March 2023", MARCH_3),
        ("21st May 2023", dt.date(2023, 5, 21)),
        ("3rd of March, 2023", MARCH_3),
        ("Friday 3 March 2023", MARCH_3),
        ("March 3, 2023", MARCH_3),
        ("2023-03-03", MARCH_3),
        ("2023/03/03", MARCH_3),
        ("  03/03/2023  ", MARCH_3),
        ("29/02/2024", dt.date(2024, 2, 29)),
    ],
)
def test_date_forms(text: str, expected: dt.date) -> None:
    assert parse_date(text) == (expected, False)


@pytest.mark.parametrize(
    ("text", "year"),
    [("1/1/00", 2000), ("1/1/69", 2069), ("1/1/70", 1970), ("1/1/99", 1999)],
)
def test_two_digit_year_pivot(text: str, year: int) -> None:
    assert parse_date(text)[0].year == year


@pytest.mark.parametrize("text", ["?03/03/2023", "? 3 Mar 2023", "?2023-03-03"])
def test_leading_question_mark_marks_approximate(text: str) -> None:
    assert parse_date(text) == (MARCH_3, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/03/2023 14:20", dt.time(14, 20)),
        ("3/3/23 1420", dt.time(14, 20)),
        ("03/03/2023, 2.20pm", dt.time(14, 20)),
        ("3 Mar 2023 at 2:20 pm", dt.time(14, 20)),
        ("2023-03-03T14:20:00", dt.time(14, 20)),
        ("2023-03-03 14:20:00", dt.time(14, 20)),
        ("03/03/2023", None),
    ],
)
def test_date_and_time_in_one_cell(text: str, expected: dt.time | None) -> None:
    assert parse_datetime_cell(text) == ParsedDate(MARCH_3, expected, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:20", dt.time(14, 20)),
        ("14.20", dt.time(14, 20)),
        ("1420", dt.time(14, 20)),
        ("930", dt.time(9, 30)),
        ("1420hrs", dt.time(14, 20)),
        ("14:20:05", dt.time(14, 20, 5)),
        ("2.20pm", dt.time(14, 20)),
        ("2:20 pm", dt.time(14, 20)),
        ("2:20 P.M.", dt.time(14, 20)),
        ("9am", dt.time(9, 0)),
        ("12am", dt.time(0, 0)),
        ("12pm", dt.time(12, 0)),
        ("noon", dt.time(12, 0)),
        ("Midnight", dt.time(0, 0)),
        ("", None),
        ("   ", None),
    ],
)
def test_time_forms(text: str, expected: dt.time | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2023", 'invalid date "31/02/2023": February 2023 has 28 days'),
        ("30/02/2024", 'invalid date "30/02/2024": February 2024 has 29 days'),
        ("31/04/2023", 'invalid date "31/04/2023": April 2023 has 30 days'),
        ("31 Jun 2023", 'invalid date "31 Jun 2023": June 2023 has 30 days'),
        ("00/03/2023", 'invalid date "00/03/2023": day 0 does not exist'),
        ("03/00/2023", 'invalid date "03/00/2023": month 0 does not exist'),
        ("03/13/2023", 'invalid date "03/13/2023": month 13 does not exist; dates must be'),
        ("25/13/2023", 'invalid date "25/13/2023": month 13 does not exist'),
        ("03/03/1823", 'invalid date "03/03/1823": year 1823 is out of range'),
        ("3/3/202", 'invalid date "3/3/202": year "202" must have 4 digits'),
        ("March 2023", 'invalid date "March 2023": no day of the month'),
        ("early 2023", 'invalid date "early 2023": not a date'),
        ("44988", 'invalid date "44988": not a date'),
        ("03/03/2023 25:00", 'invalid date "03/03/2023 25:00": time "25:00": hour 25'),
    ],
)
def test_impossible_dates_are_errors_never_rolled_over(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("text", ["06/25/2023", "12/31/2023", "6/25/23", "2.28.2023"])
def test_month_first_dates_are_refused_with_a_day_first_hint(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    message = str(caught.value)
    assert message.startswith(f'invalid date "{text}": month ')
    assert "does not exist" in message
    assert "day-first" in message


@pytest.mark.parametrize("text", ["", "   ", "?", "? "])
def test_missing_date(text: str) -> None:
    with pytest.raises(DateError, match=r"^missing date$"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25:00", 'invalid time "25:00": hour 25 does not exist'),
        ("14:75", 'invalid time "14:75": minute 75 does not exist'),
        ("13pm", 'invalid time "13pm": hour 13 does not exist with am/pm'),
        ("0pm", 'invalid time "0pm": hour 0 does not exist with am/pm'),
        ("teatime", 'invalid time "teatime": not a time'),
    ],
)
def test_impossible_times(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_time(text)
    assert str(caught.value).startswith(message)


def test_date_error_is_a_value_error() -> None:
    assert issubclass(DateError, ValueError)


def test_format_date_is_uk_day_first() -> None:
    assert format_date(dt.date(2023, 2, 3)) == "03/02/2023"
