"""The merged chronology written to a CSV or Excel file a row at a time (issue 24).

``render(data, "chronology", ...)`` needs the whole review in memory; this takes the
entries as an iterable (read from the database as they are written), so the memory an
export needs does not grow with the chronology. The cells are those of
``sheets.chronology_sheet`` (the same functions make them) and the file is written
atomically and owner-only, as every export is. Not pseudonymised: the publishable
form is checked as a whole (``exporters.prepare``). Word has no such path: python-docx
builds the whole document in memory before it saves it (the library's floor).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from workshop_tui.domain.models import ChronologyEntry, ReviewData

from .errors import ExportError
from .files import write_atomic_stream
from .review_view import ReviewView
from .sheets import Sheet, chronology_columns, chronology_row, write_csv, write_xlsx
from .targets import check_target

STREAMED_FORMATS = ("csv", "xlsx")
"""The chronology's formats written a row at a time."""


def write_chronology_file(
    data: ReviewData,
    extra_keys: Sequence[str],
    entries: Iterable[ChronologyEntry],
    count: int,
    target: Path,
    fmt: str,
    *,
    generated_at: dt.datetime,
    protected: Iterable[Path | str] = (),
) -> Path:
    """Write the chronology of ``data`` (its review and agencies; ``data.entries`` unused)
    with ``entries`` (``count`` of them, in merged order, whose extra columns are
    ``extra_keys``) to ``target`` as ``fmt``.

    Raises:
        ExportError: ``fmt`` is not one of :data:`STREAMED_FORMATS`, or the chronology
            is wider than an Excel sheet (nothing written).
        UnsafeTarget: ``target`` must not be replaced (nothing written).
        OSError: the file could not be written (the old file, if any, is untouched).
    """
    if fmt not in STREAMED_FORMATS:
        raise ExportError(f"the chronology is written row by row only as .csv or .xlsx, not .{fmt}")
    protected = tuple(protected)
    check_target(target, protected)
    view = ReviewView(data)
    sheet = Sheet("Merged chronology", data.review.marking, chronology_columns(extra_keys), [])
    rows = (chronology_row(view, entry, extra_keys) for entry in entries)

    def write(out: IO[bytes]) -> None:
        if fmt == "xlsx":
            write_xlsx(sheet, rows, count, generated_at, out)
        else:
            write_csv(sheet.columns, rows, out)

    return write_atomic_stream(target, write, protected)
