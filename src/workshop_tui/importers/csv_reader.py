"""CSV chronologies as agencies save them: any of three delimiters, UTF-8 or Windows-1252.

Bytes in, rows out. The text is UTF-8 (with or without a byte-order mark),
UTF-16 with a byte-order mark (Excel's "Unicode text"), or else Windows-1252;
each is decoded strictly so that a wrong guess fails instead of garbling names.
The delimiter (``,`` ``;`` or tab) is chosen by counting it outside quotes on the
first lines and confirmed by finding a header row with a date column. Line
numbers are physical lines (header = 1 when it is the first line), counting the
line breaks inside quoted cells.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from workshop_tui.domain.models import ChronologyEntry
from workshop_tui.domain.problems import InputError, Problem
from workshop_tui.importers import limits, rows
from workshop_tui.importers.csv_checks import (
    Decoded,
    JoinedRows,
    decode_by_line,
    mixed_encoding_warning,
)
from workshop_tui.importers.headers import HeaderMap, find_header
from workshop_tui.importers.rows import RowBuilder, RowResult, preamble_warning

#: How many records to search for the header row (a title, guidance and the case details
#: may sit above it: a warning names those rows).
HEADER_SEARCH_ROWS = 10
DELIMITERS = (",", ";", "\t")
#: The csv module's own field limit (its default of 128 KB would drop a long pasted cell):
#: no cell is longer than the file that holds it, and a record is never dropped for its
#: size. A cell over ``rows.MAX_CELL_CHARS`` makes its entry need attention instead.
CSV_FIELD_LIMIT = 2**31 - 1

_MAGIC = (
    (b"PK\x03\x04", "a ZIP file (an Excel or Word file renamed to .csv?)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.xls or .doc); save it as .xlsx or .csv"),
    (b"%PDF", "a PDF file, not CSV"),
)

# Bytes that occur in text: tab, line breaks, form feed, and everything from space up;
# also BEL and ESC, which a system's export leaves in text as colour codes and titles
# (kept, and shown visibly), so that a few such cells do not make a file look binary.
_TEXT_BYTES = bytes([7, 9, 10, 11, 12, 13, 27, *range(32, 256)])


@dataclass(frozen=True, slots=True)
class CsvTable:
    """A decoded CSV file: its header row and records, each with its starting line."""

    header_line: int
    header_map: HeaderMap
    records: list[tuple[int, list[str]]]


def decode(data: bytes, name: str) -> str:
    """Decode a text file strictly: UTF-8 (BOM or not), UTF-16 with a BOM, then Windows-1252.

    Args:
        data: The file's bytes.
        name: The file name for messages (relative to the pack).

    Returns:
        The text, without a byte-order mark.

    Raises:
        InputError: The file is binary or cannot be decoded.
    """
    return decode_text(data, name).text


def decode_text(data: bytes, name: str) -> Decoded:
    """Like :func:`decode`, also naming the lines read as Windows-1252 in a UTF-8 file.

    A file that is not UTF-8 as a whole is decoded line by line
    (:func:`~workshop_tui.importers.csv_checks.decode_by_line`): each line UTF-8 if it
    can be, else Windows-1252.
    """
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(Problem(name, f"not a CSV file: this is {what}"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise InputError(Problem(name, "cannot read the file: broken UTF-16 text")) from None
    # A few control bytes come from text pasted out of Word; many mean a binary file.
    if len(data.translate(None, _TEXT_BYTES)) > max(8, len(data) // 50):
        raise InputError(Problem(name, "not a CSV file: it looks like a binary file"))
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        # utf-8-sig drops the byte-order mark without copying the bytes first.
        return Decoded(data.decode("utf-8-sig" if bom else "utf-8"))
    except UnicodeDecodeError:
        pass
    if bom:
        data = data[3:]
    # Windows-1252 as a whole, or line by line where UTF-8 lines are mixed in.
    return decode_by_line(data, name)


# A physical line and its ending (\r\n, \r or \n, kept), as io.StringIO(newline="") reads them.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def text_lines(text: str, start: int = 0) -> Iterator[str]:
    """The physical lines of ``text`` from offset ``start``, each with its line ending, as
    ``io.StringIO(text, newline="")`` gives them, made one at a time: a StringIO read from
    holds the text again at four bytes a character (a 160 MB file took 650 MB more)."""
    if text.find("\r", start) == -1:  # nearly every file: lines end at \n alone
        return _lines_at_newlines(text, start)
    return map(re.Match.group, _LINE.finditer(text, start))


def _lines_at_newlines(text: str, start: int) -> Iterator[str]:
    """:func:`text_lines` of a text without ``\r``: found with ``str.find`` (a scan in C)
    rather than the pattern's look at every character (7% of a 10,000-row import)."""
    find = text.find
    end = len(text)
    while start < end:
        stop = find("\n", start) + 1
        if not stop:
            yield text[start:]
            return
        yield text[start:stop]
        start = stop


