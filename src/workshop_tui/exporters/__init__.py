"""Exporters: a review (``ReviewData``) in, the bytes of a document out. Pure functions.

Documents and their formats::

    minutes     md, html, docx
    report      docx, md
    actions     xlsx, csv
    chronology  docx, xlsx, csv
    archive     json
    tracker     xlsx   (the action tracker agencies edit and hand back: ``.tracker``)
    briefing    docx, md      (the 7-minute briefing)
    briefing-plan  docx       (the team's action plan form for the briefing)
    response    docx, md      (the partnership's response to the recommendations)

and, sent before the workshop (``PREPARATION_DOCUMENTS``)::

    terms       docx, md     the terms of reference
    invitation  ics, docx, md
    template    xlsx         a folder: one chronology template per agency
    pack        docx         a folder: one participant pack per agency

The briefing, briefing-plan and response, and the report's publication block, need
``publishing`` (the settings in force, the briefing's text, publication blocks and
responses); without it they use the default settings and an empty briefing.

``render`` writes one; ``prepare`` also runs the pseudonymisation check; ``export_to_path``
does both and writes the file atomically, owner-only. A folder document
(``FOLDER_DOCUMENTS``) is made by ``prepare_folder`` and written by
``export_folder_to_path``: every file checked before any is written. Nothing here reads a
clock: the caller passes ``generated_at``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from workshop_tui.domain.models import ReviewData
from workshop_tui.domain.publishing import PublishingData, ReviewRecords, prefill_briefing
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
from .targets import check_folder_target, check_target
from .word_writer import render_word

__all__ = [
    "DOCUMENTS",
    "FOLDER_DOCUMENTS",
    "MAX_DOCUMENT_ENTRIES",
    "MAX_WORD_ENTRIES",
    "PREPARATION_DOCUMENTS",
    "ExportError",
    "Leak",
    "LeaksFound",
    "Redaction",
    "Rendered",
    "RenderedFolder",
    "UnsafeTarget",
    "check_document_size",
    "default_export_root",
    "export_folder_to_path",
    "export_to_path",
    "format_from_path",
    "formats_for",
    "make_private_folder",
    "prepare",
    "prepare_folder",
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
    "tracker",
    "briefing",
    "briefing-plan",
    "response",
)
"""The review's documents from the workshop on (the Export screen offers these)."""
PREPARATION_DOCUMENTS = ("terms", "invitation", "template", "pack")
"""The documents sent before the workshop (the command line's ``export``)."""
FOLDER_DOCUMENTS = frozenset({"template", "pack"})
"""Documents written as a folder of files, one per agency, named by its key."""
_FORMATS: dict[str, tuple[str, ...]] = {
    "minutes": ("md", "html", "docx"),
    "report": ("docx", "md"),
    "actions": ("xlsx", "csv"),
    "chronology": ("docx", "xlsx", "csv"),
    "archive": ("json",),
    "tracker": ("xlsx",),
    "terms": ("docx", "md"),
    "invitation": ("ics", "docx", "md"),
    "template": ("xlsx",),
    "pack": ("docx",),
    "briefing": ("docx", "md"),
    "briefing-plan": ("docx",),
    "response": ("docx", "md"),
}
_NOT_PSEUDONYMISED = {
    "invitation": "the invitation goes to the participants by name and address",
    "template": "a template names only the review and the agency it goes to",
}
_ALIASES = {"markdown": "md", "htm": "html"}
MAX_WORD_ENTRIES = 20_000
"""The most chronology entries a Word document holding them (the chronology, the minutes'
appendix, the participants' packs, the report's flagged entries) is made with:
python-docx builds the whole document in memory (10,000 entries took 459 MiB, 20,000
850 MiB; the report of 100,000 entries 2.3 GiB; issue 24). The CSV and Excel chronology
is written a row at a time, whatever its size."""
MAX_DOCUMENT_ENTRIES = 100_000
"""The most chronology entries a review may hold for a document made whole in memory:
every document but the chronology as CSV or Excel and the archive, which the command
line writes an entry at a time from the database, reads the whole review to render it.
At 100,000 entries the minutes as Markdown took 560 MiB and the action plan 400 MiB;
at the import's 2,000,000 they would not fit in memory (issue 24)."""
_WORD_WITH_ENTRIES = frozenset({"chronology", "minutes", "pack", "report"})


