"""Fictional reviews for exporter tests and the benchmark (importable helper module).

``rich_review()`` is a small but complete review: every kind of capture, drafts and
agreed items, escalations, pseudonyms, flagged entries, a duplicate group, an entry that
needs attention and one outside the period. ``empty_review()`` has no captures at all.
Everything is invented.
"""

from __future__ import annotations

import datetime as dt

from workshop_tui.domain.models import (
    Action,
    ActionStatus,
    Agency,
    Attendance,
    ChronologyEntry,
    EntryFlag,
    Escalation,
    EscalationRoute,
    EscalationStatus,
    Finding,
    FindingKind,
    Kloe,
    KloeStatus,
    Participant,
    Perspective,
    PerspectiveKind,
    Pseudonym,
    Rag,
    RecommendationTo,
    Review,
    ReviewData,
    ReviewStatus,
    WorkshopLogEntry,
)

GENERATED_AT = dt.datetime(2024, 5, 22, 16, 45)
WORKSHOP_DAY = dt.date(2024, 5, 21)


def _at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(WORKSHOP_DAY, dt.time(hour, minute))


def base_review() -> Review:
    return Review(
        id=1,
        reference="LR-2024-03",
        title="Learning Review: Child B",
        subject="Child B",
        partnership="Corrow Valley Children's Safeguarding Partnership",
        lead_reviewer="Morag Ellery",
        note_taker="Tom Haverly",
        period_start=dt.date(2022, 4, 1),
        period_end=dt.date(2024, 3, 13),
        workshop_date=WORKSHOP_DAY,
        workshop_start=dt.time(9, 30),
        location="Corrow House, Room 2 (and Teams)",
        terms_of_reference=(
            "The review will consider how agencies recognised and responded to the "
            "cumulative risk to Child B from April 2022 to March 2024.\n\n"
            "It will look at how information was shared between health, children's social "
            "care, education and the police, and at the voice of the child."
        ),
        status=ReviewStatus.DRAFT_MINUTES,
    )


AGENCIES = [
    Agency(id=1, key="police", name="Westshire Police"),
    Agency(id=2, key="social_care", name="Corrow Children's Social Care"),
    Agency(id=3, key="health_visiting", name="Corrow Community Health"),
    Agency(id=4, key="school", name="Millbrook Primary School"),
]

PARTICIPANTS = [
    Participant(
        id=1,
        name="Priya Lennox",
        role="Health Visitor",
        agency="health_visiting",
        attendance=Attendance.PRESENT,
    ),
    Participant(
        id=2,
        name="Dan Okafor",
        role="Social Worker",
        agency="social_care",
        attendance=Attendance.PRESENT,
    ),
    Participant(
        id=3,
        name="Jo Marchetti",
        role="Detective Sergeant",
        agency="police",
        attendance=Attendance.PRESENT,
    ),
    Participant(
        id=4,
        name="Alison Treharne",
        role="Designated Safeguarding Lead",
        agency="school",
        attendance=Attendance.APOLOGIES,
    ),
    Participant(
        id=5,
        name="Kwame Asante",
        role="Team Manager",
        agency="social_care",
        attendance=Attendance.PRESENT,
    ),
    Participant(
        id=6,
        name="Rhiannon Vell",
        role="GP",
        agency="Corrow Health Centre",
        attendance=Attendance.ABSENT,
    ),
]

KLOES = [
    Kloe(
        id=1,
        number=1,
        title="Cumulative risk",
        question="How well did agencies recognise the build-up of risk to Child B?",
        prompts=["What did each agency know?", "Who saw the whole picture?"],
        minutes=25,
        period_start=dt.date(2022, 4, 1),
        period_end=dt.date(2023, 3, 31),
        status=KloeStatus.DONE,
    ),
    Kloe(
        id=2,
        number=2,
        title="Information sharing",
        question="Was information shared in time for decisions to be made?",
        minutes=30,
        status=KloeStatus.DONE,
    ),
    Kloe(
        id=3,
        number=3,
        title="Voice of the child",
        question="How was Child B's lived experience heard and acted on?",
        minutes=20,
        status=KloeStatus.NOT_STARTED,
    ),
]


