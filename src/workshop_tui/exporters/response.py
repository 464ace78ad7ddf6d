"""The partnership's response to the review's recommendations, to go with the report:
each recommendation, the response recorded for it, and the actions that answer it."""

from __future__ import annotations

from workshop_tui.domain.models import ReviewData
from workshop_tui.domain.publishing import PublishingData, recommendation_group, recommendations

from .blocks import Document, details
from .minutes import DRAFT
from .publication import publication_block
from .review_view import ReviewView
from .text import short_date


def build_response(data: ReviewData, publishing: PublishingData) -> Document:
    """One section per recommendation, in the order of the findings."""
    view = ReviewView(data, publishing.settings)
    review = data.review
    doc = Document(
        title=f"Partnership response: {review.title}",
        marking=review.marking,
        footer_label=f"{review.reference} partnership response",
        header_label=view.partnership,
    )
    doc.blocks.append(
        details(
            ("Partnership", view.partnership),
            ("Review", review.reference),
            ("Subject", review.subject),
        )
    )
    doc.blocks.append(publication_block(publishing.publication("report")))
    doc.para(
        "This document accompanies the learning review report. It sets out the response of "
        f"{view.partnership or 'the partnership'} to each of the review's recommendations, "
        "and the actions that answer it."
    )
    found = recommendations(data)
    if not found:
        doc.note("The review made no recommendations.")
        return doc
    for finding in found:
        doc.heading(1, f"Recommendation {view.finding_ref(finding)}")
        draft = "" if finding.agreed else f" {DRAFT}"
        doc.para(finding.statement + draft)
        if finding.recommendation_to is None:
            doc.para("Not yet assigned to a group.")
        else:
            group = recommendation_group(publishing.settings, finding.recommendation_to)
            doc.para(f"To the {group}.")
        doc.heading(2, "The partnership's response")
        response = publishing.responses.get(finding.id or -1, "").strip()
        if response:
            for line in response.splitlines():
                if line.strip():
                    doc.para(line.strip())
        else:
            doc.note("No response has been recorded yet.")
        doc.heading(2, "Actions that answer it")
        actions = [a for a in data.actions if a.finding_id == finding.id]
        if actions:
            doc.table(
                [("Action", 7.0), ("Owner", 3.5), ("Target", 2.5), ("Status", 2.5)],
                [
                    (
                        view.action_ref(a)
                        + ": "
                        + a.description
                        + ("" if a.agreed else " " + DRAFT),
                        ", ".join(x for x in (a.owner, view.agency_name(a.lead_agency)) if x),
                        short_date(a.target_date),
                        str(a.status).capitalize(),
                    )
                    for a in actions
                ],
            )
        else:
            doc.note("No action answers it yet.")
    return doc
