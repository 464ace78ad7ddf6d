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
from workshop_tui.domain.publishing import PublishingData, ReviewRecords

from .blocks import Block, Document, Paragraph, Table, spans
from .briefing import build_briefing, build_briefing_plan
from .chronology import build_chronology
from .markdown_writer import render_markdown
from .minutes import build_minutes
from .report import build_report
from .response import build_response
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


def _archive(data: ReviewData, records: ReviewRecords) -> Document:
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
    if not records.is_empty:
        doc.para("And what was recorded about the review:")
        kept = [
            plural(len(records.requests), "agency request"),
            plural(len(records.briefing), "saved briefing section"),
            plural(len(records.publications), "publication block"),
            plural(
                len(records.responses),
                "response to a recommendation",
                "responses to recommendations",
            ),
            plural(len(records.groups), "group name"),
        ]
        doc.bullets([spans(k) for k in kept if not k.startswith("0 ")])
    return doc


def _templates(data: ReviewData) -> Document:
    from .template import template_name

    review = data.review
    doc = Document("Chronology templates", review.marking, f"{review.reference} templates")
    if not data.agencies:
        doc.note("The review has no agencies yet, so there is no template to write.")
        return doc
    doc.para(
        "A folder of Excel workbooks, one per agency, named by its key: a cover sheet saying "
        "what to return and when, and a chronology sheet with the headers the import reads."
    )
    taken: set[str] = set()
    doc.bullets([spans(f"{template_name(a, taken)}: {a.name}") for a in data.agencies])
    return doc


def _packs(data: ReviewData) -> Document:
    from .participant_pack import build_packs

    review = data.review
    packs = build_packs(data)
    if not packs:
        doc = Document("Participant packs", review.marking, f"{review.reference} packs")
        doc.note("The review has no agencies yet, so there is no pack to write.")
        return doc
    name, first = packs[0]
    names = ", ".join(n for n, _ in packs)
    intro = Paragraph(
        spans(
            f"A folder of Word documents, one per agency ({names}). The preview shows the "
            f"first, {name}."
        ),
        note=True,
    )
    first.blocks.insert(0, intro)
    return first


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
    publishing: PublishingData | None = None,
) -> str:
    """``document`` of ``data`` as Markdown for a preview (see the module docstring).

    Args:
        data: The whole review.
        document: One of ``exporters.DOCUMENTS`` or ``PREPARATION_DOCUMENTS`` (a folder
            document shows its list of files, or its first file).
        pseudonymise: Show the publishable form.
        generated_at: The time printed at the foot.
        rows: The most rows of any one table to show.
        publishing: The settings, briefing, publication blocks and responses.
    """
    from . import _NOT_PSEUDONYMISED, default_publishing, publishable
    from .invitation import build_invitation_letter
    from .terms import build_terms

    extras = publishing if publishing is not None else default_publishing(data)
    source = data
    if pseudonymise:
        source, extras, _ = publishable(data, extras)
    builders: dict[str, Callable[[ReviewData], Document]] = {
        "minutes": lambda d: build_minutes(d, extras.settings),
        "report": lambda d: build_report(d, extras),
        "chronology": lambda d: build_chronology(d, extras.settings),
        "actions": _actions,
        "archive": lambda d: _archive(d, extras.records),
        "tracker": lambda d: _tracker(d, generated_at.date()),
        "briefing": lambda d: build_briefing(d, extras),
        "briefing-plan": lambda d: build_briefing_plan(d, extras),
        "response": lambda d: build_response(d, extras),
        "terms": lambda d: build_terms(d, extras.settings),
        "invitation": build_invitation_letter,
        "template": _templates,
        "pack": _packs,
    }
    if document not in builders:
        raise ValueError(f"unknown document {document!r}")
    if pseudonymise and document in _NOT_PSEUDONYMISED:
        raise ValueError(
            f"the {document} is not made pseudonymised: {_NOT_PSEUDONYMISED[document]}"
        )
    return render_markdown(_shortened(builders[document](source), rows), generated_at)
