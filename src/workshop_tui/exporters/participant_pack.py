"""The participant pack: one Word document per agency, for its practitioners and managers
to read before the workshop.

Each holds the outline briefing (the terms of reference), the KLOEs, the preparation
prompts, the workshop's arrangements and who from the agency is invited, then the
agency's own chronology entries and the merged chronology around them: every other
agency's entry within :data:`AROUND_DAYS` days of one of its own, so that a practitioner
sees what else was happening when they were involved.
"""

from __future__ import annotations

import bisect
import datetime as dt

from workshop_tui.domain.models import Agency, ChronologyEntry, ReviewData

from .blocks import Document, LandscapeSection, details, spans
from .chronology import entry_row
from .files import safe_file_stem
from .minutes import (
    CHRONOLOGY_COLUMNS,
    GROUND_RULES,
    PEOPLE_COLUMNS,
    PURPOSE,
    people_rows,
    terms_of_reference_text,
)
from .preparation import arrangements, preparation, timetable_table
from .review_view import ReviewView
from .text import period, plural, uk_date

AROUND_DAYS = 3
"""Another agency's entry this many days or fewer before or after one of the agency's
own is shown around it."""


def pack_name(agency: Agency, taken: set[str]) -> str:
    """The pack's file name: the agency's key made safe (``police.docx``), with ``-2`` ...
    when two keys give the same name. Adds it to ``taken``."""
    stem = safe_file_stem(agency.key, fallback="agency")
    name, number = f"{stem}.docx", 1
    while name.lower() in taken:
        number += 1
        name = f"{stem}-{number}.docx"
    taken.add(name.lower())
    return name


def usable(entries: list[ChronologyEntry]) -> list[ChronologyEntry]:
    """Dated entries in the review period, in date order (as the appendices show them)."""
    dated = [e for e in entries if e.in_period and e.error is None and e.date is not None]
    return sorted(dated, key=lambda e: (e.date, e.time or dt.time(0), e.id or 0))


def entries_around(
    entries: list[ChronologyEntry], agency: str, days: int = AROUND_DAYS
) -> list[ChronologyEntry]:
    """``agency``'s entries and every other agency's within ``days`` of one of them, in
    date order. ``entries`` must be :func:`usable` (dated and sorted)."""
    own_days = sorted({e.date for e in entries if e.agency == agency and e.date is not None})
    if not own_days:
        return []
    window = dt.timedelta(days=days)
    chosen = []
    for entry in entries:
        assert entry.date is not None
        if entry.agency == agency:
            chosen.append(entry)
            continue
        at = bisect.bisect_left(own_days, entry.date - window)
        if at < len(own_days) and own_days[at] <= entry.date + window:
            chosen.append(entry)
    return chosen


def build_pack(data: ReviewData, agency: Agency) -> Document:
    """Describe ``agency``'s participant pack."""
    review = data.review
    view = ReviewView(data)
    doc = Document(
        title=f"Participant pack: {agency.name}",
        marking=review.marking,
        footer_label=f"{review.reference} participant pack",
        header_label=review.partnership,
    )
    doc.blocks.append(
        details(
            ("Partnership", review.partnership),
            ("Review", f"{review.title} ({review.reference})"),
            ("For", f"Practitioners and managers of {agency.name}"),
            ("Period under review", period(review.period_start, review.period_end)),
            *arrangements(data),
        )
    )
    doc.para(
        "This pack is for the practitioners and managers of your agency who are invited to "
        "the learning review workshop. Please read it before the workshop. It is "
        "confidential to the review: do not copy it or pass it on."
    )

    doc.heading(1, "1. Outline briefing")
    terms_of_reference_text(doc, review)
    doc.para(PURPOSE)
    doc.bullets([spans(rule) for rule in GROUND_RULES])

    doc.heading(1, "2. Key lines of enquiry")
    if data.kloes:
        for kloe in data.kloes:
            doc.heading(2, f"KLOE {kloe.number}: {kloe.title}")
            if kloe.question:
                doc.para(kloe.question)
            if kloe.prompts:
                doc.bullets([spans(prompt) for prompt in kloe.prompts])
    else:
        doc.note("No key lines of enquiry have been set yet.")

    doc.heading(1, "3. Preparing for the workshop")
    preparation(doc)

    doc.heading(1, "4. The workshop")
    timetable_table(doc, data)
    doc.heading(2, f"Invited from {agency.name}")
    people = [p for p in data.participants if p.agency == agency.key]
    if people:
        doc.table(PEOPLE_COLUMNS, people_rows(view, people))
    else:
        doc.note("No one from your agency has been added to the participants yet.")

    entries = usable(data.entries)
    own = [e for e in entries if e.agency == agency.key]
    doc.blocks.append(LandscapeSection())
    doc.heading(1, f"5. The chronology of {agency.name}")
    if own:
        doc.para(
            f"{plural(len(own), 'entry', 'entries')} in the period under review, from "
            f"{uk_date(own[0].date)} to {uk_date(own[-1].date)}, as your agency provided them."
        )
        doc.table(CHRONOLOGY_COLUMNS, [entry_row(view, e) for e in own])
    else:
        doc.note("The review holds no entries from your agency in the period under review yet.")

    doc.heading(1, "6. The merged chronology around your entries")
    around = entries_around(entries, agency.key)
    others = [e for e in around if e.agency != agency.key]
    if others:
        doc.para(
            f"Your agency's entries with every other agency's entry within {AROUND_DAYS} days "
            f"of one of them ({plural(len(others), 'entry', 'entries')} from other agencies), "
            "in date order: what else was happening when your agency was involved."
        )
        doc.table(CHRONOLOGY_COLUMNS, [entry_row(view, e) for e in around])
    else:
        doc.note(
            f"No other agency recorded anything within {AROUND_DAYS} days of your agency's entries."
        )
    return doc


def build_packs(data: ReviewData) -> list[tuple[str, Document]]:
    """Each agency's pack with its file name, in the agencies' order."""
    taken: set[str] = set()
    return [(pack_name(agency, taken), build_pack(data, agency)) for agency in data.agencies]
