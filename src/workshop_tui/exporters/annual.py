"""The annual report extract: the reviews done in a date range, their themes, the
progress of their actions (by status, overdue) and the impact recorded. DOCX and
Markdown from one document; CSV as one row per review. Pure: ``AnnualInput`` in, bytes out.
"""

from __future__ import annotations

import datetime as dt

from workshop_tui.domain.annual import (
    AnnualInput,
    ReviewRecord,
    has_impact,
    is_overdue,
    status_counts,
)
from workshop_tui.domain.models import DEFAULT_MARKING, ActionStatus
from workshop_tui.domain.themes import counter_text, review_day, tally_themes, tidy_themes

from .blocks import Document, details
from .markdown_writer import render_markdown
from .sheets import Sheet, SheetColumn, Value, render_csv
from .text import period, plural, uk_date
from .word_writer import render_word

FORMATS = ("docx", "md", "csv")


def range_text(start: dt.date | None, end: dt.date | None) -> str:
    """``1 April 2025 to 31 March 2026``; an open end says so."""
    return period(start, end) or "every review held"


def _themes_of(record: ReviewRecord, register: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for finding in record.findings:
        for theme in tidy_themes(finding.themes, register):
            if theme not in out:
                out.append(theme)
    return out


def _marking(data: AnnualInput) -> str:
    markings = {r.review.marking for r in data.records if r.review.marking}
    return markings.pop() if len(markings) == 1 else DEFAULT_MARKING


def build_annual(data: AnnualInput) -> Document:
    """The extract as a format-neutral document."""
    span = range_text(data.start, data.end)
    doc = Document(
        title=f"Annual report extract: learning reviews, {span}",
        marking=_marking(data),
        footer_label="Annual report extract",
        header_label=data.partnership,
    )
    actions = [a for r in data.records for a in r.actions]
    findings = [f for r in data.records for f in r.findings]
    overdue = [(r, a) for r in data.records for a in r.actions if is_overdue(a, data.as_at)]
    impact = [(r, a) for r in data.records for a in r.actions if has_impact(a)]
    doc.blocks.append(
        details(
            ("Partnership", data.partnership),
            ("Period", span),
            ("Reviews done", str(len(data.records))),
            ("Findings", f"{len(findings)} ({sum(f.agreed for f in findings)} agreed)"),
            ("Actions", str(len(actions))),
            ("Overdue actions", f"{len(overdue)} at {uk_date(data.as_at)}"),
            ("Actions with impact recorded", str(len(impact))),
        )
    )

    doc.heading(1, "Reviews done")
    if data.records:
        doc.table(
            [
                ("Review", 2.4),
                ("Title", 4.4),
                ("Held", 2.4),
                ("Status", 2.2),
                ("Findings", 1.8),
                ("Actions", 1.8),
                ("Themes", 5.0),
            ],
            [
                (
                    r.review.reference,
                    r.review.title,
                    uk_date(review_day(r.review)),
                    r.review.status.value,
                    str(len(r.findings)),
                    str(len(r.actions)),
                    ", ".join(_themes_of(r, data.register)) or "none tagged",
                )
                for r in data.records
            ],
        )
    else:
        doc.note("No learning review was held in this period.")
    if data.left_out:
        refs = ", ".join(r.reference for r in data.left_out)
        doc.note(f"Not in this period, or with no workshop date or period end: {refs}.")

    doc.heading(1, "Themes")
    tally = tally_themes(((r.review, r.findings) for r in data.records), data.register)
    used = tally.used()
    if used:
        doc.table(
            [("Theme", 6.0), ("Findings", 1.8), ("Reviews", 1.8), ("Level", 3.6), ("Which", 4.8)],
            [
                (
                    t.theme if t.in_register else f"{t.theme} (not in the theme register)",
                    str(t.findings),
                    str(len(t.reviews)),
                    counter_text(t.levels),
                    ", ".join(t.reviews),
                )
                for t in used
            ],
        )
    else:
        doc.note("No finding in these reviews carries a theme.")
    if tally.untagged:
        verb = "carries" if tally.untagged == 1 else "carry"
        doc.note(f"{plural(tally.untagged, 'finding')} {verb} no theme yet.")

    doc.heading(1, "Action progress")
    if actions:
        counts = status_counts(actions)
        doc.table(
            [("Status", 4.0), ("Actions", 2.0)],
            [(status.value, str(counts[status])) for status in ActionStatus]
            + [("overdue (of the above)", str(len(overdue)))],
        )
    else:
        doc.note("No action was recorded in these reviews.")
    doc.heading(2, f"Overdue at {uk_date(data.as_at)}")
    if overdue:
        doc.table(
            [
                ("Review", 2.4),
                ("Action", 6.4),
                ("Owner", 3.2),
                ("Target", 2.4),
                ("Status", 2.2),
            ],
            [
                (r.review.reference, a.description, a.owner, uk_date(a.target_date), a.status.value)
                for r, a in overdue
            ],
        )
    else:
        doc.note("No action is past its target date.")

    doc.heading(1, "Impact recorded")
    if impact:
        doc.table(
            [("Review", 2.4), ("Action", 5.6), ("Impact noted", 6.2), ("Assurance", 2.6)],
            [
                (
                    r.review.reference,
                    a.description,
                    a.impact,
                    a.assurance.value if a.assurance else "",
                )
                for r, a in impact
            ],
        )
    else:
        doc.note("No action records its impact on practice.")
    return doc


CSV_COLUMNS = (
    "Review",
    "Title",
    "Held",
    "Status",
    "Findings",
    "Agreed findings",
    "Themes",
    "Actions",
    *(f"Actions {status.value}" for status in ActionStatus),
    "Overdue",
    "Impact recorded",
)


def annual_sheet(data: AnnualInput) -> Sheet:
    """One row per review done in the range (text cells made safe by ``render_csv``)."""
    rows: list[tuple[Value, ...]] = []
    for r in data.records:
        counts = status_counts(r.actions)
        rows.append(
            (
                r.review.reference,
                r.review.title,
                review_day(r.review),
                r.review.status.value,
                len(r.findings),
                sum(f.agreed for f in r.findings),
                "; ".join(_themes_of(r, data.register)),
                len(r.actions),
                *(counts[status] for status in ActionStatus),
                sum(is_overdue(a, data.as_at) for a in r.actions),
                sum(has_impact(a) for a in r.actions),
            )
        )
    return Sheet(
        title="Annual report extract",
        marking=_marking(data),
        columns=[SheetColumn(name, 14.0) for name in CSV_COLUMNS],
        rows=rows,
    )


def render_annual(data: AnnualInput, fmt: str, generated_at: dt.datetime) -> bytes:
    """The extract in ``fmt`` (``docx``, ``md`` or ``csv``).

    Raises:
        ValueError: another format.
    """
    if fmt == "csv":
        return render_csv(annual_sheet(data))
    if fmt == "md":
        return render_markdown(build_annual(data), generated_at).encode("utf-8")
    if fmt == "docx":
        return render_word(build_annual(data), generated_at)
    raise ValueError(f"the annual report extract is written as .docx, .md or .csv, not .{fmt}")
