"""The command line prints what a file holds as text: no terminal control sequence, no
bidi override and no line of a file's choosing reaches the terminal.

A title holding ``ESC[2J`` cleared the screen of whoever ran ``list``; an OSC 0 sequence
renamed their terminal window; a chronology file named ``x\\nINJECTED`` printed a line
of its own in ``check`` and ``import``. The database keeps every character as received.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workshop_tui.cli import main
from workshop_tui.storage.repository import Repository

REFERENCE = "LR-2099-66"
# As TOML escapes: ESC[2J, an OSC 0 window title ending in BEL, a C1 CSI, a bidi override.
TOML_HOSTILE = r"\u001b[2J \u001b]0;pwned\u0007 \u009b31m \u202eesrever [/x] [bold]"
HOSTILE = "\x1b[2J \x1b]0;pwned\x07 \x9b31m \u202eesrever [/x] [bold]"
RAW = {"\x1b": "ESC", "\x9b": "C1 CSI", "\x07": "BEL", "\u202e": "RLO", "\x00": "NUL"}
FILE_NAME = "evil\nINJECTED: error: forged line.csv"

CSV = (
    "Date,Practitioner,Event\n"
    "03/03/2098,PC Able,Visit \u202eesrever \x9b31m [/x]\n"
    "31/02/2098,PC Able,A date that does not exist\n"
)


def case_toml() -> str:
    files = json.dumps(f"chronologies/{FILE_NAME}")
    return f'''
[review]
reference = "{REFERENCE}"
title = "Child Q {TOML_HOSTILE}"
period_start = 2098-01-01
period_end = 2099-03-31

[[agencies]]
key = "police"
name = "Police {TOML_HOSTILE}"
files = [{files}]

[[participants]]
name = "Cora {TOML_HOSTILE}"
role = "Health Visitor"
agency = "police"

[[kloes]]
title = "Risk {TOML_HOSTILE}"
question = "How well?"
'''


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    (folder / "chronologies").mkdir(parents=True)
    (folder / "case.toml").write_text(case_toml(), encoding="utf-8")
    (folder / "chronologies" / FILE_NAME).write_text(CSV, encoding="utf-8")
    return folder


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def assert_nothing_raw(output: str, where: str) -> None:
    found = [name for char, name in RAW.items() if char in output]
    assert not found, f"{where}: {found} printed raw:\n{output!r}"


def assert_one_line_each(output: str, where: str) -> None:
    for line in output.splitlines():
        assert not line.startswith("INJECTED"), f"{where}: a line of the file's choosing: {line!r}"


def test_check_prints_a_hostile_file_name_on_one_line(pack: Path, tmp_path: Path) -> None:
    result = run(tmp_path / "db.sqlite", "check", str(pack))
    output = result.stdout + result.stderr
    assert_nothing_raw(output, "check")
    assert_one_line_each(output, "check")
    # The bad date is still reported, its location on the same line as the message.
    assert any("evil⏎INJECTED" in line and ":3:" in line for line in output.splitlines()), output


def test_import_list_history_and_chronology_print_nothing_raw(pack: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    result = run(db, "import", str(pack))
    assert result.exit_code == 0, result.output
    output = result.stdout + result.stderr
    assert_nothing_raw(output, "import")
    assert_one_line_each(output, "import")
    assert "Child Q ␛[2J ␛]0;pwned␇ <U+009B>31m <U+202E>esrever [/x] [bold]" in output

    listed = run(db, "list")
    assert_nothing_raw(listed.stdout, "list")
    assert "␛[2J" in listed.stdout and "[/x] [bold]" in listed.stdout

    with Repository.open(db) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        assert review.title == f"Child Q {HOSTILE}"  # kept exactly as received
        kloe = repo.kloes(review.id)[0]
        repo.save_kloe(review.id, kloe.model_copy(update={"title": f"New {HOSTILE}"}))
    history = run(db, "history", REFERENCE)
    assert history.exit_code == 0, history.output
    assert_nothing_raw(history.stdout, "history")
    assert "New ␛[2J" in history.stdout

    for fmt in ("md", "csv"):
        shown = run(db, "chronology", REFERENCE, "--format", fmt)
        assert shown.exit_code == 0, shown.output
        assert_nothing_raw(shown.stdout, f"chronology --format {fmt}")
        if fmt == "md":  # CSV keeps line breaks inside a quoted cell: they are its data
            assert_one_line_each(shown.stdout, "chronology --format md")
        assert "U+202E" in shown.stdout  # Markdown writes the < and > as entities

    # JSON keeps every character (as \\u escapes), so the data reads back exactly.
    shown = run(db, "chronology", REFERENCE, "--format", "json")
    assert_nothing_raw(shown.stdout, "chronology --format json")
    records = json.loads(shown.stdout)
    assert any("\u202eesrever \x9b31m [/x]" in str(r["event"]) for r in records)
    assert any(str(r["source_file"]).endswith(FILE_NAME) for r in records)
