"""Exporters: a review (``ReviewData``) in, the bytes of a document out. Pure functions.

Documents and their formats::

    minutes     md, html, docx
    report      docx, md
    actions     xlsx, csv
    chronology  docx, xlsx, csv
    archive     json
    tracker     xlsx   (the action tracker agencies edit and hand back: ``.tracker``)

``render`` writes one; ``prepare`` also runs the pseudonymisation check; ``export_to_path``
does both and writes the file atomically, owner-only. Nothing here reads a clock: the
caller passes ``generated_at``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from workshop_tui.domain.models import ReviewData

from .archive import render_archive
from .blocks import Document
from .chronology import build_chronology
from .errors import ExportError, UnsafeTarget
from .files import default_export_root, make_private_folder, review_folder, write_atomic
from .html_writer import render_html
from .markdown_writer import render_markdown
from .minutes import build_minutes
from .preview import preview_markdown
from .pseudonymise import Leak, check_text
from .pseudonymise import pseudonymise as pseudonymise_review
from .report import build_report
from .sheets import Sheet, action_plan_sheet, chronology_sheet, render_csv, render_xlsx
from .targets import check_target
from .word_writer import render_word

__all__ = [
    "DOCUMENTS",
    "ExportError",
    "Leak",
    "LeaksFound",
    "Rendered",
    "UnsafeTarget",
    "default_export_root",
    "export_to_path",
    "format_from_path",
    "formats_for",
    "make_private_folder",
    "prepare",
    "preview_markdown",
    "render",
    "review_folder",
    "write_atomic",
]

DOCUMENTS = ("minutes", "report", "actions", "chronology", "archive", "tracker")
_FORMATS: dict[str, tuple[str, ...]] = {
    "minutes": ("md", "html", "docx"),
    "report": ("docx", "md"),
    "actions": ("xlsx", "csv"),
    "chronology": ("docx", "xlsx", "csv"),
    "archive": ("json",),
    "tracker": ("xlsx",),
}
_ALIASES = {"markdown": "md", "htm": "html"}


def _document(document: str) -> str:
    if document not in _FORMATS:
        raise ExportError(
            f"unknown document {document!r}; choose one of {_or_list(list(DOCUMENTS))}"
        )
    return document


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def formats_for(document: str) -> tuple[str, ...]:
    """The formats (file extensions without the dot) ``document`` can be written in."""
    return _FORMATS[_document(document)]


def format_from_path(document: str, path: Path | str) -> str:
    """The format for writing ``document`` to ``path``, from the file's extension.

    Raises:
        ExportError: e.g. ``minutes cannot be written as .xlsx; use .md, .html or .docx``.
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    if not suffix:
        choices = _or_list([f".{f}" for f in formats_for(document)])
        raise ExportError(f"{Path(path).name} has no extension; use {choices} for {document}")
    return _check_format(document, suffix)


def _check_format(document: str, fmt: str) -> str:
    formats = formats_for(document)
    fmt = _ALIASES.get(fmt.lower().lstrip("."), fmt.lower().lstrip("."))
    if fmt not in formats:
        raise ExportError(
            f"{document} cannot be written as .{fmt}; use {_or_list([f'.{f}' for f in formats])}"
        )
    return fmt


def _build(data: ReviewData, document: str, fmt: str) -> Document | Sheet | None:
    if document == "minutes":
        return build_minutes(data)
    if document == "report":
        return build_report(data)
    if document == "actions":
        return action_plan_sheet(data)
    if document == "chronology":
        return build_chronology(data) if fmt == "docx" else chronology_sheet(data)
    return None


def _write(
    data: ReviewData, built: Document | Sheet | None, fmt: str, generated_at: dt.datetime
) -> bytes:
    if isinstance(built, Document):
        if fmt == "md":
            return render_markdown(built, generated_at).encode("utf-8")
        if fmt == "html":
            return render_html(built, generated_at).encode("utf-8")
        return render_word(built, generated_at)
    if isinstance(built, Sheet):
        return render_xlsx(built, generated_at) if fmt == "xlsx" else render_csv(built)
    return render_archive(data, generated_at)


