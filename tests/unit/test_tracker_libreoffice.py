"""Real office software reads what the action plan writes (LibreOffice, headless): the
highlight report converts to PDF, and a tracker edited and saved by LibreOffice Calc comes
back with exactly the edited cell proposed. Skipped where LibreOffice (or Calc) is missing."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import Action, Review, ReviewData
from workshop_tui.domain.tracker import COLUMNS
from workshop_tui.services import Services
from workshop_tui.storage.repository import Repository

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
NOW = dt.datetime(2027, 3, 10, 9, 0)


def _convert(source: Path, to: str, out: Path) -> Path:
    assert SOFFICE is not None
    profile = (out / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", to,
         "--outdir", str(out / "converted"), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return out / "converted" / f"{source.stem}.{to.split(':')[0]}"


@pytest.fixture
def services() -> Services:
    repo = Repository.memory(clock=frozen_clock(NOW))
    repo.create_review(
        ReviewData(
            review=Review(reference="LR-9", title="Child Q"),
            actions=[
                Action(description="=Looks like a formula", target_date=dt.date(2027, 4, 1)),
                Action(description="Second action", owner="Designated Nurse"),
            ],
        )
    )
    return Services(repo, frozen_clock(NOW))


def test_a_tracker_saved_by_calc_proposes_only_the_edited_cell(
    services: Services, tmp_path: Path
) -> None:
    written = tmp_path / "tracker.xlsx"
    services.actions.write_tracker(written)
    book = load_workbook(written)
    column = [c.key for c in COLUMNS].index("new_progress") + 1
    book["Action tracker"].cell(row=3, column=column, value="Briefing held")
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    saved = _convert(edited, "xlsx:Calc Office Open XML", tmp_path)
    if not saved.exists():
        pytest.skip("LibreOffice Calc is not installed (only Writer)")
    proposal = services.actions.propose_tracker(saved)
    assert [(c.ref, c.column, c.new) for c in proposal.changes] == [
        ("A2", "New progress update", "Briefing held")
    ]
    assert proposal.ignored == []


def test_the_highlight_report_converts_to_pdf(services: Services, tmp_path: Path) -> None:
    target = tmp_path / "highlight.docx"
    services.actions.write_highlight(target, NOW.date() - dt.timedelta(days=30))
    pdf = _convert(target, "pdf", tmp_path)
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
