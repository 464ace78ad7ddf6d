"""Pick who is speaking by typing part of their name, role or agency."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workshop_tui.domain.models import Participant
from workshop_tui.domain.speakers import rank_participants
from workshop_tui.ui.format import plain
from workshop_tui.ui.widgets.fields import show_controls


def participant_label(
    participant: Participant, agency_names: Mapping[str, str] | None = None
) -> str:
    """``Name (Role, Agency name)``, leaving out what is empty.

    ``agency_names`` maps the review's agency keys to their names; an agency that
    is free text (someone from outside the review's agencies) is shown as typed.
    """
    agency = (agency_names or {}).get(participant.agency, participant.agency)
    detail = ", ".join(part for part in (participant.role, agency) if part)
    return f"{participant.name} ({detail})" if detail else participant.name


def match_participants(
    participants: list[Participant], text: str, agency_names: Mapping[str, str] | None = None
) -> list[Participant]:
    """Participants matching every typed word, best first (see ``rank_participants``)."""
    return rank_participants(participants, text, agency_names)


class SpeakerPicker(Vertical):
    """An Input filtering an OptionList of participants; the highlighted one is picked.

    Typing narrows the list and picks the best match; Up and Down move the pick;
    Enter moves on to the next field. An empty filter means nobody in particular.
    A name typed that is not on the list is kept as typed: it is picked when nobody
    matches, and offered as the last option (Down to it) when somebody does.
    """

    DEFAULT_CSS = """
    SpeakerPicker { height: auto; }
    SpeakerPicker OptionList { max-height: 5; height: auto; }
    SpeakerPicker .picked { color: $text-muted; height: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next person", show=False),
        Binding("up", "move(-1)", "Previous person", show=False),
        # A priority binding runs as the key is read, so focus has moved before the
        # next key arrives: "jo", Enter, then the words typed at once all land right.
        Binding("enter", "next_field", "Next field", show=False, priority=True),
    ]

    participant_id: reactive[int | None] = reactive(None, init=False)
    """The picked participant's id, or None."""

    class Changed(Message):
        """The picked participant changed."""

        def __init__(self, picker: SpeakerPicker, participant_id: int | None) -> None:
            super().__init__()
            self.picker = picker
            self.participant_id = participant_id

        @property
        def control(self) -> SpeakerPicker:
            return self.picker

    def __init__(
        self,
        participants: list[Participant],
        *,
        agency_names: Mapping[str, str] | None = None,
        placeholder: str = "type part of a name or role",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.participants = participants
        self.agency_names = dict(agency_names or {})
        self.placeholder = placeholder
        self._matches: list[Participant] = []
        self._filtered: str | None = None
        """The filter text the list was last filtered by."""

    def compose(self) -> ComposeResult:
        # Not selected on focus: coming back to the field, the next key must not
        # silently wipe the chosen speaker.
        yield show_controls(
            Input(
                placeholder=self.placeholder,
                classes="speaker-filter",
                compact=True,
                select_on_focus=False,
            )
        )
        yield OptionList(classes="speaker-options", compact=True)
        yield Static("", classes="picked")

    def on_mount(self) -> None:
        # Tab goes from the filter straight to the next field; the list follows the typing.
        self.query_one(OptionList).can_focus = False
        self._refilter("")

    @property
    def filter_text(self) -> str:
        return self.query_one(Input).value

    @property
    def typed_name(self) -> str:
        """A speaker not on the list, as typed: the filter text when nobody is picked."""
        return self.filter_text.strip() if self.participant_id is None else ""

    def set_value(self, participant_id: int | None, text: str = "") -> None:
        """Restore a pick (from a draft or an item being edited).

        With no ``participant_id`` and some ``text``, the text is a speaker not on the
        list and stays so, even if it matches somebody now.
        """
        if participant_id is not None and not text:
            person = self._by_id(participant_id)
            text = person.name if person else ""
        field = self.query_one(Input)
        with field.prevent(Input.Changed):
            field.value = text
            field.cursor_position = len(text)
        self._refilter(text, keep=participant_id, as_typed=participant_id is None)

    def picked(self) -> Participant | None:
        """The participant picked, if any."""
        return self._by_id(self.participant_id) if self.participant_id is not None else None

    def focus(self, scroll_visible: bool = True) -> SpeakerPicker:
        self.query_one(Input).focus(scroll_visible)
        return self

    def label(self, participant: Participant) -> str:
        """How ``participant`` is shown and recorded: name, role and agency name."""
        return participant_label(participant, self.agency_names)

    def _by_id(self, participant_id: int | None) -> Participant | None:
        return next((p for p in self.participants if p.id == participant_id), None)

    def settle(self) -> None:
        """Filter the list now if the filter's text changed since it was last filtered.

        The list follows the text through the field's Changed message, which the picker
        handles after the field has taken the keys: in a burst (``dev`` Enter words
        ctrl+s) the form can be read in between, and would find the name as typed and
        nobody picked. A form calls this before it reads the pick.
        """
        if self.is_mounted and self.filter_text != self._filtered:
            self._refilter(self.filter_text)

    def _refilter(self, text: str, keep: int | None = None, *, as_typed: bool = False) -> None:
        self._filtered = text
        self._matches = match_participants(self.participants, text, self.agency_names)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            [
                Option(plain(f"{self.label(p)} · {p.attendance}", one_line=True, limit=76))
                for p in self._matches
            ]
        )
        typed = text.strip()
        if typed:
            options.add_option(
                Option(
                    plain(f"+ {typed}: not on the list, keep as typed", one_line=True, limit=76),
                    id="typed",
                )
            )
        index: int | None = None
        if keep is not None:
            index = next((i for i, p in enumerate(self._matches) if p.id == keep), None)
        elif typed and (as_typed or not self._matches):
            index = len(self._matches)
        elif typed:
            index = 0
        options.highlighted = index
        on_list = index is not None and index < len(self._matches)
        self._set_pick(self._matches[index].id if on_list and index is not None else None)

    def _set_pick(self, participant_id: int | None) -> None:
        self.participant_id = participant_id
        person = self.picked()
        if person is not None:
            shown = f"Speaker: {self.label(person)}"
        elif self.typed_name:
            shown = f"Speaker: {self.typed_name} (not on the list; kept as typed)"
        else:
            shown = "Speaker: nobody in particular (the room)"
        self.query_one(".picked", Static).update(plain(shown, one_line=True))
        self.post_message(self.Changed(self, participant_id))

    @on(Input.Changed, ".speaker-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value != self._filtered:  # not already filtered by ``settle``
            self._refilter(event.value)

    def action_next_field(self) -> None:
        """Keep the pick and go on to the next field."""
        self.screen.focus_next()

    @on(OptionList.OptionHighlighted)
    def _option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index is None:
            return
        picked = (
            self._matches[event.option_index].id
            if event.option_index < len(self._matches)
            else None
        )
        if picked != self.participant_id or picked is None:
            self._set_pick(picked)

    @on(OptionList.OptionSelected)
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        self._set_pick(self._matches[index].id if index < len(self._matches) else None)
        self.query_one(Input).focus()
        self.screen.focus_next()

    def action_move(self, step: int) -> None:
        """Move the pick up or down the list (the last option keeps the name as typed)."""
        options = self.query_one(OptionList)
        count = options.option_count
        if not count:
            return
        current = options.highlighted
        index = 0 if current is None else max(0, min(count - 1, current + step))
        options.highlighted = index
