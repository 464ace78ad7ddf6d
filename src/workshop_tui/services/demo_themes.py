"""The demo's step for themes across reviews: a third small review (the fictional Child T
pack) and findings tagged with themes (and a few actions) in the demo's reviews, so that
the Themes screen, ``workshop-tui themes`` and the annual report have something to count.

``add_theme_demo(services)`` is the one entry point; the demo runs it after importing
its other reviews. Findings are added only to a review that has none yet, so running it
twice adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workshop_tui.domain.models import (
    Action,
    ActionStatus,
    Finding,
    FindingKind,
    FindingLevel,
    FindingScope,
)

if TYPE_CHECKING:
    from pathlib import Path

    from workshop_tui.services import Services

THEME_DEMO_PACK = "child-t"
"""The bundled pack of the third review (``sample_cases/child-t``)."""

_L = FindingLevel
_S = FindingScope


@dataclass(frozen=True, slots=True)
class DemoFinding:
    """One finding of the demo: its KLOE by number, its wording, themes, level and scope."""

    kloe: int
    statement: str
    themes: tuple[str, ...]
    level: FindingLevel | None = None
    scope: FindingScope | None = None
    kind: FindingKind = FindingKind.LEARNING
    agreed: bool = True


THEMED_FINDINGS: dict[str, tuple[DemoFinding, ...]] = {
    # Child R (sample_cases/child-r)
    "LR-2025-07": (
        DemoFinding(
            1,
            "Each agency saw one part of the neglect; no one put the pieces together.",
            ("neglect and cumulative harm", "information sharing"),
            _L.PARTNERSHIP,
            _S.MULTI_AGENCY,
        ),
        DemoFinding(
            1,
            "Child R's day-to-day experience was rarely asked about or recorded.",
            ("voice of the child",),
            _L.PRACTICE,
            _S.MULTI_AGENCY,
        ),
        DemoFinding(
            2,
            "The partner's history of domestic abuse was known at MASH but not shared with "
            "the health visitor.",
            ("domestic abuse", "information sharing"),
            _L.ORGANISATIONAL,
            _S.MULTI_AGENCY,
        ),
        DemoFinding(
            3,
            "Mother's low mood was treated as an adult matter, apart from her care of the "
            "children.",
            ("parental mental health and substance use", "whole family including fathers and men"),
            _L.PRACTICE,
            _S.SINGLE_AGENCY,
        ),
        DemoFinding(
            7,
            "The joint response to the scald in the first 72 hours was quick and well led.",
            ("good practice",),
            _L.PARTNERSHIP,
            _S.MULTI_AGENCY,
            kind=FindingKind.GOOD_PRACTICE,
        ),
    ),
    # Child T (sample_cases/child-t)
    "LR-2026-05": (
        DemoFinding(
            1,
            "Signs of criminal exploitation were seen as offending for five months before the "
            "first NRM referral.",
            ("risks outside the home", "risk assessment and critical thinking"),
            _L.PARTNERSHIP,
            _S.MULTI_AGENCY,
        ),
        DemoFinding(
            1,
            "The school was not invited to the exploitation meeting or the strategy discussion.",
            ("information sharing", "thresholds and procedures"),
            _L.ORGANISATIONAL,
            _S.MULTI_AGENCY,
        ),
        DemoFinding(
            2,
            "Exclusion and a part-time timetable left Child T out of school when the risk "
            "was highest.",
            ("disability, health and not in school", "transitions"),
            _L.ORGANISATIONAL,
            _S.SINGLE_AGENCY,
        ),
        DemoFinding(
            3,
            "Child T's experience of racism was recorded as behaviour and not explored.",
            ("race, culture and identity", "voice of the child"),
            _L.PRACTICE,
            _S.MULTI_AGENCY,
        ),
        DemoFinding(
            3,
            "The family network meeting, with father and aunt, changed the plan for the better.",
            ("good practice", "whole family including fathers and men"),
            _L.PRACTICE,
            _S.SINGLE_AGENCY,
            kind=FindingKind.GOOD_PRACTICE,
        ),
    ),
}
"""The demo's findings, by the reference of the review they belong to."""


