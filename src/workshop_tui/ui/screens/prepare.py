"""Prepare: review details and terms of reference, participants and attendance, KLOEs."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from workshop_tui.domain.models import Attendance, Kloe, Participant, Review
from workshop_tui.ui.format import format_date, parse_date, parse_time, reflow, shorten
from workshop_tui.ui.screens.base import AppModal, ReviewScreen
from workshop_tui.ui.validation import FieldErrors, validation_messages

DETAIL_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("subject", "Subject (the child's pseudonym)"),
    ("partnership", "Partnership"),
    ("lead_reviewer", "Lead reviewer"),
    ("note_taker", "Note-taker"),
    ("marking", "Protective marking"),
    ("period_start", "Period from (dd/mm/yyyy)"),
    ("period_end", "Period to (dd/mm/yyyy)"),
    ("workshop_date", "Workshop date (dd/mm/yyyy)"),
    ("workshop_start", "Workshop start (hh:mm)"),
    ("location", "Location"),
)
DATE_FIELDS = {"period_start", "period_end", "workshop_date"}


def detail_texts(review: Review) -> dict[str, str]:
    """The review's details as the form's fields show them, by field name."""
    texts: dict[str, str] = {}
    for name, _ in DETAIL_FIELDS:
        value = getattr(review, name)
        if name in DATE_FIELDS:
            texts[name] = format_date(value)
        elif name == "workshop_start":
            texts[name] = value.strftime("%H:%M") if value else ""
        else:
            texts[name] = str(value or "")
    return texts


def detail_rows(review: Review) -> list[tuple[str, str]]:
    """The review's details as the Details tab shows them: label, text ("" when not set)."""
    texts = detail_texts(review)
    period = " to ".join(t for t in (texts["period_start"], texts["period_end"]) if t)
    workshop = " at ".join(t for t in (texts["workshop_date"], texts["workshop_start"]) if t)
    return [
        ("Title", texts["title"]),
        ("Subject", texts["subject"]),
        ("Partnership", texts["partnership"]),
        ("Lead reviewer", texts["lead_reviewer"]),
        ("Note-taker", texts["note_taker"]),
        ("Protective marking", texts["marking"]),
        ("Period under review", period),
        ("Workshop", workshop),
        ("Location", texts["location"]),
    ]


def details_summary(review: Review) -> Text:
    """The Details tab: every detail on its line, then the terms of reference.

    Built as styled text, never markup, so a title holding ``[`` shows as typed.
    """
    text = Text()
    text.append(f"{review.reference} · status: {review.status}\n\n", style="bold")
    width = max(len(label) for label, _ in detail_rows(review)) + 2
    for label, value in detail_rows(review):
        text.append(label.ljust(width), style="dim")
        text.append(value if value else "not set", style="" if value else "dim italic")
        text.append("\n")
    text.append("\nTerms of reference\n", style="dim")
    terms = reflow(review.terms_of_reference)
    text.append(terms if terms else "not set", style="" if terms else "dim italic")
    return text


def _labelled(label: str, name: str, widget: Widget) -> Vertical:
    widget.id = f"f-{name}"
    if isinstance(widget, Input | TextArea):
        widget.compact = True
    return Vertical(
        Label(label, classes="field-label"),
        widget,
        Static("", id=f"error-{name}", classes="field-error"),
        classes="field",
    )


def show_field_errors(screen: Widget, errors: dict[str, str]) -> None:
    """Put each message next to its field; unknown fields at ``#error-form``."""
    for widget in screen.query(".field-error"):
        if isinstance(widget, Static):
            widget.update("")
            widget.display = False
    leftover = []
    for name, message in errors.items():
        found = screen.query(f"#error-{name}")
        if found and name != "form":
            static = found.first(Static)
            static.update(message)
            static.display = True
        else:
            leftover.append(message)
    if leftover:
        static = screen.query_one("#error-form", Static)
        static.update("\n".join(leftover))
        static.display = True


