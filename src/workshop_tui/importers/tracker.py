"""Read back an action tracker workbook written by ``exporters.tracker`` (issue 13).

Only the reading: which rows and cells the copy holds, and the cells as they were
written (its very hidden sheet). ``domain.tracker.propose`` decides what changed.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from workshop_tui.domain.tracker import (
    BY_HEADER,
    HIDDEN_SHEET,
    MAIN_SHEET,
    TRACKER_FORMAT,
    TRACKER_VERSION,
    SheetRow,
    TrackerProblem,
    TrackerRefused,
    column_letter,
)

MAX_TRACKER_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class TrackerCopy:
    """An edited tracker as read: its rows, and per action id the cells as written."""

    rows: list[SheetRow]
    written: dict[int, dict[str, str]]
    generated_at: str


def _refuse(message: str, row: int = 0, column: str = "") -> TrackerRefused:
    return TrackerRefused([TrackerProblem(row, column, message)])


def read_tracker(source: Path | bytes) -> TrackerCopy:
    """Read a tracker workbook.

    Raises:
        TrackerRefused: not a workbook, not a tracker written by workshop-tui (its hidden
            sheet is missing or damaged), a newer tracker, or a column missing or twice.
    """
    from openpyxl import load_workbook

    if isinstance(source, Path):
        try:
            if source.stat().st_size > MAX_TRACKER_BYTES:
                raise _refuse("the file is larger than any tracker (50 MB)")
            data = source.read_bytes()
        except OSError as error:
            raise _refuse(f"cannot read {source.name}: {error.strerror or error}") from None
    else:
        data = source
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _refuse(f"not an Excel workbook (.xlsx): {error}") from None
    if HIDDEN_SHEET not in book.sheetnames or MAIN_SHEET not in book.sheetnames:
        raise _refuse(
            f"not a tracker written by workshop-tui (no {MAIN_SHEET!r} sheet, or its hidden "
            "sheet is gone): write one with workshop-tui tracker or export REF tracker"
        )
    hidden = book[HIDDEN_SHEET]
    lines = list(hidden.iter_rows(values_only=True))
    if not lines or lines[0][0] != TRACKER_FORMAT:
        raise _refuse("the tracker's hidden sheet is damaged: write a new tracker")
    version = lines[0][1]
    if not isinstance(version, int) or version > TRACKER_VERSION:
        raise _refuse(f"tracker version {version!r} was written by a newer workshop-tui")
    written: dict[int, dict[str, str]] = {}
    for line in lines[1:]:
        try:
            written[int(str(line[0]))] = {
                str(k): str(v) for k, v in json.loads(str(line[1])).items()
            }
        except (TypeError, ValueError, IndexError, AttributeError):
            raise _refuse("the tracker's hidden sheet is damaged: write a new tracker") from None
    sheet = book[MAIN_SHEET]
    all_rows = sheet.iter_rows(values_only=True)
    header = next(all_rows, None) or ()
    keys: dict[int, str] = {}
    for index, name in enumerate(header):
        if name is None:
            continue
        column = BY_HEADER.get(str(name).strip().casefold())
        letter = column_letter(index + 1)
        if column is None:
            raise _refuse(
                f"unknown column {name!r}: the tracker's columns cannot be renamed or added",
                1,
                letter,
            )
        if column.key in keys.values():
            raise _refuse(f"column {name!r} twice", 1, letter)
        keys[index] = column.key
    missing = [c.header for c in BY_HEADER.values() if c.key not in keys.values()]
    if missing:
        raise _refuse(f"columns missing: {', '.join(missing)} (do not delete columns)", 1)
    rows = []
    for number, values in enumerate(all_rows, 2):
        cells = {keys[i]: v for i, v in enumerate(values) if i in keys}
        if any(v is not None and str(v).strip() != "" for v in cells.values()):
            rows.append(SheetRow(number, cells))
    return TrackerCopy(rows, written, str(lines[0][2] or ""))
