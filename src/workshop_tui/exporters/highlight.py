"""The QA highlight report for the subgroup that owns the action plans (issue 13): counts
by status and RAG, new reds, overdue actions, actions proposed for closure with their
evidence, and targets revised. Built once as a ``Document``; written as Markdown or Word.
"""

from __future__ import annotations

import datetime as dt

from workshop_tui.domain.actions import ORDER, Highlight, TrackedAction
from workshop_tui.domain.models import Rag

from .blocks import Document, details, spans
from .markdown_writer import render_markdown
from .text import plural, uk_date
from .word_writer import render_word

__all__ = ["build_highlight", "render_highlight"]


def _ref(data: Highlight, row: TrackedAction) -> str:
    return f"{row.review_reference} {data.refs.get(row.id, '')}".strip()


def _latest(row: TrackedAction) -> str:
    if not row.action.progress:
        return "No update recorded"
    entry = row.action.progress[-1]
    return f"{uk_date(entry.at.date())}: {entry.text}"


def _rag(row: TrackedAction) -> str:
    return row.action.rag.value.capitalize() if row.action.rag else "Not rated"


def build_highlight(data: Highlight) -> Document:
    """Describe the highlight report for ``data``."""
    doc = Document(
        title="QA highlight report: learning review action plans",
        marking=data.marking,
        footer_label=f"highlight report {data.as_of.isoformat()}",
    )
    reviews = sorted({r.review_reference for r in data.rows})
    doc.blocks.append(
        details(
            ("As at", uk_date(data.as_of)),
            ("Changes since", uk_date(data.since)),
            ("Covers", data.scope),
            ("Reviews", ", ".join(reviews) or "none"),
            ("Actions", str(len(data.rows))),
        )
    )
    doc.heading(2, "Summary")
    doc.bullets(
        [
            spans(f"{plural(len(data.overdue), 'action')} overdue"),
            spans(f"{plural(len(data.reds), 'action')} newly red since {uk_date(data.since)}"),
            spans(f"{plural(len(data.proposed_closures), 'action')} proposed for closure"),
            spans(f"{plural(len(data.revised), 'target')} revised since {uk_date(data.since)}"),
        ]
    )
    doc.heading(2, "Actions by status")
    if not data.rows:
        doc.note("No actions are recorded.")
    else:
        statuses = [s.value.capitalize() for s in ORDER]
        rags = [r.value.capitalize() for r in Rag] + ["Not rated"]
        rows: list[tuple[str, ...]] = []
        for reference in [*reviews, "All"]:
            mine = [r for r in data.rows if reference in ("All", r.review_reference)]
            counts = [sum(1 for r in mine if r.action.status == s) for s in ORDER]
            rag_counts = [sum(1 for r in mine if _rag(r) == name) for name in rags]
            rows.append((reference, *map(str, counts), *map(str, rag_counts), str(len(mine))))
        doc.table(
            [("Review", 3.0)]
            + [(name, 1.9) for name in statuses]
            + [(name, 1.5) for name in rags]
            + [("Total", 1.3)],
            rows,
        )
    doc.heading(2, f"New reds since {uk_date(data.since)}")
    if not data.reds:
        doc.note("No action turned red in this period.")
    else:
        doc.table(
            [("Action", 2.2), ("What", 6.0), ("Owner", 3.5), ("Latest update", 5.5)],
            [(_ref(data, r), r.action.description, r.action.owner, _latest(r)) for r in data.reds],
        )
    doc.heading(2, "Overdue")
    if not data.overdue:
        doc.note("No action is overdue.")
    else:
        doc.table(
            [
                ("Action", 2.2),
                ("What", 5.5),
                ("Owner", 3.2),
                ("Target", 2.4),
                ("Overdue", 2.6),
                ("RAG", 1.6),
            ],
            [
                (
                    _ref(data, r),
                    r.action.description,
                    r.action.owner,
                    uk_date(r.action.current_target) + (" (revised)" if r.action.revisions else ""),
                    r.due.removeprefix("OVERDUE by "),
                    _rag(r),
                )
                for r in data.overdue
            ],
        )
    doc.heading(2, "Proposed for closure")
    if not data.proposed_closures:
        doc.note("No completed action is waiting to be closed.")
    else:
        doc.para(
            "These actions are completed and their owners have sent evidence. The subgroup "
            "decides whether the evidence shows the change, closes them and rates its assurance."
        )
        doc.table(
            [
                ("Action", 2.2),
                ("What", 4.8),
                ("Owner", 3.0),
                ("Evidence required", 3.5),
                ("Evidence of completion", 4.5),
            ],
            [
                (
                    _ref(data, r),
                    r.action.description,
                    r.action.owner,
                    r.action.evidence_required or "Not set",
                    r.action.evidence,
                )
                for r in data.proposed_closures
            ],
        )
    doc.heading(2, f"Targets revised since {uk_date(data.since)}")
    if not data.revised:
        doc.note("No target date was revised in this period.")
    else:
        revised_rows = []
        for r in data.revised:
            for revision in r.action.revisions:
                if revision.at.date() >= data.since:
                    revised_rows.append(
                        (
                            _ref(data, r),
                            r.action.description,
                            uk_date(revision.previous) or "None",
                            uk_date(revision.target),
                            revision.reason,
                        )
                    )
        doc.table(
            [("Action", 2.2), ("What", 5.0), ("Was", 2.5), ("Now", 2.5), ("Why", 5.5)],
            revised_rows,
        )
    return doc


def render_highlight(data: Highlight, fmt: str, generated_at: dt.datetime) -> bytes:
    """The report as ``md`` or ``docx`` bytes.

    Raises:
        ValueError: another format.
    """
    doc = build_highlight(data)
    if fmt == "md":
        return render_markdown(doc, generated_at).encode("utf-8")
    if fmt == "docx":
        return render_word(doc, generated_at)
    raise ValueError(f"the highlight report is written as .docx or .md, not .{fmt}")
