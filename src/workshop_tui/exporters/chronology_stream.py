"""The merged chronology as a stream of text: JSON, CSV or a Markdown table, written entry
by entry as they are read (``workshop-tui chronology REF --format ...``). Pure: entries in,
text out to ``out``.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from typing import IO

from workshop_tui.domain.display import BIDI_CONTROLS, SEPARATORS_AND_SURROGATES
from workshop_tui.domain.models import ChronologyEntry

STREAM_FORMATS = ("csv", "json", "md")
"""The formats :func:`write_chronology` writes."""


def entry_record(entry: ChronologyEntry) -> dict[str, object]:
    """One entry as the documented JSON object of ``chronology --format json``.

    Every ChronologyEntry field, by its name; ``date`` as YYYY-MM-DD and ``time``
    as HH:MM (or null).
    """
    record: dict[str, object] = entry.model_dump(mode="json")
    record["time"] = entry.time.strftime("%H:%M") if entry.time else None
    return record


# JSON escapes C0 controls itself; these it would write raw (C1 controls, bidi controls,
# line separators, lone surrogates). Written as \\uXXXX, the data is exactly the same.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}{SEPARATORS_AND_SURROGATES}]")


def json_line(value: object) -> str:
    """``value`` as JSON on one line, keeping every character, none of them raw if hidden."""
    return _JSON_UNSAFE.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False)
    )


def write_json(entries: Iterable[ChronologyEntry], out: IO[str]) -> None:
    """A JSON array, one entry (:func:`entry_record`) per line."""
    out.write("[")
    for index, entry in enumerate(entries):
        out.write(",\n" if index else "\n")
        out.write(json_line(entry_record(entry)))
    out.write("\n]\n")


def write_csv(entries: Iterable[ChronologyEntry], out: IO[str]) -> None:
    """A CSV table: a column per entry field, cells made safe for spreadsheets."""
    from workshop_tui.exporters.text import cell_safe

    def _cell(value: object) -> str:
        if isinstance(value, dict):
            value = "; ".join(f"{k}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        return cell_safe("" if value is None else str(value))

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ChronologyEntry.model_fields)
    for entry in entries:
        writer.writerow([_cell(value) for value in entry_record(entry).values()])


def write_markdown(entries: Iterable[ChronologyEntry], out: IO[str]) -> None:
    """A Markdown table of the entries' dates, agencies, text and groups."""
    from workshop_tui.exporters.markdown_writer import escape
    from workshop_tui.exporters.text import hhmm, one_line

    out.write("| Date | Time | Agency | Practitioner | Event | Outcome | Source | Group |\n")
    out.write("| --- | --- | --- | --- | --- | --- | --- | --- |\n")
    for entry in entries:
        when = f"needs attention: {entry.error}" if entry.date is None else entry.when
        cells = [
            when,
            hhmm(entry.time),
            entry.agency,
            entry.practitioner,
            entry.event,
            entry.outcome,
            entry.location,
            str(entry.duplicate_group or ""),
        ]
        row = " | ".join(escape(one_line(c), line_start=False) for c in cells)
        out.write(f"| {row} |\n")


_WRITERS: dict[str, Callable[[Iterable[ChronologyEntry], IO[str]], None]] = {
    "json": write_json,
    "csv": write_csv,
    "md": write_markdown,
}


def write_chronology(entries: Iterable[ChronologyEntry], fmt: str, out: IO[str]) -> None:
    """Write ``entries`` to ``out`` as ``fmt`` (one of :data:`STREAM_FORMATS`).

    Raises:
        ValueError: an unknown format.
    """
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        choices = ", ".join(STREAM_FORMATS)
        raise ValueError(f"unknown format {fmt!r}: choose one of {choices}") from None
    writer(entries, out)
