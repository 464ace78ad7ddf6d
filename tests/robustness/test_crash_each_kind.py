"""kill -9 twenty times each during an import, a capture and an export (issue 19).

After every kill: ``PRAGMA integrity_check`` is ok; each review imported is
there whole (every entry of the pack) or not at all; every capture confirmed is
there; and every export file on disk is a whole document (byte for byte one the
exporter writes), never half of one. The kill lands at a random moment: a few
completed operations in, then a random extra moment (inside the next write call
as often as not).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import signal
import zipfile
from pathlib import Path

import pytest

from workshop_tui.exporters import format_from_path, render
from workshop_tui.importers.pack import read_pack
from workshop_tui.resources import sample_cases_dir
from workshop_tui.storage.repository import Repository

from .children import EXPORTS
from .conftest import REFERENCE
from .harness import Zygote, integrity

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL and fork")

KILLS = 20
PACK = sample_cases_dir() / "child-r"
STAMP = "2099-05-21T16:45:00"


def _kill_at_random(
    zygote: Zygote, pid: int, rng: random.Random, most: int, extra: float
) -> list[str]:
    """A few reported lines (up to ``most``), then up to ``extra`` seconds more, then SIGKILL."""
    zygote.until(lambda line: line == "ready", 60)
    seen: list[str] = []
    for _ in range(rng.randint(0, most)):
        line = zygote.next(30)
        assert line is not None, "the child stopped reporting"
        seen.append(line)
    # Two kills in three wait for the next write to begin (an import spends most of
    # its time reading the pack), so most land inside a transaction.
    if rng.random() < 0.67:
        while not (seen and seen[-1] == "begin"):
            line = zygote.next(30)
            assert line is not None, "the child stopped reporting"
            seen.append(line)
        extra = min(extra, 0.01)
    seen.extend(zygote.lines.drain(rng.uniform(0, extra)))
    zygote.pending.extend(seen)
    return zygote.kill(pid)


def test_sigkill_during_import_keeps_each_review_whole_or_absent(
    db_path: Path, zygote: Zygote
) -> None:
    expected = len(read_pack(PACK).data.entries)
    rng = random.Random(1919)
    imported: set[str] = set()
    mid_write = 0
    for seed in range(KILLS):
        pid = zygote.fork("import", seed, db_path, PACK)
        lines = _kill_at_random(zygote, pid, rng, 2, 0.3)
        mid_write += bool(lines) and lines[-1] == "begin"
        imported |= {line.split()[1] for line in lines if line.startswith("review ")}
        assert integrity(db_path) == "ok", f"kill {seed}"
        with Repository.open(db_path) as repo:
            present = {r.reference: r for r in repo.list_reviews()}
            assert imported <= set(present), f"kill {seed}: a confirmed import was lost"
            for reference, review in present.items():
                if reference.startswith("I-"):
                    assert review.id is not None
                    count = len(repo.entries(review.id))
                    assert count == expected, f"kill {seed}: {reference} holds {count} entries"
    assert imported  # some imports finished before their kill
    print(f"\nimport: {KILLS} kills ({mid_write} inside the write), {len(imported)} imports whole")


def test_sigkill_during_capture_loses_no_confirmed_capture(db_path: Path, zygote: Zygote) -> None:
    with Repository.open(db_path) as repo:
        review_id = repo.get_review(REFERENCE).id
        assert review_id is not None
    rng = random.Random(2020)
    confirmed: dict[int, str] = {}
    mid_write = 0
    for seed in range(KILLS):
        pid = zygote.fork("capture-only", seed, db_path, review_id)
        lines = _kill_at_random(zygote, pid, rng, 8, 0.01)
        mid_write += bool(lines) and lines[-1] == "begin"
        for line in lines:
            if line.startswith("capture "):
                _, item_id, text = line.split(" ", 2)
                confirmed[int(item_id)] = text
        assert integrity(db_path) == "ok", f"kill {seed}"
        with Repository.open(db_path) as repo:
            stored = {p.id: p.text for p in repo.perspectives(review_id)}
        missing = {i: t for i, t in confirmed.items() if stored.get(i) != t}
        assert not missing, f"kill {seed}: confirmed captures lost: {missing}"
    assert len(confirmed) > KILLS
    print(f"\ncapture: {KILLS} kills ({mid_write} inside a write), {len(confirmed)} captures kept")


def _same_document(found: bytes, expected: bytes) -> bool:
    """Byte for byte; a Word or Excel file member by member.

    Their zip stamps each member with the time, and openpyxl stamps the modified
    time into docProps/core.xml as it saves, so those are only required present.
    """
    if not expected.startswith(b"PK"):
        return found == expected
    try:
        with (
            zipfile.ZipFile(io.BytesIO(found)) as got,
            zipfile.ZipFile(io.BytesIO(expected)) as want,
        ):
            if got.testzip() is not None or got.namelist() != want.namelist():
                return False
            return all(
                got.read(n) == want.read(n) for n in want.namelist() if n != "docProps/core.xml"
            )
    except zipfile.BadZipFile:
        return False


def test_sigkill_during_export_leaves_no_half_written_document(
    db_path: Path, zygote: Zygote, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    with Repository.open(db_path) as repo:
        review_id = repo.get_review(REFERENCE).id
        assert review_id is not None
        assert review_id is not None
        data = repo.load_review(review_id)
    at = dt.datetime.fromisoformat(STAMP)
    whole = {
        name: render(data, document, format_from_path(document, Path(name)), generated_at=at)
        for document, name in EXPORTS
    }
    rng = random.Random(2121)
    mid_write = 0
    for seed in range(KILLS):
        pid = zygote.fork("export", seed, db_path, REFERENCE, folder, STAMP)
        lines = _kill_at_random(zygote, pid, rng, 6, 0.05)
        mid_write += bool(lines) and lines[-1] == "begin"
        assert integrity(db_path) == "ok", f"kill {seed}"
        for _, name in EXPORTS:
            target = folder / name
            if target.exists():
                assert _same_document(target.read_bytes(), whole[name]), (
                    f"kill {seed}: {name} is not a whole document"
                )
    written = [name for _, name in EXPORTS if (folder / name).exists()]
    assert written  # the kills did not all land before the first file
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    print(
        f"\nexport: {KILLS} kills ({mid_write} inside a write); every file whole; "
        f"{len(leftovers)} hidden temporary files left by kills (0600, never a target)"
    )
