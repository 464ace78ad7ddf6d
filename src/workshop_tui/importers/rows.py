"""One chronology row, from any reader, to one ChronologyEntry (or a bad row kept whole).

Readers hand over cells as they arrived: text from CSV and Word, typed values
(dates, numbers) from Excel. Everything here is shared so that a row means the
same thing whatever file it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from workshop_tui.domain.dates import (
    DateError,
    ParsedDate,
    Precision,
    parse_entry_date,
    parse_time,
    period_last_day,
    range_end,
)
from workshop_tui.domain.models import ChronologyEntry, construct_entry
from workshop_tui.domain.problems import Problem, Severity
from workshop_tui.importers.headers import HeaderMap

# Only a vertical tab (Excel's and Word's line break inside a cell) and a carriage
# return are normalised; NUL is removed (see clean_text); every other character an
# agency sent, ESC sequences, C1 controls and bidi overrides included, is kept as it
# is: the display and the exporters make them visible, the database and the archive
# hold the original.

# Controls that str.strip() counts as white space (file/group/record/unit separators, NEL):
# kept at the ends of a cell too, so that stripping removes only spaces and line breaks.
_SPACE_LIKE_CONTROL = re.compile(r"[\x1c-\x1f\x85]")
_EDGE_SPACE = re.compile(r"^[^\S\x1c-\x1f\x85]+|[^\S\x1c-\x1f\x85]+$")

#: The fields read as free text (cleaned, may be empty).
TEXT_FIELDS = ("practitioner", "event", "outcome", "analysis")

MAX_CELL_CHARS = 64 * 1024 * 1024
"""The longest cell an entry takes as it is. A longer one (the size of a book: most often
rows joined by a stray quote mark) is kept whole, and its entry needs attention with the
column and the size named, in every reader and in ``check`` and ``import`` alike."""


def clean_text(text: str) -> str:
    """Cell text tidied, and otherwise exactly as the agency sent it.

    Stripped of leading and trailing white space; ``\\r\\n``, ``\\r`` and the vertical
    tab (a line break inside an Excel or Word cell) become ``\\n``. NUL characters are
    removed: they mean nothing in text, and SQLite's own functions and other readers of
    the database stop at them, hiding the rest of the cell. The caller reports their
    removal (:meth:`RowBuilder.add` warns with the file and line). Every other control
    character, C1 control and bidi override stays.
    """
    # Three scans in C: quicker than a pattern's look at every character of every cell.
    if "\r" in text or "\x0b" in text or "\x00" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
        text = text.replace("\x00", "")
    stripped = text.strip()
    if len(stripped) != len(text) and _SPACE_LIKE_CONTROL.search(text) is not None:
        return _EDGE_SPACE.sub("", text)
    return stripped


def cell_text(value: object) -> str:
    """Any cell value as text: Excel dates in ISO form, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


