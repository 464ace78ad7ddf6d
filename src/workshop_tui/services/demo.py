"""The demo database (``workshop-tui demo``): the bundled fictional case packs imported,
then findings, actions and months of follow-up recorded through the use cases, so that
the action plan holds actions of more than one review in every state.

The demo is a list of steps (:data:`STEPS`), each a function of a :class:`DemoContext`;
another review is another pack in :data:`DEMO_PACKS` and another step. Every date is
fixed relative to "today": the context's clock is moved back for each thing recorded
(a capture at the workshop, a progress update weeks later), so the audit trail, the
progress log and "overdue" read as they would after months of real use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from workshop_tui.domain.models import (
    Action,
    ActionLevel,
    ActionScope,
    ActionStatus,
    Assurance,
    Finding,
    FindingKind,
    Rag,
    RecommendationTo,
)
from workshop_tui.resources import DEMO_PACKS

__all__ = ["DEMO_PACKS", "build_demo"]

if TYPE_CHECKING:
    from workshop_tui.services import Services


class MovableClock:
    """A clock the demo sets to each moment it records something at."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass(slots=True)
class DemoContext:
    """What the steps share: the use cases, the clock they run on, today, the packs."""

    services: Services
    clock: MovableClock
    today: dt.date
    packs: Path
    reviews: dict[str, int] = field(default_factory=dict)
    """Review id by pack name, as the steps import them."""

    def at(self, days: int, hour: int = 10, minute: int = 0) -> None:
        """Set the clock to ``days`` from today (negative: before) at ``hour:minute``."""
        day = self.today + dt.timedelta(days=days)
        self.clock.now = dt.datetime.combine(day, dt.time(hour, minute))

    def day(self, days: int) -> dt.date:
        """The date ``days`` from today."""
        return self.today + dt.timedelta(days=days)


Step = Callable[[DemoContext], None]


def _import(pack: str) -> Step:
    def step(ctx: DemoContext) -> None:
        from workshop_tui.services.reviews import read_case

        ctx.at(-400)
        review = ctx.services.reviews.import_case(read_case(ctx.packs / pack))
        assert review.id is not None
        ctx.reviews[pack] = review.id

    return step


@dataclass(frozen=True, slots=True)
class DemoAction:
    """One action of the demo and what happens to it after the workshop."""

    description: str
    owner: str
    lead_agency: str
    target: int
    """Days from today."""
    recommendation: str
    scope: ActionScope
    level: ActionLevel
    evidence_required: str
    milestones: tuple[str, ...] = ()
    history: tuple[tuple[int, str, object], ...] = ()
    """``(days from today, what, value)``: ``progress`` (text, rag, by), ``move``
    (status), ``revise`` (days from today, reason), ``evidence`` (text), ``assure``
    (rating, impact), in the order they happened."""


def _outcomes(
    pack: str, workshop_day: int, findings: list[Finding], actions: list[DemoAction]
) -> Step:
    def step(ctx: DemoContext) -> None:
        services = ctx.services
        review_id = ctx.reviews[pack]
        kloes = services.repository.kloes(review_id)
        ctx.at(workshop_day, 11)
        saved_findings: list[int | None] = []
        for index, finding in enumerate(findings):
            kloe = kloes[index % len(kloes)]
            item = finding.model_copy(update={"kloe_ids": [kloe.id]})
            saved_findings.append(services.captures.save(review_id, item).id)
        for index, plan in enumerate(actions):
            ctx.at(workshop_day, 11, 30 + index)
            finding_id = saved_findings[index % len(saved_findings)]
            captured = services.captures.save(
                review_id,
                Action(
                    description=plan.description,
                    finding_id=finding_id,
                    kloe_id=kloes[index % len(kloes)].id,
                    lead_agency=plan.lead_agency,
                    owner=plan.owner,
                    subgroup="Practice, Monitoring and Quality Assurance Group",
                    target_date=ctx.day(plan.target),
                    agreed=True,
                ),
            )
            assert captured.id is not None
            action_id = captured.id
            services.actions.set_details(
                action_id,
                recommendation=plan.recommendation,
                scope=plan.scope,
                level=plan.level,
                evidence_required=plan.evidence_required,
                milestones=list(plan.milestones),
            )
            for days, what, value in plan.history:
                ctx.at(days, 14, 15)
                _happen(ctx, action_id, what, value)

    return step


def _happen(ctx: DemoContext, action_id: int, what: str, value: object) -> None:
    actions = ctx.services.actions
    if what == "progress":
        assert isinstance(value, tuple)
        text, rag, by = value
        actions.record_progress(action_id, text, rag, by=by)
    elif what == "move":
        assert isinstance(value, ActionStatus)
        actions.move(action_id, value, by="PMQA chair")
    elif what == "revise":
        assert isinstance(value, tuple)
        days, reason = value
        actions.revise_target(action_id, ctx.day(days), reason, by="PMQA chair")
    elif what == "evidence":
        assert isinstance(value, str)
        actions.record_progress(action_id, "Evidence of completion sent", evidence=value)
    elif what == "assure":
        assert isinstance(value, tuple)
        rating, impact = value
        actions.rate_assurance(action_id, rating, impact=impact)
    else:  # pragma: no cover - a typo in the steps below
        raise ValueError(f"unknown demo event {what!r}")


