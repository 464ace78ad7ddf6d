"""Tag a finding with themes from the register: type to filter, Space to toggle."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workshop_tui.domain.themes import canonical_theme, filter_themes, in_register
from workshop_tui.ui.format import plain


class ThemeList(OptionList):
    """The register's themes, narrowed by the letters typed; Space ticks the highlighted
    one. Letters never go anywhere else: the filter is the list's own, so nothing typed
    here can land in another field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick / untick theme", show=False),
        Binding("backspace", "unfilter", "Delete a filter letter", show=False),
        # Priority, as the speaker picker's: focus has moved before the next key is read.
        Binding("enter", "next_field", "Next field", show=False, priority=True),
    ]

    def on_key(self, event: events.Key) -> None:
        picker = self.parent
        if not isinstance(picker, ThemePicker):
            return
        character = event.character
        if event.key == "escape" and picker.filter_text:
            event.stop()
            event.prevent_default()
            picker.set_filter("")
        elif character and character.isprintable() and not character.isspace():
            event.stop()
            event.prevent_default()
            picker.set_filter(picker.filter_text + character)

    def action_tick(self) -> None:
        """Tick or untick the highlighted theme."""
        picker = self.parent
        if isinstance(picker, ThemePicker) and self.highlighted is not None:
            option = self.get_option_at_index(self.highlighted)
            if option.id is not None:
                picker.toggle(picker.theme_of(option.id))

    def action_unfilter(self) -> None:
        """Take the last letter off the filter."""
        picker = self.parent
        if isinstance(picker, ThemePicker):
            picker.set_filter(picker.filter_text[:-1])

    def action_next_field(self) -> None:
        """Keep the ticks and go on to the next field."""
        self.screen.focus_next()


class ThemePicker(Vertical):
    """The themes of a finding, picked from the register (``domain.themes``).

    Focus it and type a few letters (``voice``, ``da``) to narrow the list, Up and
    Down to move, Space to tick or untick, Backspace to take a letter off the filter,
    Esc to clear it, Enter (or Tab) to move on. A theme the finding already has that
    is not in the register (typed before it existed) stays ticked and is listed, marked
    so; unticking it is the only way it goes.
    """

    DEFAULT_CSS = """
    ThemePicker { height: auto; }
    ThemePicker ThemeList { height: auto; max-height: 6; }
    ThemePicker .theme-chosen { color: $text-muted; height: auto; padding: 0 1; }
    ThemePicker .theme-filter { height: 1; padding: 0 1; color: $text-secondary; }
    """

    class Changed(Message):
        """The ticked themes changed."""

        def __init__(self, picker: ThemePicker, themes: list[str]) -> None:
            super().__init__()
            self.picker = picker
            self.themes = themes

        @property
        def control(self) -> ThemePicker:
            return self.picker

    def __init__(self, register: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.register = tuple(register)
        self.chosen: list[str] = []
        self.filter_text = ""
        self._shown: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", classes="theme-filter")
        yield ThemeList(compact=True)
        yield Static("", classes="theme-chosen")

    def on_mount(self) -> None:
        self._refresh_list()

    @property
    def themes(self) -> list[str]:
        """Every theme offered: the register, then any ticked theme not in it."""
        others = [t for t in self.chosen if not in_register(t, self.register)]
        return [*self.register, *others]

    def theme_of(self, option_id: str) -> str:
        """The theme an option stands for (its id is its position in ``themes``)."""
        return self.themes[int(option_id)]

    def set_value(self, themes: Iterable[str] | str | None) -> None:
        """Tick exactly ``themes`` (from a draft, which may hold the old comma-separated
        text, or from the finding being edited), each in the register's spelling."""
        if isinstance(themes, str):
            themes = [part for part in themes.split(",")]
        chosen: list[str] = []
        for name in themes or ():
            theme = canonical_theme(str(name), self.register)
            if theme and theme not in chosen:
                chosen.append(theme)
        self.chosen = chosen
        if self.is_mounted:
            self._refresh_list()

    def toggle(self, theme: str) -> None:
        """Tick ``theme`` if it is not ticked, else untick it."""
        if theme in self.chosen:
            self.chosen.remove(theme)
        else:
            self.chosen.append(theme)
        self._refresh_list(keep=theme)
        self.post_message(self.Changed(self, list(self.chosen)))

    def set_filter(self, text: str) -> None:
        """Show only the themes matching ``text`` (``domain.themes.filter_themes``)."""
        self.filter_text = text
        self._refresh_list()

    def focus(self, scroll_visible: bool = True) -> ThemePicker:
        self.query_one(ThemeList).focus(scroll_visible)
        return self

    def _refresh_list(self, keep: str | None = None) -> None:
        themes = self.themes
        self._shown = filter_themes(themes, self.filter_text)
        options = self.query_one(ThemeList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([self._option(themes.index(t), t) for t in self._shown])
        if keep is not None and keep in self._shown:
            options.highlighted = self._shown.index(keep)
        elif self._shown:
            same = highlighted if highlighted is not None and keep is not None else 0
            options.highlighted = min(same, len(self._shown) - 1)
        filter_line = self.query_one(".theme-filter", Static)
        if self.filter_text:
            found = f"{len(self._shown)} match" if self._shown else "no theme matches"
            filter_line.update(plain(f"Filter: {self.filter_text} ({found}; Esc clears)"))
        else:
            filter_line.update("Type to filter · Space ticks · Enter next field")
        chosen = ", ".join(self.chosen) if self.chosen else "none"
        self.query_one(".theme-chosen", Static).update(plain(f"Ticked: {chosen}"))

    def _option(self, index: int, theme: str) -> Option:
        mark = "[x] " if theme in self.chosen else "[ ] "
        prompt = Text(mark)
        prompt.append_text(plain(theme, one_line=True, limit=70))
        if not in_register(theme, self.register):
            prompt.append(" (not in the register)", style="italic")
        return Option(prompt, id=str(index))
