"""The workshop day: starting and ending it, going to a KLOE, arrivals and attendance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workshop_tui.domain.models import KloeStatus, ReviewStatus
from workshop_tui.storage.errors import StorageError

if TYPE_CHECKING:
    from workshop_tui.domain.clock import Clock
    from workshop_tui.domain.models import (
        Agency,
        Kloe,
        Participant,
        Review,
        WorkshopLogEntry,
    )
    from workshop_tui.storage.repository import Repository


class AttendanceRefused(StorageError):
    """A time of leaving that cannot be (before the person joined); nothing was saved."""


@dataclass(frozen=True, slots=True)
class StartPlan:
    """What starting the workshop now would do about the review's workshop date."""

    today: dt.date
    record_today: bool
    """The review has no workshop date yet: today is recorded as it."""
    planned: dt.date | None = None
    """A first start on another day than the date planned: ask whether to record today."""


class Workshop:
    """The workshop day: starting and ending it, going to a KLOE, arrivals and attendance."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        self._repository = repository
        self._clock = clock

    # reads ------------------------------------------------------------------

    def review(self, review_id: int) -> Review:
        """The review as stored now."""
        return self._repository.review(review_id)

    def participants(self, review_id: int) -> list[Participant]:
        """Everyone on the review's list (late arrivals included)."""
        return self._repository.participants(review_id)

    def agencies(self, review_id: int) -> list[Agency]:
        """The review's agencies."""
        return self._repository.agencies(review_id)

    def kloes(self, review_id: int) -> list[Kloe]:
        """The KLOEs by number, each with its status."""
        return self._repository.kloes(review_id)

    def log(self, review_id: int) -> list[WorkshopLogEntry]:
        """When the workshop and each KLOE started and ended, in order."""
        return self._repository.workshop_log(review_id)

    # starting and ending ----------------------------------------------------

    def start_plan(self, review_id: int) -> StartPlan:
        """What starting now does about the workshop date: nothing once the workshop has
        run (or today is the date), record today when there is no date, else ask."""
        review = self._repository.review(review_id)
        today = self._clock().date()
        if review.status != ReviewStatus.PREPARING or review.workshop_date == today:
            return StartPlan(today=today, record_today=False)
        if review.workshop_date is None:
            return StartPlan(today=today, record_today=True)
        return StartPlan(today=today, record_today=False, planned=review.workshop_date)

    def start(
        self, review_id: int, first_kloe_id: int | None, *, workshop_date: dt.date | None = None
    ) -> str | None:
        """Start (or resume) the workshop and open ``first_kloe_id``, in one commit; with
        ``workshop_date``, record it as the review's workshop date (audited) in the same one.

        Returns why the automatic backup before the workshop failed, or None when it was
        made (a failed backup does not stop the workshop).

        Raises:
            StorageError: nothing was saved.
        """
        repository = self._repository
        with repository.atomic():
            if workshop_date is not None:
                review = repository.review(review_id)
                if review.workshop_date != workshop_date:
                    changed = review.model_copy(update={"workshop_date": workshop_date})
                    repository.update_review(changed, original=review)
            repository.start_workshop(review_id)
            if first_kloe_id is not None:
                repository.start_kloe(review_id, first_kloe_id)
        return repository.backup_problem

    def end(self, review_id: int, current_kloe_id: int | None) -> None:
        """End the workshop: the current KLOE, if in progress, is finished (done) and every
        open log row closed, in one commit.

        Raises:
            StorageError: nothing was saved.
        """
        repository = self._repository
        with repository.atomic():
            if current_kloe_id is not None:
                kloe = repository.kloe(current_kloe_id)
                if kloe.status == KloeStatus.IN_PROGRESS:
                    repository.end_kloe(review_id, current_kloe_id)
            repository.end_workshop(review_id)

    def go_to_kloe(self, review_id: int, leaving_id: int | None, arriving_id: int) -> None:
        """Move the room from one KLOE to another, in one commit: while the workshop runs,
        the KLOE left (if in progress) is finished and the one arrived at is started.
        Before or after the workshop, or staying on the same KLOE, nothing is written.

        Raises:
            StorageError: nothing was saved.
        """
        repository = self._repository
        if arriving_id == leaving_id:
            return
        # Read first: before the workshop a move writes nothing, so takes no write lock.
        if repository.review(review_id).status != ReviewStatus.IN_WORKSHOP:
            return
        with repository.atomic():
            if leaving_id is not None:
                leaving = repository.kloe(leaving_id)
                if leaving.status == KloeStatus.IN_PROGRESS:
                    repository.end_kloe(review_id, leaving_id)
            repository.start_kloe(review_id, arriving_id)

    # arrivals ---------------------------------------------------------------

    def record_joined(self, participant_id: int, at: dt.datetime) -> Participant:
        """Someone on the list joined late, at ``at``: present from then (audited).

        Raises:
            NotFound: no such participant. StorageError: nothing was saved.
        """
        from workshop_tui.domain.models import Attendance

        return self._repository.set_participant_fields(
            participant_id, attendance=Attendance.PRESENT, arrived_at=at
        )

    def record_left(self, participant_id: int, at: dt.datetime) -> Participant:
        """Someone present left early, at ``at`` (audited). A person marked as leaving
        was there: one not yet marked present is marked present too.

        Raises:
            AttendanceRefused: ``at`` is before they joined; nothing was saved.
            NotFound: no such participant. StorageError: nothing was saved.
        """
        from workshop_tui.domain.models import Attendance

        person = self._repository.participant(participant_id)
        if person.arrived_at is not None and at < person.arrived_at:
            raise AttendanceRefused(
                f"{person.name} joined at {person.arrived_at:%H:%M}: they cannot have left"
                f" at {at:%H:%M}; nothing was saved"
            )
        return self._repository.set_participant_fields(
            participant_id, attendance=Attendance.PRESENT, left_at=at
        )

    def clear_times(self, participant_id: int) -> Participant:
        """Forget when someone joined and left (a time recorded by mistake), audited."""
        return self._repository.set_participant_fields(
            participant_id, arrived_at=None, left_at=None
        )

    def add_arrival(
        self, review_id: int, name: str, role: str, arrived: dt.datetime
    ) -> Participant:
        """Add someone who joined during the workshop, present from ``arrived``; the
        perspectives already captured with their name typed are attributed to them."""
        from workshop_tui.domain.models import Participant

        person = Participant(name=name, role=role.strip(), arrived_at=arrived)
        return self._repository.add_arrival(review_id, person)
