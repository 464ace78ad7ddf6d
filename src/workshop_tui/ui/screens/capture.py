"""Modal forms that capture what the room says: perspective, finding, action, escalation.

Each form validates through its pydantic model, shows a message next to the
field that is wrong, stores the capture at once (``services.captures.save``) and
returns the stored item via ``dismiss()``. If the store fails (a locked database, a
full disk) the form stays open with every word in it. While it is open, a half-typed form is
saved as a Draft a moment after the last keystroke (``save_draft_now``), so a
crash loses nothing; a draft is discarded once the capture is saved or the
form is cancelled with confirmation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
    Switch,
    TextArea,
)
from textual.widgets.select import InvalidSelectValueError

from workshop_tui.domain.capture_kinds import (
    BY_MODEL,
    CAPTURE_KINDS,
    Capture,
    CaptureKind,
    capture_kind,
)
from workshop_tui.domain.display import visible
from workshop_tui.domain.models import (
    PERSPECTIVE_KIND_LABELS,
    Action,
    ActionStatus,
    Agency,
    Decision,
    Draft,
    Escalation,
    EscalationRoute,
    EscalationStatus,
    Finding,
    FindingKind,
    FindingLevel,
    FindingScope,
    Participant,
    Perspective,
    PerspectiveKind,
    RecommendationTo,
)
from workshop_tui.domain.themes import THEMES
from workshop_tui.services import StorageError
from workshop_tui.ui.format import (
    format_date,
    parse_date,
    parse_ids,
    plain,
    shorten,
)
from workshop_tui.ui.screens.base import AppModal
from workshop_tui.ui.screens.dialogs import ConfirmDialog
from workshop_tui.ui.validation import FieldErrors
from workshop_tui.ui.widgets.choice_set import ChoiceButton, ChoiceSet
from workshop_tui.ui.widgets.fields import PlainTextArea, show_controls
from workshop_tui.ui.widgets.footer import Footer
from workshop_tui.ui.widgets.speaker_picker import SpeakerPicker, participant_label
from workshop_tui.ui.widgets.theme_picker import ThemePicker

ENTRY_NUMBERS = "e.g. 12, 15: the #number shown under the Workshop's slice"
"""The entries field's hint: marking with m fills it; the numbers are on the detail line."""


@dataclass
class FormContext:
    """What a capture form needs to offer choices and check links."""

    review_id: int
    kloe_id: int | None = None
    participants: list[Participant] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    entry_ids: set[int] | None = None
    """Every chronology entry id of the review, to check links; None skips the check."""
    linked_ids: list[int] = field(default_factory=list)
    """Entries marked in the chronology slice: a new capture links them."""
    themes: tuple[str, ...] = THEMES
    """The theme register a finding is tagged from (``services.themes.register``)."""
    after_workshop: bool = False
    """Opened from Outcomes: a finding's form also offers its level and scope, decided
    after the room more often than in it (in the Workshop the form stays as light to
    open as it was: two Selects took a third longer to open it)."""

    @property
    def agency_names(self) -> dict[str, str]:
        """Agency key to name, for showing who someone is."""
        return {a.key: a.name for a in self.agencies}


_FORM_OF_MODEL: dict[type[Capture], type[CaptureForm]] = {}
"""Each form by the model it captures (filled as the forms are defined)."""


def _field(label: str, name: str, widget: Widget, hint: str = "") -> Vertical:
    widget.id = f"f-{name}"
    if isinstance(widget, Input | TextArea | Select | RadioSet):
        widget.compact = True
    widget.add_class("value")
    if isinstance(widget, Input):
        show_controls(widget)  # a value read back may hold ESC: drawn as ␛
    children: list[Widget] = [Label(label, classes="field-label"), widget]
    if hint:
        children.append(Static(hint, classes="field-hint"))
    children.append(Static("", id=f"error-{name}", classes="field-error"))
    return Vertical(*children, classes="field", id=f"field-{name}")


def _radio_set(options: Iterable[tuple[str, str]]) -> RadioSet:
    return ChoiceSet(*(ChoiceButton(label, name=value) for value, label in options))


def _optional_date(values: dict[str, Any], name: str, errors: dict[str, str]) -> dt.date | None:
    try:
        return parse_date(str(values.get(name) or ""))
    except ValueError as error:
        errors[name] = str(error)
        return None