def check_document_size(document: str, fmt: str, entries: int) -> None:
    """Refuse, before anything is built, ``document`` as ``fmt`` of a review of ``entries``
    chronology entries: a Word document holding them over :data:`MAX_WORD_ENTRIES`, any
    document made whole over :data:`MAX_DOCUMENT_ENTRIES`.

    Raises:
        ExportError: the message says the limit and what to export instead.
    """
    if fmt == "docx" and document in _WORD_WITH_ENTRIES and entries > MAX_WORD_ENTRIES:
        raise ExportError(
            f"the {document} as a Word document would hold the chronology's {entries:,} "
            f"entries; the limit is {MAX_WORD_ENTRIES:,} (a Word document is built whole in "
            "memory). Export the chronology as .csv or .xlsx instead (written a row at a "
            "time, any size); nothing was written"
        )
    if entries > MAX_DOCUMENT_ENTRIES:
        raise ExportError(
            f"the {document} is made whole in memory from the review, whose chronology holds "
            f"{entries:,} entries; the limit is {MAX_DOCUMENT_ENTRIES:,}. The chronology as "
            ".csv or .xlsx and the archive are written an entry at a time, any size "
            "(workshop-tui export REF chronology -o FILE.csv); nothing was written"
        )


def _document(document: str) -> str:
    if document not in _FORMATS:
        raise ExportError(
            f"unknown document {document!r}; choose one of "
            f"{_or_list([*DOCUMENTS, *PREPARATION_DOCUMENTS])}"
        )
    return document


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def formats_for(document: str) -> tuple[str, ...]:
    """The formats (file extensions without the dot) ``document`` can be written in."""
    return _FORMATS[_document(document)]


def format_from_path(document: str, path: Path | str) -> str:
    """The format for writing ``document`` to ``path``, from the file's extension.

    A folder document (``FOLDER_DOCUMENTS``) has one format, whatever the folder is called.

    Raises:
        ExportError: e.g. ``minutes cannot be written as .xlsx; use .md, .html or .docx``.
    """
    if document in FOLDER_DOCUMENTS:
        return formats_for(document)[0]
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
    if document == "terms":
        from .terms import build_terms

        return build_terms(data, publishing.settings)
    if document == "invitation" and fmt != "ics":
        from .invitation import build_invitation_letter

        return build_invitation_letter(data)
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
    # The lead's own records (requests, approvals by name, saved texts) are not published:
    # a pseudonymised archive carries the content only.
    extras = publishing.model_copy(
        update={
            "briefing": briefing,
            "responses": responses,
            "publications": publications,
            "records": ReviewRecords(),
        }
    )
    return source, extras, redactions


def _write(
    data: ReviewData,
    built: Document | Sheet | None,
    fmt: str,
    generated_at: dt.datetime,
    extras: PublishingData,
) -> bytes:
    if isinstance(built, Document):
        if fmt == "md":
            return render_markdown(built, generated_at).encode("utf-8")
        if fmt == "html":
            return render_html(built, generated_at).encode("utf-8")
        return render_word(built, generated_at)
    if isinstance(built, Sheet):
        return render_xlsx(built, generated_at) if fmt == "xlsx" else render_csv(built)
    if fmt == "ics":
        from .invitation import render_ics

        return render_ics(data, generated_at)
    return render_archive(data, generated_at, extras.records)


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
    notes: tuple[str, ...] = ()
    """What the person should know about what was made (who an invitation leaves out)."""
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
    if document in FOLDER_DOCUMENTS:
        raise ExportError(f"the {document} is a folder of files, one per agency (prepare_folder)")
    _refuse_pseudonymised(document, pseudonymise)
    check_document_size(document, fmt, len(data.entries))
    extras = publishing if publishing is not None else default_publishing(data)
    redactions: list[Redaction] = []
    source = data
    if pseudonymise:
        source, extras, redactions = publishable(data, extras)
    if document == "tracker":  # a workbook of its own (a hidden sheet, lists), not a Sheet
        from .tracker import tracker_document, tracker_text

        content = tracker_document(source, generated_at)
        written = tracker_text(source, generated_at)
        found = check_text(written, data) if pseudonymise else []
        redactions = [r for r in redactions if r.in_text(written) and _uses(document, r.where)]
        return Rendered(document, fmt, content, tuple(found), redactions=tuple(redactions))
    built = _build(source, document, fmt, extras)
    content = _write(source, built, fmt, generated_at, extras)
    leaks: tuple[Leak, ...] = ()
    if pseudonymise:
        # The archive is checked as written, so a leak's line is the file's line.
        text = content.decode("utf-8") if built is None else built.text()
        leaks = tuple(check_text(text, data))
        # Only what reached this document is its to list (the minutes hold no chronology).
        redactions = [r for r in redactions if r.in_text(text) and _uses(document, r.where)]
    notes = _notes(data, document, fmt)
    return Rendered(document, fmt, content, leaks, notes, tuple(redactions))


