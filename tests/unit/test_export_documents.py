"""Minutes and report: structure, golden files, formats and file names.

Golden files live in tests/golden/. After a deliberate change to a document, regenerate
them with ``WORKSHOP_TUI_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_export_documents.py``
and read the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from export_fixtures import GENERATED_AT, empty_review, rich_review

from workshop_tui.exporters import (
    DOCUMENTS,
    ExportError,
    format_from_path,
    formats_for,
    render,
)
from workshop_tui.exporters.blocks import Details, Document, Table
from workshop_tui.exporters.chronology import build_chronology
from workshop_tui.exporters.minutes import build_minutes
from workshop_tui.exporters.report import build_report

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("WORKSHOP_TUI_UPDATE_GOLDEN") == "1"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8", newline="")
        if not UPDATE:
            pytest.fail(f"{name} did not exist and was written; check it and run again")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; if that is intended, rerun with WORKSHOP_TUI_UPDATE_GOLDEN=1"
    )


@pytest.mark.parametrize(
    ("document", "fmt", "golden"),
    [
        ("minutes", "md", "minutes.md"),
        ("minutes", "html", "minutes.html"),
        ("report", "md", "report.md"),
        ("minutes", "md", "minutes_empty.md"),
    ],
)
def test_golden(document: str, fmt: str, golden: str) -> None:
    data = empty_review() if "empty" in golden else rich_review()
    _golden(golden, render(data, document, fmt, generated_at=GENERATED_AT).decode("utf-8"))


def test_documents_and_formats() -> None:
    assert DOCUMENTS == ("minutes", "report", "actions", "chronology", "archive", "tracker")
    assert formats_for("tracker") == ("xlsx",)
    assert formats_for("minutes") == ("md", "html", "docx")
    assert formats_for("report") == ("docx", "md")
    assert formats_for("actions") == ("xlsx", "csv")
    assert formats_for("chronology") == ("docx", "xlsx", "csv")
    assert formats_for("archive") == ("json",)


@pytest.mark.parametrize(
    ("document", "path", "fmt"),
    [
        ("minutes", "out/Minutes.DOCX", "docx"),
        ("minutes", "m.markdown", "md"),
        ("report", "r.md", "md"),
        ("actions", "plan.csv", "csv"),
        ("chronology", "c.xlsx", "xlsx"),
        ("archive", "a.json", "json"),
    ],
)
def test_format_from_path(document: str, path: str, fmt: str) -> None:
    assert format_from_path(document, path) == fmt


def test_unsupported_extension_says_what_works() -> None:
    with pytest.raises(
        ExportError,
        match=r"minutes cannot be written as \.xlsx; use \.md, "
        r"\.html or \.docx",
    ):
        format_from_path("minutes", "minutes.xlsx")
    with pytest.raises(ExportError, match=r"has no extension; use \.json"):
        format_from_path("archive", "archive")
    with pytest.raises(ExportError, match="unknown document 'agenda'"):
        formats_for("agenda")
    with pytest.raises(ExportError, match=r"actions cannot be written as \.docx"):
        render(rich_review(), "actions", "docx", generated_at=GENERATED_AT)


def test_every_document_in_every_format_renders() -> None:
    for data in (rich_review(), empty_review()):
        for document in DOCUMENTS:
            for fmt in formats_for(document):
                assert render(data, document, fmt, generated_at=GENERATED_AT)


def test_minutes_sections_in_order() -> None:
    text = render(rich_review(), "minutes", "md", generated_at=GENERATED_AT).decode()
    order = [
        "**OFFICIAL-SENSITIVE**",
        "# Minutes: Learning Review: Child B",
        "**Chair:** Morag Ellery",
        "## Attendance",
        "### Present",
        "### Apologies",
        "## Purpose and ground rules",
        "## Terms of reference and key lines of enquiry",
        "### KLOE 1: Cumulative risk",
        "### KLOE 2: Information sharing",
        "### KLOE 3: Voice of the child",
        "## Case-specific escalations",
        "## Key findings",
        "## Agreed action plan",
        "## Next steps",
        "## Appendix: merged chronology",
    ]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert text.rstrip().endswith("**OFFICIAL-SENSITIVE**")


def test_minutes_content() -> None:
    text = render(rich_review(), "minutes", "md", generated_at=GENERATED_AT).decode()
    assert "**Date:** 21 May 2024" in text
    assert "**Time:** 09:30 to 12:15" in text
    # Time spent from the workshop log, summed over two discussions of KLOE 2.
    assert "**Time spent:** 27 minutes (time box 25 minutes)" in text
    assert "**Time spent:** 32 minutes (time box 30 minutes)" in text
    # KLOE 3 was never reached, and nothing was captured for it.
    assert "**Not discussed** in the workshop (time box 20 minutes)" in text
    # Perspectives grouped by kind and attributed with role and agency.
    kloe1 = text[text.index("### KLOE 1") : text.index("### KLOE 2")]
    assert kloe1.index("#### Key interventions") < kloe1.index("#### Actions and decision")
    assert kloe1.index("#### Actions and decision") < kloe1.index("#### What helped or hindered")
    assert "**Priya Lennox (Health Visitor, Corrow Community Health):**" in kloe1
    # Draft items are marked; agreed ones are not.
    assert "**F3 Learning:** *(draft)* Health are not routinely invited" in text
    assert "**F1 Learning:** Single incidents" in text
    assert "| A2 (draft) |" in text
    assert "| A1 |" in text
    # The perspective with no KLOE is not lost.
    assert "### Other points raised" in text
    assert "front door arrangements" in text


def test_empty_review_gives_well_formed_minutes() -> None:
    text = render(empty_review(), "minutes", "md", generated_at=GENERATED_AT).decode()
    for kloe in ("KLOE 1: Cumulative risk", "KLOE 2: Information sharing"):
        assert f"### {kloe}" in text
    assert text.count("*No perspectives were recorded.*") == 3
    assert "*No case-specific issues were escalated.*" in text
    assert "*No actions were recorded.*" in text
    assert "| Priya Lennox | Health Visitor | Corrow Community Health |" in text
    assert "Other points raised" not in text


def test_report_sections() -> None:
    text = render(rich_review(), "report", "md", generated_at=GENERATED_AT).decode()
    order = [
        "## 1. Introduction",
        "## 2. Terms of reference",
        "## 3. Method",
        "### Agencies and chronologies",
        "### Attendance by role",
        "## 4. Key practice episodes",
        "## 5. Analysis by key line of enquiry",
        "## 6. Findings",
        "## 7. Recommendations",
        "### To the Case Review Group",
        "### To the Business Group",
        "### Not yet assigned",
        "## 8. Action plan",
        "## 9. Dissemination",
        "## Appendix A: learning review group",
        "## Appendix C: merged chronology",
    ]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert "| Westshire Police | 2 | 1 |" in text  # entries and flagged entries per agency
    assert "| Total | 7 | 3 |" in text
    # The report names people by role and agency only.
    analysis = text[text.index("## 5. Analysis") : text.index("## 6. Findings")]
    assert "Priya Lennox" not in analysis
    assert "**Health Visitor, Corrow Community Health:**" in analysis


def _title_block(doc: Document) -> dict[str, str]:
    block = doc.blocks[0]
    assert isinstance(block, Details)
    return dict(block.pairs)


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        (dt.date(2023, 4, 1), dt.date(2024, 3, 31), "1 April 2023 to 31 March 2024"),
        (dt.date(2023, 4, 1), None, "from 1 April 2023"),
        (None, dt.date(2024, 3, 31), "up to 31 March 2024"),
        (None, None, None),
    ],
)
def test_report_and_chronology_state_the_review_period_alike(
    start: dt.date | None, end: dt.date | None, said: str | None
) -> None:
    data = rich_review()
    data.review = data.review.model_copy(update={"period_start": start, "period_end": end})
    for build in (build_report, build_chronology):
        details = _title_block(build(data))
        assert details.get("Period under review") == said
        assert all(details.values())  # an unset detail is left out, not shown blank


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.scripts = 0
        self.external = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "script":
            self.scripts += 1
        if any(k in ("src", "href") for k, _ in attrs):
            self.external += 1


def test_html_is_self_contained_with_print_styles() -> None:
    html = render(rich_review(), "minutes", "html", generated_at=GENERATED_AT).decode()
    checker = _Checker()
    checker.feed(html)
    assert checker.scripts == 0
    assert checker.external == 0
    assert "@media print" in html
    assert html.count('class="marking') == 2
    assert html.count("<h3>KLOE ") == 3


def test_minutes_document_text_includes_every_cell() -> None:
    text = build_minutes(rich_review()).text()
    assert "Strategy discussion with police and health" in text
    assert "OFFICIAL-SENSITIVE" in text


def test_hand_wrapped_text_is_reflowed_but_list_lines_kept() -> None:
    from workshop_tui.exporters.minutes import paragraphs

    text = (
        "The review will\nconsider how agencies:\n- recognised risk\n  and acted;\n"
        "- shared it\n\nNext."
    )
    assert paragraphs(text) == [
        "The review will consider how agencies:\n- recognised risk and acted;\n- shared it",
        "Next.",
    ]


def test_chronology_appendix_includes_the_agencies_analysis() -> None:
    data = rich_review()
    analysed = next(e for e in data.entries if e.analysis and e.in_period and not e.error)
    doc = build_minutes(data)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    appendix = tables[-1]
    headers = [c.header for c in appendix.columns]
    assert "Analysis" in headers
    column = headers.index("Analysis")
    assert any(row[column] == analysed.analysis for row in appendix.rows)


def test_markdown_holds_no_html_entities() -> None:
    data = rich_review()
    data.review.partnership = "Corrow Children & Families' Partnership <North>"
    text = render(data, "minutes", "md", generated_at=GENERATED_AT).decode("utf-8")
    assert not re.search(r"&(?:#x?[0-9a-fA-F]+|[A-Za-z]+);", text), re.findall(r"&\S+;", text)
    assert "Corrow Children & Families' Partnership \\<North>" in text
