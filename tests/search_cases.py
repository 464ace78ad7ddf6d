"""Two small fictional reviews that share patterns, for the search tests (issue 22)."""

from __future__ import annotations

import datetime as dt

from workshop_tui.domain.models import (
    Action,
    Agency,
    ChronologyEntry,
    Escalation,
    Finding,
    Kloe,
    Participant,
    Perspective,
    Review,
    ReviewData,
)

FIRST = "LR-2097-01"
SECOND = "LR-2097-02"


def first_review() -> ReviewData:
    """Child S: a baby with a bruise, seen by health and the police."""
    return ReviewData(
        review=Review(reference=FIRST, title="Learning Review: Child S"),
        agencies=[
            Agency(key="health", name="Brackenford Community Health"),
            Agency(key="police", name="Brackenford Police"),
        ],
        participants=[
            Participant(name="Ivo Pennant", role="Health Visitor", agency="health"),
        ],
        kloes=[Kloe(number=1, title="Bruising in a non-mobile baby", question="Was it escalated?")],
        entries=[
            ChronologyEntry(
                agency="health",
                date=dt.date(2096, 3, 2),
                practitioner="Ivo Pennant",
                event="Bruised cheek seen at a home visit; mother said the baby rolled.",
                extra={"Reviewer note": "No body map completed"},
            ),
            ChronologyEntry(
                agency="police",
                date=dt.date(2096, 5, 9),
                event="Strategy discussion held; referral closed without a home visit.",
            ),
        ],
        perspectives=[
            Perspective(
                participant_id=None,
                speaker_name="Wren Aldous",
                text="Nobody asked how a non-mobile baby could roll off a sofa.",
            )
        ],
        findings=[
            Finding(statement="Bruising in babies who cannot move was not escalated."),
        ],
        actions=[Action(description="Adopt a bruising protocol for non-mobile babies.")],
        escalations=[Escalation(description="Sibling not seen since the incident.")],
    )


def second_review() -> ReviewData:
    """Child T: a child not brought to appointments, then a bruise."""
    return ReviewData(
        review=Review(reference=SECOND, title="Learning Review: Child T"),
        agencies=[
            Agency(key="school", name="Thornbury Primary"),
            Agency(key="health", name="Thornbury Health"),
        ],
        kloes=[Kloe(number=1, title="Was not brought", question="Who followed it up?")],
        entries=[
            ChronologyEntry(
                agency="health",
                date=dt.date(2097, 1, 15),
                event="Child not brought to the dental appointment; neglect not considered.",
            ),
            ChronologyEntry(
                agency="school",
                date=dt.date(2097, 6, 20),
                event="A bruise on the arm noticed in PE; the child said he fell.",
            ),
        ],
        findings=[
            Finding(statement="Missed appointments were not seen as a sign of neglectful care."),
        ],
    )
