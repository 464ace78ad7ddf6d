"""The terms of reference and the participant packs: what they say (golden files), the
marking on every page of the Word files, the merged chronology around an agency's entries,
pseudonymised packs that name nobody, and where a folder of packs may be written."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from docx import Document as open_docx
from export_fixtures import GENERATED_AT, rich_review

from workshop_tui.domain.models import ChronologyEntry, ReviewData
from workshop_tui.exporters import (
    LeaksFound,
    UnsafeTarget,
    export_folder_to_path,
    prepare,
    prepare_folder,
    render,
)
from workshop_tui.exporters.markdown_writer import render_markdown
from workshop_tui.exporters.participant_pack import build_pack, entries_around, usable
from workshop_tui.importers.pack import read_pack
from workshop_tui.resources import sample_cases_dir

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


def sample() -> ReviewData:
    return read_pack(sample_cases_dir() / "child-r").data


def word_text(content: bytes) -> str:
    """Every piece of text in a Word file: body, tables, every section's header and footer."""
    doc = open_docx(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def marked_on_every_page(content: bytes, marking: str) -> bool:
    doc = open_docx(io.BytesIO(content))
    return all(
        section.header.paragraphs[0].text == marking
        and section.footer.paragraphs[0].text == marking
        and not section.header.is_linked_to_previous
        for section in doc.sections
    )


# --- terms of reference -------------------------------------------------------------------


def test_golden_terms() -> None:
    _golden("terms.md", render(rich_review(), "terms", "md", generated_at=GENERATED_AT).decode())


def test_terms_hold_the_kloes_period_agencies_and_timetable() -> None:
    text = render(sample(), "terms", "md", generated_at=GENERATED_AT).decode()
    for words in (
        "The review covers 1 January 2023 to 30 September 2024.",
        "| 7 | Ashbourne Vale Hospitals NHS Foundation Trust (ED, paediatrics, audiology) |",
        "## KLOE 4: Was not brought: health appointments and school attendance",
        "| 10:50 to 11:05 | Break | 15 minutes |",
        "| 12:35 to 13:00 | KLOE 7: The response to the injury in May 2024 | 25 minutes |",
        "**Time:** 09:30 to 13:00 (3 hours 30 minutes, breaks included)",
    ):
        assert words in text


def test_terms_in_word_carry_the_marking_on_every_page() -> None:
    content = render(sample(), "terms", "docx", generated_at=GENERATED_AT)
    assert marked_on_every_page(content, "OFFICIAL-SENSITIVE")
    assert "Terms of reference: Learning Review: Child R" in word_text(content)


def test_terms_of_a_review_set_up_from_nothing_say_what_is_not_set_yet() -> None:
    data = ReviewData(review=rich_review().review.model_copy(
        update={"period_start": None, "period_end": None, "workshop_start": None}))  # fmt: skip
    text = render(data, "terms", "md", generated_at=GENERATED_AT).decode()
    for words in (
        "The period under review has not been set yet.",
        "No agencies have been added yet.",
        "No key lines of enquiry have been set yet, so there is no timetable.",
        "**Time:** Not set yet",
    ):
        assert words in text


def test_pseudonymised_terms_name_nobody() -> None:
    data = rich_review()
    rendered = prepare(data, "terms", "docx", pseudonymise=True, generated_at=GENERATED_AT)
    assert rendered.leaks == ()
    text = word_text(rendered.content)
    for person in data.participants:
        assert person.name not in text
    assert "Morag" not in text  # the lead reviewer, a pseudonym in the rich review


# --- participant pack ---------------------------------------------------------------------


def _entry(agency: str, day: int, entry_id: int) -> ChronologyEntry:
    return ChronologyEntry(
        id=entry_id, agency=agency, date=dt.date(2023, 3, day), event=f"{agency} {day}"
    )


def test_the_merged_chronology_around_takes_other_agencies_within_three_days() -> None:
    entries = usable(
        [
            _entry("police", 10, 1),
            _entry("school", 6, 2),  # 4 days before: left out
            _entry("school", 7, 3),  # 3 days before: in
            _entry("health", 13, 4),  # 3 days after: in
            _entry("health", 14, 5),  # 4 days after: left out
            _entry("police", 20, 6),
            _entry("school", 21, 7),
        ]
    )
    around = entries_around(entries, "police")
    assert [e.id for e in around] == [3, 1, 4, 6, 7]
    assert entries_around(entries, "gp") == []


def test_golden_pack() -> None:
    data = rich_review()
    police = next(a for a in data.agencies if a.key == "police")
    _golden("pack_police.md", render_markdown(build_pack(data, police), GENERATED_AT))


def test_one_pack_per_agency_each_marked_on_every_page() -> None:
    data = sample()
    rendered = prepare_folder(data, "pack", generated_at=GENERATED_AT)
    assert [name for name, _ in rendered.files] == [f"{a.key}.docx" for a in data.agencies]
    for _, content in rendered.files:
        assert marked_on_every_page(content, "OFFICIAL-SENSITIVE")
        assert len(open_docx(io.BytesIO(content)).sections) == 2  # portrait, then landscape
    housing = word_text(dict(rendered.files)["housing.docx"])
    for words in (
        "Participant pack: Ashbourne Vale Homes",
        "Key interventions and opportunities for intervention",
        "KLOE 5: The family's home: working with housing",
        "Dean Whitcombe",  # invited from the agency
        "Committee Room 2",
    ):
        assert words in housing
    assert "Jo Pell" not in housing.split("Invited from")[1].split("5. The chronology")[0]


def test_a_pack_shows_the_agencys_entries_and_the_others_around_them() -> None:
    data = sample()
    police = next(a for a in data.agencies if a.key == "police")
    text = render_markdown(build_pack(data, police), GENERATED_AT)
    own, around = text.split("# 6. The merged chronology around your entries")
    own_rows = [line for line in own.split("# 5.")[1].splitlines() if line.startswith("| ")]
    assert own_rows[2:] and all("| Ashbourne Vale Police |" in row for row in own_rows[2:])
    around_rows = [line for line in around.splitlines() if line.startswith("| ")][2:]
    agencies_around = {row.split(" | ")[2] for row in around_rows}
    assert "Ashbourne Vale Police" in agencies_around and len(agencies_around) > 1


def test_pseudonymised_packs_contain_no_participant_name() -> None:
    data = rich_review()
    rendered = prepare_folder(data, "pack", pseudonymise=True, generated_at=GENERATED_AT)
    assert rendered.leaks == ()
    for name, content in rendered.files:
        text = word_text(content)
        for person in data.participants:
            for part in person.name.split():
                assert part not in text, (name, part)
        assert "Millbrook" not in text  # the school, a pseudonym in the rich review


def test_a_pseudonymised_pack_that_still_names_someone_is_not_written(tmp_path: Path) -> None:
    data = rich_review()
    # The date of birth is redacted by itself; a first name alone is for a person to decide.
    data.entries[1].event = "Seen with Kwame, DOB 1/2/1990"
    target = tmp_path / "packs"
    with pytest.raises(LeaksFound) as caught:
        export_folder_to_path(data, "pack", target, pseudonymise=True, generated_at=GENERATED_AT)
    assert 'name "Kwame"' in str(caught.value)
    assert any(leak.where.startswith("police.docx line ") for leak in caught.value.rendered.leaks)
    assert [r.kind for r in caught.value.rendered.redactions] == ["date of birth"]
    assert not target.exists()
    export_folder_to_path(
        data, "pack", target, pseudonymise=True, accept_leaks=True, generated_at=GENERATED_AT
    )
    assert sorted(p.name for p in target.iterdir()) == sorted(
        f"{a.key}.docx" for a in data.agencies
    )


# --- where a folder may be written ----------------------------------------------------------


def test_a_folder_is_made_owner_only_and_its_files_are_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "out" / "templates"
    export_folder_to_path(rich_review(), "template", target, generated_at=GENERATED_AT)
    assert target.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in target.iterdir()} == {0o600}


