"""A Word document of a long chronology is refused up front (issue 24).

python-docx builds the whole document in memory (10,000 entries took 459 MiB, 20,000
850 MiB), so a Word document holding the chronology (the chronology, the minutes'
appendix, the participants' packs) has a limit on its entries, checked before the
review is loaded, with a message that says the limit and suggests the CSV or Excel
chronology (written a row at a time).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from export_fixtures import GENERATED_AT, rich_review

import workshop_tui.exporters as exporters
from workshop_tui.cli import main
from workshop_tui.exporters import ExportError, prepare
from workshop_tui.storage.repository import Repository

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "review.db"
    with Repository.open(path) as repo:
        repo.create_review(rich_review())
    return path


@pytest.mark.parametrize("document", ["chronology", "minutes"])
def test_a_word_document_over_the_limit_is_refused_before_anything_is_written(
    document: str, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = len(rich_review().entries)
    monkeypatch.setattr(exporters, "MAX_WORD_ENTRIES", entries - 1)
    target = tmp_path / f"{document}.docx"
    reference = rich_review().review.reference
    result = CliRunner().invoke(
        main, ["--db", str(db), "export", reference, document, "-o", str(target)]
    )
    assert result.exit_code == 1
    assert f"the limit is {entries - 1:,}" in result.stderr
    assert "Export the chronology as .csv or .xlsx instead" in result.stderr
    assert not target.exists()
    csv = tmp_path / "chronology.csv"
    result = CliRunner().invoke(
        main, ["--db", str(db), "export", reference, "chronology", "-o", str(csv)]
    )
    assert result.exit_code == 0, result.output
    monkeypatch.setattr(exporters, "MAX_WORD_ENTRIES", entries)
    result = CliRunner().invoke(
        main, ["--db", str(db), "export", reference, document, "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.exists()


def test_the_export_screen_path_and_the_packs_are_refused_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exporters, "MAX_WORD_ENTRIES", 1)
    with pytest.raises(ExportError, match="the limit is 1 "):
        prepare(rich_review(), "chronology", "docx", generated_at=GENERATED_AT)
    with pytest.raises(ExportError, match="the limit is 1 "):
        exporters.prepare_folder(rich_review(), "pack", generated_at=GENERATED_AT)
    prepare(rich_review(), "chronology", "xlsx", generated_at=GENERATED_AT)  # any size


def test_the_readme_states_the_limit_the_code_checks() -> None:
    readme = README.read_text("utf-8")
    assert f"{exporters.MAX_WORD_ENTRIES:,} chronology entries in a Word document" in readme


@pytest.mark.parametrize(("document", "suffix"), [("actions", "xlsx"), ("minutes", "md")])
def test_any_document_made_whole_is_refused_over_the_review_limit_before_it_is_read(
    document: str, suffix: str, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the action plan of 2,000,000 entries once read every entry into memory to render
    entries = len(rich_review().entries)
    monkeypatch.setattr(exporters, "MAX_DOCUMENT_ENTRIES", entries - 1)
    loaded: list[int] = []
    monkeypatch.setattr(Repository, "load_review", lambda self, rid: loaded.append(rid))
    target = tmp_path / f"{document}.{suffix}"
    reference = rich_review().review.reference
    result = CliRunner().invoke(
        main, ["--db", str(db), "export", reference, document, "-o", str(target)]
    )
    assert result.exit_code == 1
    assert f"whose chronology holds {entries:,} entries; the limit is {entries - 1:,}" in (
        result.stderr
    )
    assert "nothing was written" in result.stderr
    assert loaded == [] and not target.exists()
    csv = tmp_path / "chronology.csv"  # the streamed chronology has no such limit
    result = CliRunner().invoke(
        main, ["--db", str(db), "export", reference, "chronology", "-o", str(csv)]
    )
    assert result.exit_code == 0, result.output


def test_the_preview_is_refused_before_the_review_is_read(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop_tui.domain.clock import system_clock
    from workshop_tui.services import Services
    from workshop_tui.services.exports import ExportFailed

    monkeypatch.setattr(exporters, "MAX_DOCUMENT_ENTRIES", 1)
    with Repository.open(db) as repo:
        services = Services(repo, system_clock)
        review = repo.get_review(rich_review().review.reference)
        assert review.id is not None
        monkeypatch.setattr(Repository, "load_review", lambda self, rid: pytest.fail("read"))
        with pytest.raises(ExportFailed, match=r"the limit is 1\."):
            services.exports.preview(review.id, "report", pseudonymise=False)
        with pytest.raises(ExportFailed, match=r"the limit is 1\."):
            services.exports.check_again(review.id, "report", "md")


def test_the_readme_states_the_whole_document_limit() -> None:
    readme = README.read_text("utf-8")
    assert f"{exporters.MAX_DOCUMENT_ENTRIES:,} chronology entries in the review" in readme
