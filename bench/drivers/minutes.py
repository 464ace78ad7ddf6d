"""Word minutes for a large workshop: ``exporters.render`` against plain python-docx.

Usage: ``python minutes.py ours|baseline`` (run by bench/run.py).

Both sides get the same ReviewData (``synth.large_workshop``: 8 KLOEs, 200
perspectives, 40 findings, 60 actions, 2,000 chronology entries) and import
python-docx before the clock starts. ``ours`` times ``render(data, "minutes",
"docx")``. ``baseline`` times a python-docx script writing the same content
the way the python-docx documentation would have it: headings, bullet lists,
and every table created at its final size (never row by row) and filled
through ``row.cells`` and ``add_run``, then saved to bytes. Writes the milliseconds and the
document size to the file named by ``BENCH_OUT``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from synth import large_workshop

from workshop_tui.domain.models import (
    PERSPECTIVE_KIND_LABELS,
    Attendance,
    ReviewData,
)

GENERATED_AT = dt.datetime(2024, 6, 12, 9, 0)


def _uk(date: dt.date | None) -> str:
    return f"{date.day} {date.strftime('%B %Y')}" if date else ""


def _short(date: dt.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else ""


def _table(document: docx.document.Document, header: list[str], rows: list[tuple]) -> None:
    """A table at its final size, header row repeated on every page."""
    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    table.style = "Table Grid"
    all_rows = table.rows
    first = all_rows[0]
    for cell, text in zip(first.cells, header, strict=True):
        cell.paragraphs[0].add_run(text)
    properties = first._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for row, values in zip(all_rows[1:], rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.paragraphs[0].add_run(text)  # the quickest public way to fill a new cell


def baseline(data: ReviewData) -> bytes:
    """The same minutes written directly with python-docx."""
    review = data.review
    agencies = {a.key: a.name for a in data.agencies}
    people = {p.id: p for p in data.participants}
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = review.marking
    section.footer.paragraphs[0].text = f"{review.marking} · {review.reference} workshop minutes"
    document.add_heading(f"Minutes: {review.title}", 0)
    _table(
        document,
        ["", ""],
        [
            ("Partnership", review.partnership),
            ("Review", f"{review.title} ({review.reference})"),
            ("Subject", review.subject),
            ("Date", _uk(review.workshop_date)),
            ("Place", review.location),
            ("Chair", review.lead_reviewer),
            ("Note-taker", review.note_taker),
        ],
    )
    document.add_heading("Attendance", 1)
    for label, attendance in (("Present", Attendance.PRESENT), ("Apologies", Attendance.APOLOGIES)):
        document.add_heading(label, 2)
        _table(
            document,
            ["Name", "Role", "Agency"],
            [
                (p.name, p.role, agencies.get(p.agency, p.agency))
                for p in data.participants
                if p.attendance == attendance
            ],
        )
    document.add_heading("Purpose and ground rules", 1)
    document.add_paragraph("The purpose of the workshop is to learn how agencies worked together.")
    document.add_heading("Terms of reference and key lines of enquiry", 1)
    document.add_paragraph(review.terms_of_reference)
    _table(
        document,
        ["No.", "Key line of enquiry", "Question", "Time box"],
        [(str(k.number), k.title, k.question, f"{k.minutes} minutes") for k in data.kloes],
    )
    document.add_heading("Discussion by key line of enquiry", 1)
    for kloe in data.kloes:
        document.add_heading(f"KLOE {kloe.number}: {kloe.title}", 2)
        document.add_paragraph().add_run(kloe.question).italic = True
        for kind, label in PERSPECTIVE_KIND_LABELS.items():
            said = [p for p in data.perspectives if p.kloe_id == kloe.id and p.kind == kind]
            if not said:
                continue
            document.add_heading(label, 3)
            for p in said:
                who = people[p.participant_id]
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(f"{who.name} ({who.role}, {who.agency}): ").bold = True
                paragraph.add_run(p.text)
        document.add_heading("Findings", 3)
        for f in data.findings:
            if kloe.id in f.kloe_ids:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(f"F{f.id} {f.kind}: ").bold = True
                if not f.agreed:
                    paragraph.add_run("(draft) ").italic = True
                paragraph.add_run(f.statement)
        document.add_heading("Actions", 3)
        for a in data.actions:
            if a.kloe_id == kloe.id:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(f"A{a.id}: ").bold = True
                paragraph.add_run(f"{a.description} ({a.owner}; by {_uk(a.target_date)})")
    document.add_heading("Case-specific escalations", 1)
    _table(
        document,
        ["Issue", "Raised by", "Escalate to", "Route", "Due", "Status"],
        [
            (e.description, e.raised_by, e.escalate_to, str(e.route), _short(e.due), str(e.status))
            for e in data.escalations
        ],
    )
    document.add_heading("Key findings", 1)
    for f in data.findings:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(f"F{f.id}: ").bold = True
        paragraph.add_run(f.statement)
    document.add_heading("Agreed action plan", 1)
    _table(
        document,
        ["Ref", "Action", "Finding", "Lead agency and owner", "Subgroup", "Target", "Measure"],
        [
            (
                f"A{a.id}",
                a.description,
                f"F{a.finding_id}",
                f"{agencies.get(a.lead_agency, '')}; {a.owner}",
                a.subgroup,
                _short(a.target_date),
                a.success_measure,
            )
            for a in data.actions
        ],
    )
    document.add_heading("Next steps", 1)
    document.add_paragraph("These minutes are circulated in draft.", style="List Bullet")
    landscape = document.add_section()
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Cm(29.7), Cm(21.0)
    document.add_heading("Appendix: merged chronology", 1)
    _table(
        document,
        ["Date", "Time", "Agency", "Practitioner", "Event", "Outcome", "Notes"],
        [
            (
                _short(e.date),
                e.time.strftime("%H:%M") if e.time else "",
                agencies.get(e.agency, e.agency),
                e.practitioner,
                e.event,
                e.outcome,
                f"Same event as group {e.duplicate_group}" if e.duplicate_group else "",
            )
            for e in data.entries
        ],
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ours(data: ReviewData) -> bytes:
    from workshop_tui.exporters import render

    return render(data, "minutes", "docx", generated_at=GENERATED_AT)


def main(side: str) -> None:
    data = large_workshop()
    if side == "ours":
        import workshop_tui.exporters  # noqa: F401  (import before the clock, like docx)
    write = ours if side == "ours" else baseline
    start = time.perf_counter_ns()
    payload = write(data)
    elapsed = time.perf_counter_ns() - start
    with open(os.environ["BENCH_OUT"], "w", encoding="utf-8") as handle:
        json.dump({"ms": elapsed / 1e6, "bytes": len(payload)}, handle)
    if os.environ.get("BENCH_SAVE"):
        Path(os.environ["BENCH_SAVE"]).write_bytes(payload)


if __name__ == "__main__":
    main(sys.argv[1])
