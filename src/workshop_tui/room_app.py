"""The room view's application: one read-only screen that follows the chair.

Built by :func:`workshop_tui.app.make_app` when it is given a :class:`Room` (a database
opened read-only) instead of a repository, as ``workshop-tui room REF`` does. It has
no other screen, no command palette and no key that writes, so nothing typed at the
room's terminal can open the note-taker's forms or change the review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from workshop_tui.domain.clock import Clock, system_clock
from workshop_tui.resources import styles_dir
from workshop_tui.services.room import RoomServices
from workshop_tui.ui.screens.room import RoomScreen

if TYPE_CHECKING:
    from workshop_tui.services.room import Room

    def _fits_the_screen(app: RoomApp) -> object:
        from workshop_tui.ui.screens.room import RoomHost

        host: RoomHost = app  # mypy checks the app has what the room screen uses
        return host


LIGHT_THEME = "textual-light"
"""For a projector: dark text on a light background carries across a room."""
DARK_THEME = "textual-dark"


def _style_paths() -> list[str]:
    folder = styles_dir()
    return [str(folder / name) for name in ("app.tcss", "room.tcss") if (folder / name).is_file()]


class RoomApp(App[None]):
    """The room view of one review: read-only, following the chair's instance."""

    TITLE = "workshop-tui room view"
    CSS_PATH = _style_paths()  # type: ignore[assignment]  # list[str] is accepted
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, room: Room, reference: str, *, clock: Clock = system_clock) -> None:
        super().__init__()
        self.services = RoomServices(room, clock)
        """The room's use cases: following one review read-only."""
        self.clock = clock
        self.reference = reference
        self.theme = LIGHT_THEME

    def get_default_screen(self) -> Screen[None]:
        return RoomScreen(self.reference)

    def action_toggle_light(self) -> None:
        """Light theme (projectors) or dark."""
        self.theme = DARK_THEME if self.theme == LIGHT_THEME else LIGHT_THEME
