"""The application layer's reviews, prepare, chronology and exports use cases
(``workshop_tui.services``), on an in-memory database with fictional data."""

from __future__ import annotations

import ast
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.conftest import FROZEN_AT, REFERENCE, fictional_review
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import EntryFlag, ReviewData
from workshop_tui.domain.problems import CaseReading, Problem, Severity
from workshop_tui.resources import sample_cases_dir
from workshop_tui.services import NotFound, Services
from workshop_tui.services.chronology import toggled_flags
from workshop_tui.services.exports import (
    ExportFailed,
    LeaksRemain,
    format_for_path,
    formats_for,
)
from workshop_tui.services.reviews import ImportRefused, read_case
from workshop_tui.storage.repository import Repository

SRC = Path(__file__).resolve().parents[2] / "src" / "workshop_tui"


@pytest.fixture
def services() -> Iterator[Services]:
    clock = frozen_clock(FROZEN_AT)
    repository = Repository.memory(clock=clock)
    services = Services(repository, clock)
    services.reviews.create(fictional_review())
    yield services
    services.close()


def review_id(services: Services) -> int:
    review = services.reviews.get(REFERENCE)
    assert review.id is not None
    return review.id


# reviews ---------------------------------------------------------------------------


def test_a_strict_import_of_a_case_with_errors_writes_nothing(services: Services) -> None:
    data = fictional_review()
    data.review.reference = "LR-2099-02"
    reading = CaseReading(data, [Problem("chronologies/health.csv:3", "no date")])
    with pytest.raises(ImportRefused, match="1 error"):
        services.reviews.import_case(reading, strict=True)
    assert [r.reference for r in services.reviews.list_reviews()] == [REFERENCE]
    warned = CaseReading(data, [Problem("case.toml", "odd", severity=Severity.WARNING)])
    assert services.reviews.import_case(warned, strict=True).reference == "LR-2099-02"


def test_import_pack_reads_the_folder_and_creates_its_review(services: Services) -> None:
    imported = services.reviews.import_pack(sample_cases_dir() / "child-r")
    assert imported.review.id is not None
    assert services.reviews.get(imported.review.reference) == imported.review
    assert len(imported.reading.data.entries) > 0


def test_read_case_takes_an_archive_only_when_asked(services: Services, tmp_path: Path) -> None:
    from workshop_tui.domain.problems import InputError

    archive = tmp_path / "ARCHIVE.json"
    services.exports.export(review_id(services), "archive", archive, pseudonymise=False)
    assert read_case(archive, archive=True).data.review.reference == REFERENCE
    with pytest.raises(InputError):  # a case pack folder is what Home asks for
        read_case(archive)


def test_services_open_a_database_file_and_close_it(tmp_path: Path) -> None:
    path = tmp_path / "db" / "workshop.db"
    with Services.open(path, frozen_clock(FROZEN_AT)) as services:
        services.reviews.create(fictional_review())
    with Services.open(path) as services:
        assert [r.reference for r in services.reviews.list_reviews()] == [REFERENCE]
        with pytest.raises(NotFound):
            services.reviews.get("LR-NONE")


# chronology ------------------------------------------------------------------------


def test_toggled_flags_keep_one_order() -> None:
    good, key = EntryFlag.GOOD_PRACTICE, EntryFlag.KEY_PRACTICE_EPISODE
    assert toggled_flags([good], key) == [key, good]
    assert toggled_flags([key, good], key) == [good]
    assert toggled_flags([], EntryFlag.MISSED_OPPORTUNITY) == [EntryFlag.MISSED_OPPORTUNITY]


def test_toggle_flag_reads_the_entry_as_stored(services: Services) -> None:
    entry = services.chronology.entries(review_id(services))[0]
    assert entry.id is not None
    stored = services.chronology.toggle_flag(entry.id, EntryFlag.GOOD_PRACTICE)
    assert stored.flags == [EntryFlag.GOOD_PRACTICE]
    # The flag list the caller holds is stale; the stored one decides.
    again = services.chronology.toggle_flag(entry.id, EntryFlag.KEY_PRACTICE_EPISODE)
    assert again.flags == [EntryFlag.KEY_PRACTICE_EPISODE, EntryFlag.GOOD_PRACTICE]
    off = services.chronology.toggle_flag(entry.id, EntryFlag.GOOD_PRACTICE)
    assert (
        services.chronology.entry(entry.id).flags == off.flags == [EntryFlag.KEY_PRACTICE_EPISODE]
    )


