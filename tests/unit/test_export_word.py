"""Word documents read back with python-docx."""

from __future__ import annotations

import io

import pytest
import synth
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from export_fixtures import GENERATED_AT, empty_review, rich_review

from workshop_tui.exporters import render


def _open(document: str, data=None) -> DocxDocument:  # type: ignore[no-untyped-def]
    content = render(data or rich_review(), document, "docx", generated_at=GENERATED_AT)
    return Document(io.BytesIO(content))


def _headings(doc: DocxDocument) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in doc.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]


def _all_text(doc: DocxDocument) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.parametrize("document", ["minutes", "report", "chronology"])
def test_marking_and_page_numbers_in_every_section(document: str) -> None:
    doc = _open(document)
    assert len(doc.sections) >= 1
    for section in doc.sections:
        assert not section.header.is_linked_to_previous
        assert "OFFICIAL-SENSITIVE" in section.header.paragraphs[0].text
        footer_text = "\n".join(p.text for p in section.footer.paragraphs)
        assert "OFFICIAL-SENSITIVE" in footer_text
        instructions = [el.text.strip() for el in section.footer._element.iter(qn("w:instrText"))]
        assert instructions == ["PAGE", "NUMPAGES"]


@pytest.mark.parametrize("document", ["minutes", "report", "chronology"])
def test_every_table_repeats_its_header_row(document: str) -> None:
    doc = _open(document)
    assert doc.tables
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        assert all(r.bold for p in table.rows[0].cells[0].paragraphs for r in p.runs)
        for row in table.rows[1:]:
            assert row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None


def test_minutes_headings_use_real_heading_styles() -> None:
    doc = _open("minutes")
    headings = _headings(doc)
    assert ("Heading 1", "Attendance") in headings
    assert ("Heading 1", "Discussion by key line of enquiry") in headings
    for kloe in rich_review().kloes:
        assert ("Heading 2", f"KLOE {kloe.number}: {kloe.title}") in headings
    assert ("Heading 3", "Key interventions and opportunities for intervention") in headings
    title_style = doc.paragraphs[0].style
    assert title_style is not None and title_style.name == "Title"


def test_minutes_attendance_and_actions() -> None:
    doc = _open("minutes")
    attendance = doc.tables[0]
    assert [c.text for c in attendance.rows[0].cells] == ["Name", "Role", "Agency"]
    names = [row.cells[0].text for row in attendance.rows[1:]]
    assert names == ["Priya Lennox", "Dan Okafor", "Jo Marchetti", "Kwame Asante"]
    plan = next(t for t in doc.tables if t.rows[0].cells[0].text == "Ref")
    assert [row.cells[0].text for row in plan.rows[1:]] == ["A1", "A2 (draft)"]
    assert plan.rows[1].cells[4].text == "30/09/2024"
    # The subgroup shares the owner's cell, so the action's words get the width.
    assert plan.rows[1].cells[3].text.endswith("(subgroup: Practice Development)")
    widths = [cell.width for cell in plan.rows[0].cells]
    assert widths[1] == max(widths)
    text = _all_text(doc)
    assert "21 May 2024" in text
    assert "27 minutes (time box 25 minutes)" in text


def test_minutes_appendix_is_landscape_and_body_portrait() -> None:
    doc = _open("minutes")
    assert doc.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    landscape = doc.sections[-1]
    assert landscape.page_width is not None and landscape.page_height is not None
    assert landscape.page_width > landscape.page_height


def test_chronology_document_is_landscape_with_every_entry() -> None:
    doc = _open("chronology")
    assert all(s.orientation == WD_ORIENT.LANDSCAPE for s in doc.sections)
    table = doc.tables[0]
    assert len(table.rows) == 1 + len(rich_review().entries)
    text = _all_text(doc)
    assert "Needs attention: invalid date" in text
    assert "Source: police.csv:7" in text
    assert "Same event: group 1" in text


def test_report_sections_and_properties() -> None:
    doc = _open("report")
    titles = [text for style, text in _headings(doc) if style == "Heading 1"]
    assert titles[:9] == [
        "1. Introduction",
        "2. Terms of reference",
        "3. Method",
        "4. Key practice episodes",
        "5. Analysis by key line of enquiry",
        "6. Findings",
        "7. Recommendations",
        "8. Action plan",
        "9. Dissemination",
    ]
    assert doc.core_properties.title == "Draft learning review report: Learning Review: Child B"
    assert doc.core_properties.created.replace(tzinfo=None) == GENERATED_AT


def test_empty_review_minutes_open() -> None:
    doc = _open("minutes", empty_review())
    assert "No perspectives were recorded." in _all_text(doc)


