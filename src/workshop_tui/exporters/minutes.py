"""The workshop minutes (DESIGN.md section 5) as a format-neutral document."""

from __future__ import annotations

import re

from workshop_tui.domain.capture_kinds import BY_MODEL, CaptureKind
from workshop_tui.domain.models import (
    PERSPECTIVE_KIND_LABELS,
    Action,
    Attendance,
    Decision,
    Escalation,
    Finding,
    FindingKind,
    Kloe,
    Participant,
    Perspective,
    Review,
    ReviewData,
)
from workshop_tui.domain.settings import Settings

from .blocks import Document, Inline, LandscapeSection, Span, details, spans
from .chronology import entry_row
from .review_view import ReviewView
from .text import duration, hhmm, plural, short_date, uk_date

DRAFT = "(draft)"

PURPOSE = (
    "The purpose of the workshop is to learn how agencies worked together to safeguard "
    "the child, from the point of view of the practitioners and managers involved at the "
    "time, so that practice and the system around it can improve."
)
GROUND_RULES = (
    "The review looks at the system, not at individual blame.",
    "Practitioners describe what they knew and thought at the time, not with hindsight.",
    "Everything said is confidential to the review; published outputs are pseudonymised.",
    "Any case-specific concern that needs action now is escalated today, not left to the report.",
)


def build_minutes(data: ReviewData, settings: Settings | None = None) -> Document:
    """Describe the minutes of the workshop for ``data`` (group names from ``settings``)."""
    view = ReviewView(data, settings)
    review = data.review
    doc = Document(
        title=f"Minutes: {review.title}",
        marking=review.marking,
        footer_label=f"{review.reference} workshop minutes",
        header_label=view.partnership,
    )
    doc.blocks.append(details(*title_block(view)))
    _attendance(doc, view)
    doc.heading(1, "Purpose and ground rules")
    doc.para(PURPOSE)
    doc.bullets([spans(rule) for rule in GROUND_RULES])
    _terms_of_reference(doc, view)
    _discussion(doc, view)
    doc.heading(1, BY_MODEL[Escalation].section)
    escalation_table(doc, view, data.escalations)
    doc.heading(1, "Key findings")
    key_findings(doc, view)
    doc.heading(1, "Agreed action plan")
    action_table(doc, view, data.actions)
    doc.heading(1, "Next steps")
    doc.bullets([spans(step) for step in next_steps(view)])
    chronology_appendix(doc, view, "Appendix: merged chronology")
    return doc


def title_block(view: ReviewView) -> list[tuple[str, str]]:
    review = view.review
    started, ended = view.workshop_times()
    start = started.time() if started else review.workshop_start
    time = hhmm(start)
    if time and ended:
        time = f"{time} to {hhmm(ended)}"
    date = uk_date(view.workshop_date())
    return [
        ("Partnership", view.partnership),
        ("Review", f"{review.title} ({review.reference})"),
        ("Subject", review.subject),
        ("Date", date or "Not set"),
        ("Time", time or "Not set"),
        ("Place", review.location or "Not set"),
        ("Chair", review.lead_reviewer or "Not recorded"),
        ("Note-taker", review.note_taker or "Not recorded"),
        ("Status", str(review.status).capitalize()),
    ]


def people_rows(view: ReviewView, people: list[Participant]) -> list[tuple[str, ...]]:
    return [(p.name, p.role, view.agency_name(p.agency)) for p in people]


PEOPLE_COLUMNS = [("Name", 5.0), ("Role", 5.5), ("Agency", 6.0)]


def attended(person: Participant) -> str:
    """``joined 10:40, left 12:05`` for someone who came late or left early, else ''."""
    parts = []
    if person.arrived_at is not None:
        parts.append(f"joined {hhmm(person.arrived_at)}")
    if person.left_at is not None:
        parts.append(f"left {hhmm(person.left_at)}")
    return ", ".join(parts)


