"""Links and names a pack or a path can hold: case.toml leading outside, a database link to
nothing, a file name with a line break.

Issue 24: a case.toml that was a symbolic link to a file outside the pack was read and
imported (chronology files leading outside were already refused), and a database path
that was a dangling link ended in a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workshop_tui.cli import main
from workshop_tui.domain.problems import InputError
from workshop_tui.importers.pack import check_pack, read_pack

CASE = '[review]\nreference = "LR-2099-01"\ntitle = "Child Q"\n'
CSV = "Date,Event\n01/02/2023,Home visit\n"


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def pack_with_linked_case(tmp_path: Path, link_to: str) -> Path:
    pack = tmp_path / "pack"
    (pack / "chronologies").mkdir(parents=True)
    (pack / "chronologies" / "police.csv").write_text(CSV, encoding="utf-8")
    (pack / "case.toml").symlink_to(link_to)
    return pack


def test_a_case_toml_linked_outside_the_pack_is_refused_naming_the_link(tmp_path: Path) -> None:
    outside = tmp_path / "another-review.toml"
    outside.write_text(CASE, encoding="utf-8")
    pack = pack_with_linked_case(tmp_path, str(outside))
    expected = f"case.toml: refused: a symbolic link to {outside}, which is outside the case pack"
    assert [str(p) for p in check_pack(pack)] == [expected]
    with pytest.raises(InputError, match="outside the case pack"):
        read_pack(pack)
    with pytest.raises(InputError, match="outside the case pack"):
        read_pack(pack / "case.toml")  # named directly
    db = tmp_path / "workshop.db"
    result = run(db, "import", str(pack))
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "no reviews yet" in run(db, "list").stdout


def test_a_case_toml_linked_inside_the_pack_is_read(tmp_path: Path) -> None:
    pack = pack_with_linked_case(tmp_path, "settings/case.toml")
    (pack / "settings").mkdir()
    (pack / "settings" / "case.toml").write_text(CASE, encoding="utf-8")
    assert read_pack(pack).data.review.reference == "LR-2099-01"


def test_a_case_toml_linked_to_nothing_says_so(tmp_path: Path) -> None:
    pack = pack_with_linked_case(tmp_path, "gone.toml")
    assert [str(p) for p in check_pack(pack)] == [
        "case.toml: a symbolic link to gone.toml, which does not exist"
    ]


def test_a_database_path_linked_to_nothing_is_one_line_and_creates_nothing(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "elsewhere" / "workshop.db"
    link = tmp_path / "workshop.db"
    link.symlink_to(missing)
    result = CliRunner().invoke(main, ["--db", str(link), "list"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [
        f"error: {link} is a symbolic link to {missing}, which does not exist; "
        "restore that file, or remove the link to start a new database"
    ]
    assert not missing.parent.exists()


def test_a_file_name_with_a_line_break_is_one_line_in_check_and_import(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "chronologies").mkdir(parents=True)
    (pack / "case.toml").write_text(CASE, encoding="utf-8")
    name = "police\nerror: everything is fine.csv"
    (pack / "chronologies" / name).write_text(CSV + "31/02/2023,Bad date\n", encoding="utf-8")
    checked = run(tmp_path / "db", "check", str(pack))
    imported = run(tmp_path / "db", "import", str(pack))
    for output in (checked.stderr, imported.output):
        assert not any(line.startswith("error: everything") for line in output.splitlines())
        assert "police⏎error: everything is fine" in output
