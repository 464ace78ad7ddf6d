"""An agency's cell holding terminal controls is kept exactly as sent, and shown visibly.

The importers used to strip every C0 control from CSV and Excel cells, so an ESC
sequence an agency's system left in an event was lost before it reached the database
(and Excel's ``_x001B_`` escape came through as those seven letters). Now the
database, ``chronology --format json`` and the archive hold the original; the screen,
the Markdown chronology and the DOCX/XLSX exports show it visibly. Only NUL is removed,
with a warning naming the file and line.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document
from openpyxl import Workbook, load_workbook

from workshop_tui.cli import main
from workshop_tui.domain.chronology import link_duplicates
from workshop_tui.domain.filtering import ChronologyFilter, filter_entries
from workshop_tui.domain.models import ChronologyEntry
from workshop_tui.domain.problems import InputError, Severity
from workshop_tui.importers.csv_reader import read_csv
from workshop_tui.importers.docx_reader import read_docx
from workshop_tui.importers.xlsx_reader import read_xlsx, unescape
from workshop_tui.storage.repository import Repository

REFERENCE = "LR-2099-77"
# ESC[2J (clear screen), an OSC 0 window title ended by BEL, a C1 CSI, a bidi override.
CONTROLS = "\x1b[2J \x1b]0;pwned\x07 \x9b31m \u202eesrever"
EVENT = f"Visit {CONTROLS} end"
OUTCOME = "Letter \x1b[31mred\x1b[0m left"
REF_CELL = "R\x1b[1m-1"  # an extra column (no field maps to it)
# How Excel writes the same cells: what XML cannot hold as _xHHHH_.
XLSX_EVENT = "Visit _x001B_[2J _x001B_]0;pwned_x0007_ \x9b31m \u202eesrever end"
XLSX_OUTCOME = "Letter _x001B_[31mred_x001B_[0m left"
XLSX_REF = "R_x001B_[1m-1"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\x00")


def csv_bytes(event: str = EVENT) -> bytes:
    return (
        "Date,Event,Outcome,Ref\n"
        f'03/03/2098,"{event}",{OUTCOME},{REF_CELL}\n'
        f'31/02/2098,"Bad date {CONTROLS}",,{REF_CELL}\n'
    ).encode()


def xlsx_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Date", "Event", "Outcome", "Ref"])
    sheet.append(["04/03/2098", XLSX_EVENT, XLSX_OUTCOME, XLSX_REF])
    sheet.append(["31/02/2098", "Bad date _x001B_[2J \x9b31m \u202eesrever", "", XLSX_REF])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# XML 1.0 cannot hold C0 controls, so a Word document carries only the C1 and bidi ones.
DOCX_EVENT = "Visit \x9b31m \u202eesrever \u0085 end"


def docx_bytes(event: str = DOCX_EVENT) -> bytes:
    doc = Document()
    table = doc.add_table(rows=0, cols=3)
    for values in (("Date", "Event", "Ref"), ("05/03/2098", event, "R\u202e-1")):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_csv_cells_are_kept_exactly() -> None:
    result = read_csv(csv_bytes(), "police.csv", "police")
    good, bad = result.entries
    assert good.event == EVENT
    assert good.outcome == OUTCOME
    assert good.extra == {"Ref": REF_CELL}
    assert bad.error is not None
    assert bad.raw["Event"] == f"Bad date {CONTROLS}"
    assert bad.raw["Ref"] == REF_CELL
    assert [p.severity for p in result.problems] == [Severity.ERROR]


def test_xlsx_cells_are_kept_exactly_with_excel_escapes_decoded() -> None:
    result = read_xlsx(xlsx_bytes(), "health.xlsx", "health")
    good, bad = result.entries
    assert good.event == EVENT
    assert good.outcome == OUTCOME
    assert good.extra == {"Ref": REF_CELL}
    assert bad.raw["Event"] == "Bad date \x1b[2J \x9b31m \u202eesrever"
    assert bad.raw["Ref"] == REF_CELL


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("_x001B_", "\x1b"),
        ("_x005F_x001B_", "_x001B_"),  # Excel's escape of a literal "_x001B_"
        ("a_x000D__x000A_b", "a\r\nb"),
        ("_xD83D__xDE00_", "\U0001f600"),
        ("_xD800_ alone", "_xD800_ alone"),  # half a surrogate pair is not text: kept
        ("no_x escape _x12_", "no_x escape _x12_"),
    ],
)
def test_excel_escapes(written: str, meant: str) -> None:
    assert unescape(written) == meant


def test_docx_cells_are_kept_exactly() -> None:
    result = read_docx(docx_bytes(), "school.docx", "school")
    (entry,) = result.entries
    assert entry.event == DOCX_EVENT
    assert entry.extra == {"Ref": "R\u202e-1"}


def test_a_docx_holding_esc_is_refused_naming_the_file() -> None:
    # Word cannot write ESC (XML does not allow it); a document holding one is damaged.
    data = docx_bytes("Visit MARKER end")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "word/document.xml":
                content = content.replace(b"MARKER", b"\x1b[2J")
            target.writestr(name, content)
    with pytest.raises(InputError) as caught:
        read_docx(out.getvalue(), "school.docx", "school")
    assert caught.value.problems[0].location == "school.docx"


def test_nul_is_removed_with_a_warning_naming_file_and_line() -> None:
    result = read_csv(csv_bytes(event="pa\x00tient\x00 seen"), "police.csv", "police")
    assert result.entries[0].event == "patient seen"
    warnings = [p for p in result.problems if p.severity is Severity.WARNING]
    assert [p.location for p in warnings] == ["police.csv:2"]
    assert "2 NUL characters" in warnings[0].message

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Date", "Event"])
    sheet.append(["04/03/2098", "pa_x0000_tient"])
    out = io.BytesIO()
    book.save(out)
    result = read_xlsx(out.getvalue(), "health.xlsx", "health")
    assert result.entries[0].event == "patient"
    assert [str(p) for p in result.problems] == [
        "health.xlsx[Sheet]:2: warning: 1 NUL character (\\x00) removed from this row: "
        "they carry no text, and readers of the database stop at them"
    ]


def test_only_spaces_and_line_breaks_are_stripped_from_the_ends() -> None:
    result = read_csv(
        'Date,Event\n03/03/2098,"  \x1c\x1f kept \x85\r\n "\n'.encode(), "p.csv", "police"
    )
    assert result.entries[0].event == "\x1c\x1f kept \x85"


def entry(agency: str, event: str) -> ChronologyEntry:
    return ChronologyEntry.model_validate(
        {"agency": agency, "date": "2098-03-03", "event": event, "source_file": f"{agency}.csv"}
    )


def test_a_control_character_does_not_split_a_word_for_linking_or_search() -> None:
    text = "Home visit by the health visitor; the patient was seen with mother"
    broken = text.replace("patient", "pa\x1b[0mtient").replace("mother", "mo\u202ether")
    linked = link_duplicates([entry("police", text), entry("health", broken)])
    assert linked[0].duplicate_group is not None
    assert linked[0].duplicate_group == linked[1].duplicate_group
    found = filter_entries(linked, ChronologyFilter(text="patient mother"))
    assert len(found) == 2
    # What the screen shows of a sequence is found too (␛]0;pwned␇).
    titled = [entry("police", "Visit \x1b]0;pwned\x07 end"), entry("health", "Visit")]
    assert filter_entries(titled, ChronologyFilter(text="pwned")) == [0]
    assert len(filter_entries(titled, ChronologyFilter(text="visit end"))) == 1


# End to end: import a pack with all three files, then read it back every way.

CASE_TOML = f"""
[review]
reference = "{REFERENCE}"
title = "Child R"
period_start = 2098-01-01
period_end = 2099-03-31

