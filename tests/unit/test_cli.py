"""The command line on the bundled sample case, asserted against its README's expectations."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workshop_tui.cli import main
from workshop_tui.resources import sample_cases_dir

PACK = sample_cases_dir() / "child-r"
EXPECTED = json.loads((PACK / "expected.json").read_text(encoding="utf-8"))


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def file_bytes(path: Path) -> bytes:
    """The database as it is on disk, WAL included, to prove a refused import wrote nothing."""
    parts = [path, path.with_name(path.name + "-wal")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "workshop.db"


@pytest.fixture
def imported(db: Path) -> Path:
    result = run(db, "import", str(PACK))
    assert result.exit_code == 0, result.output
    return db


def chronology_json(db: Path) -> list[dict[str, object]]:
    result = run(db, "chronology", EXPECTED["reference"], "--format", "json")
    assert result.exit_code == 0, result.output
    records: list[dict[str, object]] = json.loads(result.stdout)
    return records


def location(record: dict[str, object]) -> str:
    part = f"[{record['source_part']}]" if record["source_part"] else ""
    return f"{record['source_file']}{part}:{record['source_line']}"


def test_check_names_exactly_the_invalid_rows_and_exits_1(db: Path) -> None:
    result = run(db, "check", str(PACK))
    assert result.exit_code == 1
    error_locations = [
        line.split(": ", 1)[0]
        for line in result.stderr.splitlines()
        if line.startswith("chronologies/") and ": warning:" not in line
    ]
    assert sorted(error_locations) == sorted(item["location"] for item in EXPECTED["invalid"])
    assert 'invalid date "31/02/2024": February 2024 has 29 days' in result.stderr
    assert not db.exists(), "check writes nothing"


def test_check_reports_the_warnings(db: Path) -> None:
    result = run(db, "check", str(PACK))
    warnings = [line for line in result.stderr.splitlines() if ": warning:" in line]
    assert any(
        line.startswith(EXPECTED["out_of_order_files"][0]["location"] + ":") for line in warnings
    )
    assert any("outside the review period" in line for line in warnings)


def test_import_counts_per_agency(imported: Path) -> None:
    records = chronology_json(imported)
    assert len(records) == EXPECTED["total_rows"]
    for agency, counts in EXPECTED["entries_per_agency"].items():
        mine = [r for r in records if r["agency"] == agency]
        assert len(mine) == counts["total"], agency
        assert sum(1 for r in mine if r["error"] is not None) == counts["invalid"], agency


def test_invalid_rows_are_kept_with_reason_and_raw_cells(imported: Path) -> None:
    records = chronology_json(imported)
    attention = {location(r): r for r in records if r["error"] is not None}
    assert sorted(attention) == sorted(item["location"] for item in EXPECTED["invalid"])
    for item in EXPECTED["invalid"]:
        record = attention[item["location"]]
        assert record["date"] is None
        raw = record["raw"]
        assert isinstance(raw, dict)
        assert item["raw_date"] in raw.values()
        assert item["raw_date"] in str(record["error"])


def test_chronology_is_in_merged_order(imported: Path) -> None:
    records = chronology_json(imported)
    dated = [r for r in records if r["date"] is not None]
    keys = [
        (r["date"], r["time"] is not None, r["time"] or "", r["agency"], location(r)) for r in dated
    ]
    assert keys == sorted(keys)
    # Entries needing attention come after every dated entry in the merged order.
    assert all(r["date"] is None for r in records[len(dated) :])


def test_duplicate_groups_are_exactly_the_expected_ones(imported: Path) -> None:
    records = chronology_json(imported)
    groups: dict[object, set[str]] = {}
    for record in records:
        if record["duplicate_group"] is not None:
            groups.setdefault(record["duplicate_group"], set()).add(location(record))
    expected = {
        frozenset(member["location"] for member in group["members"])
        for group in EXPECTED["duplicate_groups"]
    }
    assert {frozenset(members) for members in groups.values()} == expected
    assert sum(len(members) for members in groups.values()) == EXPECTED["linked_entries"]


def test_out_of_period_and_approximate_entries(imported: Path) -> None:
    records = {location(r): r for r in chronology_json(imported)}
    outside = {item["location"] for item in EXPECTED["out_of_period"]}
    assert {loc for loc, r in records.items() if r["in_period"] is False} == outside
    for loc in EXPECTED["approximate_dates"]:
        assert records[loc]["date_approximate"] is True


def test_chronology_csv_and_markdown(imported: Path) -> None:
    csv_out = run(imported, "chronology", EXPECTED["reference"], "--format", "csv")
    assert csv_out.exit_code == 0
    assert csv_out.stdout.startswith("id,agency,date,time")
    md_out = run(imported, "chronology", EXPECTED["reference"], "--format", "md")
    assert md_out.exit_code == 0
    table_rows = [line for line in md_out.stdout.splitlines() if line.startswith("| ")]
    assert len(table_rows) == EXPECTED["total_rows"] + 2  # the header and its rule


def test_list_shows_the_review(imported: Path) -> None:
    result = run(imported, "list")
    assert EXPECTED["reference"] in result.stdout


def test_database_is_owner_only(imported: Path) -> None:
    assert stat.S_IMODE(imported.stat().st_mode) == 0o600
    assert stat.S_IMODE(imported.parent.stat().st_mode) == 0o700


def test_strict_import_with_errors_leaves_database_unchanged(
    imported: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other-pack"
    shutil.copytree(PACK, other)
    toml = other / "case.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(EXPECTED["reference"], "LR-OTHER-1"),
        encoding="utf-8",
    )
    before = file_bytes(imported)
    result = run(imported, "import", str(other), "--strict")
    assert result.exit_code == 1
    assert "nothing imported" in result.stderr
    assert file_bytes(imported) == before
    assert "LR-OTHER-1" not in run(imported, "list").stdout


def test_importing_an_existing_reference_is_refused_and_changes_nothing(imported: Path) -> None:
    before = file_bytes(imported)
    result = run(imported, "import", str(PACK))
    assert result.exit_code != 0
    assert EXPECTED["reference"] in result.stderr
    assert "Traceback" not in result.output
    assert file_bytes(imported) == before


def broken_packs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Packs that must be refused, with a word the message must contain."""
    no_toml = tmp_path / "no-toml"
    shutil.copytree(PACK, no_toml)
    (no_toml / "case.toml").unlink()

    no_date = tmp_path / "no-date"
    shutil.copytree(PACK, no_date)
    police = no_date / "chronologies" / "police_chronology.csv"
    text = police.read_text(encoding="utf-8-sig")
    police.write_text(text.replace("Date/Time", "Happened", 1), encoding="utf-8-sig")

    return {
        "no case.toml": (no_toml, "case.toml"),
        "no date column": (no_date, "Happened"),
    }


