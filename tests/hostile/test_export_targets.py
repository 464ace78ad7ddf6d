"""An export never replaces the database, its journal, a backup, a pack's file or a link.

``export REF archive -o`` the database's own name used to write the archive over the
database: every review in it was gone. The target is now checked before anything is
rendered or written, by name (the open database and its -wal/-shm) and by content
(any SQLite database or write-ahead log), and the message names the file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workshop_tui.cli import main
from workshop_tui.exporters import UnsafeTarget, write_atomic
from workshop_tui.exporters.targets import check_target
from workshop_tui.resources import sample_cases_dir

PACK = sample_cases_dir() / "child-r"


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def reference(db: Path) -> str:
    listed = run(db, "list")
    assert listed.exit_code == 0, listed.output
    return listed.stdout.split()[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An imported database whose name an archive export would accept (``.json``)."""
    path = tmp_path / "reviews.json"
    assert run(path, "import", str(PACK)).exit_code == 0
    return path


def test_an_archive_export_over_the_database_is_refused_and_the_reviews_stay(db: Path) -> None:
    before = db.read_bytes()
    result = run(db, "export", reference(db), "archive", "-o", str(db))
    assert result.exit_code == 1
    assert f"{db} is the open database" in result.stderr
    assert "nothing was written" in result.stderr
    assert db.read_bytes() == before
    assert reference(db).startswith("LR-")


def test_the_database_named_another_way_is_still_refused(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "sub"
    other.mkdir()
    roundabout = other / ".." / db.name
    result = run(db, "export", reference(db), "archive", "-o", str(roundabout))
    assert result.exit_code == 1
    assert "is the open database" in result.stderr


def test_a_backup_or_any_sqlite_file_is_refused(db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "copy.json"
    assert run(db, "backup", "-o", str(backup)).exit_code == 0
    before = backup.read_bytes()
    result = run(db, "export", reference(db), "archive", "-o", str(backup))
    assert result.exit_code == 1
    assert f"{backup} is an SQLite database" in result.stderr
    assert backup.read_bytes() == before


def test_an_automatic_backup_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    backup = folder / "workshop-20990101-090000-before-workshop.db"
    backup.write_bytes(b"SQLite format 3\x00" + bytes(100))
    with pytest.raises(UnsafeTarget, match="is an SQLite database"):
        write_atomic(backup, b"{}")
    assert backup.read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_the_open_databases_journal_is_refused_by_name_even_before_it_exists(
    tmp_path: Path, suffix: str
) -> None:
    database = tmp_path / "workshop.db"
    with pytest.raises(UnsafeTarget, match=f"open database's {suffix[1:]} file"):
        check_target(tmp_path / f"workshop.db{suffix}", protected=[database])


@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_the_journal_of_any_sqlite_database_is_refused(tmp_path: Path, suffix: str) -> None:
    database = tmp_path / "other.db"
    database.write_bytes(b"SQLite format 3\x00" + bytes(100))
    journal = tmp_path / f"other.db{suffix}"
    journal.write_bytes(bytes(32))  # an empty log: refused by its name
    before = journal.read_bytes()
    with pytest.raises(UnsafeTarget, match=f"{suffix[1:]} file of the database other.db"):
        write_atomic(journal, b"{}")
    assert journal.read_bytes() == before


def test_a_write_ahead_log_is_refused_by_its_content(tmp_path: Path) -> None:
    log = tmp_path / "renamed.json"
    log.write_bytes(b"\x37\x7f\x06\x83" + bytes(28))
    with pytest.raises(UnsafeTarget, match="write-ahead log"):
        write_atomic(log, b"{}")


def test_a_file_of_a_case_pack_is_refused_and_a_new_file_there_is_written(
    db: Path, tmp_path: Path
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    original = next((pack / "chronologies").glob("*.csv"))
    before = original.read_bytes()
    result = run(db, "export", reference(db), "chronology", "-o", str(original))
    assert result.exit_code == 1
    assert f"is a file of the case pack {pack}" in result.stderr
    assert original.read_bytes() == before
    toml = pack / "case.toml"
    with pytest.raises(UnsafeTarget, match="case pack"):
        check_target(toml)
    fresh = pack / "chronologies" / "merged.csv"
    assert run(db, "export", reference(db), "chronology", "-o", str(fresh)).exit_code == 0
    assert fresh.exists()


def test_a_symbolic_link_is_refused_naming_where_it_leads(db: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(elsewhere)
    result = run(db, "export", reference(db), "archive", "-o", str(link))
    assert result.exit_code == 1
    assert f"{link} is a symbolic link to {elsewhere}" in result.stderr
    assert link.is_symlink()
    assert elsewhere.read_text(encoding="utf-8") == "{}"


def test_a_link_to_the_database_is_refused(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "innocent.json"
    link.symlink_to(db)
    before = db.read_bytes()
    result = run(db, "export", reference(db), "archive", "-o", str(link))
    assert result.exit_code == 1
    assert db.read_bytes() == before


def test_an_ordinary_document_is_still_replaced(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "archive.json"
    target.write_text("old", encoding="utf-8")
    result = run(db, "export", reference(db), "archive", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("{")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