def _attendance(doc: Document, view: ReviewView) -> None:
    doc.heading(1, "Attendance")
    groups = [
        ("Present", Attendance.PRESENT, "No one is recorded as present."),
        ("Apologies", Attendance.APOLOGIES, "No apologies were recorded."),
    ]
    for label, attendance, empty in groups:
        doc.heading(2, label)
        people = view.attending(attendance)
        timed = attendance == Attendance.PRESENT and any(attended(p) for p in people)
        if people and timed:
            # Someone joined late or left early: a column says when, for everyone.
            rows = [
                (*row, attended(p) or "Throughout")
                for row, p in zip(people_rows(view, people), people, strict=True)
            ]
            doc.table([*PEOPLE_COLUMNS, ("Attended", 4.0)], rows)
        elif people:
            doc.table(PEOPLE_COLUMNS, people_rows(view, people))
        else:
            doc.note(empty)
    for label, attendance in (
        ("Did not attend", Attendance.ABSENT),
        ("Invited, attendance not recorded", Attendance.INVITED),
    ):
        people = view.attending(attendance)
        if people:
            doc.heading(2, label)
            doc.table(PEOPLE_COLUMNS, people_rows(view, people))


def _terms_of_reference(doc: Document, view: ReviewView) -> None:
    review = view.review
    doc.heading(1, "Terms of reference and key lines of enquiry")
    if review.period_start or review.period_end:
        doc.para(
            "The review covers the period from ",
            uk_date(review.period_start) or "the start of agency involvement",
            " to ",
            uk_date(review.period_end) or "the present",
            ".",
        )
    terms_of_reference_text(doc, review)
    kloe_table(doc, view)


def terms_of_reference_text(doc: Document, review: Review) -> None:
    """The terms of reference as paragraphs, or a note that there are none."""
    for paragraph in paragraphs(review.terms_of_reference):
        doc.para(paragraph)
    if not review.terms_of_reference.strip():
        doc.note("No terms of reference were recorded.")


def kloe_table(doc: Document, view: ReviewView) -> None:
    if not view.data.kloes:
        doc.note("No key lines of enquiry were set.")
        return
    doc.table(
        [("No.", 1.2), ("Key line of enquiry", 4.8), ("Question", 8.5), ("Time box", 2.5)],
        [(str(k.number), k.title, k.question, duration(k.minutes)) for k in view.data.kloes],
    )


def _discussion(doc: Document, view: ReviewView) -> None:
    doc.heading(1, "Discussion by key line of enquiry")
    if not view.data.kloes:
        doc.note("No key lines of enquiry were set.")
    for kloe in view.data.kloes:
        kloe_heading(doc, view, kloe)
        if not view.not_discussed(kloe):  # nothing was captured for it
            _captures(doc, view, kloe.id)
    loose = (
        view.perspectives_for(None),
        view.findings_for(None),
        view.actions_for(None),
        view.decisions_for(None),
    )
    if any(loose):
        doc.heading(2, "Other points raised")
        _captures(doc, view, None, say_empty=False)


def kloe_heading(doc: Document, view: ReviewView, kloe: Kloe) -> None:
    """A KLOE's heading, its question and the time spent on it."""
    doc.heading(2, f"KLOE {kloe.number}: {kloe.title}")
    if kloe.question:
        doc.para(Span(kloe.question, italic=True))
    if view.not_discussed(kloe):
        doc.para(
            Span("Not discussed", bold=True),
            f" in the workshop (time box {duration(kloe.minutes)}); nothing was recorded for it.",
        )
        return
    doc.para(Span("Time spent: ", bold=True), view.time_spent(kloe))


def perspectives_by_kind(
    doc: Document, view: ReviewView, perspectives: list[Perspective], *, named: bool = True
) -> None:
    """A heading and a bullet list for each kind of perspective that has any."""
    for kind, label in PERSPECTIVE_KIND_LABELS.items():
        of_kind = [p for p in perspectives if p.kind == kind]
        if of_kind:
            doc.heading(3, label)
            doc.bullets([perspective_item(view, p, named=named) for p in of_kind])


def _captures(
    doc: Document, view: ReviewView, kloe_id: int | None, *, say_empty: bool = True
) -> None:
    # Each kind's section is headed as domain.capture_kinds names it.
    perspectives = view.perspectives_for(kloe_id)
    if not perspectives and say_empty:
        _empty_section(doc, BY_MODEL[Perspective])
    perspectives_by_kind(doc, view, perspectives)
    findings = view.findings_for(kloe_id)
    if findings:
        doc.heading(3, BY_MODEL[Finding].section)
        doc.bullets([finding_item(view, f) for f in findings])
    elif say_empty:
        _empty_section(doc, BY_MODEL[Finding])
    actions = view.actions_for(kloe_id)
    if actions:
        doc.heading(3, BY_MODEL[Action].section)
        doc.bullets([action_item(view, a) for a in actions])
    elif say_empty:
        _empty_section(doc, BY_MODEL[Action])
    decisions_list(doc, view, view.decisions_for(kloe_id))