def render(
    data: ReviewData,
    document: str,
    fmt: str,
    *,
    pseudonymise: bool = False,
    generated_at: dt.datetime,
) -> bytes:
    """Write ``document`` for ``data`` in ``fmt``.

    Args:
        data: the whole review.
        document: one of ``DOCUMENTS``.
        fmt: one of ``formats_for(document)``.
        pseudonymise: publishable form (see ``exporters.pseudonymise``).
        generated_at: the time printed in the document and its properties.

    Raises:
        ExportError: unknown document or a format it cannot be written in.
    """
    return prepare(
        data, document, fmt, pseudonymise=pseudonymise, generated_at=generated_at
    ).content


@dataclass(frozen=True, slots=True)
class Rendered:
    """A document ready to write, with what the pseudonymisation check found in it."""

    document: str
    fmt: str
    content: bytes
    leaks: tuple[Leak, ...]
    """Empty unless rendered with ``pseudonymise=True``."""


def prepare(
    data: ReviewData,
    document: str,
    fmt: str,
    *,
    pseudonymise: bool = False,
    generated_at: dt.datetime,
) -> Rendered:
    """Render a document and, when pseudonymised, check the text that went into it.

    The check runs on the text put into the document (every heading, paragraph and cell;
    the JSON for an archive), so it is the same for every format of a document.
    """
    document = _document(document)
    fmt = _check_format(document, fmt)
    source = pseudonymise_review(data) if pseudonymise else data
    if document == "tracker":  # a workbook of its own (a hidden sheet, lists), not a Sheet
        from .tracker import tracker_document, tracker_text

        content = tracker_document(source, generated_at)
        found = check_text(tracker_text(source, generated_at), data) if pseudonymise else []
        return Rendered(document, fmt, content, tuple(found))
    built = _build(source, document, fmt)
    content = _write(source, built, fmt, generated_at)
    leaks: tuple[Leak, ...] = ()
    if pseudonymise:
        # The archive is checked as written, so a leak's line is the file's line.
        text = content.decode("utf-8") if built is None else built.text()
        leaks = tuple(check_text(text, data))
    return Rendered(document, fmt, content, leaks)


def leaks_for(
    data: ReviewData, document: str, fmt: str, *, generated_at: dt.datetime
) -> list[Leak]:
    """What the check finds in the pseudonymised ``document`` (nothing is written)."""
    return list(prepare(data, document, fmt, pseudonymise=True, generated_at=generated_at).leaks)


class LeaksFound(ExportError):
    """The pseudonymised document still looks identifying; nothing was written."""

    def __init__(self, rendered: Rendered, path: Path) -> None:
        self.rendered = rendered
        self.path = path
        lines = "\n".join(f"  {leak}" for leak in rendered.leaks)
        super().__init__(
            f"{path.name} was not written: the pseudonymised {rendered.document} still "
            f"contains {len(rendered.leaks)} thing(s) that look identifying:\n{lines}"
        )


def export_to_path(
    data: ReviewData,
    document: str,
    path: Path | str,
    *,
    pseudonymise: bool = False,
    accept_leaks: bool = False,
    generated_at: dt.datetime,
    protected: Iterable[Path | str] = (),
) -> Rendered:
    """Render ``document`` in the format its file extension names and write it atomically.

    This is what the command line's ``export`` calls. The file is written owner-only
    (0600) through a temporary file renamed into place, so it is never half-written.

    The target is checked before anything is rendered and again just before it is
    replaced (``exporters.targets``): never the open database (``protected``), its
    ``-wal`` or ``-shm``, any SQLite file (a backup), a case pack's file or a link.

    Raises:
        ExportError: unknown document, or an extension the document has no format for.
        UnsafeTarget: ``path`` must not be replaced (an ExportError); nothing was written.
        LeaksFound: pseudonymised, the check found something and ``accept_leaks`` is
            False; nothing was written and the exception lists what was found.
        OSError: the file could not be written (the old file, if any, is untouched).
    """
    target = Path(path)
    fmt = format_from_path(document, target)
    protected = tuple(protected)
    check_target(target, protected)
    rendered = prepare(data, document, fmt, pseudonymise=pseudonymise, generated_at=generated_at)
    if rendered.leaks and not accept_leaks:
        raise LeaksFound(rendered, target)
    write_atomic(target, rendered.content, protected)
    return rendered
