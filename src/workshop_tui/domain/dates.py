"""Dates and times as agencies type them: UK day-first, never guessed.

Accepted date forms (a leading ``?`` marks the date as approximate):

- numeric, day first: ``03/03/2023``, ``3/3/23``, ``03.03.2023``, ``12.01.24``,
  ``03-03-2023`` (the same separator twice);
- ISO: ``2023-03-03`` (also ``2023/03/03``);
- month by name: ``13-Feb-2023``, ``3 Mar 2023``, ``3rd March 2023``,
  ``3rd of March, 2023``, ``Friday 3 March 2023``, ``March 3, 2023``;
- any of those followed by a time in the same cell: ``03/03/2023 14:20``,
  ``2023-03-03T14:20:00``, ``3 Mar 2023 at 2.20pm``.

Accepted times: ``14:20``, ``14.20``, ``1420``, ``14:20:00``, ``1420hrs``,
``2.20pm``, ``2:20 pm``, ``2pm``, ``noon``, ``midnight``, or an empty cell (no time).

Two-digit years use a fixed pivot (:data:`TWO_DIGIT_YEAR_PIVOT`): ``00``-``69``
are 2000-2069 and ``70``-``99`` are 1970-1999. Years outside
:data:`MIN_YEAR`-:data:`MAX_YEAR` are refused as typing slips.

Nothing is ever rolled over, swapped or guessed: ``31/02/2023`` and the
month-first ``06/25/2023`` are errors (:class:`DateError`) whose message reads
``invalid date "31/02/2023": February 2023 has 28 days``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

#: Two-digit years below this are 20xx, the rest 19xx.
TWO_DIGIT_YEAR_PIVOT = 70
MIN_YEAR = 1900
MAX_YEAR = 2100

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9

_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = (
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
    r"(?:day|sday|nesday|rsday|urday)?\.?,?\s+)?"
)
# Whatever follows the date in the same cell: a time, after a space, comma, "T" or "at".
_TAIL = r"(?:(?:\s*,\s*|\s+|T)(?:at\s+)?(?P<time>\S.*?))?"

_FAST_NUMERIC = re.compile(r"(\d\d)/(\d\d)/(\d\d\d\d)")
_NUMERIC = re.compile(
    r"(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{2,4})" + _TAIL,
    re.IGNORECASE,
)
_ISO = re.compile(r"(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})" + _TAIL)
_DAY_MONTH_NAME = re.compile(
    _WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*[-/ ]\s*|\s+of\s+)"
    r"(?P<mname>" + _MONTH_WORD + r")\.?,?(?:\s*[-/ ]\s*)(?P<y>\d{2,4})" + _TAIL,
    re.IGNORECASE,
)
_MONTH_NAME_DAY = re.compile(
    _WEEKDAY + r"(?P<mname>" + _MONTH_WORD + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<y>\d{2,4})" + _TAIL,
    re.IGNORECASE,
)
_MONTH_YEAR_ONLY = re.compile(r"(?:" + _MONTH_WORD + r")\.?,?\s+\d{2,4}", re.IGNORECASE)

_TIME_COLON = re.compile(
    r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"\s*(?:hrs|hours|h)?",
    re.IGNORECASE,
)
_TIME_DIGITS = re.compile(r"(?P<hm>\d{3,4})\s*(?P<ampm>[ap]\.?m\.?)?\s*(?:hrs|hours|h)?", re.I)
_TIME_HOUR_AMPM = re.compile(r"(?P<h>\d{1,2})\s*(?P<ampm>[ap]\.?m\.?)", re.IGNORECASE)
_TIME_WORDS = {"noon": dt.time(12, 0), "midday": dt.time(12, 0), "midnight": dt.time(0, 0)}


class DateError(ValueError):
    """A date or time that cannot be read without guessing; the message says why."""


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """What one date cell holds: the date, a time if the cell had one, and approximation."""

    date: dt.date
    time: dt.time | None = None
    approximate: bool = False


def parse_date(text: str) -> tuple[dt.date, bool]:
    """Read a UK day-first date.

    A time in the same cell is allowed and ignored here (see :func:`parse_datetime_cell`).

    Args:
        text: The cell text, e.g. ``03/03/2023`` or ``?3rd March 2023``.

    Returns:
        The date and whether it is approximate (a leading ``?``).

    Raises:
        DateError: The text is empty, not a date, or an impossible or month-first date.
    """
    parsed = parse_datetime_cell(text)
    return parsed.date, parsed.approximate


def parse_datetime_cell(text: str) -> ParsedDate:
    """Read a date cell that may also hold a time, e.g. ``03/03/2023 14:20``.

    Args:
        text: The cell text.

    Returns:
        The date, the time (None when the cell has none) and whether it is approximate.

    Raises:
        DateError: The date or the time cannot be read without guessing.
    """
    # The common case, dd/mm/yyyy and nothing else, is checked first and cheaply:
    # importing tens of thousands of rows spends most of its time here.
    fast = _FAST_NUMERIC.fullmatch(text)
    if fast is not None:
        day, month, year = int(fast[1]), int(fast[2]), int(fast[3])
        try:
            if year >= MIN_YEAR and year <= MAX_YEAR:
                return ParsedDate(dt.date(year, month, day))
        except ValueError:
            pass
        raise DateError(_date_message(text, day, month, year))

    stripped = text.strip()
    approximate = stripped.startswith("?")
    if approximate:
        stripped = stripped[1:].lstrip()
    if not stripped:
        raise DateError("missing date")

    match = _NUMERIC.fullmatch(stripped) or _ISO.fullmatch(stripped)
    if match is not None:
        day, month = int(match["d"]), int(match["m"])
        year = _full_year(text, match["y"])
    else:
        match = _DAY_MONTH_NAME.fullmatch(stripped) or _MONTH_NAME_DAY.fullmatch(stripped)
        if match is None:
            raise DateError(_unreadable_message(text, stripped))
        day = int(match["d"])
        month = _MONTHS[match["mname"].lower()]
        year = _full_year(text, match["y"])

    if not (MIN_YEAR <= year <= MAX_YEAR) or not 1 <= month <= 12:
        raise DateError(_date_message(text, day, month, year))
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise DateError(_date_message(text, day, month, year)) from None

    time_text = match["time"]
    time = None
    if time_text:
        try:
            time = parse_time(time_text)
        except DateError as error:
            raise DateError(f'invalid date "{text.strip()}": {_reason(error)}') from None
    return ParsedDate(date, time, approximate)


def parse_time(text: str) -> dt.time | None:
    """Read a time of day.

    Args:
        text: ``14:20``, ``1420``, ``2.20pm``, ``2:20 pm``, ``2pm``, ``noon``; empty for none.

    Returns:
        The time, or None for an empty cell.

    Raises:
        DateError: The text is not a time, or names an hour or minute that does not exist.
    """
    stripped = text.strip()
    if not stripped:
        return None
    lowered = stripped.lower()
    if lowered in _TIME_WORDS:
        return _TIME_WORDS[lowered]
    match = _TIME_COLON.fullmatch(stripped)
    if match is not None:
        hour, minute = int(match["h"]), int(match["mi"])
        second = int(match["s"]) if match["s"] else 0
        ampm = match["ampm"]
    else:
        match = _TIME_DIGITS.fullmatch(stripped)
        if match is not None:
            digits = match["hm"]
            hour, minute, second = int(digits[:-2]), int(digits[-2:]), 0
            ampm = match["ampm"]
        else:
            match = _TIME_HOUR_AMPM.fullmatch(stripped)
            if match is None:
                raise DateError(
                    f'invalid time "{stripped}": not a time; write it like 14:20 or 2.20pm'
                )
            hour, minute, second = int(match["h"]), 0, 0
            ampm = match["ampm"]

    if ampm:
        if not 1 <= hour <= 12:
            raise DateError(f'invalid time "{stripped}": hour {hour} does not exist with am/pm')
        is_pm = ampm[0].lower() == "p"
        hour = hour % 12 + (12 if is_pm else 0)
    if hour > 23:
        raise DateError(f'invalid time "{stripped}": hour {hour} does not exist')
    if minute > 59:
        raise DateError(f'invalid time "{stripped}": minute {minute} does not exist')
    if second > 59:
        raise DateError(f'invalid time "{stripped}": second {second} does not exist')
    return dt.time(hour, minute, second)


def format_date(date: dt.date) -> str:
    """A date as the messages and the UK reader show it: ``03/03/2023``."""
    return f"{date.day:02d}/{date.month:02d}/{date.year:04d}"


def _reason(error: DateError) -> str:
    # A time inside a date cell reads better as 'invalid date "X": time "Y": reason'.
    return str(error).removeprefix("invalid ")


def _full_year(text: str, digits: str) -> int:
    if len(digits) == 2:
        short = int(digits)
        return 2000 + short if short < TWO_DIGIT_YEAR_PIVOT else 1900 + short
    if len(digits) == 4:
        return int(digits)
    raise DateError(
        f'invalid date "{text.strip()}": year "{digits}" must have 4 digits (or 2, like 23)'
    )


def _date_message(text: str, day: int, month: int, year: int) -> str:
    shown = f'invalid date "{text.strip()}"'
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"{shown}: year {year} is out of range ({MIN_YEAR} to {MAX_YEAR})"
    if month > 12:
        if 1 <= day <= 12:
            return (
                f"{shown}: month {month} does not exist; dates must be day-first "
                f"(DD/MM/YYYY) and this looks month-first"
            )
        return f"{shown}: month {month} does not exist"
    if month < 1:
        return f"{shown}: month {month} does not exist"
    if day < 1:
        return f"{shown}: day {day} does not exist"
    days = calendar.monthrange(year, month)[1]
    return f"{shown}: {calendar.month_name[month]} {year} has {days} days"


def _unreadable_message(text: str, stripped: str) -> str:
    shown = f'invalid date "{text.strip()}"'
    if _MONTH_YEAR_ONLY.fullmatch(stripped):
        return f"{shown}: no day of the month; give a day and mark it approximate, e.g. ?01/03/2023"
    return f"{shown}: not a date; write it day-first, like 03/03/2023"