[[agencies]]
key = "police"
name = "Police"
files = ["chronologies/police.csv"]

[[agencies]]
key = "health"
name = "Health"
files = ["chronologies/health.xlsx"]

[[agencies]]
key = "school"
name = "School"
files = ["chronologies/school.docx"]
"""


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    (folder / "chronologies").mkdir(parents=True)
    (folder / "case.toml").write_text(CASE_TOML, encoding="utf-8")
    (folder / "chronologies" / "police.csv").write_bytes(csv_bytes())
    (folder / "chronologies" / "health.xlsx").write_bytes(xlsx_bytes())
    (folder / "chronologies" / "school.docx").write_bytes(docx_bytes())
    db = tmp_path / "db.sqlite"
    result = run(db, "import", str(folder))
    assert result.exit_code == 0, result.output
    assert not any(char in result.output for char in RAW), repr(result.output)
    return db


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def test_database_and_json_hold_the_originals(imported: Path) -> None:
    with Repository.open(imported) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        entries = repo.entries(review.id)
    events = {e.agency: e.event for e in entries if e.error is None}
    assert events == {"police": EVENT, "health": EVENT, "school": DOCX_EVENT}
    extras = [e.extra for e in entries if e.agency != "school"]
    assert all(extra == {"Ref": REF_CELL} for extra in extras), extras
    raws = [e.raw["Event"] for e in entries if e.error is not None]
    assert f"Bad date {CONTROLS}" in raws

    shown = run(imported, "chronology", REFERENCE, "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert not any(char in shown.stdout for char in RAW)
    records = json.loads(shown.stdout)
    assert sorted(str(r["event"]) for r in records if r["agency"] != "school")[-2:] == [
        EVENT,
        EVENT,
    ]
    assert any(r["event"] == DOCX_EVENT for r in records)


def test_markdown_shows_them_visibly(imported: Path) -> None:
    shown = run(imported, "chronology", REFERENCE, "--format", "md")
    assert shown.exit_code == 0, shown.output
    assert not any(char in shown.stdout for char in RAW), repr(shown.stdout)
    assert r"Visit ␛\[2J ␛\]0;pwned␇ \<U+009B>31m" in shown.stdout
    assert "&lt;" not in shown.stdout  # Markdown escapes with backslashes, no entities


def test_exports_hold_none_raw_and_the_archive_round_trips(imported: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "chronology.xlsx"
    docx = tmp_path / "chronology.docx"
    archive = tmp_path / "archive.json"
    for document, target in (("chronology", xlsx), ("chronology", docx), ("archive", archive)):
        result = run(imported, "export", REFERENCE, document, "-o", str(target))
        assert result.exit_code == 0, result.output

    book = load_workbook(xlsx, read_only=True)
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    book.close()
    assert not any(char in cell for cell in cells for char in RAW)
    assert any("Visit ␛[2J ␛]0;pwned␇ <U+009B>31m <U+202E>esrever end" in c for c in cells)

    text = "\n".join(
        cell.text
        for table in Document(str(docx)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert not any(char in text for char in RAW)
    assert "Visit ␛[2J" in text

    again = tmp_path / "again.sqlite"
    result = run(again, "import", str(archive))
    assert result.exit_code == 0, result.output
    with Repository.open(imported) as first, Repository.open(again) as second:
        one, two = first.get_review(REFERENCE), second.get_review(REFERENCE)
        assert one.id is not None and two.id is not None
        before = sorted(
            (e.event, e.outcome, str(e.extra), str(e.raw)) for e in first.entries(one.id)
        )
        after = sorted(
            (e.event, e.outcome, str(e.extra), str(e.raw)) for e in second.entries(two.id)
        )
    assert before == after
    assert any(event == EVENT for event, *_ in after)


async def test_the_chronology_screen_shows_them_visibly(imported: Path) -> None:
    from workshop_tui.app import make_app
    from workshop_tui.domain.clock import frozen_clock
    from workshop_tui.ui.screens.chronology import ChronologyScreen

    from .test_display_everywhere import AT, assert_safe, settle

    with Repository.open(imported, clock=frozen_clock(AT)) as repo:
        app = make_app(repo, clock=frozen_clock(AT), review_reference=REFERENCE)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.action_go("chronology")
            await settle(pilot)
            assert isinstance(app.screen, ChronologyScreen)
            shown = assert_safe(app, "chronology")
            assert "Visit ␛[2J ␛]0;pwned␇" in shown
            for _ in range(4):  # the detail pane of each entry, the bad rows' too
                await pilot.press("down")
                await settle(pilot)
                assert_safe(app, "chronology entry")


def test_the_table_row_does_not_end_at_a_control_that_splitlines_breaks_at() -> None:
    from workshop_tui.ui.widgets.chronology_table import first_line

    assert first_line("\n  Visit \x85 end\x1c more\u2028 still\nnext") == (
        "Visit \x85 end\x1c more\u2028 still"
    )