class CaptureForm(AppModal):
    """Base of the capture forms: fields by id, drafts, validation, confirm and cancel.

    A form names the model it captures (``class PerspectiveForm(CaptureForm,
    model=Perspective)``); its kind (``domain.capture_kinds``) gives its name, and
    ``FORMS`` maps every kind to its form.
    """

    kind: ClassVar[CaptureKind]
    form_name: ClassVar[str] = ""
    """The kind's name: the draft's ``form``."""
    heading: ClassVar[str] = ""
    first_choice_field: ClassVar[str] = ""
    """A RadioSet field that a new form (no item, no draft) starts on its first choice."""
    main_field: ClassVar[str] = ""
    """The field holding what was said or agreed: where a reopened draft puts the cursor
    when it does not know which field was being typed."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm", "Save", priority=True, id="form-save"),
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
    ]

    def __init_subclass__(cls, *, model: type[Capture] | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if model is not None:
            cls.kind = BY_MODEL[model]
            cls.form_name = cls.kind.kind
            _FORM_OF_MODEL[model] = cls

    def __init__(
        self,
        context: FormContext,
        *,
        item: Capture | None = None,
        draft: Draft | None = None,
    ) -> None:
        super().__init__(classes="capture-form")
        self.context = context
        self.item = item
        self.draft = draft
        self._baseline: dict[str, Any] = {}
        self._ready = False
        self._dirty = False
        self._stored = False
        """Saved: from then on the form keeps no draft, though it may stay open a moment
        (a question after the save), or a change may arrive after the save."""
        self._draft_timer: Timer | None = None
        self.draft_saved_at: dt.datetime | None = None

    # composition ---------------------------------------------------------

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box", can_focus=False):  # Tab stays on the fields
            title = self.heading if self.item is None else f"Edit {self.form_name}"
            yield Label(title, classes="form-title")
            yield from self.compose_fields()
            yield Static("", id="error-form", classes="field-error")
            yield Static(
                "ctrl+s save · Esc cancel · Tab next field", id="form-status", classes="form-hint"
            )
        yield Footer()

    def compose_fields(self) -> ComposeResult:
        """The form's fields, each made with ``_field``."""
        yield from ()

    def on_mount(self) -> None:
        if self.first_choice_field and self.item is None and self.draft is None:
            radio_set = self.query_one(f"#f-{self.first_choice_field}", RadioSet)
            radio_set.query(RadioButton).first().value = True
        values: dict[str, Any] = {}
        if self.item is not None:
            values = self.item_values(self.item)
        if self.draft is not None:
            values.update(self.draft.payload)
        if self.item is None and self.draft is None and self.context.linked_ids:
            values["entries"] = ", ".join(str(i) for i in self.context.linked_ids)
        if values:
            self.write_values(values)
        if self.draft is not None or self.item is not None:
            self._resume_typing()
        else:
            self.query(".value").first().focus()
        self.call_after_refresh(self._settle)

    def _resume_typing(self) -> None:
        """Put the cursor where the typing stopped: the end of the field last typed in
        (the draft remembers it), else the end of the main text; nothing is selected, so
        the next key adds to what is there and never replaces it."""
        name = ""
        if self.draft is not None:
            name = str(self.draft.payload.get("focus") or "")
        fields = {(w.id or "").removeprefix("f-"): w for w in self.query(".value")}
        widget = fields.get(name) or fields.get(self.main_field) or self.query(".value").first()
        if isinstance(widget, TextArea):
            widget.move_cursor(widget.document.end)
        elif isinstance(widget, Input):
            widget.select_on_focus = False
            widget.cursor_position = len(widget.value)
        widget.focus()

    def _focused_field(self) -> str:
        """The name of the field holding the focus (the speaker for its filter), or ""."""
        node: DOMNode | None = self.focused
        while node is not None and node is not self:
            if isinstance(node, Widget) and node.has_class("value"):
                return (node.id or "").removeprefix("f-")
            node = node.parent
        return ""

    def _settle(self) -> None:
        self._baseline = self.read_values()
        self._ready = True

    # values --------------------------------------------------------------

    def read_values(self) -> dict[str, Any]:
        """Every field's raw value by name: what a draft holds."""
        values: dict[str, Any] = {}
        for widget in self.query(".value"):
            name = (widget.id or "").removeprefix("f-")
            if isinstance(widget, SpeakerPicker):
                widget.settle()  # keys typed in a burst: the list may not follow yet
                values[name] = widget.participant_id
                values[f"{name}_text"] = widget.filter_text
            elif isinstance(widget, ThemePicker):
                values[name] = list(widget.chosen)
            elif isinstance(widget, Input):
                values[name] = widget.value
            elif isinstance(widget, TextArea):
                values[name] = widget.text
            elif isinstance(widget, Switch):
                values[name] = widget.value
            elif isinstance(widget, RadioSet):
                pressed = widget.pressed_button
                values[name] = pressed.name if pressed else None
            elif isinstance(widget, Select):
                values[name] = None if widget.value is Select.NULL else widget.value
        return values

    def write_values(self, values: dict[str, Any]) -> None:
        """Fill the fields from ``values`` (a draft or an item being edited)."""
        for widget in self.query(".value"):
            name = (widget.id or "").removeprefix("f-")
            if name not in values:
                continue
            value = values[name]
            if isinstance(widget, SpeakerPicker):
                picked = value if isinstance(value, int) else None
                widget.set_value(picked, str(values.get(f"{name}_text") or ""))
            elif isinstance(widget, ThemePicker):
                widget.set_value(value)
            elif isinstance(widget, Input):
                widget.value = str(value or "")
            elif isinstance(widget, TextArea):
                widget.load_text(str(value or ""))
            elif isinstance(widget, Switch):
                widget.value = bool(value)
            elif isinstance(widget, RadioSet):
                for button in widget.query(RadioButton):
                    button.value = button.name == value
            elif isinstance(widget, Select):
                try:
                    widget.value = value if value is not None else Select.NULL
                except InvalidSelectValueError:
                    widget.value = Select.NULL

    def item_values(self, item: Capture) -> dict[str, Any]:
        """The field values showing ``item``."""
        return {}

    def build(self, values: dict[str, Any]) -> Capture:
        """The model from the field values; raises FieldErrors or ValidationError."""
        raise NotImplementedError

    def entry_links(self, values: dict[str, Any], errors: dict[str, str]) -> list[int]:
        """Entry ids typed in the ``entries`` field, checked against the review."""
        try:
            ids = parse_ids(str(values.get("entries") or ""))
        except ValueError as error:
            errors["entries"] = str(error)
            return []
        known = self.context.entry_ids
        if known is not None:
            unknown = [str(i) for i in ids if i not in known]
            if unknown:
                errors["entries"] = f"No chronology entry {', '.join(unknown)} in this review."
        return ids

    # changes and drafts ---------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Switch.Changed)
    @on(RadioSet.Changed)
    @on(Select.Changed)
    @on(SpeakerPicker.Changed)
    @on(ThemePicker.Changed)
    def _field_changed(self) -> None:
        if not self._ready or self._stored:
            return
        if not self._dirty and self.read_values() == self._baseline:
            return
        self._dirty = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(self.workshop_app.draft_delay, self.save_draft_now)

    def save_draft_now(self) -> None:
        """Save the form as it stands as a Draft (the debounce timer calls this)."""
        self._stop_draft_timer()
        if self._stored:  # what it held is stored; a draft now would bring it back
            return
        payload = self.read_values()
        payload["focus"] = self._focused_field()
        if self.item is not None and self.item.id is not None:
            payload["item_id"] = self.item.id
        try:
            self.services.captures.save_draft(
                self.context.review_id,
                Draft(form=self.form_name, kloe_id=self.context.kloe_id, payload=payload),
            )
        except StorageError as error:
            self.notify(visible(error), title="Draft not saved", severity="error", markup=False)
            return
        self.draft_saved_at = self.clock()
        self.query_one("#form-status", Static).update(
            f"Draft kept {self.draft_saved_at:%H:%M:%S} · ctrl+s save · Esc cancel"
        )

    def picker_name(self, name: str = "speaker") -> str | None:
        """The name of the person picked in a speaker field (for tests and status lines)."""
        person = self.query_one(f"#f-{name}", SpeakerPicker).picked()
        return person.name if person else None

    def _stop_draft_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    def on_unmount(self) -> None:
        self._stop_draft_timer()

    def before_closed_by_app(self) -> None:
        # A draft on its way (typed less than draft_delay ago) is kept now: the form
        # is about to go, and its timer with it.
        if self._draft_timer is not None:
            self.save_draft_now()
        if self._dirty and not self._stored:  # say where the words went
            key = capture_kind(self.form_name).key
            self.notify(
                f"Your unfinished {self.form_name} is kept as a draft: {key} on the Workshop"
                " screen reopens it.",
                title="Draft kept",
            )

    # confirm and cancel -------------------------------------------------

    def action_confirm(self) -> None:
        """Validate, store at once, and hand the stored item back; on failure stay open."""
        self.after_typed_keys(self._confirm)

    def _confirm(self) -> None:
        values = self.read_values()
        model = self.validated(lambda: self.build(values))
        if model is None:
            return
        try:
            stored = self.services.captures.save(self.context.review_id, model, self.item)
        except StorageError as error:
            # The form stays open with every word in it: nothing is lost, and ctrl+s tries again.
            message = self.query_one("#error-form", Static)
            message.update(
                plain(f"Not saved: {error} Your words are still here; press ctrl+s to try again.")
            )
            message.display = True
            self.notify(visible(error), title="Not saved", severity="error", markup=False)
            return
        self._stored = True
        self._stop_draft_timer()
        self.stored(stored)

    def stored(self, item: Capture) -> None:
        """The capture is safely stored: close the form with it."""
        self.dismiss(item)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.has_class("value"):
            event.stop()
            self.action_confirm()

    def action_cancel(self) -> None:
        """Close without saving; asks first when something was typed."""
        if not (self._dirty or self.draft is not None):
            self.services.captures.discard_draft(self.context.review_id, self.kind)
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.services.captures.discard_draft(self.context.review_id, self.kind)
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(f"Discard this {self.form_name}? What was typed will be lost."),
            answered,
        )


