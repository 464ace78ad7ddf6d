"""`workshop-tui demo`: a scratch copy of the sample case, imported once and then cached."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from workshop_tui import cli
from workshop_tui.app import WorkshopApp
from workshop_tui.domain.models import ReviewData
from workshop_tui.resources import sample_cases_dir
from workshop_tui.services.demo import DEMO_PACKS
from workshop_tui.storage.repository import Repository


@pytest.fixture
def demo_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """A private cache folder, a copy of the sample cases and an app that does not run."""
    cases = tmp_path / "sample_cases"
    for name in DEMO_PACKS:
        shutil.copytree(sample_cases_dir() / name, cases / name)
    monkeypatch.setattr("workshop_tui.resources.sample_cases_dir", lambda: cases)
    monkeypatch.setattr(cli, "demo_cache_dir", lambda: tmp_path / "cache" / "demo")
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR is read again
    env: dict[str, object] = {"opened": [], "imports": 0, "pack": cases / DEMO_PACKS[0]}

    def run(self: WorkshopApp, **_: object) -> None:
        opened = env["opened"]
        assert isinstance(opened, list)
        opened.append((self.repository.path, self.review_reference))

    monkeypatch.setattr(WorkshopApp, "run", run)
    import workshop_tui.importers.pack as pack_module

    real_read_pack = pack_module.read_pack

    def counting_read_pack(path: Path):  # type: ignore[no-untyped-def]
        env["imports"] = int(env["imports"]) + 1  # type: ignore[call-overload]
        return real_read_pack(path)

    monkeypatch.setattr(pack_module, "read_pack", counting_read_pack)
    return env


def run_demo(db: Path) -> Path:
    result = CliRunner().invoke(cli.main, ["--db", str(db), "demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return Path(result.output.rsplit(": ", 1)[1].strip())


def review_of(path: Path) -> ReviewData:
    """The review the demo opens (the first), whole."""
    with Repository.open(path) as repo:
        reviews = repo.list_reviews()
        assert len(reviews) == len(DEMO_PACKS)
        review = reviews[0]
        assert review.id is not None
        return repo.load_review(review.id)


def test_second_demo_copies_the_cached_import_and_shows_the_same_review(
    demo_env: dict[str, object], tmp_path: Path
) -> None:
    real_db = tmp_path / "mine" / "workshop.db"
    first = run_demo(real_db)
    assert demo_env["imports"] == len(DEMO_PACKS)
    templates = list((tmp_path / "cache" / "demo").glob("*.db"))
    assert len(templates) == 1
    assert stat.S_IMODE(templates[0].stat().st_mode) == 0o600

    second = run_demo(real_db)
    assert demo_env["imports"] == len(DEMO_PACKS)  # no import the second time
    assert second != first and second.parent != first.parent
    assert stat.S_IMODE(second.stat().st_mode) == 0o600
    assert stat.S_IMODE(second.parent.stat().st_mode) == 0o700
    assert review_of(second) == review_of(first)
    opened = demo_env["opened"]
    assert isinstance(opened, list)
    (path, reference), _ = opened
    assert path == first and reference == review_of(first).review.reference
    assert not real_db.exists() and not real_db.parent.exists()  # the user's database untouched


def test_a_changed_pack_is_imported_again(demo_env: dict[str, object], tmp_path: Path) -> None:
    run_demo(tmp_path / "mine.db")
    pack = demo_env["pack"]
    assert isinstance(pack, Path)
    toml = pack / "case.toml"
    toml.write_text(toml.read_text("utf-8").replace("Child R", "Child S", 1), "utf-8")
    changed = run_demo(tmp_path / "mine.db")
    assert demo_env["imports"] == 2 * len(DEMO_PACKS)
    assert len(list((tmp_path / "cache" / "demo").glob("*.db"))) == 1  # the stale one gone
    assert "Child S" in str(review_of(changed))


def test_a_cache_that_cannot_be_written_only_costs_time(
    demo_env: dict[str, object], tmp_path: Path
) -> None:
    (tmp_path / "cache").write_text("not a folder")
    first = run_demo(tmp_path / "mine.db")
    second = run_demo(tmp_path / "mine.db")
    assert demo_env["imports"] == 2 * len(DEMO_PACKS)
    assert review_of(first) == review_of(second)