# A missing chronology file is no longer refused: its agency is outstanding (test_intake.py).
@pytest.mark.parametrize("kind", ["no case.toml", "no date column"])
def test_refused_packs_change_nothing(imported: Path, tmp_path: Path, kind: str) -> None:
    pack, needle = broken_packs(tmp_path)[kind]
    before = file_bytes(imported)
    result = run(imported, "import", str(pack))
    assert result.exit_code != 0
    assert needle in result.stderr
    assert "Traceback" not in result.output
    assert file_bytes(imported) == before


def test_unknown_review_is_a_clear_error(imported: Path) -> None:
    result = run(imported, "chronology", "LR-NOPE")
    assert result.exit_code != 0
    assert "LR-NOPE" in result.stderr


def test_opening_an_unknown_review_says_so_and_turns_the_collector_back_on(
    imported: Path,
) -> None:
    import gc

    try:
        result = CliRunner().invoke(main, ["--db", str(imported), "open", "LR-NOPE"])
        assert result.exit_code != 0
        assert "LR-NOPE" in result.output
        # Start-up pauses the collector until the first screen is painted; an
        # open refused before the app starts must not leave it off.
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_import_and_check_turn_the_collector_back_on_when_done(db: Path) -> None:
    import gc

    assert gc.isenabled()
    assert run(db, "check", str(PACK)).exit_code == 1  # the sample has two invalid rows
    assert gc.isenabled()
    assert run(db, "import", str(PACK)).exit_code == 0
    assert gc.isenabled()
    assert run(db, "import", str(PACK)).exit_code != 0  # refused: the reference exists
    assert gc.isenabled()
