"""The rules of an action plan followed for months (issue 13): pure functions.

An action moves open -> in progress -> completed -> closed, one step at a time;
closing needs evidence of completion; a completed or closed action can be reopened
(back to in progress) only with a reason. A target date is revised with a reason and
the old date kept. Whether an action is overdue or due soon is decided here from
"today", which the caller takes from its clock.

``services.actions`` applies these rules and writes through the repository, which
audits every change; nothing here touches storage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from workshop_tui.domain.models import Action, ActionStatus, Assurance, Rag

DUE_SOON_DAYS = 30
"""An action whose target is within this many days (and not done) is due soon."""

ORDER: tuple[ActionStatus, ...] = (
    ActionStatus.OPEN,
    ActionStatus.IN_PROGRESS,
    ActionStatus.COMPLETED,
    ActionStatus.CLOSED,
)
"""The statuses in the order an action passes through them."""

DONE: frozenset[ActionStatus] = frozenset({ActionStatus.COMPLETED, ActionStatus.CLOSED})
"""Statuses of an action whose work is done: never overdue."""

LEGACY_STATUS: dict[str, tuple[ActionStatus, Rag | None]] = {
    "not started": (ActionStatus.OPEN, None),
    "on track": (ActionStatus.IN_PROGRESS, Rag.GREEN),
    "at risk": (ActionStatus.IN_PROGRESS, Rag.AMBER),
    "off track": (ActionStatus.IN_PROGRESS, Rag.RED),
    "complete": (ActionStatus.COMPLETED, None),
}
"""The status of an action stored before the tracker (version 7 of the database,
archive version 2 and before), as the status and RAG it means now: "on track" was
in progress and green, and so on. The migration and the archive reader use it."""


class MoveRefused(ValueError):
    """A status move, or a revision of the target, that the rules do not allow; the
    message says why and what to do instead."""


def allowed_moves(action: Action) -> tuple[ActionStatus, ...]:
    """The statuses ``action`` may move to now (whatever a reason or evidence allows)."""
    return tuple(s for s in ORDER if _refusal(action, s, reason="x", evidence="x") is None)


def check_move(action: Action, to: ActionStatus, *, reason: str = "") -> None:
    """Refuse a status move the rules do not allow.

    Forward moves go one step at a time (open -> in progress -> completed -> closed);
    closing needs evidence of completion on the action; a completed or closed action
    goes back only to in progress, and only with a reason.

    Raises:
        MoveRefused: the move is not allowed; the message says why.
    """
    refusal = _refusal(action, to, reason=reason, evidence=action.evidence)
    if refusal is not None:
        raise MoveRefused(refusal)


def _refusal(action: Action, to: ActionStatus, *, reason: str, evidence: str) -> str | None:
    now = action.status
    if to == now:
        return f"the action is already {now.value}"
    step = ORDER.index(to) - ORDER.index(now)
    if step == 1:
        if to == ActionStatus.CLOSED and not evidence.strip():
            return (
                "closing needs evidence of completion: record the evidence first "
                "(with a progress update, or in the tracker's Evidence of completion column)"
            )
        return None
    if step > 1:
        between = ORDER[ORDER.index(now) + 1]
        return f"an action that is {now.value} moves to {between.value} before {to.value}"
    if to == ActionStatus.IN_PROGRESS and now in DONE:
        if not reason.strip():
            return f"reopening a {now.value} action needs a reason"
        return None
    return f"an action that is {now.value} cannot go back to {to.value} (only to in progress)"


def check_revision(action: Action, target: dt.date, reason: str) -> None:
    """Refuse a revision of the target date without a reason or that changes nothing.

    Raises:
        MoveRefused: no reason, or ``target`` is already the target.
    """
    if not reason.strip():
        raise MoveRefused("a revised target date needs a reason")
    if target == action.current_target:
        raise MoveRefused(f"{target.isoformat()} is already the target date")


def is_overdue(action: Action, today: dt.date) -> bool:
    """Past its target (the revised one if revised) and not completed or closed."""
    target = action.current_target
    return target is not None and target < today and action.status not in DONE


def is_due_soon(action: Action, today: dt.date, days: int = DUE_SOON_DAYS) -> bool:
    """Not done, and its target is today or within ``days`` days."""
    target = action.current_target
    return (
        target is not None
        and action.status not in DONE
        and today <= target <= today + dt.timedelta(days=days)
    )


def due_words(action: Action, today: dt.date) -> str:
    """How the target stands, in words (never colour alone): ``OVERDUE by 12 days``,
    ``due in 5 days``, ``due today``, or '' when done, far off or without a target."""
    target = action.current_target
    if target is None or action.status in DONE:
        return ""
    days = (target - today).days
    if days < 0:
        return f"OVERDUE by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "due today"
    if days <= DUE_SOON_DAYS:
        return f"due in {days} day{'s' if days != 1 else ''}"
    return ""


@dataclass(frozen=True, slots=True)
class TrackedAction:
    """An action with the review it belongs to and how it stands today."""

    review_id: int
    review_reference: str
    review_title: str
    action: Action
    overdue: bool
    due_soon: bool
    due: str
    """``due_words``: ``OVERDUE by 3 days``, ``due in 20 days`` or ''."""

    @property
    def id(self) -> int:
        """The action's id (unique in the database, across reviews)."""
        assert self.action.id is not None
        return self.action.id


def tracked(
    review_id: int, reference: str, title: str, action: Action, today: dt.date
) -> TrackedAction:
    """``action`` of review ``reference`` as it stands on ``today``."""
    return TrackedAction(
        review_id=review_id,
        review_reference=reference,
        review_title=title,
        action=action,
        overdue=is_overdue(action, today),
        due_soon=is_due_soon(action, today),
        due=due_words(action, today),
    )


