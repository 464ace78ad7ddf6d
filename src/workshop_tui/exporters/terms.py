"""The terms of reference, agreed before the chronologies are asked for: the review's
scope and period, the agencies asked for a chronology, the key lines of enquiry and the
workshop's timetable."""

from __future__ import annotations

from workshop_tui.domain.models import ReviewData
from workshop_tui.domain.settings import Settings

from .blocks import Document, details, spans
from .minutes import GROUND_RULES, PURPOSE, terms_of_reference_text
from .preparation import arrangements, timetable_table
from .report import dissemination
from .text import duration, period, plural, uk_date

CHRONOLOGY_ASK = (
    "Each agency is asked for a chronology of the significant events in its involvement "
    "with the child and family during the period under review: key interventions, "
    "opportunities for intervention and decisions, with earlier history where it is needed "
    "to understand the family. Each agency receives a template to fill in."
)


def build_terms(data: ReviewData, settings: Settings | None = None) -> Document:
    """Describe the terms of reference for ``data`` (group names from ``settings``)."""
    review = data.review
    settings = settings or Settings(partnership=review.partnership)
    groups = settings.groups
    doc = Document(
        title=f"Terms of reference: {review.title}",
        marking=review.marking,
        footer_label=f"{review.reference} terms of reference",
        header_label=settings.partnership or review.partnership,
    )
    covered = period(review.period_start, review.period_end)
    doc.blocks.append(
        details(
            ("Partnership", review.partnership),
            ("Review", review.reference),
            ("Subject", review.subject),
            ("Period under review", covered or "Not set yet"),
            ("Lead reviewer", review.lead_reviewer),
            ("Note-taker", review.note_taker),
        )
    )
    doc.heading(1, "1. Background and scope")
    terms_of_reference_text(doc, review)

    doc.heading(1, "2. Period under review")
    if covered:
        doc.para(
            f"The review covers {covered}. Events before "
            f"{uk_date(review.period_start) or 'the period'} are considered only where they "
            "are needed to understand the family."
        )
    else:
        doc.note("The period under review has not been set yet.")

    doc.heading(1, "3. Agencies")
    doc.para(CHRONOLOGY_ASK)
    if data.agencies:
        doc.table(
            [("No.", 1.2), ("Agency", 15.8)],
            [(str(n), agency.name) for n, agency in enumerate(data.agencies, 1)],
        )
    else:
        doc.note("No agencies have been added yet.")

    doc.heading(1, "4. Key lines of enquiry")
    if data.kloes:
        total = sum(k.minutes for k in data.kloes)
        doc.para(
            f"The review asks {plural(len(data.kloes), 'key line', 'key lines')} of enquiry, "
            f"with {duration(total)} of the workshop set aside for them:"
        )
        for kloe in data.kloes:
            doc.heading(2, f"KLOE {kloe.number}: {kloe.title}")
            if kloe.question:
                doc.para(kloe.question)
            if kloe.period_start or kloe.period_end:
                doc.para(f"Period: {period(kloe.period_start, kloe.period_end)}.")
            if kloe.prompts:
                doc.bullets([spans(prompt) for prompt in kloe.prompts])
            doc.para(f"Time box: {duration(kloe.minutes)}.")
    else:
        doc.note("No key lines of enquiry have been set yet.")

    doc.heading(1, "5. The learning workshop")
    doc.para(PURPOSE)
    doc.blocks.append(details(*arrangements(data)))
    doc.heading(2, "Timetable")
    timetable_table(doc, data)
    doc.heading(2, "Ground rules")
    doc.bullets([spans(rule) for rule in GROUND_RULES])

    doc.heading(1, "6. Outputs and dissemination")
    doc.para(
        f"The workshop's minutes and a draft report go to the {groups.case_review} and the "
        f"{groups.business}, with an action plan. The learning will be shared through:"
    )
    doc.bullets([spans(item) for item in dissemination(groups.quality_assurance)])
    return doc
