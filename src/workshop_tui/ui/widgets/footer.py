"""Textual's footer, drawn the same, at a fraction of the cost.

Textual rebuilds the whole footer (removes every key and mounts new ones, each styled
afresh) whenever the screen's bindings may have changed: on every change of focus, and
each time a screen calls ``refresh_bindings``. Most of those times the keys shown are
the same; rebuilding them was about a third of the cost of opening a form. This footer
rebuilds only when what it would show changed.

A new key's ``compact`` setting (and its ``-compact`` class) is also given before it is
mounted, instead of being set twice after (Textual's default, then the footer's): each of
those restyled the key.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

PALETTE_KEY_COMPACT = True
"""FooterKey's own default for ``compact``, which the palette's key (not bound to the
footer's) keeps."""


class Footer(TextualFooter):
    """The footer, rebuilt only when the keys it shows change."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: Hashable = None
        """What the keys were built from (see ``_what_to_show``); None before the first."""

    def _what_to_show(self) -> Hashable:
        """Everything ``compose`` reads to build the keys (so equal means identical keys)."""
        app = self.app
        bindings = self.screen.active_bindings
        shown = tuple(
            (binding, enabled, tooltip, app.get_key_display(binding))
            for (_, binding, enabled, tooltip) in bindings.values()
            if binding.show
        )
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = bindings.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _, binding, enabled, tooltip = found
                palette = (binding, enabled, tooltip, app.get_key_display(binding))
        return shown, palette

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._what_to_show()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # A key bound to the footer's ``compact`` gets it on mount; the others
                # (the palette's) keep FooterKey's own default.
                bound = "compact" in (widget._reactive_connect or {})
                compact: bool = self.compact if bound else PALETTE_KEY_COMPACT
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._what_to_show() == self._shown:
            return
        await self.recompose()
