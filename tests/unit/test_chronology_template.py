"""The chronology template each agency fills in (``export REF template -o DIR``): filled in
with openpyxl, it reads back through the importer that reads a pack's chronology file
with not one warning and exactly the entries typed."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from pathlib import Path

import pytest
from export_fixtures import GENERATED_AT, rich_review
from openpyxl import load_workbook

from workshop_tui.domain.models import Agency, ChronologyEntry, ReviewData
from workshop_tui.domain.problems import Problem
from workshop_tui.exporters import ExportError, prepare, prepare_folder
from workshop_tui.exporters.template import COLUMNS, COVER_TITLE, SHEET_TITLE, render_templates
from workshop_tui.importers.columns import column_warnings
from workshop_tui.importers.headers import find_header
from workshop_tui.importers.pack import order_warnings, period_warnings, read_chronology
from workshop_tui.resources import sample_cases_dir

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("WORKSHOP_TUI_UPDATE_GOLDEN") == "1"


def sample() -> ReviewData:
    from workshop_tui.importers.pack import read_pack

    return read_pack(sample_cases_dir() / "child-r").data


def import_like_a_pack(
    content: bytes, data: ReviewData, agency: str, name: str
) -> tuple[list[ChronologyEntry], list[Problem]]:
    """Read one chronology file exactly as ``import`` reads each file of a pack
    (importers.pack._load): the reader, its column warnings, its rows' problems, the
    order and the period checks."""
    result = read_chronology(content, name, agency)
    problems = [
        *column_warnings(name, result),
        *result.problems,
        *order_warnings(result.entries),
        *period_warnings(result.entries, data.review.period_start, data.review.period_end),
    ]
    return result.entries, problems


ROWS = [
    (dt.date(2023, 3, 4), dt.time(14, 20), "PC Tom Ashdown, Response Officer",
     "Call to the home: raised voices reported by a neighbour.", "Words of advice; DASH: medium",
     "A missed chance to speak to the child alone."),
    (dt.date(2023, 3, 6), None, "DS Ann Oak", "Operation Encompass notice sent to the school.",
     "School told before 9am", "Timely."),
    (dt.datetime(2024, 2, 9, 0, 0), dt.time(9, 5), "PC Tom Ashdown",
     "Home visit, 10 minutes; nobody answered.\nCard left at the door.", "", ""),
]  # fmt: skip


def fill(content: bytes, rows: Sequence[tuple[object, ...]]) -> bytes:
    book = load_workbook(io.BytesIO(content))
    sheet = book[SHEET_TITLE]
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            if value not in (None, ""):
                sheet.cell(number, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_filled_in_template_imports_without_a_warning_and_with_the_right_entries() -> None:
    data = sample()
    files = dict(render_templates(data, GENERATED_AT))
    content = fill(files["police.xlsx"], ROWS)

    entries, problems = import_like_a_pack(content, data, "police", "chronologies/police.xlsx")

    assert problems == []
    got = [
        (e.date, e.time, e.practitioner, e.event, e.outcome, e.analysis, e.source_part,
         e.source_line, e.extra, e.error)
        for e in entries
    ]  # fmt: skip
    assert got == [
        (dt.date(2023, 3, 4), dt.time(14, 20), ROWS[0][2], ROWS[0][3], ROWS[0][4], ROWS[0][5],
         SHEET_TITLE, 2, {}, None),
        (dt.date(2023, 3, 6), None, ROWS[1][2], ROWS[1][3], ROWS[1][4], ROWS[1][5],
         SHEET_TITLE, 3, {}, None),
        (dt.date(2024, 2, 9), dt.time(9, 5), ROWS[2][2], ROWS[2][3], "", "",
         SHEET_TITLE, 4, {}, None),
    ]  # fmt: skip


def test_the_headers_are_the_importers_own_names_exactly() -> None:
    position, header_map, _ = find_header([[header for _, header, _ in COLUMNS]], None)
    assert position == 0 and header_map is not None
    assert not header_map.ties
    assert {name: header_map.headers[i] for name, i in header_map.columns.items()} == {
        name: header for name, header, _ in COLUMNS
    }


def test_an_empty_template_has_no_entries_and_the_cover_is_never_read_as_one() -> None:
    data = sample()
    content = dict(render_templates(data, GENERATED_AT))["police.xlsx"]
    entries, _ = import_like_a_pack(content, data, "police", "police.xlsx")
    assert entries == []
    # Only the cover's first ten rows are searched for a header: none of them is one.
    cover = load_workbook(io.BytesIO(content))[COVER_TITLE]
    top = [[str(c.value or "") for c in row] for row in cover.iter_rows(max_row=10)]
    assert find_header(top, None)[1] is None


def test_one_template_per_agency_named_by_its_key_and_made_safe() -> None:
    data = rich_review()
    data.agencies.append(Agency(key="../Police", name="Another police force"))
    data.agencies.append(Agency(key="police", name="Duplicate key spelled the same"))
    names = [name for name, _ in render_templates(data, GENERATED_AT)]
    assert names == [
        "police.xlsx",
        "social_care.xlsx",
        "health_visiting.xlsx",
        "school.xlsx",
        "Police-2.xlsx",  # not ../Police: it names a file in the folder, not elsewhere
        "police-3.xlsx",
    ]


def test_the_cover_names_the_review_period_agency_and_what_to_include() -> None:
    data = sample()
    book = load_workbook(io.BytesIO(dict(render_templates(data, GENERATED_AT))["gp.xlsx"]))
    assert book.sheetnames == [COVER_TITLE, SHEET_TITLE]
    cover = book[COVER_TITLE]
    pairs = {
        row[0]: row[1] for row in cover.iter_rows(min_row=3, max_row=9, max_col=2, values_only=True)
    }
    assert pairs["Review"] == "LR-2025-07"
    assert pairs["Agency"] == "Millbeck Medical Practice"
    assert pairs["Period under review"] == "1 January 2023 to 30 September 2024"
    assert pairs["Marking"] == "OFFICIAL-SENSITIVE"
    text = " ".join(str(c) for row in cover.iter_rows(values_only=True) for c in row if c)
    for words in (
        "significant events",
        "key interventions and the opportunities for intervention",
        "decisions",
    ):
        assert words in text
    assert cover.oddHeader.center.text == "OFFICIAL-SENSITIVE"


def test_the_chronology_sheet_has_date_cells_checked_against_the_period() -> None:
    data = sample()
    book = load_workbook(io.BytesIO(dict(render_templates(data, GENERATED_AT))["gp.xlsx"]))
    sheet = book[SHEET_TITLE]
    assert [c.value for c in sheet[1]] == [header for _, header, _ in COLUMNS]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEF"]
    assert widths == [width for _, _, width in COLUMNS]
    assert sheet.column_dimensions["A"].number_format == "DD/MM/YYYY"
    assert sheet.column_dimensions["B"].number_format == "HH:MM"
    assert sheet.column_dimensions["D"].alignment.wrap_text
    assert sheet.max_row == 1  # no empty row stored: the rows typed into take the formats
    (dates,) = [v for v in sheet.data_validations.dataValidation if v.type == "date"]
    assert str(dates.sqref) == "A2:A501"
    assert (dates.operator, dates.formula1, dates.formula2) == (
        "between",
        "DATE(2023,1,1)",
        "DATE(2024,9,30)",
    )
    assert dates.showErrorMessage and "01/01/2023 and 30/09/2024" in (dates.error or "")


def test_text_from_the_review_never_becomes_a_formula() -> None:
    data = rich_review()
    data.agencies[0].name = '=HYPERLINK("http://example.invalid","Police")'
    book = load_workbook(io.BytesIO(dict(render_templates(data, GENERATED_AT))["police.xlsx"]))
    values = [c for row in book[COVER_TITLE].iter_rows() for c in row if c.value]
    assert all(c.data_type != "f" for c in values)
    assert any(str(c.value).startswith("'=HYPERLINK") for c in values)


def test_template_is_a_folder_document_and_never_pseudonymised() -> None:
    data = rich_review()
    with pytest.raises(ExportError, match="folder of files"):
        prepare(data, "template", "xlsx", generated_at=GENERATED_AT)
    with pytest.raises(ExportError, match="template is not made pseudonymised"):
        prepare_folder(data, "template", pseudonymise=True, generated_at=GENERATED_AT)
    with pytest.raises(ExportError, match="no agencies yet"):
        prepare_folder(ReviewData(review=data.review), "template", generated_at=GENERATED_AT)


def _dump(content: bytes) -> str:
    """What a template holds, as text: every sheet's cells, formats, checks and layout."""
    book = load_workbook(io.BytesIO(content))
    lines = []
    for sheet in book.worksheets:
        lines.append(f"== {sheet.title} (frozen at {sheet.freeze_panes})")
        lines.append(
            f"header: {sheet.oddHeader.center.text} | footer: {sheet.oddFooter.center.text}"
        )
        widths = {k: v.width for k, v in sorted(sheet.column_dimensions.items())}
        lines.append(f"widths: {widths}")
        formats = {
            k: v.number_format
            for k, v in sorted(sheet.column_dimensions.items())
            if v.number_format != "General"
        }
        lines.append(f"column formats: {formats}")
        for row in sheet.iter_rows(max_row=25):
            for cell in row:
                if cell.value is not None:
                    lines.append(f"{cell.coordinate}: {cell.value!r}")
        for check in sheet.data_validations.dataValidation:
            lines.append(
                f"check {check.sqref}: {check.type} {check.operator} {check.formula1} "
                f"{check.formula2} ({check.errorStyle}) {check.error!r}"
            )
    return "\n".join(lines) + "\n"


