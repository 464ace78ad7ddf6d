"""What the annual report extract is built from: the reviews done in a date range, each
with its findings and actions, and the day action progress is measured at. Pure."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from workshop_tui.domain.models import Action, ActionStatus, Finding, Review


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One review done in the range, with its live findings and actions."""

    review: Review
    findings: tuple[Finding, ...] = ()
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True, slots=True)
class AnnualInput:
    """Everything the annual report extract says."""

    start: dt.date | None
    end: dt.date | None
    as_at: dt.date
    """The day overdue is counted at (the day the extract is written)."""
    records: tuple[ReviewRecord, ...]
    register: tuple[str, ...]
    partnership: str = ""
    """The partnership's name (the settings' once they exist; else the reviews')."""
    left_out: tuple[Review, ...] = field(default=())
    """Reviews not counted: outside the range, or with no date when a range is given."""


def is_overdue(action: Action, as_at: dt.date) -> bool:
    """Past its target (the revised one if revised) and not completed or closed: the
    tracker's rule (``domain.actions.is_overdue``)."""
    from workshop_tui.domain.actions import is_overdue as tracker_overdue

    return tracker_overdue(action, as_at)


def has_impact(action: Action) -> bool:
    """Whether an action records its impact on practice (the tracker's "impact noted")."""
    return bool(action.impact.strip())


def status_counts(actions: tuple[Action, ...] | list[Action]) -> Counter[ActionStatus]:
    """Actions by status, every status present (zero when none)."""
    counts: Counter[ActionStatus] = Counter({status: 0 for status in ActionStatus})
    counts.update(action.status for action in actions)
    return counts


def partnership_of(reviews: list[Review]) -> str:
    """The partnership most of ``reviews`` name ("" when none does)."""
    names = Counter(r.partnership.strip() for r in reviews if r.partnership.strip())
    return names.most_common(1)[0][0] if names else ""
