"""The hostile input corpus: every case is refused with a located message, or imported safely.

Small cases live in ``corpus/`` (read them: each is what its name says); large
and binary ones are built at test time (``builders.py``). Each case goes
through ``read_pack`` or ``read_archive`` and then through the command line
(``check`` and ``import``) into a database that already holds a review:

- refused: an ``InputError`` whose every problem names where (the file, its
  line or part, or case.toml), ``import`` exits 1 with no traceback, and the
  database is byte for byte what it was (nothing partial);
- imported: every row is an entry (a bad row kept as one needing attention,
  never guessed at), and ``import`` stores exactly that many.

A hang fails the test (``conftest.no_hang``); nothing is timed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workshop_tui.cli import main
from workshop_tui.domain.models import Review, ReviewData
from workshop_tui.domain.problems import InputError
from workshop_tui.importers import archive as archive_reader
from workshop_tui.importers.archive import read_archive
from workshop_tui.importers.pack import MAX_FILE_BYTES, read_pack
from workshop_tui.storage.repository import Repository

from . import builders

CORPUS = Path(__file__).with_name("corpus")


@dataclass(frozen=True)
class Refused:
    """Refused: ``fragment`` in a problem's message, its location starting with ``where``."""

    fragment: str
    where: str | None = None  # default: the chronology file itself


@dataclass(frozen=True)
class Imported:
    """Imported: ``entries`` entries, ``errors`` of them needing attention."""

    entries: int
    errors: int = 0


Expectation = Refused | Imported

CSV: dict[str, Expectation] = {
    "bom_only.csv": Refused("the file is empty"),
    "control_characters.csv": Imported(1),
    "cp1252_undefined_byte.csv": Refused("neither UTF-8 nor Windows-1252"),
    "cr_line_endings.csv": Imported(2),
    "dates_hostile.csv": Imported(7, errors=7),
    "delimiters_only.csv": Refused("no date column"),
    "elf_binary.csv": Refused("looks like a binary file"),
    "empty.csv": Refused("the file is empty"),
    "header_only.csv": Imported(0),
    "injection.csv": Imported(3),
    "no_date_column.csv": Refused("no date column"),
    "nul_bytes.csv": Imported(1),
    "old_excel_renamed.csv": Refused("an old Office file"),
    "ooxml_in_csv_clothing.csv": Refused("a ZIP file"),
    "pdf_renamed.csv": Refused("a PDF file"),
    "png_named_csv.csv": Refused("looks like a binary file"),
    "ragged_rows.csv": Imported(3),
    "stray_quote_in_cell.csv": Imported(2),
    "unclosed_quote.csv": Refused("never closed", where="chronologies/unclosed_quote.csv:2"),
    "utf16_with_bom.csv": Imported(1),
    "utf16_without_bom.csv": Refused("looks like a binary file"),
    "xlsx_renamed.csv": Refused("a ZIP file"),
}

TOML: dict[str, Expectation] = {
    "binary.toml": Refused("must be UTF-8 text", where="case.toml"),
    "duplicate_keys.toml": Refused("not valid TOML", where="case.toml:3"),
    "not_utf8.toml": Refused("must be UTF-8 text", where="case.toml"),
    "outside_the_pack.toml": Refused("is outside the case pack", where="case.toml"),
    "wrong_types.toml": Refused("expected a table", where="case.toml"),
}

ARCHIVES: dict[str, Expectation] = {
    "dangling_ids.json": Refused("no KLOE with id 99", where="dangling_ids.json"),
    "huge_integer.json": Refused("not a workshop-tui archive", where="huge_integer.json"),
    "lone_surrogate.json": Refused("$.review.reference", where="lone_surrogate.json"),
    "nan_and_infinity.json": Refused("finite number", where="nan_and_infinity.json"),
    "nested_40.json": Refused("nested more than 32 deep", where="nested_40.json"),
    "newer_version.json": Refused("newer workshop-tui", where="newer_version.json"),
    "not_an_object.json": Refused("expected a JSON object", where="not_an_object.json"),
    "not_utf8.json": Refused("not UTF-8", where="not_utf8.json"),
    "truncated.json": Refused("not valid JSON", where="truncated.json:1"),
    "version_is_true.json": Refused(
        '"version" must be a whole number', where="version_is_true.json"
    ),
    "wrong_format.json": Refused("something-else", where="wrong_format.json"),
    "wrong_types.json": Refused("$.entries[0].flags[0]", where="wrong_types.json"),
}


