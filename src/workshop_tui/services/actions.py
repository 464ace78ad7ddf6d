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
    Highlight,
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
    from pathlib import Path

    from workshop_tui.domain.clock import Clock
    from workshop_tui.domain.models import Review
    from workshop_tui.domain.tracker import ActionUpdate, TrackerProposal, TrackerRefused
    from workshop_tui.storage.repository import Repository

__all__ = ["ActionFilters", "ActionRefused", "Actions", "TrackedAction", "TrackerRefused"]

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


def __getattr__(name: str) -> Any:
    # The tracker's refusal, named here for the command line; imported when first asked
    # for, so that building the services at start-up does not load the tracker's code.
    if name == "TrackerRefused":
        from workshop_tui.domain.tracker import TrackerRefused

        return TrackerRefused
    raise AttributeError(name)


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

    def short_agency_names(self) -> dict[tuple[int, str], str]:
        """(review id, agency key) to the agency's short name in that review (``Police``
        among ``Ashbourne Vale ...`` agencies), as the chronology shows it."""
        from workshop_tui.domain.agenda import short_agency_names

        names: dict[tuple[int, str], str] = {}
        for review in self._repository.list_reviews():
            assert review.id is not None
            short = short_agency_names(self._repository.agencies(review.id))
            names.update({(review.id, key): name for key, name in short.items()})
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

    @staticmethod
    def render(rows: list[TrackedAction], fmt: str) -> str:
        """``rows`` as text for scripts: ``csv``, ``json`` or ``md`` (overdue in words).

        Raises:
            ValueError: another format.
        """
        from workshop_tui.exporters.action_list import render_action_list

        return render_action_list(rows, fmt)

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

    # the tracker workbook -------------------------------------------------------

    def _tracker_cells(
        self, review: str | None = None
    ) -> list[tuple[Review, Action, dict[str, Any]]]:
        """Each action (of ``review``, or every review) with its review and its tracker
        cells as of now."""
        from workshop_tui.domain.tracker import action_cells

        today = self.today()
        names: dict[int, dict[str, str]] = {}
        counters: dict[int, int] = {}
        found: list[tuple[Review, Action, dict[str, Any]]] = []
        for stored_review, action in self._repository.actions_across():
            if review is not None and stored_review.reference.casefold() != review.casefold():
                continue
            review_id = stored_review.id or 0
            if review_id not in names:
                names[review_id] = {a.key: a.name for a in self._repository.agencies(review_id)}
            counters[review_id] = counters.get(review_id, 0) + 1
            cells = action_cells(
                action,
                review=stored_review.reference,
                ref=f"A{counters[review_id]}",
                agency_name=names[review_id].get(action.lead_agency, action.lead_agency),
                today=today,
            )
            found.append((stored_review, action, cells))
        return found

    def write_tracker(
        self, target: Path, *, review: str | None = None, protected: tuple[Path, ...] = ()
    ) -> int:
        """Write the action tracker workbook (.xlsx) of every review, or of ``review``
        (its reference), atomically and owner-only; returns how many actions it holds.

        Raises:
            ExportFailed: not an .xlsx path, or a target that must not be replaced (the
                open database, a case pack's file: ``TargetRefused``); nothing written.
            NotFound: no review with that reference.
            OSError: the file could not be written.
        """
        from workshop_tui.exporters import ExportError, UnsafeTarget, write_atomic
        from workshop_tui.exporters.targets import check_target
        from workshop_tui.exporters.tracker import render_tracker
        from workshop_tui.services.exports import ExportFailed, TargetRefused

        if target.suffix.lower() != ".xlsx":
            raise ExportFailed(f"{target.name}: the tracker is written as .xlsx")
        if review is not None:
            self._repository.get_review(review)  # NotFound, clearly
        guarded = (*self._protected(), *protected)
        try:
            check_target(target, guarded)
        except UnsafeTarget as unsafe:
            raise TargetRefused(str(unsafe)) from unsafe
        rows = [cells for _, _, cells in self._tracker_cells(review)]
        reviews = self._repository.list_reviews()
        marking = reviews[0].marking if reviews else "OFFICIAL-SENSITIVE"
        content = render_tracker(
            rows,
            title=f"Action tracker: {review}" if review else "Action tracker: every review",
            marking=marking,
            generated_at=self._clock(),
        )
        try:
            write_atomic(target, content, guarded)
        except ExportError as error:
            raise TargetRefused(str(error)) from error
        return len(rows)

    def _protected(self) -> tuple[Path, ...]:
        path = self._repository.path
        return (path,) if path is not None else ()

    def propose_tracker(self, source: Path | bytes) -> TrackerProposal:
        """What an edited tracker would change: every edited cell (action, column,
        old -> new), the updates they make, and the edits that will not be written
        (columns workshop-tui works out). Nothing is written.

        Raises:
            TrackerRefused: the file is not a tracker, or has a changed or unknown
                action id, a bad date or list value, a move the rules refuse, or a cell
                changed in workshop-tui too since: each with its sheet row and column.
        """
        from workshop_tui.domain.tracker import propose
        from workshop_tui.exporters.tracker import written_texts
        from workshop_tui.importers.tracker import read_tracker

        copy = read_tracker(source)
        current: dict[int, dict[str, str]] = {}
        known: dict[int, tuple[str, str, Action]] = {}
        for _, action, cells in self._tracker_cells():
            assert action.id is not None
            current[action.id] = written_texts(cells)
            known[action.id] = (str(cells["review"]), str(cells["ref"]), action)
        proposal = propose(copy.rows, copy.written, current, known)
        proposal.source = "tracker" if isinstance(source, bytes) else source.name
        return proposal

    def apply_tracker(
        self, source: Path | bytes, confirmed: TrackerProposal, *, by: str = ""
    ) -> TrackerProposal:
        """Apply an edited tracker whose proposal was shown and confirmed: all of it in
        one commit, every change audited, progress text added to the log (never over
        it). The proposal is worked out again inside the transaction; if it is not the
        one confirmed (the database changed meanwhile), nothing is written.

        Raises:
            TrackerRefused: as :meth:`propose_tracker`.
            ActionRefused: the proposal changed since it was confirmed; nothing written.
        """
        repository = self._repository
        with repository.atomic():
            proposal = self.propose_tracker(source)
            if [str(c) for c in proposal.changes] != [str(c) for c in confirmed.changes]:
                raise ActionRefused(
                    "the actions changed while the tracker's changes were being confirmed; "
                    "nothing was written: import it again to see them"
                )
            who = by.strip() or f"tracker {proposal.source}"
            for update in proposal.updates:
                self._apply_update(update, who)
        return proposal

    def _apply_update(self, update: ActionUpdate, by: str) -> None:
        action_id = update.action_id
        if update.details:
            self.set_details(action_id, **update.details)
        if update.revised_target is not None:
            self.revise_target(action_id, update.revised_target, update.revision_reason, by=by)
        status = update.status
        if status is not None and status == self.get(action_id).action.status:
            status = None
        if update.progress:
            rag = update.rag if update.rag_changed else None
            self.record_progress(
                action_id, update.progress, rag, by=by, status=status, reason=update.progress
            )
            if update.rag_changed and update.rag is None:
                self.set_rag(action_id, None)
        else:
            if update.rag_changed:
                self.set_rag(action_id, update.rag)
            if status is not None:
                self.move(action_id, status, by=by)
        if update.assurance_changed:
            self.rate_assurance(action_id, update.assurance)

    # the QA highlight report -------------------------------------------------------

    def highlight(self, since: dt.date, *, review: str | None = None) -> Highlight:
        """What the QA highlight report says today: every action (of ``review``, or of
        every review), counts by status, actions newly red since ``since`` (from the
        audit trail), overdue, completed ones with evidence proposed for closure.

        Raises:
            NotFound: no review with that reference.
        """
        marking = "OFFICIAL-SENSITIVE"
        scope = "every review"
        if review is not None:
            found = self._repository.get_review(review)
            marking, scope = found.marking, f"{found.reference}: {found.title}"
        elif reviews := self._repository.list_reviews():
            marking = reviews[0].marking
        today = self.today()
        rows: list[TrackedAction] = []
        refs: dict[int, str] = {}
        for stored, action, cells in self._tracker_cells(review):
            assert action.id is not None and stored.id is not None
            refs[action.id] = str(cells["ref"])
            rows.append(tracked(stored.id, stored.reference, stored.title, action, today))
        start = dt.datetime.combine(since, dt.time(0))
        turned_red = {
            event.entity_id
            for event in self._repository.action_changes("rag", start, list(refs))
            if event.new == Rag.RED.value
        }
        new_red = frozenset(r.id for r in rows if r.action.rag == Rag.RED and r.id in turned_red)
        return Highlight(today, since, rows, refs, new_red, marking=marking, scope=scope)

    def write_highlight(
        self,
        target: Path,
        since: dt.date,
        *,
        review: str | None = None,
        protected: tuple[Path, ...] = (),
    ) -> Highlight:
        """Write the QA highlight report as .docx or .md (from the extension), atomically
        and owner-only.

        Raises:
            ExportFailed: another extension, or a target that must not be replaced.
            NotFound: no review with that reference.
            OSError: the file could not be written.
        """
        from workshop_tui.exporters import ExportError, UnsafeTarget, write_atomic
        from workshop_tui.exporters.highlight import render_highlight
        from workshop_tui.exporters.targets import check_target
        from workshop_tui.services.exports import ExportFailed, TargetRefused

        fmt = target.suffix.lower().lstrip(".")
        if fmt not in ("docx", "md"):
            raise ExportFailed(f"{target.name}: the highlight report is written as .docx or .md")
        guarded = (*self._protected(), *protected)
        try:
            check_target(target, guarded)
        except UnsafeTarget as unsafe:
            raise TargetRefused(str(unsafe)) from unsafe
        data = self.highlight(since, review=review)
        try:
            write_atomic(target, render_highlight(data, fmt, self._clock()), guarded)
        except ExportError as error:
            raise TargetRefused(str(error)) from error
        return data


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
