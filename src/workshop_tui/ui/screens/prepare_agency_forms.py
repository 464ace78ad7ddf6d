"""The forms and the dialog of Prepare's Agencies tab (``prepare_agencies``), imported when
first opened: the screen the app opens on builds none of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from workshop_tui.domain.display import visible
from workshop_tui.domain.intake import AgencyRequest
from workshop_tui.ui.format import format_date, parse_date, plain
from workshop_tui.ui.screens.dialogs import ConfirmDialog
from workshop_tui.ui.screens.prepare_forms import ModelForm, _labelled
from workshop_tui.ui.validation import FieldErrors


@dataclass(frozen=True, slots=True)
class FileChoice:
    """A chronology file to add (or, with ``replace``, to replace an agency's with)."""

    agency: str
    name: str
    path: Path
    replace: bool = False


class ChangeDialog(ConfirmDialog):
    """A change shown before it is made: a summary, its lines; y makes it, n or Esc not
    (the focus starts on Cancel, so Enter makes nothing)."""

    def __init__(self, title: str, summary: str, lines: list[str], *, yes: str = "Yes") -> None:
        super().__init__(summary, yes=yes, no="Cancel")
        self.title_text = title
        self.lines = lines

    @property
    def summary(self) -> str:
        """The change in one line (the question asked)."""
        return self.question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.question), classes="dialog-question")
            with VerticalScroll(classes="dialog-lines"):
                lines = [visible(line, one_line=True) for line in self.lines]
                yield Static(plain("\n".join(lines) or "No problems."))
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes_label} (y)", id="yes", variant="primary")
                yield Button(f"{self.no_label} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()


class FileForm(ModelForm):
    """The agency (its key; a name if it is new) and the path of its chronology file."""

    def __init__(self, agency: str = "", *, replace: bool = False) -> None:
        super().__init__(classes="capture-form")
        self.agency = agency
        self.replace = replace
        self.heading = f"Replace the chronology of {agency}" if replace else "Add a chronology file"

    def compose_fields(self) -> ComposeResult:
        yield _labelled("Agency key (e.g. police)", "agency", Input(self.agency))
        if not self.replace:
            yield _labelled("Agency name, if the agency is new", "name", Input(""))
        yield _labelled(
            "File (.csv, .xlsx or .docx)", "path", Input("", placeholder="path/to/file")
        )

    def on_mount(self) -> None:
        self.call_after_refresh(self._focus_field)

    def _focus_field(self) -> None:
        self.query_one("#f-path" if self.agency else "#f-agency", Input).focus()

    def build(self) -> FileChoice:
        errors: dict[str, str] = {}
        agency = self.value("agency").strip()
        if not agency:
            errors["agency"] = "Type the agency's key (a short word, e.g. police)."
        text = self.value("path").strip()
        path = Path(text).expanduser()
        if not text:
            errors["path"] = "Type the path of the chronology file."
        elif not path.is_file():
            errors["path"] = f"There is no file {path}."
        if errors:
            raise FieldErrors(errors)
        name = "" if self.replace else self.value("name").strip()
        return FileChoice(agency, name, path, self.replace)

    def store(self, model: Any) -> Any:
        return model  # nothing is written until the change has been shown


class RequestForm(ModelForm):
    """When an agency's chronology was asked for, and when it is due."""

    def __init__(self, review_id: int, name: str, request: AgencyRequest) -> None:
        super().__init__(classes="capture-form")
        self.review_id = review_id
        self.request = request
        self.heading = f"Chronology request: {name}"

    def compose_fields(self) -> ComposeResult:
        r = self.request
        yield _labelled("Requested on (dd/mm/yyyy)", "requested", Input(format_date(r.requested)))
        yield _labelled("Due by (dd/mm/yyyy)", "due", Input(format_date(r.due)))

    def build(self) -> AgencyRequest:
        errors: dict[str, str] = {}
        dates: dict[str, Any] = {}
        for name in ("requested", "due"):
            try:
                dates[name] = parse_date(self.value(name))
            except ValueError as error:
                errors[name] = str(error)
        if not errors and dates["requested"] and dates["due"] and dates["due"] < dates["requested"]:
            errors["due"] = "The due date is before the date it was requested."
        if errors:
            raise FieldErrors(errors)
        return self.request.model_copy(update=dates)

    def store(self, model: AgencyRequest) -> AgencyRequest:
        return self.services.intake.update_request(
            self.review_id, model.agency, requested=model.requested, due=model.due
        )
