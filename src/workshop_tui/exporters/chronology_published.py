"""The pseudonymised chronology written to CSV or Excel a row at a time (issue 24).

``prepare(..., pseudonymise=True)`` makes the whole review publishable, renders it and
checks the whole text; this does the same an entry at a time, so the memory does not
grow with the chronology: each entry's names are replaced and what identifies is
redacted as ``pseudonymise_and_redact`` does it, its row is written, and the row's text
is checked with the rows either side of it (a leak's line and the text around it are
those of the whole document's check). A document that still looks identifying is
written to its temporary file only, and removed, unless its leaks are accepted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from workshop_tui.domain.models import ChronologyEntry, ReviewData

from .chronology_file import STREAMED_FORMATS
from .errors import ExportError
from .files import write_atomic_stream
from .pseudonymise import (
    Leak,
    Redaction,
    _check_text,
    _Names,
    _redact_walk,
    _walk,
    make_replacer,
    pseudonymise_and_redact,
)
from .review_view import ReviewView
from .sheets import Sheet, Value, chronology_columns, chronology_row, write_csv, write_xlsx
from .targets import check_target

_ENTRIES = "entries"


@dataclasses.dataclass(slots=True)
class Published:
    """What writing the pseudonymised chronology found: as ``Rendered.leaks`` and
    ``Rendered.redactions`` of the whole document."""

    leaks: list[Leak]
    redactions: list[Redaction]


class LeaksWritten(ExportError):
    """The pseudonymised chronology still looks identifying: nothing was left written."""

    def __init__(self, published: Published) -> None:
        super().__init__(f"{len(published.leaks)} leak(s)")
        self.published = published


class _Check:
    """The check of the document's text a line (a row) at a time, each with the lines
    either side of it, as the whole text's check sees it."""

    def __init__(self, data: ReviewData, head: list[Redaction]) -> None:
        self._names = _Names.of(data)
        self.leaks: list[Leak] = []
        self._window: list[tuple[str, list[Redaction]]] = []
        self._started = False
        """Whether the window's first line has been checked (the next is its second)."""
        self._first = 1
        """The document's line the window starts at (the header is line 1)."""
        self._head = head
        self._head_found = [False] * len(head)
        self._entries_found: list[Redaction] = []

    def add(self, line: str, redactions: list[Redaction]) -> None:
        """The document's next line (a row's cells, tab-separated), with the redactions
        made in the entry it shows."""
        self._window.append((line, redactions))
        self._drain(final=False)

    def finish(self) -> None:
        """Check the last line (it has none after it)."""
        self._drain(final=True)

    def _drain(self, final: bool) -> None:
        window = self._window
        while True:
            at = 1 if self._started else 0
            if at >= len(window) or (at + 1 >= len(window) and not final):
                return
            self._check(at)
            if self._started:
                self._first += window[0][0].count("\n") + 1
                del window[0]
            else:
                self._started = True

    def _check(self, at: int) -> None:
        window = self._window
        text = "\n".join(line for line, _ in window)
        before = sum(line.count("\n") + 1 for line, _ in window[:at])
        own = window[at][0].count("\n") + 1
        for leak in _check_text(text, self._names, ""):
            number = int(leak.where.removeprefix("line "))
            if before < number <= before + own:
                where = f"line {self._first + number - 1}"
                self.leaks.append(dataclasses.replace(leak, where=where))
        self._entries_found += [r for r in window[at][1] if r.in_text(text)]
        for index, redaction in enumerate(self._head):
            if not self._head_found[index] and redaction.in_text(text):
                self._head_found[index] = True

    def redactions(self) -> list[Redaction]:
        """As the whole document lists them: the review's before its chronology, the
        entries', then the rest."""
        fields = list(ReviewData.model_fields)
        after = set(fields[fields.index(_ENTRIES) + 1 :])
        found = [r for r, seen in zip(self._head, self._head_found, strict=True) if seen]
        first = [r for r in found if _field(r.where) not in after]
        rest = [r for r in found if _field(r.where) in after]
        return [*first, *self._entries_found, *rest]


def _field(where: str) -> str:
    return where.split(".", 1)[0].split("[", 1)[0]


def write_published_chronology(
    data: ReviewData,
    extra_keys: Sequence[str],
    entries: Iterable[ChronologyEntry],
    count: int,
    target: Path,
    fmt: str,
    *,
    generated_at: dt.datetime,
    protected: Iterable[Path | str] = (),
    accept_leaks: bool = False,
) -> Published:
    """Write the pseudonymised chronology of ``data`` (all but its entries) with
    ``entries`` (``count`` of them, merged order, extra columns ``extra_keys``) to
    ``target`` as ``fmt``, atomically and owner-only.

    Raises:
        LeaksWritten: the document still looks identifying and ``accept_leaks`` is
            false; nothing is left written (its ``published`` says what was found).
        ExportError: ``fmt`` is not CSV or Excel, or the chronology is too wide.
        UnsafeTarget: ``target`` must not be replaced (nothing written).
        OSError: the file could not be written.
    """
    if fmt not in STREAMED_FORMATS:
        raise ExportError(f"the chronology is written row by row only as .csv or .xlsx, not .{fmt}")
    protected = tuple(protected)
    check_target(target, protected)
    head, head_redactions = pseudonymise_and_redact(data)
    replace = make_replacer(data)
    view = ReviewView(head)
    columns = chronology_columns(extra_keys)
    sheet = Sheet("Merged chronology", head.review.marking, columns, [])
    check = _Check(data, head_redactions)
    check.add("\t".join(c.header for c in columns), [])

    def rows() -> Iterator[tuple[Value, ...]]:
        for index, entry in enumerate(entries):
            redactions: list[Redaction] = []
            body = _walk(entry.model_dump(), replace, _ENTRIES)
            body = _redact_walk(body, f"{_ENTRIES}[{index}]", redactions)
            row = chronology_row(view, ChronologyEntry.model_validate(body), extra_keys)
            check.add("\t".join(v for v in row if isinstance(v, str)), redactions)
            yield row
        check.finish()

    def write(out: IO[bytes]) -> None:
        if fmt == "xlsx":
            write_xlsx(sheet, rows(), count, generated_at, out)
        else:
            write_csv(sheet.columns, rows(), out)
        if check.leaks and not accept_leaks:  # the temporary file is removed
            raise LeaksWritten(Published(check.leaks, check.redactions()))

    write_atomic_stream(target, write, protected)
    return Published(check.leaks, check.redactions())
