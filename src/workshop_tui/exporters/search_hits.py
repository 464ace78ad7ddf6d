"""Search hits as text for scripts and documents: JSON (the documented objects of
``workshop-tui search --format json``) or a Markdown table. Pure: hits in, text out."""

from __future__ import annotations

import re
from collections.abc import Iterable

from workshop_tui.domain.search import SearchHit, marked, snippet_parts
from workshop_tui.exporters.chronology_stream import json_line
from workshop_tui.exporters.markdown_writer import escape
from workshop_tui.exporters.text import clean, one_line


def hits_json(hits: Iterable[SearchHit]) -> str:
    """A JSON array, one object per hit on its own line: ``review`` (its reference),
    ``kind``, ``id``, ``date``, ``agency`` (its key), ``agency_name``, ``speaker``
    (perspectives) and ``snippet`` with the match marked «so»."""
    records = [
        {
            "review": hit.review,
            "kind": hit.kind,
            "id": hit.item_id,
            "date": hit.day,
            "agency": hit.agency or None,
            "agency_name": hit.agency_name or None,
            "speaker": (hit.who or None) if hit.kind == "perspective" else None,
            "snippet": marked(hit.snippet),
        }
        for hit in hits
    ]
    return "[" + ",".join("\n" + json_line(r) for r in records) + "\n]\n"


def hits_markdown(hits: Iterable[SearchHit]) -> str:
    """A Markdown table, one row per hit, the match in bold."""
    lines = [
        "| Review | Kind | Date | Agency or speaker | Found |",
        "| --- | --- | --- | --- | --- |",
    ]
    for hit in hits:
        cells = [hit.review, hit.kind, hit.when or "", hit.source]
        row = [escape(one_line(c), line_start=False) for c in cells]
        # Line breaks and runs of spaces fold to one space; the spaces around a match stay.
        pieces = [(re.sub(r"\s+", " ", clean(t)), match) for t, match in snippet_parts(hit.snippet)]
        found = "".join(
            f"**{escape(t.strip(), line_start=False)}**" if match else escape(t, line_start=False)
            for t, match in pieces
        )
        lines.append(f"| {' | '.join(row)} | {found} |")
    return "\n".join(lines) + "\n"
