"""The Export screen's default file name is safe whatever the review's reference holds.

The name was ``{reference}-{document}.{format}`` in the chosen folder: a reference
``../../x`` wrote the file two folders up, and one holding a line break or ESC
named the file with them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input

from workshop_tui.domain.clock import frozen_clock
from workshop_tui.exporters.files import MAX_STEM_BYTES, safe_file_stem
from workshop_tui.resources import styles_dir
from workshop_tui.services import Services
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.export import ExportScreen

from .conftest import FROZEN_AT, fictional_review

HOSTILE_REFERENCE = "../../up\\LR:1\x1b[2J\nINJECTED \u202efdp.exe"


@pytest.mark.parametrize(
    ("reference", "stem"),
    [
        ("LR-2099-01", "LR-2099-01"),
        ("LR 2099 01", "LR 2099 01"),
        ("Child Ä (Fernmoor)", "Child Ä (Fernmoor)"),
        ("../../etc/passwd", "etc_passwd"),
        ("a/b\\c", "a_b_c"),
        ("..", "review"),
        (". . .", "review"),
        ("", "review"),
        ("\x1b[2J\x1b]0;t\x07x", "[2J_]0;t_x"),
        ("one\ntwo\r\nthree\tfour", "one_two_three_four"),
        ("\u202efdp.exe", "fdp.exe"),
        ('C:<>"|?*x', "C_x"),
        ("..hidden.", "hidden"),
    ],
)
def test_safe_file_stem(reference: str, stem: str) -> None:
    assert safe_file_stem(reference) == stem


def test_a_long_reference_is_cut_to_a_name_a_file_system_takes() -> None:
    assert len(safe_file_stem("é" * 10_000).encode("utf-8")) <= MAX_STEM_BYTES
    assert safe_file_stem("x" * 10_000) == "x" * MAX_STEM_BYTES


class HostileExportApp(App[None]):
    CSS_PATH = [str(styles_dir() / "app.tcss"), str(styles_dir() / "export.tcss")]

    def __init__(self, repository: Repository, review_id: int, folder: Path) -> None:
        super().__init__()
        self.services = Services(repository, frozen_clock(FROZEN_AT))
        self.review_id = review_id
        self.folder = folder

    def on_mount(self) -> None:
        self.push_screen(ExportScreen(self.review_id, folder=self.folder))


async def test_a_hostile_reference_gives_a_safe_default_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "exports"
    folder.mkdir(parents=True)
    data = fictional_review()
    data.review.reference = HOSTILE_REFERENCE
    with Repository.open(tmp_path / "db.sqlite", clock=frozen_clock(FROZEN_AT)) as repo:
        review = repo.create_review(data)
        assert review.id is not None
        app = HostileExportApp(repo, review.id, folder)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ExportScreen)
            value = screen.query_one("#export-path", Input).value
            target = Path(value).expanduser()
            assert target.parent == folder, value
            assert target.name == "up_LR_1_[2J_INJECTED _fdp.exe-minutes.docx"
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.last_written == target
    assert [p.name for p in folder.iterdir()] == [target.name]
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["db.sqlite"]