def test_large_minutes_have_the_whole_appendix() -> None:
    """The benchmark's large workshop (2,000 entries): every entry in the appendix table."""
    data = synth.large_workshop()
    doc = _open("minutes", data)
    assert len(doc.tables[-1].rows) == len(data.entries) + 1 == 2001


@pytest.mark.parametrize("document", ["minutes", "report", "chronology"])
def test_no_header_is_narrower_than_its_longest_word(document: str) -> None:
    """A header wraps at spaces only: each column is at least as wide as its header's
    longest word in 9 pt Arial Bold, plus the cell margins (so never "Practitio-ner")."""
    from workshop_tui.exporters.word_writer import min_column_cm

    doc = _open(document)
    checked = 0
    for table in doc.tables:
        header = table.rows[0]
        for cell in header.cells:
            properties = cell._tc.tcPr
            assert properties is not None
            width = properties.find(qn("w:tcW"))
            width_cm = int(width.get(qn("w:w"))) / 566.93
            assert width_cm >= min_column_cm(cell.text) - 0.01, (cell.text, round(width_cm, 2))
            checked += 1
    assert checked


def test_column_widths_fill_the_page_and_keep_the_proportions_that_fit() -> None:
    from workshop_tui.exporters.blocks import Column, Table
    from workshop_tui.exporters.word_writer import column_widths, min_column_cm

    table = Table((Column("Ref", 1.0), Column("Practitioner", 1.0), Column("Event", 8.0)), [])
    widths = column_widths(table, 10.0)
    assert sum(widths) == pytest.approx(10.0)
    assert widths[1] >= min_column_cm("Practitioner")
    assert widths[0] >= min_column_cm("Ref")
    assert widths[2] < 8.0  # the room came from the wide column


def _width_cm(cell) -> float:  # type: ignore[no-untyped-def]
    return int(cell._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) / 566.93


def test_a_date_never_breaks_and_a_long_address_does_not_widen_its_column() -> None:
    """LibreOffice without Arial broke every date of the appendix ("04/01/202" over "3"):
    a column is as wide as its cells' short words in a wider fallback sans."""
    from workshop_tui.exporters.blocks import Column, Table
    from workshop_tui.exporters.word_writer import FALLBACK_WIDENING, column_widths, word_width_cm

    address = "https://example.invalid/a/very/long/address/that/may/wrap/anywhere"
    table = Table(
        (Column("Date", 1.0), Column("Event", 6.0), Column("Link", 1.0)),
        [("04/01/2023", "New birth visit.", address), ("c. 12/06/2023", "Letter.", "")],
    )
    widths = column_widths(table, 12.0)
    assert widths[0] >= word_width_cm("04/01/2023") * FALLBACK_WIDENING + 0.3
    assert widths[2] < 3.5  # the address wraps instead
    assert sum(widths) == pytest.approx(12.0)


def test_the_appendix_dates_fit_their_column() -> None:
    from workshop_tui.exporters.word_writer import FALLBACK_WIDENING, word_width_cm

    doc = _open("minutes")
    appendix = doc.tables[-1]
    assert appendix.rows[0].cells[0].text == "Date"
    needed = word_width_cm("00/00/0000") * FALLBACK_WIDENING + 0.3
    assert _width_cm(appendix.rows[1].cells[0]) >= needed


def test_title_block_values_line_up_past_the_longest_label() -> None:
    """'Period under review' ran past the 4.2 cm tab stop in a wider sans, so its value
    started at the next default stop, out of line with the others."""
    from workshop_tui.exporters.word_writer import (
        BODY_POINTS,
        FALLBACK_WIDENING,
        details_indent_cm,
        word_width_cm,
    )

    label = "Period under review"
    assert details_indent_cm([label, "Review"]) > word_width_cm(label, BODY_POINTS) * (
        FALLBACK_WIDENING
    )
    assert details_indent_cm(["Date", "Time"]) == 4.2  # short labels keep the usual stop
    doc = _open("report")
    stops = {
        round(p.paragraph_format.left_indent.cm, 2)
        for p in doc.paragraphs
        if "\t" in p.text and p.text.split("\t")[0] in ("Period under review", "Partnership")
    }
    assert len(stops) == 1  # one stop for the whole block
    assert stops.pop() >= word_width_cm(label, BODY_POINTS) * FALLBACK_WIDENING


def test_a_hyphenated_word_needs_room_for_its_longest_part_only() -> None:
    """A line may break after a hyphen, so "multi-agency" does not widen its column as one
    word would."""
    from workshop_tui.exporters.word_writer import min_column_cm

    assert min_column_cm("Ref", ["multi-agency"]) == min_column_cm("Ref", ["agency"])
    assert min_column_cm("Ref", ["multiagency"]) > min_column_cm("Ref", ["agency"])
    assert min_column_cm("Ref", ["04/01/2023"]) > min_column_cm("Ref", ["2023"])  # not at /
