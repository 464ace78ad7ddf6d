"""Export: preview the minutes, then write any document, pseudonymised or not, to a file.

The screen only collects choices (document, format, pseudonymise, path) and shows what
happened; the services render and write (``services.exports``: atomic and owner-only).
A pseudonymised document that still looks identifying is listed in a dialog before
anything is written, and the user decides.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Header, Input, Label, Select, Static, Switch

from workshop_tui.domain.display import visible
from workshop_tui.domain.models import ReviewData
from workshop_tui.domain.publishing import PublishingData
from workshop_tui.services import StorageError
from workshop_tui.services.exports import (
    ExportFailed,
    LeaksRemain,
    LeaksRemainInFolder,
    TargetRefused,
    documents,
    file_stem,
    formats_for,
    writes_folder,
)
from workshop_tui.ui.commands import PaletteCommand
from workshop_tui.ui.screens.base import ReviewScreen
from workshop_tui.ui.screens.dialogs import ConfirmDialog
from workshop_tui.ui.screens.export_leaks import LeaksDialog
from workshop_tui.ui.widgets.document_preview import DocumentPreview
from workshop_tui.ui.widgets.fields import show_controls
from workshop_tui.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from workshop_tui.services.exports import Rendered, RenderedFolder

DOCUMENT_LABELS = {
    "minutes": "Minutes",
    "report": "Draft report",
    "actions": "Action plan",
    "chronology": "Merged chronology",
    "archive": "Archive",
    "tracker": "Action tracker",
    "briefing": "7-minute briefing",
    "briefing-plan": "Briefing plan form",
    "response": "Partnership response",
    "terms": "Terms of reference",
    "invitation": "Invitation",
    "template": "Chronology templates",
    "pack": "Participant packs",
}
FORMAT_LABELS = {
    "md": "Markdown",
    "html": "HTML",
    "docx": "Word",
    "xlsx": "Excel",
    "csv": "CSV",
    "json": "JSON",
}
PREFERRED_FORMATS = ("docx", "xlsx")
"""Partnerships live in Word and Excel: offer those first when a document has them."""


def default_format(document: str) -> str:
    """The format first offered for ``document``: Word or Excel when it has one."""
    formats = formats_for(document)
    return next((f for f in PREFERRED_FORMATS if f in formats), formats[0])


def default_stem(reference: str, document: str, pseudonymised: bool) -> str:
    """``LR-2099-01-minutes`` (``-pseudonymised`` added when it is).

    The reference is made safe first (``safe_file_stem``): it came from a file or a
    person, and must not lead the file into another folder or name it with controls.
    """
    stem = f"{file_stem(reference)}-{document}"
    return stem + ("-pseudonymised" if pseudonymised else "")


def display_path(path: Path) -> str:
    """``path`` as the user would type it: ``~/...`` under the home folder."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def write_error_message(error: OSError, target: Path) -> str:
    """A plain sentence for a file that could not be written (nothing was written)."""
    folder = target.parent
    if isinstance(error, FileNotFoundError):
        return f"The folder {folder} does not exist; nothing was written."
    if isinstance(error, PermissionError):
        return f"No permission to write {target.name} in {folder}; nothing was written."
    if isinstance(error, IsADirectoryError):
        return f"{target} is a folder; add a file name. Nothing was written."
    reason = error.strerror or str(error)
    return f"Could not write {target}: {reason}. Nothing was written."


def nothing_written(message: str) -> str:
    """``message``, saying that nothing was written unless it says so already."""
    if "nothing was written" in message.lower():
        return message
    return f"{message.rstrip('.')}. Nothing was written."


def failure_message(error: Exception, document: str, target: Path) -> str:
    """What to say when writing ``document`` to ``target`` failed (nothing was written)."""
    if isinstance(error, TargetRefused):  # its message says nothing was written
        return str(error)
    if isinstance(error, ExportFailed):
        return nothing_written(str(error))
    if isinstance(error, OSError):
        return write_error_message(error, target)
    return nothing_written(f"The {document} could not be made ({type(error).__name__}: {error})")


