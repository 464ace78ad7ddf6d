"""A case pack imported as a stream (issue 24): each entry stored as it is read, none held.

The streamed import must store exactly what reading the whole pack and creating the
review from it stores (same entries, duplicate groups, agencies, problems), hold no
more than a row at a time of a CSV file, and leave the database as it was when it is
refused part-way.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tracemalloc
from pathlib import Path

import pytest
import synth
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from workshop_tui.cli import main
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.problems import InputError
from workshop_tui.importers import limits, rows
from workshop_tui.importers.pack import PackStream, check_pack, read_pack
from workshop_tui.services.reviews import ImportRefused, Reviews
from workshop_tui.storage.repository import Repository

SAMPLE = Path(__file__).resolve().parents[2] / "sample_cases" / "child-r"
CLOCK = frozen_clock(dt.datetime(2024, 6, 11, 9, 30))


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth.write_pack(tmp_path_factory.mktemp("stream") / "pack", 600)


def stored(
    repo: Repository, reference: str
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    review = repo.get_review(reference)
    assert review.id is not None
    entries = [e.model_dump(exclude={"id"}) for e in repo.entries(review.id)]
    agencies = [a.model_dump(exclude={"id"}) for a in repo.agencies(review.id)]
    return entries, agencies


@pytest.mark.parametrize("which", ["sample", "synthetic"])
def test_the_streamed_import_stores_what_the_whole_read_stores(
    which: str, pack: Path, tmp_path: Path
) -> None:
    folder = SAMPLE if which == "sample" else pack
    whole, streamed = Repository.memory(), Repository.memory()
    try:
        reading = read_pack(folder)
        whole.create_review(reading.data)
        imported = Reviews(streamed).import_pack_streamed(folder)
        reference = reading.data.review.reference
        assert stored(streamed, reference) == stored(whole, reference)
        assert imported.reading.problems == reading.problems == check_pack(folder)
        assert imported.entries == len(reading.data.entries)
        assert imported.groups == len(
            {e.duplicate_group for e in reading.data.entries if e.duplicate_group}
        )
        assert imported.attention == sum(e.needs_attention for e in reading.data.entries)
    finally:
        whole.close()
        streamed.close()


def test_a_csv_file_is_read_a_row_at_a_time(pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each entry is handed on before the next row is read: never a file's rows at once."""
    built = [0]
    add = rows.RowBuilder.add

    def counting(self: rows.RowBuilder, *args: object) -> None:
        built[0] += 1
        add(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(rows.RowBuilder, "add", counting)
    stream = PackStream(pack)
    held = 0
    for taken, _entry in enumerate(stream.entries(), start=1):
        held = max(held, built[0] - taken)
    assert built[0] == 600
    assert held == 0


def test_a_file_refused_part_way_leaves_the_database_as_it_was(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "pack"
    shutil.copytree(pack, copy)
    # social_care.csv, the largest file, comes second: police.csv's rows are in first.
    entries = read_pack(copy).data.entries
    largest = sum(e.source_file == "chronologies/social_care.csv" for e in entries)
    assert largest > sum(e.source_file == "chronologies/police.csv" for e in entries)
    line = max(e.source_line for e in entries if e.source_file.endswith("social_care.csv"))
    monkeypatch.setattr(limits, "MAX_ROWS", largest - 1)
    repo = Repository.memory()
    try:
        with pytest.raises(InputError) as caught:
            Reviews(repo).import_pack_streamed(copy)
        assert str(caught.value).startswith(
            f"chronologies/social_care.csv:{line}: refused: the file has more than "
            f"{largest - 1:,} rows, the limit for one chronology file"
        )
        assert repo.list_reviews() == []
        assert repo._query("SELECT count(*) FROM entry", ()) == [(0,)]
    finally:
        repo.close()


def test_strict_refuses_a_pack_with_errors_after_reading_it_and_writes_nothing(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "pack"
    shutil.copytree(SAMPLE, copy)
    repo = Repository.memory()
    try:
        reading = read_pack(copy)
        if not reading.errors:  # the sample holds bad rows; make sure of one
            police = next((copy / "chronologies").glob("*.csv"))
            police.write_text(police.read_text("utf-8-sig") + "\nnot a date,x,y\n", "utf-8")
        with pytest.raises(ImportRefused) as caught:
            Reviews(repo).import_pack_streamed(copy, strict=True)
        assert caught.value.errors and caught.value.problems == check_pack(copy)
        assert repo.list_reviews() == []
    finally:
        repo.close()


def test_a_refused_cli_import_leaves_no_database_behind(tmp_path: Path) -> None:
    broken = tmp_path / "pack"
    shutil.copytree(SAMPLE, broken)
    csv = next((broken / "chronologies").glob("*.csv"))
    csv.write_bytes(b"\x00\x01\x02" * 400)  # binary: cannot be used at all
    db = tmp_path / "data" / "new.db"
    result = CliRunner().invoke(main, ["--db", str(db), "import", str(broken)])
    assert result.exit_code != 0
    assert "nothing imported" in result.stderr
    assert not db.parent.exists()


def test_two_million_rows_pass_the_row_limit_the_readme_states() -> None:
    """The row limit is no longer what keeps memory bounded (the import streams): two
    million rows pass, and the README says the limit the code checks."""
    readme = (SAMPLE.parents[1] / "README.md").read_text("utf-8")
    assert limits.MAX_ROWS >= 2_000_000
    assert f"{limits.MAX_ROWS:,} rows per file" in readme


def test_a_workbook_is_read_a_row_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet's entries are handed on as its rows are parsed; the only row read twice is
    its first entry, read once to decide which sheets are chronologies."""
    import hostile_shapes

    from workshop_tui.importers.rows import RowResult
    from workshop_tui.importers.xlsx_reader import iter_xlsx

    data = hostile_shapes.workbook(300)
    built = [0]
    add = rows.RowBuilder.add

    def counting(self: rows.RowBuilder, *args: object) -> None:
        built[0] += 1
        add(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(rows.RowBuilder, "add", counting)
    result = RowResult()
    held = 0
    taken = 0
    for taken, _entry in enumerate(iter_xlsx(data, "police.xlsx", "police", None, result), 1):
        held = max(held, built[0] - taken)
    assert taken == 300 and built[0] == 301
    assert held == 1
    assert result.header_maps and result.header_maps[0][0] == "Sheet"


@pytest.fixture(scope="module")
def added_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth.write_added_agency(tmp_path_factory.mktemp("added"), 120)[0]


def history(repo: Repository) -> list[tuple[object, ...]]:
    return [
        (e.entity, e.change, e.field)
        for review in repo.list_reviews()
        if review.id is not None
        for e in repo.audit_events(review.id)
    ]


def test_add_chronology_streamed_stores_what_reading_then_adding_stores(
    pack: Path, added_file: Path
) -> None:
    from workshop_tui.services.intake import Intake

    whole, streamed = Repository.memory(), Repository.memory()
    try:
        reference = read_pack(pack).data.review.reference
        for repo in (whole, streamed):
            Reviews(repo).import_pack_streamed(pack)
        rid = whole.get_review(reference).id
        assert rid is not None and rid == streamed.get_review(reference).id
        read = Intake(whole, CLOCK).read_file(rid, added_file, synth.ADDED_AGENCY)
        expected = Intake(whole, CLOCK).add_chronology(rid, read)
        added = Intake(streamed, CLOCK).add_file_streamed(rid, added_file, synth.ADDED_AGENCY)
        assert stored(streamed, reference) == stored(whole, reference)
        assert (added.entries, added.needs_attention, added.relinked, added.new_agency) == (
            expected.entries,
            expected.needs_attention,
            expected.relinked,
            expected.new_agency,
        )
        assert added.problems == expected.problems
    finally:
        whole.close()
        streamed.close()


def test_add_chronology_refused_part_way_writes_nothing(
    pack: Path, added_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop_tui.services.intake import Intake

    repo = Repository.memory()
    try:
        Reviews(repo).import_pack_streamed(pack)
        rid = repo.list_reviews()[0].id
        assert rid is not None
        before = stored(repo, repo.list_reviews()[0].reference), history(repo)
        monkeypatch.setattr(limits, "MAX_ROWS", 100)
        with pytest.raises(InputError) as caught:
            Intake(repo, CLOCK).add_file_streamed(rid, added_file, synth.ADDED_AGENCY)
        assert "refused: the file has more than 100 rows" in str(caught.value)
        assert str(caught.value).startswith(f"{added_file}:")  # where the person has it
        assert (stored(repo, repo.list_reviews()[0].reference), history(repo)) == before
    finally:
        repo.close()


@given(st.text(alphabet='ab,"\r\n\u00e9', max_size=60))
def test_text_lines_splits_as_a_stringio_does(text: str) -> None:
    from workshop_tui.importers.csv_reader import text_lines

    assert list(text_lines(text)) == io.StringIO(text, newline="").readlines()


@given(st.text(alphabet='ab,"\n\u00e9\x85\u2028', max_size=60), st.integers(0, 70))
def test_text_lines_of_a_text_without_carriage_returns_from_any_start(
    text: str, start: int
) -> None:
    """Lines that end at \n alone are found by another path; the same lines, from any offset."""
    from workshop_tui.importers.csv_reader import text_lines

    assert list(text_lines(text, start)) == io.StringIO(text[start:], newline="").readlines()
    assert list(text_lines(text + "\r", start)) == (
        io.StringIO((text + "\r")[start:], newline="").readlines()
    )


def test_a_csv_file_is_read_without_a_second_copy_of_its_text() -> None:
    """Reading a CSV file's records holds its bytes and its text, nothing the size of
    either again (a StringIO over the text held it at four bytes a character)."""
    from workshop_tui.importers.csv_reader import iter_csv
    from workshop_tui.importers.rows import RowResult

    body = "".join(f"{1 + i % 28:02d}/03/2023,Visit {i} {'x' * 80},Seen\n" for i in range(20_000))
    data = ("Date,Event,Outcome\n" + body).encode()
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_csv(data, "police.csv", "police", None, RowResult()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 20_000
    assert peak < 2.5 * len(data), f"peak {peak:,} for {len(data):,} bytes"