def decisions_list(
    doc: Document, view: ReviewView, decisions: list[Decision], *, named: bool = True
) -> None:
    """The decisions heading and one bullet each, when there are any (a KLOE without a
    decision says nothing: few KLOEs end in one)."""
    if decisions:
        doc.heading(3, BY_MODEL[Decision].section)
        doc.bullets([decision_item(view, d, named=named) for d in decisions])


def decision_item(view: ReviewView, decision: Decision, *, named: bool = True) -> Inline:
    """``Decided by Name (Role, Agency): text``; unnamed (the report), by role and agency."""
    typed = decision.speaker_name.strip() if decision.participant_id is None else ""
    who = typed or view.attribution(decision.participant_id)
    if not named:
        participant = view.participant(decision.participant_id)
        who = (view.role_and_agency(participant) if participant else "") or (
            "a participant" if typed else who
        )
    return spans(Span(f"Decided by {who}: ", bold=True), decision.text)


def _empty_section(doc: Document, kind: CaptureKind) -> None:
    """A KLOE's section for a kind of capture with nothing in it, saying so."""
    doc.heading(3, kind.section)
    doc.note(f"No {kind.plural} were recorded.")


def perspective_item(view: ReviewView, perspective: Perspective, *, named: bool = True) -> Inline:
    who = view.attribution(perspective.participant_id)
    typed = perspective.speaker_name.strip() if perspective.participant_id is None else ""
    if typed:
        # Someone not on the participant list, as the note-taker typed the name.
        who = typed
    if not named:
        participant = view.participant(perspective.participant_id)
        who = view.role_and_agency(participant) if participant else "Unattributed"
        who = who or "A participant"
        if participant is None and typed:
            who = "A participant"
    parts: list[str | Span] = [Span(f"{who}: ", bold=True), perspective.text]
    evidence = view.evidence(perspective.entry_ids)
    if evidence:
        parts.append(Span(f" (chronology: {evidence})", italic=True))
    return spans(*parts)


def finding_item(view: ReviewView, finding: Finding) -> Inline:
    kind = "Good practice" if finding.kind == FindingKind.GOOD_PRACTICE else "Learning"
    head = f"{view.finding_ref(finding)} {kind}"
    parts: list[str | Span] = [Span(f"{head}: ", bold=True)]
    if not finding.agreed:
        parts.append(Span(f"{DRAFT} ", italic=True))
    parts.append(finding.statement)
    if finding.recommendation_to:
        parts.append(f" Recommendation to the {view.group(finding.recommendation_to)}.")
    if finding.themes:
        parts.append(Span(f" Themes: {', '.join(finding.themes)}.", italic=True))
    return spans(*parts)


def action_item(view: ReviewView, action: Action) -> Inline:
    parts: list[str | Span] = [Span(f"{view.action_ref(action)}: ", bold=True)]
    if not action.agreed:
        parts.append(Span(f"{DRAFT} ", italic=True))
    parts.append(action.description)
    detail = [
        f"lead agency {view.agency_name(action.lead_agency)}" if action.lead_agency else "",
        f"owner {action.owner}" if action.owner else "",
        f"subgroup {action.subgroup}" if action.subgroup else "",
        f"by {uk_date(action.target_date)}" if action.target_date else "",
    ]
    detail = [d for d in detail if d]
    if detail:
        parts.append(f" ({'; '.join(detail)})")
    return spans(*parts)


def escalation_table(doc: Document, view: ReviewView, escalations: list[Escalation]) -> None:
    if not escalations:
        doc.note("No case-specific issues were escalated.")
        return
    doc.table(
        [
            ("Issue", 5.0),
            ("Raised by", 2.6),
            ("Escalate to", 2.8),
            ("Route", 2.0),
            ("Due", 2.0),
            ("Status", 2.6),
        ],
        [
            (
                ("Immediate risk: " if e.immediate_risk else "") + e.description,
                e.raised_by,
                e.escalate_to,
                str(e.route).capitalize(),
                short_date(e.due),
                str(e.status).capitalize() + (f": {e.outcome}" if e.outcome else ""),
            )
            for e in escalations
        ],
    )