IN_PROGRESS, COMPLETED, CLOSED = (
    ActionStatus.IN_PROGRESS,
    ActionStatus.COMPLETED,
    ActionStatus.CLOSED,
)
SINGLE, MULTI = ActionScope.SINGLE_AGENCY, ActionScope.MULTI_AGENCY
PRACTITIONER, MANAGER, STRATEGIC = (
    ActionLevel.PRACTITIONER,
    ActionLevel.MANAGER,
    ActionLevel.STRATEGIC,
)

CHILD_R_FINDINGS = [
    Finding(
        statement="Single incidents were assessed one at a time; no agency put the pattern of "
        "neglect, domestic abuse and low mood together.",
        kind=FindingKind.LEARNING,
        recommendation_to=RecommendationTo.CASE_REVIEW_GROUP,
        themes=[
            "neglect and cumulative harm",
            "domestic abuse",
            "parental mental health and substance use",
        ],
        agreed=True,
    ),
    Finding(
        statement="Missed health appointments were recorded as 'did not attend', not as the "
        "children not being brought.",
        kind=FindingKind.LEARNING,
        recommendation_to=RecommendationTo.BUSINESS_GROUP,
        themes=["disability, health and not in school", "voice of the child"],
        agreed=True,
    ),
    Finding(
        statement="The housing officer's reports of damp and mould reached Early Help quickly.",
        kind=FindingKind.GOOD_PRACTICE,
        themes=["good practice", "information sharing"],
        agreed=True,
    ),
]

CHILD_R_ACTIONS = [
    DemoAction(
        "Add a cumulative-harm prompt to MASH screening",
        "Head of MASH",
        "childrens_social_care",
        -20,
        "R1: cumulative harm",
        MULTI,
        MANAGER,
        "Screening audit: the prompt completed in 9 of 10 records",
        ("Prompt drafted", "IT change made", "Audit of 20 screenings"),
        (
            (-100, "move", IN_PROGRESS),
            (-90, "progress", ("Prompt drafted with police and health", Rag.GREEN, "Head of MASH")),
            (-45, "progress", ("IT change waiting for the supplier", Rag.AMBER, "Head of MASH")),
            (-12, "progress", ("Supplier slipped again; no date yet", Rag.RED, "Head of MASH")),
        ),
    ),
    DemoAction(
        "Record every missed health appointment as 'was not brought' and follow it up",
        "Named Nurse Safeguarding Children",
        "health_visiting",
        20,
        "R2: was not brought",
        SINGLE,
        PRACTITIONER,
        "Record audit of 0-19 missed contacts",
        ("Policy updated", "Team briefings"),
        (
            (-80, "move", IN_PROGRESS),
            (-60, "progress", ("Policy updated; briefings booked", Rag.GREEN, "Named Nurse")),
        ),
    ),
    DemoAction(
        "Refer damp and mould in homes with children under five to Early Help",
        "Housing Services Manager",
        "housing",
        -60,
        "R3: housing conditions",
        SINGLE,
        MANAGER,
        "Referral log for the quarter",
        (),
        (
            (-70, "move", IN_PROGRESS),
            (-65, "revise", (45, "The referral form is being rebuilt with Early Help")),
            (-30, "progress", ("New form in test with two patches", Rag.AMBER, "Housing manager")),
        ),
    ),
    DemoAction(
        "Invite the child's school to every MARAC that discusses a school-age child",
        "MARAC Coordinator",
        "police",
        -5,
        "R4: information sharing",
        MULTI,
        STRATEGIC,
        "MARAC minutes for a quarter show the schools invited",
        (),
        (
            (-95, "move", IN_PROGRESS),
            (-40, "progress", ("Invitation list changed", Rag.GREEN, "MARAC Coordinator")),
            (-10, "evidence", "MARAC minutes January to March: the school invited in 14 of 14"),
            (-10, "move", COMPLETED),
        ),
    ),
    DemoAction(
        "A 7-minute briefing on cumulative neglect for every agency",
        "Partnership Training Lead",
        "childrens_social_care",
        -30,
        "R1: cumulative harm",
        MULTI,
        PRACTITIONER,
        "Briefing published and used in team meetings",
        ("Briefing written", "Published", "Used in team meetings"),
        (
            (-100, "move", IN_PROGRESS),
            (-50, "progress", ("Briefing published", Rag.GREEN, "Training Lead")),
            (-40, "evidence", "Briefing on the website; 11 team meetings used it"),
            (-40, "move", COMPLETED),
            (-15, "move", CLOSED),
            (-15, "assure", (Assurance.REASONABLE, "Practitioners at the audit could name it")),
        ),
    ),
    DemoAction(
        "Refresh the neglect toolkit and train its use",
        "Head of Early Help",
        "childrens_social_care",
        90,
        "R1: cumulative harm",
        MULTI,
        STRATEGIC,
        "Toolkit in use in the audit sample",
    ),
]

