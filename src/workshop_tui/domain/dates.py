"""Dates and times as agencies and people type them: UK day-first, never guessed.

The one date grammar of the application (issue 12): the importers read chronology
cells with it, and every date a person types in the interface (capture forms' target
dates, Prepare's review and workshop dates, fixing an entry's date, the chronology
filter) goes through it.

Accepted day dates (:func:`parse_date`, :func:`parse_datetime_cell`):

- numeric, day first: ``03/03/2023``, ``3/3/23``, ``03.03.2023``, ``12.01.24``,
  ``03-03-2023``, and mixed separators: ``22.05/16``, ``22/05-2016``;
- ISO: ``2023-03-03`` (also ``2023/03/03``);
- month by name: ``13-Feb-2023``, ``3 Mar 2023``, ``3rd March 2023``,
  ``3rd of March, 2023``, ``Friday 3 March 2023``, ``March 3, 2023``;
- any of those followed by a time in the same cell: ``03/03/2023 14:20``,
  ``2023-03-03T14:20:00``, ``3 Mar 2023 at 2.20pm``.

Approximate: one spelling, :data:`APPROXIMATE` (``c.``), is what the app writes
(``c. 03/03/2023``) and what its labels say; on input every common marking is
accepted, before or after the date, in any case and spacing: ``?03/03/2023``,
``03/03/2023?``, ``c. 03/03/2023``, ``C.3/3/23``, ``ca. 3 March 2023``,
``circa 2016``, ``approx. 03/03/2023``, ``Approx 3/3/23``, ``approximately ...``,
``~03/03/2023``, ``03/03/2023 ~``, ``03/03/2023 (approx)``.

A chronology entry's date (:func:`parse_entry_date`) may also be vaguer than a day.
It is then kept on the first day of the period, with its :class:`Precision`, and shown
as the period (``May 2016``, not ``01/05/2016``); it is approximate only when marked so
(``c. May 2016``):

- a week: ``w/c 22/05/2016``, ``w/b 22.05.16``, ``week commencing 22 May 2016``;
- a month: ``May 2016``, ``may-16``, ``Mar '23``, ``05/2016``;
- a season: ``Summer 2016``, ``spring 16``, ``autumn 2016``, ``fall 2016``,
  ``winter 2016/17`` (a bare ``winter 2016`` is refused: it could be either winter);
- a year: ``2016``, ``c. 2016``;
- an Excel date number typed as text (a CSV saved from a column Excel showed as a
  number): ``44988`` is 03/03/2023, ``44988.5`` is 03/03/2023 12:00. Five digits
  only, and the result says so (:attr:`ParsedDate.note`).

Accepted times: ``14:20``, ``14.20``, ``1420``, ``14:20:00``, ``1420hrs``,
``2.20pm``, ``2:20 pm``, ``2pm``, ``noon``, ``midnight``, or an empty cell (no time).

Two-digit years follow one rule everywhere, a chronology's cells and the forms alike
(:data:`TWO_DIGIT_YEAR_PIVOT`): ``00``-``69`` are 2000-2069 and ``70``-``99`` are
1970-1999. A chronology reaches back decades and a form's dates (a target, a workshop,
a review period) lie within a few years of now, so every year either can mean reads
the same under it; the forms used to read ``99`` as 2099, a date no form wants.
Years outside :data:`MIN_YEAR`-:data:`MAX_YEAR` are refused as typing slips.

Nothing is ever rolled over, swapped or guessed: ``31/02/2023`` and the
month-first ``06/25/2023`` are errors (:class:`DateError`) whose message reads
``invalid date "31/02/2023": February 2023 has 28 days``; ``May 16`` (the 16th of
May, or May 2016?) is refused too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from enum import StrEnum
from typing import Any, NamedTuple

#: Two-digit years below this are 20xx, the rest 19xx: the one rule, chronologies and forms.
TWO_DIGIT_YEAR_PIVOT = 70
#: How an approximate date is written everywhere: ``c. 03/03/2023`` (see :func:`show_date`).
APPROXIMATE = "c."
MIN_YEAR = 1900
MAX_YEAR = 2100


class _Lazy:
    """A pattern compiled on first use: importing this module stays cheap (it is
    imported at start-up for :data:`APPROXIMATE`; compiling every pattern costs ~5 ms).
    The first call puts the compiled pattern's methods on the instance, so later calls
    cost what the pattern's own do."""

    fullmatch: Callable[[str], re.Match[str] | None]
    match: Callable[[str], re.Match[str] | None]
    search: Callable[[str], re.Match[str] | None]

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(*self._args)
        self.fullmatch = compiled.fullmatch
        self.match = compiled.match
        self.search = compiled.search
        return getattr(compiled, name)


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
_SEP = r"\s*[/.\-]\s*"
_NUMERIC = _Lazy(
    r"(?P<d>\d{1,2})" + _SEP + r"(?P<m>\d{1,2})" + _SEP + r"(?P<y>\d{2,4})" + _TAIL,
    re.IGNORECASE,
)
_ISO = _Lazy(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})" + _TAIL)
_DAY_MONTH_NAME = _Lazy(
    _WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*[-/ ]\s*|\s+of\s+)"
    r"(?P<mname>" + _MONTH_WORD + r")\.?,?(?:\s*[-/ ]\s*)(?P<y>\d{2,4})" + _TAIL,
    re.IGNORECASE,
)
_MONTH_NAME_DAY = _Lazy(
    _WEEKDAY + r"(?P<mname>" + _MONTH_WORD + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<y>\d{2,4})" + _TAIL,
    re.IGNORECASE,
)
_MONTH_YEAR_ONLY = _Lazy(r"(?:" + _MONTH_WORD + r")\.?,?\s+\d{2,4}", re.IGNORECASE)

