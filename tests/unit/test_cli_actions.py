"""The action plan on the command line (issue 13): `actions`, `action ...`, `tracker` and
`import-tracker`, on the demo database (two reviews, actions in every state)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from workshop_tui.cli import main
from workshop_tui.domain.tracker import COLUMNS
from workshop_tui.resources import sample_cases_dir
from workshop_tui.services.demo import build_demo


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, sample_cases_dir(), dt.date.today())
    return path


@pytest.fixture
def db(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_template, target)
    target.chmod(0o600)
    return target


def run(db: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], input=input, catch_exceptions=False)


def test_actions_lists_every_review_and_says_overdue_in_words(db: Path) -> None:
    result = run(db, "actions")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 13
    assert {line.split()[1] for line in lines} == {"LR-2025-07", "LR-2026-02", "LR-2026-05"}
    assert sum("OVERDUE by" in line for line in lines) == 4
    assert "13 action(s), 4 overdue" in result.stderr


def test_overdue_and_owner_filters_say_what_matched(db: Path) -> None:
    result = run(db, "actions", "--overdue", "--owner", "marac", "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [(r["owner"], r["overdue"]) for r in records] == [("MARAC Coordinator", True)]
    assert records[0]["due"].startswith("OVERDUE by")
    assert "--owner marac matched MARAC Coordinator" in result.stderr
    none = run(db, "actions", "--owner", "zebra")
    assert "matched no owner" in none.stderr and none.stdout == ""


def test_csv_and_markdown(db: Path) -> None:
    csv_text = run(db, "actions", "--review", "LR-2026-02", "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("id,review,status,rag")
    assert len(csv_text.splitlines()) == 6
    md = run(db, "actions", "--overdue", "--format", "md").stdout
    assert md.count("**OVERDUE by") == 4


def test_progress_move_and_a_refusal(db: Path) -> None:
    first = json.loads(run(db, "actions", "--format", "json", "--status", "open").stdout)[0]
    action_id = str(first["id"])
    result = run(db, "action", "progress", action_id, "Scoping meeting held", "--rag", "green")
    assert result.exit_code == 0, result.output
    assert "Scoping meeting held [green]" in result.stdout
    refused = run(db, "action", "move", action_id, "closed")
    assert refused.exit_code == 1
    assert "moves to in progress before closed" in refused.stderr
    moved = run(db, "action", "move", action_id, "in progress")
    assert "status in progress" in moved.stdout
    revised = run(db, "action", "revise", action_id, "31/12/2030", "--reason", "Funding late")
    assert "-> 2030-12-31 (Funding late)" in revised.stdout
    bad = run(db, "action", "revise", action_id, "31/02/2030", "--reason", "x")
    assert bad.exit_code == 2 and "not a date" in bad.stderr


def _tracker(db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "tracker.xlsx"
    result = run(db, "tracker", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "wrote the tracker (13 actions)" in result.stdout
    return target


def _set(path: Path, row: int, key: str, value: object) -> None:
    book = load_workbook(path)
    column = [c.key for c in COLUMNS].index(key) + 1
    book["Action tracker"].cell(row=row, column=column, value=value)
    book.save(path)


def test_import_tracker_asks_then_applies(db: Path, tmp_path: Path) -> None:
    path = _tracker(db, tmp_path)
    _set(path, 3, "new_progress", "Briefings done in all teams")
    declined = run(db, "import-tracker", str(path), input="n\n")
    assert declined.exit_code == 1
    assert 'New progress update: "" -> "Briefings done in all teams"' in declined.stdout
    assert "nothing written" in declined.stderr
    applied = run(db, "import-tracker", str(path), input="y\n")
    assert applied.exit_code == 0, applied.output
    assert "applied 1 change(s) to 1 action(s)" in applied.stdout
    second = json.loads(run(db, "actions", "--format", "json").stdout)[1]
    assert second["last_progress"]["text"] == "Briefings done in all teams"


def test_import_tracker_refuses_a_bad_date_with_row_and_column(db: Path, tmp_path: Path) -> None:
    path = _tracker(db, tmp_path)
    _set(path, 4, "revised_target", "not a date")
    _set(path, 4, "revision_reason", "Because")
    result = run(db, "import-tracker", str(path), "--yes")
    assert result.exit_code == 1
    assert "row 4, column L (Revised target date): 'not a date' is not a date" in result.stderr
