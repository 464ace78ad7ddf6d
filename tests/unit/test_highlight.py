"""The QA highlight report (issue 13): golden Markdown from the demo's action plans, and
a Word document that python-docx reads back with the same sections."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from docx import Document as WordDocument

from workshop_tui.domain.clock import frozen_clock
from workshop_tui.exporters.highlight import render_highlight
from workshop_tui.resources import sample_cases_dir
from workshop_tui.services import Services
from workshop_tui.services.demo import build_demo
from workshop_tui.storage.repository import Repository

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("WORKSHOP_TUI_UPDATE_GOLDEN") == "1"
TODAY = dt.date(2027, 3, 10)
NOW = dt.datetime.combine(TODAY, dt.time(9))


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    path = tmp_path_factory.mktemp("highlight") / "demo.db"
    build_demo(path, sample_cases_dir(), TODAY)
    return Services(Repository.open(path, frozen_clock(NOW)), frozen_clock(NOW))


def test_golden_markdown(services: Services) -> None:
    data = services.actions.highlight(TODAY - dt.timedelta(days=30))
    text = render_highlight(data, "md", NOW).decode("utf-8")
    path = GOLDEN / "highlight.md"
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8", newline="")
        if not UPDATE:
            pytest.fail("highlight.md did not exist and was written; check it and run again")
    assert text == path.read_text(encoding="utf-8"), (
        "highlight.md changed; if that is intended, rerun with WORKSHOP_TUI_UPDATE_GOLDEN=1"
    )


def test_what_the_report_counts(services: Services) -> None:
    data = services.actions.highlight(TODAY - dt.timedelta(days=30))
    assert [(r.review_reference, data.refs[r.id]) for r in data.reds] == [
        ("LR-2025-07", "A1"),
        ("LR-2026-02", "A2"),
    ]
    assert [r.action.owner for r in data.proposed_closures] == [
        "MARAC Coordinator",
        "Education Safeguarding Lead",
    ]
    assert all(r.action.evidence for r in data.proposed_closures)
    assert len(data.overdue) == 4  # two of Child R and S, both of Child T
    # A red that is older than "since" is not new.
    assert services.actions.highlight(TODAY - dt.timedelta(days=2)).reds == []
    one = services.actions.highlight(TODAY - dt.timedelta(days=30), review="LR-2026-02")
    assert {r.review_reference for r in one.rows} == {"LR-2026-02"}


def test_word_document_has_every_section(services: Services) -> None:
    data = services.actions.highlight(TODAY - dt.timedelta(days=30))
    word = WordDocument(io.BytesIO(render_highlight(data, "docx", NOW)))
    headings = [
        p.text for p in word.paragraphs if p.style and str(p.style.name).startswith("Heading")
    ]
    assert headings[:4] == [
        "Summary",
        "Actions by status",
        "New reds since 8 February 2027",
        "Overdue",
    ]
    cells = {c.text for t in word.tables for row in t.rows for c in row.cells}
    assert "MARAC minutes January to March: the school invited in 14 of 14" in cells