# The markings of an approximate date, before or after it (any case and spacing).
_APPROX_WORD = r"(?:circa|approx(?:imate(?:ly)?)?)"
_APPROX_LEAD = _Lazy(
    r"(?:\?|~|(?:c|ca)\s*\.|" + _APPROX_WORD + r"\b\.?|" + _APPROX_WORD + r"\.)\s*",
    re.IGNORECASE,
)
_APPROX_TRAIL = _Lazy(
    r"(?:\s*(?:\?|~|\(\s*(?:(?:c|ca)\s*\.|" + _APPROX_WORD + r"\.?|\?)\s*\))"
    r"|\s+" + _APPROX_WORD + r"\.?)$",
    re.IGNORECASE,
)
# Forms vaguer than a day, read only for a chronology entry (parse_entry_date).
_WEEK_OF = _Lazy(
    r"(?:w\s*/\s*[cb]|w\.?\s*[cb]\b\.?|week\s+(?:commencing|beginning|starting|of))"
    r"\s*:?\s*(?P<rest>\S.*)",
    re.IGNORECASE,
)
_MONTH_YEAR = _Lazy(
    r"(?P<mname>"
    + _MONTH_WORD
    + r")\.?(?:,?\s*[-/' ]\s*'?(?P<y4>\d{4})|\s*[-/']\s*'?(?P<y2>\d{2}))",
    re.IGNORECASE,
)
# "May 85": two digits after a month name are a year only when no month has that day.
_MONTH_SPACE_YY = _Lazy(
    r"(?P<mname>" + _MONTH_WORD + r")\.?,?\s+(?P<y2>3[2-9]|[4-9]\d)", re.IGNORECASE
)
_NUMERIC_MONTH_YEAR = _Lazy(r"(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})")
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_SEASON = _Lazy(
    r"(?P<season>spring|summer|autumn|fall|winter)\s*(?:of\s+)?'?(?P<y>\d{4}|\d{2})"
    r"(?:\s*[/\-]\s*'?(?P<y2>\d{4}|\d{2}))?",
    re.IGNORECASE,
)
_YEAR = _Lazy(r"(?P<y>\d{4})")
_EXCEL_SERIAL = _Lazy(r"(?P<n>\d{5})(?:\.(?P<f>\d+))?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 01/01/1900, past Excel's 29/02/1900

_TIME_COLON = _Lazy(
    r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"\s*(?:hrs|hours|h)?",
    re.IGNORECASE,
)
_TIME_DIGITS = _Lazy(r"(?P<hm>\d{3,4})\s*(?P<ampm>[ap]\.?m\.?)?\s*(?:hrs|hours|h)?", re.I)
_TIME_HOUR_AMPM = _Lazy(r"(?P<h>\d{1,2})\s*(?P<ampm>[ap]\.?m\.?)", re.IGNORECASE)
_TIME_WORDS = {"noon": dt.time(12, 0), "midday": dt.time(12, 0), "midnight": dt.time(0, 0)}


class DateError(ValueError):
    """A date or time that cannot be read without guessing; the message says why.

    ``reason`` is the message without the ``invalid date "..."`` frame (a form shows
    it its own way); ``unreadable`` is True when the text is no date at all (as opposed
    to a date that does not exist, like 31/02/2023).
    """

    def __init__(self, message: str, *, reason: str = "", unreadable: bool = False) -> None:
        super().__init__(message)
        self.reason = reason or message
        self.unreadable = unreadable


class Precision(StrEnum):
    """How much of a date is known; an approximate date is kept on its period's first day."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"


_WIDTH = {
    Precision.DAY: 0,
    Precision.WEEK: 1,
    Precision.MONTH: 2,
    Precision.SEASON: 3,
    Precision.YEAR: 4,
}


class ParsedDate(NamedTuple):
    """What one date cell holds: the date, a time if the cell had one, and approximation.

    A date vaguer than a day (``May 2016``) is approximate, on the first day of its
    period, with its :attr:`precision`. :attr:`note` says how an unusual form was read
    (an Excel date number), for the importer to pass on. (A named tuple: importing
    tens of thousands of rows builds one per row, and a tuple is the cheapest to build.)
    """

    date: dt.date
    time: dt.time | None = None
    approximate: bool = False
    precision: Precision = Precision.DAY
    note: str = ""


def approximately(text: str, approximate: bool = True) -> str:
    """A written date marked approximate the one way the app writes it: ``c. 03/03/2023``."""
    return f"{APPROXIMATE} {text}" if approximate else text


#: Where a date sorts among dates of its first day (:func:`date_rank`), by precision.
_RANK = {precision: 2 * width for precision, width in _WIDTH.items()}


def date_rank(precision: Precision, approximate: bool) -> int:
    """Where a date sorts among the dates that start on its day: 0 for an exact day.

    The narrower and surer first: an exact day (0), the same day marked approximate (1),
    the week that starts there (2, 3 when marked), the month (4, 5), the season (6, 7),
    the year (8, 9). The store keeps this as the ``date_rank`` column (storage/schema.py
    computes it the same way), so that the database's order is this one.
    """
    return _RANK[precision] + approximate


def sort_key(parsed: ParsedDate) -> tuple[dt.date, int, bool, dt.time]:
    """A total, deterministic order for dates of any precision (docs/CONTRACTS.md).

    By the first day of the period; on one day, by :func:`date_rank` (02/05/2016 before
    c. 02/05/2016 before the week of 02/05/2016 before May 2016 before summer 2016 before
    2016 when they all start on that day), then untimed before timed, then by time.
    """
    return (
        parsed.date,
        _RANK[parsed.precision] + parsed.approximate,
        parsed.time is not None,
        parsed.time if parsed.time is not None else dt.time.min,
    )


def show_date(
    date: dt.date, *, approximate: bool = False, precision: Precision = Precision.DAY
) -> str:
    """A date as the app writes it, with its precision: ``03/03/2023``, ``c. 03/03/2023``,
    ``May 2016``, ``c. May 2016``, ``summer 2016``, ``winter 2016/17``, ``w/c 22/05/2016``,
    ``2016``, ``c. 2016``.

    Each reads back as the same date and precision through :func:`parse_entry_date`.
    """
    if precision is Precision.WEEK:
        text = f"w/c {format_date(date)}"
    elif precision is Precision.MONTH:
        text = f"{calendar.month_name[date.month]} {date.year:04d}"
    elif precision is Precision.SEASON:
        season = next(name for name, month in _SEASONS.items() if month == date.month)
        text = f"{season} {date.year:04d}"
        if date.month == 12:
            text += f"/{(date.year + 1) % 100:02d}"
    elif precision is Precision.YEAR:
        text = f"{date.year:04d}"
    else:
        text = format_date(date)
    return approximately(text, approximate)


def period_last_day(date: dt.date, precision: Precision) -> dt.date:
    """The last day of the period that starts on ``date`` (a week: six days on)."""
    if precision is Precision.WEEK:
        return date + dt.timedelta(days=6)
    if precision is Precision.MONTH:
        return date.replace(day=calendar.monthrange(date.year, date.month)[1])
    if precision is Precision.SEASON:
        month = date.month + 2
        year = date.year + (month > 12)
        month = month - 12 if month > 12 else month
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    if precision is Precision.YEAR:
        return dt.date(date.year, 12, 31)
    return date


def show_when(
    date: dt.date,
    *,
    approximate: bool = False,
    precision: Precision = Precision.DAY,
    end: dt.date | None = None,
) -> str:
    """A chronology entry's date as every screen and document shows it.

    :func:`show_date`, and for a range (an entry with an end date) `` to `` and the end:
    ``03/03/2023 to 05/03/2023``, ``May 2016 to June 2016`` (an end that is the last day
    of a period of the start's precision is shown as that period).
    """
    text = show_date(date, approximate=approximate, precision=precision)
    if end is None:
        return text
    shown_end = format_date(end)
    if precision in (Precision.MONTH, Precision.YEAR):
        first = end.replace(day=1) if precision is Precision.MONTH else end.replace(day=1, month=1)
        if period_last_day(first, precision) == end:
            shown_end = show_date(first, precision=precision)
    return f"{text} to {shown_end}"


def parse_date(text: str, *, pivot: int = TWO_DIGIT_YEAR_PIVOT) -> tuple[dt.date, bool]:
    """Read a UK day-first date.

    A time in the same cell is allowed and ignored here (see :func:`parse_datetime_cell`).

    Args:
        text: The cell text, e.g. ``03/03/2023`` or ``c. 3rd March 2023``.
        pivot: Two-digit years below it are 20xx, the rest 19xx.

    Returns:
        The date and whether it is approximate (``?``, ``c.``, ``approx.``...).

    Raises:
        DateError: The text is empty, not a date, or an impossible or month-first date.
    """
    parsed = parse_datetime_cell(text, pivot=pivot)
    return parsed.date, parsed.approximate


def parse_datetime_cell(text: str, *, pivot: int = TWO_DIGIT_YEAR_PIVOT) -> ParsedDate:
    """Read a day date that may also hold a time, e.g. ``03/03/2023 14:20``.

    Args:
        text: The cell text.
        pivot: Two-digit years below it are 20xx, the rest 19xx.

    Returns:
        The date, the time (None when the cell has none) and whether it is approximate.

    Raises:
        DateError: The date or the time cannot be read without guessing, or the text
            names a period longer than a day (``May 2016``: see :func:`parse_entry_date`).
    """
    return _parse(text, pivot, vague=False)


def parse_entry_date(text: str, *, pivot: int = TWO_DIGIT_YEAR_PIVOT) -> ParsedDate:
    """Read a chronology entry's date: a day date, or a week, month, season or year
    (kept approximate, with its precision), or an Excel date number typed as text.

    Args:
        text: The cell text, e.g. ``22.05/16``, ``c. May 2016``, ``w/c 22/05/2016``.
        pivot: Two-digit years below it are 20xx, the rest 19xx.

    Returns:
        The date (the first day of the period), the time, approximation and precision.

    Raises:
        DateError: The text cannot be read without guessing.
    """
    return _parse(text, pivot, vague=True)


def parse_entry_range(
    text: str, *, pivot: int = TWO_DIGIT_YEAR_PIVOT
) -> tuple[ParsedDate, dt.date | None]:
    """Read a chronology entry's date as :func:`show_when` writes it: one date, or a range
    ``START to END`` (``03/03/2023 to 05/03/2023``, ``May 2016 to June 2016``).

    Returns:
        The start (as :func:`parse_entry_date`) and the range's last day (the last day of
        the end's period: ``June 2016`` ends on 30/06/2016), or None for one date.

    Raises:
        DateError: Either side cannot be read, or the range ends before it starts.
    """
    start_text, separator, end_text = text.partition(" to ")
    start = parse_entry_date(start_text if separator else text, pivot=pivot)
    if not separator:
        return start, None
    return start, range_end(start.date, parse_entry_date(end_text, pivot=pivot), end_text)


def range_end(start: dt.date, end: ParsedDate, text: str = "") -> dt.date:
    """The last day of a range from ``start`` to the date ``end`` names (its period's
    last day: an End Date of ``June 2016`` ends the range on 30/06/2016).

    Raises:
        DateError: The range ends before it starts (``text`` is quoted in the message).
    """
    last = period_last_day(end.date, end.precision)
    if last < start:
        reason = f"it is before the start date {format_date(start)}"
        shown = (text or show_date(end.date, precision=end.precision)).strip()
        raise DateError(f'invalid end date "{shown}": {reason}', reason=reason)
    return last


def _parse(text: str, pivot: int, *, vague: bool) -> ParsedDate:
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
        raise _invalid(text, _date_reason(day, month, year))

    approximate, core = _approximate(text)
    if not core:
        raise DateError("missing date", unreadable=True)
    parsed = _day(text, core, pivot, approximate)
    if parsed is None and vague:
        parsed = _vague(text, core, pivot)
        if parsed is not None and approximate and not parsed.approximate:
            parsed = parsed._replace(approximate=True)
    if parsed is None:
        raise _invalid(text, _unreadable_reason(core, vague=vague), unreadable=True)
    return parsed


# What an approximate date's markings can begin or end with: other text skips the patterns.
_MARK_FIRST = frozenset("?~cCaA")
_MARK_LAST = frozenset("?~).xXyYeEaA")


def _approximate(text: str) -> tuple[bool, str]:
    """Whether the text is marked approximate, and the text without its markings."""
    core = text.strip()
    if not core or (core[0] not in _MARK_FIRST and core[-1] not in _MARK_LAST):
        return False, core
    approximate = False
    for _ in range(3):  # "?c. 2016", "c. 03/03/2023 (approx)": a few markings at most
        lead = _APPROX_LEAD.match(core)
        trail = _APPROX_TRAIL.search(core)
        if lead is None and trail is None:
            break
        approximate = True
        if lead is not None:
            core = core[lead.end() :]
        trail = _APPROX_TRAIL.search(core)
        if trail is not None:
            core = core[: trail.start()]
        core = core.strip()
    return approximate, core


def _day(text: str, core: str, pivot: int, approximate: bool = False) -> ParsedDate | None:
    """A day date (and any time after it), None when the text is not one."""
    match = _NUMERIC.fullmatch(core) or _ISO.fullmatch(core)
    if match is not None:
        day, month = int(match["d"]), int(match["m"])
        year = _full_year(text, match["y"], pivot)
    else:
        match = _DAY_MONTH_NAME.fullmatch(core) or _MONTH_NAME_DAY.fullmatch(core)
        if match is None:
            return None
        day = int(match["d"])
        month = _MONTHS[match["mname"].lower()]
        year = _full_year(text, match["y"], pivot)
    date = _checked_date(text, year, month, day)
    time_text = match["time"]
    time = None
    if time_text:
        try:
            time = parse_time(time_text)
        except DateError as error:
            raise _invalid(text, _reason(error)) from None
    return ParsedDate(date, time, approximate)


def _vague(text: str, core: str, pivot: int) -> ParsedDate | None:
    """A week, month, season or year, or an Excel date number; None when none of these."""
    week = _WEEK_OF.fullmatch(core)
    if week is not None:
        rest = week["rest"]
        day = _day(text, rest, pivot)
        if day is None:
            raise _invalid(text, f'"{rest}" after w/c is not a date; write it like w/c 22/05/2016')
        return ParsedDate(day.date, day.time, False, Precision.WEEK)
    month_year = _MONTH_YEAR.fullmatch(core) or _MONTH_SPACE_YY.fullmatch(core)
    if month_year is not None:
        month = _MONTHS[month_year["mname"].lower()]
        digits = month_year.groupdict().get("y4") or month_year["y2"]
        year = _full_year(text, digits, pivot)
        return ParsedDate(_checked_date(text, year, month, 1), None, False, Precision.MONTH)
    numeric = _NUMERIC_MONTH_YEAR.fullmatch(core)
    if numeric is not None:
        month, year = int(numeric["m"]), int(numeric["y"])
        if not 1 <= month <= 12:
            raise _invalid(text, f"month {month} does not exist")
        return ParsedDate(_checked_date(text, year, month, 1), None, False, Precision.MONTH)
    season = _SEASON.fullmatch(core)
    if season is not None:
        return _season(text, season, pivot)
    year_only = _YEAR.fullmatch(core)
    if year_only is not None:
        year = int(year_only["y"])
        return ParsedDate(_checked_date(text, year, 1, 1), None, False, Precision.YEAR)
    serial = _EXCEL_SERIAL.fullmatch(core)
    if serial is not None:
        return _excel_serial(text, serial)
    return None


def _season(text: str, match: re.Match[str], pivot: int) -> ParsedDate:
    name = match["season"].lower()
    year = _full_year(text, match["y"], pivot)
    if name != "winter":
        if match["y2"]:
            raise _invalid(text, f"{name} is within one year; write it like {name} {year}")
        return ParsedDate(
            _checked_date(text, year, _SEASONS[name], 1), None, False, Precision.SEASON
        )
    if not match["y2"]:
        raise _invalid(
            text,
            f"which winter? write winter {year - 1}/{year % 100:02d} "
            f"or winter {year}/{(year + 1) % 100:02d}",
        )
    following = _full_year(text, match["y2"], pivot) if len(match["y2"]) == 4 else None
    if following is None:
        following = year + 1 if (year + 1) % 100 == int(match["y2"]) else -1
    if following != year + 1:
        raise _invalid(
            text, f"a winter runs into the next year; write winter {year}/{(year + 1) % 100:02d}"
        )
    return ParsedDate(_checked_date(text, year, 12, 1), None, False, Precision.SEASON)


def _excel_serial(text: str, match: re.Match[str]) -> ParsedDate:
    date = _EXCEL_EPOCH + dt.timedelta(days=int(match["n"]))
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise _invalid(text, "not a date; write it day-first, like 03/03/2023")
    time = None
    if match["f"] and int(match["f"]):
        minutes = min(round(float("0." + match["f"]) * 24 * 60), 24 * 60 - 1)
        time = dt.time(minutes // 60, minutes % 60)
    shown = format_date(date) + (f" {time.strftime('%H:%M')}" if time else "")
    note = f'"{match.group(0)}" read as an Excel date number: {shown}'
    return ParsedDate(date, time, note=note)


def _checked_date(text: str, year: int, month: int, day: int) -> dt.date:
    if not (MIN_YEAR <= year <= MAX_YEAR) or not 1 <= month <= 12:
        raise _invalid(text, _date_reason(day, month, year))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _invalid(text, _date_reason(day, month, year)) from None


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
                raise _bad_time(stripped, "not a time; write it like 14:20 or 2.20pm", True)
            hour, minute, second = int(match["h"]), 0, 0
            ampm = match["ampm"]

    if ampm:
        if not 1 <= hour <= 12:
            raise _bad_time(stripped, f"hour {hour} does not exist with am/pm")
        is_pm = ampm[0].lower() == "p"
        hour = hour % 12 + (12 if is_pm else 0)
    if hour > 23:
        raise _bad_time(stripped, f"hour {hour} does not exist")
    if minute > 59:
        raise _bad_time(stripped, f"minute {minute} does not exist")
    if second > 59:
        raise _bad_time(stripped, f"second {second} does not exist")
    return dt.time(hour, minute, second)


def format_date(date: dt.date) -> str:
    """A date as the messages and the UK reader show it: ``03/03/2023``."""
    return f"{date.day:02d}/{date.month:02d}/{date.year:04d}"


def _reason(error: DateError) -> str:
    # A time inside a date cell reads better as 'invalid date "X": time "Y": reason'.
    return str(error).removeprefix("invalid ")


def _bad_time(text: str, reason: str, unreadable: bool = False) -> DateError:
    return DateError(f'invalid time "{text}": {reason}', reason=reason, unreadable=unreadable)


def _invalid(text: str, reason: str, *, unreadable: bool = False) -> DateError:
    return DateError(
        f'invalid date "{text.strip()}": {reason}', reason=reason, unreadable=unreadable
    )


def _full_year(text: str, digits: str, pivot: int = TWO_DIGIT_YEAR_PIVOT) -> int:
    if len(digits) == 2:
        short = int(digits)
        return 2000 + short if short < pivot else 1900 + short
    if len(digits) == 4:
        return int(digits)
    raise _invalid(text, f'year "{digits}" must have 4 digits (or 2, like 23)')


def _date_reason(day: int, month: int, year: int) -> str:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"year {year} is out of range ({MIN_YEAR} to {MAX_YEAR})"
    if month > 12:
        if 1 <= day <= 12:
            return (
                f"month {month} does not exist; dates must be day-first "
                f"(DD/MM/YYYY) and this looks month-first"
            )
        return f"month {month} does not exist"
    if month < 1:
        return f"month {month} does not exist"
    if day < 1:
        return f"day {day} does not exist"
    days = calendar.monthrange(year, month)[1]
    return f"{calendar.month_name[month]} {year} has {days} days"


def _unreadable_reason(core: str, *, vague: bool) -> str:
    if _MONTH_YEAR_ONLY.fullmatch(core):
        month, number = core.replace(",", " ").replace(".", " ").split()
        if vague and len(number) == 2:  # "May 16": the 16th of May, or May 2016?
            day, year = int(number), _full_year(core, number)
            return (
                f"the {day}{_ordinal(day)} of {month}, or {month} {year}? "
                f"write {day} {month} and its year for the day, or {month} {year} for the month"
            )
        if not vague:
            return (
                f"no day of the month; give a day and mark it approximate, "
                f"e.g. {APPROXIMATE} 01/03/2023"
            )
    return "not a date; write it day-first, like 03/03/2023"


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