def test_golden_template() -> None:
    name = "template_police.txt"
    text = _dump(dict(render_templates(rich_review(), GENERATED_AT))["police.xlsx"])
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8", newline="")
        if not UPDATE:
            pytest.fail(f"{name} did not exist and was written; check it and run again")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; if that is intended, rerun with WORKSHOP_TUI_UPDATE_GOLDEN=1"
    )


def test_a_template_with_only_dates_and_events_imports_without_a_warning() -> None:
    """The optional columns (time, practitioner, outcome, analysis) left empty in every
    row lose nothing: no "empty in every row" warning (that is kept for a file whose text
    went to a column that fills no field)."""
    data = sample()
    content = fill(
        dict(render_templates(data, GENERATED_AT))["police.xlsx"],
        [
            (dt.date(2023, 3, 4), None, "", "Call to the home"),
            (dt.date(2023, 3, 5), None, "", "Visit"),
        ],
    )
    entries, problems = import_like_a_pack(content, data, "police", "chronologies/police.xlsx")
    assert problems == []
    assert [(e.date, e.event) for e in entries] == [
        (dt.date(2023, 3, 4), "Call to the home"),
        (dt.date(2023, 3, 5), "Visit"),
    ]
    with_a_note = fill(content, [(None,) * 6 + ("a note in a seventh column",)])
    _, problems = import_like_a_pack(with_a_note, data, "police", "chronologies/police.xlsx")
    assert any("empty in every row" in p.message for p in problems)
