"""The import baseline: a plain script for one known set of CSV files.

Usage: ``python import_baseline.py PACK DB`` (run by bench/run.py).

It reads the same chronology files as ``workshop-tui import`` with ``csv``,
knowing each file's delimiter, headers and date form (from the pack's
``bench-manifest.json``, as a script written for these files would), parses
dates and times with ``strptime``, and inserts every row with one
``executemany`` in one transaction, in WAL mode with ``synchronous=FULL``. Its
table is written out here, not taken from ``storage/schema.py``: a plain script
owes nothing to ours. It has our ``entry`` columns up to ``extra`` and the same
ordering index, but not the duplicate links, flags, period marks, errors and raw
cells that workshop-tui keeps as well.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path

SCHEMA = (
    """
    CREATE TABLE entry (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL,
        agency TEXT NOT NULL,
        date TEXT,
        time TEXT,
        date_approximate INTEGER NOT NULL DEFAULT 0,
        practitioner TEXT NOT NULL DEFAULT '',
        event TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT '',
        analysis TEXT NOT NULL DEFAULT '',
        source_file TEXT NOT NULL DEFAULT '',
        source_part TEXT NOT NULL DEFAULT '',
        source_line INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}'
    )
    """,
    "CREATE INDEX entry_order ON entry(review_id, date, time, agency, source_file, "
    "source_part, source_line)",
)
INSERT = (
    "INSERT INTO entry (review_id, agency, date, time, practitioner, event, outcome, "
    "analysis, source_file, source_line, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def read_file(pack: Path, spec: dict) -> list[tuple]:
    rows: list[tuple] = []
    headers: dict[str, str] = spec["headers"]
    with (pack / spec["path"]).open(encoding=spec["encoding"], newline="") as handle:
        reader = csv.reader(handle, delimiter=spec["delimiter"])
        header = next(reader)
        column = {field: header.index(name) for field, name in headers.items()}
        extra = [(i, name) for i, name in enumerate(header) if name not in headers.values()]
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if "datetime" in column:
                when = dt.datetime.strptime(cells[column["datetime"]], spec["date_format"])
                date, time = when.date(), when.time()
            else:
                date = dt.datetime.strptime(cells[column["date"]], spec["date_format"]).date()
                text = cells[column["time"]] if "time" in column else ""
                time = dt.datetime.strptime(text, spec["time_format"]).time() if text else None
            rows.append(
                (
                    1,
                    spec["agency"],
                    date.isoformat(),
                    time.isoformat() if time else None,
                    cells[column["practitioner"]],
                    cells[column["event"]],
                    cells[column["outcome"]] if "outcome" in column else "",
                    cells[column["analysis"]] if "analysis" in column else "",
                    spec["path"],
                    line,
                    json.dumps({name: cells[i] for i, name in extra}),
                )
            )
    return rows


def main(pack: Path, db: Path) -> None:
    manifest = json.loads((pack / "bench-manifest.json").read_text("utf-8"))
    rows: list[tuple] = []
    for spec in manifest["files"]:
        rows.extend(read_file(pack, spec))
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("BEGIN")
    for statement in SCHEMA:
        conn.execute(statement)
    conn.executemany(INSERT, rows)
    conn.execute("COMMIT")
    conn.close()
    print(f"imported {len(rows)} entries")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
