"""Excel chronologies: the first sheet whose header row has a date column.

Cover sheets (notes, a front page) come before the data in many workbooks and
are skipped; the header row may sit below a few title rows. Real Excel date
cells and dates typed as text are both read; a bare number in the date column is
an error, never a guessed serial date.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from itertools import chain
from typing import Any

from workshop_tui.domain.display import visible
from workshop_tui.domain.models import ChronologyEntry
from workshop_tui.domain.problems import InputError, Problem, Severity
from workshop_tui.domain.tracker import column_letter
from workshop_tui.importers import limits
from workshop_tui.importers.headers import HeaderMap, find_header
from workshop_tui.importers.packages import check_package, describe_error
from workshop_tui.importers.rows import RowBuilder, RowResult, cell_text, preamble_warning

#: How many rows at the top of a sheet to search for the header row.
HEADER_SEARCH_ROWS = 10

# Excel writes a character that XML cannot hold (ESC, a carriage return, NUL) as
# ``_xHHHH_``, and a literal ``_x`` that would read as such as ``_x005F_x``; openpyxl
# hands both over as they are in the file.
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_(?:_x([0-9A-Fa-f]{4})_)?")


def _unescaped(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    low = match.group(2)
    if 0xD800 <= code <= 0xDBFF and low is not None and 0xDC00 <= int(low, 16) <= 0xDFFF:
        return chr(0x10000 + ((code - 0xD800) << 10) + (int(low, 16) - 0xDC00))
    # Half a surrogate pair cannot be stored as text: kept as the file wrote it.
    text = match.group()[:7] if 0xD800 <= code <= 0xDFFF else chr(code)
    return text if low is None else text + _ESCAPED.sub(_unescaped, f"_x{low}_")


def unescape(text: str) -> str:
    """A cell's string as Excel meant it: every ``_xHHHH_`` escape decoded (``_x001B_`` is ESC).

    A lone half of a surrogate pair cannot be text, so it stays as written.
    """
    if "_x" not in text:
        return text
    return _ESCAPED.sub(_unescaped, text)


def _rows(sheet: Any) -> Iterator[list[object]]:
    # The declared used range is a claim of the file's: A1:XFD1048576 (common in exports
    # from case-management systems) padded each of a 3-row sheet's rows to 16,384 cells.
    # Forgotten, each row holds its filled cells and the time follows them.
    sheet.reset_dimensions()
    for values in sheet.iter_rows(min_row=1, values_only=True):
        yield [unescape(value) if value.__class__ is str else value for value in values]


def _open_workbook(data: bytes, name: str) -> Any:
    import openpyxl

    from workshop_tui.importers import xlsx_cells

    xlsx_cells.install()  # a cell openpyxl cannot convert is its text, not a refusal
    check_package(data, name, "workbook")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged or foreign file
        raise InputError(
            Problem(name, f"cannot open as an Excel workbook (.xlsx): {describe_error(error)}")
        ) from None


def _find_header(
    rows: list[tuple[int, list[object]]], overrides: Mapping[str, str] | None
) -> tuple[int, HeaderMap | None, HeaderMap | None]:
    """The header row's position and map, or the widest candidate row for a message."""
    position, header_map, failures = find_header(
        [[cell_text(value) for value in values] for _, values in rows], overrides
    )
    if header_map is not None:
        return position, header_map, None
    return -1, None, max(failures, key=lambda h: sum(map(bool, h.headers)), default=None)


def read_xlsx(
    data: bytes,
    name: str,
    agency: str,
    overrides: Mapping[str, str] | None = None,
) -> RowResult:
    """Read an Excel chronology into entries for one agency.

    Args:
        data: The file's bytes.
        name: The file's path relative to the case pack (posix), used as ``source_file``.
        agency: The agency key.
        overrides: ``columns`` from ``case.toml`` (field name to header).

    Returns:
        Entries (bad rows kept, with ``error`` set), located ``FILE[Sheet]:ROW``, and a
        problem per bad row.

    Raises:
        InputError: The file is not a workbook, or no sheet has a header row with a date column.
    """
    result = RowResult()
    result.entries = list(iter_xlsx(data, name, agency, overrides, result))
    return result


