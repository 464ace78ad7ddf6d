"""The benchmark's inputs are what they claim to be (no timing here: timing is bench/run.py)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import synth

from tests.conftest import BENCH
from workshop_tui.importers.pack import read_pack


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth.write_pack(tmp_path_factory.mktemp("bench") / "pack", 400)


def test_synthetic_pack_reads_cleanly_with_every_entry(pack: Path) -> None:
    result = read_pack(pack)
    errors = [p for p in result.problems if p.severity == "error"]
    assert errors == []
    assert len(result.data.entries) == 400
    assert result.data.review.reference == synth.pack_reference(400)
    assert {e.agency for e in result.data.entries} == {a.key for a in synth.AGENCIES}
    assert any(e.duplicate_group is not None for e in result.data.entries)


def test_synthetic_pack_is_the_same_every_time(pack: Path, tmp_path: Path) -> None:
    again = synth.write_pack(tmp_path / "again", 400)
    for name in ("case.toml", "chronologies/police.csv", "chronologies/social_care.csv"):
        assert (again / name).read_bytes() == (pack / name).read_bytes()


def test_import_baseline_stores_the_same_number_of_rows(pack: Path, tmp_path: Path) -> None:
    db = tmp_path / "baseline.db"
    subprocess.run(
        [sys.executable, str(BENCH / "drivers" / "import_baseline.py"), str(pack), str(db)],
        check=True,
        capture_output=True,
    )
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM entry").fetchone() == (400,)


def test_large_workshop_has_the_sizes_the_issue_names() -> None:
    data = synth.large_workshop()
    assert len(data.kloes) == 8
    assert len(data.perspectives) == 200
    assert len(data.findings) == 40
    assert len(data.actions) == 60
    assert len(data.entries) == 2000


def test_only_asks_for_a_name_holding_a_comma_whole() -> None:
    import run  # bench/run.py, on the path as synth is

    assert run.only_words(["start,capture"]) == ["start", "capture"]
    assert run.only_words(["import: 10,000;Excel"]) == ["import: 10,000", "excel"]
    assert run.only_words(["a", "b;"]) == ["a", "b"]
