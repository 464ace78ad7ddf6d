"""The 7-minute briefing and its action plan form, as format-neutral documents.

The briefing's six sections are the text the lead edited on the Briefing screen (or the
prefill from the agreed findings and actions): a line that starts ``- `` is a bullet, a
line that starts ``1. `` a numbered paragraph (a question); anything else is a paragraph, as typed.
One or two pages: no tables, no appendix.
"""

from __future__ import annotations

import re

from workshop_tui.domain.models import ReviewData
from workshop_tui.domain.publishing import BRIEFING_SECTIONS, PublishingData

from .blocks import Document, spans
from .publication import publication_block
from .review_view import ReviewView

PLAN_ROWS = 6
"""Blank rows in the action plan form."""

_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+")


def _section_text(doc: Document, text: str) -> None:
    """Paragraphs and bullets from a section's text, as typed."""
    bullets: list[str] = []

    def flush() -> None:
        if bullets:
            doc.bullets([spans(b) for b in bullets])
            bullets.clear()

    for line in text.splitlines():
        if not line.strip():
            flush()
            continue
        if _NUMBERED.match(line):  # a numbered question: its own paragraph, number kept
            flush()
            doc.para(line.strip())
        elif _BULLET.match(line):
            bullets.append(_BULLET.sub("", line, count=1))
        else:
            flush()
            doc.para(line.strip())
    flush()


def build_briefing(data: ReviewData, publishing: PublishingData) -> Document:
    """The 7-minute briefing: background, why it matters, key findings, things to note,
    what to do by role, three reflective questions; then the publication block."""
    view = ReviewView(data, publishing.settings)
    review = data.review
    doc = Document(
        title=f"7-minute briefing: {review.title}",
        marking=review.marking,
        footer_label=f"{review.reference} 7-minute briefing",
        header_label=view.partnership,
    )
    for number, (key, heading) in enumerate(BRIEFING_SECTIONS, start=1):
        doc.heading(1, f"{number}. {heading}")
        text = publishing.briefing.get(key, "").strip()
        if text:
            _section_text(doc, text)
        else:
            doc.note("Not written yet.")
    doc.blocks.append(publication_block(publishing.publication("briefing")))
    return doc


def build_briefing_plan(data: ReviewData, publishing: PublishingData) -> Document:
    """The "7-minute briefing action plan" form a team fills in after discussing it."""
    view = ReviewView(data, publishing.settings)
    review = data.review
    doc = Document(
        title=f"7-minute briefing action plan: {review.title}",
        marking=review.marking,
        footer_label=f"{review.reference} 7-minute briefing action plan",
        header_label=view.partnership,
    )
    doc.para(
        "Discuss the 7-minute briefing as a team, then record what you will do differently. "
        f"Send the completed form to the {publishing.settings.groups.quality_assurance}."
    )
    doc.table([("Team", 5.0), ("Date discussed", 3.0)], [("", "")])
    questions = publishing.briefing.get("questions", "").strip()
    if questions:
        doc.heading(1, "The questions you discussed")
        _section_text(doc, questions)
    doc.heading(1, "What we will do differently")
    doc.table(
        [("What we will do differently", 9.0), ("Who", 3.5), ("By when", 3.0)],
        [("", "", "")] * PLAN_ROWS,
    )
    return doc
