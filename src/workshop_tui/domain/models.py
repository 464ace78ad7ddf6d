"""The vocabulary of a Learning Review (DESIGN.md section 2) as pydantic models.

Every layer speaks these models: importers produce them, the repository stores
and returns them, exporters render them and the interface shows them. Ids are
assigned by the store; a model not yet stored has ``id = None``. References
between models (a perspective's KLOE, a finding's evidence) are by id.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from workshop_tui.domain.dates import Precision, show_when

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"


class ReviewStatus(StrEnum):
    PREPARING = "preparing"
    IN_WORKSHOP = "in workshop"
    DRAFT_MINUTES = "draft minutes"
    FINAL = "final"


class Attendance(StrEnum):
    INVITED = "invited"
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class KloeStatus(StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"


class EntryFlag(StrEnum):
    KEY_PRACTICE_EPISODE = "key practice episode"
    MISSED_OPPORTUNITY = "missed opportunity"
    GOOD_PRACTICE = "good practice"


class PerspectiveKind(StrEnum):
    INTERVENTION = "intervention"
    """Key intervention or opportunity for intervention."""
    DECISION = "decision"
    """Actions and decision making."""
    CONTEXT = "context"
    """What helped or hindered."""


PERSPECTIVE_KIND_LABELS: dict[PerspectiveKind, str] = {
    PerspectiveKind.INTERVENTION: "Key interventions and opportunities for intervention",
    PerspectiveKind.DECISION: "Actions and decision making",
    PerspectiveKind.CONTEXT: "What helped or hindered",
}


class FindingKind(StrEnum):
    GOOD_PRACTICE = "good practice"
    LEARNING = "learning"


class FindingLevel(StrEnum):
    """Where a finding's learning sits: a practitioner's work, an agency, the partnership."""

    PRACTICE = "practice"
    ORGANISATIONAL = "organisational"
    PARTNERSHIP = "partnership"


class FindingScope(StrEnum):
    """How many agencies a finding concerns."""

    SINGLE_AGENCY = "single agency"
    MULTI_AGENCY = "multi-agency"


class RecommendationTo(StrEnum):
    CASE_REVIEW_GROUP = "Case Review Group"
    BUSINESS_GROUP = "Business Group"


class ActionStatus(StrEnum):
    """Where an action is in its life: open -> in progress -> completed -> closed.

    The moves allowed between them (closing needs evidence of completion) are
    ``domain.actions.check_move``. How far it is on track is its ``Rag``, apart.
    """

    OPEN = "open"
    IN_PROGRESS = "in progress"
    COMPLETED = "completed"
    """Done by its owner; the subgroup has not yet seen the evidence."""
    CLOSED = "closed"
    """The subgroup accepted the evidence of completion."""


class Rag(StrEnum):
    """How an action is going: red (off track), amber (at risk), green (on track)."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class ActionScope(StrEnum):
    SINGLE_AGENCY = "single-agency"
    MULTI_AGENCY = "multi-agency"


class ActionLevel(StrEnum):
    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    STRATEGIC = "strategic"


class Assurance(StrEnum):
    """The subgroup's assurance that an action changed practice."""

    SUBSTANTIAL = "Substantial"
    REASONABLE = "Reasonable"
    LIMITED = "Limited"
    NO = "No"


class EscalationRoute(StrEnum):
    MANAGERIAL = "managerial"
    PROFESSIONAL = "professional"
    ESCALATION_POLICY = "escalation policy"


class EscalationStatus(StrEnum):
    OPEN = "open"
    ESCALATED = "escalated"
    RESOLVED = "resolved"


class MeetingKind(StrEnum):
    WORKSHOP = "workshop"
    FOLLOW_UP = "follow-up"
    SIGN_OFF = "sign-off"


def _check_period(start: dt.date | None, end: dt.date | None) -> None:
    """Refuse a period that ends before it starts (a review's or a KLOE's)."""
    if start and end and start > end:
        raise ValueError(f"period_start {start.isoformat()} is after period_end {end.isoformat()}")