def key_findings(doc: Document, view: ReviewView) -> None:
    findings = view.data.findings
    if not findings:
        doc.note("No findings were recorded.")
        return
    for kind, label in (
        (FindingKind.LEARNING, "Learning"),
        (FindingKind.GOOD_PRACTICE, "Good practice"),
    ):
        of_kind = [f for f in findings if f.kind == kind]
        if of_kind:
            doc.heading(2, label)
            doc.bullets([finding_item(view, f) for f in of_kind])


def action_table(doc: Document, view: ReviewView, actions: list[Action]) -> None:
    if not actions:
        doc.note("No actions were recorded.")
        return
    doc.table(
        [
            # Portrait A4: the action's own words get the widest column; the
            # subgroup shares the owner's cell.
            ("Ref", 1.3),
            ("Action", 6.0),
            ("Finding", 1.3),
            ("Lead agency, owner and subgroup", 4.0),
            ("Target date", 2.0),
            ("Success measure", 4.4),
        ],
        [
            (
                view.action_ref(a) + ("" if a.agreed else f" {DRAFT}"),
                a.description,
                view.finding_ref(f) if (f := view.finding_of(a)) else "",
                " ".join(
                    part
                    for part in (
                        "; ".join(x for x in (view.agency_name(a.lead_agency), a.owner) if x),
                        f"(subgroup: {a.subgroup})" if a.subgroup else "",
                    )
                    if part
                ),
                short_date(a.target_date),
                a.success_measure,
            )
            for a in actions
        ],
    )


def next_steps(view: ReviewView) -> list[str]:
    data = view.data
    steps = [
        "These minutes are circulated in draft to everyone who attended, who are asked to "
        "send corrections to the note-taker within ten working days.",
    ]
    if data.escalations:
        steps.append(
            "Case-specific escalations follow the partnership's escalation procedures; "
            "their outcome is reported to the lead reviewer."
        )
    subgroups = sorted({a.subgroup for a in data.actions if a.subgroup})
    if subgroups:
        steps.append(
            "The action plan is passed to the owning subgroup ("
            + ", ".join(subgroups)
            + f") and monitored by the {view.settings.groups.quality_assurance}."
        )
    drafts = sum(not f.agreed for f in data.findings) + sum(not a.agreed for a in data.actions)
    if drafts:
        steps.append(
            f"{plural(drafts, 'item')} marked {DRAFT} "
            + ("still needs its" if drafts == 1 else "still need their")
            + " wording agreed by the learning review group."
        )
    groups = view.settings.groups
    steps.append(
        "The lead reviewer prepares the draft learning review report for the "
        f"{groups.case_review} and the {groups.business}."
    )
    return steps


def chronology_appendix(doc: Document, view: ReviewView, heading: str) -> None:
    """The merged chronology (entries in the review period) as a landscape appendix."""
    entries = [e for e in view.data.entries if e.in_period and e.error is None]
    doc.blocks.append(LandscapeSection())
    doc.heading(1, heading)
    if not entries:
        doc.note("No chronology entries in the review period were recorded.")
        return
    left_out = len(view.data.entries) - len(entries)
    doc.para(
        f"{plural(len(entries), 'entry', 'entries')} from "
        f"{plural(len(view.entry_counts), 'agency', 'agencies')}, in date order."
        + (
            f" {plural(left_out, 'entry', 'entries')} outside the review period or needing "
            "attention are not shown."
            if left_out
            else ""
        )
    )
    doc.table(CHRONOLOGY_COLUMNS, [entry_row(view, e) for e in entries])


CHRONOLOGY_COLUMNS = [
    ("Date", 2.1),
    ("Time", 1.3),
    ("Agency", 2.9),
    ("Practitioner", 2.7),
    ("Event", 6.0),
    ("Outcome", 3.8),
    ("Analysis", 3.8),
    ("Notes", 3.1),
]


_LIST_LINE = re.compile(r"^\s*(?:[-*•–]\s|\(?\w{1,3}[.)]\s)")


def paragraphs(text: str) -> list[str]:
    """Split free text into paragraphs on blank lines.

    Text typed into a TOML file or a form is often wrapped by hand; inside a paragraph a
    line break is kept only before a list item ("- ", "1. ", "a) "), otherwise the lines
    are joined with a space so that the word processor can reflow them.
    """
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        joined = lines[0].strip()
        for line in lines[1:]:
            joined += ("\n" if _LIST_LINE.match(line) else " ") + line.strip()
        out.append(joined)
    return out
