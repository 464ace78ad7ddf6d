"""The draft learning review report (DESIGN.md section 5) as a format-neutral document."""

from __future__ import annotations

from collections import Counter

from workshop_tui.domain.models import (
    Finding,
    RecommendationTo,
    ReviewData,
)
from workshop_tui.domain.publishing import PublishingData

from .blocks import Document, Span, details
from .minutes import (
    action_table,
    chronology_appendix,
    decisions_list,
    escalation_table,
    finding_item,
    key_findings,
    kloe_heading,
    kloe_table,
    perspectives_by_kind,
    terms_of_reference_text,
)
from .publication import publication_block
from .review_view import ReviewView
from .text import hhmm, period, plural, uk_date


def dissemination(quality_assurance: str) -> tuple[str, ...]:
    """How the learning is shared; ``quality_assurance`` is the partnership's name for
    the group that tests the impact."""
    return (
        "A 7-minute briefing for practitioners and managers in every partner agency.",
        "The partnership newsletter and the annual report, in pseudonymised form.",
        "Multi-agency and single-agency training, using the case as a worked example.",
        "Feedback to the practitioners who took part, before anything is published.",
        f"The {quality_assurance} tests the impact through performance indicators "
        "and a multi-agency audit.",
    )


def build_report(data: ReviewData, publishing: PublishingData | None = None) -> Document:
    """Describe the draft learning review report for ``data`` (group names, and the
    publication block, from ``publishing``)."""
    view = ReviewView(data, publishing.settings if publishing else None)
    review = data.review
    groups = view.settings.groups
    doc = Document(
        title=f"Draft learning review report: {review.title}",
        marking=review.marking,
        footer_label=f"{review.reference} draft report",
        header_label=view.partnership,
    )
    covered = period(review.period_start, review.period_end)
    doc.blocks.append(
        details(
            ("Partnership", view.partnership),
            ("Review", review.reference),
            ("Subject", review.subject),
            ("Period under review", covered),
            ("Workshop", uk_date(review.workshop_date)),
            ("Lead reviewer", review.lead_reviewer),
            ("Status", f"Draft for the {groups.case_review} and the {groups.business}"),
        )
    )
    if publishing is not None and "report" in publishing.publications:
        doc.blocks.append(publication_block(publishing.publications["report"]))

    doc.heading(1, "1. Introduction")
    subject = review.subject or "the child"
    doc.para(
        f"This report sets out the learning from a multi-agency learning review about "
        f"{subject}"
        + (f", carried out for {view.partnership}" if view.partnership else "")
        + (f". It covers {covered}" if covered else "")
        + ". It describes what happened from the point of view of the practitioners at "
        "the time, what helped and hindered them, and what the partnership should change."
    )
    doc.para(
        "It is a draft: findings and actions marked (draft) have not yet been agreed by the "
        "learning review group."
    )

    doc.heading(1, "2. Terms of reference")
    terms_of_reference_text(doc, review)
    doc.para("The review asked these key lines of enquiry:")
    kloe_table(doc, view)

    _method(doc, view)
    _episodes(doc, view)
    _analysis(doc, view)

    doc.heading(1, "6. Findings")
    key_findings(doc, view)

    doc.heading(1, "7. Recommendations")
    _recommendations(doc, view)

    doc.heading(1, "8. Action plan")
    action_table(doc, view, data.actions)

    doc.heading(1, "9. Dissemination")
    doc.para("The learning from this review will be shared through:")
    doc.bullets([(Span(item),) for item in dissemination(groups.quality_assurance)])

    doc.heading(1, "Appendix A: learning review group")
    if data.participants:
        doc.table(
            [("Role", 6.0), ("Agency", 6.5), ("Attendance", 3.5)],
            [
                (
                    p.role or "Not recorded",
                    view.agency_name(p.agency),
                    str(p.attendance).capitalize(),
                )
                for p in data.participants
            ],
        )
    else:
        doc.note("No participants were recorded.")
    doc.heading(1, "Appendix B: case-specific escalations")
    escalation_table(doc, view, data.escalations)
    chronology_appendix(doc, view, "Appendix C: merged chronology")
    return doc


