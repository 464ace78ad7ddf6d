"""Before the workshop: each agency's chronology, asked for, chased and received.

An agency's :class:`AgencyRequest` holds the dates the lead keeps (requested on, due
by, received on, chased on, replaced on) and whether the agency turned out not to be
involved; :func:`request_status` derives the status from them, the number of entries
the agency has and today's date. The status is never stored, so it cannot go stale:
a request becomes overdue the morning after its due date without anything written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pydantic import Field

from workshop_tui.domain.models import Agency, Model


class RequestStatus(StrEnum):
    """Where an agency's chronology stands."""

    REQUESTED = "requested"
    OVERDUE = "overdue"
    RECEIVED = "received"
    REPLACED = "replaced"
    NOT_INVOLVED = "not involved"


OUTSTANDING = frozenset({RequestStatus.REQUESTED, RequestStatus.OVERDUE})
"""The statuses of a chronology still to come."""


class AgencyRequest(Model):
    """What the lead asked of one agency and when (every date optional)."""

    id: int | None = None
    agency: str
    """The agency key."""
    requested: dt.date | None = None
    due: dt.date | None = None
    received: dt.date | None = None
    """When its (first) file was added."""
    chased: list[dt.date] = Field(default_factory=list)
    """Each day the lead chased the agency, oldest first."""
    replaced: dt.date | None = None
    """When its file was last replaced by a corrected one."""
    not_involved: bool = False
    """The agency had no involvement: no chronology is expected."""
    columns: dict[str, str] = Field(default_factory=dict)
    """Header overrides from case.toml (field name to header), used for each file added."""


def request_status(request: AgencyRequest, entries: int, today: dt.date) -> RequestStatus:
    """The status of one agency's chronology.

    Args:
        request: What was asked of the agency.
        entries: How many chronology entries the agency has in the review.
        today: The services' clock's date.

    Returns:
        ``not involved`` when so marked; ``replaced`` once a corrected file replaced the
        first; ``received`` once a file arrived (or entries exist, for a review whose
        requests were never recorded); ``overdue`` when the due date has passed and
        nothing arrived; otherwise ``requested``.
    """
    if request.not_involved:
        return RequestStatus.NOT_INVOLVED
    if request.replaced is not None:
        return RequestStatus.REPLACED
    if request.received is not None or entries > 0:
        return RequestStatus.RECEIVED
    if request.due is not None and request.due < today:
        return RequestStatus.OVERDUE
    return RequestStatus.REQUESTED


def received_at_import(
    agencies: list[Agency],
    requests: list[AgencyRequest],
    outstanding: list[str],
    today: dt.date,
) -> list[AgencyRequest]:
    """The requests of a review created from a case pack: an agency whose files were all
    there (at least one) was received today; one with a file missing, or none listed, is
    still requested."""
    read = {agency.key for agency in agencies if agency.sources}
    return [
        request.model_copy(update={"received": today})
        if request.agency in read and request.agency not in outstanding
        else request
        for request in requests
    ]


def days_overdue(request: AgencyRequest, today: dt.date) -> int:
    """How many days past its due date a request is (0 when not past it)."""
    if request.due is None or request.due >= today:
        return 0
    return (today - request.due).days


@dataclass(frozen=True, slots=True)
class AgencyIntake:
    """One agency's line in the requests list: who, where its chronology stands, how many
    entries it has."""

    agency: str
    name: str
    request: AgencyRequest
    status: RequestStatus
    entries: int
    overdue_days: int = 0

    @property
    def outstanding(self) -> bool:
        """Its chronology is still to come."""
        return self.status in OUTSTANDING

    def status_words(self) -> str:
        """The status in words, overdue with its days (``overdue by 3 days``)."""
        if self.status is RequestStatus.OVERDUE:
            unit = "day" if self.overdue_days == 1 else "days"
            return f"overdue by {self.overdue_days} {unit}"
        return self.status.value

    def as_dict(self) -> dict[str, object]:
        """The line as JSON-ready values (dates as ISO text)."""

        def day(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "agency": self.agency,
            "name": self.name,
            "status": self.status.value,
            "overdue": self.status is RequestStatus.OVERDUE,
            "overdue_days": self.overdue_days,
            "requested": day(self.request.requested),
            "due": day(self.request.due),
            "received": day(self.request.received),
            "chased": [d.isoformat() for d in self.request.chased],
            "replaced": day(self.request.replaced),
            "entries": self.entries,
        }


def intake_lines(
    agencies: list[tuple[str, str]],
    requests: list[AgencyRequest],
    counts: dict[str, int],
    today: dt.date,
) -> list[AgencyIntake]:
    """One line per agency (in the review's order), its request found by key (or an empty one).

    Args:
        agencies: The review's agencies as (key, name).
        requests: The stored requests.
        counts: Entries per agency key.
        today: The services' clock's date.
    """
    by_key = {request.agency: request for request in requests}
    lines = []
    for key, name in agencies:
        request = by_key.get(key) or AgencyRequest(agency=key)
        entries = counts.get(key, 0)
        status = request_status(request, entries, today)
        overdue = days_overdue(request, today) if status is RequestStatus.OVERDUE else 0
        lines.append(AgencyIntake(key, name, request, status, entries, overdue))
    return lines