def entries() -> list[ChronologyEntry]:
    return [
        ChronologyEntry(
            id=1,
            agency="health_visiting",
            date=dt.date(2022, 5, 3),
            practitioner="Priya Lennox",
            event="New birth visit. Home cluttered.",
            outcome="Universal plus offer",
            source_file="health.csv",
            source_line=2,
            flags=[EntryFlag.GOOD_PRACTICE],
        ),
        ChronologyEntry(
            id=2,
            agency="police",
            date=dt.date(2022, 11, 14),
            time=dt.time(23, 10),
            practitioner="PC 4471",
            event="Domestic incident reported by neighbour; child asleep upstairs.",
            outcome="DASH completed: standard risk",
            source_file="police.csv",
            source_line=7,
            flags=[EntryFlag.KEY_PRACTICE_EPISODE, EntryFlag.MISSED_OPPORTUNITY],
            extra={"Occurrence ref": "WP/22/118843"},
        ),
        ChronologyEntry(
            id=3,
            agency="police",
            date=dt.date(2023, 1, 9),
            time=dt.time(10, 0),
            practitioner="Jo Marchetti",
            event="Strategy discussion",
            outcome="Section 47 enquiry agreed",
            source_file="police.csv",
            source_line=9,
            duplicate_group=1,
            duplicate_confirmed=True,
        ),
        ChronologyEntry(
            id=4,
            agency="social_care",
            date=dt.date(2023, 1, 9),
            time=dt.time(10, 0),
            practitioner="Dan Okafor",
            event="Strategy discussion with police and health",
            outcome="S47 to proceed",
            analysis="Health not present",
            source_file="social_care.xlsx",
            source_part="Chronology",
            source_line=31,
            duplicate_group=1,
            duplicate_confirmed=True,
            flags=[EntryFlag.KEY_PRACTICE_EPISODE],
        ),
        ChronologyEntry(
            id=5,
            agency="school",
            date=dt.date(2023, 6, 1),
            date_approximate=True,
            practitioner="DSL",
            event="Child B often late; uniform concerns.",
            source_file="school.docx",
            source_part="table 1",
            source_line=4,
        ),
        ChronologyEntry(
            id=6,
            agency="school",
            date=dt.date(2021, 9, 6),
            event="Started nursery.",
            in_period=False,
            source_file="school.docx",
            source_part="table 1",
            source_line=2,
        ),
        ChronologyEntry(
            id=7,
            agency="social_care",
            date=None,
            event="",
            error='invalid date "31/02/2023": February 2023 has 28 days',
            raw={"Date": "31/02/2023", "Details": "Home visit, no answer"},
            source_file="social_care.xlsx",
            source_part="Chronology",
            source_line=40,
        ),
    ]


def perspectives() -> list[Perspective]:
    def p(
        i: int,
        kloe: int | None,
        who: int,
        kind: PerspectiveKind,
        text: str,
        links: list[int] | None = None,
    ) -> Perspective:
        return Perspective(
            id=i,
            kloe_id=kloe,
            participant_id=who,
            kind=kind,
            text=text,
            entry_ids=links or [],
            captured_at=_at(9, 40 + i),
        )

    return [
        p(
            1,
            1,
            1,
            PerspectiveKind.INTERVENTION,
            "At the new birth visit I saw the clutter but had no reason then to think of neglect.",
            [1],
        ),
        p(
            2,
            1,
            3,
            PerspectiveKind.INTERVENTION,
            "The November call-out was graded standard; nobody linked it to the earlier referrals.",
            [2],
        ),
        p(
            3,
            1,
            2,
            PerspectiveKind.DECISION,
            "We closed after the assessment because mum engaged well at the time.",
        ),
        p(
            4,
            1,
            5,
            PerspectiveKind.CONTEXT,
            "Caseloads were at 28 that winter; agency staff covered two teams.",
        ),
        p(
            5,
            2,
            1,
            PerspectiveKind.CONTEXT,
            "Health were not invited to the strategy discussion; I heard about it a week later.",
            [4],
        ),
        p(
            6,
            2,
            3,
            PerspectiveKind.DECISION,
            "I shared the DASH with the MASH the next morning, which is our usual route.",
        ),
        p(
            7,
            None,
            5,
            PerspectiveKind.CONTEXT,
            "The new front door arrangements were still bedding in.",
        ),
    ]