def count_outside_quotes(line: str, delimiter: str) -> int:
    """How many times ``delimiter`` occurs in ``line`` outside double quotes."""
    count = 0
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


@contextlib.contextmanager
def _large_cells() -> Iterator[None]:
    old = csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _iter_records(
    text: str, delimiter: str, name: str, problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    """Every record with its starting physical line; a malformed record becomes a problem.

    Read within ``_large_cells()``.
    """
    reader = csv.reader(text_lines(text), delimiter=delimiter, quotechar='"')
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(f"{name}:{start}", f"cannot read this record: {error}"))
            start = reader.line_num + 1
            continue
        yield start, row
        start = reader.line_num + 1


def _check_closed(text: str, delimiter: str, name: str, last: tuple[int, list[str]]) -> None:
    """Refuse a last record whose quoted cell runs to the end of the file unclosed.

    The csv module (not strict) silently ends such a cell at the end of the file,
    so every row after the stray quote would become part of one cell. Called within
    ``_large_cells()``.
    """
    start, cells = last
    if not any("\n" in cell or "\r" in cell for cell in cells):
        return
    end = 0
    offset = 0
    for end, line in enumerate(_LINE.finditer(text), start=1):
        if end == start:
            offset = line.start()
    strict = csv.reader(text_lines(text, offset), delimiter=delimiter, quotechar='"', strict=True)
    try:
        for _ in strict:
            pass
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise InputError(
                Problem(
                    f"{name}:{start}",
                    "a quoted cell that starts in this record is never closed, so lines "
                    f"{start} to {end} would all be read as one cell; check the quote marks "
                    '(") in this record',
                )
            ) from None


