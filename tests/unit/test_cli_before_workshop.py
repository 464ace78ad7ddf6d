"""``workshop-tui export`` for the documents sent before the workshop, on a copy of the
sample case: a folder for template and pack, one file for terms and invitation, and the
refusals (what the review lacks, where nothing may be written)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar

from workshop_tui.cli import main
from workshop_tui.resources import sample_cases_dir

REFERENCE = "LR-2025-07"


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A copy of the sample case, with e-mail addresses for two participants."""
    copy = tmp_path / "child-r"
    shutil.copytree(sample_cases_dir() / "child-r", copy)
    case = copy / "case.toml"
    text = case.read_text(encoding="utf-8")
    for name, address in (
        ("Jo Pell", "jo.pell@avch.example"),
        ("Dean Whitcombe", "d.whitcombe@avhomes.example"),
    ):
        text = text.replace(f'name = "{name}"\n', f'name = "{name}"\nemail = "{address}"\n')
    case.write_text(text, encoding="utf-8")
    return copy


@pytest.fixture
def db(tmp_path: Path, pack: Path) -> Path:
    path = tmp_path / "data" / "workshop.db"
    result = run(path, "import", str(pack))
    assert result.exit_code == 0, result.output
    return path


def test_template_writes_one_workbook_per_agency_into_a_new_folder(
    db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "to-send" / "templates"
    result = run(db, "export", REFERENCE, "template", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote template (xlsx)" in result.stdout and "7 files, one per agency" in result.stdout
    keys = ["police", "childrens_social_care", "health_visiting", "gp", "school", "housing"]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{k}.xlsx" for k in [*keys, "hospital"])


def test_pack_and_terms_are_written(db: Path, tmp_path: Path) -> None:
    result = run(db, "export", REFERENCE, "pack", "-o", str(tmp_path / "packs"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "packs" / "housing.docx").stat().st_size > 0
    result = run(db, "export", REFERENCE, "terms", "-o", str(tmp_path / "terms.md"))
    assert result.exit_code == 0, result.output
    assert "## 4. Key lines of enquiry" in (tmp_path / "terms.md").read_text(encoding="utf-8")


def test_the_invitation_invites_those_with_an_address_and_names_the_others(
    db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "invitation.ics"
    result = run(db, "export", REFERENCE, "invitation", "-o", str(target))
    assert result.exit_code == 0, result.output
    (event,) = Calendar.from_ical(target.read_bytes()).events
    assert [str(a) for a in event.get("attendee")] == [
        "mailto:jo.pell@avch.example",
        "mailto:d.whitcombe@avhomes.example",
    ]
    assert event.start.isoformat() == "2025-02-11T09:30:00+00:00"
    assert "note: 14 participant(s) have no e-mail address" in result.stderr
    assert "Megan Cole" in result.stderr


def test_an_invitation_for_a_review_without_a_workshop_date_or_time_is_refused(
    tmp_path: Path, pack: Path
) -> None:
    case = pack / "case.toml"
    text = case.read_text(encoding="utf-8")
    text = text.replace("workshop_date = 2025-02-11\n", "").replace(
        'workshop_start = "09:30"\n', ""
    )
    case.write_text(text, encoding="utf-8")
    db = tmp_path / "undated.db"
    assert run(db, "import", str(pack)).exit_code == 0
    target = tmp_path / "invitation.ics"
    result = run(db, "export", REFERENCE, "invitation", "-o", str(target))
    assert result.exit_code == 1
    assert "this review has no workshop date and no start time" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize("document", ["template", "pack"])
def test_a_folder_inside_the_case_pack_or_a_file_is_refused(
    db: Path, pack: Path, tmp_path: Path, document: str
) -> None:
    before = sorted(p.relative_to(pack) for p in pack.rglob("*"))
    result = run(db, "export", REFERENCE, document, "-o", str(pack / "chronologies"))
    assert result.exit_code == 1
    assert "inside the case pack" in result.stderr and "nothing was written" in result.stderr
    assert sorted(p.relative_to(pack) for p in pack.rglob("*")) == before
    result = run(db, "export", REFERENCE, document, "-o", str(db))
    assert result.exit_code == 1 and "is a file, not a folder" in result.stderr


def test_a_one_file_document_still_refuses_a_folder_and_the_database(
    db: Path, tmp_path: Path
) -> None:
    result = run(db, "export", REFERENCE, "terms", "-o", str(tmp_path))
    assert result.exit_code == 1
    result = run(db, "export", REFERENCE, "minutes", "-o", str(db.with_suffix(".md")))
    assert result.exit_code == 0, result.output
    before = db.read_bytes()
    result = run(db, "export", REFERENCE, "archive", "-o", str(db.with_name("x.json")))
    assert result.exit_code == 0
    result = run(db, "export", REFERENCE, "minutes", "-o", str(db))
    assert result.exit_code == 1 and db.read_bytes() == before


def test_unknown_documents_list_the_new_ones(db: Path) -> None:
    result = run(db, "export", REFERENCE, "agenda", "-o", "x.md")
    assert result.exit_code == 1
    assert "terms, invitation, template, pack" in result.stderr


def test_the_invitation_and_template_refuse_pseudonymise(db: Path, tmp_path: Path) -> None:
    for document, target in (("invitation", "i.ics"), ("template", "t")):
        result = run(
            db, "export", REFERENCE, document, "-o", str(tmp_path / target), "--pseudonymise"
        )
        assert result.exit_code == 1
        assert f"the {document} is not made pseudonymised" in result.stderr
        assert not (tmp_path / target).exists()