def _workbook_with_one_mb_cell() -> bytes:
    return builders.workbook([("03/03/2023", "x" * 1_000_000, "long")])


def _xlsx_laughs(data: bytes) -> bytes:
    def change(content: bytes) -> bytes:
        body = content[content.index(b"<worksheet") :]
        cell = b'<row r="99"><c r="B99" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        return builders.LAUGHS.encode() + body.replace(b"</sheetData>", cell + b"</sheetData>")

    return builders.rewrite(data, builders.in_part("xl/worksheets/sheet1.xml", change))


def _docx_laughs(data: bytes) -> bytes:
    def change(content: bytes) -> bytes:
        body = content[content.index(b"<w:document") :]
        para = b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"
        return builders.LAUGHS.encode() + body.replace(b"</w:body>", para + b"</w:body>")

    return builders.rewrite(data, builders.in_part("word/document.xml", change))


def _truncated(data: bytes, fraction: float) -> bytes:
    return data[: int(len(data) * fraction)]


def _malformed_sheet(data: bytes) -> bytes:
    return builders.rewrite(
        data, builders.in_part("xl/worksheets/sheet1.xml", lambda c: c[: len(c) // 2])
    )


WORKBOOK = builders.workbook()
WORD = builders.document()

# name -> (bytes of chronologies/<name>, expectation)
GENERATED: dict[str, tuple[Callable[[], bytes], Expectation]] = {
    # CSV
    "one_mb_cell_quoted.csv": (
        lambda: b'Date,Details\r\n03/03/2023,"' + b"x" * 1_000_000 + b'"\r\n04/03/2023,after\r\n',
        Imported(2),
    ),
    "one_mb_cell_unquoted.csv": (
        lambda: b"Date,Details\r\n03/03/2023," + b"y" * 1_000_000 + b"\r\n04/03/2023,after\r\n",
        Imported(2),
    ),
    "one_mb_line_no_newline.csv": (lambda: b"Date,Details\r\n" + b"z" * 1_000_000, Imported(1, 1)),
    "twenty_thousand_columns.csv": (
        lambda: (
            "Date,Details," + ",".join(f"c{i}" for i in range(20_000)) + "\r\n"
            "03/03/2023,wide," + ",".join(str(i) for i in range(20_000)) + "\r\n"
        ).encode(),
        # More columns than an Excel sheet holds: refused up front (issue 24: a file this
        # wide imported, then broke every XLSX export of the chronology).
        Refused(
            "refused: this row has 20,002 columns; the limit is 16,384",
            where="chronologies/twenty_thousand_columns.csv:1",
        ),
    ),
    # XLSX
    "valid.xlsx": (lambda: WORKBOOK, Imported(2)),
    "cover_sheet_first.xlsx": (lambda: builders.workbook(cover=True), Imported(2)),
    "truncated_10.xlsx": (lambda: _truncated(WORKBOOK, 0.1), Refused("cannot open as an Excel")),
    "truncated_90.xlsx": (lambda: _truncated(WORKBOOK, 0.9), Refused("cannot open as an Excel")),
    "truncated_99.xlsx": (lambda: _truncated(WORKBOOK, 0.99), Refused("cannot open as an Excel")),
    "crc_damage.xlsx": (lambda: builders.corrupt_middle(WORKBOOK), Refused("Excel")),
    "missing_sheet.xlsx": (
        lambda: builders.rewrite(
            WORKBOOK, lambda part, c: None if part == "xl/worksheets/sheet1.xml" else c
        ),
        Refused("the workbook is empty"),
    ),
    "malformed_sheet_xml.xlsx": (lambda: _malformed_sheet(WORKBOOK), Refused("workbook")),
    "billion_laughs.xlsx": (lambda: _xlsx_laughs(WORKBOOK), Refused("cannot read the workbook")),
    "zip_bomb.xlsx": (
        lambda: builders.bomb(WORKBOOK, "xl/worksheets/sheet1.xml", 130 << 20),
        Refused("unpacks to 130 MB"),
    ),
    "one_mb_cell.xlsx": (_workbook_with_one_mb_cell, Imported(1)),
    "numbers_in_date_column.xlsx": (
        lambda: builders.workbook([(45000, "a serial number", ""), (1.5, "a fraction", "")]),
        Imported(2, errors=2),
    ),
    "formulas.xlsx": (
        lambda: builders.workbook([("03/03/2023", '=HYPERLINK("http://x.invalid","go")', "=1+1")]),
        Imported(1),
    ),
    # DOCX
    "valid.docx": (lambda: WORD, Imported(2)),
    "truncated_50.docx": (lambda: _truncated(WORD, 0.5), Refused("cannot open as a Word")),
    "crc_damage.docx": (lambda: builders.corrupt_middle(WORD), Refused("Word")),
    "no_tables.docx": (
        lambda: builders.rewrite(
            WORD,
            builders.in_part(
                "word/document.xml",
                lambda c: c[: c.index(b"<w:tbl>")] + c[c.index(b"</w:tbl>") + 8 :],
            ),
        ),
        Refused("no chronology table"),
    ),
    "no_date_column.docx": (
        lambda: builders.document(header=("Reference", "Summary", "Action taken")),
        Refused("no date column", where="chronologies/no_date_column.docx[table 1]"),
    ),
    "grid_span_100_million.docx": (
        lambda: builders.docx_with_table_xml(
            '<w:tc><w:tcPr><w:gridSpan w:val="100000000"/></w:tcPr><w:p/></w:tc>'
        ),
        Refused(
            "claims 100,000,000 columns",
            where="chronologies/grid_span_100_million.docx[table 1]:2",
        ),
    ),
    "grid_before_100_million.docx": (
        lambda: builders.docx_with_table_xml(
            '<w:trPr><w:gridBefore w:val="100000000"/></w:trPr><w:tc><w:p/></w:tc>'
        ),
        Refused(
            "columns (Word allows 63)",
            where="chronologies/grid_before_100_million.docx[table 1]:2",
        ),
    ),
    "billion_laughs.docx": (lambda: _docx_laughs(WORD), Refused("cannot open as a Word")),
    "zip_bomb.docx": (
        lambda: builders.bomb(WORD, "word/document.xml", 50 << 20),
        Refused("the limit is 48 MB"),
    ),
    "nested_tables_60_deep.docx": (lambda: builders.nested_tables(60), Imported(1)),
    "one_mb_cell.docx": (
        lambda: builders.document([("03/03/2023", "w" * 1_000_000, "")]),
        Imported(1),
    ),
}


# -------------------------------------------------------------------- running


def make_pack(folder: Path, files: dict[str, bytes], case_toml: str | None = None) -> Path:
    """A case pack listing each file under ``chronologies/`` as its own agency."""
    pack = folder / "pack"
    (pack / "chronologies").mkdir(parents=True)
    agencies = []
    for number, (name, content) in enumerate(files.items(), start=1):
        (pack / "chronologies" / name).write_bytes(content)
        agencies.append(f'[[agencies]]\nkey = "a{number}"\nfiles = ["chronologies/{name}"]\n')
    if case_toml is None:
        case_toml = '[review]\nreference = "LR-HOSTILE"\ntitle = "Hostile"\n' + "".join(agencies)
    (pack / "case.toml").write_text(case_toml, encoding="utf-8")
    return pack


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database that already holds one review, to show a refusal changes nothing."""
    path = tmp_path / "data" / "workshop.db"
    with Repository.open(path) as repo:
        repo.create_review(ReviewData(review=Review(reference="LR-EXISTING", title="Kept")))
    return path


def db_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal")) if p.exists())


def cli(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args])


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def assert_refused(error: InputError, expected: Refused, default_where: str) -> None:
    where = expected.where or default_where
    assert error.problems, "an InputError without a problem"
    for problem in error.problems:
        assert problem.location, f"no location: {problem}"
    assert any(
        expected.fragment in p.message and p.location.startswith(where) for p in error.problems
    ), [str(p) for p in error.problems]


def run_pack(pack: Path, db: Path, expected: Expectation, default_where: str) -> None:
    before = db_bytes(db)
    check = cli(db, "check", str(pack))
    assert_no_traceback(check)
    imported = cli(db, "import", str(pack))
    assert_no_traceback(imported)
    if isinstance(expected, Refused):
        with pytest.raises(InputError) as info:
            read_pack(pack)
        assert_refused(info.value, expected, default_where)
        assert check.exit_code == 1
        assert imported.exit_code == 1
        assert imported.stderr.splitlines()[-1] == f"error: {pack}: nothing imported"
        assert db_bytes(db) == before  # not one byte of a refused pack
        return
    result = read_pack(pack)
    entries = result.data.entries
    assert len(entries) == expected.entries
    assert sum(e.error is not None for e in entries) == expected.errors
    for entry in entries:
        assert (entry.date is None) == (entry.error is not None)
        assert entry.source_line >= 1 and entry.source_file.startswith("chronologies/")
    assert imported.exit_code == 0, imported.output
    with Repository.open(db) as repo:
        review = repo.get_review(result.data.review.reference)
        assert review.id is not None
        assert len(repo.entries(review.id)) == expected.entries


@pytest.mark.parametrize("name", sorted(CSV))
def test_csv_corpus(name: str, tmp_path: Path, db: Path) -> None:
    pack = make_pack(tmp_path, {name: (CORPUS / "csv" / name).read_bytes()})
    run_pack(pack, db, CSV[name], f"chronologies/{name}")


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_corpus(name: str, tmp_path: Path, db: Path) -> None:
    build, expected = GENERATED[name]
    pack = make_pack(tmp_path, {name: build()})
    run_pack(pack, db, expected, f"chronologies/{name}")


@pytest.mark.parametrize("name", sorted(TOML))
def test_case_toml_corpus(name: str, tmp_path: Path, db: Path) -> None:
    pack = make_pack(tmp_path, {})
    shutil.copy(CORPUS / "toml" / name, pack / "case.toml")
    run_pack(pack, db, TOML[name], "case.toml")


@pytest.mark.parametrize("name", sorted(ARCHIVES))
def test_archive_corpus(name: str, db: Path) -> None:
    path = CORPUS / "json" / name
    expected = ARCHIVES[name]
    assert isinstance(expected, Refused)
    with pytest.raises(InputError) as info:
        read_archive(path)
    assert_refused(info.value, expected, name)
    before = db_bytes(db)
    result = cli(db, "import", str(path))
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert db_bytes(db) == before


def test_every_corpus_file_has_an_expectation() -> None:
    for folder, cases in (("csv", CSV), ("toml", TOML), ("json", ARCHIVES)):
        assert {p.name for p in (CORPUS / folder).iterdir()} == set(cases), folder


# --------------------------------------------------------- big, deep and strange


def test_a_hundred_thousand_rows(tmp_path: Path, db: Path) -> None:
    data, bad = builders.big_csv(100_000)
    pack = make_pack(tmp_path, {"police.csv": data})
    result = cli(db, "import", str(pack))
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output[-2000:]
    assert f"100000 entries, {bad} need attention" in result.stdout
    with Repository.open(db) as repo:
        review = repo.get_review("LR-HOSTILE")
        assert review.id is not None
        entries = repo.entries(review.id)
    assert len(entries) == 100_000
    assert sum(e.error is not None for e in entries) == bad
    assert sorted(e.source_line for e in entries) == list(range(2, 100_002))


DEEP_TOML: dict[str, Callable[[], str]] = {
    "deep_array": lambda: (
        '[review]\nreference = "R"\ntitle = "T"\nx = ' + "[" * 50_000 + "]" * 50_000
    ),
    "deep_inline_tables": lambda: (
        '[review]\nreference = "R"\ntitle = "T"\n[x]\ny = ' + "{a = " * 3_000 + "1" + "}" * 3_000
    ),
    "dotted_key_20000_parts": lambda: "[" + ".".join(["a"] * 20_000) + "]\n",
    "two_megabytes": lambda: (
        '[review]\nreference = "R"\ntitle = "T"\nterms_of_reference = """'
        + "word " * 420_000
        + '"""\n'
    ),
}


