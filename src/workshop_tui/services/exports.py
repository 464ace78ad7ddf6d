"""Writing the review's documents (minutes, report, action plan, chronology, archive).

The exporters are imported inside the functions that use them: building the services
costs nothing at start-up, and the Export screen pays for them when it opens. The screen
and the command line ask here which documents there are and in which formats
(:func:`documents`, :func:`formats_for`), and catch :class:`ExportFailed` and
:class:`LeaksRemain`: they never import the exporters themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from workshop_tui.domain.clock import Clock
    from workshop_tui.domain.models import ReviewData
    from workshop_tui.domain.publishing import PublishingData

    # What the use cases answer, named here for their callers (types only).
    from workshop_tui.exporters import Leak as Leak
    from workshop_tui.exporters import Rendered as Rendered
    from workshop_tui.exporters import RenderedFolder as RenderedFolder
    from workshop_tui.services.publishing import Publishing
    from workshop_tui.storage.repository import Repository


class ExportFailed(Exception):
    """The document cannot be made as asked (an unknown document, a format it is not
    written in); the message says what would work. Nothing was written."""


class TargetRefused(ExportFailed):
    """Writing there could destroy data (the open database, another SQLite file, a
    backup, a case pack's file, a link); the message names the file, why, and that
    nothing was written."""


class LeaksRemain(ExportFailed):
    """The pseudonymised document still looks identifying; nothing was written.

    Attributes:
        rendered: The document as made, with what the check found (``leaks``).
        path: Where it was to be written.
    """

    def __init__(self, message: str, rendered: Rendered, path: Path) -> None:
        super().__init__(message)
        self.rendered = rendered
        self.path = path


class LeaksRemainInFolder(ExportFailed):
    """A pseudonymised folder document (the packs) still looks identifying in one or
    more of its files; nothing was written.

    Attributes:
        rendered: The files as made, with what the check found (``leaks``, each naming
            its file).
        path: The folder they were to be written to.
    """

    def __init__(self, message: str, rendered: RenderedFolder, path: Path) -> None:
        super().__init__(message)
        self.rendered = rendered
        self.path = path


def documents(*, before_workshop: bool = False) -> tuple[str, ...]:
    """The documents a review can be exported as (minutes, report, actions, ...); with
    ``before_workshop``, also those sent before it (terms, invitation, template, pack)."""
    from workshop_tui.exporters import DOCUMENTS, PREPARATION_DOCUMENTS

    return (*DOCUMENTS, *PREPARATION_DOCUMENTS) if before_workshop else DOCUMENTS


def writes_folder(document: str) -> bool:
    """Whether ``document`` is a folder of files, one per agency (template, pack)."""
    from workshop_tui.exporters import FOLDER_DOCUMENTS

    return document in FOLDER_DOCUMENTS


def formats_for(document: str) -> tuple[str, ...]:
    """The formats (file extensions without the dot) ``document`` can be written in.

    Raises:
        ExportFailed: no such document.
    """
    from workshop_tui.exporters import ExportError
    from workshop_tui.exporters import formats_for as formats

    try:
        return formats(document)
    except ExportError as error:
        raise ExportFailed(str(error)) from error


def format_for_path(document: str, path: Path) -> str:
    """The format ``document`` is written in at ``path`` (from its extension).

    Raises:
        ExportFailed: e.g. ``minutes cannot be written as .xlsx; use .md, .html or .docx``.
    """
    from workshop_tui.exporters import ExportError, format_from_path

    try:
        return format_from_path(document, path)
    except ExportError as error:
        raise ExportFailed(str(error)) from error


def file_stem(text: str) -> str:
    """``text`` (a review's reference) made fit to start a file name with."""
    from workshop_tui.exporters.files import safe_file_stem

    return safe_file_stem(text)


class Exports:
    """Writing the review's documents (minutes, report, action plan, chronology, archive)."""

    def __init__(
        self, repository: Repository, clock: Clock, publishing: Publishing | None = None
    ) -> None:
        """``publishing``: the services' own, whose settings file is read once and kept
        (a new one is made when not given)."""
        self._repository = repository
        self._clock = clock
        self._publishing = publishing

    def _publishing_area(self) -> Publishing:
        if self._publishing is None:
            from workshop_tui.services.publishing import Publishing

            self._publishing = Publishing(self._repository, self._clock)
        return self._publishing

    # where files go ---------------------------------------------------------------

    @staticmethod
    def review_folder(reference: str, root: Path | None = None) -> Path:
        """The folder a review's documents go to by default: one per review under
        ``root`` (None: ``Documents/workshop-tui``). Not created here."""
        from workshop_tui.exporters import default_export_root, review_folder

        return review_folder(root if root is not None else default_export_root(), reference)

    @staticmethod
    def make_folder_for(target: Path, review_folder: Path | None) -> None:
        """Make the folder ``target`` goes in if it is the review's own folder (made on
        first use, readable by its owner only); any other folder is the user's to make.

        Raises:
            OSError: the review's folder cannot be made.
        """
        if review_folder is None or target.parent != review_folder.expanduser().absolute():
            return
        from workshop_tui.exporters import make_private_folder

        make_private_folder(target.parent)

    # documents --------------------------------------------------------------------

    def load(self, review_id: int) -> ReviewData:
        """The whole review as it is now, to render (thread-safe: a worker may call it)."""
        return self._repository.load_review(review_id)

    def publishing(self, review_id: int, review: ReviewData | None = None) -> PublishingData:
        """What the briefing, the response and the publication blocks say now."""
        return self._publishing_area().data(review_id, review)

    def preview(self, review_id: int, document: str, *, pseudonymise: bool) -> str:
        """``document`` of the review now, as Markdown for the preview."""
        from workshop_tui.exporters import preview_markdown

        self.check_size(review_id, document, "md")
        data = self.load(review_id)
        return preview_markdown(
            data,
            document,
            pseudonymise=pseudonymise,
            generated_at=self._clock(),
            publishing=self.publishing(review_id, data),
        )

    def write(
        self,
        data: ReviewData,
        document: str,
        target: Path,
        *,
        pseudonymise: bool,
        accept_leaks: bool = False,
        protected: tuple[Path, ...] = (),
        publishing: PublishingData | None = None,
    ) -> Rendered:
        """Render ``document`` of ``data`` in the format ``target``'s extension names and
        write it atomically, owner-only; never over the open database (its file and side
        files, nor those in ``protected``), another SQLite file or a case pack's files.

        Raises:
            LeaksRemain: pseudonymised, it still looks identifying (nothing written),
                unless ``accept_leaks``.
            ExportFailed: no such document, or not in that format (nothing written).
            OSError: the file could not be written.
        """
        from workshop_tui.exporters import (
            ExportError,
            LeaksFound,
            Rendered,
            UnsafeTarget,
            export_to_path,
        )

        try:
            return export_to_path(
                data,
                document,
                target,
                pseudonymise=pseudonymise,
                accept_leaks=accept_leaks,
                generated_at=self._clock(),
                protected=(*self._protected(), *protected),
                publishing=publishing,
            )
        except LeaksFound as found:
            assert isinstance(found.rendered, Rendered)
            raise LeaksRemain(str(found), found.rendered, found.path) from found
        except UnsafeTarget as unsafe:
            raise TargetRefused(str(unsafe)) from unsafe
        except ExportError as error:
            raise ExportFailed(str(error)) from error

    def write_folder(
        self,
        data: ReviewData,
        document: str,
        folder: Path,
        *,
        pseudonymise: bool,
        accept_leaks: bool = False,
        protected: tuple[Path, ...] = (),
    ) -> RenderedFolder:
        """Render a folder document (template, pack) of ``data`` and write one file per
        agency into ``folder`` (made owner-only if it does not exist), each atomically and
        owner-only; every file is checked first as :meth:`write` checks one, and the
        folder must not be a link or inside a case pack.

        Raises:
            LeaksRemain: pseudonymised, it still looks identifying (nothing written),
                unless ``accept_leaks``.
            TargetRefused: the folder or a file in it must not be written (nothing was).
            ExportFailed: not a folder document, or no agencies (nothing written).
            OSError: a file could not be written.
        """
        from workshop_tui.exporters import (
            ExportError,
            LeaksFound,
            RenderedFolder,
            UnsafeTarget,
            export_folder_to_path,
        )

        try:
            return export_folder_to_path(
                data,
                document,
                folder,
                pseudonymise=pseudonymise,
                accept_leaks=accept_leaks,
                generated_at=self._clock(),
                protected=(*self._protected(), *protected),
            )
        except LeaksFound as found:
            assert isinstance(found.rendered, RenderedFolder)
            raise LeaksRemainInFolder(str(found), found.rendered, found.path) from found
        except UnsafeTarget as unsafe:
            raise TargetRefused(str(unsafe)) from unsafe
        except ExportError as error:
            raise ExportFailed(str(error)) from error

    def check_target(self, target: Path) -> None:
        """Refuse ``target`` before anything is asked or rendered, if writing there could
        destroy data (see ``write``).

        Raises:
            TargetRefused: the message names the file and why.
        """
        from workshop_tui.exporters import UnsafeTarget
        from workshop_tui.exporters.targets import check_target

        try:
            check_target(target, self._protected())
        except UnsafeTarget as unsafe:
            raise TargetRefused(str(unsafe)) from unsafe

    def check_size(self, review_id: int, document: str, fmt: str) -> None:
        """Refuse, before the review is loaded, a document of a chronology too long to
        build in memory (``exporters.MAX_WORD_ENTRIES`` for Word, ``MAX_DOCUMENT_ENTRIES``
        for any document made whole).

        Raises:
            ExportFailed: the message says the limit and to export CSV or Excel instead.
        """
        from workshop_tui.exporters import ExportError, check_document_size

        try:
            check_document_size(document, fmt, self._repository.entry_count(review_id))
        except ExportError as error:
            raise ExportFailed(str(error)) from error

    def _protected(self) -> tuple[Path, ...]:
        path = self._repository.path
        return (path,) if path is not None else ()

    def export(
        self,
        review_id: int,
        document: str,
        target: Path,
        *,
        pseudonymise: bool,
        accept_leaks: bool = False,
    ) -> Rendered:
        """Export a document of the review as it is now (see :meth:`write`); a
        pseudonymised one is recorded in the review's history with what it redacted."""
        self.check_size(review_id, document, target.suffix.lower().lstrip("."))
        data = self.load(review_id)
        rendered = self.write(
            data,
            document,
            target,
            pseudonymise=pseudonymise,
            accept_leaks=accept_leaks,
            publishing=self.publishing(review_id, data),
        )
        if pseudonymise:
            self.log(review_id, rendered, target)
        return rendered

    def log(self, review_id: int, rendered: Rendered, target: Path) -> None:
        """The export log: record a pseudonymised export in the review's history, with
        where each redaction was and what kind (never the value)."""
        self._publishing_area().log_export(review_id, rendered, target)

    @staticmethod
    def write_accepted(rendered: Rendered, target: Path) -> None:
        """Write exactly the document whose findings the user has seen and accepted.

        Raises:
            OSError: the file could not be written.
        """
        from workshop_tui.exporters import ExportError, write_atomic

        try:
            write_atomic(target, rendered.content)
        except ExportError as error:  # the target became unsafe meanwhile (exporters.targets)
            raise TargetRefused(str(error)) from error

    def check_again(self, review_id: int, document: str, fmt: str) -> Rendered:
        """Render the pseudonymised ``document`` of the review now, and check it again."""
        from workshop_tui.exporters import prepare

        self.check_size(review_id, document, fmt)
        data = self.load(review_id)
        return prepare(
            data,
            document,
            fmt,
            pseudonymise=True,
            generated_at=self._clock(),
            publishing=self.publishing(review_id, data),
        )

    def suggest_pseudonym(self, review_id: int, kind: str, text: str) -> str:
        """A label for what the check found (``kind``: a name, a place...) that none of
        the review's pseudonyms uses yet."""
        from workshop_tui.exporters.pseudonymise import suggest_label

        taken = [p.label for p in self._repository.pseudonyms(review_id)]
        return suggest_label(kind, text, taken)

    def export_streamed(
        self,
        review_id: int,
        document: str,
        target: Path,
        *,
        pseudonymise: bool = False,
        accept_leaks: bool = False,
    ) -> Rendered | None:
        """Export the chronology as CSV or Excel (by ``target``'s extension) a row at a time,
        pseudonymised or not, or the archive an entry at a time, the entries read from the
        database as they are written (issue 24: the memory does not grow with the
        chronology); None, with nothing written, for any other document or format (use
        :meth:`export`). Pseudonymised, the rows are checked as they are written, and the
        export is recorded in the review's history as :meth:`export` records it.

        Raises:
            LeaksRemain: pseudonymised, it still looks identifying (nothing left written),
                unless ``accept_leaks``; its ``rendered`` holds what was found, no content.
            TargetRefused: ``target`` must not be replaced (nothing written).
            ExportFailed: the chronology is wider than an Excel sheet (nothing written).
            OSError: the file could not be written.
        """
        from workshop_tui.domain.models import ReviewData
        from workshop_tui.exporters import ExportError, Rendered, UnsafeTarget
        from workshop_tui.exporters.chronology_file import STREAMED_FORMATS, write_chronology_file

        fmt = target.suffix.lower().lstrip(".")
        if document == "archive" and fmt == "json" and not pseudonymise:
            return self._archive_streamed(review_id, target)
        if document != "chronology":
            return None
        if fmt not in STREAMED_FORMATS:
            return None
        if pseudonymise:
            return self._published_streamed(review_id, target, fmt, accept_leaks)
        repo = self._repository
        data = ReviewData.model_construct(
            review=repo.review(review_id), agencies=repo.agencies(review_id)
        )
        try:
            with repo.read_snapshot():  # the keys, the count and the rows agree
                write_chronology_file(
                    data,
                    repo.entry_extra_keys(review_id),
                    repo.iter_entries(review_id),
                    repo.entry_count(review_id),
                    target,
                    fmt,
                    generated_at=self._clock(),
                    protected=self._protected(),
                )
        except UnsafeTarget as unsafe:
            raise TargetRefused(str(unsafe)) from unsafe
        except ExportError as error:
            raise ExportFailed(str(error)) from error
        return Rendered("chronology", fmt, b"", ())

    def _published_streamed(
        self, review_id: int, target: Path, fmt: str, accept_leaks: bool
    ) -> Rendered:
        """The pseudonymised chronology written as it is read (see :meth:`export_streamed`)."""
        from workshop_tui.exporters import ExportError, LeaksFound, Rendered, UnsafeTarget
        from workshop_tui.exporters.chronology_published import (
            LeaksWritten,
            write_published_chronology,
        )

        repo = self._repository
        try:
            with repo.read_snapshot():  # the keys, the count and the rows agree
                published = write_published_chronology(
                    repo.load_review(review_id, with_entries=False),
                    repo.entry_extra_keys(review_id),
                    repo.iter_entries(review_id),
                    repo.entry_count(review_id),
                    target,
                    fmt,
                    generated_at=self._clock(),
                    protected=self._protected(),
                    accept_leaks=accept_leaks,
                )
        except LeaksWritten as found:
            leaks, redactions = found.published.leaks, found.published.redactions
            rendered = Rendered("chronology", fmt, b"", tuple(leaks), (), tuple(redactions))
            raise LeaksRemain(str(LeaksFound(rendered, target)), rendered, target) from found
        except UnsafeTarget as unsafe:
            raise TargetRefused(str(unsafe)) from unsafe
        except ExportError as error:
            raise ExportFailed(str(error)) from error
        rendered = Rendered(
            "chronology", fmt, b"", tuple(published.leaks), (), tuple(published.redactions)
        )
        self.log(review_id, rendered, target)
        return rendered

    def _archive_streamed(self, review_id: int, target: Path) -> Rendered:
        """The archive written as it is read from the database (see :meth:`export_streamed`)."""
        from workshop_tui.exporters import ExportError, Rendered, UnsafeTarget
        from workshop_tui.exporters.archive import write_archive
        from workshop_tui.exporters.files import write_atomic_stream

        repo = self._repository
        generated_at = self._clock()
        try:
            with repo.read_snapshot():  # the entries agree with the records that link them
                data = repo.load_review(review_id, with_entries=False)
                records = self._publishing_area().records(review_id)
                write_atomic_stream(
                    target,
                    lambda out: write_archive(
                        data, repo.iter_entries(review_id), generated_at, records, out
                    ),
                    self._protected(),
                )
        except UnsafeTarget as unsafe:
            raise TargetRefused(str(unsafe)) from unsafe
        except ExportError as error:
            raise ExportFailed(str(error)) from error
        return Rendered("archive", "json", b"", ())

    # the command line's stream ----------------------------------------------------

    def stream_chronology(self, review_id: int, fmt: str, out: IO[str]) -> None:
        """Write the review's merged chronology to ``out`` as ``fmt`` (csv, json, md),
        entry by entry as they are read.

        Raises:
            ValueError: an unknown format.
        """
        from workshop_tui.exporters.chronology_stream import write_chronology

        write_chronology(self._repository.iter_entries(review_id), fmt, out)