def test_a_folder_inside_a_case_pack_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "child-q"
    (pack / "chronologies").mkdir(parents=True)
    (pack / "case.toml").write_text("")
    for target in (pack, pack / "chronologies", pack / "new" / "templates"):
        with pytest.raises(UnsafeTarget, match="inside the case pack"):
            export_folder_to_path(rich_review(), "template", target, generated_at=GENERATED_AT)
    assert sorted(p.name for p in pack.rglob("*")) == ["case.toml", "chronologies"]


def test_a_file_a_link_or_a_database_in_the_folder_is_refused(tmp_path: Path) -> None:
    data = rich_review()
    plain_file = tmp_path / "notes.txt"
    plain_file.write_text("mine")
    with pytest.raises(UnsafeTarget, match="is a file, not a folder"):
        export_folder_to_path(data, "pack", plain_file, generated_at=GENERATED_AT)
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(UnsafeTarget, match="symbolic link"):
        export_folder_to_path(data, "pack", link, generated_at=GENERATED_AT)
    folder = tmp_path / "packs"
    folder.mkdir()
    database = folder / "police.docx"
    database.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(UnsafeTarget, match="SQLite database"):
        export_folder_to_path(data, "pack", folder, generated_at=GENERATED_AT)
    assert sorted(p.name for p in folder.iterdir()) == ["police.docx"]  # nothing else written
    protected = folder / "school.docx"
    database.unlink()
    with pytest.raises(UnsafeTarget, match="open database"):
        export_folder_to_path(
            data, "pack", folder, generated_at=GENERATED_AT, protected=(protected,)
        )
    assert list(folder.iterdir()) == []


# --- hostile text --------------------------------------------------------------------------


def test_hostile_text_goes_through_every_document_sent_before_the_workshop() -> None:
    """Markup, pipes, formulas and control characters (tests/unit/test_export_hostile.py)
    in the title, the terms, a participant, a KLOE and the entries: the Markdown stays
    escaped, Word holds the text, the calendar file reads back, no cell is a formula."""
    from icalendar import Calendar
    from openpyxl import load_workbook
    from test_export_hostile import CONTROL, SCRIPT, hostile_review

    data = hostile_review()
    data.agencies[0].name = '=HYPERLINK("http://example.invalid","Police")'
    data.review.location = f"Room 2\n{CONTROL}"
    data.participants[0].email = "lennox@corrow.example"
    for fmt in ("md", "docx"):
        for document in ("terms", "invitation"):
            content = render(data, document, fmt, generated_at=GENERATED_AT)
            if fmt == "md":
                text = content.decode()
                assert "\\<script>" in text and "<script>" not in text.replace("\\<script>", "")
                assert "\x00" not in text and "\x0b" not in text
            else:
                assert SCRIPT in word_text(content)
    (event,) = Calendar.from_ical(
        render(data, "invitation", "ics", generated_at=GENERATED_AT)
    ).events
    assert "\x00" not in str(event["description"]) and "\n" not in str(event["location"])
    assert SCRIPT in str(event["summary"])
    for _, content in prepare_folder(data, "pack", generated_at=GENERATED_AT).files:
        assert "\x00" not in word_text(content)
    for _, content in prepare_folder(data, "template", generated_at=GENERATED_AT).files:
        book = load_workbook(io.BytesIO(content))
        cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
        assert all(c.data_type != "f" for c in cells)
