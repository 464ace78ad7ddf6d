"""What the documents sent before the workshop share: the preparation prompts, the
workshop's arrangements and its timetable (terms of reference, invitation, participant
pack)."""

from __future__ import annotations

import datetime as dt

from workshop_tui.domain.agenda import Slot, timetable, timetable_minutes
from workshop_tui.domain.models import Review, ReviewData

from .blocks import Document, spans
from .errors import ExportError
from .text import duration, hhmm, uk_date

PREPARATION_INTRO = (
    "Before the workshop, please review your own and your agency's involvement with the "
    "child and family during the period under review, using your records and the "
    "chronology your agency provided. Think about:"
)
PREPARATION_PROMPTS: tuple[str, ...] = (
    "Key interventions and opportunities for intervention: the points where you or your "
    "agency acted, or could have acted, to keep the child safe.",
    "Actions and decision-making: what you did and decided, what you knew at the time, "
    "and what informed those decisions.",
    "What helped or hindered your practice: workload, supervision, information from other "
    "agencies, procedures and systems.",
    "What you would want the partnership to learn or change.",
)
PREPARATION_CLOSE = (
    "The workshop looks at the system, not at individual blame: come ready to say what you "
    "knew and thought at the time. You do not need to bring case files."
)


def preparation(doc: Document) -> None:
    """The preparation prompts, as a paragraph, bullets and a closing paragraph."""
    doc.para(PREPARATION_INTRO)
    doc.bullets([spans(prompt) for prompt in PREPARATION_PROMPTS])
    doc.para(PREPARATION_CLOSE)


def preparation_text() -> str:
    """The preparation prompts as plain text (an invitation's description)."""
    lines = [PREPARATION_INTRO, *(f"- {p}" for p in PREPARATION_PROMPTS), PREPARATION_CLOSE]
    return "\n".join(lines)


def slot_title(slot: Slot) -> str:
    """``KLOE 2: Information sharing`` or ``Break``."""
    return f"KLOE {slot.kloe.number}: {slot.kloe.title}" if slot.kloe else "Break"


def timetable_rows(data: ReviewData) -> list[tuple[str, str, str]]:
    """The timetable as (time, item, length) rows; times as ``09:30 to 10:00`` when the
    start is set, otherwise from the start (``0:00 to 0:30``)."""
    start = data.review.workshop_start
    rows = []
    for slot in timetable(data.kloes):
        if start is not None:
            when = f"{hhmm(slot.starts_at(start))} to {hhmm(slot.ends_at(start))}"
        else:
            when = f"{_clock(slot.offset)} to {_clock(slot.end)} from the start"
        rows.append((when, slot_title(slot), duration(slot.minutes)))
    return rows


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


TIMETABLE_COLUMNS = [("Time", 4.2), ("Item", 10.0), ("Length", 3.3)]


def timetable_table(doc: Document, data: ReviewData) -> None:
    """The timetable as a table, or a note that there are no KLOEs yet."""
    rows = timetable_rows(data)
    if not rows:
        doc.note("No key lines of enquiry have been set yet, so there is no timetable.")
        return
    doc.table(TIMETABLE_COLUMNS, rows)


def workshop_minutes(data: ReviewData) -> int | None:
    """How long the workshop runs: the KLOEs' time boxes plus breaks; the review's planned
    length when it has no KLOEs; None when neither is known."""
    if data.kloes:
        return timetable_minutes(data.kloes)
    return data.review.workshop_minutes


def workshop_times(review: Review, minutes: int | None) -> str:
    """``09:30 to 13:00``, ``09:30`` without a length, or empty without a start."""
    if review.workshop_start is None:
        return ""
    start = hhmm(review.workshop_start)
    if minutes is None:
        return start
    end = dt.datetime.combine(dt.date(2000, 1, 1), review.workshop_start) + dt.timedelta(
        minutes=minutes
    )
    return f"{start} to {end:%H:%M}"


def arrangements(data: ReviewData) -> list[tuple[str, str]]:
    """The workshop's date, time, place and chair, each "Not set yet" when unknown."""
    review = data.review
    minutes = workshop_minutes(data)
    times = workshop_times(review, minutes)
    if times and minutes is not None:
        times += f" ({duration(minutes)}, breaks included)"
    return [
        ("Date", uk_date(review.workshop_date) or "Not set yet"),
        ("Time", times or "Not set yet"),
        ("Place", review.location or "Not set yet"),
        ("Chair", review.lead_reviewer or "Not set yet"),
    ]


def missing_for_invitation(data: ReviewData) -> list[str]:
    """What the review lacks for a calendar invitation (empty when nothing)."""
    review = data.review
    missing = []
    if review.workshop_date is None:
        missing.append("no workshop date")
    if review.workshop_start is None:
        missing.append("no start time")
    if workshop_minutes(data) is None:
        missing.append("no KLOEs with time boxes and no planned length")
    return missing


def require_workshop_details(data: ReviewData, what: str) -> tuple[dt.date, dt.time, int]:
    """The workshop's date, start and length in minutes, for ``what`` (the invitation).

    Raises:
        ExportError: naming everything that is missing and where to set it.
    """
    missing = missing_for_invitation(data)
    review = data.review
    if missing:
        raise ExportError(
            f"the {what} needs the workshop's date, start time and length; this review has "
            f"{_and_list(missing)}: set them on Prepare (Details: e), or in case.toml "
            "(workshop_date, workshop_start), and add the KLOEs with their time boxes; "
            "nothing was written"
        )
    minutes = workshop_minutes(data)
    assert review.workshop_date and review.workshop_start and minutes is not None
    return review.workshop_date, review.workshop_start, minutes


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
