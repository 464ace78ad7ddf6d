"""Publishing the learning: the 7-minute briefing's sections, the publication block and
the partnership's responses to the recommendations. Pure: models and the prefill.

A briefing is six sections of text (``BRIEFING_SECTIONS``). Until the lead edits a section
it is prefilled from the review's *agreed* findings and actions (:func:`prefill_briefing`);
once saved, the saved text is used as typed.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import Field

from workshop_tui.domain.intake import AgencyRequest
from workshop_tui.domain.models import FindingKind, Model, RecommendationTo
from workshop_tui.domain.settings import Settings

if TYPE_CHECKING:
    from workshop_tui.domain.models import Finding, ReviewData

BRIEFING_SECTIONS: tuple[tuple[str, str], ...] = (
    ("background", "Background"),
    ("why", "Why it matters"),
    ("findings", "Key findings"),
    ("note", "Things to note"),
    ("roles", "What to do, by role"),
    ("questions", "Three reflective questions for teams"),
)
"""The briefing's sections in order: (key, heading)."""

BRIEFING_KEYS = tuple(key for key, _ in BRIEFING_SECTIONS)

PUBLISHED_DOCUMENTS = ("report", "briefing")
"""The documents that carry a publication block."""

REFLECTIVE_QUESTIONS = (
    "Which of these findings is most like the work our team does with children and "
    "families, and what would we have done?",
    "What gets in the way of doing this well in our team, and who can help us change it?",
    "What will our team do differently from now on, and how will we know it has made a "
    "difference for children?",
)


class PublicationStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    PUBLISHED = "published"


class Publication(Model):
    """Where a document of a review stands: draft, approved (by whom, when) or published."""

    status: PublicationStatus = PublicationStatus.DRAFT
    approved_by: str = ""
    """The group or role that approved it (never needed for a draft)."""
    date: dt.date | None = None
    """When it was approved or published."""


class ReviewRecords(Model):
    """What the lead recorded about a review besides its content, as stored: what was
    asked of each agency, the briefing's saved sections, publication blocks, the
    partnership's responses and the review's own group names. The archive carries it,
    so a review moved to another laptop keeps it."""

    requests: list[AgencyRequest] = Field(default_factory=list)
    briefing: dict[str, str] = Field(default_factory=dict)
    """The sections the lead saved, by key (never the prefilled ones: they follow the review)."""
    publications: dict[str, Publication] = Field(default_factory=dict)
    responses: dict[int, str] = Field(default_factory=dict)
    """By finding id."""
    groups: dict[str, str] = Field(default_factory=dict)
    """The group names this review uses instead of the settings', by group key."""

    @property
    def is_empty(self) -> bool:
        """Nothing has been recorded."""
        return not (
            self.requests or self.briefing or self.publications or self.responses or self.groups
        )


class PublishingData(Model):
    """What a review's published documents need besides the review itself."""

    settings: Settings = Field(default_factory=Settings)
    """The settings in force for this review (its partnership and group names)."""
    briefing: dict[str, str] = Field(default_factory=dict)
    """Each briefing section's text, by key (prefilled where the lead has not edited it)."""
    publications: dict[str, Publication] = Field(default_factory=dict)
    """By document (``report``, ``briefing``); absent: a draft."""
    responses: dict[int, str] = Field(default_factory=dict)
    """The partnership's response to each recommendation, by finding id."""
    records: ReviewRecords = Field(default_factory=ReviewRecords)
    """What is stored as it is stored (the archive writes it)."""

    def publication(self, document: str) -> Publication:
        return self.publications.get(document) or Publication()


def recommendation_group(settings: Settings, to: RecommendationTo | None) -> str:
    """The name the partnership gives the group a recommendation is made to."""
    if to is RecommendationTo.CASE_REVIEW_GROUP:
        return settings.groups.case_review
    if to is RecommendationTo.BUSINESS_GROUP:
        return settings.groups.business
    return "Not yet assigned"


def recommendations(data: ReviewData) -> list[Finding]:
    """The review's recommendations: learning findings, in order (good practice is
    shared, not answered)."""
    return [f for f in data.findings if f.kind is FindingKind.LEARNING]


def prefill_briefing(data: ReviewData, settings: Settings) -> dict[str, str]:
    """Each briefing section's first text, from the review's agreed findings and actions."""
    review = data.review
    agreed = [f for f in data.findings if f.agreed]
    learning = [f for f in agreed if f.kind is FindingKind.LEARNING]
    good = [f for f in agreed if f.kind is FindingKind.GOOD_PRACTICE]
    actions = [a for a in data.actions if a.agreed]
    partnership = review.partnership or settings.partnership or "the partnership"
    subject = review.subject or "a child"
    background = (
        f"{partnership} carried out a multi-agency learning review about {subject}. "
        "Practitioners and managers from the agencies involved looked together at what "
        "happened, from their point of view at the time, and at what helped or hindered them."
    )
    if review.period_start and review.period_end:
        background += (
            f" The review covered {review.period_start.strftime('%B %Y')} to "
            f"{review.period_end.strftime('%B %Y')}."
        )
    why = (
        "The learning is not about one family or one practitioner: it is about how our "
        "agencies work together. The same things could happen in any team, and this "
        "briefing asks every team to think about what it means for them."
    )
    findings = "\n".join(f"- {f.statement}" for f in learning) or "- (no agreed findings yet)"
    note = "\n".join(f"- Good practice: {f.statement}" for f in good) or (
        "- (no agreed good practice recorded)"
    )
    by_role: dict[str, list[str]] = {}
    for action in actions:
        role = action.owner or action.lead_agency or "Every practitioner"
        by_role.setdefault(role, []).append(action.description)
    roles = (
        "\n".join(f"- {role}: {'; '.join(items)}" for role, items in by_role.items())
        or "- (no agreed actions yet)"
    )
    questions = "\n".join(f"{n}. {q}" for n, q in enumerate(REFLECTIVE_QUESTIONS, start=1))
    return {
        "background": background,
        "why": why,
        "findings": findings,
        "note": note,
        "roles": roles,
        "questions": questions,
    }
