"""Broken environments: read-only, missing folder, disk full, damaged file, newer schema.

Each ends in one clear line and exit status 1 (never a traceback), and the
database file is never overwritten or truncated: its bytes are compared.
The command line is run in-process for the matrix of commands (fast) and as a
real process where it matters (what a person would actually see).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workshop_tui.cli import main
from workshop_tui.domain.models import Draft, EntryFlag, Perspective
from workshop_tui.resources import sample_cases_dir
from workshop_tui.storage import backups
from workshop_tui.storage.errors import (
    DatabaseCorrupt,
    DiskFull,
    ReadOnlyDatabase,
    StorageError,
)
from workshop_tui.storage.repository import Repository

from .conftest import REFERENCE, workshop_review

PACK = sample_cases_dir() / "child-r"
SIDE_FILES = ("-wal", "-shm")


def cli(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args])


def commands(tmp_path: Path) -> list[list[str]]:
    """Every command that opens the database (``open`` and no command: see below)."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return [
        ["list"],
        ["import", str(PACK)],
        ["chronology", REFERENCE, "--format", "json"],
        ["history", REFERENCE],
        ["export", REFERENCE, "minutes", "-o", str(out / "minutes.md")],
        ["export", REFERENCE, "archive", "-o", str(out / "review.json")],
        ["backup", "-o", str(out / "copy.db")],
    ]


def assert_clear_failure(result: Result, *words: str) -> str:
    """Exit 1, one ``error:`` line naming the problem, no traceback; the message."""
    text = result.output
    assert "Traceback" not in text, text
    assert result.exit_code == 1, text
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: "), text
    for word in words:
        assert word in last, last
    return last


def snapshot(db: Path) -> dict[str, bytes]:
    """The database file and any side files, byte for byte."""
    files = [db, *(db.with_name(db.name + suffix) for suffix in SIDE_FILES)]
    return {f.name: f.read_bytes() for f in files if f.exists()}


