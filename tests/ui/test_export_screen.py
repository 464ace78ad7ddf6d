"""The Export screen: preview, choices, writing every document, leaks, bad paths."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
from pathlib import Path

import pytest
from docx import Document as open_docx
from openpyxl import load_workbook
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Select, Switch

from tests.pilot_text import type_text
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import Action, Finding, Pseudonym
from workshop_tui.resources import styles_dir
from workshop_tui.services import Services
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.key_hold import KeyHold
from workshop_tui.ui.screens.dialogs import ConfirmDialog
from workshop_tui.ui.screens.export import ExportScreen
from workshop_tui.ui.screens.export_leaks import LeaksDialog
from workshop_tui.ui.widgets.document_preview import DocumentPreview

from .conftest import FROZEN_AT, REFERENCE


class ExportApp(App[None]):
    """Just the Export screen over the review, with the services a real app gives it."""

    CSS_PATH = [str(styles_dir() / "app.tcss"), str(styles_dir() / "export.tcss")]

    def __init__(self, repository: Repository, folder: Path) -> None:
        super().__init__()
        self.services = Services(repository, frozen_clock(FROZEN_AT))
        review_id = repository.get_review(REFERENCE).id
        assert review_id is not None
        self.review_id = review_id
        self.folder = folder
        self.key_hold = KeyHold(self, super().on_event)  # what the screens expect of a host

    def on_mount(self) -> None:
        self.push_screen(ExportScreen(self.review_id, folder=self.folder))


@pytest.fixture
def export_app(repository: Repository, tmp_path: Path) -> ExportApp:
    review_id = repository.get_review(REFERENCE).id
    assert review_id is not None
    finding = repository.add_finding(
        review_id, Finding(statement="Risk was seen piece by piece, never as a whole.", agreed=True)
    )
    repository.add_action(
        review_id,
        Action(
            finding_id=finding.id,
            description="Agree a shared cumulative-risk tool across agencies.",
            owner="Head of Safeguarding, Fernmoor Community Health",
            subgroup="Learning and Improvement",
            target_date=dt.date(2099, 9, 30),
            agreed=True,
        ),
    )
    return ExportApp(repository, tmp_path)


def _screen(app: App[None]) -> ExportScreen:
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    return screen


async def _settle(app: App[None], pilot: Pilot[None]) -> None:
    """Let the threads finish (a preview's ends by starting its layout's) and their results
    reach the screen."""
    while list(app.workers):
        await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause()


def _path(screen: ExportScreen) -> str:
    return screen.query_one("#export-path", Input).value


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


async def test_preview_shows_the_minutes(export_app: ExportApp) -> None:
    async with export_app.run_test(size=(80, 24)) as pilot:
        await _settle(export_app, pilot)
        screen = _screen(export_app)
        source = screen.query_one("#export-preview", DocumentPreview).source
        assert "Learning Review: Child Q" in source
        assert "Cumulative risk" in source and "Hearing the child" in source
        assert "OFFICIAL-SENSITIVE" in source


async def test_preview_follows_the_switch(export_app: ExportApp, repository: Repository) -> None:
    review_id = export_app.review_id
    repository.add_finding(review_id, Finding(statement="Cora Wren saw the clutter first."))
    async with export_app.run_test(size=(80, 24)) as pilot:
        await _settle(export_app, pilot)
        screen = _screen(export_app)
        assert "Cora Wren saw the clutter" in screen.preview_source
        await pilot.press("ctrl+o")
        await _settle(export_app, pilot)
        assert screen.query_one("#export-pseudonymise", Switch).value
        assert "Cora Wren" not in screen.preview_source
        assert "Health Visitor, Fernmoor Community Health saw the clutter" in screen.preview_source
        assert "pseudonymised" in str(screen.query_one("#export-preview-title").render())


@pytest.mark.parametrize(
    ("document", "fmt"),
    [
        ("minutes", "docx"),
        ("report", "md"),
        ("actions", "xlsx"),
        ("chronology", "csv"),
        ("archive", "json"),
    ],
)
async def test_writes_each_document(
    export_app: ExportApp, tmp_path: Path, document: str, fmt: str
) -> None:
    async with export_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = _screen(export_app)
        screen.query_one("#export-document", Select).value = document
        await pilot.pause()
        screen.query_one("#export-format", Select).value = fmt
        await pilot.pause()
        target = tmp_path / f"{REFERENCE}-{document}.{fmt}"
        assert _path(screen) == str(target)
        await pilot.press("ctrl+s")
        await _settle(export_app, pilot)
        assert f"Written: {target}" in screen.status_text
        assert screen.last_written == target
    assert _files(tmp_path) == [target.name]  # no temporary file left behind
    if document == "minutes":
        text = "\n".join(p.text for p in open_docx(str(target)).paragraphs)
        assert "Cumulative risk" in text and "Hearing the child" in text
    elif document == "report":
        assert "Learning Review: Child Q" in target.read_text(encoding="utf-8")
    elif document == "actions":
        rows = list(load_workbook(target).active.iter_rows(values_only=True))
        assert len(rows) == 2
        assert any("cumulative-risk tool" in str(cell) for cell in rows[1])
    elif document == "chronology":
        rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
        assert len(rows) == 4
        assert any("breakfast club" in cell for row in rows for cell in row)
    else:
        archive = json.loads(target.read_text(encoding="utf-8"))
        assert archive["format"] == "workshop-tui-archive"


async def test_choices_change_the_file_name(export_app: ExportApp, tmp_path: Path) -> None:
    async with export_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = _screen(export_app)
        assert _path(screen) == str(tmp_path / f"{REFERENCE}-minutes.docx")
        # Pick the action plan with the keyboard: open the list, move down two, choose.
        screen.query_one("#export-document", Select).focus()
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert screen.document == "actions"
        assert _path(screen) == str(tmp_path / f"{REFERENCE}-actions.xlsx")
        screen.query_one("#export-format", Select).value = "csv"
        await pilot.pause()
        assert _path(screen) == str(tmp_path / f"{REFERENCE}-actions.csv")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert _path(screen) == str(tmp_path / f"{REFERENCE}-actions-pseudonymised.csv")
        # A name the user typed is kept; only its extension follows the format.
        screen.query_one("#export-path", Input).value = str(tmp_path / "for-subgroup.csv")
        screen.query_one("#export-document", Select).value = "chronology"
        await pilot.pause()
        assert _path(screen) == str(tmp_path / "for-subgroup.csv")
        screen.query_one("#export-format", Select).value = "docx"
        await pilot.pause()
        assert _path(screen) == str(tmp_path / "for-subgroup.docx")
        # Typing an extension the document has picks that format.
        screen.query_one("#export-path", Input).value = str(tmp_path / "for-subgroup.xlsx")
        await pilot.pause()
        assert screen.query_one("#export-format", Select).value == "xlsx"


async def test_leaks_are_listed_and_cancel_writes_nothing(
    export_app: ExportApp, repository: Repository, tmp_path: Path
) -> None:
    repository.add_finding(
        export_app.review_id,
        Finding(statement="Ask Cora, the health visitor, at cora.wren@fernmoor.example.org."),
    )
    target = tmp_path / f"{REFERENCE}-minutes-pseudonymised.docx"
    async with export_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = _screen(export_app)
        await pilot.press("ctrl+o", "ctrl+s")
        await _settle(export_app, pilot)
        dialog = export_app.screen
        assert isinstance(dialog, LeaksDialog)
        listed = [str(leak) for leak in dialog.rendered.leaks]
        # A first name alone is for a person to decide; the address was redacted by itself.
        assert any('name "Cora"' in line for line in listed)
        assert not any("fernmoor.example.org" in line for line in listed)
        assert [r.kind for r in dialog.rendered.redactions] == ["e-mail"]
        assert not target.exists()

        await pilot.press("escape")
        await pilot.pause()
        assert export_app.screen is screen
        assert "nothing was written" in screen.status_text
        assert _files(tmp_path) == []

        await pilot.press("ctrl+s")
        await _settle(export_app, pilot)
        assert isinstance(export_app.screen, LeaksDialog)
        await pilot.press("w")
        await _settle(export_app, pilot)
        assert export_app.screen is screen
        assert f"Written: {target}" in screen.status_text
    assert _files(tmp_path) == [target.name]
    assert target.stat().st_mode & 0o077 == 0  # owner-only


async def test_pseudonymised_without_leaks_writes_straight_away(
    export_app: ExportApp, repository: Repository, tmp_path: Path
) -> None:
    # The school's name would identify the family: with its pseudonym, nothing is left.
    repository.save_pseudonym(
        export_app.review_id, Pseudonym(real="Larkrise Primary School", label="the school")
    )
    async with export_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = _screen(export_app)
        screen.query_one("#export-document", Select).value = "report"
        await pilot.press("ctrl+o", "ctrl+s")
        await _settle(export_app, pilot)
        assert export_app.screen is screen
    report = open_docx(str(tmp_path / f"{REFERENCE}-report-pseudonymised.docx"))
    text = "\n".join(p.text for p in report.paragraphs)
    text += "\n".join(cell.text for table in report.tables for cell in table._cells)
    assert "Health Visitor" in text
    assert "Cora Wren" not in text


async def test_missing_folder_is_an_error_and_writes_nothing(
    export_app: ExportApp, tmp_path: Path
) -> None:
    async with export_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = _screen(export_app)
        screen.query_one("#export-path", Input).value = str(tmp_path / "no-such" / "m.docx")
        await pilot.press("ctrl+s")
        await _settle(export_app, pilot)
        assert export_app.screen is screen
        assert "does not exist" in screen.status_text
        assert screen.query_one("#export-status").has_class("-error")
        assert screen.last_written is None
    assert _files(tmp_path) == []


async def test_wrong_extension_and_empty_path_are_errors(
    export_app: ExportApp, tmp_path: Path
) -> None:
    async with export_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = _screen(export_app)
        path_input = screen.query_one("#export-path", Input)
        path_input.value = str(tmp_path / "minutes.xlsx")
        await pilot.press("ctrl+s")
        await _settle(export_app, pilot)
        assert "minutes cannot be written as .xlsx" in screen.status_text
        path_input.value = ""
        await pilot.press("ctrl+s")
        await _settle(export_app, pilot)
        assert "Type where to write the file" in screen.status_text
        path_input.value = str(tmp_path)
        await pilot.press("ctrl+s")
        await _settle(export_app, pilot)
        assert "is a folder" in screen.status_text
    assert _files(tmp_path) == []


async def test_existing_file_is_replaced_only_when_confirmed(
    export_app: ExportApp, tmp_path: Path
) -> None:
    target = tmp_path / f"{REFERENCE}-minutes.docx"
    target.write_bytes(b"the old minutes")
    async with export_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = _screen(export_app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(export_app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert target.read_bytes() == b"the old minutes"
        assert "kept as it was" in screen.status_text
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await _settle(export_app, pilot)
        assert f"Written: {target}" in screen.status_text
    assert target.read_bytes().startswith(b"PK")  # a Word file now


async def test_escape_goes_back(export_app: ExportApp) -> None:
    async with export_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(export_app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(export_app.screen, ExportScreen)


class _SlowLoads:
    """The real repository, except that reading the whole review waits for a signal."""

    def __init__(self, repository: Repository) -> None:
        self._repository = repository
        self.release = threading.Event()

    def __getattr__(self, name: str) -> object:
        return getattr(self._repository, name)

    def load_review(self, review_id: int) -> object:
        assert self.release.wait(timeout=10), "the test never released the load"
        return self._repository.load_review(review_id)


async def test_screen_works_before_the_preview_is_ready(
    repository: Repository, tmp_path: Path
) -> None:
    """The preview is prepared in a thread: the screen says so and takes keys meanwhile."""
    slow = _SlowLoads(repository)
    app = ExportApp(slow, tmp_path)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = _screen(app)
        assert not screen.preview_ready
        title = str(screen.query_one("#export-preview-title").render())
        assert "Preparing preview" in title
        # Usable now: pick the action plan with the keyboard while the preview waits.
        screen.query_one("#export-document", Select).focus()
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert screen.document == "actions"
        assert _path(screen) == str(tmp_path / f"{REFERENCE}-actions.xlsx")
        slow.release.set()
        await _settle(app, pilot)
        assert screen.preview_ready
        assert "Action plan" in screen.preview_source
        assert "No actions were recorded." in screen.preview_source
        assert "Preview: action plan" in str(screen.query_one("#export-preview-title").render())


async def test_preview_follows_the_chosen_document(export_app: ExportApp) -> None:
    async with export_app.run_test(size=(120, 40)) as pilot:
        await _settle(export_app, pilot)
        screen = _screen(export_app)
        assert screen.preview_source.count("Minutes: Learning Review: Child Q")
        expected = {
            "chronology": "Merged chronology: Learning Review: Child Q",
            "actions": "Agree a shared cumulative-risk tool across agencies.",
            "report": "Learning Review: Child Q",
            "archive": "3 chronology entries",
        }
        for document, text in expected.items():
            screen.query_one("#export-document", Select).value = document
            await _settle(export_app, pilot)
            assert text in screen.preview_source, document
            assert "Minutes:" not in screen.preview_source, document
        # A changed format prepares the preview again (captures may have changed).
        screen.query_one("#export-document", Select).value = "minutes"
        await _settle(export_app, pilot)
        export_app.services.repository.add_finding(
            export_app.review_id, Finding(statement="Added while the screen was open.")
        )
        screen.query_one("#export-format", Select).value = "md"
        await _settle(export_app, pilot)
        assert "Added while the screen was open." in screen.preview_source


async def test_a_preview_mounts_nothing_whatever_its_length(export_app: ExportApp) -> None:
    """Textual's Markdown widget mounted a widget per block and table cell, holding the
    screen for seconds on a real review: the preview is drawn as lines instead."""
    async with export_app.run_test(size=(120, 40)) as pilot:
        await _settle(export_app, pilot)
        screen = _screen(export_app)
        counts = {}
        for document in ("archive", "minutes", "chronology"):
            screen.query_one("#export-document", Select).value = document
            await _settle(export_app, pilot)
            assert screen.preview_ready
            counts[document] = len(list(screen.walk_children()))
        assert counts["minutes"] == counts["chronology"] == counts["archive"]
        preview = screen.query_one("#export-preview", DocumentPreview)
        drawn = "\n".join(line.text for line in preview.lines)
        assert "Merged chronology: Learning Review: Child Q" in drawn
        assert "hungry" in drawn  # an event, in the table


async def test_default_folder_is_the_reviews_own_and_made_private_on_first_write(
    repository: Repository, tmp_path: Path
) -> None:
    from workshop_tui.app import make_app

    root = tmp_path / "Documents" / "workshop-tui"
    app = make_app(
        repository, clock=frozen_clock(FROZEN_AT), review_reference=REFERENCE, export_folder=root
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await _settle(app, pilot)
        screen = _screen(app)
        folder = root / REFERENCE
        assert screen.folder == folder
        assert _path(screen) == str(folder / f"{REFERENCE}-minutes.docx")
        assert str(folder) in screen.status_text  # shown, with a word on when it is made
        assert not folder.exists()
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert f"Written: {folder / f'{REFERENCE}-minutes.docx'}" in screen.status_text
    assert folder.stat().st_mode & 0o777 == 0o700
    assert root.stat().st_mode & 0o777 == 0o700
    assert _files(folder) == [f"{REFERENCE}-minutes.docx"]
    # Opened again, the folder is there: the screen no longer says it will be made.
    again = make_app(
        repository, clock=frozen_clock(FROZEN_AT), review_reference=REFERENCE, export_folder=root
    )
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await _settle(again, pilot)
        status = _screen(again).status_text
        assert f"Files go to {folder}/." in status
        assert "made" not in status


async def test_a_found_name_becomes_a_pseudonym_with_one_key_and_the_check_passes(
    export_app: ExportApp, repository: Repository, tmp_path: Path
) -> None:
    review_id = export_app.review_id
    repository.save_pseudonym(
        review_id, Pseudonym(real="Larkrise Primary School", label="the school")
    )
    repository.add_finding(review_id, Finding(statement="Cora saw the clutter first."))
    target = tmp_path / f"{REFERENCE}-minutes-pseudonymised.md"
    async with export_app.run_test(size=(120, 40)) as pilot:
        await _settle(export_app, pilot)
        screen = _screen(export_app)
        screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+o", "ctrl+s")
        await _settle(export_app, pilot)
        dialog = export_app.screen
        assert isinstance(dialog, LeaksDialog)
        assert [(f.kind, f.text) for f in dialog.findings] == [("name", "Cora")]
        summary = str(dialog.query_one("#leaks-summary").render())
        assert "found 1 thing (2 times) in the pseudonymised minutes that still looks" in summary
        await pilot.press("p")  # the form offers "Cora" -> "Person A", the label selected
        await pilot.pause()
        await pilot.press("enter")  # accept it
        await _settle(export_app, pilot)
        assert export_app.screen is dialog
        assert dialog.findings == []
        assert "passes" in str(dialog.query_one("#leaks-summary").render())
        await pilot.press("w")
        await _settle(export_app, pilot)
        assert f"Written: {target}" in screen.status_text
    stored = [(p.real, p.label) for p in repository.pseudonyms(review_id)]
    assert ("Cora", "Person A") in stored
    audit = [e for e in repository.audit_events(review_id) if e.entity == "pseudonym"]
    assert any(e.change == "create" and "Person A" in (e.new or "") for e in audit)
    text = target.read_text(encoding="utf-8")
    assert "Person A saw the clutter first." in text
    assert "Cora" not in text


async def test_a_typed_pseudonym_replaces_the_offered_one(
    export_app: ExportApp, repository: Repository, tmp_path: Path
) -> None:
    review_id = export_app.review_id
    async with export_app.run_test(size=(120, 40)) as pilot:
        await _settle(export_app, pilot)
        screen = _screen(export_app)
        screen.query_one("#export-path", Input).value = str(tmp_path / "m.md")
        await pilot.press("ctrl+o", "ctrl+s")
        await _settle(export_app, pilot)
        dialog = export_app.screen
        assert isinstance(dialog, LeaksDialog)
        assert ("place", "Larkrise Primary School") in [(f.kind, f.text) for f in dialog.findings]
        await pilot.press("p")
        await pilot.pause()
        await type_text(pilot, "the child's school")
        await pilot.press("enter")
        await _settle(export_app, pilot)
        assert dialog.findings == []
    assert [(p.real, p.label) for p in repository.pseudonyms(review_id)] == [
        ("Larkrise Primary School", "the child's school")
    ]


async def test_a_database_or_a_link_is_refused_before_asking_to_replace(
    export_app: ExportApp, tmp_path: Path
) -> None:
    """Issue 24: an export could replace a database (here a backup named like minutes);
    the screen asked "Replace it?" first. It now refuses at once and writes nothing."""
    backup = tmp_path / "old-backup.docx"
    backup.write_bytes(b"SQLite format 3\x00" + bytes(200))
    link = tmp_path / "link.docx"
    link.symlink_to(backup)
    async with export_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = _screen(export_app)
        path_input = screen.query_one("#export-path", Input)
        for target, said in ((backup, "is an SQLite database"), (link, "is a symbolic link")):
            path_input.value = str(target)
            await pilot.press("ctrl+s")
            await _settle(export_app, pilot)
            assert export_app.screen is screen  # no "Replace it?" dialog
            assert said in screen.status_text
            assert "nothing was written" in screen.status_text
            assert "Nothing was written" not in screen.status_text  # said once
            assert screen.last_written is None
    assert backup.read_bytes().startswith(b"SQLite format 3\x00")
    assert link.is_symlink()


async def test_the_terms_and_the_invitation_letter_are_written_from_the_screen(
    export_app: ExportApp, repository: Repository, tmp_path: Path
) -> None:
    async with export_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = _screen(export_app)
        screen.choose("terms")
        await _settle(export_app, pilot)
        assert "Terms of reference" in screen.preview_source
        terms = tmp_path / f"{REFERENCE}-terms.docx"
        assert _path(screen) == str(terms)
        await pilot.press("ctrl+s")
        await _settle(export_app, pilot)
        assert f"Written: {terms}" in screen.status_text

        # The invitation needs a start time: refused, saying so (once), nothing written.
        screen.choose("invitation")
        await _settle(export_app, pilot)
        letter = tmp_path / f"{REFERENCE}-invitation.docx"
        assert _path(screen) == str(letter)
        await pilot.press("ctrl+s")
        await _settle(export_app, pilot)
        assert "no start time" in screen.status_text
        assert screen.status_text.lower().count("nothing was written") == 1
        assert not letter.exists()
        review = repository.review(export_app.review_id)
        repository.update_review(review.model_copy(update={"workshop_start": dt.time(9, 30)}))
        await pilot.press("ctrl+s")
        await _settle(export_app, pilot)
        assert f"Written: {letter}" in screen.status_text
    for written in (terms, letter):
        text = "\n".join(p.text for p in open_docx(str(written)).paragraphs)
        assert "Child Q" in text, written


async def test_the_packs_are_written_as_a_folder_with_one_file_per_agency(
    export_app: ExportApp, repository: Repository, tmp_path: Path
) -> None:
    agencies = repository.agencies(export_app.review_id)
    async with export_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = _screen(export_app)
        screen.choose("pack")
        await _settle(export_app, pilot)
        folder = tmp_path / f"{REFERENCE}-pack"
        assert _path(screen) == str(folder)  # a folder: no extension
        assert "A folder of Word documents, one per agency" in screen.preview_source
        await pilot.press("ctrl+s")
        await _settle(export_app, pilot)
        assert f"{len(agencies)} file(s), one per agency" in screen.status_text
        assert len(_files(folder)) == len(agencies)
        assert all(name.endswith(".docx") for name in _files(folder))
        # Writing again into a folder that holds files asks first; "n" keeps them.
        before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(export_app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert "kept as it was; nothing was written" in screen.status_text
        assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


async def test_a_folder_document_over_a_file_is_refused_and_the_file_kept(
    export_app: ExportApp, tmp_path: Path
) -> None:
    async with export_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = _screen(export_app)
        screen.choose("template")
        await pilot.pause()
        existing = tmp_path / "notes.txt"
        existing.write_text("mine")
        screen.query_one("#export-path", Input).value = str(existing)
        await pilot.press("ctrl+s")
        await _settle(export_app, pilot)
        assert "notes.txt is a file" in screen.status_text
        assert "type a folder's path" in screen.status_text
    assert existing.read_text() == "mine"


async def test_a_review_too_long_to_make_a_document_whole_is_refused_before_it_is_read(
    export_app: ExportApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workshop_tui.exporters as exporters

    async with export_app.run_test(size=(80, 24)) as pilot:
        await _settle(export_app, pilot)
        screen = _screen(export_app)
        monkeypatch.setattr(exporters, "MAX_DOCUMENT_ENTRIES", 1)
        read: list[int] = []
        monkeypatch.setattr(screen, "load", lambda: read.append(1))
        await pilot.press("ctrl+s")
        await _settle(export_app, pilot)
        assert "the limit is 1." in screen.status_text
        assert "nothing was written" in screen.status_text.lower()
        assert screen.query_one("#export-status").has_class("-error")
        assert read == [] and screen.last_written is None
    assert _files(tmp_path) == []