def _refuse_pseudonymised(document: str, pseudonymise: bool) -> None:
    if pseudonymise and document in _NOT_PSEUDONYMISED:
        raise ExportError(
            f"the {document} is not made pseudonymised: {_NOT_PSEUDONYMISED[document]}; "
            "leave out --pseudonymise"
        )


def _notes(data: ReviewData, document: str, fmt: str) -> tuple[str, ...]:
    if document != "invitation" or fmt != "ics":
        return ()
    from .invitation import without_address

    missing = without_address(data)
    if not missing:
        return ()
    names = ", ".join(p.name for p in missing)
    return (
        f"{len(missing)} participant(s) have no e-mail address, so a calendar invitation "
        f"cannot invite them (the event's description names them): {names}",
    )


@dataclass(frozen=True, slots=True)
class RenderedFolder:
    """A folder document ready to write: its files by name, and what the check found."""

    document: str
    fmt: str
    files: tuple[tuple[str, bytes], ...]
    """File name (in the folder) and content, one per agency."""
    leaks: tuple[Leak, ...]
    """Empty unless rendered with ``pseudonymise=True``; each names its file."""
    notes: tuple[str, ...] = ()
    redactions: tuple[Redaction, ...] = ()
    """What was redacted by itself, as for ``Rendered``."""


def prepare_folder(
    data: ReviewData,
    document: str,
    *,
    pseudonymise: bool = False,
    generated_at: dt.datetime,
) -> RenderedFolder:
    """Render a folder document (``template``, ``pack``): one file per agency.

    Raises:
        ExportError: not a folder document, the review has no agencies, or the template
            asked for pseudonymised.
    """
    document = _document(document)
    if document not in FOLDER_DOCUMENTS:
        raise ExportError(f"the {document} is one file, not a folder")
    fmt = formats_for(document)[0]
    _refuse_pseudonymised(document, pseudonymise)
    check_document_size(document, fmt, len(data.entries))
    if not data.agencies:
        raise ExportError(
            f"the review has no agencies yet, so there is no {document} to write; "
            "add them in case.toml ([[agencies]]); nothing was written"
        )
    if document == "template":
        from .template import render_templates

        return RenderedFolder(document, fmt, tuple(render_templates(data, generated_at)), ())
    from .participant_pack import build_packs

    source, redactions = data, list[Redaction]()
    if pseudonymise:  # redacted by itself, as every pseudonymised document
        source, redactions = pseudonymise_and_redact(data)
    files: list[tuple[str, bytes]] = []
    leaks: list[Leak] = []
    for name, doc in build_packs(source):
        files.append((name, render_word(doc, generated_at)))
        if pseudonymise:
            leaks.extend(
                replace(leak, where=f"{name} {leak.where}") for leak in check_text(doc.text(), data)
            )
    return RenderedFolder(document, fmt, tuple(files), tuple(leaks), redactions=tuple(redactions))


def leaks_for(
    data: ReviewData, document: str, fmt: str, *, generated_at: dt.datetime
) -> list[Leak]:
    """What the check finds in the pseudonymised ``document`` (nothing is written)."""
    return list(prepare(data, document, fmt, pseudonymise=True, generated_at=generated_at).leaks)


class LeaksFound(ExportError):
    """The pseudonymised document still looks identifying; nothing was written."""

    def __init__(self, rendered: Rendered | RenderedFolder, path: Path) -> None:
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


def export_folder_to_path(
    data: ReviewData,
    document: str,
    folder: Path | str,
    *,
    pseudonymise: bool = False,
    accept_leaks: bool = False,
    generated_at: dt.datetime,
    protected: Iterable[Path | str] = (),
) -> RenderedFolder:
    """Render a folder document and write its files into ``folder``, each atomically and
    owner-only; the folder is made (owner-only) when it does not exist.

    Every file is checked (``exporters.targets.check_folder_target``: not a link, not a
    database, not inside a case pack) and, pseudonymised, every file's text, before any
    is written.

    Raises:
        ExportError: not a folder document, or the review has no agencies.
        UnsafeTarget: the folder or one of its files must not be written; nothing was.
        LeaksFound: pseudonymised, the check found something and ``accept_leaks`` is
            False; nothing was written.
        OSError: a file could not be written (those written before it stay).
    """
    target = Path(folder)
    protected = tuple(protected)
    check_folder_target(target, (), protected)
    rendered = prepare_folder(data, document, pseudonymise=pseudonymise, generated_at=generated_at)
    names = [name for name, _ in rendered.files]
    check_folder_target(target, names, protected)
    if rendered.leaks and not accept_leaks:
        raise LeaksFound(rendered, target)
    make_private_folder(target)
    for name, content in rendered.files:
        write_atomic(target / name, content, protected)
    return rendered