class Model(BaseModel):
    """Base for every domain model: strict about unknown fields, assignment validated."""

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, use_enum_values=False, defer_build=True
    )


class Review(Model):
    id: int | None = None
    reference: NonEmpty
    title: NonEmpty
    subject: str = ""
    partnership: str = ""
    lead_reviewer: str = ""
    note_taker: str = ""
    marking: str = DEFAULT_MARKING
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    workshop_date: dt.date | None = None
    workshop_start: dt.time | None = None
    workshop_minutes: int | None = Field(default=None, ge=15, le=720)
    """The workshop's planned length in minutes; None when not set."""
    location: str = ""
    terms_of_reference: str = ""
    status: ReviewStatus = ReviewStatus.PREPARING

    @model_validator(mode="after")
    def _period_in_order(self) -> Review:
        _check_period(self.period_start, self.period_end)
        return self


class SourceColumns(Model):
    """How one chronology file (or sheet, or Word table) of an agency was read."""

    source_file: str
    source_part: str = ""
    headers: list[str] = Field(default_factory=list)
    """The column names in file order, as ``extra`` and ``raw`` key them (made unique)."""
    fields: dict[str, str] = Field(default_factory=dict)
    """Field name (``date``, ``event``, ...) to the header of the column that fills it."""


class Agency(Model):
    id: int | None = None
    key: NonEmpty
    name: NonEmpty
    sources: list[SourceColumns] = Field(default_factory=list)
    """How each of its chronology files was read (empty for a review imported before
    version 3 of the database, or built by hand); the lead can remap the columns."""


class Participant(Model):
    id: int | None = None
    name: NonEmpty
    role: str = ""
    agency: str = ""
    """An agency key, or free text for someone from outside the agencies."""
    attendance: Attendance = Attendance.INVITED
    arrived_at: dt.datetime | None = None
    """When they joined: someone not expected (added from a capture form), or someone on
    the list who arrived late (recorded on the Workshop's attendance list)."""
    left_at: dt.datetime | None = None
    """When they left before the meeting ended; None when they stayed (or left unrecorded)."""
    email: str = ""
    """Their e-mail address, for the workshop invitation; empty when not known."""

    @field_validator("email")
    @classmethod
    def _an_address(cls, value: str) -> str:
        return check_email(value)


_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+")
"""One address: something, an @, a domain with a dot; no spaces, brackets or separators
(an address with a display name or two addresses in one field are refused, not guessed)."""


def check_email(text: str) -> str:
    """``text`` as an e-mail address (white space at either end removed); empty stays empty.

    Raises:
        ValueError: it is not one address, saying what was typed and what is expected.
    """
    address = text.strip()
    if address and not _EMAIL.fullmatch(address):
        raise ValueError(
            f'"{address}" is not an e-mail address; type one address like '
            "name@agency.gov.uk, or leave it empty"
        )
    return address


class Kloe(Model):
    id: int | None = None
    number: int = Field(ge=1)
    title: NonEmpty
    question: str = ""
    prompts: list[str] = Field(default_factory=list)
    minutes: int = Field(default=20, ge=1, le=480)
    """Time box in minutes."""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    status: KloeStatus = KloeStatus.NOT_STARTED
    entry_ids: list[int] = Field(default_factory=list)
    """Chronology entries linked to this KLOE by hand (besides its period)."""

    @model_validator(mode="after")
    def _period_in_order(self) -> Kloe:
        _check_period(self.period_start, self.period_end)
        return self


