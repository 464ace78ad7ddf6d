"""The workshop's agenda and clock, as pure functions: what the chair's screens and the
minutes say about time, and the short names the chronology slice shows for agencies."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workshop_tui.domain.models import Agency, Kloe, WorkshopLogEntry

NOT_DISCUSSED_UNDER = dt.timedelta(minutes=1)
"""A KLOE moved past in less than this, with nothing captured, was not discussed."""

_BRACKETED = re.compile(r"\s*\([^)]*\)")


def kloe_time_spent(log: Iterable[WorkshopLogEntry], kloe_id: int | None) -> dt.timedelta:
    """Time spent on a KLOE in its stretches that have ended."""
    total = dt.timedelta()
    for entry in log:
        if entry.kloe_id == kloe_id and kloe_id is not None and entry.ended_at is not None:
            total += entry.ended_at - entry.started_at
    return max(total, dt.timedelta())


def not_discussed(
    kloe: Kloe, log: Sequence[WorkshopLogEntry], *, captured: bool, workshop_over: bool = False
) -> bool:
    """Whether the room moved past a KLOE without discussing it.

    A KLOE was not discussed when nothing was captured for it and either it was opened
    and left again within a minute, or the workshop ended without ever opening it.

    Args:
        kloe: The KLOE.
        log: The review's workshop log.
        captured: Whether anything (a perspective, finding, action, escalation) was
            captured for the KLOE.
        workshop_over: Whether the workshop has ended (a KLOE never opened is then not
            discussed; before that it may still come).
    """
    if captured or kloe.id is None:
        return False
    stretches = [entry for entry in log if entry.kloe_id == kloe.id]
    if not stretches:
        return workshop_over and any(entry.kloe_id is None for entry in log)
    if any(entry.ended_at is None for entry in stretches):
        return False  # still open
    return kloe_time_spent(stretches, kloe.id) < NOT_DISCUSSED_UNDER


def workshop_elapsed(log: Iterable[WorkshopLogEntry], now: dt.datetime) -> dt.timedelta | None:
    """Time since the workshop first started (to its end, once ended); None before it starts."""
    rows = [entry for entry in log if entry.kloe_id is None]
    if not rows:
        return None
    start = min(entry.started_at for entry in rows)
    ends = [entry.ended_at for entry in rows]
    end = now if any(e is None for e in ends) else max(e for e in ends if e is not None)
    return max(end - start, dt.timedelta())


def agenda_minutes(kloes: Iterable[Kloe]) -> int:
    """The KLOEs' time boxes added up, in minutes."""
    return sum(kloe.minutes for kloe in kloes)


def agenda_summary(kloes: Sequence[Kloe], workshop_minutes: int | None) -> str:
    """``Time boxes: 1 h 50 min of the workshop's 3 h 00 min (10 min spare)``."""
    total = agenda_minutes(kloes)
    text = f"Time boxes: {hours_minutes(total)} for {len(kloes)} KLOEs"
    if workshop_minutes is None:
        return text + " (set the workshop's length in the details to check it fits)"
    spare = workshop_minutes - total
    if spare >= 0:
        return f"{text}, of the workshop's {hours_minutes(workshop_minutes)} ({spare} min spare)"
    return f"{text}: {-spare} min more than the workshop's {hours_minutes(workshop_minutes)}"


def hours_minutes(minutes: int) -> str:
    """``1 h 05 min``, or ``45 min`` under an hour."""
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    if minutes < 60:
        return f"{sign}{minutes} min"
    return f"{sign}{minutes // 60} h {minutes % 60:02d} min"


def short_agency_names(agencies: Sequence[Agency]) -> dict[str, str]:
    """A short display name per agency key: the name without bracketed asides, and
    without the place name most of the review's agencies share (``Ashbourne Vale
    Police`` among other ``Ashbourne Vale`` agencies is ``Police``).

    The name is kept whole when shortening would leave nothing.
    """
    trimmed = {a.key: _BRACKETED.sub("", a.name).strip() or a.name for a in agencies}
    prefix = _shared_prefix(list(trimmed.values()))
    short: dict[str, str] = {}
    for key, name in trimmed.items():
        words = name.split()
        if prefix and words[: len(prefix)] == prefix and len(words) > len(prefix):
            name = " ".join(words[len(prefix) :])
        short[key] = name
    return short


