"""Forms for a pseudonym and an identifying place (Prepare's Pseudonyms tab, and the
Export screen's leaks dialog). Imported when a form is first opened."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input

from workshop_tui.domain.models import IdentifyingPlace, Pseudonym
from workshop_tui.ui.screens.prepare_forms import ModelForm, _labelled


class PseudonymForm(ModelForm):
    """A real name and the label published documents use instead."""

    def __init__(
        self,
        review_id: int,
        pseudonym: Pseudonym | None = None,
        *,
        real: str = "",
        label: str = "",
    ) -> None:
        """Args:
        review_id: The review.
        pseudonym: The pseudonym to edit, or None for a new one.
        real: For a new one, the real name to start from (what the check found).
        label: For a new one, the label to offer (selected, so typing replaces it).
        """
        super().__init__(classes="capture-form")
        self.review_id = review_id
        self.pseudonym = pseudonym
        self.start_real = pseudonym.real if pseudonym else real
        self.start_label = pseudonym.label if pseudonym else label
        self.heading = "Edit pseudonym" if pseudonym else "Add a pseudonym"

    def compose_fields(self) -> ComposeResult:
        yield _labelled("Real name (as written in the text)", "real", Input(self.start_real))
        yield _labelled("Pseudonym (published instead)", "label", Input(self.start_label))

    def on_mount(self) -> None:
        # After ModelForm's own focus on the first field (handlers run for each class).
        self.call_after_refresh(self._focus_field)

    def _focus_field(self) -> None:
        if self.pseudonym is not None:
            # An edit: the pseudonym is what usually changes. ModelForm.on_mount has made
            # each field that holds something keep it when focused, the cursor at its end.
            self.query_one("#f-label", Input).focus()
            return
        # Found by the check, the real name is known: the pseudonym is what to type, and
        # the label offered is selected so that typing replaces it.
        target = "#f-label" if self.start_real else "#f-real"
        field = self.query_one(target, Input)
        field.focus()
        field.select_all()

    def build(self) -> Pseudonym:
        base: dict[str, Any] = self.pseudonym.model_dump() if self.pseudonym else {}
        base.update(real=self.value("real"), label=self.value("label"))
        return Pseudonym.model_validate(base)

    def store(self, model: Pseudonym) -> Pseudonym:
        return self.services.prepare.save_pseudonym(self.review_id, model)


class PlaceForm(ModelForm):
    """An organisation or place that would identify the family."""

    def __init__(self, review_id: int, place: IdentifyingPlace | None = None) -> None:
        super().__init__(classes="capture-form")
        self.review_id = review_id
        self.place = place
        self.heading = "Edit identifying place" if place else "Add an identifying place"

    def compose_fields(self) -> ComposeResult:
        yield _labelled(
            'Name, or "... Ending" for any name ending so',
            "name",
            Input(self.place.name if self.place else "", placeholder="Hollins Lane Primary School"),
        )

    def build(self) -> IdentifyingPlace:
        base: dict[str, Any] = self.place.model_dump() if self.place else {}
        base.update(name=self.value("name"))
        return IdentifyingPlace.model_validate(base)

    def store(self, model: IdentifyingPlace) -> IdentifyingPlace:
        return self.services.prepare.save_identifying_place(self.review_id, model)