CHILD_S_FINDINGS = [
    Finding(
        statement="The school knew most about Sami's days and was not part of the MARAC.",
        kind=FindingKind.LEARNING,
        recommendation_to=RecommendationTo.CASE_REVIEW_GROUP,
        themes=["information sharing"],
        agreed=True,
    ),
    Finding(
        statement="The Early Help plan continued unchanged while risk rose; no one escalated.",
        kind=FindingKind.LEARNING,
        recommendation_to=RecommendationTo.BUSINESS_GROUP,
        themes=["challenge and escalation", "risks outside the home"],
        agreed=True,
    ),
]

CHILD_S_ACTIONS = [
    DemoAction(
        "Offer a return-home interview within 72 hours of every missing episode",
        "Missing Children Coordinator",
        "police",
        60,
        "R1: missing children",
        MULTI,
        MANAGER,
        "Return interview data for two quarters",
    ),
    DemoAction(
        "Name a school contact on every MARAC referral for a school-age child",
        "MARAC Coordinator",
        "police",
        -5,
        "R2: MARAC and schools",
        MULTI,
        STRATEGIC,
        "Referral form and a sample of referrals",
        (),
        (
            (-40, "move", IN_PROGRESS),
            (-25, "progress", ("Form change agreed", Rag.GREEN, "MARAC Coordinator")),
            (-3, "progress", ("Form not yet live: the system upgrade was paused", Rag.RED, "")),
        ),
    ),
    DemoAction(
        "Record the reasons for every Early Help panel step-up decision",
        "Early Help Team Manager",
        "early_help",
        25,
        "R3: escalation",
        SINGLE,
        MANAGER,
        "Panel minutes sample",
        ("Template changed", "Dip sample"),
        (
            (-35, "move", IN_PROGRESS),
            (-20, "progress", ("Template changed", Rag.GREEN, "Early Help Team Manager")),
        ),
    ),
    DemoAction(
        "Brief every designated safeguarding lead on the escalation policy",
        "Education Safeguarding Lead",
        "school",
        -2,
        "R3: escalation",
        MULTI,
        PRACTITIONER,
        "Attendance at the DSL network",
        (),
        (
            (-40, "move", IN_PROGRESS),
            (-8, "evidence", "DSL network 12 March: 41 of 44 schools present; slides sent to all"),
            (-8, "move", COMPLETED),
        ),
    ),
    DemoAction(
        "Speak to the child alone at every Early Help assessment",
        "Head of Early Help",
        "early_help",
        -10,
        "R4: voice of the child",
        SINGLE,
        PRACTITIONER,
        "Audit of Early Help assessments",
        (),
        (
            (-44, "move", IN_PROGRESS),
            (-20, "evidence", "Audit of 15 assessments: the child seen alone in 11"),
            (-20, "move", COMPLETED),
            (-14, "move", CLOSED),
            (-14, "assure", (Assurance.LIMITED, "Seen alone in 11 of 15; re-audit in six months")),
        ),
    ),
]


def _themes_review(context: DemoContext) -> None:
    """The third review (Child T), its findings tagged with themes and its actions."""
    from workshop_tui.services.demo_themes import THEME_DEMO_PACK, add_theme_demo

    context.at(-200)
    add_theme_demo(context.services, context.packs / THEME_DEMO_PACK, context.today)


STEPS: list[Step] = [
    _import("child-r"),
    _import("child-s"),
    _import("child-t"),
    _outcomes("child-r", -120, CHILD_R_FINDINGS, CHILD_R_ACTIONS),
    _outcomes("child-s", -45, CHILD_S_FINDINGS, CHILD_S_ACTIONS),
    _themes_review,
]
"""What the demo does, in order; add a pack to ``DEMO_PACKS`` and its steps here."""


def build_demo(path: Path, packs: Path, today: dt.date) -> None:
    """Make the demo database at ``path`` (a new file) from the packs in ``packs``.

    Raises:
        InputError: a bundled pack could not be read.
        StorageError: the database could not be written.
    """
    from workshop_tui.services import Services
    from workshop_tui.storage.repository import Repository

    clock = MovableClock(dt.datetime.combine(today, dt.time(9)))
    with Services(Repository.open(path, clock), clock) as services:
        context = DemoContext(services, clock, today, packs)
        with services.repository.atomic():  # one commit: a scratch database, built whole
            for step in STEPS:
                step(context)
