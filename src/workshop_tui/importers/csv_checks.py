"""What a CSV file can hide: lines in two encodings, rows joined by a stray quote mark.

Both used to pass without a word. A file with UTF-8 and Windows-1252 lines (two
exports pasted together) was decoded entirely as Windows-1252, so every UTF-8 name
became mojibake; a storm of unbalanced quote marks folded rows into the cells of the
rows before them, with only an "out of date order" warning to show for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workshop_tui.domain.problems import InputError, Problem, Severity

_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")

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
    parts: list[str] = []
    legacy: list[int] = []
    utf8_needed = False
    # Line by line as bytes.splitlines(keepends=True) splits them, one at a time, the
    # decoded lines joined a thousand at a time (a list of every line would hold each
    # line's object as well as its text).
    chunks: list[str] = []
    for number, match in enumerate(_LINE.finditer(data), start=1):
        if len(parts) >= 1000:
            chunks.append("".join(parts))
            parts.clear()
        line = match.group()
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
    chunks.append("".join(parts))
    return Decoded("".join(chunks), tuple(legacy) if utf8_needed else ())


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
    watch = JoinedRows(name, delimiter, columns)
    for record in records:
        watch.see(record)
    return watch.warnings()


class JoinedRows:
    """:func:`joined_rows_warning` one record at a time (a file read as a stream)."""

    __slots__ = ("_count", "_first", "_needed", "_pending", "delimiter", "name")

    def __init__(self, name: str, delimiter: str, columns: int) -> None:
        self.name, self.delimiter = name, delimiter
        # With two columns one comma in a note would look like a row: never a suspect.
        self._needed = columns - 1 if columns >= 3 else None
        self._pending: tuple[int, list[str]] | None = None
        self._first: tuple[int, list[str]] | None = None
        self._count = 0

    def see(self, record: tuple[int, list[str]]) -> None:
        """Take the file's next record (its starting line and cells)."""
        if self._needed is None:
            return
        pending = self._pending
        self._pending = record
        if pending is not None and record[0] != pending[0] + 1:
            self._judge(pending)  # it spans more than one physical line

    def _judge(self, record: tuple[int, list[str]]) -> None:
        needed, delimiter = self._needed, self.delimiter
        assert needed is not None
        for cell in record[1]:
            if "\n" in cell and any(
                segment.count(delimiter) >= needed for segment in cell.split("\n")[1:]
            ):
                self._count += 1
                if self._first is None:
                    self._first = record
                return

    def warnings(self) -> list[Problem]:
        """The warning for the records seen (at most one)."""
        if self._pending is not None:
            self._judge(self._pending)  # the last record: nothing follows it
            self._pending = None
        if self._first is None:
            return []
        start, cells = self._first
        end = start + sum(cell.count("\n") for cell in cells)
        more = self._count - 1
        also = f" ({more} more record(s) like it)" if more else ""
        return [
            Problem(
                f"{self.name}:{start}",
                f"the record starting on this line spans lines {start} to {end} and holds what "
                'look like whole rows: a stray quote mark (") may have joined rows together'
                f"{also}; so fewer entries than rows were read. Check the quote marks; the "
                "rows are kept as read",
                Severity.WARNING,
            )
        ]