@dataclass(frozen=True, slots=True)
class ActionFilters:
    """Which actions to list; every filter left empty lets everything through.

    ``owner`` and ``agency`` match case-insensitively on part of the text (the agency
    on its key or its name, where the caller gives names).
    """

    review: str | None = None
    """A review's reference (exactly, ignoring case)."""
    owner: str | None = None
    agency: str | None = None
    statuses: tuple[ActionStatus, ...] = ()
    rags: tuple[Rag, ...] = ()
    overdue: bool = False
    due_soon: bool = False
    """Due within ``DUE_SOON_DAYS`` (overdue ones are not "due soon")."""
    open_only: bool = False
    """Leave out closed actions."""
    agency_names: dict[str, str] = field(default_factory=dict)
    """Agency key to name, to match ``agency`` on names too."""


def _contains(text: str, part: str) -> bool:
    return part.casefold() in text.casefold()


def matches(row: TrackedAction, filters: ActionFilters) -> bool:
    """Whether ``row`` passes every filter."""
    action = row.action
    if filters.review and row.review_reference.casefold() != filters.review.casefold():
        return False
    if filters.owner and not _contains(action.owner, filters.owner.strip()):
        return False
    if filters.agency:
        name = filters.agency_names.get(action.lead_agency, "")
        wanted = filters.agency.strip()
        if not (_contains(action.lead_agency, wanted) or (name and _contains(name, wanted))):
            return False
    if filters.statuses and action.status not in filters.statuses:
        return False
    if filters.rags and action.rag not in filters.rags:
        return False
    if filters.overdue and not row.overdue:
        return False
    if filters.due_soon and not row.due_soon:
        return False
    return not (filters.open_only and action.status == ActionStatus.CLOSED)


def filter_actions(rows: Iterable[TrackedAction], filters: ActionFilters) -> list[TrackedAction]:
    """The rows that pass ``filters``, in the order given."""
    return [row for row in rows if matches(row, filters)]


def by_owner(rows: Sequence[TrackedAction]) -> list[tuple[str, list[TrackedAction]]]:
    """The rows grouped by owner (as written, ignoring case and spaces around it), owners
    in alphabetical order, "(no owner)" last; each group keeps the rows' order."""
    groups: dict[str, tuple[str, list[TrackedAction]]] = {}
    for row in rows:
        owner = row.action.owner.strip()
        key = owner.casefold()
        if key not in groups:
            groups[key] = (owner or "(no owner)", [])
        groups[key][1].append(row)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0]))
    return [group for _, group in ordered]


def owners_matching(actions: Iterable[Action], part: str) -> list[str]:
    """The distinct owners (as written) whose name contains ``part``, ignoring case."""
    found: dict[str, str] = {}
    for action in actions:
        owner = action.owner.strip()
        if owner and _contains(owner, part.strip()):
            found.setdefault(owner.casefold(), owner)
    return sorted(found.values(), key=str.casefold)


def parse_status(text: str) -> ActionStatus:
    """A status from its name, ignoring case, spaces, ``-`` and ``_`` (``in_progress``).

    Raises:
        ValueError: no status has that name; the message lists them.
    """
    key = " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()
    for status in ActionStatus:
        if key == status.value:
            return status
    names = ", ".join(s.value for s in ActionStatus)
    raise ValueError(f"{text!r} is not a status: {names}")


def parse_rag(text: str) -> Rag:
    """A RAG status from its name or initial (``R``, ``amber``), ignoring case.

    Raises:
        ValueError: not red, amber or green.
    """
    key = text.strip().casefold()
    for rag in Rag:
        if key in {rag.value, rag.value[0]}:
            return rag
    raise ValueError(f"{text!r} is not a RAG status: red, amber or green")


def parse_assurance(text: str) -> Assurance:
    """An assurance rating from its name, ignoring case (``no assurance`` is ``No``).

    Raises:
        ValueError: not Substantial, Reasonable, Limited or No.
    """
    key = text.strip().casefold().removesuffix(" assurance").strip()
    for rating in Assurance:
        if key == rating.value.casefold():
            return rating
    names = ", ".join(a.value for a in Assurance)
    raise ValueError(f"{text!r} is not an assurance rating: {names}")


@dataclass(frozen=True, slots=True)
class Highlight:
    """What the QA highlight report for the subgroup says (``exporters.highlight``)."""

    as_of: dt.date
    since: dt.date
    """New reds, revisions and closures are counted from this day."""
    rows: list[TrackedAction]
    """Every action the report covers, by review then capture order."""
    refs: dict[int, str]
    """Action id to its reference in its review (``A1``...)."""
    new_red: frozenset[int]
    """Actions red now that turned red on or after ``since``."""
    marking: str = "OFFICIAL-SENSITIVE"
    scope: str = "every review"
    """Which reviews: ``every review`` or a review's reference and title."""

    @property
    def overdue(self) -> list[TrackedAction]:
        """Past their target and not done, longest overdue first."""
        late = [r for r in self.rows if r.overdue]
        return sorted(late, key=lambda r: (r.action.current_target or self.as_of, r.id))

    @property
    def reds(self) -> list[TrackedAction]:
        """Red now and newly so since ``since``."""
        return [r for r in self.rows if r.id in self.new_red]

    @property
    def proposed_closures(self) -> list[TrackedAction]:
        """Completed, with evidence of completion: for the subgroup to close."""
        return [
            r
            for r in self.rows
            if r.action.status == ActionStatus.COMPLETED and r.action.evidence.strip()
        ]

    @property
    def revised(self) -> list[TrackedAction]:
        """Actions whose target was revised on or after ``since``."""
        return [r for r in self.rows if any(v.at.date() >= self.since for v in r.action.revisions)]
