"""Exporters: a review (``ReviewData``) in, the bytes of a document out. Pure functions.

Documents and their formats::

    minutes     md, html, docx
    report      docx, md
    actions     xlsx, csv
    chronology  docx, xlsx, csv
    archive     json
    briefing    docx, md      (the 7-minute briefing)
    briefing-plan  docx       (the team's action plan form for the briefing)
    response    docx, md      (the partnership's response to the recommendations)

The last three, and the report's publication block, need ``publishing`` (the settings in
force, the briefing's text, publication blocks and responses); without it they use the
default settings and an empty briefing.

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
from workshop_tui.domain.publishing import PublishingData, prefill_briefing
from workshop_tui.domain.settings import Settings

from .archive import render_archive
from .blocks import Document
from .briefing import build_briefing, build_briefing_plan
from .chronology import build_chronology
from .errors import ExportError, UnsafeTarget
from .files import default_export_root, make_private_folder, review_folder, write_atomic
from .html_writer import render_html
from .markdown_writer import render_markdown
from .minutes import build_minutes
from .preview import preview_markdown
from .pseudonymise import Leak, Redaction, check_text, pseudonymise_and_redact, pseudonymise_text
from .report import build_report
from .response import build_response
from .sheets import Sheet, action_plan_sheet, chronology_sheet, render_csv, render_xlsx
from .targets import check_target
from .word_writer import render_word

__all__ = [
    "DOCUMENTS",
    "ExportError",
    "Leak",
    "LeaksFound",
    "Redaction",
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

DOCUMENTS = (
    "minutes",
    "report",
    "actions",
    "chronology",
    "archive",
    "briefing",
    "briefing-plan",
    "response",
)
_FORMATS: dict[str, tuple[str, ...]] = {
    "minutes": ("md", "html", "docx"),
    "report": ("docx", "md"),
    "actions": ("xlsx", "csv"),
    "chronology": ("docx", "xlsx", "csv"),
    "archive": ("json",),
    "briefing": ("docx", "md"),
    "briefing-plan": ("docx",),
    "response": ("docx", "md"),
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


def _build(
    data: ReviewData, document: str, fmt: str, publishing: PublishingData
) -> Document | Sheet | None:
    if document == "minutes":
        return build_minutes(data, publishing.settings)
    if document == "report":
        return build_report(data, publishing)
    if document == "actions":
        return action_plan_sheet(data)
    if document == "chronology":
        return (
            build_chronology(data, publishing.settings) if fmt == "docx" else chronology_sheet(data)
        )
    if document == "briefing":
        return build_briefing(data, publishing)
    if document == "briefing-plan":
        return build_briefing_plan(data, publishing)
    if document == "response":
        return build_response(data, publishing)
    return None


_EXTRAS = ("briefing.", "responses[")
_USES = {"briefing": ("briefing.",), "briefing-plan": ("briefing.",), "response": ("responses[",)}


def _uses(document: str, where: str) -> bool:
    """Whether a redaction at ``where`` is in text ``document`` is made from: the briefing's
    and the responses' only in their own documents, the review's in any."""
    return not where.startswith(_EXTRAS) or where.startswith(_USES.get(document, ()))


def default_publishing(data: ReviewData) -> PublishingData:
    """What a document uses when no publishing data is given: default settings with the
    review's partnership, the briefing prefilled from the agreed findings and actions,
    every document a draft."""
    settings = Settings(partnership=data.review.partnership)
    return PublishingData(settings=settings, briefing=prefill_briefing(data, settings))


def publishable(
    data: ReviewData, publishing: PublishingData
) -> tuple[ReviewData, PublishingData, list[Redaction]]:
    """The review and its publishing data made fit to publish: names replaced by their
    pseudonyms, labels or roles, then dates of birth, NHS numbers, phone numbers,
    postcodes and e-mail addresses redacted, with where each redaction was."""
    source, redactions = pseudonymise_and_redact(data)
    publish = pseudonymise_text(data)
    briefing: dict[str, str] = {}
    for key, text in publishing.briefing.items():
        briefing[key], found = publish(text, f"briefing.{key}")
        redactions.extend(found)
    responses: dict[int, str] = {}
    for finding_id, text in publishing.responses.items():
        responses[finding_id], found = publish(text, f"responses[finding {finding_id}]")
        redactions.extend(found)
    publications = {
        document: block.model_copy(update={"approved_by": publish(block.approved_by, "")[0]})
        for document, block in publishing.publications.items()
    }
    extras = publishing.model_copy(
        update={"briefing": briefing, "responses": responses, "publications": publications}
    )
    return source, extras, redactions


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
    publishing: PublishingData | None = None,
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
        data,
        document,
        fmt,
        pseudonymise=pseudonymise,
        generated_at=generated_at,
        publishing=publishing,
    ).content


@dataclass(frozen=True, slots=True)
class Rendered:
    """A document ready to write, with what the pseudonymisation check found in it."""

    document: str
    fmt: str
    content: bytes
    leaks: tuple[Leak, ...]
    """Empty unless rendered with ``pseudonymise=True``."""
    redactions: tuple[Redaction, ...] = ()
    """What was replaced by a ``[redacted: ...]`` placeholder (pseudonymised only): where
    and what kind, never the value, for the export log."""


def prepare(
    data: ReviewData,
    document: str,
    fmt: str,
    *,
    pseudonymise: bool = False,
    generated_at: dt.datetime,
    publishing: PublishingData | None = None,
) -> Rendered:
    """Render a document and, when pseudonymised, check the text that went into it.

    Pseudonymised, what looks identifying and is no name (a date of birth, an NHS number,
    a phone number, a postcode, an e-mail address) is first redacted by itself; the check
    then runs on the text put into the document (every heading, paragraph and cell; the
    JSON for an archive), so it is the same for every format of a document, and finds
    what is left: names and places, which only a person can decide.
    """
    document = _document(document)
    fmt = _check_format(document, fmt)
    extras = publishing if publishing is not None else default_publishing(data)
    redactions: list[Redaction] = []
    source = data
    if pseudonymise:
        source, extras, redactions = publishable(data, extras)
    built = _build(source, document, fmt, extras)
    content = _write(source, built, fmt, generated_at)
    leaks: tuple[Leak, ...] = ()
    if pseudonymise:
        # The archive is checked as written, so a leak's line is the file's line.
        text = content.decode("utf-8") if built is None else built.text()
        leaks = tuple(check_text(text, data))
        # Only what reached this document is its to list (the minutes hold no chronology).
        redactions = [r for r in redactions if r.in_text(text) and _uses(document, r.where)]
    return Rendered(document, fmt, content, leaks, tuple(redactions))


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
    publishing: PublishingData | None = None,
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
    rendered = prepare(
        data,
        document,
        fmt,
        pseudonymise=pseudonymise,
        generated_at=generated_at,
        publishing=publishing,
    )
    if rendered.leaks and not accept_leaks:
        raise LeaksFound(rendered, target)
    write_atomic(target, rendered.content, protected)
    return rendered