# ------------------------------------------------------------------------ read-only


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """Make ``path`` read-only even for root (Linux ``chattr +i``), or skip the test."""
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("chattr is not available")
    done = subprocess.run([chattr, "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"this filesystem or user cannot make files immutable: {done.stderr!r}")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_database_gives_a_clear_message_and_stays_as_it_was(
    db_path: Path, tmp_path: Path, what: str
) -> None:
    before = snapshot(db_path)
    with immutable(db_path if what == "file" else db_path.parent):
        for command in commands(tmp_path):
            assert_clear_failure(cli(db_path, *command), "read-only")
        # And as a person sees it, in a real process.
        real = subprocess.run(
            [sys.executable, "-m", "workshop_tui", "--db", str(db_path), "list"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert real.returncode == 1
        expected = f"error: cannot write to {db_path}: the file or its folder is read-only\n"
        assert real.stderr == expected
    assert snapshot(db_path) == before


def test_read_only_without_chattr(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Where files cannot be made immutable: the same check, told the file is read-only.
    before = snapshot(db_path)
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode: False if Path(p) == db_path and mode == os.W_OK else real_access(p, mode),
    )
    with pytest.raises(ReadOnlyDatabase, match="read-only"):
        Repository.open(db_path)
    assert_clear_failure(cli(db_path, "import", str(PACK)), "read-only")
    assert snapshot(db_path) == before


def test_every_write_through_a_read_only_connection_is_refused_cleanly(db_path: Path) -> None:
    ro = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    with Repository(ro, db_path) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        entry = repo.entries(review.id)[0]
        assert entry.id is not None
        review_id, entry_id = review.id, entry.id
        writes: list[Callable[[], object]] = [
            lambda: repo.add_perspective(review_id, Perspective(text="x")),
            lambda: repo.save_draft(review_id, Draft(form="perspective", payload={"text": "x"})),
            lambda: repo.set_entry_flags(entry_id, [EntryFlag.GOOD_PRACTICE]),
            lambda: repo.fix_entry(entry_id, event="changed"),
            lambda: repo.start_workshop(review_id),
            lambda: repo.create_review(workshop_review("LR-OTHER")),
        ]
        for write in writes:
            with pytest.raises(ReadOnlyDatabase, match="read-only"):
                write()
        assert repo.perspectives(review.id) == [] and repo.drafts(review.id) == []
        assert repo.entry(entry.id) == entry


# --------------------------------------------------------------------------- folder


def test_a_missing_folder_is_created_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "not" / "there" / "yet" / "workshop.db"
    result = cli(db, "import", str(PACK))
    assert result.exit_code == 0, result.output
    assert oct(db.parent.stat().st_mode & 0o777) == oct(0o700)
    assert oct(db.stat().st_mode & 0o777) == oct(0o600)


def test_a_folder_that_cannot_exist_gives_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert_clear_failure(cli(blocker / "data" / "workshop.db", "list"), "cannot create the folder")
    folder = cli(tmp_path, "list")  # --db names a folder: a usage error, from click
    assert folder.exit_code == 2 and "Traceback" not in folder.output
    assert f"'{tmp_path}' is a directory" in folder.stderr


@pytest.mark.parametrize("how", ["folder deleted", "file deleted", "file replaced"])
def test_a_database_that_vanishes_while_open_refuses_to_write(db_path: Path, how: str) -> None:
    # SQLite would keep writing to the deleted file; every word would be gone at exit.
    with Repository.open(db_path) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        repo.add_perspective(review.id, Perspective(text="saved before"))
        if how == "folder deleted":
            shutil.rmtree(db_path.parent)
        elif how == "file deleted":
            db_path.unlink()
        else:
            replacement = db_path.with_name("other.db")
            shutil.copy(db_path, replacement)
            os.replace(replacement, db_path)
        with pytest.raises(StorageError, match="moved, replaced or deleted while it was open"):
            repo.add_perspective(review.id, Perspective(text="would be lost"))
        with pytest.raises(StorageError, match="was not saved"):
            repo.save_draft(review.id, Draft(form="perspective", payload={"text": "lost"}))


# ------------------------------------------------------------------------ disk full


def _fill(repo: Repository) -> None:
    """The database may not grow by one more page: SQLite's own 'database or disk is full'."""
    conn = repo._conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def test_disk_full_refuses_the_write_whole_and_recovers(db_path: Path) -> None:
    with Repository.open(db_path) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        _fill(repo)
        big = "a long account of what was said " * 2000
        with pytest.raises(DiskFull, match="full; nothing was saved"):
            repo.add_perspective(review.id, Perspective(text=big))
        bigger = workshop_review("LR-2099-08")
        bigger.entries = bigger.entries * 100  # needs new pages, half written when it fails
        with pytest.raises(DiskFull):
            repo.create_review(bigger)
        with pytest.raises(DiskFull):
            repo.save_draft(review.id, Draft(form="perspective", payload={"text": big}))
        assert repo.perspectives(review.id) == []
        assert [r.reference for r in repo.list_reviews()] == [REFERENCE]  # nothing partial
        repo._conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
        saved = repo.add_perspective(review.id, Perspective(text=big))
        assert repo.perspectives(review.id) == [saved]
    assert sqlite3.connect(db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_disk_full_through_the_command_line(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = Repository.open

    def full(path: Path, *args: object, **kwargs: object) -> Repository:
        repo = opened(path, *args, **kwargs)  # type: ignore[arg-type]
        _fill(repo)
        return repo

    monkeypatch.setattr(Repository, "open", full)
    assert_clear_failure(cli(db_path, "import", str(PACK)), "is full; nothing was saved")
    monkeypatch.undo()
    with Repository.open(db_path) as repo:
        assert [r.reference for r in repo.list_reviews()] == [REFERENCE]


def test_an_export_to_a_full_disk_leaves_no_half_file(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    target = tmp_path / "out" / "minutes.docx"
    target.parent.mkdir()
    target.write_bytes(b"the previous minutes")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("workshop_tui.exporters.files.os.fsync", no_space)
    message = assert_clear_failure(
        cli(db_path, "export", REFERENCE, "minutes", "-o", str(target)), "could not write"
    )
    assert "No space left on device" in message
    assert target.read_bytes() == b"the previous minutes"
    assert [p.name for p in target.parent.iterdir()] == ["minutes.docx"]  # no temporary left


def test_a_backup_to_a_full_disk_leaves_no_half_copy(tmp_path: Path) -> None:
    class FullDisk:
        def backup(self, target: sqlite3.Connection) -> None:
            raise sqlite3.OperationalError("database or disk is full")

    target = tmp_path / "copy.db"
    with pytest.raises(DiskFull, match="the backup was not made"):
        backups.copy_database(FullDisk(), target)  # type: ignore[arg-type]
    assert not target.exists()


# ------------------------------------------------------------------ damaged files


def _damaged(db_path: Path, how: str) -> bytes:
    good = db_path.read_bytes()
    page = 4096
    if how == "garbage":
        return b"this was a spreadsheet, honestly\n" * 300
    if how == "truncated":
        return good[: len(good) // 2]
    if how == "zeroed after the header":
        return good[:page] + bytes(len(good) - page)
    if how == "header only":
        return good[:100]
    damaged = bytearray(good)  # scattered damage to the pages holding the rows
    for offset in range(2 * page, len(damaged), 3 * page):
        damaged[offset + 8 : offset + 600] = bytes(range(256)) * 2 + bytes(80)
    return bytes(damaged)


DAMAGE = ["garbage", "truncated", "zeroed after the header", "header only", "pages"]


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_database_is_refused_and_never_touched(
    db_path: Path, tmp_path: Path, how: str
) -> None:
    with Repository.open(db_path) as repo:  # some work in it, so that damage hits rows
        review = repo.get_review(REFERENCE)
        for i in range(200):
            assert review.id is not None
            repo.add_perspective(review.id, Perspective(text=f"perspective {i} " * 20))
    db_path.write_bytes(_damaged(db_path, how))
    before = snapshot(db_path)
    for command in commands(tmp_path):
        result = cli(db_path, *command)
        assert "Traceback" not in result.output, (command, result.output)
        if result.exit_code != 0 or how != "pages":
            assert_clear_failure(result, "damaged")
    assert snapshot(db_path) == before  # not a byte changed, no side files left


# -------------------------------------------------------------------- newer schema


def test_a_database_from_a_newer_version_is_refused_everywhere(
    db_path: Path, tmp_path: Path
) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = snapshot(db_path)
    for command in commands(tmp_path):
        assert_clear_failure(cli(db_path, *command), "newer version of workshop-tui")
    # The commands that would open the interface refuse before it starts.
    for command in (["open", REFERENCE], []):
        real = subprocess.run(
            [sys.executable, "-m", "workshop_tui", "--db", str(db_path), *command],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        assert real.returncode == 1, real.stderr
        assert real.stdout == ""
        assert real.stderr.startswith("error: this database was written by a newer version")
        assert real.stderr.count("\n") == 1
    assert snapshot(db_path) == before
    assert not (db_path.parent / backups.BACKUP_FOLDER).exists()  # not even a backup attempt


def test_a_damaged_file_is_refused_by_open_too(db_path: Path) -> None:
    db_path.write_bytes(_damaged(db_path, "truncated"))
    with pytest.raises(DatabaseCorrupt, match="it was not changed"):
        Repository.open(db_path)
