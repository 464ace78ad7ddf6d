"""Schema migrations: an older database is upgraded in place, its data kept, a copy made first."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from workshop_tui.domain.clock import Clock
from workshop_tui.domain.models import (
    Attendance,
    ChronologyEntry,
    Participant,
    Perspective,
    Review,
    ReviewData,
)
from workshop_tui.storage import backups, connection
from workshop_tui.storage.repository import Repository
from workshop_tui.storage.schema import MIGRATIONS, SCHEMA_VERSION


def _entries() -> list[ChronologyEntry]:
    day = dt.date(2023, 3, 1)
    return [
        ChronologyEntry(agency="police", date=day, event="Call to the home", duplicate_group=1),
        ChronologyEntry(agency="health", date=day, event="Call to the home", duplicate_group=1),
        ChronologyEntry(agency="school", date=day, event="Absent from school"),
    ]


def _version_1_database(path: Path, clock: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database written by a workshop-tui that knew only the first migration."""
    with monkeypatch.context() as patch:
        patch.setattr(connection, "MIGRATIONS", MIGRATIONS[:1])
        patch.setattr(connection, "SCHEMA_VERSION", 1)
        with Repository.open(path, clock=clock) as repo:  # type: ignore[arg-type]
            repo.create_review(
                ReviewData(review=Review(reference="R1", title="Old review"), entries=_entries())
            )


def _indexes(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
    finally:
        conn.close()


def _version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_schema_2_indexes_duplicate_groups(tmp_db_path: Path, clock: Clock) -> None:
    Repository.open(tmp_db_path, clock=clock).close()
    assert SCHEMA_VERSION >= 2
    assert "entry_duplicate_group" in _indexes(tmp_db_path)


def test_version_1_is_migrated_keeps_its_data_and_is_backed_up_first(
    tmp_db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _version_1_database(tmp_db_path, clock, monkeypatch)
    assert _version(tmp_db_path) == 1
    assert "entry_duplicate_group" not in _indexes(tmp_db_path)

    with Repository.open(tmp_db_path, clock=clock) as repo:
        review = repo.get_review("R1")
        assert review.id is not None
        entries = repo.entries(review.id)
        head = repo.entries_head(review.id, 1)

    assert _version(tmp_db_path) == SCHEMA_VERSION
    assert "entry_duplicate_group" in _indexes(tmp_db_path)
    assert review.title == "Old review"
    assert [(e.agency, e.event, e.duplicate_group) for e in entries] == [
        ("health", "Call to the home", 1),
        ("police", "Call to the home", 1),
        ("school", "Absent from school", None),
    ]
    # The first screenful still brings the other members of its duplicate groups.
    assert [e.agency for e in head] == ["health", "police"]

    (copy,) = backups.automatic_backups(tmp_db_path)
    assert copy.name.endswith("-before-migration.db")
    assert _version(copy) == 1
    old = sqlite3.connect(copy)
    try:
        assert old.execute("SELECT count(*) FROM entry").fetchone()[0] == 3
    finally:
        old.close()


def test_a_current_database_is_not_migrated_again(tmp_db_path: Path, clock: Clock) -> None:
    Repository.open(tmp_db_path, clock=clock).close()
    Repository.open(tmp_db_path, clock=clock).close()
    assert backups.automatic_backups(tmp_db_path) == []


def _version_2_database(path: Path, clock: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database written before speakers not on the list and late arrivals were kept."""
    with monkeypatch.context() as patch:
        patch.setattr(connection, "MIGRATIONS", MIGRATIONS[:2])
        patch.setattr(connection, "SCHEMA_VERSION", 2)
        with Repository.open(path, clock=clock) as repo:  # type: ignore[arg-type]
            review = repo.create_review(
                ReviewData(
                    review=Review(reference="R2", title="Older review"),
                    participants=[Participant(name="Cora Wren", role="Health Visitor")],
                )
            )
            assert review.id is not None
            repo.add_perspective(review.id, Perspective(text="Said before version 3."))


def test_version_2_is_migrated_to_keep_typed_speakers_and_arrival_times(
    tmp_db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _version_2_database(tmp_db_path, clock, monkeypatch)
    with Repository.open(tmp_db_path, clock=clock) as repo:
        review = repo.get_review("R2")
        assert review.id is not None
        (old,) = repo.perspectives(review.id)
        assert (old.text, old.speaker_name) == ("Said before version 3.", "")
        assert repo.participants(review.id)[0].arrived_at is None
        said = repo.add_perspective(
            review.id, Perspective(speaker_name="Tom Ashdown", text="I covered the desk.")
        )
        repo.add_perspective(review.id, Perspective(speaker_name="Ann Oak", text="Not Tom."))
        tom = repo.add_arrival(review.id, Participant(name="tom  ashdown", role="Duty Worker"))
    assert _version(tmp_db_path) == SCHEMA_VERSION >= 3
    with Repository.open(tmp_db_path, clock=clock) as repo:
        people = repo.participants(review.id)
        perspectives = repo.perspectives(review.id)
        changes = {(e.entity, e.field) for e in repo.audit_events(review.id)}
    assert people[-1].name == "tom  ashdown"
    assert people[-1].attendance == Attendance.PRESENT
    assert people[-1].arrived_at == clock()
    # What he said before he was added is his now; someone else's words are not.
    by_id = {p.id: p for p in perspectives}
    assert (by_id[said.id].participant_id, by_id[said.id].speaker_name) == (tom.id, "")
    assert [p.speaker_name for p in perspectives] == ["", "", "Ann Oak"]
    assert ("perspective", "participant_id") in changes


def test_version_2_gains_identifying_places_and_keeps_pseudonyms(
    tmp_db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop_tui.domain.models import IdentifyingPlace, Pseudonym

    with monkeypatch.context() as patch:
        patch.setattr(connection, "MIGRATIONS", MIGRATIONS[:2])
        patch.setattr(connection, "SCHEMA_VERSION", 2)
        with Repository.open(tmp_db_path, clock=clock) as repo:
            repo.create_review(
                ReviewData(
                    review=Review(reference="R2", title="Review"),
                    pseudonyms=[Pseudonym(real="Kit Marsh", label="Mother")],
                )
            )
    assert _version(tmp_db_path) == 2
    with Repository.open(tmp_db_path, clock=clock) as repo:
        review_id = repo.get_review("R2").id
        assert review_id is not None
        assert [p.real for p in repo.pseudonyms(review_id)] == ["Kit Marsh"]
        assert repo.identifying_places(review_id) == []
        place = repo.save_identifying_place(review_id, IdentifyingPlace(name="... Grove"))
        assert repo.load_review(review_id).identifying_places == [place]
    assert _version(tmp_db_path) == SCHEMA_VERSION >= 3