class PerspectiveForm(CaptureForm, model=Perspective):
    """What a participant said about the KLOE."""

    heading = "Capture a perspective"
    first_choice_field = "kind"
    main_field = "text"

    def compose_fields(self) -> ComposeResult:
        # Name, Enter, words, ctrl+s: what was said comes straight after who said it;
        # the kind has a default and follows.
        yield _field(
            "Speaker",
            "speaker",
            SpeakerPicker(self.context.participants, agency_names=self.context.agency_names),
        )
        yield _field("What they said", "text", PlainTextArea(placeholder="what was said…"))
        kinds = _radio_set((kind.value, PERSPECTIVE_KIND_LABELS[kind]) for kind in PerspectiveKind)
        yield _field("Kind", "kind", kinds)
        yield _field(
            "Chronology entries",
            "entries",
            Input(placeholder=ENTRY_NUMBERS),
            "marked in the slice with m",
        )

    def stored(self, item: Capture) -> None:
        """Closes the form; for a speaker not on the list, first offers to add them."""
        if not (isinstance(item, Perspective) and item.participant_id is None):
            self.dismiss(item)
            return
        name = item.speaker_name.strip()
        before = self.item.speaker_name.strip() if isinstance(self.item, Perspective) else ""
        if not name or name == before:  # an edit that kept the name was offered before
            self.dismiss(item)
            return
        arrived = self.clock()

        def answered(role: str | None) -> None:
            if role is None:
                self.dismiss(item)
                return
            try:
                person = self.services.workshop.add_arrival(
                    self.context.review_id, name, role, arrived
                )
            except StorageError as error:
                self.notify(visible(str(error)), title="Not added", severity="error", markup=False)
                self.dismiss(item)
                return
            self.notify(
                visible(f"Added {name}, present, arrived {arrived:%H:%M}."),
                timeout=3,
                markup=False,
            )
            self.dismiss(item.model_copy(update={"participant_id": person.id, "speaker_name": ""}))

        self.app.push_screen(ArrivalDialog(name, arrived), answered)

    def item_values(self, item: Capture) -> dict[str, Any]:
        assert isinstance(item, Perspective)
        return {
            "speaker": item.participant_id,
            "speaker_text": item.speaker_name if item.participant_id is None else "",
            "kind": item.kind.value,
            "text": item.text,
            "entries": ", ".join(str(i) for i in item.entry_ids),
        }

    def build(self, values: dict[str, Any]) -> Perspective:
        errors: dict[str, str] = {}
        entries = self.entry_links(values, errors)
        if errors:
            raise FieldErrors(errors)
        base = self.item.model_dump() if isinstance(self.item, Perspective) else {}
        speaker = values.get("speaker")
        typed = str(values.get("speaker_text") or "").strip()
        base.update(
            kloe_id=base.get("kloe_id", self.context.kloe_id),
            participant_id=speaker,
            # Someone not on the list is kept as typed, never dropped to "the room".
            speaker_name="" if speaker is not None else typed,
            kind=values.get("kind") or PerspectiveKind.INTERVENTION,
            text=values.get("text", ""),
            entry_ids=entries,
        )
        return Perspective.model_validate(base)


