"""Text an agency sent is never silently changed or dropped: encodings, huge cells, quotes.

Issue 24: a CSV mixing UTF-8 and Windows-1252 lines was decoded wholly as
Windows-1252 (the UTF-8 names became mojibake, no warning); a record with a cell over
the size limit was an error in ``check`` but simply missing after ``import``; a storm
of unbalanced quote marks folded rows together with no word about it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workshop_tui.cli import main
from workshop_tui.domain.problems import InputError, Severity
from workshop_tui.importers import csv_reader, rows
from workshop_tui.importers.csv_reader import read_csv
from workshop_tui.importers.pack import check_pack, read_pack

CASE = '[review]\nreference = "LR-2099-02"\ntitle = "Child P"\n'
HEADER = b"Date,Event,Outcome\n"


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def pack(tmp_path: Path, content: bytes) -> Path:
    folder = tmp_path / "pack"
    (folder / "chronologies").mkdir(parents=True)
    (folder / "case.toml").write_text(CASE, encoding="utf-8")
    (folder / "chronologies" / "police.csv").write_bytes(content)
    return folder


MIXED = (
    HEADER
    + "01/02/2023,Visit by Zoë Brennan,Seen\n".encode()
    + "02/02/2023,Call with Renée,Agreed\n".encode("cp1252")
    + "03/02/2023,Meeting at the café,Noted\n".encode()
    + "04/02/2023,Letter to Mrs Nuñez,Sent\n".encode("cp1252")
)


def test_a_file_mixing_utf8_and_windows_1252_is_decoded_per_line_with_a_warning() -> None:
    result = read_csv(MIXED, "police.csv", "police")
    assert [e.event for e in result.entries] == [
        "Visit by Zoë Brennan",
        "Call with Renée",
        "Meeting at the café",
        "Letter to Mrs Nuñez",
    ]
    warnings = [str(p) for p in result.problems if p.severity is Severity.WARNING]
    assert warnings == [
        "police.csv:3: warning: the file mixes encodings: lines 3, 5 are not UTF-8 and were "
        "read as Windows-1252, the rest as UTF-8; check the accented letters on those lines"
    ]


def test_a_file_wholly_in_windows_1252_reads_without_a_warning() -> None:
    data = HEADER + "02/02/2023,Call with Renée,Agreed\n".encode("cp1252")
    result = read_csv(data, "police.csv", "police")
    assert result.entries[0].event == "Call with Renée"
    assert result.problems == []


def test_a_line_in_neither_encoding_is_named() -> None:
    data = MIXED + b"05/02/2023,Broken \x81\x8d byte,Sent\n"
    with pytest.raises(InputError) as caught:
        read_csv(data, "police.csv", "police")
    assert str(caught.value) == (
        "police.csv:6: cannot read the file: this line is neither UTF-8 nor Windows-1252 text"
    )


@pytest.fixture
def small_cell_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    limit = 200
    # The limit lived in csv_reader (as the csv module's field limit) before issue 24.
    monkeypatch.setattr(csv_reader, "MAX_CELL_CHARS", limit, raising=False)
    monkeypatch.setattr(rows, "MAX_CELL_CHARS", limit, raising=False)
    return limit


def test_an_over_limit_cell_is_an_entry_needing_attention_in_check_and_import(
    tmp_path: Path, small_cell_limit: int
) -> None:
    long_note = "The family said " + "x" * small_cell_limit
    data = (
        HEADER
        + b"01/02/2023,Visit,Seen\n"
        + f'02/02/2023,"{long_note}",Agreed\n'.encode()
        + b"03/02/2023,Call,Noted\n"
    )
    folder = pack(tmp_path, data)
    expected = (
        f'chronologies/police.csv:3: the cell in column "Event" holds {len(long_note):,} '
        f"characters; the limit is {small_cell_limit:,}. The row is kept whole; check it"
    )
    checked = [str(p) for p in check_pack(folder)]
    assert any(line.startswith(expected) for line in checked), checked
    result = read_pack(folder)
    assert [str(p) for p in result.problems] == checked
    kept = [e for e in result.data.entries if e.needs_attention]
    assert len(result.data.entries) == 3
    assert [e.source_line for e in kept] == [3]
    assert kept[0].raw["Event"] == long_note
    imported = run(tmp_path / "workshop.db", "import", str(folder))
    assert imported.exit_code == 0
    assert "3 entries, 1 need attention" in imported.stdout
    assert expected in imported.stderr


def test_a_quote_storm_is_a_warning_naming_the_first_joined_record() -> None:
    lines = [HEADER.decode().strip()]
    for day in range(1, 21):
        if day % 2:
            lines.append(f'{day:02d}/03/2023,"Visit {day}: mother said ""hi,Seen')
        else:
            lines.append(f"{day:02d}/03/2023,Visit {day},Seen")
    result = read_csv(("\n".join(lines) + "\n").encode(), "police.csv", "police")
    assert len(result.entries) < 20
    warnings = [str(p) for p in result.problems if p.severity is Severity.WARNING]
    assert len(warnings) == 1
    assert warnings[0].startswith(
        "police.csv:2: warning: the record starting on this line spans lines 2 to 4 and "
        "holds what look like whole rows: a stray quote mark"
    )


def test_a_cell_with_an_ordinary_line_break_is_no_storm() -> None:
    data = HEADER + b'01/02/2023,"Visit to 4 Elm Road,\nFernmoor",Seen\n02/02/2023,Call,Ok\n'
    result = read_csv(data, "police.csv", "police")
    assert result.problems == []
    assert result.entries[0].event == "Visit to 4 Elm Road,\nFernmoor"
