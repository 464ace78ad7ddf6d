"""What a CSV file can hide: lines in two encodings, rows joined by a stray quote mark.

Both used to pass without a word. A file with UTF-8 and Windows-1252 lines (two
exports pasted together) was decoded entirely as Windows-1252, so every UTF-8 name
became mojibake; a storm of unbalanced quote marks folded rows into the cells of the
rows before them, with only an "out of date order" warning to show for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop_tui.domain.problems import InputError, Problem, Severity

#: How many line numbers a warning lists before "and N more".
LISTED_LINES = 10


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text and the physical lines (1-based) read as Windows-1252 beside UTF-8 ones."""

    text: str
    windows_1252_lines: tuple[int, ...] = ()


def decode_by_line(data: bytes, name: str) -> Decoded:
    """Decode text that is not UTF-8 as a whole: line by line when it mixes encodings.

    Each physical line is UTF-8 if it decodes as such, else Windows-1252. A file none
    of whose lines needs UTF-8 (no multi-byte sequence) is plain Windows-1252, with no
    lines listed; a file that mixes them lists the Windows-1252 lines.

    Raises:
        InputError: a line is neither UTF-8 nor Windows-1252, naming the first such line.
    """
    lines = data.splitlines(keepends=True)
    parts: list[str] = []
    legacy: list[int] = []
    utf8_needed = False
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            parts.append(line.decode("ascii"))
            continue
        try:
            parts.append(line.decode("utf-8"))
            utf8_needed = True
            continue
        except UnicodeDecodeError:
            pass
        try:
            parts.append(line.decode("cp1252"))
        except UnicodeDecodeError:
            raise InputError(
                Problem(
                    f"{name}:{number}",
                    "cannot read the file: this line is neither UTF-8 nor Windows-1252 text",
                )
            ) from None
        legacy.append(number)
    return Decoded("".join(parts), tuple(legacy) if utf8_needed else ())


def mixed_encoding_warning(name: str, lines: tuple[int, ...]) -> list[Problem]:
    """One warning listing the lines read as Windows-1252 in an otherwise UTF-8 file."""
    if not lines:
        return []
    listed = ", ".join(str(n) for n in lines[:LISTED_LINES])
    more = len(lines) - LISTED_LINES
    if more > 0:
        listed += f" and {more} more"
    noun, verb = ("line", "is") if len(lines) == 1 else ("lines", "are")
    return [
        Problem(
            f"{name}:{lines[0]}",
            f"the file mixes encodings: {noun} {listed} {verb} not UTF-8 and were read as "
            "Windows-1252, the rest as UTF-8; check the accented letters on those lines",
            Severity.WARNING,
        )
    ]


def joined_rows_warning(
    name: str,
    records: list[tuple[int, list[str]]],
    delimiter: str,
    columns: int,
) -> list[Problem]:
    """A warning when a quoted cell swallowed what look like whole rows (a stray quote).

    A cell may hold line breaks (an address, a pasted note), but a line inside a cell
    that holds as many delimiters as a row has separators is almost surely a row that
    an unclosed quote mark joined to the record above. Named: the first such record,
    the lines it spans, and how many records are like it.

    Args:
        name: The file name for messages.
        records: The records under the header, each with its starting physical line.
        delimiter: The file's delimiter.
        columns: How many columns the header row has.
    """
    if columns < 3:
        return []  # with two columns one comma in a note would look like a row
    needed = columns - 1
    suspects: list[int] = []
    starts = [start for start, _ in records]
    for index, (start, cells) in enumerate(records):
        if index + 1 < len(records) and starts[index + 1] == start + 1:
            continue  # one physical line: no cell of it holds a line break
        for cell in cells:
            if "\n" in cell and any(
                segment.count(delimiter) >= needed for segment in cell.split("\n")[1:]
            ):
                suspects.append(index)
                break
    if not suspects:
        return []
    first = suspects[0]
    start, cells = records[first]
    end = start + sum(cell.count("\n") for cell in cells)
    more = len(suspects) - 1
    also = f" ({more} more record(s) like it)" if more else ""
    return [
        Problem(
            f"{name}:{start}",
            f"the record starting on this line spans lines {start} to {end} and holds what "
            'look like whole rows: a stray quote mark (") may have joined rows together'
            f"{also}; so fewer entries than rows were read. Check the quote marks; the "
            "rows are kept as read",
            Severity.WARNING,
        )
    ]
