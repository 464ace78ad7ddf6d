"""The annual report extract: golden Markdown and CSV, the Word file read back, the service
choosing reviews by date, and ``workshop-tui annual-report`` over the demo's reviews.

Regenerate the golden files after a deliberate change with
``WORKSHOP_TUI_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_annual_report.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as read_docx

from workshop_tui.cli import main
from workshop_tui.domain.annual import AnnualInput, ReviewRecord
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import (
    Action,
    ActionStatus,
    Finding,
    FindingLevel,
    Review,
    ReviewStatus,
)
from workshop_tui.domain.themes import THEMES
from workshop_tui.exporters.annual import render_annual
from workshop_tui.resources import sample_cases_dir
from workshop_tui.services import Services
from workshop_tui.services.demo_themes import add_theme_demo

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("WORKSHOP_TUI_UPDATE_GOLDEN") == "1"
AT = dt.datetime(2026, 4, 2, 10, 0)
PARTNERSHIP = "Fernmoor Children's Safeguarding Partnership"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8", newline="")
        if not UPDATE:
            pytest.fail(f"{name} did not exist and was written; check it and run again")
    assert text == path.read_bytes().decode("utf-8"), (
        f"{name} changed; if that is intended, rerun with WORKSHOP_TUI_UPDATE_GOLDEN=1"
    )


def annual_input() -> AnnualInput:
    """Two fictional reviews held in 2025-26, one left out; actions in every state."""
    q = Review(
        reference="LR-2025-03",
        title="Learning Review: Child Q",
        partnership=PARTNERSHIP,
        workshop_date=dt.date(2025, 6, 12),
        status=ReviewStatus.FINAL,
    )
    v = Review(
        reference="LR-2025-09",
        title="Learning Review: Child V | *draft*",
        partnership=PARTNERSHIP,
        period_end=dt.date(2025, 11, 30),
    )
    old = Review(reference="LR-2023-01", title="Learning Review: Child A")
    q_findings = (
        Finding(
            statement="Risk was held in separate records.",
            themes=["information sharing", "Neglect and cumulative harm"],
            level=FindingLevel.PARTNERSHIP,
            agreed=True,
        ),
        Finding(statement="Nobody asked Child Q about home.", themes=["voice of the child"]),
    )
    q_actions = (
        Action(
            description="Add a cumulative-risk prompt to supervision.",
            owner="Named Nurse",
            target_date=dt.date(2025, 12, 31),
            status=ActionStatus.IN_PROGRESS,
        ),
        Action(
            description="Invite schools to strategy discussions.",
            owner="Head of MASH",
            target_date=dt.date(2025, 9, 30),
            status=ActionStatus.COMPLETED,
            impact="Schools invited to 9 in 10 strategy discussions (audit, Jan 2026).",
        ),
        Action(description="Refresh the neglect toolkit.", status=ActionStatus.OPEN),
    )
    v_findings = (
        Finding(statement="The =SUM(A1) school was not told.", themes=["information sharing"]),
        Finding(statement="Untagged."),
    )
    v_actions = (
        Action(
            description="=HYPERLINK(bad) Train response officers on exploitation.",
            owner="Superintendent, Safeguarding",
            target_date=dt.date(2026, 3, 1),
            status=ActionStatus.IN_PROGRESS,
        ),
    )
    return AnnualInput(
        start=dt.date(2025, 4, 1),
        end=dt.date(2026, 3, 31),
        as_at=AT.date(),
        records=(ReviewRecord(q, q_findings, q_actions), ReviewRecord(v, v_findings, v_actions)),
        register=THEMES,
        partnership=PARTNERSHIP,
        left_out=(old,),
    )


def test_golden_markdown() -> None:
    _golden("annual.md", render_annual(annual_input(), "md", AT).decode("utf-8"))


def test_golden_csv() -> None:
    text = render_annual(annual_input(), "csv", AT).decode("utf-8-sig")
    _golden("annual.csv", text)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["Review"] for r in rows] == ["LR-2025-03", "LR-2025-09"]
    assert (
        rows[0]["Themes"] == "information sharing; neglect and cumulative harm; voice of the child"
    )
    assert (rows[0]["Actions"], rows[0]["Actions completed"], rows[0]["Overdue"]) == ("3", "1", "1")
    assert rows[0]["Impact recorded"] == "1"
    assert rows[1]["Overdue"] == "1"


def test_markdown_says_what_is_overdue_and_what_was_left_out() -> None:
    text = render_annual(annual_input(), "md", AT).decode("utf-8")
    assert "Overdue at 2 April 2026" in text
    assert "Add a cumulative-risk prompt" in text.split("### Overdue at")[1]
    assert "LR-2023-01" in text  # left out, and said so
    assert "1 finding carries no theme yet." in text


def test_word_file_has_the_sections_tables_and_marking_on_every_page() -> None:
    document = read_docx(io.BytesIO(render_annual(annual_input(), "docx", AT)))
    text = "\n".join(p.text for p in document.paragraphs)
    for heading in ("Reviews done", "Themes", "Action progress", "Impact recorded"):
        assert heading in text
    for section in document.sections:
        assert "OFFICIAL-SENSITIVE" in section.header.paragraphs[0].text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert PARTNERSHIP in text + "\n".join(cells)
    assert "Learning Review: Child V | *draft*" in cells  # as typed, never interpreted
    assert "information sharing" in cells


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    with Services.open(path, frozen_clock(AT)) as services:
        services.reviews.import_pack(sample_cases_dir() / "child-r")
        add_theme_demo(services)
    return path


def test_service_picks_reviews_by_date(demo_db: Path) -> None:
    with Services.open(demo_db, frozen_clock(AT)) as services:
        data = services.themes.annual(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [r.review.reference for r in data.records] == ["LR-2026-05"]
    assert [r.reference for r in data.left_out] == ["LR-2025-07"]
    assert data.partnership == "Ashbourne Vale Safeguarding Children Partnership"
    assert len(data.records[0].findings) == 5
    assert data.as_at == AT.date()
    with Services.open(demo_db, frozen_clock(AT)) as services:
        both = services.themes.annual(None, None)
    csv_text = render_annual(both, "csv", AT).decode("utf-8-sig")
    rows = {r["Review"]: r for r in csv.DictReader(io.StringIO(csv_text))}
    # Child R's actions: one complete with its impact, two past their dates on 2 April 2026
    assert (rows["LR-2025-07"]["Actions"], rows["LR-2025-07"]["Overdue"]) == ("3", "2")
    assert rows["LR-2025-07"]["Impact recorded"] == "1"
    assert (rows["LR-2026-05"]["Actions"], rows["LR-2026-05"]["Overdue"]) == ("2", "0")


def test_cli_writes_each_format_and_refuses_others(demo_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for name in ("annual.docx", "annual.md", "annual.csv"):
        target = tmp_path / name
        result = runner.invoke(
            main,
            [
                "--db",
                str(demo_db),
                "annual-report",
                "--from",
                "2025",
                "--to",
                "2026",
                "-o",
                str(target),
            ],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        assert "2 reviews" in result.stdout
        assert target.stat().st_mode & 0o077 == 0
    md = (tmp_path / "annual.md").read_text(encoding="utf-8")
    assert "LR-2025-07" in md and "LR-2026-05" in md and "risks outside the home" in md
    bad = runner.invoke(
        main, ["--db", str(demo_db), "annual-report", "-o", str(tmp_path / "a.xlsx")]
    )
    assert bad.exit_code == 1 and "written as .docx, .md, .csv" in bad.stderr
    refused = runner.invoke(main, ["--db", str(demo_db), "annual-report", "-o", str(demo_db)])
    assert refused.exit_code == 1 and not (tmp_path / "a.xlsx").exists()