class ExportScreen(ReviewScreen):
    """Preview the minutes and write any document of the review to a file."""

    screen_name = "export"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "write", "Write file", id="export-write"),
        Binding("ctrl+r", "refresh_preview", "Refresh preview", id="export-refresh"),
        Binding("ctrl+o", "toggle_pseudonymise", "Pseudonymise on/off", id="export-pseudo"),
        Binding("escape", "back", "Back", id="export-back"),
    ]

    def __init__(self, review_id: int, *, folder: Path | None = None) -> None:
        """Args:
        review_id: The review to export.
        folder: Where the file goes by default; None for the review's folder under
            ``Documents/workshop-tui``. Created (owner-only) when a file is first
            written to it.
        """
        super().__init__(review_id, classes="export-screen")
        self.folder = folder
        self.reference = ""
        self.document = "minutes"
        self.fmt = default_format("minutes")
        self.pseudonymise = False
        self.busy = False
        self.preview_source = ""
        """The Markdown shown in the preview (what tests and the status line refer to)."""
        self.preview_ready = False
        """False while the preview is being prepared in the background."""
        self._preview_generation = 0
        self.last_written: Path | None = None

    # composition ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="export-form"):
            with Horizontal(classes="export-row"):
                yield Select(
                    [(DOCUMENT_LABELS[d], d) for d in documents(before_workshop=True)],
                    value=self.document,
                    allow_blank=False,
                    id="export-document",
                )
                yield Select(
                    self._format_options(self.document),
                    value=self.fmt,
                    allow_blank=False,
                    id="export-format",
                )
                yield Label("Pseudonymised", id="export-pseudo-label")
                yield Switch(self.pseudonymise, id="export-pseudonymise")
            with Horizontal(classes="export-row"):
                yield show_controls(
                    Input(placeholder="~/LR-0000-00-minutes.docx", id="export-path")
                )
                yield Button("Write (^s)", id="export-write", variant="primary")
            yield Static("", id="export-status", markup=False)
        yield Label("", id="export-preview-title", classes="panel-title")
        yield DocumentPreview(id="export-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.reference = self.services.reviews.review(self.review_id).reference
        if self.folder is None:
            self.folder = self.services.exports.review_folder(self.reference)
        name = f"{default_stem(self.reference, self.document, self.pseudonymise)}.{self.fmt}"
        path_input = self.query_one("#export-path", Input)
        with path_input.prevent(Input.Changed):
            path_input.value = display_path(self.folder / name)
        made = "" if self.folder.is_dir() else " (made, owner-only, when the first file is written)"
        self._set_status(
            f"Files go to {display_path(self.folder)}/{made}. Choose a document, or type "
            "another path, then ^s."
        )
        # The screen works at once; the preview follows when it is ready.
        self.refresh_preview()
        self.query_one("#export-document", Select).focus()

    @staticmethod
    def _format_options(document: str) -> list[tuple[str, str]]:
        formats = formats_for(document)
        ordered = sorted(formats, key=lambda f: (f != default_format(document), formats.index(f)))
        return [(FORMAT_LABELS.get(f, f), f) for f in ordered]

    # preview ----------------------------------------------------------------

    def load(self) -> ReviewData:
        """The whole review, read now (captures may have changed since the screen opened)."""
        return self.services.exports.load(self.review_id)

    def refresh_preview(self) -> None:
        """Prepare the preview of the chosen document in the background, saying so."""
        self._preview_generation += 1
        self.preview_ready = False
        what = DOCUMENT_LABELS[self.document].lower()
        self.query_one("#export-preview-title", Label).update(f"Preparing preview: {what}…")
        self.query_one("#export-preview").set_class(True, "-preparing")
        self._prepare_preview(self._preview_generation, self.document, self.pseudonymise)

    # Not exclusive: a thread cannot be stopped, and a cancelled worker makes waiting for
    # the workers raise; an answer no longer wanted is dropped by its generation.
    @work(thread=True, exit_on_error=False, group="preview")
    def _prepare_preview(self, generation: int, document: str, pseudonymise: bool) -> None:
        """Read the review and render the preview in a thread: the screen stays usable."""
        try:
            source = self.services.exports.preview(
                self.review_id, document, pseudonymise=pseudonymise
            )
        except Exception as error:  # a preview must never take the screen down
            message = f"The preview could not be made: {error}"
            self.app.call_from_thread(self._preview_failed, generation, message)
            return
        self.app.call_from_thread(self._show_preview, generation, source)

    def _show_preview(self, generation: int, source: str) -> None:
        if generation != self._preview_generation:
            return  # the choice changed while it was prepared; a newer one is coming
        self.preview_source = source
        # Laid out in the preview's own thread; the title changes when it is on screen.
        self.query_one("#export-preview", DocumentPreview).show(source, generation)

    def on_document_preview_shown(self, event: DocumentPreview.Shown) -> None:
        event.stop()
        if event.token != self._preview_generation or self.preview_ready:
            return
        self.preview_ready = True
        title = f"Preview: {DOCUMENT_LABELS[self.document].lower()}"
        if self.pseudonymise:
            title += ", pseudonymised"
        self.query_one("#export-preview-title", Label).update(title)
        self.query_one("#export-preview").set_class(False, "-preparing")

    def _preview_failed(self, generation: int, message: str) -> None:
        if generation != self._preview_generation:
            return
        self.query_one("#export-preview-title", Label).update("No preview")
        self.query_one("#export-preview").set_class(False, "-preparing")
        self._set_status(message, error=True)

    def action_refresh_preview(self) -> None:
        """Read the review again and redraw the preview."""
        self.refresh_preview()
        self.notify("Preparing the preview again.", timeout=2)

    # choices ----------------------------------------------------------------

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if not isinstance(event.value, str):
            return
        if event.select.id == "export-document" and event.value != self.document:
            old_stem = self._default_stem()
            self.document = event.value
            formats = formats_for(self.document)
            self.fmt = self.fmt if self.fmt in formats else default_format(self.document)
            fmt_select = self.query_one("#export-format", Select)
            with fmt_select.prevent(Select.Changed):
                fmt_select.set_options(self._format_options(self.document))
                fmt_select.value = self.fmt
            self._retarget(old_stem)
            self.refresh_preview()
        elif event.select.id == "export-format" and event.value != self.fmt:
            self.fmt = event.value
            self._retarget(self._default_stem())
            self.refresh_preview()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        if event.value == self.pseudonymise:
            return
        old_stem = self._default_stem()
        self.pseudonymise = event.value
        self._retarget(old_stem)
        self.refresh_preview()

    def action_toggle_pseudonymise(self) -> None:
        """Turn pseudonymisation on or off."""
        self.query_one("#export-pseudonymise", Switch).toggle()

    def on_input_changed(self, event: Input.Changed) -> None:
        """A typed extension the document can be written in picks that format."""
        event.stop()
        suffix = Path(event.value.strip()).suffix.lower().lstrip(".")
        if suffix in formats_for(self.document) and suffix != self.fmt:
            self.fmt = suffix
            fmt_select = self.query_one("#export-format", Select)
            with fmt_select.prevent(Select.Changed):
                fmt_select.value = suffix

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_write()

    def _default_stem(self) -> str:
        return default_stem(self.reference, self.document, self.pseudonymise)

    def _retarget(self, old_stem: str) -> None:
        """Give the path the chosen format's extension; follow the default name if kept."""
        path_input = self.query_one("#export-path", Input)
        text = path_input.value.strip()
        path = Path(text) if text else (self.folder or Path()) / old_stem
        stem = path.stem if path.suffix else path.name
        if stem == old_stem or not stem:
            stem = self._default_stem()
        name = stem if writes_folder(self.document) else f"{stem}.{self.fmt}"
        with path_input.prevent(Input.Changed):
            path_input.value = str(path.with_name(name))

    # writing ----------------------------------------------------------------

    def target(self) -> Path | None:
        """The absolute path typed in (``~`` expanded), or None when it is empty."""
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            return None
        return Path(text).expanduser().absolute()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "write":
            return not self.busy
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-write":
            event.stop()
            self.action_write()

    def action_write(self) -> None:
        """Write the chosen document to the path (asking first before replacing a file)."""
        if self.busy:
            return
        target = self.target()
        if target is None:
            self._fail("Type where to write the file, e.g. ~/LR-2099-01-minutes.docx.")
            return
        if writes_folder(self.document):
            self._write_folder(target)
            return
        if target.is_dir():
            self._fail(f"{target} is a folder; add a file name. Nothing was written.")
            return
        try:  # a database, a backup, a pack's file or a link: refused before asking to replace
            self.services.exports.check_target(target)
        except TargetRefused as error:
            self._fail(str(error))
            return
        if target.exists():
            self.app.push_screen(
                ConfirmDialog(
                    f"{target.name} already exists in {target.parent}. Replace it?",
                    yes="Replace",
                    no="Keep it",
                ),
                partial(self._replace_answered, target),
            )
            return
        self._start(target)

    def _write_folder(self, target: Path) -> None:
        """A folder document (templates, packs): one file per agency in ``target``."""
        if target.exists() and not target.is_dir():
            self._fail(
                f"{target.name} is a file; the {DOCUMENT_LABELS[self.document].lower()} are "
                "written into a folder: type a folder's path. Nothing was written."
            )
            return
        if target.is_dir() and any(target.iterdir()):
            self.app.push_screen(
                ConfirmDialog(
                    f"{target} already holds files; any with an agency's file name is "
                    "replaced. Write into it?",
                    yes="Write",
                    no="Keep them",
                ),
                partial(self._replace_answered, target),
            )
            return
        self._start(target)

    def _replace_answered(self, target: Path, replace: bool | None) -> None:
        if replace:
            self._start(target)
        else:
            self._set_status(f"{target.name} kept as it was; nothing was written.")

    def _start(self, target: Path) -> None:
        try:
            self.services.exports.make_folder_for(target, self.folder)
        except OSError as error:
            self._fail(write_error_message(error, target))
            return
        try:  # a chronology too long to make this document in memory, before it is read
            self.services.exports.check_size(self.review_id, self.document, self.fmt)
        except ExportFailed as error:
            self._fail(failure_message(error, self.document, target))
            return
        self._set_busy(True)
        self._set_status(f"Writing {target} ...")
        data = self.load()
        if writes_folder(self.document):
            self._export_folder(data, self.document, self.pseudonymise, target)
            return
        publishing = self.services.exports.publishing(self.review_id, data)
        self._export(data, publishing, self.document, self.pseudonymise, target)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _export(
        self,
        data: ReviewData,
        publishing: PublishingData,
        document: str,
        pseudonymise: bool,
        target: Path,
    ) -> None:
        """Render and write in a thread (a big review takes about a second)."""
        try:
            rendered = self.services.exports.write(
                data, document, target, pseudonymise=pseudonymise, publishing=publishing
            )
        except LeaksRemain as found:
            self.app.call_from_thread(self._leaks_found, found)
            return
        except Exception as error:  # a renderer bug must not become a traceback on screen
            self.app.call_from_thread(self._fail, failure_message(error, document, target))
            return
        self.app.call_from_thread(self._written, rendered, target, pseudonymise)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _export_folder(
        self,
        data: ReviewData,
        document: str,
        pseudonymise: bool,
        target: Path,
        accept_leaks: bool = False,
    ) -> None:
        """Render and write one file per agency in a thread."""
        try:
            written = self.services.exports.write_folder(
                data, document, target, pseudonymise=pseudonymise, accept_leaks=accept_leaks
            )
        except LeaksRemainInFolder as found:
            self.app.call_from_thread(self._folder_leaks_found, data, found)
            return
        except Exception as error:  # a renderer bug must not become a traceback on screen
            self.app.call_from_thread(self._fail, failure_message(error, document, target))
            return
        self.app.call_from_thread(self._folder_written, written, target)

    def _folder_leaks_found(self, data: ReviewData, found: LeaksRemainInFolder) -> None:
        leaks = found.rendered.leaks
        shown = "\n".join(f"  {leak}" for leak in leaks[:4])
        more = f"\n  ... and {len(leaks) - 4} more" if len(leaks) > 4 else ""
        self._set_status(
            f"The check found {len(leaks)} thing(s) that look identifying; nothing written yet."
        )
        self.app.push_screen(
            ConfirmDialog(
                f"The pseudonymised packs still hold {len(leaks)} thing(s) that look "
                f"identifying:\n{shown}{more}\nAdd them as pseudonyms (Prepare) and write "
                "again, or write the packs as they are?",
                yes="Write anyway",
                no="Cancel",
            ),
            partial(self._folder_leaks_answered, data, found.path),
        )

    def _folder_leaks_answered(self, data: ReviewData, target: Path, write: bool | None) -> None:
        if not write:
            self._set_busy(False)
            self._set_status("Cancelled: nothing was written.")
            return
        self._set_status(f"Writing {target} ...")
        self._export_folder(data, self.document, True, target, accept_leaks=True)

    def _folder_written(self, written: RenderedFolder, target: Path) -> None:
        self._set_busy(False)
        self.last_written = target
        label = DOCUMENT_LABELS[written.document]
        what = f"{label}: {len(written.files)} file(s), one per agency"
        if written.leaks:
            what += f", with {len(written.leaks)} identifying thing(s) accepted"
        self._set_status(f"Written: {target}/  -  {what}", done=True)
        self.notify(visible(target, one_line=True), title=f"{label} written", markup=False)

    def _leaks_found(self, found: LeaksRemain) -> None:
        self._set_status(
            f"The check found {len(found.rendered.leaks)} thing(s) that look identifying; "
            "nothing written yet."
        )
        self.app.push_screen(
            LeaksDialog(self.review_id, found.rendered, found.path),
            partial(self._leaks_answered, found.path),
        )

    def _leaks_answered(self, target: Path, rendered: Rendered | None) -> None:
        # Pseudonyms may have been added in the dialog: the preview shows them.
        if self.pseudonymise:
            self.refresh_preview()
        if rendered is not None:
            self._set_status(f"Writing {target} ...")
            self._write_accepted(rendered, target)
        else:
            self._set_busy(False)
            self._set_status("Cancelled: nothing was written.")

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _write_accepted(self, rendered: Rendered, target: Path) -> None:
        """Write exactly the document whose findings the user has seen and accepted."""
        try:
            self.services.exports.write_accepted(rendered, target)
        except TargetRefused as error:  # the target became unsafe meanwhile
            self.app.call_from_thread(self._fail, f"{error}")
            return
        except OSError as error:
            self.app.call_from_thread(self._fail, write_error_message(error, target))
            return
        self.app.call_from_thread(self._written, rendered, target, True)

    def _written(self, rendered: Rendered, target: Path, pseudonymised: bool) -> None:
        self._set_busy(False)
        self.last_written = target
        what = f"{DOCUMENT_LABELS[rendered.document]} ({FORMAT_LABELS[rendered.fmt]}"
        what += ", pseudonymised)" if pseudonymised else ")"
        if rendered.leaks:
            what += f", with {len(rendered.leaks)} identifying thing(s) accepted"
        if pseudonymised:
            if rendered.redactions:
                what += f", {len(rendered.redactions)} redacted (listed in the review's history)"
            try:
                self.services.exports.log(self.review_id, rendered, target)
            except StorageError as error:
                self.notify(
                    visible(str(error)), title="Export log", severity="warning", markup=False
                )
        self._set_status(f"Written: {target}  -  {what}", done=True)
        self.notify(
            visible(target, one_line=True),
            title=f"{DOCUMENT_LABELS[rendered.document]} written",
            markup=False,
        )

    def _fail(self, message: str) -> None:
        self._set_busy(False)
        self._set_status(message, error=True)
        self.notify(visible(message), title="Not written", severity="error", markup=False)

    # state ------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.query_one("#export-write", Button).disabled = busy
        self.refresh_bindings()

    def _set_status(self, message: str, *, error: bool = False, done: bool = False) -> None:
        status = self.query_one("#export-status", Static)
        status.update(visible(message))  # paths and messages may hold what a file held
        status.set_class(error, "-error")
        status.set_class(done, "-done")

    @property
    def status_text(self) -> str:
        """What the status line says."""
        return str(self.query_one("#export-status", Static).render())

    def action_back(self) -> None:
        """Back to the screen the export was opened from."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def palette_commands(self) -> list[PaletteCommand]:
        """Pick a document from the command palette."""
        return [
            (f"Export {DOCUMENT_LABELS[d].lower()}", "Export", partial(self.choose, d))
            for d in documents(before_workshop=True)
        ]

    def choose(self, document: str) -> None:
        """Select ``document`` (its format and path follow)."""
        self.query_one("#export-document", Select).value = document
