"""The database file: permissions, pragmas, refusals that leave the file untouched."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from workshop_tui.domain.clock import Clock
from workshop_tui.domain.models import Kloe, Perspective, Review, ReviewData
from workshop_tui.storage.errors import (
    DatabaseBusy,
    DatabaseCorrupt,
    DiskFull,
    NotFound,
    ReadOnlyDatabase,
    ReviewExists,
    SchemaTooNew,
    StorageError,
    translate,
)
from workshop_tui.storage.repository import Repository
from workshop_tui.storage.schema import SCHEMA_VERSION

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_creates_private_folder_and_file(tmp_db_path: Path, clock: Clock) -> None:
    with Repository.open(tmp_db_path, clock=clock) as repo:
        repo.create_review(ReviewData(review=Review(reference="R", title="T")))
        assert repo.path == tmp_db_path
        assert mode(tmp_db_path.parent) == 0o700
        assert mode(tmp_db_path) == 0o600
        for suffix in ("-wal", "-shm"):
            side = tmp_db_path.with_name(tmp_db_path.name + suffix)
            if side.exists():
                assert mode(side) == 0o600
        conn = repo._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        # a small write-ahead log that is reused rather than grown (see connect_file)
        assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 100
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_existing_folder_mode_is_left_alone(tmp_path: Path, clock: Clock) -> None:
    tmp_path.chmod(0o755)
    Repository.open(tmp_path / "w.db", clock=clock).close()
    assert mode(tmp_path) == 0o755


def test_reopen_keeps_data(tmp_db_path: Path, clock: Clock) -> None:
    with Repository.open(tmp_db_path, clock=clock) as repo:
        review = repo.create_review(ReviewData(review=Review(reference="R", title="T")))
        assert review.id is not None
        repo.add_perspective(review.id, Perspective(text="said"))
    with Repository.open(tmp_db_path, clock=clock) as repo:
        assert [p.text for p in repo.perspectives(review.id)] == ["said"]


def test_two_repositories_see_each_others_writes(tmp_db_path: Path, clock: Clock) -> None:
    with (
        Repository.open(tmp_db_path, clock=clock) as one,
        Repository.open(tmp_db_path, clock=clock) as two,
    ):
        review = one.create_review(ReviewData(review=Review(reference="R", title="T")))
        assert two.get_review("R") == review
        assert review.id is not None
        p = two.add_perspective(review.id, Perspective(text="from two"))
        assert one.perspectives(review.id) == [p]


def _newer_database(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_schema_too_new_leaves_file_unchanged(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "new.db"
    before = _newer_database(path)
    with pytest.raises(SchemaTooNew) as info:
        Repository.open(path, clock=clock)
    assert str(info.value) == (
        "this database was written by a newer version of workshop-tui "
        f"(schema {SCHEMA_VERSION + 1}; this version knows {SCHEMA_VERSION}). "
        "Upgrade workshop-tui; the file was not changed."
    )
    assert path.read_bytes() == before
    assert not path.with_name("new.db-wal").exists()


@pytest.mark.parametrize(
    "content",
    [b"this is a spreadsheet, honestly\n" * 40, b"SQLite format 3\x00" + b"\xff" * 200],
)
def test_not_a_database_is_corrupt_and_unchanged(
    tmp_path: Path, clock: Clock, content: bytes
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseCorrupt) as info:
        Repository.open(path, clock=clock)
    assert str(path) in str(info.value)
    assert path.read_bytes() == content


def test_someone_elses_database_is_refused(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseCorrupt):
        Repository.open(path, clock=clock)
    assert path.read_bytes() == before


def test_review_exists_leaves_file_unchanged(tmp_db_path: Path, clock: Clock) -> None:
    with Repository.open(tmp_db_path, clock=clock) as repo:
        repo.create_review(ReviewData(review=Review(reference="R", title="T")))
        repo._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = tmp_db_path.read_bytes()
        with pytest.raises(ReviewExists):
            repo.create_review(ReviewData(review=Review(reference="R", title="Other")))
        repo._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert tmp_db_path.read_bytes() == before


def test_locked_database_is_busy(tmp_db_path: Path, clock: Clock) -> None:
    with Repository.open(tmp_db_path, clock=clock) as repo:
        review = repo.create_review(ReviewData(review=Review(reference="R", title="T")))
        blocker = sqlite3.connect(tmp_db_path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        repo._conn.execute("PRAGMA busy_timeout = 0")  # fail at once, not after 5 s
        try:
            with pytest.raises(DatabaseBusy, match="in use by another workshop-tui"):
                assert review.id is not None
                repo.add_perspective(review.id, Perspective(text="x"))
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert review.id is not None
        assert repo.perspectives(review.id) == []


@pytest.mark.skipif(IS_ROOT, reason="root can write read-only files")
def test_read_only_file(tmp_db_path: Path, clock: Clock) -> None:
    Repository.open(tmp_db_path, clock=clock).close()
    tmp_db_path.chmod(0o400)
    with pytest.raises(ReadOnlyDatabase):
        Repository.open(tmp_db_path, clock=clock)


@pytest.mark.skipif(IS_ROOT, reason="root can write read-only folders")
def test_read_only_folder(tmp_path: Path, clock: Clock) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    with pytest.raises(ReadOnlyDatabase):
        Repository.open(folder / "w.db", clock=clock)


def test_backup_is_private_copy(tmp_db_path: Path, tmp_path: Path, clock: Clock) -> None:
    with Repository.open(tmp_db_path, clock=clock) as repo:
        repo.create_review(ReviewData(review=Review(reference="R", title="T")))
        copy = repo.backup(tmp_path / "copy.db")
    assert mode(copy) == 0o600
    with Repository.open(copy, clock=clock) as restored:
        assert restored.get_review("R").title == "T"


def test_memory_backup(repo: Repository, tmp_path: Path) -> None:
    repo.create_review(ReviewData(review=Review(reference="R", title="T")))
    copy = repo.backup(tmp_path / "m.db")
    with Repository.open(copy) as restored:
        assert [r.reference for r in restored.list_reviews()] == ["R"]


def test_write_to_read_only_connection_is_read_only_error(tmp_db_path: Path, clock: Clock) -> None:
    # Works as root too: the connection itself is read-only.
    with Repository.open(tmp_db_path, clock=clock) as repo:
        review = repo.create_review(ReviewData(review=Review(reference="R", title="T")))
    ro = sqlite3.connect(f"{tmp_db_path.as_uri()}?mode=ro", uri=True)
    with Repository(ro, tmp_db_path, clock) as repo:
        with pytest.raises(ReadOnlyDatabase, match="read-only"):
            assert review.id is not None
            repo.add_perspective(review.id, Perspective(text="x"))
        assert review.id is not None
        assert repo.perspectives(review.id) == []


@pytest.mark.parametrize(
    ("message", "kind", "words"),
    [
        ("database is locked", DatabaseBusy, "try again in a moment"),
        ("database or disk is full", DiskFull, "full; nothing was saved"),
        ("disk I/O error", StorageError, "disk I/O error"),
        ("file is not a database", DatabaseCorrupt, "not a workshop-tui database"),
    ],
)
def test_sqlite_errors_become_clear_storage_errors(
    message: str, kind: type[StorageError], words: str
) -> None:
    err = translate(sqlite3.OperationalError(message), Path("/x/w.db"))
    assert type(err) is kind
    assert words in str(err)
    assert "Traceback" not in str(err)


KILLED_AFTER_CAPTURE = """
import os, signal, sys
from workshop_tui.domain.models import Perspective
from workshop_tui.storage.repository import Repository
repo = Repository.open(sys.argv[1])
repo.add_perspective(int(sys.argv[2]), Perspective(text="said just before the crash"))
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_capture_survives_sigkill_right_after_return(tmp_db_path: Path, clock: Clock) -> None:
    with Repository.open(tmp_db_path, clock=clock) as repo:
        review = repo.create_review(ReviewData(review=Review(reference="R", title="T")))
    done = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_CAPTURE, str(tmp_db_path), str(review.id)],
        check=False,
        capture_output=True,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    with Repository.open(tmp_db_path, clock=clock) as repo:
        assert review.id is not None
        assert [p.text for p in repo.perspectives(review.id)] == ["said just before the crash"]


