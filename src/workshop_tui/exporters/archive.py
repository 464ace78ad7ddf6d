"""The JSON archive: the whole review, lossless and versioned.

This is how a note-taker's laptop hands a review to the lead. ``importers.archive``
reads it back; export, import and export again give the same document apart from
``generated_at``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from workshop_tui.domain.models import ReviewData
from workshop_tui.domain.publishing import ReviewRecords
from workshop_tui.importers.archive import ARCHIVE_FORMAT, ARCHIVE_VERSION


def archive_dict(
    data: ReviewData, generated_at: dt.datetime, records: ReviewRecords | None = None
) -> dict[str, Any]:
    """The archive as plain JSON-ready data: header first, every ReviewData field, then
    the lead's ``records`` (requests, briefing, publication, responses, group names)."""
    body = data.model_dump(mode="json")
    return {
        "format": ARCHIVE_FORMAT,
        "version": ARCHIVE_VERSION,
        "generated_at": generated_at.isoformat(),
        **body,
        "records": (records or ReviewRecords()).model_dump(mode="json"),
    }


def render_archive(
    data: ReviewData, generated_at: dt.datetime, records: ReviewRecords | None = None
) -> bytes:
    """The archive as UTF-8 JSON, indented so that it diffs well."""
    text = json.dumps(archive_dict(data, generated_at, records), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