def test_link_unlink_and_confirm(services: Services) -> None:
    rid = review_id(services)
    first, second, _ = services.chronology.entries(rid)
    assert first.id is not None and second.id is not None
    group = services.chronology.link([first.id, second.id])
    assert {services.chronology.entry(i).duplicate_group for i in (first.id, second.id)} == {group}
    services.chronology.unlink(first.id)
    # A group of one is dissolved.
    assert services.chronology.entry(second.id).duplicate_group is None


# exports ---------------------------------------------------------------------------


def test_the_chronology_stream_writes_every_entry(services: Services) -> None:
    out = io.StringIO()
    services.exports.stream_chronology(review_id(services), "json", out)
    records = json.loads(out.getvalue())
    assert [r["agency"] for r in records] == ["health", "police", "school"]
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        services.exports.stream_chronology(review_id(services), "pdf", io.StringIO())


def test_export_errors_are_the_services_own(services: Services, tmp_path: Path) -> None:
    with pytest.raises(ExportFailed, match="no extension"):
        format_for_path("minutes", tmp_path / "minutes")
    with pytest.raises(ExportFailed, match="unknown document"):
        formats_for("letter")
    with pytest.raises(ExportFailed):
        services.exports.export(
            review_id(services), "minutes", tmp_path / "m.xlsx", pseudonymise=False
        )
    rid = review_id(services)
    from workshop_tui.domain.models import Finding

    services.repository.add_finding(rid, Finding(statement="Cora Wren saw the clutter first."))
    target = tmp_path / "minutes.md"
    with pytest.raises(LeaksRemain) as refused:
        services.exports.export(rid, "minutes", target, pseudonymise=True)
    assert refused.value.path == target
    assert refused.value.rendered.leaks
    assert not target.exists()
    services.exports.write_accepted(refused.value.rendered, target)
    assert target.read_bytes() == refused.value.rendered.content


def test_a_suggested_pseudonym_is_not_one_already_taken(services: Services) -> None:
    from workshop_tui.domain.models import Pseudonym

    rid = review_id(services)
    first = services.exports.suggest_pseudonym(rid, "name", "Cora Wren")
    services.prepare.save_pseudonym(rid, Pseudonym(real="Cora Wren", label=first))
    assert services.exports.suggest_pseudonym(rid, "name", "Dev Marsh") != first


# the layers --------------------------------------------------------------------------


def _uses_repository(path: Path) -> list[int]:
    """The lines of ``path`` that reach for a ``.repository`` (``self.repository``,
    ``services.repository``...)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "repository"
    ]


def test_no_screen_and_not_the_cli_touch_the_repository() -> None:
    """They call services (the CLI imports no storage either: pyproject's contracts)."""
    files = [*sorted((SRC / "ui").rglob("*.py")), SRC / "cli.py"]
    touching = {
        f"{path.relative_to(SRC)}:{line}" for path in files for line in _uses_repository(path)
    }
    assert touching == set()


def test_review_data_round_trips_through_the_services(services: Services) -> None:
    data = services.exports.load(review_id(services))
    assert isinstance(data, ReviewData)
    assert data.review.reference == REFERENCE


def test_only_the_reviews_own_folder_is_made_on_first_write(
    services: Services, tmp_path: Path
) -> None:
    review_folder = tmp_path / "exports" / REFERENCE
    services.exports.make_folder_for(tmp_path / "elsewhere" / "m.md", review_folder)
    assert not (tmp_path / "elsewhere").exists()
    services.exports.make_folder_for(review_folder / "m.md", review_folder)
    assert review_folder.is_dir()
    assert review_folder.stat().st_mode & 0o077 == 0


def test_an_export_never_replaces_the_open_database_whoever_asks(tmp_path: Path) -> None:
    """The Export screen and the CLI both write through services.exports, which always
    protects the database it runs on (and its side files), even when the file name does
    not look like a database (issue 24)."""
    from workshop_tui.services.exports import TargetRefused

    clock = frozen_clock(FROZEN_AT)
    path = tmp_path / "minutes.md"  # the database, named like a document
    with Services.open(path, clock) as services:
        services.reviews.create(fictional_review())
        rid = review_id(services)
        data = services.exports.load(rid)
        for target in (path, tmp_path / "minutes.md-wal"):
            with pytest.raises(TargetRefused):
                services.exports.check_target(target)
        with pytest.raises(TargetRefused):
            services.exports.write(data, "minutes", path, pseudonymise=False)
        written = services.exports.write(data, "minutes", tmp_path / "out.md", pseudonymise=False)
        assert written.content
    with Services.open(path, clock) as services:
        assert services.reviews.get(REFERENCE).title == fictional_review().review.title
