"""The JSON archive: the whole review, lossless and versioned.

This is how a note-taker's laptop hands a review to the lead. ``importers.archive``
reads it back; export, import and export again give the same document apart from
``generated_at``.

:func:`write_archive` writes it a record at a time: the chronology's entries come as an
iterable (read from the database as they are written), so the memory an export needs
grows with its largest entry, not with its chronology (issue 24). :func:`render_archive`
is the same bytes, held.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import IO, Any

from workshop_tui.domain.models import ChronologyEntry, ReviewData
from workshop_tui.domain.publishing import ReviewRecords
from workshop_tui.importers import archive as reader
from workshop_tui.importers.archive import ARCHIVE_FORMAT, ARCHIVE_VERSION

from .errors import ExportError

ENTRIES = "entries"
"""The one list of an archive that grows with a chronology: written (and read) an item at a time."""


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
    out = io.BytesIO()
    write_archive(data, data.entries, generated_at, records, out)
    return out.getvalue()


def write_archive(
    data: ReviewData,
    entries: Iterable[ChronologyEntry],
    generated_at: dt.datetime,
    records: ReviewRecords | None,
    out: IO[bytes],
) -> None:
    """Write the archive of ``data`` with ``entries`` in place of ``data.entries`` (which is
    not read) to ``out``, an entry at a time: the bytes of ``json.dumps(archive_dict(...),
    ensure_ascii=False, indent=2)`` and a newline, never held whole.

    Raises:
        ExportError: the archive would not import (``importers.archive.MAX_ARCHIVE_BYTES``):
            the review without its entries is over the limit (found before anything is
            written), or an entry is (found as it is reached: the caller writes
            atomically, so nothing is left).
    """
    body = data.model_dump(mode="json", exclude={ENTRIES})
    document: dict[str, Any] = {
        "format": ARCHIVE_FORMAT,
        "version": ARCHIVE_VERSION,
        "generated_at": generated_at.isoformat(),
    }
    for field in ReviewData.model_fields:
        document[field] = None if field == ENTRIES else body[field]
    document["records"] = (records or ReviewRecords()).model_dump(mode="json")
    parts = {key: _indented(value, 1) for key, value in document.items() if key != ENTRIES}
    held = sum(len(part) for part in parts.values())
    if held > reader.MAX_ARCHIVE_BYTES:  # an archive written must be one that imports
        raise ExportError(_too_large("without its chronology's entries, the archive", held))
    for n, key in enumerate(document):
        out.write(f"{',' if n else '{'}\n  {_dumps(key)}: ".encode())
        if key == ENTRIES:
            _write_entries(entries, out)
        else:
            out.write(parts[key].encode())
    out.write(b"\n}\n")


def _too_large(what: str, size: int) -> str:
    limit = reader.MAX_ARCHIVE_BYTES / 1024 / 1024
    return (
        f"{what} would be {size / 1024 / 1024:,.0f} MB, over the limit of {limit:,.0f} MB "
        "that an archive import holds; nothing written"
    )


def _write_entries(entries: Iterable[ChronologyEntry], out: IO[bytes]) -> None:
    first = True
    for entry in entries:
        out.write(b"[\n    " if first else b",\n    ")
        text = _indented(entry.model_dump(mode="json"), 2)
        if len(text) > reader.MAX_ARCHIVE_BYTES:
            raise ExportError(_too_large(f"chronology entry {entry.id}", len(text)))
        out.write(text.encode())
        first = False
    out.write(b"[]" if first else b"\n  ]")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _indented(value: Any, level: int) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it ``level`` deep: a string's
    line breaks are escaped, so every line break in the text is one of the layout's."""
    return _dumps(value).replace("\n", "\n" + "  " * level)