class ChronologyEntry(Model):
    id: int | None = None
    agency: str
    """The agency key."""
    date: dt.date | None = None
    """None only for an entry that needs attention (``error`` set)."""
    time: dt.time | None = None
    date_approximate: bool = False
    """Marked approximate by the agency (``c.``, ``?``, ``approx.``)."""
    date_precision: Precision = Precision.DAY
    """How much of the date is known: a month's entry (``May 2016``) is dated its first day."""
    end_date: dt.date | None = None
    """The last day of an entry that spans days (a chronology's End Date column)."""
    practitioner: str = ""
    event: str = ""
    outcome: str = ""
    analysis: str = ""
    source_file: str = ""
    """Path relative to the case pack."""
    source_part: str = ""
    """Where inside the file, for workbooks and documents: a sheet name or ``table 2``."""
    source_line: int = 0
    """CSV: physical line where the record starts (header = 1); XLSX: sheet row; DOCX: table row."""
    extra: dict[str, str] = Field(default_factory=dict)
    """Every column that mapped to nothing, verbatim, by header."""
    duplicate_group: int | None = None
    duplicate_confirmed: bool = False
    flags: list[EntryFlag] = Field(default_factory=list)
    in_period: bool = True
    error: str | None = None
    """Why this row failed validation; None for a normal entry."""
    raw: dict[str, str] = Field(default_factory=dict)
    """The row's cells as they arrived, by header (kept for entries that need attention)."""

    @field_validator("end_date")
    @classmethod
    def _range_in_order(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # A field validator, not a model one: pydantic runs a model's after-validators
        # on instances too, for each of the tens of thousands of entries in a ReviewData.
        start = info.data.get("date")
        if end is not None and (start is None or end < start):
            raise ValueError("end_date must be on or after date")
        return end

    @property
    def needs_attention(self) -> bool:
        return self.error is not None

    @property
    def when(self) -> str:
        """The date as every screen and document shows it (``May 2016``, ``c. 03/03/2023``,
        ``03/03/2023 to 05/03/2023``); empty for an entry without a date."""
        if self.date is None:
            return ""
        return show_when(
            self.date,
            approximate=self.date_approximate,
            precision=self.date_precision,
            end=self.end_date,
        )

    @property
    def location(self) -> str:
        """``FILE:LINE`` or ``FILE[part]:ROW`` for messages."""
        part = f"[{self.source_part}]" if self.source_part else ""
        return f"{self.source_file}{part}:{self.source_line}"


_ENTRY_FIELDS = frozenset(ChronologyEntry.model_fields)


def construct_entry(values: dict[str, Any]) -> ChronologyEntry:
    """A ChronologyEntry from values already checked, holding every field, unvalidated.

    Importers and the store build tens of thousands of entries whose every value
    they have just parsed or read back; pydantic's ``model_construct`` spends most
    of its time on per-field defaults and aliases this model does not use, so the
    entry is assembled directly (five times quicker). ``values`` must hold exactly
    the model's fields with values of the right types; the tests compare such
    entries with validated ones.
    """
    entry = object.__new__(ChronologyEntry)
    object.__setattr__(entry, "__dict__", values)
    object.__setattr__(entry, "__pydantic_fields_set__", set(_ENTRY_FIELDS))
    object.__setattr__(entry, "__pydantic_extra__", None)
    object.__setattr__(entry, "__pydantic_private__", None)
    return entry


class Perspective(Model):
    id: int | None = None
    kloe_id: int | None = None
    participant_id: int | None = None
    speaker_name: str = ""
    """The speaker as typed, when not on the participant list (``participant_id`` None)."""
    kind: PerspectiveKind = PerspectiveKind.INTERVENTION
    text: NonEmpty
    entry_ids: list[int] = Field(default_factory=list)
    captured_at: dt.datetime | None = None
    meeting_id: int | None = None
    """The meeting it was captured at (the workshop, a follow-up, the sign-off)."""


class Finding(Model):
    id: int | None = None
    kloe_ids: list[int] = Field(default_factory=list)
    kind: FindingKind = FindingKind.LEARNING
    statement: NonEmpty
    recommendation_to: RecommendationTo | None = None
    themes: list[str] = Field(default_factory=list)
    """Names from the theme register (``domain.themes``), or as typed before it."""
    level: FindingLevel | None = None
    """Not set until someone decides (no default level is implied)."""
    scope: FindingScope | None = None
    entry_ids: list[int] = Field(default_factory=list)
    perspective_ids: list[int] = Field(default_factory=list)
    agreed: bool = False
    captured_at: dt.datetime | None = None
    meeting_id: int | None = None
    """The meeting it was captured at (the workshop, a follow-up, the sign-off)."""


class ProgressEntry(Model):
    """One dated line of an action's progress log: who said what, when (never edited)."""

    at: dt.datetime
    by: str = ""
    """Who reported it (a role or a name as typed), or empty."""
    text: NonEmpty
    rag: Rag | None = None
    """The RAG status given with this update, if one was."""
    evidence: str = ""
    """Evidence offered with this update, if any."""


class TargetRevision(Model):
    """A change of an action's target date: the old date is kept here, with the reason."""

    at: dt.datetime
    by: str = ""
    previous: dt.date | None = None
    """The target before this revision (None: there was none)."""
    target: dt.date
    """The revised target date."""
    reason: NonEmpty


class Action(Model):
    id: int | None = None
    finding_id: int | None = None
    kloe_id: int | None = None
    description: NonEmpty
    lead_agency: str = ""
    owner: str = ""
    """A role, never a person's name."""
    subgroup: str = ""
    target_date: dt.date | None = None
    """The target date agreed; a revision keeps it and adds to ``revisions``."""
    success_measure: str = ""
    monitoring: str = ""
    status: ActionStatus = ActionStatus.OPEN
    agreed: bool = False
    captured_at: dt.datetime | None = None
    meeting_id: int | None = None
    """The meeting it was captured at (the workshop, a follow-up, the sign-off)."""
    # The action plan followed for months afterwards (issue 13).
    recommendation: str = ""
    """The recommendation this action answers (its number or words)."""
    scope: ActionScope | None = None
    level: ActionLevel | None = None
    milestones: list[str] = Field(default_factory=list)
    """Steps on the way, one a line, as typed."""
    revisions: list[TargetRevision] = Field(default_factory=list)
    """Every revision of the target date, oldest first; the last one is the target now."""
    rag: Rag | None = None
    progress: list[ProgressEntry] = Field(default_factory=list)
    """The progress log, oldest first; only ever appended to."""
    evidence_required: str = ""
    evidence: str = ""
    """Evidence of completion (closing needs it)."""
    impact: str = ""
    """The impact on practice noted."""
    assurance: Assurance | None = None

    @property
    def current_target(self) -> dt.date | None:
        """The target date now: the last revision's, else the one agreed."""
        return self.revisions[-1].target if self.revisions else self.target_date


class Escalation(Model):
    id: int | None = None
    kloe_id: int | None = None
    description: NonEmpty
    raised_by: str = ""
    escalate_to: str = ""
    """Role and agency."""
    route: EscalationRoute = EscalationRoute.MANAGERIAL
    immediate_risk: bool = False
    due: dt.date | None = None
    status: EscalationStatus = EscalationStatus.OPEN
    outcome: str = ""
    captured_at: dt.datetime | None = None
    meeting_id: int | None = None
    """The meeting it was captured at (the workshop, a follow-up, the sign-off)."""


class Decision(Model):
    """What the room decided, and who decided it: a person on the list (``participant_id``)
    or a name typed as said ("the panel", someone not on the list). Never blank: a decision
    with no one named is refused, not put down to "the room" without a word."""

    id: int | None = None
    kloe_id: int | None = None
    participant_id: int | None = None
    speaker_name: str = ""
    """Who decided, as typed, when not on the participant list (``participant_id`` None)."""
    text: NonEmpty
    captured_at: dt.datetime | None = None
    meeting_id: int | None = None
    """The meeting it was captured at (the workshop, a follow-up, the sign-off)."""

    @model_validator(mode="after")
    def _someone_decided(self) -> Decision:
        if self.participant_id is None and not self.speaker_name.strip():
            raise ValueError("say who decided: a participant, or a name such as 'the panel'")
        return self


class Meeting(Model):
    """One meeting of a review: the workshop, a follow-up, the sign-off, each with a date."""

    id: int | None = None
    kind: MeetingKind = MeetingKind.WORKSHOP
    date: dt.date | None = None
    started_at: dt.datetime | None = None


class MeetingAttendance(Model):
    """Whether a participant was at a later meeting (a follow-up, the sign-off): present,
    sent apologies, absent or only invited. The workshop's attendance is each
    participant's own (``Participant.attendance``)."""

    id: int | None = None
    meeting_id: int
    participant_id: int
    attendance: Attendance


class MeetingNote(Model):
    """What a later meeting said about an action from an earlier one (its minutes
    record each); the same line goes to the action's progress log."""

    id: int | None = None
    meeting_id: int
    action_id: int
    text: NonEmpty
    rag: Rag | None = None
    status: ActionStatus | None = None
    """The action's status after the update."""
    by: str = ""
    at: dt.datetime


class Pseudonym(Model):
    id: int | None = None
    real: NonEmpty
    label: NonEmpty


class IdentifyingPlace(Model):
    """An organisation or place that would identify the family if published: a school,
    a GP practice, a street. The pseudonymisation check flags it wherever it appears.

    ``name`` is the name as written ("Hollins Lane Primary School"), or a pattern that
    starts with ``...`` for any capitalised name ending so ("... Grove").
    """

    id: int | None = None
    name: NonEmpty


class WorkshopLogEntry(Model):
    """When the workshop (``kloe_id`` None) or one KLOE started and ended."""

    id: int | None = None
    kloe_id: int | None = None
    started_at: dt.datetime
    ended_at: dt.datetime | None = None


class AuditEvent(Model):
    id: int | None = None
    review_id: int | None = None
    at: dt.datetime
    entity: str
    """Table name, e.g. ``perspective``."""
    entity_id: int | None = None
    change: str
    """``create``, ``update``, ``delete``, ``restore``, ``remap`` (an entry rebuilt from
    its cells after the lead remapped its agency's columns: ``field`` names the fields
    changed, ``old`` and ``new`` hold their values as JSON) or ``append`` (a line added
    to a log that is never rewritten, such as an action's ``progress`` or ``revisions``:
    ``new`` holds the line as JSON, ``old`` is None)."""
    field: str = ""
    old: str | None = None
    new: str | None = None


class Draft(Model):
    """A half-typed capture form, saved so that a crash loses nothing."""

    id: int | None = None
    form: str
    """Which form: ``perspective``, ``finding``, ``action`` or ``escalation``."""
    kloe_id: int | None = None
    payload: dict[str, object] = Field(default_factory=dict)
    updated_at: dt.datetime | None = None


class ReviewData(Model):
    """A whole review: what a case pack import produces, exporters render and archives hold."""

    review: Review
    agencies: list[Agency] = Field(default_factory=list)
    participants: list[Participant] = Field(default_factory=list)
    kloes: list[Kloe] = Field(default_factory=list)
    entries: list[ChronologyEntry] = Field(default_factory=list)
    perspectives: list[Perspective] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    escalations: list[Escalation] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    """The review's meetings, first (the workshop) first; empty in an older archive."""
    meeting_notes: list[MeetingNote] = Field(default_factory=list)
    meeting_attendance: list[MeetingAttendance] = Field(default_factory=list)
    """Who was at each later meeting; empty in an older archive."""
    pseudonyms: list[Pseudonym] = Field(default_factory=list)
    workshop_log: list[WorkshopLogEntry] = Field(default_factory=list)
    identifying_places: list[IdentifyingPlace] = Field(default_factory=list)
