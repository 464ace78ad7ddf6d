"""The command palette: what can be done from where you are.

Context-aware, after darrenburns/posting's ``commands.py``: every key binding
active on the calling screen (its own, its focused widget's and the app's)
becomes a command, a screen may add its own (``palette_commands``), and the
reviews in the database can be opened by reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from workshop_tui.domain.display import visible

PaletteCommand = tuple[str, str, Callable[[], Any]]
"""(title, help, callback) for the palette."""


@runtime_checkable
class HasPaletteCommands(Protocol):
    """A screen that offers commands beyond its key bindings."""

    def palette_commands(self) -> list[PaletteCommand]: ...


def key_label(key: str, key_display: str | None = None) -> str:
    """A key as the help and the palette write it: ``f1`` -> ``F1``, ``escape`` -> ``Esc``,
    ``question_mark`` -> ``?`` (``ctrl+s`` stays ``ctrl+s``)."""
    if key_display:
        return key_display
    names = {
        "question_mark": "?",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "enter": "Enter",
        "escape": "Esc",
        "delete": "Del",
    }
    parts = []
    for part in key.split("+"):
        if part in names:
            parts.append(names[part])
        elif len(part) > 1 and part[0] == "f" and part[1:].isdigit():
            parts.append(part.upper())
        else:
            parts.append(part)
    return "+".join(parts)


class ReviewCommands(Provider):
    """Commands for the screen the palette was opened from."""

    def _commands(self) -> Iterator[PaletteCommand]:
        screen = self.screen
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or not active.enabled or binding.system:
                continue
            if binding.action in {"command_palette"}:
                continue
            title = binding.description
            if binding.action in seen:
                continue
            seen.add(binding.action)
            yield (
                title,
                f"key: {key_label(key, binding.key_display)}",
                partial(self.app.run_action, binding.action, active.node),
            )
        if isinstance(screen, HasPaletteCommands):
            yield from screen.palette_commands()
        services = getattr(self.app, "services", None)
        open_review = getattr(self.app, "open_review", None)
        if services is not None and open_review is not None:
            for review in services.reviews.list_reviews():
                yield (
                    f"Open review {review.reference}",
                    review.title,
                    partial(open_review, review),
                )

    def _shown(self) -> Iterator[PaletteCommand]:
        # Titles and help may hold a review's or a KLOE's text: one line, controls made
        # visible, short enough to match quickly; never parsed as markup.
        for title, help_text, callback in self._commands():
            yield (
                visible(title, one_line=True, limit=PALETTE_WIDTH),
                visible(help_text, one_line=True, limit=PALETTE_WIDTH),
                callback,
            )

    async def discover(self) -> Hits:
        for title, help_text, callback in self._shown():
            yield DiscoveryHit(Content(title), callback, help=escape_markup(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._shown():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, title),
                    callback,
                    text=title,
                    help=escape_markup(help_text),
                )
        search_reviews = getattr(self.app, "action_search", None)
        if search_reviews is not None and query.strip():
            # Whatever was typed, last: look for it in every review (the Search screen).
            title = f"Search every review for: {visible(query, one_line=True, limit=60)}"
            yield Hit(
                0.01,
                Content(title),
                partial(search_reviews, query),
                text=title,
                help="key: F8",
            )


PALETTE_WIDTH = 100
"""The most characters of a command's title or help the palette shows and matches."""


def highlight(matcher: Matcher, title: str) -> Content:
    """``title`` with the matched letters styled, as ``Matcher.highlight`` does, except
    that the title is text, never markup (a KLOE called ``[/x]`` is shown as typed)."""
    content = Content(title)
    _, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def escape_markup(text: str) -> str:
    """``text`` as Textual markup that shows it as typed (for an API that takes only markup).

    Every ``[`` is escaped: ``textual.markup.escape`` leaves ``[Bold]`` and ``[$x]``
    as tags and variables.
    """
    return text.replace("[", "\\[")