class FindingForm(CaptureForm, model=Finding):
    """A finding: learning or good practice, draft until the room agrees the wording."""

    heading = "Record a finding"
    first_choice_field = "kind"
    main_field = "statement"

    def compose_fields(self) -> ComposeResult:
        # Learning, the neutral kind, is chosen until Good practice is chosen on purpose:
        # tabbing past the kind never records a failure as good practice.
        yield _field(
            "Kind",
            "kind",
            _radio_set(
                [
                    (FindingKind.LEARNING.value, "Learning"),
                    (FindingKind.GOOD_PRACTICE.value, "Good practice"),
                ]
            ),
            "Learning unless you choose Good practice (Down)",
        )
        yield _field("Finding", "statement", PlainTextArea(placeholder="the finding, as worded…"))
        yield _field(
            "Recommendation to",
            "recommendation_to",
            Select([(to.value, to.value) for to in RecommendationTo], prompt="(none yet)"),
        )
        yield _field("Themes", "themes", ThemePicker(self.context.themes))
        yield _field("Chronology entries", "entries", Input(placeholder=ENTRY_NUMBERS))
        yield _field("Agreed by the room", "agreed", Switch())
        if not self.context.after_workshop:
            return
        # Level and scope come last, after the workshop: the Tab path to Agreed stays.
        yield _field(
            "Level",
            "level",
            Select([(v.value.capitalize(), v.value) for v in FindingLevel], prompt="(not set)"),
        )
        yield _field(
            "Scope",
            "scope",
            Select([(v.value.capitalize(), v.value) for v in FindingScope], prompt="(not set)"),
        )

    def item_values(self, item: Capture) -> dict[str, Any]:
        assert isinstance(item, Finding)
        return {
            "kind": item.kind.value,
            "statement": item.statement,
            "recommendation_to": item.recommendation_to.value if item.recommendation_to else None,
            "themes": list(item.themes),
            "level": item.level.value if item.level else None,
            "scope": item.scope.value if item.scope else None,
            "entries": ", ".join(str(i) for i in item.entry_ids),
            "agreed": item.agreed,
        }

    def build(self, values: dict[str, Any]) -> Finding:
        errors: dict[str, str] = {}
        entries = self.entry_links(values, errors)
        if errors:
            raise FieldErrors(errors)
        base = self.item.model_dump() if isinstance(self.item, Finding) else {}
        kloe_ids = base.get("kloe_ids") or (
            [self.context.kloe_id] if self.context.kloe_id is not None else []
        )
        base.update(
            kloe_ids=kloe_ids,
            kind=values.get("kind") or FindingKind.LEARNING,
            statement=values.get("statement", ""),
            recommendation_to=values.get("recommendation_to"),
            themes=list(self.query_one("#f-themes", ThemePicker).chosen),
            entry_ids=entries,
            agreed=bool(values.get("agreed")),
        )
        for name in ("level", "scope"):  # kept as they were where the form does not show them
            if name in values:
                base[name] = values[name]
        return Finding.model_validate(base)