class ModelForm(AppModal):
    """A small modal form for a participant or a KLOE: ctrl+s saves, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    heading = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield Label(self.heading, classes="form-title")
            yield from self.compose_fields()
            yield Static("", id="error-form", classes="field-error")
            yield Static("ctrl+s save · Esc cancel", classes="form-hint")
        yield Footer()

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        for widget in self.query(".field-error"):
            widget.display = False
        self.query(Input).first().focus()

    def value(self, name: str) -> str:
        widget = self.query_one(f"#f-{name}")
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def build(self) -> Any:
        raise NotImplementedError

    def store(self, model: Any) -> Any:
        """Save ``model``; return it as stored. Raises StorageError."""
        raise NotImplementedError

    def action_confirm(self) -> None:
        """Validate and save; the form closes only once the change is stored."""
        from workshop_tui.storage.errors import StorageError

        try:
            model = self.build()
        except FieldErrors as error:
            show_field_errors(self, error.errors)
            return
        except ValidationError as error:
            show_field_errors(self, validation_messages(error))
            return
        try:
            stored = self.store(model)
        except StorageError as error:
            self.notify(
                f"{error} Your changes are still in the form.", title="Not saved", severity="error"
            )
            return
        self.dismiss(stored)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


class ParticipantForm(ModelForm):
    """Name, role and agency of a member of the learning review group."""

    def __init__(self, review_id: int, participant: Participant | None = None) -> None:
        super().__init__(classes="capture-form")
        self.review_id = review_id
        self.participant = participant
        self.heading = "Edit participant" if participant else "Add a participant"

    def compose_fields(self) -> ComposeResult:
        person = self.participant
        yield _labelled("Name", "name", Input(person.name if person else ""))
        yield _labelled("Role", "role", Input(person.role if person else ""))
        yield _labelled("Agency", "agency", Input(person.agency if person else ""))

    def build(self) -> Participant:
        base = self.participant.model_dump() if self.participant else {}
        base.update(name=self.value("name"), role=self.value("role"), agency=self.value("agency"))
        return Participant.model_validate(base)

    def store(self, model: Participant) -> Participant:
        return self.repository.save_participant(self.review_id, model)


class KloeForm(ModelForm):
    """A Key Line of Enquiry: title, question, prompts, time box and period."""

    def __init__(self, review_id: int, kloe: Kloe | None = None, *, next_number: int = 1) -> None:
        super().__init__(classes="capture-form")
        self.review_id = review_id
        self.kloe = kloe
        self.next_number = next_number
        self.heading = f"Edit KLOE {kloe.number}" if kloe else "Add a KLOE"

    def compose_fields(self) -> ComposeResult:
        k = self.kloe
        yield _labelled("Title", "title", Input(k.title if k else ""))
        yield _labelled("Question", "question", TextArea(k.question if k else ""))
        yield _labelled(
            "Prompts (one per line)", "prompts", TextArea("\n".join(k.prompts) if k else "")
        )
        yield _labelled("Time box (minutes)", "minutes", Input(str(k.minutes) if k else "20"))
        yield _labelled(
            "Period from (dd/mm/yyyy)",
            "period_start",
            Input(format_date(k.period_start) if k else ""),
        )
        yield _labelled(
            "Period to (dd/mm/yyyy)", "period_end", Input(format_date(k.period_end) if k else "")
        )

    def build(self) -> Kloe:
        errors: dict[str, str] = {}
        dates: dict[str, Any] = {}
        for name in ("period_start", "period_end"):
            try:
                dates[name] = parse_date(self.value(name))
            except ValueError as error:
                errors[name] = str(error)
        minutes_text = self.value("minutes").strip()
        if not minutes_text.isdigit():
            errors["minutes"] = "Type a whole number of minutes, e.g. 25."
        if errors:
            raise FieldErrors(errors)
        base: dict[str, Any] = self.kloe.model_dump() if self.kloe else {"number": self.next_number}
        base.update(
            title=self.value("title"),
            question=self.value("question").strip(),
            prompts=[line.strip() for line in self.value("prompts").splitlines() if line.strip()],
            minutes=int(minutes_text),
            **dates,
        )
        try:
            return Kloe.model_validate(base)
        except ValidationError as error:
            messages = validation_messages(error)
            if "form" in messages and "period" in messages["form"]:
                messages["period_end"] = messages.pop("form")
            raise FieldErrors(messages) from None

    def store(self, model: Kloe) -> Kloe:
        return self.repository.save_kloe(self.review_id, model)


class DetailsForm(ModelForm):
    """The review's details and terms of reference."""

    def __init__(self, review: Review) -> None:
        super().__init__(classes="capture-form")
        self.review = review
        """The review as the form was opened on it: only fields changed here are written."""
        self.heading = f"Edit the details of {review.reference}"

    def compose_fields(self) -> ComposeResult:
        texts = detail_texts(self.review)
        for name, label in DETAIL_FIELDS:
            yield _labelled(label, name, Input(texts[name]))
        yield _labelled(
            "Terms of reference", "terms_of_reference", TextArea(self.review.terms_of_reference)
        )

    def build(self) -> Review:
        values: dict[str, Any] = self.review.model_dump()
        errors: dict[str, str] = {}
        for name, _ in DETAIL_FIELDS:
            text = self.value(name)
            try:
                if name in DATE_FIELDS:
                    values[name] = parse_date(text)
                elif name == "workshop_start":
                    values[name] = parse_time(text)
                else:
                    values[name] = text
            except ValueError as error:
                errors[name] = str(error)
        values["terms_of_reference"] = self.value("terms_of_reference")
        if errors:
            raise FieldErrors(errors)
        try:
            return Review.model_validate(values)
        except ValidationError as error:
            messages = validation_messages(error)
            if "form" in messages and "period" in messages["form"]:
                messages["period_end"] = messages.pop("form")
            raise FieldErrors(messages) from None

    def store(self, model: Review) -> Review:
        # Only what was edited here is written: another window's edits are kept.
        return self.repository.update_review(model, original=self.review)


