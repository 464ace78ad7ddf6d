"""The review aggregate: reviews, their agencies, participants and KLOEs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from workshop_tui.domain.dates import Precision
from workshop_tui.domain.kloe_order import moved, next_number
from workshop_tui.domain.models import (
    Agency,
    Attendance,
    ChronologyEntry,
    Kloe,
    Meeting,
    MeetingKind,
    Model,
    Participant,
    Review,
    ReviewData,
)
from workshop_tui.domain.names import name_key
from workshop_tui.storage.base import StoreBase, id_of
from workshop_tui.storage.convert import ENTRY_COLUMNS, entry_to_tuple, to_json
from workshop_tui.storage.errors import NotFound, ReviewExists

_NEWEST = ("date_precision", "end_date")
"""The entry's newest columns, last in ENTRY_COLUMNS."""


class ReviewStore(StoreBase):
    """Reviews, agencies, participants and KLOEs."""

    def list_reviews(self) -> list[Review]:
        """Every stored review, oldest first."""
        return [self._model("review", r) for r in self._rows("SELECT * FROM review ORDER BY id")]

    def get_review(self, reference: str) -> Review:
        """The review with this reference.

        Raises:
            NotFound: no such review.
        """
        rows = self._rows("SELECT * FROM review WHERE reference = ?", (reference,))
        if not rows:
            raise NotFound(f"no review with reference {reference!r}")
        review: Review = self._model("review", rows[0])
        return review

    def review(self, review_id: int) -> Review:
        """The review with this id (NotFound if none)."""
        review: Review = self._get("review", review_id)
        return review

    def create_review(self, data: ReviewData) -> Review:
        """Store a whole review in one transaction and return it with its new id.

        Ids in ``data`` (from an archive) or None (from a case pack) are replaced
        by new ones, and every link between objects follows. A link to an object
        not in ``data`` is dropped (set to None or left out of its list). Writes
        one audit event for the whole review, not one per row.

        Raises:
            ReviewExists: a review with this reference is stored; nothing changed.
        """
        reference = data.review.reference
        if self._query("SELECT 1 FROM review WHERE reference = ?", (reference,)):
            raise ReviewExists(f"a review with reference {reference!r} already exists")
        with self._write() as conn:
            review_id = self._create_all(conn, data)
        return self.review(review_id)

    def create_review_from(self, data: ReviewData, entries: Iterable[ChronologyEntry]) -> Review:
        """:meth:`create_review` with ``entries`` (an archive's, read as they are stored,
        each once) in place of ``data.entries``: kept as they are (their duplicate groups
        too), never held as a list; an exception from ``entries`` rolls everything back.

        Raises:
            ReviewExists: a review with this reference is stored; nothing changed.
        """
        reference = data.review.reference
        if self._query("SELECT 1 FROM review WHERE reference = ?", (reference,)):
            raise ReviewExists(f"a review with reference {reference!r} already exists")
        with self._write() as conn:
            review_id = self._create_all(conn, data, entries)
        return self.review(review_id)

    def _create_all(
        self,
        conn: sqlite3.Connection,
        data: ReviewData,
        streamed: Iterable[ChronologyEntry] | None = None,
    ) -> int:
        """Write the whole review; ``streamed`` (an import's rows as they are read) stands
        for ``data.entries``, inserted as it is iterated and never held as a list."""
        # One audit event for the whole review (below), not one per row.
        review_id = self._insert_row(conn, "review", None, data.review, {})[0]

        def insert(
            table: str, model: Model, new_ids: dict[int, int] | None = None, **links: object
        ) -> None:
            """Insert ``model`` with ``links``; note its old id -> new id in ``new_ids``."""
            # A link to a column this file has not got yet (a test's older schema) is left out.
            links = {name: value for name, value in links.items() if name in self._columns[table]}
            new = self._insert_row(conn, table, review_id, model, links)[0]
            old = id_of(model)
            if new_ids is not None and old is not None:
                new_ids[old] = new

        def one(mapping: dict[int, int], old: int | None) -> int | None:
            return None if old is None else mapping.get(old)

        def many(mapping: dict[int, int], olds: Iterable[int]) -> list[int]:
            return [mapping[o] for o in olds if o in mapping]

        for agency in data.agencies:
            insert("agency", agency)

        participant_ids: dict[int, int] = {}
        for p in data.participants:
            insert("participant", p, participant_ids)

        # Entries in bulk with explicit ids: we hold the write lock, so max(id)
        # cannot move, and the old->new map comes without a query per row.
        base = conn.execute("SELECT coalesce(max(id), 0) FROM entry").fetchone()[0]
        entry_ids: dict[int, int] = {}
        # A database older than the entry's newest columns (the migration tests write
        # one) takes the columns it has: ENTRY_COLUMNS ends with the newest. So does a
        # chronology of day dates only (nearly all): binding two more values per row
        # cost the 10,000-entry import 2% of its time, and the columns' defaults (a day,
        # no end date) are those values.
        columns = tuple(c for c in ENTRY_COLUMNS if c == "id" or c in self._columns["entry"])
        if (
            streamed is None
            and columns[-2:] == _NEWEST
            and not any(
                e.end_date is not None or e.date_precision is not Precision.DAY
                for e in data.entries
            )
        ):
            columns = columns[:-2]
        width = len(columns) + 1
        counted = [0]

        def rows() -> Iterator[tuple[object, ...]]:
            offset = 0
            for offset, e in enumerate(data.entries if streamed is None else streamed, start=1):
                if e.id is not None:
                    entry_ids[e.id] = base + offset
                row = entry_to_tuple(review_id, base + offset, e)
                yield row if len(row) == width else row[:width]
            counted[0] = offset

        placeholders = ", ".join("?" * width)
        # executemany takes the rows as they are made: a streamed import holds one at a time.
        conn.executemany(
            f"INSERT INTO entry (review_id, {', '.join(columns)}) VALUES ({placeholders})",
            rows(),
        )
        entry_count = counted[0]

        # The meetings before the captures that belong to them; a review from a case
        # pack (or an older archive) has none yet: its workshop is its first meeting,
        # and every capture without a meeting belongs to it.
        meeting_ids: dict[int, int] = {}
        meetings = data.meetings or [
            Meeting(kind=MeetingKind.WORKSHOP, date=data.review.workshop_date)
        ]
        first_meeting: int | None = None
        for meeting in meetings if self._columns["meeting"] else []:
            new_meeting = self._insert_row(conn, "meeting", review_id, meeting, {})[0]
            first_meeting = first_meeting or new_meeting
            if meeting.id is not None:
                meeting_ids[meeting.id] = new_meeting

        def meeting_of(item: Model) -> int | None:
            old = getattr(item, "meeting_id", None)
            return meeting_ids.get(old, first_meeting) if old is not None else first_meeting

        kloe_ids: dict[int, int] = {}
        for k in data.kloes:
            insert("kloe", k, kloe_ids, entry_ids=many(entry_ids, k.entry_ids))

        perspective_ids: dict[int, int] = {}
        for pv in data.perspectives:
            insert(
                "perspective",
                pv,
                perspective_ids,
                kloe_id=one(kloe_ids, pv.kloe_id),
                participant_id=one(participant_ids, pv.participant_id),
                entry_ids=many(entry_ids, pv.entry_ids),
                meeting_id=meeting_of(pv),
            )

        finding_ids: dict[int, int] = {}
        for f in data.findings:
            insert(
                "finding",
                f,
                finding_ids,
                kloe_ids=many(kloe_ids, f.kloe_ids),
                entry_ids=many(entry_ids, f.entry_ids),
                perspective_ids=many(perspective_ids, f.perspective_ids),
                meeting_id=meeting_of(f),
            )

        action_ids: dict[int, int] = {}
        for a in data.actions:
            insert(
                "action",
                a,
                action_ids,
                finding_id=one(finding_ids, a.finding_id),
                kloe_id=one(kloe_ids, a.kloe_id),
                meeting_id=meeting_of(a),
            )
        for esc in data.escalations:
            insert(
                "escalation", esc, kloe_id=one(kloe_ids, esc.kloe_id), meeting_id=meeting_of(esc)
            )
        for decision in data.decisions:
            insert(
                "decision",
                decision,
                kloe_id=one(kloe_ids, decision.kloe_id),
                participant_id=one(participant_ids, decision.participant_id),
                meeting_id=meeting_of(decision),
            )
        for note in data.meeting_notes:
            meeting_id = one(meeting_ids, note.meeting_id)
            action_id = one(action_ids, note.action_id)
            if meeting_id is not None and action_id is not None:
                insert("meeting_note", note, meeting_id=meeting_id, action_id=action_id)
        for present in data.meeting_attendance if self._columns["meeting_attendance"] else []:
            meeting_id = one(meeting_ids, present.meeting_id)
            participant_id = one(participant_ids, present.participant_id)
            if meeting_id is not None and participant_id is not None:
                insert(
                    "meeting_attendance",
                    present,
                    meeting_id=meeting_id,
                    participant_id=participant_id,
                )
        for ps in data.pseudonyms:
            insert("pseudonym", ps)
        for place in data.identifying_places:
            insert("identifying_place", place)
        for log in data.workshop_log:
            insert("workshop_log", log, kloe_id=one(kloe_ids, log.kloe_id))

        summary = {
            "reference": data.review.reference,
            "agencies": len(data.agencies),
            "participants": len(data.participants),
            "kloes": len(data.kloes),
            "entries": entry_count,
            "perspectives": len(data.perspectives),
            "findings": len(data.findings),
            "actions": len(data.actions),
            "escalations": len(data.escalations),
            "decisions": len(data.decisions),
            "meetings": len(meetings),
            "pseudonyms": len(data.pseudonyms),
            "identifying_places": len(data.identifying_places),
        }
        self._audit(conn, review_id, "review", review_id, "create", new=to_json(summary))
        return review_id

    def ids_in_order(self, table: str, review_id: int) -> list[int]:
        """The ids of the review's rows of ``table`` (a name of ours, never typed) in the
        order they were inserted."""
        rows = self._query(f"SELECT id FROM {table} WHERE review_id = ? ORDER BY id", (review_id,))
        return [row[0] for row in rows]

    def update_review(self, review: Review, original: Review | None = None) -> Review:
        """Save changed fields of ``review``, one audit event per field.

        Raises:
            NotFound: no review with this id.
            ReviewExists: the new reference belongs to another review.
            EditConflict: with ``original``, a field was changed differently meanwhile.
        """
        clash = self._query(
            "SELECT 1 FROM review WHERE reference = ? AND id != ?", (review.reference, review.id)
        )
        if clash:
            raise ReviewExists(f"a review with reference {review.reference!r} already exists")
        return self._update("review", review, original=original)

    # -------------------------------------------------------- people and agenda

    def agencies(self, review_id: int) -> list[Agency]:
        """The review's agencies in the order they were listed."""
        return self._select("agency", "review_id = ?", (review_id,))

    def participants(self, review_id: int) -> list[Participant]:
        """The review's participants in the order they were added."""
        return self._select("participant", "review_id = ?", (review_id,))

    def save_participant(self, review_id: int, participant: Participant) -> Participant:
        """Insert ``participant`` when its id is None, otherwise save its changes."""
        if participant.id is None:
            return self._add("participant", review_id, participant)
        return self._update("participant", participant)

    def set_attendance(self, participant_id: int, attendance: Attendance | str) -> Participant:
        """Record whether a participant is present, sent apologies, etc.

        Only the attendance is written: a change another process made to the
        participant meanwhile is kept.
        """
        value = Attendance(attendance)
        with self._write() as conn:
            row = self._get_row("participant", participant_id)
            old: Participant = self._model("participant", row)
            self._set(conn, "participant", row["review_id"], old, attendance=value)
        result: Participant = self._get("participant", participant_id)
        return result

    def participant(self, participant_id: int) -> Participant:
        """One participant (NotFound if missing or deleted)."""
        person: Participant = self._get("participant", participant_id)
        return person

    def set_participant_fields(self, participant_id: int, **values: object) -> Participant:
        """Write only ``values`` (attendance, arrived_at, left_at) over the participant, read
        under the write lock, one audit event per field changed."""
        with self._write() as conn:
            row = self._get_row("participant", participant_id)
            old: Participant = self._model("participant", row)
            self._set(conn, "participant", row["review_id"], old, **values)
        result: Participant = self._get("participant", participant_id)
        return result

    def add_arrival(self, review_id: int, participant: Participant) -> Participant:
        """Add someone who joined during the workshop, present, arrived now.

        The perspectives already captured with their name typed as the speaker (no
        participant picked) are attributed to them in the same transaction, audited.
        """
        arrival = participant.model_copy(
            update={
                "id": None,
                "attendance": Attendance.PRESENT,
                "arrived_at": participant.arrived_at or self._now(),
            }
        )
        name = name_key(arrival.name)
        with self._write() as conn:
            new_id = self._insert(conn, "participant", review_id, arrival)
            spoken = self._select(
                "perspective", "review_id = ? AND participant_id IS NULL", (review_id,)
            )
            for old in spoken:
                if name_key(old.speaker_name) == name:
                    self._set(
                        conn, "perspective", review_id, old, participant_id=new_id, speaker_name=""
                    )
        result: Participant = arrival.model_copy(update={"id": new_id})
        return result

    def kloes(self, review_id: int) -> list[Kloe]:
        """The review's KLOEs by number."""
        return self._select("kloe", "review_id = ?", (review_id,))

    def kloe(self, kloe_id: int) -> Kloe:
        """One KLOE (NotFound if missing or deleted)."""
        kloe: Kloe = self._get("kloe", kloe_id)
        return kloe

    def save_kloe(self, review_id: int, kloe: Kloe) -> Kloe:
        """Insert ``kloe`` when its id is None (numbered last + 1), else save changes.

        The number of a stored KLOE changes only through :meth:`move_kloe`.
        """
        if kloe.id is None:
            self._require_review(review_id)
            with self._write() as conn:
                numbers = [
                    number
                    for (number,) in conn.execute(
                        "SELECT number FROM kloe WHERE review_id = ? AND deleted_at IS NULL",
                        (review_id,),
                    )
                ]
                new_id = self._insert(
                    conn,
                    "kloe",
                    review_id,
                    kloe.model_copy(update={"number": next_number(numbers)}),
                )
            return self.kloe(new_id)
        fields = [name for name in self._columns["kloe"] if name != "number"]
        return self._update("kloe", kloe, fields)

    def move_kloe(self, kloe_id: int, offset: int) -> list[Kloe]:
        """Move a KLOE ``offset`` places (negative = earlier) and renumber 1..n."""
        with self._write() as conn:
            row = self._get_row("kloe", kloe_id)
            review_id = row["review_id"]
            order = moved(self._kloe_order(conn, review_id), kloe_id, offset)
            self._renumber(conn, review_id, order)
        return self.kloes(review_id)
