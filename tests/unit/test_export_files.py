"""Writing export files: atomic, owner-only; export_to_path as the command line uses it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from export_fixtures import GENERATED_AT, rich_review

from workshop_tui.exporters import ExportError, LeaksFound, export_to_path
from workshop_tui.exporters.files import write_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_atomic_is_owner_only_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "minutes.md"
    target.write_text("old")
    os.chmod(target, 0o644)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["minutes.md"]


def test_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "minutes.md"
    target.write_bytes(b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("workshop_tui.exporters.files.os.fsync", broken_fsync)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["minutes.md"]


def test_export_to_path_picks_the_format(tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    rendered = export_to_path(rich_review(), "actions", target, generated_at=GENERATED_AT)
    assert rendered.fmt == "xlsx"
    assert target.read_bytes()[:2] == b"PK"
    assert _mode(target) == 0o600


def test_export_to_path_refuses_a_wrong_extension(tmp_path: Path) -> None:
    with pytest.raises(
        ExportError, match=r"report cannot be written as \.html; use \.docx or \.md"
    ):
        export_to_path(rich_review(), "report", tmp_path / "r.html", generated_at=GENERATED_AT)
    assert list(tmp_path.iterdir()) == []


def test_leaks_stop_the_write_unless_accepted(tmp_path: Path) -> None:
    data = rich_review()
    # The address is redacted by itself; the first name alone is for a person to decide.
    data.findings[0].statement = "Contact Kwame at p.lennox@corrow.example.org"
    target = tmp_path / "minutes.md"
    with pytest.raises(LeaksFound) as caught:
        export_to_path(data, "minutes", target, pseudonymise=True, generated_at=GENERATED_AT)
    assert not target.exists()
    assert 'name "Kwame"' in str(caught.value)
    assert [leak.kind for leak in caught.value.rendered.leaks] == ["name", "name"]
    assert [r.kind for r in caught.value.rendered.redactions] == ["e-mail"]
    rendered = export_to_path(
        data, "minutes", target, pseudonymise=True, accept_leaks=True, generated_at=GENERATED_AT
    )
    assert target.exists() and rendered.leaks
