"""The chronology JSON baseline: a plain sqlite3 script dumping the same rows.

Usage: ``python json_baseline.py DB REFERENCE > out.json`` (run by bench/run.py).

The same rows, in the same merged order, with the same fields as
``workshop-tui chronology REF --format json`` (JSON text columns decoded, 0/1
as booleans, times as HH:MM), one object per line inside one array, streamed.
"""

from __future__ import annotations

import json
import sqlite3
import sys

COLUMNS = (
    "id, agency, date, time, date_approximate, practitioner, event, outcome, analysis, "
    "source_file, source_part, source_line, extra, duplicate_group, duplicate_confirmed, "
    "flags, in_period, error, raw"
)


def main(db: str, reference: str) -> None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    (review_id,) = conn.execute(
        "SELECT id FROM review WHERE reference = ?", (reference,)
    ).fetchone()
    cursor = conn.execute(
        f"SELECT {COLUMNS} FROM entry WHERE review_id = ? ORDER BY date IS NULL, date, time, "
        "agency, source_file, source_part, source_line",
        (review_id,),
    )
    names = [d[0] for d in cursor.description]
    out = sys.stdout
    out.write("[")
    first = True
    for row in cursor:
        record = dict(zip(names, row, strict=True))
        record["time"] = record["time"][:5] if record["time"] else None
        record["date_approximate"] = bool(record["date_approximate"])
        record["in_period"] = bool(record["in_period"])
        record["duplicate_confirmed"] = bool(record["duplicate_confirmed"])
        for name in ("extra", "flags", "raw"):
            record[name] = json.loads(record[name])
        out.write("\n" if first else ",\n")
        out.write(json.dumps(record, ensure_ascii=False))
        first = False
    out.write("\n]\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