def iter_xlsx(
    data: bytes,
    name: str,
    agency: str,
    overrides: Mapping[str, str] | None,
    result: RowResult,
) -> Iterator[ChronologyEntry]:
    """:func:`read_xlsx` as a stream: each entry is yielded as its row is read (openpyxl's
    read-only mode parses the sheet as it goes), and ``result`` gains the header maps and,
    after the last entry, the problems.

    Which sheets are read is decided first, each sheet read only until its header row
    and first entry; then the chosen sheets are read through.

    Raises:
        InputError: as :func:`read_xlsx`, possibly after some entries were yielded.
    """
    workbook = _open_workbook(data, name)
    try:
        yield from _iter_workbook(workbook, name, agency, overrides, result)
        result.problems.extend(_hidden_warnings(workbook, data, name, result))
    except InputError:
        raise
    except Exception as error:  # a damaged sheet can fail part-way through reading
        raise InputError(
            Problem(name, f"cannot read the workbook: {describe_error(error)}")
        ) from None
    finally:
        workbook.close()


TEAM = "Team (sheet)"
"""The column each entry of a workbook of several chronology sheets gains: its sheet's name."""


def _teams_warning(name: str, titles: list[str]) -> Problem:
    """The warning of a workbook whose several sheets are each a chronology (one per team)."""
    shown = ", ".join(f'"{visible(title, one_line=True)}"' for title in titles)
    return Problem(
        name,
        f"{len(titles)} sheets are chronologies ({shown}): all are read as this "
        f"agency's entries, each with its sheet's name as its team (column \"{TEAM}\")",
        Severity.WARNING,
    )


