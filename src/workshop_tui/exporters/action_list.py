"""The action plan across reviews as text for the command line: CSV, JSON or Markdown
(``workshop-tui actions --format``). Pure: rows in (``domain.actions.TrackedAction``),
text out; overdue is said in words, never by colour."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from workshop_tui.domain.actions import TrackedAction

from .text import cell_safe

HEADERS = (
    "id",
    "review",
    "status",
    "rag",
    "target_date",
    "due",
    "owner",
    "lead_agency",
    "description",
    "assurance",
    "last_progress",
)


def action_record(row: TrackedAction) -> dict[str, Any]:
    """One action as plain JSON-ready values (the ``--format json`` object)."""
    action = row.action
    target = action.current_target
    last = action.progress[-1] if action.progress else None
    return {
        "id": row.id,
        "review": row.review_reference,
        "status": action.status.value,
        "rag": action.rag.value if action.rag else None,
        "target_date": target.isoformat() if target else None,
        "target_agreed": action.target_date.isoformat() if action.target_date else None,
        "revised": bool(action.revisions),
        "due": row.due,
        "overdue": row.overdue,
        "due_soon": row.due_soon,
        "owner": action.owner,
        "lead_agency": action.lead_agency,
        "description": action.description,
        "assurance": action.assurance.value if action.assurance else None,
        "last_progress": (
            {"at": last.at.isoformat(), "by": last.by, "text": last.text} if last else None
        ),
    }


def _flat(record: dict[str, Any]) -> list[str]:
    last = record["last_progress"]
    values = {
        **record,
        "last_progress": f"{last['at'][:10]} {last['text']}" if last else "",
    }
    return ["" if values[h] is None else str(values[h]) for h in HEADERS]


def render_action_list(rows: Sequence[TrackedAction], fmt: str) -> str:
    """``rows`` as ``csv``, ``json`` or ``md``.

    Raises:
        ValueError: another format.
    """
    records = [action_record(row) for row in rows]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADERS)
        for record in records:
            writer.writerow([cell_safe(v) for v in _flat(record)])
        return out.getvalue()
    if fmt == "md":
        lines = [
            "| " + " | ".join(HEADERS) + " |",
            "|" + "---|" * len(HEADERS),
        ]
        for record in records:
            cells = [_md_cell(v) for v in _flat(record)]
            if record["overdue"]:
                cells[HEADERS.index("due")] = f"**{cells[HEADERS.index('due')]}**"
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r}: csv, json or md")


def _md_cell(text: str) -> str:
    escaped = "".join("\\" + ch if ch in "\\`*_[]<>|#" else ch for ch in text)
    return " ".join(escaped.split())