def test_start_kloe_of_another_review_is_not_found(repo: Repository) -> None:
    one = repo.create_review(ReviewData(review=Review(reference="A", title="T")))
    two = repo.create_review(ReviewData(review=Review(reference="B", title="T")))
    assert one.id is not None
    kloe = repo.save_kloe(one.id, Kloe(number=1, title="K"))
    with pytest.raises(NotFound):
        assert kloe.id is not None
        assert two.id is not None
        repo.start_kloe(two.id, kloe.id)
    assert two.id is not None
    assert repo.workshop_log(two.id) == []


def test_empty_file_is_migrated(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "empty.db"
    path.touch(mode=0o600)
    with Repository.open(path, clock=clock) as repo:
        assert repo.list_reviews() == []
        assert repo.db["review"].count == 0  # the sqlite-utils view of the same connection


def test_failed_migration_changes_nothing(
    tmp_db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop_tui.storage import connection
    from workshop_tui.storage.schema import MIGRATIONS

    Repository.open(tmp_db_path, clock=clock).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(connection, "MIGRATIONS", [*MIGRATIONS, broken])
    monkeypatch.setattr(connection, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        Repository.open(tmp_db_path, clock=clock)
    conn = sqlite3.connect(tmp_db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchall()
    conn.close()


def test_storage_does_not_import_textual() -> None:
    code = (
        "import sys, workshop_tui.storage.repository; "
        "assert 'textual' not in sys.modules; assert 'sqlite_utils' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
