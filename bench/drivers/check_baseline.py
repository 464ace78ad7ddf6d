"""The check baseline: read a pack's CSV files with ``csv`` and sort the rows.

Usage: ``python check_baseline.py PACK`` (run by bench/run.py for the busy-day
pack of ``synth.write_busy_pack``).

What any script must do before it can say anything about a pack: read every
chronology file (its delimiter and date form known, from the pack's own
layout), parse each date and time, and sort the rows by date and time. The plain
sort of the same rows ``workshop-tui check`` reads, merges and links.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

#: file -> (delimiter, date column, time column, date format), as synth writes them.
LAYOUT = {
    "social_care.csv": (";", 0, 1, "%d/%m/%Y"),
    "emergency_department.csv": (",", 0, 1, "%Y-%m-%d"),
}


def main(pack: Path) -> None:
    rows: list[tuple[dt.date | None, dt.time | None, str, int, list[str]]] = []
    for name, (delimiter, date_at, time_at, date_format) in LAYOUT.items():
        with (pack / "chronologies" / name).open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            next(reader)
            for line, row in enumerate(reader, start=2):
                date = (
                    dt.datetime.strptime(row[date_at], date_format).date() if row[date_at] else None
                )
                at = dt.time.fromisoformat(row[time_at]) if row[time_at] else None
                rows.append((date, at, name, line, row))
    rows.sort(key=lambda r: (r[0] is None, r[0] or dt.date.min, r[1] or dt.time.min, r[2], r[3]))
    print(len(rows))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