class ActionForm(CaptureForm, model=Action):
    """An agreed action for practice change, owned by a role and monitored."""

    heading = "Record an action"
    main_field = "description"

    def compose_fields(self) -> ComposeResult:
        yield _field("Action", "description", PlainTextArea(placeholder="what will be done…"))
        findings = [
            (plain(shorten(f"F{f.id}: {f.statement}", 60)), str(f.id))
            for f in self.context.findings
            if f.id is not None
        ]
        yield _field("For finding", "finding", Select(findings, prompt="(no finding)"))
        agencies = [(plain(a.name, one_line=True, limit=60), a.key) for a in self.context.agencies]
        yield _field("Lead agency", "lead_agency", Select(agencies, prompt="(none)"))
        yield _field("Owner (a role)", "owner", Input(placeholder="e.g. Designated Nurse"))
        yield _field("Subgroup", "subgroup", Input(placeholder="e.g. Learning and Development"))
        yield _field("Target date", "target_date", Input(placeholder="dd/mm/yyyy"))
        yield _field("Success measure", "success_measure", Input(placeholder="what will differ"))
        yield _field("Monitoring", "monitoring", Input(placeholder="how QA will check"))
        yield _field(
            "Status",
            "status",
            Select([(s.value, s.value) for s in ActionStatus], allow_blank=False),
        )
        yield _field("Agreed by the room", "agreed", Switch())

    def item_values(self, item: Capture) -> dict[str, Any]:
        assert isinstance(item, Action)
        return {
            "description": item.description,
            "finding": str(item.finding_id) if item.finding_id is not None else None,
            "lead_agency": item.lead_agency or None,
            "owner": item.owner,
            "subgroup": item.subgroup,
            "target_date": format_date(item.target_date),
            "success_measure": item.success_measure,
            "monitoring": item.monitoring,
            "status": item.status.value,
            "agreed": item.agreed,
        }

    def build(self, values: dict[str, Any]) -> Action:
        errors: dict[str, str] = {}
        target = _optional_date(values, "target_date", errors)
        if errors:
            raise FieldErrors(errors)
        base = self.item.model_dump() if isinstance(self.item, Action) else {}
        finding = values.get("finding")
        base.update(
            kloe_id=base.get("kloe_id", self.context.kloe_id),
            description=values.get("description", ""),
            finding_id=int(finding) if finding else None,
            lead_agency=values.get("lead_agency") or "",
            owner=values.get("owner", ""),
            subgroup=values.get("subgroup", ""),
            target_date=target,
            success_measure=values.get("success_measure", ""),
            monitoring=values.get("monitoring", ""),
            status=values.get("status") or ActionStatus.OPEN,
            agreed=bool(values.get("agreed")),
        )
        return Action.model_validate(base)


