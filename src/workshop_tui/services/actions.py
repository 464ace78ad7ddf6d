"""The action plan after the workshop (issue 13): every review's actions in one tracker,
progress updates, revised targets, status moves, assurance; the tracker workbook and
the QA highlight report.

Actions are named by their id, which is unique in the database (across reviews). Each
use case that writes is one ``repository.atomic()``: all of it is saved, or none, and
every change is audited. The rules are ``domain.actions``; a refusal is
:class:`ActionRefused`, a ``StorageError``, so a form that shows why a save failed
shows it too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workshop_tui.domain.actions import (
    ActionFilters,
    MoveRefused,
    TrackedAction,
    allowed_moves,
    by_owner,
    check_move,
    check_revision,
    filter_actions,
    owners_matching,
    tracked,
)
from workshop_tui.domain.models import (
    Action,
    ActionLevel,
    ActionScope,
    ActionStatus,
    Assurance,
    ProgressEntry,
    Rag,
    TargetRevision,
)
from workshop_tui.storage.errors import StorageError

if TYPE_CHECKING:
    from workshop_tui.domain.clock import Clock
    from workshop_tui.storage.repository import Repository

__all__ = ["ActionFilters", "ActionRefused", "Actions", "TrackedAction"]

DETAIL_FIELDS = (
    "description",
    "recommendation",
    "scope",
    "level",
    "lead_agency",
    "owner",
    "subgroup",
    "milestones",
    "target_date",
    "success_measure",
    "monitoring",
    "evidence_required",
    "evidence",
    "impact",
)
"""Fields :meth:`Actions.set_details` writes as given (status, RAG, assurance, the
progress log and revisions each have their own use case)."""


class ActionRefused(StorageError):
    """A change the rules of the action plan do not allow; nothing was saved. The
    message says why (closing without evidence, a skipped step, no reason given)."""


@dataclass(frozen=True, slots=True)
class Moved:
    """What :meth:`Actions.move` did."""

    action: Action
    previous: ActionStatus


class Actions:
    """The use cases of the action plan (see the module's docstring)."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        self._repository = repository
        self._clock = clock

    # reads ------------------------------------------------------------------

    def today(self) -> dt.date:
        """Today, from the clock (what overdue and due soon are measured against)."""
        return self._clock().date()

    def list_actions(self, filters: ActionFilters | None = None) -> list[TrackedAction]:
        """Every action in the database (all reviews), by review reference then capture
        order, with overdue and due-soon worked out for today; only those that pass
        ``filters`` when given. Agency names of every review are matched as well as keys.
        """
        today = self.today()
        rows = [
            tracked(review.id or 0, review.reference, review.title, action, today)
            for review, action in self._repository.actions_across()
        ]
        if filters is None:
            return rows
        if filters.agency and not filters.agency_names:
            filters = ActionFilters(
                **{**_fields(filters), "agency_names": self.agency_names()},
            )
        return filter_actions(rows, filters)

    def by_owner(
        self, filters: ActionFilters | None = None
    ) -> list[tuple[str, list[TrackedAction]]]:
        """:meth:`list_actions` grouped by owner (alphabetical, "(no owner)" last)."""
        return by_owner(self.list_actions(filters))

    def owners_matching(self, part: str) -> list[str]:
        """The owners (as written, across every review) whose name contains ``part``,
        ignoring case: to say what ``--owner`` matched."""
        return owners_matching((a for _, a in self._repository.actions_across()), part)

    def agency_names(self) -> dict[str, str]:
        """Agency key to name, over every review (the first name met for a key)."""
        names: dict[str, str] = {}
        for review in self._repository.list_reviews():
            assert review.id is not None
            for agency in self._repository.agencies(review.id):
                names.setdefault(agency.key, agency.name)
        return names

    def get(self, action_id: int) -> TrackedAction:
        """One action with its review, as it stands today.

        Raises:
            NotFound: no action with that id (or it was deleted).
        """
        review, action = self._repository.action_with_review(action_id)
        return tracked(review.id or 0, review.reference, review.title, action, self.today())

    def allowed_moves(self, action_id: int) -> tuple[ActionStatus, ...]:
        """The statuses the action may move to now (a form offers these)."""
        return allowed_moves(self.get(action_id).action)

    # writes -----------------------------------------------------------------

    def record_progress(
        self,
        action_id: int,
        text: str,
        rag: Rag | None = None,
        evidence: str | None = None,
        *,
        by: str = "",
        status: ActionStatus | None = None,
        reason: str = "",
    ) -> Action:
        """Add one dated line to the action's progress log, saved at once (one commit).

        ``rag`` also becomes the action's RAG; ``evidence`` is added to its evidence of
        completion (after what is there, never over it); ``status`` moves it as
        :meth:`move` would (checked after the evidence is added, so one update can
        bring the evidence and close). Everything is audited.

        Raises:
            ActionRefused: empty text, or a status move the rules refuse; nothing saved.
            NotFound: no such action.
        """
        if not text.strip():
            raise ActionRefused("a progress update needs some text; nothing was saved")
        repository = self._repository
        with repository.atomic():
            _, action = repository.action_with_review(action_id)
            values: dict[str, object] = {}
            if rag is not None:
                values["rag"] = rag
            if evidence is not None and evidence.strip():
                values["evidence"] = _appended(action.evidence, evidence)
            if status is not None and status != action.status:
                _check(lambda: check_move(action.model_copy(update=values), status, reason=reason))
                values["status"] = status
            entry = ProgressEntry(
                at=self._clock(),
                by=by.strip(),
                text=text.strip(),
                rag=rag,
                evidence=(evidence or "").strip(),
            )
            return repository.append_action_progress(action_id, entry, **values)

    def revise_target(
        self, action_id: int, target: dt.date, reason: str, *, by: str = ""
    ) -> Action:
        """Revise the target date with a reason; the date it replaces is kept in the
        revision (and the one first agreed stays ``target_date``). Audited.

        Raises:
            ActionRefused: no reason, or the date is already the target; nothing saved.
            NotFound: no such action.
        """
        repository = self._repository
        with repository.atomic():
            _, action = repository.action_with_review(action_id)
            _check(lambda: check_revision(action, target, reason))
            revision = TargetRevision(
                at=self._clock(),
                by=by.strip(),
                previous=action.current_target,
                target=target,
                reason=reason.strip(),
            )
            return repository.append_action_revision(action_id, revision)

    def move(self, action_id: int, to: ActionStatus, *, reason: str = "", by: str = "") -> Action:
        """Move the action to status ``to`` if the rules allow (``domain.actions``):
        one step forward at a time, closing only with evidence of completion, back to in
        progress only with a reason. A reason given is also written to the progress log.
        Audited.

        Raises:
            ActionRefused: the move is not allowed; nothing saved.
            NotFound: no such action.
        """
        repository = self._repository
        with repository.atomic():
            _, action = repository.action_with_review(action_id)
            _check(lambda: check_move(action, to, reason=reason))
            if reason.strip():
                entry = ProgressEntry(
                    at=self._clock(),
                    by=by.strip(),
                    text=f"{action.status.value} -> {to.value}: {reason.strip()}",
                )
                return repository.append_action_progress(action_id, entry, status=to)
            return repository.set_action_fields(action_id, status=to)

    def rate_assurance(
        self, action_id: int, rating: Assurance | None, *, impact: str | None = None
    ) -> Action:
        """Record the subgroup's assurance rating (None clears it) and, when given, the
        impact on practice noted. Audited.

        Raises:
            NotFound: no such action.
        """
        values: dict[str, object] = {"assurance": rating}
        if impact is not None:
            values["impact"] = impact.strip()
        return self._repository.set_action_fields(action_id, **values)

    def set_rag(self, action_id: int, rag: Rag | None) -> Action:
        """Set the RAG status alone (a progress update usually carries it). Audited."""
        return self._repository.set_action_fields(action_id, rag=rag)

    def set_details(self, action_id: int, **values: Any) -> Action:
        """Write the plan's other fields (``DETAIL_FIELDS``: recommendation, scope, level,
        milestones, evidence required, evidence of completion, impact, owner ...), each
        change audited. Values are validated through the model first.

        Raises:
            ActionRefused: a field not in ``DETAIL_FIELDS`` or an invalid value.
            NotFound: no such action.
        """
        unknown = sorted(set(values) - set(DETAIL_FIELDS))
        if unknown:
            raise ActionRefused(
                f"cannot set {', '.join(unknown)} here: status, RAG, assurance, progress and "
                "revised targets have their own use cases"
            )
        repository = self._repository
        with repository.atomic():
            _, action = repository.action_with_review(action_id)
            try:
                checked = Action.model_validate({**action.model_dump(), **values})
            except ValueError as error:
                raise ActionRefused(f"not saved: {error}") from None
            return repository.set_action_fields(
                action_id, **{name: getattr(checked, name) for name in values}
            )


def check_edit(stored: Action, edited: Action) -> None:
    """Refuse an edit of a whole action (the capture form) whose status change the rules
    do not allow; ``services.captures.save`` calls it.

    Raises:
        ActionRefused: the status move is refused.
    """
    if edited.status != stored.status:
        before = stored.model_copy(update={"evidence": edited.evidence})
        _check(lambda: check_move(before, edited.status))


def _check(rule: Any) -> None:
    try:
        rule()
    except MoveRefused as refused:
        raise ActionRefused(f"{refused}; nothing was saved") from None


def _appended(old: str, more: str) -> str:
    old, more = old.strip(), more.strip()
    return f"{old}\n{more}" if old else more


def _fields(filters: ActionFilters) -> dict[str, Any]:
    return {name: getattr(filters, name) for name in filters.__dataclass_fields__}


# Kept importable from here for the screens and the command line.
SCOPES = tuple(ActionScope)
LEVELS = tuple(ActionLevel)
