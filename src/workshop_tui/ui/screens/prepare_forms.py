"""The Prepare screen's forms: the review's details, a participant, a KLOE.

Apart from the screen so the screen the app opens on imports no form fields;
they are imported when a form is first opened.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from workshop_tui.domain.display import visible
from workshop_tui.domain.models import Kloe, Participant, Review
from workshop_tui.ui.format import format_date, parse_date, parse_time, plain
from workshop_tui.ui.screens.base import AppModal
from workshop_tui.ui.screens.review_details import DATE_FIELDS, DETAIL_FIELDS, detail_texts
from workshop_tui.ui.validation import FieldErrors, validation_messages
from workshop_tui.ui.widgets.fields import PlainTextArea, show_controls
from workshop_tui.ui.widgets.footer import Footer

M = TypeVar("M", bound=BaseModel)


def _labelled(label: str, name: str, widget: Widget) -> Vertical:
    widget.id = f"f-{name}"
    if isinstance(widget, Input | TextArea):
        widget.compact = True
    if isinstance(widget, Input):
        show_controls(widget)
    return Vertical(
        Label(label, classes="field-label"),
        widget,
        Static("", id=f"error-{name}", classes="field-error"),
        classes="field",
    )


def _validated(model_type: type[M], values: dict[str, Any]) -> M:
    """``values`` as a ``model_type``; pydantic's messages by field (FieldErrors).

    A period that ends before it starts is the "to" field's to mend.
    """
    try:
        return model_type.model_validate(values)
    except ValidationError as error:
        messages = validation_messages(error)
        if "form" in messages and "period" in messages["form"]:
            messages["period_end"] = messages.pop("form")
        raise FieldErrors(messages) from None


class ModelForm(AppModal):
    """A small modal form for a participant or a KLOE: ctrl+s saves, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    heading = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box", can_focus=False):  # Tab stays on the fields
            yield Label(plain(self.heading), classes="form-title")
            yield from self.compose_fields()
            yield Static("", id="error-form", classes="field-error")
            yield Static("ctrl+s save · Esc cancel", classes="form-hint")
        yield Footer()

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # The field errors start hidden by forms.tcss (.capture-form .field-error).
        # A field that holds something (an edit) keeps it when focused, the cursor at its
        # end: selected, the first key typed would replace a name or a title unseen.
        for field in self.query(Input):
            if field.value:
                field.select_on_focus = False
                field.cursor_position = len(field.value)
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
        """Save ``model`` (through ``self.services``); return it as stored.

        Raises:
            StorageError: it was not saved.
        """
        raise NotImplementedError

    def action_confirm(self) -> None:
        """Validate and save; the form closes only once the change is stored."""
        self.after_typed_keys(self._confirm)

    def _confirm(self) -> None:
        from workshop_tui.services import StorageError

        model = self.validated(self.build)
        if model is None:
            return
        try:
            stored = self.store(model)
        except StorageError as error:
            self.notify(
                visible(f"{error} Your changes are still in the form."),
                title="Not saved",
                severity="error",
                markup=False,
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
        yield _labelled(
            "E-mail (for the invitation; optional)", "email", Input(person.email if person else "")
        )

    def build(self) -> Participant:
        base = self.participant.model_dump() if self.participant else {}
        base.update(
            name=self.value("name"),
            role=self.value("role"),
            agency=self.value("agency"),
            email=self.value("email"),
        )
        return Participant.model_validate(base)

    def store(self, model: Participant) -> Participant:
        return self.services.prepare.save_participant(self.review_id, model)


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
        yield _labelled("Question", "question", PlainTextArea(k.question if k else ""))
        yield _labelled(
            "Prompts (one per line)", "prompts", PlainTextArea("\n".join(k.prompts) if k else "")
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
        return _validated(Kloe, base)

    def store(self, model: Kloe) -> Kloe:
        return self.services.prepare.save_kloe(self.review_id, model)


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
            "Terms of reference",
            "terms_of_reference",
            PlainTextArea(self.review.terms_of_reference),
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
                elif name == "workshop_minutes":
                    values[name] = parse_minutes(text)
                else:
                    values[name] = text
            except ValueError as error:
                errors[name] = str(error)
        values["terms_of_reference"] = self.value("terms_of_reference")
        if errors:
            raise FieldErrors(errors)
        return _validated(Review, values)

    def store(self, model: Review) -> Review:
        # Only what was edited here is written: another window's edits are kept.
        return self.services.prepare.save_details(model, original=self.review)


def parse_minutes(text: str) -> int | None:
    """A length typed in minutes (``180``); None for an empty field.

    Raises:
        ValueError: with a message fit to show beside the field.
    """
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f'"{text}" is not a number of minutes: type 180 for three hours')
    return int(text)


class NewReviewForm(ModelForm):
    """A review started from nothing: its reference and title; the rest is set on Prepare."""

    heading = "A new review"

    def __init__(self) -> None:
        super().__init__(classes="capture-form")

    def compose_fields(self) -> ComposeResult:
        yield _labelled("Reference (e.g. LR-2025-09)", "reference", Input(""))
        yield _labelled("Title", "title", Input(""))

    def build(self) -> Review:
        review = _validated(
            Review, {"reference": self.value("reference"), "title": self.value("title")}
        )
        if any(r.reference == review.reference for r in self.services.reviews.list_reviews()):
            raise FieldErrors({"reference": f"A review {review.reference} already exists."})
        return review

    def store(self, model: Review) -> Review:
        from workshop_tui.domain.models import ReviewData

        return self.services.reviews.create(ReviewData(review=model))
