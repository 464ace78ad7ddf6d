"""``check`` reads a case pack as the streamed import does (issue 24): each entry goes into a
scratch database in a temporary folder, linked there a day at a time, so its memory does not
grow with the pack; its problems are those of reading the pack whole, in the same order."""

from __future__ import annotations

import shutil
import tempfile
import tracemalloc
from pathlib import Path

import pytest
import synth

from workshop_tui.importers.pack import check_pack as check_whole
from workshop_tui.services.reviews import check_pack

SAMPLE = Path(__file__).resolve().parents[2] / "sample_cases" / "child-r"


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth.write_pack(tmp_path_factory.mktemp("check") / "pack", 8_000)


def test_check_finds_what_the_whole_read_finds(pack: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(SAMPLE, broken)
    next((broken / "chronologies").glob("*.csv")).write_bytes(b"\x00\x01\x02" * 400)
    for folder in (SAMPLE, pack, broken, tmp_path / "missing"):
        assert check_pack(folder) == check_whole(folder), folder
    assert check_pack(SAMPLE)  # the sample has bad rows and warnings


def test_check_leaves_no_scratch_database_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # this test's own temp folder
    made: list[str] = []
    directory = tempfile.TemporaryDirectory

    def noted(*args: object, **kwargs: object) -> tempfile.TemporaryDirectory[str]:
        folder = directory(*args, **kwargs)  # type: ignore[call-overload]
        made.append(folder.name)
        return folder  # type: ignore[no-any-return]

    monkeypatch.setattr(tempfile, "TemporaryDirectory", noted)
    check_pack(SAMPLE)
    assert made and all(Path(name).parent == tmp_path for name in made)
    assert list(tmp_path.iterdir()) == []


def test_check_does_not_hold_the_chronology(pack: Path) -> None:
    check_pack(SAMPLE)  # imports, caches
    peaks = []
    for check in (check_whole, check_pack):
        tracemalloc.start()
        try:
            check(pack)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    whole, streamed = peaks
    assert streamed < whole / 4, f"check held {streamed:,} bytes; the whole read {whole:,}"
