"""Backups (on demand, before every migration, at the start of each workshop) and history.

Also: a deletion is undone through the repository, even after a restart.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workshop_tui.cli import main
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import EntryFlag, Perspective, ReviewStatus
from workshop_tui.storage import backups, connection
from workshop_tui.storage.errors import StorageError
from workshop_tui.storage.repository import Repository
from workshop_tui.storage.schema import MIGRATIONS, SCHEMA_VERSION

from .conftest import REFERENCE


def cli(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args])


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def texts(path: Path) -> list[str]:
    with Repository.open(path) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        return [p.text for p in repo.perspectives(review.id)]


# ------------------------------------------------------------------ on demand


def test_backup_command_makes_a_private_copy_that_opens(db_path: Path, tmp_path: Path) -> None:
    with Repository.open(db_path) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        repo.add_perspective(review.id, Perspective(text="said before the backup"))
    copy = tmp_path / "elsewhere" / "copy.db"
    copy.parent.mkdir()
    result = cli(db_path, "backup", "-o", str(copy))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"backed up {db_path} to {copy}\n"
    assert mode(copy) == 0o600
    assert [p.name for p in copy.parent.iterdir()] == ["copy.db"]  # no -journal left over
    assert texts(copy) == ["said before the backup"]
    assert sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # Never over an existing file: that might be the only other copy.
    copy.chmod(0o600)
    before = copy.read_bytes()
    again = cli(db_path, "backup", "-o", str(copy))
    assert again.exit_code == 1 and "Traceback" not in again.output
    assert again.stderr == f"error: {copy} already exists; choose a new file name\n"
    assert copy.read_bytes() == before


def test_a_backup_while_another_instance_writes_is_consistent(db_path: Path) -> None:
    with Repository.open(db_path) as writer, Repository.open(db_path) as other:
        review = writer.get_review(REFERENCE)
        for i in range(50):
            assert review.id is not None
            writer.add_perspective(review.id, Perspective(text=f"p{i}"))
        writer._conn.execute("BEGIN IMMEDIATE")  # a write in progress, not yet committed
        writer._conn.execute(
            "INSERT INTO perspective (review_id, kind, text) VALUES (?, 'context', 'uncommitted')",
            (review.id,),
        )
        copy = other.backup(db_path.parent / "during.db")
        writer._conn.execute("ROLLBACK")
    assert texts(copy) == [f"p{i}" for i in range(50)]


# ------------------------------------------------------------- before migration


def test_a_backup_is_made_before_every_migration(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Repository.open(db_path) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        repo.add_perspective(review.id, Perspective(text="said under schema 1"))

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE perspective ADD COLUMN tone TEXT")

    monkeypatch.setattr(connection, "MIGRATIONS", [*MIGRATIONS, add_column])
    monkeypatch.setattr(connection, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    Repository.open(db_path).close()

    folder = db_path.parent / backups.BACKUP_FOLDER
    (copy,) = backups.automatic_backups(db_path)
    assert copy.parent == folder and copy.name.endswith("-before-migration.db")
    assert mode(folder) == 0o700 and mode(copy) == 0o600
    old = sqlite3.connect(copy)
    assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert old.execute("SELECT text FROM perspective").fetchall() == [("said under schema 1",)]
    old.close()
    new = sqlite3.connect(db_path)
    assert new.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    new.close()


def test_no_backup_no_migration(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE perspective ADD COLUMN tone TEXT")

    def cannot_copy(*args: object) -> Path:
        raise StorageError("cannot create the backup folder: No space left on device")

    monkeypatch.setattr(connection, "MIGRATIONS", [*MIGRATIONS, add_column])
    monkeypatch.setattr(connection, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(connection, "rotating_backup", cannot_copy)
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="needs upgrading, but cannot create the backup"):
        Repository.open(db_path)
    assert db_path.read_bytes() == before
    result = cli(db_path, "list")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "nothing was changed" in result.stderr


def test_a_new_database_needs_no_backup(tmp_path: Path) -> None:
    Repository.open(tmp_path / "fresh.db").close()
    assert not (tmp_path / backups.BACKUP_FOLDER).exists()


# ---------------------------------------------------------- start of a workshop


def test_each_workshop_starts_with_a_backup_and_the_last_few_are_kept(db_path: Path) -> None:
    moments = [dt.datetime(2099, 5, 21, 9, 30) + dt.timedelta(days=d) for d in range(8)]
    made = 0
    for now in [*moments[:3], moments[2], moments[2], *moments[3:]]:  # same second too
        with Repository.open(db_path, clock=frozen_clock(now)) as repo:
            review = repo.get_review(REFERENCE)
            assert review.id is not None
            repo.add_perspective(review.id, Perspective(text=f"before workshop {made}"))
            repo.start_workshop(review.id)
            assert repo.backup_problem is None
            repo.end_workshop(review.id)
            made += 1
    kept = backups.automatic_backups(db_path)
    assert len(kept) == backups.KEEP_BACKUPS < made
    assert all(mode(copy) == 0o600 for copy in kept)
    assert mode(kept[0].parent) == 0o700
    newest = kept[-1]
    assert newest.name == f"workshop-{moments[-1]:%Y%m%d-%H%M%S}-before-workshop.db"
    # The copy is the review as it was just before its workshop started.
    with Repository.open(newest) as repo:
        review = repo.get_review(REFERENCE)
        assert review.status == ReviewStatus.DRAFT_MINUTES  # the previous workshop's end
        assert review.id is not None
        assert repo.perspectives(review.id)[-1].text == f"before workshop {made - 1}"


def test_a_failed_workshop_backup_does_not_stop_the_workshop(db_path: Path) -> None:
    (db_path.parent / backups.BACKUP_FOLDER).write_text("a file where the folder should be")
    with Repository.open(db_path) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        started = repo.start_workshop(review.id)
        assert started.status == ReviewStatus.IN_WORKSHOP
        assert repo.backup_problem is not None
        assert "cannot create the backup folder" in repo.backup_problem


# ----------------------------------------------------------- history and undo


def test_history_prints_the_audit_trail_and_a_deletion_is_undone(db_path: Path) -> None:
    with Repository.open(db_path) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        entry = repo.entries(review.id)[0]
        assert entry.id is not None
        said = repo.add_perspective(review.id, Perspective(text="The referral sat in a queue"))
        assert said.id is not None
        repo.set_entry_flags(entry.id, [EntryFlag.MISSED_OPPORTUNITY])
        audit_id = repo.delete_item("perspective", said.id)
        assert repo.perspectives(review.id) == []

    # Undo after a restart: the deletion is in the database, not in memory.
    with Repository.open(db_path) as repo:
        last = repo.last_deletion(review.id)
        assert last is not None and last.id == audit_id
        repo.undo_delete(last.id)
        assert repo.perspectives(review.id) == [said]
        assert repo.last_deletion(review.id) is None

    result = cli(db_path, "history", REFERENCE)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "create  review" in lines[0]
    changes = [line.split()[2:4] for line in lines]
    assert changes[-4:] == [
        ["create", "perspective"],
        ["update", "entry"],
        ["delete", "perspective"],
        ["restore", "perspective"],
    ]
    assert 'flags: "[]" -> "[\\"missed opportunity\\"]"' in lines[-3]
    unknown = cli(db_path, "history", "LR-NOPE")
    assert unknown.exit_code == 1 and "Traceback" not in unknown.output
    assert unknown.stderr == "error: no review with reference 'LR-NOPE'\n"