_HIDDEN_ROW = re.compile(
    rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"|<row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"'
)
_HIDDEN_COL = re.compile(rb'<col\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_COL_RANGE = re.compile(rb'\bmin="(\d+)"[^>]*?\bmax="(\d+)"|\bmax="(\d+)"[^>]*?\bmin="(\d+)"')


def hidden_rows_and_columns(sheet_xml: bytes) -> tuple[list[int], list[int]]:
    """The row numbers and column numbers (1 = A) a sheet's XML marks hidden."""
    if b'hidden="' not in sheet_xml:
        return [], []
    rows = [int(m[1] or m[2]) for m in _HIDDEN_ROW.finditer(sheet_xml)]
    columns: list[int] = []
    for col in _HIDDEN_COL.finditer(sheet_xml):
        span = _COL_RANGE.search(col[0])
        if span is not None:
            low, high = (int(span[1]), int(span[2])) if span[1] else (int(span[4]), int(span[3]))
            columns.extend(range(low, min(high, low + 50) + 1))
    return rows, columns


def _hidden_warnings(workbook: Any, data: bytes, name: str, result: RowResult) -> list[Problem]:
    """A warning per sheet read that Excel hides, or that hides rows or columns: they are
    imported all the same (hidden does not mean deleted)."""
    parts = {part for part, _ in result.header_maps}
    warnings: list[Problem] = []
    archive: zipfile.ZipFile | None = None
    try:
        for sheet in workbook.worksheets:
            if sheet.title not in parts:
                continue
            where = f"{name}[{sheet.title}]"
            if getattr(sheet, "sheet_state", "visible") != "visible":
                warnings.append(
                    Problem(
                        where,
                        "this sheet is hidden in Excel; its rows are imported all the same "
                        "(hidden does not mean deleted)",
                        Severity.WARNING,
                    )
                )
            path = getattr(sheet, "_worksheet_path", None)
            if path is None:
                continue
            if archive is None:
                archive = zipfile.ZipFile(io.BytesIO(data))
            try:
                xml = archive.read(path)
            except KeyError:
                continue
            rows, columns = hidden_rows_and_columns(xml)
            if not rows and not columns:
                continue
            said = []
            if rows:
                more = ", ..." if len(rows) > 20 else ""
                said.append(f"rows {', '.join(map(str, rows[:20]))}{more}")
            if columns:
                said.append(f"columns {', '.join(column_letter(c) for c in columns[:20])}")
            warnings.append(
                Problem(
                    where,
                    f"{' and '.join(said)} are hidden in Excel; imported all the same "
                    "(hidden does not mean deleted): check them",
                    Severity.WARNING,
                )
            )
    finally:
        if archive is not None:
            archive.close()
    return warnings


class _SheetPlan:
    """A sheet with a header row, read up to its first entry to decide whether it is read."""

    __slots__ = ("columns", "has_entries", "header_map", "position", "sheet", "top")

    def __init__(
        self, sheet: Any, header_map: HeaderMap, position: int, top: list[tuple[int, list[object]]]
    ) -> None:
        self.sheet, self.header_map, self.position, self.top = sheet, header_map, position, top
        self.columns = len(header_map.columns)
        self.has_entries = False


def _sheet_rows(
    name: str, plan: _SheetPlan, rows: Iterator[list[object]]
) -> Iterator[tuple[int, list[object]]]:
    """The rows under the header row, numbered, checked against the limits as they are read."""
    title = plan.sheet.title
    start = len(plan.top) + 1
    for number, values in chain(plan.top[plan.position + 1 :], enumerate(rows, start=start)):
        if len(values) > limits.MAX_COLUMNS:
            limits.check_columns(len(values), f"{name}[{title}]:{number}")
        if number > limits.MAX_ROWS + 1:  # the header row is row 1 at the earliest
            raise limits.too_many_rows(f"{name}[{title}]:{number}")
        yield number, values


def _iter_workbook(
    workbook: Any,
    name: str,
    agency: str,
    overrides: Mapping[str, str] | None,
    result: RowResult,
) -> Iterator[ChronologyEntry]:
    # Cover sheets can look like a header row ("Date | 01/05/2024"), so a sheet whose
    # header maps the date and another field, with rows below it, is preferred; failing
    # that, the first sheet with rows; failing that, the first sheet with a header row.
    # Several sheets that are each a chronology (one per team) are all read, for the
    # one agency, each entry keeping its sheet's name as its team.
    candidates: list[tuple[str, HeaderMap]] = []
    found: list[_SheetPlan] = []
    for sheet in workbook.worksheets:
        rows = _rows(sheet)
        top: list[tuple[int, list[object]]] = []
        for number, values in enumerate(rows, start=1):
            top.append((number, values))
            if number >= HEADER_SEARCH_ROWS:
                break
        position, header_map, widest = _find_header(top, overrides)
        if header_map is None:
            if widest is not None:
                candidates.append((sheet.title, widest))
            continue
        plan = _SheetPlan(sheet, header_map, position, top)
        probe = RowResult()
        builder = RowBuilder(agency, name, sheet.title, header_map)
        for number, values in _sheet_rows(name, plan, rows):
            builder.add(values, number, probe)
            if probe.entries:
                plan.has_entries = True
                break
        found.append(plan)
    chronologies = [p for p in found if p.has_entries and p.columns >= 2]
    if not chronologies:
        first = next((p for p in found if p.has_entries), found[0] if found else None)
        if first is None:
            if not candidates:
                raise InputError(Problem(name, "the workbook is empty: no sheet has any cells"))
            sheet_title, best = max(candidates, key=lambda c: sum(map(bool, c[1].headers)))
            message = best.problem() or "no date column"
            raise InputError(Problem(f"{name}[{sheet_title}]", message))
        chronologies = [first]
    teams = len(chronologies) > 1
    if teams:
        result.problems.append(_teams_warning(name, [p.sheet.title for p in chronologies]))
    for plan in chronologies:
        title = plan.sheet.title
        result.header_maps.append((title, plan.header_map))
        header_line = plan.top[plan.position][0]
        skipped = [n for n, values in plan.top[: plan.position] if any(map(cell_text, values))]
        result.problems += preamble_warning(f"{name}[{title}]:{header_line}", skipped, header_line)
        builder = RowBuilder(agency, name, title, plan.header_map)
        rows = _rows(plan.sheet)
        for _ in range(len(plan.top)):  # read again from the top: the rows below them
            next(rows, None)
        entries = result.entries
        for number, values in _sheet_rows(name, plan, rows):
            builder.add(values, number, result)
            if entries:
                for entry in entries:
                    if teams:
                        entry.extra[TEAM] = title
                    yield entry
                entries.clear()
