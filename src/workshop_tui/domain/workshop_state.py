"""What starting and ending a workshop, or one KLOE of it, changes.

The workshop log records when the workshop (a row without a KLOE) and each KLOE
(a row with one) started and ended; a row still open has no end. Each function
here takes the review's open rows and decides the step: the statuses to set,
the rows to close and whether to open one. Storage writes the step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workshop_tui.domain.models import KloeStatus, ReviewStatus, WorkshopLogEntry


@dataclass(frozen=True, slots=True)
class WorkshopStep:
    """One change to the workshop's state.

    Attributes:
        review_status: The review's new status (None: unchanged).
        kloe_status: The KLOE's new status (None: unchanged, or no KLOE involved).
        close: Ids of the open log rows to end now, in order.
        open_log: Whether to open a log row (for the KLOE, or for the workshop).
    """

    review_status: ReviewStatus | None = None
    kloe_status: KloeStatus | None = None
    close: tuple[int, ...] = ()
    open_log: bool = False


def _ids(rows: Iterable[WorkshopLogEntry]) -> tuple[int, ...]:
    return tuple(row.id for row in rows if row.id is not None and row.ended_at is None)


def start_workshop(open_logs: Iterable[WorkshopLogEntry]) -> WorkshopStep:
    """The review goes "in workshop"; the workshop's log row opens unless one is still open
    (resuming a workshop keeps its start)."""
    resuming = any(row.kloe_id is None and row.ended_at is None for row in open_logs)
    return WorkshopStep(review_status=ReviewStatus.IN_WORKSHOP, open_log=not resuming)


def end_workshop(open_logs: Iterable[WorkshopLogEntry]) -> WorkshopStep:
    """Every open log row closes and the review goes to "draft minutes"."""
    return WorkshopStep(review_status=ReviewStatus.DRAFT_MINUTES, close=_ids(open_logs))


def start_kloe(open_logs: Iterable[WorkshopLogEntry]) -> WorkshopStep:
    """The KLOE being discussed (if any) stops, without being marked done (it was not
    finished); the new one's log row opens and it is "in progress"."""
    return WorkshopStep(
        kloe_status=KloeStatus.IN_PROGRESS,
        close=_ids(row for row in open_logs if row.kloe_id is not None),
        open_log=True,
    )


def end_kloe(open_logs: Iterable[WorkshopLogEntry], kloe_id: int) -> WorkshopStep:
    """The KLOE's open log row closes and it is "done"."""
    return WorkshopStep(
        kloe_status=KloeStatus.DONE,
        close=_ids(row for row in open_logs if row.kloe_id == kloe_id),
    )
