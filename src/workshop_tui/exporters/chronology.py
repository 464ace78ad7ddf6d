"""The merged chronology as a landscape Word document for circulating before the workshop."""

from __future__ import annotations

from workshop_tui.domain.models import ChronologyEntry, ReviewData
from workshop_tui.domain.settings import Settings

from .blocks import Document, details
from .review_view import ReviewView
from .text import hhmm, period, plural, uk_date


def build_chronology(data: ReviewData, settings: Settings | None = None) -> Document:
    """Every entry in merged order, with where it came from and what needs attention."""
    view = ReviewView(data, settings)
    review = data.review
    doc = Document(
        title=f"Merged chronology: {review.title}",
        marking=review.marking,
        footer_label=f"{review.reference} merged chronology",
        landscape=True,
        header_label=view.partnership,
    )
    doc.blocks.append(
        details(
            ("Partnership", view.partnership),
            ("Review", f"{review.title} ({review.reference})"),
            ("Subject", review.subject),
            ("Period under review", period(review.period_start, review.period_end)),
            ("Workshop", uk_date(review.workshop_date)),
            (
                "Entries",
                f"{plural(len(data.entries), 'entry', 'entries')} from "
                f"{plural(len(view.entry_counts), 'agency', 'agencies')}",
            ),
        )
    )
    doc.para(
        "Entries are in date order. Where agencies recorded the same event, each account is "
        "kept and marked with the same group number. Entries marked as needing attention "
        "could not be dated from the agency's return and are listed last."
    )
    if not data.entries:
        doc.note("No chronology entries were recorded.")
        return doc
    doc.table(
        [
            ("Date", 2.2),
            ("Time", 1.2),
            ("Agency", 3.0),
            ("Practitioner", 2.8),
            ("Event", 7.0),
            ("Outcome", 4.2),
            ("Analysis", 4.0),
            ("Notes", 3.2),
        ],
        [entry_row(view, e, full=True) for e in data.entries],
    )
    return doc


def entry_row(view: ReviewView, e: ChronologyEntry, *, full: bool = False) -> tuple[str, ...]:
    """One chronology entry as table cells, for this document and the appendices.

    The cells are date, time, agency, practitioner, event, outcome, the agency's
    analysis, and notes last: the entry's flags, its duplicate group and anything that
    needs attention. In the ``full`` chronology the notes also say which file and line
    the entry came from, one note a line; in the appendix to the minutes and the report
    (dated entries in the review period only) they share one line.
    """
    notes = [str(f).capitalize() for f in e.flags]
    if e.duplicate_group is not None:
        notes.append(f"Same event: group {e.duplicate_group}")
    if not e.in_period:
        notes.append("Outside the review period")
    if e.error:
        notes.append(f"Needs attention: {e.error}")
    event = e.event
    if e.error and not event and e.raw:
        event = "; ".join(f"{k}: {v}" for k, v in e.raw.items() if v)
    cells = (
        e.when,
        hhmm(e.time),
        view.agency_name(e.agency),
        e.practitioner,
        event,
        e.outcome,
    )
    if not full:
        return (*cells, e.analysis, "; ".join(notes))
    if e.source_file:
        notes.append(f"Source: {e.location}")
    return (*cells, e.analysis, "\n".join(notes))