@dataclass(slots=True)
class RowResult:
    """What the rows of one file became: entries (bad rows included) and their problems.

    ``header_maps`` holds, per file part read (``""`` for CSV, a sheet, ``table N``), the
    header map its rows were read with, for the warnings about columns and for remapping.
    """

    entries: list[ChronologyEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    header_maps: list[tuple[str, HeaderMap]] = field(default_factory=list)
    repeated_headers: list[tuple[str, int]] = field(default_factory=list)
    """Where a row repeating the header row was passed over (file[part], line)."""


class RowBuilder:
    """Turns rows under one header row into entries for one agency and file part."""

    def __init__(
        self,
        agency: str,
        source_file: str,
        source_part: str,
        header_map: HeaderMap,
        *,
        may_hold_nul: bool = True,
        may_hold_long_cells: bool = True,
    ) -> None:
        self.agency = agency
        # False spares every row a search for NUL when the whole file holds none.
        self.may_hold_nul = may_hold_nul
        # False (a file shorter than the cell limit) spares every row measuring its cells.
        self.may_hold_long_cells = may_hold_long_cells
        self.source_file = source_file
        self.source_part = source_part
        self.header_map = header_map
        columns = header_map.columns
        self._date = columns["date"]
        self._time = columns.get("time")
        self._end = columns.get("end_date")
        # A header row repeated below (a Word table continued across pages, files joined
        # end to end) is recognised by its date cell first, then as a whole.
        self._header_date = header_map.headers[self._date] if header_map.headers else ""
        self._header_texts = list(header_map.headers)
        self._fields = [(name, columns[name]) for name in TEXT_FIELDS if name in columns]
        self._extra = header_map.extra
        self._prefix = f"{source_file}[{source_part}]" if source_part else source_file
        # The dates read from the cells' texts: a file's rows share their dates (a few
        # entries a day), and reading one is a pure function of its text. Held for the
        # latest few thousand texts only, so a file of many dates does not grow it.
        self._dates: dict[str, ParsedDate] = {}

    def add(self, cells: Sequence[object], line: int, result: RowResult) -> None:
        """Add the row's entry (and its problem, for a bad row) to ``result``; skip a blank row.

        Args:
            cells: The row's cell values, one per column (strings or Excel values).
            line: CSV: the physical line where the record starts; otherwise the row number.
            result: Where the entry and any problem go.
        """
        texts = [
            clean_text(value) if value.__class__ is str else cell_text(value) for value in cells
        ]
        if not any(texts):
            return
        if (
            self._date < len(texts)
            and texts[self._date] == self._header_date
            and [t for t in texts if t] == [h for h in self._header_texts if h]
        ):
            result.repeated_headers.append((self._prefix, line))
            return
        nul = (
            sum(value.count("\x00") for value in cells if value.__class__ is str)
            if self.may_hold_nul
            else 0
        )
        if nul:
            result.problems.append(
                Problem(
                    f"{self._prefix}:{line}",
                    f"{nul} NUL character{'s' if nul > 1 else ''} (\\x00) removed from this "
                    "row: they carry no text, and readers of the database stop at them",
                    Severity.WARNING,
                )
            )
        count = len(texts)
        date_value = cells[self._date] if self._date < count else None
        error: str | None = None
        parsed: ParsedDate | None = None
        time: dt.time | None = None
        end_date: dt.date | None = None
        try:
            date_text = texts[self._date] if self._date < count else ""
            if date_value is None or date_value.__class__ is str:
                parsed = self._dates.get(date_text)
                if parsed is None:
                    parsed = parse_entry_date(date_text)  # as _date_of reads a text
                    if len(self._dates) >= _DATES_HELD:
                        self._dates.clear()
                    self._dates[date_text] = parsed
            else:
                parsed = _date_of(date_value, date_text)
            time = parsed.time
            if self._time is not None and self._time < count and texts[self._time]:
                column_time = _time_of(cells[self._time], texts[self._time])
                if time is not None and column_time is not None and time != column_time:
                    raise DateError(
                        f"time {column_time.strftime('%H:%M')} in the time column differs "
                        f'from {time.strftime("%H:%M")} in the date cell "{texts[self._date]}"'
                    )
                time = column_time or time
            if self._end is not None and self._end < count and texts[self._end]:
                end_date = _end_of(parsed, cells[self._end], texts[self._end])
        except DateError as problem:
            error = str(problem)
        oversized = _oversized(texts) if self.may_hold_long_cells else None
        if oversized is not None:
            index, size = oversized
            error = (
                f'the cell in column "{self.header_map.key(index)}" holds {size:,} characters; '
                f"the limit is {MAX_CELL_CHARS:,}. The row is kept whole; check it (a missing "
                "quote mark can join many rows into one cell)"
            )

        values: dict[str, str] = {
            name: texts[index] if index < count else "" for name, index in self._fields
        }
        extra = {key: texts[index] for index, key in self._extra if index < count and texts[index]}
        for index in range(len(self.header_map.headers), count):
            if texts[index]:
                extra[self.header_map.key(index)] = texts[index]
        date: dt.date | None = None
        approximate = False
        precision = Precision.DAY
        if error is None and parsed is not None:
            date, approximate, precision = parsed.date, parsed.approximate, parsed.precision
            raw: dict[str, str] = {}
            if parsed.note:
                result.problems.append(
                    Problem(f"{self._prefix}:{line}", parsed.note, Severity.WARNING)
                )
        else:
            time = end_date = None
            raw = {self.header_map.key(index): text for index, text in enumerate(texts)}
            result.problems.append(Problem(f"{self._prefix}:{line}", error or "missing date"))
        # Every value was checked above, so the entry is built without revalidating each cell.
        result.entries.append(
            construct_entry(
                {
                    "id": None,
                    "agency": self.agency,
                    "date": date,
                    "time": time,
                    "date_approximate": approximate,
                    "date_precision": precision,
                    "end_date": end_date,
                    "practitioner": values.get("practitioner", ""),
                    "event": values.get("event", ""),
                    "outcome": values.get("outcome", ""),
                    "analysis": values.get("analysis", ""),
                    "source_file": self.source_file,
                    "source_part": self.source_part,
                    "source_line": line,
                    "extra": extra,
                    "duplicate_group": None,
                    "duplicate_confirmed": False,
                    "flags": [],
                    "in_period": True,
                    "error": error,
                    "raw": raw,
                }
            )
        )


#: How many date texts a RowBuilder keeps read (see ``RowBuilder._dates``).
_DATES_HELD = 4096


def _oversized(texts: list[str]) -> tuple[int, int] | None:
    """The first cell longer than :data:`MAX_CELL_CHARS` (its index and length), if any."""
    if max(map(len, texts), default=0) <= MAX_CELL_CHARS:  # every row: the quick answer
        return None
    for index, text in enumerate(texts):
        if len(text) > MAX_CELL_CHARS:
            return index, len(text)
    return None


def _date_of(value: object, text: str) -> ParsedDate:
    if isinstance(value, dt.datetime):
        moment = value.time()
        return ParsedDate(value.date(), None if moment == dt.time(0, 0) else moment)
    if isinstance(value, dt.date):
        return ParsedDate(value)
    if isinstance(value, int | float):  # bool included: it is an int
        raise DateError(
            f'invalid date "{text}": a number, not a date; format the cell as a date in Excel'
        )
    if isinstance(value, dt.time):
        raise DateError(f'invalid date "{text}": a time with no date')
    return parse_entry_date(text)


def _end_of(start: ParsedDate, value: object, text: str) -> dt.date | None:
    """The last day of a range from ``start`` to the End Date cell; None when it is the
    start's own day (a one-day entry with its end filled in)."""
    try:
        end = _date_of(value, text)
    except DateError as error:
        raise DateError(f"end date: {error}") from None
    last = range_end(start.date, end, text)
    own = start.date
    if start.precision is not Precision.DAY:
        own = period_last_day(start.date, start.precision)
    return None if last == own else last


def _time_of(value: object, text: str) -> dt.time | None:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value.replace(microsecond=0)
    return parse_time(text)


def repeated_header_warnings(result: RowResult) -> list[Problem]:
    """One warning per file part whose header row is repeated among its rows (a Word
    table continued across pages, files joined end to end), naming those rows: they
    were passed over, holding nothing but the headers."""
    lines: dict[str, list[int]] = {}
    for where, line in result.repeated_headers:
        lines.setdefault(where, []).append(line)
    warnings = []
    for where, found in lines.items():
        shown = ", ".join(str(line) for line in found[:10]) + (", ..." if len(found) > 10 else "")
        what = f"row {shown} repeats" if len(found) == 1 else f"rows {shown} repeat"
        warnings.append(
            Problem(
                f"{where}:{found[0]}",
                f"{what} the header row; passed over (a table continued across pages?)",
                Severity.WARNING,
            )
        )
    return warnings


def preamble_warning(location: str, skipped: list[int], header_line: int) -> list[Problem]:
    """The warning for rows with text above the header row (a title, guidance, the case
    details), naming them: they were read as preamble, not as entries."""
    if not skipped:
        return []
    shown = ", ".join(str(line) for line in skipped)
    what = f"row {shown}" if len(skipped) == 1 else f"rows {shown}"
    return [
        Problem(
            location,
            f"{what} above the header row (row {header_line}) skipped as a title or "
            "guidance, not entries; if one is an entry, move it below the header row",
            Severity.WARNING,
        )
    ]
