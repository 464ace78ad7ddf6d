"""Any document of a review as Markdown, for the Export screen's preview.

The minutes, the report and the merged chronology are shown as their Markdown is
written; the action plan (a spreadsheet) as one table; the archive (JSON) as what it
holds. A long table is cut to its first rows with a note saying so: the preview is for
reading, the file holds everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from workshop_tui.domain.capture_kinds import CAPTURE_KINDS
from workshop_tui.domain.models import ReviewData

from .blocks import Block, Document, Paragraph, Table, spans
from .chronology import build_chronology
from .markdown_writer import render_markdown
from .minutes import build_minutes
from .pseudonymise import pseudonymise as pseudonymise_review
from .report import build_report
from .sheets import Value, action_plan_sheet
from .text import hhmm, plural, short_date

PREVIEW_ROWS = 25
"""Rows of a table the preview shows; the rest are counted in a note."""


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{short_date(value.date())} {hhmm(value)}"
    if isinstance(value, dt.date):
        return short_date(value)
    if isinstance(value, dt.time):
        return hhmm(value)
    return str(value)


def _tracker(data: ReviewData, today: dt.date) -> Document:
    from workshop_tui.domain.tracker import BY_KEY

    from .tracker import review_tracker_rows

    doc = Document("Action tracker", data.review.marking, f"{data.review.reference} tracker")
    rows = review_tracker_rows(data, today)
    if not rows:
        doc.note("No actions were recorded.")
        return doc
    keys = ("ref", "description", "owner", "status", "rag", "revised_target", "due")
    doc.note("The workbook has every column of the action plan; the preview shows some.")
    doc.table(
        [(BY_KEY[k].header, BY_KEY[k].width) for k in keys],
        [tuple(_cell(row[k]) for k in keys) for row in rows],
    )
    return doc


def _actions(data: ReviewData) -> Document:
    sheet = action_plan_sheet(data)
    doc = Document(sheet.title, sheet.marking, f"{data.review.reference} action plan")
    if not sheet.rows:
        doc.note("No actions were recorded.")
        return doc
    doc.table(
        [(c.header, c.width) for c in sheet.columns],
        [tuple(_cell(v) for v in row) for row in sheet.rows],
    )
    return doc


def _archive(data: ReviewData) -> Document:
    review = data.review
    doc = Document(f"Archive: {review.title}", review.marking, f"{review.reference} archive")
    doc.para(
        "The archive is the whole review as one JSON file, to import on another machine "
        "(workshop-tui import FILE.json). It holds:"
    )
    counts = [
        plural(len(data.agencies), "agency", "agencies"),
        plural(len(data.participants), "participant"),
        plural(len(data.kloes), "KLOE"),
        plural(len(data.entries), "chronology entry", "chronology entries"),
        *(plural(len(kind.of_review(data)), kind.kind) for kind in CAPTURE_KINDS),
        plural(len(data.pseudonyms), "pseudonym"),
        plural(len(data.workshop_log), "workshop log entry", "workshop log entries"),
    ]
    doc.bullets([spans(c) for c in counts])
    return doc


def _shortened(doc: Document, rows: int) -> Document:
    blocks: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Table) and len(block.rows) > rows:
            blocks.append(Table(block.columns, block.rows[:rows]))
            left = len(block.rows) - rows
            note = f"The preview shows the first {rows} rows; {plural(left, 'more row')} "
            blocks.append(Paragraph(spans(note + "are in the file."), note=True))
        else:
            blocks.append(block)
    doc.blocks = blocks
    return doc


def preview_markdown(
    data: ReviewData,
    document: str,
    *,
    pseudonymise: bool = False,
    generated_at: dt.datetime,
    rows: int = PREVIEW_ROWS,
) -> str:
    """``document`` of ``data`` as Markdown for a preview (see the module docstring).

    Args:
        data: The whole review.
        document: One of ``exporters.DOCUMENTS``.
        pseudonymise: Show the publishable form.
        generated_at: The time printed at the foot.
        rows: The most rows of any one table to show.
    """
    source = pseudonymise_review(data) if pseudonymise else data
    builders: dict[str, Callable[[ReviewData], Document]] = {
        "minutes": build_minutes,
        "report": build_report,
        "chronology": build_chronology,
        "actions": _actions,
        "archive": _archive,
        "tracker": lambda d: _tracker(d, generated_at.date()),
    }
    if document not in builders:
        raise ValueError(f"unknown document {document!r}")
    return render_markdown(_shortened(builders[document](source), rows), generated_at)