class PrepareScreen(ReviewScreen):
    """Everything settled before the workshop."""

    screen_name = "prepare"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit_details", "Edit details", id="prep-edit-details"),
        Binding("1", "tab('details')", "Details tab", show=False),
        Binding("2", "tab('participants')", "Participants tab", show=False),
        Binding("3", "tab('kloes')", "KLOEs tab", show=False),
        Binding("p", "attendance('present')", "Present", id="att-present"),
        Binding("a", "attendance('apologies')", "Apologies", id="att-apologies"),
        Binding("x", "attendance('absent')", "Absent", id="att-absent"),
        Binding("i", "attendance('invited')", "Invited", show=False, id="att-invited"),
        Binding("n", "new", "Add", id="prep-new"),
        Binding("enter", "edit", "Edit", show=False, id="prep-edit"),
        Binding("ctrl+up,left_square_bracket", "move_kloe(-1)", "Move KLOE up", id="kloe-up"),
        Binding("ctrl+down,right_square_bracket", "move_kloe(1)", "Move KLOE down", id="kloe-down"),
    ]

    def __init__(self, review_id: int) -> None:
        super().__init__(review_id, classes="prepare-screen")
        self.participants: list[Participant] = []
        self.kloes: list[Kloe] = []
        self.shown_review: Review  # as the details form was built from it (set in compose)

    def compose(self) -> ComposeResult:
        # The details are shown as one piece of text and edited in a form (e): the
        # screen the app opens on has no fields to build and style.
        review = self.shown_review = self.repository.review(self.review_id)
        yield Header()
        with TabbedContent(id="prepare-tabs"):
            with TabPane("Details", id="tab-details"), VerticalScroll(id="details-pane"):
                yield Static(details_summary(review), id="details")
                yield Static("e edit the details and terms of reference", classes="hint")
            with TabPane("Participants", id="tab-participants"):
                participants: DataTable[str] = DataTable(
                    id="participants", cursor_type="row", zebra_stripes=True
                )
                yield participants
                yield Static(
                    "p present · a apologies · x absent · i invited · n add · Enter edit",
                    classes="hint",
                )
            with TabPane("KLOEs", id="tab-kloes"):
                kloes: DataTable[str] = DataTable(id="kloes", cursor_type="row", zebra_stripes=True)
                yield kloes
                yield Static("n add · Enter edit · [ ] or ctrl+up/down reorder", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#participants", DataTable)
        for column in ("Name", "Attendance", "Role", "Agency"):
            table.add_column(column, key=column)
        kloes = self.query_one("#kloes", DataTable)
        for column in ("#", "Title", "Minutes", "Period", "Status", "Question"):
            kloes.add_column(column, key=column)
        self.reload_participants()
        self.reload_kloes()
        # The tab bar, not a field: letter keys stay keys until a field is chosen.
        self.query_one("#prepare-tabs Tabs").focus()

    @property
    def tab(self) -> str:
        return self.query_one("#prepare-tabs", TabbedContent).active.removeprefix("tab-")

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        target = {"tab-participants": "#participants", "tab-kloes": "#kloes"}.get(
            event.pane.id or ""
        )
        if target:
            self.query_one(target).focus()
        self.refresh_bindings()

    def action_tab(self, name: str) -> None:
        """Show another tab."""
        self.query_one("#prepare-tabs", TabbedContent).active = f"tab-{name}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = self.tab
        if action == "attendance":
            return tab == "participants"
        if action == "move_kloe":
            return tab == "kloes"
        if action == "new":
            return tab in {"participants", "kloes"}
        if action == "edit":
            return True
        if action == "edit_details":
            return tab == "details"
        return True

    # details ------------------------------------------------------------------

    def action_edit_details(self) -> None:
        """Edit the review's details and terms of reference."""
        self.app.push_screen(DetailsForm(self.shown_review), self._details_saved)

    def _details_saved(self, review: Review | None) -> None:
        if review is None:
            return
        self.shown_review = review
        self.query_one("#details", Static).update(details_summary(review))
        self.workshop_app.refresh_review()
        self.notify("Details saved.", timeout=2)

    # participants ----------------------------------------------------------------

    def reload_participants(self) -> None:
        table = self.query_one("#participants", DataTable)
        row = table.cursor_row
        self.participants = self.repository.participants(self.review_id)
        table.clear()
        for person in self.participants:
            table.add_row(
                shorten(person.name, 24),
                str(person.attendance),
                shorten(person.role, 34),
                shorten(person.agency, 24),
                key=str(person.id),
            )
        if self.participants:
            table.move_cursor(row=min(max(row, 0), len(self.participants) - 1))

    def action_attendance(self, attendance: str) -> None:
        """Mark the highlighted participant, then move to the next one."""
        table = self.query_one("#participants", DataTable)
        index = table.cursor_row
        if not 0 <= index < len(self.participants):
            return
        person = self.participants[index]
        if person.id is None:
            return
        stored = self.repository.set_attendance(person.id, Attendance(attendance))
        self.participants[index] = stored
        # Only the one cell changes: rebuilding the table would reset the cursor after
        # keys the note-taker has already typed (mark, then up or down at speed).
        table.update_cell(str(person.id), "Attendance", str(stored.attendance))
        table.move_cursor(row=min(index + 1, len(self.participants) - 1))

    # KLOEs ---------------------------------------------------------------------------

    def reload_kloes(self, select_id: int | None = None) -> None:
        table = self.query_one("#kloes", DataTable)
        row = table.cursor_row
        self.kloes = self.repository.kloes(self.review_id)
        table.clear()
        for kloe in self.kloes:
            period = ""
            if kloe.period_start or kloe.period_end:
                period = f"{format_date(kloe.period_start)}–{format_date(kloe.period_end)}"
            table.add_row(
                str(kloe.number),
                shorten(kloe.title, 40),
                str(kloe.minutes),
                period,
                str(kloe.status),
                shorten(kloe.question, 60),
                key=str(kloe.id),
            )
        if select_id is not None:
            row = next((i for i, k in enumerate(self.kloes) if k.id == select_id), row)
        if self.kloes:
            table.move_cursor(row=min(max(row, 0), len(self.kloes) - 1))

    def action_move_kloe(self, offset: int) -> None:
        """Move the highlighted KLOE up or down the agenda."""
        index = self.query_one("#kloes", DataTable).cursor_row
        if not 0 <= index < len(self.kloes):
            return
        kloe_id = self.kloes[index].id
        if kloe_id is None:
            return
        self.repository.move_kloe(kloe_id, offset)
        self.reload_kloes(select_id=kloe_id)

    # add and edit ---------------------------------------------------------------

    def action_new(self) -> None:
        """Add a participant or a KLOE, by tab."""
        if self.tab == "participants":
            self.app.push_screen(ParticipantForm(self.review_id), self._participant_saved)
        elif self.tab == "kloes":
            self.app.push_screen(
                KloeForm(self.review_id, next_number=len(self.kloes) + 1), self._kloe_saved
            )

    def action_edit(self) -> None:
        """Edit the details, or the highlighted participant or KLOE."""
        if self.tab == "details":
            self.action_edit_details()
        elif self.tab == "participants":
            index = self.query_one("#participants", DataTable).cursor_row
            if 0 <= index < len(self.participants):
                self.app.push_screen(
                    ParticipantForm(self.review_id, self.participants[index]),
                    self._participant_saved,
                )
        elif self.tab == "kloes":
            index = self.query_one("#kloes", DataTable).cursor_row
            if 0 <= index < len(self.kloes):
                self.app.push_screen(KloeForm(self.review_id, self.kloes[index]), self._kloe_saved)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _participant_saved(self, person: Participant | None) -> None:
        if person is not None:
            self.reload_participants()

    def _kloe_saved(self, kloe: Kloe | None) -> None:
        if kloe is not None:
            self.reload_kloes(select_id=kloe.id)