def _candidate_delimiters(text: str) -> list[str]:
    lines = [line for line in text[:20000].splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    best = {
        d: max((count_outside_quotes(line, d) for line in lines), default=0) for d in DELIMITERS
    }
    # Most frequent first; ties keep the order of DELIMITERS (comma first).
    return sorted(DELIMITERS, key=lambda d: -best[d])


def read_csv_table(
    data: bytes, name: str, overrides: Mapping[str, str] | None = None
) -> tuple[CsvTable, list[Problem]]:
    """Decode a CSV file and find its header row.

    Args:
        data: The file's bytes.
        name: The file name for messages.
        overrides: ``columns`` from ``case.toml`` (field name to header).

    Returns:
        The table and the problems with individual records (never fatal).

    Raises:
        InputError: The file cannot be decoded or has no header row with a date column.
    """
    opened = _open_table(data, name, overrides)
    records = list(opened.records())
    return CsvTable(opened.header_line, opened.header_map, records), opened.problems()


class _OpenTable:
    """A CSV file whose header row is found, its records read as they are asked for."""

    def __init__(
        self,
        name: str,
        text: str,
        delimiter: str,
        top: list[tuple[int, list[str]]],
        position: int,
        header_map: HeaderMap,
        rest: Iterator[tuple[int, list[str]]],
        problems: list[Problem],
        windows_1252_lines: tuple[int, ...],
    ) -> None:
        self.name, self.text, self.delimiter = name, text, delimiter
        self.top, self.position, self.header_map = top, position, header_map
        self.header_line = top[position][0]
        self._rest = rest
        self._problems = problems
        self._windows_1252_lines = windows_1252_lines
        self._joined = JoinedRows(name, delimiter, len(header_map.headers))

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """Every record under the header row, each checked against the limits as it is read.

        Raises:
            InputError: more than ``limits.MAX_ROWS`` records, a row wider than
                ``limits.MAX_COLUMNS``, or a quoted cell never closed.
        """
        name = self.name
        limits.check_columns(len(self.header_map.headers), f"{name}:{self.header_line}")
        last = self.top[self.position]
        count = 0
        with _large_cells():
            for record in itertools.chain(self.top[self.position + 1 :], self._rest):
                count += 1
                if count > limits.MAX_ROWS:
                    raise limits.too_many_rows(f"{name}:{record[0]}")
                if len(record[1]) > limits.MAX_COLUMNS:
                    limits.check_columns(len(record[1]), f"{name}:{record[0]}")
                self._joined.see(record)
                last = record
                yield record
            _check_closed(self.text, self.delimiter, name, last)

    def problems(self) -> list[Problem]:
        """The problems of the records read, and the file's warnings (once they are read)."""
        line = self.header_line
        found = [p for p in self._problems if _line_of(p) > line]
        skipped = [
            start for start, cells in self.top[: self.position] if any(c.strip() for c in cells)
        ]
        found += preamble_warning(f"{self.name}:{line}", skipped, line)
        found += mixed_encoding_warning(self.name, self._windows_1252_lines)
        found += self._joined.warnings()
        return found


def _open_table(data: bytes, name: str, overrides: Mapping[str, str] | None) -> _OpenTable:
    """Decode a CSV file and find its header row (see :func:`read_csv_table`)."""
    # NULs stay in the records so that the row that held them is named when they are
    # removed (RowBuilder.add).
    decoded = decode_text(data, name)
    text = decoded.text
    first_failure: HeaderMap | None = None
    # Every delimiter is tried with exact header synonyms before any by words, so that a
    # wrong delimiter's one-cell header "Date;Details;Outcome" is not read as a date column.
    attempts = [(by_words, d) for by_words in (False, True) for d in _candidate_delimiters(text)]
    with _large_cells():
        for by_words, delimiter in attempts:
            problems: list[Problem] = []
            # Only the top records are read until a delimiter gives a header row, so a
            # wrong first guess does not parse the whole file.
            records = _iter_records(text, delimiter, name, problems)
            top = list(itertools.islice(records, HEADER_SEARCH_ROWS))
            position, header_map, failures = find_header(
                [cells for _, cells in top], overrides, by_words=by_words
            )
            if header_map is not None:
                return _OpenTable(
                    name,
                    text,
                    delimiter,
                    top,
                    position,
                    header_map,
                    records,
                    problems,
                    decoded.windows_1252_lines,
                )
            if first_failure is None and failures:
                first_failure = failures[0]
    if first_failure is None:
        raise InputError(Problem(name, "the file is empty: no header row and no records"))
    raise InputError(Problem(name, first_failure.problem() or "no header row"))


def _line_of(problem: Problem) -> int:
    return int(problem.location.rsplit(":", 1)[1])


def read_csv(
    data: bytes,
    name: str,
    agency: str,
    overrides: Mapping[str, str] | None = None,
) -> RowResult:
    """Read a CSV chronology into entries for one agency.

    Args:
        data: The file's bytes.
        name: The file's path relative to the case pack (posix), used as ``source_file``.
        agency: The agency key.
        overrides: ``columns`` from ``case.toml``.

    Returns:
        Entries (bad rows kept, with ``error`` set) and a problem per bad row.

    Raises:
        InputError: The file cannot be used at all.
    """
    result = RowResult()
    result.entries = list(iter_csv(data, name, agency, overrides, result))
    return result


def iter_csv(
    data: bytes,
    name: str,
    agency: str,
    overrides: Mapping[str, str] | None,
    result: RowResult,
) -> Iterator[ChronologyEntry]:
    """:func:`read_csv` as a stream: each entry is yielded as its record is read, and
    ``result`` gains the header map and, once the last entry is yielded, the problems.

    Nothing of the file's records is held but the one being read: an import inserts
    each entry as it comes (``storage.bulk``).

    Raises:
        InputError: The file cannot be used at all (possibly after some entries: a limit
            passed, a quoted cell never closed at the end).
    """
    table = _open_table(data, name, overrides)
    result.header_maps.append(("", table.header_map))
    builder = RowBuilder(
        agency,
        name,
        "",
        table.header_map,
        may_hold_nul=b"\x00" in data,
        may_hold_long_cells=len(data) > rows.MAX_CELL_CHARS,
    )
    entries = result.entries
    for line, cells in table.records():
        builder.add(cells, line, result)
        if entries:
            yield from entries
            entries.clear()
    result.problems[:0] = table.problems()
    result.problems.sort(key=_line_of)
