"""A one-line choice for a filter bar, far lighter than Textual's ``Select``.

``Select`` builds its drop-down (an overlay with an ``OptionList``) with every instance,
whether or not it is ever opened: three of them cost the chronology screen about a
third of its time to first paint. A :class:`Chooser` is one line of text; the list
(:class:`ChooserList`) is built only when the user opens it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Offset
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget

from workshop_tui.domain.display import visible

if TYPE_CHECKING:
    from textual.widgets import OptionList

ValueT = TypeVar("ValueT", bound=Hashable)

ARROW = " ▼"
LABEL_LIMIT = 200
"""The most characters of a choice's label shown (a title may be a page long)."""


class Chooser(Generic[ValueT], Widget, can_focus=True):
    """Shows the chosen option; Enter (or a click) opens the list, Left / Right step through it.

    The first choice is the prompt (say, "All agencies"), whose value is None.
    """

    DEFAULT_CSS = """
    Chooser {
        width: 24;
        height: 1;
        padding: 0 1 0 0;
        background: $surface;
        color: $foreground;
        &.-blank { color: $text-muted; }
        &:focus {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,down", "open", "Choose", id="chooser-open"),
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right", "step(1)", "Next", show=False),
    ]

    class Changed(Message):
        """The choice changed (``value`` is None for the prompt)."""

        def __init__(self, chooser: Chooser[Any], value: Any) -> None:
            self.chooser = chooser
            self.value = value
            super().__init__()

        @property
        def control(self) -> Chooser[Any]:
            return self.chooser

    def __init__(
        self,
        options: Sequence[tuple[str, ValueT]],
        *,
        prompt: str,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """
        Args:
            options: (label, value) for each choice besides the prompt.
            prompt: The label of "no choice" (value None), shown first.
            id: The widget's id.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        # Labels may be an agency's name or a KLOE's title: one line, controls visible.
        self._labels = [
            visible(label, one_line=True, limit=LABEL_LIMIT)
            for label in (prompt, *(label for label, _ in options))
        ]
        self._values: list[ValueT | None] = [None, *(value for _, value in options)]
        self._index = 0
        self.set_class(True, "-blank", update=False)

    @property
    def index(self) -> int:
        """The chosen choice (0 is the prompt)."""
        return self._index

    @index.setter
    def index(self, index: int) -> None:
        index = max(0, min(index, len(self._labels) - 1))
        if index == self._index:
            return
        self._index = index
        self.set_class(index == 0, "-blank")
        self.refresh()
        self.post_message(self.Changed(self, self._values[index]))

    @property
    def value(self) -> ValueT | None:
        """The chosen value, or None for the prompt."""
        return self._values[self._index]

    @value.setter
    def value(self, value: ValueT | None) -> None:
        try:
            self.index = self._values.index(value)
        except ValueError:
            raise ValueError(f"{value!r} is not one of the choices") from None

    @property
    def label(self) -> str:
        """The chosen choice's label."""
        return self._labels[self._index]

    def clear(self) -> None:
        """Back to the prompt."""
        self.index = 0

    def render(self) -> Content:
        room = max(0, self.content_size.width - len(ARROW))
        return Content(self.label).truncate(room, ellipsis=True, pad=True) + ARROW

    def action_step(self, step: int) -> None:
        """The previous or next choice, round and round."""
        self.index = (self._index + step) % len(self._labels)

    def action_open(self) -> None:
        """Open the list of choices under the chooser."""
        region = self.region
        below = Offset(region.x, region.bottom)

        def chosen(index: int | None) -> None:
            if index is not None:
                self.index = index

        self.app.push_screen(
            ChooserList(self._labels, self._index, at=below, min_width=region.width), chosen
        )

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_open()


class ChooserList(ModalScreen[int | None]):
    """The list of a :class:`Chooser`'s choices, dropped down under it.

    Dismisses with the chosen index, or None (Esc, or a click outside the list).
    """

    DEFAULT_CSS = """
    ChooserList {
        background: transparent;
        align: left top;
        & > OptionList {
            width: auto;
            height: auto;
            max-height: 14;
            border: tall $border;
            background: $surface;
            padding: 0;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="chooser-cancel"),
    ]

    FRAME = 4
    """Cells around a label: the border and the scrollbar's room."""

    def __init__(self, labels: Sequence[str], index: int, *, at: Offset, min_width: int) -> None:
        super().__init__()
        self._labels = list(labels)
        self._start = index
        self._at = at
        self._min_width = min_width

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList  # only once a list is opened

        options = OptionList(*(Content(label) for label in self._labels))  # never markup
        options.highlighted = self._start
        # Under the chooser, moved left if the longest label would go past the screen's
        # right edge (a label wider than the screen wraps).
        screen_width = self.app.size.width
        width = max(self._min_width, max(map(cell_len, self._labels)) + self.FRAME)
        x = max(0, min(self._at.x, screen_width - width))
        options.styles.offset = (x, self._at.y)
        options.styles.min_width = self._min_width
        options.styles.max_width = screen_width
        yield options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def on_click(self, event: events.Click) -> None:
        if event.widget is self:  # outside the list
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