def _method(doc: Document, view: ReviewView) -> None:
    data = view.data
    doc.heading(1, "3. Method")
    doc.para(
        "Each agency involved with the family provided a chronology of significant events. "
        "The chronologies were merged into one timeline, events recorded by more than one "
        "agency were linked, and the merged chronology and key lines of enquiry were "
        "circulated before a workshop with the practitioners and managers involved."
    )
    doc.heading(2, "Agencies and chronologies")
    counts = view.entry_counts
    listed = [a.key for a in data.agencies]
    keys = listed + sorted(set(counts) - set(listed))
    if keys:
        flagged = Counter(e.agency for e in data.entries if e.flags)
        doc.table(
            [("Agency", 8.0), ("Chronology entries", 4.0), ("Flagged entries", 4.0)],
            [(view.agency_name(k), f"{counts.get(k, 0):,}", f"{flagged.get(k, 0):,}") for k in keys]
            + [("Total", f"{len(data.entries):,}", f"{sum(flagged.values()):,}")],
        )
    else:
        doc.note("No agencies were recorded.")
    attention = sum(e.error is not None for e in data.entries)
    groups = {e.duplicate_group for e in data.entries if e.duplicate_group is not None}
    if groups:
        doc.para(
            f"{plural(len(groups), 'event was', 'events were')} recorded by more than one "
            "agency; the different accounts were kept side by side."
        )
    if attention:
        doc.para(
            f"{plural(attention, 'entry', 'entries')} could not be dated from the agency "
            "returns and " + ("still needs" if attention == 1 else "still need") + " attention."
        )

    doc.heading(2, "The workshop")
    started, ended = view.workshop_times()
    when = uk_date(view.workshop_date())
    sentence = f"The workshop took place on {when}" if when else "The workshop date is not set"
    if started and ended:
        sentence += f", from {hhmm(started)} to {hhmm(ended)}"
    if view.review.location:
        sentence += f" ({view.review.location})"
    sentence += (
        f". It considered {plural(len(data.kloes), 'key line', 'key lines')} of enquiry and "
        f"recorded {plural(len(data.perspectives), 'perspective')}, "
        f"{plural(len(data.findings), 'finding')} and {plural(len(data.actions), 'action')}."
    )
    doc.para(sentence)

    doc.heading(2, "Attendance by role")
    by_role: Counter[tuple[str, str]] = Counter()
    invited: Counter[tuple[str, str]] = Counter()
    for p in data.participants:
        key = (p.role or "Role not recorded", view.agency_name(p.agency))
        invited[key] += 1
        if p.attendance == "present":
            by_role[key] += 1
    if invited:
        doc.table(
            [("Role", 6.5), ("Agency", 6.0), ("Attended", 2.0), ("Invited", 2.0)],
            [
                (role, agency, str(by_role[(role, agency)]), str(n))
                for (role, agency), n in invited.items()
            ],
        )
    else:
        doc.note("No participants were recorded.")


def _episodes(doc: Document, view: ReviewView) -> None:
    doc.heading(1, "4. Key practice episodes")
    flagged = [e for e in view.data.entries if e.flags]
    if not flagged:
        doc.note("No chronology entries were flagged as key practice episodes.")
        return
    doc.para(
        "These chronology entries were identified as key practice episodes, missed "
        "opportunities or good practice."
    )
    doc.table(
        [("Date", 2.4), ("Agency", 3.2), ("What happened", 7.6), ("Flag", 3.4)],
        [
            (
                e.when,
                view.agency_name(e.agency),
                e.event + (f"\nOutcome: {e.outcome}" if e.outcome else ""),
                ", ".join(str(f).capitalize() for f in e.flags),
            )
            for e in flagged
        ],
    )


def _analysis(doc: Document, view: ReviewView) -> None:
    doc.heading(1, "5. Analysis by key line of enquiry")
    if not view.data.kloes:
        doc.note("No key lines of enquiry were set.")
    for kloe in view.data.kloes:
        kloe_heading(doc, view, kloe)
        if view.not_discussed(kloe):  # nothing was captured for it
            continue
        perspectives = view.perspectives_for(kloe.id)
        if not perspectives:
            doc.note("No perspectives were recorded.")
        perspectives_by_kind(doc, view, perspectives, named=False)
        findings = view.findings_for(kloe.id)
        if findings:
            doc.heading(3, "Findings")
            doc.bullets([finding_item(view, f) for f in findings])
        decisions_list(doc, view, view.decisions_for(kloe.id), named=False)


def _recommendations(doc: Document, view: ReviewView) -> None:
    groups: list[tuple[str, list[Finding]]] = [
        (f"To the {view.group(to)}", [f for f in view.data.findings if f.recommendation_to == to])
        for to in RecommendationTo
    ]
    groups.append(
        ("Not yet assigned", [f for f in view.data.findings if f.recommendation_to is None])
    )
    if not view.data.findings:
        doc.note("No recommendations were made.")
        return
    for label, findings in groups:
        if findings:
            doc.heading(2, label)
            doc.bullets([finding_item(view, f) for f in findings])
