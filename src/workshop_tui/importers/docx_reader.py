"""Word chronologies: the chronology table(s) in a .docx document.

A table is a chronology table when one of its first rows maps to a date column.
Tables before the first one (a cover table of author and agency, say) are
skipped. After it, a table without a header row but with the same number of
columns continues the chronology (Word documents are often split into one
table per year or per page); any other table is reported as ignored, so that
nothing disappears silently. Rows are numbered within their table (the table's
first row is row 1) and tables are numbered among all the document's tables.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from workshop_tui.domain.problems import InputError, Problem, Severity
from workshop_tui.importers import limits
from workshop_tui.importers.headers import HeaderMap, find_header, map_headers
from workshop_tui.importers.packages import MAX_WORD_XML_BYTES, check_package, describe_error
from workshop_tui.importers.rows import RowBuilder, RowResult, clean_text, preamble_warning

#: How many rows at the top of a table to search for its header row.
HEADER_SEARCH_ROWS = 6
#: Word allows 63 columns; a row claiming more than this is damaged or hostile (a
#: gridSpan of 100,000,000 would otherwise build a list that exhausts memory).
MAX_COLUMNS = 1000


def _open_document(data: bytes, name: str) -> Any:
    import docx

    check_package(data, name, "Word document", MAX_WORD_XML_BYTES)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many types for a damaged or foreign file
        raise InputError(
            Problem(name, f"cannot open as a Word document (.docx): {describe_error(error)}")
        ) from None


def _table_texts(table: Any, name: str, table_number: int) -> list[list[str]]:
    """Each row's text per grid column; a merged cell's text only in its first column.

    A horizontally merged cell (``gridSpan``) gives its text once, then empty columns.
    A vertically merged cell's later rows (``vMerge`` continue) repeat the text of the
    cell that starts the merge, found at the same grid column of the row above, so
    every row names (say) its agency. python-docx finds that cell by recursing up one
    row at a time from every row, which for a column merged down 3,000 rows took 40 s
    and then exceeded the recursion limit; here one pass keeps the text of each grid
    column of the row above, so the time is linear in the cells. A row that starts
    after the first grid column is padded so that columns stay aligned with headers.
    """
    from docx.table import _Cell

    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for index, tr in enumerate(table._tbl.tr_lst, 1):
        if index > limits.MAX_ROWS + 1:  # the header row and MAX_ROWS below it
            raise limits.too_many_rows(f"{name}[table {table_number}]:{index}")
        _checked(tr, name, table_number, index)
        offset = int(tr.grid_before or 0)
        texts = [""] * offset
        here: dict[int, str] = {}
        for tc in tr.tc_lst:
            span = int(tc.grid_span or 1)
            if tc.vMerge == "continue":
                text = above.get(offset, "")
            else:
                cell = _Cell(tc, table)
                text = clean_text("\n".join(paragraph.text for paragraph in cell.paragraphs))
            texts.append(text)
            texts.extend([""] * (span - 1))
            here[offset] = text
            offset += span
        above = here
        rows.append(texts)
    return rows


def read_docx(
    data: bytes,
    name: str,
    agency: str,
    overrides: Mapping[str, str] | None = None,
) -> RowResult:
    """Read a Word chronology into entries for one agency.

    Args:
        data: The file's bytes.
        name: The file's path relative to the case pack (posix), used as ``source_file``.
        agency: The agency key.
        overrides: ``columns`` from ``case.toml`` (field name to header).

    Returns:
        Entries (bad rows kept, with ``error`` set), located ``FILE[table N]:ROW``, a
        problem per bad row and a warning per table that was ignored.

    Raises:
        InputError: The file is not a Word document, or none of its tables has a date column.
    """
    document = _open_document(data, name)
    try:
        return _read_tables(document.tables, name, agency, overrides)
    except InputError:
        raise
    except Exception as error:  # a damaged table can fail part-way through reading
        raise InputError(
            Problem(name, f"cannot read the document's tables: {type(error).__name__}: {error}")
        ) from None


def _read_tables(
    tables: list[Any], name: str, agency: str, overrides: Mapping[str, str] | None
) -> RowResult:
    result = RowResult()
    current: HeaderMap | None = None
    first_failure: tuple[int, HeaderMap] | None = None
    all_rows = [_table_texts(table, name, number) for number, table in enumerate(tables, 1)]
    headers = [_find_header(rows, overrides) for rows in all_rows]
    # A cover table of label/value pairs ("Date | 01/05/2024") maps only the date; when
    # any table maps the date and another field, only such tables start a chronology.
    fields_needed = 2 if any(h and len(h.columns) >= 2 for h, _ in headers) else 1
    for table_number, rows in enumerate(all_rows, start=1):
        part = f"table {table_number}"
        header_map, start = headers[table_number - 1]
        if header_map is not None and len(header_map.columns) < fields_needed:
            header_map = None
        if header_map is not None:
            current = header_map
            skipped = [i + 1 for i in range(start - 1) if any(rows[i])]
            result.problems += preamble_warning(f"{name}[{part}]:{start}", skipped, start)
        elif current is not None and rows and len(rows[0]) == len(current.headers):
            start = 0  # a continuation table: the previous table's headers apply
        else:
            if current is not None and any(any(texts) for texts in rows):
                result.problems.append(
                    Problem(
                        f"{name}[{part}]",
                        "table ignored: it has no date column and does not continue "
                        "the chronology table above it",
                        Severity.WARNING,
                    )
                )
            elif rows and (
                first_failure is None or sum(map(bool, rows[0])) > _width(first_failure)
            ):
                first_failure = (table_number, map_headers(rows[0], overrides))
            continue
        result.header_maps.append((part, current))
        # XML cannot hold NUL: a document that did would not have opened.
        builder = RowBuilder(agency, name, part, current, may_hold_nul=False)
        for index in range(start, len(rows)):
            builder.add(rows[index], index + 1, result)
    if current is None:
        if first_failure is None:
            raise InputError(Problem(name, "no chronology table: the document has no tables"))
        table_number, failed = first_failure
        raise InputError(
            Problem(f"{name}[table {table_number}]", failed.problem() or "no date column")
        )
    return result


def _checked(tr: Any, name: str, table_number: int, row_number: int) -> None:
    """Refuse a row (``w:tr``) whose width in grid columns is not sane."""
    width = int(tr.grid_before or 0) + int(tr.grid_after or 0)
    width += sum(int(tc.grid_span or 1) for tc in tr.tc_lst)
    if width > MAX_COLUMNS:
        raise InputError(
            Problem(
                f"{name}[table {table_number}]:{row_number}",
                f"refused: this row claims {width:,} columns (Word allows 63); "
                "the document is damaged",
            )
        )


def _width(candidate: tuple[int, HeaderMap]) -> int:
    return sum(map(bool, candidate[1].headers))


def _find_header(
    rows: list[list[str]], overrides: Mapping[str, str] | None
) -> tuple[HeaderMap | None, int]:
    """The header map and the index of the first row after it, or (None, 0)."""
    position, header_map, _ = find_header(rows[:HEADER_SEARCH_ROWS], overrides)
    return header_map, position + 1