@dataclass(frozen=True, slots=True)
class DemoAction:
    """An action of the demo, for one of its review's findings (by position)."""

    finding: int
    description: str
    owner: str
    target: dt.date
    status: ActionStatus
    success_measure: str = ""


THEMED_ACTIONS: dict[str, tuple[DemoAction, ...]] = {
    "LR-2025-07": (
        DemoAction(
            0,
            "Add a cumulative-harm prompt to multi-agency supervision.",
            "Designated Nurse",
            dt.date(2025, 9, 30),
            ActionStatus.COMPLETED,
            "Prompt used in 8 of 10 audited supervision records (QA subgroup audit).",
        ),
        DemoAction(
            2,
            "Share MASH domestic abuse notifications with the 0-19 service the same day.",
            "Head of MASH",
            dt.date(2025, 12, 31),
            ActionStatus.IN_PROGRESS,
        ),
        DemoAction(
            3,
            "Ask about the children at every adult mental health review.",
            "Clinical Commissioning Lead",
            dt.date(2025, 10, 31),
            ActionStatus.IN_PROGRESS,
        ),
    ),
    "LR-2026-05": (
        DemoAction(
            0,
            "Train response officers to see exploitation indicators at first contact.",
            "Superintendent, Public Protection",
            dt.date(2026, 9, 30),
            ActionStatus.OPEN,
        ),
        DemoAction(
            1,
            "Invite the child's school to every exploitation meeting and strategy discussion.",
            "Head of Service, Children's Social Care",
            dt.date(2026, 6, 30),
            ActionStatus.IN_PROGRESS,
        ),
    ),
}
"""The demo's actions, by review reference."""


WRITTEN_FOR = dt.date(2026, 12, 7)
"""The day the actions' target dates were written for; the demo moves them by as many
days as its today is from this one, so overdue and due-soon read the same any day."""


def add_theme_demo(
    services: Services, pack: Path | None = None, today: dt.date | None = None
) -> list[str]:
    """Import the Child T pack (unless a review with its reference is there) and add the
    themed findings to each demo review that has no finding yet.

    Returns:
        The references of the reviews findings were added to.
    """
    from workshop_tui.resources import sample_cases_dir
    from workshop_tui.services import NotFound

    pack = pack or sample_cases_dir() / THEME_DEMO_PACK
    try:
        services.reviews.get("LR-2026-05")
    except NotFound:
        services.reviews.import_pack(pack)
    shift = (today - WRITTEN_FOR) if today else dt.timedelta(0)
    repository = services.repository
    added: list[str] = []
    with repository.atomic():
        for reference, findings in THEMED_FINDINGS.items():
            try:
                review = services.reviews.get(reference)
            except NotFound:
                continue
            assert review.id is not None
            if repository.findings(review.id):
                continue
            kloes = {k.number: k.id for k in repository.kloes(review.id)}
            stored: list[Finding] = []
            for item in findings:
                kloe_id = kloes.get(item.kloe)
                finding = repository.add_finding(
                    review.id,
                    Finding(
                        kloe_ids=[kloe_id] if kloe_id is not None else [],
                        kind=item.kind,
                        statement=item.statement,
                        themes=list(item.themes),
                        level=item.level,
                        scope=item.scope,
                        agreed=item.agreed,
                    ),
                )
                stored.append(finding)
            for action in THEMED_ACTIONS.get(reference, ()):
                finding = stored[action.finding]
                repository.add_action(
                    review.id,
                    Action(
                        finding_id=finding.id,
                        kloe_id=finding.kloe_ids[0] if finding.kloe_ids else None,
                        description=action.description,
                        owner=action.owner,
                        target_date=action.target + shift,
                        status=action.status,
                        success_measure=action.success_measure,
                        impact=action.success_measure,
                        agreed=True,
                    ),
                )
            added.append(reference)
    return added