@pytest.mark.parametrize("name", sorted(DEEP_TOML))
def test_deep_and_huge_case_toml(name: str, tmp_path: Path, db: Path) -> None:
    pack = make_pack(tmp_path, {}, case_toml=DEEP_TOML[name]())
    run_pack(pack, db, Refused("", where="case.toml"), "case.toml")


def test_many_participants_just_under_the_limit(tmp_path: Path, db: Path) -> None:
    people = "".join(
        f'[[participants]]\nname = "Person {i}"\nrole = "Role {i}"\n' for i in range(18_000)
    )
    case = '[review]\nreference = "LR-MANY"\ntitle = "Many"\n' + people
    assert len(case) < 1024 * 1024
    pack = make_pack(tmp_path, {}, case_toml=case)
    result = read_pack(pack)
    assert len(result.data.participants) == 18_000


def test_deeply_nested_and_huge_archives(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    # The chronology's entries are read one at a time, whatever their number; the rest
    # of an archive is held as it is read, up to a limit (lowered here to 1 MB).
    monkeypatch.setattr(archive_reader, "MAX_ARCHIVE_BYTES", 1024 * 1024)
    huge = tmp_path / "huge.json"
    huge.write_text(
        '{"format": "workshop-tui-archive", "version": 4, "review": {"reference": "R", '
        '"title": "T", "subject": "' + "x" * (2 * 1024 * 1024) + '"}}'
    )
    for path, fragment in ((deep, "nested far too deeply"), (huge, "the limit is 1 MB")):
        with pytest.raises(InputError) as info:
            read_archive(path)
        assert_refused(info.value, Refused(fragment), path.name)
        result = cli(db, "import", str(path))
        assert_no_traceback(result)
        assert result.exit_code == 1


# ---------------------------------------------------------- files that are not files


def test_files_named_outside_the_pack_are_refused(tmp_path: Path, db: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("Date,Details\n03/03/2023,not yours to read\n")
    pack = make_pack(tmp_path / "p", {})
    (pack / "chronologies" / "police.csv").symlink_to(secret)  # a link leading out
    (pack / "case.toml").write_text(
        '[review]\nreference = "LR-X"\ntitle = "T"\n'
        '[[agencies]]\nkey = "police"\nfiles = ["chronologies/police.csv"]\n'
    )
    run_pack(pack, db, Refused("leads outside the case pack", where="chronologies/police.csv"), "")
    # Found by looking in chronologies/ (no [[agencies]]), the same.
    (pack / "case.toml").write_text('[review]\nreference = "LR-X"\ntitle = "T"\n')
    run_pack(pack, db, Refused("leads outside the case pack", where="chronologies/police.csv"), "")


@pytest.mark.parametrize("kind", ["fifo", "folder", "device", "too large"])
def test_a_chronology_that_is_not_a_regular_file(kind: str, tmp_path: Path, db: Path) -> None:
    pack = make_pack(tmp_path, {"police.csv": b""})
    target = pack / "chronologies" / "police.csv"
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)  # reading it would wait for ever
    elif kind == "folder":
        target.mkdir()
    elif kind == "device":
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero")
        # Inside the pack, a link to an endless device is still refused (twice over).
        target.symlink_to("/dev/zero")
    else:
        with target.open("wb") as handle:
            handle.truncate(MAX_FILE_BYTES + 1)  # sparse
    fragment = {
        "fifo": "not a regular file",
        "folder": "not a regular file",
        "device": "leads outside the case pack",
        "too large": "the limit is 256 MB",
    }[kind]
    run_pack(pack, db, Refused(fragment, where="chronologies/police.csv"), "")


def test_case_toml_that_is_a_pipe(tmp_path: Path, db: Path) -> None:
    pack = make_pack(tmp_path, {})
    (pack / "case.toml").unlink()
    os.mkfifo(pack / "case.toml")
    run_pack(pack, db, Refused("not a regular file", where="case.toml"), "case.toml")