class EscalationForm(CaptureForm, model=Escalation):
    """A case-specific issue needing urgent action now."""

    heading = "Raise an escalation"
    first_choice_field = "route"
    main_field = "description"

    def compose_fields(self) -> ComposeResult:
        yield _field("Issue", "description", PlainTextArea(placeholder="what needs urgent action…"))
        yield _field(
            "Raised by",
            "raised_by",
            SpeakerPicker(
                self.context.participants,
                agency_names=self.context.agency_names,
                placeholder="type part of a name or role",
            ),
        )
        yield _field("Escalate to (role and agency)", "escalate_to", Input())
        yield _field(
            "Route", "route", _radio_set((r.value, r.value.capitalize()) for r in EscalationRoute)
        )
        yield _field("Immediate risk", "immediate_risk", Switch())
        yield _field("Due", "due", Input(placeholder="dd/mm/yyyy"))
        yield _field(
            "Status",
            "status",
            Select([(s.value, s.value) for s in EscalationStatus], allow_blank=False),
        )
        yield _field("Outcome", "outcome", Input())

    def item_values(self, item: Capture) -> dict[str, Any]:
        assert isinstance(item, Escalation)
        names = self.context.agency_names
        speaker = next(
            (
                p.id
                for p in self.context.participants
                # recorded with the agency's name, or (before it was) with its key
                if item.raised_by in {participant_label(p, names), participant_label(p)}
            ),
            None,
        )
        return {
            "description": item.description,
            "raised_by": speaker,
            "raised_by_text": "" if speaker is not None else item.raised_by,
            "escalate_to": item.escalate_to,
            "route": item.route.value,
            "immediate_risk": item.immediate_risk,
            "due": format_date(item.due),
            "status": item.status.value,
            "outcome": item.outcome,
        }

    def build(self, values: dict[str, Any]) -> Escalation:
        errors: dict[str, str] = {}
        due = _optional_date(values, "due", errors)
        if errors:
            raise FieldErrors(errors)
        base = self.item.model_dump() if isinstance(self.item, Escalation) else {}
        picker = self.query_one("#f-raised_by", SpeakerPicker)
        person = picker.picked()
        raised_by = picker.label(person) if person else str(values.get("raised_by_text") or "")
        base.update(
            kloe_id=base.get("kloe_id", self.context.kloe_id),
            description=values.get("description", ""),
            raised_by=raised_by.strip(),
            escalate_to=values.get("escalate_to", ""),
            route=values.get("route") or EscalationRoute.MANAGERIAL,
            immediate_risk=bool(values.get("immediate_risk")),
            due=due,
            status=values.get("status") or EscalationStatus.OPEN,
            outcome=values.get("outcome", ""),
        )
        return Escalation.model_validate(base)


