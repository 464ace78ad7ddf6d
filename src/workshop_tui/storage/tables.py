"""The tables the repository reads and writes, each with the domain model of its rows."""

from __future__ import annotations

from dataclasses import dataclass

from workshop_tui.domain.intake import AgencyRequest
from workshop_tui.domain.models import (
    Action,
    Agency,
    AuditEvent,
    ChronologyEntry,
    Decision,
    Draft,
    Escalation,
    Finding,
    IdentifyingPlace,
    Kloe,
    Meeting,
    MeetingAttendance,
    MeetingNote,
    Model,
    Participant,
    Perspective,
    Pseudonym,
    Review,
    WorkshopLogEntry,
)


@dataclass(frozen=True, slots=True)
class Table:
    """A table: its name, the model of its rows, which columns hold JSON, whether rows are
    deleted softly (``deleted_at``), and the order rows are read in."""

    name: str
    model: type[Model]
    json_columns: tuple[str, ...] = ()
    soft_delete: bool = False
    order: str = "id"


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("review", Review),
        Table("agency", Agency, ("sources",)),
        Table("participant", Participant, soft_delete=True),
        Table("kloe", Kloe, ("prompts", "entry_ids"), soft_delete=True, order="number, id"),
        Table("entry", ChronologyEntry, ("extra", "flags", "raw")),
        Table("perspective", Perspective, ("entry_ids",), soft_delete=True),
        Table(
            "finding",
            Finding,
            ("kloe_ids", "themes", "entry_ids", "perspective_ids"),
            soft_delete=True,
        ),
        Table("action", Action, ("milestones", "revisions", "progress"), soft_delete=True),
        Table("escalation", Escalation, soft_delete=True),
        Table("decision", Decision, soft_delete=True),
        Table("meeting", Meeting),
        Table("meeting_note", MeetingNote),
        Table("meeting_attendance", MeetingAttendance),
        Table("pseudonym", Pseudonym),
        Table("identifying_place", IdentifyingPlace),
        Table("workshop_log", WorkshopLogEntry),
        Table("audit_event", AuditEvent),
        Table("draft", Draft, ("payload",)),
        Table("agency_request", AgencyRequest, ("chased", "columns")),
    )
}
