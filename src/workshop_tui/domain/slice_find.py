"""Finding a row in the chronology slice by a date or some words: pure, no Textual."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from workshop_tui.domain.dates import DateError, Precision, parse_entry_date
from workshop_tui.domain.filtering import search_blob
from workshop_tui.domain.models import ChronologyEntry


def query_date(query: str) -> tuple[dt.date, bool] | None:
    """The date a find asks for, read by the one date grammar (:mod:`.dates`):
    ``12/03/2024``, ``12/3/24``, ``2024-03-12``, ``12 Mar 2024``, or a month ``03/2024``,
    ``March 2024`` (then the bool is True); None when the query is not a day or a month
    (a bare ``2024`` or ``44988`` is searched for as words)."""
    try:
        parsed = parse_entry_date(query)
    except DateError:
        return None
    if parsed.note or parsed.precision not in (Precision.DAY, Precision.MONTH):
        return None
    return parsed.date, parsed.precision is Precision.MONTH


def find_row(
    rows: Sequence[ChronologyEntry],
    query: str,
    start: int = 0,
    label: Callable[[ChronologyEntry], str] | None = None,
) -> int | None:
    """The row a find moves the cursor to, or None when nothing matches.

    A date (see :func:`query_date`) finds the first row on that date (or in that month),
    else the first dated row after it. Words find the next row, from ``start`` and
    wrapping round, whose text holds every word (case-insensitive).

    Args:
        rows: The entries shown, row by row.
        query: What was typed.
        start: Where a word search begins (the row after the cursor, to find the next).
        label: Extra text searched for each entry (say, its agency's name).
    """
    if not query.strip() or not rows:
        return None
    asked = query_date(query)
    if asked is not None:
        day, whole_month = asked
        after: tuple[dt.date, int] | None = None
        for row, entry in enumerate(rows):
            if entry.date is None:
                continue
            if entry.date == day or (
                whole_month and (entry.date.year, entry.date.month) == (day.year, day.month)
            ):
                return row
            if entry.date > day and (after is None or entry.date < after[0]):
                after = (entry.date, row)
        return None if after is None else after[1]
    words = query.lower().split()
    count = len(rows)
    for step in range(count):
        row = (start + step) % count
        entry = rows[row]
        blob = search_blob(entry)
        if label is not None:
            blob = f"{blob}\n{label(entry).lower()}"
        if all(word in blob for word in words):
            return row
    return None