class DecisionForm(CaptureForm, model=Decision):
    """What the room decided and who decided it: never saved without a name."""

    heading = "Record a decision"
    main_field = "text"

    def compose_fields(self) -> ComposeResult:
        # As for a perspective: who, Enter, then what was decided, ctrl+s.
        yield _field(
            "Decided by",
            "speaker",
            SpeakerPicker(self.context.participants, agency_names=self.context.agency_names),
            "a participant, or a name as said (the panel, the chair)",
        )
        yield _field("What was decided", "text", PlainTextArea(placeholder="the decision…"))

    def item_values(self, item: Capture) -> dict[str, Any]:
        assert isinstance(item, Decision)
        return {
            "speaker": item.participant_id,
            "speaker_text": item.speaker_name if item.participant_id is None else "",
            "text": item.text,
        }

    def build(self, values: dict[str, Any]) -> Decision:
        speaker = values.get("speaker")
        typed = str(values.get("speaker_text") or "").strip()
        if speaker is None and not typed:
            # Never put down to "the room" without a word: the note-taker names someone.
            raise FieldErrors(
                {"speaker": "Who decided? Pick a participant or type a name (the panel)."}
            )
        base = self.item.model_dump() if isinstance(self.item, Decision) else {}
        base.update(
            kloe_id=base.get("kloe_id", self.context.kloe_id),
            participant_id=speaker,
            speaker_name="" if speaker is not None else typed,
            text=values.get("text", ""),
        )
        return Decision.model_validate(base)


FORMS: dict[str, type[CaptureForm]] = {k.kind: _FORM_OF_MODEL[k.model] for k in CAPTURE_KINDS}
"""Every kind's form, by the kind's name (built from ``domain.capture_kinds``: a kind
without a form fails here, at import)."""


def draft_preview(draft: Draft) -> str:
    """A line describing a draft: its form, when, and the start of its text."""
    text = ""
    try:
        value = draft.payload.get(capture_kind(draft.form).text_field)
    except ValueError:  # a draft of a form this version does not know
        value = None
    if isinstance(value, str) and value.strip():
        text = value
    when = f" from {draft.updated_at:%H:%M}" if draft.updated_at else ""
    quoted = f': "{shorten(text, 50)}"' if text else ""
    return f"an unfinished {draft.form}{when}{quoted}"


class ArrivalDialog(AppModal):
    """Offer to add a speaker not on the list as a participant, present, arrived now.

    Returns the role typed (possibly empty) to add them, or None to leave the words
    attributed to the name as typed.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "not_now", "Not now"),
    ]

    def __init__(self, name: str, arrived: dt.datetime) -> None:
        super().__init__(classes="dialog")
        self.speaker = name
        self.arrived = arrived

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label("Add to the participants?", classes="dialog-title")
            yield Static(
                plain(
                    f"{self.speaker} is not on the participant list. Add them as present, "
                    f"arrived {self.arrived:%H:%M}? Saved either way, with their name."
                ),
                classes="dialog-question",
            )
            yield Input(placeholder="their role (optional), e.g. Social Worker", id="arrival-role")
            yield Static("Enter add · Esc not now", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#arrival-role", Input).focus()

    @on(Input.Submitted)
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_not_now(self) -> None:
        """Leave the speaker off the list; the capture keeps their name."""
        self.dismiss(None)


class DraftOfferDialog(AppModal):
    """Offer a draft back: reopen it (Enter), discard it (d) or keep it for later (Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the choice is made as the key is read, before the keys typed after it.
        Binding("enter,r", "choose('reopen')", "Reopen", priority=True),
        Binding("d", "choose('discard')", "Discard", priority=True),
        Binding("escape", "choose('later')", "Later", priority=True),
    ]

    def __init__(self, draft: Draft) -> None:
        super().__init__(classes="dialog")
        self.draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label("Unfinished capture kept", classes="dialog-title")
            yield Static(
                f"There is {draft_preview(self.draft)}. It was saved as you typed.",
                classes="dialog-question",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Static("Enter reopen · d discard · Esc later", classes="dialog-hint")

    def action_choose(self, choice: str) -> None:
        """Close with the choice made; the words typed after Enter wait for the form."""
        if choice == "reopen":
            self.workshop_app.key_hold.hold_until(lambda screen: isinstance(screen, CaptureForm))
        self.dismiss(choice)