def findings() -> list[Finding]:
    return [
        Finding(
            id=1,
            kloe_ids=[1],
            kind=FindingKind.LEARNING,
            statement="Single incidents were assessed on their own; the build-up of "
            "risk was not seen by any one agency.",
            recommendation_to=RecommendationTo.BUSINESS_GROUP,
            themes=["cumulative risk", "neglect"],
            entry_ids=[2],
            perspective_ids=[2],
            agreed=True,
            captured_at=_at(10, 5),
        ),
        Finding(
            id=2,
            kloe_ids=[1, 2],
            kind=FindingKind.GOOD_PRACTICE,
            statement="The health visitor's persistence in offering universal plus "
            "support kept the family engaged.",
            agreed=True,
            recommendation_to=RecommendationTo.CASE_REVIEW_GROUP,
            captured_at=_at(10, 9),
        ),
        Finding(
            id=3,
            kloe_ids=[2],
            kind=FindingKind.LEARNING,
            statement="Health are not routinely invited to strategy discussions.",
            agreed=False,
            captured_at=_at(10, 40),
        ),
    ]


def actions() -> list[Action]:
    return [
        Action(
            id=1,
            finding_id=1,
            kloe_id=1,
            description="Add a cumulative-risk prompt to the MASH screening tool.",
            lead_agency="social_care",
            owner="Head of Front Door",
            subgroup="Practice Development",
            target_date=dt.date(2024, 9, 30),
            success_measure="Prompt completed in 90% of audited screenings.",
            monitoring="Quarterly multi-agency audit by the QA subgroup.",
            status=ActionStatus.IN_PROGRESS,
            rag=Rag.GREEN,
            agreed=True,
            captured_at=_at(10, 12),
        ),
        Action(
            id=2,
            finding_id=3,
            kloe_id=2,
            description="Invite the named health professional to every strategy discussion.",
            lead_agency="health_visiting",
            owner="Designated Nurse",
            subgroup="Quality Assurance",
            target_date=dt.date(2024, 7, 31),
            success_measure="Health attendance recorded in 95% of strategy discussions.",
            monitoring="Monthly attendance report",
            status=ActionStatus.OPEN,
            agreed=False,
            captured_at=_at(10, 45),
        ),
    ]


def escalations() -> list[Escalation]:
    return [
        Escalation(
            id=1,
            kloe_id=2,
            description="Younger sibling's health assessment is overdue.",
            raised_by="Health Visitor",
            escalate_to="Team Manager, Children's Social Care",
            route=EscalationRoute.MANAGERIAL,
            immediate_risk=True,
            due=dt.date(2024, 5, 24),
            status=EscalationStatus.ESCALATED,
            captured_at=_at(10, 50),
        ),
    ]


def pseudonyms() -> list[Pseudonym]:
    return [
        Pseudonym(id=1, real="Priya Lennox", label="Health Visitor 1"),
        Pseudonym(id=2, real="Priya", label="Health Visitor 1"),
        Pseudonym(id=3, real="Shannon Dray", label="Mother"),
        Pseudonym(id=4, real="Millbrook Primary School", label="the primary school"),
        Pseudonym(id=5, real="Corrow Health Centre", label="the health centre"),
    ]


def workshop_log() -> list[WorkshopLogEntry]:
    return [
        WorkshopLogEntry(id=1, kloe_id=None, started_at=_at(9, 30), ended_at=_at(12, 15)),
        WorkshopLogEntry(id=2, kloe_id=1, started_at=_at(9, 40), ended_at=_at(10, 7)),
        WorkshopLogEntry(id=3, kloe_id=2, started_at=_at(10, 20), ended_at=_at(10, 44)),
        WorkshopLogEntry(id=4, kloe_id=2, started_at=_at(11, 0), ended_at=_at(11, 8)),
    ]


def rich_review() -> ReviewData:
    """A complete fictional review (see the module docstring); a fresh copy each call."""
    data = ReviewData(
        review=base_review(),
        agencies=list(AGENCIES),
        participants=list(PARTICIPANTS),
        kloes=list(KLOES),
        entries=entries(),
        perspectives=perspectives(),
        findings=findings(),
        actions=actions(),
        escalations=escalations(),
        pseudonyms=pseudonyms(),
        workshop_log=workshop_log(),
    )
    return data.model_copy(deep=True)


def empty_review() -> ReviewData:
    """Participants and KLOEs, nothing captured yet."""
    review = base_review().model_copy(update={"status": ReviewStatus.PREPARING})
    data = ReviewData(
        review=review, agencies=list(AGENCIES), participants=list(PARTICIPANTS), kloes=list(KLOES)
    )
    return data.model_copy(deep=True)