def _shared_prefix(names: Sequence[str]) -> list[str]:
    """The longest run of leading words that at least half the names (and two) start with."""
    if len(names) < 2:
        return []
    best: list[str] = []
    for name in names:
        words = name.split()
        for length in range(len(words) - 1, 0, -1):
            prefix = words[:length]
            sharing = sum(1 for other in names if other.split()[:length] == prefix)
            if sharing >= 2 and sharing * 2 >= len(names) and length > len(best):
                best = prefix
                break
    return best


def clock_text(span: dt.timedelta) -> str:
    """``1:05`` (hours:minutes) for a span of time, whole minutes."""
    minutes = max(0, int(span.total_seconds()) // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def overall_time_text(
    elapsed: dt.timedelta | None,
    workshop_minutes: int | None,
    agenda_total: int,
    *,
    ended: bool = False,
) -> str:
    """The whole workshop's clock for the chair: ``Workshop 0:42 of 3:00 · 2:18 left``.

    Before the workshop starts it says how long the agenda is; without a length set
    it gives the elapsed time against the KLOEs' time boxes added up.
    """
    if elapsed is None:
        text = f"Workshop not started · time boxes {clock_text(dt.timedelta(minutes=agenda_total))}"
        if workshop_minutes is not None:
            text += f" of {clock_text(dt.timedelta(minutes=workshop_minutes))}"
        return text
    if ended:
        text = f"Workshop ended after {clock_text(elapsed)}"
        if workshop_minutes is None:
            return text
        return f"{text} (planned {clock_text(dt.timedelta(minutes=workshop_minutes))})"
    if workshop_minutes is None:
        boxes = clock_text(dt.timedelta(minutes=agenda_total))
        return f"Workshop {clock_text(elapsed)} elapsed · time boxes add up to {boxes}"
    length = dt.timedelta(minutes=workshop_minutes)
    text = f"Workshop {clock_text(elapsed)} of {clock_text(length)}"
    # Whole minutes on both sides, so that elapsed and left add up to the length.
    spent = dt.timedelta(minutes=int(elapsed.total_seconds()) // 60)
    if spent <= length:
        return f"{text} · {clock_text(length - spent)} left"
    return f"{text} · {clock_text(spent - length)} over"


BREAK_MINUTES = 15
"""A comfort break in the workshop's timetable."""
BREAK_AFTER = 90
"""At most this many minutes of KLOEs run without a break (unless one KLOE is longer)."""


@dataclass(frozen=True, slots=True)
class Slot:
    """One stretch of the workshop's timetable: a KLOE's time box, or a break."""

    offset: int
    """Minutes from the workshop's start."""
    minutes: int
    kloe: Kloe | None = None
    """None for a break."""

    @property
    def end(self) -> int:
        """Minutes from the start to the end of this slot."""
        return self.offset + self.minutes

    def starts_at(self, start: dt.time) -> dt.time:
        """The clock time this slot starts at, for a workshop starting at ``start``."""
        return _after(start, self.offset)

    def ends_at(self, start: dt.time) -> dt.time:
        """The clock time this slot ends at, for a workshop starting at ``start``."""
        return _after(start, self.end)


def _after(start: dt.time, minutes: int) -> dt.time:
    return (dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes)).time()


def timetable(kloes: Iterable[Kloe]) -> list[Slot]:
    """The workshop's timetable: each KLOE's time box in order, with a break of
    :data:`BREAK_MINUTES` wherever the next KLOE would take the time since the last
    break (or the start) past :data:`BREAK_AFTER` minutes. Never a break first or last.
    """
    slots: list[Slot] = []
    offset = since_break = 0
    for kloe in kloes:
        if since_break and since_break + kloe.minutes > BREAK_AFTER:
            slots.append(Slot(offset, BREAK_MINUTES))
            offset += BREAK_MINUTES
            since_break = 0
        slots.append(Slot(offset, kloe.minutes, kloe))
        offset += kloe.minutes
        since_break += kloe.minutes
    return slots


def timetable_minutes(kloes: Iterable[Kloe]) -> int:
    """How long the workshop runs: the KLOEs' time boxes plus the timetable's breaks."""
    slots = timetable(kloes)
    return slots[-1].end if slots else 0
