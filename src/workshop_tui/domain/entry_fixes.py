"""Which fields of a chronology entry a person may correct, and what a correction does.

The same fields are the ones reading an agency's columns again (a remap) rewrites,
and a field a person corrected by hand is one a remap keeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from workshop_tui.domain.chronology import mark_in_period
from workshop_tui.domain.models import ChronologyEntry

ENTRY_FIXABLE: tuple[str, ...] = (
    "date",
    "time",
    "date_approximate",
    "date_precision",
    "end_date",
    "practitioner",
    "event",
    "outcome",
    "analysis",
)
"""The fields a person may correct by hand (``fix_entry``)."""

ENTRY_CORRECTED = frozenset({*ENTRY_FIXABLE, "error"})
"""Fields whose audited update means a person corrected them by hand (fixing an entry
clears its ``error``)."""

REMAPPED_FIELDS: tuple[str, ...] = (*ENTRY_FIXABLE, "extra", "error")
"""The entry fields a remap may change (the rest, ids, flags and links, never change)."""


def check_fixable(fields: Mapping[str, object]) -> None:
    """Raises ValueError naming any field a person may not correct."""
    unknown = set(fields) - set(ENTRY_FIXABLE)
    if unknown:
        raise ValueError(f"cannot fix {', '.join(sorted(unknown))} on an entry")


def fixed_entry(
    old: ChronologyEntry,
    fields: Mapping[str, object],
    period_start: dt.date | None,
    period_end: dt.date | None,
) -> ChronologyEntry:
    """``old`` corrected by hand with ``fields``: validated, its ``error`` cleared (the raw
    cells are kept) and ``in_period`` marked again against the review period.

    Raises:
        ValueError: a field that may not be fixed, an invalid value, or no date.
    """
    check_fixable(fields)
    values = old.model_dump()
    if "date" in fields:  # a new date is one day unless its precision and end come with it
        values["date_precision"] = "day"
        values["end_date"] = None
    values.update(fields)
    values["error"] = None
    # pydantic's ValidationError is a ValueError
    new = ChronologyEntry.model_validate(values)
    if new.date is None:
        raise ValueError("an entry needs a date")
    mark_in_period([new], period_start, period_end)
    return new
