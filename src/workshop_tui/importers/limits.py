"""The documented limits on a chronology file, checked before its rows become entries.

Real chronologies run to tens of thousands of rows and a few dozen columns. A file
far beyond that is damaged or built to exhaust memory: a CSV with a million columns
imported, then made every export of the chronology fail. Two million rows needed more
than 1.5 GB when a pack was read whole; the import now stores each entry as it is read
(``importers.pack.PackStream``, ``storage.bulk``), so the memory a CSV file's rows need
no longer grows with their number, and the row limit is set where a file is still
useful to read (two million rows pass; the file size limit comes first for most
files). Each limit is refused with a message naming the file, where, and the limit
(README: "Limits"); a file refused part-way through the import leaves the database
as it was (one transaction):

- :data:`MAX_ROWS` records in one chronology file (or sheet, or Word table);
- :data:`MAX_COLUMNS` columns in any row;
- ``rows.MAX_CELL_CHARS`` characters in a cell (the row is kept, needing attention);
- ``pack.MAX_FILE_BYTES`` for a chronology file, ``archive.MAX_ARCHIVE_BYTES`` for an
  archive, and the ZIP limits of ``packages`` for workbooks and Word documents.
"""

from __future__ import annotations

from workshop_tui.domain.problems import InputError, Problem

MAX_ROWS = 2_000_000
"""Records in one chronology file, sheet or table."""
MAX_COLUMNS = 16_384
"""Columns in one row: as many as an Excel sheet holds (column XFD), so that whatever is
imported from one file can be written back out as a workbook."""


def too_many_rows(location: str) -> InputError:
    """The refusal of a file with more than :data:`MAX_ROWS` records, found at ``location``."""
    return InputError(
        Problem(
            location,
            f"refused: the file has more than {MAX_ROWS:,} rows, the limit for one "
            "chronology file; split it into several files",
        )
    )


def check_columns(width: int, location: str) -> None:
    """Refuse a row of more than :data:`MAX_COLUMNS` columns.

    Raises:
        InputError: naming ``location`` (``FILE:LINE``), the row's width and the limit.
    """
    if width > MAX_COLUMNS:
        raise InputError(
            Problem(
                location,
                f"refused: this row has {width:,} columns; the limit is {MAX_COLUMNS:,} "
                "(the file is damaged, or not a chronology)",
            )
        )
