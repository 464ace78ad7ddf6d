"""Hostile text (pasted from anywhere) goes through every format without changing it."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from docx import Document
from export_fixtures import GENERATED_AT, rich_review
from openpyxl import load_workbook

from workshop_tui.domain.models import ReviewData
from workshop_tui.exporters import DOCUMENTS, formats_for, render
from workshop_tui.importers.archive import read_archive

SCRIPT = "<script>alert(1)</script>"
PIPES = "| a | b |"
FORMULA = '=HYPERLINK("http://example.invalid","click")'
HOSTILE = [SCRIPT, PIPES, FORMULA, "+1", "-1", "@SUM(A1:A9)", "# not a heading", "1. not a list"]
CONTROL = "tab\there\x0bvertical\x00nul\x07bell"


def hostile_review() -> ReviewData:
    data = rich_review()
    joined = " ".join(HOSTILE)
    data.review.title = f"Child B {SCRIPT}"
    data.review.terms_of_reference = "\n".join(HOSTILE) + "\n" + CONTROL
    data.participants[0].name = f"{SCRIPT} Lennox"
    data.participants[1].role = PIPES
    data.kloes[0].title = f"{PIPES} {SCRIPT}"
    for i, text in enumerate(HOSTILE):
        data.perspectives[i % len(data.perspectives)].text = text + " " + CONTROL
    data.findings[0].statement = FORMULA
    data.findings[1].themes = [SCRIPT, "+1"]
    data.actions[0].description = FORMULA
    data.actions[0].owner = "@SUM(A1:A9)"
    data.actions[1].success_measure = "-1 " + CONTROL
    data.escalations[0].description = joined
    data.entries[0].event = FORMULA + "\n" + CONTROL
    data.entries[1].practitioner = "+44 is not a formula"
    data.entries[1].extra = {"Notes": "=1+1"}
    return data


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def _cells_start_safely(values: list[str]) -> None:
    for value in values:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    for value in values:
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", value), value


CASES = [(d, f) for d in DOCUMENTS for f in formats_for(d)]


@pytest.mark.parametrize(("document", "fmt"), CASES)
def test_hostile_text_is_safe(document: str, fmt: str) -> None:
    data = hostile_review()
    content = render(data, document, fmt, generated_at=GENERATED_AT)
    if fmt == "md":
        text = content.decode()
        assert not re.search(r"(?<!\\)<", text)  # every "<" escaped: no tag can start
        assert "\\<script>" in text and "&lt;" not in text  # escaped for Markdown, no entity
        assert "\x0b" not in text and "\x00" not in text
        for line in text.splitlines():
            assert not line.startswith("# not"), line
            assert not line.startswith("1. not"), line
        # Every pipe that is not escaped is a cell border the writer put there, so every
        # row of a table has as many as its header.
        tables = re.findall(r"((?:^\|.*\|$\n?)+)", text, flags=re.MULTILINE)
        for table in tables:
            counts = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
            assert len(counts) == 1, table
    elif fmt == "html":
        text = content.decode()
        tags = _Tags()
        tags.feed(text)
        assert "script" not in tags.tags
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "\x0b" not in text and "\x00" not in text
    elif fmt == "docx":
        doc = Document(io.BytesIO(content))
        texts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            texts.extend(cell.text for row in table.rows for cell in row.cells)
        joined = "\n".join(texts)
        if document not in ("chronology", "briefing-plan"):  # the plan is a blank form
            assert SCRIPT in joined
        if document != "briefing-plan":
            assert FORMULA in joined
        assert "\x0b" not in joined and "\x00" not in joined
    elif fmt == "xlsx":
        ws = load_workbook(io.BytesIO(content)).active
        assert ws is not None
        values = []
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    values.append(cell.value)
        _cells_start_safely(values)
        assert any(v.startswith("'" + FORMULA) for v in values)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        values = [v for row in rows for v in row]
        _cells_start_safely(values)
        assert any(v.startswith("'" + FORMULA) for v in values)
    else:
        assert read_archive(content) == data


def test_xlsx_neutralises_formulas_in_cells() -> None:
    content = render(hostile_review(), "actions", "xlsx", generated_at=GENERATED_AT)
    ws = load_workbook(io.BytesIO(content)).active
    assert ws is not None
    assert ws.cell(row=2, column=2).value == "'" + FORMULA
    assert ws.cell(row=2, column=4).value == "'" + FORMULA
    assert ws.cell(row=2, column=7).value == "'@SUM(A1:A9)"
    # Controls shown (a vertical tab is a line break inside a cell), never written raw.
    assert ws.cell(row=3, column=10).value == "'-1 tab\there" + "\nvertical" + "␀nul" + "␇bell"
