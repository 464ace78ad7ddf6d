"""The review's details as Prepare shows them (the Details tab) and its form edits them.

Apart from both, so that the form and the screen that opens it do not import each other.
"""

from __future__ import annotations

from rich.text import Text

from workshop_tui.domain.agenda import hours_minutes
from workshop_tui.domain.display import visible
from workshop_tui.domain.models import Review
from workshop_tui.ui.format import format_date, reflow

DETAIL_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("subject", "Subject (the child's pseudonym)"),
    ("partnership", "Partnership"),
    ("lead_reviewer", "Lead reviewer"),
    ("note_taker", "Note-taker"),
    ("marking", "Protective marking"),
    ("period_start", "Period from (dd/mm/yyyy)"),
    ("period_end", "Period to (dd/mm/yyyy)"),
    ("workshop_date", "Workshop date (dd/mm/yyyy)"),
    ("workshop_start", "Workshop start (hh:mm)"),
    ("workshop_minutes", "Workshop length (minutes, e.g. 180)"),
    ("location", "Location"),
)
DATE_FIELDS = {"period_start", "period_end", "workshop_date"}


def detail_texts(review: Review) -> dict[str, str]:
    """The review's details as the form's fields show them, by field name."""
    texts: dict[str, str] = {}
    for name, _ in DETAIL_FIELDS:
        value = getattr(review, name)
        if name in DATE_FIELDS:
            texts[name] = format_date(value)
        elif name == "workshop_start":
            texts[name] = value.strftime("%H:%M") if value else ""
        elif name == "workshop_minutes":
            texts[name] = "" if value is None else str(value)
        else:
            texts[name] = str(value or "")
    return texts


def detail_rows(review: Review) -> list[tuple[str, str]]:
    """The review's details as the Details tab shows them: label, text ("" when not set)."""
    texts = detail_texts(review)
    period = " to ".join(t for t in (texts["period_start"], texts["period_end"]) if t)
    workshop = " at ".join(t for t in (texts["workshop_date"], texts["workshop_start"]) if t)
    if texts["workshop_minutes"]:
        length = f"{hours_minutes(int(texts['workshop_minutes']))} long"
        workshop = f"{workshop}, {length}" if workshop else length
    return [
        ("Title", texts["title"]),
        ("Subject", texts["subject"]),
        ("Partnership", texts["partnership"]),
        ("Lead reviewer", texts["lead_reviewer"]),
        ("Note-taker", texts["note_taker"]),
        ("Protective marking", texts["marking"]),
        ("Period under review", period),
        ("Workshop", workshop),
        ("Location", texts["location"]),
    ]


def details_summary(review: Review) -> Text:
    """The Details tab: every detail on its line, then the terms of reference.

    Built as styled text, never markup, so a title holding ``[`` shows as typed.
    """
    text = Text()
    text.append(
        f"{visible(review.reference, one_line=True)} · status: {review.status}\n\n", style="bold"
    )
    width = max(len(label) for label, _ in detail_rows(review)) + 2
    for label, value in detail_rows(review):
        text.append(label.ljust(width), style="dim")
        text.append(
            visible(value, one_line=True) if value else "not set",
            style="" if value else "dim italic",
        )
        text.append("\n")
    text.append("\nTerms of reference\n", style="dim")
    terms = reflow(review.terms_of_reference)
    text.append(visible(terms) if terms else "not set", style="" if terms else "dim italic")
    return text
